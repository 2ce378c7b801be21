"""The publication workflow: which transitions a user may make with an item, the bulk
transitions of the PA lists, and moving a step within its process.

`allowed_transitions(item, user)` is the one place that says which of submit, publish,
return and archive a user may do with an item in its current state: the PA screens, the
NGO screens and the editor API show their buttons and fields from it, and
`item_transition` (which every screen and endpoint calls to make one) refuses the rest
before the content service validates and saves.

Writes keep the rules of `apps.content.services`: keyword-only, permission checked,
validated, one transaction, a revision for every content change and follow-up work queued
with `transaction.on_commit` (queued work of a refused bulk transition is dropped with it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.content import services
from apps.content.models import ContentItem, Process, Status, Step


@dataclass(frozen=True)
class Transition:
    name: str
    perm: str
    sources: frozenset[str]  # the states an item may be in for it


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition(
            "submit",
            "content.submit_item",
            frozenset({Status.DRAFT, Status.ARCHIVED}),
        ),
        Transition(
            "publish",
            "content.publish_item",
            frozenset({Status.DRAFT, Status.IN_REVIEW, Status.ARCHIVED}),
        ),
        Transition(
            "return",
            "content.return_item",
            frozenset({Status.IN_REVIEW}),
        ),
        Transition(
            "archive",
            "content.archive_item",
            frozenset({Status.DRAFT, Status.IN_REVIEW, Status.PUBLISHED}),
        ),
    )
}
# The transitions the PA lists offer for many items at once.
BULK_TRANSITIONS = ("publish", "archive")


def allowed_transitions(item: ContentItem, user) -> tuple[str, ...]:
    """The transitions `user` may make with `item` now, in the order of TRANSITIONS: the
    user's permission on the item and the item's state (no query once the selectors have
    loaded the item with its organisation and the user's roles are cached)."""
    if item is None or getattr(item, "pk", None) is None:
        return ()
    return tuple(
        name
        for name, t in TRANSITIONS.items()
        if item.status in t.sources and user.has_perm(t.perm, item)
    )


def _refusal(item: ContentItem, transition: Transition, user) -> Exception:
    if not user.has_perm(transition.perm, item):
        return PermissionDenied(_("You are not allowed to do this with this item."))
    messages = {
        "submit": _("Only drafts and archived items can be submitted for review."),
        "publish": _("This item is already published."),
        "return": _("Only items in review can be sent back."),
        "archive": _("This item is already archived."),
    }
    return ValidationError(messages[transition.name])


def _service(name: str) -> Callable[..., ContentItem]:
    return {
        "submit": services.item_submit,
        "publish": services.item_publish,
        "return": services.item_return_to_draft,
        "archive": services.item_archive,
    }[name]


def _transition(name: str) -> Transition:
    try:
        return TRANSITIONS[name]
    except KeyError:
        raise ValidationError(
            {"transition": _("Unknown action: %(name)s.") % {"name": name}}
        ) from None


def item_transition(*, item: ContentItem, user, transition: str, **kwargs: Any) -> ContentItem:
    """Make one transition (`reason=` for return, `publish_at=`/`withdraw_at=` for publish):
    refused with PermissionDenied or a translated ValidationError unless
    `allowed_transitions` offers it, then validated and saved by the content service."""
    t = _transition(transition)
    if transition not in allowed_transitions(item, user):
        # Publishing again only to change the dates of a published item stays possible.
        rescheduling = transition == "publish" and (
            kwargs.get("publish_at") is not None or kwargs.get("withdraw_at") is not None
        )
        if not (rescheduling and user.has_perm(t.perm, item)):
            raise _refusal(item, t, user)
    return _service(transition)(item=item, user=user, **kwargs)


# --- bulk transitions ---------------------------------------------------------------------


@dataclass
class BulkResult:
    """What a bulk transition did: how many items changed (by model) and which were
    refused, with the reason."""

    transition: str
    changed: int = 0
    by_model: dict[str, int] = field(default_factory=dict)
    refused: list[tuple[ContentItem, str]] = field(default_factory=list)


class BulkTransitionRefused(ValidationError):
    """At least one item may not make the transition: nothing was changed. `refused` lists
    (item, reason) for every such item."""

    def __init__(self, refused: list[tuple[ContentItem, str]]):
        self.refused = refused
        super().__init__(
            [
                _("“%(title)s” was not changed: %(reason)s") % {"title": item, "reason": reason}
                for item, reason in refused
            ]
        )


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return _("You are not allowed to do this with this item.")


def items_bulk_transition(
    *, user, items: Iterable[ContentItem], transition: str, all_or_nothing: bool = False
) -> BulkResult:
    """Publish or archive many items at once. Each item is checked (permission and state,
    `allowed_transitions`) and written by the same service as a single transition, in its
    own savepoint. By default the items that may make it do, and `result.refused` names
    every other one with its reason (the PA list reports both). With `all_or_nothing`, one
    refused item refuses all: BulkTransitionRefused names them and no item is changed
    (queued follow-up work is dropped too)."""
    if transition not in BULK_TRANSITIONS:
        raise ValidationError({"transition": _("Unknown action: %(name)s.") % {"name": transition}})
    items = list(items)
    if not items:
        raise ValidationError({"ids": _("Select at least one item.")})
    result = BulkResult(transition=transition)
    try:
        with transaction.atomic():
            for item in items:
                try:
                    with transaction.atomic():
                        item_transition(item=item, user=user, transition=transition)
                except (ValidationError, PermissionDenied) as exc:
                    result.refused.append((item, _reason(exc)))
                else:
                    result.changed += 1
                    label = item._meta.label_lower
                    result.by_model[label] = result.by_model.get(label, 0) + 1
            if all_or_nothing and result.refused:
                raise BulkTransitionRefused(result.refused)  # rolls the whole block back
    except BulkTransitionRefused:
        for item in items:  # the objects say what they became: back to what was kept
            item.refresh_from_db()
        raise
    for item, _why in result.refused:
        item.refresh_from_db()
    return result


# --- moving a step ----------------------------------------------------------------------------

DIRECTIONS = ("up", "down", "first", "last")


def step_move(
    *,
    user,
    step: Step,
    process: Process | None = None,
    position: int | None = None,
    direction: str | None = None,
    expected_version: int | None = None,
) -> Step:
    """Move `step` to `position` (0 = first, as `Step.position`) or one place `up`/`down`,
    or to the `first`/`last` place. The process and its steps are locked, every step is
    renumbered 0, 1, 2 ... and the process gets one new version and one revision (through
    `services.step_update`, which also checks the version and the editor's rights). A move
    to the place the step already has changes nothing. Refused with a translated
    ValidationError (nothing changed) for a position out of range or, when `process` is
    given, a step of another process."""
    if process is not None and step.process_id != process.pk:
        raise ValidationError({"step": _("This step is not a step of this process.")})
    process = process or step.process
    if not user.has_perm("content.change_item", process):
        raise PermissionDenied(_("You are not allowed to do this with this item."))
    if (position is None) == (direction is None):
        raise ValidationError(_("Give either a position or a direction."))
    if direction is not None and direction not in DIRECTIONS:
        raise ValidationError({"direction": _("Choose one of: up, down, first, last.")})
    with transaction.atomic():
        Process.objects.select_for_update().filter(pk=process.pk).values_list("pk").first()
        locked = Step.objects.select_for_update().filter(process_id=process.pk)
        steps = list(locked.order_by("position", "pk"))
        index = next((i for i, s in enumerate(steps) if s.pk == step.pk), None)
        if index is None:
            raise ValidationError({"step": _("This step is not a step of this process.")})
        last = len(steps) - 1
        if direction is not None:
            target = {"up": index - 1, "down": index + 1, "first": 0, "last": last}[direction]
            target = min(max(target, 0), last)
        else:
            if isinstance(position, bool) or not isinstance(position, int):
                raise ValidationError({"position": _("Give the position as a whole number.")})
            if not 0 <= position <= last:
                raise ValidationError(
                    {
                        "position": _("Choose a position from %(first)s to %(last)s.")
                        % {"first": 0, "last": last}
                    }
                )
            target = position
        moved = steps.pop(index)
        steps.insert(target, moved)
        renumbered = [s for i, s in enumerate(steps) if s.position != i and s is not moved]
        if target == index and not renumbered and moved.position == target:
            return step  # already there: no new version
        for i, s in enumerate(steps):
            s.position = i
        # The others first, without a version each; the moved step's save below claims
        # the one new version and writes the revision with every step in its new place.
        Step.objects.bulk_update(renumbered, ["position"])
        moved.process = process
        services.step_update(
            step=moved, user=user, expected_version=expected_version, data={"position": target}
        )
    step.position = target
    return step
