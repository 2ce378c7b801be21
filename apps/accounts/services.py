from django.db import transaction

from apps.accounts.models import Membership, Organisation, User
from apps.accounts.selectors import user_role_grants_forget


def user_create(*, email: str, password: str | None, name: str = "", **extra) -> User:
    user = User(email=User.objects.normalize_email(email).lower(), name=name, **extra)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    return user


def organisation_create(*, name: str, slug: str, kind: str, region, **fields) -> Organisation:
    organisation = Organisation(name=name, slug=slug, kind=kind, region=region, **fields)
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def membership_grant(*, user: User, organisation: Organisation, role: str) -> Membership:
    membership = Membership(user=user, organisation=organisation, role=role)
    membership.full_clean()
    membership.save()
    user_role_grants_forget(user)
    return membership


def membership_revoke(*, membership: Membership) -> None:
    user = membership.user
    membership.delete()
    user_role_grants_forget(user)
