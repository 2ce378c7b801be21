"""External translators: a PA admin invites a person by e-mail, limited to chosen languages
and regions (of the office's region and below); the invitee accepts with a new account or
the signed-in invited one; the membership gets the limits; the e-mail is in the invitee's
language; every change is logged; expired, used, withdrawn or unknown links are refused
with nothing changed. Every new view for every role, anonymous included; the limits hold
in the workspace and the editor API."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client, TestCase
from django.utils import timezone
from django.utils.translation import get_language_info
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from apps.accounts import services as account_services
from apps.accounts.models import Invitation, Membership, MembershipLogEntry, User
from apps.accounts.roles import Role
from apps.content import services as content
from apps.content.models import Process, Status
from tests.conftest import ALL_ROLES, give_totp
from tests.factories import DistrictFactory, MunicipalityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

LIST = "/en/pa/translators/"


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def admin(make_user):
    return make_user("pa_admin")


@pytest.fixture
def process(make_user, pa_organisation, municipality):
    process = content.process_create(
        user=make_user("pa_editor"),
        organisation=pa_organisation,
        region=municipality,
        data={"title_de": "Wohnsitz anmelden"},
    )
    Process.objects.filter(pk=process.pk).update(status=Status.PUBLISHED)
    process.refresh_from_db()
    return process


def invite(admin, organisation, *, email="amira@example.org", languages=("ar",), regions=None):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return account_services.translator_invitation_create(
            organisation=organisation,
            user=admin,
            email=email,
            languages=list(languages),
            region_ids=[r.pk for r in (regions or [organisation.region])],
            link_base="http://testserver/",
            language="ar",
        )


def accept_path(token: str) -> str:
    return f"/en/pa/translators/invitation/{token}/"


def test_admin_invites_and_the_translator_accepts_with_a_new_account(
    admin, pa_organisation, municipality, process
):
    client = client_for(admin)
    page = client.get(LIST).content.decode()
    assert f'value="{municipality.pk}"' in page  # the office's region is offered
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            LIST,
            {
                "email": "Amira@Example.org",
                "languages": ["ar"],
                "regions": [municipality.pk],
                "language": "ar",
            },
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.languages, invitation.region_ids) == (
        "amira@example.org",
        Role.PA_TRANSLATOR,
        ["ar"],
        [municipality.pk],
    )
    (message,) = mail.outbox
    assert message.to == ["amira@example.org"]
    # In the invitee's language (Arabic): the link's language prefix and the language name.
    link = next(line for line in message.body.splitlines() if "/pa/translators/invitation/" in line)
    assert "/ar/pa/translators/invitation/" in link
    assert get_language_info("ar")["name_local"] in message.body
    token = link.rstrip("/").rsplit("/", 1)[1]
    listing = client.get(LIST).content.decode()
    assert "amira@example.org" in listing and "open, valid until" in listing

    amira = Client()
    shown = amira.get(accept_path(token)).content.decode()
    assert "You are invited to translate for" in shown and municipality.name in shown
    response = amira.post(accept_path(token), {"name": "Amira", "password": "another-Long-pw1"})
    assert response.status_code == 302
    user = User.objects.get(email="amira@example.org")
    membership = Membership.objects.get(user=user)
    assert (membership.organisation, membership.role) == (pa_organisation, Role.PA_TRANSLATOR)
    assert (membership.languages, membership.region_ids) == (["ar"], [municipality.pk])
    # The new translator works in Arabic only.
    give_totp(user)
    translator = client_for(user)
    assert translator.get("/en/pa/translations/ar/").status_code == 200
    assert translator.get("/en/pa/translations/ru/").status_code == 403
    # Single use.
    again = Client().post(accept_path(token), {"name": "Eve", "password": "another-Long-pw1"})
    assert again.status_code == 410 and "already used" in again.content.decode()
    assert Membership.objects.filter(organisation=pa_organisation).count() == 3
    # The log: invited (with the limits), joined.
    log = list(
        MembershipLogEntry.objects.filter(organisation=pa_organisation)
        .order_by("pk")
        .values_list("action", "subject_email", "note")
    )
    assert [(a, e) for a, e, _n in log] == [
        ("invited", "amira@example.org"),
        ("joined", "amira@example.org"),
    ]
    assert "ar" in log[0][2] and municipality.name in log[0][2]
    page = client.get(LIST).content.decode()
    assert "accepted on" in page and f'id="translator-{membership.pk}"' in page

    # Removing the translator ends their rights; logged.
    client.post(f"/en/pa/translators/{membership.pk}/remove/")
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert MembershipLogEntry.objects.filter(action="removed", subject_email=user.email).exists()


def test_an_existing_account_accepts_when_signed_in_with_the_invited_address(
    admin, pa_organisation, municipality, make_user
):
    person = make_user("migrant")
    _invitation, token = invite(admin, pa_organisation, email=person.email)
    response = client_for(person).post(accept_path(token))
    assert response.status_code == 302
    membership = Membership.objects.get(user=person)
    assert membership.languages == ["ar"]
    # Signed in as someone else: refused, nothing changed.
    other = make_user("migrant")
    _i, token2 = invite(admin, pa_organisation, email="third@example.org")
    refused = client_for(other).post(accept_path(token2))
    assert "This invitation is for third@example.org" in refused.content.decode()
    assert not Membership.objects.filter(user=other).exists()
    # Anonymous with an address that has an account: asked to sign in.
    _i, token3 = invite(admin, pa_organisation, email=other.email)
    page = Client().post(accept_path(token3), {"name": "X", "password": "another-Long-pw1"})
    assert "sign in to accept" in page.content.decode()
    assert not Membership.objects.filter(user=other).exists()


@pytest.mark.parametrize("case", ["expired", "withdrawn", "unknown", "ngo"])
def test_bad_links_are_refused_and_nothing_changes(
    admin, pa_organisation, case, ngo_organisation, make_user
):
    invitation, token = invite(admin, pa_organisation)
    if case == "expired":
        Invitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - timedelta(minutes=1)
        )
        expected = "This invitation has expired"
    elif case == "withdrawn":
        response = client_for(admin).post(
            f"/en/pa/translators/invitations/{invitation.pk}/withdraw/"
        )
        assert response.status_code == 302
        expected = "This invitation was withdrawn"
        assert MembershipLogEntry.objects.filter(action="withdrawn").count() == 1
    elif case == "unknown":
        token = "not-a-token"
        expected = "This invitation link is not valid"
    else:  # an NGO invitation's link does not make a translator
        ngo_admin = make_user("ngo_admin")
        _i, token = account_services.invitation_create(
            organisation=ngo_organisation,
            user=ngo_admin,
            email="ngo@example.org",
            role=Role.NGO_EDITOR,
            link_base="http://testserver/",
        )
        expected = "This invitation link is not valid"
    members = Membership.objects.count()
    response = Client().post(accept_path(token), {"name": "Late", "password": "another-Long-pw1"})
    assert response.status_code == 410
    assert expected in response.content.decode()
    assert Membership.objects.count() == members
    assert not User.objects.filter(email__in=["amira@example.org", "ngo@example.org"]).exists()


def test_a_translator_link_opened_on_the_ngo_page_is_refused(admin, pa_organisation):
    """The NGO app's acceptance page takes only invitations to an NGO."""
    _invitation, token = invite(admin, pa_organisation)
    members = Membership.objects.count()
    response = Client().post(
        f"/en/ngo/invitations/{token}/", {"name": "Late", "password": "another-Long-pw1"}
    )
    assert response.status_code == 410
    assert "This invitation link is not valid" in response.content.decode()
    assert Membership.objects.count() == members
    assert not User.objects.filter(email="amira@example.org").exists()


def test_the_error_is_translated(admin, pa_organisation):
    invitation, token = invite(admin, pa_organisation)
    Invitation.objects.filter(pk=invitation.pk).update(revoked_at=timezone.now())
    response = Client().get(f"/de/pa/translators/invitation/{token}/")
    assert response.status_code == 410
    assert "This invitation was withdrawn" not in response.content.decode()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"languages": []}, "languages"),
        ({"languages": ["xx"]}, "languages"),
        ({"regions": []}, "regions"),
        ({"regions": "other"}, "regions"),  # a region outside the office's
        ({"regions": "above"}, "regions"),  # the district above the office's town
        ({"email": "not-an-address"}, "email"),
    ],
)
def test_bad_invitations_are_refused_with_nothing_changed(
    admin, pa_organisation, municipality, data, field
):
    body = {"email": "amira@example.org", "languages": ["ar"], "regions": [municipality.pk]}
    body["language"] = "en"
    if data.get("regions") == "other":
        data = {"regions": [MunicipalityFactory(parent=DistrictFactory()).pk]}
    elif data.get("regions") == "above":
        data = {"regions": [municipality.parent.pk]}
    body.update(data)
    mail.outbox.clear()
    response = client_for(admin).post(LIST, body)
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert not Invitation.objects.exists() and not mail.outbox
    assert not MembershipLogEntry.objects.exists()
    # The service refuses the same (the form is not the only guard).
    with pytest.raises(Exception) as exc:
        account_services.translator_invitation_create(
            organisation=pa_organisation,
            user=admin,
            email=body["email"],
            languages=body["languages"],
            region_ids=body["regions"],
            link_base="http://testserver/",
        )
    assert field in getattr(exc.value, "error_dict", {field: 1}) or field == "regions"
    assert not Invitation.objects.exists()


def test_a_second_open_invitation_or_an_existing_translator_is_refused(
    admin, pa_organisation, make_user
):
    invite(admin, pa_organisation)
    with pytest.raises(Exception, match="still open"):
        invite(admin, pa_organisation)
    translator = make_user("pa_translator")
    with pytest.raises(Exception, match="already a translator"):
        invite(admin, pa_organisation, email=translator.email)
    assert Invitation.objects.count() == 1


def test_an_admin_of_a_town_can_limit_to_regions_below_and_a_district_office_more(make_user):
    district = DistrictFactory()
    towns = [MunicipalityFactory(parent=district) for _ in range(2)]
    office = OrganisationFactory(kind="pa", region=district)
    admin = make_user("pa_admin", organisation=office)
    invitation, _token = invite(admin, office, regions=towns)
    assert invitation.region_ids == sorted(t.pk for t in towns)
    # The admin of another office cannot invite for this one.
    other_admin = make_user("pa_admin")
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        invite(other_admin, office, email="b@example.org", regions=towns)
    # Nor withdraw its invitations through the screen.
    response = client_for(other_admin).post(
        f"/en/pa/translators/invitations/{invitation.pk}/withdraw/"
    )
    assert response.status_code == 404
    assert Invitation.objects.get(pk=invitation.pk).revoked_at is None


# --- every new view for every role --------------------------------------------------------


@pytest.fixture
def open_invitation(pa_organisation, make_user):
    inviter = make_user("pa_admin")
    return invite(inviter, pa_organisation)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_list_for_every_role(role_client, role, open_invitation):
    response = role_client(role).get(LIST)
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif role == "pa_admin":
        assert response.status_code == 200
        assert "amira@example.org" in response.content.decode()
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ALL_ROLES)
def test_inviting_for_every_role(role_client, role, municipality, open_invitation):
    response = role_client(role).post(
        LIST,
        {
            "email": "new@example.org",
            "languages": ["ru"],
            "regions": [municipality.pk],
            "language": "en",
        },
    )
    created = Invitation.objects.filter(email="new@example.org").exists()
    if role == "pa_admin":
        assert response.status_code == 302 and created
    else:
        assert response.status_code in (302, 403) and not created
        if role == "anonymous":
            assert "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == 403


@pytest.mark.parametrize("role", ALL_ROLES)
def test_withdrawing_for_every_role(role_client, role, open_invitation):
    invitation, _token = open_invitation
    response = role_client(role).post(f"/en/pa/translators/invitations/{invitation.pk}/withdraw/")
    invitation.refresh_from_db()
    if role == "pa_admin":
        assert response.status_code == 302 and invitation.revoked_at is not None
    else:
        assert invitation.revoked_at is None
        assert response.status_code == (302 if role == "anonymous" else 403)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_removing_a_translator_for_every_role(role_client, role, make_user, municipality):
    translator = make_user("pa_translator")
    membership = Membership.objects.get(user=translator)
    Membership.objects.filter(pk=membership.pk).update(
        languages=["ar"], region_ids=[municipality.pk]
    )
    response = role_client(role).post(f"/en/pa/translators/{membership.pk}/remove/")
    gone = not Membership.objects.filter(pk=membership.pk).exists()
    if role == "pa_admin":
        assert response.status_code == 302 and gone
    else:
        assert not gone
        assert response.status_code == (302 if role == "anonymous" else 403)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_acceptance_page_for_every_role(role_client, role, open_invitation):
    """Anyone may open the link; only the invited address (or a new account for it) may
    accept: another signed-in person is refused, nothing changed."""
    _invitation, token = open_invitation
    client = role_client(role)
    assert client.get(accept_path(token)).status_code == 200
    response = client.post(accept_path(token), {"name": "A", "password": "another-Long-pw1"})
    joined = Membership.objects.filter(user__email="amira@example.org").exists()
    if role == "anonymous":
        assert response.status_code == 302 and joined
    else:
        assert response.status_code == 200 and not joined
        assert "This invitation is for amira@example.org" in response.content.decode()


# --- the limits in the workspace and the editor API ---------------------------------------


def test_a_translator_limited_to_arabic_cannot_touch_russian(
    admin, pa_organisation, municipality, process
):
    _invitation, token = invite(admin, pa_organisation)
    Client().post(accept_path(token), {"name": "Amira", "password": "another-Long-pw1"})
    user = User.objects.get(email="amira@example.org")
    give_totp(user)
    client = client_for(user)
    editor = f"/en/pa/translations/ru/process/{process.pk}/"
    assert client.get(editor).status_code == 403
    response = client.post(
        editor + "save/",
        {"unit": "item", "version": process.version, "item-title": "Прописка"},
    )
    assert response.status_code == 403
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    url = f"/api/v1/editor/processes/{process.pk}/"
    refused = api.patch(
        url, {"version": process.version, "title": {"ru": "Прописка"}}, format="json"
    )
    assert refused.status_code == 403
    process.refresh_from_db()
    assert process.title_ru in ("", None) and process.version == 1
    allowed = api.patch(url, {"version": process.version, "title": {"ar": "تسجيل"}}, format="json")
    assert allowed.status_code == 200
    process.refresh_from_db()
    assert process.title_ar == "تسجيل"


def test_the_list_queries_do_not_depend_on_size(admin, pa_organisation, municipality):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    client = client_for(admin)
    for n in (1, 6):
        for index in range(n):
            invite(admin, pa_organisation, email=f"p{n}-{index}@example.org")
        client.get(LIST)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
