"""The NGO profile in several languages (with a re-encoded logo) shown in the directory,
and the privacy-friendly view counter."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from apps.accounts.roles import Role
from apps.content.models import OrganisationProfile, Status, ViewCount
from tests.content.factories import CourseFactory, TopicFactory
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
    assert ViewCount.objects.get(object_id=course.pk).count == 3
    reach = client_for(member(Role.NGO_EDITOR, ngo_organisation)).get(
        ngo_url("reach", ngo_organisation.slug)
    )
    assert '<td class="reach-total">3</td>' in reach.content.decode()


def test_unpublished_items_are_not_counted(ngo_organisation):
    course = CourseFactory(
        organisation=ngo_organisation, region=ngo_organisation.region, status=Status.DRAFT
    )
    migrant_client(ngo_organisation.region).get(
        f"/en/reach/course/{course.pk}.gif", HTTP_USER_AGENT=BROWSER
    )
    assert not ViewCount.objects.exists()
