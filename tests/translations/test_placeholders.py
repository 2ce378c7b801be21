"""Protected placeholders: markup and mentions become numbered codes and come back
exactly; translations with missing, doubled or invented placeholders are refused."""

import pytest

from apps.content.sanitize import sanitize_html
from apps.translations.placeholders import (
    Ph,
    PlaceholderError,
    from_html,
    from_tokens,
    protect,
    restore,
    round_trip,
    to_html,
    to_tokens,
)

RICH = [
    '<p>Melden Sie sich beim <a href="https://example.org/a?b=1&amp;c=2">Amt</a> an.</p>',
    "<p>Bringen Sie die @[g,58](Meldebescheinigung) &amp; den Pass mit.</p>",
    "<ul><li>مرحبا <strong>بكم</strong></li><li>@[-p,3](Anmeldung)</li></ul>",
    "<p>登记<br>地址 @[i,7](信息)</p>",
    "<h2>Справка</h2><p>Кратко: &lt;14 дней&gt; &nbsp;и всё.</p>",
    "Plain words without markup",
]


@pytest.mark.parametrize("text", RICH)
def test_round_trip_of_sanitised_rich_text_is_exact(text):
    clean = sanitize_html(text)
    assert round_trip(clean, rich=True) == clean
    protected = protect(clean, rich=True)
    # Through both notations as well.
    assert restore(from_tokens(to_tokens(protected.segments)), protected.codes, rich=True) == clean
    assert restore(from_html(to_html(protected.segments)), protected.codes, rich=True) == clean


def test_markup_and_mentions_become_numbered_codes():
    protected = protect(
        '<p>Die <a href="/x">@[g,58](Meldebescheinigung)</a> &amp; mehr</p>', rich=True
    )
    assert protected.codes == {
        1: "<p>",
        2: '<a href="/x">',
        3: "@[g,58](",
        4: ")",
        5: "</a>",
        6: "</p>",
    }
    assert to_tokens(protected.segments) == "{1}Die {2}{3}Meldebescheinigung{4}{5} & mehr{6}"
    assert protected.plain == "Die Meldebescheinigung & mehr"


def test_plain_fields_protect_mentions_only():
    protected = protect("Kosten <5 € @[g,2](Gebühr)", rich=False)
    assert protected.codes == {1: "@[g,2](", 2: ")"}
    assert restore(protected.segments, protected.codes, rich=False) == "Kosten <5 € @[g,2](Gebühr)"


def test_translated_words_between_the_same_codes():
    protected = protect("<p>Die @[g,58](Meldebescheinigung) mitbringen.</p>", rich=True)
    arabic = from_tokens("{1}أحضر {2}شهادة التسجيل{3} معك.{4}")
    assert restore(arabic, protected.codes, rich=True) == (
        "<p>أحضر @[g,58](شهادة التسجيل) معك.</p>"
    )


@pytest.mark.parametrize(
    ("translation", "message"),
    [
        ("{1}Text{3}{4}", "placeholders missing: 2"),
        ("{1}Text{2}{2}{3}{4}", "placeholders used more than once: 2"),
        ("{1}Text{2}{3}{4}{7}", "placeholders that the source does not have: 7"),
        ("{1}{2}Wort (mit Klammer){3}{4}", "the words of a mention cannot contain brackets"),
    ],
)
def test_broken_placeholders_are_refused(translation, message):
    protected = protect("<p>@[g,1](Wort)</p>", rich=True)
    with pytest.raises(PlaceholderError, match=message.replace("(", r"\(")):
        restore(from_tokens(translation), protected.codes, rich=True)


def test_literal_braces_survive_the_token_notation():
    segments = ["Preis {netto} ", Ph(1), "x"]
    assert to_tokens(segments) == "Preis {{netto}} {1}x"
    assert from_tokens(to_tokens(segments)) == segments


def test_provider_html_answer_forms_are_read_and_foreign_markup_refused():
    assert from_html('A <x id="1"></x>b<X ID=2 /> &amp; c') == ["A ", Ph(1), "b", Ph(2), " & c"]
    with pytest.raises(PlaceholderError, match="markup that the source does not have"):
        from_html('<x id="1"/><script>alert(1)</script>')
