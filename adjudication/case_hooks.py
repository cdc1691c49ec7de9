"""The attendances' part in a linked case's page, registered with :mod:`cases.hooks` (``cases``
is a lower layer and does not import this app): a panel listing the committee meetings on the
case, their steps on the case timeline, and the next step while one waits for the
procuratorate. Registered by :meth:`AdjudicationConfig.ready`."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import hooks
from cases.hooks import Candidate, CaseSection, NextAction, TimelineSource, Urgency
from cases.models import SupervisionCase
from cases.selectors import audit_targets

from .choices import AttendanceStatus
from .models import Attendance
from .permissions import may_record_notice
from .selectors import case_attendances

ACTION_LABELS = {
    "adjudication_create": gettext_lazy("登记审判委员会会议通知"),
    "adjudication_update": gettext_lazy("修改列席通知和准备情况"),
    "adjudication_entrust": gettext_lazy("委托副检察长列席"),
    "adjudication_attend": gettext_lazy("列席审判委员会并发表意见"),
    "adjudication_decide": gettext_lazy("登记审判委员会决定"),
    "adjudication_follow_up": gettext_lazy("登记列席后续监督"),
    "adjudication_absent": gettext_lazy("登记未列席审判委员会"),
    "adjudication_cancel": gettext_lazy("取消列席审判委员会"),
}


def _audit_targets(case: SupervisionCase) -> QuerySet:
    return audit_targets(Attendance.objects.filter(case=case))


def _detail(action: str, data: dict[str, Any]) -> str:
    if action == "adjudication_create":
        return data.get("court", "")
    if action == "adjudication_attend":
        return data.get("attendee", "")
    return ""


TIMELINE = TimelineSource(audit_targets=_audit_targets, labels=ACTION_LABELS, detail=_detail)


def section_context(case: SupervisionCase, user: Any, can_work: bool) -> dict[str, Any] | None:
    """The case page's panel: shown when the case has been before the court's committee, or
    to whoever may record a notice about it (one query)."""
    attendances = case_attendances(case)
    can_record = may_record_notice(user, case)
    if not attendances and not can_record:
        return None
    return {"attendances": attendances, "can_record": can_record, "case": case}


SECTION = CaseSection(template="adjudication/_case_section.html", context=section_context)


def next_action_candidates(case: SupervisionCase, instruments: Sequence[Any],
                           today: datetime.date) -> Iterator[Candidate]:
    """A meeting attended and waiting for the committee's decision, else the next meeting
    the chief was told of (from the rows the panel reads: the same query)."""
    attendances = case_attendances(case)
    attended = [a for a in attendances if a.status == AttendanceStatus.ATTENDED]
    if attended:
        a = attended[0]
        yield Candidate(Urgency.STEP, NextAction(
            _("登记审判委员会对“%(subject)s”的决定及本院意见采纳情况") % {"subject": a.subject},
            link=a.get_absolute_url()))
        return
    upcoming = sorted((a for a in attendances if a.status == AttendanceStatus.NOTIFIED),
                      key=lambda a: a.meeting_at)
    if upcoming:
        a = upcoming[0]
        day = timezone.localtime(a.meeting_at).date()
        yield Candidate(Urgency.STEP, NextAction(
            _("准备列席%(court)s审判委员会会议（%(subject)s）") % {
                "court": a.court.name, "subject": a.subject},
            due_date=day, link=a.get_absolute_url()))


def register() -> None:
    """Called once by ``AdjudicationConfig.ready()``."""
    hooks.timeline_sources.register(TIMELINE)
    hooks.next_action_sources.register(next_action_candidates)
    hooks.case_sections.register(SECTION)
