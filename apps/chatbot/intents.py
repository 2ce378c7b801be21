"""Small talk the embedded bot recognises in every language: keyword phrases per intent.

A message is small talk when it contains one of the phrases and little else (see
`detect`): "thanks!" is thanks, "thanks, and how do I register my address?" is a
question. Phrases are matched on normalised text (`text.normalise`), whole words, so
Arabic-script spelling variants meet.
"""

from __future__ import annotations

import re
from functools import cache

from apps.chatbot.text import normalise, words

GREET, THANKS, HELP, HUMAN, CONFUSED = "greet", "thanks", "help", "human", "confused"

PHRASES: dict[str, dict[str, list[str]]] = {
    GREET: {
        "en": ["hello", "hi", "hey", "good morning", "good evening", "good afternoon"],
        "de": ["hallo", "hi", "guten tag", "guten morgen", "guten abend", "servus", "moin"],
        "ar": ["مرحبا", "السلام عليكم", "سلام", "اهلا", "صباح الخير", "مساء الخير"],
        "zh-hans": ["你好", "您好", "早上好", "晚上好", "嗨"],
        "prs": ["سلام", "سلام علیکم", "صبح بخیر", "روز بخیر", "درود"],
        "ur": ["السلام علیکم", "سلام", "ہیلو", "آداب", "صبح بخیر"],
        "nl": ["hallo", "hoi", "goedemorgen", "goedemiddag", "goedenavond", "dag"],
        "it": ["ciao", "buongiorno", "buonasera", "salve"],
        "ru": ["привет", "здравствуйте", "добрый день", "доброе утро", "добрый вечер"],
        "es": ["hola", "buenos dias", "buenas tardes", "buenas noches", "buenas"],
        "uk": ["привіт", "вітаю", "добрий день", "доброго дня", "добрий вечір"],
    },
    THANKS: {
        "en": ["thanks", "thank you", "thx", "great thanks", "cheers"],
        "de": ["danke", "vielen dank", "dankeschön", "danke schön", "merci"],
        "ar": ["شكرا", "شكرا جزيلا", "مشكور", "يعطيك العافية"],
        "zh-hans": ["谢谢", "多谢", "感谢", "谢了"],
        "prs": ["تشکر", "مرسی", "سپاس", "تشکر زیاد"],
        "ur": ["شکریہ", "بہت شکریہ", "مہربانی"],
        "nl": ["dank je", "dank u", "bedankt", "dankjewel", "dank je wel"],
        "it": ["grazie", "grazie mille"],
        "ru": ["спасибо", "благодарю", "спасибо большое"],
        "es": ["gracias", "muchas gracias"],
        "uk": ["дякую", "спасибі", "щиро дякую"],
    },
    HELP: {
        "en": ["help", "what can you do", "how does this work", "menu"],
        "de": ["hilfe", "was kannst du", "wie funktioniert das", "menü"],
        "ar": ["مساعدة", "ساعدني", "ماذا تستطيع ان تفعل", "كيف يعمل هذا"],
        "zh-hans": ["帮助", "帮忙", "你能做什么", "怎么用"],
        "prs": ["کمک", "کمک کنید", "چه کار میتوانی", "چطور کار میکند"],
        "ur": ["مدد", "مدد کریں", "آپ کیا کر سکتے ہیں"],
        "nl": ["help", "hulp", "wat kun je", "hoe werkt dit"],
        "it": ["aiuto", "cosa sai fare", "come funziona"],
        "ru": ["помощь", "помогите", "что ты умеешь", "как это работает"],
        "es": ["ayuda", "qué puedes hacer", "como funciona"],
        "uk": ["допомога", "допоможіть", "що ти вмієш", "як це працює"],
    },
    HUMAN: {
        "en": ["talk to a person", "speak to a human", "real person", "human", "talk to someone"],
        "de": ["mit einem menschen sprechen", "mensch", "echte person", "mitarbeiter sprechen"],
        "ar": ["اريد التحدث مع شخص", "موظف", "انسان حقيقي", "شخص حقيقي"],
        "zh-hans": ["人工", "人工客服", "真人", "和人说话"],
        "prs": ["با یک انسان صحبت کنم", "شخص واقعی", "کارمند"],
        "ur": ["کسی انسان سے بات", "اصلی شخص", "کسی سے بات کرنی ہے"],
        "nl": ["met een mens praten", "echt persoon", "medewerker spreken"],
        "it": ["parlare con una persona", "operatore", "persona reale"],
        "ru": ["поговорить с человеком", "живой человек", "оператор"],
        "es": ["hablar con una persona", "persona real", "hablar con alguien"],
        "uk": ["поговорити з людиною", "жива людина", "оператор"],
    },
    CONFUSED: {
        "en": ["i don't understand", "i dont understand", "what do you mean"],
        "de": ["ich verstehe nicht", "versteh ich nicht", "was meinst du", "wie bitte"],
        "ar": ["لا افهم", "لم افهم", "ماذا تقصد"],
        "zh-hans": ["我不明白", "听不懂", "看不懂", "什么意思"],
        "prs": ["نمی فهمم", "نفهمیدم", "منظورت چیست"],
        "ur": ["سمجھ نہیں آیا", "میں نہیں سمجھا", "کیا مطلب"],
        "nl": ["ik begrijp het niet", "snap het niet", "wat bedoel je"],
        "it": ["non capisco", "non ho capito", "cosa intendi"],
        "ru": ["не понимаю", "я не понял", "что вы имеете в виду"],
        "es": ["no entiendo", "no comprendo", "qué quieres decir"],
        "uk": ["не розумію", "я не зрозумів", "що ви маєте на увазі"],
    },
}

# Words a small-talk message may carry besides its phrase ("ok", "please", names).
EXTRA_WORDS = 2


@cache
def _compiled(intent: str, language: str) -> list[tuple[re.Pattern, int]]:
    phrases = PHRASES[intent].get(language, []) + PHRASES[intent].get("en", [])
    out = []
    for phrase in phrases:
        ws = [normalise(w) for w in words(phrase)]
        if not ws:
            continue
        if any("\u4e00" <= ch <= "\u9fff" for ch in phrase):
            pattern = re.compile(re.escape(normalise(phrase)))
        else:
            pattern = re.compile(r"(?<!\w)" + r"\W+".join(map(re.escape, ws)) + r"(?!\w)")
        out.append((pattern, len(ws)))
    return out


def detect(message: str, language: str) -> tuple[str, int] | None:
    """(intent, number of other words) of a short small-talk message, or None."""
    folded = normalise(message)
    total = len(words(message))
    for intent in (HUMAN, CONFUSED, THANKS, HELP, GREET):
        for pattern, length in _compiled(intent, language):
            if pattern.search(folded):
                cjk = any("\u4e00" <= ch <= "\u9fff" for ch in folded)
                extra = len(folded) - len(pattern.pattern) if cjk else total - length
                if extra <= (4 if cjk else EXTRA_WORDS):
                    return intent, max(extra, 0)
    return None
