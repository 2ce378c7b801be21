"""Staff must set up TOTP before using anything; migrants never have to."""

import pytest
from django.test import override_settings

from tests.conftest import NGO_ROLE_NAMES, PA_ROLE_NAMES


@pytest.mark.django_db
@pytest.mark.parametrize("role", PA_ROLE_NAMES + NGO_ROLE_NAMES)
def test_staff_without_totp_are_sent_to_set_it_up(role_client, role):
    client = role_client(role, totp=False)
    home = "/en/ngo/" if role.startswith("ngo") else "/en/pa/"
    for url in (home, "/en/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url == "/en/accounts/2fa/totp/activate/"
    # The set-up page itself and sign-out stay reachable.
    setup = client.get("/en/accounts/2fa/totp/activate/", follow=True)
    assert setup.status_code == 200
    assert b"two-factor" in setup.content.lower() or b"authenticator" in setup.content.lower()


@pytest.mark.django_db
def test_django_admin_users_need_totp_too(client):
    from tests.factories import UserFactory

    user = UserFactory(is_staff=True)
    client.force_login(user)
    assert client.get("/en/admin/").url == "/en/accounts/2fa/totp/activate/"


@pytest.mark.django_db
def test_staff_with_totp_pass(role_client):
    assert role_client("pa_editor").get("/en/pa/").status_code == 200


@pytest.mark.django_db
def test_migrants_are_never_asked(role_client):
    assert role_client("migrant").get("/en/").status_code == 200


@pytest.mark.django_db
@override_settings(MICADO_STAFF_REQUIRE_2FA=False)
def test_requirement_is_a_setting(role_client):
    assert role_client("pa_editor", totp=False).get("/en/pa/").status_code == 200
