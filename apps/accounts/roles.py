from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    PUBLIC_AUTHORITY = "pa", _("Public authority")
    NGO = "ngo", _("Civil-society organisation")


class Role(models.TextChoices):
    PA_ADMIN = "pa_admin", _("PA administrator")
    PA_EDITOR = "pa_editor", _("PA editor")
    PA_TRANSLATOR = "pa_translator", _("PA translator")
    PA_ANALYST = "pa_analyst", _("PA analyst")
    NGO_ADMIN = "ngo_admin", _("NGO administrator")
    NGO_EDITOR = "ngo_editor", _("NGO editor")


PA_ROLES = frozenset({Role.PA_ADMIN, Role.PA_EDITOR, Role.PA_TRANSLATOR, Role.PA_ANALYST})
NGO_ROLES = frozenset({Role.NGO_ADMIN, Role.NGO_EDITOR})
ROLES_BY_KIND = {OrganisationKind.PUBLIC_AUTHORITY: PA_ROLES, OrganisationKind.NGO: NGO_ROLES}


class Approval(models.TextChoices):
    """Where a self-registered NGO stands; PA offices and older NGOs are approved."""

    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class MembershipAction(models.TextChoices):
    REGISTERED = "registered", _("Registered the organisation")
    APPROVED = "approved", _("Organisation approved")
    REJECTED = "rejected", _("Organisation rejected")
    INVITED = "invited", _("Invited")
    JOINED = "joined", _("Accepted the invitation")
    WITHDRAWN = "withdrawn", _("Invitation withdrawn")
    ROLE_CHANGED = "role_changed", _("Role changed")
    REMOVED = "removed", _("Removed")
    TRUSTED = "trusted", _("Marked as trusted")
    UNTRUSTED = "untrusted", _("No longer trusted")
