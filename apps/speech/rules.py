import rules

from apps.accounts.rules import is_pa_member

# The audio coverage page of the PA app: every member of a public administration.
rules.add_perm("speech.view_coverage", is_pa_member)
