"""Permission-matrix rows of the chief procurator's attendance at the court's adjudication
committee (issue 18): seen by the procuratorate's chief and department heads, by supervisors
above, and — for a record linked to a case — by whoever sees the case; prepared by the
department heads and the case's workers; attended by the chief (or an entrusted deputy), whom
the matrix's personas do not include. Liaisons (the court's own included), observers and
administrators: 404 everywhere."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import time_machine

from tests.matrix_rows.base import CASE_READERS, CASE_WORKERS, SIGNED_IN, STAFF, Row, _api

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=TZ)


def _records(objects: dict) -> dict:
    """On the fixture case (made on first use): a notice received, a meeting attended by the
    chief, one concluded with the opinion not adopted, and one cancelled."""
    if "adjudication" not in objects:
        from adjudication import services
        from supervision.choices import Role

        case = objects["case"]
        procurator = case.handler
        users = type(procurator).objects
        chief = users.create_user(username="adjudication_chief", password="x" * 12,
                                  role=Role.CHIEF, procuratorate=case.procuratorate)
        court = case.agency

        def record(meeting_day: int):
            return services.attendance_create(
                actor=procurator, case=case, court=court, subject="抗诉案", category="protest",
                notice_received_on=datetime.date(2026, 11, 16),
                meeting_at=datetime.datetime(2026, 11, meeting_day, 14, 30, tzinfo=TZ))

        def attend(r):
            return services.attendance_attend(actor=chief, attendance=r, attendee=chief,
                                              attended_at=r.meeting_at, opinion="建议改判。")

        with time_machine.travel(NOW, tick=False):
            notified = record(26)
            attended = attend(record(20))
            concluded = attend(record(20))
            services.attendance_decide(actor=chief, attendance=concluded,
                                       adoption="not_adopted", decision="维持原判。",
                                       decided_on=datetime.date(2026, 11, 20))
            cancelled = services.attendance_cancel(actor=chief, attendance=record(26),
                                                   reason="撤出议程")
        objects["adjudication"] = {"notified": notified, "attended": attended,
                                   "concluded": concluded, "cancelled": cancelled}
    return objects["adjudication"]


def _a(key: str):
    return lambda o: [_records(o)[key].pk]


def _api_post(args, data, outcome: dict) -> Row:
    return Row(ok=set(), args=args, method="post", anonymous="401", data=data, outcome=outcome)


ROWS: dict[str, Row] = {
    # Pages.
    "adjudication:list": Row(ok=STAFF),
    "adjudication:create": Row(ok={"approver"}),
    "adjudication:create-for-case": Row(ok=CASE_WORKERS, args=lambda o: [o["case"].pk]),
    "adjudication:detail": Row(ok=CASE_READERS, args=_a("notified")),
    "adjudication:edit": Row(ok=CASE_WORKERS, args=_a("notified")),
    # The chief's steps: no persona of the matrix is the chief.
    "adjudication:entrust": Row(ok=set(), args=_a("notified")),
    "adjudication:attend": Row(ok=set(), args=_a("notified")),
    "adjudication:decide": Row(ok=CASE_WORKERS, args=_a("attended")),
    "adjudication:follow-up": Row(ok=CASE_WORKERS, args=_a("concluded")),
    # On the cancelled record: the workers reach the service, which refuses (the page they
    # return to says why), so the row stays the same for each of them.
    "adjudication:absent": Row(ok=CASE_WORKERS, method="post", args=_a("cancelled"),
                               data=lambda o: {"reason": "出差"}),
    "adjudication:cancel": Row(ok=CASE_WORKERS, method="post", args=_a("cancelled"),
                               data=lambda o: {"reason": "再次取消"}),
    "adjudication:opinion-pdf": Row(ok=CASE_READERS, args=_a("concluded")),
    "adjudication:record-pdf": Row(ok=CASE_READERS, args=_a("concluded")),
    # API: the list answers everyone signed in with only what they may see.
    "api-adjudication-attendance-list": _api(ok=SIGNED_IN),
    "api-adjudication-attendance-detail": _api(ok=CASE_READERS, args=_a("notified")),
    # The workers reach the service; only the chief entrusts (403 for them).
    "api-adjudication-attendance-entrust": _api_post(
        _a("notified"), lambda o: {"deputy": ""}, dict.fromkeys(CASE_WORKERS, "403")),
    # An empty body: the workers are told what is missing (400).
    "api-adjudication-attendance-attend": _api_post(
        _a("notified"), lambda o: {}, dict.fromkeys(CASE_WORKERS, "400")),
    "api-adjudication-attendance-decide": _api_post(
        _a("attended"), lambda o: {}, dict.fromkeys(CASE_WORKERS, "400")),
    "api-adjudication-attendance-follow-up": _api_post(
        _a("concluded"), lambda o: {}, dict.fromkeys(CASE_WORKERS, "400")),
    # On the cancelled record: the chief's step refuses the person, the shared one the state.
    "api-adjudication-attendance-absent": _api_post(
        _a("cancelled"), lambda o: {"reason": "出差"}, dict.fromkeys(CASE_WORKERS, "403")),
    "api-adjudication-attendance-cancel": _api_post(
        _a("cancelled"), lambda o: {"reason": "再次取消"}, dict.fromkeys(CASE_WORKERS, "400")),
}
