"""Turning a service's refusal into what the user reads."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from ..models import SupervisionCase
from ..permissions import case_to_work_on as case_for_work

T = TypeVar("T")


def case_to_work_on(request: HttpRequest, pk: int) -> SupervisionCase:
    """The case the request's user may work on (see ``cases.permissions.case_to_work_on``)."""
    return case_for_work(request.user, pk)


def report_error(exc: ValidationError | PermissionDenied, form: forms.Form | None = None,
                 request: HttpRequest | None = None) -> None:
    """Put a service's refusal on ``form`` (on the field it names, when the form has it) or,
    without a form, into the messages."""
    if isinstance(exc, PermissionDenied):
        text = str(exc) or _("您无权执行此操作。")
        if form is None:
            messages.error(request, text)
        else:
            form.add_error(None, text)
    elif form is None:
        messages.error(request, " ".join(exc.messages))
    elif hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def call_service(form: forms.Form | None, action: Callable[[], T],
                 request: HttpRequest | None = None) -> T | None:
    """Run ``action``; on a refusal report it (see :func:`report_error`) and return None."""
    try:
        return action()
    except (ValidationError, PermissionDenied) as exc:
        report_error(exc, form, request)
    return None
