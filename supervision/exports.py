"""Spreadsheet downloads of any list: a header row and rows, as XLSX (openpyxl, write-only:
memory stays flat however many rows the caller streams, up to its own cap)."""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_bytes(title: str, headers: list[str], rows: Iterable[list]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(title)[:31])  # Excel's limit on a sheet's name
    sheet.append([str(h) for h in headers])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def download_name(stem: str, extension: str) -> str:
    return f"{stem}-{timezone.localtime():%Y%m%d-%H%M}.{extension}"


def xlsx_response(stem: str, title: str, headers: list[str], rows: Iterable[list]) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(title, headers, rows), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{download_name(stem, "xlsx")}"'
    return response
