"""Presentation helpers of the PA authoring screens (no queries)."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from apps.content.services import column
from apps.core.languages import languages_enabled


def enabled_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def title_coverage(obj) -> list[str]:
    """Enabled languages in which the item has a title (no query)."""
    field = getattr(type(obj), "TITLE_FIELD", "name")
    return [lang for lang in enabled_languages() if getattr(obj, column(field, lang), "")]


def change_label(model, key: str) -> str:
    """A readable name for a changed field of a revision diff: "title_ar" -> "title (ar)",
    "steps.12.cost_de" -> "step 12 · cost (de)", "links.3.label_en" -> "step link 3 · label
    (en)". Only verbose names the models already translate are used."""
    from apps.content.models import Step, StepLink

    parts = key.split(".")
    prefix = ""
    if parts[0] in ("steps", "links") and len(parts) >= 2:
        owner = Step if parts[0] == "steps" else StepLink
        prefix = f"{owner._meta.verbose_name} {parts[1]} · "
        if len(parts) == 2:
            return prefix.rstrip(" ·")
        model, key = owner, parts[2]
    for code in enabled_languages():
        suffix = "_" + code.replace("-", "_")
        if key.endswith(suffix):
            return f"{prefix}{_verbose(model, key[: -len(suffix)])} ({code})"
    return f"{prefix}{_verbose(model, key)}"


def _verbose(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - a field of an older model version: show its name
        return name


# What a language tab says about the text in that language.
TAB_STATES = {
    "source": _("source language"),
    "missing": _("missing"),
    "outdated": _("outdated"),
    "done": _("done"),
    "machine": _("machine translated"),
    "in_translation": _("in translation"),
}


def tab_state(*, code: str, source: str, covered: bool, state: str | None) -> str:
    """source, missing, outdated, done, machine or in_translation: the translation state of
    the workflow where it says more than "missing", else whether there is a text at all."""
    if code == source:
        return "source"
    if state in ("outdated", "machine", "in_translation"):
        return state
    if state == "translated" or covered:
        return "done"
    return "missing"


def language_tabs(
    obj, *, source: str, current: str, covered: list[str], states: dict[str, str], editable
) -> list[dict]:
    """The language bar: native name, direction and state of every enabled language
    (no query: `states` comes from translations.selectors.states_for)."""
    tabs = []
    for language in languages_enabled():
        code = language.code
        key = tab_state(code=code, source=source, covered=code in covered, state=states.get(code))
        tabs.append(
            {
                "code": code,
                "name": language.name_local,
                "dir": language.direction,
                "current": code == current,
                "covered": code in covered,
                "editable": editable(code),
                "state": key,
                "state_label": TAB_STATES[key],
            }
        )
    return tabs
