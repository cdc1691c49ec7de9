"""Material requests (issue 19, ``duties``): the fixture case's request to the court, with the
procuratorate's notice as a file, still waiting for the answer.

Staff pages follow the case: its readers open the list, the request and its files; those who
may work on it open the form. The actions are POSTs the readers reach (the page redirects with
the service's message: "ok"); through the API they reach the service, which refuses the state
(400: nothing answered yet) or the supervisor, who reads but does not work on the case (403).
In the portal only the court's liaison sees the request; the police's liaison is told 404,
like everyone else."""

from __future__ import annotations

import datetime

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.matrix_rows.base import CASE_READERS, CASE_WORKERS, LIAISONS, SIGNED_IN, STAFF, Row, _api

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
COURT = {"court_liaison"}


def _request(objects: dict):
    """The court's request, made once per test on first use."""
    if "material_request" not in objects:
        from duties.services.material_requests import material_request_send

        case = objects["case"]
        with time_machine.travel(NOW, tick=False):
            objects["material_request"] = material_request_send(
                actor=case.handler, case=case, agency=objects["rec"].agency, items="执行卷宗",
                period_days=10, files=[SimpleUploadedFile("通知.pdf", b"%PDF-1.4\n%%EOF\n")])
    return objects["material_request"]


def _pk(objects: dict) -> list:
    return [_request(objects).pk]


def _file(objects: dict) -> list:
    request = _request(objects)
    return [request.pk, request.files.get().pk]


ROWS: dict[str, Row] = {
    "duties:material-requests": Row(ok=STAFF),
    "duties:material-request-create": Row(ok=CASE_WORKERS, args=lambda o: [o["case"].pk]),
    "duties:material-request": Row(ok=CASE_READERS, args=_pk),
    "duties:material-request-file": Row(ok=CASE_READERS, args=_file),
    "duties:material-request-accept": Row(ok=CASE_READERS, args=_pk, method="post"),
    "duties:material-request-follow-up": Row(ok=CASE_READERS, args=_pk, method="post"),
    "duties:material-request-withdraw": Row(ok=CASE_READERS, args=_pk, method="post"),
    "portal:material-requests": Row(ok=LIAISONS),
    "portal:material-request": Row(ok=COURT, args=_pk),
    "portal:material-request-file": Row(ok=COURT, args=_file),
    # API lists answer everyone signed in, with only what they may see.
    "api-material-request-list": _api(ok=SIGNED_IN),
    "api-material-request-detail": _api(ok=CASE_READERS | COURT, args=_pk),
    "api-material-request-file": _api(ok=CASE_READERS | COURT, args=_file),
    "api-material-request-accept": Row(
        ok=set(), args=_pk, method="post", anonymous="401",
        outcome={"procurator": "400", "assistant": "400", "approver": "400",
                 "supervisor": "403"}),
    "api-material-request-follow-up": Row(ok=set(), args=_pk, method="post", anonymous="401",
                                          outcome=dict.fromkeys(CASE_READERS, "400")),
    "api-material-request-withdraw": Row(ok=set(), args=_pk, method="post", anonymous="401",
                                         outcome=dict.fromkeys(CASE_READERS, "400")),
    "api-material-request-answer": Row(ok=set(), args=_pk, method="post", anonymous="401",
                                       outcome={"court_liaison": "400"}),
}
