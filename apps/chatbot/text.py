"""Text normalisation and tokenisation per language, the same for content and questions.

- Unicode NFKC and case folding; Arabic-script letter forms unified (ي/ی/ى, ك/ک, the
  hamza forms of alef, waw and yeh, ة/ه, ۀ, tatweel, diacritics and zero-width
  joiners), so Arabic, Dari and Urdu spellings of a word meet.
- Chinese has no spaces: jieba cuts it into words (search mode, so long words also give
  their parts), and single Han characters are kept as extra, weaker terms so that a word
  jieba cuts differently still matches.
- Latin, Cyrillic and Arabic-script words are stemmed with the Snowball stemmers where
  one exists for the language (Persian's also for Dari); Ukrainian and Urdu, which have
  none, keep the first letters of long words (a light stemmer that works for
  suffix-inflected languages).
- German compounds ("Krankenversicherung") are also indexed by their known parts
  elsewhere: see index.py, which matches query words inside long indexed words.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import snowballstemmer

SNOWBALL = {
    "ar": "arabic",
    "de": "german",
    "en": "english",
    "es": "spanish",
    "it": "italian",
    "nl": "dutch",
    "ru": "russian",
    "prs": "persian",
}
# Languages without a Snowball stemmer: keep this many letters of a word.
TRUNCATE = {"uk": 6, "ur": 7}

_ARABIC_MAP = str.maketrans(
    {
        "ي": "ی",  # Arabic yeh -> Persian yeh (Dari, Urdu use ی)
        "ى": "ی",  # alef maksura
        "ئ": "ی",
        "ے": "ی",  # Urdu yeh barree
        "ك": "ک",  # Arabic kaf -> keheh
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ؤ": "و",
        "ة": "ه",
        "ۀ": "ه",
        "ہ": "ه",  # Urdu heh goal
        "ۃ": "ه",
        "ھ": "ه",  # Urdu do-chashmi heh
        "ء": None,
        "ـ": None,  # tatweel
        "\u200c": None,  # zero-width non-joiner (Persian half-space)
        "\u200d": None,
        "\u200f": None,
        "\u200e": None,
    }
)
# The Arabic stemmer knows Arabic letter forms only: map back before stemming it.
_TO_ARABIC = str.maketrans({"ی": "ي", "ک": "ك"})
# The article and its joined prepositions, when enough of the word is left.
_ARABIC_PREFIX = re.compile(r"^(?:وال|بال|فال|كال|لل|ال)(?=\w{3,})")
_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"\w+", re.UNICODE)
_DIGITS = re.compile(r"\d+")


def fold(text: str) -> str:
    """NFKC, case folding, no diacritics or tatweel; letter forms left as they are."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return _DIACRITICS.sub("", text).replace("ـ", "").replace("ß", "ss")


def normalise(text: str) -> str:
    """Folded text with one form per Arabic-script letter (for comparing, not stemming)."""
    return fold(text).translate(_ARABIC_MAP)


def fold_umlauts(word: str) -> str:
    return (
        word.replace("ä", "a")
        .replace("ö", "o")
        .replace("ü", "u")
        .replace("ae", "a")
        .replace("oe", "o")
        .replace("ue", "u")
    )


@cache
def _stemmer(language: str):
    name = SNOWBALL.get(language)
    return snowballstemmer.stemmer(name) if name else None


@cache
def _jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def has_han(text: str) -> bool:
    return bool(_HAN.search(text))


def stem(word: str, language: str) -> str:
    if _HAN.search(word):
        return word
    if word.isascii() and language not in ("en", "de", "nl", "it", "es"):
        # A Latin word in a non-Latin language is mostly German ("Anmeldung"): stem it so.
        language = "de"
    if language == "de" or (word.isascii() and language in ("en", "nl")):
        word = fold_umlauts(word)
    stemmer = _stemmer(language)
    if stemmer is not None:
        if language == "ar":
            word = _ARABIC_PREFIX.sub("", word.translate(_TO_ARABIC))
            return stemmer.stemWord(word).translate(_ARABIC_MAP)
        return stemmer.stemWord(word.translate(_ARABIC_MAP))
    word = word.translate(_ARABIC_MAP)
    keep = TRUNCATE.get(language)
    return word[:keep] if keep else word


def words(text: str) -> list[str]:
    """Folded words of a text, Chinese cut by jieba (search mode)."""
    text = fold(text)
    if not has_han(text):
        return _WORD.findall(text)
    found: list[str] = []
    for token in _jieba().cut_for_search(text):
        found.extend(_WORD.findall(token))
    return found


def terms(text: str, language: str) -> list[str]:
    """Index terms: stemmed words; for Chinese also each Han character (prefixed "·")."""
    result = []
    for word in words(text):
        if _DIGITS.fullmatch(word):
            continue
        result.append(stem(word, language))
        if _HAN.search(word) and len(word) > 1:
            result.extend("·" + ch for ch in word if _HAN.match(ch))
    return result
