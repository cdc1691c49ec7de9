"""Statistics for a period against the same period a year before, checked figure by figure
against a hand-built dataset whose answers are written here.

The dataset (定检 unless said otherwise; every instrument a 检察建议, served on its issue day;
due dates set by hand — the deadline engine has its own tests):

=====  ==========  ==========  ==========================================================
name   served      due         what happens
=====  ==========  ==========  ==========================================================
A      2025-01-06  2025-03-06  reply on the due date (on time); adopted and rectified 03-20
B      2025-01-10  2025-03-10  extension asked 03-01, granted 03-03 to 03-31; reply 03-25
                               (on time, after the extension); partly adopted 04-10
C      2025-04-01  2025-06-20  reply 07-10 (due in H1, replied in July); not adopted 07-20
D      2025-02-03  2025-04-03  reply 04-15 (late); not adopted 04-20; 催告 04-25; 跟进监督
                               by 舟检 05-05, which records its action
E      (issued 2025-02-10, voided: never counts)
F      2025-03-03  2025-05-05  juvenile case; extended by the procurator 04-28 to 05-20;
                               never replied
G      2025-05-06  2025-07-07  objection 05-10, rejected 05-15; never replied
H      2025-05-06  2025-06-10  objection 05-12, upheld 05-19 (withdrawn: not due)
P1     2024-02-01  2024-04-01  reply 2024-03-20 (on time); adopted, rectifying 2024-04-10
P2     2024-03-01  2024-05-06  never replied
X      2025-02-01  2025-04-01  普检 (outside the procurator's scope); never replied
=====  ==========  ==========  ==========================================================
"""

from __future__ import annotations

import datetime
import io
import json
from contextlib import contextmanager

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from cases.models import SupervisionCase
from recommendations import services
from recommendations.models import Recommendation
from recommendations.services import extensions
from reporting import statistics as S
from supervision.choices import Role

D = datetime.date
TODAY = D(2026, 3, 2)
H1_2025 = (D(2025, 1, 1), D(2025, 6, 30))
TZ = datetime.timezone(datetime.timedelta(hours=8))


@contextmanager
def on(day: datetime.date):
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(10), TZ), tick=False):
        yield


def _instrument(world, *, accepted: D, served: D, due: D, juvenile: bool = False,
                procurator=None) -> Recommendation:
    actor = procurator or world.procurator
    agency = world.court if actor == world.procurator else world.pt_court
    with on(accepted):
        case = world.register_case(actor=actor, agency=agency, accepted_on=accepted,
                                   juvenile=juvenile)
    with on(served):
        rec = world.served(served, case)
    Recommendation.objects.filter(pk=rec.pk).update(due_date=due)
    rec.refresh_from_db()
    return rec


def _reply(world, rec, day: D, liaison=None) -> None:
    with on(day):
        services.reply_submit(actor=liaison or world.court_liaison, recommendation=rec,
                              content="已按建议整改。")


def _evaluate(world, rec, day: D, outcome: str) -> None:
    with on(day):
        services.recommendation_evaluate(actor=world.procurator, recommendation=rec,
                                         outcome=outcome, reasons="理由如下。")


@pytest.fixture
def dataset(world):
    w = world
    recs = {}
    a = recs["A"] = _instrument(w, accepted=D(2025, 1, 2), served=D(2025, 1, 6), due=D(2025, 3, 6))
    _reply(w, a, D(2025, 3, 6))
    _evaluate(w, a, D(2025, 3, 20), "adopted_rectified")
    SupervisionCase.objects.filter(pk=a.case_id).update(status="closed", closed_on=D(2025, 5, 1))

    b = recs["B"] = _instrument(w, accepted=D(2025, 1, 6), served=D(2025, 1, 10), due=D(2025, 3, 10))
    with on(D(2025, 3, 1)):
        ext = extensions.extension_request(actor=w.court_liaison, recommendation=b,
                                         requested_due=D(2025, 3, 31), reason="需调取卷宗")
    with on(D(2025, 3, 3)):
        extensions.recommendation_extend(actor=w.procurator, recommendation=b, reason="理由成立",
                                       new_due=D(2025, 3, 31), request=ext)
    b.refresh_from_db()
    assert b.due_date == D(2025, 3, 31)
    _reply(w, b, D(2025, 3, 25))
    _evaluate(w, b, D(2025, 4, 10), "partly_adopted")

    c = recs["C"] = _instrument(w, accepted=D(2025, 3, 25), served=D(2025, 4, 1), due=D(2025, 6, 20))
    _reply(w, c, D(2025, 7, 10))
    _evaluate(w, c, D(2025, 7, 20), "not_adopted")

    d = recs["D"] = _instrument(w, accepted=D(2025, 1, 20), served=D(2025, 2, 3), due=D(2025, 4, 3))
    _reply(w, d, D(2025, 4, 15))
    _evaluate(w, d, D(2025, 4, 20), "not_adopted")
    with on(D(2025, 4, 25)):
        services.follow_up_record(actor=w.procurator, recommendation=d, kind="urge", note="催告")
    with on(D(2025, 5, 5)):
        higher = services.follow_up_record(actor=w.procurator, recommendation=d,
                                           kind="higher_procuratorate", note="提请跟进",
                                           higher_procuratorate=w.city)
    with on(D(2025, 5, 20)):
        services.follow_up_higher_action(actor=w.supervisor, follow_up=higher, action="已约谈")

    with on(D(2025, 2, 5)):
        e_case = w.register_case(accepted_on=D(2025, 2, 5))
    with on(D(2025, 2, 10)):
        e = w.issued(e_case, issued_on=D(2025, 2, 10))
        services.recommendation_void(actor=w.approver, recommendation=e, reason="文号错误")

    f = recs["F"] = _instrument(w, accepted=D(2025, 3, 3), served=D(2025, 3, 3), due=D(2025, 5, 5),
                                juvenile=True)
    with on(D(2025, 4, 28)):
        extensions.recommendation_extend(actor=w.procurator, recommendation=f, reason="依职权延长",
                                       new_due=D(2025, 5, 20))
    f.refresh_from_db()
    assert f.due_date == D(2025, 5, 20)

    g = recs["G"] = _instrument(w, accepted=D(2025, 4, 28), served=D(2025, 5, 6), due=D(2025, 7, 7))
    h = recs["H"] = _instrument(w, accepted=D(2025, 4, 28), served=D(2025, 5, 6), due=D(2025, 6, 10))
    for rec, asked, decided, outcome in ((g, D(2025, 5, 10), D(2025, 5, 15), "rejected"),
                                         (h, D(2025, 5, 12), D(2025, 5, 19), "upheld")):
        with on(asked):
            request = services.review_request(actor=w.court_liaison, recommendation=rec,
                                              kind="objection", reason="认定事实有误")
        with on(decided):
            services.review_decide(actor=w.procurator, request=request, outcome=outcome,
                                   reason="经审查决定")

    p1 = recs["P1"] = _instrument(w, accepted=D(2024, 1, 15), served=D(2024, 2, 1), due=D(2024, 4, 1))
    _reply(w, p1, D(2024, 3, 20))
    _evaluate(w, p1, D(2024, 4, 10), "adopted_in_progress")
    recs["P2"] = _instrument(w, accepted=D(2024, 2, 20), served=D(2024, 3, 1), due=D(2024, 5, 6))

    recs["X"] = _instrument(w, accepted=D(2025, 1, 20), served=D(2025, 2, 1), due=D(2025, 4, 1),
                            procurator=w.pt_procurator)
    return recs


#: The answers for the procurator of 定检, 2025-01-01 to 2025-06-30 (and 2024's first half).
H1_EXPECTED = {
    "cases_accepted": 8, "cases_closed": 1,          # A–H's cases (E's too); A's case closed
    "issued": 7,                                     # A B C D F G H; E voided
    "due": 5,                                        # A B C D F; G due in July; H withdrawn
    "replied_on_time": 2,                            # A (on the due date), B (after extension)
    "replied_late": 1,                               # D
    "unanswered": 2,                                 # C (replied in July), F
    "on_time_rate": 40.0, "reply_rate": 60.0,
    "evaluated": 3, "adopted": 2, "rectified": 1,    # A B D; A B; A
    "adoption_rate": 66.7, "rectification_rate": 50.0,
    "extensions_requested": 1, "extensions_granted_on_request": 1,
    "extensions_refused": 0, "extensions_granted_own_motion": 1,
    "objections_raised": 2, "review_requests": 0, "reviews_upheld": 1, "reviews_rejected": 1,
    "follow_ups": 2, "follow_up_urge": 1, "follow_up_higher_procuratorate": 1,
    "follow_up_higher_acted": 1, "follow_up_superior_authority": 0, "follow_up_congress": 0,
    "follow_up_government": 0, "follow_up_lawsuit": 0,
    "juvenile_accepted": 1, "juvenile_closed": 0, "juvenile_issued": 1,
}
H1_2024_EXPECTED = {
    "cases_accepted": 2, "cases_closed": 0, "issued": 2, "due": 2, "replied_on_time": 1,
    "replied_late": 0, "unanswered": 1, "on_time_rate": 50.0, "reply_rate": 50.0,
    "evaluated": 1, "adopted": 1, "rectified": 0, "adoption_rate": 100.0,
    "rectification_rate": 0.0, "extensions_requested": 0, "objections_raised": 0,
    "follow_ups": 0, "juvenile_accepted": 0, "juvenile_issued": 0,
}


def _invariant(figures: S.PeriodFigures) -> None:
    assert (figures["replied_on_time"] + figures["replied_late"] + figures["unanswered"]
            == figures["due"])


def test_every_figure_of_the_first_half_and_of_the_year_before(dataset, world, no_duty_flows):
    stats = S.statistics(world.procurator, *H1_2025, today=TODAY)
    assert {code: stats.current[code] for code in H1_EXPECTED} == H1_EXPECTED
    assert {code: stats.previous[code] for code in H1_2024_EXPECTED} == H1_2024_EXPECTED
    assert stats.previous.period == S.Period(D(2024, 1, 1), D(2024, 6, 30))
    assert set(stats.current.values) == {f.code for f in S.FIGURES}
    _invariant(stats.current)
    _invariant(stats.previous)
    [row] = stats.by_type
    assert row.key == ("recommendation",)
    assert (row.current["issued"], row.previous["issued"]) == (7, 2)
    [matter] = stats.by_matter
    assert (matter.current["cases_accepted"], matter.previous["cases_accepted"]) == (8, 2)


def test_an_instrument_due_in_one_period_and_replied_in_the_next_is_late_in_a_period_with_both(
        dataset, world):
    july = S.statistics(world.procurator, D(2025, 1, 1), D(2025, 7, 31), today=TODAY)
    # C (due 06-20, replied 07-10) is now late; G (due 07-07) joins, unanswered.
    assert [july.current[c] for c in ("due", "replied_on_time", "replied_late", "unanswered")] == [
        6, 2, 2, 2]
    # Evaluations and due dates in July alone: C's reply is late there only if C is due there.
    only_july = S.statistics(world.procurator, D(2025, 7, 1), D(2025, 7, 31), today=TODAY)
    assert [only_july.current[c] for c in ("due", "unanswered", "evaluated", "adopted")] == [
        1, 1, 1, 0]
    _invariant(july.current)
    _invariant(only_july.current)


def test_a_period_ending_after_today_counts_replies_up_to_today(dataset, world):
    # "Today" 2025-05-01: F (due 05-20) is not yet due; A B C? C is due 06-20: not yet.
    stats = S.statistics(world.procurator, D(2025, 1, 1), D(2025, 12, 31), today=D(2025, 5, 1))
    assert stats.current.as_of == D(2025, 5, 1)
    assert [stats.current[c] for c in ("due", "replied_on_time", "replied_late", "unanswered")] == [
        3, 2, 1, 0]
    _invariant(stats.current)


def test_scope_a_procuratorate_outside_the_viewers_never_counts(dataset, world):
    procurator = S.statistics(world.procurator, *H1_2025, today=TODAY)
    supervisor = S.statistics(world.supervisor, *H1_2025, today=TODAY)
    putuo = S.statistics(world.supervisor, *H1_2025, procuratorate=world.putuo, today=TODAY)
    observer = S.statistics(world.observer, *H1_2025, today=TODAY)
    assert procurator.current["issued"] == observer.current["issued"] == 7
    assert supervisor.current["issued"] == 8 and supervisor.current["unanswered"] == 3
    assert putuo.current["issued"] == 1 and putuo.current["unanswered"] == 1
    assert putuo.current["cases_accepted"] == 1 and putuo.current["evaluated"] == 0
    pt = S.statistics(world.pt_procurator, *H1_2025, today=TODAY)
    assert (pt.current["issued"], pt.current["due"], pt.current["follow_ups"]) == (1, 1, 0)
    # A procurator naming another procuratorate still sees only their own.
    narrowed = S.statistics(world.procurator, *H1_2025, procuratorate=world.putuo, today=TODAY)
    assert narrowed.current["issued"] == 0
    for stats in (procurator, supervisor, putuo, observer, pt):
        _invariant(stats.current)


def test_the_figures_take_a_handful_of_queries(dataset, world, django_assert_num_queries,
                                              no_duty_flows):
    with django_assert_num_queries(6):
        S.statistics(world.supervisor, *H1_2025, today=TODAY)


@pytest.mark.parametrize(("start", "end", "code"), [
    (D(2025, 2, 1), D(2025, 1, 31), "reversed"),
    (D(1999, 12, 31), D(2000, 3, 1), "out_of_range"),
    (D(2099, 1, 1), D(2100, 1, 1), "out_of_range"),
    (D(2020, 1, 1), D(2025, 1, 1), "too_long"),
])
def test_invalid_periods_are_refused_with_a_reason(start, end, code):
    with pytest.raises(ValidationError) as error:
        S.validate_period(start, end)
    assert error.value.code == code


def test_five_years_is_the_longest_period_and_a_leap_day_has_a_year_before():
    S.validate_period(D(2020, 1, 1), D(2024, 12, 31))
    assert S.Period(D(2024, 2, 29), D(2024, 2, 29)).previous() == S.Period(D(2023, 2, 28),
                                                                          D(2023, 2, 28))


def test_the_command_prints_the_same_json_as_the_api(dataset, world):
    out = io.StringIO()
    with time_machine.travel(datetime.datetime(2026, 3, 2, 10, tzinfo=TZ), tick=False):
        call_command("statistics", "--procuratorate", "定检", "--from", "2025-01-01",
                     "--to", "2025-06-30", "--json", stdout=out)
        client = Client()
        client.force_login(world.supervisor)
        api = client.get(reverse("api-statistics"), {"from": "2025-01-01", "to": "2025-06-30",
                                                      "procuratorate": world.dinghai.pk})
    data = json.loads(out.getvalue())
    assert api.status_code == 200
    assert api.json() == data
    assert {code: data[code] for code in H1_EXPECTED} == H1_EXPECTED
    assert {code: data["previous_year"][code] for code in H1_2024_EXPECTED} == H1_2024_EXPECTED
    assert data["replied_on_time"] + data["replied_late"] + data["unanswered"] == data["due"]
    assert data["procuratorate"]["short_name"] == "定检"
    assert (data["from"], data["to"], data["as_of"]) == ("2025-01-01", "2025-06-30", "2025-06-30")


def test_the_command_refuses_an_unknown_procuratorate_and_a_bad_period(world):
    with pytest.raises(CommandError, match="没有简称"):
        call_command("statistics", "--procuratorate", "无此院", "--from", "2025-01-01",
                     "--to", "2025-06-30")
    with pytest.raises(CommandError, match="截止日期不能早于起始日期"):
        call_command("statistics", "--procuratorate", "定检", "--from", "2025-06-30",
                     "--to", "2025-01-01")
    out = io.StringIO()
    call_command("statistics", "--procuratorate", "舟检", "--from", "2025-01-01",
                 "--to", "2025-06-30", stdout=out)
    assert "on_time_rate" in out.getvalue()


def test_the_api_answers_within_scope_and_refuses_the_rest(dataset, world):
    client = Client()
    client.force_login(world.procurator)
    url = reverse("api-statistics")
    with time_machine.travel(datetime.datetime(2026, 3, 2, 10, tzinfo=TZ), tick=False):
        ok = client.get(url, {"from": "2025-01-01", "to": "2025-06-30"})
        assert ok.status_code == 200 and ok.json()["issued"] == 7
        assert ok.json()["procuratorate"] is None
        # Another procuratorate is not a choice for them.
        assert client.get(url, {"from": "2025-01-01", "to": "2025-06-30",
                                "procuratorate": world.putuo.pk}).status_code == 400
        bad = client.get(url, {"from": "2025-06-30", "to": "2025-01-01"})
        assert bad.status_code == 400 and [e["attr"] for e in bad.json()["errors"]] == ["to"]
        client.force_login(world.court_liaison)
        assert client.get(url, {"from": "2025-01-01", "to": "2025-06-30"}).status_code == 404


def test_the_api_is_in_the_openapi_schema(world):
    client = Client()
    client.force_login(world.supervisor)
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()
    operation = schema["paths"]["/api/statistics/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"from", "to", "procuratorate"}
    components = json.dumps(schema["components"]["schemas"])
    for code in ("issued", "due", "replied_on_time", "replied_late", "unanswered", "evaluated",
                 "adopted", "rectified", "on_time_rate", "adoption_rate", "previous_year"):
        assert f'"{code}"' in components


def test_the_page_shows_both_periods_definitions_and_exports_every_table(dataset, world):
    client = Client()
    client.force_login(world.observer)
    url = reverse("reporting:statistics")
    with time_machine.travel(datetime.datetime(2026, 3, 2, 10, tzinfo=TZ), tick=False):
        page = client.get(url, {"from": "2025-01-01", "to": "2025-06-30"})
        assert page.status_code == 200
        html = page.content.decode()
        assert 'data-testid="current-issued">7<' in html
        assert 'data-testid="previous-issued">2<' in html
        assert 'data-testid="current-on_time_rate">40.0%<' in html
        assert str(S.FIGURES_BY_CODE["unanswered"].definition) in html
        # Figures only: nothing of an instrument's content or number reaches the observer.
        assert dataset["A"].number not in html and "已按建议整改" not in html
        for table in ("figures", "by_type", "by_matter"):
            export = client.get(reverse("reporting:statistics-export", args=[table]),
                                {"from": "2025-01-01", "to": "2025-06-30"})
            assert export.status_code == 200
            sheet = load_workbook(io.BytesIO(export.content)).active
            rows = list(sheet.iter_rows(values_only=True))
            assert len(rows) > 1
        figures = {r[1]: r[2:4] for r in load_workbook(io.BytesIO(client.get(
            reverse("reporting:statistics-export", args=["figures"]),
            {"from": "2025-01-01", "to": "2025-06-30"}).content)).active.iter_rows(values_only=True)}
        assert figures["逾期未回复"] == (2, 1)


@pytest.mark.parametrize(("query", "message"), [
    ({"from": "2025-06-30", "to": "2025-01-01"}, "截止日期不能早于起始日期。"),
    ({"from": "1999-01-01", "to": "2000-01-01"}, "统计期间应在"),
    ({"from": "2019-01-01", "to": "2025-01-01"}, "统计期间最长为 5 年。"),
    ({"from": "2025-01-01", "to": ""}, "请填写截止日期。"),
    ({"from": "2025-13-01", "to": "2025-12-31"}, "请输入有效的日期。"),
])
def test_the_page_explains_an_invalid_period(world, query, message):
    client = Client()
    client.force_login(world.supervisor)
    page = client.get(reverse("reporting:statistics"), query)
    assert page.status_code == 200
    html = page.content.decode()
    assert message in html
    assert 'data-testid="stats-figures"' not in html


def test_without_a_period_the_page_shows_this_year_to_date(world):
    client = Client()
    client.force_login(world.approver)
    with time_machine.travel(datetime.datetime(2026, 3, 2, 10, tzinfo=TZ), tick=False):
        html = client.get(reverse("reporting:statistics")).content.decode()
    assert 'value="2026-01-01"' in html and 'value="2026-03-02"' in html
    assert 'name="procuratorate"' not in html  # their own procuratorate: nothing to choose
    assert "2025年1月1日" in html  # the same period a year before


@pytest.mark.parametrize("role", [Role.LIAISON, Role.SYSADMIN])
def test_who_has_no_statistics_scope_gets_404(world, role):
    user = world.court_liaison if role == Role.LIAISON else world.sysadmin
    client = Client()
    client.force_login(user)
    assert client.get(reverse("reporting:statistics")).status_code == 404
    assert client.get(reverse("reporting:statistics-export", args=["figures"])).status_code == 404
