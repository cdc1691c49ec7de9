"""The audit administrator's journey through the trail (issue 15): from the admin's index to
the entries a procurator wrote, one entry with what it changed and its hashes, the filtered
export, and a check of the whole chain — and every step of it is itself in the trail."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from supervision.models import AuditEntry
from tests.world import PASSWORD

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_audit_administrator_filters_reads_exports_and_checks_the_trail(
        world, new_page, output_dir):
    case = world.register_case(title="看守所超期羁押监督案")
    page = new_page()
    login(page, "auditadmin", PASSWORD)
    page.goto("/admin/")
    page.get_by_role("link", name="审计记录").first.click()
    expect(page.get_by_role("heading", name="选择审计记录查看")).to_be_visible()
    page.get_by_role("link", name="检察官", exact=True).click()
    row = page.locator("#result_list tbody tr").filter(has_text="登记案件")
    expect(row).to_have_count(1)
    page.screenshot(path=output_dir / "trail.png", full_page=True)

    row.locator("th a").click()
    expect(page.locator(".field-target_type .readonly")).to_have_text("cases.supervisioncase")
    expect(page.locator(".field-target_id .readonly")).to_have_text(str(case.pk))
    entry = AuditEntry.objects.get(action="case_register", target_id=str(case.pk))
    expect(page.get_by_text(entry.hash)).to_be_visible()
    page.screenshot(path=output_dir / "entry.png", full_page=True)
    page.go_back()

    with page.expect_download() as download:
        page.get_by_role("link", name="导出筛选结果（XLSX）").click()
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))[1:]
    assert rows and all(r[3] == "procurator" for r in rows)
    assert any(r[5] == "登记案件 (case_register)" for r in rows)

    page.get_by_role("button", name="立即校验审计链").click()
    expect(page.get_by_text("审计链完整")).to_be_visible()
    page.screenshot(path=output_dir / "verified.png", full_page=True)
    assert AuditEntry.objects.filter(action="audit.exported", actor=world.auditadmin).exists()
