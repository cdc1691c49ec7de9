"""Material requested during investigation (调查核实, seed 000 §7; seed 002 §13 "有关单位和个人
应当协助配合"): the procurator sends a request on a measure, the agency answers it in its portal
with files, the procurator accepts the answer or asks again; a request left unanswered past its
due date counts as a refusal to cooperate (``material_request_record_refusal``, from the
deadline sweep's overdue notice) and follows the measure's escalation."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from agencies.models import Agency
from agencies.selectors import agency_liaisons
from cases.choices import MeasureType
from cases.models import InvestigationMeasure, SupervisionCase
from cases.permissions import can_work_on_case
from cases.services import measure_record
from cases.services._common import check_date, check_supervised_agency, require_open_case_worker
from cases.services.measures import measure_refusal_by_silence
from supervision.deadlines import compute_due_date, legal_date
from supervision.models import PeriodRule, User
from supervision.services.audit import audit_record
from supervision.services.notifications import notify
from supervision.statemachine import (
    SYSTEM,
    ActorKind,
    Messages,
    Transition,
    TransitionTable,
)
from supervision.uploads import sniff_upload

from ..models import MaterialRequest, MaterialRequestFile, RequestFileKind
from ..models import MaterialRequestStatus as S

#: No law sets the period of cooperation: the request states it; this rule gives the default
#: and the basis the explanation reads ("以调取材料通知载明的期限为准").
PERIOD_RULE = "material_request"
#: Bounds of the period a request may state (days; the model's constraint says the same).
MIN_DAYS, MAX_DAYS = 1, 180
#: At most this many files with one request or one answer.
MAX_FILES = 10

WORKER = "worker"
LIAISON = "liaison"

#: The request's life, on the shared state-machine base.
TABLE = TransitionTable(
    [
        # The agency's liaison answers (late answers too: they stay recorded as late).
        Transition("answer", {S.SENT}, {S.ANSWERED}, {LIAISON}, gettext_lazy("答复")),
        # The procurator reads the answer and accepts it …
        Transition("accept", {S.ANSWERED}, {S.ACCEPTED}, {WORKER}, gettext_lazy("接收答复")),
        # … or asks for more (a new request of the same measure, with its own period).
        Transition("follow_up", {S.ANSWERED}, {S.FOLLOWED_UP}, {WORKER},
                   gettext_lazy("补充调取")),
        # Sent by mistake or no longer needed.
        Transition("withdraw", {S.SENT}, {S.WITHDRAWN}, {WORKER}, gettext_lazy("撤回")),
        # The sweep's overdue notice: the silence counts as a refusal (state unchanged).
        Transition("record_refusal", {S.SENT}, set(), {SYSTEM},
                   gettext_lazy("逾期未答复视为拒不配合")),
    ],
    states=dict(S.choices),
    actor_kinds=[
        ActorKind(WORKER, gettext_lazy("只有承办本案的检察人员可以办理调取材料。")),
        ActorKind(LIAISON, gettext_lazy("只有被调取单位的联络员可以答复。")),
    ],
    messages=Messages(wrong_state=gettext_lazy(
        "该调取材料当前状态为“%(state)s”，不能执行“%(action)s”。")),
)


def _check_files(files: Sequence[UploadedFile], field: str) -> list[str]:
    """The sniffed extension of each file, or a ValidationError naming ``field``."""
    if len(files) > MAX_FILES:
        raise ValidationError({field: _("一次最多上传 %(n)s 个文件。") % {"n": MAX_FILES}})
    kinds = []
    for upload in files:
        try:
            kinds.append(sniff_upload(upload))
        except ValidationError as exc:
            raise ValidationError({field: [f"{upload.name}：{m}" for m in exc.messages]}) from exc
    return kinds


def _store_files(request: MaterialRequest, files: Sequence[UploadedFile], kinds: list[str], *,
                 kind: str, actor: User) -> None:
    for upload, extension in zip(files, kinds, strict=True):
        row = MaterialRequestFile.store(upload, extension, actor=actor, request=request,
                                        kind=kind)
        audit_record(actor=actor, action="material_request_file_add", target=request,
                     name=row.original_name, sha256=row.sha256, kind=kind)


def _check_period(period_days: int | None) -> int:
    if period_days is None or not MIN_DAYS <= period_days <= MAX_DAYS:
        raise ValidationError({"period_days": _("答复期限应在 %(min)s 至 %(max)s 日之间。") % {
            "min": MIN_DAYS, "max": MAX_DAYS}})
    return period_days


def _staff_of(request: MaterialRequest) -> list[User]:
    """The case's handling procurator and assistant and whoever sent the request."""
    case = request.case
    ids = {pk for pk in (case.handler_id, case.assistant_id, request.sent_by_id) if pk}
    return list(User.objects.filter(pk__in=ids, is_active=True)
                .select_related("notification_preference").order_by("pk"))


def _tell_liaisons(request: MaterialRequest, code: str, **params) -> None:
    notify(agency_liaisons(request.agency_id), code,
           {**request.sweep_params(), "due": request.due_date.isoformat(), **params},
           link=request.portal_url())


def _create(*, actor: User, case: SupervisionCase, measure: InvestigationMeasure, agency: Agency,
            items: str, period_days: int, sent_on: datetime.date, letter_number: str,
            files: Sequence[UploadedFile], follow_up_of: MaterialRequest | None = None
            ) -> MaterialRequest:
    kinds = _check_files(files, "files")
    due = compute_due_date(PeriodRule.objects.get(code=PERIOD_RULE), sent_on, amount=period_days,
                           unit="days")
    request = MaterialRequest.objects.create(
        procuratorate_id=case.procuratorate_id, case=case, measure=measure, agency=agency,
        letter_number=letter_number.strip(), items=items.strip(), sent_on=sent_on,
        period_days=period_days, due_date=due.due_date, due_provisional=due.provisional,
        due_explanation=due.as_dict(), sent_by=actor, follow_up_of=follow_up_of)
    audit_record(actor=actor, action="material_request_send", target=request,
                 case=case.number, agency=agency.name, due_date=request.due_date.isoformat(),
                 follow_up_of=follow_up_of.pk if follow_up_of else "")
    _store_files(request, files, kinds, kind=RequestFileKind.REQUEST, actor=actor)
    _tell_liaisons(request, "material_request.sent")
    return request


@transaction.atomic
def material_request_send(*, actor: User, case: SupervisionCase, agency: Agency, items: str,
                          period_days: int, measure: InvestigationMeasure | None = None,
                          measure_type: str = MeasureType.EVIDENCE, target: str = "",
                          sent_on: datetime.date | None = None, letter_number: str = "",
                          files: Sequence[UploadedFile] = ()) -> MaterialRequest:
    """Ask ``agency`` for files or answers on ``case`` (seed 002 §13: "调阅被监督单位的卷宗材料
    或者其他文件……有关单位和个人应当协助配合"), with the period the request states
    (``period_days``, counted from ``sent_on`` as every period is, 民法典 art. 201–203).

    The request belongs to a measure of the case: ``measure`` if given (of this case, and of
    this agency if it names one), else one recorded now (``measure_type``, on ``target``)
    through ``cases.services.measure_record``. The agency's liaisons are told."""
    require_open_case_worker(actor, case)
    sent_on = sent_on or timezone.localdate()
    check_date(sent_on, field="sent_on", case=case)
    check_supervised_agency(agency, case.procuratorate_id)
    if not items.strip():
        raise ValidationError({"items": _("请填写调取事项。")})
    _check_period(period_days)
    if measure is not None:
        if measure.case_id != case.pk:
            raise ValidationError({"measure": _("该调查核实措施不属于本案。")})
        if measure.agency_id not in (None, agency.pk):
            raise ValidationError({"measure": _("该调查核实措施针对的是另一单位。")})
    else:
        if measure_type not in MeasureType.values:
            raise ValidationError({"measure_type": _("未知的调查方式。")})
        measure = measure_record(actor=actor, case=case, measure_type=measure_type,
                                 taken_on=sent_on, target=target.strip() or agency.name,
                                 agency=agency)
    return _create(actor=actor, case=case, measure=measure, agency=agency, items=items,
                   period_days=period_days, sent_on=sent_on, letter_number=letter_number,
                   files=files)


def _locked(request: MaterialRequest) -> MaterialRequest:
    return (MaterialRequest.objects.select_for_update(of=("self",))
            .select_related("case", "agency", "procuratorate", "measure").get(pk=request.pk))


def _enforce_worker(actor: User, request: MaterialRequest, action: str) -> str:
    kinds = {WORKER} if can_work_on_case(actor, request.case) else set()
    return TABLE.enforce(action, request.status, kinds)


@transaction.atomic
def material_request_answer(*, actor: User, request: MaterialRequest, answer: str,
                            files: Sequence[UploadedFile] = ()) -> MaterialRequest:
    """The agency's answer, in its portal, with files. An answer after the due date is
    accepted and recorded as late (the day it came, against the due date); the handling
    procurator is told."""
    request = _locked(request)
    is_liaison = (actor.is_active and actor.role == "liaison"
                  and actor.agency_id == request.agency_id)
    state = TABLE.enforce("answer", request.status, {LIAISON} if is_liaison else set())
    if not answer.strip():
        raise ValidationError({"answer": _("请填写答复内容。")})
    kinds = _check_files(files, "files")
    now = timezone.now()
    request.status = state
    request.answer = answer.strip()
    request.answered_on = timezone.localdate(now)
    request.answered_at = now
    request.answered_by = actor
    request.save(update_fields=["status", "answer", "answered_on", "answered_at", "answered_by"])
    audit_record(actor=actor, action="material_request_answer", target=request,
                 answered_on=request.answered_on.isoformat(), late=request.answered_late,
                 files=len(files))
    _store_files(request, files, kinds, kind=RequestFileKind.ANSWER, actor=actor)
    code = "material_request.answered_late" if request.answered_late else "material_request.answered"
    notify(_staff_of(request), code, {**request.sweep_params(), "due": request.due_date.isoformat()},
           link=request.get_absolute_url())
    return request


@transaction.atomic
def material_request_accept(*, actor: User, request: MaterialRequest,
                            note: str = "") -> MaterialRequest:
    """The procurator accepts the agency's answer: the request is done; the liaisons are told."""
    request = _locked(request)
    request.status = _enforce_worker(actor, request, "accept")
    request.reviewed_at = timezone.now()
    request.reviewed_by = actor
    request.review_note = note.strip()
    request.save(update_fields=["status", "reviewed_at", "reviewed_by", "review_note"])
    audit_record(actor=actor, action="material_request_accept", target=request,
                 note=request.review_note)
    _tell_liaisons(request, "material_request.accepted")
    return request


@transaction.atomic
def material_request_follow_up(*, actor: User, request: MaterialRequest, items: str,
                               period_days: int, reason: str,
                               files: Sequence[UploadedFile] = ()) -> MaterialRequest:
    """The answer is not enough: ask the agency again, on the same measure, with a period of
    its own. The answered request is closed as followed up; the new one is returned."""
    request = _locked(request)
    state = _enforce_worker(actor, request, "follow_up")
    if request.case.is_finished:
        raise ValidationError(_("案件已结案或终结，不能再添加办案记录。"))
    if not reason.strip():
        raise ValidationError({"reason": _("请说明需要补充调取的理由。")})
    if not items.strip():
        raise ValidationError({"items": _("请填写调取事项。")})
    _check_period(period_days)
    request.status = state
    request.reviewed_at = timezone.now()
    request.reviewed_by = actor
    request.review_note = reason.strip()
    request.save(update_fields=["status", "reviewed_at", "reviewed_by", "review_note"])
    audit_record(actor=actor, action="material_request_follow_up", target=request,
                 reason=request.review_note)
    return _create(actor=actor, case=request.case, measure=request.measure, agency=request.agency,
                   items=items, period_days=period_days, sent_on=timezone.localdate(),
                   letter_number="", files=files, follow_up_of=request)


@transaction.atomic
def material_request_withdraw(*, actor: User, request: MaterialRequest,
                              reason: str) -> MaterialRequest:
    """Withdraw a request not yet answered (sent by mistake, no longer needed): its clock
    stops; the liaisons are told why."""
    request = _locked(request)
    state = _enforce_worker(actor, request, "withdraw")
    if not reason.strip():
        raise ValidationError({"reason": _("请说明撤回理由。")})
    request.status = state
    request.reviewed_at = timezone.now()
    request.reviewed_by = actor
    request.review_note = reason.strip()
    request.save(update_fields=["status", "reviewed_at", "reviewed_by", "review_note"])
    audit_record(actor=actor, action="material_request_withdraw", target=request,
                 reason=request.review_note)
    _tell_liaisons(request, "material_request.withdrawn", reason=request.review_note)
    return request


@transaction.atomic
def material_request_record_refusal(*, request: MaterialRequest,
                                    due: datetime.date) -> MaterialRequest | None:
    """The system's step, from the deadline sweep's overdue notice (delivered once): a
    request still unanswered past ``due`` counts as a refusal to cooperate on its measure,
    which is escalated there once (``cases.services.measures.measure_refusal_by_silence``).

    Nothing happens to a request no longer waiting (answered, withdrawn) or already counted,
    so a replayed call changes nothing. Returns the request, or None when nothing was done."""
    request = _locked(request)
    if not request.is_running() or request.refusal_recorded_at is not None:
        return None
    TABLE.enforce_system("record_refusal", request.status)
    request.refusal_recorded_at = timezone.now()
    request.save(update_fields=["refusal_recorded_at"])
    audit_record(actor=None, action="material_request_record_refusal", target=request,
                 due_date=due.isoformat())
    params = {"agency": request.agency.name, "subject": request.subject(),
              "sent": request.sent_on.isoformat(), "due": due.isoformat()}
    with override("zh-hans"):  # stored text of the case file, as the measure's own notes
        refusal_note = _("%(agency)s 对本院 %(sent)s 发出的调取材料（%(subject)s）逾期未答复，"
                       "答复期限 %(due)s 已过。") % {
            **params, "sent": legal_date(request.sent_on), "due": legal_date(due)}
        escalation_note = _("调取材料逾期未答复，系统自动报告。")
    measure_refusal_by_silence(measure=request.measure, refusal_note=refusal_note,
                               escalation_note=escalation_note, params=params)
    return request


__all__ = ["PERIOD_RULE", "TABLE", "material_request_accept", "material_request_answer",
           "material_request_follow_up", "material_request_record_refusal",
           "material_request_send", "material_request_withdraw"]
