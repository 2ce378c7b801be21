"""Fixtures of the NGO app tests: two NGOs of one town, a PA office above them."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from apps.accounts.roles import OrganisationKind
from apps.content import services
from apps.content.models import Process
from tests.conftest import give_totp
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory


def ngo_url(name: str, *args, **kwargs) -> str:
    with translation.override("en"):
        return reverse(f"organisations:{name}", args=args, kwargs=kwargs)


def pa_url(name: str, *args) -> str:
    with translation.override("en"):
        return reverse(f"administration:{name}", args=args)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def member(municipality):
    """member(role, organisation) -> a user with TOTP holding that role there."""

    def make(role: str, organisation):
        user = UserFactory()
        MembershipFactory(user=user, organisation=organisation, role=role)
        give_totp(user)
        return user

    return make


@pytest.fixture
def ngo_b(municipality):
    return OrganisationFactory(kind=OrganisationKind.NGO, region=municipality, name="NGO B")


@pytest.fixture
def pa_process(make_user, pa_organisation):
    """A published PA process of the town."""
    author = make_user("pa_editor")
    process = services.item_create(
        model=Process,
        user=author,
        organisation=pa_organisation,
        region=pa_organisation.region,
        data={"title_de": "Wohnsitz anmelden", "title_en": "Register your address"},
    )
    services.item_publish(item=process, user=make_user("pa_admin"))
    return process


def migrant_client(region) -> Client:
    """An anonymous visitor who chose `region`."""
    from apps.migrants.region import REGION_COOKIE

    client = Client()
    client.cookies[REGION_COOKIE] = region.code
    return client
