"""Agencies imported from XLSX: every row's errors first, then all or nothing."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from agencies.models import Agency
from agencies.services import imports

HEADER = [h for h, _ in imports.COLUMNS]


def sheet(*rows) -> bytes:
    book = Workbook()
    book.active.append(HEADER)
    for row in rows:
        book.active.append(list(row) + [""] * (len(HEADER) - len(row)))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


GOOD = ("舟山市定海区交通运输局", "行政执法机关", "交通运输", "县区级", "定海", "定检", "舟山市交通运输局")
UPDATE = ("舟山市定海区人民法院", "人民法院", "", "县区级", "定海", "舟山市定海区人民检察院",
          "舟山市中级人民法院", "", "李书记员", "0580-1", "court@example.org")
BAD = [
    ("", "人民法院", "", "", "", "定检"),                         # no name
    ("某某局", "游乐场", "", "", "", "定检"),                     # unknown type
    ("某某所", "监狱", "", "乡镇级", "", "定检"),                  # unknown level
    ("某某院", "人民法院", "", "", "", "不存在的检察院"),           # unknown procuratorate
    ("舟山市定海区交通运输局", "行政执法机关", "", "", "", "定检"),   # duplicate of GOOD
    ("某某中心", "其他", "", "", "", "定检", "", "", "", "", "not-an-email"),
]


def test_the_dry_run_lists_every_rows_errors_and_writes_nothing(world):
    before = Agency.objects.count()
    report = imports.check_workbook(sheet(GOOD, UPDATE, *BAD), actor=world.sysadmin)
    assert not report.ok and report.error_count == 6
    assert [bool(r.errors) for r in report.rows] == [False, False] + [True] * 6
    assert [r.line for r in report.rows if r.errors] == [4, 5, 6, 7, 8, 9]
    assert report.rows[1].exists and not report.rows[0].exists
    assert "名称不能为空" in report.rows[2].errors and "电子邮箱格式不正确" in report.rows[7].errors
    assert Agency.objects.count() == before
    with pytest.raises(ValidationError):
        imports.agencies_import(actor=world.sysadmin, data=sheet(GOOD, *BAD))
    assert Agency.objects.count() == before


def test_a_clean_sheet_creates_and_updates_and_links_superiors(world):
    superior = ("舟山市交通运输局", "行政执法机关", "交通运输", "市级", "舟山", "舟检")
    created, updated = imports.agencies_import(actor=world.sysadmin, data=sheet(GOOD, UPDATE, superior))
    assert (created, updated) == (2, 1)
    bureau = Agency.objects.get(name=GOOD[0])
    assert bureau.agency_type == "administrative" and bureau.level == "county"
    assert bureau.supervising_procuratorate == world.dinghai and bureau.superior.name == "舟山市交通运输局"
    world.court.refresh_from_db()
    assert world.court.contact_email == "court@example.org"


def test_only_the_system_administrator_imports(world):
    with pytest.raises(PermissionDenied):
        imports.check_workbook(sheet(GOOD), actor=world.procurator)


def test_the_template_is_a_valid_sheet(world):
    report = imports.check_workbook(imports.template_workbook(), actor=world.sysadmin)
    assert report.ok, [r.errors for r in report.rows]
    assert [c.value for c in next(load_workbook(io.BytesIO(imports.template_workbook())).active.rows)] == HEADER


def test_the_page_checks_then_imports_on_confirmation(world):
    client = Client()
    client.force_login(world.sysadmin)
    url = reverse("agency-import")
    page = client.post(url, {"file": SimpleUploadedFile("单位.xlsx", sheet(GOOD, BAD[1]))})
    assert "游乐场" in page.content.decode() and 'name="token"' not in page.content.decode()
    page = client.post(url, {"file": SimpleUploadedFile("单位.xlsx", sheet(GOOD))})
    token = page.context["token"]
    assert token and not Agency.objects.filter(name=GOOD[0]).exists()
    assert client.post(url, {"token": token}).status_code == 302
    assert Agency.objects.filter(name=GOOD[0]).exists()
    assert client.post(url, {"token": token}).status_code == 404  # spent


def test_a_renamed_executable_is_refused(world):
    client = Client()
    client.force_login(world.sysadmin)
    page = client.post(reverse("agency-import"),
                       {"file": SimpleUploadedFile("单位.xlsx", b"MZ\x90\x00" + b"\x00" * 300)})
    assert page.status_code == 200 and "invalid-feedback" in page.content.decode()
