"""Permission-matrix rows of the hearings (issue 18): a case's hearings are seen by those who
see the case and handled by those who work on it; the register of people's supervisors is read
by the staff of its procuratorate (and those below it, and supervisors above) and kept by its
department heads and chief. Liaisons, observers and administrators: 404 everywhere."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import time_machine

from tests.matrix_rows.base import CASE_READERS, CASE_WORKERS, SIGNED_IN, STAFF, Row, _api

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
REGISTER_READERS = {"procurator", "assistant", "approver", "supervisor"}
DECIDERS = {"procurator", "approver"}


def _hearings(objects: dict) -> dict:
    """On the fixture case (made on first use): a scheduled hearing with a people's supervisor
    of 定检's register, a held one with its supervisor present, and a cancelled one."""
    if "hearings" not in objects:
        from hearings import services

        case = objects["case"]
        procurator = case.handler
        approver = type(procurator).objects.get(username="approver")
        at = datetime.datetime(2026, 11, 30, 9, 30, tzinfo=NOW.tzinfo)
        with time_machine.travel(NOW, tick=False):
            supervisor = services.people_supervisor_create(
                actor=approver, name="李海明", appointed_by="舟山市司法局", phone="13812345678",
                term_start=datetime.date(2023, 5, 1), term_end=datetime.date(2028, 4, 30))

            def hearing(scheduled_at):
                h = services.hearing_schedule(
                    actor=procurator, case=case, topic="公开听证", questions="问题",
                    place="听证室", scheduled_at=scheduled_at, presiding=procurator)
                p = services.participant_add(actor=procurator, hearing=h,
                                             role="people_supervisor", people_supervisor=supervisor)
                return h, p

            scheduled, participant = hearing(at)
            held, held_participant = hearing(NOW - datetime.timedelta(hours=1))
            services.hearing_hold(actor=procurator, hearing=held, held_at=held.scheduled_at,
                                  record="记录", attended=[held_participant.pk])
            cancelled, cancelled_participant = hearing(at)
            services.hearing_cancel(actor=procurator, hearing=cancelled, reason="撤回申请")
        objects["hearings"] = {
            "scheduled": scheduled, "participant": participant, "held": held,
            "held_participant": held_participant, "cancelled": cancelled,
            "cancelled_participant": cancelled_participant, "supervisor": supervisor}
    return objects["hearings"]


def _h(key: str):
    return lambda o: [_hearings(o)[key].pk]


def _hp(hearing: str, participant: str):
    return lambda o: [_hearings(o)[hearing].pk, _hearings(o)[participant].pk]


def _api_post(args, data, outcome: dict) -> Row:
    return Row(ok=set(), args=args, method="post", anonymous="401", data=data, outcome=outcome)


ROWS: dict[str, Row] = {
    # Pages.
    "hearings:list": Row(ok=STAFF),
    "hearings:create": Row(ok=CASE_WORKERS, args=lambda o: [o["case"].pk]),
    "hearings:detail": Row(ok=CASE_READERS, args=_h("scheduled")),
    "hearings:edit": Row(ok=CASE_WORKERS, args=_h("scheduled")),
    "hearings:participant-add": Row(ok=CASE_WORKERS, args=_h("scheduled")),
    # On the cancelled hearing: the workers reach the service, which refuses (the page says
    # why), so the row stays the same for each of them.
    "hearings:participant-remove": Row(ok=CASE_WORKERS, method="post",
                                       args=_hp("cancelled", "cancelled_participant")),
    "hearings:opinion": Row(ok=CASE_WORKERS, args=_hp("held", "held_participant")),
    "hearings:notice-pdf": Row(ok=CASE_READERS, args=_hp("scheduled", "participant")),
    "hearings:notice-send": Row(ok=CASE_WORKERS, method="post", args=_h("scheduled")),
    "hearings:hold": Row(ok=CASE_WORKERS, args=_h("scheduled")),
    "hearings:conclude": Row(ok=DECIDERS, args=_h("held")),
    "hearings:cancel": Row(ok=CASE_WORKERS, method="post", args=_h("cancelled"),
                           data=lambda o: {"reason": "再次取消"}),
    "hearings:record-pdf": Row(ok=CASE_READERS, args=_h("held")),
    "hearings:supervisors": Row(ok=STAFF),
    "hearings:supervisor-create": Row(ok={"approver"}),
    "hearings:supervisor-detail": Row(ok=REGISTER_READERS, args=_h("supervisor")),
    "hearings:supervisor-edit": Row(ok={"approver"}, args=_h("supervisor")),
    # API: lists answer everyone signed in with only what they may see.
    "api-hearing-list": _api(ok=SIGNED_IN),
    "api-hearing-detail": _api(ok=CASE_READERS, args=_h("scheduled")),
    "api-hearing-participants": _api_post(
        _h("scheduled"), lambda o: {"role": "expert", "name": "法学专家"},
        dict.fromkeys(CASE_WORKERS, "201")),
    "api-hearing-notices": _api_post(
        _h("scheduled"), lambda o: {"participants": [_hearings(o)["participant"].pk],
                                    "sent_on": "2026-11-23", "method": "phone"},
        dict.fromkeys(CASE_WORKERS, "201")),
    # An empty body: the workers are told what is missing (400); the rest never reach it.
    "api-hearing-hold": _api_post(_h("scheduled"), lambda o: {},
                                  dict.fromkeys(CASE_WORKERS, "400")),
    "api-hearing-opinion": _api_post(_hp("held", "held_participant"),
                                     lambda o: {"opinion": "同意", "stance": "agree"},
                                     dict.fromkeys(CASE_WORKERS, "ok")),
    "api-hearing-conclude": _api_post(_h("held"), lambda o: {},
                                      dict.fromkeys(CASE_WORKERS, "400")),
    # Already cancelled: the deciders are refused by the state, the assistant as a person.
    "api-hearing-cancel": _api_post(_h("cancelled"), lambda o: {"reason": "再次取消"},
                                    {"procurator": "400", "approver": "400", "assistant": "403"}),
    "api-people-supervisor-list": _api(ok=SIGNED_IN),
    "api-people-supervisor-detail": _api(ok=REGISTER_READERS, args=_h("supervisor")),
}
