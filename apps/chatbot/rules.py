"""Who may read what the bot could not answer: PA admins and editors (of their region and
the regions below it, see selectors.unanswered_list)."""

import rules

from apps.accounts.rules import is_pa_admin, is_pa_editor

rules.add_perm("chatbot.view_unanswered", is_pa_admin | is_pa_editor)
