"""The whole transition table, generated from ``recommendations.transitions.TRANSITIONS``:
every action × every state × every persona. Allowed persona and source state: the service
succeeds; allowed persona, other state: TransitionNotAllowed; any other persona:
PermissionDenied — never a silent no-op. The system's rows (closing on service, issuing a
batch's siblings) are taken by no persona: tried through the gate, they are refused as "who"."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from recommendations import services, transitions
from recommendations.choices import FollowUpKind, InstrumentStatus, ReviewKind
from recommendations.models import (
    Evaluation,
    FollowUp,
    RecommendationExtension,
    Reply,
    ReviewRequest,
)
from recommendations.services import extensions
from recommendations.transitions import TRANSITIONS, TransitionNotAllowed

NOW = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
TODAY = NOW.date()

#: Who each persona is, in the table's terms (docs/access.md): the procurator handles the
#: case; the approver heads its department; the supervisor's procuratorate (舟检) has been
#: asked to follow up; the court's liaison is the addressee's. Nobody here is the chief, who
#: alone records the committee's decision; the levels of approval are
#: ``test_approval_levels.py``'s.
PERSONA_KINDS: dict[str, set[str]] = {
    "procurator": {"worker", "issuer", "decider"},
    "assistant": {"worker"},
    "approver": {"worker", "approver", "issuer", "decider"},
    "pt_procurator": set(),
    "supervisor": {"higher"},
    "court_liaison": {"liaison"},
    "police_liaison": set(),
}


class _Rollback(Exception):
    pass


def _calls(world, rec, objs) -> dict:
    ext = lambda: RecommendationExtension.objects.create(
        recommendation=rec, status="requested", requested_by=world.court_liaison,
        requested_at=NOW, requested_due=TODAY + datetime.timedelta(days=60), old_due=rec.due_date)
    review = lambda: ReviewRequest.objects.create(
        recommendation=rec, kind=ReviewKind.OBJECTION, reason="理由", requested_by=world.court_liaison)
    return {
        "edit": lambda a: services.recommendation_edit(actor=a, recommendation=rec,
                                                       title="关于修改的检察建议",
                                                       sections={"body": "一、依法纠正"},
                                                       keep_period=True),
        "submit": lambda a: services.recommendation_submit(actor=a, recommendation=rec),
        "approve": lambda a: services.recommendation_approve(actor=a, recommendation=rec),
        "return": lambda a: services.recommendation_return(actor=a, recommendation=rec, reason="补充"),
        "record_committee_decision": lambda a: services.committee_decision_record(
            actor=a, recommendation=rec, meeting_on=TODAY, session_number=3, decision="agree",
            summary="全体委员一致同意"),
        "issue": lambda a: services.recommendation_issue(actor=a, recommendation=rec),
        "issue_with_lead": lambda a: transitions.enforce("issue_with_lead", a, rec),
        "void": lambda a: services.recommendation_void(actor=a, recommendation=rec, reason="错误"),
        "serve": lambda a: services.recommendation_serve(actor=a, recommendation=rec, served_on=TODAY),
        "acknowledge": lambda a: services.recommendation_acknowledge(actor=a, recommendation=rec),
        "close_on_service": lambda a: transitions.enforce("close_on_service", a, rec),
        "upload_receipt": lambda a: services.receipt_upload(
            actor=a, recommendation=rec,
            receipt=SimpleUploadedFile("回证.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")),
        "extend": lambda a: extensions.recommendation_extend(actor=a, recommendation=rec,
                                                             reason="延期", days=10),
        "request_extension": lambda a: extensions.extension_request(
            actor=a, recommendation=rec, requested_due=TODAY + datetime.timedelta(days=90),
            reason="工作量大"),
        "decide_extension": lambda a: extensions.extension_refuse(actor=a, extension=ext(),
                                                                  reason="无正当理由"),
        "request_review": lambda a: services.review_request(actor=a, recommendation=rec,
                                                            kind=ReviewKind.REVIEW, reason="不同意"),
        "reject_review": lambda a: services.review_decide(actor=a, request=review(),
                                                          outcome="rejected", reason="维持"),
        "uphold_review": lambda a: services.review_decide(actor=a, request=review(),
                                                          outcome="upheld", reason="成立"),
        "reply": lambda a: services.reply_submit(actor=a, recommendation=rec, content="已整改"),
        "supplement": lambda a: services.reply_submit(actor=a, recommendation=rec,
                                                      content="补充整改材料", supplement=True),
        "evaluate": lambda a: services.recommendation_evaluate(
            actor=a, recommendation=rec, outcome="adopted_in_progress"),
        "verify": lambda a: services.rectification_verify(actor=a, recommendation=rec,
                                                          rectified=True, note="已整改到位"),
        "follow_up": lambda a: services.follow_up_record(actor=a, recommendation=rec,
                                                         kind=FollowUpKind.URGE, note="催告"),
        "higher_action": lambda a: services.follow_up_higher_action(
            actor=a, follow_up=objs["higher"], action="已督促"),
        "close": lambda a: services.recommendation_close(actor=a, recommendation=rec, reason="办结"),
    }


def _outcome(call, actor) -> str:
    try:
        with transaction.atomic():
            call(actor)
            raise _Rollback
    except _Rollback:
        return "ok"
    except PermissionDenied:
        return "who"
    except TransitionNotAllowed:
        return "state"
    except ValidationError as exc:
        return f"other: {exc.messages}"


def _expected(action: str, state: str, persona: str) -> str:
    t = TRANSITIONS[action]
    if not (t.actors & PERSONA_KINDS[persona]):
        return "who"
    return "ok" if state in t.sources else "state"


def test_every_action_has_a_call_and_every_state_is_reachable(world):
    assert set(_calls(world, None, {})) == set(TRANSITIONS)
    reachable = {InstrumentStatus.DRAFT}.union(*(t.targets for t in TRANSITIONS.values()))
    assert reachable == set(InstrumentStatus.values)


@pytest.mark.parametrize("action", sorted(TRANSITIONS))
def test_each_action_from_each_state_for_each_persona(world, action):
    with time_machine.travel(NOW, tick=False):
        rec = world.served(datetime.date(2026, 9, 1), case=world.register_case(
            assistant=world.assistant))
        reply = Reply.objects.create(recommendation=rec, author=world.court_liaison, content="回复")
        Evaluation.objects.create(recommendation=rec, reply=reply, outcome="adopted_in_progress",
                                  evaluated_by=world.procurator)
        higher = FollowUp.objects.create(
            recommendation=rec, kind=FollowUpKind.HIGHER_PROCURATORATE, taken_on=TODAY,
            note="请跟进", created_by=world.procurator, higher_procuratorate=world.city)
        call = _calls(world, rec, {"higher": higher})[action]
        seen, wanted = {}, {}
        for state in InstrumentStatus.values:
            type(rec).objects.filter(pk=rec.pk).update(status=state)
            rec.status = state
            for persona in PERSONA_KINDS:
                key = f"{state}/{persona}"
                seen[key] = _outcome(call, getattr(world, persona))
                wanted[key] = _expected(action, state, persona)
        assert seen == wanted
