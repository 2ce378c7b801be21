"""The language tabs of the PA editor name each language in its own script and say whether
its text is missing, outdated or done (translation states, one query)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import strip_tags

from apps.content.models import Process
from apps.translations.models import State, TranslationState
from tests.administration.content.conftest import url


def tabs_text(html: str) -> str:
    start = html.index('class="pa-languages"')
    nav = html[start : html.index("</nav>", start)]
    return " ".join(strip_tags(nav).split())


def state(item, language, value):
    TranslationState.objects.create(
        content_type=ContentType.objects.get_for_model(type(item)),
        object_id=item.pk,
        language=language,
        state=value,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["pa_editor", "pa_translator"])
def test_tabs_show_native_names_and_states(role_client, make_item, role):
    process = make_item(Process, "Wohnsitz anmelden", title_en="Register", title_ar="تسجيل")
    state(process, "en", State.TRANSLATED)
    state(process, "ar", State.OUTDATED)
    client = role_client(role)
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(url("content-edit", "process", process.pk) + "?lang=ar").content.decode()
    text = tabs_text(html)
    assert "zh-hans" not in text and "prs" not in text.split()
    assert "English – done" in text
    assert "العربيّة – outdated" in text
    assert "دری – missing" in text
    assert "简体中文 – missing" in text
    if role == "pa_editor":
        assert "Deutsch – source language" in text
    states_queries = [
        q for q in ctx.captured_queries if "translations_translationstate" in q["sql"]
    ]
    assert len(states_queries) == 1


@pytest.mark.django_db
def test_step_tabs_show_native_names_and_states(role_client, process_with_steps):
    process = process_with_steps(2)
    step = process.steps.order_by("position").first()
    state(step, "uk", State.OUTDATED)
    html = (
        role_client("pa_editor").get(url("content-step-edit", process.pk, step.pk)).content.decode()
    )
    text = tabs_text(html)
    assert "Українська – outdated" in text
    assert "اردو – missing" in text
    assert "Deutsch – source language" in text
