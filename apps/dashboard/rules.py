"""Permissions of the migration dashboard.

`dashboard.view_internal` and `dashboard.import_data` are declared with the
other role permissions in apps/accounts/rules.py.
"""

import rules

from apps.accounts.rules import is_pa_admin, is_pa_analyst

# Publish charts to the public statistics page, edit the index weights.
rules.add_perm("dashboard.publish_chart", is_pa_analyst | is_pa_admin)
rules.add_perm("dashboard.edit_index", is_pa_analyst | is_pa_admin)
