"""The PA start page shows what waits for the signed-in person, each part only to the roles
that may act on it, with a fixed number of queries."""

import pytest
from django.contrib.contenttypes.models import ContentType

from apps.content.feedback import feedback_create
from apps.content.models import Process, Status
from apps.translations.models import State, TranslationState
from tests.conftest import ALL_ROLES
from tests.content.factories import GlossaryTermFactory, ProcessFactory
from tests.factories import MunicipalityFactory, OrganisationFactory

URL = "/en/pa/"
SIGN_IN = "sign-in"
PA = {"pa_admin", "pa_editor", "pa_translator", "pa_analyst"}
EXPECTED = {
    role: SIGN_IN if role == "anonymous" else (200 if role in PA else 403) for role in ALL_ROLES
}

REVIEW = "wait for your review"
OUTDATED = "outdated"
FEEDBACK = "answers to “Was this helpful?”"
DASHBOARD = "Open the migration dashboard"
# What each role sees on its start page.
SEES = {
    "pa_admin": {REVIEW, OUTDATED, FEEDBACK, DASHBOARD},
    "pa_editor": {OUTDATED, FEEDBACK},
    "pa_translator": {OUTDATED},
    "pa_analyst": {DASHBOARD},
}


def fill(region, organisation, n: int) -> None:
    """n processes in review, n outdated translations, n answers of the last days."""
    for index in range(n):
        process = ProcessFactory(
            region=region, organisation=organisation, status=Status.IN_REVIEW, title_de=f"P{index}"
        )
        TranslationState.objects.create(
            content_type=ContentType.objects.get_for_model(Process),
            object_id=process.pk,
            language="ar",
            state=State.OUTDATED,
        )
        feedback_create(path="/en/", helpful=False, language="en", region=region)
    # Elsewhere: nothing of it counts here.
    other = MunicipalityFactory()
    other_org = OrganisationFactory(kind="pa", region=other)
    term = GlossaryTermFactory(region=other, organisation=other_org, status=Status.IN_REVIEW)
    TranslationState.objects.create(
        content_type=ContentType.objects.get_for_model(term),
        object_id=term.pk,
        language="ar",
        state=State.OUTDATED,
    )
    feedback_create(path="/en/", helpful=True, language="en", region=other)


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "outcome"), sorted(EXPECTED.items()))
def test_home_access_and_what_each_role_sees(role_client, pa_organisation, role, outcome):
    fill(pa_organisation.region, pa_organisation, 2)
    response = role_client(role).get(URL)
    if outcome == SIGN_IN:
        assert response.status_code == 302
        assert response.url.startswith("/en/accounts/login/?next=")
        return
    assert response.status_code == outcome
    if outcome != 200:
        return
    html = response.content.decode()
    for part in (REVIEW, OUTDATED, FEEDBACK, DASHBOARD):
        assert (part in html) == (part in SEES[role]), (role, part)
    if REVIEW in SEES[role]:
        assert "2 items wait for your review" in html
        assert 'href="/en/pa/content/moderation/"' in html
    if OUTDATED in SEES[role]:
        assert "2 translations are outdated" in html
    if FEEDBACK in SEES[role]:
        assert "2 answers to “Was this helpful?” in the last 7 days" in html
        assert 'href="/en/pa/feedback/"' in html


def test_table_covers_every_role():
    assert set(EXPECTED) == set(ALL_ROLES)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["pa_admin", "pa_editor", "pa_translator", "pa_analyst"])
def test_home_queries_do_not_grow(role_client, pa_organisation, django_assert_num_queries, role):
    client = role_client(role)
    fill(pa_organisation.region, pa_organisation, 3)
    client.get(URL)  # warm: session, grants
    counts = []
    for n in (3, 30):
        if n == 30:
            fill(pa_organisation.region, pa_organisation, 27)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            response = client.get(URL)
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
    with django_assert_num_queries(counts[1]):
        client.get(URL)
