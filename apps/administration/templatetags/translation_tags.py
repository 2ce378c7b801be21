"""The translation summary on the PA home (`{% translation_summary %}`)."""

from collections import Counter

from django import template

from apps.translations import selectors, workspace
from apps.translations.models import State

register = template.Library()


@register.inclusion_tag("administration/translations/_home_summary.html", takes_context=True)
def translation_summary(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("translations.view_coverage"):
        return {"show": False}
    per_language: dict[str, dict] = {}
    for row in selectors.coverage_table(workspace.scope_q(user)):
        entry = per_language.setdefault(row.language, {"counts": Counter(), "words": 0})
        entry["counts"].update(row.counts)
        entry["words"] += row.words_left
    languages = []
    for code, entry in per_language.items():
        total = sum(entry["counts"].values())
        done = entry["counts"][State.TRANSLATED.value] + entry["counts"][State.REVIEWED.value]
        languages.append(
            {
                "code": code,
                "percent": round(100 * done / total) if total else 0,
                "outdated": entry["counts"][State.OUTDATED.value],
                "words": entry["words"],
            }
        )
    return {"show": True, "languages": languages, "perms": context.get("perms")}
