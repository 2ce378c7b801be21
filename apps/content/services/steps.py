"""A process's steps and the links between them: create, change, delete, and many new
steps at once (importers, demo loader).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.content import flow
from apps.content.fields import (
    column,
    language_codes,
    translated_columns,
)
from apps.content.models import (
    Process,
    Step,
    StepLink,
)
from apps.content.services._base import (
    apply_values,
    attachment_errors,
    clean_texts,
    editable_columns,
    glossary_terms,
    pks_of,
    refuse_unmoderated_part_change,
    require_perm,
    same_value,
    translator_languages,
)
from apps.content.services.revisions import bump_version, revision_write
from apps.core.cache import content_changed


def _step_validate(step: Step) -> None:
    clean_texts(step, glossary=glossary_terms(step.process.region_id))
    source = step.process.source_language
    if not (getattr(step, column("title", source)) or "").strip():
        raise ValidationError(
            {
                column("title", source): _("Enter the title in the source language (%(language)s).")
                % {"language": source}
            }
        )
    step.full_clean(exclude=["required_documents", "produced_documents"])


def _step_attachments_check(step: Step, document_ids: list, *, office_changed: bool = True) -> None:
    errors = attachment_errors(
        step.process.region_id,
        office_id=step.office_id if office_changed else None,
        document_ids=document_ids,
    )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def step_create(
    *,
    process: Process,
    user,
    expected_version: int | None,
    data: dict[str, Any],
    required_documents: Iterable = (),
    produced_documents: Iterable = (),
) -> Step:
    require_perm(user, "content.change_item", process)
    refuse_unmoderated_part_change(user, process)
    bump_version(item=process, expected_version=expected_version, user=user)
    step = Step(process=process)
    if "position" not in data:
        step.position = process.steps.count()
    data = {column(k, process.source_language) if k in ("title", "description") else k: v
            for k, v in data.items()}  # fmt: skip
    apply_values(step, data, allowed=editable_columns(Step))
    _step_validate(step)
    _step_attachments_check(step, [*pks_of(required_documents), *pks_of(produced_documents)])
    step.save()
    step.required_documents.set(pks_of(required_documents))
    step.produced_documents.set(pks_of(produced_documents))
    revision_write(item=process, user=user, action="step_create")
    return step


def steps_create_many(
    *,
    steps: list[Step],
    documents: dict[int, dict[str, Iterable[int]]] | None = None,
) -> list[Step]:
    """Insert many new steps at once (importers, the demo loader): one INSERT for the
    steps and one per document relation, whatever their number. `steps` are unsaved,
    their texts already set as the services store them; `documents` maps a step's index
    in `steps` to {"required_documents": ids, "produced_documents": ids}. The caller
    writes the processes' revisions (`revisions_write_many`)."""
    if not steps:
        return []
    created = Step.objects.bulk_create(steps, batch_size=200)
    for relation in ("required_documents", "produced_documents"):
        through = getattr(Step, relation).through
        rows = [
            through(step_id=created[index].pk, documenttype_id=pk)
            for index, wanted in sorted((documents or {}).items())
            for pk in pks_of(wanted.get(relation, ()))
        ]
        if rows:
            through.objects.bulk_create(rows, batch_size=500)
    content_changed()
    return created


@transaction.atomic
def step_update(
    *,
    step: Step,
    user,
    expected_version: int | None,
    data: dict[str, Any],
    required_documents: Iterable | None = None,
    produced_documents: Iterable | None = None,
    link_labels: dict[int, dict[str, str]] | None = None,
    minor: bool = False,
) -> Step:
    """Change a step; `link_labels` ({link id: {language: label}}) changes the labels of
    branches leaving it in the same save (one version, one revision). `minor`: a minor
    change of the source text, which outdates no translation."""
    process = step.process
    refuse_unmoderated_part_change(user, process)
    if user.has_perm("content.change_item", process):
        allowed = editable_columns(Step)
        label_languages = set(language_codes())
    elif user.has_perm("content.translate_item", process):
        others = translator_languages(user, process)
        allowed = set(translated_columns(Step, languages=others))
        label_languages = set(others)
        # Translators never change the source texts, the step's place in the flow or its
        # office and documents: refused, not just ignored.
        data = {k: v for k, v in data.items() if not same_value(step, k, v)}
        if set(data) - allowed or required_documents is not None or produced_documents is not None:
            raise PermissionDenied(
                _("Translators can change only the translations, not the source language.")
            )
    else:
        raise PermissionDenied(_("You are not allowed to do this with this item."))
    links = {link.pk: link for link in step.outgoing.all()} if link_labels else {}
    for link_id, labels in (link_labels or {}).items():
        if int(link_id) not in links:
            raise ValidationError({"label": _("This connection does not start at this step.")})
        if set(labels) - label_languages:
            raise PermissionDenied(_("Translators can change translations only."))
    bump_version(item=process, expected_version=expected_version, user=user)
    changed = apply_values(step, data, allowed=allowed)
    _step_validate(step)
    if "continues" in changed and step.continues and not process.allow_cycles:
        following = process.steps.filter(position__gt=step.position).order_by("position", "pk")
        nxt = following.values_list("pk", flat=True).first()
        if nxt is not None and _leads_to(process, nxt, step.pk):
            message = _(
                "Going on to the next step would lead back to this step, which this process "
                "does not allow."
            )
            raise ValidationError({"continues": message})
    _step_attachments_check(
        step,
        [*pks_of(required_documents or ()), *pks_of(produced_documents or ())],
        office_changed="office_id" in changed,
    )
    step.save()
    if required_documents is not None:
        step.required_documents.set(pks_of(required_documents))
    if produced_documents is not None:
        step.produced_documents.set(pks_of(produced_documents))
    for link_id, labels in (link_labels or {}).items():
        link = links[int(link_id)]
        for lang, text in labels.items():
            setattr(link, column("label", lang), (text or "").strip())
        clean_texts(link, glossary=None)
        link.full_clean()
        link.save()
    revision_write(item=process, user=user, action="step_update", minor=minor)
    return step


@transaction.atomic
def step_delete(*, step: Step, user, expected_version: int | None) -> None:
    process = step.process
    require_perm(user, "content.change_item", process)
    refuse_unmoderated_part_change(user, process)
    bump_version(item=process, expected_version=expected_version, user=user)
    step.delete()
    revision_write(item=process, user=user, action="step_delete")


def _leads_to(process: Process, start_id: int, goal_id: int) -> bool:
    """Whether the flow migrants follow (ordinary next steps and links) leads from one step
    to the other (apps/content/flow.py)."""
    steps = list(Step.objects.filter(process=process).only("pk", "position", "continues"))
    links = StepLink.objects.filter(process=process).only("pk", "from_step", "to_step")
    current = flow.build_flow(steps, list(links))
    return flow.leads_to(current, start_id, goal_id)


@transaction.atomic
def step_link_update(
    *,
    link: StepLink,
    user,
    expected_version: int | None,
    label: dict[str, str],
    minor: bool = False,
) -> StepLink:
    """Change a branch label in some languages. Authors change every language; translators
    only languages other than the process's source language."""
    process = link.process
    refuse_unmoderated_part_change(user, process)
    if user.has_perm("content.change_item", process):
        languages = set(language_codes())
    elif user.has_perm("content.translate_item", process):
        languages = set(translator_languages(user, process))
    else:
        raise PermissionDenied(_("You are not allowed to do this with this item."))
    for lang in label:
        if lang not in language_codes():
            raise ValidationError({"label": _("Unknown language: %(code)s.") % {"code": lang}})
        if lang not in languages:
            raise PermissionDenied(_("Translators can change translations only."))
    bump_version(item=process, expected_version=expected_version, user=user)
    for lang, text in label.items():
        setattr(link, column("label", lang), (text or "").strip())
    clean_texts(link, glossary=None)
    link.full_clean()
    link.save()
    revision_write(item=process, user=user, action="link_update", minor=minor)
    return link


@transaction.atomic
def step_link_create(
    *,
    process: Process,
    user,
    expected_version: int | None,
    from_step: Step,
    to_step: Step,
    label: dict[str, str] | None = None,
) -> StepLink:
    """Link two steps of `process`; `label` maps language codes to the branch label."""
    require_perm(user, "content.change_item", process)
    refuse_unmoderated_part_change(user, process)
    if from_step.process_id != process.pk or to_step.process_id != process.pk:
        raise ValidationError(
            {"to_step": _("A step can only be linked to a step of the same process.")}
        )
    if not process.allow_cycles and (
        from_step.pk == to_step.pk or _leads_to(process, to_step.pk, from_step.pk)
    ):
        raise ValidationError(
            {
                "to_step": _(
                    "This link would lead back to an earlier step, which this process does not "
                    "allow. Allow repeating steps in the process first."
                )
            }
        )
    if StepLink.objects.filter(from_step=from_step, to_step=to_step).exists():
        raise ValidationError({"to_step": _("These two steps are already linked.")})
    bump_version(item=process, expected_version=expected_version, user=user)
    link = StepLink(process=process, from_step=from_step, to_step=to_step)
    for lang, text in (label or {}).items():
        if lang not in language_codes():
            raise ValidationError({"label": _("Unknown language: %(code)s.") % {"code": lang}})
        setattr(link, column("label", lang), text or "")
    clean_texts(link, glossary=None)
    link.full_clean()
    link.save()
    revision_write(item=process, user=user, action="link_create")
    return link


@transaction.atomic
def step_link_delete(*, link: StepLink, user, expected_version: int | None) -> None:
    process = link.process
    require_perm(user, "content.change_item", process)
    refuse_unmoderated_part_change(user, process)
    bump_version(item=process, expected_version=expected_version, user=user)
    link.delete()
    revision_write(item=process, user=user, action="link_delete")
