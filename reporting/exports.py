"""A deadline list as XLSX: exactly the rows the page lists (same scope, filters and order),
streamed in chunks and capped at ``EXPORT_LIMIT``."""

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
        late = (today - rec.due_date).days if rec.due_date and rec.due_date < today else 0
        yield [rec.number, str(rec.instrument_type), rec.title, rec.agency.name,
               rec.procuratorate.name, str(rec.case.handler),
               rec.served_on.isoformat() if rec.served_on else "",
               rec.due_date.isoformat() if rec.due_date else "", late]


def xlsx_response(title: str, qs: QuerySet[Recommendation], today: datetime.date) -> HttpResponse:
    return exports.xlsx_response("deadlines", title, headers(), rows(qs, today))
