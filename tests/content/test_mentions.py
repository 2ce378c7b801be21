"""Rendering mentions: words escaped exactly once, in rich (sanitised HTML) and plain text."""

from apps.content import sanitize
from apps.content.mentions import MentionTarget, render_mentions

TARGETS = {
    ("g", 1): MentionTarget("g", 1, "Arbeit & Soziales", "<p>Amt für Arbeit &amp; Soziales</p>")
}


def url_for(kind, pk):
    return f"/t/{kind}/{pk}/"


def test_rich_text_words_are_not_escaped_twice():
    html = sanitize.sanitize_html("<p>Gehen Sie zum @[g,1](Amt für Arbeit & Soziales).</p>")
    rendered = render_mentions(html, TARGETS, url_for=url_for)
    assert ">Amt für Arbeit &amp; Soziales</a>" in rendered
    assert "&amp;amp;" not in rendered
    assert 'title="Amt für Arbeit &amp; Soziales"' in rendered


def test_plain_text_words_are_escaped_once():
    rendered = render_mentions("@[g,1](A & <b>B</b>)", TARGETS, url_for=url_for, html=False)
    assert ">A &amp; &lt;b&gt;B&lt;/b&gt;</a>" in rendered


def test_unknown_or_switched_off_targets_are_plain_words():
    assert render_mentions("@[g,9](A &amp; B)", TARGETS, url_for=url_for) == "A &amp; B"
    assert render_mentions("@[-g,1](A & B)", TARGETS, url_for=url_for, html=False) == "A &amp; B"


def test_a_marker_with_an_impossible_id_is_plain_words_not_an_error(db):
    from apps.content.mentions import parse_mentions
    from apps.content.selectors import mention_targets

    text = "<p>Siehe @[g,99999999999999999999](Wort).</p>"
    assert parse_mentions(text) == []
    assert mention_targets([text], language="de") == {}
    assert render_mentions(text, {}, url_for=url_for) == "<p>Siehe Wort.</p>"


def test_the_tooltip_shows_the_words_of_mentions_inside_an_explanation():
    targets = {
        ("g", 1): MentionTarget(
            "g", 1, "Meldebescheinigung", "<p>Nach der @[g,2](Anmeldung) per Post.</p>"
        )
    }
    rendered = render_mentions("@[g,1](Bescheinigung)", targets, url_for=url_for, html=False)
    assert 'title="Nach der Anmeldung per Post."' in rendered
    assert "@[" not in rendered.split('title="')[1].split('"')[0]
