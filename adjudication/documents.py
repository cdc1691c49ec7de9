"""The attendance's documents, rendered to PDF in the official layout, always in Chinese:

* 列席审判委员会会议意见 — the opinion the chief (or the entrusted deputy chief) gave on the case
  or topic, addressed to the court's adjudication committee; before the meeting, the draft the
  handler prepared, marked as such, for the chief to take to the meeting;
* 列席审判委员会会议情况记录 — the record kept by the procuratorate: the notice, who attended,
  the opinion given, the committee's decision and whether it adopted the opinion, and the
  follow-up.

As ``recommendations.documents``: a pure function of the data (data → HTML → PDF bytes with
WeasyPrint, no file, no network), the same fonts and the same 版头.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import override

from recommendations.documents import (
    _fonts,
    _url_fetcher,
    build_font_config,
    chinese_date,
    chinese_time,
    issuer_font_size,
)

from .models import NOTICE_DAYS, Attendance

OPINION_TEMPLATE = "documents/adjudication_opinion.html"
RECORD_TEMPLATE = "documents/adjudication_record.html"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _name(user) -> str:
    return (user.display_name or user.username) if user is not None else ""


def _capacity(attendance: Attendance) -> str:
    """How the attendee is named: 检察长, or 受检察长委托的副检察长."""
    return "受检察长委托的副检察长" if attendance.by_deputy else "检察长"


def _base(attendance: Attendance) -> dict:
    procuratorate = attendance.procuratorate
    when = attendance.attended_at or attendance.meeting_at
    with override("zh-hans"):
        category = str(attendance.get_category_display())
    return {
        "procuratorate_name": procuratorate.name,
        "issuer_size": issuer_font_size(procuratorate.name),
        "court": attendance.court.name,
        "subject": attendance.subject,
        "category": category,
        "court_case_number": attendance.court_case_number,
        "case_number": attendance.case.number if attendance.case_id else "",
        "date": chinese_date(timezone.localtime(when).date()),
        "time": chinese_time(when),
        "place": attendance.place,
        "fonts": _fonts(),
    }


def opinion_context(attendance: Attendance) -> dict:
    """The opinion given — or, before the meeting, the draft prepared for it."""
    given = bool(attendance.opinion)
    return {
        **_base(attendance),
        "document_name": "列席审判委员会会议意见",
        "draft": not given,
        "attendee": _name(attendance.attendee),
        "capacity": _capacity(attendance),
        "opinion": _lines(attendance.opinion if given else attendance.draft_opinion),
        "issued": chinese_date(timezone.localtime(attendance.attended_at).date()) if given else "",
    }


def record_context(attendance: Attendance) -> dict:
    with override("zh-hans"):
        status = str(attendance.get_status_display())
        adoption = str(attendance.get_adoption_display()) if attendance.adoption else ""
        initiative = str(attendance.get_initiative_display())
    return {
        **_base(attendance),
        "document_name": "列席审判委员会会议情况记录",
        "status": status,
        "initiative": initiative,
        "notice_received_on": chinese_date(attendance.notice_received_on),
        "short_notice": attendance.short_notice,
        "notice_days": NOTICE_DAYS,
        "meeting_date": chinese_date(timezone.localtime(attendance.meeting_at).date()),
        "meeting_time": chinese_time(attendance.meeting_at),
        "agenda": _lines(attendance.agenda),
        "attended": attendance.attended_at is not None,
        "attendee": _name(attendance.attendee),
        "capacity": _capacity(attendance),
        "entrusted_by": _name(attendance.entrusted_by),
        "entrusted_on": chinese_date(attendance.entrusted_on) if attendance.entrusted_on else "",
        "opinion": _lines(attendance.opinion),
        "decision": _lines(attendance.decision),
        "adoption": adoption,
        "decided_on": chinese_date(attendance.decided_on) if attendance.decided_on else "",
        "follow_up": _lines(attendance.follow_up),
        "follow_up_instrument": str(attendance.follow_up_instrument or ""),
        "end_reason": _lines(attendance.end_reason),
    }


def _pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=None, url_fetcher=_url_fetcher()).write_pdf(
        font_config=build_font_config())


def render_opinion_html(attendance: Attendance) -> str:
    return render_to_string(OPINION_TEMPLATE, opinion_context(attendance))


def render_opinion_pdf(attendance: Attendance) -> bytes:
    return _pdf(render_opinion_html(attendance))


def render_record_html(attendance: Attendance) -> str:
    return render_to_string(RECORD_TEMPLATE, record_context(attendance))


def render_record_pdf(attendance: Attendance) -> bytes:
    return _pdf(render_record_html(attendance))
