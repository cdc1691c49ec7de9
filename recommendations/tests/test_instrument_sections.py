"""Each instrument is composed as its type is (issue 14): the type's own sections, in its order,
under its own headings, on the drafting form, in the PDF and in the DOCX; a 关于…的 title; items
nested （一）（二） under 一、 and points 1. 2. under them; default wording in Chinese whatever the
interface language."""

from __future__ import annotations

import io
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from recommendations import documents
from recommendations.choices import (
    INSTRUMENT_FORMS,
    SECTION_FIELDS,
    DraftSection,
    instrument_sections,
)
from recommendations.models import InstrumentType, Recommendation
from recommendations.outline import (
    numbered_paragraphs,
    operative_paragraphs,
    parse_operative,
)
from recommendations.services import split_items
from supervision.models import Matter

CORRECTION_HEADINGS = ["发现的违法情形", "认定违法的理由", "认定违法的依据", "纠正意见"]


def headings(type_code: str) -> list[str]:
    return [s.msgid for s in instrument_sections(InstrumentType.objects.get(code=type_code))]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_text(data: bytes) -> str:
    return squash("".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


# --- The table ------------------------------------------------------------------------------

def test_each_type_uses_its_own_sections_in_its_order_under_its_headings(world):
    for instrument_type in InstrumentType.objects.all():
        sections = instrument_sections(instrument_type)
        assert [s.key for s in sections] == instrument_type.sections, instrument_type.code
        assert all(SECTION_FIELDS[s.key] == s.field for s in sections)
        assert "建议的具体内容" not in [s.msgid for s in sections]
    assert headings("correction_notice") == CORRECTION_HEADINGS
    assert headings("recommendation") == ["案件来源", "查明的事实", "存在的问题", "法律依据", "建议内容"]
    assert headings("protest") == ["基本案情", "抗诉理由和法律依据", "抗诉意见"]
    assert headings("procuratorial_opinion")[-1] == "检察意见"


def test_every_form_words_every_section():
    for form in INSTRUMENT_FORMS.values():
        assert set(form.headings) == set(DraftSection.values)


def test_a_type_without_an_entry_reads_as_its_parent_and_always_has_its_operative_section(world):
    parent = InstrumentType.objects.get(code="correction_notice")
    new = InstrumentType.objects.create(code="new_correction", name="新纠正文书", number_code="新",
                                        parent=parent, sections=["facts", "legal_basis"])
    assert [s.msgid for s in instrument_sections(new)] == ["发现的违法情形", "认定违法的依据", "纠正意见"]
    orphan = InstrumentType(code="orphan", name="其他文书", number_code="他", sections=[])
    assert [s.key for s in instrument_sections(orphan)] == list(SECTION_FIELDS)


# --- Numbering ------------------------------------------------------------------------------

BODY = ("为此，建议：\n一、严格执行公告送达的适用条件，具体为：1.核实住址；2.先行邮寄（费用3.5万元）。\n"
        "二、规范送达工作记录。")


def test_items_nest_under_the_section_and_points_under_the_items():
    printed = [(p.level, p.text) for p in operative_paragraphs(BODY)]
    assert printed == [
        (0, "为此，建议："),
        (2, "（一）严格执行公告送达的适用条件，具体为："),
        (3, "1.核实住址；"),
        (3, "2.先行邮寄（费用3.5万元）。"),
        (2, "（二）规范送达工作记录。"),
    ]


def test_items_are_read_at_the_first_style_and_keep_their_points():
    assert split_items(BODY) == ["严格执行公告送达的适用条件，具体为：1.核实住址；2.先行邮寄（费用3.5万元）。",
                                 "规范送达工作记录。"]
    assert split_items("1. 甲；2. 乙") == ["甲", "乙"]
    assert split_items("（一）甲\n（二）乙") == ["甲", "乙"]
    assert split_items("请依法纠正。") == ["请依法纠正。"]
    assert parse_operative("请依法纠正。").lead == []


def test_other_sections_renumber_what_was_typed():
    printed = [p.text for p in numbered_paragraphs("经查：\n一、甲\n1、子一\n2、子二\n二、乙\n3. 丙")]
    assert printed == ["经查：", "（一）甲", "1.子一", "2.子二", "（二）乙", "1.丙"]


def test_an_unnumbered_operative_section_prints_as_typed():
    assert [p.text for p in operative_paragraphs("请依法纠正。", ["请依法纠正。"])] == ["请依法纠正。"]


def test_stored_items_are_printed_after_the_lead_in():
    printed = [p.text for p in operative_paragraphs("请依法纠正下列问题。", ["一、甲", "二、乙"])]
    assert printed == ["请依法纠正下列问题。", "（一）甲", "（二）乙"]


# --- Title ----------------------------------------------------------------------------------

def test_the_title_is_generated_from_type_addressee_and_matter(world):
    matter = Matter.objects.get(name="非法取证")
    case = world.register_case(matter=matter, agency=world.police)
    notice = InstrumentType.objects.get(code="correction_notice")
    assert (documents.generated_title(instrument_type=notice, agency=world.police, case=case)
            == "关于纠正舟山市公安局定海分局非法取证问题的纠正违法通知书")
    assert (documents.generated_title(instrument_type=world.recommendation_type,
                                      agency=world.police, case=case)
            == "关于舟山市公安局定海分局非法取证问题的检察建议书")
    matter.name = "送达问题"
    assert "送达问题问题" not in documents.generated_title(
        instrument_type=notice, agency=world.police, case=case)
    case.agency.name = "某" * 190
    assert len(documents.generated_title(instrument_type=notice, agency=case.agency,
                                         case=case)) <= 200


# --- The drafting form ----------------------------------------------------------------------

@pytest.fixture
def procurator(world) -> Client:
    client = Client()
    client.force_login(world.procurator)
    return client


def labels(html: str) -> list[str]:
    return [" ".join(re.sub(r"<[^>]+>|\*", "", m).split())
            for m in re.findall(r'<label class="form-label"[^>]*>(.*?)</label>', html, re.DOTALL)]


def test_the_form_of_a_correction_notice_has_its_sections_and_never_the_recommendations(
        world, procurator):
    case = world.register_case(agency=world.police)
    notice = InstrumentType.objects.get(code="correction_notice")
    html = procurator.get(reverse("recommendations:draft", args=[case.pk]),
                          {"type": notice.pk}).content.decode()
    shown = labels(html)
    assert shown[3:7] == CORRECTION_HEADINGS
    assert "建议的具体内容" not in html and "建议内容" not in shown and "案件来源" not in shown
    assert 'value="关于纠正舟山市公安局定海分局' in html
    assert f'name="rendered_type" value="{notice.pk}"' in html


def _post_data(world, type_pk, rendered_pk, **extra) -> dict:
    return {"instrument_type": type_pk, "rendered_type": rendered_pk, "agency": world.police.pk,
            "title": extra.pop("title", ""), "facts": "侦查人员未出示证件即搜查。",
            "body": "一、依法纠正；二、加强培训。", "period_unit": "", **extra}


def test_choosing_another_type_redraws_the_form_and_keeps_what_was_typed(world, procurator):
    case = world.register_case(agency=world.police)
    url = reverse("recommendations:draft", args=[case.pk])
    notice = InstrumentType.objects.get(code="correction_notice")
    generic = documents.generated_title(instrument_type=None, agency=world.police, case=case)
    # Without script: saving with another type than the page showed redraws it first.
    response = procurator.post(url, _post_data(world, notice.pk, "", title=generic))
    assert response.status_code == 200 and not Recommendation.objects.exists()
    html = response.content.decode()
    assert labels(html)[3:7] == CORRECTION_HEADINGS
    assert "侦查人员未出示证件即搜查。" in html
    assert "的纠正违法通知书" in html  # the untouched title followed the type
    # htmx redraw (``_redraw``) on change; a title the procurator wrote is theirs.
    response = procurator.post(url, {**_post_data(world, world.recommendation_type.pk, notice.pk,
                                                  title="我的标题"), "_redraw": "1"},
                               HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert labels(html)[3] == "案件来源" and 'value="我的标题"' in html
    assert not Recommendation.objects.exists()
    # Saved for the type shown: the draft keeps only that type's sections.
    response = procurator.post(url, _post_data(world, notice.pk, notice.pk, title="关于纠正的通知",
                                                case_source="不属于此类文书"))
    rec = Recommendation.objects.get()
    assert response.status_code == 302 and rec.case_source == ""
    assert [i.text for i in rec.items.all()] == ["依法纠正", "加强培训。"]


def test_the_english_interface_prefills_chinese_document_text(world, procurator):
    case = world.register_case()
    procurator.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = procurator.get(reverse("recommendations:draft", args=[case.pk])).content.decode()
    shown = labels(html)
    assert "Title" in shown and "Source of the case" in shown  # the labels: the user's language
    assert f"本院在办理{case.number}一案中发现（案件来源：" in html  # the text: the document's
    assert "In handling" not in html
    assert "问题的检察建议书" in html


def test_the_pdf_prints_the_types_headings_title_and_nested_items(world):
    case = world.register_case(agency=world.police, matter=Matter.objects.get(name="非法取证"))
    notice = InstrumentType.objects.get(code="correction_notice")
    title = documents.generated_title(instrument_type=notice, agency=world.police, case=case)
    rec = world.draft(case, instrument_type=notice, agency=world.police, title=title,
                      facts="侦查人员未出示证件即搜查。", problems="违反搜查程序。",
                      legal_basis="《中华人民共和国刑事诉讼法》第一百三十八条。",
                      body="请依法纠正：\n一、责令相关人员说明情况；\n二、开展执法规范化培训，具体为：1.法律培训；2.案例教学。")
    text = pdf_text(documents.render_instrument_pdf(rec))
    assert squash(title) in text
    for n, heading in zip("一二三四", CORRECTION_HEADINGS, strict=True):
        assert f"{n}、{heading}" in text
    assert "建议" not in text.replace("检察建议", "")
    assert "（一）责令相关人员说明情况" in text and "（二）开展执法规范化培训" in text
    assert "1.法律培训" in text and "2.案例教学" in text
    assert "五、" not in text


# --- Editing a draft ------------------------------------------------------------------------

def test_a_draft_is_changed_through_its_form_and_the_change_is_audited(world, procurator):
    from supervision.models import AuditEntry

    rec = world.draft(world.register_case(), body="一、甲；二、乙")
    url = reverse("recommendations:edit", args=[rec.pk])
    html = procurator.get(url).content.decode()
    assert 'value="关于规范执法的检察建议"' in html
    response = procurator.post(url, {
        "instrument_type": rec.instrument_type_id, "rendered_type": rec.instrument_type_id,
        "agency": rec.agency_id, "title": "关于规范送达的检察建议", "facts": "新的事实",
        "body": "一、甲；二、乙；三、丙", "period_unit": ""})
    assert response.status_code == 302
    rec.refresh_from_db()
    assert rec.title == "关于规范送达的检察建议" and rec.facts == "新的事实"
    assert [i.text for i in rec.items.all()] == ["甲", "乙", "丙"]
    entry = AuditEntry.objects.filter(action="recommendation_edit").get()
    assert entry.data["via"] == "form" and "body" in entry.data["changed"]


def test_only_those_who_may_work_on_the_case_may_change_a_draft(world):
    rec = world.draft()
    for persona in ("pt_procurator", "court_liaison", "supervisor", "observer"):
        client = Client()
        client.force_login(getattr(world, persona))
        for name in ("recommendations:edit", "recommendations:docx",
                     "recommendations:docx-upload"):
            assert client.get(reverse(name, args=[rec.pk])).status_code == 404, (persona, name)


def test_a_submitted_draft_is_no_longer_changed(world, procurator):
    from recommendations import services

    rec = world.draft()
    services.recommendation_submit(actor=world.procurator, recommendation=rec)
    response = procurator.get(reverse("recommendations:edit", args=[rec.pk]))
    assert response.status_code == 302
    assert procurator.get(reverse("recommendations:docx", args=[rec.pk])).status_code == 404


# --- DOCX out and back in -------------------------------------------------------------------

def _docx(procurator, rec):
    import docx

    response = procurator.get(reverse("recommendations:docx", args=[rec.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert "attachment" in response["Content-Disposition"]
    return docx.Document(io.BytesIO(response.content))


def _upload(procurator, rec, document, name="草稿.docx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    if not isinstance(document, bytes):
        out = io.BytesIO()
        document.save(out)
        document = out.getvalue()
    return procurator.post(reverse("recommendations:docx-upload", args=[rec.pk]),
                           {"docx": SimpleUploadedFile(name, document)})


@pytest.fixture
def notice(world) -> Recommendation:
    notice_type = InstrumentType.objects.get(code="correction_notice")
    return world.draft(world.register_case(agency=world.police), instrument_type=notice_type,
                       agency=world.police, title="关于纠正违法取证问题的纠正违法通知书",
                       facts="侦查人员未出示证件即搜查。", legal_basis="刑事诉讼法第一百三十八条。",
                       body="一、责令说明情况；二、开展培训，具体为：1.法律培训；2.案例教学。")


def test_a_draft_goes_out_as_docx_and_comes_back_with_the_edits(world, procurator, notice):
    from supervision.models import AuditEntry

    document = _docx(procurator, notice)
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs if p.text]
    assert paragraphs[0] == ("Title", "关于纠正违法取证问题的纠正违法通知书")
    assert [t for s, t in paragraphs if s == "Heading 1"] == [
        f"{n}、{h}" for n, h in zip("一二三四", CORRECTION_HEADINGS, strict=True)]
    texts = [t for _, t in paragraphs]
    assert texts[texts.index("四、纠正意见") + 1:] == [
        "（一）责令说明情况", "（二）开展培训，具体为：", "1.法律培训；", "2.案例教学。"]
    # Edit in "Word": a fact, the title, and a third item.
    for p in document.paragraphs:
        if p.text == "侦查人员未出示证件即搜查。":
            p.text = "侦查人员未出示搜查证即搜查住宅。"
    document.paragraphs[0].text = "关于纠正舟山市公安局定海分局违法搜查问题的纠正违法通知书"
    document.add_paragraph("（三）追究相关人员责任。")
    response = _upload(procurator, notice, document)
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.facts == "侦查人员未出示搜查证即搜查住宅。"
    assert notice.title == "关于纠正舟山市公安局定海分局违法搜查问题的纠正违法通知书"
    assert notice.problems == "" and notice.legal_basis == "刑事诉讼法第一百三十八条。"
    assert [i.text for i in notice.items.all()] == [
        "责令说明情况", "开展培训，具体为：\n1.法律培训；\n2.案例教学。", "追究相关人员责任。"]
    entry = AuditEntry.objects.get(action="recommendation_edit")
    assert entry.data["via"] == "docx" and entry.data["file"] == "草稿.docx"
    assert {"facts", "title", "body"} <= set(entry.data["changed"].split(","))
    # And the PDF prints what came back, nested.
    text = pdf_text(documents.render_instrument_pdf(notice))
    assert "（三）追究相关人员责任" in text and "1.法律培训" in text


def _unchanged(notice) -> tuple:
    fresh = Recommendation.objects.get(pk=notice.pk)
    return fresh.title, fresh.facts, fresh.body, fresh.revision


def _error_beside_the_field(response) -> str:
    assert response.status_code == 200
    html = response.content.decode()
    errors = re.findall(r'<div class="invalid-feedback d-block">(.*?)</div>', html, re.DOTALL)
    assert errors, html
    return " ".join(errors)


def test_a_file_that_is_not_a_docx_is_refused_by_its_content(world, procurator, notice):
    before = _unchanged(notice)
    error = _error_beside_the_field(_upload(procurator, notice, b"%PDF-1.4\n%%EOF\n", "改过.docx"))
    assert "DOCX" in error
    error = _error_beside_the_field(_upload(procurator, notice, b"PK\x03\x04garbage" * 10))
    assert error
    assert _unchanged(notice) == before


def test_a_docx_of_another_type_is_refused_naming_the_headings_expected(world, procurator,
                                                                         notice):
    recommendation = world.draft(world.register_case())
    document = _docx(procurator, recommendation)
    before = _unchanged(notice)
    error = _error_beside_the_field(_upload(procurator, notice, document))
    assert "“一、案件来源”不是纠正违法通知书的组成部分" in error and "纠正意见" in error
    assert _unchanged(notice) == before


def test_a_docx_whose_heading_was_removed_is_refused(world, procurator, notice):
    document = _docx(procurator, notice)
    heading = next(p for p in document.paragraphs if p.text == "二、认定违法的理由")
    heading._element.getparent().remove(heading._element)
    error = _error_beside_the_field(_upload(procurator, notice, document))
    assert "认定违法的理由" in error


def test_a_docx_is_read_back_only_while_the_draft_may_change(world, procurator, notice):
    from recommendations import services

    document = _docx(procurator, notice)
    services.recommendation_submit(actor=world.procurator, recommendation=notice)
    before = _unchanged(notice)
    response = _upload(procurator, notice, document)
    assert response.status_code == 200 and "待审批" in response.content.decode()
    assert _unchanged(notice) == before
    outsider = Client()
    outsider.force_login(world.pt_procurator)
    assert _upload(outsider, notice, document).status_code == 404
