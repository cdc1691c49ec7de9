"""The inspection pages: who sees what (404 for the rest), each form and its errors in the
user's language, the one-step conversions through the pages, the case page's panel, the
feedback rendered and read back, the list's query count, and the API."""

from __future__ import annotations

import datetime
import io
import pathlib

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from inspections import documents, services
from inspections.models import Finding, Inspection

from .conftest import TODAY, plan

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize(("persona", "sees", "works"), [
    ("procurator", True, True), ("assistant", True, True), ("approver", True, True),
    ("supervisor", True, False), ("pt_procurator", False, False),
    ("court_liaison", False, False), ("police_liaison", False, False),
    ("observer", False, False), ("sysadmin", False, False), ("auditadmin", False, False),
])
def test_who_sees_and_works_on_an_inspection(world, finding, persona, sees, works):
    inspection = finding.inspection
    client = client_for(getattr(world, persona))
    for url in (reverse("inspections:detail", args=[inspection.pk]),
                reverse("inspections:report-pdf", args=[inspection.pk]),
                reverse("api-inspection-detail", args=[inspection.pk])):
        assert client.get(url).status_code == (200 if sees else 404), url
    for url in (reverse("inspections:edit", args=[inspection.pk]),
                reverse("inspections:finding-add", args=[inspection.pk]),
                reverse("inspections:finding-oral", args=[inspection.pk, finding.pk])):
        assert client.get(url).status_code == (200 if works else 404), url
    if persona not in ("sysadmin", "auditadmin"):
        listed = client.get(reverse("api-inspection-list")).json()["count"]
        assert listed == (1 if sees else 0)


def test_a_procurator_off_the_team_reads_but_does_not_work(world, finding, other_procurator):
    client = client_for(other_procurator)
    inspection = finding.inspection
    page = client.get(inspection.get_absolute_url()).content.decode()
    assert "监室内被监管人超员关押" in page and "制发监督文书" not in page
    assert client.get(reverse("inspections:finding-add", args=[inspection.pk])).status_code == 404


def test_planning_through_the_page_and_bad_input(world, detention, clock):
    client = client_for(world.procurator)
    url = reverse("inspections:create")
    page = client.get(url).content.decode()
    assert "舟山市看守所" in page and "舟山市定海区人民法院" not in page  # only institutions
    response = client.post(url, {"title": "", "kind": "circuit", "mode": "regular",
                                 "institution": detention.pk, "leader": world.procurator.pk,
                                 "start_date": "2026-11-30", "end_date": "2026-11-01",
                                 "scope": "监管执法"})
    body = response.content.decode()
    assert response.status_code == 200 and "结束日期不能早于开始日期" in body
    response = client.post(url, {"title": "看守所巡回", "kind": "circuit", "mode": "regular",
                                 "institution": world.court.pk, "leader": world.procurator.pk,
                                 "start_date": "2026-11-30", "end_date": "2026-12-10",
                                 "scope": "监管执法"})
    assert response.status_code == 200 and "选择一个有效的选项" in response.content.decode()
    response = client.post(url, {"title": "派驻检察", "kind": "resident", "mode": "regular",
                                 "institution": detention.pk, "leader": world.procurator.pk,
                                 "start_date": "2026-11-30", "end_date": "2026-12-10",
                                 "scope": "监管执法"})
    assert response.status_code == 200 and "日常派驻检察" in response.content.decode()
    assert not Inspection.objects.exists()
    response = client.post(url, {"title": "看守所巡回", "kind": "circuit", "mode": "regular",
                                 "institution": detention.pk, "leader": world.procurator.pk,
                                 "members": [world.assistant.pk], "start_date": "2026-11-20",
                                 "end_date": "2026-12-10", "scope": "监管执法\n安全防范"})
    inspection = Inspection.objects.get()
    assert response.status_code == 302 and response["Location"] == inspection.get_absolute_url()
    assert client_for(world.assistant).get(url).status_code == 404
    assert client_for(world.supervisor).get(url).status_code == 404


def test_a_finding_becomes_an_instrument_through_the_pages(world, finding, custody_matter,
                                                           correction_notice):
    client = client_for(world.procurator)
    inspection = finding.inspection
    page = client.get(inspection.get_absolute_url()).content.decode()
    assert "制发监督文书" in page and "转为监督案件" in page and "登记口头纠正" in page
    url = reverse("inspections:finding-instrument", args=[inspection.pk, finding.pk])
    form = client.get(url).content.decode()
    assert "纠正违法通知书" in form and "通知立案书" not in form
    response = client.post(url, {"instrument_type": correction_notice.pk,
                                 "matter": custody_matter.pk, "title": "纠正违法通知书",
                                 "body": ""})
    assert response.status_code == 200 and "必填" in response.content.decode()
    response = client.post(url, {"instrument_type": correction_notice.pk,
                                 "matter": custody_matter.pk, "title": "关于纠正分押分管的通知",
                                 "body": "一、立即纠正。"})
    finding.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == finding.recommendation.get_absolute_url()
    page = client.get(inspection.get_absolute_url()).content.decode()
    assert "纠正违法通知书" in page and finding.case.number in page
    # The case page says where the case came from.
    page = client.get(finding.case.get_absolute_url()).content.decode()
    assert "源自巡回检察" in page and inspection.title in page
    # Converted once only: the page refuses again, in words.
    response = client.post(url, {"instrument_type": correction_notice.pk,
                                 "matter": custody_matter.pk, "title": "t", "body": "b"},
                           follow=True)
    assert "不能制发监督文书" in response.content.decode()


def test_an_assistant_is_not_offered_the_conversion(world, finding):
    page = client_for(world.assistant).get(finding.inspection.get_absolute_url()).content.decode()
    assert "登记口头纠正" in page and "转为监督案件" not in page


def test_case_oral_rectification_and_conclusion_through_the_pages(world, finding, custody_matter):
    inspection = finding.inspection
    client = client_for(world.procurator)
    second = services.finding_add(actor=world.procurator, inspection=inspection,
                                  category="security", description="监控存在盲区。",
                                  found_on=TODAY)
    response = client.post(reverse("inspections:finding-case", args=[inspection.pk, finding.pk]),
                           {"matter": custody_matter.pk, "title": "分押分管监督案"})
    finding.refresh_from_db()
    assert response.status_code == 302 and response["Location"] == finding.case.get_absolute_url()
    url = reverse("inspections:finding-oral", args=[inspection.pk, second.pk])
    response = client.post(url, {"note": "", "corrected_on": "2026-11-99"})
    assert response.status_code == 200
    response = client.post(url, {"note": "当场指出，已调整摄像头角度。", "corrected_on": "2026-11-23"})
    assert response.status_code == 302
    response = client.post(reverse("inspections:finding-rectifying",
                                   args=[inspection.pk, second.pk]),
                           {"measures": "增设摄像头两处。", "due": "2026-12-10"})
    assert response.status_code == 302
    response = client.post(reverse("inspections:finding-verify", args=[inspection.pk, second.pk]),
                           {"rectified": "yes", "verified_on": "2026-11-23", "note": "已增设。"})
    assert response.status_code == 302
    assert Finding.objects.get(pk=second.pk).status == "rectified"
    conclude = reverse("inspections:conclude", args=[inspection.pk])
    assert client_for(world.assistant).get(conclude).status_code == 404
    response = client.post(conclude, {"report_summary": "监管秩序总体良好。",
                                      "report_requests": "落实分押分管。",
                                      "report_issued_on": "2026-11-23"})
    assert response.status_code == 302
    page = client.get(inspection.get_absolute_url()).content.decode()
    assert "监管秩序总体良好" in page and "已结束" in page


def test_the_feedback_as_a_document(world, finding, custody_matter, correction_notice,
                                    output_dir):
    inspection = finding.inspection
    services.finding_to_instrument(actor=world.procurator, finding=finding,
                                   matter=custody_matter, instrument_type=correction_notice,
                                   title="纠正违法通知书", body="一、立即纠正。")
    oral = services.finding_add(actor=world.procurator, inspection=inspection,
                                category="security", description="监控存在盲区。",
                                found_on=TODAY)
    services.finding_correct_on_spot(actor=world.procurator, finding=oral,
                                     note="当场指出，已调整摄像头角度。", corrected_on=TODAY)
    services.finding_verify(actor=world.procurator, finding=oral, rectified=True,
                            verified_on=TODAY, note="已调整。")
    services.inspection_conclude(actor=world.procurator, inspection=inspection,
                                 report_summary="监管秩序总体良好，发现问题两项。",
                                 report_requests="请于两个月内书面回复整改情况。",
                                 report_issued_on=TODAY)
    inspection.refresh_from_db()
    data = documents.render_report_pdf(inspection)
    assert data.startswith(b"%PDF")
    text = pdf_text(data).replace("\n", "").replace(" ", "")
    for expected in ("舟山市定海区人民检察院", "巡回检察情况反馈", "舟山市看守所：",
                     "二〇二六年十一月十六日至二〇二六年十一月二十七日", "常规巡回检察",
                     "组长：陈立", "周敏", "监管执法", "监室内被监管人超员关押",
                     "已制发纠正违法通知书", "已当场口头纠正", "已整改到位",
                     "请于两个月内书面回复整改情况", "二〇二六年十一月二十三日", "第1页共",
                     "此处加盖院印"):
        assert expected in text, expected
    assert documents.render_report_pdf(inspection) == data
    pathlib.Path(output_dir / "inspection_report.pdf").write_bytes(data)
    response = client_for(world.supervisor).get(
        reverse("inspections:report-pdf", args=[inspection.pk]))
    assert response["Content-Type"] == "application/pdf"


def test_the_list_filters_and_its_query_count(world, detention, clock,
                                              django_assert_max_num_queries):
    for day in (2, 9, 16):
        plan(world, detention, title=f"第{day}日巡回", start_date=datetime.date(2026, 11, day),
             end_date=datetime.date(2026, 11, day + 5))
    client = client_for(world.procurator)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("inspections:list")).content.decode()
    assert page.count('data-testid="inspection-row"') == 3
    with django_assert_max_num_queries(12):
        page = client.get(reverse("inspections:list") + "?status=concluded").content.decode()
    assert page.count('data-testid="inspection-row"') == 0
    page = client.get(reverse("inspections:list") + "?date_from=2026-11-15").content.decode()
    assert page.count('data-testid="inspection-row"') == 1
    page = client.get(reverse("inspections:list") + f"?institution={detention.pk}&q=第9日"
                      ).content.decode()
    assert page.count('data-testid="inspection-row"') == 1
    assert client.get(reverse("inspections:list") + "?date_from=2026-99-01").status_code == 200
    assert client.get(reverse("inspections:list") + "?institution=abc").status_code == 200
    for persona in ("court_liaison", "observer", "sysadmin"):
        assert client_for(getattr(world, persona)).get(
            reverse("inspections:list")).status_code == 404
    page = client_for(world.procurator).get(reverse("cases:list")).content.decode()
    assert reverse("inspections:list") in page  # the nav entry


def test_the_api_plans_records_and_converts(world, detention, custody_matter, clock,
                                            django_assert_max_num_queries):
    client = client_for(world.procurator)
    response = client.post(reverse("api-inspection-list"), {
        "title": "API 巡回", "kind": "circuit", "mode": "cross", "institution": detention.pk,
        "leader": world.procurator.pk, "members": [world.assistant.pk],
        "start_date": "2026-11-16", "end_date": "2026-11-27", "scope": "监管执法"},
        content_type="application/json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    response = client.post(reverse("api-inspection-start", args=[pk]),
                           {"started_on": "2026-11-16"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "in_progress"
    response = client.post(reverse("api-inspection-findings", args=[pk]),
                           {"category": "rights", "description": "会见登记不规范。",
                            "found_on": "2026-11-18"}, content_type="application/json")
    assert response.status_code == 201
    finding_pk = response.json()["id"]
    response = client.post(reverse("api-inspection-finding-convert", args=[pk, finding_pk]),
                           {"to": "instrument", "matter": custody_matter.pk, "title": "纠正",
                            "instrument_type": "correction_notice", "body": "一、纠正。"},
                           content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["disposal"] == "instrument" and response.json()["recommendation"]
    response = client.post(reverse("api-inspection-finding-verify", args=[pk, finding_pk]),
                           {"rectified": True, "verified_on": "2026-11-23", "note": "x"},
                           content_type="application/json")
    assert response.status_code == 400 and "文书办结" in response.content.decode()
    # The assistant is refused as a person; an outsider never finds it.
    assistant = client_for(world.assistant)
    response = assistant.post(reverse("api-inspection-cancel", args=[pk]), {"reason": "r"},
                              content_type="application/json")
    assert response.status_code == 403
    outsider = client_for(world.pt_procurator)
    assert outsider.post(reverse("api-inspection-cancel", args=[pk]), {"reason": "r"},
                         content_type="application/json").status_code == 404
    with django_assert_max_num_queries(10):
        assert client.get(reverse("api-inspection-list")).json()["count"] == 1
    with django_assert_max_num_queries(10):
        assert len(client.get(reverse("api-inspection-detail", args=[pk])).json()["findings"]) == 1
    response = client.post(reverse("api-inspection-list"), {"title": "x"},
                           content_type="application/json")
    assert response.status_code == 400


def test_the_detail_page_reads_a_fixed_number_of_queries(world, finding, custody_matter,
                                                         correction_notice,
                                                         django_assert_max_num_queries):
    inspection = finding.inspection
    services.finding_to_instrument(actor=world.procurator, finding=finding,
                                   matter=custody_matter, instrument_type=correction_notice,
                                   title="t", body="一、纠正。")
    for n in range(3):
        services.finding_add(actor=world.procurator, inspection=inspection, category="security",
                             description=f"问题{n}", found_on=TODAY)
    client = client_for(world.procurator)
    with django_assert_max_num_queries(16):
        page = client.get(inspection.get_absolute_url()).content.decode()
    assert page.count('data-testid="finding"') == 4
