"""Steps, events and courses refer only to offices and document types usable in their region;
NGO tips go only on processes shown in the NGO's region. A refused write changes nothing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.content import services
from apps.content.models import Event, Status, Step
from tests.content.factories import DocumentTypeFactory, OfficeFactory, ProcessFactory
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def process(pa_editor, pa_organisation, municipality):
    return services.process_create(
        user=pa_editor,
        organisation=pa_organisation,
        region=municipality,
        data={"title_de": "Wohnsitz anmelden"},
    )


@pytest.fixture
def elsewhere():
    return MunicipalityFactory()


def test_own_and_higher_regions_offices_and_documents_can_be_attached(process, pa_editor):
    land = process.region.parent.parent
    office = OfficeFactory(region=process.region)
    document = DocumentTypeFactory(region=land)
    step = services.step_create(
        process=process,
        user=pa_editor,
        expected_version=process.version,
        data={"title": "Termin", "office": office.pk},
        required_documents=[document.pk],
    )
    assert step.office == office
    assert list(step.required_documents.all()) == [document]


@pytest.mark.parametrize(
    "what", ["office of another town", "archived office", "document of another town"]
)
def test_step_cannot_use_another_towns_or_archived_attachments(process, pa_editor, elsewhere, what):
    office = OfficeFactory(region=process.region)
    document = DocumentTypeFactory(region=process.region)
    if what == "office of another town":
        office = OfficeFactory(region=elsewhere)
    elif what == "archived office":
        office.status = Status.ARCHIVED
        office.save()
    else:
        document = DocumentTypeFactory(region=elsewhere)
    version = process.version
    with pytest.raises(ValidationError) as excinfo:
        services.step_create(
            process=process,
            user=pa_editor,
            expected_version=version,
            data={"title": "Termin", "office": office.pk},
            required_documents=[document.pk],
        )
    assert set(excinfo.value.message_dict) & {"office", "documents"}
    assert not Step.objects.exists()
    process.refresh_from_db()
    assert process.version == version


def test_event_cannot_take_place_in_another_towns_office(pa_editor, pa_organisation, elsewhere):
    start = timezone.now() + dt.timedelta(days=3)
    with pytest.raises(ValidationError) as excinfo:
        services.item_create(
            model=Event,
            user=pa_editor,
            organisation=pa_organisation,
            region=pa_organisation.region,
            data={
                "title_de": "Sprachcafé",
                "start": start,
                "end": start + dt.timedelta(hours=2),
                "office": OfficeFactory(region=elsewhere).pk,
            },
        )
    assert "office" in excinfo.value.message_dict
    assert not Event.objects.exists()


def test_ngo_tips_only_on_processes_shown_in_their_region(ngo_editor, ngo_organisation, elsewhere):
    foreign = ProcessFactory(region=elsewhere, status=Status.PUBLISHED)
    with pytest.raises(ValidationError) as excinfo:
        services.comment_create(
            user=ngo_editor,
            process=foreign,
            organisation=ngo_organisation,
            data={"text_de": "Tipp"},
        )
    assert "process" in excinfo.value.message_dict
    assert not foreign.comments.exists()


def test_an_impossible_mention_id_is_refused_on_save_with_a_clear_message(pa_editor, process):
    version = process.version
    with pytest.raises(ValidationError) as excinfo:
        services.item_update(
            item=process,
            user=pa_editor,
            expected_version=version,
            data={"description_de": "<p>Siehe @[g,99999999999999999999](Wort).</p>"},
        )
    assert "does not refer to anything" in str(excinfo.value.message_dict)
    process.refresh_from_db()
    assert process.version == version


def test_a_conflict_with_ones_own_earlier_save_says_so(pa_editor, process):
    from apps.content.services import StaleVersionError

    stale = process.version
    services.item_update(
        item=process, user=pa_editor, expected_version=stale, data={"title_de": "Erste Fassung"}
    )
    with pytest.raises(StaleVersionError) as excinfo:
        services.item_update(
            item=process, user=pa_editor, expected_version=stale, data={"title_de": "Zweite"}
        )
    assert excinfo.value.message.startswith("You saved this item in another window")
    assert "Someone else" not in excinfo.value.message
