"""Query counts of every list and detail page and API endpoint, pinned, and flat in the number
of rows (no query per row)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


@pytest.fixture(autouse=True)
def _no_duty_flows(no_duty_flows):
    """No flow of the agencies' duties registered (issue 19), so that the pins below do not
    move with the project's flows. What the flows add to a page is pinned where it is made,
    constant however many flows there are: the staff navigation's 协作事项 total and the
    liaison's menu one query for all flows, the dashboard's panel one, the statistics' and the
    scorecards' flow figures one each (duties/tests/test_surfaces.py,
    reporting/tests/test_duty_figures.py)."""


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _add_replied(world, n: int) -> list:
    from recommendations import services

    recs = []
    for _ in range(n):
        rec = world.served(datetime.date(2026, 11, 2))
        services.reply_submit(actor=world.court_liaison, recommendation=rec, content="已整改")
        recs.append(rec)
    return recs


# persona, url name, args-from-first-instrument, pinned count
PAGES = [
    ("procurator", "cases:list", None, 10),  # + filter choices (kind, matter, agency, handler), bounded count, parties
    # + timeline: the rows whose audit entries belong (one UNION ALL), the events in two
    # + measures, transfers, files, parties, related numbers, events, early involvements,
    # supplementary returns, hearings, material requests of the measures
    # + the chief at the court's committee (adjudication), the quality reviews (issue 18; the
    # inspections' and litigation's panels ask nothing of a case not theirs)
    ("procurator", "cases:detail", "case", 21),
    # + extensions, own deadlines (issue 7); items, item answers, reviews, evaluations,
    # follow-ups (issue 6)
    # + the approval steps and the committee's decisions (issue 18: approval by level)
    ("procurator", "recommendations:detail", "rec", 14),
    # + the agencies the liaison may switch to, + the tab counts (one aggregate).
    ("court_liaison", "portal:inbox", None, 7),
    # + items, item answers, reviews (issue 6); + the agency switcher (issue 8)
    # + the agency's draft reply, whether the liaison may sign replies off, its extension
    # requests.
    ("court_liaison", "portal:detail", "rec", 12),
    ("procurator", "recommendations:evaluate", "rec", 8),  # issue 6: items, reply and answers
    ("procurator", "recommendations:verify-pdf", None, 3),
    # A supervisor's procuratorate (its path) comes with the user (supervision.auth): no query.
    # One aggregate by procuratorate and agency from the partial index (the names and the
    # breakdown by department, procurator, kind and type only when there are running clocks:
    # test_dashboard_query_count_with_running_clocks below), the own deadlines by kind, the
    # congress opinions awaiting the written reply.
    ("supervisor", "reporting:dashboard", None, 6),
    # The list serialises rows only (session, user, bounded count, the page). The detail,
    # asked again unchanged, comes from the cache: session, user, the visible row's revision
    # (recommendations/tests/test_api_detail_cache.py pins a miss).
    ("supervisor", "api-recommendation-list", None, 4),
    ("supervisor", "api-recommendation-detail", "rec", 3),
    ("procurator", "api-case-list", None, 4),
    ("procurator", "notifications", None, 5),  # + the bounded count of the keyset page
]


@pytest.mark.parametrize(("persona", "name", "arg", "expected"), PAGES)
def test_query_count_is_pinned_and_flat(world, persona, name, arg, expected):
    with time_machine.travel(NOW, tick=False):
        recs = _add_replied(world, 2)
        client = Client()
        client.force_login(getattr(world, persona))
        args = {"case": [recs[0].case_id], "rec": [recs[0].pk], None: []}[arg]
        url = reverse(name, args=args)
        client.get(url)  # warm-up: content types and other per-process caches fill once
        first = _queries(client, url)
        _add_replied(world, 3)
        assert _queries(client, url) == first == expected, (name, first)


def test_dashboard_query_count_with_running_clocks_is_pinned_and_flat(world):
    """The deadline dashboard over instruments awaiting a reply (issue 16): session, user, the
    aggregate by procuratorate and agency, the names of both (two), the aggregate by the
    case's department, procurator and kind and the instrument's type (ids), the names of the
    departments, procurators, kinds and types shown (four), the own deadlines by kind, the
    congress opinions awaiting the reply, the unread notifications — 13, however many instruments, agencies, procuratorates,
    departments and procurators."""
    with time_machine.travel(NOW, tick=False):
        world.served(datetime.date(2026, 8, 3))
        client = Client()
        client.force_login(world.supervisor)
        url = reverse("reporting:dashboard")
        client.get(url)
        first = _queries(client, url)
        world.served(datetime.date(2026, 11, 2), case=world.register_case(agency=world.police))
        world.served(datetime.date(2026, 9, 1), case=world.register_case(
            actor=world.pt_procurator, agency=world.pt_court))
        _add_replied(world, 2)
        assert _queries(client, url) == first == 13, first


# --- The case file (issue 5): pages and API over a case with measures, files and transfers ---

def _enrich(world, case, n: int) -> None:
    """Add ``n`` measures (each with a file), transfers, case files, parties' worth of rows."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cases import services as case_services
    from cases.samples import tiny_pdf

    for i in range(n):
        case_services.measure_record(
            actor=world.procurator, case=case, measure_type="inquiry", taken_on=case.accepted_on,
            target=f"证人{i}", refused=i % 2 == 0, refusal_note="拒绝",
            files=[SimpleUploadedFile(f"笔录{i}.pdf", tiny_pdf())])
        case_services.clue_transfer_create(
            actor=world.procurator, case=case, recipient_kind="supervisory_commission",
            recipient=f"监委{i}", clue="线索", transferred_on=case.accepted_on)
        case_services.attachment_add(actor=world.procurator, case=case,
                                     upload=SimpleUploadedFile(f"材料{i}.pdf", tiny_pdf()))
        case_services.interference_record_create(
            actor=world.procurator, case=case, occurred_on=case.accepted_on, intervener="某某",
            intervener_post="某局", manner="phone", content="过问")


# persona, url name, extra args, query string, pinned count
CASE_FILE_PAGES = [
    # + the hearings (hearings.case_hooks), the material requests of the measures
    # + adjudication and quality panels (issue 18), one query each
    ("procurator", "cases:detail", [], "", 21),
    ("approver", "cases:detail", [], "", 22),  # + the interference records
    ("procurator", "cases:list", None, "", 10),
    ("supervisor", "cases:list", None, "?q=盗窃&juvenile=false&overdue=false", 11),  # + subtree
    ("procurator", "cases:export", ["csv"], "?q=盗窃", 5),
    ("procurator", "cases:export", ["xlsx"], "", 5),
    # + the audit entry of the read: lock the chain's head, insert the entry, move the head
    ("approver", "cases:interference-list", None, "", 7),
    ("procurator", "api-case-list", None, "?q=盗窃", 4),
    ("procurator", "api-case-detail", [], "", 9),
    ("procurator", "api-case-measures", [], "", 6),
    ("approver", "api-interference-list", None, "", 4),
]


@pytest.mark.parametrize(("persona", "name", "args", "query", "expected"), CASE_FILE_PAGES)
def test_case_file_query_counts_are_pinned_and_flat(world, persona, name, args, query, expected):
    with time_machine.travel(NOW, tick=False):
        rec = _add_replied(world, 1)[0]
        case = rec.case
        _enrich(world, case, 2)
        client = Client()
        client.force_login(getattr(world, persona))
        url = reverse(name, args=[case.pk] if args == [] else (args or [])) + query
        client.get(url)
        first = _queries(client, url)
        _enrich(world, case, 3)
        _add_replied(world, 2)
        assert _queries(client, url) == first == expected, (name, first)


# --- The deadline engine (issue 7): settings, calendar feed, own deadlines, operations pages ---

def _add_deadline_rows(world, n: int) -> None:
    """``n`` replied instruments (each opens an evaluation deadline), ``n`` awaiting ones with
    an extension each, and ``n`` self-check reports."""
    from recommendations.services import extensions
    from supervision.services.selfcheck import run_selfcheck

    _add_replied(world, n)
    for _ in range(n):
        rec = world.served(datetime.date(2026, 11, 2))
        extensions.recommendation_extend(actor=world.procurator, recommendation=rec, days=5,
                                         reason="x")
        run_selfcheck()


def _feed_url(world) -> str:
    from supervision.feeds import calendar_feed_regenerate

    return reverse("calendar-feed", args=[calendar_feed_regenerate(actor=world.procurator).token])


# persona (None: anonymous), url (built from the world), pinned count
DEADLINE_PAGES = [
    ("procurator", lambda w: reverse("settings-notifications"), 4),
    ("procurator", lambda w: reverse("settings-calendar"), 4),
    (None, _feed_url, 5),  # the token; reply, own, clue-transfer and congress-opinion deadlines
    # + the bounded count of the keyset page (no COUNT(*) over the table)
    ("supervisor", lambda w: reverse("reporting:internal-list", args=["open"]), 5),
    # + the list's filters: the instrument types, the procuratorates below and the supervision
    # kinds (issue 16)
    ("supervisor", lambda w: reverse("reporting:deadline-list", args=["awaiting"]), 8),
    ("sysadmin", lambda w: reverse("ops-selfcheck"), 4),
    ("sysadmin", lambda w: reverse("ops-calendar") + "?year=2026", 7),
]


@pytest.mark.parametrize(("persona", "make_url", "expected"), DEADLINE_PAGES)
def test_deadline_page_query_counts_are_pinned_and_flat(world, persona, make_url, expected):
    with time_machine.travel(NOW, tick=False):
        _add_deadline_rows(world, 2)
        client = Client()
        if persona:
            client.force_login(getattr(world, persona))
        url = make_url(world)
        client.get(url)
        first = _queries(client, url)
        _add_deadline_rows(world, 3)
        assert _queries(client, url) == first == expected, (url, first)


# --- Agency scorecards (issue 16): flat in the number of agencies and of their rows ---------

def _add_agencies_with_rows(world, n: int) -> None:
    """``n`` more courts of 定检, each with a replied instrument, a refusal and a 催告."""
    from agencies.models import Agency
    from cases.models import InvestigationMeasure
    from recommendations.models import FollowUp

    for _ in range(n):
        number = Agency.objects.count()
        agency = Agency.objects.create(name=f"测试法院{number}", agency_type="court",
                                       supervising_procuratorate=world.dinghai)
        case = world.register_case(agency=agency)
        rec = world.served(datetime.date(2026, 9, 2), case=case)
        FollowUp.objects.create(recommendation=rec, kind="urge", taken_on=NOW.date(),
                                note="催告", created_by=world.procurator)
        InvestigationMeasure.objects.create(
            case=case, measure_type="inquiry", taken_on=NOW.date(), target="卷宗", agency=agency,
            refused=True, refusal_note="拒绝", recorded_by=world.procurator)


# persona, url name, args (the court's pk or none), pinned count
SCORECARD_PAGES = [
    # session, user, the bell, the types' counts, the procuratorate choices (a supervisor's
    # subtree), the agencies, the instruments by agency, one grouped count per event figure
    # (five: reporting.scorecards.EVENT_CODES).
    ("supervisor", "reporting:agency-ranking", False, 12),
    ("procurator", "reporting:agency-ranking", False, 11),
    ("supervisor", "reporting:agency-ranking-export", False, 10),  # no bell, no choices drawn
    # session, user, the bell, the agency (may the viewer read it), the agency's row, its
    # instruments, its five event counts; the liaison + the agency switcher.
    ("procurator", "reporting:agency-scorecard", True, 11),
    ("court_liaison", "reporting:agency-scorecard", True, 12),
    ("observer", "reporting:agency-scorecard-export", True, 10),
]


@pytest.mark.parametrize(("persona", "name", "court", "expected"), SCORECARD_PAGES)
def test_scorecard_query_counts_are_pinned_and_flat(world, persona, name, court, expected):
    with time_machine.travel(NOW, tick=False):
        _add_replied(world, 2)
        _add_agencies_with_rows(world, 2)
        client = Client()
        client.force_login(getattr(world, persona))
        url = reverse(name, args=[world.court.pk] if court else []) + "?type=court"
        client.get(url)
        first = _queries(client, url)
        _add_replied(world, 3)
        _add_agencies_with_rows(world, 4)
        assert _queries(client, url) == first == expected, (name, first)


# Statistics (issue 16): the figures are six aggregate queries whatever the number of rows
# (instruments by type, cases by kind and matter, extensions, review requests, follow-ups,
# the type names); the page adds the session, the user, the bell and, for a supervisor, the
# procuratorates of the form. The page (not the export nor the API) adds the quality figures
# (issue 18, quality.selectors.period_figures): the totals by grade and the most frequent
# problems, and for a supervisor the figures per handler — aggregates, flat.
STATISTICS_URLS = [
    ("supervisor", lambda: reverse("reporting:statistics") + "?from=2026-01-01&to=2026-11-23", 13),
    ("procurator", lambda: reverse("reporting:statistics"), 11),
    ("observer", lambda: reverse("reporting:statistics-export", args=["figures"]), 8),
    ("supervisor", lambda: reverse("api-statistics") + "?from=2026-01-01&to=2026-11-23", 8),
]


@pytest.mark.parametrize(("persona", "make_url", "expected"), STATISTICS_URLS)
def test_statistics_query_counts_are_pinned_and_flat(world, persona, make_url, expected):
    with time_machine.travel(NOW, tick=False):
        _add_replied(world, 2)
        client = Client()
        client.force_login(getattr(world, persona))
        url = make_url()
        client.get(url)
        first = _queries(client, url)
        _add_replied(world, 3)
        assert _queries(client, url) == first == expected, (url, first)


# Similar-case detection (类案监督): each list is one aggregate query whatever the number of
# candidates; a candidate's page reads the candidate (one aggregate) and its cases (one query,
# agencies, procuratorates and handlers joined). Besides: the session, the user, the bell and,
# for a supervisor, the procuratorates of the form.
def _similar_agencies(world, n: int) -> None:
    from agencies.models import Agency

    for _ in range(n):
        agency = Agency.objects.create(name=f"定海公安派出所{Agency.objects.count()}", agency_type="police",
                                       supervising_procuratorate=world.dinghai)
        for day in (3, 4):
            world.register_case(agency=agency, accepted_on=datetime.date(2026, 11, day))


SIMILAR_URLS = [
    ("supervisor", lambda w: reverse("reporting:similar"), 6),
    ("procurator", lambda w: reverse("reporting:similar") + "?from=2026-01-01&to=2026-11-23", 5),
    ("procurator", lambda w: reverse("reporting:similar-export", args=["same-agency"]), 3),
    ("procurator", lambda w: reverse("reporting:similar-detail", args=["across-agencies"])
     + f"?matter={w.matter.pk}&agency_type=police&from=2026-01-01&to=2026-11-23", 5),
]


@pytest.mark.parametrize(("persona", "make_url", "expected"), SIMILAR_URLS)
def test_similar_case_query_counts_are_pinned_and_flat(world, settings, persona, make_url, expected):
    settings.SIMILAR_CASE_MIN_SAME_AGENCY = 2
    settings.SIMILAR_CASE_MIN_ACROSS_AGENCIES = 2
    with time_machine.travel(NOW, tick=False):
        _similar_agencies(world, 2)
        client = Client()
        client.force_login(getattr(world, persona))
        url = make_url(world)
        client.get(url)
        first = _queries(client, url)
        _similar_agencies(world, 3)
        assert _queries(client, url) == first == expected, (url, first)


# Reports to the people's congress (issue 16): the report page reads the report (its
# procuratorate and author joined), its sections, its opinions (responsible joined) and its
# latest renderings, whatever their number; a draft adds the live statistics (six aggregate
# queries) and its editor the choices of the opinion form (none on a draft); a released report
# shows its frozen figures (no statistics query), and its writer the opinion form's choices.
# Besides: the session, the user and the bell.
def _congress_report(world, *, release: bool):
    from congress.models import ReportKind
    from congress.services import reports as report_services
    from supervision.choices import Role
    from supervision.models import User

    report = report_services.report_create(
        actor=world.procurator, kind=ReportKind.ANNUAL, period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 10, 31))
    if release:
        for section in report.sections.all():
            report_services.section_save(actor=world.procurator, section=section, body="内容",
                                         seen_updated_at=section.updated_at)
        chief = User.objects.create_user(username="qc_chief", password="x" * 12, role=Role.CHIEF,
                                         procuratorate=world.dinghai)
        report_services.report_submit(actor=world.procurator, report=report)
        report_services.report_approve(actor=chief, report=report, figures={"issued": 1})
        report = report_services.report_release(actor=world.procurator, report=report)
    return report


def _congress_rows(world, report, n: int) -> None:
    from congress.services import opinions as opinion_services
    from congress.services import reports as report_services

    _add_replied(world, n)
    for _ in range(n):
        report_services.rendering_request(actor=world.procurator, report=report, fmt="pdf")
        if report.status == "released":
            opinion_services.opinion_record(actor=world.procurator, report=report,
                                            received_on=NOW.date(), content="意见",
                                            responsible=world.procurator)


CONGRESS_PAGES = [
    ("procurator", False, 12),  # a draft: live statistics (no type names: none issued in it)
    ("observer", True, 7),      # released: frozen figures
    ("procurator", True, 8),    # released, its writer: + the opinion form's choices
]


@pytest.mark.parametrize(("persona", "release", "expected"), CONGRESS_PAGES)
def test_congress_report_query_counts_are_pinned_and_flat(world, persona, release, expected):
    with time_machine.travel(NOW, tick=False):
        report = _congress_report(world, release=release)
        _congress_rows(world, report, 2)
        client = Client()
        client.force_login(getattr(world, persona))
        url = reverse("reporting:congress-report", args=[report.pk])
        client.get(url)
        first = _queries(client, url)
        _congress_rows(world, report, 3)
        assert _queries(client, url) == first == expected, (url, first)
