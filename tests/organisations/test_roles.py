"""Role table: every NGO-app, moderation and directory view, every role, allowed and denied.

NGO roles belong to `ngo_organisation`, PA roles to `pa_organisation` (same town).
"sign-in" means a redirect to the sign-in page; a number is the status code.
"""

import pytest

from apps.accounts import services as account_services
from apps.accounts.models import Membership
from apps.accounts.roles import Role
from apps.content.models import Course, Status
from tests.conftest import ALL_ROLES
from tests.content.factories import CounsellingOfferFactory, CourseFactory
from tests.factories import MembershipFactory, UserFactory
from tests.organisations.conftest import ngo_url, pa_url

SIGN_IN = "sign-in"
EVERYONE = dict.fromkeys(ALL_ROLES, 200)


def table(ok, *allowed, anonymous=SIGN_IN, others=403):
    result = dict.fromkeys(ALL_ROLES, others)
    result["anonymous"] = anonymous
    result.update(dict.fromkeys(allowed, ok))
    return result


NGO = ("ngo_admin", "ngo_editor")


@pytest.fixture
def world(ngo_organisation, pa_organisation):
    course = CourseFactory(
        organisation=ngo_organisation, region=ngo_organisation.region, status=Status.IN_REVIEW
    )
    offer = CounsellingOfferFactory(
        organisation=ngo_organisation, region=ngo_organisation.region, status=Status.PUBLISHED
    )
    colleague = UserFactory()
    second_admin = MembershipFactory(
        user=colleague, organisation=ngo_organisation, role=Role.NGO_ADMIN
    )
    editor = MembershipFactory(organisation=ngo_organisation, role=Role.NGO_EDITOR)
    _invitation, token = account_services.invitation_create(
        organisation=ngo_organisation,
        user=colleague,
        email="new@example.org",
        role=Role.NGO_EDITOR,
        link_base="http://testserver/",
    )
    return {
        "org": ngo_organisation,
        "course": course,
        "offer": offer,
        "editor_membership": editor,
        "second_admin": second_admin,
        "token": token,
    }


def slug(w):
    return w["org"].slug


# (name, method, url(world), data(world) or None, expected per role)
VIEWS = [
    ("ngo-home", "get", lambda w: ngo_url("home"), None,
     {**table(302, anonymous=SIGN_IN, others=302), "ngo_admin": 200, "ngo_editor": 200}),
    ("ngo-register", "get", lambda w: ngo_url("register"), None, EVERYONE),
    ("ngo-items", "get", lambda w: ngo_url("items", slug(w)), None, table(200, *NGO)),
    ("ngo-members", "get", lambda w: ngo_url("members", slug(w)), None, table(200, "ngo_admin")),
    ("ngo-invite", "post", lambda w: ngo_url("members", slug(w)),
     lambda w: {"email": "x@example.org", "role": "ngo_editor", "language": "en"},
     table(302, "ngo_admin")),
    ("ngo-member-role", "post",
     lambda w: ngo_url("member-role", slug(w), w["editor_membership"].pk),
     lambda w: {"role": "ngo_admin"}, table(302, "ngo_admin")),
    ("ngo-member-remove", "post",
     lambda w: ngo_url("member-remove", slug(w), w["editor_membership"].pk), lambda w: {},
     table(302, "ngo_admin")),
    ("ngo-invitation-revoke", "post",
     lambda w: ngo_url("invitation-revoke", slug(w), w["org"].invitations.get().pk),
     lambda w: {}, table(302, "ngo_admin")),
    ("ngo-invitation", "get", lambda w: ngo_url("invitation", token=w["token"]), None, EVERYONE),
    ("ngo-profile", "get", lambda w: ngo_url("profile", slug(w)), None, table(200, *NGO)),
    ("ngo-profile-post", "post", lambda w: ngo_url("profile", slug(w)) + "?lang=de",
     lambda w: {"description_de": "Wir helfen."}, table(302, *NGO)),
    ("ngo-reach", "get", lambda w: ngo_url("reach", slug(w)), None, table(200, *NGO)),
    ("ngo-create", "get", lambda w: ngo_url("item-create", slug(w), "course"), None,
     table(200, *NGO)),
    ("ngo-create-post", "post", lambda w: ngo_url("item-create", slug(w), "event"),
     lambda w: {"title_de": "Fest", "start": "2031-01-01T10:00"}, table(302, *NGO)),
    ("ngo-edit", "get", lambda w: ngo_url("item-edit", slug(w), "course", w["course"].pk),
     None, table(200, *NGO)),
    ("ngo-edit-post", "post",
     lambda w: ngo_url("item-edit", slug(w), "course", w["course"].pk),
     lambda w: {"version": w["course"].version, "title_de": "Neu"}, table(302, *NGO)),
    ("ngo-archive", "post",
     lambda w: ngo_url("item-archive", slug(w), "course", w["course"].pk), lambda w: {},
     table(302, "ngo_admin")),
    ("pa-moderation", "get", lambda w: pa_url("moderation"), None, table(200, "pa_admin")),
    ("pa-approve", "post", lambda w: pa_url("moderation-approve", "course", w["course"].pk),
     lambda w: {}, table(302, "pa_admin")),
    ("pa-reject", "post", lambda w: pa_url("moderation-reject", "course", w["course"].pk),
     lambda w: {"reason": "Nein"}, table(302, "pa_admin")),
    ("pa-org-approve", "post",
     lambda w: pa_url("moderation-organisation-approve", w["org"].pk), lambda w: {},
     table(302, "pa_admin")),
    ("pa-org-reject", "post",
     lambda w: pa_url("moderation-organisation-reject", w["org"].pk),
     lambda w: {"reason": "Nein"}, table(302, "pa_admin")),
    ("pa-org-trust", "post",
     lambda w: pa_url("moderation-organisation-trust", w["org"].pk), lambda w: {"trusted": "1"},
     table(302, "pa_admin")),
    ("directory", "get", lambda w: "/en/organisations/", None, EVERYONE),
    ("organisation-page", "get", lambda w: f"/en/organisations/{slug(w)}/", None, EVERYONE),
    ("counselling-page", "get",
     lambda w: f"/en/organisations/{slug(w)}/counselling/{w['offer'].pk}/", None, EVERYONE),
    ("reach-pixel", "get", lambda w: f"/en/reach/counselling-offer/{w['offer'].pk}.gif", None,
     EVERYONE),
    ("api-organisations", "get", lambda w: "/api/v1/organisations/", None, EVERYONE),
    ("api-organisation", "get", lambda w: f"/api/v1/organisations/{slug(w)}/", None,
     EVERYONE),
    ("api-counselling", "get", lambda w: "/api/v1/counselling-offers/", None, EVERYONE),
]  # fmt: skip
CASES = [(v[0], role) for v in VIEWS for role in ALL_ROLES]
BY_NAME = {v[0]: v for v in VIEWS}


def test_every_view_has_every_role():
    for name, _m, _u, _d, expected in VIEWS:
        assert set(expected) == set(ALL_ROLES), name


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "role"), CASES)
def test_role_table(name, role, role_client, world):
    _name, method, url, data, expected = BY_NAME[name]
    if name in ("pa-org-approve", "pa-org-reject"):
        world["org"].approval = "pending"
        world["org"].save(update_fields=["approval"])
    client = role_client(role)
    target = url(world)
    response = client.get(target) if method == "get" else client.post(target, data(world))
    want = expected[role]
    if want == SIGN_IN:
        assert response.status_code == 302, response.status_code
        assert "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == want, (name, role, response.status_code)
    if method == "post" and want in (403, SIGN_IN):
        # Denied: nothing changed.
        course = Course.objects.get(pk=world["course"].pk)
        assert course.status == Status.IN_REVIEW and course.version == world["course"].version
        assert Membership.objects.filter(
            pk=world["editor_membership"].pk, role="ngo_editor"
        ).exists()
        world["org"].refresh_from_db()
        assert not world["org"].is_trusted
        assert world["org"].invitations.filter(revoked_at=None).count() == 1
