"""Spreadsheet downloads of any list: a header row and rows, as XLSX (openpyxl, write-only:
memory stays flat however many rows the caller streams, up to its own cap).

Text that a spreadsheet would read as a formula (a leading ``= + - @``, or a tab or carriage
return before one) is never written as one: an XLSX cell keeps it as a string, a CSV field gets
a leading apostrophe (OWASP, "CSV Injection"). A case titled ``=HYPERLINK("http://…")`` is
shown, not run."""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_safe(value):
    """A CSV field that no spreadsheet will evaluate."""
    return "'" + value if looks_like_formula(value) else value

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_bytes(title: str, headers: list[str], rows: Iterable[list]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(title)[:31])  # Excel's limit on a sheet's name
    sheet.append([str(h) for h in headers])
    for row in rows:
        sheet.append([_text_cell(sheet, v) if looks_like_formula(v) else v for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text_cell(sheet, value: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # openpyxl would store a leading "=" as a formula
    return cell


def download_name(stem: str, extension: str) -> str:
    return f"{stem}-{timezone.localtime():%Y%m%d-%H%M}.{extension}"


def xlsx_response(stem: str, title: str, headers: list[str], rows: Iterable[list]) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(title, headers, rows), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{download_name(stem, "xlsx")}"'
    return response
