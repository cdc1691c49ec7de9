"""Public-interest suits after the pre-litigation stage (seed 000 §5, seed 002 §11), after
《最高人民法院、最高人民检察院关于检察公益诉讼案件适用法律若干问题的解释》(2020修正, "解释") and
《人民检察院公益诉讼办案规则》(2021).

Each function checks who and from which state through ``litigation.transitions``, then the
conditions the law adds (the announcement period ended, the pre-litigation recommendation went
unheeded, the chief decided, the appeal period runs), writes the rows and one audit entry
(target: the suit, so the case timeline shows every step).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from agencies.choices import AgencyType
from agencies.models import Agency
from cases.models import SupervisionCase
from cases.permissions import can_work_on_case
from recommendations.choices import EvaluationOutcome, InstrumentStatus
from recommendations.models import Recommendation
from supervision.choices import APPROVER_ROLES
from supervision.deadlines import compute_due_date, legal_date
from supervision.models import PeriodRule, User
from supervision.services.audit import audit_record
from supervision.services.notifications import notify

from ..choices import (
    ANNOUNCING_KINDS,
    APPEALABLE_JUDGMENTS,
    APPEALABLE_RULINGS,
    PRE_LITIGATION_PREFIX,
    AnnouncementMedium,
    AnnouncementResult,
    AppealPeriodOutcome,
    Appellant,
    Instance,
    JudgmentResult,
    SecondResult,
    SessionKind,
    SuitKind,
    SuitStatus,
)
from ..models import AppealPeriod, CourtSession, PilAnnouncement, PublicInterestSuit
from ..transitions import enforce

#: The case kind (``supervision.SupervisionKind.code``) a suit may be brought on.
PUBLIC_INTEREST = "public_interest"
#: The announcement's period rule (DEADLINES.md).
ANNOUNCEMENT_RULE = "pil_announcement"
#: The appeal period's rule by suit kind and by judgment (判决) or ruling (裁定).
APPEAL_RULES = {
    (SuitKind.CIVIL, "judgment"): "pil_appeal_civil_judgment",
    (SuitKind.CIVIL, "ruling"): "pil_appeal_civil_ruling",
    (SuitKind.ADMINISTRATIVE, "judgment"): "pil_appeal_admin_judgment",
    (SuitKind.ADMINISTRATIVE, "ruling"): "pil_appeal_admin_ruling",
    (SuitKind.CRIMINAL_INCIDENTAL, "judgment"): "pil_appeal_criminal_judgment",
    (SuitKind.CRIMINAL_INCIDENTAL, "ruling"): "pil_appeal_criminal_ruling",
}
#: Pre-litigation recommendations that count as served and not withdrawn.
_LIVE = [InstrumentStatus.AWAITING_REPLY, InstrumentStatus.UNDER_REVIEW, InstrumentStatus.REPLIED,
         InstrumentStatus.RECTIFICATION_PENDING, InstrumentStatus.FOLLOW_UP,
         InstrumentStatus.CLOSED]


# --- helpers -------------------------------------------------------------------------------

def _locked(suit: PublicInterestSuit) -> PublicInterestSuit:
    return (PublicInterestSuit.objects.select_for_update(of=("self",))
            .select_related("case", "case__procuratorate", "case__handler", "case__kind")
            .get(pk=suit.pk))


def _text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def _date(value: datetime.date | None, field: str, *, not_before: datetime.date | None = None,
          before_message: str = "") -> datetime.date:
    if value is None:
        raise ValidationError({field: _("请填写日期。")})
    if value > timezone.localdate():
        raise ValidationError({field: _("日期不能晚于今天。")})
    if not_before is not None and value < not_before:
        raise ValidationError({field: before_message})
    return value


def _label(choice: JudgmentResult) -> str:
    with override("zh-hans"):  # the param is the label's msgid, translated when shown
        return str(choice.label)


def _approvers(case: SupervisionCase, actor: User) -> list[User]:
    people = list(User.objects.filter(procuratorate_id=case.procuratorate_id, is_active=True,
                                      role__in=APPROVER_ROLES)
                  .select_related("notification_preference"))
    if case.handler_id and case.handler_id not in {u.pk for u in people}:
        people.append(case.handler)
    return [u for u in people if u.pk != actor.pk]


# --- opening, the announcement, the decision -----------------------------------------------

@transaction.atomic
def suit_open(*, actor: User, case: SupervisionCase, kind: str, defendant: str) -> PublicInterestSuit:
    """Open the suit of a public-interest case: the procuratorate prepares to sue
    ``defendant`` (the administrative organ, or the party who harmed the public interest)."""
    if not can_work_on_case(actor, case):
        raise PermissionDenied(_("只有办理该案件的人员可以办理公益诉讼事项。"))
    if case.kind.code != PUBLIC_INTEREST:
        raise ValidationError(_("只有公益诉讼检察案件可以提起公益诉讼。"))
    if case.is_finished:
        raise ValidationError(_("案件已结案或终结，不能再提起公益诉讼。"))
    if kind not in SuitKind.values:
        raise ValidationError({"kind": _("请选择诉讼类型。")})
    if PublicInterestSuit.objects.filter(case=case).exists():
        raise ValidationError(_("本案已登记公益诉讼。"))
    defendant = _text(defendant, "defendant", _("请填写被告。"))
    suit = PublicInterestSuit.objects.create(
        case=case, procuratorate_id=case.procuratorate_id, kind=kind, defendant=defendant,
        created_by=actor)
    audit_record(actor=actor, action="pil_suit_open", target=suit, case=case.number, kind=kind,
                 defendant=defendant)
    return suit


@transaction.atomic
def announcement_publish(*, actor: User, suit: PublicInterestSuit, medium: str,
                         published_on: datetime.date, content: str) -> PilAnnouncement:
    """Record the announcement (公告) of a civil suit: thirty days from publication for an
    eligible organ or organisation to sue (解释 第十三条; rule ``pil_announcement``, a last day
    on a holiday moving to the next working day)."""
    suit = _locked(suit)
    target = enforce("announce", actor, suit)
    if suit.kind not in ANNOUNCING_KINDS:
        raise ValidationError(_("行政公益诉讼不经公告程序，以诉前检察建议督促行政机关履职。"))
    if medium not in AnnouncementMedium.values:
        raise ValidationError({"medium": _("请选择公告媒体。")})
    published_on = _date(published_on, "published_on", not_before=suit.case.accepted_on,
                         before_message=_("公告日期不能早于案件受理日期。"))
    content = _text(content, "content", _("请填写公告内容。"))
    due = compute_due_date(PeriodRule.objects.get(code=ANNOUNCEMENT_RULE), published_on)
    announcement = PilAnnouncement.objects.create(
        suit=suit, medium=medium, published_on=published_on, content=content,
        due_date=due.due_date, due_provisional=due.provisional, due_explanation=due.as_dict(),
        published_by=actor)
    suit.status = target
    suit.save(update_fields=["status"])
    audit_record(actor=actor, action="pil_announcement_publish", target=suit, medium=medium,
                 published_on=published_on.isoformat(), due_date=due.due_date.isoformat())
    return announcement


@transaction.atomic
def announcement_record_result(*, actor: User, suit: PublicInterestSuit, result: str,
                               result_on: datetime.date, plaintiff: str = "") -> PilAnnouncement:
    """What the announcement led to. An eligible organ or organisation that sued takes the
    suit over (the procuratorate may support it, 支持起诉); that nobody sued can be recorded only
    once the period has ended (公告期满 … 不提起诉讼的, 解释 第十三条)."""
    suit = _locked(suit)
    if result not in (AnnouncementResult.NOBODY_SUED, AnnouncementResult.ORGAN_SUED):
        raise ValidationError({"result": _("请选择公告结果。")})
    target = enforce("record_announcement", actor, suit,
                     SuitStatus.SUPERSEDED if result == AnnouncementResult.ORGAN_SUED
                     else SuitStatus.ANNOUNCED)
    announcement = PilAnnouncement.objects.select_for_update().get(suit=suit)
    if announcement.result:
        raise ValidationError(_("公告结果已经登记。"))
    result_on = _date(result_on, "result_on", not_before=announcement.published_on,
                      before_message=_("登记日期不能早于公告日期。"))
    if result == AnnouncementResult.NOBODY_SUED and result_on <= announcement.due_date:
        raise ValidationError({"result": _(
            "公告期间至%(due)s届满，期满后方可登记无适格主体起诉。") % {
                "due": legal_date(announcement.due_date)}})
    plaintiff = (plaintiff or "").strip()
    if result == AnnouncementResult.ORGAN_SUED and not plaintiff:
        raise ValidationError({"plaintiff": _("请填写已起诉的机关或组织。")})
    announcement.result, announcement.result_on = result, result_on
    announcement.plaintiff = plaintiff if result == AnnouncementResult.ORGAN_SUED else ""
    announcement.save(update_fields=["result", "result_on", "plaintiff"])
    if target != suit.status:
        suit.status = target
        suit.save(update_fields=["status"])
    audit_record(actor=actor, action="pil_announcement_result", target=suit, result=result,
                 result_on=result_on.isoformat(), plaintiff=plaintiff)
    return announcement


@transaction.atomic
def suit_decide(*, actor: User, suit: PublicInterestSuit,
                decided_on: datetime.date) -> PublicInterestSuit:
    """The chief procurator decides to sue (提起公益诉讼，由检察长决定); the decision is kept with
    who made it and when."""
    suit = _locked(suit)
    enforce("decide", actor, suit)
    decided_on = _date(decided_on, "decided_on", not_before=suit.case.accepted_on,
                       before_message=_("决定日期不能早于案件受理日期。"))
    suit.decided_by, suit.decided_on = actor, decided_on
    suit.save(update_fields=["decided_by", "decided_on"])
    audit_record(actor=actor, action="pil_suit_decide", target=suit,
                 decided_on=decided_on.isoformat())
    return suit


# --- filing --------------------------------------------------------------------------------

def unheeded_pre_litigation(case: SupervisionCase, on: datetime.date) -> Recommendation | None:
    """The case's pre-litigation recommendation (诉前检察建议) that was served, whose reply
    period had passed by ``on``, and that the organ did not carry out (not evaluated as adopted
    and rectified): the ground of an administrative suit (解释 第二十一条: 行政机关不依法履行职责
    的，人民检察院依法向人民法院提起诉讼). None if there is none."""
    return (Recommendation.objects.filter(
        case=case, instrument_type__code__startswith=PRE_LITIGATION_PREFIX, status__in=_LIVE,
        served_on__isnull=False, due_date__lt=on)
        .exclude(rectified=True).exclude(adoption=EvaluationOutcome.ADOPTED_RECTIFIED)
        .order_by("due_date").first())


@transaction.atomic
def suit_file(*, actor: User, suit: PublicInterestSuit, court: Agency, filed_on: datetime.date,
              claims: str, facts: str, court_case_number: str = "") -> PublicInterestSuit:
    """File the suit with ``court`` (起诉书). Refused before the chief's decision; for a civil
    suit before its announcement ended with nobody suing; for an administrative suit without a
    served pre-litigation recommendation whose reply period passed unheeded."""
    suit = _locked(suit)
    target = enforce("file", actor, suit)
    if suit.decided_by_id is None:
        raise ValidationError(_("提起公益诉讼应当经检察长决定，请先登记检察长的决定。"))
    if court is None or court.agency_type != AgencyType.COURT:
        raise ValidationError({"court": _("请选择受诉人民法院。")})
    filed_on = _date(filed_on, "filed_on", not_before=suit.decided_on,
                     before_message=_("起诉日期不能早于检察长决定起诉的日期。"))
    if suit.kind in ANNOUNCING_KINDS:
        announcement = PilAnnouncement.objects.filter(suit=suit).first()
        if announcement is None:
            raise ValidationError(_("提起民事公益诉讼前应当依法公告，公告期间为三十日。"))
        if filed_on <= announcement.due_date:
            raise ValidationError(_(
                "公告期间至%(due)s届满，公告期满前不能提起诉讼。") % {
                    "due": legal_date(announcement.due_date)})
        if announcement.result != AnnouncementResult.NOBODY_SUED:
            raise ValidationError(_("请先登记公告结果：公告期满，无适格主体起诉。"))
    else:
        if unheeded_pre_litigation(suit.case, filed_on) is None:
            raise ValidationError(_(
                "提起行政公益诉讼前，应当向行政机关送达诉前检察建议，且回复期限届满后行政机关"
                "仍未依法履行职责。本案没有符合条件的诉前检察建议。"))
    claims = _text(claims, "claims", _("请填写诉讼请求。"))
    facts = _text(facts, "facts", _("请填写事实与理由。"))
    suit.status, suit.court, suit.filed_on = target, court, filed_on
    suit.claims, suit.facts = claims, facts
    suit.court_case_number = (court_case_number or "").strip()
    suit.save(update_fields=["status", "court", "filed_on", "claims", "facts",
                             "court_case_number"])
    audit_record(actor=actor, action="pil_suit_file", target=suit, court=court.name,
                 filed_on=filed_on.isoformat())
    return suit


# --- in court -----------------------------------------------------------------------------

@transaction.atomic
def session_add(*, actor: User, suit: PublicInterestSuit, kind: str,
                scheduled_at: datetime.datetime, place: str, attending: str = "",
                note: str = "") -> CourtSession:
    """A court date (开庭, 庭前会议, 宣判) of the first instance, or of the second once appealed.
    A trial held (its time past) moves a filed suit to 已开庭."""
    suit = _locked(suit)
    if kind not in SessionKind.values:
        raise ValidationError({"kind": _("请选择庭审类型。")})
    if scheduled_at is None or timezone.is_naive(scheduled_at):
        raise ValidationError({"scheduled_at": _("请填写开庭时间。")})
    if suit.filed_on and timezone.localtime(scheduled_at).date() < suit.filed_on:
        raise ValidationError({"scheduled_at": _("开庭时间不能早于起诉日期。")})
    held = kind == SessionKind.TRIAL and scheduled_at <= timezone.now()
    target = SuitStatus.HEARD if (suit.status == SuitStatus.FILED and held) else suit.status
    target = enforce("add_session", actor, suit, target)
    place = _text(place, "place", _("请填写地点。"))
    session = CourtSession.objects.create(
        suit=suit, kind=kind, scheduled_at=scheduled_at, place=place,
        instance=Instance.SECOND if suit.status == SuitStatus.APPEALED else Instance.FIRST,
        attending=(attending or "").strip(), note=(note or "").strip(), recorded_by=actor)
    if target != suit.status:
        suit.status = target
        suit.save(update_fields=["status"])
    audit_record(actor=actor, action="pil_session_add", target=suit, kind=kind,
                 scheduled_at=timezone.localtime(scheduled_at).isoformat(), place=place)
    return session


@transaction.atomic
def judgment_record(*, actor: User, suit: PublicInterestSuit, result: str,
                    judgment_on: datetime.date, summary: str,
                    served_on: datetime.date | None = None) -> PublicInterestSuit:
    """The first-instance judgment or ruling. One that may be appealed opens the appeal
    period from its service (判决 15 days, 裁定 10 days; 刑事附带民事: 10 and 5); a mediation
    agreement takes effect at once; a ruling allowing withdrawal ends the suit."""
    suit = _locked(suit)
    if result not in JudgmentResult.values:
        raise ValidationError({"result": _("请选择一审结果。")})
    appealable = result in APPEALABLE_JUDGMENTS or result in APPEALABLE_RULINGS
    target = (SuitStatus.JUDGED if appealable
              else SuitStatus.CLOSED if result == JudgmentResult.WITHDRAWAL_ALLOWED
              else SuitStatus.EFFECTIVE)
    target = enforce("judge", actor, suit, target)
    judgment_on = _date(judgment_on, "judgment_on", not_before=suit.filed_on,
                        before_message=_("裁判日期不能早于起诉日期。"))
    summary = _text(summary, "summary", _("请填写裁判主文。"))
    fields = ["status", "judgment_result", "judgment_on", "judgment_summary",
              "judgment_served_on"]
    if appealable or served_on is not None:  # the appeal period runs from service
        served_on = _date(served_on, "served_on", not_before=judgment_on,
                          before_message=_("送达日期不能早于裁判日期。"))
    if appealable:
        form = "judgment" if result in APPEALABLE_JUDGMENTS else "ruling"
        rule = PeriodRule.objects.get(code=APPEAL_RULES[(suit.kind, form)])
        due = compute_due_date(rule, served_on)
        AppealPeriod.objects.create(suit=suit, served_on=served_on, due_date=due.due_date,
                                    due_provisional=due.provisional,
                                    due_explanation=due.as_dict())
    suit.status, suit.judgment_result, suit.judgment_on = target, result, judgment_on
    suit.judgment_summary, suit.judgment_served_on = summary, served_on
    if target == SuitStatus.EFFECTIVE:
        suit.effective_on = served_on or judgment_on
        fields.append("effective_on")
    if target == SuitStatus.CLOSED:
        suit.closed_on = judgment_on
        fields.append("closed_on")
    suit.save(update_fields=fields)
    audit_record(actor=actor, action="pil_judgment_record", target=suit, result=result,
                 judgment_on=judgment_on.isoformat())
    notify(_approvers(suit.case, actor), "pil.judged",
           {"case": suit.case.number, "defendant": suit.defendant,
            "result": _label(JudgmentResult(result))}, link=suit.get_absolute_url())
    return suit


def _running_period(suit: PublicInterestSuit) -> AppealPeriod:
    return AppealPeriod.objects.select_for_update().get(suit=suit)


@transaction.atomic
def appeal_record(*, actor: User, suit: PublicInterestSuit, appellant: str,
                  appealed_on: datetime.date) -> PublicInterestSuit:
    """Someone appealed within the period: the procuratorate (上诉, 解释 第十条), the defendant
    or another party. An appeal after the period's last day is refused."""
    suit = _locked(suit)
    target = enforce("appeal", actor, suit)
    if appellant not in Appellant.values:
        raise ValidationError({"appellant": _("请选择上诉人。")})
    period = _running_period(suit)
    appealed_on = _date(appealed_on, "appealed_on", not_before=period.served_on,
                        before_message=_("上诉日期不能早于裁判送达日期。"))
    if appealed_on > period.due_date:
        raise ValidationError({"appealed_on": _("上诉期限已于%(due)s届满，不能再登记上诉。") % {
            "due": legal_date(period.due_date)}})
    period.outcome, period.ended_on = AppealPeriodOutcome.APPEALED, appealed_on
    period.save(update_fields=["outcome", "ended_on"])
    suit.status, suit.appellant, suit.appealed_on = target, appellant, appealed_on
    suit.save(update_fields=["status", "appellant", "appealed_on"])
    audit_record(actor=actor, action="pil_appeal_record", target=suit, appellant=appellant,
                 appealed_on=appealed_on.isoformat())
    return suit


@transaction.atomic
def appeal_lapse(*, actor: User, suit: PublicInterestSuit) -> PublicInterestSuit:
    """Nobody appealed: once the period's last day has passed, the first-instance decision
    takes effect the day after."""
    suit = _locked(suit)
    target = enforce("lapse", actor, suit)
    period = _running_period(suit)
    if timezone.localdate() <= period.due_date:
        raise ValidationError(_("上诉期限至%(due)s届满，期满前不能登记裁判生效。") % {
            "due": legal_date(period.due_date)})
    period.outcome, period.ended_on = AppealPeriodOutcome.LAPSED, period.due_date
    period.save(update_fields=["outcome", "ended_on"])
    suit.status, suit.effective_on = target, period.due_date + datetime.timedelta(days=1)
    suit.save(update_fields=["status", "effective_on"])
    audit_record(actor=actor, action="pil_appeal_lapse", target=suit,
                 effective_on=suit.effective_on.isoformat())
    return suit


@transaction.atomic
def second_instance_record(*, actor: User, suit: PublicInterestSuit, result: str,
                           second_on: datetime.date) -> PublicInterestSuit:
    """The second-instance judgment or ruling, final on its date."""
    suit = _locked(suit)
    target = enforce("judge_second", actor, suit)
    if result not in SecondResult.values:
        raise ValidationError({"result": _("请选择二审结果。")})
    second_on = _date(second_on, "second_on", not_before=suit.appealed_on,
                      before_message=_("二审裁判日期不能早于上诉日期。"))
    suit.status, suit.second_result, suit.second_on = target, result, second_on
    suit.effective_on = second_on
    suit.save(update_fields=["status", "second_result", "second_on", "effective_on"])
    audit_record(actor=actor, action="pil_second_instance_record", target=suit, result=result,
                 second_on=second_on.isoformat())
    return suit


# --- after the decision --------------------------------------------------------------------

@transaction.atomic
def enforcement_record(*, actor: User, suit: PublicInterestSuit, enforcement_on: datetime.date,
                       note: str = "") -> PublicInterestSuit:
    """The court moved to enforce the effective decision (移送执行)."""
    suit = _locked(suit)
    target = enforce("enforce", actor, suit)
    enforcement_on = _date(enforcement_on, "enforcement_on", not_before=suit.effective_on,
                           before_message=_("移送执行日期不能早于裁判生效日期。"))
    suit.status, suit.enforcement_on = target, enforcement_on
    fields = ["status", "enforcement_on"]
    if (note or "").strip():
        suit.performance = note.strip()
        fields.append("performance")
    suit.save(update_fields=fields)
    audit_record(actor=actor, action="pil_enforcement_record", target=suit,
                 enforcement_on=enforcement_on.isoformat())
    return suit


@transaction.atomic
def suit_close(*, actor: User, suit: PublicInterestSuit, closed_on: datetime.date,
               performance: str) -> PublicInterestSuit:
    """The defendant performed (or enforcement ended): the suit is closed with how."""
    suit = _locked(suit)
    target = enforce("close", actor, suit)
    closed_on = _date(closed_on, "closed_on", not_before=suit.effective_on,
                      before_message=_("办结日期不能早于裁判生效日期。"))
    performance = _text(performance, "performance", _("请填写履行情况。"))
    suit.status, suit.closed_on, suit.performance = target, closed_on, performance
    suit.save(update_fields=["status", "closed_on", "performance"])
    audit_record(actor=actor, action="pil_suit_close", target=suit,
                 closed_on=closed_on.isoformat())
    return suit


@transaction.atomic
def suit_withdraw(*, actor: User, suit: PublicInterestSuit, reason: str) -> PublicInterestSuit:
    """End the examination without suing (the organ performed its duty, the harm was
    repaired …), decided by a department head or the chief, with the reason."""
    suit = _locked(suit)
    target = enforce("withdraw", actor, suit)
    reason = _text(reason, "reason", _("终结审查应当说明理由。"))
    suit.status, suit.withdraw_reason = target, reason
    suit.save(update_fields=["status", "withdraw_reason"])
    PilAnnouncement.objects.filter(suit=suit, result="").update(
        result=AnnouncementResult.ENDED, result_on=timezone.localdate(),
        clock_changed_at=timezone.now())
    audit_record(actor=actor, action="pil_suit_withdraw", target=suit, reason=reason)
    return suit
