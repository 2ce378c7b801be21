"""Isolation: an editor of NGO A tries every write on NGO B's items and on the PA's items,
through the NGO app's forms and through the editor API. Denied, nothing changed."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from apps.accounts.models import Membership
from apps.accounts.roles import Role
from apps.content.fields import NGO_MODELS
from apps.content.models import Comment, Course, Revision, Status
from tests.content.factories import (
    CommentFactory,
    CounsellingOfferFactory,
    CourseFactory,
    EventFactory,
    InformationFactory,
    OfficeFactory,
)
from tests.organisations.conftest import client_for, ngo_url

pytestmark = pytest.mark.django_db

FACTORY = {
    "course": CourseFactory,
    "event": EventFactory,
    "information": InformationFactory,
    "counselling-offer": CounsellingOfferFactory,
    "office": OfficeFactory,
    "comment": CommentFactory,
}
API_PREFIX = {
    "course": "courses",
    "event": "events",
    "information": "information",
    "counselling-offer": "counselling-offers",
    "office": "offices",
    "comment": "comments",
}


def _snapshot(item):
    item.refresh_from_db()
    return (item.status, item.version, item.updated_at, getattr(item, type(item).TITLE_FIELD))


@pytest.fixture
def targets(ngo_b, pa_organisation, pa_process):
    """For each kind: an item of NGO B and one of the PA office (same town)."""
    found = {}
    for kind, factory in FACTORY.items():
        extra = {"process": pa_process} if kind == "comment" else {}
        if kind == "event":
            import datetime as dt

            from django.utils import timezone

            extra["start"] = timezone.now() + dt.timedelta(days=3)
        found[kind] = [
            factory(organisation=org, region=org.region, status=Status.IN_REVIEW, **extra)
            for org in (ngo_b, pa_organisation)
        ]
    return found


@pytest.fixture
def editor_a(member, ngo_organisation):
    return member(Role.NGO_EDITOR, ngo_organisation)


@pytest.fixture
def admin_a(member, ngo_organisation):
    return member(Role.NGO_ADMIN, ngo_organisation)


def test_forms_deny_every_write_on_other_items(editor_a, admin_a, ngo_organisation, ngo_b, targets):
    assert set(FACTORY) == set(NGO_MODELS)
    for user in (editor_a, admin_a):
        client = client_for(user)
        for kind, items in targets.items():
            for item in items:
                before = _snapshot(item)
                # Through A's own pages: the item is not found there.
                own = ngo_url("item-edit", ngo_organisation.slug, kind, item.pk)
                assert client.get(own).status_code == 404
                assert (
                    client.post(own, {"version": item.version, "title_de": "X"}).status_code == 404
                )
                archive = ngo_url("item-archive", ngo_organisation.slug, kind, item.pk)
                assert client.post(archive).status_code == 404
                # Through B's pages: A's members have no role in B.
                other = ngo_url("item-edit", ngo_b.slug, kind, item.pk)
                assert client.get(other).status_code == 403
                assert (
                    client.post(other, {"version": item.version, "title_de": "X"}).status_code
                    == 403
                )
                assert _snapshot(item) == before
        # Create for B, edit B's profile or members: denied.
        assert (
            client.post(
                ngo_url("item-create", ngo_b.slug, "course"), {"title_de": "Fremd"}
            ).status_code
            == 403
        )
        assert (
            client.post(ngo_url("profile", ngo_b.slug), {"description_de": "Fremd"}).status_code
            == 403
        )
        assert client.get(ngo_url("members", ngo_b.slug)).status_code == 403
        assert client.get(ngo_url("items", ngo_b.slug)).status_code == 403
    assert not Course.objects.filter(title_de="Fremd").exists()
    assert not hasattr(ngo_b, "profile") or not ngo_b.profile.description_de


def test_member_ids_of_another_ngo_are_not_found(admin_a, ngo_organisation, ngo_b, member):
    b_admin = member(Role.NGO_ADMIN, ngo_b)
    b_membership = Membership.objects.get(user=b_admin)
    client = client_for(admin_a)
    assert (
        client.post(ngo_url("member-remove", ngo_organisation.slug, b_membership.pk)).status_code
        == 404
    )
    assert (
        client.post(
            ngo_url("member-role", ngo_organisation.slug, b_membership.pk), {"role": "ngo_editor"}
        ).status_code
        == 404
    )
    b_membership.refresh_from_db()
    assert b_membership.role == Role.NGO_ADMIN


def test_api_denies_every_write_on_other_items(editor_a, admin_a, ngo_organisation, ngo_b, targets):
    for user in (editor_a, admin_a):
        token, _created = Token.objects.get_or_create(user=user)
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        for kind, items in targets.items():
            prefix = API_PREFIX[kind]
            listing = api.get(f"/api/v1/editor/{prefix}/").json()
            assert listing["results"] == []  # A sees none of them
            for item in items:
                before = _snapshot(item)
                revisions = Revision.objects.filter(object_id=item.pk).count()
                base = f"/api/v1/editor/{prefix}/{item.pk}/"
                assert api.get(base).status_code == 404
                title = type(item).TITLE_FIELD
                patch = api.patch(
                    base, {"version": item.version, title: {"de": "X"}}, format="json"
                )
                assert patch.status_code == 404
                for action in ("submit", "publish", "archive", "return-to-draft"):
                    assert api.post(base + f"{action}/").status_code == 404, (kind, action)
                restore = api.post(base + "restore/", {"version": item.version, "revision": 1})
                assert restore.status_code == 404
                assert _snapshot(item) == before
                assert Revision.objects.filter(object_id=item.pk).count() == revisions
            # Creating for B: refused.
            body = {
                "organisation": ngo_b.pk,
                "title" if kind != "office" else "name": {"de": "Fremd"},
            }
            if kind == "comment":
                body = {
                    "organisation": ngo_b.pk,
                    "text": {"de": "Fremd"},
                    "process": targets["comment"][0].process_id,
                }
            if kind == "event":
                body["start"] = "2031-01-01T10:00:00Z"
            response = api.post(f"/api/v1/editor/{prefix}/", body, format="json")
            assert response.status_code in (403, 400), (kind, response.status_code)
    assert not Course.objects.filter(title_de="Fremd").exists()
    assert not Comment.objects.filter(text_de="Fremd").exists()


def test_api_lets_the_editor_write_own_items(editor_a, ngo_organisation):
    token, _created = Token.objects.get_or_create(user=editor_a)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.post(
        "/api/v1/editor/counselling-offers/",
        {"organisation": ngo_organisation.pk, "title": {"de": "Schuldnerberatung"},
         "kind": "debt", "languages": ["de", "tr"]},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert api.post(f"/api/v1/editor/counselling-offers/{pk}/submit/").status_code == 200
    from apps.content.models import CounsellingOffer

    offer = CounsellingOffer.objects.get(pk=pk)
    assert offer.status == Status.IN_REVIEW and offer.languages == ["de", "tr"]
    bad = api.post(
        "/api/v1/editor/courses/",
        {"organisation": ngo_organisation.pk, "title": {"de": "K"}, "places_left": -3},
        format="json",
    )
    assert bad.status_code == 400
    assert not Course.objects.exists()
