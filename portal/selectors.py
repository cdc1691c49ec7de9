"""The liaison's inbox (issue 8): what is addressed to their agency, in buckets.

Every queryset here starts from :func:`recommendations.permissions.recommendations_visible_to`,
the one rule of what a liaison may see; buckets, filters and search only ever take rows away.

The five buckets partition the statuses an agency sees (``VISIBLE_TO_AGENCY``):

* new (待签收) — issued, not yet served or acknowledged;
* awaiting (待回复) — awaiting a reply and not past the due date (or without one), and under
  review (an objection or review request the procuratorate has yet to decide);
* overdue (已逾期) — awaiting a reply, due date passed. Overdue is a fact about data, computed
  against ``today`` here, never a stored flag;
* replied (已回复) — replied, rectification pending verification, follow-up;
* closed (已办结) — closed, withdrawn, voided.

Two views span buckets: to-do (待办 = new + awaiting + overdue, the default) and all (全部).
A third, sign-off (待签发), lists the replies the agency's liaisons have handed to its
responsible person (单位负责人); its tab shows only while there are some.

Below the inbox: the reads of the portal's page of one instrument — the agency's reply draft,
what has passed between the agency and the procuratorate, the draft's files — and of the
instrument addressed to another agency the liaison serves (the switch offer).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.db.models import Case, Count, F, IntegerField, QuerySet, Value, When
from django.db.models.fields.files import FieldFile
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from recommendations.choices import VISIBLE_TO_AGENCY, ReplyDraftStatus
from recommendations.choices import InstrumentStatus as S
from recommendations.inbox import (  # noqa: F401 (the inbox's rules, shared with the API)
    ALL,
    MAX_TERMS,
    SIGNOFF,
    SIGNOFF_Q,
    TODO,
    TODO_BUCKETS,
    InboxBucket,
    bucket_q,
    search,
    view_q,
)
from recommendations.models import (
    Recommendation,
    RecommendationExtension,
    Reply,
    ReplyDraft,
    ReplyDraftItem,
    ReviewRequest,
)
from recommendations.permissions import recommendations_visible_to
from supervision.models import User
from supervision.models.names import localized

#: The tabs of the page, in order: value -> label.
VIEWS: dict[str, str] = {
    TODO: gettext_lazy("待办"),
    SIGNOFF: gettext_lazy("待签发"),
    **{b.value: b.label for b in InboxBucket},
    ALL: gettext_lazy("全部"),
}

#: What an empty tab says (without search or filters).
EMPTY_TEXT: dict[str, str] = {
    TODO: gettext_lazy("没有待办的文书。"),
    SIGNOFF: gettext_lazy("没有待单位负责人签发的回复。"),
    InboxBucket.NEW: gettext_lazy("没有待签收的文书。"),
    InboxBucket.AWAITING: gettext_lazy("没有待回复的文书。"),
    InboxBucket.OVERDUE: gettext_lazy("没有逾期未回复的文书。"),
    InboxBucket.REPLIED: gettext_lazy("没有已回复的文书。"),
    InboxBucket.CLOSED: gettext_lazy("没有已办结的文书。"),
    ALL: gettext_lazy("暂无文书。"),
}

#: Related rows every card shows; select them with the page's query, never per row.
CARD_RELATED = ("instrument_type", "case__procuratorate", "reply_draft__updated_by")


def inbox_queryset(user: User, *, instrument_type: int | None = None,
                   procuratorate: int | None = None, q: str | None = None
                   ) -> QuerySet[Recommendation]:
    """What ``user`` may see (``recommendations_visible_to``), narrowed by instrument type,
    issuing procuratorate and search; not yet by bucket (the counts need all of them)."""
    qs = recommendations_visible_to(user)
    if instrument_type is not None:
        qs = qs.filter(instrument_type_id=instrument_type)
    if procuratorate is not None:
        qs = qs.filter(case__procuratorate_id=procuratorate)
    return search(qs, q)


def bucket_counts(qs: QuerySet[Recommendation], today: datetime.date) -> dict[str, int]:
    """The number of instruments per bucket of ``qs``, plus the to-do and all totals, in ONE
    aggregate query (a conditional ``COUNT`` per bucket)."""
    counts = qs.order_by().aggregate(**{
        bucket.value: Count("pk", filter=bucket_q(bucket, today)) for bucket in InboxBucket},
        **{SIGNOFF: Count("pk", filter=SIGNOFF_Q)})
    counts[TODO] = sum(counts[b] for b in TODO_BUCKETS)
    counts[ALL] = sum(counts[b] for b in InboxBucket)
    return counts


def _bucket_expression(today: datetime.date) -> Case:
    whens = [When(bucket_q(bucket, today), then=Value(bucket.value)) for bucket in InboxBucket]
    return Case(*whens, default=Value(""), output_field=models.CharField())


def inbox_items(qs: QuerySet[Recommendation], view: str, today: datetime.date
                ) -> QuerySet[Recommendation]:
    """``qs`` limited to the tab ``view``, annotated with ``inbox_bucket`` and ordered:

    * to-do and all: overdue first, then by due date (soonest first, none last), then the
      newest issued; replied and closed after the open ones, newest first;
    * awaiting and overdue: by due date, soonest (most overdue) first;
    * new, replied, closed: newest issued first.
    """
    qs = (qs.filter(view_q(view, today)).select_related(*CARD_RELATED)
          .annotate(inbox_bucket=_bucket_expression(today)))
    newest = (F("issued_at").desc(nulls_last=True), "-pk")
    if view in (TODO, ALL):
        rank = Case(When(bucket_q(InboxBucket.OVERDUE, today), then=Value(0)),
                    When(bucket_q(InboxBucket.REPLIED, today), then=Value(2)),
                    When(bucket_q(InboxBucket.CLOSED, today), then=Value(3)),
                    default=Value(1), output_field=IntegerField())
        # Only a running clock orders by due date; a closed instrument's old date does not.
        running_due = Case(When(status__in=[S.AWAITING_REPLY, S.UNDER_REVIEW], then=F("due_date")))
        return qs.order_by(rank, running_due.asc(nulls_last=True), *newest)
    if view in (InboxBucket.AWAITING, InboxBucket.OVERDUE, SIGNOFF):
        return qs.order_by(F("due_date").asc(nulls_last=True), *newest)
    return qs.order_by(*newest)


def filter_choices(user: User) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The instrument types and issuing procuratorates found among what ``user`` may see, for
    the filter menus, in one query."""
    rows = (recommendations_visible_to(user).order_by()
            .values_list("instrument_type_id", "instrument_type__name",
                         "instrument_type__name_en", "instrument_type__order",
                         "case__procuratorate_id", "case__procuratorate__name")
            .distinct())
    types: dict[int, tuple[int, str]] = {}
    procuratorates: dict[int, str] = {}
    for type_id, type_name, type_name_en, order, proc_id, proc_name in rows:
        types[type_id] = (order, localized(type_name, type_name_en))
        procuratorates[proc_id] = proc_name
    ordered_types = sorted(types.items(), key=lambda item: (item[1], item[0]))
    return ([(pk, name) for pk, (_order, name) in ordered_types],
            sorted(procuratorates.items(), key=lambda item: item[1]))


def next_step(rec: Recommendation, today: datetime.date, draft_status: str | None = None) -> str:
    """One line, in the active language: what the agency must do about ``rec`` now;
    ``draft_status`` is that of the agency's reply draft, if it has one."""
    status = rec.status
    if draft_status == ReplyDraftStatus.AWAITING_SIGNOFF:
        return _("回复已拟好，由单位负责人签发后即送达检察院。")
    if status == S.ISSUED:
        if not rec.instrument_type.requires_reply:
            return _("签收本文书。")
        return _("签收本文书；回复期限自签收次日起计算。")
    if status == S.UNDER_REVIEW:
        return _("等待检察院对异议/复查申请作出决定。")
    if status == S.AWAITING_REPLY:
        if not rec.instrument_type.requires_reply:
            return _("本文书无需书面回复。")
        if rec.due_date is None:
            return _("书面回复采纳和整改情况。")
        if rec.is_overdue(today):
            return _("已超过回复期限（%(date)s），请尽快书面回复。") % {
                "date": date_format(rec.due_date)}
        return _("在 %(date)s 前书面回复。") % {"date": date_format(rec.due_date)}
    if status == S.REPLIED:
        return _("等待检察院评估回复。")
    if status == S.RECTIFICATION_PENDING:
        return _("落实整改措施，检察院将跟踪核查。")
    if status == S.FOLLOW_UP:
        return _("检察院正在跟进监督，请留意通知。")
    return _("无需操作。")


def _draft_status(rec: Recommendation) -> str | None:
    """The status of the reply draft selected with the row (``CARD_RELATED``), or None."""
    try:
        return rec.reply_draft.status
    except ReplyDraft.DoesNotExist:
        return None


def decorate(rows: Iterable[Recommendation], today: datetime.date) -> list[Recommendation]:
    """Give each row of a page what its card shows: ``clock_running`` (the reply period still
    matters), ``days_left`` (negative when overdue, ``None`` unless awaiting a reply with a due
    date), ``overdue_days`` and ``next_step``. Python on the page's rows, no query."""
    rows = list(rows)
    for rec in rows:
        rec.clock_running = rec.status in (S.AWAITING_REPLY, S.UNDER_REVIEW)
        running = rec.is_running() and rec.due_date is not None
        # an attribute for the template, shadowing the row method it is computed by
        rec.days_left = Recommendation.days_left(rec, today) if running else None
        rec.overdue_days = -rec.days_left if running and rec.days_left < 0 else None
        rec.next_step = next_step(rec, today, _draft_status(rec))
    return rows


# --- The portal's page of one instrument ---------------------------------------------------------

def switchable_instrument(user: User, pk: int) -> Recommendation | None:
    """The instrument ``pk``, with its agency, if it is addressed to an agency ``user`` actively
    serves (not necessarily the current one) and that agency may see it; else None. The portal
    offers the explicit agency switch for it. One query."""
    return (Recommendation.objects.filter(
        pk=pk, status__in=VISIBLE_TO_AGENCY, agency__memberships__user=user,
        agency__memberships__is_active=True).select_related("agency").first())


def reply_draft(rec: Recommendation) -> ReplyDraft | None:
    """The agency's reply draft on ``rec`` (at most one), with who wrote, last saved and
    submitted it, and its item rows with their items prefetched; None without a draft. One
    query without a draft, two or three with one (its rows, and their items when it has
    rows)."""
    return (ReplyDraft.objects.filter(recommendation=rec)
            .select_related("author", "updated_by", "submitted_by")
            .prefetch_related("items__item").first())


def draft_rows_by_item(draft: ReplyDraft | None) -> dict[int, ReplyDraftItem]:
    """The item rows of ``draft`` by item pk ({} without a draft). No query for a draft from
    :func:`reply_draft` (its rows are prefetched)."""
    return {row.item_id: row for row in draft.items.all()} if draft else {}


@dataclass(frozen=True)
class PortalRecord:
    """What has passed between the agency and the procuratorate on one instrument, as the
    portal page lists it (see :func:`portal_record`)."""

    #: The replies sent, first and supplementary, with their per-item answers.
    replies: list[Reply]
    #: The agency's objections and review requests and what was decided.
    reviews: list[ReviewRequest]
    #: The agency's own requests for more time and what was decided — not the procuratorate's
    #: extensions on its own motion (those show in the due date).
    extension_requests: list[RecommendationExtension]


def portal_record(rec: Recommendation) -> PortalRecord:
    """The replies sent on ``rec`` (with author, sign-off, the reply supplemented, per-item
    answers and their items), its review requests and the agency's extension requests. Three
    queries, plus two for the item answers and their items when there are replies with
    answers — never a query per row."""
    return PortalRecord(
        replies=list(rec.replies.select_related("author", "signed_off_by", "supplement_to")
                     .prefetch_related("item_answers__item")),
        reviews=list(rec.review_requests.all()),
        extension_requests=list(rec.extensions.filter(requested_by__isnull=False)),
    )


def draft_file(rec: Recommendation, item: int | None = None) -> tuple[FieldFile, str] | None:
    """A file of the agency's reply draft on ``rec`` and its name: the draft's attachment, or
    (``item``: an item pk) that item's evidence. None when there is no draft, or no row for
    the item; the file itself may be empty. One query, two for an item's evidence."""
    draft = ReplyDraft.objects.filter(recommendation=rec).first()
    if draft is None:
        return None
    if item is None:
        return draft.attachment, draft.attachment_name
    row = draft.items.filter(item_id=item).first()
    if row is None:
        return None
    return row.evidence, row.evidence_name
