"""Fixtures that chain: region -> organisation -> user with a role -> signed-in client.

`role_client(role)` gives a client signed in as a user with that role (or
"anonymous"/"migrant"), with two-factor authentication already set up for
staff, so tests of a view test the view, not the 2FA gate.
"""

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client

from apps.accounts.roles import NGO_ROLES, OrganisationKind, Role
from tests.factories import MembershipFactory, MunicipalityFactory, OrganisationFactory, UserFactory

ALL_ROLES = ["anonymous", "migrant", *sorted(r.value for r in Role)]
PA_ROLE_NAMES = sorted(r.value for r in Role if r.value.startswith("pa_"))
NGO_ROLE_NAMES = sorted(r.value for r in NGO_ROLES)


def clear_own_cache():
    """Empty this test process's cache; on a shared Redis, only keys under our prefix."""
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    cache = caches["default"]
    if not isinstance(cache, RedisCache):
        cache.clear()
        return
    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(match=f"{cache.key_prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Code called outside a request (services, commands) speaks English unless a test
    activates another language; otherwise messages follow LANGUAGE_CODE ("de") or
    whatever an earlier test left active."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _clear_cache():
    clear_own_cache()
    yield
    clear_own_cache()


@pytest.fixture
def municipality(db):
    return MunicipalityFactory()


@pytest.fixture
def pa_organisation(municipality):
    return OrganisationFactory(kind=OrganisationKind.PUBLIC_AUTHORITY, region=municipality)


@pytest.fixture
def ngo_organisation(municipality):
    return OrganisationFactory(kind=OrganisationKind.NGO, region=municipality)


def give_totp(user) -> None:
    Authenticator.objects.get_or_create(
        user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "x"}}
    )


@pytest.fixture
def make_user(pa_organisation, ngo_organisation):
    """make_user(role) -> a user holding that role ("migrant": no role)."""

    def make(role: str, *, totp: bool = True, organisation=None):
        user = UserFactory()
        if role == "migrant":
            return user
        if organisation is None:
            organisation = ngo_organisation if role in NGO_ROLE_NAMES else pa_organisation
        MembershipFactory(user=user, organisation=organisation, role=role)
        if totp:
            give_totp(user)
        return user

    return make


@pytest.fixture
def role_client(make_user):
    """role_client(role) -> a Django test client signed in with that role."""

    def make(role: str, **kwargs) -> Client:
        client = Client()
        if role != "anonymous":
            user = make_user(role, **kwargs)
            client.force_login(user)
            client.user = user
        return client

    return make
