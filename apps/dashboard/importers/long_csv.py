"""The generic long CSV: one observation per line.

    region;indicator;period;value;flag
    08;population;2018-12-31;11069533;e
    DE-BY;unemployment_rate;2010;4,5;

`region` is an official key (AGS), an ISO code (DE-BW) or a unique name;
`value` may use a decimal point or a decimal comma; `flag` (optional) is a
GENESIS quality flag; an empty value is stored as unknown. `,`, `;` or tab
separated, UTF-8 with or without BOM.
"""

import csv
import io

from django.utils.translation import gettext as _

from apps.dashboard.importers.common import (
    ErrorList,
    ImportFailed,
    ObservationRow,
    parse_period,
    parse_value,
)

REQUIRED = ("region", "indicator", "period", "value")


def long_csv_parse(text: str, *, source: str = "") -> tuple[list[ObservationRow], int, ErrorList]:
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    fields = [(f or "").strip().lower() for f in (reader.fieldnames or [])]
    reader.fieldnames = fields
    missing = [f for f in REQUIRED if f not in fields]
    if missing:
        raise ImportFailed(
            [
                (
                    1,
                    _("The header must name the columns %(columns)s; missing: %(missing)s.")
                    % {"columns": ", ".join(REQUIRED), "missing": ", ".join(missing)},
                )
            ]
        )
    errors = ErrorList()
    rows: list[ObservationRow] = []
    read = 0
    for record in reader:
        read += 1
        line = reader.line_num
        if None in record:
            errors.add(line, _("This line has more cells than the header."))
            continue
        region = (record.get("region") or "").strip()
        indicator = (record.get("indicator") or "").strip()
        if not region or not indicator:
            errors.add(line, _("Region and indicator are required."))
            continue
        raw = (record.get("value") or "").strip()
        try:
            period = parse_period(record.get("period") or "")
            value, quality = parse_value(raw, record.get("flag") or "", decimal_comma="," in raw)
        except ValueError as exc:
            errors.add(line, str(exc))
            continue
        rows.append(ObservationRow(line, indicator, region, period, value, quality, source))
    return rows, read, errors
