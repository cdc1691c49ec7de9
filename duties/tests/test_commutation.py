"""Commutation, parole and temporary-service proposals (issue 19): the ten-day opinion period
across a holiday and its extension, the flow end to end to the 纠正意见, the refusals, the
sweep, the document."""

from __future__ import annotations

import datetime
import subprocess

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from pypdf import PdfReader

from duties import registry
from duties.documents.commutation import render_opinion_html, render_opinion_pdf
from duties.models import CommutationProposal, CommutationStatus
from duties.services import commutation as services
from recommendations import services as rec_services
from recommendations.documents import sha256_hex
from recommendations.models import DeadlineEvent
from recommendations.services.sweep import deliver_event, pending_event_ids, sweep_deadlines
from supervision.models import AuditEntry, CalendarDay, Notification
from supervision.services.calendar_change import Move

from .commutation_fixtures import at, build_organs, file_proposal, upload

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def organs(world):
    return build_organs(world)


def _issued(world, organs, **kwargs) -> CommutationProposal:
    with at(D(2026, 11, 2)):
        row = file_proposal(organs.prison_liaison, world.court, **kwargs)
        services.commutation_opinion_save(actor=world.procurator, proposal=row,
                                          stance="disagree", reasons="该犯计分考核材料不实。")
        return services.commutation_opinion_issue(actor=world.approver, proposal=row)


# --- the period -------------------------------------------------------------------------------

def test_opinion_period_runs_across_national_day_and_is_extended_once(world, organs):
    """Received 2026-09-25: ten days end on 10-05, inside the National Day holiday (10-01 to
    10-07, loaded from the legal calendar's CalendarDay rows), so the due date moves to the
    first working day, 10-08. The approver extends by ten days (10-18, a Sunday → 10-19)."""
    assert CalendarDay.objects.get(date=D(2026, 10, 5), is_workday=False).name == "国庆节"
    assert CalendarDay.objects.get(date=D(2026, 10, 10)).is_workday  # 调休上班
    with at(D(2026, 9, 25)):
        row = file_proposal(organs.prison_liaison, world.court)
    assert row.received_on == D(2026, 9, 25)
    assert row.due_date == D(2026, 10, 8)
    assert row.due_explanation["rule_code"] == "commutation_opinion"
    assert row.due_explanation["raw_end"] == "2026-10-05"
    text = row.due_explanation_text()
    assert "国庆节" in text and "第六百三十五条" in text and "收到" in text
    assert "commutation_opinion" not in text  # users never see rule codes
    assert row.is_running() and row.due_basis_verified

    with at(D(2026, 9, 30)):
        with pytest.raises(PermissionDenied):  # the procurator does not decide it
            services.commutation_extend(actor=world.procurator, proposal=row, reason="案情复杂")
        with pytest.raises(ValidationError) as no_reason:
            services.commutation_extend(actor=world.approver, proposal=row, reason=" ")
        assert "理由" in str(no_reason.value)
        row = services.commutation_extend(actor=world.approver, proposal=row,
                                          reason="需调取该犯病历，案情复杂")
    assert row.due_date == D(2026, 10, 19)
    assert row.extended_by == world.approver
    explanation = row.due_explanation_text()
    assert "需调取该犯病历" in explanation and "2026年10月19日" in explanation
    assert row.due_explanation["extensions"][0]["raw"] == "2026-10-18"
    with at(D(2026, 10, 2)), pytest.raises(ValidationError, match="只能延长一次"):
        services.commutation_extend(actor=world.approver, proposal=row, reason="再次延长")
    assert AuditEntry.objects.filter(action="commutation_extend").count() == 1
    # The organ is told the new date in its liaison's language.
    told = Notification.objects.get(recipient=organs.prison_liaison, code="commutation.extended")
    assert told.params["due"] == "2026-10-19"
    assert told.link == row.get_portal_url()


def test_temporary_service_outside_prison_has_its_own_rule_and_no_extension(world, organs):
    with at(D(2026, 11, 2)):
        row = file_proposal(organs.prison_liaison, world.police, kind="outside",
                            number="（2026）浙舟狱暂字第3号", proposal="建议暂予监外执行：严重疾病需保外就医")
        assert row.due_explanation["rule_code"] == "commutation_outside_opinion"
        assert row.due_date == D(2026, 11, 12)
        assert not row.due_basis_verified  # stored unverified: staff see 期限依据待核实
        with pytest.raises(ValidationError, match="不能延长"):
            services.commutation_extend(actor=world.approver, proposal=row, reason="案情复杂")


# --- end to end -------------------------------------------------------------------------------

def test_end_to_end_the_wrong_ruling_leads_to_the_correction_draft(world, organs, django_capture_on_commit_callbacks):
    """Organ files → procurator writes the opinion → approver issues it (frozen PDF, the organ
    told) → the ruling is recorded as wrong → one step drafts the 纠正意见 (type and rule
    commutation_correction) on a new 刑罚执行监督 case → its own life runs: approval, issue,
    service, the court's one-month reply period. The organ sees the outcome."""
    with at(D(2026, 11, 2)):
        row = file_proposal(organs.prison_liaison, world.court, person_id_number="11010519491231002X")
    staff_told = Notification.objects.filter(code="commutation.received")
    assert {n.recipient for n in staff_told} == {world.procurator, world.approver}
    assert staff_told.first().params["kind"] == "减刑"  # a msgid, read in each reader's language
    assert "张三" not in str(staff_told.first().params)  # the person is not in notifications
    assert row.person_id_masked == "1101**********002X"
    assert CommutationProposal.objects.filter(person_id_digest__gt="").count() == 1

    with at(D(2026, 11, 5)):
        with pytest.raises(ValidationError, match="理由"):
            services.commutation_opinion_save(actor=world.procurator, proposal=row,
                                              stance="disagree", reasons="")
        services.commutation_opinion_save(actor=world.procurator, proposal=row, stance="disagree",
                                          reasons="（一）该犯计分考核材料不实；\n（二）未退赔被害人损失。")
        with pytest.raises(PermissionDenied):  # 报经检察长批准: not the procurator's to issue
            services.commutation_opinion_issue(actor=world.procurator, proposal=row)
        with pytest.raises(PermissionDenied):  # another procuratorate's approver
            services.commutation_opinion_issue(
                actor=world.pt_procurator, proposal=row)
        row = services.commutation_opinion_issue(actor=world.approver, proposal=row)
    assert row.status == CommutationStatus.OPINION_ISSUED and not row.is_running()
    assert row.opinion_number == "定检刑执意〔2026〕1号"
    assert row.opinion_issued_on == D(2026, 11, 5) and row.opinion_late is False
    assert row.handler == world.procurator
    with row.opinion_pdf.open("rb") as f:
        stored = f.read()
    assert sha256_hex(stored) == row.opinion_sha256
    assert Notification.objects.filter(recipient=organs.prison_liaison,
                                       code="commutation.opinion_issued").exists()
    with pytest.raises(ValidationError):  # issued once
        services.commutation_opinion_issue(actor=world.approver, proposal=row)

    with at(D(2026, 11, 20)):
        with pytest.raises(ValidationError) as missing:
            services.commutation_ruling_record(actor=world.procurator, proposal=row,
                                               ruling_on=D(2026, 11, 18), outcome="granted",
                                               summary="裁定减去有期徒刑六个月", wrong=True)
        assert "wrong_reason" in missing.value.message_dict
        row = services.commutation_ruling_record(
            actor=world.procurator, proposal=row, ruling_on=D(2026, 11, 18), outcome="granted",
            summary="裁定对罪犯张三减去有期徒刑六个月", ruling_number="（2026）浙0902刑更456号",
            wrong=True, wrong_reason="该犯不符合“确有悔改表现”的条件，裁定减刑不当。")
        assert row.status == CommutationStatus.RULED
        rec = services.commutation_correction_draft(actor=world.procurator, proposal=row)
        with pytest.raises(ValidationError, match="已经"):
            services.commutation_correction_draft(actor=world.procurator, proposal=row)
    row.refresh_from_db()
    assert row.correction == rec and row.case == rec.case
    assert rec.instrument_type.code == "commutation_correction"
    assert rec.instrument_type.period_rule.code == "commutation_correction"
    assert rec.agency == world.court and rec.status == "draft"
    assert rec.case.matter.name == "违法减刑、假释、暂予监外执行"
    assert rec.case.agency == world.court and rec.case.handler == world.procurator
    assert "第二百七十四条" in rec.legal_basis and "确有悔改表现" in rec.problems
    assert set(rec.case.related_numbers.values_list("number", flat=True)) == {
        "（2026）浙0902刑更456号", "（2023）浙0902刑初88号"}
    party = rec.case.parties.get()
    assert party.name == "张三" and party.id_number == "11010519491231002X"

    # The instrument's own life cycle, unchanged: approval, issue, service, the reply clock.
    with at(D(2026, 11, 23)):
        rec_services.recommendation_submit(actor=world.procurator, recommendation=rec)
        rec_services.recommendation_approve(actor=world.approver, recommendation=rec)
        rec_services.recommendation_issue(actor=world.procurator, recommendation=rec)
        rec = rec_services.recommendation_serve(actor=world.procurator, recommendation=rec,
                                                served_on=D(2026, 11, 23))
    assert rec.due_explanation["rule_code"] == "commutation_correction"
    assert rec.due_date == D(2026, 12, 23)
    assert list(registry.flows()[0].figures) is not None
    figure = {f.code: f for f in registry.figures()}
    assert list(figure["commutation_corrections_issued"].rows(D(2026, 11, 1), D(2026, 11, 30))) == [row]
    assert list(figure["commutation_opinions_on_time"].rows(D(2026, 11, 1), D(2026, 11, 30))) == [row]
    assert not figure["commutation_opinions_late"].rows(D(2026, 11, 1), D(2026, 11, 30)).exists()
    assert list(figure["commutation_received"].rows(D(2026, 11, 1), D(2026, 11, 30))) == [row]
    # The organ sees the outcome in its portal.
    from django.test import Client

    client = Client()
    client.force_login(organs.prison_liaison)
    page = client.get(row.get_portal_url()).content.decode()
    assert "定检刑执意〔2026〕1号" in page and "裁定对罪犯张三减去有期徒刑六个月" in page
    assert "确有悔改表现" not in page  # the procurator's judgement is the procuratorate's
    pdf = client.get(reverse("portal:commutation-opinion-pdf", args=[row.pk]))
    assert pdf.status_code == 200 and sha256_hex(b"".join(pdf.streaming_content)) == row.opinion_sha256


def test_filing_refusals(world, organs):
    with at(D(2026, 11, 2)):
        with pytest.raises(PermissionDenied):  # staff do not file an organ's copy
            file_proposal(world.procurator, world.court)
        with pytest.raises(PermissionDenied):  # a court is no executing organ
            file_proposal(world.court_liaison, world.court)
        with pytest.raises(ValidationError) as not_a_court:
            file_proposal(organs.prison_liaison, world.police)
        assert "court" in not_a_court.value.message_dict
        with pytest.raises(ValidationError) as bad_id:
            file_proposal(organs.prison_liaison, world.court, person_id_number="110105194912310021")
        assert "person_id_number" in bad_id.value.message_dict
        with pytest.raises(ValidationError) as blank:
            file_proposal(organs.prison_liaison, world.court, person_name=" ", judgment="")
        assert {"person_name", "judgment"} <= set(blank.value.message_dict)
        from django.core.files.uploadedfile import SimpleUploadedFile

        with pytest.raises(ValidationError) as exe:
            services.commutation_file(
                actor=organs.prison_liaison, kind="commutation", proposal_number="X1",
                person_name="李四", judgment_number="J", judgment="J", proposal="P",
                court=world.court, upload=SimpleUploadedFile("a.pdf", b"MZ\x90\x00binary"))
        assert "upload" in exe.value.message_dict
        file_proposal(organs.prison_liaison, world.court)
        with pytest.raises(ValidationError, match="已经报送过"):
            file_proposal(organs.prison_liaison, world.court)
    assert CommutationProposal.objects.count() == 1


def test_the_ruling_waits_for_the_opinion_and_a_right_ruling_has_no_correction(world, organs):
    with at(D(2026, 11, 2)):
        row = file_proposal(organs.prison_liaison, world.court)
        with pytest.raises(ValidationError, match="待提出检察意见"):
            services.commutation_ruling_record(actor=world.procurator, proposal=row,
                                               ruling_on=D(2026, 11, 2), outcome="granted",
                                               summary="准予")
    row = _issued(world, organs, number="（2026）浙舟狱减字第13号")
    with at(D(2026, 11, 20)):
        with pytest.raises(ValidationError) as early:
            services.commutation_ruling_record(actor=world.procurator, proposal=row,
                                               ruling_on=D(2026, 10, 1), outcome="granted",
                                               summary="准予")
        assert "ruling_on" in early.value.message_dict
        row = services.commutation_ruling_record(actor=world.procurator, proposal=row,
                                                 ruling_on=D(2026, 11, 19), outcome="refused",
                                                 summary="不予减刑")
        with pytest.raises(ValidationError, match="不当"):
            services.commutation_correction_draft(actor=world.procurator, proposal=row)
    assert services.allowed_actions(world.observer, row) == []


# --- the sweep --------------------------------------------------------------------------------

def test_the_sweep_reminds_the_procuratorate_and_notes_the_overdue_opinion_once(world, organs):
    with at(D(2026, 11, 2)):
        row = file_proposal(organs.prison_liaison, world.court)
    assert row.due_date == D(2026, 11, 12)

    def sweep(day):
        with at(day, hour=8):
            sweep_deadlines(day)
            for pk in pending_event_ids():
                deliver_event(pk)

    sweep(D(2026, 11, 5))   # seven days ahead
    sweep(D(2026, 11, 13))  # the day after: overdue
    sweep(D(2026, 11, 14))  # nothing new
    codes = list(Notification.objects.filter(code__startswith="commutation.")
                 .exclude(code="commutation.received").values_list("code", "recipient__username"))
    assert ("commutation.reminder", "procurator") in codes
    overdue = [c for c in codes if c[0] == "commutation.overdue"]
    assert sorted(u for _c, u in overdue) == ["approver", "procurator"]
    assert DeadlineEvent.objects.filter(subject_type="duties.commutationproposal",
                                        kind="overdue").count() == 1
    assert not any(u == "prison_liaison" for _c, u in codes)  # the organ owes nothing here
    with at(D(2026, 11, 14)):
        assert row.is_overdue()
        row = services.commutation_opinion_save(actor=world.procurator, proposal=row,
                                                stance="agree", reasons="")
        row = services.commutation_opinion_issue(actor=world.approver, proposal=row)
    assert row.opinion_late is True


def test_a_moved_holiday_tells_whoever_is_reminded(world, organs):
    with at(D(2026, 11, 2)):
        row = file_proposal(organs.prison_liaison, world.court)
    move = Move(model="duties.commutationproposal", pk=row.pk, number=row.proposal_number,
                party=row.organ.name, kind="commutation", kind_label="", old_due=row.due_date,
                new_due=row.due_date + datetime.timedelta(days=1), old_provisional=False,
                new_provisional=False)
    (notice,) = CommutationProposal.deadline_moved_notices([move])
    assert notice.code == "calendar.moved.commutation"
    assert set(notice.recipients) == {world.procurator}
    assert notice.link == row.get_absolute_url()
    assert row.deadline_preview_label().party == "浙江省舟山监狱"


# --- the document -----------------------------------------------------------------------------

def test_the_opinion_document_in_the_official_layout(world, organs, output_dir):
    row = _issued(world, organs)
    html = render_opinion_html(row, number=row.opinion_number, issued_on=row.opinion_issued_on)
    assert "舟山市定海区人民检察院" in html and "检察意见书" in html
    assert "舟山市定海区人民法院：" in html  # addressed to the court
    assert "抄送：浙江省舟山监狱" in html      # copied to the organ
    assert "二〇二六年十一月二日" in html and "定检刑执意〔2026〕1号" in html
    assert "本院认为" in html and "计分考核材料不实" in html
    assert "第二百七十三条第二款" in html and "第六百三十五条" in html
    # Pure: the same data gives the same bytes.
    first = render_opinion_pdf(row, number=row.opinion_number, issued_on=row.opinion_issued_on)
    assert first == render_opinion_pdf(row, number=row.opinion_number,
                                       issued_on=row.opinion_issued_on)
    with row.opinion_pdf.open("rb") as f:
        stored = f.read()
    assert stored == first  # frozen as rendered (no signing key configured here)
    text = "".join(page.extract_text() for page in PdfReader(row.opinion_pdf.path).pages)
    assert "关于对罪犯张三减刑建议的检察意见" in text and "抄送：浙江省舟山监狱" in text
    pdf_path = output_dir / "commutation-opinion.pdf"
    pdf_path.write_bytes(stored)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf_path),
                    str(output_dir / "commutation-opinion")], check=True)
    assert list(output_dir.glob("commutation-opinion*.png"))


def test_registered_flow_counts_what_waits(world, organs):
    flow = next(f for f in registry.flows() if f.key == "commutation")
    with at(D(2026, 11, 2)):
        file_proposal(organs.prison_liaison, world.court)
        file_proposal(organs.pt_prison_liaison, world.pt_court, number="（2026）普看减字第1号")
    assert flow.staff_pending(world.procurator).count() == 1
    assert flow.staff_pending(world.supervisor).count() == 2  # the city sees its subtree
    assert flow.staff_pending(organs.prison_liaison).count() == 0
    assert reverse(flow.staff_url) == "/duties/commutation/"
    assert reverse(flow.portal_url) == "/portal/commutation/"
    assert upload().name.endswith(".pdf")


def test_each_kind_s_proposal_has_a_whole_title_in_both_languages():
    """The page title is one translated phrase per kind, never the kind with 建议 glued on."""
    from django.utils.translation import override

    from duties.models import CommutationProposal
    from duties.models.commutation import CommutationKind

    for kind in CommutationKind.values:
        row = CommutationProposal(kind=kind)
        with override("zh-hans"):
            assert row.proposal_title.endswith("建议")
        with override("en"):
            title = row.proposal_title
            assert title and "建议" not in title and title.lower().endswith("proposal"), title
