"""A draft as a DOCX to edit in WPS or Word, and that DOCX read back into the draft.

Written and read with python-docx (MIT, pure Python on lxml): procurators draft in WPS/Word,
and a .docx is the one format both open and save faithfully; the official document stays the
PDF rendered at issue. The file holds the title (style *Title*), then every section of the
instrument's type as a *Heading 1* (一、查明的事实 …) followed by its paragraphs, the operative
section's items numbered （一）（二） and their points 1. 2. (``recommendations.outline``).

Reading back takes the title and, under each heading, the section's text; the headings must be
the type's own, in its order, so that a file of another type (or a heading typed over) is
refused with a message naming what was expected instead of filling the wrong fields.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from supervision.uploads import sniff_upload

from .choices import instrument_sections
from .documents import TITLE_MAX_LENGTH, document_sections, document_title

#: An unpacked DOCX larger than this is refused before it is parsed (a "zip bomb" guard; a
#: draft's text is a few kilobytes).
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
_ORDINAL = re.compile(r"^[一二三四五六七八九十]+[、．.]\s*")
_CJK_FONT = "仿宋"


def build_docx(recommendation) -> bytes:
    """The draft as DOCX bytes: title, each of its type's sections (empty ones too, to be
    filled in), numbered as in the PDF."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    for style_name, size, bold in (("Normal", 16, False), ("Title", 22, True),
                                   ("Heading 1", 16, True)):
        style = document.styles[style_name]
        style.font.size, style.font.bold = Pt(size), bold
        style.font.color.rgb = None
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), _CJK_FONT)
    document.core_properties.title = recommendation.title
    document.core_properties.subject = document_title(recommendation.instrument_type.name)
    title = document.add_paragraph(recommendation.title, style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for part in document_sections(recommendation, include_empty=True):
        document.add_heading(f"{part['ordinal']}、{part['heading']}", level=1)
        for paragraph in part["paragraphs"] or [None]:
            p = document.add_paragraph(paragraph.text if paragraph else "")
            p.paragraph_format.first_line_indent = Pt(32)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class DraftText:
    """What a DOCX says: the title and the text of each section (field -> text)."""

    title: str
    sections: dict[str, str]


def _refuse(message: str) -> ValidationError:
    return ValidationError({"docx": message})


def _open(upload):
    """The uploaded file as a python-docx Document, or ValidationError: the type is decided by
    the content (``supervision.uploads.sniff_upload``), never the name."""
    import docx

    try:
        kind = sniff_upload(upload)
    except ValidationError as exc:
        raise _refuse(" ".join(exc.messages)) from exc
    if kind != "docx":
        raise _refuse(_("请上传DOCX文件（Word或WPS保存的.docx）；该文件不是DOCX。"))
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as package:
            if sum(info.file_size for info in package.infolist()) > MAX_UNPACKED_BYTES:
                raise _refuse(_("DOCX解压后过大，无法读取。"))
        upload.seek(0)
        return docx.Document(upload)
    except ValidationError:
        raise
    except Exception as exc:  # a damaged package: python-docx raises many kinds
        raise _refuse(_("无法读取该DOCX文件，文件可能已损坏。")) from exc
    finally:
        upload.seek(0)


def _is_heading(paragraph) -> bool:
    name = (paragraph.style.name if paragraph.style is not None else "").lower()
    return name.startswith(("heading", "标题"))


def read_docx(upload, instrument_type) -> DraftText:
    """Read a DOCX of a draft of ``instrument_type`` back: the title (the *Title* paragraph,
    else the first one) and the text under each of the type's headings. Raises
    ValidationError (on ``docx``) when the file is not a readable DOCX, has tables, or its
    headings are not the type's, in order."""
    document = _open(upload)
    if document.tables:
        raise _refuse(_("DOCX中含有表格，无法读回草稿；请把表格内容改写为段落。"))
    sections = instrument_sections(instrument_type)
    expected = [section.msgid for section in sections]
    by_heading = {section.msgid: section for section in sections}
    title, before, found = "", [], []
    texts: dict[str, list[str]] = {}
    current = None
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        bare = _ORDINAL.sub("", text).strip()
        if text and (_is_heading(paragraph) or (_ORDINAL.match(text) and bare in by_heading)):
            if bare not in by_heading:
                raise _refuse(_("“%(heading)s”不是%(type)s的组成部分；各部分的标题应为：%(expected)s。")
                              % {"heading": text, "type": instrument_type,
                                 "expected": "、".join(expected)})
            current = by_heading[bare]
            found.append(bare)
            texts.setdefault(current.field, [])
        elif current is None:
            if paragraph.style is not None and paragraph.style.name == "Title" and text:
                title = title or text
            elif text:
                before.append(text)
        elif text:
            texts[current.field].append(text)
    if found != expected:
        raise _refuse(_("DOCX各部分的标题与%(type)s不符：应为%(expected)s，文件中为%(found)s。")
                      % {"type": instrument_type, "expected": "、".join(expected),
                         "found": "、".join(found) or _("（无）")})
    if not title and before:
        title, before = before[0], before[1:]
    if before:
        raise _refuse(_("标题与第一部分之间有无法归入任何部分的内容：“%(text)s”。")
                      % {"text": before[0][:40]})
    if not title:
        raise _refuse(_("DOCX中没有标题。"))
    if len(title) > TITLE_MAX_LENGTH:
        raise _refuse(_("标题过长（%(length)s字），不能超过%(limit)s字。") % {
            "length": len(title), "limit": TITLE_MAX_LENGTH})
    return DraftText(title=title, sections={field: "\n".join(lines)
                                            for field, lines in texts.items()})
