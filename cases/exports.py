"""CSV and XLSX exports of a filtered case list.

The caller passes the queryset it got from ``CaseFilter`` over ``cases_visible_to(user)``: an
export holds exactly the rows the user could page through, never more. Rows are streamed with
``iterator(chunk_size)`` (parties and related numbers prefetched per chunk), so memory stays
flat; the number of rows is capped at ``EXPORT_LIMIT``. Personal ID numbers are masked, so are
the names of a juvenile case's persons (``SupervisionCase.list_title``, ``Party.list_name``),
and a case whose record is sealed (犯罪记录封存) is left out (docs/juvenile.md).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _

from supervision import exports

from .models import SupervisionCase

EXPORT_LIMIT = 20_000
CHUNK = 500


def export_queryset(qs: QuerySet[SupervisionCase]) -> QuerySet[SupervisionCase]:
    return qs.filter(record_sealed=False).select_related(
        "kind", "matter", "matter__parent", "agency", "handler", "procuratorate",
    ).prefetch_related("parties", "related_numbers")


def headers() -> list[str]:
    return [_("案号"), _("案件名称"), _("检察院"), _("检察类别"), _("监督事项"), _("被监督单位"),
            _("线索来源"), _("承办检察官"), _("状态"), _("受理日期"), _("结案日期"), _("涉未成年人"),
            _("当事人"), _("关联案件号")]


def rows(qs: QuerySet[SupervisionCase]) -> Iterator[list[str]]:
    yes, no = _("是"), _("否")
    for case in export_queryset(qs)[:EXPORT_LIMIT].iterator(chunk_size=CHUNK):
        yield [
            case.number, case.list_title, case.procuratorate.name, str(case.kind), str(case.matter),
            case.agency.name, case.get_clue_source_display(), str(case.handler),
            case.get_status_display(), case.accepted_on.isoformat(),
            case.closed_on.isoformat() if case.closed_on else "", yes if case.juvenile else no,
            "；".join(f"{p.list_name}（{p.id_masked}）" if p.id_number else p.list_name
                     for p in case.parties.all()),
            "；".join(n.number for n in case.related_numbers.all()),
        ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(qs: QuerySet[SupervisionCase]) -> StreamingHttpResponse:
    """UTF-8 with a BOM, so Excel on Windows opens the Chinese text correctly."""
    writer = csv.writer(_Echo())

    def stream() -> Iterator[str]:
        yield "\ufeff" + writer.writerow(headers())
        for row in rows(qs):
            yield writer.writerow([exports.csv_safe(value) for value in row])

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{exports.download_name("cases", "csv")}"'
    return response


def xlsx_bytes(qs: QuerySet[SupervisionCase]) -> bytes:
    return exports.xlsx_bytes(_("监督案件"), headers(), rows(qs))


def xlsx_response(qs: QuerySet[SupervisionCase]) -> HttpResponse:
    return exports.xlsx_response("cases", _("监督案件"), headers(), rows(qs))
