"""Observations sent as JSON to the push endpoint; validated like a long CSV.

    {"source": "Landesamt ...", "observations": [
        {"region": "08", "indicator": "free_accommodation_places",
         "period": "2024-05", "value": 1250, "flag": "p"}]}

The "line" of an item is its position in the list, counted from 1.
"""

from django.utils.translation import gettext as _

from apps.dashboard.importers.common import (
    ErrorList,
    ImportFailed,
    ObservationRow,
    parse_period,
    parse_value,
)

MAX_ITEMS = 50_000


def push_parse(payload) -> tuple[list[ObservationRow], int, ErrorList]:
    if not isinstance(payload, dict) or not isinstance(payload.get("observations"), list):
        raise ImportFailed([(0, _("Send an object with a list “observations”."))])
    items = payload["observations"]
    if not items:
        raise ImportFailed([(0, _("The list “observations” is empty."))])
    if len(items) > MAX_ITEMS:
        raise ImportFailed(
            [(0, _("Send at most %(n)d observations at a time.") % {"n": MAX_ITEMS})]
        )
    source = payload.get("source", "")
    if not isinstance(source, str) or len(source) > 300:
        raise ImportFailed([(0, _("“source” must be a text of at most 300 characters."))])
    errors = ErrorList()
    rows = []
    for n, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            errors.add(n, _("Each observation must be an object."))
            continue
        region, indicator = item.get("region"), item.get("indicator")
        period, value, flag = item.get("period"), item.get("value"), item.get("flag", "")
        if not all(isinstance(x, str) and x for x in (region, indicator, period)):
            errors.add(n, _("“region”, “indicator” and “period” must be non-empty texts."))
            continue
        try:
            if not isinstance(flag, str):
                raise ValueError(_("“flag” must be a text."))
            period = parse_period(period)
            if value is None:
                number, quality = parse_value("", flag, decimal_comma=False)
            elif isinstance(value, bool) or not isinstance(value, int | float | str):
                raise ValueError(_("“value” must be a number or null."))
            else:
                number, quality = parse_value(str(value), flag, decimal_comma=False)
        except ValueError as exc:
            errors.add(n, str(exc))
            continue
        rows.append(ObservationRow(n, indicator, region, period, number, quality, source))
    return rows, len(items), errors
