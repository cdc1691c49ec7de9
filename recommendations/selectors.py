"""Reads the instrument pages and feeds need.

Deadlines "of one's own": what a person must watch — for the daily digest and the calendar
feed, filtered in SQL by role (no per-row permission checks). One instrument's staff page, the
evaluation page and PDF verification (核验): the rows they show, loaded in a fixed number of
queries; access is resolved before, through ``recommendations.permissions``."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from cases.models import ClueTransfer
from supervision.choices import APPROVER_ROLES, Role
from supervision.models import User
from supervision.permissions import dashboard_scope

from .choices import (
    APPROVAL_RANK,
    ApprovalLevel,
    ApprovalOutcome,
    ExtensionStatus,
    FollowUpKind,
    InstrumentStatus,
    approval_chain_for,
)
from .models import (
    ApprovalStep,
    CommitteeDecision,
    Evaluation,
    FollowUp,
    InternalDeadline,
    Recommendation,
    RecommendationExtension,
    RecommendationItem,
    Reply,
    ReplyItemAnswer,
    ReviewRequest,
)
from .permissions import recommendations_visible_to
from .transitions import approval_stage


def _case_q(user: User, case: str) -> Q | None:
    """Whose cases ``user`` watches, as a condition on the case reached through ``case``:
    a procurator or assistant their own cases, a department head the department's, a chief
    the procuratorate's, a supervisor the subtree's. None: nothing (liaisons, observers,
    administrators)."""
    if user.role in {Role.PROCURATOR, Role.ASSISTANT}:
        return Q(**{f"{case}__handler": user}) | Q(**{f"{case}__assistant": user})
    if user.role == Role.APPROVER and user.procuratorate_id:
        return Q(**{f"{case}__procuratorate_id": user.procuratorate_id,
                    f"{case}__department_id": user.department_id})
    if user.role in {Role.CHIEF, Role.SUPERVISOR}:
        return dashboard_scope(user, field=f"{case}__procuratorate")
    return None


def approval_queue(user: User) -> QuerySet[Recommendation]:
    """What waits for ``user``'s decision (待我审批), oldest first, at the levels they act at
    (the same rule as ``transitions.approver_refusal`` and ``committee_refusal``): a
    department head's own department's instruments waiting at the first level; a chief's
    every instrument of the procuratorate waiting at any level — the first (the chief may
    approve any), the chief's, and the committee's (to record its decision). Never their own
    drafts. Empty for anyone else."""
    if user.role not in APPROVER_ROLES or user.procuratorate_id is None:
        return Recommendation.objects.none()
    rows = Recommendation.objects.filter(procuratorate=user.procuratorate_id,
                                         status=InstrumentStatus.PENDING_APPROVAL)
    if user.role == Role.APPROVER:
        rows = rows.filter(case__department=user.department_id,
                           approval_stage__in=[ApprovalLevel.DEPARTMENT, ""])
    return (rows.exclude(drafted_by=user)
            .select_related("instrument_type", "agency", "case", "drafted_by")
            .defer("facts", "problems", "legal_basis", "body", "case_source")
            .order_by("created_at", "pk"))


def reply_deadlines_for(user: User) -> QuerySet[Recommendation]:
    """Instruments awaiting an agency's reply that ``user`` watches (a liaison: those of every
    agency they actively serve, as their deadline notices do — digest and calendar lines name
    the agency)."""
    qs = Recommendation.objects.running().filter(due_date__isnull=False)
    if not user.is_active:
        return qs.none()
    if user.role == Role.LIAISON:
        return qs.filter(agency__memberships__user=user, agency__memberships__is_active=True)
    condition = _case_q(user, "case")
    return qs.filter(condition) if condition is not None else qs.none()


def internal_deadlines_for(user: User) -> QuerySet[InternalDeadline]:
    """Open deadlines of the procuratorate that ``user`` watches (a procurator: those they are
    responsible for, or on their cases when nobody is named). Never shown to agencies."""
    qs = InternalDeadline.objects.running()
    if not user.is_active or user.role == Role.LIAISON:
        return qs.none()
    if user.role in {Role.PROCURATOR, Role.ASSISTANT}:
        return qs.filter(Q(responsible=user) | Q(recommendation__case__assistant=user)
                         | Q(responsible__isnull=True, recommendation__case__handler=user))
    condition = _case_q(user, "recommendation__case")
    return qs.filter(condition) if condition is not None else qs.none()


def transfer_deadlines_for(user: User) -> QuerySet[ClueTransfer]:
    """Clue transfers still waiting for the receiving organ's feedback on the cases ``user``
    watches (as their instruments' deadlines). Never shown to agencies."""
    qs = ClueTransfer.objects.running()
    if not user.is_active or user.role == Role.LIAISON:
        return qs.none()
    condition = _case_q(user, "case")
    return qs.filter(condition) if condition is not None else qs.none()


# --- One instrument's page, for procuratorate staff --------------------------------------------

@dataclass(frozen=True)
class InstrumentPage:
    """What the staff page of one instrument lists, loaded once (see :func:`instrument_page`)."""

    items: list[RecommendationItem]
    replies: list[Reply]
    reviews: list[ReviewRequest]
    evaluations: list[Evaluation]
    follow_ups: list[FollowUp]
    extensions: list[RecommendationExtension]
    internal_deadlines: list[InternalDeadline]
    #: The follow-ups asking the viewer's own procuratorate to act (跟进监督).
    higher_requests: list[FollowUp]

    @property
    def pending_review(self) -> ReviewRequest | None:
        """The review request not yet decided, if any (no query)."""
        return next((r for r in self.reviews if not r.outcome), None)

    @property
    def pending_extension(self) -> RecommendationExtension | None:
        """The agency's extension request not yet decided, if any (no query)."""
        return next((e for e in self.extensions if e.status == ExtensionStatus.REQUESTED), None)


def instrument_page(rec: Recommendation, user: User) -> InstrumentPage:
    """Everything the staff page of ``rec`` lists, for ``user``: the numbered items; the
    replies with their authors, sign-off and per-item answers; review requests; evaluations
    with their per-item evaluations; follow-ups; extensions; the procuratorate's own deadlines.

    Seven queries, one per list, plus one or two per prefetched relation (item answers and
    their items, item evaluations and their items) only when there are rows to prefetch for —
    never a query per row. ``higher_requests`` is picked from the follow-ups in Python."""
    follow_ups = list(rec.follow_ups.select_related("created_by", "higher_procuratorate",
                                                    "higher_action_by"))
    return InstrumentPage(
        items=list(rec.items.all()),
        replies=list(rec.replies.select_related("author", "signed_off_by")
                     .prefetch_related("item_answers__item")),
        reviews=list(rec.review_requests.select_related("requested_by", "decided_by")),
        evaluations=list(rec.evaluations.select_related("evaluated_by", "verified_by")
                         .prefetch_related("item_evaluations__item")),
        follow_ups=follow_ups,
        extensions=list(rec.extensions.select_related("requested_by", "decided_by")),
        internal_deadlines=list(rec.internal_deadlines.select_related("responsible")),
        higher_requests=[f for f in follow_ups
                         if f.higher_procuratorate_id == user.procuratorate_id
                         and f.kind == FollowUpKind.HIGHER_PROCURATORATE],
    )


@dataclass
class ChainLevel:
    """One level of an instrument's approval chain as its page shows it: ``state`` is
    ``done`` (``step`` says who, when, with what opinion), ``waiting`` (it waits here now) or
    ``later``."""

    level: str
    state: str
    step: ApprovalStep | None = None

    @property
    def label(self) -> str:
        return str(ApprovalLevel(self.level).label)


@dataclass
class ApprovalRecord:
    """An instrument's approval as its page shows it: the levels of its chain in this round
    (since it was last returned), every step ever taken, the committee's decisions."""

    chain: list[ChainLevel]
    steps: list[ApprovalStep]
    committee_decisions: list[CommitteeDecision]


def approval_record(rec: Recommendation) -> ApprovalRecord:
    """The approval chain of ``rec`` with the levels done in the current round (the steps
    after the last return), where it waits, and what is still to come. Two queries."""
    steps = list(rec.approval_steps.select_related("decided_by"))
    decisions = list(rec.committee_decisions.select_related("recorded_by"))
    chain = approval_chain_for(rec.instrument_type.approval_level,
                               decisions[-1].decision if decisions else "")
    last_return = max((i for i, s in enumerate(steps) if s.outcome == ApprovalOutcome.RETURNED),
                      default=-1)
    current = steps[last_return + 1:] if rec.status != InstrumentStatus.DRAFT else []
    levels = []
    for level in chain:
        # A level is done by a step at it, or by the chief's step above it (the chief's
        # approval covers the department head's).
        step = next((s for s in current if s.level == level), None) or next(
            (s for s in current if APPROVAL_RANK[s.level] > APPROVAL_RANK[level]
             and s.outcome == ApprovalOutcome.APPROVED), None)
        if step is not None:
            levels.append(ChainLevel(level, "done", step))
        elif (rec.status == InstrumentStatus.PENDING_APPROVAL
              and approval_stage(rec) == level):
            levels.append(ChainLevel(level, "waiting"))
        else:
            levels.append(ChainLevel(level, "later"))
    return ApprovalRecord(chain=levels, steps=steps, committee_decisions=decisions)


def instrument_items(rec: Recommendation) -> list[RecommendationItem]:
    """The numbered items (建议事项) of ``rec``, in order. One query."""
    return list(rec.items.all())


def latest_reply(rec: Recommendation) -> Reply | None:
    """The last reply sent on ``rec`` (first or supplementary), with its per-item answers
    prefetched; None if the agency has not replied. Two queries (one when there is none)."""
    return rec.replies.prefetch_related("item_answers").last()


def answers_by_item(reply: Reply | None) -> dict[int, ReplyItemAnswer]:
    """The per-item answers of ``reply`` by item pk ({} without a reply). No query for a reply
    from :func:`latest_reply` (its answers are prefetched)."""
    return {a.item_id: a for a in reply.item_answers.all()} if reply else {}


def instrument_by_fingerprint(user: User, sha256: str, *,
                              within: Recommendation | None = None) -> Recommendation | None:
    """核验: the issued instrument ``user`` may see whose frozen PDF has the SHA-256 ``sha256``
    (only ``within`` when given), with its agency; None if there is none. One query."""
    visible = recommendations_visible_to(user).exclude(pdf_sha256="")
    matches = (visible.filter(pk=within.pk, pdf_sha256=sha256) if within is not None
               else visible.filter(pdf_sha256=sha256))
    return matches.select_related("agency").first()
