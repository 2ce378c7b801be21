"""The PA's list of migrant feedback: who may see it, each office its region's and the
regions' below it, filters, escaping, query budget."""

import pytest

from apps.accounts.roles import OrganisationKind
from apps.content.feedback import feedback_create
from apps.regions.models import FEDERATION_CODE, Region
from tests.conftest import ALL_ROLES
from tests.content.factories import GlossaryTermFactory, ProcessFactory
from tests.factories import (
    DistrictFactory,
    MunicipalityFactory,
    OrganisationFactory,
    region_state,
)

URL = "/en/pa/feedback/"
ALLOWED = {"pa_admin", "pa_editor"}
SIGN_IN = "sign-in"
EXPECTED = {
    role: SIGN_IN if role == "anonymous" else (200 if role in ALLOWED else 403)
    for role in ALL_ROLES
}


def test_table_covers_every_role():
    assert set(EXPECTED) == set(ALL_ROLES)
    assert {"pa_translator", "pa_analyst", "ngo_admin", "ngo_editor", "migrant"} <= set(EXPECTED)


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "outcome"), list(EXPECTED.items()))
def test_feedback_list_access(role_client, municipality, role, outcome):
    feedback_create(
        path="/en/", helpful=True, language="en", comment="Secret tip", region=municipality
    )
    response = role_client(role).get(URL)
    if outcome == SIGN_IN:
        assert response.status_code == 302
        assert response.url.startswith("/en/accounts/login/?next=")
        return
    assert response.status_code == outcome
    html = response.content.decode()
    if outcome == 200:
        assert "Secret tip" in html
    else:
        assert "Secret tip" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(ALLOWED | {"pa_translator", "ngo_admin"}))
def test_nav_link_only_for_those_allowed(role_client, role):
    client = role_client(role)
    response = client.get("/en/pa/")
    html = response.content.decode()
    if role.startswith("ngo"):
        # The PA start page is closed to NGOs, and their own start page does not link
        # to the PA's feedback list either.
        assert response.status_code == 403
        assert f'href="{URL}"' not in html
        ngo_start = client.get("/en/ngo/")
        assert ngo_start.status_code == 200
        assert f'href="{URL}"' not in ngo_start.content.decode()
        return
    assert response.status_code == 200
    assert (f'href="{URL}"' in html) is (role in ALLOWED)


@pytest.mark.django_db
def test_list_shows_page_item_language_comment_and_filters(role_client, municipality):
    term = GlossaryTermFactory(region=municipality, term_en="Residence permit")
    feedback_create(
        path=f"/ar/glossary/{term.pk}/",
        helpful=False,
        language="ar",
        item=term,
        comment="<b>لم أفهم</b>",
    )
    feedback_create(path="/de/", helpful=True, language="de", region=municipality)
    client = role_client("pa_editor")
    html = client.get(URL).content.decode()
    assert f'href="/ar/glossary/{term.pk}/"' in html
    assert "Residence permit" in html
    assert "العربيّة" in html or "العربية" in html  # language by its own name
    assert "&lt;b&gt;لم أفهم&lt;/b&gt;" in html  # escaped, never HTML
    assert "<b>لم أفهم</b>" not in html
    only_ar = client.get(URL + "?language=ar").content.decode()
    assert "/ar/glossary/" in only_ar and 'href="/de/"' not in only_ar
    helpful = client.get(URL + "?helpful=yes").content.decode()
    assert 'href="/de/"' in helpful and "/ar/glossary/" not in helpful
    bad = client.get(URL + "?language=xx&helpful=maybe")
    assert bad.status_code == 200  # bad filters: the form says so, the list is unfiltered


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 30])
def test_query_count_does_not_depend_on_rows(
    role_client, municipality, django_assert_num_queries, count
):
    processes = [ProcessFactory(region=municipality) for _ in range(2)]
    terms = [GlossaryTermFactory(region=municipality) for _ in range(2)]
    for n in range(count):
        item = (processes + terms + [None])[n % 5]
        feedback_create(
            path=f"/en/p/{n}/", helpful=n % 2 == 0, language="en", item=item, region=municipality
        )
    client = role_client("pa_admin")
    client.get(URL)  # warm caches (content types, tenant)
    # session, user, roles (permission), count, rows (+content type, region), processes, terms
    with django_assert_num_queries(7):
        response = client.get(URL)
    assert response.status_code == 200
    assert response.content.decode().count('href="/en/p/') == count


def _office(region, role: str, role_client):
    """A client for `role` in a PA office of `region`."""
    office = OrganisationFactory(kind=OrganisationKind.PUBLIC_AUTHORITY, region=region)
    return role_client(role, organisation=office)


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(ALLOWED))
def test_other_regions_feedback_is_not_listed(role_client, municipality, role):
    elsewhere = MunicipalityFactory(name="Antwerpen")
    term = GlossaryTermFactory(region=elsewhere, term_en="Elsewhere term")
    feedback_create(path="/en/", helpful=True, language="en", comment="Ours", region=municipality)
    feedback_create(path="/en/x/", helpful=False, language="en", comment="Theirs", region=elsewhere)
    # About an item of the other region, though the visitor chose ours: the item decides.
    feedback_create(
        path="/en/y/", helpful=False, language="en", item=term, comment="Theirs too",
        region=municipality,
    )  # fmt: skip
    feedback_create(path="/en/z/", helpful=True, language="en", comment="Nobody's")
    html = role_client(role).get(URL).content.decode()
    assert "Ours" in html
    assert "Theirs" not in html and "Elsewhere term" not in html
    assert "Nobody&#x27;s" not in html and "Nobody's" not in html
    assert "1 answer" in html
    theirs = _office(elsewhere, role, role_client).get(URL).content.decode()
    assert "Theirs" in theirs and "Theirs too" in theirs and "Ours" not in theirs


@pytest.mark.django_db
def test_land_office_sees_its_gemeinden_feedback(role_client, municipality):
    land = region_state(municipality.code[:2])
    district = municipality.parent
    other_land = region_state("09")
    abroad = MunicipalityFactory(parent=DistrictFactory(code="09901", parent=other_land))
    feedback_create(
        path="/en/g/", helpful=True, language="en", comment="fb-gemeinde", region=municipality
    )
    feedback_create(path="/en/k/", helpful=True, language="en", comment="fb-kreis", region=district)
    feedback_create(path="/en/l/", helpful=True, language="en", comment="fb-land", region=land)
    feedback_create(path="/en/a/", helpful=True, language="en", comment="fb-bayern", region=abroad)
    html = _office(land, "pa_admin", role_client).get(URL).content.decode()
    assert all(word in html for word in ("fb-gemeinde", "fb-kreis", "fb-land"))
    assert "fb-bayern" not in html
    # A Kreis office sees its Gemeinde, not its Land.
    html = _office(district, "pa_editor", role_client).get(URL).content.decode()
    assert "fb-gemeinde" in html and "fb-kreis" in html and "fb-land" not in html
    assert "fb-bayern" not in html
    # The Gemeinde office sees only its own.
    html = role_client("pa_editor").get(URL).content.decode()
    assert "fb-gemeinde" in html and "fb-kreis" not in html and "fb-bayern" not in html


@pytest.mark.django_db
def test_federation_office_sees_only_federation_feedback(role_client, municipality):
    federation = Region.objects.get(code=FEDERATION_CODE)
    feedback_create(path="/en/", helpful=True, language="en", comment="fb-bund", region=federation)
    feedback_create(
        path="/en/g/", helpful=True, language="en", comment="fb-gemeinde", region=municipality
    )
    html = _office(federation, "pa_admin", role_client).get(URL).content.decode()
    assert "fb-bund" in html and "fb-gemeinde" not in html


@pytest.mark.django_db
def test_translator_grant_does_not_widen_what_an_editor_reads(make_user, client, municipality):
    """Only PA admin and editor grants count: a translator grant elsewhere adds nothing."""
    from tests.factories import MembershipFactory

    elsewhere = MunicipalityFactory()
    feedback_create(path="/en/x/", helpful=True, language="en", comment="Theirs", region=elsewhere)
    user = make_user("pa_editor")
    MembershipFactory(
        user=user,
        organisation=OrganisationFactory(kind=OrganisationKind.PUBLIC_AUTHORITY, region=elsewhere),
        role="pa_translator",
    )
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Theirs" not in html
