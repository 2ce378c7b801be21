"""Writes to the region tree and tenant settings."""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.core.cache import content_changed
from apps.regions.models import Region, RegionLevel, TenantSettings
from apps.regions.selectors import tenant_cache_clear

LEVEL_BY_LENGTH = {5: RegionLevel.DISTRICT, 8: RegionLevel.MUNICIPALITY}


@dataclass
class RegionImportResult:
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class RegionImportError(Exception):
    errors: list[tuple[int, str]] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(
            _("line %(line)d: %(message)s") % {"line": n, "message": m} for n, m in self.errors
        )


def _rows(text: str):
    sample = text[:2048]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    fields = [f.strip().lower() for f in (reader.fieldnames or [])]
    reader.fieldnames = fields
    return reader, fields


@transaction.atomic
def region_import_csv(*, text: str) -> RegionImportResult:
    """Create or update districts and municipalities from CSV (columns code, name[, postcodes]).

    The level follows the key's length (5 digits: Kreis, 8: Gemeinde); the parent
    is the region whose key is the prefix (a Land for a Kreis, a Kreis for a
    Gemeinde). All or nothing: any bad row raises RegionImportError with every
    bad line and changes nothing.
    """
    text = text.lstrip("\ufeff")
    reader, fields = _rows(text)
    if "code" not in fields or "name" not in fields:
        raise RegionImportError([(1, _("The header must name the columns “code” and “name”."))])
    rows = []
    errors: list[tuple[int, str]] = []
    for row in reader:
        line = reader.line_num
        code = (row.get("code") or "").strip()
        name = (row.get("name") or "").strip()
        if not code or not name:
            errors.append((line, _("Both code and name are required.")))
            continue
        level = LEVEL_BY_LENGTH.get(len(code))
        if not code.isdigit() or level is None:
            errors.append(
                (
                    line,
                    _("“%(code)s” is not an official key of 5 (Kreis) or 8 (Gemeinde) digits.")
                    % {"code": code},
                )
            )
            continue
        rows.append((line, code, name, level, " ".join((row.get("postcodes") or "").split())))
    result = RegionImportResult(read=len(rows) + len(errors))
    known = {r.code: r for r in Region.objects.filter(level__lte=RegionLevel.DISTRICT)}
    existing = {r.code: r for r in Region.objects.filter(code__in=[r[1] for r in rows])}
    # Districts before municipalities, so a file may hold both.
    for line, code, name, level, postcodes in sorted(rows, key=lambda r: (r[3], r[0])):
        parent_code = code[:2] if level == RegionLevel.DISTRICT else code[:5]
        parent = known.get(parent_code)
        if parent is None:
            errors.append(
                (line, _("No parent region with key %(parent)s.") % {"parent": parent_code})
            )
            continue
        region = existing.get(code) or Region(code=code)
        before = (region.name, region.level, region.parent_id, region.postcodes)
        region.name, region.level, region.parent, region.postcodes = name, level, parent, postcodes
        try:
            region.full_clean(validate_unique=False)
        except ValidationError as exc:
            errors.append((line, " ".join(exc.messages)))
            continue
        if region.pk is None:
            region.save()
            result.created += 1
        elif before != (name, level, parent.pk, postcodes):
            region.save(update_fields=["name", "level", "parent", "postcodes"])
            result.updated += 1
        else:
            result.unchanged += 1
        if level == RegionLevel.DISTRICT:
            known[code] = region
    if errors:
        raise RegionImportError(sorted(errors))
    content_changed()  # names in cached migrant pages (region bar, region lists)
    return result


def tenant_settings_save(*, tenant: TenantSettings) -> TenantSettings:
    tenant.full_clean()
    tenant.save()
    tenant_cache_clear()
    content_changed()  # cached migrant pages show the tenant's name, logo and contact
    return tenant
