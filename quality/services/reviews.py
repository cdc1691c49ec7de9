"""Quality reviews (案件评查: seed 004 §9, seed 000 §7) after 《人民检察院案件质量评查工作规定》
(最高人民检察院): an organiser names reviewers for a finished case or a closed instrument; a
reviewer records the checklist's results and grades; the handler may answer within the
feedback period; the organiser concludes (deciding on an objection) or cancels.

Each function checks who and from which state through ``quality.transitions``, writes the rows
and one audit entry (target: the review), and tells whom it concerns.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from cases.choices import FINISHED_STATUSES
from cases.models import SupervisionCase
from recommendations.choices import InstrumentStatus
from recommendations.models import Recommendation
from supervision.deadlines import compute_due_date
from supervision.models import PeriodRule, User
from supervision.services.audit import audit_record
from supervision.services.notifications import notify

from .. import grading
from ..choices import (
    PROBLEM_RESULTS,
    Decision,
    FeedbackKind,
    Grade,
    ItemResult,
    ReviewKind,
    ReviewStatus,
)
from ..models import ChecklistItem, Review, ReviewResult
from ..permissions import can_organise, reviewer_conflict
from ..transitions import enforce

#: The period rule of the handler's answer (seeded by ``0002_checklist``; 7 days, unverified).
FEEDBACK_RULE = "quality_feedback"
#: States in which a review is under way (one at a time per case or instrument).
OPEN_STATES = (ReviewStatus.PENDING, ReviewStatus.IN_PROGRESS)


# --- helpers -------------------------------------------------------------------------------

def _locked(review: Review) -> Review:
    return (Review.objects.select_for_update(of=("self",))
            .select_related("case", "case__procuratorate", "recommendation", "handler",
                            "started_by")
            .get(pk=review.pk))


def _text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def _label(choices: type[models.TextChoices], value: str) -> str:
    """A choice's msgid (Chinese): notification params are rendered in the reader's language."""
    with override("zh-hans"):
        return str(choices(value).label)


def _subject(review: Review) -> str:
    if review.recommendation_id is not None:
        return review.recommendation.number or review.case.number
    return review.case.number


def _reviewers(review: Review) -> list[User]:
    return list(review.reviewers.select_related("notification_preference"))


def applicable_items(review: Review) -> list[ChecklistItem]:
    """The checklist a review answers: the active items that apply to its subject, and any
    item already answered (an item made inactive since keeps its result)."""
    answered = set(review.results.values_list("item_id", flat=True))
    return [item for item in ChecklistItem.objects.order_by("order", "pk")
            if item.pk in answered or (item.active and item.applies(review.of_instrument))]


def feedback_due(day: datetime.date) -> datetime.date:
    """The last day of the handler's answer to a grade given on ``day``."""
    return compute_due_date(PeriodRule.objects.get(code=FEEDBACK_RULE), day).due_date


# --- starting ------------------------------------------------------------------------------

def check_subject(case: SupervisionCase, recommendation: Recommendation | None) -> None:
    """Refuse a subject not yet finished: the case (reviewing the case) or the instrument."""
    if recommendation is not None:
        if recommendation.status != InstrumentStatus.CLOSED:
            raise ValidationError(_(
                "监督文书尚未办结（当前状态：%(state)s），不能进行案件评查。") % {
                "state": recommendation.get_status_display()})
        return
    if case.status not in FINISHED_STATUSES:
        raise ValidationError(_("案件尚未办结（当前状态：%(state)s），不能进行案件评查。") % {
            "state": case.get_status_display()})


@transaction.atomic
def review_start(*, actor: User, kind: str, reviewers: Iterable[User],
                 case: SupervisionCase | None = None,
                 recommendation: Recommendation | None = None, focus: str = "") -> Review:
    """Start a review of a finished ``case`` or of a closed ``recommendation``, naming its
    reviewers (none of whom took part in it). One review at a time is under way for the same
    case or instrument."""
    if (case is None) == (recommendation is None):
        raise ValidationError(_("请选择要评查的案件或监督文书。"))
    if recommendation is not None:
        case = recommendation.case
    case = SupervisionCase.objects.select_for_update().select_related("procuratorate").get(
        pk=case.pk)
    if not can_organise(actor, case):
        raise PermissionDenied(_("只有本院部门负责人、检察长或上级院案件管理部门可以发起案件评查。"))
    check_subject(case, recommendation)
    if kind not in ReviewKind.values:
        raise ValidationError({"kind": _("请选择评查类型。")})
    people = list({u.pk: u for u in reviewers if u is not None}.values())
    if not people:
        raise ValidationError({"reviewers": _("请指定至少一名评查人。")})
    conflicts = [c for c in (reviewer_conflict(u, case, recommendation) for u in people) if c]
    if conflicts:
        raise ValidationError({"reviewers": conflicts})
    under_way = Review.objects.filter(case=case, recommendation=recommendation,
                                      status__in=OPEN_STATES)
    if under_way.exists():
        raise ValidationError(_("该案件或文书已有正在进行的评查，请在其评定或撤销后再发起。"))
    review = Review.objects.create(
        kind=kind, case=case, recommendation=recommendation, procuratorate=case.procuratorate,
        handler_id=case.handler_id, focus=(focus or "").strip(), started_by=actor)
    review.reviewers.set(people)
    audit_record(actor=actor, action="quality_review_start", target=review, case=case.number,
                 recommendation=recommendation.pk if recommendation else "", kind=kind,
                 reviewers=",".join(str(u.pk) for u in sorted(people, key=lambda u: u.pk)))
    notify([u for u in people if u.pk != actor.pk], "quality.assigned",
           {"organiser": str(actor), "subject": _subject(review), "kind": _label(ReviewKind, kind)},
           link=review.get_absolute_url())
    return review


# --- the reviewer's work -------------------------------------------------------------------

@transaction.atomic
def review_record(*, actor: User, review: Review,
                  results: Mapping[int, tuple[str, str]]) -> Review:
    """Record the results of checklist items (``{item id: (result, note)}``; any subset, again
    and again until graded). A problem found (瑕疵, 不符合) says what it is."""
    review = _locked(review)
    target = enforce("record", actor, review)
    items = {item.pk: item for item in applicable_items(review)}
    if not results:
        raise ValidationError(_("请至少填写一项评查结果。"))
    if set(results) - set(items):
        raise ValidationError(_("评查项目不适用于本次评查。"))
    errors: dict[str, list[str]] = {}
    clean: dict[int, tuple[str, str]] = {}
    for item_id, (result, note) in results.items():
        note = (note or "").strip()
        if result not in ItemResult.values:
            errors.setdefault(f"result_{item_id}", []).append(_("请选择评查结果。"))
        elif result in PROBLEM_RESULTS and not note:
            errors.setdefault(f"note_{item_id}", []).append(
                _("“%(item)s”为瑕疵或不符合的，应当写明发现的问题。") % {"item": items[item_id].localized_name})
        clean[item_id] = (result, note)
    if errors:
        raise ValidationError(errors)
    existing = {r.item_id: r for r in review.results.all()}
    changes = {}
    for item_id, (result, note) in clean.items():
        row = existing.get(item_id)
        if row is None:
            ReviewResult.objects.create(review=review, item_id=item_id, result=result, note=note,
                                        recorded_by=actor)
            changes[items[item_id].code] = ("", result)
        elif (row.result, row.note) != (result, note):
            changes[items[item_id].code] = (f"{row.result} {row.note}".strip(),
                                            f"{result} {note}".strip())
            row.result, row.note, row.recorded_by = result, note, actor
            row.save(update_fields=["result", "note", "recorded_by", "recorded_at"])
    if review.status != target:
        review.status = target
        review.save(update_fields=["status"])
    audit_record(actor=actor, action="quality_review_record", target=review, changes=changes)
    return review


def review_tally(review: Review) -> grading.Tally:
    """The review's results counted (one query)."""
    return grading.tally(review.results.values_list("result", "item__key"))


@transaction.atomic
def review_grade(*, actor: User, review: Review, grade: str, opinion: str, findings: str = "",
                 grade_reason: str = "") -> Review:
    """Grade the review once every applicable item has a result (``grading``: the grade the
    results call for, or another one with a reason — never 优质 with a problem found). The
    handler is told, with the last day of their answer."""
    review = _locked(review)
    target = enforce("grade", actor, review)
    answered = set(review.results.values_list("item_id", flat=True))
    missing = [item.localized_name for item in applicable_items(review) if item.pk not in answered]
    if missing:
        raise ValidationError(_("尚未填写以下评查项目：%(items)s。") % {"items": "、".join(missing)})
    grade_reason = (grade_reason or "").strip()
    suggested = grading.check_grade(grade, review_tally(review), grade_reason)
    opinion = _text(opinion, "opinion", _("请填写评查意见。"))
    today = timezone.localdate()
    review.status, review.grade, review.suggested_grade = target, grade, suggested
    review.grade_reason = grade_reason if grade != suggested else ""
    review.opinion, review.findings = opinion, (findings or "").strip()
    review.graded_at, review.graded_by = timezone.now(), actor
    review.feedback_due_on = feedback_due(today)
    review.save(update_fields=["status", "grade", "suggested_grade", "grade_reason", "opinion",
                               "findings", "graded_at", "graded_by", "feedback_due_on"])
    audit_record(actor=actor, action="quality_review_grade", target=review, grade=grade,
                 suggested=suggested, feedback_due_on=review.feedback_due_on.isoformat())
    notify([review.handler, review.started_by], "quality.graded",
           {"subject": _subject(review), "grade": _label(Grade, grade),
            "due": review.feedback_due_on.isoformat()}, link=review.get_absolute_url())
    return review


# --- the handler's answer and the end ------------------------------------------------------

@transaction.atomic
def review_feedback(*, actor: User, review: Review, kind: str, text: str = "") -> Review:
    """The handler's answer to the grade, once, by the last day of the feedback period: no
    objection, or an objection with its reasons (decided by the organiser when concluding)."""
    review = _locked(review)
    enforce("feedback", actor, review)
    if review.feedback_kind:
        raise ValidationError(_("已经反馈过意见，不能重复反馈。"))
    if timezone.localdate() > review.feedback_due_on:
        raise ValidationError(_("反馈期限已于 %(date)s 届满，不能再反馈。") % {
            "date": review.feedback_due_on.isoformat()})
    if kind not in FeedbackKind.values:
        raise ValidationError({"kind": _("请选择反馈意见。")})
    text = (text or "").strip()
    if kind == FeedbackKind.OBJECT and not text:
        raise ValidationError({"text": _("提出异议应当说明理由。")})
    review.feedback_kind, review.feedback, review.feedback_at = kind, text, timezone.now()
    review.save(update_fields=["feedback_kind", "feedback", "feedback_at"])
    audit_record(actor=actor, action="quality_review_feedback", target=review, kind=kind)
    notify([review.started_by, *_reviewers(review)], "quality.feedback",
           {"subject": _subject(review), "feedback": _label(FeedbackKind, kind)},
           link=review.get_absolute_url())
    return review


@transaction.atomic
def review_conclude(*, actor: User, review: Review, decision: str = "", grade: str = "",
                    reason: str = "") -> Review:
    """Conclude a graded review: after the handler's answer, or once the feedback period has
    passed without one. On an objection the organiser decides — maintain the grade, or change
    it (never to 优质 when a problem was found) — with the reason."""
    review = _locked(review)
    target = enforce("conclude", actor, review)
    today = timezone.localdate()
    if not review.feedback_kind and today <= review.feedback_due_on:
        raise ValidationError(_(
            "承办检察官的反馈期限至 %(date)s 届满，期限届满或承办检察官反馈后才能办结。") % {
            "date": review.feedback_due_on.isoformat()})
    fields = ["status", "concluded_at", "concluded_by"]
    if review.feedback_kind == FeedbackKind.OBJECT:
        if decision not in Decision.values:
            raise ValidationError({"decision": _("请对承办检察官的异议作出决定。")})
        reason = _text(reason, "reason", _("请写明对异议作出决定的理由。"))
        if decision == Decision.CHANGE:
            if grade not in Grade.values or grade == review.grade:
                raise ValidationError({"grade": _("变更评定等次的，请选择新的等次。")})
            if grade == Grade.EXCELLENT and review.suggested_grade != Grade.EXCELLENT:
                raise ValidationError({"grade": _("评查发现瑕疵或不符合的项目，不能评定为优质。")})
            review.reviewer_grade, review.grade = review.grade, grade
            fields += ["reviewer_grade", "grade"]
        review.decision, review.decision_reason = decision, reason
        fields += ["decision", "decision_reason"]
    review.status, review.concluded_at, review.concluded_by = target, timezone.now(), actor
    review.save(update_fields=fields)
    audit_record(actor=actor, action="quality_review_conclude", target=review,
                 decision=review.decision, grade=review.grade)
    notify([review.handler, *_reviewers(review)], "quality.concluded",
           {"subject": _subject(review), "grade": _label(Grade, review.grade)},
           link=review.get_absolute_url())
    return review


@transaction.atomic
def review_cancel(*, actor: User, review: Review, reason: str) -> Review:
    """Call off a review not yet graded, with the reason; the reviewers are told."""
    review = _locked(review)
    target = enforce("cancel", actor, review)
    reason = _text(reason, "reason", _("撤销评查应当说明理由。"))
    review.status, review.cancel_reason = target, reason
    review.save(update_fields=["status", "cancel_reason"])
    audit_record(actor=actor, action="quality_review_cancel", target=review, reason=reason)
    notify(_reviewers(review), "quality.cancelled", {"subject": _subject(review), "reason": reason},
           link=review.get_absolute_url())
    return review
