"""One error shape for the whole API:

    {"error": {"code": "validation_error", "message": "...", "fields": {"title": ["..."]}}}

Messages are translated into the request's language.
"""

import math

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        body = {
            "code": "validation_error",
            "message": _("The data sent is not valid."),
            "fields": detail,
        }
    elif isinstance(exc, exceptions.ParseError):
        # DRF's text carries the JSON library's English detail; say it in the user's language.
        body = {
            "code": "parse_error",
            "message": _("The request body could not be read. Send valid JSON."),
        }
    elif isinstance(exc, exceptions.Throttled) and str(exc.detail).startswith(
        str(exceptions.Throttled.default_detail)
    ):
        # DRF's own text (a view may raise its own message) has no Dari; say it ourselves.
        if exc.wait:
            message = ngettext(
                "Too many requests. Please try again in %(seconds)d second.",
                "Too many requests. Please try again in %(seconds)d seconds.",
                math.ceil(exc.wait),
            ) % {"seconds": math.ceil(exc.wait)}
        else:
            message = _("Too many requests. Please try again later.")
        body = {"code": "throttled", "message": message}
    else:
        codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        body = {
            "code": codes if isinstance(codes, str) else "error",
            "message": str(exc.detail) if hasattr(exc, "detail") else str(exc),
        }
    return Response({"error": body}, status=response.status_code, headers=_headers(response))


def _headers(response) -> dict:
    return {k: v for k, v in response.items() if k in ("WWW-Authenticate", "Retry-After", "Allow")}


__all__ = ["exception_handler", "status"]
