"""Approval by level (issue 18): an instrument type says who must approve it — the department
head (or the chief), the chief after the department head, or the procuratorial committee after
both, whose decision the chief records. Each level is a step on record; the queue shows each
approver what waits at their level; a refusal says who must act next."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils.translation import override

from recommendations import selectors, services
from recommendations.choices import ApprovalLevel, InstrumentStatus
from recommendations.models import ApprovalStep, CommitteeDecision, InstrumentType
from supervision.choices import Role
from supervision.models import AuditEntry, Notification, User
from supervision.services.notifications import render_message
from tests.world import PASSWORD

NOW = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
TODAY = NOW.date()


@pytest.fixture
def chief(world) -> User:
    return User.objects.create_user(username="dh_chief", password=PASSWORD, role=Role.CHIEF,
                                    procuratorate=world.dinghai, display_name="郑国华")


@pytest.fixture
def retrial() -> InstrumentType:
    return InstrumentType.objects.get(code="retrial_recommendation")


def _submitted(world, **kwargs):
    rec = world.draft(**kwargs)
    return services.recommendation_submit(actor=world.procurator, recommendation=rec)


def _decide(chief, rec, decision="agree", **kwargs):
    return services.committee_decision_record(
        actor=chief, recommendation=rec, meeting_on=kwargs.pop("meeting_on", TODAY),
        session_number=kwargs.pop("session_number", 12), decision=decision,
        summary=kwargs.pop("summary", "到会委员十一人，十一票同意。"),
        minutes_reference=kwargs.pop("minutes_reference", "定检委纪〔2026〕12号"))


def test_the_data_migration_sets_the_levels_and_the_preservation_types(db):
    levels = dict(InstrumentType.objects.values_list("code", "approval_level"))
    assert levels["protest"] == levels["retrial_recommendation"] == ApprovalLevel.COMMITTEE
    assert levels["recommendation"] == ApprovalLevel.DEPARTMENT  # today's rule kept
    for code in ("property_preservation_recommendation", "evidence_preservation_recommendation"):
        t = InstrumentType.objects.select_related("parent", "period_rule").get(code=code)
        assert t.requires_urgency_reason and t.addressee_types == ["court"]
        assert t.parent.code == "recommendation" and t.period_rule.code == "preservation_urgent"
        assert t.name_en


def test_an_ordinary_type_is_approved_by_the_department_head_as_before(world):
    rec = _submitted(world)
    assert rec.approval_stage == ApprovalLevel.DEPARTMENT
    rec = services.recommendation_approve(actor=world.approver, recommendation=rec,
                                          opinion="同意签发。")
    assert rec.status == InstrumentStatus.APPROVED and rec.approved_by == world.approver
    assert rec.approval_stage == ""
    step = ApprovalStep.objects.get(recommendation=rec)
    assert (step.level, step.outcome, step.decided_by, step.opinion) == (
        "department", "approved", world.approver, "同意签发。")


def test_a_chief_level_type_goes_from_the_department_head_to_the_chief(world, chief):
    InstrumentType.objects.filter(pk=world.recommendation_type.pk).update(approval_level="chief")
    rec = _submitted(world)
    rec = services.recommendation_approve(actor=world.approver, recommendation=rec)
    # Forwarded, not approved: it waits for the chief, who is told and sees it in the queue.
    assert rec.status == InstrumentStatus.PENDING_APPROVAL
    assert rec.approval_stage == ApprovalLevel.CHIEF and rec.approved_by is None
    note = Notification.objects.get(recipient=chief, code="approval.forwarded")
    assert render_message(note.code, note.params) == (
        f"{world.approver} 已审核同意检察建议“{rec.title}”，请您审批。")
    with override("en"):
        assert "Procuratorial recommendation" in render_message(note.code, note.params)
    assert list(selectors.approval_queue(chief)) == [rec]
    assert list(selectors.approval_queue(world.approver)) == []
    # The department head cannot approve (or return) it again: the refusal names the chief.
    with pytest.raises(PermissionDenied, match="正等待检察长审批"):
        services.recommendation_approve(actor=world.approver, recommendation=rec)
    with pytest.raises(PermissionDenied, match="正等待检察长审批"):
        services.recommendation_return(actor=world.approver, recommendation=rec, reason="再改")
    rec = services.recommendation_approve(actor=chief, recommendation=rec, opinion="同意。")
    assert rec.status == InstrumentStatus.APPROVED and rec.approved_by == chief
    assert list(ApprovalStep.objects.filter(recommendation=rec).values_list(
        "level", "decided_by__username")) == [("department", "approver"), ("chief", "dh_chief")]
    entries = AuditEntry.objects.filter(action="recommendation_approve", target_id=rec.pk)
    assert [e.data.get("level") for e in entries.order_by("pk")] == ["department", "chief"]


def test_the_chief_may_approve_the_first_level_and_covers_it(world, chief):
    InstrumentType.objects.filter(pk=world.recommendation_type.pk).update(approval_level="chief")
    rec = services.recommendation_approve(actor=chief, recommendation=_submitted(world))
    assert rec.status == InstrumentStatus.APPROVED
    chain = selectors.approval_record(rec).chain
    assert [(c.level, c.state, c.step.decided_by) for c in chain] == [
        ("department", "done", chief), ("chief", "done", chief)]


def test_a_committee_type_waits_for_the_committee_whose_decision_the_chief_records(
        world, chief, retrial):
    rec = _submitted(world, instrument_type=retrial, title="关于某民间借贷纠纷的再审检察建议")
    rec = services.recommendation_approve(actor=world.approver, recommendation=rec)
    assert rec.approval_stage == ApprovalLevel.CHIEF
    with pytest.raises(PermissionDenied, match="须先经检察长审批同意"):
        _decide(chief, rec)
    rec = services.recommendation_approve(actor=chief, recommendation=rec)
    assert (rec.status, rec.approval_stage) == (InstrumentStatus.PENDING_APPROVAL,
                                                ApprovalLevel.COMMITTEE)
    assert list(selectors.approval_queue(chief)) == [rec]  # to record the decision
    chain = selectors.approval_record(rec).chain
    assert [(c.level, c.state) for c in chain] == [
        ("department", "done"), ("chief", "done"), ("committee", "waiting")]
    # Nobody approves at the committee's level; the department head cannot return it either.
    with pytest.raises(PermissionDenied, match="须经检察委员会讨论决定"):
        services.recommendation_approve(actor=chief, recommendation=rec)
    with pytest.raises(PermissionDenied, match="须经检察委员会讨论决定"):
        services.recommendation_return(actor=world.approver, recommendation=rec, reason="再改")
    # Only the chief records the committee's decision.
    for someone in (world.procurator, world.approver):
        with pytest.raises(PermissionDenied, match="只有本院检察长"):
            _decide(someone, rec)
    decision = _decide(chief, rec)
    rec.refresh_from_db()
    assert rec.status == InstrumentStatus.APPROVED and rec.approved_by == chief
    assert (decision.session_number, decision.minutes_reference) == (12, "定检委纪〔2026〕12号")
    entry = AuditEntry.objects.get(action="committee_decision_record", target_id=rec.pk)
    assert entry.data["decision"] == "agree" and entry.data["session"] == "12"
    note = Notification.objects.get(recipient=world.procurator, code="approval.committee_decided")
    assert render_message(note.code, note.params).endswith("的决定：同意。")
    # Approved: it is issued as any other.
    rec = services.recommendation_issue(actor=world.procurator, recommendation=rec)
    assert rec.number.startswith("定检一再建")


def test_the_committee_disagreeing_returns_the_draft_and_it_starts_again(world, chief, retrial):
    rec = _submitted(world, instrument_type=retrial)
    rec = services.recommendation_approve(actor=world.approver, recommendation=rec)
    rec = services.recommendation_approve(actor=chief, recommendation=rec)
    _decide(chief, rec, "disagree", summary="多数委员认为原判认定事实并无错误，不同意提出再审检察建议。")
    rec.refresh_from_db()
    assert rec.status == InstrumentStatus.DRAFT and "不同意提出" in rec.return_reason
    assert [(c.level, c.state) for c in selectors.approval_record(rec).chain] == [
        ("department", "later"), ("chief", "later"), ("committee", "later")]
    rec = services.recommendation_submit(actor=world.procurator, recommendation=rec)
    assert rec.approval_stage == ApprovalLevel.DEPARTMENT and rec.return_reason == ""


def test_agreed_with_changes_the_revised_draft_needs_the_chief_not_the_committee(
        world, chief, retrial):
    rec = _submitted(world, instrument_type=retrial)
    rec = services.recommendation_approve(actor=world.approver, recommendation=rec)
    rec = services.recommendation_approve(actor=chief, recommendation=rec)
    _decide(chief, rec, "agree_with_changes", summary="同意，但须补充调解书损害国家利益的事实。")
    rec.refresh_from_db()
    assert rec.status == InstrumentStatus.DRAFT
    rec = services.recommendation_submit(actor=world.procurator, recommendation=rec)
    rec = services.recommendation_approve(actor=world.approver, recommendation=rec)
    rec = services.recommendation_approve(actor=chief, recommendation=rec)
    assert rec.status == InstrumentStatus.APPROVED
    assert [c.level for c in selectors.approval_record(rec).chain] == ["department", "chief"]


def test_a_committee_decision_is_checked(world, chief, retrial):
    rec = _submitted(world, instrument_type=retrial)
    rec = services.recommendation_approve(actor=chief, recommendation=rec)
    assert rec.approval_stage == ApprovalLevel.COMMITTEE  # the chief's approval covers both
    with time_machine.travel(NOW, tick=False):
        with pytest.raises(ValidationError) as exc:
            _decide(chief, rec, meeting_on=TODAY + datetime.timedelta(days=1))
        assert "meeting_on" in exc.value.message_dict
        with pytest.raises(ValidationError) as exc:
            _decide(chief, rec, summary="  ")
        assert "summary" in exc.value.message_dict
        with pytest.raises(ValidationError) as exc:
            _decide(chief, rec, decision="abstain")
        assert "decision" in exc.value.message_dict
        with pytest.raises(ValidationError) as exc:
            _decide(chief, rec, session_number=0)
        assert "session_number" in exc.value.message_dict
    assert not CommitteeDecision.objects.exists()


def test_the_chief_of_another_procuratorate_is_refused(world, retrial):
    other = User.objects.create_user(username="pt_chief", password=PASSWORD, role=Role.CHIEF,
                                     procuratorate=world.putuo)
    rec = _submitted(world, instrument_type=retrial)
    with pytest.raises(PermissionDenied, match="只有本院部门负责人或检察长"):
        services.recommendation_approve(actor=other, recommendation=rec)
    assert list(selectors.approval_queue(other)) == []


def test_a_return_is_a_step_with_its_reason(world):
    rec = _submitted(world)
    services.recommendation_return(actor=world.approver, recommendation=rec, reason="事实部分需补充")
    step = ApprovalStep.objects.get(recommendation=rec)
    assert (step.outcome, step.opinion) == ("returned", "事实部分需补充")


# --- Pages ------------------------------------------------------------------------------------


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_pages_show_the_chain_and_the_chief_records_the_decision(world, chief, retrial):
    rec = _submitted(world, instrument_type=retrial, title="关于某民间借贷纠纷的再审检察建议")
    head = _client(world.approver)
    response = head.post(reverse("recommendations:action", args=[rec.pk, "approve"]),
                         {"approve-opinion": "拟同意，报检察长审批。"}, follow=True)
    page = response.content.decode()
    assert "已审核同意，文书已报送检察长审批。" in page
    assert 'data-state="done"' in page and "拟同意，报检察长审批。" in page
    assert "等待检察长审批" in page
    # The department head's queue is empty now; the chief's shows the level.
    assert "目前没有等待您审批的文书" in head.get(reverse("recommendations:approvals")).content.decode()
    boss = _client(chief)
    queue = boss.get(reverse("recommendations:approvals")).content.decode()
    assert "关于某民间借贷纠纷的再审检察建议" in queue and ">检察长<" in queue
    response = boss.post(reverse("recommendations:action", args=[rec.pk, "approve"]), follow=True)
    page = response.content.decode()
    assert "须提请检察委员会讨论决定" in page and 'data-testid="committee-form"' in page
    assert "待记录检察委员会决定" in boss.get(reverse("recommendations:approvals")).content.decode()
    # A bad form answers on the page, nothing recorded.
    url = reverse("recommendations:committee-decision", args=[rec.pk])
    page = boss.post(url, {"committee-meeting_on": "2026-13-40", "committee-decision": "agree"},
                     follow=True).content.decode()
    assert not CommitteeDecision.objects.exists() and 'data-testid="committee-form"' in page
    response = boss.post(url, {
        "committee-meeting_on": TODAY.isoformat(), "committee-session_number": "12",
        "committee-decision": "agree", "committee-summary": "十一票同意。",
        "committee-minutes_reference": "定检委纪〔2026〕12号"}, follow=True)
    page = response.content.decode()
    assert "已记录检察委员会的决定。" in page and 'data-testid="committee-decision"' in page
    assert "第12次检察委员会会议" in page
    rec.refresh_from_db()
    assert rec.status == InstrumentStatus.APPROVED


def test_the_wrong_person_posting_the_committee_decision_is_told_why(world, retrial):
    rec = _submitted(world, instrument_type=retrial)
    response = _client(world.approver).post(
        reverse("recommendations:committee-decision", args=[rec.pk]), {
            "committee-meeting_on": "2026-11-20", "committee-session_number": "3",
            "committee-decision": "agree", "committee-summary": "同意"}, follow=True)
    assert "只有本院检察长可以记录检察委员会的决定" in response.content.decode()
    assert not CommitteeDecision.objects.exists()
    # Someone who may not see the instrument: 404.
    response = _client(world.pt_procurator).post(
        reverse("recommendations:committee-decision", args=[rec.pk]), {})
    assert response.status_code == 404


def test_the_approval_queue_has_a_fixed_number_of_queries(world, chief, retrial,
                                                          django_assert_num_queries):
    for _ in range(3):
        rec = _submitted(world, instrument_type=retrial)
        services.recommendation_approve(actor=world.approver, recommendation=rec)
    client = _client(chief)
    client.get(reverse("recommendations:approvals"))  # session, user warmed
    # session, user (with its procuratorate), count, rows; the base page's bell and intake count
    with django_assert_num_queries(6):
        page = client.get(reverse("recommendations:approvals")).content.decode()
    assert page.count('data-testid="approval-row"') == 3


def test_the_pages_in_english(world, chief, retrial):
    rec = _submitted(world, instrument_type=retrial)
    rec = services.recommendation_approve(actor=world.approver, recommendation=rec)
    client = _client(chief)
    with override("en"):
        page = client.get(reverse("recommendations:detail", args=[rec.pk]),
                          HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="approval-chain"' in page


# --- API --------------------------------------------------------------------------------------


def _api(user) -> Client:
    return _client(user)


def test_the_api_approves_by_level_and_records_the_committee_decision(world, chief, retrial):
    rec = _submitted(world, instrument_type=retrial)
    base = f"/api/recommendations/{rec.pk}"
    response = _api(world.approver).post(f"{base}/approve/", {"opinion": "拟同意"},
                                         content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "pending_approval"
    response = _api(world.approver).post(f"{base}/approve/", {}, content_type="application/json")
    assert response.status_code == 403 and "检察长" in str(response.json())
    _api(chief).post(f"{base}/approve/", {}, content_type="application/json")
    approval = _api(world.procurator).get(f"{base}/approval/").json()
    assert approval["approval_stage"] == "committee"
    assert [c["state"] for c in approval["chain"]] == ["done", "done", "waiting"]
    assert approval["steps"][0]["opinion"] == "拟同意"
    body = {"meeting_on": TODAY.isoformat(), "session_number": 7, "decision": "agree",
            "summary": "全体委员同意", "minutes_reference": "纪要7号"}
    response = _api(world.approver).post(f"{base}/committee-decision/", body,
                                         content_type="application/json")
    assert response.status_code == 403
    response = _api(chief).post(f"{base}/committee-decision/", {**body, "session_number": 0},
                                content_type="application/json")
    assert response.status_code == 400 and b"session_number" in response.content
    response = _api(chief).post(f"{base}/committee-decision/", body,
                                content_type="application/json")
    assert response.status_code == 201 and response.json()["decision_display"] == "同意"
    assert response.headers["Location"] == f"{base}/approval/"
    rec.refresh_from_db()
    assert rec.status == InstrumentStatus.APPROVED
    # The approval record is the procuratorate's own: a liaison is told 404.
    assert _api(world.court_liaison).get(f"{base}/approval/").status_code == 404


def test_an_opinion_past_its_length_is_refused_not_cut(world):
    """The approver's opinion goes through ApproveForm: one of 2,001 characters is refused
    with the reason and the instrument waits as before; nothing is silently shortened."""
    rec = _submitted(world)
    url = reverse("recommendations:action", args=[rec.pk, "approve"])
    response = _client(world.approver).post(url, {"approve-opinion": "意" * 2001}, follow=True)
    rec.refresh_from_db()
    assert rec.status == "pending_approval"
    assert "2000" in response.content.decode()
    _client(world.approver).post(url, {"approve-opinion": "同意。"})
    rec.refresh_from_db()
    assert rec.status == "approved" and rec.approval_steps.get().opinion == "同意。"
