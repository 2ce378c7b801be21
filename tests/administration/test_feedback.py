"""The PA's list of migrant feedback: who may see it, filters, escaping, query budget."""

import pytest

from apps.content.feedback import feedback_create
from tests.conftest import ALL_ROLES
from tests.content.factories import GlossaryTermFactory, ProcessFactory

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
def test_feedback_list_access(role_client, role, outcome):
    feedback_create(path="/en/", helpful=True, language="en", comment="Secret tip")
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
    feedback_create(path="/de/", helpful=True, language="de")
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
        feedback_create(path=f"/en/p/{n}/", helpful=n % 2 == 0, language="en", item=item)
    client = role_client("pa_admin")
    client.get(URL)  # warm caches (content types, tenant)
    # session, user, roles (permission), count, rows (+content type), processes, terms
    with django_assert_num_queries(7):
        response = client.get(URL)
    assert response.status_code == 200
    assert response.content.decode().count('href="/en/p/') == count
