"""The bulk writes importers and the demo loader use (content.services): revisions for
many items, many new steps; a fixed number of queries whatever the number of items."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.content import services
from apps.content.models import Information, Process, Revision, Step
from tests.content.factories import (
    DocumentTypeFactory,
    InformationFactory,
    ProcessFactory,
    StepFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def _revisions(model, pk):
    return Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id=pk
    ).order_by("number")


def _write(model, pks, **kwargs):
    with CaptureQueriesContext(connection) as queries:
        written = services.revisions_write_many(model=model, pks=pks, action="import", **kwargs)
    return written, len(queries)


def test_revisions_for_many_items_bump_versions_and_snapshot_each():
    topic = TopicFactory()
    items = InformationFactory.create_batch(3, version=4)
    items[0].topics.add(topic)
    fresh = InformationFactory(version=1)
    written, _ = _write(
        Information, [i.pk for i in [*items, fresh]], keep_version=[fresh.pk], user=None
    )
    assert len(written) == 4
    for item in items:
        item.refresh_from_db()
        assert item.version == 5
        (revision,) = _revisions(Information, item.pk)
        assert revision.number == 5 and revision.action == "import"
        assert revision.snapshot["fields"]["title_de"] == item.title_de
        assert revision.source_hash == services.source_text_hash(revision.snapshot, "de")
    assert _revisions(Information, items[0].pk).get().snapshot["topics"] == [topic.pk]
    fresh.refresh_from_db()
    assert fresh.version == 1
    assert _revisions(Information, fresh.pk).get().number == 1


def test_revisions_for_many_items_take_the_same_queries_for_two_and_for_six():
    small = [p.pk for p in ProcessFactory.create_batch(2)]
    large = [p.pk for p in ProcessFactory.create_batch(6)]
    for pk in [*small, *large]:
        StepFactory(process_id=pk)
    ContentType.objects.get_for_model(Process)  # cached from here on, for both calls
    written_small, queries_small = _write(Process, small)
    written_large, queries_large = _write(Process, large)
    assert (len(written_small), len(written_large)) == (2, 6)
    assert queries_small == queries_large
    steps = _revisions(Process, large[0]).get().snapshot["steps"]
    assert [s["id"] for s in steps] == list(
        Step.objects.filter(process_id=large[0]).values_list("pk", flat=True)
    )


def test_revisions_write_many_without_items_writes_nothing():
    assert services.revisions_write_many(model=Process, pks=[], action="import") == []
    assert not Revision.objects.exists()


def test_steps_created_in_bulk_with_their_documents():
    process = ProcessFactory()
    passport, permit = DocumentTypeFactory(), DocumentTypeFactory()
    steps = [Step(process=process, position=n, title_de=f"Schritt {n}") for n in range(3)]
    with CaptureQueriesContext(connection) as queries:
        created = services.steps_create_many(
            steps=steps,
            documents={
                0: {"required_documents": [passport.pk, permit.pk]},
                2: {"produced_documents": [permit.pk]},
            },
        )
    assert len(queries) == 3  # the steps, the required and the produced documents
    assert [s.pk for s in created] == list(
        process.steps.order_by("position").values_list("pk", flat=True)
    )
    first, second, third = process.steps.order_by("position")
    assert set(first.required_documents.values_list("pk", flat=True)) == {passport.pk, permit.pk}
    assert not second.required_documents.exists() and not second.produced_documents.exists()
    assert list(third.produced_documents.values_list("pk", flat=True)) == [permit.pk]
