"""The evaluation set (one YAML file per language, see README.md) and its runner.

`evaluate(language, region=...)` asks the embedded bot every question of the set and
counts how often the expected item is the first answer (top-1) or among the first
three (top-3). On the negative set (`unknown:`, questions the content cannot answer)
it counts the abstention rate (the bot says honestly that it does not know) and the
false answer rate (it answers from content all the same). Used by
bench/bench_chatbot.py and tests/chatbot/test_evaluation.py.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from apps.chatbot import bot

HERE = Path(__file__).resolve().parent


@dataclass
class Question:
    text: str
    expect: list[str]


@dataclass
class Result:
    language: str
    total: int = 0
    top1: int = 0
    top3: int = 0
    abstained: int = 0  # answerable questions the bot said it could not answer
    unknown_total: int = 0
    unknown_honest: int = 0  # negative set: the honest "I don't know" (with contacts)
    unknown_false: int = 0  # negative set: an answer from content all the same
    false_answers: list[tuple[str, list[str]]] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list)
    misses: list[tuple[str, list[str], list[str]]] = field(default_factory=list)

    @property
    def top1_rate(self) -> float:
        return self.top1 / self.total if self.total else 0.0

    @property
    def top3_rate(self) -> float:
        return self.top3 / self.total if self.total else 0.0

    @property
    def abstention_rate(self) -> float:
        return self.unknown_honest / self.unknown_total if self.unknown_total else 0.0

    @property
    def false_answer_rate(self) -> float:
        return self.unknown_false / self.unknown_total if self.unknown_total else 0.0

    def percentile(self, p: float) -> float:
        values = sorted(self.latencies_ms)
        if not values:
            return 0.0
        if len(values) == 1:
            return values[0]
        return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


def languages() -> list[str]:
    return sorted(p.stem for p in HERE.glob("*.yml"))


def load_set(language: str) -> tuple[list[Question], list[str]]:
    data = yaml.safe_load((HERE / f"{language}.yml").read_text(encoding="utf-8"))
    questions = []
    for row in data["questions"]:
        expect = row["expect"]
        questions.append(Question(str(row["q"]), [expect] if isinstance(expect, str) else expect))
    return questions, [str(q) for q in data.get("unknown", [])]


def evaluate(language: str, *, region) -> Result:
    questions, unknown = load_set(language)
    result = Result(language=language)
    bot.answer("hello", language=language, region=region)  # build the index first
    for q in questions:
        start = time.perf_counter()
        reply = bot.answer(q.text, language=language, region=region)
        result.latencies_ms.append((time.perf_counter() - start) * 1000)
        keys = [doc.key for doc in reply.hits]
        result.total += 1
        result.abstained += reply.intent == "unknown"
        if keys[:1] and keys[0] in q.expect:
            result.top1 += 1
        if any(k in q.expect for k in keys[:3]):
            result.top3 += 1
        else:
            result.misses.append((q.text, q.expect, keys[:3]))
    for text in unknown:
        start = time.perf_counter()
        reply = bot.answer(text, language=language, region=region)
        result.latencies_ms.append((time.perf_counter() - start) * 1000)
        result.unknown_total += 1
        result.unknown_honest += reply.intent == "unknown"
        if reply.intent == "content":
            result.unknown_false += 1
            result.false_answers.append((text, [doc.key for doc in reply.hits]))
    return result
