"""Self-checks on instruments and their deadlines (registered with ``supervision.selfcheck``)."""

from __future__ import annotations

import datetime

from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_noop

from cases.models import ClueTransfer
from congress.models import DeliberationOpinion
from supervision.models import Procuratorate
from supervision.services.selfcheck import check, inconsistent_deadlines

from . import signing_keys
from .choices import FollowUpKind
from .choices import InstrumentStatus as S
from .models import DeadlineEvent, Evaluation, FollowUp, InternalDeadline, Recommendation, Reply
from .services.sweep import generic_models
from .transitions import TRANSITIONS

#: States reached only by serving the instrument (the service date starts every clock).
SERVED_STATES = [S.AWAITING_REPLY, S.UNDER_REVIEW, S.REPLIED, S.RECTIFICATION_PENDING,
                 S.FOLLOW_UP, S.CLOSED]


def reachable_states() -> set[str]:
    """Draft (where every instrument starts) and every state a transition leads to."""
    return {S.DRAFT}.union(*(t.targets for t in TRANSITIONS.values()))


def _ids(qs) -> list:
    return list(qs.order_by("pk").values_list("pk", flat=True))


@check("open_without_due_date", gettext_noop("待回复的文书没有回复期限"))
def _open_without_due(today: datetime.date) -> list:
    return _ids(Recommendation.objects.running().filter(due_date__isnull=True))


@check("served_without_service_record", gettext_noop("已送达状态的文书没有送达记录（送达日期或方式）"))
def _served_without_record(today: datetime.date) -> list:
    return _ids(Recommendation.objects.filter(status__in=SERVED_STATES).filter(
        Q(served_on__isnull=True) | Q(service_method="")))


@check("unreachable_status", gettext_noop("文书处于任何流转操作都不会导致的状态"))
def _unreachable(today: datetime.date) -> list:
    return _ids(Recommendation.objects.exclude(status__in=reachable_states()))


@check("due_date_inconsistent", gettext_noop("回复期限与其计算说明不一致，或与现行法定节假日安排不符"))
def _due_inconsistent(today: datetime.date) -> list:
    return inconsistent_deadlines(Recommendation)


@check("internal_deadline_inconsistent", gettext_noop("本院办理期限与其计算说明不一致"))
def _internal_inconsistent(today: datetime.date) -> list:
    return inconsistent_deadlines(InternalDeadline)


@check("events_undelivered", gettext_noop("期限事件超过一小时仍未投递（工作进程可能已停止）"))
def _undelivered(today: datetime.date) -> list:
    cutoff = timezone.now() - datetime.timedelta(hours=1)
    return _ids(DeadlineEvent.objects.filter(delivered_at__isnull=True, created_at__lt=cutoff))


@check("follow_up_fact_out_of_step", gettext_noop("检察院的“被提请跟进监督”标记与跟进监督记录不一致（标记缺失时上级院看不到所涉文书）"))
def _follow_up_fact(today: datetime.date) -> list:
    """``Procuratorate.has_follow_up_requests`` against the 跟进监督 rows: a False beside a
    request hides the instrument from the higher procuratorate; a True with none (its
    instruments deleted) only costs a subquery."""
    asked = FollowUp.objects.filter(kind=FollowUpKind.HIGHER_PROCURATORATE).values(
        "higher_procuratorate_id")
    return _ids(Procuratorate.objects.filter(
        Q(has_follow_up_requests=False, pk__in=asked)
        | Q(has_follow_up_requests=True) & ~Q(pk__in=asked)))


@check("procuratorate_differs_from_case", gettext_noop("文书记载的承办检察院与所属案件的检察院不一致（影响谁能看到该文书）"))
def _procuratorate_copy(today: datetime.date) -> list:
    """``Recommendation.procuratorate`` is a copy of its case's, on which visibility and the
    dashboards filter: a difference would show the instrument to the wrong procuratorate."""
    return _ids(Recommendation.objects.exclude(procuratorate=F("case__procuratorate"))
                | Recommendation.objects.filter(pk__in=InternalDeadline.objects.exclude(
                    procuratorate=F("recommendation__procuratorate")).values("recommendation_id")))


@check("case_copies_differ", gettext_noop("文书记载的案件部门、承办检察官或检察类别与所属案件不一致（期限看板将按错误的部门、检察官或类别计数）"))
def _case_copies_differ(today: datetime.date) -> list:
    """``Recommendation.case_department``, ``case_handler`` and ``case_kind`` are copies of the
    case's, which the dashboard's breakdown counts from."""
    condition = Q()
    for copy, column in Recommendation.CASE_COPIES.items():
        if copy != "procuratorate":  # its own check above
            condition |= _differs(copy, f"case__{column}")
    return _ids(Recommendation.objects.filter(condition))


@check("reply_dates_out_of_step", gettext_noop("文书的首次回复日期或最近评估日期与其回复、评估记录不一致（统计和单位评价将按错误日期计数）"))
def _reply_dates_out_of_step(today: datetime.date) -> list:
    """``Recommendation.first_reply_on`` and ``last_evaluated_on`` are copies the statistics
    count from; here they are read again from the replies and evaluations themselves."""
    first = (Reply.objects.filter(recommendation=OuterRef("pk"), supplement_to__isnull=True)
             .order_by("submitted_at", "pk").annotate(day=TruncDate("submitted_at"))
             .values("day")[:1])
    last = (Evaluation.objects.filter(recommendation=OuterRef("pk"))
            .order_by("-evaluated_at", "-pk").annotate(day=TruncDate("evaluated_at"))
            .values("day")[:1])
    rows = Recommendation.objects.annotate(first=Subquery(first), last=Subquery(last))
    return _ids(rows.filter(_differs("first_reply_on", "first")
                            | _differs("last_evaluated_on", "last")))


def _differs(column: str, source: str) -> Q:
    """``column`` is not ``source`` (NULL only equal to NULL)."""
    both = Q(**{f"{column}__isnull": False, f"{source}__isnull": False})
    return ((both & ~Q(**{column: F(source)}))
            | Q(**{f"{column}__isnull": True, f"{source}__isnull": False})
            | Q(**{f"{column}__isnull": False, f"{source}__isnull": True}))


@check("events_without_subject", gettext_noop("期限事件所指的文书、本院期限、移送线索或人大审议意见已不存在"))
def _events_without_subject(today: datetime.date) -> list:
    """The events' subject columns carry no database constraint (``DeadlineEvent``): an event
    whose instrument, internal deadline, transfer or opinion is gone is named here."""
    return _ids(DeadlineEvent.objects.filter(
        Q(recommendation__isnull=False) & ~Q(recommendation_id__in=Recommendation.objects.values("pk"))
        | Q(deadline__isnull=False) & ~Q(deadline_id__in=InternalDeadline.objects.values("pk"))
        | Q(transfer__isnull=False) & ~Q(transfer_id__in=ClueTransfer.objects.values("pk"))
        | Q(opinion__isnull=False)
        & ~Q(opinion_id__in=DeliberationOpinion.objects.values("pk"))
        | _generic_subjects_gone()))


def _generic_subjects_gone() -> Q:
    """Events of a generic subject (``subject_type``) whose row is gone, or whose model is no
    longer a watched deadline model."""
    condition = Q(subject_id__isnull=False)
    for model in generic_models():
        condition &= ~Q(subject_type=model._meta.label_lower,
                        subject_id__in=model.objects.values("pk"))
    return condition


@check("signing_key_unusable", gettext_noop("近一年签发过文书的检察院没有可用的签名密钥（缺失、无法读取或证书已过期）：其文书将不带数字签名或无法签发"))
def _signing_key_unusable(today: datetime.date) -> list:
    """Only where signing is configured (``SIGNING_KEYS_DIR``, docs/security.md): each
    procuratorate that issued an instrument in the last year, whose key files are read here."""
    return [p.pk for p in _issuing_procuratorates(today)
            if signing_keys.key_problem(p, today=today)]


@check("signing_cert_expiring", gettext_noop("检察院的签名证书将在 30 日内到期，请及时更换"))
def _signing_cert_expiring(today: datetime.date) -> list:
    soon = today + datetime.timedelta(days=30)
    return [p.pk for p in _issuing_procuratorates(today)
            if (status := signing_keys.key_status(p, today=today))[0] == ""
            and status[1] is not None and status[1] <= soon]


def _issuing_procuratorates(today: datetime.date) -> list[Procuratorate]:
    if signing_keys.keys_dir() is None:
        return []
    issued = Recommendation.objects.filter(issued_on__gte=today - datetime.timedelta(days=365))
    return list(Procuratorate.objects.filter(
        pk__in=issued.values("procuratorate_id")).order_by("pk"))
