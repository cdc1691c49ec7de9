"""Every read a quality page, endpoint or figure needs."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from cases.models import SupervisionCase
from supervision.choices import APPROVER_ROLES, Role
from supervision.models import User
from supervision.models.names import localized
from supervision.permissions import dashboard_scope

from .choices import (
    GOOD_GRADES,
    PROBLEM_RESULTS,
    ChecklistGroup,
    Grade,
    ItemResult,
    ReviewStatus,
)
from .models import ChecklistItem, Review, ReviewResult

#: Who sees the figures per handler (检察官业绩评价): the procuratorate's leadership and case
#: management — not every procurator about their colleagues, nor the congress observer.
PER_HANDLER_ROLES = frozenset({*APPROVER_ROLES, Role.SUPERVISOR})
#: How many checklist problems the figures list.
TOP_PROBLEMS = 5


def review_list_rows(qs: QuerySet[Review]) -> QuerySet[Review]:
    """The review list's rows (already limited to what the viewer sees and filtered): two
    queries for a page, the reviewers prefetched."""
    return qs.select_related("case", "recommendation", "handler").prefetch_related("reviewers")


def grade_counts(qs: QuerySet[Review]) -> dict[str, int]:
    """``{grade: count}`` of the graded reviews of ``qs`` (one query), every grade present."""
    counts = dict(qs.exclude(grade="").order_by().values_list("grade").annotate(n=Count("pk")))
    return {grade: counts.get(grade, 0) for grade in Grade.values}


@dataclass
class ChecklistRow:
    item: ChecklistItem
    result: ReviewResult | None
    #: What the form shows: the saved result and note, or what was just submitted.
    value: str = ""
    note: str = ""


@dataclass
class ChecklistGroupRows:
    code: str
    label: str
    rows: list[ChecklistRow]


def review_checklist(review: Review) -> list[ChecklistGroupRows]:
    """The review's checklist by group, each item with its result if recorded: two queries."""
    from .services.reviews import applicable_items

    results = {r.item_id: r for r in review.results.select_related("recorded_by")}
    groups: dict[str, list[ChecklistRow]] = {}
    for item in applicable_items(review):
        groups.setdefault(item.group, []).append(ChecklistRow(item, results.get(item.pk)))
    return [ChecklistGroupRows(code, str(label), groups[code])
            for code, label in ChecklistGroup.choices if code in groups]


def problems(review: Review) -> list[ReviewResult]:
    """The problems found (瑕疵, 不符合), in checklist order."""
    return list(review.results.filter(result__in=list(PROBLEM_RESULTS))
                .select_related("item").order_by("item__order", "item_id"))


def case_reviews(case: SupervisionCase, user: User) -> list[Review]:
    """The reviews of ``case`` and of its instruments that ``user`` may see (one query)."""
    from .permissions import reviews_visible_to

    return list(reviews_visible_to(user).filter(case=case)
                .select_related("recommendation").order_by("-created_at", "-pk"))


# --- figures -------------------------------------------------------------------------------

def _rate(numerator: int, denominator: int) -> float | None:
    return round(100 * numerator / denominator, 1) if denominator else None


def period_figures(user: User, start: datetime.date, end: datetime.date, *,
                   scope: Q | None = None) -> dict[str, Any]:
    """The quality figures of the reviews graded from ``start`` to ``end`` (both included,
    Beijing dates), within ``scope`` (a condition on the review's ``procuratorate``; by
    default ``user``'s statistics scope, ``supervision.permissions.dashboard_scope``):

    * ``graded`` and ``by_grade`` — the reviews graded, by their grade now (an objection upheld
      changes it); ``good_rate`` — 优质 and 合格 over the graded (per cent, None when none);
    * ``started`` — reviews started in the period; ``under_way`` — not yet graded, now;
    * ``top_problems`` — the checklist items most often found 瑕疵 or 不符合 in those reviews;
    * ``per_handler`` — for each handler, their reviewed cases by grade (检察官业绩评价), for
      :data:`PER_HANDLER_ROLES` only (else None);
    * ``grades`` — the grades and their labels, in order (for the tables).

    Three or four aggregate queries, whatever the number of reviews."""
    if scope is None:
        scope = dashboard_scope(user)
    empty_grades = dict.fromkeys(Grade.values, 0)
    if scope is None:
        return {"graded": 0, "by_grade": empty_grades, "good_rate": None, "started": 0,
                "under_way": 0, "top_problems": [], "per_handler": None, "grades": Grade.choices}
    tz = timezone.get_current_timezone()
    since = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    until = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min,
                                      tzinfo=tz)
    in_scope = Review.objects.filter(scope)
    graded = Q(graded_at__gte=since, graded_at__lt=until,
               status__in=[ReviewStatus.GRADED, ReviewStatus.CONCLUDED])
    totals = in_scope.aggregate(
        graded=Count("pk", filter=graded),
        started=Count("pk", filter=Q(created_at__gte=since, created_at__lt=until)),
        under_way=Count("pk", filter=Q(status__in=[ReviewStatus.PENDING,
                                                   ReviewStatus.IN_PROGRESS])),
        **{f"grade_{g}": Count("pk", filter=graded & Q(grade=g)) for g in Grade.values})
    by_grade = {g: totals[f"grade_{g}"] for g in Grade.values}
    graded_ids = in_scope.filter(graded).values("pk")
    top = (ReviewResult.objects.filter(review__in=graded_ids, result__in=list(PROBLEM_RESULTS))
           .values("item_id", "item__name", "item__name_en")
           .annotate(total=Count("pk"),
                     flaws=Count("pk", filter=Q(result=ItemResult.FLAW)),
                     failures=Count("pk", filter=Q(result=ItemResult.NONCONFORMING)))
           .order_by("-total", "item_id")[:TOP_PROBLEMS])
    per_handler = None
    if user.role in PER_HANDLER_ROLES:
        rows = (in_scope.filter(graded).values("handler_id", "handler__display_name",
                                               "handler__username")
                .annotate(total=Count("pk"),
                          **{g: Count("pk", filter=Q(grade=g)) for g in Grade.values})
                .order_by("-total", "handler_id"))
        per_handler = [{"handler": r["handler__display_name"] or r["handler__username"],
                        "total": r["total"], "by_grade": {g: r[g] for g in Grade.values},
                        "good_rate": _rate(sum(r[g] for g in GOOD_GRADES), r["total"])}
                       for r in rows]
    return {
        "graded": totals["graded"], "by_grade": by_grade,
        "good_rate": _rate(sum(by_grade[g] for g in GOOD_GRADES), totals["graded"]),
        "started": totals["started"], "under_way": totals["under_way"],
        "top_problems": [{"item": localized(r["item__name"], r["item__name_en"]),
                          "total": r["total"], "flaws": r["flaws"], "failures": r["failures"]}
                         for r in top],
        "per_handler": per_handler,
        "grades": Grade.choices,
    }
