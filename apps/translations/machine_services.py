"""Machine pre-translation: queue jobs (one per item and language) and run them.

A job translates the item, and for a process its steps and links, into one language:
only what is missing or outdated there (a missing language gets its empty fields
filled; an outdated one is translated again), never a current translation of a person
(in translation, translated) nor a current machine translation. The result is written
through content's `item_translation_write` and those objects get the state `machine`.

A provider that times out, answers an error or garbage, or breaks a placeholder leaves
the item untouched; the job says why. A lock (cache.add) makes sure one item and
language is never translated by two jobs at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.content import services as content_services
from apps.content.fields import TRANSLATED_FIELDS
from apps.content.models import ContentItem, Process
from apps.regions.models import Region
from apps.translations import placeholders
from apps.translations import services as state_services
from apps.translations.exchange.selectors import is_rich, items_needing_work
from apps.translations.models import JobState, MachineTranslationJob, State
from apps.translations.providers import Provider, ProviderError, provider_get
from apps.translations.rules import Target
from apps.translations.selectors import latest_source_hashes, states_for

BATCH = 50  # texts per request (DeepL takes at most 50)
ACTIVE = (JobState.QUEUED, JobState.RUNNING)
MESSAGES = {
    "off": gettext_lazy("Machine translation is off: no provider is configured."),
    "language": gettext_lazy(
        "%(provider)s cannot translate from %(source)s into %(language)s. Nothing was changed."
    ),
    "timeout": gettext_lazy(
        "The translation service did not answer within %(detail)s seconds. Nothing was changed."
    ),
    "unreachable": gettext_lazy(
        "The translation service cannot be reached (%(detail)s). Nothing was changed."
    ),
    "refused": gettext_lazy(
        "The translation service refused the request (HTTP %(detail)s); check the API key. "
        "Nothing was changed."
    ),
    "quota": gettext_lazy(
        "The translation service's quota is used up (HTTP %(detail)s). Nothing was changed."
    ),
    "http": gettext_lazy(
        "The translation service answered with an error (HTTP %(detail)s). Nothing was changed."
    ),
    "garbage": gettext_lazy(
        "The translation service's answer cannot be used (%(detail)s). Nothing was changed."
    ),
    "placeholders": gettext_lazy(
        "The machine translation of “%(field)s” broke its markup or mentions (%(detail)s). "
        "Nothing was changed."
    ),
    "invalid": gettext_lazy(
        "The content rules refused the machine translation: %(detail)s Nothing was changed."
    ),
    "locked": gettext_lazy(
        "Another job is translating this item into this language right now. Nothing was changed."
    ),
    "gone": gettext_lazy("The item no longer exists."),
    "nothing": gettext_lazy(
        "Nothing to translate: every text is current or was translated by a person."
    ),
    "done": gettext_lazy("%(count)s texts machine translated."),
}


def job_message(job: MachineTranslationJob) -> str:
    """The job's message in the active language."""
    template = MESSAGES.get(job.message_code)
    if template is None:
        return ""
    args = {"detail": "", "count": job.texts, "field": "", "provider": "", "source": "",
            "language": job.language, **(job.message_args or {})}  # fmt: skip
    return str(template) % args


def mt_enabled() -> bool:
    return provider_get() is not None


def _lock_key(job: MachineTranslationJob) -> str:
    return f"translations:mt:{job.content_type_id}:{job.object_id}:{job.language}"


@transaction.atomic
def mt_jobs_queue(
    *, items: Sequence[ContentItem], languages: Iterable[str], user=None
) -> list[MachineTranslationJob]:
    """A job per item and language (the item's source language is left out). An item
    and language that already has a queued or running job keeps it (returned as well).
    The tasks are sent when the transaction commits."""
    provider = provider_get()
    if provider is None:
        raise ValidationError(str(MESSAGES["off"]))
    languages = list(dict.fromkeys(languages))
    unknown = [lang for lang in languages if lang not in content_services.language_codes()]
    if unknown:
        raise ValidationError(_("Unknown language: %(code)s.") % {"code": ", ".join(unknown)})
    for item in items:
        if user is not None and not user.has_perm("content.translate_item", item):
            raise PermissionDenied(_("You are not allowed to do this with this item."))
        if user is not None:
            # A translator limited to some languages (external translators) queues only those.
            for language in languages:
                if language != item.source_language and not user.has_perm(
                    "translations.translate", Target(item=item, language=language)
                ):
                    raise PermissionDenied(
                        _("You are not allowed to translate this item into %(language)s.")
                        % {"language": language}
                    )
    jobs: list[MachineTranslationJob] = []
    by_type: dict[type, list[ContentItem]] = {}
    for item in items:
        by_type.setdefault(type(item), []).append(item)
    author = user if getattr(user, "is_authenticated", False) else None
    for model, group in by_type.items():
        content_type = ContentType.objects.get_for_model(model)
        active = {
            (job.object_id, job.language): job
            for job in MachineTranslationJob.objects.filter(
                content_type=content_type,
                object_id__in=[i.pk for i in group],
                language__in=languages,
                state__in=ACTIVE,
            )
        }
        for item in group:
            for language in languages:
                if language == item.source_language:
                    continue
                if (item.pk, language) in active:
                    jobs.append(active[(item.pk, language)])
                    continue
                job = MachineTranslationJob(
                    content_type=content_type,
                    object_id=item.pk,
                    language=language,
                    created_by=author,
                )
                offered = provider.supports(item.source_language) and provider.supports(language)
                if not offered:
                    job.state = JobState.FAILED
                    job.message_code = "language"
                    job.message_args = {"provider": str(provider.label),
                                        "source": item.source_language}  # fmt: skip
                    job.finished_at = timezone.now()
                job.save()
                jobs.append(job)
                if offered:
                    transaction.on_commit(lambda pk=job.pk: _send(pk))
    return jobs


def _send(job_id: int) -> None:
    from micado.celery import app

    # By name from Celery's registry: services must not import tasks (tasks import services).
    app.tasks["translations.machine_translate_item"].delay(job_id)


def mt_queue_missing(
    *, languages: Iterable[str], region: Region | None = None, user=None
) -> list[MachineTranslationJob]:
    """Jobs for every item (of `region` and below) that the user may translate and that
    has a missing or outdated language among `languages`."""
    jobs = []
    for item, todo in items_needing_work(region=region, languages=languages, user=user):
        jobs += mt_jobs_queue(items=[item], languages=todo, user=user)
    return jobs


def _finish(job: MachineTranslationJob, state: str, code: str, **args) -> MachineTranslationJob:
    job.state = state
    job.message_code = code
    job.message_args = {k: str(v) for k, v in args.items()}
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "message_code", "message_args", "texts", "finished_at"])
    return job


def mt_job_run(*, job_id: int) -> MachineTranslationJob | None:
    """Run one job (the task calls this). Never raises for a provider's failure: the job
    records it and the item stays as it was."""
    job = MachineTranslationJob.objects.filter(pk=job_id).first()
    if job is None or job.state in (JobState.DONE, JobState.FAILED):
        return job
    provider = provider_get()
    if provider is None:
        return _finish(job, JobState.FAILED, "off")
    key = _lock_key(job)
    if not cache.add(key, job.pk, timeout=int(provider.timeout * 4) + 60):
        if cache.get(key) == job.pk:
            return job  # this very job is running (a second delivery of its task)
        return _finish(job, JobState.FAILED, "locked")
    try:
        job.state, job.started_at = JobState.RUNNING, timezone.now()
        job.save(update_fields=["state", "started_at"])
        item = job.content_type.model_class().objects.filter(pk=job.object_id).first()
        if item is None:
            return _finish(job, JobState.FAILED, "gone")
        try:
            job.texts = _translate(item, job.language, provider)
        except ProviderError as exc:
            return _finish(job, JobState.FAILED, exc.code, detail=exc.detail)
        except _BrokenPlaceholders as exc:
            return _finish(job, JobState.FAILED, "placeholders", field=exc.field, detail=exc.detail)
        except ValidationError as exc:
            return _finish(job, JobState.FAILED, "invalid", detail=" ".join(exc.messages))
        if not job.texts:
            return _finish(job, JobState.DONE, "nothing")
        return _finish(job, JobState.DONE, "done", count=job.texts)
    finally:
        cache.delete(key)


class _BrokenPlaceholders(Exception):
    def __init__(self, field: str, detail: str):
        super().__init__(detail)
        self.field, self.detail = field, detail


def _translate(item: ContentItem, language: str, provider: Provider) -> int:
    """Translate what needs it; returns the number of texts written (0: nothing to do)."""
    source = item.source_language
    objects: list = [item]
    if isinstance(item, Process):
        objects += list(item.steps.select_related("process"))
        objects += list(item.links.select_related("process"))
    states: dict = {}
    for model in {type(o) for o in objects}:
        group = [o for o in objects if type(o) is model]
        states.update({(model, pk): s for pk, s in states_for(group, [language]).items()})
    todo = []  # (obj, field, protected)
    for obj in objects:
        state = states[(type(obj), obj.pk)][language]
        if state not in (State.MISSING, State.OUTDATED):
            continue
        for name in TRANSLATED_FIELDS[type(obj)]:
            text = getattr(obj, content_services.column(name, source)) or ""
            current = getattr(obj, content_services.column(name, language)) or ""
            if not text.strip() or (state == State.MISSING and current.strip()):
                continue  # nothing to translate, or a person's text that nobody marked
            todo.append((obj, name, placeholders.protect(text, rich=is_rich(type(obj), name))))
    if not todo:
        return 0
    answers: list[str] = []
    for start in range(0, len(todo), BATCH):
        batch = todo[start : start + BATCH]
        answers += provider.translate(
            [placeholders.to_html(p.segments) for _o, _n, p in batch],
            source=source,
            target=language,
        )
    writes: dict = {}
    for (obj, name, protected), answer in zip(todo, answers, strict=True):
        rich = is_rich(type(obj), name)
        label = str(type(obj)._meta.get_field(name).verbose_name)
        try:
            text = placeholders.restore(placeholders.from_html(answer), protected.codes, rich=rich)
        except placeholders.PlaceholderError as exc:
            raise _BrokenPlaceholders(label, str(exc)) from exc
        if not text.strip():
            raise ProviderError("garbage", "empty text")
        writes.setdefault(obj, {})[name] = text
    with transaction.atomic():
        content_services.item_translation_write(item=item, language=language, texts=writes)
        hashes = latest_source_hashes(type(item), [item.pk])
        state_services.states_set_bulk(
            entries=[
                state_services.StateEntry(
                    model=type(obj),
                    object_id=obj.pk,
                    language=language,
                    state=State.MACHINE,
                    source_hash=hashes.get(item.pk, "")
                    if obj is item
                    else state_services.current_source_hash(obj),
                    source_language=source,
                )
                for obj in writes
            ]
        )
    return len(todo)
