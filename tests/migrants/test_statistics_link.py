"""The public statistics page is part of the migrant app: reachable from home, with its nav."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_statistics_are_linked_from_home_and_have_the_migrant_navigation(client, lang):
    home = client.get(f"/{lang}/").content.decode()
    assert f'href="/{lang}/statistics/"' in home
    page = client.get(f"/{lang}/statistics/")
    html = page.content.decode()
    assert page.status_code == 200
    assert f'href="/{lang}/glossary/"' in html  # the migrant navigation
