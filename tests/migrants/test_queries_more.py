"""More query budgets: the personal space, glossary and information pages, and the
region page's candidates do the same number of queries for 3 and for 30 items.

Anonymous pages are measured on a miss of the page cache (`content_generation_bump`,
see apps/migrants/pages/cache.py): a hit does no query at all and would prove nothing.
The event page is measured in tests/migrants/test_events.py (test_page_queries_do_not_grow).
"""

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.content.mentions import mention_encode
from apps.core.cache import content_generation_bump
from apps.migrants.models import ChecklistItem, SavedProcess, StepProgress
from apps.migrants.personal import services as personal_services
from tests.content.factories import ProcessFactory, StepFactory, TopicFactory
from tests.factories import MunicipalityFactory, UserFactory
from tests.migrants.conftest import client_in

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
# Every signed-in request: the session, the user, the memberships (the staff 2FA check).
SIGNED_IN = 3
# Every page of the migrant app: the visitor's region and its ancestors.
REGION = 2


@pytest.fixture(autouse=True)
def private_root(tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def me(town):
    user = UserFactory()
    client = client_in(town)
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def filled(me, town, organisation):
    """filled(n) -> `me` with n saved guides (one step ticked in each), n open checklist
    items and n documents in the wallet."""

    def fill(n: int):
        for index in range(n):
            process = ProcessFactory(
                region=town, organisation=organisation, title_en=f"Guide {index}"
            )
            step = StepFactory(process=process, position=0, title_en=f"Step of {index}")
            saved = SavedProcess.objects.create(user=me.user, process=process)
            StepProgress.objects.create(saved=saved, step=step)
            ChecklistItem.objects.create(user=me.user, text=f"Task {index}")
            personal_services.wallet_document_create(
                user=me.user, upload=SimpleUploadedFile("a.pdf", PDF), title=f"Paper {index}"
            )
        return me

    return fill


# --- the personal space -----------------------------------------------------------------------

# + four counts (guides, open items, documents, bytes used)
SPACE_QUERIES = SIGNED_IN + 4 + REGION
# + the items
CHECKLIST_QUERIES = SIGNED_IN + 1 + REGION
# + the documents
DOCUMENTS_QUERIES = SIGNED_IN + 1 + REGION
# + saved guides (+ process), their ticks, the ticked steps, checklist, documents; no page,
# so no region
EXPORT_QUERIES = SIGNED_IN + 5


@pytest.mark.parametrize("n", [3, 30])
def test_my_space_queries_do_not_depend_on_what_i_keep(filled, django_assert_num_queries, n):
    client = filled(n)
    client.get("/en/me/")  # warm the tenant cache
    with django_assert_num_queries(SPACE_QUERIES):
        response = client.get("/en/me/")
    html = response.content.decode()
    assert f"{n} guides saved" in html
    assert f"{n} things to do" in html
    assert f"{n} documents" in html


@pytest.mark.parametrize("n", [3, 30])
def test_my_checklist_queries_do_not_depend_on_items(filled, django_assert_num_queries, n):
    client = filled(n)
    client.get("/en/me/checklist/")
    with django_assert_num_queries(CHECKLIST_QUERIES):
        response = client.get("/en/me/checklist/")
    html = response.content.decode()
    assert html.count('/done/"') == html.count('/delete/"') == n
    assert f"Task {n - 1}<" in html


@pytest.mark.parametrize("n", [3, 30])
def test_my_documents_queries_do_not_depend_on_documents(filled, django_assert_num_queries, n):
    client = filled(n)
    client.get("/en/me/documents/")
    with django_assert_num_queries(DOCUMENTS_QUERIES):
        response = client.get("/en/me/documents/")
    html = response.content.decode()
    assert html.count('/delete/"') == n
    assert f">Paper {n - 1}</a>" in html


@pytest.mark.parametrize("n", [3, 30])
def test_export_queries_do_not_depend_on_documents(filled, django_assert_num_queries, n):
    client = filled(n)
    client.get("/en/me/export/")
    with django_assert_num_queries(EXPORT_QUERIES):
        response = client.get("/en/me/export/")
        content = b"".join(response.streaming_content)  # the ZIP is built before this
    archive = zipfile.ZipFile(io.BytesIO(content))
    data = json.loads(archive.read("data.json"))
    assert len(data["documents"]) == n
    assert len(data["checklist"]) == n
    assert len(data["saved_guides"]) == n
    assert all(len(g["steps_done"]) == 1 for g in data["saved_guides"])
    assert len([name for name in archive.namelist() if name.startswith("documents/")]) == n


# --- glossary term and information page -------------------------------------------------------


def mentions_of(n: int, make_term, town, organisation) -> str:
    """A text mentioning n glossary terms and n guides: one query per kind mentioned."""
    terms = [make_term(term_en=f"Term {index}") for index in range(n)]
    guides = [
        ProcessFactory(region=town, organisation=organisation, title_en=f"Guide {index}")
        for index in range(n)
    ]
    parts = [mention_encode("g", t.pk, f"Term {i}") for i, t in enumerate(terms)]
    parts += [mention_encode("p", p.pk, f"Guide {i}") for i, p in enumerate(guides)]
    return "<p>" + " and ".join(parts) + "</p>"


# region, ancestors, the item, its topics, its user types, mentioned terms, mentioned
# guides, its audio (speech), the item's translation state
DETAIL_QUERIES = REGION + 3 + 2 + 2


def measure(client, path, django_assert_num_queries, expected):
    client.get(path)  # warm the tenant cache
    content_generation_bump()  # but not the page's own cache
    with django_assert_num_queries(expected):
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
@pytest.mark.parametrize("n", [3, 30])
def test_glossary_term_queries_do_not_depend_on_mentions(
    client, me, make_term, town, organisation, django_assert_num_queries, n, signed_in
):
    term = make_term(explanation_en=mentions_of(n, make_term, town, organisation))
    visitor = me if signed_in else client
    expected = DETAIL_QUERIES + (SIGNED_IN if signed_in else 0)
    html = measure(visitor, f"/en/glossary/{term.pk}/", django_assert_num_queries, expected)
    assert html.count('href="/en/glossary/') - html.count('href="/en/glossary/"') >= n
    assert f"Guide {n - 1}" in html


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
@pytest.mark.parametrize("n", [3, 30])
def test_information_page_queries_do_not_depend_on_topics_or_mentions(
    client, me, make_term, make_information, town, organisation,
    django_assert_num_queries, n, signed_in,
):  # fmt: skip
    topics = [TopicFactory(name_en=f"Topic {index}") for index in range(n)]
    page = make_information(body_en=mentions_of(n, make_term, town, organisation), topics=topics)
    visitor = me if signed_in else client
    expected = DETAIL_QUERIES + (SIGNED_IN if signed_in else 0)
    html = measure(visitor, f"/en/information/{page.pk}/", django_assert_num_queries, expected)
    assert html.count('href="/en/information/?topic=') == n
    assert f"Term {n - 1}" in html and f"Guide {n - 1}" in html


# --- the region page with candidates ----------------------------------------------------------

# region, ancestors, the exact-name search (none), the partial-name search (+ parent)
REGION_QUERIES = REGION + 2


@pytest.mark.parametrize("n", [3, 30])
def test_region_candidates_queries_do_not_depend_on_matches(client, django_assert_num_queries, n):
    for index in range(n):
        MunicipalityFactory(name=f"Seedorf {index:02d}", postcodes="")
    client.get("/en/region/?q=Seedorf")  # not page-cached: no bump needed
    with django_assert_num_queries(REGION_QUERIES):
        response = client.get("/en/region/?q=Seedorf")
    assert response.status_code == 200
    assert response.content.decode().count('name="code"') == min(n, 20)
