"""The procuratorate's actions on an instrument through the API (issue 17,
``recommendations.api.staff_actions``), and the lists of its rows.

The fixture's instrument has been answered (已回复), so most actions reach their service for
the personas who pass the page's checks and are refused there: 403 for one who is not the
action's actor, 400 for the actor from the wrong state. Evaluating is open from 已回复: the
procurator evaluates (201) and those after find the instrument closed (400). Everyone who may
not see the instrument, or is not staff, is told 404; an anonymous caller 403."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.matrix_rows.base import CASE_READERS, CASE_WORKERS, INSTRUMENT_READERS, Row, _api

_WORKERS_WRONG_STATE = {"procurator": "400", "assistant": "400", "approver": "400",
                        "supervisor": "403"}
_DECIDERS_WRONG_STATE = {"procurator": "400", "assistant": "403", "approver": "400",
                         "supervisor": "403"}
_APPROVER_WRONG_STATE = {"procurator": "403", "assistant": "403", "approver": "400",
                         "supervisor": "403"}


def _rec(objects: dict) -> list:
    return [objects["rec"].pk]


def _pending(objects: dict, key: str) -> list:
    """An agency's extension request, a review request or a 跟进监督 request on the fixture's
    instrument, made on first use (only these rows need them). Written directly: the
    instrument's state (已回复) no longer lets the agency ask through its service."""
    if key not in objects:
        from recommendations.models import FollowUp, RecommendationExtension, ReviewRequest
        from supervision.models import User

        rec = objects["rec"]
        liaison = User.objects.get(username="court_liaison")
        if key == "extension":
            row = RecommendationExtension.objects.create(
                recommendation=rec, status="requested", requested_by=liaison,
                requested_at=rec.created_at,
                requested_due=rec.due_date.replace(year=rec.due_date.year + 1),
                request_reason="需要更多时间", old_due=rec.due_date)
        elif key == "review":
            row = ReviewRequest.objects.create(recommendation=rec, kind="objection",
                                               reason="认定事实有误", requested_by=liaison)
        else:
            row = FollowUp.objects.create(
                recommendation=rec, kind="higher_procuratorate", taken_on=rec.served_on,
                note="提请上级院跟进监督", created_by=User.objects.get(username="procurator"),
                higher_procuratorate=rec.case.procuratorate.parent)
        objects[key] = row
    return [objects["rec"].pk, objects[key].pk]


#: What an anonymous caller is told by the API (as every API row: ``base._api``).
_ANONYMOUS = _api(set()).anonymous


def _other_agency(objects: dict) -> int:
    """Another agency the fixture case's procuratorate supervises."""
    from agencies.models import Agency

    rec = objects["rec"]
    return (Agency.objects.filter(supervising_procuratorate_id=rec.case.procuratorate_id)
            .exclude(pk=rec.agency_id).values_list("pk", flat=True).first())


def _action(outcome: dict[str, str], data=lambda o: {}, args=_rec) -> Row:
    return Row(ok=set(), args=args, method="post", data=data, anonymous=_ANONYMOUS,
               outcome=outcome)


ROWS: dict[str, Row] = {
    # 类案检察建议 on the fixture's case: those who may work on it draft (201).
    "api-recommendation-draft-batch": Row(
        ok=set(), method="post", anonymous=_ANONYMOUS,
        outcome=dict.fromkeys(CASE_WORKERS, "201"),
        data=lambda o: {"case": o["case"].pk, "instrument_type": o["rec"].instrument_type_id,
                        "agencies": [o["rec"].agency_id, _other_agency(o)],
                        "title": "关于规范执法的检察建议", "body": "一、依法纠正。"}),
    "api-recommendation-submit": _action(_WORKERS_WRONG_STATE),
    "api-recommendation-approve": _action(_APPROVER_WRONG_STATE),
    "api-recommendation-return": _action(_APPROVER_WRONG_STATE, data=lambda o: {"reason": "补充"}),
    # Only the chief records the committee's decision (nobody here is the chief): 403.
    "api-recommendation-committee-decision": _action(
        dict.fromkeys(CASE_READERS, "403"), data=lambda o: {
            "meeting_on": "2026-11-20", "session_number": 3, "decision": "agree",
            "summary": "全体委员同意"}),
    "api-recommendation-issue": _action(_DECIDERS_WRONG_STATE),
    "api-recommendation-serve": _action(_WORKERS_WRONG_STATE, data=lambda o: {
        "served_on": "2026-11-20", "method": "direct"}),
    # A served instrument's 送达回证 may be uploaded (again) by those working on the case.
    "api-recommendation-receipt": Row(
        ok={"procurator", "assistant", "approver"}, args=_rec, method="post", anonymous=_ANONYMOUS,
        data=lambda o: {"receipt": SimpleUploadedFile(
            "回证.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")},
        outcome={"supervisor": "403"}),
    "api-recommendation-void": _action(_DECIDERS_WRONG_STATE, data=lambda o: {"reason": "有误"}),
    "api-recommendation-extend": _action(_DECIDERS_WRONG_STATE, data=lambda o: {
        "days": "10", "reason": "案情复杂"}),
    "api-recommendation-extension-decide": _action(
        _DECIDERS_WRONG_STATE, args=lambda o: _pending(o, "extension"),
        data=lambda o: {"decision": "refuse", "reason": "理由不充分"}),
    "api-recommendation-review-decide": _action(
        _DECIDERS_WRONG_STATE, args=lambda o: _pending(o, "review"),
        data=lambda o: {"outcome": "rejected", "reason": "事实清楚"}),
    "api-recommendation-evaluate": _action(
        {"procurator": "201", "assistant": "400", "approver": "400"},
        data=lambda o: {"outcome": "adopted_rectified"}),
    "api-recommendation-rectification-verify": _action(
        _WORKERS_WRONG_STATE, data=lambda o: {"rectified": "true", "note": "已整改"}),
    "api-recommendation-follow-up": _action(_WORKERS_WRONG_STATE,
                                            data=lambda o: {"kind": "urge", "note": "催告"}),
    # Only the higher procuratorate asked to follow up (the supervisor's) records its action.
    "api-recommendation-higher-action": _action(
        {"procurator": "403", "assistant": "403", "approver": "403", "supervisor": "400"},
        args=lambda o: _pending(o, "follow_up"), data=lambda o: {"action": "已约谈"}),
    "api-recommendation-close": _action(_DECIDERS_WRONG_STATE, data=lambda o: {"reason": "办结"}),
    "api-recommendation-items": _api(ok=INSTRUMENT_READERS, args=_rec),
    "api-recommendation-replies": _api(ok=INSTRUMENT_READERS, args=_rec),
    "api-recommendation-extensions": _api(ok=INSTRUMENT_READERS, args=_rec),
    "api-recommendation-reviews": _api(ok=INSTRUMENT_READERS, args=_rec),
    "api-recommendation-evaluations": _api(ok=CASE_READERS, args=_rec),
    "api-recommendation-approval": _api(ok=CASE_READERS, args=_rec),
    "api-recommendation-follow-ups": _api(ok=CASE_READERS, args=_rec),
}
