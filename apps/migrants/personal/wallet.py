"""Checking and cleaning wallet uploads, and where their files live.

A file is judged by its content, never by its name or the browser's content type:
images must open and decode with Pillow (JPEG, PNG, WebP) and are re-encoded, which
drops EXIF (GPS position, camera, time), XMP and text chunks while applying the
orientation; a PDF must start with `%PDF-` and end with `%%EOF`. Files are stored
under `PRIVATE_MEDIA_ROOT` (never under MEDIA_ROOT or static) with random names.
"""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from PIL import Image, ImageOps, UnidentifiedImageError

from apps.migrants.models import WalletDocument

# Photos of documents are a few megapixels; refuse decompression bombs long before
# Pillow's own limit.
MAX_PIXELS = 50_000_000
JPEG_QUALITY = 88
IMAGE_FORMATS = {
    "JPEG": WalletDocument.Kind.JPEG,
    "PNG": WalletDocument.Kind.PNG,
    "WEBP": WalletDocument.Kind.WEBP,
}
_IMAGE_ERRORS = (
    UnidentifiedImageError,
    Image.DecompressionBombError,
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    IndexError,
    TypeError,
)


@dataclass(frozen=True)
class CleanFile:
    content: bytes
    content_type: str

    @property
    def extension(self) -> str:
        return WalletDocument.EXTENSIONS[self.content_type]


def storage() -> FileSystemStorage:
    """The private storage, read from settings each time (tests point it elsewhere)."""
    return FileSystemStorage(
        location=settings.PRIVATE_MEDIA_ROOT,
        base_url=None,
        file_permissions_mode=0o600,
        directory_permissions_mode=0o700,
    )


def new_file_name(extension: str) -> str:
    return f"wallet/{secrets.token_hex(16)}.{extension}"


def _type_error() -> ValidationError:
    return ValidationError(
        gettext(
            "This file is not a PDF, JPEG, PNG or WebP document, or it is damaged. "
            "Please choose a PDF or a photo."
        ),
        code="file_type",
    )


def too_large_error(size_limit: int) -> ValidationError:
    return ValidationError(
        gettext("This file is too large. Files may be at most %(limit)s.")
        % {"limit": filesizeformat(size_limit)},
        code="file_size",
    )


def read_upload(upload) -> bytes:
    """The bytes of an uploaded file, refusing it (unread) if it is over the limit."""
    limit = settings.MICADO_WALLET_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise too_large_error(limit)
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise too_large_error(limit)
    if not data:
        raise ValidationError(gettext("This file is empty."), code="empty")
    return data


def clean(data: bytes) -> CleanFile:
    """Check `data` by its content and return what to store (images re-encoded)."""
    if data.startswith(b"%PDF-"):
        return _clean_pdf(data)
    return _clean_image(data)


def _clean_pdf(data: bytes) -> CleanFile:
    # The end-of-file marker closes the last section; a cut-off download lacks it.
    if b"%%EOF" not in data[-2048:]:
        raise _type_error()
    return CleanFile(content=data, content_type=WalletDocument.Kind.PDF)


def _clean_image(data: bytes) -> CleanFile:
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = IMAGE_FORMATS.get(probe.format or "")
            if kind is None:
                raise _type_error()
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(
                    gettext(
                        "This picture is too large (too many pixels). Please send a smaller one."
                    ),
                    code="pixels",
                )
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            return _reencode(image, kind)
    except ValidationError:
        raise
    except _IMAGE_ERRORS:
        raise _type_error() from None


def _reencode(image: Image.Image, kind: str) -> CleanFile:
    """Apply the EXIF orientation, then write the pixels alone: no EXIF, XMP, comments."""
    icc = image.info.get("icc_profile")
    image = ImageOps.exif_transpose(image)  # a new image, turned upright
    if kind == WalletDocument.Kind.JPEG:
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
    elif image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA")
    image.info = {}  # nothing of the original's metadata may be written back
    options: dict = {"icc_profile": icc} if icc else {}
    out = io.BytesIO()
    if kind == WalletDocument.Kind.JPEG:
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, **options)
    elif kind == WalletDocument.Kind.PNG:
        image.save(out, "PNG", optimize=True, **options)
    else:
        image.save(out, "WEBP", quality=JPEG_QUALITY, **options)
    return CleanFile(content=out.getvalue(), content_type=kind)
