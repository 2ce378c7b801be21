"""Onboarding: an NGO registers, a PA admin of its region approves or rejects it, its admin
invites members (single-use link that expires), changes roles and removes them; every
change is logged."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import TestCase
from django.utils import timezone

from apps.accounts import services as account_services
from apps.accounts.models import Invitation, Membership, MembershipLogEntry, Organisation, User
from apps.accounts.roles import Approval, Role
from tests.conftest import give_totp
from tests.factories import DistrictFactory, MunicipalityFactory
from tests.organisations.conftest import client_for, ngo_url, pa_url

pytestmark = pytest.mark.django_db


def register(client, municipality, **extra):
    data = {
        "name": "Willkommen e.V.",
        "region": municipality.code,
        "email": "kontakt@willkommen.example",
        "description": "Beratung und Deutschkurse",
        "address": "Hauptstr. 1",
        "applicant_name": "Amal",
        "applicant_email": "amal@willkommen.example",
        "applicant_password": "a-Long-passw0rd!",
        **extra,
    }
    return client.post(ngo_url("register"), data)


def confirm_email(client, address: str) -> None:
    """Follow allauth's confirmation link of the last mail to `address`."""
    message = next(m for m in reversed(mail.outbox) if m.to == [address])
    path = re.search(r"https?://[^/\s]+(/\S*confirm-email/\S+/)", message.body).group(1)
    response = client.post(path)
    assert response.status_code == 302, response.content.decode()[:500]


def test_registration_approval_and_invitation_flow(client, municipality, make_user):
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = register(client, municipality)
    assert response.status_code == 302
    confirm_email(client, "amal@willkommen.example")
    organisation = Organisation.objects.get(name="Willkommen e.V.")
    assert organisation.approval == Approval.PENDING and not organisation.is_active
    applicant = User.objects.get(email="amal@willkommen.example")
    assert organisation.memberships.get().user == applicant
    # Waiting: no NGO rights yet.
    page = client.get(ngo_url("home"))
    assert "Waiting for approval" in page.content.decode()
    assert client.get(ngo_url("items", organisation.slug)).status_code == 403

    # A PA admin of the Land above approves it (Land offices moderate their Gemeinden).
    from tests.factories import OrganisationFactory

    land_office = OrganisationFactory(kind="pa", region=municipality.parent.parent)
    land_admin = make_user("pa_admin", organisation=land_office)
    queue = client_for(land_admin).get(pa_url("moderation"))
    assert "Willkommen e.V." in queue.content.decode()
    mail.outbox.clear()
    with pytest.MonkeyPatch.context(), TestCase.captureOnCommitCallbacks(execute=True):
        response = client_for(land_admin).post(
            pa_url("moderation-organisation-approve", organisation.pk)
        )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.approval == Approval.APPROVED and organisation.is_active
    assert [m.to for m in mail.outbox] == [
        ["amal@willkommen.example"],
        ["kontakt@willkommen.example"],
    ]
    assert "approved" in mail.outbox[0].body

    # The admin (now with 2FA) invites an editor.
    give_totp(applicant)
    admin = client_for(applicant)
    mail.outbox.clear()

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = admin.post(
            ngo_url("members", organisation.slug),
            {"email": "ben@example.org", "role": Role.NGO_EDITOR, "language": "en"},
        )
    assert response.status_code == 302
    assert mail.outbox[0].to == ["ben@example.org"]
    link = next(line for line in mail.outbox[0].body.splitlines() if "/invitations/" in line)
    path = link[link.index("/en/") :]

    from django.test import Client

    ben = Client()
    response = ben.post(path, {"name": "Ben", "password": "another-Long-pw1"})
    assert response.status_code == 302
    ben_user = User.objects.get(email="ben@example.org")
    assert Membership.objects.filter(
        user=ben_user, organisation=organisation, role=Role.NGO_EDITOR
    ).exists()
    # Single use: the same link again is refused, nothing changes.
    again = Client().post(path, {"name": "Eve", "password": "another-Long-pw1"})
    assert again.status_code == 410
    assert "already used" in again.content.decode()
    assert Membership.objects.filter(organisation=organisation).count() == 2

    # Role change and removal are logged and shown to the admin.
    membership = Membership.objects.get(user=ben_user, organisation=organisation)
    admin.post(ngo_url("member-role", organisation.slug, membership.pk), {"role": Role.NGO_ADMIN})
    membership.refresh_from_db()
    assert membership.role == Role.NGO_ADMIN
    admin.post(ngo_url("member-remove", organisation.slug, membership.pk))
    assert not Membership.objects.filter(user=ben_user, organisation=organisation).exists()
    actions = list(
        MembershipLogEntry.objects.filter(organisation=organisation)
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["registered", "approved", "invited", "joined", "role_changed", "removed"]
    page = admin.get(ngo_url("members", organisation.slug)).content.decode()
    assert "Role changed" in page and "ben@example.org" in page


def test_reject_with_reason_mails_the_applicant(client, municipality, make_user):
    register(client, municipality)
    organisation = Organisation.objects.get(name="Willkommen e.V.")
    admin = client_for(make_user("pa_admin"))
    # No reason: refused, nothing changed.
    admin.post(pa_url("moderation-organisation-reject", organisation.pk), {"reason": ""})
    organisation.refresh_from_db()
    assert organisation.approval == Approval.PENDING
    with TestCase.captureOnCommitCallbacks(execute=True):
        admin.post(
            pa_url("moderation-organisation-reject", organisation.pk),
            {"reason": "Bitte Vereinsregister nachreichen."},
        )
    organisation.refresh_from_db()
    assert organisation.approval == Approval.REJECTED
    assert organisation.rejection_reason == "Bitte Vereinsregister nachreichen."
    assert "Vereinsregister" in mail.outbox[0].body


def test_the_applicants_language_is_used_for_the_mail(municipality, make_user, client):
    client.post(
        "/ar/ngo/register/",
        {
            "name": "Salam",
            "region": municipality.code,
            "email": "info@salam.example",
            "description": "x",
            "applicant_name": "S",
            "applicant_email": "s@salam.example",
            "applicant_password": "a-Long-passw0rd!",
        },
    )
    assert User.objects.get(email="s@salam.example").preferred_language == "ar"


def test_pa_admin_of_another_region_cannot_approve(client, municipality, make_user):
    register(client, municipality)
    organisation = Organisation.objects.get(name="Willkommen e.V.")
    from tests.factories import OrganisationFactory

    elsewhere = OrganisationFactory(kind="pa", region=MunicipalityFactory(parent=DistrictFactory()))
    outsider = client_for(make_user("pa_admin", organisation=elsewhere))
    assert "Willkommen" not in outsider.get(pa_url("moderation")).content.decode()
    response = outsider.post(pa_url("moderation-organisation-approve", organisation.pk))
    assert response.status_code == 403
    organisation.refresh_from_db()
    assert organisation.approval == Approval.PENDING


def test_second_registration_with_the_same_email_is_refused(client, municipality):
    register(client, municipality)
    response = register(client.__class__(), municipality, name="Noch ein Verein")
    assert response.status_code == 200
    page = response.content.decode()
    assert "An account with this e-mail address already exists" in page
    assert "An organisation with this e-mail address is already registered" in page
    assert not Organisation.objects.filter(name="Noch ein Verein").exists()
    assert User.objects.filter(email="amal@willkommen.example").count() == 1


def test_unknown_region_is_refused(client):
    response = register(client, type("R", (), {"code": "99999999"})())
    assert "No single region has this key or name" in response.content.decode()
    assert not Organisation.objects.exists()


def test_expired_invitation_is_refused(ngo_organisation, member):
    admin = member(Role.NGO_ADMIN, ngo_organisation)
    invitation, token = account_services.invitation_create(
        organisation=ngo_organisation,
        user=admin,
        email="late@example.org",
        role=Role.NGO_EDITOR,
        link_base="http://testserver/",
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    from django.test import Client

    response = Client().post(
        ngo_url("invitation", token=token), {"name": "Late", "password": "another-Long-pw1"}
    )
    assert response.status_code == 410
    assert "This invitation has expired" in response.content.decode()
    assert not User.objects.filter(email="late@example.org").exists()


def test_invitation_for_another_address_is_refused(ngo_organisation, member):
    admin = member(Role.NGO_ADMIN, ngo_organisation)
    _invitation, token = account_services.invitation_create(
        organisation=ngo_organisation,
        user=admin,
        email="right@example.org",
        role=Role.NGO_EDITOR,
        link_base="http://testserver/",
    )
    other = member(Role.NGO_EDITOR, ngo_organisation)
    response = client_for(other).post(ngo_url("invitation", token=token))
    assert "This invitation is for right@example.org" in response.content.decode()
    assert Invitation.objects.get().accepted_at is None


def test_last_admin_cannot_remove_themself(ngo_organisation, member):
    admin = member(Role.NGO_ADMIN, ngo_organisation)
    membership = Membership.objects.get(user=admin)
    client = client_for(admin)
    response = client.post(
        ngo_url("member-remove", ngo_organisation.slug, membership.pk), follow=True
    )
    assert "The last administrator cannot be removed" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()
    client.post(
        ngo_url("member-role", ngo_organisation.slug, membership.pk), {"role": Role.NGO_EDITOR}
    )
    membership.refresh_from_db()
    assert membership.role == Role.NGO_ADMIN


def test_editor_cannot_manage_members(ngo_organisation, member):
    admin = member(Role.NGO_ADMIN, ngo_organisation)
    editor = client_for(member(Role.NGO_EDITOR, ngo_organisation))
    membership = Membership.objects.get(user=admin)
    assert editor.get(ngo_url("members", ngo_organisation.slug)).status_code == 403
    assert (
        editor.post(ngo_url("member-remove", ngo_organisation.slug, membership.pk)).status_code
        == 403
    )
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_the_applicant_confirms_the_email_before_two_factor(client, municipality):
    with TestCase.captureOnCommitCallbacks(execute=True):
        register(client, municipality)
    address = EmailAddress.objects.get(email="amal@willkommen.example")
    assert not address.verified and address.primary
    assert "confirm-email" in mail.outbox[-1].body
    organisation = Organisation.objects.get(name="Willkommen e.V.")
    # Unconfirmed: the NGO app and the second-factor set-up send to "confirm your e-mail".
    for path in (ngo_url("home"), ngo_url("register"), "/en/accounts/2fa/totp/activate/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].endswith("/accounts/confirm-email/"), path
    # The rest of the site stays reachable.
    assert client.get("/en/").status_code == 200

    confirm_email(client, "amal@willkommen.example")
    address.refresh_from_db()
    assert address.verified
    page = client.get(ngo_url("home"))
    assert page.status_code == 200 and "Waiting for approval" in page.content.decode()
    # Approved, the NGO admin's next step is the second factor.
    organisation.approval, organisation.is_active = Approval.APPROVED, True
    organisation.save()
    response = client.get(ngo_url("items", organisation.slug))
    assert response.status_code == 302 and "/2fa/totp/activate/" in response["Location"]
