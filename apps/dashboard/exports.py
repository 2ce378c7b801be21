"""Chart data as CSV or JSON, each row with its source, licence and import batch."""

import csv
import io
import json

from django.http import HttpResponse

from apps.dashboard.models import Indicator

COLUMNS = [
    "region_code",
    "region",
    "indicator",
    "period",
    "value",
    "unit",
    "quality",
    "source",
    "licence",
    "import_batch",
    "file",
    "sha256",
]


def _records(indicator: Indicator, observations) -> list[dict]:
    return [
        {
            "region_code": o.region.code,
            "region": o.region.name,
            "indicator": indicator.code,
            "period": o.period,
            "value": None if o.value is None else str(o.value.normalize()),
            "unit": indicator.unit,
            "quality": o.quality,
            "source": o.source or indicator.source,
            "licence": indicator.licence,
            "import_batch": o.batch_id,
            "file": o.batch.file_name if o.batch else "",
            "sha256": o.batch.sha256 if o.batch else "",
        }
        for o in observations
    ]


def export_response(*, indicator: Indicator, observations, fmt: str, filename: str) -> HttpResponse:
    records = _records(indicator, observations)
    if fmt == "json":
        body = {
            "indicator": {
                "code": indicator.code,
                "name": indicator.name,
                "unit": indicator.unit,
                "source": indicator.source,
                "source_url": indicator.source_url,
                "licence": indicator.licence,
            },
            "observations": records,
        }
        response = HttpResponse(
            json.dumps(body, ensure_ascii=False, indent=1), content_type="application/json"
        )
    else:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(records)
        response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
