"""Writes of the speech app: render the audio of an item in a language, queue renders.

`item_audio_render` is what the task `speech.render_item` and `manage.py render_audio`
call. It is idempotent: for each part (a text; for a process its introduction and every
step) and format, the fingerprint of the spoken text, backend, voice, engine version and
format is compared with the stored one, and only a changed part is synthesised (once,
then encoded to Opus and MP3 in parallel). Files are written under a new name in media
storage before the row points at them; the superseded file is removed after commit.
At most `MICADO_SPEECH_SLOTS_PER_LANGUAGE` renders of one language run at a time
(cache locks), so one language's backlog cannot take every worker.
"""

from __future__ import annotations

import hashlib
import logging
import queue
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import close_old_connections, transaction
from django.db.models import Case, Prefetch, Value, When
from django.utils import timezone, translation

from apps.content.cache import content_changed
from apps.content.models import Status, Step
from apps.speech import audio, text
from apps.speech.backends import (
    BackendFailure,
    VoiceUnavailable,
    backend_for,
    fallback_backend,
)
from apps.speech.models import SUFFIXES, AudioFormat, AudioRendition

log = logging.getLogger(__name__)

# The content models that have audio, as "app_label.model_name".
SPEAKABLE = (
    "content.process",
    "content.information",
    "content.glossaryterm",
    "content.event",
    "content.course",
)
FORMATS = (AudioFormat.OPUS, AudioFormat.MP3)


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def speakable(model_label: str) -> bool:
    return model_label in SPEAKABLE


def item_get(model_label: str, pk: int):
    model = django_apps.get_model(model_label)
    qs = model.objects.all()
    if model_label == "content.process":
        steps = Step.objects.select_related("office").prefetch_related(
            "required_documents", "produced_documents"
        )
        qs = qs.prefetch_related(Prefetch("steps", queryset=steps))
    return qs.get(pk=pk)


def item_languages(item) -> list[str]:
    """The languages the item is written in (its title exists in them)."""
    title = type(item).TITLE_FIELD
    return [code for code in language_codes() if text.field(item, title, code).strip()]


@dataclass
class Part:
    step: Step | None
    text: str

    @property
    def slug(self) -> str:
        return f"step-{self.step.pk}" if self.step is not None else "item"


def spoken_parts(item, language: str) -> list[Part]:
    """The prepared texts of an item in `language`: the item, then (a process) its steps."""
    with translation.override(language):
        parts = [Part(None, text.prepare(text.item_parts(item, language), language))]
        if item._meta.model_name == "process":
            steps = [s for s in item.steps.all() if text.field(s, "title", language).strip()]
            steps.sort(key=lambda s: (s.position, s.pk))
            for number, step in enumerate(steps, start=1):
                spoken = text.step_parts(step, number=number, total=len(steps), language=language)
                parts.append(Part(step, text.prepare(spoken, language)))
    return parts


def _digest(*texts: str) -> str:
    return hashlib.sha256("\x1f".join(texts).encode("utf-8")).hexdigest()


def engine_settings(*, backend: str, voice: str, version: str, fmt: str) -> str:
    """sha256 of what beside the spoken text makes a rendition: backend, voice, engine
    version, format and the format's encoder settings."""
    return _digest(backend, voice, version, fmt, audio.profile(fmt))


def identity(*, spoken: str, backend: str, voice: str, version: str) -> dict[str, dict]:
    """{format: {"fingerprint": ..., "engine_settings": ...}} of one part's renditions."""
    return {
        fmt: {
            "fingerprint": fingerprint(
                spoken=spoken, backend=backend, voice=voice, version=version, fmt=fmt
            ),
            "engine_settings": engine_settings(
                backend=backend, voice=voice, version=version, fmt=fmt
            ),
        }
        for fmt in FORMATS
    }


def settings_outdated(languages) -> Callable[[str, str, str], bool]:
    """`outdated(language, fmt, engine_settings)`: whether a rendition was made with
    settings no longer in force (False where no backend can render the language now)."""
    in_force = {
        (code, fmt): engine_settings_in_force(code, fmt) for code in languages for fmt in FORMATS
    }

    def outdated(language: str, fmt: str, made_with: str) -> bool:
        wanted = in_force.get((language, fmt))
        return bool(wanted) and made_with not in wanted

    return outdated


def engine_settings_in_force(language: str, fmt: str = AudioFormat.OPUS) -> set[str]:
    """The `engine_settings` a current rendition of `language` can have: one per backend
    that would render it (the configured one, and the fallback); empty when none can."""
    digests = set()
    for backend in _candidates(language):
        try:
            voice, version = backend.voice(language), backend.version()
        except VoiceUnavailable:
            continue
        digests.add(engine_settings(backend=backend.name, voice=voice, version=version, fmt=fmt))
    return digests


def fingerprint(*, spoken: str, backend: str, voice: str, version: str, fmt: str) -> str:
    """sha256 of the spoken text, backend, voice, engine version, format and the
    format's encoder settings (`audio.profile`)."""
    return _digest(spoken, backend, voice, version, fmt, audio.profile(fmt))


@contextmanager
def language_slot(language: str):
    """Hold one of the language's render slots (a cache lock); wait for one if all are
    taken, and give up with TimeoutError (the task retries) after MICADO_SPEECH_SLOT_WAIT."""
    slots = max(1, getattr(settings, "MICADO_SPEECH_SLOTS_PER_LANGUAGE", 2))
    wait = getattr(settings, "MICADO_SPEECH_SLOT_WAIT", 120)
    token = uuid.uuid4().hex
    deadline = time.monotonic() + wait
    key = None
    while key is None:
        for slot in range(slots):
            candidate = f"speech:slot:{language}:{slot}"
            if cache.add(candidate, token, timeout=max(60, audio.TIMEOUT_SECONDS * 2)):
                key = candidate
                break
        else:
            if time.monotonic() > deadline:
                raise TimeoutError(f"every speech slot of {language} is busy")
            time.sleep(0.2)
    try:
        yield
    finally:
        if cache.get(key) == token:
            cache.delete(key)


@dataclass
class RenderResult:
    rendered: list[str] = field(default_factory=list)  # part slugs synthesised
    unchanged: list[str] = field(default_factory=list)
    removed: int = 0
    backend: str = ""
    seconds: float = 0.0  # audio seconds produced

    @property
    def changed(self) -> bool:
        return bool(self.rendered or self.removed)


def _storage_name(item, language: str, part: Part, digest: str, fmt: str) -> str:
    return (
        f"speech/{language}/{item._meta.model_name}-{item.pk}/"
        f"{part.slug}-{digest[:16]}.{SUFFIXES[fmt]}"
    )


def _current(existing: dict, part: Part, made: dict[str, dict]) -> bool:
    for fmt, values in made.items():
        row = existing.get((part.step.pk if part.step else None, fmt))
        if (
            row is None
            or row.fingerprint != values["fingerprint"]
            or not default_storage.exists(row.file.name)
        ):
            return False
    return True


def _candidates(language: str) -> list:
    preferred = backend_for(language)
    fallback = fallback_backend()
    return [preferred] if fallback is preferred else [preferred, fallback]


def _render_part(item, part: Part, language: str, existing: dict, result: RenderResult) -> None:
    step_id = part.step.pk if part.step else None
    last_error: Exception | None = None
    for backend in _candidates(language):
        try:
            voice = backend.voice(language)
            version = backend.version()
        except VoiceUnavailable as exc:
            last_error = exc
            continue
        made = identity(spoken=part.text, backend=backend.name, voice=voice, version=version)
        if _current(existing, part, made):
            by_format = [
                When(format=fmt, then=Value(values["engine_settings"]))
                for fmt, values in made.items()
            ]
            AudioRendition.objects.filter(
                pk__in=[existing[(step_id, fmt)].pk for fmt in FORMATS]
            ).update(checked_at=timezone.now(), engine_settings=Case(*by_format))
            result.unchanged.append(part.slug)
            result.backend = backend.name
            return
        try:
            with language_slot(language), tempfile.TemporaryDirectory(prefix="speech-") as tmp:
                wav = Path(tmp) / "speech.wav"
                used_voice = backend.synthesize(text=part.text, language=language, wav_path=wav)
                duration = audio.wav_duration(wav)
                outputs = {fmt: Path(tmp) / f"speech.{SUFFIXES[fmt]}" for fmt in FORMATS}
                audio.encode(wav, outputs)
                _store(item, part, language, existing, made, outputs, backend.name,
                       used_voice, duration)  # fmt: skip
        except BackendFailure as exc:
            log.warning("speech: %s failed for %s %s: %s", backend.name, item, language, exc)
            last_error = exc
            continue
        result.rendered.append(part.slug)
        result.backend = backend.name
        result.seconds += duration
        return
    raise last_error or VoiceUnavailable(f"no speech backend has a voice for {language!r}")


def _store(item, part, language, existing, made, outputs, backend, voice, duration):
    """Save the new files under fresh names, then point the rows at them; remove the
    superseded files once that is committed."""
    content_type = ContentType.objects.get_for_model(type(item))
    now = timezone.now()
    step_id = part.step.pk if part.step else None
    saved: dict[str, str] = {}
    try:
        for fmt, path in outputs.items():
            with path.open("rb") as fh:
                name = _storage_name(item, language, part, made[fmt]["fingerprint"], fmt)
                saved[fmt] = default_storage.save(name, File(fh))
        superseded = []
        with transaction.atomic():
            for fmt in FORMATS:
                row = existing.get((step_id, fmt))
                values = {
                    **made[fmt],
                    "backend": backend,
                    "voice": voice,
                    "duration": round(duration, 2),
                    "size": outputs[fmt].stat().st_size,
                    "file": saved[fmt],
                    "rendered_at": now,
                    "checked_at": now,
                }
                if row is None:
                    row = AudioRendition(
                        content_type=content_type,
                        object_id=item.pk,
                        step=part.step,
                        language=language,
                        format=fmt,
                        **values,
                    )
                    row.save()  # every value is computed above: no form input to clean
                else:
                    if row.file.name and row.file.name != saved[fmt]:
                        superseded.append(row.file.name)
                    for key, value in values.items():
                        setattr(row, key, value)
                    row.save(update_fields=list(values))
                existing[(step_id, fmt)] = row
            transaction.on_commit(lambda names=superseded: _delete_files(names))
    except BaseException:
        _delete_files(saved.values())
        raise


def _delete_files(names) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:  # already gone: nothing to remove
            log.info("speech: could not remove %s", name)


def item_audio_render(*, model_label: str, item_id: int, language: str) -> RenderResult:
    """Render what changed of one item's audio in one language (see the module doc)."""
    return item_audio_render_languages(
        model_label=model_label, item_id=item_id, languages=[language]
    )[language]


def item_audio_render_languages(
    *, model_label: str, item_id: int, languages: list[str]
) -> dict[str, RenderResult]:
    """`item_audio_render` for several languages of one item: the item and its steps are
    read once (what `render_audio` does; one task per language is what publishing queues)."""
    results = {language: RenderResult() for language in languages}
    try:
        item = item_get(model_label, item_id)
    except django_apps.get_model(model_label).DoesNotExist:
        return results
    if item.status != Status.PUBLISHED:
        return results
    written = item_languages(item)
    content_type = ContentType.objects.get_for_model(type(item))
    rows = AudioRendition.objects.filter(
        content_type=content_type, object_id=item.pk, language__in=languages
    )
    existing_by_language: dict[str, dict] = {language: {} for language in languages}
    for row in rows:
        existing_by_language[row.language][(row.step_id, row.format)] = row
    changed = False
    for language in languages:
        if language in written:
            result = results[language]
            _render_language(item, language, existing_by_language[language], result)
            changed = changed or result.changed
    if changed:
        content_changed()  # pages rendered without this audio are out of date
    return results


def _render_language(item, language: str, existing: dict, result: RenderResult) -> None:
    parts = [p for p in spoken_parts(item, language) if p.text]
    for part in parts:
        _render_part(item, part, language, existing, result)
    wanted = {p.step.pk if p.step else None for p in parts}
    gone = [row for key, row in existing.items() if key[0] not in wanted]
    if gone:
        names = [row.file.name for row in gone if row.file.name]
        AudioRendition.objects.filter(pk__in=[row.pk for row in gone]).delete()
        transaction.on_commit(lambda: _delete_files(names))
        result.removed = len(gone)


# --- queueing -----------------------------------------------------------------------------

_thread_queue: queue.Queue | None = None
_thread_lock = threading.Lock()


def _thread_worker() -> None:
    while True:
        job = _thread_queue.get()
        try:
            item_audio_render(**job)
        except Exception:  # a background render must never take the process down
            log.exception("speech: background render failed: %s", job)
        finally:
            close_old_connections()
            _thread_queue.task_done()


def _in_thread(job: dict) -> None:
    """Without a broker: one background thread of this process renders, so a web
    request never waits for audio."""
    global _thread_queue
    with _thread_lock:
        if _thread_queue is None:
            _thread_queue = queue.Queue()
            threading.Thread(target=_thread_worker, name="speech-render", daemon=True).start()
    _thread_queue.put(job)


def audio_queue(*, model_label: str, item_id: int, languages: list[str]) -> int:
    """Queue renders (call after commit). `MICADO_SPEECH_QUEUE`: "auto" (the Celery
    worker when a broker is configured, else a background thread), "inline" (render
    now, in the caller: tests and commands), "off". Returns how many were queued."""
    mode = getattr(settings, "MICADO_SPEECH_QUEUE", "auto")
    if mode == "off" or not speakable(model_label):
        return 0
    from micado.celery import app

    # By name from Celery's registry: services must not import tasks (tasks import services).
    render_item = app.tasks["speech.render_item"]

    for language in languages:
        job = {"model_label": model_label, "item_id": item_id, "language": language}
        if mode == "inline":
            item_audio_render(**job)
        elif app.conf.task_always_eager:
            _in_thread(job)
        else:
            render_item.delay(model_label, item_id, language)
    return len(languages)


def changed_languages(item, revision) -> list[str]:
    """The languages whose texts differ between `revision` and the one before it (all
    of the item's languages when the steps, their order or their links changed)."""
    from apps.content.models import Revision

    languages = item_languages(item)
    previous = (
        Revision.objects.filter(
            content_type_id=revision.content_type_id,
            object_id=revision.object_id,
            number__lt=revision.number,
        )
        .order_by("-number")
        .values_list("snapshot", flat=True)
        .first()
    )
    if previous is None:
        return languages
    new = revision.snapshot

    def structure(snapshot: dict) -> list:
        rows = []
        for step in snapshot.get("steps", []):
            fields = {k: v for k, v in step.get("fields", {}).items() if not _translated(k)}
            rows.append([step.get("id"), sorted(fields.items(), key=str)])
        return rows

    def untranslated(snapshot: dict) -> list:
        return sorted(
            ((k, v) for k, v in snapshot.get("fields", {}).items() if not _translated(k)), key=str
        )

    if structure(previous) != structure(new) or untranslated(previous) != untranslated(new):
        return languages

    def texts(snapshot: dict, language: str) -> list:
        suffix = "_" + language.replace("-", "_")
        out = [[k, v] for k, v in sorted(snapshot.get("fields", {}).items()) if k.endswith(suffix)]
        for step in snapshot.get("steps", []):
            out.append(
                sorted([k, v] for k, v in step.get("fields", {}).items() if k.endswith(suffix))
            )
        return out

    return [code for code in languages if texts(previous, code) != texts(new, code)]


def _translated(key: str) -> bool:
    return any(key.endswith("_" + code.replace("-", "_")) for code in language_codes())


def missing_renders(*, region_ids: list[int] | None = None, language: str | None = None):
    """(model_label, pk, language) of published items without current audio, cheapest
    check first: no rendition row at all, one last checked before the item changed, or
    one made with an engine, voice or encoder setting no longer in force."""
    jobs = []
    outdated = settings_outdated(language_codes())
    rows = AudioRendition.objects.filter(step__isnull=True).values_list(
        "content_type_id", "object_id", "language", "format", "checked_at", "engine_settings"
    )
    checked: dict[tuple, tuple] = {}  # (type, pk, language): (checked_at, stale)
    for ct_id, object_id, code, fmt, checked_at, made_with in rows:
        stale = outdated(code, fmt, made_with)
        key = (ct_id, object_id, code)
        before = checked.get(key, (checked_at, False))
        checked[key] = (min(before[0], checked_at), before[1] or stale)
    for label in SPEAKABLE:
        model = django_apps.get_model(label)
        content_type = ContentType.objects.get_for_model(model)
        items = model.objects.filter(status=Status.PUBLISHED)
        if region_ids is not None:
            items = items.filter(region_id__in=region_ids)
        for item in items:
            for code in item_languages(item):
                if language and code != language:
                    continue
                seen, stale = checked.get((content_type.pk, item.pk, code), (None, False))
                if seen is None or seen < item.updated_at or stale:
                    jobs.append((label, item.pk, code))
    return jobs


def render_jobs(*, region_ids: list[int] | None = None, language: str | None = None):
    """Every (model_label, pk, language) of published items: what `render_audio` checks."""
    jobs = []
    for label in SPEAKABLE:
        items = django_apps.get_model(label).objects.filter(status=Status.PUBLISHED)
        if region_ids is not None:
            items = items.filter(region_id__in=region_ids)
        for item in items:
            for code in item_languages(item):
                if not language or code == language:
                    jobs.append((label, item.pk, code))
    return jobs


def renditions_prune() -> int:
    """Remove rows of items that no longer exist and files no row points at."""
    removed = 0
    keep = set(AudioRendition.objects.values_list("file", flat=True))
    for label in SPEAKABLE:
        model = django_apps.get_model(label)
        content_type = ContentType.objects.get_for_model(model)
        orphans = AudioRendition.objects.filter(content_type=content_type).exclude(
            object_id__in=model.objects.values("pk")
        )
        for row in orphans:
            keep.discard(row.file.name)
            removed += 1
        orphans.delete()
    try:
        languages, _files = default_storage.listdir("speech")
    except (FileNotFoundError, NotImplementedError):
        return removed
    for language_dir in languages:
        items, _files = default_storage.listdir(f"speech/{language_dir}")
        for item_dir in items:
            _dirs, files = default_storage.listdir(f"speech/{language_dir}/{item_dir}")
            for name in files:
                path = f"speech/{language_dir}/{item_dir}/{name}"
                if path not in keep:
                    default_storage.delete(path)
                    removed += 1
    return removed
