"""Permissions of the PA app that are not about one content item.

Item permissions (edit, translate, publish ...) live in apps/content/rules.py.
"""

import rules

from apps.accounts.rules import is_pa_admin, is_pa_editor, is_pa_translator

# The moderation queue: PA admins publish or send back items in review.
rules.add_perm("administration.moderate", is_pa_admin)
# "Was this helpful?" answers of migrants: PA admins and editors improve the pages.
rules.add_perm("administration.view_feedback", is_pa_admin | is_pa_editor)
# Exchange files and machine pre-translation: PA admins, editors and translators (each
# item is still checked with content.translate_item).
rules.add_perm(
    "administration.exchange_translations", is_pa_admin | is_pa_editor | is_pa_translator
)
