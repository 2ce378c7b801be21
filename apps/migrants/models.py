"""The migrant's personal space (optional account): saved guides and their progress, a
checklist, a document wallet. Only the migrant app uses these; domain apps never import
them. Writes go through `personal.services`, reads through `personal.selectors`.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

CHECKLIST_TEXT_MAX = 200
DOCUMENT_TITLE_MAX = 100


class SavedProcess(models.Model):
    """A guide the migrant keeps in "My guides"; ticked steps hang off it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_processes",
        verbose_name=_("user"),
    )
    process = models.ForeignKey(
        "content.Process",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("process"),
    )
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved guide")
        verbose_name_plural = _("saved guides")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "process"], name="saved_process_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.process_id}"


class StepProgress(models.Model):
    """A step of a saved guide that the migrant ticked as done."""

    saved = models.ForeignKey(
        SavedProcess,
        on_delete=models.CASCADE,
        related_name="progress",
        verbose_name=_("saved guide"),
    )
    step = models.ForeignKey(
        "content.Step", on_delete=models.CASCADE, related_name="+", verbose_name=_("step")
    )
    done_at = models.DateTimeField(_("done at"), auto_now_add=True)

    class Meta:
        verbose_name = _("step done")
        verbose_name_plural = _("steps done")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["saved", "step"], name="step_progress_unique")
        ]

    def __str__(self) -> str:
        return f"{self.saved_id}: {self.step_id}"


class ChecklistItem(models.Model):
    """A free to-do item of the migrant's own checklist."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="checklist_items",
        verbose_name=_("user"),
    )
    text = models.CharField(_("text"), max_length=CHECKLIST_TEXT_MAX)
    done = models.BooleanField(_("done"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["done", "created_at", "pk"]

    def __str__(self) -> str:
        return self.text


class WalletDocument(models.Model):
    """A document in the migrant's wallet. The file lives under PRIVATE_MEDIA_ROOT with a
    random name (`file_name`) and is served only to its owner, by a view."""

    class Kind(models.TextChoices):
        PDF = "application/pdf", "PDF"
        JPEG = "image/jpeg", "JPEG"
        PNG = "image/png", "PNG"
        WEBP = "image/webp", "WebP"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="wallet_documents",
        verbose_name=_("user"),
    )
    title = models.CharField(_("name"), max_length=DOCUMENT_TITLE_MAX)
    content_type = models.CharField(_("type"), max_length=40, choices=Kind.choices)
    size = models.PositiveIntegerField(_("size in bytes"))
    file_name = models.CharField(max_length=200, unique=True, editable=False)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    EXTENSIONS = {
        Kind.PDF: "pdf",
        Kind.JPEG: "jpg",
        Kind.PNG: "png",
        Kind.WEBP: "webp",
    }

    class Meta:
        verbose_name = _("wallet document")
        verbose_name_plural = _("wallet documents")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def extension(self) -> str:
        return self.EXTENSIONS[self.content_type]

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
