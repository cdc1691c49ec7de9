"""The review actions of both kinds of item (a typical case, a statistics release): approve
without a reason; return or withdraw with one. One place for how a posted action runs."""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from supervision.service_errors import call_service, submit_form

from ..forms import ReasonForm

#: action → (service call taking (user, item, form data), the success message)
Actions = dict[str, tuple[Callable, object]]


def run_action(request: HttpRequest, item, action: str, actions: Actions) -> HttpResponse:
    """Run ``action`` on ``item`` through its service; an unknown action answers 404, a
    refused one says why on the item's page."""
    if action not in actions:
        raise Http404
    call, success = actions[action]
    if action == "approve":
        call_service(request, lambda: call(request.user, item, {}), success=success)
    else:
        submit_form(request, ReasonForm(request.POST),
                    lambda data: call(request.user, item, data), success=success)
    return redirect(item)
