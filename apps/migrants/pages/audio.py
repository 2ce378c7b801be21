"""Audio files of the speech app (`/media/speech/...`), for deployments where no reverse
proxy serves MEDIA_ROOT (development, `make run`, the tests' live server).

Byte ranges are answered (206), since browsers seek in audio with them; the names carry
the fingerprint, so a file never changes: cached for a year. Only `.opus` and `.mp3`
files below `speech/` are served; anything else is 404.
"""

import re
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404, HttpResponse
from django.utils._os import safe_join
from django.views.decorators.http import require_safe

TYPES = {".opus": "audio/ogg", ".mp3": "audio/mpeg"}
_RANGE = re.compile(r"bytes=(\d*)-(\d*)$")


@require_safe
def audio_file(request, path: str):
    if not settings.MICADO_SPEECH_SERVE_FILES:
        raise Http404
    try:
        full = Path(safe_join(settings.MEDIA_ROOT, "speech", path))
    except (ValueError, SuspiciousFileOperation):
        raise Http404 from None
    content_type = TYPES.get(full.suffix)
    if content_type is None or not full.is_file():
        raise Http404
    size = full.stat().st_size
    headers = {
        "Accept-Ranges": "bytes",
        "Cache-Control": "public, max-age=31536000, immutable",
        "X-Content-Type-Options": "nosniff",
    }
    found = _RANGE.match(request.headers.get("Range", "").strip())
    if found and (found[1] or found[2]):
        if found[1]:
            start = int(found[1])
            end = min(int(found[2]), size - 1) if found[2] else size - 1
        else:  # the last N bytes
            start, end = max(0, size - int(found[2])), size - 1
        if start > end or start >= size:
            response = HttpResponse(status=416, headers={"Content-Range": f"bytes */{size}"})
            return response
        with full.open("rb") as fh:
            fh.seek(start)
            body = fh.read(end - start + 1)
        response = HttpResponse(body, status=206, content_type=content_type, headers=headers)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        return response
    response = FileResponse(full.open("rb"), content_type=content_type, headers=headers)
    return response
