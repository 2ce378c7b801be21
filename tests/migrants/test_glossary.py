"""The glossary A to Z: grouped by initial in each script, the page's script first."""

import pytest

from apps.migrants.display import glossary_groups, initial

pytestmark = pytest.mark.django_db


class Term:
    def __init__(self, text: str, lang: str = "de"):
        self.source_language = lang
        setattr(self, f"term_{lang.replace('-', '_')}", text)


def letters(words, lang):
    groups = glossary_groups([Term(w, lang) for w in words], lang)
    return [(g.letter, [t.display_term for t in g.terms]) for g in groups]


def test_latin_letters_ignore_accents_and_case():
    assert letters(["Ärztin", "amt", "Bürgeramt", "Zuzug", "Übergang", "aufenthalt"], "de") == [
        ("A", ["amt", "Ärztin", "aufenthalt"]),
        ("B", ["Bürgeramt"]),
        ("U", ["Übergang"]),
        ("Z", ["Zuzug"]),
    ]


def test_arabic_alef_variants_share_a_group_in_alphabet_order():
    result = letters(["باب", "أمن", "إقامة", "ياء", "اسم"], "ar")
    assert [letter for letter, _terms in result] == ["ا", "ب", "ي"]
    assert result[0][1] == ["اسم", "إقامة", "أمن"]  # hamza and madda do not change the order


def test_persian_letters_follow_their_neighbours():
    result = letters(["پاسپورت", "تابعیت", "بیمه"], "prs")
    assert [letter for letter, _terms in result] == ["ب", "پ", "ت"]


def test_cyrillic_ukrainian_order():
    result = letters(["Їжа", "Іспит", "Йод", "Гроші", "Ґанок"], "uk")
    assert [letter for letter, _terms in result] == ["Г", "Ґ", "І", "Ї", "Й"]


def test_chinese_terms_are_grouped_a_to_z_by_pinyin():
    assert initial("住所") == ("Z", "CJK")  # zhù suǒ
    assert initial("护照") == ("H", "CJK")  # hù zhào
    result = letters(["住所", "护照", "中心", "保险", "户口"], "zh-hans")
    assert result == [("B", ["保险"]), ("H", ["户口", "护照"]), ("Z", ["中心", "住所"])]


def test_chinese_and_latin_terms_under_the_same_letter_stay_apart():
    result = letters(["护照", "Hausarzt"], "zh-hans")
    assert result == [("H", ["护照"]), ("H", ["Hausarzt"])]


def test_the_pages_own_script_comes_first():
    words = ["Residence", "الإقامة", "Passport"]
    assert [g for g, _t in letters(words, "ar")] == ["ا", "P", "R"]
    assert [g for g, _t in letters(words, "en")] == ["P", "R", "ا"]


def test_glossary_page_groups_terms_with_an_index(client, make_term):
    make_term(term_en="Apple", term_ar="تفاحة")
    make_term(term_en="Avocado", term_ar="أفوكادو")
    make_term(term_en="Banana", term_ar="موز")
    html = client.get("/en/glossary/").content.decode()
    assert '<a href="#letter-1">A</a>' in html
    assert '<h2 id="letter-1" class="letter">A</h2>' in html
    assert html.index("Apple") < html.index("Avocado") < html.index("Banana")
    html = client.get("/ar/glossary/").content.decode()
    assert '<h2 id="letter-1" class="letter">ا</h2>' in html
    assert html.index("أفوكادو") < html.index("تفاحة") < html.index("موز")
