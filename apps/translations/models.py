"""Per item and language: how far the translation of a content item (or of one step or
step link of a process) is. Changed only through services.py.

No row for a language means the translation is missing. The item's source language never
has a row: it is what the others are translated from.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    MISSING = "missing", _("Missing")
    MACHINE = "machine", _("Machine translated")
    IN_TRANSLATION = "in_translation", _("In translation")
    TRANSLATED = "translated", _("Translated")
    REVIEWED = "reviewed", _("Reviewed")
    OUTDATED = "outdated", _("Outdated")


# States that rest on a particular source text: they become outdated when it changes.
TRACKED_STATES = (State.MACHINE, State.IN_TRANSLATION, State.TRANSLATED, State.REVIEWED)
# States a person confirmed: shown to migrants without a notice.
CONFIRMED_STATES = (State.TRANSLATED, State.REVIEWED)


class TranslationState(models.Model):
    """The state of one language of one item (or step, or step link)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    # Not `choices`: the set of languages is configuration (SUPPORTED_LANGUAGES), and a
    # deployment adding a language must not need a migration. Services validate it.
    language = models.CharField(_("language"), max_length=10)
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.MISSING
    )
    source_hash = models.CharField(
        _("source text hash"),
        max_length=64,
        blank=True,
        help_text=_("Hash of the source text this translation was made from."),
    )
    # {field: hash of the source-language text of that field} the translation was made
    # from; a field whose source text hashes differently now is outdated.
    source_hashes = models.JSONField(_("source text hash per field"), default=dict, blank=True)
    outdated_fields = models.JSONField(
        _("outdated fields"),
        default=list,
        blank=True,
        help_text=_("Fields whose source text changed since this translation was made."),
    )
    translated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("translated by"),
    )
    translated_at = models.DateTimeField(_("translated at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("translation state")
        verbose_name_plural = _("translation states")
        ordering = ["content_type", "object_id", "language"]
        constraints = [
            # Also the index for "the states of these items" (content_type, object_id).
            models.UniqueConstraint(
                fields=["content_type", "object_id", "language"],
                name="translations_state_once_per_language",
            )
        ]
        indexes = [models.Index(fields=["state", "language"], name="translations_state_lang")]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id} {self.language} {self.state}"


class JobState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class MachineTranslationJob(models.Model):
    """One machine pre-translation of one content item (with its steps and links) into
    one language, run by the task `translations.machine_translate_item`."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    language = models.CharField(_("language"), max_length=10)
    state = models.CharField(
        _("state"), max_length=10, choices=JobState.choices, default=JobState.QUEUED
    )
    # Why it failed or what it did, as a code and its values (shown translated, in the
    # reader's language; see machine_services.job_message).
    message_code = models.CharField(max_length=30, blank=True)
    message_args = models.JSONField(default=dict, blank=True)
    texts = models.PositiveIntegerField(_("texts translated"), default=0)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("queued by"),
    )

    class Meta:
        verbose_name = _("machine translation job")
        verbose_name_plural = _("machine translation jobs")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "language"], name="translations_mtjob_item"
            ),
            models.Index(fields=["state"], name="translations_mtjob_state"),
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id} {self.language} {self.state}"
