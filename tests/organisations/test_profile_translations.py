"""NGO profile texts go through the translation states like content (apps/translations):
per-language states with field fingerprints, outdated when the German source changes, in
the translator's queue, editor and coverage, and the migrant pages follow the publication
rules (a confirmed translation is shown; one in translation falls back; an outdated one
has a notice). In Arabic and in a Latin-script language (Spanish)."""

import pytest

from apps.accounts.roles import Role
from apps.content import services
from apps.content.models import OrganisationProfile
from apps.translations import selectors as translation_selectors
from apps.translations import services as translation_services
from apps.translations import workspace
from apps.translations.models import State, TranslationState
from tests.conftest import clear_own_cache
from tests.organisations.conftest import client_for, migrant_client

pytestmark = pytest.mark.django_db

DE = "Wir beraten Geflüchtete in Lindenfeld."
AR = "نقدم المشورة للاجئين في ليندنفيلد."
ES = "Asesoramos a personas refugiadas en Lindenfeld."


@pytest.fixture
def profile(member, ngo_organisation):
    editor = member(Role.NGO_EDITOR, ngo_organisation)
    services.organisation_profile_save(
        organisation=ngo_organisation,
        user=editor,
        data={
            "description_de": DE,
            "opening_hours_de": "Mo–Fr 9–12 Uhr",
            "description_ar": AR,
            "description_es": ES,
            "opening_hours_es": "Lu–Vi 9–12 h",
        },
    )
    profile = OrganisationProfile.objects.get(organisation=ngo_organisation)
    profile.editor = editor
    return profile


def _page(organisation, language: str) -> str:
    # The pages' cache generation moves on commit, which these tests never reach.
    clear_own_cache()
    visitor = migrant_client(organisation.region)
    return visitor.get(f"/{language}/organisations/{organisation.slug}/").content.decode()


def test_states_publication_and_outdating(profile, ngo_organisation, make_user):
    translator = make_user("pa_translator")
    reviewer = make_user("pa_translator")
    # Arabic: translated by a PA translator, reviewed by another: shown.
    translation_services.translation_save(
        obj=profile,
        language="ar",
        user=translator,
        texts={"description": AR, "opening_hours": "الاثنين–الجمعة 9–12"},
        expected_version=None,
        mark_translated=True,
    )
    translation_services.translation_mark_reviewed(obj=profile, language="ar", user=reviewer)
    # Spanish: still in translation: the German text is shown, no Spanish text at all.
    translation_services.state_set(item=profile, language="es", state=State.IN_TRANSLATION)
    ar_page = _page(ngo_organisation, "ar")
    assert AR in ar_page and "الاثنين–الجمعة 9–12" in ar_page and 'dir="rtl"' in ar_page
    es_page = _page(ngo_organisation, "es")
    assert ES not in es_page and "Lu–Vi" not in es_page
    assert DE in es_page and "Mo–Fr 9–12 Uhr" in es_page
    clear_own_cache()
    directory = migrant_client(ngo_organisation.region).get("/es/organisations/")
    assert DE in directory.content.decode() and ES not in directory.content.decode()
    assert translation_selectors.states_for([profile], ["ar", "es", "nl"])[profile.pk] == {
        "ar": "reviewed",
        "es": "in_translation",
        "nl": "missing",
    }

    # The NGO changes its German description: the translations made from it are outdated,
    # for that field only.
    services.organisation_profile_save(
        organisation=ngo_organisation,
        user=profile.editor,
        data={"description_de": "Wir beraten Geflüchtete und Familien in Lindenfeld."},
    )
    row = TranslationState.objects.get(object_id=profile.pk, language="ar")
    assert row.state == State.OUTDATED and row.outdated_fields == ["description"]
    # (Spanish was in translation from the old text: outdated too.)
    assert TranslationState.objects.get(object_id=profile.pk, language="es").state == (
        State.OUTDATED
    )
    # Outdated Arabic is shown with the notice (the default policy).
    ar_page = _page(ngo_organisation, "ar")
    assert AR in ar_page
    assert "notice-outdated" in ar_page, ar_page[ar_page.find("<article") :][:1500]
    # Changing only a translation outdates nothing.
    services.organisation_profile_save(
        organisation=ngo_organisation, user=profile.editor, data={"description_es": ES + "!"}
    )
    assert TranslationState.objects.filter(state=State.OUTDATED).count() == 2

    # The translator's queue, editor and coverage list the profile.
    entries = workspace.translation_queue(translator, language="ar")
    entry = next(e for e in entries if e.kind == workspace.PROFILE_KIND)
    assert entry.title == ngo_organisation.name and entry.work == State.OUTDATED
    assert any(
        e.kind == workspace.PROFILE_KIND
        for e in workspace.translation_queue(translator, language="es")
    )
    client = client_for(translator)
    editor_page = client.get(f"/en/pa/translations/ar/organisation-profile/{profile.pk}/")
    assert editor_page.status_code == 200 and AR in editor_page.content.decode()
    queue_page = client.get("/en/pa/translations/ar/").content.decode()
    assert ngo_organisation.name in queue_page
    rows = translation_selectors.coverage_table(
        workspace.scope_q(translator), profiles_q=workspace.profile_scope_q(translator)
    )
    ar_row = next(r for r in rows if r.kind == workspace.PROFILE_KIND and r.language == "ar")
    assert ar_row.counts[State.OUTDATED.value] == 1


def test_translators_write_only_target_languages_and_deletion_forgets_states(profile, make_user):
    from django.core.exceptions import PermissionDenied, ValidationError

    translator = make_user("pa_translator")
    with pytest.raises((PermissionDenied, ValidationError)):
        translation_services.translation_save(
            obj=profile,
            language="de",
            user=translator,
            texts={"description": "Überschrieben"},
            expected_version=None,
        )
    profile.refresh_from_db()
    assert profile.description_de == DE
    translation_services.state_set(item=profile, language="ar", state=State.TRANSLATED)
    assert TranslationState.objects.filter(object_id=profile.pk).exists()
    profile.delete()
    assert not TranslationState.objects.exists()
