"""The chat without JavaScript (/<lang>/chat/) and the launcher on cached pages: a plain
form, the conversation of this session only, never cached whole, every role allowed;
the launcher is a link plus a tiny loader, chat.js and chat.css are not on the page."""

import pytest
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from apps.chatbot import index
from tests.conftest import ALL_ROLES
from tests.content.factories import OfficeFactory, ProcessFactory


@pytest.fixture
def content(municipality, client):
    index.clear_local()
    for title in ("Krankenversicherung", "Bankkonto eröffnen", "Schule"):
        ProcessFactory(region=municipality, title_de=title, title_en=title, title_ar=title)
    return ProcessFactory(
        region=municipality,
        title_de="Wohnsitz anmelden (Anmeldung)",
        title_ar="تسجيل العنوان (Anmeldung)",
        summary_ar="كل من ينتقل إلى شقة يجب أن يسجل خلال أسبوعين.",
        title_zh_hans="登记住址（Anmeldung）",
        summary_zh_hans="搬进公寓的人必须在两周内登记。",
        title_en="Register your address",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "question", "title", "direction"),
    [
        ("ar", "أين أقوم بتسجيل العنوان؟", "تسجيل العنوان (Anmeldung)", "rtl"),
        ("zh-hans", "怎么登记住址", "登记住址（Anmeldung）", "ltr"),
    ],
)
def test_conversation_without_javascript(
    client, content, municipality, language, question, title, direction
):
    client.cookies["micado_region"] = municipality.code
    url = f"/{language}/chat/"
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert f'dir="{direction}"' in html
    assert 'name="csrfmiddlewaretoken"' in html and 'name="message"' in html
    assert "private" in page["Cache-Control"] and "no-store" in page["Cache-Control"]

    sent = client.post(url, {"message": question})
    assert sent.status_code == 302 and sent.url == f"{url}#chat-latest"
    html = client.get(url).content.decode()
    assert question in html
    assert f'href="/{language}/processes/{content.pk}/"' in html
    assert f">{title}</a>" in html
    assert 'id="chat-latest"' in html

    other = client.__class__()
    assert question not in other.get(url).content.decode()  # another session sees nothing

    client.post(url, {"action": "clear"})
    assert question not in client.get(url).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "question"),
    [("ar", "من فاز بمباراة كرة القدم امس"), ("zh-hans", "昨天足球比赛谁赢了")],
)
def test_unknown_question_without_javascript(client, content, municipality, language, question):
    OfficeFactory(
        region=municipality, name_de="Migrationsberatung", is_counselling=True, phone="+49 6999 123"
    )
    client.cookies["micado_region"] = municipality.code
    url = f"/{language}/chat/"
    assert client.post(url, {"message": question}).status_code == 302
    html = client.get(url).content.decode()
    with translation.override(language):
        sorry = gettext(
            "Sorry, I could not find an answer to that in the information of this site. "
            "A person can help you: %(contacts)s"
        ).split("%(contacts)s")[0]
        human = gettext("Talk to a person")
    assert escape(sorry.strip()) in html and "+49 6999 123" in html
    assert f'name="message" value="/human">{escape(human)}' in " ".join(html.split())


@pytest.mark.django_db
def test_reply_buttons_are_form_buttons_and_show_their_title(client, content):
    client.post("/en/chat/", {"message": "who won the football match"})
    html = client.get("/en/chat/").content.decode()
    assert '<button type="submit" class="button-secondary" name="message" value="/human">' in html
    client.post("/en/chat/", {"message": "/human"})
    html = client.get("/en/chat/").content.decode()
    assert "I am a computer program." in html
    assert '<p class="chat-text" data-chat-text>/human</p>' not in html
    assert '<p class="chat-text" data-chat-text>Talk to a person</p>' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("message", "error"),
    [
        ("", "Write a message."),
        ("x" * 501, "The message is too long: write at most 500 characters."),
    ],
)
def test_bad_message_shows_the_error_and_keeps_nothing(client, message, error):
    response = client.post("/en/chat/", {"message": message})
    assert response.status_code == 400
    html = response.content.decode()
    assert error in html and 'aria-invalid="true"' in html
    assert "chat_history" not in client.session


@pytest.mark.django_db
@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_role_may_use_the_chat_page(role_client, role, content):
    client = role_client(role)
    assert client.get("/en/chat/").status_code == 200
    assert client.post("/en/chat/", {"message": "Register your address"}).status_code == 302


@pytest.mark.django_db
def test_launcher_on_cached_pages_is_a_link_and_a_small_loader(client, content):
    html = client.get("/ar/").content.decode()
    assert 'href="/ar/chat/" data-chat-open' in html
    assert "js/chat-launcher.js" in html
    assert '<script src="/static/js/chat.js"' not in html
    assert 'rel="stylesheet" href="/static/css/chat.css"' not in html
    assert 'data-api="/api/v1/chat/"' in html
    # The page stays shareable: no session, no CSRF token for the chat.
    assert "csrfmiddlewaretoken" not in html
