"""Flows of the agencies' duties made for tests, over existing models (issue 19).

The shared surfaces (the intake overview, the navigation, the dashboards, the portal's menu,
the statistics and the scorecards) read only :mod:`duties.registry`; these two flows let
their tests run — and pin counts and query numbers — whatever flows the project registers
(``with registered(*TEST_FLOWS, alone=True)``, or the ``duty_flows`` fixture):

* ``test_transfers`` over :class:`cases.models.ClueTransfer`: waiting for the procuratorate
  while the receiving organ's feedback is missing; a portal page (the inbox stands in) with
  the receiving agency's pending count; two figures, both on the scorecards.
* ``test_refusals`` over :class:`cases.models.InvestigationMeasure`: refusals not yet
  reported upwards; no portal page; one figure kept off the scorecards, and the unscoped
  ``pending`` rows the dashboards limit to the viewer's dashboard scope.
"""

from __future__ import annotations

import datetime

from django.db.models import F, Q

from cases.models import ClueTransfer, InvestigationMeasure
from duties.permissions import agency_q, staff_q
from duties.registry import Flow, FlowFigure


def _scoped(qs, q: Q | None):
    return qs.filter(q) if q is not None else qs.none()


def _transfers_made(start: datetime.date, end: datetime.date):
    return ClueTransfer.objects.filter(transferred_on__range=(start, end))


def _feedback_on_time(start: datetime.date, end: datetime.date):
    return ClueTransfer.objects.filter(replied_on__range=(start, end),
                                       replied_on__lte=F("due_date"))


def _refusals(start: datetime.date, end: datetime.date):
    return InvestigationMeasure.objects.filter(refused=True, taken_on__range=(start, end))


TRANSFERS = Flow(
    key="test_transfers",
    label="线索移送反馈（测试）",
    staff_url="cases:list",
    staff_pending=lambda user: _scoped(ClueTransfer.objects.filter(replied_on__isnull=True),
                                       staff_q(user, "case__procuratorate")),
    portal_url="portal:inbox",
    agency_pending=lambda user: _scoped(ClueTransfer.objects.filter(replied_on__isnull=True),
                                        agency_q(user, "recipient_agency")),
    figures=(
        FlowFigure("test_transfers_made", "移送线索（测试）", "Clues transferred (test)",
                   "移送日期在期间内的线索。", "Clues transferred within the period.",
                   _transfers_made, procuratorate="case__procuratorate",
                   agency="recipient_agency"),
        FlowFigure("test_feedback_on_time", "按期反馈（测试）", "Feedback on time (test)",
                   "反馈日期在期间内且不晚于反馈期限的线索。",
                   "Clues whose feedback came within the period, by the deadline.",
                   _feedback_on_time, procuratorate="case__procuratorate",
                   agency="recipient_agency"),
    ),
)

REFUSALS = Flow(
    key="test_refusals",
    label="拒不配合（测试）",
    staff_url="cases:list",
    staff_pending=lambda user: _scoped(
        InvestigationMeasure.objects.filter(refused=True, escalated_at__isnull=True),
        staff_q(user, "case__procuratorate")),
    pending=lambda: InvestigationMeasure.objects.filter(refused=True, escalated_at__isnull=True),
    pending_procuratorate="case__procuratorate",
    figures=(
        FlowFigure("test_refusals", "拒不配合（测试）", "Refusals (test)",
                   "调查日期在期间内、记录为拒不配合的调查核实。",
                   "Investigation measures within the period recorded as refused.",
                   _refusals, procuratorate="case__procuratorate", agency="agency",
                   scorecard=False),
    ),
)

TEST_FLOWS = (TRANSFERS, REFUSALS)


def transfer(world, *, agency=None, case=None, transferred_on=datetime.date(2026, 3, 2),
             due_date=datetime.date(2026, 5, 2), replied_on=None, actor=None) -> ClueTransfer:
    """A clue transfer of ``case`` (a new case of 定检 by default) to ``agency``."""
    actor = actor or world.procurator
    case = case or world.register_case(actor=actor)
    return ClueTransfer.objects.create(
        case=case, recipient_kind="supervisory_commission", recipient="测试接收机关",
        recipient_agency=agency, clue="线索", transferred_on=transferred_on, due_date=due_date,
        transferred_by=actor, replied_on=replied_on,
        reply_summary="已反馈" if replied_on else "")


def refusal(world, *, agency=None, case=None, taken_on=datetime.date(2026, 3, 3),
            actor=None) -> InvestigationMeasure:
    actor = actor or world.procurator
    case = case or world.register_case(actor=actor)
    return InvestigationMeasure.objects.create(
        case=case, measure_type="inquiry", taken_on=taken_on, target="卷宗", agency=agency,
        refused=True, refusal_note="拒绝", recorded_by=actor)
