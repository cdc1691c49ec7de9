"""The intake overview (/duties/): every flow's queue with its count, for the procuratorate's
staff (built on :mod:`duties.registry`; no flow is named here).

Who opens it: those who see the flows' rows at all (``duties.permissions.staff_q``:
procurators, approvers and chiefs their procuratorate, supervisors the subtree). Anyone else
— a liaison, an assistant (who sees their own cases only), the observer, an administrator —
gets 404, as for any page they may not see."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from supervision.db import read_from_replica

from ..selectors.surfaces import staff_queues


@login_required
@read_from_replica
def intake(request: HttpRequest) -> HttpResponse:
    """Each registered flow with what waits for the viewer's procuratorate, one query for
    all of them (:func:`duties.selectors.surfaces.staff_queues`)."""
    queues = staff_queues(request.user)
    if queues is None:
        raise Http404
    return render(request, "duties/intake.html", {
        "queues": queues, "total": sum(q.count for q in queues)})


urlpatterns = [path("", intake, name="intake")]
