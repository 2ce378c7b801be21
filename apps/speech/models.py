"""Audio renditions: the spoken text of one content item (or one step of a process) in
one language and one format, rendered on the server (see docs/speech.md)."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AudioFormat(models.TextChoices):
    OPUS = "opus", _("Opus (Ogg)")
    MP3 = "mp3", _("MP3")


# What a browser is told about each format (<source type="...">) and the file suffix.
MIME_TYPES = {AudioFormat.OPUS: 'audio/ogg; codecs="opus"', AudioFormat.MP3: "audio/mpeg"}
SUFFIXES = {AudioFormat.OPUS: "opus", AudioFormat.MP3: "mp3"}


class AudioRendition(models.Model):
    """One audio file: item (and step), language, format. Changed only by services.py.

    `fingerprint` is the sha256 of the spoken text, backend, voice, engine version and
    format: a render whose fingerprint equals the stored one does no work.
    `engine_settings` is the same without the spoken text: the beat job and the coverage
    page compare it with the settings in force, to find audio that a new engine, voice or
    encoder setting has made old without preparing every text.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    step = models.ForeignKey(
        "content.Step",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="audio_renditions",
        verbose_name=_("step"),
    )
    language = models.CharField(_("language"), max_length=10)
    format = models.CharField(_("format"), max_length=8, choices=AudioFormat.choices)
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    engine_settings = models.CharField(_("engine settings"), max_length=64, blank=True)
    backend = models.CharField(_("speech engine"), max_length=40)
    voice = models.CharField(_("voice"), max_length=80)
    duration = models.FloatField(_("duration in seconds"))
    size = models.PositiveIntegerField(_("size in bytes"))
    file = models.FileField(_("file"), upload_to="speech/", max_length=300)
    rendered_at = models.DateTimeField(_("rendered at"))
    # When a render last found this file current (same fingerprint): the coverage page
    # calls audio current when this is not older than the item's last change.
    checked_at = models.DateTimeField(_("checked at"))

    class Meta:
        verbose_name = _("audio rendition")
        verbose_name_plural = _("audio renditions")
        ordering = ["content_type", "object_id", "step", "language", "format"]
        indexes = [models.Index(fields=["content_type", "object_id", "language"])]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "language", "format"],
                condition=models.Q(step__isnull=True),
                name="speech_rendition_item_once",
            ),
            models.UniqueConstraint(
                fields=["step", "language", "format"],
                condition=models.Q(step__isnull=False),
                name="speech_rendition_step_once",
            ),
        ]

    def __str__(self) -> str:
        part = f"/step {self.step_id}" if self.step_id else ""
        return f"{self.content_type_id}:{self.object_id}{part} {self.language} {self.format}"

    @property
    def mime_type(self) -> str:
        return MIME_TYPES[self.format]
