"""Calling a service from a POST-and-redirect view (shared by the role apps).

The pattern "call the service; on a ValidationError show each message as an error; else
show the success message" in one place: `run_service(request, call, success=...)`.
PermissionDenied (and any other error) is not caught: it stays a 403 (or a 500).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError


def run_service(
    request,
    call: Callable[[], Any],
    *,
    success: str | Callable[[Any], str] | None = None,
) -> bool:
    """Run `call()` (a service call, or a form check that raises ValidationError, then the
    service). On a ValidationError each of its messages becomes an error message and
    nothing else happens; else `success` (a text, or a function of the result) becomes a
    success message. Returns whether the call succeeded."""
    try:
        result = call()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return False
    if success is not None:
        messages.success(request, success(result) if callable(success) else success)
    return True


def errors_to_form(form, exc: ValidationError) -> None:
    """A service's ValidationError onto the form: per field where the form has it."""
    if hasattr(exc, "error_dict"):
        for key, errors in exc.message_dict.items():
            form.add_error(key if key in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
