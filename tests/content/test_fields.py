"""The content field registry (apps/content/fields.py) is the one list of translated and
editable fields: a field added there for a model reaches the API serializers, the PA
forms and the translation export without any other change."""

from unittest import mock

from django.db import models
from django.test.utils import isolate_apps

from apps.administration.content.forms import ItemForm
from apps.api.content.serializers import _input_serializer, input_to_data
from apps.content import fields
from apps.content.models import Information, Step
from apps.translations.exchange import formats
from apps.translations.exchange.selectors import Selection, _units_of


def _leaflet_model():
    """A throwaway model (in an isolated app registry, no table) with a translated
    `motto` (one column per language, as modeltranslation makes them) and a plain
    `colour`."""
    attrs = {
        "__module__": __name__,
        "motto": models.CharField("motto", max_length=100, blank=True),
        "colour": models.CharField("colour", max_length=20, blank=True),
        "source_language": models.CharField(max_length=10, default="de"),
        "TITLE_FIELD": "motto",
        "process": property(lambda self: self),  # its own owner in an exchange file
        "Meta": type("Meta", (), {"app_label": "content"}),
    }
    for lang in fields.language_codes():
        attrs[fields.column("motto", lang)] = models.CharField(max_length=100, blank=True)
    return type("Leaflet", (models.Model,), attrs)


@isolate_apps("apps.content")
def test_a_field_added_to_the_registry_reaches_serializer_form_and_export():
    leaflet = _leaflet_model()
    with (
        mock.patch.dict(fields.TRANSLATED_FIELDS, {leaflet: ("motto",)}),
        mock.patch.dict(fields.EDITABLE_FIELDS, {leaflet: ("colour",)}),
    ):
        # API input: the translated field as {language: text}, the plain field as is.
        serializer = _input_serializer(leaflet, create=False)(
            data={"version": 1, "motto": {"de": "Willkommen", "ar": "أهلا"}, "colour": "green"}
        )
        assert {"motto", "colour"} <= set(serializer.fields)
        assert serializer.is_valid(), serializer.errors
        data, _relations = input_to_data(leaflet, serializer.validated_data)
        assert data == {"motto_de": "Willkommen", "motto_ar": "أهلا", "colour": "green"}

        # PA form: the motto in the form's language, and (source language) the colour.
        form = ItemForm(model=leaflet, language="de", structural=True, choices={})
        assert "motto_de" in form.fields and "colour" in form.fields
        assert "motto_ar" not in form.fields
        form = ItemForm(
            {"version": "1", "motto_de": "Hallo", "colour": "red"},
            model=leaflet,
            language="de",
            structural=True,
            choices={},
        )
        assert form.is_valid(), form.errors
        assert form.service_data() == {"motto_de": "Hallo", "colour": "red"}

        # Translation export: one unit for the motto, written into the exchange file.
        obj = leaflet(pk=7, source_language="de", motto_de="Willkommen", colour="green")
        units = _units_of(obj, source="de", language="ar", state="missing")
        assert [u.key for u in units] == ["leaflet:7:motto"]
        exported = formats.export(
            Selection(language="ar", source_language="de", units=units), "po"
        ).decode()
        assert 'msgid "Willkommen"' in exported
        assert "leaflet:7:motto" in exported

    # Without the registry entry nothing knows the field.
    form = ItemForm(model=Information, language="de", structural=True, choices={})
    assert "motto_de" not in form.fields


def test_the_registry_is_what_modeltranslation_registered():
    """translation.py registers exactly the registry's fields: a column per language."""
    from modeltranslation.translator import translator

    for model, names in fields.TRANSLATED_FIELDS.items():
        registered = set(translator.get_options_for_model(model).fields)
        assert registered == set(names), model
    assert {f.name for f in Step._meta.fields} >= set(fields.translated_columns(Step))


def test_editable_fields_add_the_common_ones_for_content_items_only():
    assert fields.editable_fields(Information) == (
        *fields.EDITABLE_FIELDS[Information],
        *fields.COMMON_FIELDS,
    )
    assert fields.editable_fields(Step) == fields.EDITABLE_FIELDS[Step]
    assert fields.texts(Information).all == ("title", "summary", "body")
