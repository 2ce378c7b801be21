"""Issue 10 end to end in headless Chromium, keyboard only (tests/browser/translation_flow.mjs):
a translator limited to Arabic translates an outdated step side by side and marks it
translated, a second translator reviews it, the migrant page in Arabic shows the new
text without a notice; the translator cannot touch Russian."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from apps.accounts.models import Membership
from apps.content import services as content
from apps.content.models import Status, Step
from apps.translations import services
from apps.translations.models import State, TranslationState
from tests.browser.axe import region_cookie, run_script, session_cookie

pytestmark = [pytest.mark.browser]

NEW_TEXT = "خذ جواز السفر وعقد الإيجار."


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_translator_translates_an_outdated_step_and_a_reviewer_confirms(
    live_server, make_user, pa_organisation, municipality
):
    author = make_user("pa_editor")
    process = content.process_create(
        user=author,
        organisation=pa_organisation,
        region=municipality,
        data={"title_de": "Wohnsitz anmelden", "title_ar": "تسجيل السكن"},
    )
    for de, ar in (("Termin buchen", "احجز موعدا"), ("Zum Amt gehen", "اذهب إلى المكتب")):
        content.step_create(
            process=process,
            user=author,
            expected_version=process.version,
            data={
                "title_de": de,
                "description_de": "<p>Pass mitnehmen.</p>",
                "title_ar": ar,
                "description_ar": "<p>خذ جواز السفر.</p>",
            },
        )
    process.refresh_from_db()
    for obj in (process, *process.steps.all()):
        services.state_set(item=obj, language="ar", state=State.TRANSLATED)
    step = process.steps.all()[1]
    content.step_update(
        step=step,
        user=author,
        expected_version=process.version,
        data={"description_de": "<p>Pass und Mietvertrag mitnehmen.</p>"},
    )
    content.item_publish(item=process, user=make_user("pa_admin"))
    translator = make_user("pa_translator")
    Membership.objects.filter(user=translator).update(
        languages=["ar"], region_ids=[municipality.pk]
    )
    reviewer = make_user("pa_translator")

    def cookies(user):
        client = Client()
        client.force_login(user)
        return session_cookie(client, live_server.url)

    seen = run_script(
        "translation_flow.mjs",
        {
            "base": live_server.url,
            "translator": cookies(translator),
            "reviewer": cookies(reviewer),
            "migrant": region_cookie(live_server.url, municipality.code),
            "processId": process.pk,
            "stepId": step.pk,
            "text": NEW_TEXT,
        },
        timeout=240,
    )
    assert seen["foreignRequests"] == []
    assert seen["queueUrl"].endswith("/en/pa/translations/ar/")  # their only language
    assert "Wohnsitz anmelden" in seen["queueText"]
    assert "und" in " ".join(seen["diff"]) and "Mietvertrag" in " ".join(seen["diff"])
    assert (seen["fieldLang"], seen["fieldDir"]) == ("ar", "rtl")
    assert "Saved and marked as translated." in seen["afterSave"]
    # Refused for the language, not for a missing CSRF token.
    assert seen["russian"] == {"queue": 403, "editor": 403, "save": [403, False]}
    assert "Marked as reviewed." in seen["afterReview"]
    row = TranslationState.objects.get(
        content_type=ContentType.objects.get_for_model(Step), object_id=step.pk, language="ar"
    )
    assert (row.state, row.translated_by, row.reviewed_by) == (
        State.REVIEWED,
        translator,
        reviewer,
    )
    assert row.outdated_fields == []
    assert NEW_TEXT in seen["migrantText"]
    assert seen["migrantNotices"] == 0
    process.refresh_from_db()
    assert process.status == Status.PUBLISHED
    assert not process.title_ru  # the refused Russian save changed nothing
    assert not TranslationState.objects.filter(language="ru").exists()
