"""Acting once per form (issue 15, "safe retries").

A page's form carries a one-time token (``{% form_token %}`` from ``supervision.templatetags.ui``).
The view claims it inside the transaction of its action::

    with transaction.atomic():
        earlier = claim_form(request)
        if earlier is not None:
            return already_submitted(request, earlier)
        … act …
        record_result(request, obj.get_absolute_url())

— or, where the action is one ``call_service`` and its result one page, all of it in
:func:`submit_once`. A second request with the same token — a double click, ten at once, the same page submitted
again tomorrow — finds the claim (on PostgreSQL it waits for the first transaction, then sees
it) and is sent to what the first one made instead of making it again. A form without a token
(an API client, a test's bare POST) is not guarded here.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from supervision.models import FormSubmission, User

FIELD = "form_token"


def _token(request: HttpRequest) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.POST.get(FIELD, ""))
    except ValueError:
        return None


def claim_form(request: HttpRequest) -> FormSubmission | None:
    """Claim the request's form token; None when this request may act (or the form has no
    token), else the earlier submission. Call inside the action's ``transaction.atomic``."""
    token = _token(request)
    if token is None:
        return None
    claimed, earlier = claim_token(token, request.user)
    if claimed is not None:
        request._form_submission = claimed
    return earlier


def claim_token(token: uuid.UUID,
                user: User) -> tuple[FormSubmission | None, FormSubmission | None]:
    """Claim ``token`` for ``user`` inside the caller's transaction: ``(the claim, None)``
    when this request may act, ``(None, the earlier claim)`` when another one did (on
    PostgreSQL a concurrent claim waits for the first transaction, then fails here)."""
    try:
        with transaction.atomic():
            return FormSubmission.objects.create(token=token, user=user), None
    except IntegrityError:
        return None, FormSubmission.objects.filter(token=token).first()


def record_result(request: HttpRequest, url: str) -> None:
    """Where the claimed form's result lives, for a later duplicate to be sent there."""
    submission = getattr(request, "_form_submission", None)
    if submission is not None:
        submission.result_url = url
        submission.save(update_fields=["result_url"])


def purge_old_submissions() -> int:
    """Delete claims older than ``FORM_TOKEN_DAYS``; how many went."""
    cutoff = timezone.now() - datetime.timedelta(days=settings.FORM_TOKEN_DAYS)
    deleted, _ = FormSubmission.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def already_submitted(request: HttpRequest, earlier: FormSubmission,
                      fallback: str = "/") -> HttpResponse:
    messages.info(request, _("该表单已经提交过，没有重复办理。以下是上次提交的结果。"))
    return redirect(earlier.result_url or fallback)


def submit_once(request: HttpRequest, act: Callable[[], Any], *,
                result_url: Callable[[Any], str], fallback: str = "/") -> HttpResponse | None:
    """The one-time form's whole block, in one transaction: claim the token (a second
    submission is sent to the first one's result, or ``fallback``), ``act()`` — the view's
    ``call_service(...)``, an outcome that is falsy when the service refused — and, when it
    acted, record and redirect to ``result_url(outcome.value)``. None when the service refused:
    the view renders the form again with the reason."""
    with transaction.atomic():
        earlier = claim_form(request)
        if earlier is not None:
            return already_submitted(request, earlier, fallback=fallback)
        outcome = act()
        if not outcome:
            return None
        url = result_url(outcome.value)
        record_result(request, url)
    return redirect(url)
