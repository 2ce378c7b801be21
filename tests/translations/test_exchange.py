"""Exchange files: XLIFF 1.2, XLIFF 2.0 and PO exports read by translate-toolkit (an
independent implementation), files translated outside the platform imported back,
changed sources flagged, malformed files refused with nothing changed. Texts in Arabic,
Chinese, Cyrillic and Latin script."""

import copy
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from lxml import etree
from translate.storage import po as tt_po
from translate.storage import xliff as tt_xliff
from translate.storage import xliff2 as tt_xliff2
from translate.storage.placeables import StringElem

from apps.content import services as content
from apps.content.models import GlossaryTerm, Information, Process, Revision, Step, StepLink
from apps.translations.exchange.formats import export
from apps.translations.exchange.selectors import fingerprint, units_select
from apps.translations.exchange.services import ImportRefused, exchange_import
from apps.translations.models import State, TranslationState

pytestmark = pytest.mark.django_db

BODY_DE = (
    '<p>Melden Sie sich beim <a href="https://example.org/amt" rel="noopener noreferrer">'
    "Bürgeramt</a> an &amp; bringen Sie die @[g,{term}](Meldebescheinigung) mit.</p>"
)


@pytest.fixture
def texts(pa_editor, pa_organisation, municipality):
    """A glossary term, an information page with a link and a mention, a process with
    two steps and a labelled link: German sources, some Russian, Chinese, Arabic texts."""
    term = content.item_create(
        model=GlossaryTerm,
        user=pa_editor,
        organisation=pa_organisation,
        region=municipality,
        data={
            "term_de": "Meldebescheinigung",
            "explanation_de": "<p>Ein Nachweis.</p>",
            "term_ru": "Справка о регистрации",
        },
    )
    page = content.item_create(
        model=Information,
        user=pa_editor,
        organisation=pa_organisation,
        region=municipality,
        data={
            "title_de": "Anmelden",
            "summary_de": "Kurz: innerhalb von 14 Tagen.",
            "body_de": BODY_DE.format(term=term.pk),
            "title_zh_hans": "登记",
        },
    )
    process = content.process_create(
        user=pa_editor,
        organisation=pa_organisation,
        region=municipality,
        data={
            "title_de": "Wohnsitz anmelden",
            "description_de": "<p>In <strong>14</strong> Tagen.</p>",
        },
    )
    for title in ("Termin buchen", "Hingehen"):
        content.step_create(
            process=process,
            user=pa_editor,
            expected_version=process.version,
            data={"title_de": title},
        )
        process.refresh_from_db()
    first, second = process.steps.all()
    content.step_link_create(
        process=process,
        user=pa_editor,
        expected_version=process.version,
        from_step=first,
        to_step=second,
        label={"de": "danach"},
    )
    process.refresh_from_db()
    return {"term": term, "page": page, "process": process}


TT = {
    "xliff12": tt_xliff.xlifffile,
    "xliff20": tt_xliff2.Xliff2File,
    "po": tt_po.pofile,
}
FORMATS = list(TT)
# German source pieces -> Arabic, for "a translator outside the platform".
ARABIC = {
    "Kurz: innerhalb von 14 Tagen.": "باختصار: في غضون 14 يومًا.",
    "Melden Sie sich beim ": "سجّل لدى ",
    "Bürgeramt": "مكتب المواطنين",
    " an & bringen Sie die ": " وأحضر ",
    "Meldebescheinigung": "شهادة التسجيل",
    " mit.": " معك.",
    "Termin buchen": "احجز موعدًا",
}
BODY_AR = (
    '<p>سجّل لدى <a href="https://example.org/amt" rel="noopener noreferrer">مكتب المواطنين</a>'
    " وأحضر @[g,{term}](شهادة التسجيل) معك.</p>"
)


def _unit_id(unit) -> str:
    return unit.getid().split("\x04")[0 if isinstance(unit, tt_po.pounit) else -1]


def _units(store):
    return [u for u in store.units if not u.isheader()]


def _notes(unit) -> str:
    """The unit's notes. translate-toolkit's XLIFF 2.0 reader looks for <notes> in the
    <segment>; the standard (and our export) has them in the <unit>."""
    if isinstance(unit, tt_xliff2.Xliff2Unit):
        return " ".join(unit.getunitelement().itertext())
    return unit.getnotes()


def _translate_rich(elem):
    """Replace the words of a translate-toolkit rich string, leaving placeholders alone."""
    if type(elem) is StringElem:
        elem.sub = [
            ARABIC.get(s, s) if isinstance(s, str) else _translate_rich(s) for s in elem.sub
        ]
    return elem


def _translated_outside(data: bytes, fmt: str, wanted: set[str]) -> bytes:
    """The export translated with translate-toolkit: only the units in `wanted`."""
    store = TT[fmt].parsestring(data)
    for unit in _units(store):
        if _unit_id(unit) not in wanted:
            continue
        if fmt == "po":
            text = unit.source
            for de, ar in sorted(ARABIC.items(), key=lambda kv: -len(kv[0])):
                text = text.replace(de, ar)
            unit.target = text
        else:
            unit.rich_target = [_translate_rich(copy.deepcopy(unit.rich_source[0]))]
    return bytes(store)


def _snapshot():
    """Everything an import may change: texts of every language, states, revisions."""
    rows = []
    for model in (GlossaryTerm, Information, Process, Step, StepLink):
        rows += [(model.__name__, sorted(r.items())) for r in model.objects.values()]
    states = list(TranslationState.objects.values_list("object_id", "language", "state"))
    return rows, sorted(states), Revision.objects.count()


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_is_read_by_translate_toolkit(texts, fmt):
    selection = units_select(language="ar")
    data = export(selection, fmt)
    store = TT[fmt].parsestring(data)
    units = {_unit_id(u): u for u in _units(store)}
    page, process = texts["page"], texts["process"]
    first, second = process.steps.all()
    link = process.links.get()
    assert set(units) == {
        f"process:{process.pk}:title", f"process:{process.pk}:description",
        f"step:{first.pk}:title", f"step:{second.pk}:title", f"steplink:{link.pk}:label",
        f"glossaryterm:{texts['term'].pk}:term", f"glossaryterm:{texts['term'].pk}:explanation",
        f"information:{page.pk}:title", f"information:{page.pk}:summary",
        f"information:{page.pk}:body",
    }  # fmt: skip
    body = units[f"information:{page.pk}:body"]
    assert fingerprint(page.body_de) in _notes(body)
    if fmt == "po":
        assert body.source.startswith("{1}Melden Sie sich beim {2}Bürgeramt{3}")
        assert "{4} @[g," in _notes(body)
    else:
        # The toolkit sees the markup and the mention as placeholders with their codes.
        phs = [e for e in body.rich_source[0].flatten() if type(e) is not StringElem]
        assert [e.id for e in phs] == ["1", "2", "3", "4", "5", "6"]
        if fmt == "xliff12":
            codes = [str(e) for e in phs]
        else:  # XLIFF 2.0 keeps the codes in <originalData>, referred to by dataRef
            element = body.getunitelement()
            codes = [d.text for d in element.iter(f"{{{tt_xliff2.Xliff2Unit.namespace}}}data")]
        assert '<a href="https://example.org/amt" rel="noopener noreferrer">' in codes
        assert f"@[g,{texts['term'].pk}](" in codes
        assert "Bürgeramt" in str(body.rich_source[0])


def test_xliff20_export_follows_the_core_structure(texts):
    """translate-toolkit reads XLIFF 2.0 (above) but ships no schema to validate with, so
    the rules of the XLIFF 2.0 core that matter here are checked with lxml: namespace and
    languages on the root, one <segment> per unit, unique unit ids, every <ph> in source
    and target referring to an entry of the unit's <originalData>, notes in the unit."""
    ns = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
    texts["page"].body_ru = BODY_AR.format(term=texts["term"].pk)  # a target with codes
    texts["page"].save()
    root = etree.fromstring(export(units_select(language="ru"), "xliff20"))
    assert root.tag == "{urn:oasis:names:tc:xliff:document:2.0}xliff"
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == ("2.0", "de", "ru")
    units = root.findall("x:file/x:unit", ns)
    assert len({u.get("id") for u in units}) == len(units) == 10
    with_target = 0
    for unit in units:
        assert [c.tag.split("}")[1] for c in unit][0] == "notes"
        assert len(unit.findall("x:segment", ns)) == 1
        data = {d.get("id") for d in unit.findall("x:originalData/x:data", ns)}
        for ph in unit.iterfind(".//x:ph", ns):
            assert ph.get("dataRef") in data
        source_ids = [p.get("id") for p in unit.iterfind("x:segment/x:source/x:ph", ns)]
        target = unit.find("x:segment/x:target", ns)
        if target is not None:
            with_target += 1
            assert sorted(p.get("id") for p in target.iterfind("x:ph", ns)) == sorted(source_ids)
    assert with_target == 2  # the term (Russian) and the page's text


@pytest.mark.parametrize("fmt", FORMATS)
def test_file_translated_outside_updates_only_its_units(texts, fmt):
    page, term = texts["page"], texts["term"]
    wanted = {f"information:{page.pk}:summary", f"information:{page.pk}:body"}
    data = _translated_outside(export(units_select(language="ar"), fmt), fmt, wanted)
    before_process = Process.objects.values().get()
    report = exchange_import(data=data)
    assert sorted(u.key for u in report.applied) == sorted(wanted)
    assert (len(report.flagged), len(report.rejected)) == (0, 0)
    page.refresh_from_db()
    assert page.summary_ar == "باختصار: في غضون 14 يومًا."
    # Link and mention intact, only the words translated.
    assert page.body_ar == BODY_AR.format(term=term.pk)
    assert page.title_ar == ""  # not in the file's translated units
    assert page.body_de == BODY_DE.format(term=term.pk)  # the source is untouched
    assert Process.objects.values().get() == before_process
    # The page has untranslated fields left (its title): in translation, not translated.
    ct = ContentType.objects.get_for_model(Information)
    assert TranslationState.objects.get(content_type=ct, object_id=page.pk).state == (
        State.IN_TRANSLATION
    )
    assert TranslationState.objects.count() == 1
    # A second import of the same file changes nothing.
    again = exchange_import(data=data)
    assert (len(again.applied), again.unchanged) == (0, 2)


def test_a_complete_translation_of_a_step_marks_it_translated(texts):
    process = texts["process"]
    first = process.steps.first()
    data = _translated_outside(
        export(units_select(language="ar"), "po"), "po", {f"step:{first.pk}:title"}
    )
    exchange_import(data=data, user=None)
    first.refresh_from_db()
    assert first.title_ar == "احجز موعدًا"
    row = TranslationState.objects.get()
    assert (row.object_id, row.language, row.state) == (first.pk, "ar", State.TRANSLATED)
    assert row.content_type == ContentType.objects.get_for_model(Step)


@pytest.mark.parametrize("fmt", FORMATS)
def test_unit_whose_source_changed_is_flagged_until_confirmed(texts, fmt, pa_editor):
    page = texts["page"]
    wanted = {f"information:{page.pk}:summary"}
    data = _translated_outside(export(units_select(language="ar"), fmt), fmt, wanted)
    content.item_update(
        item=page, user=pa_editor, expected_version=page.version,
        data={"summary_de": "Kurz: innerhalb von zwei Wochen."},
    )  # fmt: skip
    report = exchange_import(data=data)
    assert [u.key for u in report.flagged] == [f"information:{page.pk}:summary"]
    assert report.flagged[0].line  # where it is in the file
    assert report.applied == []
    page.refresh_from_db()
    assert page.summary_ar == ""
    confirmed = exchange_import(data=data, confirm_changed=True)
    assert [u.key for u in confirmed.applied] == [f"information:{page.pk}:summary"]
    page.refresh_from_db()
    assert page.summary_ar == "باختصار: في غضون 14 يومًا."


def _ok_file(texts, fmt):
    page = texts["page"]
    return _translated_outside(
        export(units_select(language="ar"), fmt), fmt,
        {f"information:{page.pk}:summary", f"information:{page.pk}:body"},
    )  # fmt: skip


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE xliff [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>
<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><file source-language="de"
target-language="ar"><body><trans-unit id="x"><source>&b;</source></trans-unit></body></file>
</xliff>"""


@pytest.mark.parametrize(
    ("fmt", "spoil", "message"),
    [
        ("xliff12", lambda d, t: d[: len(d) // 2], "not well-formed XML (line"),
        ("xliff20", lambda d, t: d.replace(b"</unit>", b"</unti>", 1), "not well-formed XML"),
        ("xliff12", lambda d, t: BOMB, "DOCTYPE"),
        ("po", lambda d, t: d.replace(b'msgstr "', b'msgstr "\n"\nmsgstr "', 1), "valid PO"),
        ("po", lambda d, t: b"\xff\xfe garbage", "neither XLIFF nor"),
        ("xliff12", lambda d, t: b"<html><body>hi</body></html>", "not XLIFF 1.2 or 2.0"),
        ("xliff20", lambda d, t: d.replace(b'trgLang="ar"', b'trgLang="fr"'), "“fr” is not a"),
        ("po", lambda d, t: d.replace(b"Language: ar", b"Language: de"), "source language"),
        (
            "xliff12",
            lambda d, t: d.replace(
                f'id="information:{t["page"].pk}:summary"'.encode(),
                b'id="information:999999:summary"',
            ),
            "unknown id",
        ),
        ("po", lambda d, t: d.replace("{3} وأحضر".encode(), " وأحضر".encode()), "missing: 3"),
        (
            "xliff20",
            lambda d, t: d.replace(
                b'<ph id="3" dataRef="d3" disp="&lt;/a&gt;"/> \xd9',
                b'<ph id="3" dataRef="d3"/><ph id="3" dataRef="d3"/> \xd9',
            ),
            "more than once: 3",
        ),
        ("po", lambda d, t: d.replace("{5} معك".encode(), "{5}{9} معك".encode()), "not have: 9"),
        (
            "xliff12",
            lambda d, t: d.replace("مكتب المواطنين".encode(), b"<g id='7'>x</g>", 1),
            "unsupported inline element <g>",
        ),
    ],
)
def test_malformed_file_is_refused_with_nothing_changed(texts, fmt, spoil, message):
    data = spoil(_ok_file(texts, fmt), texts)
    before = _snapshot()
    with pytest.raises(ImportRefused) as info:
        exchange_import(data=data)
    assert message in "\n".join(info.value.lines())
    assert _snapshot() == before


def test_rejected_units_are_listed_with_id_and_line(texts):
    page = texts["page"]
    data = _ok_file(texts, "po").replace("{3} وأحضر".encode(), " وأحضر".encode())
    with pytest.raises(ImportRefused) as info:
        exchange_import(data=data)
    lines = info.value.lines()
    assert "1 units are rejected. Nothing was changed." in lines[0]
    assert lines[1].startswith("line ")
    assert f"information:{page.pk}:body: placeholders missing: 3" in lines[1]


def test_text_refused_by_the_content_rules_rejects_the_file(texts):
    page = texts["page"]
    data = _ok_file(texts, "po").replace(
        "باختصار: في غضون 14 يومًا.".encode(), b"javascript:alert(1)"
    )
    before = _snapshot()
    with pytest.raises(ImportRefused) as info:
        exchange_import(data=data)
    assert f"information:{page.pk}:summary" in "\n".join(info.value.lines())
    assert _snapshot() == before


def test_wrong_expected_language_and_dry_run(texts):
    data = _ok_file(texts, "xliff12")
    with pytest.raises(ImportRefused, match="not in ru as chosen"):
        exchange_import(data=data, language="ru")
    before = _snapshot()
    report = exchange_import(data=data, dry_run=True)
    assert len(report.applied) == 2
    assert _snapshot() == before


def test_import_checks_the_right_to_translate(texts, make_user, municipality):
    from tests.factories import MunicipalityFactory, OrganisationFactory

    other = OrganisationFactory(kind="pa", region=MunicipalityFactory())
    outsider = make_user("pa_translator", organisation=other)
    before = _snapshot()
    with pytest.raises(ImportRefused) as info:
        exchange_import(data=_ok_file(texts, "po"), user=outsider)
    assert "you are not allowed to translate this item" in "\n".join(info.value.lines())
    assert _snapshot() == before
    translator = make_user("pa_translator")
    report = exchange_import(data=_ok_file(texts, "po"), user=translator)
    assert len(report.applied) == 2
    row = TranslationState.objects.get()
    assert row.updated_by == translator


def test_export_filters_by_state_region_and_source_language(texts, pa_editor):
    from apps.translations import services as states

    page, process = texts["page"], texts["process"]
    page.title_ar, page.summary_ar, page.body_ar = "تسجيل", "قصير", "<p>نص</p>"
    page.save()
    states.state_set(item=page, language="ar", state="translated")
    keys = {u.key for u in units_select(language="ar", states=["missing", "outdated"]).units}
    assert not any(k.startswith("information:") for k in keys)
    assert f"process:{process.pk}:title" in keys
    content.item_update(
        item=page, user=pa_editor, expected_version=page.version, data={"title_de": "Neu"}
    )
    keys = {u.key for u in units_select(language="ar", states=["outdated"]).units}
    assert keys == {f"information:{page.pk}:{f}" for f in ("title", "summary", "body")}
    other_region = texts["term"].region.code[:2]  # the state: everything is below it
    assert len(units_select(language="ar", region=texts["term"].region).units) == 10
    from tests.factories import MunicipalityFactory

    assert units_select(language="ar", region=MunicipalityFactory()).units == []
    assert other_region
    english = units_select(language="ar", source_language="en")
    assert (english.units, english.other_source) == ([], 3)


def test_current_translations_are_exported_as_targets(texts):
    page = texts["page"]
    page.summary_ru = "Коротко: в течение 14 дней."
    page.save()
    data = export(units_select(language="ru"), "xliff12")
    store = tt_xliff.xlifffile.parsestring(data)
    unit = next(u for u in _units(store) if _unit_id(u) == f"information:{page.pk}:summary")
    assert unit.target == "Коротко: в течение 14 дней."
    term_unit = next(u for u in _units(store) if _unit_id(u).endswith(":term"))
    assert term_unit.target == "Справка о регистрации"


def test_commands_export_and_import(texts, tmp_path):
    page = texts["page"]
    out = tmp_path / "ar.po"
    stdout = io.StringIO()
    call_command(
        "export_translations", "--format", "po", "--language", "ar", "--state",
        "missing,outdated", "-o", str(out), stdout=stdout,
    )  # fmt: skip
    assert "10 texts of 3 items written to" in stdout.getvalue()
    translated = tmp_path / "ar-done.po"
    translated.write_bytes(
        _translated_outside(out.read_bytes(), "po", {f"information:{page.pk}:summary"})
    )
    stdout = io.StringIO()
    call_command("import_translations", str(translated), stdout=stdout)
    assert "1 applied, 0 flagged (source changed since the export), 0 rejected" in (
        stdout.getvalue()
    )
    broken = tmp_path / "broken.xlf"
    broken.write_bytes(b"<xliff")
    with pytest.raises(CommandError, match="not well-formed XML"):
        call_command("import_translations", str(broken))
    with pytest.raises(CommandError, match="Unknown translation state: done"):
        call_command("export_translations", "--format", "po", "--language", "ar",
                     "--state", "done", "-o", str(out))  # fmt: skip
