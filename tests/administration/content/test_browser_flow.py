"""The caseworker flow of issue 3, end to end in headless Chromium (keyboard only, tablet size).

The Node script tests/browser/pa_process_flow.mjs drives three signed-in sessions
(caseworker, PA admin, translator) against the live test server; this test checks what
the pages showed and what ended up in the database and the public API.
"""

import pytest

from apps.content.models import DocumentType, Office, Process, Status, StepLink
from apps.content.selectors import revision_list
from tests.browser.axe import run_script, session_cookie

pytestmark = [pytest.mark.browser]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_caseworker_writes_reviews_publishes_translates_and_restores(live_server, role_client):
    sessions = {
        name: session_cookie(role_client(role), live_server.url)
        for name, role in [
            ("editor", "pa_editor"),
            ("admin", "pa_admin"),
            ("translator", "pa_translator"),
        ]
    }
    seen = run_script("pa_process_flow.mjs", {"base": live_server.url, **sessions}, timeout=240)
    assert seen["foreignRequests"] == []

    process = Process.objects.get(pk=seen["processId"])
    steps = list(process.steps.order_by("position"))
    assert [step.title_de for step in steps] == [f"Schritt {n}" for n in range(1, 6)]
    assert steps[1].office == Office.objects.get(name_de="Bürgeramt Mitte")
    assert {d.name_de for d in steps[1].required_documents.all()} == {"Reisepass", "Mietvertrag"}
    assert DocumentType.objects.count() == 2
    link = StepLink.objects.get(from_step__process=process)
    assert (link.from_step, link.to_step) == (steps[1], steps[3])
    assert link.label_de == "Wenn Sie schon einen Mietvertrag haben"
    assert "Wenn Sie schon einen Mietvertrag haben" in seen["stepEditorText"]
    assert "Wenn Sie schon einen Mietvertrag haben" in seen["previewText"]

    assert "Wohnsitz anmelden" in seen["queueText"]
    assert "Nothing is waiting for review." in seen["queueAfterPublish"]
    assert seen["apiDe"]["status"] == 200
    assert seen["apiDe"]["body"]["title"] == "Wohnsitz anmelden"
    assert seen["apiDe"]["body"]["language"] == "de"
    assert seen["apiAr"]["status"] == 200
    assert seen["apiAr"]["body"]["title"] == "تسجيل محل السكن"
    assert seen["apiAr"]["body"]["language"] == "ar"

    assert "Someone else" in seen["conflictText"]
    assert "Wohnsitz beim Bürgeramt anmelden" in seen["conflictText"]
    # The restore put back the title from before the conflicting edit, as a new revision.
    process.refresh_from_db()
    assert process.status == Status.PUBLISHED
    assert process.title_de == "Wohnsitz anmelden"
    assert process.title_ar == "تسجيل محل السكن"
    assert process.steps.count() == 5
    assert revision_list(process).first().number == process.version
