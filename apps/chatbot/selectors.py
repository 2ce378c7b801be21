"""Reads of the chatbot app: the unanswered questions a PA user may see."""

from __future__ import annotations

from django.db.models import QuerySet

from apps.chatbot.models import UnansweredQuestion
from apps.content.feedback import feedback_regions_q


def unanswered_list(*, user, language: str | None = None) -> QuerySet:
    """Unanswered questions of the user's PA regions and the regions below them (the
    same rule as migrants' feedback), most asked first, with their regions."""
    qs = UnansweredQuestion.objects.filter(feedback_regions_q(user)).select_related("region")
    if language:
        qs = qs.filter(language=language)
    return qs
