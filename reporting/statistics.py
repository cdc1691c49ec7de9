"""Statistics for any period, compared with the same period a year before (issue 16).

One table, :data:`FIGURES`, defines every figure: its code (the key of the page, the API, the
XLSX and ``manage.py statistics --json``), its label, the definition shown next to it and, where
one exists, the legal text it rests on. :func:`statistics` computes all of them for a period and
for the same dates a year earlier with a handful of aggregate queries (conditional
``COUNT(…) FILTER (WHERE …)``, both periods in the same statement) over what the viewer may
see — never a loop over rows. ``docs/statistics.md`` gives the same definitions at length.

The reply figures partition: ``replied_on_time + replied_late + unanswered == due`` always
(each instrument due in the period falls in exactly one of the three, judged as of the end of
the period, see :data:`FIGURES`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _

from cases.models import SupervisionCase
from duties.counts import count_each
from duties.registry import FlowFigure
from duties.registry import figures as flow_figures
from quality.selectors import period_figures as quality_period_figures
from recommendations.choices import (
    EvaluationOutcome,
    ExtensionStatus,
    FollowUpKind,
    InstrumentStatus,
    ReviewKind,
    ReviewOutcome,
)
from recommendations.models import (
    FollowUp,
    InstrumentType,
    Recommendation,
    RecommendationExtension,
    ReviewRequest,
)
from supervision.input_dates import EARLIEST, LATEST
from supervision.models import Procuratorate, User
from supervision.models.names import localized
from supervision.permissions import SUBTREE_DASHBOARD_ROLES, dashboard_scope

#: The longest period one request may ask for (five years: a congress term).
MAX_YEARS = 5

#: Evaluation outcomes that count as adopted (采纳): the agency accepted the instrument in whole
#: or in part. 不采纳 and 异议成立 do not count (they stay in the denominator, ``evaluated``).
ADOPTED_OUTCOMES = (EvaluationOutcome.ADOPTED_RECTIFIED, EvaluationOutcome.ADOPTED_IN_PROGRESS,
                    EvaluationOutcome.PARTLY_ADOPTED)

# Legal texts the definitions rest on, by official title (DEADLINES.md).
RULES_2019 = _("《人民检察院检察建议工作规定》（2019）第十九条")
CIVIL_CODE_203 = _("《中华人民共和国民法典》第二百零三条：期间的最后一日的截止时间为二十四时")
CRIMINAL_RULES_554 = _("《人民检察院刑事诉讼规则》（2019）第五百五十四条")
FOLLOW_UP_BASIS = _("《湖北省人民代表大会常务委员会关于加强新时代检察机关法律监督工作的决定》（2020）")


@dataclass(frozen=True)
class Figure:
    """One figure: a count, or a rate (per cent, one decimal) of two other figures."""

    code: str
    group: str
    label: Promise
    definition: Promise
    source: Promise | str = ""
    numerator: tuple[str, ...] = ()
    denominator: str = ""
    #: For the agencies' duties: the flow's :class:`duties.registry.FlowFigure` counted.
    counted: Any = None

    @property
    def is_rate(self) -> bool:
        return bool(self.denominator)


#: group code -> heading, in page order.
GROUPS: dict[str, Promise] = {
    "cases": _("监督案件"),
    "instruments": _("监督文书与回复"),
    "evaluation": _("采纳与整改"),
    "extensions": _("延长回复期限"),
    "reviews": _("异议与复查"),
    "follow_up": _("跟进监督"),
    "juvenile": _("涉未成年人"),
    "duties": _("单位协作事项"),
}
#: The group of the flows' figures (:func:`duty_figures`), shown only when a flow counts any.
DUTIES_GROUP = "duties"

_FOLLOW_UP_FIGURES = tuple(
    Figure(f"follow_up_{kind.value}", "follow_up", kind.label,
           _("本期内记录的该方式跟进监督（按记录的跟进日期），每记录一次计一次。"), FOLLOW_UP_BASIS)
    for kind in FollowUpKind)

FIGURES: tuple[Figure, ...] = (
    Figure("cases_accepted", "cases", _("受理监督案件"),
           _("受理日期在本期内的监督案件数。")),
    Figure("cases_closed", "cases", _("办结监督案件"),
           _("结案日期在本期内的监督案件数（结案或终结）。")),
    Figure("issued", "instruments", _("制发监督文书"),
           _("成文日期在本期内的监督文书数；已作废的文书不计（作废的文书从未送出）。")),
    Figure("due", "instruments", _("回复期限届满"),
           _("回复期限在本期内届满的文书数：以准许延期后的回复期限为准（延期使文书只按新期限计一次）；"
             "本期截止日晚于今天的，只计至今天；已作废或因异议成立已撤回的文书不计。"), RULES_2019),
    Figure("replied_on_time", "instruments", _("按期回复"),
           _("回复期限届满的文书中，首次书面回复（补充回复不计）的日期不晚于回复期限的；"
             "在期限当日回复的属按期。"), CIVIL_CODE_203),
    Figure("replied_late", "instruments", _("逾期回复"),
           _("回复期限届满的文书中，首次书面回复晚于回复期限、但不晚于本期截止日的。")),
    Figure("unanswered", "instruments", _("逾期未回复"),
           _("回复期限届满的文书中，至本期截止日仍无书面回复的。本期到期、下期才回复的文书，"
             "在本期计为逾期未回复，在包含回复日的更长期间计为逾期回复。"
             "按期回复、逾期回复、逾期未回复三者之和等于回复期限届满数。")),
    Figure("on_time_rate", "instruments", _("按期回复率"),
           _("按期回复数 ÷ 回复期限届满数。"), numerator=("replied_on_time",), denominator="due"),
    Figure("reply_rate", "instruments", _("回复率"),
           _("（按期回复数 + 逾期回复数）÷ 回复期限届满数。"),
           numerator=("replied_on_time", "replied_late"), denominator="due"),
    Figure("evaluated", "evaluation", _("已评估回复"),
           _("最近一次回复评估的日期在本期内的文书数（每份文书只按最近一次评估计一次）。")),
    Figure("adopted", "evaluation", _("采纳"),
           _("已评估的文书中，评估结论为采纳并整改到位、采纳正在整改或部分采纳的；"
             "不采纳和异议成立不计入采纳，但计入已评估。")),
    Figure("rectified", "evaluation", _("整改到位"),
           _("已评估的文书中，检察官认定整改到位的：评估为采纳并整改到位，或经跟踪核查（回头看）认定整改到位；"
             "按统计时的核查结果计。")),
    Figure("adoption_rate", "evaluation", _("采纳率"),
           _("采纳数 ÷ 已评估回复数。"), numerator=("adopted",), denominator="evaluated"),
    Figure("rectification_rate", "evaluation", _("整改率"),
           _("整改到位数 ÷ 采纳数。"), numerator=("rectified",), denominator="adopted"),
    Figure("extensions_requested", "extensions", _("申请延期"),
           _("本期内被监督单位提出的延期申请数（按申请日期），无论是否准许。")),
    Figure("extensions_granted_on_request", "extensions", _("准许延期申请"),
           _("本期内决定准许的延期申请数（按决定日期）。")),
    Figure("extensions_refused", "extensions", _("不予准许延期"),
           _("本期内决定不予准许的延期申请数（按决定日期）。")),
    Figure("extensions_granted_own_motion", "extensions", _("依职权延期"),
           _("本期内检察院依职权延长回复期限的次数（按决定日期）。每次延期计一次；"
             "延期后的文书在回复统计中只按最终回复期限计一次。")),
    Figure("objections_raised", "reviews", _("提出异议/复议"),
           _("本期内被监督单位提出的异议或复议申请数（按申请日期）。")),
    Figure("review_requests", "reviews", _("申请复查"),
           _("本期内被监督单位对纠正意见申请复查的次数（按申请日期）。"), CRIMINAL_RULES_554),
    Figure("reviews_upheld", "reviews", _("异议成立，撤回文书"),
           _("本期内决定异议或复查申请成立、撤回文书的次数（按决定日期）。")),
    Figure("reviews_rejected", "reviews", _("维持原文书"),
           _("本期内决定维持原文书的次数（按决定日期）。")),
    Figure("follow_ups", "follow_up", _("跟进监督（合计）"),
           _("本期内记录的各种方式跟进监督的合计（按记录的跟进日期）。"), FOLLOW_UP_BASIS),
    *_FOLLOW_UP_FIGURES,
    Figure("follow_up_higher_acted", "follow_up", _("上级院已跟进"),
           _("本期内提请上级院跟进监督、上级院已记录跟进监督情况的（按统计时的记录计）。"),
           FOLLOW_UP_BASIS),
    Figure("juvenile_accepted", "juvenile", _("受理涉未成年人监督案件"),
           _("受理日期在本期内、标记为涉未成年人的监督案件数。")),
    Figure("juvenile_closed", "juvenile", _("办结涉未成年人监督案件"),
           _("结案日期在本期内、标记为涉未成年人的监督案件数。")),
    Figure("juvenile_issued", "juvenile", _("涉未成年人案件的监督文书"),
           _("成文日期在本期内、所属案件标记为涉未成年人的监督文书数（已作废的不计）。")),
)
FIGURES_BY_CODE = {f.code: f for f in FIGURES}
COUNT_CODES = tuple(f.code for f in FIGURES if not f.is_rate)


def _duty_figure(counted: FlowFigure) -> Figure:
    return Figure(counted.code, DUTIES_GROUP, lazy(lambda: counted.title, str)(),
                  lazy(lambda: counted.explanation, str)(), counted=counted)


def duty_figures() -> tuple[Figure, ...]:
    """The agencies' duties' figures (issue 19): every :class:`duties.registry.FlowFigure`
    the flows register, in flow order, as counts of the group "单位协作事项". Read when asked
    (the flows register at start-up, tests their own), never frozen at import."""
    return tuple(_duty_figure(counted) for counted in flow_figures())


def all_figures() -> tuple[Figure, ...]:
    """:data:`FIGURES` and then :func:`duty_figures`: what the page, the API, the XLSX and
    the command show."""
    return (*FIGURES, *duty_figures())


def figure_by_code(code: str) -> Figure | None:
    return next((f for f in all_figures() if f.code == code), None)


# --- Periods ---------------------------------------------------------------------------------

def year_before(day: datetime.date) -> datetime.date:
    """The same date a year earlier; 29 February becomes the 28th."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def _years_after(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def validate_period(start: datetime.date, end: datetime.date) -> None:
    """The period's errors, in words a user can act on (page, API and command alike)."""
    if not (EARLIEST <= start <= LATEST and EARLIEST <= end <= LATEST):
        raise ValidationError(_("统计期间应在 %(first)s 至 %(last)s 之间。"), code="out_of_range",
                              params={"first": EARLIEST.isoformat(), "last": LATEST.isoformat()})
    if end < start:
        raise ValidationError(_("截止日期不能早于起始日期。"), code="reversed")
    if end >= _years_after(start, MAX_YEARS):
        raise ValidationError(_("统计期间最长为 %(years)s 年。"), code="too_long",
                              params={"years": MAX_YEARS})


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included."""

    start: datetime.date
    end: datetime.date

    def previous(self) -> Period:
        return Period(year_before(self.start), year_before(self.end))

    def as_of(self, today: datetime.date) -> datetime.date:
        """The last day the reply figures look at: the end, or today if the end is later."""
        return min(self.end, today)

    def moments(self) -> tuple[datetime.datetime, datetime.datetime]:
        """[start 00:00, the day after the end 00:00) in the project's time zone: for the
        timestamp columns (a request's or decision's time), an index-friendly range."""
        tz = timezone.get_default_timezone()
        return (datetime.datetime.combine(self.start, datetime.time(), tz),
                datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time(), tz))

    def contains(self, column: str) -> Q:
        return Q(**{f"{column}__range": (self.start, self.end)})

    def contains_moment(self, column: str) -> Q:
        first, after = self.moments()
        return Q(**{f"{column}__gte": first, f"{column}__lt": after})


def quick_periods(today: datetime.date) -> list[tuple[Promise | str, Period]]:
    """The period form's quick choices: this year to date, last year, each quarter of this
    year begun so far and of last year."""
    choices: list[tuple[Promise | str, Period]] = [
        (_("本年至今"), Period(datetime.date(today.year, 1, 1), today)),
        (_("上年"), Period(datetime.date(today.year - 1, 1, 1), datetime.date(today.year - 1, 12, 31)))]
    for year in (today.year, today.year - 1):
        for quarter in range(1, 5):
            start = datetime.date(year, 3 * quarter - 2, 1)
            if start > today:
                break
            end = (datetime.date(year + 1, 1, 1) if quarter == 4
                   else datetime.date(year, 3 * quarter + 1, 1)) - datetime.timedelta(days=1)
            choices.append((_("%(year)s年第%(quarter)s季度") % {"year": year, "quarter": quarter},
                            Period(start, end)))
    return choices


# --- Results ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class PeriodFigures:
    """Every figure of one period: counts and rates (None where the denominator is 0)."""

    period: Period
    as_of: datetime.date
    values: dict[str, int | float | None]

    def __getitem__(self, code: str) -> int | float | None:
        return self.values[code]


@dataclass(frozen=True)
class BreakdownRow:
    """One row of a table by instrument type or by kind and matter: labels and the row's
    counts in this period and in the same period a year before."""

    key: tuple
    labels: tuple[str, ...]
    current: dict[str, int]
    previous: dict[str, int]


@dataclass(frozen=True)
class Statistics:
    """The figures of a period and of the same period a year before, over one scope."""

    procuratorate: Procuratorate | None
    current: PeriodFigures
    previous: PeriodFigures
    by_type: list[BreakdownRow] = field(default_factory=list)
    by_matter: list[BreakdownRow] = field(default_factory=list)


def rate(numerator: int, denominator: int) -> float | None:
    return round(100 * numerator / denominator, 1) if denominator else None


def _with_rates(counts: dict[str, int]) -> dict[str, int | float | None]:
    values: dict[str, int | float | None] = dict(counts)
    for figure in FIGURES:
        if figure.is_rate:
            values[figure.code] = rate(sum(counts[c] for c in figure.numerator),
                                       counts[figure.denominator])
    return values


# --- Scope -----------------------------------------------------------------------------------

def scope_q(viewer: User | Procuratorate, field_name: str,
            procuratorate: Procuratorate | None = None) -> Q | None:
    """What the figures count: a user's dashboard scope (supervisors and observers their
    subtree, procuratorate staff their own procuratorate), narrowed to ``procuratorate`` and
    those below it; or, for the command, a procuratorate with every one below it."""
    if isinstance(viewer, Procuratorate):
        return Q(**{f"{field_name}__path__startswith": viewer.path})
    scope = dashboard_scope(viewer, field=field_name)
    if scope is None:
        return None
    if procuratorate is not None:
        if viewer.role in SUBTREE_DASHBOARD_ROLES:
            scope &= Q(**{f"{field_name}__path__startswith": procuratorate.path})
        else:
            scope &= Q(**{f"{field_name}_id": procuratorate.pk})
    return scope


# --- The queries -----------------------------------------------------------------------------

def instrument_filters(period: Period, as_of: datetime.date) -> dict[str, Q]:
    """The instrument figures as ``Count`` filters — the one statement of when a reply is due,
    on time, late or missing, and what counts as evaluated, adopted and rectified; the agency
    scorecards count with these too. The reply and evaluation dates are the instrument's own
    columns (``Recommendation.first_reply_on``, ``last_evaluated_on``: the day of the first
    reply, supplements not counted, and of the latest evaluation), so a figure reads no other
    table."""
    issued = period.contains("issued_on")
    due = Q(due_date__gte=period.start, due_date__lte=as_of) & ~Q(status=InstrumentStatus.WITHDRAWN)
    evaluated = period.contains("last_evaluated_on") & ~Q(adoption="")
    return {
        "issued": issued,
        "due": due,
        "replied_on_time": due & Q(first_reply_on__lte=F("due_date")),
        "replied_late": due & Q(first_reply_on__gt=F("due_date"), first_reply_on__lte=as_of),
        "unanswered": due & (Q(first_reply_on__isnull=True) | Q(first_reply_on__gt=as_of)),
        "evaluated": evaluated,
        "adopted": evaluated & Q(adoption__in=ADOPTED_OUTCOMES),
        "rectified": evaluated & Q(rectified=True),
        "juvenile_issued": issued & Q(case__juvenile=True),
    }


def _periodic(filters_of, periods: dict[str, tuple[Period, datetime.date]]) -> dict:
    """``Count`` aggregates named ``<code>__<period key>`` for each period."""
    return {f"{code}__{key}": Count("pk", filter=q)
            for key, (period, as_of) in periods.items()
            for code, q in filters_of(period, as_of).items()}


def _split(row: dict, codes) -> tuple[dict[str, int], dict[str, int]]:
    return ({c: row.get(f"{c}__cur", 0) for c in codes}, {c: row.get(f"{c}__prev", 0) for c in codes})


INSTRUMENT_CODES = ("issued", "due", "replied_on_time", "replied_late", "unanswered", "evaluated",
                    "adopted", "rectified", "juvenile_issued")


def _instruments(scope: Q, periods: dict) -> list[dict]:
    """One query: every instrument figure of both periods, by type (a subtype counts under
    its parent type, ``InstrumentType.parent``). Voided instruments never count."""
    first, last = min(p.start for p, _ in periods.values()), max(p.end for p, _ in periods.values())
    relevant = (Q(issued_on__range=(first, last)) | Q(due_date__range=(first, last))
                | Q(last_evaluated_on__range=(first, last)))
    return list(Recommendation.objects.filter(scope, relevant).exclude(status=InstrumentStatus.VOIDED)
                .annotate(type_group=Coalesce("instrument_type__parent_id", "instrument_type_id"))
                .order_by().values("type_group").annotate(**_periodic(instrument_filters, periods)))


def _case_filters(period: Period, as_of: datetime.date) -> dict[str, Q]:
    accepted, closed = period.contains("accepted_on"), period.contains("closed_on")
    return {"cases_accepted": accepted, "cases_closed": closed,
            "juvenile_accepted": accepted & Q(juvenile=True),
            "juvenile_closed": closed & Q(juvenile=True)}


CASE_CODES = ("cases_accepted", "cases_closed", "juvenile_accepted", "juvenile_closed")


def _cases(scope: Q, periods: dict) -> list[dict]:
    """One query: the case figures of both periods by kind and matter, with their names."""
    relevant = Q()
    for period, _as_of in periods.values():
        relevant |= period.contains("accepted_on") | period.contains("closed_on")
    return list(SupervisionCase.objects.filter(scope).filter(relevant).order_by()
                .values("kind__order", "kind__name", "kind__name_en", "matter_id", "matter__order",
                        "matter__name", "matter__name_en")
                .annotate(**_periodic(_case_filters, periods)))


def _extension_filters(period: Period, as_of: datetime.date) -> dict[str, Q]:
    decided = period.contains_moment("decided_at")
    granted = decided & Q(status=ExtensionStatus.GRANTED)
    return {"extensions_requested": period.contains_moment("requested_at"),
            "extensions_granted_on_request": granted & Q(requested_at__isnull=False),
            "extensions_granted_own_motion": granted & Q(requested_at__isnull=True),
            "extensions_refused": decided & Q(status=ExtensionStatus.REFUSED)}


def _review_filters(period: Period, as_of: datetime.date) -> dict[str, Q]:
    requested, decided = period.contains_moment("requested_at"), period.contains_moment("decided_at")
    return {"objections_raised": requested & Q(kind=ReviewKind.OBJECTION),
            "review_requests": requested & Q(kind=ReviewKind.REVIEW),
            "reviews_upheld": decided & Q(outcome=ReviewOutcome.UPHELD),
            "reviews_rejected": decided & Q(outcome=ReviewOutcome.REJECTED)}


def _follow_up_filters(period: Period, as_of: datetime.date) -> dict[str, Q]:
    taken = period.contains("taken_on")
    return {"follow_ups": taken,
            **{f"follow_up_{k.value}": taken & Q(kind=k) for k in FollowUpKind},
            "follow_up_higher_acted": taken & Q(kind=FollowUpKind.HIGHER_PROCURATORATE,
                                                higher_action_at__isnull=False)}


def _aggregate(model, scope: Q, filters_of, periods: dict) -> dict:
    """One query over the instrument-related rows of ``model`` in scope (voided never count)."""
    return (model.objects.filter(scope).exclude(recommendation__status=InstrumentStatus.VOIDED)
            .aggregate(**_periodic(filters_of, periods)))


def statistics(viewer: User | Procuratorate, start: datetime.date, end: datetime.date, *,
               procuratorate: Procuratorate | None = None,
               today: datetime.date | None = None) -> Statistics:
    """Every figure of :data:`FIGURES` for ``start``–``end`` and the same dates a year before,
    over what ``viewer`` may see (a user: their dashboard scope, narrowed to ``procuratorate``
    — the caller has checked it is in scope; a procuratorate: it and those below it).

    Six aggregate queries (instruments by type, cases by kind and matter, extensions, review
    requests, follow-ups; the type names) whatever the number of rows, and one more for every
    figure of the agencies' duties together when a flow registers any (:func:`_duty_counts`)."""
    validate_period(start, end)
    today = today or timezone.localdate()
    current = Period(start, end)
    periods = {"cur": (current, current.as_of(today)),
               "prev": (current.previous(), current.previous().as_of(today))}
    rec_scope = scope_q(viewer, "procuratorate", procuratorate)
    related_scope = scope_q(viewer, "recommendation__procuratorate", procuratorate)
    if rec_scope is None or related_scope is None:
        raise PermissionError("no statistics scope")
    type_rows = _instruments(rec_scope, periods)
    case_rows = _cases(rec_scope, periods)
    other = {**_aggregate(RecommendationExtension, related_scope, _extension_filters, periods),
             **_aggregate(ReviewRequest, related_scope, _review_filters, periods),
             **_aggregate(FollowUp, related_scope, _follow_up_filters, periods)}
    totals = {key: sum(row[key] for row in [*type_rows, *case_rows] if key in row)
              for key in (f"{c}__{p}" for c in (*INSTRUMENT_CODES, *CASE_CODES) for p in periods)}
    totals.update(other)
    duties = duty_figures()
    totals.update(_duty_counts(viewer, procuratorate, duties, periods))
    cur, prev = _split(totals, (*COUNT_CODES, *(f.code for f in duties)))
    return Statistics(
        procuratorate=procuratorate if isinstance(viewer, User) else viewer,
        current=PeriodFigures(current, periods["cur"][1], _with_rates(cur)),
        previous=PeriodFigures(periods["prev"][0], periods["prev"][1], _with_rates(prev)),
        by_type=_type_breakdown(type_rows),
        by_matter=[BreakdownRow((r["matter_id"],),
                                (localized(r["kind__name"], r["kind__name_en"]),
                                 localized(r["matter__name"], r["matter__name_en"])),
                                *_split(r, CASE_CODES))
                   for r in sorted(case_rows, key=lambda r: (r["kind__order"], r["matter__order"],
                                                             r["matter_id"]))])


def _duty_counts(viewer: User | Procuratorate, procuratorate: Procuratorate | None,
                 duties: tuple[Figure, ...], periods: dict) -> dict[str, int]:
    """Each flow figure's rows of both periods within the scope, reached through the figure's
    own path to its procuratorate (``FlowFigure.procuratorate``): one statement with a
    counting subquery per figure and period (:func:`duties.counts.count_each`)."""
    keys, querysets = [], []
    for figure in duties:
        scope = scope_q(viewer, figure.counted.procuratorate, procuratorate)
        if scope is None:
            raise PermissionError("no statistics scope")
        for key, (period, _as_of) in periods.items():
            keys.append(f"{figure.code}__{key}")
            querysets.append(figure.counted.rows(period.start, period.end).filter(scope))
    return dict(zip(keys, count_each(querysets), strict=True)) if querysets else {}


def _type_breakdown(rows: list[dict]) -> list[BreakdownRow]:
    types = {t.pk: t for t in InstrumentType.objects.filter(pk__in=[r["type_group"] for r in rows])}
    found = [BreakdownRow((types[r["type_group"]].code,), (str(types[r["type_group"]]),),
                          *_split(r, INSTRUMENT_CODES)) for r in rows]
    return sorted((row for row in found if any(row.current.values()) or any(row.previous.values())),
                  key=lambda row: (-row.current["issued"], row.key))


# --- Case quality review (案件评查, quality/) ---------------------------------------------------

def quality_figures(viewer: User, start: datetime.date, end: datetime.date, *,
                    procuratorate: Procuratorate | None = None) -> dict[str, Any]:
    """The case quality review figures of the period (``quality.selectors.period_figures``:
    reviews graded by grade, the rate of 优质/合格, the most frequent problems, and per
    handler for the leadership) over the same scope as :func:`statistics`. Three or four
    aggregate queries, apart from the figures above (a grade is not compared year on year:
    reviews are drawn, not counted from every case)."""
    validate_period(start, end)
    scope = scope_q(viewer, "procuratorate", procuratorate)
    if scope is None:
        raise PermissionError("no statistics scope")
    return quality_period_figures(viewer, start, end, scope=scope)


# --- JSON (the API and ``manage.py statistics --json``) -------------------------------------

def _period_json(figures: PeriodFigures) -> dict:
    return {"from": figures.period.start.isoformat(), "to": figures.period.end.isoformat(),
            "as_of": figures.as_of.isoformat(), **figures.values}


def as_json(stats: Statistics) -> dict:
    """The figures as plain data: this period's at the top, the same period a year before
    under ``previous_year``, and the two tables."""
    unit = stats.procuratorate
    return {
        "procuratorate": (None if unit is None else
                          {"id": unit.pk, "name": unit.name, "short_name": unit.short_name}),
        **_period_json(stats.current),
        "previous_year": _period_json(stats.previous),
        "issued_by_type": [{"type": row.key[0], "name": row.labels[0], "current": row.current,
                            "previous_year": row.previous} for row in stats.by_type],
        "cases_by_matter": [{"kind": row.labels[0], "matter": row.labels[1], "current": row.current,
                             "previous_year": row.previous} for row in stats.by_matter],
    }
