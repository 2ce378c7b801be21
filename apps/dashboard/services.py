"""Writes of the migration dashboard: imports, published charts, index weights.

Keyword-only, typed; validation before saving; imports are all-or-nothing.
"""

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.dashboard.catalogue import INDICATORS, indicator_fields
from apps.dashboard.importers.common import ImportFailed, Progress, observations_write
from apps.dashboard.importers.genesis import (
    MappingError,
    genesis_parse,
    mapping_detect,
    mapping_load,
)
from apps.dashboard.importers.koenigstein import koenigstein_parse
from apps.dashboard.importers.long_csv import long_csv_parse
from apps.dashboard.importers.push import push_parse
from apps.dashboard.models import (
    ImportBatch,
    ImportKind,
    ImportStatus,
    IndexProfile,
    Indicator,
    PublishedChart,
)

PROGRESS_KEY = "dashboard:import:{id}:progress"
# A failed import leaves no row behind (not even its batch); its report (what the batch
# page shows: file, who, when, the bad lines) is kept in the cache for a week.
FAILURE_KEY = "dashboard:import:{id}:failure"
FAILURE_TTL = 7 * 24 * 3600
FAILURE_FIELDS = (
    "kind",
    "mapping",
    "created_by_id",
    "created_at",
    "finished_at",
    "file_name",
    "sha256",
    "status",
    "rows_read",
    "rows_rejected",
    "errors",
)
FILE_KINDS = (ImportKind.GENESIS, ImportKind.LONG_CSV, ImportKind.KOENIGSTEIN)


@dataclass
class ImportOutcome:
    batch: ImportBatch
    duplicate: bool = False
    unchanged: int = 0
    batch_id: int | None = None  # kept when a failed batch was deleted

    @property
    def ok(self) -> bool:
        return self.batch.status == ImportStatus.DONE


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def import_batch_duplicate(*, kind: str, mapping: str, sha256: str) -> ImportBatch | None:
    """An earlier successful import of the very same content, if any."""
    return (
        ImportBatch.objects.filter(
            kind=kind, mapping=mapping, sha256=sha256, status=ImportStatus.DONE
        )
        .order_by("pk")
        .first()
    )


def import_batch_create(
    *,
    kind: str,
    content: bytes,
    file_name: str,
    user=None,
    mapping: str = "",
    store_file: bool = True,
) -> ImportBatch:
    """Record a pending import (and keep the file) so a task can run it by id."""
    if kind not in FILE_KINDS:
        raise ValueError(kind)
    batch = ImportBatch(
        kind=kind,
        mapping=mapping,
        created_by=user,
        file_name=file_name[:255],
        sha256=sha256_of(content),
        status=ImportStatus.PENDING,
    )
    batch.full_clean(exclude=["file"])
    if store_file:
        batch.file.save(file_name[-100:] or "upload.csv", ContentFile(content), save=False)
    batch.save()
    return batch


def import_progress_get(*, batch_id: int) -> tuple[int, int] | None:
    return cache.get(PROGRESS_KEY.format(id=batch_id))


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older GENESIS exports are ISO-8859-1.
        return content.decode("latin-1")


def _parse(batch: ImportBatch, content: bytes):
    text = _decode(content)
    if batch.kind == ImportKind.GENESIS:
        name = batch.mapping or mapping_detect(text)
        if not name:
            raise ImportFailed([(1, _("Choose a mapping: the table number is not one I know."))])
        try:
            mapping = mapping_load(name)
        except MappingError as exc:
            raise ImportFailed([(0, str(exc))]) from None
        if not batch.mapping:
            batch.mapping = mapping.name
        return genesis_parse(text, mapping)
    if batch.kind == ImportKind.LONG_CSV:
        return long_csv_parse(text, source=batch.file_name)
    if batch.kind == ImportKind.KOENIGSTEIN:
        return koenigstein_parse(text)
    raise ValueError(batch.kind)


def import_batch_run(
    *, batch_id: int, content: bytes | None = None, progress: Progress | None = None
) -> ImportOutcome:
    """Run a pending file import: everything or, on any bad line, nothing at all.

    On success the batch records the counts. On failure the batch row and its stored file
    are deleted too, so the database is exactly as before; the returned (unsaved) batch
    and the report kept for the batch page (import_failure_get) name the bad lines.
    """
    batch = ImportBatch.objects.get(pk=batch_id)
    if content is None:
        with batch.file.open("rb") as fh:
            content = fh.read()
    key = PROGRESS_KEY.format(id=batch.pk)

    def report(done: int, total: int) -> None:
        cache.set(key, (done, total), 3600)
        if progress:
            progress(done, total)

    batch.status = ImportStatus.RUNNING
    batch.save(update_fields=["status"])
    unchanged = 0
    try:
        with transaction.atomic():
            rows, read, errors = _parse(batch, content)
            batch.rows_read = read
            result = observations_write(rows=rows, batch=batch, errors=errors, progress=report)
            batch.status = ImportStatus.DONE
            batch.rows_read = read
            batch.observations_created = result.created
            batch.observations_updated = result.updated
            batch.finished_at = timezone.now()
            batch.save()
            unchanged = result.unchanged
    except ImportFailed as exc:
        _import_batch_discard(batch, [[line, message] for line, message in exc.errors])
    except Exception:
        _import_batch_discard(batch, [[0, _("The import failed because of an internal error.")]])
        raise
    finally:
        cache.delete(key)
    return ImportOutcome(batch=batch, unchanged=unchanged, batch_id=batch_id)


def _import_batch_discard(batch: ImportBatch, errors: list[list]) -> None:
    """Delete a failed batch (and its file), keeping its report in the cache."""
    batch_id = batch.pk
    batch.status = ImportStatus.FAILED
    batch.errors = errors
    batch.rows_rejected = len({line for line, _m in errors})
    batch.finished_at = timezone.now()
    cache.set(
        FAILURE_KEY.format(id=batch_id),
        {name: getattr(batch, name) for name in FAILURE_FIELDS},
        FAILURE_TTL,
    )
    if batch.file:
        batch.file.delete(save=False)
    ImportBatch.objects.filter(pk=batch_id).delete()
    batch.pk = batch.id = None


def import_failure_get(*, batch_id: int) -> ImportBatch | None:
    """The report of a failed import (an unsaved ImportBatch), while the cache keeps it."""
    data = cache.get(FAILURE_KEY.format(id=batch_id))
    if data is None:
        return None
    return ImportBatch(pk=batch_id, **{name: data[name] for name in FAILURE_FIELDS if name in data})


def import_file(
    *,
    kind: str,
    content: bytes,
    file_name: str,
    user=None,
    mapping: str = "",
    force: bool = False,
    store_file: bool = False,
    progress: Progress | None = None,
) -> ImportOutcome:
    """Import a file now (command line, demo data, tests); the same file twice changes nothing."""
    if kind == ImportKind.GENESIS and not mapping:
        mapping = mapping_detect(_decode(content)) or ""
    duplicate = import_batch_duplicate(kind=kind, mapping=mapping, sha256=sha256_of(content))
    if duplicate and not force:
        return ImportOutcome(batch=duplicate, duplicate=True)
    batch = import_batch_create(
        kind=kind,
        content=content,
        file_name=file_name,
        user=user,
        mapping=mapping,
        store_file=store_file,
    )
    return import_batch_run(batch_id=batch.pk, content=content, progress=progress)


def observations_push(*, payload, user) -> ImportOutcome:
    """Store observations sent to the JSON push endpoint; nothing at all if one is bad.

    Unlike file imports, a rejected push leaves no trace in the database.
    """
    content = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
    sha = sha256_of(content)
    duplicate = import_batch_duplicate(kind=ImportKind.JSON_PUSH, mapping="", sha256=sha)
    if duplicate:
        return ImportOutcome(batch=duplicate, duplicate=True)
    rows, read, errors = push_parse(payload)
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            kind=ImportKind.JSON_PUSH,
            created_by=user,
            file_name=(payload.get("source") or "")[:255],
            sha256=sha,
            status=ImportStatus.RUNNING,
            rows_read=read,
        )
        result = observations_write(rows=rows, batch=batch, errors=errors)
        batch.status = ImportStatus.DONE
        batch.observations_created = result.created
        batch.observations_updated = result.updated
        batch.finished_at = timezone.now()
        batch.save()
    return ImportOutcome(batch=batch, unchanged=result.unchanged)


def indicator_catalogue_sync() -> int:
    """Create or update the indicators of apps/dashboard/catalogue.py; returns their number."""
    for entry in INDICATORS:
        indicator = Indicator.objects.filter(code=entry["code"]).first() or Indicator(
            code=entry["code"]
        )
        for name, value in indicator_fields(entry).items():
            setattr(indicator, name, value)
        indicator.full_clean()
        indicator.save()
    return len(INDICATORS)


def published_chart_save(*, chart: PublishedChart, user) -> PublishedChart:
    chart.full_clean()
    if chart.pk is None:
        chart.created_by = user
    chart.save()
    return chart


def published_chart_delete(*, chart: PublishedChart) -> None:
    chart.delete()


def index_profile_save(*, name: str, weights: dict[str, float], user) -> IndexProfile:
    profile = IndexProfile.objects.filter(name=name).first() or IndexProfile(name=name)
    profile.weights = {k: float(v) for k, v in weights.items()}
    profile.updated_by = user
    profile.full_clean()
    profile.save()
    return profile


DATA_DIR = Path(__file__).resolve().parent / "data" / "destatis"
SHIPPED_FILES = [
    (ImportKind.GENESIS, "12411-0010_de.csv"),
    (ImportKind.GENESIS, "13211-0007_de.csv"),
    (ImportKind.GENESIS, "12531-0024_de.csv"),
    (ImportKind.KOENIGSTEIN, "koenigstein_key_2014_2016.csv"),
    (ImportKind.KOENIGSTEIN, "koenigstein_key_2017_2020.csv"),
]


def shipped_data_import(*, user=None) -> list[ImportOutcome]:
    """Import the Destatis tables and Königstein keys shipped in apps/dashboard/data/.

    Idempotent: files already imported are skipped.
    """
    return [
        import_file(kind=kind, content=(DATA_DIR / name).read_bytes(), file_name=name, user=user)
        for kind, name in SHIPPED_FILES
    ]


def platform_figures_compute(*, today=None) -> ImportOutcome:
    """The platform's own figures per region, stored as observations of today.

    Counts published content (through apps.content.selectors.content_figures_by_region)
    and active NGOs, for the federation, every Land and every Kreis that has any;
    a region's figure includes everything owned by regions below it. Running it twice
    on the same day with the same figures changes nothing.
    """
    from apps.dashboard.selectors import platform_counts_by_region

    period = (today or timezone.localdate()).isoformat()
    counts = platform_counts_by_region()
    payload = {"period": period, "counts": counts}
    content = json.dumps(payload, sort_keys=True).encode()
    sha = sha256_of(content)
    duplicate = import_batch_duplicate(kind=ImportKind.PLATFORM, mapping="", sha256=sha)
    if duplicate:
        return ImportOutcome(batch=duplicate, duplicate=True)
    from apps.dashboard.importers.common import ObservationRow

    rows = [
        ObservationRow(0, code, region_code, period, Decimal(value), "e", "micado")
        for region_code, figures in counts.items()
        for code, value in figures.items()
    ]
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            kind=ImportKind.PLATFORM,
            file_name=f"platform figures {period}",
            sha256=sha,
            status=ImportStatus.RUNNING,
            rows_read=len(rows),
        )
        result = observations_write(rows=rows, batch=batch)
        batch.status = ImportStatus.DONE
        batch.observations_created = result.created
        batch.observations_updated = result.updated
        batch.finished_at = timezone.now()
        batch.save()
    return ImportOutcome(batch=batch, unchanged=result.unchanged)
