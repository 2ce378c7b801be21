"""Presentation helpers of the PA authoring screens (no queries)."""

from django.conf import settings

from apps.content.services import column


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
