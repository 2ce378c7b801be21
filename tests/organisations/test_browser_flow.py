"""The NGO flow of issue 11, end to end in headless Chromium (tests/browser/ngo_flow.mjs):
register, e-mail confirmation, approval, two factors, invitation, a course and a tip,
moderation, the migrant in Arabic, the view count."""

import re

import pytest
from django.core import mail

from apps.accounts.models import Membership, Organisation
from apps.accounts.roles import Approval, Role
from apps.content.models import Comment, Course, Status, ViewCount
from tests.browser.axe import region_cookie, run_script, session_cookie

pytestmark = [pytest.mark.browser]
PASSWORD = "a-Long-browser-pw-7"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ngo_registers_is_approved_invites_offers_and_is_seen(
    live_server, role_client, pa_process, municipality
):
    admin = session_cookie(role_client("pa_admin"), live_server.url)
    common = {"base": live_server.url, "admin": admin, "password": PASSWORD}
    seen = run_script(
        "ngo_flow.mjs", {**common, "stage": "register", "region": municipality.code}, timeout=240
    )
    assert "is registered" in seen["afterRegister"]
    # The NGO app waits for the confirmation of the applicant's e-mail address.
    assert seen["afterRegisterUrl"].endswith("/accounts/confirm-email/")
    assert seen["beforeConfirmUrl"].endswith("/accounts/confirm-email/")
    confirmation = next(m for m in mail.outbox if m.to == ["hana@nachbarschaft.example"])
    confirm = re.search(r"https?://[^/\s]+(/\S*confirm-email/\S+/)", confirmation.body).group(1)
    seen = run_script(
        "ngo_flow.mjs",
        {**common, "stage": "approve", "applicant": seen["applicant"], "confirm": confirm},
        timeout=240,
    )
    assert "Waiting for approval" in seen["afterConfirm"], seen
    assert "Nachbarschaftshilfe Lindenfeld e. V." in seen["queueBefore"]
    organisation = Organisation.objects.get(name="Nachbarschaftshilfe Lindenfeld e. V.")
    assert organisation.approval == Approval.APPROVED
    assert seen["adminTotp"] is True
    assert "emre@nachbarschaft.example" in seen["membersText"]
    invitation = next(m for m in mail.outbox if m.to == ["emre@nachbarschaft.example"])
    path = re.search(r"https?://[^/]+(/\S+/invitations/\S+/)", invitation.body).group(1)

    seen = run_script(
        "ngo_flow.mjs",
        {
            **common,
            "stage": "offers",
            "invitation": path,
            "slug": organisation.slug,
            "processId": pa_process.pk,
            "migrant": region_cookie(live_server.url, municipality.code),
        },
        timeout=300,
    )
    assert seen["foreignRequests"] == []
    assert seen["editorTotp"] is True
    assert Membership.objects.filter(
        organisation=organisation, user__email="emre@nachbarschaft.example", role=Role.NGO_EDITOR
    ).exists()
    assert "Waiting for moderation" in seen["listBefore"]
    assert "Deutsch für den Alltag" in seen["queueText"]
    assert "Nothing is waiting for moderation." in seen["queueAfter"]
    assert "Published" in seen["listAfter"]
    course = Course.objects.get(pk=seen["courseId"])
    tip = Comment.objects.get(pk=seen["tipId"])
    assert course.status == tip.status == Status.PUBLISHED
    assert course.organisation == tip.organisation == organisation
    assert seen["migrantDir"] == "rtl"
    assert "الألمانية للحياة اليومية" in seen["migrantCourses"]
    assert "الألمانية للحياة اليومية" in seen["migrantCourse"]
    assert "اذهب في الصباح الباكر" in seen["migrantProcess"]
    assert organisation.name in seen["migrantProcess"]
    assert int(seen["reachAfter"]) == int(seen["reachBefore"]) + 2 >= 3
    assert ViewCount.objects.get(object_id=course.pk).count == int(seen["reachAfter"])
