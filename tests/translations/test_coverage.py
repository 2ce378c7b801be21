"""Coverage per region, language and content type: the page's and the CSV's counts and
words left equal what the database holds, computed here independently."""

import csv
import io
import re
from collections import Counter

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType

from apps.content.models import Process, Step
from apps.translations import services
from apps.translations.models import State, TranslationState
from tests.content.factories import InformationFactory, ProcessFactory, StepFactory

pytestmark = pytest.mark.django_db

HAN = re.compile(r"[\u4e00-\u9fff]")


def words(text: str) -> int:
    """Independent count: tags removed, whitespace-separated words, each Han character."""
    plain = re.sub(r"<[^>]*>", " ", text or "")
    return len(HAN.findall(plain)) + len([w for w in plain.split() if not HAN.search(w)])


@pytest.fixture
def content(pa_organisation, municipality):
    """Items with source texts in four scripts, partly translated."""
    a = ProcessFactory(
        region=municipality,
        organisation=pa_organisation,
        source_language="de",
        title_de="Wohnsitz anmelden heute",
        description_de="<p>Gehen Sie zum Amt</p>",
        title_ar="تسجيل السكن",
        title_en="",
    )
    StepFactory(process=a, title_de="Termin buchen", description_de="<p>Online oder Telefon</p>")
    StepFactory(process=a, title_de="Hingehen", title_ar="اذهب")
    b = ProcessFactory(
        region=municipality,
        organisation=pa_organisation,
        source_language="ar",
        title_ar="تسجيل عنوان السكن",
        title_de="Anmeldung",
        description_de="",
        description_ar="<p>اذهب إلى المكتب</p>",
    )
    c = InformationFactory(
        region=municipality,
        organisation=pa_organisation,
        source_language="zh-hans",
        title_zh_hans="登记住址",
        body_zh_hans="<p>去办公室</p>",
        title_ru="Регистрация",
    )
    d = InformationFactory(
        region=municipality,
        organisation=pa_organisation,
        source_language="ru",
        title_ru="Регистрация адреса",
        summary_ru="Идите в офис сегодня",
        title_de="Adresse",
    )
    services.state_set(item=a, language="ar", state=State.TRANSLATED)
    services.state_set(item=a.steps.last(), language="ar", state=State.TRANSLATED)
    services.state_set(item=a.steps.last(), language="ar", state=State.REVIEWED)
    services.state_set(item=b, language="de", state=State.OUTDATED)
    services.state_set(item=c, language="ru", state=State.MACHINE)
    services.state_set(item=d, language="de", state=State.IN_TRANSLATION)
    return [a, b, c, d]


def expected(items):
    """{(region, language, kind): (Counter of states, words left)} from the database."""
    langs = [code for code, _name in settings.LANGUAGES]
    out = {}
    for item in items:
        model = type(item)
        kind = "process" if model is Process else "information"
        fields = (
            ("title", "summary", "description")
            if model is Process
            else ("title", "summary", "body")
        )
        src = item.source_language.replace("-", "_")
        own = sum(words(getattr(item, f"{f}_{src}")) for f in fields)
        steps = list(Step.objects.filter(process=item)) if model is Process else []
        for lang in langs:
            if lang == item.source_language:
                continue
            counts, left = out.get((item.region.name, lang, kind), (Counter(), 0))
            row = TranslationState.objects.filter(
                content_type=ContentType.objects.get_for_model(model),
                object_id=item.pk,
                language=lang,
            ).first()
            state = row.state if row else "missing"
            counts[state] += 1
            if state not in ("translated", "reviewed"):
                left += own
            for step in steps:
                srow = TranslationState.objects.filter(
                    content_type=ContentType.objects.get_for_model(Step),
                    object_id=step.pk,
                    language=lang,
                ).first()
                if not srow or srow.state not in ("translated", "reviewed"):
                    left += sum(
                        words(getattr(step, f"{f}_{src}"))
                        for f in ("title", "description", "cost", "duration")
                    )
            out[(item.region.name, lang, kind)] = (counts, left)
    return out


def test_coverage_page_and_csv_equal_the_database(role_client, content):
    want = expected(content)
    assert sum(left for _c, left in want.values()) > 0
    client = role_client("pa_admin")
    html = client.get("/en/pa/translations/coverage/").content.decode()
    rows = re.findall(
        r'<tr data-region="([^"]*)" data-language="([^"]*)" data-kind="([^"]*)">(.*?)</tr>',
        html,
        re.S,
    )
    got = {}
    for region, lang, kind, cells in rows:
        counts = Counter(
            {
                state: int(n)
                for state, n in re.findall(r'<td data-state="(\w+)">(\d+) \(', cells)
                if int(n)
            }
        )
        left = int(re.search(r"<td data-words>(\d+)</td>", cells).group(1))
        got[(region, lang, kind)] = (counts, left)
    assert got == want
    # The CSV says the same.
    response = client.get("/en/pa/translations/coverage.csv")
    assert response["Content-Type"].startswith("text/csv")
    reader = csv.reader(io.StringIO(response.content.decode()))
    header = next(reader)
    states = [label for _value, label in State.choices]
    from_csv = {}
    for line in reader:
        counts = Counter(
            {
                value: int(line[4 + i])
                for i, (value, _label) in enumerate(State.choices)
                if int(line[4 + i])
            }
        )
        from_csv[(line[0], line[1], line[2])] = (counts, int(line[-1]))
    assert header[4 : 4 + len(states)] == states
    assert from_csv == want


def test_the_home_page_summarises_and_links_to_the_coverage(role_client, content):
    html = role_client("pa_translator").get("/en/pa/").content.decode()
    assert "/en/pa/translations/coverage/" in html
    assert "% translated" in html
    assert (
        "/en/pa/translations/coverage/"
        not in role_client("pa_analyst").get("/en/pa/").content.decode()
    )
