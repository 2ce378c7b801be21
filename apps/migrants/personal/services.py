"""Writes of the personal space: saved guides and progress, checklist, document wallet,
export and deletion of the account. Keyword-only, atomic; files are removed from disk only
once the transaction that removed their rows has committed (`transaction.on_commit`).

Callers pass objects they got from `personal_selectors` with the owner filter, so a
service never touches another user's rows.
"""

from __future__ import annotations

import json
import logging
import re
import tempfile
import unicodedata
import zipfile

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext

from apps.accounts.selectors import user_is_staff_role
from apps.content.mentions import mentions_to_plain_text
from apps.content.models import Process, Step
from apps.migrants import display
from apps.migrants.models import (
    CHECKLIST_TEXT_MAX,
    DOCUMENT_TITLE_MAX,
    ChecklistItem,
    SavedProcess,
    StepProgress,
    WalletDocument,
)
from apps.migrants.personal import selectors as personal_selectors
from apps.migrants.personal import wallet

logger = logging.getLogger(__name__)

CHECKLIST_MAX_ITEMS = 200
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


# --- text -------------------------------------------------------------------------------------


def clean_text(value: str, *, max_length: int) -> str:
    """One line of the user's own text: NFC, no control or bidi-override characters,
    whitespace collapsed. Printed escaped by the templates."""
    value = unicodedata.normalize("NFC", value or "")
    value = _CONTROL.sub(" ", value)
    value = " ".join(value.split())
    if len(value) > max_length:
        raise ValidationError(
            gettext("Please write at most %(max)d characters (you wrote %(length)d).")
            % {"max": max_length, "length": len(value)},
            code="max_length",
        )
    return value


# --- saved guides and progress ----------------------------------------------------------------


@transaction.atomic
def saved_process_add(*, user, process: Process) -> SavedProcess:
    saved, _created = SavedProcess.objects.get_or_create(user=user, process=process)
    return saved


@transaction.atomic
def saved_process_remove(*, saved: SavedProcess) -> None:
    """Remove a guide from "My guides", and its ticks with it."""
    saved.delete()


@transaction.atomic
def step_progress_set(*, user, step: Step, done: bool) -> SavedProcess:
    """Tick (or untick) a step; ticking saves the guide in "My guides" too."""
    saved, _created = SavedProcess.objects.get_or_create(user=user, process_id=step.process_id)
    if done:
        StepProgress.objects.get_or_create(saved=saved, step=step)
    else:
        StepProgress.objects.filter(saved=saved, step=step).delete()
    return saved


@transaction.atomic
def step_progress_clear(*, user, process_id: int) -> None:
    StepProgress.objects.filter(saved__user=user, saved__process_id=process_id).delete()


# --- checklist --------------------------------------------------------------------------------


@transaction.atomic
def checklist_item_create(*, user, text: str) -> ChecklistItem:
    text = clean_text(text, max_length=CHECKLIST_TEXT_MAX)
    if not text:
        raise ValidationError(gettext("Please write what you want to do."), code="required")
    if ChecklistItem.objects.filter(user=user).count() >= CHECKLIST_MAX_ITEMS:
        raise ValidationError(
            gettext("Your list is full (%(max)d items). Please delete items you have done.")
            % {"max": CHECKLIST_MAX_ITEMS},
            code="too_many",
        )
    item = ChecklistItem(user=user, text=text)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def checklist_item_set_done(*, item: ChecklistItem, done: bool) -> ChecklistItem:
    item.done = done
    item.save(update_fields=["done"])
    return item


@transaction.atomic
def checklist_item_delete(*, item: ChecklistItem) -> None:
    item.delete()


# --- document wallet --------------------------------------------------------------------------


def _remove_files(names: list[str]) -> None:
    store = wallet.storage()
    for name in names:
        try:
            store.delete(name)
        except OSError:  # already gone, or the disk refuses: log, the row is gone anyway
            logger.warning("could not remove wallet file %s", name, exc_info=True)


def _remove_files_on_commit(names: list[str]) -> None:
    if names:
        transaction.on_commit(lambda: _remove_files(names))


def document_title(title: str, upload_name: str) -> str:
    """The name the migrant gave, else the uploaded file's name without its extension."""
    title = clean_text(title, max_length=DOCUMENT_TITLE_MAX)
    if not title:
        base = (upload_name or "").replace("\\", "/").rsplit("/", 1)[-1]
        base = base.rsplit(".", 1)[0] if "." in base else base
        title = " ".join(_CONTROL.sub(" ", base).split())[:DOCUMENT_TITLE_MAX]
    return title or gettext("Document")


def wallet_document_create(*, user, upload, title: str = "") -> WalletDocument:
    """Check the upload by its content, re-encode images, store it privately.

    Raises ValidationError (translated) and stores nothing if the file is too large, of
    another type, damaged, or over the account's quota.
    """
    title = document_title(title, getattr(upload, "name", ""))
    cleaned = wallet.clean(wallet.read_upload(upload))
    name = wallet.new_file_name(cleaned.extension)
    with transaction.atomic():
        # Serialise uploads of one account, so two at once cannot both pass the quota.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        used = personal_selectors.wallet_used_bytes(user=user)
        quota = settings.MICADO_WALLET_QUOTA_BYTES
        if used + len(cleaned.content) > quota:
            raise ValidationError(
                gettext(
                    "Your document wallet is full: %(used)s of %(quota)s used. "
                    "Please delete a document first."
                )
                % {"used": filesizeformat(used), "quota": filesizeformat(quota)},
                code="quota",
            )
        document = WalletDocument(
            user=user,
            title=title,
            content_type=cleaned.content_type,
            size=len(cleaned.content),
            file_name=name,
        )
        document.full_clean()
        stored = wallet.storage().save(name, ContentFile(cleaned.content))
        try:
            if stored != name:  # never happens with random names; be safe anyway
                document.file_name = stored
            document.save()
        except BaseException:
            _remove_files([stored])
            raise
    return document


@transaction.atomic
def wallet_document_delete(*, document: WalletDocument) -> None:
    name = document.file_name
    document.delete()
    _remove_files_on_commit([name])


# --- account ----------------------------------------------------------------------------------


def account_can_be_deleted(user) -> bool:
    """Migrants delete their account themselves; staff accounts hold roles and revisions,
    so their organisation's administrator removes them."""
    return not (user.is_staff or user.is_superuser or user_is_staff_role(user))


@transaction.atomic
def account_delete(*, user) -> None:
    """Delete the user, every row of theirs (cascade) and, after commit, their files."""
    if not account_can_be_deleted(user):
        raise ValidationError(
            gettext(
                "Your account belongs to an organisation. Please ask its administrator "
                "to remove it."
            ),
            code="staff",
        )
    names = list(WalletDocument.objects.filter(user=user).values_list("file_name", flat=True))
    user.delete()
    _remove_files_on_commit(names)


# --- export -----------------------------------------------------------------------------------


def _zip_name(index: int, document: WalletDocument) -> str:
    try:
        base = get_valid_filename(document.title)[:60]
    except Exception:  # noqa: BLE001 - nothing usable left of the title
        base = "document"
    return f"documents/{index:03d}-{base}.{document.extension}"


def _plain(obj, language: str) -> str:
    return mentions_to_plain_text(display.resolve(obj, "title", language)[0])


def personal_data_export(*, user, language: str):
    """A ZIP (a temporary file, open, at position 0) with `data.json` (account, saved
    guides with their ticked steps, checklist, wallet list) and the wallet's files."""
    data = personal_selectors.personal_data(user=user)
    store = wallet.storage()
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - returned
    documents = []
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for index, document in enumerate(data["documents"], start=1):
            path = _zip_name(index, document)
            try:
                with store.open(document.file_name, "rb") as handle:
                    archive.writestr(path, handle.read(), compress_type=zipfile.ZIP_STORED)
            except OSError:
                logger.warning("wallet file missing: %s", document.file_name)
                path = None
            documents.append(
                {
                    "name": document.title,
                    "type": document.content_type,
                    "size": document.size,
                    "uploaded_at": document.created_at,
                    "file": path,
                }
            )
        payload = {
            "exported_at": timezone.now(),
            "account": {
                "email": user.email,
                "name": user.name,
                "preferred_language": user.preferred_language,
                "date_joined": user.date_joined,
                "last_login": user.last_login,
            },
            "saved_guides": [
                {
                    "process_id": saved.process_id,
                    "title": _plain(saved.process, language),
                    "saved_at": saved.created_at,
                    "steps_done": [
                        {
                            "step_id": tick.step_id,
                            "title": _plain(tick.step, language),
                            "done_at": tick.done_at,
                        }
                        for tick in saved.progress.all()
                    ],
                }
                for saved in data["saved"]
            ],
            "checklist": [
                {"text": item.text, "done": item.done, "created_at": item.created_at}
                for item in data["checklist"]
            ],
            "documents": documents,
        }
        archive.writestr(
            "data.json",
            json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        )
    out.seek(0)
    return out
