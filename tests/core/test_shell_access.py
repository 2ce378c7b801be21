"""Role table: which role may open which app shell (allowed, redirected to sign in, or 403)."""

import pytest

from tests.conftest import ALL_ROLES, NGO_ROLE_NAMES, PA_ROLE_NAMES

SIGN_IN = "sign-in"
# A signed-in person without an NGO is offered to register their organisation.
REGISTER = "register"

EXPECTED = {
    "/en/": dict.fromkeys(ALL_ROLES, 200),
    "/en/pa/": {
        "anonymous": SIGN_IN,
        "migrant": 403,
        **dict.fromkeys(PA_ROLE_NAMES, 200),
        **dict.fromkeys(NGO_ROLE_NAMES, 403),
    },
    "/en/ngo/": {
        "anonymous": SIGN_IN,
        "migrant": REGISTER,
        **dict.fromkeys(PA_ROLE_NAMES, REGISTER),
        **dict.fromkeys(NGO_ROLE_NAMES, 200),
    },
    "/en/admin/": {
        "anonymous": "admin-login",
        **{r: "admin-login" for r in ALL_ROLES if r != "anonymous"},
    },
}

CASES = [(url, role, outcome) for url, table in EXPECTED.items() for role, outcome in table.items()]


def test_table_covers_every_role():
    for url, table in EXPECTED.items():
        assert set(table) == set(ALL_ROLES), url


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "role", "outcome"), CASES)
def test_shell_access(role_client, url, role, outcome):
    response = role_client(role).get(url)
    if outcome == SIGN_IN:
        assert response.status_code == 302
        assert response.url.startswith("/en/accounts/login/?next=")
    elif outcome == REGISTER:
        assert response.status_code == 302
        assert response.url == "/en/ngo/register/"
    elif outcome == "admin-login":
        assert response.status_code == 302
        assert "/admin/login/" in response.url
    else:
        assert response.status_code == outcome
        if outcome == 403:
            assert b"Access denied" in response.content


@pytest.mark.django_db
def test_city_it_reaches_django_admin(client):
    from tests.conftest import give_totp
    from tests.factories import UserFactory

    admin = UserFactory(is_staff=True, is_superuser=True)
    give_totp(admin)
    client.force_login(admin)
    response = client.get("/en/admin/")
    assert response.status_code == 200
    assert b"Site administration" in response.content
