"""The inspection's written feedback to the institution (巡回检察情况反馈 / 派驻检察情况反馈),
rendered to PDF in the official layout, always in Chinese: the inspection, the team, the
period and the scope, the overall assessment, each problem found and what became of it (a
纠正违法通知书 or 检察建议 with its number once issued, a case, an oral correction, and the
rectification verified), the rectification requests, the procuratorate's seal line.

As ``recommendations.documents``: a pure function of the data (data → HTML → PDF bytes with
WeasyPrint, no file, no network), the same fonts and the same 版头.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import override

from recommendations.documents import (
    _fonts,
    _url_fetcher,
    build_font_config,
    chinese_date,
    issuer_font_size,
)

from .choices import Disposal, FindingStatus, InspectionKind
from .models import Finding, Inspection

TEMPLATE = "documents/inspection_report.html"


def document_name(inspection: Inspection) -> str:
    return ("派驻检察情况反馈" if inspection.kind == InspectionKind.RESIDENT
            else "巡回检察情况反馈")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _clause(text: str) -> str:
    """A note as a clause of the sentence (its closing punctuation dropped)."""
    return " ".join(_lines(text)).rstrip("。；;.，, ")


def _outcome(f: Finding) -> str:
    """What became of a finding, in the words of the feedback."""
    if f.disposal == Disposal.INSTRUMENT and f.recommendation is not None:
        rec = f.recommendation
        number = f"（{rec.number}）" if rec.number else ""
        text = f"已制发{rec.instrument_type.name}{number}"
    elif f.disposal == Disposal.CASE and f.case is not None:
        text = f"已立为监督案件（{f.case.number}）依法办理"
    elif f.disposal == Disposal.ORAL:
        text = f"已当场口头纠正：{_clause(f.oral_note)}"
    else:
        text = "待处理"
    if f.status == FindingStatus.RECTIFYING and f.rectification_note:
        due = f"，整改期限{chinese_date(f.rectification_due)}" if f.rectification_due else ""
        text += f"；整改措施：{_clause(f.rectification_note)}{due}"
    elif f.status == FindingStatus.RECTIFIED:
        text += f"；经{chinese_date(f.verified_on)}核查，已整改到位"
    elif f.status == FindingStatus.NOT_RECTIFIED:
        text += f"；经{chinese_date(f.verified_on)}核查，尚未整改到位"
    return text


def report_context(inspection: Inspection) -> dict:
    procuratorate = inspection.procuratorate
    members = list(inspection.members.order_by("role", "display_name", "pk"))
    findings = list(inspection.findings.select_related(
        "case", "recommendation", "recommendation__instrument_type"))
    with override("zh-hans"):
        rows = [{"number": f.number, "category": str(f.get_category_display()),
                 "severity": str(f.get_severity_display()),
                 "description": _lines(f.description), "outcome": _outcome(f)}
                for f in findings]
        kind = str(inspection.get_kind_display())
        mode = str(inspection.get_mode_display())
    return {
        "document_name": document_name(inspection),
        "procuratorate_name": procuratorate.name,
        "issuer_size": issuer_font_size(procuratorate.name),
        "institution": inspection.institution.name,
        "title": inspection.title,
        "kind": kind,
        "mode": mode,
        "start": chinese_date(inspection.start_date),
        "end": chinese_date(inspection.end_date),
        "started_on": chinese_date(inspection.started_on) if inspection.started_on else "",
        "leader": str(inspection.leader),
        "members": [str(m) for m in members],
        "scope": _lines(inspection.scope),
        "summary": _lines(inspection.report_summary),
        "requests": _lines(inspection.report_requests),
        "findings": rows,
        "issued": chinese_date(inspection.report_issued_on) if inspection.report_issued_on else "",
        "fonts": _fonts(),
    }


def render_report_html(inspection: Inspection) -> str:
    return render_to_string(TEMPLATE, report_context(inspection))


def render_report_pdf(inspection: Inspection) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_report_html(inspection), base_url=None,
                url_fetcher=_url_fetcher()).write_pdf(font_config=build_font_config())
