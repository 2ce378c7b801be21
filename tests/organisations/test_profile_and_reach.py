"""The NGO profile in several languages (with a re-encoded logo) shown in the directory,
and the privacy-friendly view counter."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from apps.accounts.roles import Role
from apps.content import reach_services
from apps.content.models import CounsellingOffer, Course, OrganisationProfile, Status, ViewCount
from apps.content.tasks import content_flush_view_counts
from tests.content.factories import CounsellingOfferFactory, CourseFactory, TopicFactory
from tests.organisations.conftest import client_for, migrant_client, ngo_url

pytestmark = pytest.mark.django_db
BROWSER = "Mozilla/5.0 (Linux; Android 10) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36"


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (800, 400), "red").save(out, format="JPEG")
    return out.getvalue()


def test_profile_in_two_languages_with_logo_shows_in_the_directory(member, ngo_organisation):
    topic = TopicFactory()
    client = client_for(member(Role.NGO_EDITOR, ngo_organisation))
    url = ngo_url("profile", ngo_organisation.slug)
    logo = SimpleUploadedFile("logo.jpg", _png() + b"trailing-bytes", content_type="image/jpeg")
    response = client.post(
        url + "?lang=de",
        {
            "description_de": "Wir beraten Geflüchtete.",
            "languages": "de, ar, prs",
            "topics": [topic.pk],
            "logo": logo,
        },
    )
    assert response.status_code == 302
    client.post(url + "?lang=ar", {"description_ar": "نقدم المشورة للاجئين."})
    profile = OrganisationProfile.objects.get(organisation=ngo_organisation)
    assert profile.languages == ["de", "ar", "prs"]
    assert profile.description_ar == "نقدم المشورة للاجئين."
    with Image.open(profile.logo.path) as image:
        assert image.format == "PNG" and max(image.size) <= 512
    assert b"trailing-bytes" not in Path(profile.logo.path).read_bytes()

    visitor = migrant_client(ngo_organisation.region)
    page = visitor.get("/ar/organisations/").content.decode()
    assert "نقدم المشورة للاجئين." in page and 'dir="rtl"' in page
    page = visitor.get(f"/en/organisations/?topic={topic.pk}&language=prs").content.decode()
    assert ngo_organisation.name in page
    page = visitor.get("/en/organisations/?language=uk").content.decode()
    assert ngo_organisation.name not in page


def test_bad_logo_and_markup_are_refused(member, ngo_organisation):
    client = client_for(member(Role.NGO_EDITOR, ngo_organisation))
    response = client.post(
        ngo_url("profile", ngo_organisation.slug) + "?lang=de",
        {
            "description_de": "<script>x</script>",
            "logo": SimpleUploadedFile("x.png", b"not an image", content_type="image/png"),
        },
    )
    assert response.status_code == 200
    assert not OrganisationProfile.objects.filter(description_de__contains="script").exists()
    response = client.post(
        ngo_url("profile", ngo_organisation.slug) + "?lang=de",
        {"description_de": "ok", "logo": SimpleUploadedFile("x.png", b"not an image")},
    )
    assert "This file is not an image we can read." in response.content.decode()


def test_views_are_counted_per_month_without_bots(member, ngo_organisation, client):
    course = CourseFactory(organisation=ngo_organisation, region=ngo_organisation.region)
    visitor = migrant_client(ngo_organisation.region)
    page = visitor.get(f"/en/courses/{course.pk}/").content.decode()
    pixel = f"/en/reach/course/{course.pk}.gif"
    assert f'src="{pixel}"' in page
    for _i in range(3):
        response = visitor.get(pixel, HTTP_USER_AGENT=BROWSER)
        assert response["Content-Type"] == "image/gif"
        assert not response.cookies
    visitor.get(pixel, HTTP_USER_AGENT="Googlebot/2.1 (+http://www.google.com/bot.html)")
    visitor.get(pixel)  # no User-Agent
    assert not ViewCount.objects.exists()  # counted in the cache until a flush
    reach = client_for(member(Role.NGO_EDITOR, ngo_organisation)).get(
        ngo_url("reach", ngo_organisation.slug)
    )
    # The reach page flushes the organisation's counts before it reads them.
    assert '<td class="reach-total">3</td>' in reach.content.decode()
    assert ViewCount.objects.get(object_id=course.pk).count == 3


def test_a_view_writes_nothing_to_the_database(ngo_organisation):
    course = CourseFactory(organisation=ngo_organisation, region=ngo_organisation.region)
    visitor = migrant_client(ngo_organisation.region)
    pixel = f"/en/reach/course/{course.pk}.gif"
    visitor.get(pixel, HTTP_USER_AGENT=BROWSER)  # the first view of the month creates the key
    with CaptureQueriesContext(connection) as ctx:
        response = visitor.get(pixel, HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 200 and not response.cookies
    sql = [q["sql"].split()[0].upper() for q in ctx.captured_queries]
    # At most the read of whether the item is published; no INSERT, UPDATE or DELETE.
    assert sql == ["SELECT"]
    month = timezone.localdate().replace(day=1)
    assert cache.get(reach_services.view_key(Course, course.pk, month)) == 2


def test_the_flush_adds_up_exactly(ngo_organisation, monkeypatch):
    region = ngo_organisation.region
    course = CourseFactory(organisation=ngo_organisation, region=region)
    offer = CounsellingOfferFactory(organisation=ngo_organisation, region=region)
    other_ngo = CourseFactory(region=region)  # another organisation's
    last_month = timezone.now() - timedelta(days=timezone.localdate().day + 1)
    for _i in range(5):
        reach_services.view_count_record(model=Course, pk=course.pk)
    for _i in range(2):
        reach_services.view_count_record(model=Course, pk=course.pk, when=last_month)
    for _i in range(7):
        reach_services.view_count_record(model=CounsellingOffer, pk=offer.pk)
    reach_services.view_count_record(model=Course, pk=other_ngo.pk)

    assert reach_services.view_counts_flush(organisation=ngo_organisation) == 14
    counts = {
        (r.content_type.model, r.object_id, r.month.month): r.count for r in ViewCount.objects.all()
    }
    this, before = timezone.localdate().month, timezone.localdate(last_month).month
    assert counts == {
        ("course", course.pk, this): 5,
        ("course", course.pk, before): 2,
        ("counsellingoffer", offer.pk, this): 7,
    }
    assert reach_services.view_counts_flush(organisation=ngo_organisation) == 0  # nothing twice

    # A view counted while a flush runs (after it read the keys) is kept for the next one.
    class ViewDuringFlush:
        """The cache, with one view counted right after the flush read the keys."""

        counted = False

        def __getattr__(self, name):
            return getattr(cache, name)

        def get_many(self, keys):
            found = cache.get_many(keys)
            if not self.counted:
                self.counted = True
                reach_services.view_count_record(model=Course, pk=course.pk)
            return found

    reach_services.view_count_record(model=Course, pk=course.pk)
    monkeypatch.setattr(reach_services, "cache", ViewDuringFlush())
    assert reach_services.view_counts_flush(organisation=ngo_organisation) == 1
    monkeypatch.setattr(reach_services, "cache", cache)
    # The beat task flushes every organisation: the view of the other NGO's course too.
    assert content_flush_view_counts.delay().get() == 2
    courses = ViewCount.objects.filter(content_type__model="course")
    assert courses.get(object_id=course.pk, month__month=this).count == 7
    assert courses.get(object_id=other_ngo.pk).count == 1
    assert reach_services.view_counts_flush() == 0


def test_unpublished_items_are_not_counted(ngo_organisation):
    course = CourseFactory(
        organisation=ngo_organisation, region=ngo_organisation.region, status=Status.DRAFT
    )
    migrant_client(ngo_organisation.region).get(
        f"/en/reach/course/{course.pk}.gif", HTTP_USER_AGENT=BROWSER
    )
    assert reach_services.view_counts_flush() == 0
    assert not ViewCount.objects.exists()


def test_views_of_an_offer_archived_before_the_flush_are_kept(ngo_organisation):
    course = CourseFactory(organisation=ngo_organisation, region=ngo_organisation.region)
    for _i in range(3):
        reach_services.view_count_record(model=Course, pk=course.pk)
    Course.objects.filter(pk=course.pk).update(status=Status.ARCHIVED)
    assert reach_services.view_counts_flush(organisation=ngo_organisation) == 3
    assert ViewCount.objects.get(object_id=course.pk).count == 3


def test_a_key_that_expires_during_the_flush_does_not_stop_it(ngo_organisation, monkeypatch):
    region = ngo_organisation.region
    first = CourseFactory(organisation=ngo_organisation, region=region)
    second = CourseFactory(organisation=ngo_organisation, region=region)
    reach_services.view_count_record(model=Course, pk=first.pk)
    for _i in range(2):
        reach_services.view_count_record(model=Course, pk=second.pk)
    month = timezone.localdate().replace(day=1)
    expiring = reach_services.view_key(Course, first.pk, month)

    class ExpiresAfterRead:
        """The cache, where the first course's key expires right after the flush read it."""

        def __getattr__(self, name):
            return getattr(cache, name)

        def get_many(self, keys):
            found = cache.get_many(keys)
            cache.delete(expiring)
            return found

    monkeypatch.setattr(reach_services, "cache", ExpiresAfterRead())
    assert reach_services.view_counts_flush(organisation=ngo_organisation) == 3
    counts = dict(ViewCount.objects.values_list("object_id", "count"))
    assert counts == {first.pk: 1, second.pk: 2}


@pytest.mark.parametrize("kind", ["process", "glossary"])
def test_process_and_glossary_pages_count_views_for_the_translators_queue(
    kind, pa_organisation_for_reach
):
    """The PA's own pages count too (no cookies, no write per view): the flush moves the
    counts into ViewCount, which the translators' queue orders by."""
    from apps.translations.workspace import recent_views
    from tests.content.factories import GlossaryTermFactory, ProcessFactory

    organisation = pa_organisation_for_reach
    factory = ProcessFactory if kind == "process" else GlossaryTermFactory
    item = factory(organisation=organisation, region=organisation.region, status=Status.PUBLISHED)
    visitor = migrant_client(organisation.region)
    path = f"/en/processes/{item.pk}/" if kind == "process" else f"/en/glossary/{item.pk}/"
    page = visitor.get(path)
    assert page.status_code == 200
    pixel = f"/en/reach/{kind}/{item.pk}.gif"
    assert f'src="{pixel}"' in page.content.decode()
    for _i in range(2):
        assert visitor.get(pixel, HTTP_USER_AGENT=BROWSER).status_code == 200
    assert not ViewCount.objects.exists()
    assert reach_services.view_counts_flush() == 2
    assert recent_views([item]) == {(type(item), item.pk): 2}


@pytest.fixture
def pa_organisation_for_reach(ngo_organisation):
    from tests.factories import OrganisationFactory

    return OrganisationFactory(region=ngo_organisation.region)
