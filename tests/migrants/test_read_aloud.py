"""Read aloud: a button per main text, made by the script (never in the HTML, so no
dead control without JavaScript), with translated strings in data attributes; rendered
audio (when the speech app provides it) is used."""

import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from tests.content.factories import CourseFactory, EventFactory

pytestmark = pytest.mark.django_db


def boxes(html: str) -> list[str]:
    """The read-aloud boxes of the page's own texts (not the script's template)."""
    html = re.sub(r"<template data-read-aloud-auto.*?</template>", "", html, flags=re.S)
    return re.findall(r'<div class="read-aloud"[^>]*>', html)


def test_process_page_gets_buttons_from_the_template(client, make_process):
    """The process page's texts (introduction, each step) get their buttons from the
    script, cloned from a <template> that holds the translated strings."""
    process = make_process()
    html = client.get(f"/en/processes/{process.pk}/").content.decode()
    auto = 'data-read-aloud-auto="article.process > section:first-of-type, .flow-step"'
    assert auto in html
    assert html.count('class="flow-step') == 3


@pytest.mark.parametrize("lang", ["en", "de", "ar", "zh-hans"])
def test_glossary_and_information_pages_have_a_read_aloud_button(
    client, make_term, make_information, lang
):
    term = make_term()
    page = make_information()
    for path, targets in (
        (f"/{lang}/glossary/{term.pk}/", "text-title text-explanation"),
        (f"/{lang}/information/{page.pk}/", "text-title text-summary text-body"),
    ):
        html = client.get(path).content.decode()
        found = boxes(html)
        assert len(found) == 1, path
        assert f'data-read-aloud="{targets}"' in found[0]
        assert found[0].endswith(" hidden>")  # shown by the script only
        assert "data-label=" in found[0]  # the script's button label
        if lang == "en":
            assert 'data-label="Read aloud"' in found[0]
        for target in targets.split():
            if target != "text-summary":
                assert f'id="{target}"' in html
        assert "<audio" not in html  # no rendered audio yet


def test_the_no_voice_note_is_in_the_page_for_the_script(client, make_term):
    term = make_term()
    html = client.get(f"/ar/glossary/{term.pk}/").content.decode()
    box = boxes(html)[0]
    assert "data-no-voice=" in box  # the script puts it in its role="status" note


def test_event_and_course_pages_have_a_read_aloud_button(client, town, organisation):
    from datetime import timedelta

    from django.utils import timezone

    event = EventFactory(
        region=town,
        organisation=organisation,
        title_en="Open day",
        description_en="<p>Come.</p>",
        start=timezone.now() + timedelta(days=3),
    )
    course = CourseFactory(
        region=town, organisation=organisation, title_en="German A1", description_en="<p>Learn.</p>"
    )
    for path in (f"/en/events/{event.pk}/", f"/en/courses/{course.pk}/"):
        html = client.get(path).content.decode()
        assert len(boxes(html)) == 1, path
        assert 'id="text-description"' in html


def test_rendered_audio_is_played_when_the_view_provides_it(make_term):
    """The hook for the speech app: `audio` (speech.selectors.page_audio) in the context
    turns the button into the audio player, playable without JavaScript."""
    from apps.speech.selectors import PageAudio

    term = make_term()
    request = RequestFactory().get("/en/")
    template = Template(
        '{% load migrants_extras %}{% read_aloud "text-title" term "explanation" %}'
    )
    audio = PageAudio(
        {
            f"glossaryterm:{term.pk}": {
                "sources": [
                    ("/media/speech/en/x/item-1.opus", 'audio/ogg; codecs="opus"'),
                    ("/media/speech/en/x/item-1.mp3", "audio/mpeg"),
                ],
                "duration": 83.4,
                "backend": "espeak-ng",
                "voice": "en",
            }
        }
    )
    html = template.render(Context({"request": request, "term": term, "audio": audio}))
    assert '<audio class="player-audio" controls preload="none"' in html
    assert (
        '<source src="/media/speech/en/x/item-1.opus" type="audio/ogg; codecs=&quot;opus&quot;">'
        in html
    )
    assert '<source src="/media/speech/en/x/item-1.mp3" type="audio/mpeg">' in html
    assert "1:23" in html and "data-read-aloud=" not in html
    assert html.count("js/player.js") == 1  # the first player brings its script
    again = template.render(Context({"request": request, "term": term, "audio": audio}))
    assert "js/player.js" not in again  # the same page's second player does not
    plain = Template('{% load migrants_extras %}{% read_aloud "x" term "explanation" %}').render(
        Context({"request": request, "term": term})
    )
    assert "<audio" not in plain and "player.js" not in plain
    assert "Read by your device's own voice" in plain


def test_read_aloud_script_is_a_static_file(client, make_term):
    term = make_term()
    html = client.get(f"/en/glossary/{term.pk}/").content.decode()
    assert '<script src="/static/js/migrants-read-aloud.js" defer></script>' in html


def visible_text(html: str) -> str:
    """What a browser without JavaScript or CSS (a text browser) could show: the page
    without scripts and tags, <template> contents included (old browsers show them)."""
    html = re.sub(r"<script\b.*?</script>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_without_javascript_there_is_no_read_aloud_control(
    client, town, organisation, make_process, make_term, make_information, lang
):
    """The HTML of every page with read-aloud texts has no read-aloud button and no
    "Read aloud" text: only an empty hidden box for the script (issue 9)."""
    from datetime import timedelta

    from django.utils import timezone

    event = EventFactory(
        region=town, organisation=organisation, title_en="Open day", title_ar="يوم مفتوح",
        start=timezone.now() + timedelta(days=3),
    )  # fmt: skip
    course = CourseFactory(region=town, organisation=organisation, title_en="German A1")
    paths = [
        f"/{lang}/processes/{make_process().pk}/",
        f"/{lang}/glossary/{make_term().pk}/",
        f"/{lang}/information/{make_information().pk}/",
        f"/{lang}/events/{event.pk}/",
        f"/{lang}/courses/{course.pk}/",
    ]
    for path in paths:
        html = client.get(path).content.decode()
        assert "data-read-aloud" in html, path  # the script has its boxes
        assert "<button" not in "".join(re.findall(r'<div class="read-aloud".*?</div>', html))
        assert "read-aloud-button" not in html, path
        assert "Read aloud" not in visible_text(html), path
        assert "<template" not in html or "<button" not in "".join(
            re.findall(r"<template.*?</template>", html, flags=re.S)
        )


def test_read_aloud_assets_load_only_where_there_is_something_to_read(client, make_term):
    """Pages without read-aloud texts load neither the script nor its stylesheet."""
    term = make_term()
    detail = client.get(f"/en/glossary/{term.pk}/").content.decode()
    assert "js/migrants-read-aloud.js" in detail and "css/migrants-extras.css" in detail
    for path in ("/en/", "/en/glossary/", "/en/processes/", "/en/events/", "/en/search/?q=a"):
        html = client.get(path).content.decode()
        assert "js/migrants-read-aloud.js" not in html, path
        assert "css/migrants-extras.css" not in html, path
