"""The written replies owed on the people's congress's deliberation opinions are the
procuratorate's own deadlines on the dashboard: counted by bucket beside the internal
deadlines, each number a link to a list of that length, within the viewer's scope."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from congress.models import CongressReport, ReportKind, ReportStatus
from congress.services.opinions import opinion_record, opinion_record_reply

TZ = datetime.timezone(datetime.timedelta(hours=8))
D = datetime.date
TODAY = D(2026, 11, 23)
LINK = re.compile(r'href="(/reporting/deadlines/internal/(\w+)/\?kind=opinion)">(\d+)</a>')


def at(day: D):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(9), TZ), tick=False)


def _report(world, procuratorate, author) -> CongressReport:
    return CongressReport.objects.create(
        procuratorate=procuratorate, kind=ReportKind.ANNUAL, title="2025年度法律监督工作报告",
        period_start=D(2025, 1, 1), period_end=D(2025, 12, 31), status=ReportStatus.RELEASED,
        author=author, released_on=D(2026, 3, 1))


@pytest.fixture
def opinions(world):
    """定检: one overdue (received 2026-08-20, due 2026-10-20), one due within the week
    (received 2026-09-25 → 2026-11-25), one later (2026-11-02 → 2027-01-04), one answered;
    普检: one overdue. Answers written here: 定检 open 3 · due within 7 days 1 · overdue 1."""
    dinghai = _report(world, world.dinghai, world.procurator)
    putuo = _report(world, world.putuo, world.pt_procurator)
    made = []
    for report, actor, day in ((dinghai, world.procurator, D(2026, 8, 20)),
                               (dinghai, world.procurator, D(2026, 9, 25)),
                               (dinghai, world.procurator, D(2026, 11, 2)),
                               (dinghai, world.procurator, D(2026, 11, 2)),
                               (putuo, world.pt_procurator, D(2026, 8, 20))):
        with at(day):
            made.append(opinion_record(actor=actor, report=report, received_on=day,
                                       content="意见。", responsible=actor))
    with at(TODAY):
        opinion_record_reply(actor=world.procurator, opinion=made[3], replied_on=TODAY,
                             summary="已落实。")
    return made


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(("persona", "expected"), [
    ("procurator", {"overdue": 1, "due_7": 1, "open": 3}),
    ("supervisor", {"overdue": 2, "due_7": 1, "open": 4}),   # the city's subtree
    ("pt_procurator", {"overdue": 1, "open": 1}),
])
def test_every_opinion_figure_links_to_a_list_of_that_length(world, opinions, persona,
                                                             expected):
    client = _client(getattr(world, persona))
    with at(TODAY):
        page = client.get(reverse("reporting:dashboard")).content.decode()
        assert 'data-testid="internal-opinion"' in page
        links = {bucket: (url, int(n)) for url, bucket, n in LINK.findall(page)}
        assert {bucket: n for bucket, (_url, n) in links.items()} == expected
        for url, count in links.values():
            listed = client.get(url).content.decode()
            assert listed.count('data-testid="opinion-row"') == count, url


def test_the_observer_reads_the_counts_only(world, opinions):
    client = _client(world.observer)
    with at(TODAY):
        page = client.get(reverse("reporting:dashboard")).content.decode()
        assert 'data-testid="internal-opinion"' in page and not LINK.findall(page)
        url = reverse("reporting:internal-list", args=["overdue"]) + "?kind=opinion"
        assert client.get(url).status_code == 404


def test_a_liaison_and_a_wrong_bucket_get_404(world, opinions):
    with at(TODAY):
        assert _client(world.court_liaison).get(
            reverse("reporting:internal-list", args=["overdue"]) + "?kind=opinion"
        ).status_code == 404
        assert _client(world.procurator).get(
            "/reporting/deadlines/internal/nonsense/?kind=opinion").status_code == 404


def test_the_lists_export_the_same_rows(world, opinions):
    from io import BytesIO

    from openpyxl import load_workbook

    client = _client(world.supervisor)
    with at(TODAY):
        for bucket, expected in (("overdue", 2), ("open", 4)):
            page = client.get(reverse("reporting:internal-list", args=[bucket])
                              + "?kind=opinion").content.decode()
            assert f'href="/reporting/deadlines/internal/{bucket}/export.xlsx?kind=opinion"' \
                in page
            response = client.get(reverse("reporting:internal-export", args=[bucket])
                                  + "?kind=opinion")
            sheet = load_workbook(BytesIO(response.content)).active
            rows = list(sheet.iter_rows(values_only=True))
            assert len(rows) - 1 == expected  # the header, then the rows the page lists
            assert rows[1][0] == "2025年度法律监督工作报告"
        response = client.get(reverse("reporting:internal-export", args=["open"]))
        assert response.status_code == 200  # the own deadlines (none here): the header only
        assert len(list(load_workbook(BytesIO(response.content)).active.iter_rows())) == 1
