import rules

from apps.accounts.rules import is_pa_admin, is_pa_editor, is_pa_translator

# The audio coverage page of the PA app: those who write, translate and publish texts.
rules.add_perm("speech.view_coverage", is_pa_admin | is_pa_editor | is_pa_translator)
