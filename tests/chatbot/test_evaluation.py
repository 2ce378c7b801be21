"""Quality gate: the embedded bot on the evaluation set, every language, demo content.

Top-3 >= 85 % and top-1 >= 70 % per language (apps/chatbot/evaluation). Not timed:
latency is bench/bench_chatbot.py's business.
"""

import pytest

from apps.chatbot.evaluation import evaluate, languages, load_set
from apps.content.fields import language_codes


def test_the_set_covers_every_language_with_twenty_questions_or_more():
    assert sorted(languages()) == sorted(language_codes())
    for lang in languages():
        questions, unknown = load_set(lang)
        assert len(questions) >= 20, lang
        assert unknown, lang


@pytest.mark.parametrize("language", sorted(language_codes()))
def test_accuracy_per_language(lindenfeld, language):
    result = evaluate(language, region=lindenfeld)
    misses = "\n".join(f"{q!r}: expected {e}, got {g}" for q, e, g in result.misses)
    assert result.top3_rate >= 0.85, f"top-3 {result.top3_rate:.0%}\n{misses}"
    assert result.top1_rate >= 0.70, f"top-1 {result.top1_rate:.0%}\n{misses}"
