"""The demo municipality Lindenfeld: the content `make run` / `manage.py load_demo` loads,
with texts/<lang>.json in all 11 languages holding every key of the German source."""

import json
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import Organisation
from apps.accounts.roles import OrganisationKind
from apps.content import mentions, sanitize, selectors, services
from apps.content.fields import TRANSLATED_FIELDS, column, language_codes
from apps.content.models import (
    Comment,
    Course,
    DocumentType,
    Event,
    GlossaryTerm,
    Information,
    Office,
    Process,
    Revision,
    Status,
    Step,
    StepLink,
    Topic,
    UserType,
)
from apps.demo.foundation import load_foundation
from apps.demo.municipality import (
    KEY_MARKER_RE,
    MENTION_SECTIONS,
    SECTIONS,
    SOURCE,
    language_file,
    load_municipality,
    object_text_prefixes,
    read_structure,
    read_texts,
)
from apps.regions.models import Region

CONTENT_MODELS = [Office, DocumentType, GlossaryTerm, Information, Event, Course, Process, Comment]
TEXT_MODELS = dict(SECTIONS.values()) | {
    "step": Step,
    "link": StepLink,
}


def _field_of(key: str) -> tuple[type, str]:
    return TEXT_MODELS[key.split(".", 1)[0]], key.rsplit(".", 1)[1]


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """Load once per module inside a transaction that is rolled back afterwards."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            load_foundation()
            yield load_municipality()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def lindenfeld(loaded, db):
    return Region.objects.get(code="06999001")


# --- the data files (no database) -----------------------------------------------------------


def test_every_object_has_german_and_english_texts_and_no_text_is_orphaned():
    structure, texts = read_structure(), read_texts()
    prefixes = object_text_prefixes(structure)
    for lang in ("de", "en"):
        owners = {key.rsplit(".", 1)[0] for key in texts[lang]}
        assert owners == prefixes, lang
        assert all(text.strip() for text in texts[lang].values()), lang
        for prefix in prefixes:  # the title field of every object is there
            model = TEXT_MODELS[prefix.split(".", 1)[0]]
            title = "label" if model is StepLink else getattr(model, "TITLE_FIELD", "name")
            if model is Step:
                title = "title"
            assert f"{prefix}.{title}" in texts[lang], (lang, prefix)
    assert set(texts["de"]) == set(texts["en"])


def test_every_language_file_has_every_key():
    source = read_texts()["de"]
    problems = []
    for code in language_codes():
        path = language_file(code)
        if not path.exists():
            problems.append(f"{path.name}: missing file")
            continue
        texts = json.loads(path.read_text(encoding="utf-8"))
        missing = sorted(k for k in source if not (texts.get(k) or "").strip())
        if missing:
            problems.append(f"{path.name}: {len(missing)} keys missing, e.g. {missing[:3]}")
        extra = sorted(set(texts) - set(source))
        if extra:
            problems.append(f"{path.name}: {len(extra)} unknown keys, e.g. {extra[:3]}")
    assert not problems, "\n".join(problems)


def test_every_mention_marker_names_an_object_of_its_kind_in_every_language():
    structure, texts = read_structure(), read_texts()
    keys = {kind: {o["key"] for o in structure[s]} for kind, s in MENTION_SECTIONS.items()}
    source_markers = {
        key: sorted((m["off"], m["kind"], m["key"]) for m in KEY_MARKER_RE.finditer(text))
        for key, text in texts["de"].items()
    }
    assert sum(len(v) for v in source_markers.values()) > 50
    for lang, entries in texts.items():
        for key, text in entries.items():
            found = [(m["off"], m["kind"], m["key"]) for m in KEY_MARKER_RE.finditer(text)]
            for _off, kind, target in found:
                assert target in keys[kind], (lang, key, kind, target)
            # translators keep the markers of the source text
            assert sorted(found) == source_markers.get(key, []), (lang, key)
            # nothing that looks like a marker but is malformed
            assert text.count("@[") == len(found), (lang, key)


def test_texts_pass_the_content_sanitiser_unchanged():
    for lang, entries in read_texts().items():
        for key, text in entries.items():
            model, field = _field_of(key)
            sanitize.check_text(text, field_label=key)
            # with the key markers resolved to ids, as the loader stores them
            resolved = KEY_MARKER_RE.sub(
                lambda m: mentions.mention_encode(m["kind"], 1, m["text"]), text
            )
            if field in getattr(model, "RICH_FIELDS", ()):
                assert sanitize.sanitize_html(resolved) == resolved, (lang, key)
            else:
                assert not re.search(r"<[a-zA-Z/]", text), (lang, key)
                max_length = model._meta.get_field(field).max_length
                assert max_length is None or len(text) <= max_length, (lang, key)


# --- the loaded content ------------------------------------------------------------------------


def test_counts_and_shape_of_the_demo_content(lindenfeld, loaded):
    structure = read_structure()
    demo = {"external_source": SOURCE}
    processes = list(Process.objects.filter(**demo).prefetch_related("steps", "links"))
    assert len(processes) >= 12
    for process in processes:
        assert 3 <= len(process.steps.all()) <= 8, process.external_id
        assert len(process.links.all()) >= len(process.steps.all()) - 1, process.external_id
    labels = set(StepLink.objects.filter(process__in=processes).values_list("label_en", flat=True))
    assert "if you already have a job offer" in labels
    assert len(labels - {""}) >= 10
    assert GlossaryTerm.objects.filter(**demo).count() == 40
    assert Information.objects.filter(**demo).count() == 10
    assert Event.objects.filter(**demo).count() == 10
    assert Event.objects.filter(**demo).exclude(recurrence="").count() >= 3
    assert Course.objects.filter(**demo).count() == 6
    ngos = Organisation.objects.filter(
        kind=OrganisationKind.NGO, slug__in=[n["key"] for n in structure["ngos"]]
    )
    assert ngos.count() == 5
    assert Comment.objects.filter(**demo, organisation__in=ngos).count() >= 3
    assert Topic.objects.filter(**demo).exclude(icon="").count() == len(structure["topics"])
    assert UserType.objects.filter(**demo).count() == len(structure["user_types"])
    assert loaded.counts["processes"] == len(processes)

    for model in CONTENT_MODELS:
        items = model.objects.filter(**demo).select_related("organisation")
        assert items, model
        for item in items:
            assert item.status == Status.PUBLISHED, (model, item.external_id)
            assert item.region_id == lindenfeld.pk
            if item.organisation.kind == OrganisationKind.PUBLIC_AUTHORITY:
                assert item.organisation.slug == "stadt-lindenfeld"
            assert item.source_language == "de"
            assert getattr(item, column(model.TITLE_FIELD, "en"))
    # every NGO offers something of its own
    offered = set()
    for model in (Event, Course, Information):
        offered |= set(model.objects.filter(**demo, organisation__in=ngos).values_list(
            "organisation__slug", flat=True
        ))  # fmt: skip
    assert offered == set(ngos.values_list("slug", flat=True))
    # offices: address, coordinates, opening hours and accessibility notes
    for office in Office.objects.filter(**demo):
        assert office.address and office.city == "Lindenfeld" and office.latitude
        assert office.opening_hours_en and office.accessibility_en
    # steps: required and produced documents, documents with issuers
    steps = Step.objects.filter(process__in=processes)
    assert steps.filter(required_documents__isnull=False).distinct().count() >= 20
    assert steps.filter(produced_documents__isnull=False).distinct().count() >= 20
    assert not DocumentType.objects.filter(**demo, issuer_de="").exists()
    # events stay upcoming; courses have places left
    assert selectors.item_list_published(Event, region=lindenfeld).filter(**demo).count() == 10
    assert Course.objects.filter(**demo, places_left__gt=0, start_date__gt=timezone.localdate())
    # every item was written with a revision
    for model in CONTENT_MODELS:
        ids = set(model.objects.filter(**demo).values_list("pk", flat=True))
        revised = set(
            Revision.objects.filter(
                content_type=ContentType.objects.get_for_model(model), object_id__in=ids
            ).values_list("object_id", flat=True)
        )
        assert revised == ids, model


def test_a_second_load_changes_nothing(lindenfeld):
    def state():
        rows = {}
        for model in [*CONTENT_MODELS, Step, StepLink, Topic, UserType]:
            rows[model.__name__] = sorted(
                model.objects.values_list(
                    "pk", *[column(f, lang) for f in TRANSLATED_FIELDS[model] for lang in ("de",)]
                )
            )
        for model in CONTENT_MODELS:
            rows[f"{model.__name__}-meta"] = sorted(
                model.objects.values_list("pk", "version", "status", "updated_at")
            )
        rows["revisions"] = Revision.objects.count()
        rows["organisations"] = Organisation.objects.count()
        return rows

    before = state()
    result = load_municipality()
    assert not result.changed, (result.created, result.updated)
    assert state() == before


def test_every_stored_mention_resolves_to_a_published_item(lindenfeld):
    mentioned = 0
    for model in CONTENT_MODELS:
        for item in model.objects.filter(external_source=SOURCE):
            for text in selectors.item_texts(item):
                assert not KEY_MARKER_RE.search(text), (model, item.external_id)
                mentioned += len(mentions.parse_mentions(text))
            assert selectors.mentions_dangling(item) == [], (model, item.external_id)
    assert mentioned > 100


def test_the_published_processes_are_visible_through_the_selectors_for_lindenfeld(lindenfeld):
    structure = read_structure()
    visible = selectors.item_list_published(Process, region=lindenfeld, language="en")
    keys = set(visible.filter(external_source=SOURCE).values_list("external_id", flat=True))
    assert keys == {p["key"] for p in structure["processes"]}
    anmeldung = visible.get(external_source=SOURCE, external_id="anmeldung")
    detail = selectors.process_detail(pk=anmeldung.pk)
    assert [s.title_en for s in detail.steps.all()][0] == "Get the landlord’s confirmation"
    assert detail.comments.all(), "the NGO tip is shown with the process"
    bundle = selectors.published_for_region(lindenfeld)
    demo_processes = [p for p in bundle["process"] if p.external_source == SOURCE]
    assert len(demo_processes) == len(structure["processes"])
    assert sum(len(p.steps.all()) for p in demo_processes) == sum(
        len(p["steps"]) for p in structure["processes"]
    )
    # a neighbouring municipality does not see Lindenfeld's content
    other = Region.objects.create(code="06999002", name="Nachbardorf", parent=lindenfeld.parent,
                                  level=lindenfeld.level)  # fmt: skip
    assert not selectors.item_list_published(Process, region=other).filter(external_source=SOURCE)


def test_translations_delivered_later_fill_the_empty_languages_only(lindenfeld):
    texts = read_texts()
    texts["nl"] = texts.get("nl") or dict(texts["en"])  # stands in for the translators' file
    demo = {"external_source": SOURCE}
    Process.objects.filter(**demo).update(title_nl="", description_nl="")
    Step.objects.filter(process__external_source=SOURCE).update(description_nl="")
    StepLink.objects.filter(process__external_source=SOURCE).update(label_nl="")
    edited = Process.objects.get(**demo, external_id="kita")
    Process.objects.filter(pk=edited.pk).update(title_de="Kita-Platz in Lindenfeld")
    revisions = Revision.objects.count()

    result = load_municipality(texts=texts)

    assert result.changed
    assert Revision.objects.count() > revisions
    for process in Process.objects.filter(**demo).prefetch_related("steps", "links"):
        assert process.title_nl == texts["nl"][f"process.{process.external_id}.title"]
        for step in process.steps.all():
            assert step.description_nl and not KEY_MARKER_RE.search(step.description_nl)
    labelled = StepLink.objects.filter(process__external_source=SOURCE).exclude(label_de="")
    assert labelled and not labelled.filter(label_nl="").exists()
    # what a caseworker changed stays as it is
    assert Process.objects.get(pk=edited.pk).title_de == "Kita-Platz in Lindenfeld"
    assert not load_municipality(texts=texts).changed


def test_events_and_courses_that_are_over_move_into_the_future_again(lindenfeld):
    demo = {"external_source": SOURCE}
    long_ago = timezone.now() - timezone.timedelta(days=400)
    Event.objects.filter(**demo).update(
        start=long_ago, end=long_ago, recurrence_until=long_ago.date()
    )
    Course.objects.filter(**demo).update(
        start_date=long_ago.date(), end_date=long_ago.date() + timezone.timedelta(days=30)
    )
    assert services.content_withdraw_due() >= 10  # the schedule archives the events
    assert not selectors.item_list_published(Event, region=lindenfeld).filter(**demo)

    load_municipality()

    assert selectors.item_list_published(Event, region=lindenfeld).filter(**demo).count() == 10
    today = timezone.localdate()
    assert not Course.objects.filter(**demo, end_date__lt=today).exists()
    assert not load_municipality().changed
