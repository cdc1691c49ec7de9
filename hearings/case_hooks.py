"""The hearings' part in a case's page, registered with :mod:`cases.hooks` (``cases`` is a
lower layer and does not import hearings): a panel listing the case's hearings, their steps on
the case timeline, and the next step when a hearing waits for the procuratorate. Registered by
:meth:`HearingsConfig.ready`."""

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

from .choices import HearingStatus
from .models import Hearing
from .selectors import case_hearings

ACTION_LABELS = {
    "hearing_schedule": gettext_lazy("安排听证"),
    "hearing_update": gettext_lazy("修改听证安排"),
    "hearing_participant_add": gettext_lazy("添加听证参加人"),
    "hearing_participant_remove": gettext_lazy("移除听证参加人"),
    "hearing_notice_record": gettext_lazy("登记听证通知"),
    "hearing_hold": gettext_lazy("举行听证"),
    "hearing_opinion_record": gettext_lazy("记录听证意见"),
    "hearing_conclude": gettext_lazy("登记听证结论"),
    "hearing_cancel": gettext_lazy("取消听证"),
    "people_supervisor_create": gettext_lazy("登记人民监督员"),
    "people_supervisor_update": gettext_lazy("修改人民监督员信息"),
}


def _audit_targets(case: SupervisionCase) -> QuerySet:
    return audit_targets(Hearing.objects.filter(case=case))


def _detail(action: str, data: dict[str, Any]) -> str:
    if action == "hearing_participant_add":
        return data.get("name", "")
    if action == "hearing_opinion_record":
        return data.get("name", "")
    return ""


TIMELINE = TimelineSource(audit_targets=_audit_targets, labels=ACTION_LABELS, detail=_detail)


def section_context(case: SupervisionCase, user: Any, can_work: bool) -> dict[str, Any]:
    """The case page's hearing panel: every viewer of the case sees it (one query)."""
    return {"hearings": case_hearings(case), "can_schedule": can_work, "case": case}


SECTION = CaseSection(template="hearings/_case_section.html", context=section_context)


def next_action_candidates(case: SupervisionCase, instruments: Sequence[Any],
                           today: datetime.date) -> Iterator[Candidate]:
    """A hearing held and waiting for its conclusion, else the next scheduled one (from the
    rows the panel reads: the same query)."""
    hearings = case_hearings(case)
    held = [h for h in hearings if h.status == HearingStatus.HELD]
    if held:
        h = held[-1]
        yield Candidate(Urgency.STEP, NextAction(
            _("登记听证“%(topic)s”的结论及听证意见采纳情况") % {"topic": h.topic},
            link=h.get_absolute_url()))
        return
    upcoming = sorted((h for h in hearings if h.status == HearingStatus.SCHEDULED),
                      key=lambda h: h.scheduled_at)
    if upcoming:
        h = upcoming[0]
        day = timezone.localtime(h.scheduled_at).date()
        text = (_("举行听证“%(topic)s”并登记举行情况") if day <= today
                else _("准备听证“%(topic)s”：通知参加人")) % {"topic": h.topic}
        yield Candidate(Urgency.STEP, NextAction(text, due_date=day, link=h.get_absolute_url()))


def register() -> None:
    """Called once by ``HearingsConfig.ready()``."""
    hooks.timeline_sources.register(TIMELINE)
    hooks.next_action_sources.register(next_action_candidates)
    hooks.case_sections.register(SECTION)
