"""Questions the bot could not answer, so editors see what content is missing.

No personal data: no session, no user, no address. The text is scrubbed before it is
stored (e-mail addresses, phone numbers, web addresses and any digits removed, see
services.question_scrub), and identical questions of a language and region are one
row with a count.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnansweredQuestion(models.Model):
    TEXT_MAX_LENGTH = 300

    language = models.CharField(_("language"), max_length=10)
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    text = models.CharField(_("question"), max_length=TEXT_MAX_LENGTH)
    # Normalised text (case, spaces, letter forms): what makes two questions "the same".
    normalised = models.CharField(max_length=TEXT_MAX_LENGTH, editable=False)
    count = models.PositiveIntegerField(_("times asked"), default=1)
    first_asked_at = models.DateTimeField(_("first asked"), auto_now_add=True)
    last_asked_at = models.DateTimeField(_("last asked"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("unanswered question")
        verbose_name_plural = _("unanswered questions")
        ordering = ["-count", "-last_asked_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["language", "region", "normalised"],
                name="chatbot_unanswered_once",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return self.text
