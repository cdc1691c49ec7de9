"""The procuratorate's opinion on a commutation, parole or temporary-service proposal
(检察意见书), rendered to PDF.

Data → HTML (``documents/commutation_opinion.html``, the official layout of
``recommendations.documents``: GB/T 9704-2012, red 版头, 文号, 主送机关, body, 署名 and
成文日期 in Chinese numerals, the seal's dotted place, 抄送 under a rule) → PDF bytes
(WeasyPrint, no URL fetched). A pure function of the proposal and the number and date it is
issued with: the same data gives the same bytes; nothing is written. The service freezes the
bytes with their SHA-256 when the opinion is issued (``duties.services.commutation``).

The document is Chinese whatever the interface language, as every official document.
"""

from __future__ import annotations

import datetime

from django.template.loader import render_to_string

from recommendations.documents import (
    _fonts,
    _url_fetcher,
    build_font_config,
    chinese_date,
    issuer_font_size,
)
from recommendations.outline import numbered_paragraphs

TEMPLATE_NAME = "documents/commutation_opinion.html"
DOCUMENT_NAME = "检察意见书"

#: The kind as the document names it (Chinese whatever the interface language).
KIND_WORDS = {"commutation": "减刑", "parole": "假释", "outside": "暂予监外执行"}
#: What the organ's paper is called, by kind.
PAPERS = {"commutation": "减刑建议书", "parole": "假释建议书", "outside": "暂予监外执行书面意见"}
#: The statute that sends the copy to the procuratorate and lets it give its opinion, and the
#: Rules' article on the opinion's period, by kind.
LEGAL_BASIS = {
    "commutation": ("《中华人民共和国刑事诉讼法》第二百七十三条第二款和《人民检察院刑事诉讼规则》"
                    "第六百三十五条"),
    "parole": ("《中华人民共和国刑事诉讼法》第二百七十三条第二款和《人民检察院刑事诉讼规则》"
               "第六百三十五条"),
    "outside": "《中华人民共和国刑事诉讼法》第二百六十六条和《人民检察院刑事诉讼规则》第六百三十条",
}


def opinion_context(proposal, *, number: str, issued_on: datetime.date | None) -> dict:
    """Everything the template prints, as plain values."""
    procuratorate = proposal.procuratorate
    kind = KIND_WORDS[proposal.kind]
    person = proposal.person_name
    facts = [
        (f"{proposal.organ.name}以{proposal.proposal_number}{PAPERS[proposal.kind]}提请对罪犯"
         f"{person}{kind}，本院于{chinese_date(proposal.received_on)}收到该"
         f"{PAPERS[proposal.kind]}副本，依法进行了审查。"),
        f"罪犯{person}，原判决书文号{proposal.judgment_number}。{_sentence(proposal.judgment)}",
        f"执行机关建议：{_sentence(proposal.proposal)}",
    ]
    if proposal.opinion_stance == "agree":
        conclusion = f"本院同意{proposal.organ.name}对罪犯{person}{kind}的建议。"
    else:
        conclusion = (f"本院认为，{proposal.organ.name}对罪犯{person}{kind}的建议不当，"
                      f"建议依法不予{'批准' if proposal.kind == 'outside' else '裁定'}{kind}。")
    reasons = numbered_paragraphs(proposal.opinion_reasons or "")
    return {
        "procuratorate_name": procuratorate.name,
        "issuer_size": issuer_font_size(procuratorate.name),
        "document_name": DOCUMENT_NAME,
        "title": f"关于对罪犯{person}{kind}建议的检察意见",
        "number": number,
        "addressee": proposal.court.name,
        "facts": facts,
        "conclusion": conclusion,
        "reasons": reasons,
        "closing": f"根据{LEGAL_BASIS[proposal.kind]}的规定，特提出以上意见，请依法"
                   f"{'审查决定' if proposal.kind == 'outside' else '审理'}。",
        "copy_to": proposal.organ.name,
        "date": chinese_date(issued_on) if issued_on else "",
        "created_iso": issued_on.isoformat() if issued_on else "",
        "fonts": _fonts(),
    }


def _sentence(text: str) -> str:
    """One paragraph of a free text, ending with a full stop."""
    text = " ".join(line.strip() for line in (text or "").splitlines() if line.strip())
    return text if not text or text.endswith(("。", "！", "？", "；")) else text + "。"


def render_opinion_html(proposal, *, number: str = "",
                        issued_on: datetime.date | None = None) -> str:
    """The opinion as a self-contained HTML document (styles inline, no external URL)."""
    return render_to_string(TEMPLATE_NAME, opinion_context(proposal, number=number,
                                                          issued_on=issued_on))


def render_opinion_pdf(proposal, *, number: str = "",
                       issued_on: datetime.date | None = None) -> bytes:
    """The opinion as PDF bytes (fonts subset and embedded); unnumbered and undated it is the
    draft the approver reads before issuing it."""
    from weasyprint import HTML

    html = render_opinion_html(proposal, number=number, issued_on=issued_on)
    return HTML(string=html, base_url=None, url_fetcher=_url_fetcher()).write_pdf(
        font_config=build_font_config())
