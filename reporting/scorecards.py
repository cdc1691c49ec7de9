"""Agency scorecards (单位配合与落实情况评价): how each supervised agency cooperates with the
procuratorate's investigations and carries out its instruments — counted in every unit's
rule-of-law evaluation (seed 003 §11).

The figures are defined once, in :data:`FIGURES` (code, Chinese and English label and
definition); pages, exports, the PDF and ``docs/scorecards.md`` all read that table.

**Period rule** — the same as the period statistics' (``docs/statistics.md``, the same codes
mean the same there and here). A period is ``start``–``end``, both days included, Beijing
dates; the reply figures are judged as of the end of the period, or as of today for a period
not yet over (``as_of``):

* ``received`` — instruments served (送达) on the agency within the period.
* ``due`` — instruments whose reply deadline (the current one: after a granted extension, the
  extended date) falls between ``start`` and ``as_of``. Withdrawn instruments (an objection
  upheld) owe no reply and are left out. ``replied_on_time`` (first reply on or before the
  deadline — a reply on the due date is on time), ``replied_late`` (first reply after the
  deadline, by ``as_of``) and ``unanswered`` (no reply by ``as_of``) split it:
  ``replied_on_time + replied_late + unanswered == due``. An instrument due in one period and
  answered in the next is unanswered in the first; a period holding both days sees it late.
* ``evaluated`` — instruments whose latest evaluation is dated in the period; ``adopted`` of
  them 采纳并整改到位, 采纳正在整改 or 部分采纳 (``statistics.ADOPTED_OUTCOMES``); ``rectified``
  of them found rectified (as the verification stands today).
* ``objections``, ``extension_requests``, ``follow_ups``, ``escalations``, ``refusals`` — events
  dated within the period (requested, taken, escalated by the deadline sweep, recorded).

Voided instruments (作废) count nowhere. Every figure counts only rows the viewer may see
(:class:`reporting.permissions.ScorecardScope`). Supplements (补充回复) are not replies of their
own: the first reply decides timeliness.

Computed with a fixed number of aggregate queries whatever the number of agencies: one over
the instruments grouped by agency, one grouped count per event figure, and one for every
figure the agencies' duties register (:mod:`duties.registry`: each ``FlowFigure`` with
``scorecard`` counts its rows of the period per agency through its ``agency`` path, within
the viewer's scope through its ``procuratorate`` path; ``docs/scorecards.md``).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import (
    Count,
    Q,
    QuerySet,
)
from django.utils import timezone

from agencies.models import Agency
from cases.models import InvestigationMeasure
from duties.counts import count_grouped
from duties.registry import FlowFigure
from duties.registry import figures as flow_figures
from recommendations.choices import DeadlineEventKind, InstrumentStatus
from recommendations.models import (
    DeadlineEvent,
    FollowUp,
    Recommendation,
    RecommendationExtension,
    ReviewRequest,
)
from supervision.models.names import localized

from .statistics import Period, instrument_filters


@dataclass(frozen=True)
class Figure:
    """One scorecard figure: its JSON code, label and definition in Chinese (official, printed
    on the PDF) and English (the English interface), and whether it is a rate."""

    code: str
    name: str
    name_en: str
    definition: str
    definition_en: str
    rate: bool = False
    #: For the agencies' duties: the flow's :class:`duties.registry.FlowFigure` counted.
    counted: FlowFigure | None = None

    @property
    def label(self) -> str:
        return localized(self.name, self.name_en)

    @property
    def explanation(self) -> str:
        return localized(self.definition, self.definition_en)


FIGURES: tuple[Figure, ...] = (
    Figure("received", "收到文书", "Instruments received",
           "期间内送达该单位的监督文书件数。",
           "Instruments served on the agency within the period."),
    Figure("due", "回复期限届满", "Replies due",
           "回复期限（经准许延期的，为延长后的期限）在期间内届满的文书件数；期间尚未结束的，"
           "截至今日。因异议成立撤回的文书不计入。",
           "Instruments whose reply deadline (as extended, if an extension was granted) ended "
           "within the period — up to today for a period not yet over. Instruments withdrawn "
           "after an upheld objection are excluded."),
    Figure("replied_on_time", "按期回复", "Replied on time",
           "应回复文书中，首次书面回复不晚于回复期限的件数（期限当日回复为按期）。",
           "Of the replies due, those whose first written reply came on or before the deadline "
           "(a reply on the due date is on time)."),
    Figure("replied_late", "逾期回复", "Replied late",
           "应回复文书中，首次书面回复晚于回复期限、但在期间结束（或今日）前的件数。",
           "Of the replies due, those whose first written reply came after the deadline but "
           "by the end of the period (or today)."),
    Figure("unanswered", "逾期未回复", "Not answered",
           "应回复文书中，至期间结束（或今日）仍无书面回复的件数；在下一期间才回复的，"
           "在本期间计为逾期未回复。",
           "Of the replies due, those with no written reply by the end of the period (or "
           "today); a reply made only in a later period leaves it unanswered in this one."),
    Figure("on_time_rate", "按期回复率", "On-time reply rate",
           "按期回复 ÷ 应回复。", "Replied on time ÷ replies due.", rate=True),
    Figure("evaluated", "已评估回复", "Replies evaluated",
           "最近一次回复评估在期间内的文书件数。",
           "Instruments whose latest evaluation of the reply is dated in the period."),
    Figure("adopted", "采纳", "Adopted",
           "已评估文书中，评估结论为“采纳并整改到位”“采纳正在整改”或“部分采纳”的件数；"
           "不采纳、异议成立不计入。",
           "Of the evaluated instruments, those adopted (rectified, rectification in progress, "
           "or partly adopted); not adopted and objection upheld do not count."),
    Figure("adoption_rate", "采纳率", "Adoption rate",
           "采纳 ÷ 已评估。", "Adopted ÷ evaluated.", rate=True),
    Figure("rectified", "整改到位", "Rectification verified",
           "已评估文书中，检察院认定整改到位的件数（以目前的核查结论为准）。",
           "Of the evaluated instruments, those the procuratorate found rectified (as the "
           "verification stands today)."),
    Figure("objections", "异议/复查申请", "Objections",
           "期间内该单位提出的异议、复议或复查申请件数。",
           "Objections, reconsideration or review requests the agency made within the period."),
    Figure("extension_requests", "延期申请", "Extension requests",
           "期间内该单位申请延长回复期限的次数（检察院依职权延期的不计入）。",
           "Requests for more time the agency made within the period (extensions the "
           "procuratorate granted of its own motion excluded)."),
    Figure("refusals", "拒不配合调查核实", "Refusals to cooperate",
           "期间内调查核实中记录该单位拒不配合的次数。",
           "Investigation measures within the period at which the agency was recorded as "
           "refusing to cooperate."),
    Figure("follow_ups", "跟进监督", "Follow-ups",
           "期间内对该单位文书采取的跟进措施次数（催告、提请上级院跟进监督、通报上级机关等）。",
           "Follow-up steps taken within the period on the agency's instruments (urging, "
           "asking the higher procuratorate, notifying the superior authority …)."),
    Figure("escalations", "升级督办", "Escalations",
           "期间内因逾期未回复被期限巡检升级督办的文书件数。",
           "Instruments the deadline sweep escalated within the period for an overdue reply."),
)

FIGURES_BY_CODE = {figure.code: figure for figure in FIGURES}
COUNTS = tuple(f.code for f in FIGURES if not f.rate)
RATES = tuple(f.code for f in FIGURES if f.rate)


def duty_figures() -> tuple[Figure, ...]:
    """The agencies' duties' figures the scorecards show (issue 19): every
    :class:`duties.registry.FlowFigure` registered with ``scorecard`` (a count of the agency's
    own conduct: notices filed, requests answered on time …), counted per agency through its
    ``agency`` path. Read when asked, never frozen at import."""
    return tuple(Figure(f.code, f.label, f.label_en, f.definition, f.definition_en, counted=f)
                 for f in flow_figures() if f.scorecard)


def all_figures() -> tuple[Figure, ...]:
    """:data:`FIGURES` and then :func:`duty_figures`: what the pages, the files, the PDF and
    the API show."""
    return (*FIGURES, *duty_figures())


def figures_by_code() -> dict[str, Figure]:
    return {figure.code: figure for figure in all_figures()}



@dataclass(frozen=True)
class ScopeRules:
    """Which rows count: ``instruments(prefix)`` is a condition on an instrument reached
    through ``prefix`` (``""``, ``"recommendation__"``), ``measures`` one on investigation
    measures. The default counts everything (tests, the management shell)."""

    instruments: Callable[[str], Q] = lambda prefix: Q()
    measures: Q = field(default_factory=Q)
    #: A condition on a duty flow's row reached through ``path``, the field path to its
    #: procuratorate (``FlowFigure.procuratorate``).
    duties: Callable[[str], Q] = lambda path: Q()


def _instrument_counts(agency_ids: QuerySet, start: datetime.date, end: datetime.date,
                       today: datetime.date, rules: ScopeRules) -> dict[int, dict]:
    """One aggregate over the instruments of the agencies, grouped by agency. When a reply is
    due, on time, late or missing, and what is evaluated, adopted and rectified, is the
    statistics' rule (:func:`reporting.statistics.instrument_filters`), not a copy of it."""
    period = Period(start, end)
    as_of = period.as_of(today)
    figures = instrument_filters(period, as_of)
    received = Q(served_on__gte=start, served_on__lte=end)
    rows = (Recommendation.objects
            .filter(rules.instruments(""), agency_id__in=agency_ids,
                    served_on__isnull=False)
            .exclude(status=InstrumentStatus.VOIDED)
            .filter(received | figures["due"] | figures["evaluated"])
            .order_by().values("agency_id")
            .annotate(received=Count("pk", filter=received),
                      **{code: Count("pk", filter=figures[code]) for code in REPLY_CODES}))
    return {row.pop("agency_id"): row for row in rows}


#: The scorecard's figures counted by the statistics' instrument rule.
REPLY_CODES = ("due", "replied_on_time", "replied_late", "unanswered", "evaluated", "adopted",
               "rectified")


def _grouped(qs: QuerySet, agency_path: str, agency_ids: QuerySet,
             distinct: str = "pk") -> dict[int, int]:
    """How many rows of ``qs`` (distinct ``distinct``) each agency (``agency_path``) has: one
    aggregate driven from the period's rows of ``qs`` — a correlated subquery per agency made
    PostgreSQL read every instrument of every agency (4.7 s for a province's courts at 1M)."""
    return dict(qs.filter(**{f"{agency_path}__in": agency_ids}).order_by().values(agency_path)
                .annotate(n=Count(distinct, distinct=True)).values_list(agency_path, "n"))


#: The event figures: counted each in its own table, grouped by agency.
EVENT_CODES = ("objections", "extension_requests", "follow_ups", "escalations", "refusals")


def _event_counts(agency_ids: QuerySet, start: datetime.date, end: datetime.date,
                  rules: ScopeRules) -> dict[str, dict[int, int]]:
    """Each event figure by agency: one query each."""
    first, after = Period(start, end).moments()
    on_instrument = rules.instruments("recommendation__") & ~Q(
        recommendation__status=InstrumentStatus.VOIDED)
    by = "recommendation__agency"
    return {
        "objections": _grouped(ReviewRequest.objects.filter(
            on_instrument, requested_at__gte=first, requested_at__lt=after), by, agency_ids),
        "extension_requests": _grouped(RecommendationExtension.objects.filter(
            on_instrument, requested_by__isnull=False, requested_at__gte=first,
            requested_at__lt=after), by, agency_ids),
        "follow_ups": _grouped(FollowUp.objects.filter(
            on_instrument, taken_on__gte=start, taken_on__lte=end), by, agency_ids),
        "escalations": _grouped(DeadlineEvent.objects.filter(
            on_instrument, kind=DeadlineEventKind.ESCALATION, deadline__isnull=True,
            created_at__gte=first, created_at__lt=after), by, agency_ids,
            distinct="recommendation"),
        "refusals": _grouped(InvestigationMeasure.objects.filter(
            rules.measures, refused=True, taken_on__gte=start, taken_on__lte=end), "agency",
            agency_ids),
    }


def _duty_counts(agency_ids: QuerySet, start: datetime.date, end: datetime.date,
                 rules: ScopeRules, duties: tuple[Figure, ...]) -> dict[str, dict[int, int]]:
    """Each duty figure by agency: the figure's rows of the period in scope, grouped by its
    path to the agency — one query for all of them together (a ``UNION ALL`` of one grouped
    count per figure, :func:`duties.counts.count_grouped`)."""
    grouped = count_grouped([
        (f.counted.rows(start, end).filter(rules.duties(f.counted.procuratorate),
                                           **{f"{f.counted.agency}__in": agency_ids}),
         f.counted.agency) for f in duties])
    return {f.code: counts for f, counts in zip(duties, grouped, strict=True)}


def _rate(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def scorecards(agencies_qs: QuerySet[Agency], start: datetime.date, end: datetime.date, *,
               rules: ScopeRules | None = None,
               today: datetime.date | None = None) -> list[dict]:
    """Every figure of :data:`FIGURES` for each agency of ``agencies_qs``, over the period
    ``start``–``end`` (see the module's period rule), as dicts with the agency's ``id``,
    ``name``, ``agency_type`` and supervising procuratorate's name, in the queryset's order.
    Seven queries, however many agencies: the agencies, their instruments, and one per event
    figure (:data:`EVENT_CODES`); and one more for all the agencies' duties' figures together
    when a flow registers any (:func:`duty_figures`)."""
    rules, today = rules or ScopeRules(), today or timezone.localdate()
    agency_rows = list(agencies_qs.values("id", "name", "agency_type",
                                          "supervising_procuratorate__name"))
    ids = [row["id"] for row in agency_rows]
    counts = _instrument_counts(agencies_qs.values("pk"), start, end, today, rules) if ids else {}
    events = _event_counts(agencies_qs.values("pk"), start, end, rules) if ids else {}
    duties = duty_figures()
    events.update(_duty_counts(agencies_qs.values("pk"), start, end, rules, duties)
                  if ids and duties else {})
    for row in agency_rows:
        for code in (*EVENT_CODES, *(f.code for f in duties)):
            row[code] = events[code].get(row["id"], 0) if ids else 0
    empty = dict.fromkeys(("received", "due", "replied_on_time", "replied_late", "unanswered",
                           "evaluated", "adopted", "rectified"), 0)
    for row in agency_rows:
        row.update(counts.get(row["id"], empty))
        row["on_time_rate"] = _rate(row["replied_on_time"], row["due"])
        row["adoption_rate"] = _rate(row["adopted"], row["evaluated"])
    return agency_rows


def scorecard(agency: Agency, start: datetime.date, end: datetime.date, *,
              rules: ScopeRules | None = None, today: datetime.date | None = None) -> dict:
    """One agency's figures (:func:`scorecards` over that agency alone)."""
    return scorecards(Agency.objects.filter(pk=agency.pk), start, end, rules=rules,
                      today=today)[0]


def ranked(rows: Iterable[dict], sort: str, descending: bool = True) -> list[dict]:
    """``rows`` ordered by the figure ``sort`` (the highest first unless told otherwise;
    agencies without the figure — a rate with nothing due — last; equal figures by name),
    each numbered ``rank`` (equal figures share a rank)."""
    present = [r for r in rows if r[sort] is not None]
    missing = sorted((r for r in rows if r[sort] is None), key=lambda r: r["name"])
    present.sort(key=lambda r: r["name"])
    present.sort(key=lambda r: r[sort], reverse=descending)
    previous, rank = object(), 0
    for position, row in enumerate(present, start=1):
        if row[sort] != previous:
            rank, previous = position, row[sort]
        row["rank"] = rank
    for row in missing:
        row["rank"] = None
    return present + missing
