"""What the shared pages show of every flow (the intake overview, the navigation, the
dashboards, the portal's menu): read from :mod:`duties.registry` alone, never naming a flow,
and counted in one query for all flows (:func:`duties.counts.count_each`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse

from supervision.models import User
from supervision.permissions import dashboard_scope

from ..counts import count_each
from ..permissions import agency_q, staff_q
from ..registry import Flow, flows


@dataclass(frozen=True)
class Queue:
    """One flow's entry on a page: its name, where it opens, and how many rows wait."""

    key: str
    label: str
    url: str
    count: int | None


def staff_queues(user: User) -> list[Queue] | None:
    """Each flow's intake queue with what waits for ``user``'s procuratorate (or their
    subtree); None for a user who sees no flow's rows (the overview answers 404)."""
    if staff_q(user) is None:
        return None
    registered = flows()
    counts = count_each([flow.staff_pending(user) for flow in registered])
    return [Queue(flow.key, str(flow.label), reverse(flow.staff_url), n)
            for flow, n in zip(registered, counts, strict=True)]


def _dashboard_rows(flow: Flow, user: User) -> QuerySet:
    if flow.pending is not None:
        scope = dashboard_scope(user, field=flow.pending_procuratorate)
        return flow.pending().filter(scope) if scope is not None else flow.pending().none()
    return flow.staff_pending(user)


def dashboard_queues(user: User) -> list[Queue]:
    """Each flow's pending count within ``user``'s dashboard scope (supervisors and observers
    their subtree, the others their procuratorate); the link to the queue only for those who
    may open it (an observer reads the figure, never the rows behind it)."""
    registered = flows()
    if not registered or dashboard_scope(user) is None:
        return []
    counts = count_each([_dashboard_rows(flow, user) for flow in registered])
    may_open = staff_q(user) is not None
    return [Queue(flow.key, str(flow.label), reverse(flow.staff_url) if may_open else "", n)
            for flow, n in zip(registered, counts, strict=True)]


def portal_queues(user: User) -> list[Queue]:
    """The liaison's entries: each flow with a portal page that concerns the type of the
    agency they act for now (``Flow.portal_agency_types``), and what waits for that agency
    (None where the flow counts nothing for agencies)."""
    if agency_q(user) is None:
        return []
    agency_type = user.agency.agency_type  # the agency they act for now
    entries = [flow for flow in flows() if flow.portal_url
               and (not flow.portal_agency_types or agency_type in flow.portal_agency_types)]
    counted = [flow for flow in entries if flow.agency_pending is not None]
    counts = dict(zip([f.key for f in counted],
                      count_each([flow.agency_pending(user) for flow in counted]), strict=True))
    return [Queue(flow.key, str(flow.label), reverse(flow.portal_url), counts.get(flow.key))
            for flow in entries]
