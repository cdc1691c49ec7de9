"""The suit's part in a case's page, registered with :mod:`cases.hooks` (``cases`` is a lower
layer and does not import litigation): a panel with the suit's stage and its 督促起诉 /
支持起诉 instruments, the suit's steps on the case timeline, and the next step. Registered by
:meth:`LitigationConfig.ready`."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import hooks
from cases.hooks import Candidate, CaseSection, NextAction, TimelineSource, Urgency
from cases.models import SupervisionCase
from cases.selectors import audit_targets

from .choices import ANNOUNCING_KINDS, FINAL_STATUSES, SuitStatus
from .models import PublicInterestSuit
from .selectors import case_litigation
from .services.suits import PUBLIC_INTEREST

ACTION_LABELS = {
    "pil_suit_open": gettext_lazy("登记公益诉讼"),
    "pil_announcement_publish": gettext_lazy("发布公益诉讼公告"),
    "pil_announcement_result": gettext_lazy("登记公告结果"),
    "pil_suit_decide": gettext_lazy("检察长决定提起公益诉讼"),
    "pil_suit_file": gettext_lazy("提起公益诉讼"),
    "pil_session_add": gettext_lazy("登记庭审"),
    "pil_judgment_record": gettext_lazy("登记一审裁判"),
    "pil_appeal_record": gettext_lazy("登记上诉"),
    "pil_appeal_lapse": gettext_lazy("登记上诉期满、裁判生效"),
    "pil_second_instance_record": gettext_lazy("登记二审裁判"),
    "pil_enforcement_record": gettext_lazy("登记移送执行"),
    "pil_suit_close": gettext_lazy("公益诉讼办结"),
    "pil_suit_withdraw": gettext_lazy("终结审查"),
    "pil_instrument_outcome": gettext_lazy("登记督促起诉/支持起诉结果"),
}


def _audit_targets(case: SupervisionCase) -> QuerySet:
    return audit_targets(PublicInterestSuit.objects.filter(case=case))


TIMELINE = TimelineSource(audit_targets=_audit_targets, labels=ACTION_LABELS)


def section_context(case: SupervisionCase, user: Any, can_work: bool) -> dict[str, Any] | None:
    """The case page's litigation panel, on public-interest cases only (two queries)."""
    if case.kind.code != PUBLIC_INTEREST:
        return None
    found = case_litigation(case)
    return {"suit": found.suit, "instruments": found.instruments, "case": case,
            "can_open": can_work and found.suit is None and not case.is_finished,
            "can_work": can_work}


SECTION = CaseSection(template="litigation/_case_section.html", context=section_context)


def _step(suit: PublicInterestSuit, today: datetime.date) -> NextAction | None:
    """The suit's next step, in the procurator's words."""
    link = suit.get_absolute_url()
    status = suit.status
    if status == SuitStatus.PREPARING:
        if suit.kind in ANNOUNCING_KINDS:
            return NextAction(_("发布公益诉讼公告（公告期间三十日）"), link=link)
        return NextAction(_("诉前检察建议回复期满后，报检察长决定是否提起行政公益诉讼"), link=link)
    if status == SuitStatus.ANNOUNCED:
        announcement = getattr(suit, "announcement", None)
        if announcement is not None and announcement.is_running():
            if announcement.due_date >= today:
                return NextAction(_("等待公告期满"), due_date=announcement.due_date, link=link)
            return NextAction(_("公告已期满：登记公告结果"), due_date=announcement.due_date,
                              link=link)
        if suit.decided_by_id is None:
            return NextAction(_("报检察长决定是否提起公益诉讼"), link=link)
        return NextAction(_("向人民法院提起公益诉讼"), link=link)
    if status in (SuitStatus.FILED, SuitStatus.HEARD):
        return NextAction(_("出庭支持起诉，登记庭审和一审裁判"), link=link)
    if status == SuitStatus.JUDGED:
        period = getattr(suit, "appeal_period", None)
        due = period.due_date if period is not None else None
        return NextAction(_("上诉期限内决定是否上诉"), due_date=due, link=link)
    if status == SuitStatus.APPEALED:
        return NextAction(_("出席二审法庭，登记二审裁判"), link=link)
    if status in (SuitStatus.EFFECTIVE, SuitStatus.ENFORCING):
        return NextAction(_("跟进裁判执行，登记履行情况"), link=link)
    return None


def next_action_candidates(case: SupervisionCase, instruments: Sequence[Any],
                           today: datetime.date) -> Iterator[Candidate]:
    """The suit's next step (from the rows the panel reads: the same queries)."""
    if case.kind.code != PUBLIC_INTEREST:
        return
    suit = case_litigation(case).suit
    if suit is None:
        return
    action = _step(suit, today)
    if action is not None:
        urgency = Urgency.WAITING if action.due_date and action.due_date >= today else Urgency.STEP
        yield Candidate(urgency, action)


def close_guard(case: SupervisionCase) -> str | None:
    """A case whose suit is still before the court (or announced, or being enforced) is not
    finished: the suit is closed, ended or taken over first."""
    if PublicInterestSuit.objects.filter(case=case).exclude(status__in=FINAL_STATUSES).exists():
        return _("本案公益诉讼尚未办结，不能结案或终结。")
    return None


def register() -> None:
    """Called once by ``LitigationConfig.ready()``."""
    hooks.close_guards.register(close_guard)
    hooks.timeline_sources.register(TIMELINE)
    hooks.next_action_sources.register(next_action_candidates)
    hooks.case_sections.register(SECTION)
