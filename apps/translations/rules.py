"""Who may translate and review which language of which item.

A `Target` is one language of one content item (for a step or link: its process).
Translating needs the content permission `content.translate_item` and, for a translator
whose membership is limited (external translators), that the language is one of theirs
(regions are limited by content's own predicates). Reviewing: a PA translator of the item
(within their languages) or a PA admin of the item; that the reviewer is not the
translator is checked by the service, which knows who translated.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import rules

from apps.accounts.rules import is_pa_admin, is_pa_editor, is_pa_translator
from apps.content.rules import (
    can_translate,
    is_pa_admin_of,
    is_pa_translator_of,
    translatable_languages,
)


@dataclass(frozen=True)
class Target:
    item: Any  # a ContentItem
    language: str


def _in_languages(user, target: Target) -> bool:
    if target.language == target.item.source_language:
        return False
    limit = translatable_languages(user, target.item)
    return limit is None or target.language in limit


@rules.predicate
def may_translate(user, target: Target | None) -> bool:
    return target is not None and can_translate(user, target.item) and _in_languages(user, target)


@rules.predicate
def may_review(user, target: Target | None) -> bool:
    if target is None or target.language == target.item.source_language:
        return False
    if is_pa_admin_of(user, target.item):
        return True
    return is_pa_translator_of(user, target.item) and _in_languages(user, target)


# Without an object: the translator's workspace (queue, editor, coverage).
rules.add_perm("translations.use_workspace", is_pa_translator | is_pa_editor | is_pa_admin)
rules.add_perm("translations.view_coverage", is_pa_translator | is_pa_editor | is_pa_admin)
rules.add_perm("translations.invite_translators", is_pa_admin)
# With a Target (one language of one item).
rules.add_perm("translations.translate", may_translate)
rules.add_perm("translations.review", may_review)
