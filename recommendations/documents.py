"""The official document (正式文书) of a supervision instrument, rendered to PDF.

Data → HTML (Django template ``documents/instrument.html``) → PDF bytes (WeasyPrint). The layout
follows GB/T 9704-2012 《党政机关公文格式》 as far as it applies to procuratorial instruments:

* A4, margins top 37 mm / bottom 35 mm / left 28 mm / right 26 mm (版心 156 × 225 mm);
* 正文 三号仿宋 (16 pt), 22 lines of 28 characters, paragraphs indented two characters;
* red 版头 (procuratorate's full name and the name of the instrument — 检察建议 is printed as
  检察建议书), 文号 centred under it,
  red separator line the width of the type area;
* 主送机关 flush left, body sections, the reply-deadline sentence;
* 发文机关署名 and 成文日期 (in Chinese numerals) with a dotted placeholder circle where the seal
  is to be affixed — never an image of a seal; the circle is the ``seal`` anchor, where
  ``recommendations.signing`` puts the digital signature's visible field when it signs the
  frozen PDF (a separate step: rendering stays pure);
* page numbers "— 1 —", 4 号, odd pages right / even pages left, one character in.

Fonts come from settings, set in CSS:

* ``DOCUMENT_FONT_FAMILY`` — the 仿宋 role: body text, 文号, 主送机关, signature, date, page numbers;
* ``DOCUMENT_HEADING_FONT_FAMILY`` — the heading role, bold: the red 版头, the title and the
  section headings (一、查明的事实 …);
* ``DOCUMENT_TITLE_FONT_FAMILY`` (optional, defaults to the heading family) — to give the 版头
  and the title their own face (方正小标宋 …) where one is installed.

The free defaults are Noto Serif CJK SC (regular) and Noto Sans CJK SC (bold): two faces. Every
further face costs ~35-40 ms per render (HarfBuzz subsetting a 20-25 MB CJK font), which is
why the defaults stop at two.

Everything here is a pure function of the instrument's data: no database writes, no files,
no network (the URL fetcher refuses every URL), and the same data gives the same bytes.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import logging
import re
import threading

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone

from supervision.deadlines import chinese_number, period_text, stated_period

from .choices import OPERATIVE_SECTION, instrument_form, instrument_sections
from .outline import lines, numbered_paragraphs, operative_paragraphs

__all__ = [
    "build_font_config",
    "chinese_date",
    "chinese_number",
    "document_context",
    "document_sections",
    "document_title",
    "generated_title",
    "render_instrument_html",
    "render_instrument_pdf",
    "render_stamp_pdf",
    "reply_period_phrase",
    "sha256_hex",
]

TEMPLATE_NAME = "documents/instrument.html"

# WeasyPrint logs seven INFO lines per render on "weasyprint.progress"; with the root logger at
# INFO that floods web and worker logs. Quiet it unless LOGGING configured it explicitly.
_progress_logger = logging.getLogger("weasyprint.progress")
if _progress_logger.level == logging.NOTSET:
    _progress_logger.setLevel(logging.WARNING)

_DATE_DIGITS = "〇一二三四五六七八九"


# --- Chinese numerals ------------------------------------------------------------------------
# ``chinese_number`` (15 → 十五) is the deadline engine's (supervision.deadlines), re-exported.


def chinese_date(value: datetime.date) -> str:
    """``2026-11-23`` → ``二〇二六年十一月二十三日`` (year digit by digit, with 〇)."""
    year = "".join(_DATE_DIGITS[int(d)] for d in str(value.year))
    return f"{year}年{chinese_number(value.month)}月{chinese_number(value.day)}日"


def chinese_time(value: datetime.datetime) -> str:
    """``14:30`` → ``十四时三十分`` (``十四时`` on the hour), Beijing time — a notice's or a
    record's hour, beside :func:`chinese_date`."""
    local = timezone.localtime(value)
    minutes = f"{chinese_number(local.minute)}分" if local.minute else ""
    return f"{chinese_number(local.hour) if local.hour else '零'}时{minutes}"


def reply_period_phrase(amount: int, unit: str) -> str:
    """The period as it is written in the document: ``两个月``, ``十五日``, ``七日`` (the
    engine's official wording, Chinese whatever the interface language)."""
    return period_text(amount, unit, official=True)


def reply_deadline_sentence(recommendation) -> str:
    """``请于收到本文书之日起两个月内书面回复本院。`` — the period that runs
    (:func:`supervision.deadlines.stated_period`: the shorter one the document states, else
    the type's rule); empty if no written reply is required."""
    instrument_type = recommendation.instrument_type
    if not instrument_type.requires_reply:
        return ""
    period = stated_period(instrument_type.period_rule, recommendation.period_amount,
                           recommendation.period_unit)
    if period is None:
        return "请于收到本文书后依法书面回复本院。"
    amount, unit, _stated = period
    return f"请于收到本文书之日起{reply_period_phrase(amount, unit)}内书面回复本院。"


# --- Context ---------------------------------------------------------------------------------

def paragraphs(text: str) -> list[str]:
    """Split a text field into paragraphs: one per non-blank line, leading (full-width)
    spaces dropped, since the first-line indent is typeset by CSS."""
    return lines(text)


def document_sections(recommendation, *, include_empty: bool = False) -> list[dict]:
    """The sections of ``recommendation``'s type in its order, each with its heading (the
    type's own, ``choices.instrument_sections``), its ordinal (一、二、… over the sections
    printed) and its paragraphs, numbered to nest (``recommendations.outline``): items
    （一）（二）, points 1. 2.; the operative section prints the instrument's stored items.
    Empty sections are left out unless ``include_empty`` (the DOCX to edit keeps them)."""
    out = []
    for section in instrument_sections(recommendation.instrument_type):
        text = getattr(recommendation, section.field) or ""
        if section.key == OPERATIVE_SECTION:
            stored = _stored_items(recommendation)
            paras = operative_paragraphs(text, stored or None)
        else:
            paras = numbered_paragraphs(text)
        if paras or include_empty:
            out.append({"key": section.key, "field": section.field, "heading": section.msgid,
                        "paragraphs": paras})
    for index, section in enumerate(out, start=1):
        section["ordinal"] = chinese_number(index)
    return out


def _stored_items(recommendation) -> list[str]:
    """The instrument's numbered items as stored (what the agency answers), in order."""
    if recommendation.pk is None:
        return []
    return [item.text for item in recommendation.items.all()]


def generated_title(*, instrument_type, agency, case) -> str:
    """A 关于…的 title for a new draft, e.g. 关于纠正舟山市公安局定海分局非法取证问题的纠正违法
    通知书: the type's pattern (``choices.InstrumentForm.title_pattern``) with the addressee,
    the case's supervision matter and the document's name. Always Chinese; the procurator
    edits it as they see fit."""
    matter = (case.matter.name if case is not None else "").strip()
    matter = matter.removesuffix("问题")
    pattern = instrument_form(instrument_type).title_pattern
    document = document_title(instrument_type.name) if instrument_type else "检察建议书"
    title = pattern.format(agency=agency.name if agency else "", matter=matter,
                           document=document)
    if len(title) > TITLE_MAX_LENGTH:
        title = pattern.format(agency="", matter=matter, document=document)
    return title[:TITLE_MAX_LENGTH]


#: ``Recommendation.title``'s max_length.
TITLE_MAX_LENGTH = 200

_UNSAFE_CSS = re.compile(r"[<>{};\\]")


def _font_family(value: str) -> str:
    """A font-family list from settings, made safe to paste into a <style> element."""
    value = _UNSAFE_CSS.sub("", value or "").strip()
    return value or "serif"


def _fonts() -> dict[str, str]:
    body = _font_family(settings.DOCUMENT_FONT_FAMILY)
    return {
        "body": body,
        "heading": _font_family(settings.DOCUMENT_HEADING_FONT_FAMILY),
        "title": _font_family(getattr(settings, "DOCUMENT_TITLE_FONT_FAMILY", "")
                              or settings.DOCUMENT_HEADING_FONT_FAMILY),
    }


#: Width of the type area (156 mm) in points, and the size limits of the red 发文机关标志.
TYPE_AREA_WIDTH_PT = 442
ISSUER_MAX_PT = 30
ISSUER_MIN_PT = 16


def issuer_font_size(name: str) -> int:
    """Size (pt) at which the procuratorate's name fits on one line of the masthead: 30 pt
    for the usual 8-15 characters, smaller for long names (…生产建设兵团…人民检察院)."""
    per_char = TYPE_AREA_WIDTH_PT / max(len(name), 1) - 1  # 1 pt letter-spacing
    return int(max(ISSUER_MIN_PT, min(ISSUER_MAX_PT, per_char)))


#: Instrument-type names that are the name of a kind of act; the document itself is the
#: ``…书`` (检察建议 → 检察建议书, 再审检察建议 → 再审检察建议书, 检察意见 → 检察意见书).
_TAKES_SHU = ("检察建议", "检察意见")


def document_title(type_name: str) -> str:
    """The name printed in the red 版头 for an instrument type."""
    name = (type_name or "").strip()
    return f"{name}书" if name.endswith(_TAKES_SHU) else name


def document_context(recommendation) -> dict:
    """Everything the template prints, as plain values."""
    procuratorate = recommendation.case.procuratorate
    sections = document_sections(recommendation)
    issued_on = recommendation.issued_on
    document_name = document_title(recommendation.instrument_type.name)
    title = (recommendation.title or "").strip()
    return {
        "procuratorate_name": procuratorate.name,
        "issuer_size": issuer_font_size(procuratorate.name),
        "document_name": document_name,
        # The title line is left out when it only repeats the header.
        "title": title if title and title != document_name else "",
        "number": recommendation.number or "",
        "addressee": recommendation.agency.name,
        "sections": sections,
        # A preservation suggestion states why it is urgent (InstrumentType.
        # requires_urgency_reason); its own closing stop is the template's.
        "urgency": (recommendation.urgency_reason or "").strip().rstrip("。；;.，, "),
        "deadline_sentence": reply_deadline_sentence(recommendation),
        "date": chinese_date(issued_on) if issued_on else "",
        "created_iso": issued_on.isoformat() if issued_on else "",
        "fonts": _fonts(),
    }


# --- Rendering -------------------------------------------------------------------------------

def render_instrument_html(recommendation) -> str:
    """The instrument as a self-contained HTML document (styles inline, no external URL)."""
    return render_to_string(TEMPLATE_NAME, document_context(recommendation))


_local = threading.local()


def build_font_config():
    """A cached FontConfiguration (one per thread: Pango font maps are not thread-safe).

    Building it initialises fontconfig and Pango, a large part of a cold render; the document
    has no ``@font-face`` rule, so reusing it between renders is safe.
    """
    config = getattr(_local, "font_config", None)
    if config is None:
        from weasyprint.text.fonts import FontConfiguration

        config = _local.font_config = FontConfiguration()
    return config


@functools.lru_cache(maxsize=1)
def _url_fetcher():
    from weasyprint.urls import URLFetcher

    # Empty allow-list: the document never loads anything from outside.
    return URLFetcher(allowed_protocols=())


def render_instrument_pdf(recommendation) -> bytes:
    """The instrument as PDF bytes (fonts subset and embedded)."""
    from weasyprint import HTML

    html = render_instrument_html(recommendation)
    document = HTML(string=html, base_url=None, url_fetcher=_url_fetcher())
    return document.write_pdf(font_config=build_font_config())


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- The signature's stamp -------------------------------------------------------------------

STAMP_TEMPLATE = "documents/seal_stamp.html"


def stamp_characters(name: str, *, arc: float = 240.0, step: float = 24.0) -> list[tuple[str, str]]:
    """Each character of ``name`` with its angle (degrees from the top, clockwise) on the
    stamp's upper arc: ``step`` apart, the whole spread over at most ``arc`` degrees."""
    if len(name) < 2:
        return [(name, "0")] if name else []
    step = min(step, arc / (len(name) - 1))
    first = -step * (len(name) - 1) / 2
    return [(char, f"{first + i * step:.2f}") for i, char in enumerate(name)]


def render_stamp_pdf(name: str) -> bytes:
    """The visible stamp of a digital signature (``recommendations.signing``) for a
    procuratorate without a seal image: a one-page PDF the size of the seal (42 mm), a red
    ring with its name on the arc and a star, marked 电子签名 — a signature's appearance,
    not an image of the official seal."""
    from weasyprint import HTML

    size = 11 if len(name) <= 11 else 9
    html = render_to_string(STAMP_TEMPLATE, {
        "name": name, "chars": stamp_characters(name), "size": size, "half": size / 2,
        "radius": 14, "fonts": _fonts()})
    return HTML(string=html, base_url=None, url_fetcher=_url_fetcher()).write_pdf(
        font_config=build_font_config())


# --- 送达回证 (service receipt) ------------------------------------------------------------------

RECEIPT_TEMPLATE = "documents/service_receipt.html"


def receipt_context(recommendation) -> dict:
    """What the 送达回证 prints: the document served, the addressee, and blank lines for the
    recipient's signature, the date received and the method (民事诉讼法 art. 87: the date
    signed on the receipt is the date of service)."""
    procuratorate = recommendation.case.procuratorate
    return {
        "procuratorate_name": procuratorate.name,
        "document_name": document_title(recommendation.instrument_type.name),
        "number": recommendation.number or "",
        "addressee": recommendation.agency.name,
        "issued": chinese_date(recommendation.issued_on) if recommendation.issued_on else "",
        "fonts": _fonts(),
    }


#: How long a rendered 送达回证 is kept in the cache (its bytes depend on its HTML alone).
RECEIPT_CACHE_SECONDS = 24 * 3600


def render_receipt_pdf(recommendation) -> bytes:
    """The 送达回证 as PDF bytes, for the agency to sign; not frozen (it carries no decision).

    The same data gives the same bytes, so a render is kept in Django's cache under the hash of
    its HTML and WeasyPrint's version: the procurator and the agency print the same receipt
    again without the ~200 ms of subsetting two CJK fonts, and any change of what it prints
    (the agency's name, the number, the template) is a new key, never a stale page."""
    import weasyprint

    html = render_to_string(RECEIPT_TEMPLATE, receipt_context(recommendation))
    key = "receipt-pdf:" + sha256_hex(f"{weasyprint.__version__}\n{html}".encode())
    pdf = cache.get(key)
    if pdf is None:
        pdf = weasyprint.HTML(string=html, base_url=None, url_fetcher=_url_fetcher()).write_pdf(
            font_config=build_font_config())
        cache.set(key, pdf, RECEIPT_CACHE_SECONDS)
    return pdf
