from dataclasses import dataclass

from apps.accounts.models import Invitation, Membership, MembershipLogEntry, Organisation, User
from apps.accounts.roles import NGO_ROLES, PA_ROLES, Role


@dataclass(frozen=True)
class RoleGrant:
    organisation_id: int
    organisation_kind: str
    region_id: int
    role: str
    region_code: str = ""
    # A translator's limits (Membership.languages / region_ids); empty: no limit.
    languages: tuple[str, ...] = ()
    region_ids: tuple[int, ...] = ()


_CACHE_ATTR = "_micado_role_grants"


def user_role_grants(user: User) -> tuple[RoleGrant, ...]:
    """The user's roles, loaded with one query and cached on the user object."""
    if not getattr(user, "is_authenticated", False):
        return ()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = tuple(
            RoleGrant(
                organisation_id=m.organisation_id,
                organisation_kind=m.organisation.kind,
                region_id=m.organisation.region_id,
                role=m.role,
                region_code=m.organisation.region.code,
                languages=tuple(m.languages or ()),
                region_ids=tuple(m.region_ids or ()),
            )
            for m in Membership.objects.filter(user=user, organisation__is_active=True)
            .select_related("organisation__region")
            .only(
                "organisation_id",
                "role",
                "languages",
                "region_ids",
                "organisation__kind",
                "organisation__region_id",
                "organisation__region__code",
            )
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def user_role_grants_forget(user: User) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def user_roles(user: User) -> frozenset[str]:
    return frozenset(grant.role for grant in user_role_grants(user))


def user_is_staff_role(user: User) -> bool:
    """PA or NGO staff, or Django-admin user: the people who must use two factors."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_staff or user.is_superuser or user_roles(user) & (PA_ROLES | NGO_ROLES))


def organisation_list_for_user(user: User, *, kind: str | None = None):
    qs = Organisation.objects.filter(memberships__user=user, is_active=True)
    if kind is not None:
        qs = qs.filter(kind=kind)
    return qs.select_related("region").distinct()


# --- single reads for views and API views (they build no querysets themselves) -------------


def organisations_with_region():
    """Organisations with their region loaded (a view picks one with get_object_or_404)."""
    return Organisation.objects.select_related("region")


def organisation_active_get(pk) -> Organisation | None:
    return Organisation.objects.select_related("region").filter(pk=pk, is_active=True).first()


def memberships_with_user():
    return Membership.objects.select_related("user", "organisation")


def memberships_of_user(user: User, *, organisation_kind: str):
    return (
        Membership.objects.filter(user=user, organisation__kind=organisation_kind)
        .select_related("organisation__region")
        .order_by("organisation__name")
    )


def pa_offices_administered(user: User) -> list[Organisation]:
    """The active PA offices in which the user is an admin (one query)."""
    ids = [
        g.organisation_id
        for g in user_role_grants(user)
        if g.role == Role.PA_ADMIN and g.organisation_kind == "pa"
    ]
    return list(Organisation.objects.filter(pk__in=ids).select_related("region").order_by("name"))


def translator_invitations(organisation: Organisation):
    """The office's translator invitations, newest first (open, accepted, withdrawn,
    expired: `Invitation.is_open` tells)."""
    return Invitation.objects.filter(
        organisation=organisation, role=Role.PA_TRANSLATOR
    ).select_related("invited_by", "accepted_by")


def external_translators(organisation: Organisation):
    """The office's translators with limits (languages or regions)."""
    return (
        Membership.objects.filter(organisation=organisation, role=Role.PA_TRANSLATOR)
        .exclude(languages=[], region_ids=[])
        .select_related("user")
        .order_by("user__email")
    )


def translator_memberships(offices):
    """The translator memberships of the given offices, with user and office."""
    return Membership.objects.filter(
        role=Role.PA_TRANSLATOR, organisation__in=offices
    ).select_related("user", "organisation")


def translator_log(organisation: Organisation):
    return MembershipLogEntry.objects.filter(
        organisation=organisation, role=Role.PA_TRANSLATOR
    ).select_related("actor")


def membership_log(organisation):
    from apps.accounts.models import MembershipLogEntry

    return MembershipLogEntry.objects.filter(organisation=organisation).select_related("actor")


def organisation_people(organisation):
    """The memberships of an organisation with their users, by e-mail and role."""
    return organisation.memberships.select_related("user").order_by("user__email", "role")


def invitations_open(organisation):
    """Invitations of an organisation neither accepted nor revoked."""
    return organisation.invitations.filter(accepted_at=None, revoked_at=None)
