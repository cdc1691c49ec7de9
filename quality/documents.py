"""The review report (案件质量评查报告), rendered to PDF in the official layout, always in
Chinese: the reviewed case or instrument, the kind and the reviewers, the checklist with each
result and note by group, the problems found, the opinion and the grade (and, when it departs
from the results, why), the handler's answer and the decision on it.

As ``recommendations.documents``: a pure function of the data (data → HTML → PDF bytes with
WeasyPrint, no file, no network), the same fonts and the same 版头 (the reviewing
procuratorate's name: the organiser's).
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
    issuer_font_size,
)

from .models import Review
from .selectors import problems, review_checklist

TEMPLATE = "documents/quality_report.html"


def _name(user) -> str:
    return (user.display_name or user.username) if user is not None else ""


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def report_context(review: Review) -> dict:
    """What the report prints (in Chinese whatever the reader's language)."""
    with override("zh-hans"):
        issuer = review.started_by.procuratorate or review.procuratorate
        groups = [{"label": g.label,
                   "rows": [{"name": r.item.name, "key": r.item.key,
                             "result": r.result.get_result_display() if r.result else "未填写",
                             "note": r.result.note if r.result else ""} for r in g.rows]}
                  for g in review_checklist(review)]
        found = [{"name": p.item.name, "result": p.get_result_display(), "note": p.note}
                 for p in problems(review)]
        rec = review.recommendation
        context = {
            "procuratorate_name": issuer.name,
            "issuer_size": issuer_font_size(issuer.name),
            "document_name": "案件质量评查报告",
            "case_number": review.case.number,
            "case_title": review.case.title,
            "instrument": (f"{rec.instrument_type.name} {rec.number or ''}".strip()
                           if rec is not None else ""),
            "kind": review.get_kind_display(),
            "handler": _name(review.handler),
            "reviewers": "、".join(_name(u) for u in review.reviewers.all()),
            "organiser": _name(review.started_by),
            "started": chinese_date(timezone.localdate(review.created_at)),
            "focus": _lines(review.focus),
            "groups": groups,
            "problems": found,
            "findings": _lines(review.findings),
            "opinion": _lines(review.opinion),
            "grade": review.get_grade_display(),
            "suggested": str(review.get_suggested_grade_display()) if review.suggested_grade else "",
            "grade_reason": review.grade_reason,
            "reviewer_grade": (str(review.get_reviewer_grade_display())
                               if review.reviewer_grade else ""),
            "graded": chinese_date(timezone.localdate(review.graded_at)) if review.graded_at else "",
            "feedback": (str(review.get_feedback_kind_display()) if review.feedback_kind else ""),
            "feedback_text": review.feedback,
            "decision": str(review.get_decision_display()) if review.decision else "",
            "decision_reason": review.decision_reason,
            "status": review.get_status_display(),
            "fonts": _fonts(),
        }
    return context


def render_report_html(review: Review) -> str:
    return render_to_string(TEMPLATE, report_context(review))


def render_report_pdf(review: Review) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_report_html(review), base_url=None,
                url_fetcher=_url_fetcher()).write_pdf(font_config=build_font_config())
