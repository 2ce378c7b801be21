"""Import of a MICADO database dump (PostgreSQL, plain INSERTs, schema `micadoapp`).

`micado_import(path, region=...)` reads the dump with `sqldump.read_dump` (no
PostgreSQL needed) and maps it onto the content model in one transaction:

| MICADO                                   | here                                        |
|------------------------------------------|---------------------------------------------|
| tenant (the PA tenant / the others)      | Organisation (public authority / NGO)       |
| topic (tree, `father`)                   | Topic (tree, owned by the imported region)  |
| event_category, information_category     | Topic (root)                                |
| event_tags, information_tags             | Topic (child of the item's category)        |
| user_types                               | UserType (owned by the imported region)     |
| document_type                            | DocumentType                                |
| glossary                                 | GlossaryTerm                                |
| information                              | Information                                 |
| event                                    | Event                                       |
| process (+ process_topic, process_users) | Process                                     |
| step, step_document (cost, in/out)       | Step (position from the links), documents   |
| step_link                                | StepLink (label); linked steps do not continue |
| process_produced_documents               | documents received at the process's last steps |
| comments + process_comments              | Comment (of the tenant's organisation)      |

Texts: a published item takes the published copy (`*_translation_prod`), any
other item the editing copy (`*_translation`); each MICADO language maps to one
of ours (`LANGUAGE_MAP`), others are skipped and counted. Markdown becomes HTML,
HTML is sanitised (`sanitize.sanitize_html`), and mention markers are renumbered
to this platform's ids (a marker whose target is not in the dump becomes plain
text and is reported). MICADO ids are kept in `external_source`/`external_id`,
so importing again updates what changed and reports the rest as unchanged. MICADO's
translation state per item and language is stored as translation states (`STATE_MAP`,
`apps.translations`).

The package: `common` (maps, results, text helpers), `reading` (the dump), `mapping`
(MICADO tables onto the content model), `writing` (rows, translation states,
revisions); this module has the entry points.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from apps.core.cache import content_changed
from apps.importers.micado.common import (  # noqa: F401 - re-exported
    LANGUAGE_MAP,
    MENTION_MODELS,
    MICADO_TIME_ZONE,
    PILOT_DUMP,
    PILOT_REGION,
    STATE_MAP,
    TRANSLATION_STATES,
    TYPE_LABELS,
    TYPES,
    DesiredRow,
    DryRun,
    ImportFailed,
    ImportResult,
    Problem,
    Progress,
    Spec,
    TypeCount,
    format_cost,
    has_cycle,
    markdown_to_html,
    plain_text,
    remap_mentions,
    rich_text,
    step_order,
    to_aware,
    to_decimal,
    valid_url,
)
from apps.importers.micado.mapping import MicadoImporter
from apps.importers.sqldump import Dump, DumpError, read_dump
from apps.regions.models import Region, RegionLevel


def _dump_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def micado_import(
    source: str | Path | Dump,
    *,
    region: Region | str,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Import a MICADO dump into `region` in one transaction (rolled back on any error, and
    always for a dry run). Raises ImportFailed (with the line) if the dump cannot be read.

    `region` may be a region code: the pilot region's code creates it when missing, inside
    the same transaction, so a failed import or a dry run leaves no region behind."""
    if isinstance(source, Dump):
        dump = source
    else:
        try:
            dump = read_dump(
                source,
                progress=(lambda done, total: progress(_("reading"), done, total))
                if progress
                else None,
            )
        except DumpError as exc:
            raise ImportFailed(str(exc), line=exc.line) from exc
        except OSError as exc:
            raise ImportFailed(_("Cannot read the dump: %(error)s") % {"error": exc}) from exc
    if not dump.rows("process") and not dump.rows("glossary") and not dump.rows("information"):
        raise ImportFailed(
            _("This is not a MICADO dump: it has no processes, glossary or information rows.")
        )
    try:
        with transaction.atomic():
            importer = MicadoImporter(dump, region=_region_resolve(region), progress=progress)
            result = importer.run()
            result.dry_run = dry_run
            content_changed()  # after the commit; a dry run rolls back and drops it
            if dry_run:
                raise DryRun
    except DryRun:
        pass
    except Exception as exc:
        if isinstance(exc, ImportFailed):
            raise
        raise ImportFailed(
            _("The import failed and changed nothing: %(error)s") % {"error": exc}
        ) from exc
    return importer.result


def _region_resolve(region: Region | str) -> Region:
    if isinstance(region, Region):
        return region
    if region == PILOT_REGION[0]:
        return pilot_region_ensure()
    found = Region.objects.filter(code=region).first()
    if found is None:
        raise ImportFailed(_("There is no region with the code %(code)s.") % {"code": region})
    return found


def pilot_region_ensure() -> Region:
    """The region of the shipped MICADO pilot (Antwerp): a root of its own, outside the
    German tree (the Region model validates AGS keys below the root level only)."""
    code, name = PILOT_REGION
    region, _created = Region.objects.get_or_create(
        code=code, defaults={"name": name, "level": RegionLevel.FEDERATION}
    )
    return region


def pilot_import(*, progress: Progress | None = None) -> ImportResult:
    """Import the shipped Antwerp pilot dump into its own region (used by load_demo)."""
    return micado_import(PILOT_DUMP, region=PILOT_REGION[0], progress=progress)
