import pytest

from apps.content import services


@pytest.fixture
def pa_editor(make_user):
    return make_user("pa_editor")


@pytest.fixture
def translator(make_user):
    return make_user("pa_translator")


@pytest.fixture
def process(pa_editor, pa_organisation, municipality):
    """A process written in German with an English translation, two steps and a link."""
    process = services.process_create(
        user=pa_editor,
        organisation=pa_organisation,
        region=municipality,
        data={
            "title_de": "Wohnsitz anmelden",
            "title_en": "Register your address",
            "description_de": "<p>Innerhalb von 14 Tagen.</p>",
            "description_en": "<p>Within 14 days.</p>",
        },
    )
    for title_de, title_en in (("Termin buchen", "Book a date"), ("Hingehen", "Go there")):
        services.step_create(
            process=process,
            user=pa_editor,
            expected_version=process.version,
            data={"title_de": title_de, "title_en": title_en},
        )
    first, second = process.steps.all()
    services.step_link_create(
        process=process,
        user=pa_editor,
        expected_version=process.version,
        from_step=first,
        to_step=second,
        label={"de": "danach", "en": "then"},
    )
    process.refresh_from_db()
    return process
