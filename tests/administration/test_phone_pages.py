"""The PA's workflow screens (translation, exchange, translators, audio coverage,
moderation, the chatbot's unanswered questions) in Arabic at a phone's width in headless
Chromium: right to left, no WCAG 2.1 AA violation (axe-core), no sideways scrolling of the
page, nothing fetched from another host."""

import pytest

from apps.accounts.roles import Role
from apps.content.models import Status
from tests.browser.axe import audit, check_phone_pages, session_cookie
from tests.content.factories import ProcessFactory, StepFactory

pytestmark = [pytest.mark.browser]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pa_workflow_screens_in_arabic_on_a_phone(live_server, role_client, pa_organisation):
    process = ProcessFactory(
        organisation=pa_organisation,
        region=pa_organisation.region,
        status=Status.PUBLISHED,
        title_ar="",
        description_de="<p>Melden Sie Ihre Wohnung innerhalb von zwei Wochen an.</p>",
    )
    StepFactory(process=process, title_de="Termin vereinbaren", title_en="Make an appointment")
    admin = session_cookie(role_client(Role.PA_ADMIN), live_server.url)
    base = f"{live_server.url}/ar/pa"
    paths = [
        "/",
        "/translations/",
        "/translations/ar/",
        f"/translations/ar/process/{process.pk}/",
        "/translations/coverage/",
        "/translations/exchange/export/",
        "/translations/exchange/import/",
        "/translations/exchange/machine/",
        "/translations/exchange/machine/jobs/",
        "/translators/",
        "/speech/coverage/",
        "/moderation/",
        "/chatbot/unanswered/",
    ]
    check_phone_pages(audit([{"url": base + path, "cookies": admin} for path in paths]))
