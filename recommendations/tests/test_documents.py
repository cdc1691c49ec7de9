"""The official document renderer: data → HTML → PDF with embedded CJK fonts."""

from __future__ import annotations

import datetime
import hashlib
import io
import re

import pytest
from pypdf import PdfReader

from agencies.models import Agency
from cases.models import SupervisionCase
from recommendations import documents
from recommendations.models import InstrumentType, Recommendation
from supervision.models import Department, Matter, PeriodRule, Procuratorate, SupervisionKind, User

NUMBER = "定检一建〔2026〕1号"
BODY_PHRASE = "严格执行公告送达的适用条件"


def squash(text: str) -> str:
    """CJK text extraction inserts spaces and newlines between runs: compare without them."""
    return re.sub(r"\s+", "", text)


@pytest.fixture
def recommendation(db):
    procuratorate = Procuratorate.objects.create(
        name="舟山市定海区人民检察院", short_name="定检", level="basic")
    department = Department.objects.create(
        procuratorate=procuratorate, name="第一检察部", code="一")
    kind, _ = SupervisionKind.objects.get_or_create(
        code="civil", defaults={"name": "民事检察", "case_code": "民监", "order": 2})
    matter = Matter.objects.create(kind=kind, name="民事审判活动监督")
    agency = Agency.objects.create(
        name="舟山市定海区人民法院", agency_type="court",
        supervising_procuratorate=procuratorate)
    user = User.objects.create_user(
        username="doc-procurator", password="x" * 12, display_name="张检察官",
        procuratorate=procuratorate, department=department)
    case = SupervisionCase.objects.create(
        number="定检民监〔2026〕1号", procuratorate=procuratorate, department=department,
        kind=kind, matter=matter, agency=agency, title="民事案件公告送达程序监督",
        summary="公告送达适用不当。", handler=user, accepted_on=datetime.date(2026, 10, 9))
    # A data migration may already have created the type (and its rule); use it if so.
    instrument_type, _ = InstrumentType.objects.get_or_create(
        code="recommendation",
        defaults={"name": "检察建议书", "number_code": "建", "requires_reply": True})
    if instrument_type.period_rule is None:
        instrument_type.period_rule = PeriodRule.objects.create(
            code="test-documents-two-months", name="检察建议书面回复", amount=2,
            unit="months", legal_basis="《人民检察院检察建议工作规定》")
        instrument_type.save()
    return Recommendation.objects.create(
        case=case, instrument_type=instrument_type, agency=agency,
        title="关于规范民事案件公告送达程序的检察建议",
        facts=("本院在履行民事诉讼监督职责中发现，你院在审理民间借贷纠纷案件过程中，"
               "在未穷尽直接送达、邮寄送达等方式的情况下即适用公告送达。\n"
               "\u3000\u3000经调阅卷宗查明：上述案件中有7件案件的被告住址明确。"),
        problems="",  # empty sections are not printed
        legal_basis="根据《中华人民共和国民事诉讼法》第九十五条的规定，向你院提出检察建议。",
        body=f"一、{BODY_PHRASE}；\n二、规范送达工作记录。<img src=\"file:///etc/passwd\">",
        drafted_by=user, number=NUMBER, issued_on=datetime.date(2026, 11, 23),
    )


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_pdf_contains_the_document(recommendation):
    data = documents.render_instrument_pdf(recommendation)

    assert data.startswith(b"%PDF")
    text = squash(pdf_text(data))
    assert "舟山市定海区人民检察院" in text
    assert squash(documents.document_title(recommendation.instrument_type.name)) in text
    assert "检察建议" in text
    assert squash(NUMBER) in text
    assert "舟山市定海区人民法院：" in text
    assert BODY_PHRASE in text
    assert "二〇二六年十一月二十三日" in text
    assert "此处加盖院印" in text
    assert squash(documents.reply_deadline_sentence(recommendation)) in text


def test_pdf_embeds_a_cjk_font(recommendation):
    reader = PdfReader(io.BytesIO(documents.render_instrument_pdf(recommendation)))
    embedded = []
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"].get_object()
        for ref in fonts.values():
            font = ref.get_object()
            descriptors = [font.get("/FontDescriptor")]
            for descendant in font.get("/DescendantFonts", []):
                descriptors.append(descendant.get_object().get("/FontDescriptor"))
            for descriptor in filter(None, descriptors):
                descriptor = descriptor.get_object()
                if "/FontFile2" in descriptor or "/FontFile3" in descriptor:
                    stream = (descriptor.get("/FontFile2") or descriptor["/FontFile3"]).get_object()
                    assert len(stream.get_data()) > 1000
                    embedded.append(str(font["/BaseFont"]))
    assert any("CJK" in name for name in embedded), embedded
    # Subset, not the whole 20 MB collection.
    assert all(re.match(r"/[A-Z]{6}\+", name) for name in embedded), embedded


def test_rendering_is_deterministic(recommendation):
    first = documents.render_instrument_pdf(recommendation)
    second = documents.render_instrument_pdf(recommendation)
    assert pdf_text(first) == pdf_text(second)
    # Same data, same bytes: the stored pdf_sha256 can be recomputed to check a file.
    assert first == second


def test_html_prints_only_non_empty_sections_and_escapes_input(recommendation):
    html = documents.render_instrument_html(recommendation)
    assert "一、查明的事实" in html
    assert "存在的问题" not in html
    assert "二、法律依据" in html
    # The type's own heading (检察建议: 建议内容), and its items nested under it: （一）（二）,
    # never a second 一、 under 三、.
    assert "三、建议内容" in html and "建议的具体内容" not in html
    assert f"（一）{BODY_PHRASE}" in html and "（二）规范送达工作记录" in html
    assert f"一、{BODY_PHRASE}" not in html
    # User text is data, never markup; the leading full-width spaces are left to the CSS indent.
    assert "<img" not in html and "&lt;img" in html
    assert "<p>经调阅卷宗查明" in html
    assert "舟山市定海区人民法院：" in html
    assert NUMBER in html


def test_html_draft_without_number_or_date(recommendation):
    recommendation.number = None
    recommendation.issued_on = None
    html = documents.render_instrument_html(recommendation)
    assert "未编号" in html
    assert "年&#12288;&#12288;月" in html or "年\u3000\u3000月" in html


def test_fonts_come_from_settings(recommendation, settings):
    settings.DOCUMENT_FONT_FAMILY = '"FangSong_GB2312", "Noto Serif CJK SC", serif'
    settings.DOCUMENT_HEADING_FONT_FAMILY = '"SimHei"; } body { color: red'
    html = documents.render_instrument_html(recommendation)
    assert 'font-family: "FangSong_GB2312", "Noto Serif CJK SC", serif;' in html
    # A setting cannot break out of its declaration.
    assert "} body { color: red" not in html
    assert '"SimHei"  body  color: red' in html


def test_sha256_hex():
    data = b"%PDF-1.7 \xe6\xa3\x80\xe5\xaf\x9f"
    assert documents.sha256_hex(data) == hashlib.sha256(data).hexdigest()
    assert len(documents.sha256_hex(b"")) == 64


@pytest.mark.parametrize(("value", "expected"), [
    (1, "一"), (2, "二"), (7, "七"), (10, "十"), (11, "十一"), (15, "十五"), (20, "二十"),
    (23, "二十三"), (30, "三十"), (60, "六十"), (100, "一百"), (105, "一百零五"),
    (110, "一百一十"), (1001, "一千零一"), (2026, "二千零二十六"),
])
def test_chinese_number(value, expected):
    assert documents.chinese_number(value) == expected


@pytest.mark.parametrize(("amount", "unit", "expected"), [
    (2, "months", "两个月"), (1, "months", "一个月"), (3, "months", "三个月"),
    (15, "days", "十五日"), (7, "days", "七日"), (2, "days", "二日"), (30, "days", "三十日"),
])
def test_reply_period_phrase(amount, unit, expected):
    assert documents.reply_period_phrase(amount, unit) == expected


@pytest.mark.parametrize(("date", "expected"), [
    (datetime.date(2026, 11, 23), "二〇二六年十一月二十三日"),
    (datetime.date(2030, 1, 5), "二〇三〇年一月五日"),
    (datetime.date(2027, 10, 10), "二〇二七年十月十日"),
])
def test_chinese_date(date, expected):
    assert documents.chinese_date(date) == expected


@pytest.mark.parametrize(("name", "expected"), [
    ("舟山市定海区人民检察院", 30),
    ("最高人民检察院", 30),
    ("新疆生产建设兵团第八师人民检察院分院", 23),
])
def test_issuer_font_size_fits_the_type_area(name, expected):
    size = documents.issuer_font_size(name)
    assert size == expected
    assert len(name) * (size + 1) <= documents.TYPE_AREA_WIDTH_PT


@pytest.mark.parametrize(("type_name", "expected"), [
    ("检察建议", "检察建议书"), ("再审检察建议", "再审检察建议书"), ("检察意见", "检察意见书"),
    ("检察建议书", "检察建议书"), ("纠正违法通知书", "纠正违法通知书"), ("抗诉书", "抗诉书"),
    ("书面纠正意见", "书面纠正意见"), ("移送线索函", "移送线索函"),
])
def test_document_title(type_name, expected):
    assert documents.document_title(type_name) == expected


def test_the_receipt_is_rendered_once_per_content_and_anew_when_what_it_prints_changes(
        recommendation, monkeypatch):
    from django.core.cache import cache

    cache.clear()
    renders = []
    original = documents._url_fetcher

    def counting_fetcher():  # called once per WeasyPrint render
        renders.append(1)
        return original()

    monkeypatch.setattr(documents, "_url_fetcher", counting_fetcher)
    first = documents.render_receipt_pdf(recommendation)
    assert documents.render_receipt_pdf(recommendation) == first and len(renders) == 1
    assert "舟山市定海区人民法院" in pdf_text(first)
    recommendation.agency.name = "舟山市中级人民法院"  # what it prints changed: a new render
    second = documents.render_receipt_pdf(recommendation)
    assert len(renders) == 2 and "舟山市中级人民法院" in pdf_text(second)
