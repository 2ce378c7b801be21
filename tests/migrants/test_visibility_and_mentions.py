"""Only published content of the region is shown; mentions link to the migrant pages."""

import datetime as dt

import pytest
from django.utils import timezone

from apps.content.mentions import mention_encode
from apps.content.models import Status
from tests.content.factories import StepFactory
from tests.migrants.conftest import TEXTS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "changes",
    [
        {"status": Status.DRAFT},
        {"status": Status.IN_REVIEW},
        {"status": Status.ARCHIVED},
        {"publish_at": timezone.now() + dt.timedelta(days=1)},
        {"withdraw_at": timezone.now() - dt.timedelta(minutes=1)},
    ],
)
def test_unpublished_content_is_404_and_not_listed(
    client, make_process, make_term, make_information, changes
):
    process = make_process(**changes)
    term = make_term(**changes)
    page = make_information(**changes)
    assert client.get(f"/en/processes/{process.pk}/").status_code == 404
    assert client.get(f"/en/glossary/{term.pk}/").status_code == 404
    assert client.get(f"/en/information/{page.pk}/").status_code == 404
    assert TEXTS["process"]["en"] not in client.get("/en/processes/").content.decode()
    assert TEXTS["term"]["en"] not in client.get("/en/glossary/").content.decode()
    assert TEXTS["info"]["en"] not in client.get("/en/information/").content.decode()


def test_unknown_ids_are_404(client):
    for path in ("/en/processes/999999/", "/en/glossary/999999/", "/en/information/999999/"):
        assert client.get(path).status_code == 404


@pytest.mark.parametrize("lang", ["en", "de", "ar", "zh-hans"])
def test_glossary_mentions_link_to_the_term_page(client, make_process, make_term, lang):
    term = make_term()
    word = TEXTS["term"][lang]
    marker = mention_encode("g", term.pk, word)
    column = lang.replace("-", "_")
    process = make_process(**{f"description_{column}": f"<p>{marker} …</p>"})
    StepFactory(
        process=process,
        position=99,
        **{f"title_{column}": "x", f"description_{column}": f"<p>{marker}</p>"},
    )
    html = client.get(f"/{lang}/processes/{process.pk}/").content.decode()
    link = f'href="/{lang}/glossary/{term.pk}/" data-mention="g:{term.pk}"'
    assert html.count(link) == 2
    assert "mention-glossary" in html


def test_mentions_in_plain_texts_and_of_unpublished_terms(client, make_process, make_term):
    term = make_term()
    hidden = make_term(term_en="Secret", status=Status.DRAFT)
    shown, off = mention_encode("g", term.pk, "Residence"), mention_encode("g", hidden.pk, "Secret")
    summary = f"See {shown} & {off} <b>"
    process = make_process(summary_en=summary)
    html = client.get(f"/en/processes/{process.pk}/").content.decode()
    assert f'href="/en/glossary/{term.pk}/"' in html
    assert f"/en/glossary/{hidden.pk}/" not in html
    assert "Secret" in html  # shown as plain text
    assert "&amp; " in html and "&lt;b&gt;" in html  # the rest of the plain text is escaped


def test_mentions_in_a_term_explanation_and_information_body(client, make_term, make_information):
    target = make_term()
    term = make_term(
        term_en="Registration",
        explanation_en=f"<p>Proof of your {mention_encode('g', target.pk, 'residence')}.</p>",
    )
    page = make_information(body_en=f"<p>{mention_encode('g', target.pk, 'Residence')}</p>")
    for path in (f"/en/glossary/{term.pk}/", f"/en/information/{page.pk}/"):
        html = client.get(path).content.decode()
        assert f'href="/en/glossary/{target.pk}/"' in html, path
