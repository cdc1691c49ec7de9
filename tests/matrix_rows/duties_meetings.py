"""Permission-matrix rows of the joint meetings (``duties.*.meetings``).

The fixture's meeting is convened by 定检 (the procurator registered it, the assistant took
part) with the court only, its minutes recorded, with one open task of the court and a minutes
file. Readers: the convening procuratorate's staff in scope and the supervisor above (who reads
but does not act); the assistant as a participant. Workers: the procurator, the approver and
the assistant (staff of the convening procuratorate). The court's liaison sees it in the portal
and closes its task; the police's liaison (not at the meeting) and everyone else are told 404,
by every route. A POST that reaches its service from a state it cannot act in is redirected
back with the refusal on the page ("ok") or answered 400 in the API."""

from __future__ import annotations

import datetime

from tests.matrix_rows.base import LIAISONS, SIGNED_IN, STAFF, Row, _api

READERS = {"procurator", "assistant", "approver", "supervisor"}
MANAGERS = {"procurator", "assistant", "approver"}
COURT = {"court_liaison"}
NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


def _meeting(objects: dict) -> dict:
    """The meeting, its court task and minutes file, made once per test on first use."""
    if "meeting" not in objects:
        import time_machine
        from django.core.files.uploadedfile import SimpleUploadedFile

        from cases.samples import tiny_pdf
        from duties.services import meetings as services

        case = objects["case"]
        procurator = case.handler
        court = objects["rec"].agency
        assistant = case.assistant
        with time_machine.travel(NOW, tick=False):
            meeting = services.meeting_create(
                actor=procurator, kind="joint", title="公检法联席会议", held_on=NOW.date(),
                place="第一会议室", topics="超审限案件", agencies=[court], participants=[assistant])
            task = services.meeting_task_add(
                actor=procurator, meeting=meeting, description="报送超审限案件清单",
                due_date=datetime.date(2026, 12, 31), owner_agency=court)
            services.meeting_save_minutes(actor=procurator, meeting=meeting, minutes="议定一项。",
                                          files=[SimpleUploadedFile("纪要.pdf", tiny_pdf())])
            services.meeting_record(actor=procurator, meeting=meeting)
        objects["meeting"] = {"meeting": meeting, "task": task, "file": meeting.files.get()}
    return objects["meeting"]


def _m(objects: dict) -> list:
    return [_meeting(objects)["meeting"].pk]


def _t(objects: dict) -> list:
    made = _meeting(objects)
    return [made["meeting"].pk, made["task"].pk]


def _f(objects: dict) -> list:
    made = _meeting(objects)
    return [made["meeting"].pk, made["file"].pk]


def _post(ok: set[str], args) -> Row:
    return Row(ok=ok, args=args, method="post")


def _api_post(args, **outcome: str) -> Row:
    return Row(ok=set(), args=args, method="post", anonymous="401", outcome=outcome)


ROWS: dict[str, Row] = {
    # The procuratorate's pages.
    "duties:meetings": Row(ok=STAFF),
    "duties:meeting-create": Row(ok=STAFF),
    "duties:meeting-queue": Row(ok=STAFF),
    "duties:meeting-detail": Row(ok=READERS, args=_m),
    "duties:meeting-edit": Row(ok=MANAGERS, args=_m),
    "duties:meeting-minutes": Row(ok=MANAGERS, args=_m),
    "duties:meeting-record": _post(MANAGERS, _m),  # already recorded: refused on the page
    "duties:meeting-delete": _post(MANAGERS, _m),  # recorded: refused on the page
    "duties:meeting-task-add": Row(ok=MANAGERS, args=_m),
    "duties:meeting-task-edit": Row(ok=MANAGERS, args=_t),
    "duties:meeting-task-close": Row(ok=MANAGERS, args=_t),
    "duties:meeting-task-confirm": _post(MANAGERS, _t),  # open, nothing to confirm: refused
    "duties:meeting-task-reopen": _post(MANAGERS, _t),  # no reason given: refused
    "duties:meeting-task-remove": _post(MANAGERS, _t),  # recorded: refused
    "duties:meeting-file": Row(ok=READERS, args=_f),
    # The liaison's portal.
    "portal:meetings": Row(ok=LIAISONS),
    "portal:meeting-detail": Row(ok=COURT, args=_m),
    "portal:meeting-task-close": Row(ok=COURT, args=_t),
    "portal:meeting-file": Row(ok=COURT, args=_f),
    # The API.
    "api-duty-meeting-list": _api(SIGNED_IN),
    "api-duty-meeting-detail": _api(READERS | COURT, _m),
    "api-duty-meeting-minutes": _api_post(_m, **dict.fromkeys(MANAGERS, "400")),
    "api-duty-meeting-tasks": _api_post(_m, **dict.fromkeys(MANAGERS, "400")),
    "api-duty-meeting-task": _api(READERS | COURT, _t),
    "api-duty-meeting-task-complete": _api_post(_t, **dict.fromkeys(READERS | COURT, "400")),
    "api-duty-meeting-task-confirm": _api_post(_t, **dict.fromkeys(MANAGERS, "400")),
    "api-duty-meeting-task-reopen": _api_post(_t, **dict.fromkeys(MANAGERS, "400")),
    "api-duty-meeting-file": _api(READERS | COURT, _f),
}
