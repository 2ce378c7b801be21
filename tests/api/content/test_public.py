"""Public content API: role table, languages, filters, conditional requests, query budgets."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.content.models import Status
from tests.api.content.conftest import FACTORIES
from tests.conftest import ALL_ROLES
from tests.content.factories import (
    CommentFactory,
    DocumentTypeFactory,
    EventFactory,
    GlossaryTermFactory,
    OfficeFactory,
    ProcessFactory,
    StepFactory,
    StepLinkFactory,
    TopicFactory,
    UserTypeFactory,
)

pytestmark = pytest.mark.django_db


def _make(prefix, municipality, pa_organisation, n=1, **kwargs):
    return [
        FACTORIES[prefix](region=municipality, organisation=pa_organisation, **kwargs)
        for _ in range(n)
    ]


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("prefix", sorted(FACTORIES))
def test_public_list_and_detail_for_every_role(
    role_client, role, prefix, municipality, pa_organisation
):
    (item,) = _make(prefix, municipality, pa_organisation)
    client = role_client(role)
    listing = client.get(f"/api/v1/{prefix}/?lang=de")
    assert listing.status_code == 200
    assert [row["id"] for row in listing.json()["results"]] == [item.pk]
    detail = client.get(f"/api/v1/{prefix}/{item.pk}/?lang=de")
    assert detail.status_code == 200
    assert detail.json()["language"] == "de"


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("url", ["/api/v1/topics/", "/api/v1/user-types/", "bundle"])
def test_public_tags_and_bundle_for_every_role(role_client, role, url, municipality):
    TopicFactory()
    UserTypeFactory()
    url = f"/api/v1/regions/{municipality.code}/bundle/?lang=en" if url == "bundle" else url
    assert role_client(role).get(url).status_code == 200


@pytest.mark.parametrize("prefix", sorted(FACTORIES))
def test_unpublished_items_are_not_public(client, prefix, municipality, pa_organisation):
    draft, archived = (
        *_make(prefix, municipality, pa_organisation, status=Status.DRAFT),
        *_make(prefix, municipality, pa_organisation, status=Status.ARCHIVED),
    )
    assert client.get(f"/api/v1/{prefix}/").json()["results"] == []
    assert client.get(f"/api/v1/{prefix}/{draft.pk}/").status_code == 404
    assert client.get(f"/api/v1/{prefix}/{archived.pk}/").status_code == 404


def test_language_served_and_fallback(client, municipality, pa_organisation):
    process = ProcessFactory(
        region=municipality, organisation=pa_organisation, title_de="Anmeldung", title_ar="تسجيل"
    )
    url = f"/api/v1/processes/{process.pk}/"
    ar = client.get(url, {"lang": "ar"}).json()
    assert (ar["language"], ar["fallback"], ar["title"]) == ("ar", False, "تسجيل")
    uk = client.get(url, HTTP_ACCEPT_LANGUAGE="uk").json()
    assert (uk["language"], uk["fallback"], uk["title"]) == ("de", True, "Anmeldung")
    bad = client.get(url, {"lang": "xx"})
    assert bad.status_code == 400
    assert bad.json()["error"]["code"] == "validation_error"


def test_filters(client, municipality, pa_organisation):
    topic, user_type = TopicFactory(), UserTypeFactory()
    tagged = ProcessFactory(region=municipality, organisation=pa_organisation, title_de="Kita")
    tagged.topics.add(topic)
    tagged.user_types.add(user_type)
    ProcessFactory(region=municipality, organisation=pa_organisation, title_de="Schule")
    other = ProcessFactory(title_de="Kita woanders")

    def ids(**params):
        return {r["id"] for r in client.get("/api/v1/processes/", params).json()["results"]}

    assert ids(topic=topic.pk) == {tagged.pk}
    assert ids(user_type=user_type.pk) == {tagged.pk}
    assert ids(q="kita", region=municipality.code) == {tagged.pk}
    assert ids(q="kita") == {tagged.pk, other.pk}
    assert client.get("/api/v1/processes/", {"region": "nope"}).status_code == 400


def test_event_date_range(client, municipality, pa_organisation):
    now = timezone.now()
    soon = EventFactory(region=municipality, start=now + dt.timedelta(days=1), end=None)
    later = EventFactory(region=municipality, start=now + dt.timedelta(days=30), end=None)

    def ids(**params):
        return [r["id"] for r in client.get("/api/v1/events/", params).json()["results"]]

    assert ids(to=(now + dt.timedelta(days=5)).date().isoformat()) == [soon.pk]
    assert ids(**{"from": (now + dt.timedelta(days=10)).date().isoformat()}) == [later.pk]
    assert client.get("/api/v1/events/", {"from": "morgen"}).status_code == 400


def test_etag_and_last_modified(client, municipality, pa_organisation):
    process = ProcessFactory(region=municipality, organisation=pa_organisation)
    url = f"/api/v1/processes/{process.pk}/?lang=de"
    first = client.get(url)
    assert first["ETag"] and first["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    assert client.get(url.replace("de", "en"), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
    listing = client.get("/api/v1/processes/?lang=de")
    again = client.get("/api/v1/processes/?lang=de", HTTP_IF_NONE_MATCH=listing["ETag"])
    assert again.status_code == 304


def test_mentions_render_as_links_and_dangling_ones_as_text(client, municipality, pa_organisation):
    term = GlossaryTermFactory(region=municipality, organisation=pa_organisation, term_de="Amt")
    process = ProcessFactory(
        region=municipality,
        organisation=pa_organisation,
        description_de=f"<p>Zum @[g,{term.pk}](Amt) gehen, dann @[p,999999](Weg) und "
        f"@[-g,{term.pk}](Amt).</p>",
    )
    body = client.get(f"/api/v1/processes/{process.pk}/?lang=de").json()["description"]
    assert 'class="mention mention-glossary"' in body and 'title="Erklärung"' in body
    assert "@[" not in body and "Weg" in body
    assert body.count("<a ") == 1


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("prefix", sorted(FACTORIES))
def test_list_query_budget_does_not_grow(
    client, prefix, municipality, pa_organisation, django_assert_num_queries
):
    topic = TopicFactory()
    items = _make(prefix, municipality, pa_organisation, 3)
    for item in items:
        item.topics.add(topic)
    url = f"/api/v1/{prefix}/?lang=ar&region={municipality.code}"
    budget = _count(client, url)
    assert budget <= 10
    for item in _make(prefix, municipality, pa_organisation, 27):
        item.topics.add(topic)
    with django_assert_num_queries(budget):
        response = client.get(url)
    assert response.json()["count"] == 30


def _process_with_steps(n, municipality, pa_organisation):
    process = ProcessFactory(region=municipality, organisation=pa_organisation)
    office = OfficeFactory(region=municipality, organisation=pa_organisation)
    doc = DocumentTypeFactory(region=municipality, organisation=pa_organisation)
    steps = [StepFactory(process=process, office=office) for _ in range(n)]
    for a, b in zip(steps, steps[1:], strict=False):
        StepLinkFactory(process=process, from_step=a, to_step=b, label_de="weiter")
    for step in steps:
        step.required_documents.add(doc)
    CommentFactory(process=process, region=municipality)
    return process


def test_process_detail_query_budget(
    client, municipality, pa_organisation, django_assert_num_queries
):
    small = _process_with_steps(3, municipality, pa_organisation)
    big = _process_with_steps(30, municipality, pa_organisation)
    budget = _count(client, f"/api/v1/processes/{small.pk}/?lang=de")
    assert budget <= 12
    with django_assert_num_queries(budget):
        data = client.get(f"/api/v1/processes/{big.pk}/?lang=de").json()
    assert len(data["steps"]) == 30 and len(data["links"]) == 29


def test_bundle_query_budget_and_content(
    client, municipality, pa_organisation, django_assert_num_queries
):
    for prefix in FACTORIES:
        _make(prefix, municipality, pa_organisation, 3)
    _process_with_steps(3, municipality, pa_organisation)
    url = f"/api/v1/regions/{municipality.code}/bundle/?lang=ar"
    budget = _count(client, url)
    for prefix in FACTORIES:
        _make(prefix, municipality, pa_organisation, 10)
    _process_with_steps(30, municipality, pa_organisation)
    with django_assert_num_queries(budget):
        data = client.get(url).json()
    assert data["language"] == "ar"
    assert len(data["event"]) == 13 and len(data["process"]) == 15
    assert client.get("/api/v1/regions/00000000/bundle/").status_code == 404


def test_document_image_captions_follow_the_requested_language(
    client, municipality, pa_organisation
):
    from django.core.files.base import ContentFile

    from apps.content.models import DocumentTypeImage
    from tests.migrants.conftest import PNG

    document = DocumentTypeFactory(
        region=municipality, organisation=pa_organisation, status=Status.PUBLISHED
    )
    image = DocumentTypeImage(document_type=document, caption_de="Muster", caption_ar="نموذج")
    image.image.save("sample.png", ContentFile(PNG), save=True)
    ar = client.get(f"/api/v1/document-types/{document.pk}/?lang=ar").json()
    assert ar["images"][0]["caption"] == "نموذج"
    uk = client.get(f"/api/v1/document-types/{document.pk}/?lang=uk").json()
    assert uk["images"][0]["caption"] == "Muster"  # the source language as fallback
