"""The pages of the major-situation reports: the intake queue filters and counts in a fixed
number of queries, a bad filter is told in words (never a 500), the portal form files a report
once however often it is sent, the open-case page suggests the matter and opens the case."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from agencies.models import LiaisonMembership
from duties.models import SituationReport, SituationStatus
from duties.services import situation_reports as services
from supervision.models import Matter


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _file(liaison, kind="other", title="情况"):
    return services.situation_report_file(
        actor=liaison, kind=kind, title=title, occurred_at=timezone.now() - datetime.timedelta(hours=1),
        place="某地", summary="经过", measures="措施")


@pytest.fixture
def reports(world):
    LiaisonMembership.objects.get_or_create(user=world.court_liaison, agency=world.court)
    made = [_file(world.court_liaison, "mass_incident", f"法院情况{i}") for i in range(3)]
    made += [_file(world.police_liaison, "safety_accident", f"公安情况{i}") for i in range(3)]
    made.append(_file(world.pt_court_liaison, "other", "普陀法院情况"))
    return made


def test_the_queue_counts_and_filters_in_few_queries(world, reports, django_assert_max_num_queries):
    client = _client(world.procurator)
    url = reverse("duties:situation-reports")
    client.get(url)  # session and user warm
    with django_assert_max_num_queries(12):
        page = client.get(url, {"kind": "mass_incident"}).content.decode()
    assert page.count('data-testid="situation-row"') == 3 and "普陀法院情况" not in page
    with django_assert_max_num_queries(12):
        page = client.get(url).content.decode()
    assert page.count('data-testid="situation-row"') == 6
    page = client.get(url, {"agency": world.police.pk, "status": "reported"}).content.decode()
    assert page.count('data-testid="situation-row"') == 3
    today = timezone.localdate().isoformat()
    assert client.get(url, {"reported_from": today, "reported_to": today}).content.decode() \
        .count('data-testid="situation-row"') == 6
    # The supervisor above sees both procuratorates' reports; 普检's procurator only its own.
    assert _client(world.supervisor).get(url).content.decode().count('data-testid="situation-row"') == 7
    assert _client(world.pt_procurator).get(url).content.decode().count('data-testid="situation-row"') == 1


@pytest.mark.parametrize("query", [{"kind": "flood"}, {"reported_from": "2026-13-45"},
                                   {"agency": "abc"}, {"agency": "99999999999999999999"},
                                   {"page": "x"}, {"reported_from": "1900-01-01"}])
def test_a_bad_filter_is_told_not_a_500(world, reports, query):
    response = _client(world.procurator).get(reverse("duties:situation-reports"), query)
    assert response.status_code == 200


def test_the_portal_form_files_once_and_the_list_shows_it(world, reports):
    client = _client(world.court_liaison)
    token = str(uuid.uuid4())
    data = {"kind": "escape", "title": "法院羁押室人员脱逃", "place": "法院羁押室",
            "occurred_at": (timezone.localtime() - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "summary": "经过", "measures": "措施", "form_token": token}
    first = client.post(reverse("portal:situation-report-new"), data)
    second = client.post(reverse("portal:situation-report-new"), data)
    report = SituationReport.objects.get(title="法院羁押室人员脱逃")
    assert first["Location"] == second["Location"] == report.get_portal_url()
    bad = client.post(reverse("portal:situation-report-new"), {**data, "form_token": str(uuid.uuid4()),
                                                              "occurred_at": "明天"})
    assert bad.status_code == 200 and "输入一个有效的日期/时间。" in bad.content.decode()
    page = client.get(reverse("portal:situation-reports")).content.decode()
    assert page.count('data-testid="situation-item"') == 4 and "公安情况0" not in page


def test_the_open_case_page_suggests_and_opens(world, reports):
    report = reports[0]  # the court's mass incident: 行政违法行为监督 suggested
    client = _client(world.procurator)
    url = reverse("duties:situation-report-open-case", args=[report.pk])
    page = client.get(url).content.decode()
    suggested = Matter.objects.get(name="行政违法行为监督")
    assert f'<option value="{suggested.pk}" selected>' in page
    response = client.post(url, {"matter": suggested.pk, "title": report.title,
                                 "handler": world.procurator.pk})
    report.refresh_from_db()
    assert report.status == SituationStatus.CASE_OPENED
    assert response["Location"] == report.case.get_absolute_url()
    # Sent again: the report is no longer open for a case; back to the report.
    again = client.get(url)
    assert again["Location"] == report.get_absolute_url()
    assert "不能立案监督" in client.get(url, follow=True).content.decode()
    detail = client.get(report.get_absolute_url()).content.decode()
    assert report.case.number in detail and 'data-testid="actions"' not in detail


def test_a_liaison_cannot_supplement_a_closed_report_and_is_told(world, reports):
    report = reports[0]
    services.situation_report_close(actor=world.procurator, report=report, note="无需立案")
    client = _client(world.court_liaison)
    page = client.get(report.get_portal_url()).content.decode()
    assert 'data-testid="supplement-form"' not in page and "无需立案" in page
    response = client.post(report.get_portal_url(), {"content": "补充"}, follow=True)
    assert "该通报当前状态为“已办结”，不能续报。" in response.content.decode()
    assert not report.supplements.exists()
