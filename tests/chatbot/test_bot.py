"""The embedded bot on the demo municipality: answers in every language with links to
the right content, small talk, an honest answer plus a contact when it does not know,
and an index that follows publication without being rebuilt per question."""

import pytest
from django.urls import reverse
from django.utils import translation

from apps.accounts.models import User
from apps.chatbot import bot, index
from apps.chatbot.models import UnansweredQuestion
from apps.chatbot.services import chat_reply, question_scrub
from apps.chatbot.text import normalise, terms
from apps.content import services
from apps.content.fields import language_codes
from apps.content.models import GlossaryTerm, Status
from tests.chatbot.conftest import demo_item

# One everyday question per language, the demo item it must link to.
QUESTIONS = {
    "ar": ("كيف أسجّل عنواني الجديد؟", "process", "anmeldung"),
    "zh-hans": ("我需要医疗保险", "process", "krankenversicherung"),
    "prs": ("میخواهم حساب بانکی باز کنم", "process", "bankkonto"),
    "nl": ("hoe kan mijn kind naar school", "process", "schulanmeldung"),
    "en": ("I need health insurance", "process", "krankenversicherung"),
    "de": ("Was ist eine Fiktionsbescheinigung?", "glossary", "fiktionsbescheinigung"),
    "it": ("numero di emergenza", "information", "notruf"),
    "ru": ("ищу квартиру", "process", "wohnungssuche"),
    "es": ("curso de alemán para principiantes", "course", "deutsch-erste-schritte"),
    "uk": ("як сортувати сміття", "information", "muell"),
    "ur": ("بینک اکاؤنٹ کھولنا ہے", "process", "bankkonto"),
}
DETAIL = {
    "process": "migrants:process-detail",
    "glossary": "migrants:glossary-detail",
    "information": "migrants:information-detail",
    "course": "migrants:course-detail",
}


def test_every_language_has_a_question():
    assert set(QUESTIONS) == set(language_codes())


@pytest.mark.parametrize("language", sorted(QUESTIONS))
def test_answers_in_each_language_with_a_link_to_the_right_item(lindenfeld, language):
    question, kind, key = QUESTIONS[language]
    item = demo_item(kind, key)
    reply = bot.answer(question, language=language, region=lindenfeld, session="s1")
    assert reply.answered and reply.intent == "content"
    [message] = reply.messages
    assert message["recipient_id"] == "s1"
    with translation.override(language):
        url = reverse(DETAIL[kind], kwargs={"pk": item.pk})
    assert url.startswith(f"/{language}/")
    links = message["custom"]["links"]
    assert 1 <= len(links) <= 3
    title = getattr(item, f"{item.TITLE_FIELD}_{language.replace('-', '_')}")
    assert {"title": title, "url": url} in links
    assert message["text"].startswith(reply.hits[0].title)


def test_office_answer_gives_opening_hours_and_the_guides_there(lindenfeld):
    office = demo_item("office", "buergerbuero")
    reply = bot.answer("Wann hat das Bürgerbüro geöffnet?", language="de", region=lindenfeld)
    assert reply.hits[0].key in ("office:buergerbuero", "glossary:buergerbuero")
    office_hit = next(d for d in reply.hits if d.kind == "office")
    assert office_hit.pk == office.pk
    assert office.opening_hours_de.splitlines()[0] in office_hit.answer
    assert any("/de/processes/" in link["url"] for link in reply.messages[0]["custom"]["links"])


@pytest.mark.parametrize(
    ("language", "message", "intent"),
    [
        ("en", "Hello!", "greet"),
        ("de", "Vielen Dank", "thanks"),
        ("ar", "شكرا جزيلا", "thanks"),
        ("zh-hans", "你好", "greet"),
        ("prs", "سلام", "greet"),
        ("ru", "помощь", "help"),
        ("uk", "поговорити з людиною", "human"),
        ("es", "no entiendo", "confused"),
        ("ur", "شکریہ", "thanks"),
        ("nl", "ik begrijp het niet", "confused"),
        ("it", "ciao", "greet"),
    ],
)
def test_small_talk_in_every_language(lindenfeld, language, message, intent):
    reply = bot.answer(message, language=language, region=lindenfeld)
    assert reply.intent == intent
    assert reply.messages[0]["text"]


def test_greeting_with_a_question_is_a_question(lindenfeld):
    reply = bot.answer("hallo, wie melde ich meine wohnung an", language="de", region=lindenfeld)
    assert reply.intent == "content"


def test_unknown_question_is_answered_honestly_with_a_contact(lindenfeld):
    counselling = demo_item("office", "fh-beratung")
    result = chat_reply(
        session="s2",
        message="who won the football match yesterday",
        language="en",
        region=lindenfeld,
    )
    assert result.backend == "embedded" and not result.answered
    [message] = result.messages
    assert message["text"].startswith("Sorry, I could not find an answer")
    assert counselling.phone in message["text"]
    assert message["buttons"] == [{"title": "Talk to a person", "payload": "/human"}]
    stored = UnansweredQuestion.objects.get(language="en", region=lindenfeld)
    assert stored.text == "who won the football match yesterday" and stored.count == 1
    chat_reply(
        session="s3",
        message="Who won the football match  yesterday",
        language="en",
        region=lindenfeld,
    )
    stored.refresh_from_db()
    assert stored.count == 2


def test_talk_to_a_person_gives_contacts(lindenfeld):
    reply = bot.answer("/human", language="de", region=lindenfeld)
    assert reply.intent == "human"
    assert demo_item("office", "fh-beratung").phone in reply.messages[0]["text"]


def test_scrubbing_removes_personal_data():
    text = "Mein Name, mail max@example.org, Tel +49 170 1234567, Akte 123/45 https://x.example/a"
    clean = question_scrub(text)
    assert "@" not in clean and "170" not in clean and "123" not in clean and "http" not in clean
    assert clean.startswith("Mein Name, mail …")


def test_normalisation_unifies_arabic_script_letter_forms():
    assert normalise("كيف") == normalise("کیف")
    assert normalise("يـــوم") == normalise("یوم")
    assert normalise("أَحْمَد") == normalise("احمد")
    assert terms("登记住址", "zh-hans")[:1] == ["登记"]
    assert terms("Krankenversicherungen", "de") == terms("krankenversicherung", "de")


def test_typos_are_tolerated(lindenfeld):
    reply = bot.answer("krankenversicherrung", language="de", region=lindenfeld)
    assert reply.hits and reply.hits[0].key == "process:krankenversicherung"


def test_index_is_built_once_per_content_generation_and_follows_publication(
    lindenfeld, django_capture_on_commit_callbacks
):
    first = index.get_index(region=lindenfeld, language="de")
    assert index.get_index(region=lindenfeld, language="de") is first
    question = "Was ist der Rundfunkbeitrag?"
    assert not bot.answer(question, language="de", region=lindenfeld).answered

    editor = User.objects.get(email="pa-editor@example.org")
    admin = User.objects.get(email="pa-admin@example.org")
    organisation = demo_item("process", "anmeldung").organisation
    with django_capture_on_commit_callbacks(execute=True):
        term = services.item_create(
            model=GlossaryTerm,
            user=editor,
            region=lindenfeld,
            organisation=organisation,
            data={
                "term_de": "Rundfunkbeitrag",
                "explanation_de": "<p>Eine monatliche Gebühr für Radio und Fernsehen.</p>",
            },
        )
    assert not bot.answer(question, language="de", region=lindenfeld).answered  # a draft
    with django_capture_on_commit_callbacks(execute=True):
        services.item_submit(item=term, user=editor)
        services.item_publish(item=term, user=admin)
    assert term.status == Status.PUBLISHED
    rebuilt = index.get_index(region=lindenfeld, language="de")
    assert rebuilt is not first
    reply = bot.answer(question, language="de", region=lindenfeld)
    assert reply.answered and reply.hits[0].pk == term.pk
    assert index.get_index(region=lindenfeld, language="de") is rebuilt
