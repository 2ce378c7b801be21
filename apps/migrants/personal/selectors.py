"""Reads of the personal space. Every query is filtered by the owner: a row of another
user is simply not found (the views answer 404)."""

from __future__ import annotations

from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from apps.content.models import Process, Step
from apps.content.selectors import published_q
from apps.migrants.models import ChecklistItem, SavedProcess, WalletDocument


def saved_process_list(*, user) -> QuerySet[SavedProcess]:
    """The user's saved guides with `n_steps`, `n_done` and `available` (still published):
    one query, whatever their number."""
    steps = (
        Step.objects.filter(process=OuterRef("process_id"))
        .order_by()
        .values("process")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        SavedProcess.objects.filter(user=user)
        .select_related("process")
        .annotate(
            n_steps=Coalesce(Subquery(steps, output_field=IntegerField()), Value(0)),
            n_done=Count("progress"),
            available=Exists(
                Process.objects.filter(published_q(Process), pk=OuterRef("process_id"))
            ),
        )
    )


def saved_process_get(*, user, process_id: int) -> SavedProcess | None:
    return SavedProcess.objects.filter(user=user, process_id=process_id).first()


def process_personal_state(*, user, process_id: int) -> dict:
    """For the process page of a signed-in user: is it saved, which steps are done.
    At most two queries."""
    saved = SavedProcess.objects.filter(user=user, process_id=process_id).first()
    done = list(saved.progress.values_list("step_id", flat=True)) if saved else []
    return {"saved": saved is not None, "done_step_ids": done}


def published_step_get(*, step_id: int, process_id: int) -> Step | None:
    """A step of a published process (ticks on drafts are refused)."""
    return (
        Step.objects.filter(pk=step_id, process_id=process_id)
        .filter(process__in=Process.objects.filter(published_q(Process)))
        .select_related("process")
        .first()
    )


def published_process_get(*, process_id: int) -> Process | None:
    return Process.objects.filter(published_q(Process), pk=process_id).first()


def checklist_item_list(*, user) -> QuerySet[ChecklistItem]:
    return ChecklistItem.objects.filter(user=user)


def checklist_item_get(*, user, pk: int) -> ChecklistItem | None:
    return ChecklistItem.objects.filter(user=user, pk=pk).first()


def wallet_document_list(*, user) -> QuerySet[WalletDocument]:
    return WalletDocument.objects.filter(user=user)


def wallet_document_get(*, user, public_id) -> WalletDocument | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return WalletDocument.objects.filter(user=user, public_id=public_id).first()


def wallet_used_bytes(*, user) -> int:
    return WalletDocument.objects.filter(user=user).aggregate(total=Sum("size"))["total"] or 0


def personal_space_summary(*, user) -> dict:
    """Counts for the "My space" page: one query each."""
    return {
        "guides": SavedProcess.objects.filter(user=user).count(),
        "open_items": ChecklistItem.objects.filter(user=user, done=False).count(),
        "documents": WalletDocument.objects.filter(user=user).count(),
        "used_bytes": wallet_used_bytes(user=user),
    }


def personal_data(*, user) -> dict:
    """Everything the personal space holds about the user, for "download all my data"."""
    saved = list(
        SavedProcess.objects.filter(user=user)
        .select_related("process")
        .prefetch_related("progress__step")
    )
    return {
        "saved": saved,
        "checklist": list(checklist_item_list(user=user)),
        "documents": list(wallet_document_list(user=user)),
    }
