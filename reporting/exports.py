"""A deadline list as XLSX: exactly the rows the page lists (same scope, filters and order),
streamed in chunks and capped at ``EXPORT_LIMIT`` — the agencies' replies, the procuratorate's
own deadlines, the written replies owed on the congress's opinions."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _

from recommendations.models import Recommendation
from supervision import exports

EXPORT_LIMIT = 20_000
CHUNK = 500


def headers() -> list[str]:
    return [_("文号"), _("文书类型"), _("标题"), _("主送单位"), _("检察院"), _("承办检察官"),
            _("送达日期"), _("回复期限"), _("逾期天数")]


def rows(qs: QuerySet[Recommendation], today: datetime.date) -> Iterator[list]:
    for rec in qs[:EXPORT_LIMIT].iterator(chunk_size=CHUNK):
        late = _late(rec.due_date, today)
        yield [rec.number, str(rec.instrument_type), rec.title, rec.agency.name,
               rec.procuratorate.name, str(rec.case.handler),
               rec.served_on.isoformat() if rec.served_on else "",
               rec.due_date.isoformat() if rec.due_date else "", late]


def xlsx_response(title: str, qs: QuerySet[Recommendation], today: datetime.date) -> HttpResponse:
    return exports.xlsx_response("deadlines", title, headers(), rows(qs, today))


def _late(due: datetime.date | None, today: datetime.date) -> int:
    return (today - due).days if due and due < today else 0


def internal_xlsx_response(title: str, qs: QuerySet, today: datetime.date) -> HttpResponse:
    """The procuratorate's own deadlines (``InternalDeadline`` rows, as the list selects them)."""
    rows = ([d.recommendation.number, str(d.get_kind_display()), d.recommendation.agency.name,
             d.procuratorate.name, str(d.responsible or ""), d.due_date.isoformat(),
             _late(d.due_date, today)]
            for d in qs[:EXPORT_LIMIT].iterator(chunk_size=CHUNK))
    return exports.xlsx_response("own-deadlines", title, [
        _("文号"), _("事项"), _("主送单位"), _("检察院"), _("承办人"), _("期限"), _("逾期天数")], rows)


def opinions_xlsx_response(title: str, qs: QuerySet, today: datetime.date) -> HttpResponse:
    """The congress's deliberation opinions awaiting the written reply."""
    rows = ([o.report.title, o.letter_number, o.received_on.isoformat(), o.procuratorate.name,
             str(o.responsible), o.due_date.isoformat(), _late(o.due_date, today)]
            for o in qs[:EXPORT_LIMIT].iterator(chunk_size=CHUNK))
    return exports.xlsx_response("congress-opinions", title, [
        _("报告"), _("交办函文号"), _("收到日期"), _("检察院"), _("承办人"), _("书面回复期限"),
        _("逾期天数")], rows)
