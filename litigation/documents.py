"""The 公益诉讼起诉书 (civil / administrative / criminal-incidental civil), rendered to PDF in
the official layout, always in Chinese.

As ``recommendations.documents``: a pure function of the data (data → HTML → PDF bytes with
WeasyPrint, no file, no network), the same fonts and the same 版头 (GB/T 9704-2012 as far as it
applies). The parts follow the model 起诉书 of 《人民检察院公益诉讼办案规则》: the public-interest
plaintiff (公益诉讼起诉人) and its legal representative, the defendant, the claims (诉讼请求),
the facts and reasons (事实与理由), the legal basis of the suit, the court (此致), the
procuratorate's seal and the date. Before filing the document is a draft (its date blank).
"""

from __future__ import annotations

from django.template.loader import render_to_string

from recommendations.documents import (
    _fonts,
    _url_fetcher,
    build_font_config,
    chinese_date,
    issuer_font_size,
    paragraphs,
)
from supervision.choices import Role
from supervision.models import User

from .choices import SuitKind
from .models import PublicInterestSuit

TEMPLATE = "documents/pil_indictment.html"

#: The document's name by suit kind.
DOCUMENT_NAMES = {
    SuitKind.CIVIL: "民事公益诉讼起诉书",
    SuitKind.ADMINISTRATIVE: "行政公益诉讼起诉书",
    SuitKind.CRIMINAL_INCIDENTAL: "刑事附带民事公益诉讼起诉书",
}
#: The legal basis the closing sentence cites, by suit kind (article numbers of the current
#: versions; not checked against a text in /work/shared: see docs/litigation.md).
LEGAL_BASIS = {
    SuitKind.CIVIL: "《中华人民共和国民事诉讼法》第五十八条第二款和《最高人民法院、最高人民检察院"
                    "关于检察公益诉讼案件适用法律若干问题的解释》第十三条",
    SuitKind.ADMINISTRATIVE: "《中华人民共和国行政诉讼法》第二十五条第四款和《最高人民法院、最高人民"
                             "检察院关于检察公益诉讼案件适用法律若干问题的解释》第二十一条",
    SuitKind.CRIMINAL_INCIDENTAL: "《中华人民共和国刑事诉讼法》第一百零一条第二款和《最高人民法院、"
                                  "最高人民检察院关于检察公益诉讼案件适用法律若干问题的解释》第二十条",
}
_CHINESE_ORDINALS = "一二三四五六七八九十"


def _ordinal(n: int) -> str:
    if n <= 10:
        return _CHINESE_ORDINALS[n - 1]
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else _CHINESE_ORDINALS[tens - 1]) + "十"
            + (_CHINESE_ORDINALS[ones - 1] if ones else ""))


def indictment_context(suit: PublicInterestSuit) -> dict:
    """What the 起诉书 prints."""
    procuratorate = suit.case.procuratorate
    chief = (User.objects.filter(procuratorate=procuratorate, role=Role.CHIEF, is_active=True)
             .order_by("pk").first())
    announcement = getattr(suit, "announcement", None)
    return {
        "procuratorate_name": procuratorate.name,
        "issuer_size": issuer_font_size(procuratorate.name),
        "document_name": DOCUMENT_NAMES[suit.kind],
        "number": suit.court_case_number or suit.case.number,
        "case_title": suit.case.title,
        "representative": (chief.display_name or chief.username) if chief else "",
        "defendant": suit.defendant,
        "claims": [f"{_ordinal(i)}、{c}" for i, c in enumerate(suit.claim_list, start=1)],
        "facts": paragraphs(suit.facts),
        "announcement": ({"published_on": chinese_date(announcement.published_on),
                          "medium": announcement.get_medium_display()}
                         if announcement is not None else None),
        "administrative": suit.kind == SuitKind.ADMINISTRATIVE,
        "legal_basis": LEGAL_BASIS[suit.kind],
        "court": suit.court.name if suit.court_id else "",
        "filed_on": chinese_date(suit.filed_on) if suit.filed_on else "",
        "procurator": suit.case.handler.display_name if suit.case.handler_id else "",
        "fonts": _fonts(),
    }


def render_indictment_html(suit: PublicInterestSuit) -> str:
    from django.utils.translation import override

    with override("zh-hans"):
        return render_to_string(TEMPLATE, indictment_context(suit))


def render_indictment_pdf(suit: PublicInterestSuit) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_indictment_html(suit), base_url=None,
                url_fetcher=_url_fetcher()).write_pdf(font_config=build_font_config())
