"""After signing in, each role lands in its own app (apps/accounts/adapter.py); a safe
`next` wins, an unsafe one is ignored."""

import pytest
from django.urls import reverse
from django.utils import translation

PASSWORD = "pw-Secret-123"  # tests/factories.py UserFactory
EXPECTED = {
    "pa_admin": "/en/pa/",
    "pa_editor": "/en/pa/",
    "pa_translator": "/en/pa/",
    "pa_analyst": "/en/pa/dashboard/",
    "ngo_admin": "/en/ngo/",
    "ngo_editor": "/en/ngo/",
    "migrant": "/en/",
}


def login_url() -> str:
    with translation.override("en"):
        return reverse("account_login")


def sign_in(client, user, **extra):
    # Without TOTP set up: the sign-in answers with the landing page; the two-factor gate
    # (tests/accounts/test_two_factor.py) acts on the request that follows.
    return client.post(login_url(), {"login": user.email, "password": PASSWORD, **extra})


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "target"), sorted(EXPECTED.items()))
def test_each_role_lands_in_its_app(client, make_user, role, target):
    user = make_user(role, totp=False)
    response = sign_in(client, user)
    assert response.status_code == 302
    assert response.url == target


@pytest.mark.django_db
def test_pa_and_ngo_member_lands_in_the_pa_app(client, make_user, ngo_organisation):
    from tests.factories import MembershipFactory

    user = make_user("pa_editor", totp=False)
    MembershipFactory(user=user, organisation=ngo_organisation, role="ngo_editor")
    assert sign_in(client, user).url == "/en/pa/"


@pytest.mark.django_db
def test_a_safe_next_wins(client, make_user):
    user = make_user("pa_editor", totp=False)
    response = sign_in(client, user, next="/en/pa/content/process/")
    assert response.url == "/en/pa/content/process/"


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/pa/"])
def test_an_unsafe_next_is_ignored(client, make_user, target):
    user = make_user("ngo_admin", totp=False)
    response = sign_in(client, user, next=target)
    assert response.url == "/en/ngo/"


@pytest.mark.django_db
def test_landing_follows_the_language_of_the_sign_in(client, make_user):
    user = make_user("pa_translator", totp=False)
    with translation.override("ar"):
        url = reverse("account_login")
    response = client.post(url, {"login": user.email, "password": PASSWORD})
    assert response.url == "/ar/pa/"
