"""Choosing the region by town name or postcode; content follows the region's tree."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from apps.migrants.region import REGION_COOKIE
from tests.factories import DistrictFactory, MunicipalityFactory
from tests.migrants.conftest import TEXTS

pytestmark = pytest.mark.django_db


def region_url(lang: str = "en") -> str:
    with translation.override(lang):
        return reverse("migrants:region")


def test_choose_by_postcode_sets_the_region_and_goes_back(town):
    client = Client()
    response = client.post(region_url(), {"q": "60313", "next": "/en/processes/"})
    assert response.status_code == 302
    assert response["Location"] == "/en/processes/"
    assert client.cookies[REGION_COOKIE].value == town.code
    page = client.get("/en/").content.decode()
    assert f"Your region is now {town.name}." in page
    assert f"You see information for {town.name}." in page


def test_choose_by_name_ignores_case(town):
    client = Client()
    response = client.post(region_url("de"), {"q": "neustadt am see"})
    assert response.status_code == 302
    assert response["Location"] == "/de/"
    assert client.cookies[REGION_COOKIE].value == town.code


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "We do not know the postcode 12345."),
        ("de", "12345"),
        ("ar", "12345"),
    ],
)
def test_unknown_postcode_gives_an_error_and_changes_nothing(client, town, lang, message):
    response = client.post(region_url(lang), {"q": "12345"})
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert 'aria-invalid="true"' in html
    assert client.cookies[REGION_COOKIE].value == town.code  # still the old choice
    assert "Set-Cookie" not in str(response.cookies.get(REGION_COOKIE, ""))


@pytest.mark.parametrize(("query", "message"), [
    ("1234", "A postcode has five digits"),
    ("", "Enter the name of your town or your postcode."),
    ("Nirgendwo", "We found no town called “Nirgendwo”."),
])  # fmt: skip
def test_bad_input_is_explained(town, query, message):
    client = Client()
    response = client.post(region_url(), {"q": query})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert REGION_COOKIE not in response.cookies


def test_several_towns_match_and_the_visitor_picks_one(db):
    first = MunicipalityFactory(name="Neustadt", parent=DistrictFactory(name="Kreis Nord"))
    second = MunicipalityFactory(name="Neustadt", parent=DistrictFactory(name="Kreis Süd"))
    client = Client()
    response = client.post(region_url(), {"q": "Neustadt"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kreis Nord" in html and "Kreis Süd" in html
    assert REGION_COOKIE not in response.cookies
    response = client.post(region_url(), {"code": second.code, "next": "/en/glossary/"})
    assert response.status_code == 302
    assert client.cookies[REGION_COOKIE].value == second.code
    assert first.code != second.code


def test_a_made_up_region_code_is_refused(town):
    client = Client()
    response = client.post(region_url(), {"code": "99999999"})
    assert response.status_code == 400
    assert REGION_COOKIE not in response.cookies


def test_next_must_stay_on_this_site(town):
    client = Client()
    response = client.post(region_url(), {"q": "60311", "next": "https://evil.example/"})
    assert response["Location"] == "/en/"


def test_without_a_choice_the_default_region_is_used(make_process, settings, town):
    settings.MICADO_DEFAULT_REGION = town.code
    process = make_process()
    html = Client().get("/en/processes/").content.decode()
    assert TEXTS["process"]["en"] in html
    assert town.name in html
    settings.MICADO_DEFAULT_REGION = "DE"
    html = Client().get("/en/processes/").content.decode()
    assert f"/en/processes/{process.pk}/" not in html


def test_content_of_ancestors_is_shown_other_towns_content_is_not(
    client, make_process, make_term, town, other_town
):
    state = town.parent.parent
    from_state = make_process(region=state, title_en="State guide")
    from_other = make_process(region=other_town, title_en="Other town guide")
    listing = client.get("/en/processes/").content.decode()
    assert "State guide" in listing
    assert "Other town guide" not in listing
    assert client.get(f"/en/processes/{from_state.pk}/").status_code == 200
    assert client.get(f"/en/processes/{from_other.pk}/").status_code == 404
    term = make_term(region=other_town)
    assert client.get(f"/en/glossary/{term.pk}/").status_code == 404
    # The visitor of the other town sees it.
    from tests.migrants.conftest import client_in

    assert client_in(other_town).get(f"/en/processes/{from_other.pk}/").status_code == 200


def test_a_stand_alone_root_region_can_be_chosen_but_not_the_federation(town):
    """An imported pilot city (a root of its own, like MICADO's Antwerp) is a place to
    live; the federation above the German tree is not."""
    from apps.regions.models import Region, RegionLevel

    pilot = Region.objects.create(code="BE-11002", name="Antwerpen", level=RegionLevel.FEDERATION)
    federation = town.parent
    while federation.parent_id:
        federation = federation.parent
    client = Client()
    response = client.post(region_url(), {"q": "antwerp"})
    assert response.status_code == 302
    assert client.cookies[REGION_COOKIE].value == pilot.code
    response = Client().post(region_url(), {"q": federation.name})
    assert response.status_code == 400
    assert REGION_COOKIE not in response.cookies


def test_a_single_match_of_a_search_link_is_offered_as_one_place(town):
    response = Client().get(region_url(), {"q": town.name})
    html = response.content.decode()
    assert response.status_code == 200
    assert "One place matches. Is it yours?" in html
    assert f'value="{town.code}"' in html
