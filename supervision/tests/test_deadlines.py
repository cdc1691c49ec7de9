"""The deadline engine: counting (民法典 art. 201–203, 民事诉讼法 art. 85), the legal calendar, and
the explanation. Pure tests use an explicit calendar; the ``db`` ones use the migrated calendar."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import chinese_calendar
import pytest
from django.utils import translation

from supervision.calendar import LegalCalendar, statutory_holidays
from supervision.deadlines import (
    DueDate,
    add_months,
    compute_due_date,
    extended_end,
    is_shorter,
    period_text,
)
from supervision.models import CalendarDay, CalendarYear, PeriodRule

NAMES_ZH = {"New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节",
            "Labour Day": "劳动节", "Dragon Boat Festival": "端午节", "National Day": "国庆节",
            "Mid-autumn Festival": "中秋节", "Anti-Fascist 70th Day": "抗战胜利70周年纪念日"}
DINGHAI = ("《舟山市定海区人民代表大会常务委员会关于加强新时代检察机关法律监督工作的决定》"
           "第三部分")
#: What no explanation a user reads may carry (DEADLINES.md, "Explaining a due date").
INTERNAL = re.compile(r"[a-z]+_[a-z_]+|\bdefault\b|规则 |seed \d|§|(?<!调查)核实")  # 调查核实 is the law's term


def rule(code: str = "default", amount: int = 2, unit: str = "months", **kw) -> PeriodRule:
    """An unsaved rule: compute_due_date needs no database."""
    kw.setdefault("legal_basis", DINGHAI)
    return PeriodRule(code=code, name=code, amount=amount, unit=unit, **kw)


def calendar_from_package(*years: int) -> LegalCalendar:
    """An explicit calendar built from chinese_calendar, the same data migration 0003 stores."""
    days: dict[date, tuple[bool, str]] = {}
    for year in years:
        day = date(year, 1, 1)
        while day.year == year:
            workday = chinese_calendar.is_workday(day)
            if workday != (day.weekday() < 5):
                name = NAMES_ZH[chinese_calendar.get_holiday_detail(day)[1]]
                days[day] = (workday, name + "调休上班" if workday else name)
            day += timedelta(days=1)
    return LegalCalendar(days, published_years=years)


@pytest.fixture(scope="module")
def cal() -> LegalCalendar:
    return calendar_from_package(2023, 2024, 2025, 2026)


# --- counting ------------------------------------------------------------------------------

def test_add_months_clamps_to_month_end() -> None:
    assert add_months(date(2025, 8, 31), 2) == date(2025, 10, 31)
    assert add_months(date(2023, 12, 31), 2) == date(2024, 2, 29)
    assert add_months(date(2024, 12, 31), 2) == date(2025, 2, 28)
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2025, 11, 15), 3) == date(2026, 2, 15)


def test_default_two_months(cal: LegalCalendar) -> None:
    due = compute_due_date(rule(), date(2025, 3, 12), calendar=cal)
    assert due.raw_end == due.due_date == date(2025, 5, 12) and due.shifted_for is None
    due = compute_due_date(rule(), date(2025, 3, 3), calendar=cal)
    assert (due.raw_end, due.due_date, due.shifted_for) == (date(2025, 5, 3), date(2025, 5, 6),
                                                            "劳动节")
    due = compute_due_date(rule(), date(2025, 6, 10), calendar=cal)
    assert due.raw_end == date(2025, 8, 10)  # a Sunday: rest day
    assert due.due_date == date(2025, 8, 11) and due.shifted_for == "休息日"
    assert not due.provisional


def test_national_day_2025_shift(cal: LegalCalendar) -> None:
    assert not chinese_calendar.is_workday(date(2025, 10, 8))
    assert chinese_calendar.is_workday(date(2025, 10, 9))
    due = compute_due_date(rule(), date(2025, 8, 1), calendar=cal)
    assert due.raw_end == date(2025, 10, 1)
    assert due.due_date == date(2025, 10, 9)
    assert "国庆节" in due.shifted_for


def test_spring_festival_2026(cal: LegalCalendar) -> None:
    # 2026 春节: 15–23 February off; 14 and 28 February are working Saturdays.
    due = compute_due_date(rule(), date(2025, 12, 16), calendar=cal)
    assert due.raw_end == date(2026, 2, 16)
    assert due.due_date == date(2026, 2, 24)
    assert due.shifted_for == "春节"
    working_saturday = compute_due_date(rule(), date(2025, 12, 14), calendar=cal)
    assert working_saturday.due_date == working_saturday.raw_end == date(2026, 2, 14)


def test_national_day_2026_working_saturday_does_not_shift(cal: LegalCalendar) -> None:
    assert chinese_calendar.is_workday(date(2026, 10, 10))
    assert date(2026, 10, 10).weekday() == 5
    for start, period in ((date(2026, 8, 10), rule()),
                          (date(2026, 10, 3), rule("explain_non_filing", 7, "days"))):
        due = compute_due_date(period, start, calendar=cal)
        assert due.raw_end == due.due_date == date(2026, 10, 10)
        assert due.shifted_for is None
    # …while a period ending inside the holiday goes to 8 October.
    assert compute_due_date(rule(), date(2026, 8, 1), calendar=cal).due_date == date(2026, 10, 8)


def test_31_august_plus_two_months(cal: LegalCalendar) -> None:
    due = compute_due_date(rule(), date(2025, 8, 31), calendar=cal)
    assert due.raw_end == due.due_date == date(2025, 10, 31)  # a Friday
    due = compute_due_date(rule(), date(2026, 8, 31), calendar=cal)
    assert due.raw_end == date(2026, 10, 31)  # a Saturday
    assert due.due_date == date(2026, 11, 2) and due.shifted_for == "休息日"


def test_31_december_plus_two_months_end_of_february(cal: LegalCalendar) -> None:
    assert compute_due_date(rule(), date(2023, 12, 31), calendar=cal).due_date == date(2024, 2, 29)
    assert compute_due_date(rule(), date(2024, 12, 31), calendar=cal).due_date == date(2025, 2, 28)


def test_day_periods(cal: LegalCalendar) -> None:
    seven, fifteen = rule("explain_non_filing", 7, "days"), rule("notice_to_file", 15, "days")
    assert compute_due_date(seven, date(2025, 3, 3), calendar=cal).due_date == date(2025, 3, 10)
    assert compute_due_date(fifteen, date(2025, 3, 3), calendar=cal).due_date == date(2025, 3, 18)
    # holidays in the middle count; only the end shifts
    assert compute_due_date(seven, date(2025, 9, 24), calendar=cal).due_date == date(2025, 10, 9)
    assert compute_due_date(fifteen, date(2025, 9, 16), calendar=cal).due_date == date(2025, 10, 9)
    due = compute_due_date(fifteen, date(2025, 9, 20), calendar=cal)
    assert due.raw_end == date(2025, 10, 5) and due.due_date == date(2025, 10, 9)


def test_override_period_from_document(cal: LegalCalendar) -> None:
    due = compute_due_date(rule(), date(2025, 3, 3), amount=15, unit="days", calendar=cal)
    assert (due.amount, due.unit, due.due_date) == (15, "days", date(2025, 3, 18))
    with pytest.raises(ValueError):
        compute_due_date(rule(), date(2025, 3, 3), amount=0, calendar=cal)
    with pytest.raises(ValueError):
        compute_due_date(rule(), date(2025, 3, 3), unit="weeks", calendar=cal)


def test_no_shift_when_rule_says_so(cal: LegalCalendar) -> None:
    due = compute_due_date(rule(shift_holidays=False), date(2025, 8, 1), calendar=cal)
    assert due.due_date == due.raw_end == date(2025, 10, 1) and due.shifted_for is None


# --- unpublished years ---------------------------------------------------------------------

def test_fallback_statutory_holidays_2027() -> None:
    h = statutory_holidays(2027)
    assert [d for d, n in h.items() if n == "国庆节"] == [date(2027, 10, d) for d in (1, 2, 3)]
    spring = sorted(d for d, n in h.items() if n == "春节")
    assert spring == [date(2027, 2, 5) + timedelta(days=i) for i in range(4)]  # 除夕 + 3 days
    assert sorted(d for d, n in h.items() if n == "劳动节") == [date(2027, 5, 1), date(2027, 5, 2)]
    assert len(h) == 13  # 1 + 4 + 1 + 2 + 1 + 1 + 3, no guessed substitute days


def test_2027_is_provisional_and_uses_fallback(cal: LegalCalendar) -> None:
    assert cal.is_provisional(date(2027, 1, 4)) and not cal.is_provisional(date(2026, 12, 31))
    due = compute_due_date(rule(), date(2027, 8, 1), calendar=cal)
    assert due.raw_end == date(2027, 10, 1)
    assert due.due_date == date(2027, 10, 4)  # Oct 1–3 only, no guessed observed days
    assert due.shifted_for == "国庆节" and due.provisional
    assert "暂定" in due.explain()
    spring = compute_due_date(rule(), date(2026, 12, 5), calendar=cal)
    assert spring.raw_end == date(2027, 2, 5) and spring.due_date == date(2027, 2, 9)
    # served in 2026, ending in 2027 on a plain working day: still provisional
    assert compute_due_date(rule(), date(2026, 11, 16), calendar=cal).provisional


# --- explanation and storage ---------------------------------------------------------------

def test_explanation(cal: LegalCalendar) -> None:
    text = compute_due_date(rule(), date(2025, 8, 1), calendar=cal).explain()
    assert text == ("2025年8月1日送达 · 两个月（" + DINGHAI + "）· 届满2025年10月1日 · "
                    "国庆节、中秋节假期顺延至2025年10月9日")
    unverified = compute_due_date(rule("x_y", 1, verified=False, clock_start="publication"),
                                  date(2025, 3, 3), calendar=cal)
    text = unverified.explain()
    assert text.startswith("2025年3月3日公告 · 一个月（") and not unverified.verified
    assert not INTERNAL.search(text)  # neither the code nor the unverified mark
    with translation.override("en"):
        english = compute_due_date(rule(), date(2025, 8, 1), calendar=cal).explain()
    assert english.startswith("Service 2025-08-01 · 2 months (") and "2025-10-09" in english
    assert period_text(15, "days") == "十五日" and period_text(30, "days") == "三十日"


def test_dict_round_trip_and_extension(cal: LegalCalendar) -> None:
    due = compute_due_date(rule(), date(2025, 8, 1), calendar=cal)
    extended = due.with_extension(date(2025, 11, 9), "法院院长批准延长")
    data = json.loads(json.dumps(extended.as_dict()))
    assert DueDate.from_dict(data) == extended
    assert extended.effective_due == date(2025, 11, 9) and due.effective_due == due.due_date
    assert "延长至2025年11月9日（法院院长批准延长）" in extended.explain()
    hash(due)


# --- the migrated calendar -----------------------------------------------------------------

def test_migrated_calendar_matches_package(db) -> None:
    years = sorted(CalendarYear.objects.values_list("year", flat=True))
    assert years[0] == 2004 and years == list(range(2004, years[-1] + 1))
    assert years[-1] >= 2026
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(date(years[-1] + 1, 1, 1))
    calendar = LegalCalendar.load()
    day = date(2004, 1, 1)
    while day.year <= years[-1]:
        assert calendar.is_workday(day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)
    assert CalendarDay.objects.get(date=date(2025, 10, 1)).name == "国庆节"
    assert CalendarDay.objects.get(date=date(2026, 10, 10)).name == "国庆节调休上班"
    assert calendar.holiday_name(date(2026, 2, 16)) == "春节"
    assert calendar.holiday_name(date(2026, 3, 2)) is None


def test_load_range_one_query_then_cached(db, django_assert_num_queries) -> None:
    with django_assert_num_queries(2):
        calendar = LegalCalendar.load(date(2025, 10, 1), date(2025, 11, 1))
    with django_assert_num_queries(0):
        assert calendar.next_workday_on_or_after(date(2025, 10, 1)) == date(2025, 10, 9)
    with django_assert_num_queries(1):  # another year: fetched once
        assert not calendar.is_workday(date(2026, 2, 16))
        assert calendar.is_workday(date(2026, 2, 14))


def test_against_db_calendar(db) -> None:
    default = PeriodRule.objects.get(code="default")
    due = compute_due_date(default, date(2025, 8, 1))
    assert (due.raw_end, due.due_date) == (date(2025, 10, 1), date(2025, 10, 9))
    assert DINGHAI in due.explain() and not due.provisional
    assert compute_due_date(default, date(2026, 8, 10)).due_date == date(2026, 10, 10)
    assert compute_due_date(default, date(2025, 12, 16)).due_date == date(2026, 2, 24)
    provisional = compute_due_date(default, date(2027, 8, 1))
    assert provisional.provisional and provisional.due_date == date(2027, 10, 4)


def test_seeded_rules(db) -> None:
    rules = {r.code: r for r in PeriodRule.objects.all()}
    # DEADLINES.md, plus the procuratorate's own three (0006), plus the agencies' duties' five
    # (duties 0002_*: the police's decision on a transferred case, the opinions on commutation
    # and on temporary service outside prison, material requests; cases 0010: supplementary
    # investigation), plus issue 18's eight (litigation 0002: the six appeal periods of
    # public-interest suits; quality 0002: the handler's answer to a review; recommendations
    # 0023: the urgent preservation suggestion)
    assert len(rules) == 17 + 3 + 5 + 8
    assert (rules["pil_pre_litigation_urgent"].amount, rules["pil_pre_litigation_urgent"].unit) \
        == (15, "days")
    assert rules["pil_announcement"].clock_start == "publication"
    assert rules["review_request"].clock_start == "receipt"
    assert {c for c, r in rules.items() if not r.verified} == {
        "execution_recommendation", "trial_conduct_recommendation",
        "extension_decision", "reply_evaluation", "rectification_verification",
        "transfer_police_decision", "commutation_outside_opinion", "material_request",
        "supplementary_investigation", "quality_feedback", "preservation_urgent",
        *(f"pil_appeal_{kind}_{decision}" for kind in ("civil", "admin", "criminal")
          for decision in ("judgment", "ruling"))}
    assert rules["default"].legal_basis == DINGHAI
    # official titles in 《》, never our notes: whether a basis is checked is ``verified``
    assert all("《" in r.legal_basis or "本院内部期限" in r.legal_basis
               or r.code == "trial_conduct_recommendation" for r in rules.values())
    assert not any(INTERNAL.search(r.legal_basis) for r in rules.values())
    # every period moves off a holiday but the urgent preservation suggestion's (48 hours: the
    # court rules on rest days too)
    assert {c for c, r in rules.items() if not r.shift_holidays} == {"preservation_urgent"}


# --- more calendar cases (issue 7) ---------------------------------------------------------

def test_leap_years(cal: LegalCalendar) -> None:
    # 29 February 2024 + 1 month → 29 March (a Friday); + 12 months → 28 February 2025 (no 29th)
    assert compute_due_date(rule(amount=1), date(2024, 2, 29), calendar=cal).due_date \
        == date(2024, 3, 29)
    twelve = compute_due_date(rule(amount=12), date(2024, 2, 29), calendar=cal)
    assert twelve.raw_end == twelve.due_date == date(2025, 2, 28)
    # 29 December 2023 + 2 months → 29 February 2024 (leap day, a Thursday): no clamping
    assert compute_due_date(rule(), date(2023, 12, 29), calendar=cal).due_date == date(2024, 2, 29)
    # …the same in 2024 → 28 February 2025 (a Friday), clamped
    assert compute_due_date(rule(), date(2024, 12, 30), calendar=cal).due_date == date(2025, 2, 28)
    # days run through 29 February: 2024-02-20 + 15 days = 2024-03-06
    assert compute_due_date(rule("d", 15, "days"), date(2024, 2, 20), calendar=cal).due_date \
        == date(2024, 3, 6)


def test_spring_festival_2025_with_its_working_weekends(cal: LegalCalendar) -> None:
    # 2025 春节: 28 January (除夕) – 4 February off; Sunday 26 January and Saturday 8 February
    # are working days.
    assert chinese_calendar.is_workday(date(2025, 1, 26))
    assert chinese_calendar.is_workday(date(2025, 2, 8))
    inside = compute_due_date(rule(), date(2024, 11, 30), calendar=cal)
    assert (inside.raw_end, inside.due_date) == (date(2025, 1, 30), date(2025, 2, 5))
    assert inside.shifted_for == "春节"
    sunday = compute_due_date(rule("d", 7, "days"), date(2025, 1, 19), calendar=cal)
    assert sunday.raw_end == sunday.due_date == date(2025, 1, 26)  # a working Sunday
    saturday = compute_due_date(rule(), date(2024, 12, 8), calendar=cal)
    assert saturday.raw_end == saturday.due_date == date(2025, 2, 8)  # a working Saturday


def test_national_day_2025_working_weekends(cal: LegalCalendar) -> None:
    # 2025: 1–8 October off; Sunday 28 September and Saturday 11 October are working days.
    assert compute_due_date(rule("d", 10, "days"), date(2025, 9, 18), calendar=cal).due_date \
        == date(2025, 9, 28)
    assert compute_due_date(rule("d", 15, "days"), date(2025, 9, 26), calendar=cal).due_date \
        == date(2025, 10, 11)
    eight = compute_due_date(rule(), date(2025, 8, 8), calendar=cal)
    assert (eight.raw_end, eight.due_date) == (date(2025, 10, 8), date(2025, 10, 9))


def test_a_document_may_state_a_shorter_period_with_its_reason(cal: LegalCalendar) -> None:
    urgent = rule("pil_pre_litigation_urgent", 15, "days",
                  legal_basis="检察公益诉讼司法解释（2020）第二十一条（损害继续扩大等紧急情形）")
    due = compute_due_date(urgent, date(2025, 3, 3), calendar=cal,
                           override_reason="污水持续排入饮用水源地")
    assert due.due_date == date(2025, 3, 18)
    text = due.explain()
    assert text.startswith("2025年3月3日送达 · 十五日（检察公益诉讼司法解释") and not INTERNAL.search(
        text.replace("（2020）", ""))
    assert "文书载明较短期限（理由：污水持续排入饮用水源地）" in text
    assert DueDate.from_dict(due.as_dict()) == due


@pytest.mark.parametrize(("amount", "unit", "than", "shorter"), [
    (15, "days", (2, "months"), True),
    (58, "days", (2, "months"), True),  # two months last 59–62 days
    (59, "days", (2, "months"), False),
    (30, "days", (1, "months"), False),  # 30 days is not shorter than every month (28–31)
    (27, "days", (1, "months"), True),
    (1, "months", (2, "months"), True),
    (2, "months", (2, "months"), False),
    (1, "months", (32, "days"), True),
    (1, "months", (31, "days"), False),
    (6, "days", (7, "days"), True),
    (7, "days", (7, "days"), False),
])
def test_is_shorter(amount, unit, than, shorter) -> None:
    assert is_shorter(amount, unit, *than) is shorter


def test_extensions_add_to_the_due_date_and_shift_off_holidays(cal: LegalCalendar) -> None:
    # due 2025-09-19 + 12 days = 1 October (National Day) → 9 October
    raw, due, provisional = extended_end(date(2025, 9, 19), calendar=cal, days=12)
    assert (raw, due, provisional) == (date(2025, 10, 1), date(2025, 10, 9), False)
    # + 1 month from 31 January → 28 February
    assert extended_end(date(2025, 1, 31), calendar=cal, months=1)[1] == date(2025, 2, 28)
    # an explicit date on a Sunday moves to Monday; one in an unpublished year is provisional
    assert extended_end(date(2025, 11, 3), calendar=cal, new_due=date(2025, 11, 16))[1] \
        == date(2025, 11, 17)
    assert extended_end(date(2026, 12, 1), calendar=cal, new_due=date(2027, 1, 4))[2] is True
    with pytest.raises(ValueError):
        extended_end(date(2025, 11, 3), calendar=cal, new_due=date(2025, 11, 1))
    with pytest.raises(ValueError):
        extended_end(date(2025, 11, 3), calendar=cal, days=3, months=1)


def test_recomputing_on_a_new_calendar_redoes_shifts_and_provisional_flags(cal) -> None:
    due = compute_due_date(rule(), date(2027, 8, 1), calendar=cal)  # 2027 not published
    assert due.provisional and due.due_date == date(2027, 10, 4)
    extended = due.with_extension(date(2027, 10, 4), "x", raw=date(2027, 10, 2), provisional=True)
    notice = {date(2027, 10, d): (False, "国庆节") for d in range(1, 8)}
    notice[date(2027, 10, 9)] = (True, "国庆节调休上班")
    published = cal.with_year(2027, notice, published=True)
    again = extended.recomputed(published)
    assert (again.due_date, again.provisional, again.shifted_for) == (
        date(2027, 10, 8), False, "国庆节")
    assert again.effective_due == date(2027, 10, 8) and not again.effective_provisional
    assert again.raw_end == due.raw_end
    assert "暂定" not in again.explain() and "暂定" in extended.explain()
