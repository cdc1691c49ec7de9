"""The one service-error adapter: what a page or an API answer makes of a service's refusal.

Services refuse in two ways, both Django's own exceptions so that the core needs no app:
``ValidationError`` for a wrong value or a wrong state (the state machine's
``supervision.statemachine.TransitionNotAllowed`` is one) and ``PermissionDenied`` for the
wrong person. Their messages are already in the user's language. A page shows them on its
form (an error naming one of the form's fields on that field, the rest above the form) or, when
the action has no form of its own, as ``messages.error``; an htmx request gets the same, and
its fragment is re-rendered from the same form and messages as the full page. The API answers
400 with the field errors or 403. An object the user may not see is ``Http404`` and is never
caught here: it answers 404 on a page and in the API alike.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from rest_framework import exceptions as api_exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

T = TypeVar("T")

#: What a service raises when it refuses; anything else is a bug and must surface as one.
SERVICE_ERRORS = (ValidationError, PermissionDenied)


def refusal_text(exc: ValidationError | PermissionDenied) -> str:
    """The refusal as one line: a ValidationError's messages joined, a PermissionDenied's own
    text (or a generic one when the service gave none)."""
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or _("您无权执行此操作。")


def report_refusal(request: HttpRequest | None, exc: ValidationError | PermissionDenied,
                   form: forms.BaseForm | None = None) -> None:
    """Put a service's refusal on ``form`` (each error naming one of its fields on that field,
    the rest as non-field errors) or, without a form, into ``request``'s messages."""
    if form is None:
        messages.error(request, refusal_text(exc))
    elif isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    elif isinstance(exc, ValidationError):
        form.add_error(None, exc)
    else:
        form.add_error(None, refusal_text(exc))


def form_errors_as_messages(request: HttpRequest, form: forms.BaseForm) -> None:
    """A form posted from another page (the instrument's, the case's) has nowhere to show its
    errors: each becomes a message on the page the user is sent back to."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What :func:`call_service` did: true when the service ran, with what it returned."""

    ok: bool
    value: T | None = None

    def __bool__(self) -> bool:
        return self.ok


def call_service(request: HttpRequest, action: Callable[[], T], *,
                 form: forms.BaseForm | None = None,
                 success: str | Promise | None = None) -> Outcome[T]:
    """Run ``action`` (one service call). On a refusal report it (:func:`report_refusal`) and
    return a false :class:`Outcome`; on success add ``success`` as a message, if given, and
    return a true one carrying the service's result. Nothing but a refusal is caught."""
    try:
        value = action()
    except SERVICE_ERRORS as exc:
        report_refusal(request, exc, form)
        return Outcome(False)
    if success is not None:
        messages.success(request, success)
    return Outcome(True, value)


def submit_form(request: HttpRequest, form: forms.BaseForm,
                action: Callable[[dict[str, Any]], T], *,
                success: str | Promise | None = None) -> Outcome[T]:
    """A form posted from another page (the instrument's, the case's): when it is valid, run
    ``action(cleaned_data)`` through :func:`call_service`; when not, its errors become
    messages on the page the user is sent back to. The caller redirects either way."""
    if not form.is_valid():
        form_errors_as_messages(request, form)
        return Outcome(False)
    return call_service(request, lambda: action(form.cleaned_data), success=success)


# --- The API ---------------------------------------------------------------------------------

def api_exception(exc: Exception) -> Exception:
    """The DRF exception a service's refusal answers as: ``ValidationError`` → 400 with its
    field errors (``message_dict``) or its messages, ``PermissionDenied`` → 403 with the
    service's text. Anything else is returned unchanged (``Http404`` stays a 404)."""
    if isinstance(exc, ValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        return api_exceptions.ValidationError(detail)
    if isinstance(exc, PermissionDenied):
        return api_exceptions.PermissionDenied(str(exc) or None)
    return exc


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's exception handler, after :func:`api_exception`: the base viewset
    (``supervision.api.viewsets``) answers every service refusal through it, so an API view
    just calls its service."""
    return drf_exception_handler(api_exception(exc), context)
