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

Every API error has one shape (drf-standardized-errors, issue 17), in the requester's language
(``Accept-Language``; Chinese without one)::

    {"type": "validation_error" | "client_error" | "server_error",
     "errors": [{"code": "required", "detail": "该字段是必填项。", "attr": "parties.0.name"}]}

``attr`` names the field (nested fields dotted, list items by index; ``non_field_errors`` for
an error of the whole body) and is null for anything but a validation error. A 409 keeps what
the client needs to go on in ``extra`` (``{"result": url}`` for a repeated ``Idempotency-Key``,
``{"duplicates": [...]}`` for a case already registered): raise :class:`Conflict`. A 500 says
only that the server failed (the traceback goes to the log, never to the client).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django import forms
from django.contrib import messages
from django.core import signals
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
    ValidationError,
)
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.functional import Promise
from django.utils.log import log_response
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import csrf as csrf_views
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from drf_standardized_errors.formatter import ExceptionFormatter
from drf_standardized_errors.handler import ExceptionHandler
from rest_framework import exceptions as api_exceptions
from rest_framework import status
from rest_framework.exceptions import ErrorDetail
from rest_framework.response import Response
from rest_framework.settings import api_settings

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

class Conflict(api_exceptions.APIException):
    """409: the request clashes with what is already there. ``extra`` (JSON-ready) is answered
    beside the errors, as the body's ``extra`` key — what the client needs to go on (the
    address of what the first request made, the cases already registered)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = gettext_lazy("请求与现有数据冲突。")
    default_code = "conflict"

    def __init__(self, detail=None, code=None, *, extra: dict[str, Any] | None = None) -> None:
        super().__init__(detail, code)
        self.extra = extra or {}


class RequestTooLarge(api_exceptions.APIException):
    """413: the body (not counting uploaded files) is over ``DATA_UPLOAD_MAX_MEMORY_SIZE``, or
    has more fields or files than ``DATA_UPLOAD_MAX_NUMBER_FIELDS``/``…_FILES`` allow."""

    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = gettext_lazy("请求内容过大。")
    default_code = "request_too_large"


class ServerError(api_exceptions.APIException):
    """500: a bug. The client learns only that, in its language; the log has the traceback."""

    # The 500 page's own words (templates/500.html).
    default_detail = gettext_lazy("处理您的请求时系统出错，这次操作可能没有完成。错误已记录，系统管理员会处理。")
    default_code = "error"


class TwoFactorRequired(api_exceptions.PermissionDenied):
    """403 for a session signed in with a password only (``supervision.two_factor``)."""

    default_detail = gettext_lazy("需要先完成两步验证。")
    default_code = "two_factor_required"


def _error_details(errors: list[ValidationError]) -> list[ErrorDetail]:
    return [ErrorDetail(message, code=error.code or "invalid")
            for error in errors for message in error.messages]


def api_exception(exc: Exception) -> Exception:
    """The DRF exception a service's refusal answers as: ``ValidationError`` → 400 with its
    field errors (each field's messages under its name, the whole request's under
    ``non_field_errors``) or its messages, with the service's codes; ``PermissionDenied`` → 403
    with the service's text. A body too large is 413, another request Django finds suspicious
    400. Anything else is returned unchanged (``Http404`` stays a 404)."""
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            return api_exceptions.ValidationError({
                api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field:
                    _error_details(errors)
                for field, errors in exc.error_dict.items()})
        return api_exceptions.ValidationError(_error_details(exc.error_list))
    if isinstance(exc, PermissionDenied):
        return api_exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)):
        return RequestTooLarge()
    if isinstance(exc, SuspiciousOperation):
        return api_exceptions.ParseError()
    return exc


class ApiExceptionFormatter(ExceptionFormatter):
    """drf-standardized-errors' body, with a :class:`Conflict`'s ``extra`` beside the errors."""

    def run(self) -> Any:
        body = super().run()
        extra = getattr(self.exc, "extra", None)
        if extra is not None:
            body["extra"] = extra
        return body


class ApiExceptionHandler(ExceptionHandler):
    """drf-standardized-errors' handler after :func:`api_exception`; a bug answers
    :class:`ServerError` (and is logged and signalled as Django does for a 500)."""

    def convert_known_exceptions(self, exc: Exception) -> Exception:
        return super().convert_known_exceptions(api_exception(exc))

    def convert_unhandled_exceptions(self, exc: Exception) -> api_exceptions.APIException:
        return exc if isinstance(exc, api_exceptions.APIException) else ServerError()

    def format_exception(self, exc: api_exceptions.APIException) -> dict:
        return ApiExceptionFormatter(exc, self.context, self.exc).run()

    def report_exception(self, exc: api_exceptions.APIException, response: Response) -> None:
        """A 500 is signalled and logged as Django logs one ("Internal Server Error: <path>"
        with the traceback), not under the client's message."""
        if not status.is_server_error(exc.status_code):
            return
        request = getattr(self.context.get("request"), "_request", None)
        if request is not None:  # (not when the handler is called by hand)
            signals.got_request_exception.send(sender=None, request=request)
        log_response("Internal Server Error: %s", getattr(request, "path", ""),
                     response=response, request=request, exception=self.exc)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """The API's exception handler (``REST_FRAMEWORK["EXCEPTION_HANDLER"]``, and the base
    viewset's, ``supervision.api.viewsets``): every error in the one shape, a service's refusal
    included, so an API view just calls its service. Only in DEBUG does a bug escape (None:
    Django's technical page)."""
    return ApiExceptionHandler(exc, context).run()


def error_body(exc: api_exceptions.APIException) -> dict[str, Any]:
    """The one shape for an answer made outside a DRF view (a middleware, an error handler)."""
    return ApiExceptionFormatter(exc, {}, exc).run()


def error_response(exc: api_exceptions.APIException) -> JsonResponse:
    return JsonResponse(error_body(exc), status=exc.status_code,
                        json_dumps_params={"ensure_ascii": False})


def is_api_path(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


@csrf_exempt  # it changes nothing: a POST with a token (no CSRF cookie) is told 404 too
def api_not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Any ``/api/`` address no route answers (``config/api_urls.py``'s last route)."""
    return error_response(api_exceptions.NotFound())


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """``CSRF_FAILURE_VIEW``: the one shape under ``/api/`` (a browser session's POST without
    its CSRF token), Django's page elsewhere."""
    if is_api_path(request):
        return error_response(api_exceptions.PermissionDenied(
            _("请求缺少有效的 CSRF 令牌：以浏览器会话调用接口时须带 X-CSRFToken 请求头。")))
    return csrf_views.csrf_failure(request, reason)


def page_not_found(request: HttpRequest, exception: Exception | None = None,
                   template_name: str = "404.html") -> HttpResponse:
    """``handler404``: the one shape under ``/api/``, Django's page elsewhere."""
    if is_api_path(request):
        return error_response(api_exceptions.NotFound())
    return defaults.page_not_found(request, exception, template_name)


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """``handler500``: the one shape under ``/api/`` (a bug outside a DRF view — in a
    middleware), Django's page elsewhere."""
    if is_api_path(request):
        return error_response(ServerError())
    return defaults.server_error(request, template_name)
