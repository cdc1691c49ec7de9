"""The people's congress's deliberation opinions on a report and the written replies owed on
them (seed 001 §3: "对于检察机关法律监督年度报告的意见落实情况应按时书面予以回复"; seed 004 §11:
the congress follows up its opinions, 审议意见的督办)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from supervision.deadlines import compute_due_date
from supervision.models import PeriodRule, User
from supervision.services.audit import audit_record

from ..models import CongressReport, DeliberationOpinion, ReportStatus
from ..permissions import WRITER_ROLES, can_write

#: No law sets the period for the written reply on a deliberation opinion: unless the
#: committee's letter states one, the two months of rule ``default`` apply (the Dinghai
#: decision 三, source text 001, whose §3 asks for this very reply).
OPINION_PERIOD_RULE = "default"
#: The longest period a letter may state, in days (a year); anything longer is a typing slip.
MAX_STATED_DAYS = 366


def _check_received(received_on: datetime.date, report: CongressReport) -> None:
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("日期不能晚于今天。")})
    if report.released_on is not None and received_on < report.released_on:
        raise ValidationError({"received_on": _("收到日期不能早于报告报送日期（%(date)s）。") % {
            "date": report.released_on.isoformat()}})


def _responsible_of(report: CongressReport, responsible: User) -> User:
    if (responsible.procuratorate_id != report.procuratorate_id or not responsible.is_active
            or responsible.role not in WRITER_ROLES):
        raise ValidationError({"responsible": _("承办人须为本院在职检察人员。")})
    return responsible


@transaction.atomic
def opinion_record(*, actor: User, report: CongressReport, received_on: datetime.date,
                   content: str, responsible: User, letter_number: str = "",
                   stated_amount: int | None = None, stated_unit: str = "") -> DeliberationOpinion:
    """Record an opinion the standing committee sent on a released ``report``. Its written
    reply is due two months after receipt, or within the period the letter states
    (``stated_amount`` days or months), computed and explained by the deadline engine."""
    if not can_write(actor, report):
        raise PermissionDenied(_("您不能登记本报告的审议意见。"))
    if report.status != ReportStatus.RELEASED:
        raise ValidationError(_("报告报送人大后才能登记审议意见。"))
    _check_received(received_on, report)
    if not content.strip():
        raise ValidationError({"content": _("请填写审议意见。")})
    rule = PeriodRule.objects.get(code=OPINION_PERIOD_RULE)
    if stated_amount is not None:
        days = stated_amount * (31 if stated_unit == "months" else 1)
        if stated_unit not in ("days", "months") or stated_amount < 1 or days > MAX_STATED_DAYS:
            raise ValidationError({"stated_amount": _("交办函载明的期限应在一日至一年之间。")})
        due = compute_due_date(rule, received_on, amount=stated_amount, unit=stated_unit,
                               override_reason=_("人大常委会交办函载明的期限"))
    else:
        due = compute_due_date(rule, received_on)
    opinion = DeliberationOpinion.objects.create(
        report=report, procuratorate_id=report.procuratorate_id,
        letter_number=letter_number.strip(), received_on=received_on, content=content.strip(),
        responsible=_responsible_of(report, responsible), due_date=due.due_date,
        due_provisional=due.provisional, due_explanation=due.as_dict(), recorded_by=actor)
    audit_record(actor=actor, action="congress_opinion_record", target=opinion,
                 report=report.pk, due_date=opinion.due_date.isoformat())
    return opinion


@transaction.atomic
def opinion_record_reply(*, actor: User, opinion: DeliberationOpinion, replied_on: datetime.date,
                         summary: str, reply_number: str = "") -> DeliberationOpinion:
    """Record the procuratorate's written reply on how the opinion was carried out; it stops
    the opinion's clock."""
    opinion = (DeliberationOpinion.objects.select_for_update(of=("self",))
               .select_related("report").get(pk=opinion.pk))
    if not can_write(actor, opinion.report):
        raise PermissionDenied(_("您不能登记本报告审议意见的回复。"))
    if opinion.replied_on is not None:
        raise ValidationError(_("该审议意见已登记书面回复。"))
    if replied_on > timezone.localdate():
        raise ValidationError({"replied_on": _("日期不能晚于今天。")})
    if replied_on < opinion.received_on:
        raise ValidationError({"replied_on": _("回复日期不能早于收到日期。")})
    if not summary.strip():
        raise ValidationError({"summary": _("请填写落实情况。")})
    opinion.replied_on = replied_on
    opinion.reply_summary = summary.strip()
    opinion.reply_number = reply_number.strip()
    opinion.reply_recorded_by = actor
    opinion.save(update_fields=["replied_on", "reply_summary", "reply_number",
                                "reply_recorded_by"])
    audit_record(actor=actor, action="congress_opinion_reply", target=opinion,
                 replied_on=replied_on.isoformat(), late=replied_on > opinion.due_date)
    return opinion
