"""The Königstein key tables (GWK), wide CSV with one column per year.

Two layouts are shipped: `koenigstein_share_2014` (fractions of 1) and
`ks_2017` (per cent). Both are stored as the indicator `koenigstein_share`
in per cent, per Land and year.
"""

import csv
import io
import re
from decimal import Decimal

from django.utils.translation import gettext as _

from apps.dashboard.importers.common import (
    ErrorList,
    ImportFailed,
    ObservationRow,
    parse_number,
)

_YEAR_COLUMN = re.compile(r"^(?:ks|koenigstein_share)_(\d{4})$")
SOURCE = "GWK, Königsteiner Schlüssel"


def koenigstein_parse(text: str) -> tuple[list[ObservationRow], int, ErrorList]:
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    header = [h.strip().lower() for h in next(reader, [])]
    years = {i: m[1] for i, h in enumerate(header) if (m := _YEAR_COLUMN.match(h))}
    if not years or not header:
        raise ImportFailed([(1, _("No column of the form ks_2019 or koenigstein_share_2019."))])
    region_col = header.index("ags") if "ags" in header else 0
    errors = ErrorList()
    rows: list[ObservationRow] = []
    parsed: list[tuple[int, str, dict[str, Decimal]]] = []
    for record in reader:
        line = reader.line_num
        if not any(c.strip() for c in record):
            continue
        try:
            shares = {
                year: parse_number(record[i], decimal_comma=False) for i, year in years.items()
            }
        except (ValueError, IndexError) as exc:
            errors.add(line, str(exc) if isinstance(exc, ValueError) else _("Too few cells."))
            continue
        parsed.append((line, record[region_col].strip(), shares))
    if errors:
        raise ImportFailed(sorted(errors))
    # Fractions of 1 or per cent: look at the sum of the first year.
    first_year = next(iter(years.values()))
    total = sum(shares[first_year] for _l, _r, shares in parsed)
    factor = Decimal(100) if total < 2 else Decimal(1)
    for line, region, shares in parsed:
        for year, share in shares.items():
            rows.append(
                ObservationRow(line, "koenigstein_share", region, year, share * factor, "e", SOURCE)
            )
    return rows, len(parsed), ErrorList()
