"""WCAG 2.1 AA (axe-core) on the directory, an organisation's page and a counselling offer
(en and ar, right to left) and on the NGO app's main screens, in Arabic at a phone's width
too (no sideways scrolling)."""

import pytest

from apps.accounts.roles import Role
from apps.content.models import OrganisationProfile, Status
from tests.browser.axe import audit, check_phone_pages, region_cookie, session_cookie
from tests.content.factories import CounsellingOfferFactory, CourseFactory
from tests.organisations.conftest import client_for

pytestmark = [pytest.mark.browser]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_directory_and_ngo_screens_have_no_wcag_violations(live_server, ngo_organisation, member):
    OrganisationProfile.objects.create(
        organisation=ngo_organisation,
        description_de="Wir helfen.",
        description_ar="نحن نساعد.",
        languages=["de", "ar"],
    )
    offer = CounsellingOfferFactory(
        organisation=ngo_organisation, region=ngo_organisation.region, title_ar="استشارة"
    )
    CourseFactory(
        organisation=ngo_organisation, region=ngo_organisation.region, status=Status.IN_REVIEW
    )
    cookies = region_cookie(live_server.url, ngo_organisation.region.code)
    pages = [
        {"url": f"{live_server.url}/{lang}/organisations/", "cookies": cookies}
        for lang in ("en", "ar")
    ] + [
        {"url": f"{live_server.url}/ar/organisations/{ngo_organisation.slug}/", "cookies": cookies},
        {
            "url": f"{live_server.url}/ar/organisations/{ngo_organisation.slug}"
            f"/counselling/{offer.pk}/",
            "cookies": cookies,
        },
    ]
    staff = session_cookie(client_for(member(Role.NGO_ADMIN, ngo_organisation)), live_server.url)
    base = f"{live_server.url}/en/ngo/o/{ngo_organisation.slug}"
    for path in ("/", "/members/", "/profile/", "/reach/", "/course/new/"):
        pages.append({"url": base + path, "cookies": staff})
    pages.append({"url": f"{live_server.url}/en/ngo/register/"})
    results = audit(pages)
    for url, result in results.items():
        assert result["status"] == 200, url
        assert result["finalUrl"] == url, "redirected"
        assert result["violations"] == [], (url, result["violations"])
        assert result["foreignRequests"] == [], url


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ngo_screens_in_arabic_on_a_phone(live_server, ngo_organisation, member):
    course = CourseFactory(organisation=ngo_organisation, region=ngo_organisation.region)
    staff = session_cookie(client_for(member(Role.NGO_ADMIN, ngo_organisation)), live_server.url)
    base = f"{live_server.url}/ar/ngo/o/{ngo_organisation.slug}"
    paths = ["/", "/course/new/", f"/course/{course.pk}/", "/members/", "/profile/", "/reach/"]
    pages = [{"url": base + path, "cookies": staff} for path in paths]
    pages.append({"url": f"{live_server.url}/ar/ngo/", "cookies": staff})
    pages.append({"url": f"{live_server.url}/ar/ngo/register/"})
    check_phone_pages(audit(pages))
