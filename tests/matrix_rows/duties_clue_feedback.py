"""The clue feedback flow (issue 19) and the case's records with the supervisory commission.

Objects (made on first use, at the matrix's NOW): a transfer of the fixture case to the police
(``recipient_agency``: the police liaison's agency) with its letter, still awaiting feedback;
a second one the police already answered in the portal, not yet read; an early involvement
and a return for supplementary investigation on the case.

* The procuratorate's queue answers its staff (every staff persona, each seeing its own
  scope); a transfer's page those who see its case; "read" reaches the service for them (a
  supervisor, who may not work on the case, is refused there: a message on the page, 403 in
  the API).
* The portal's pages and the agency API answer the receiving organ's liaison only — the
  court's liaison, whose agency the transfer is not addressed to, is told 404 like everyone.
* The case records follow the case file's rules: those working on the case write (the API's
  second writer is refused with 400: the opinion, the re-submission are recorded once).
"""

from __future__ import annotations

import datetime

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.matrix_rows.base import CASE_READERS, CASE_WORKERS, SIGNED_IN, STAFF, Row, _api

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
POLICE = {"police_liaison"}
LIAISONS = {"court_liaison", "police_liaison"}


def _cf(objects: dict) -> dict:
    if "clue_feedback" not in objects:
        from cases import services
        from cases.samples import tiny_pdf
        from supervision.models import User

        case = objects["case"]
        procurator = case.handler
        police = User.objects.get(username="police_liaison")
        with time_machine.travel(NOW, tick=False):
            awaiting = services.clue_transfer_create(
                actor=procurator, case=case, recipient_kind="police", recipient="",
                recipient_agency=police.agency, clue="线索", transferred_on=NOW.date(),
                files=[SimpleUploadedFile("移送函.pdf", tiny_pdf(), "application/pdf")])
            answered = services.clue_transfer_create(
                actor=procurator, case=case, recipient_kind="police", recipient="",
                recipient_agency=police.agency, clue="线索二", transferred_on=NOW.date())
            services.clue_transfer_record_reply(actor=police, transfer=answered,
                                                replied_on=NOW.date(), summary="已立案")
            involvement = services.early_involvement_record(
                actor=procurator, case=case, organ="定海区监委", requested_on=NOW.date(),
                scope="引导取证", procurator=procurator)
            returned = services.supplementary_return_record(
                actor=procurator, case=case, organ="定海区监委", returned_on=NOW.date(),
                reasons="证据不足", items="补充调查")
        objects["clue_feedback"] = {"awaiting": awaiting, "answered": answered,
                                    "file": awaiting.attachments.get(),
                                    "involvement": involvement, "returned": returned}
    return objects["clue_feedback"]


def _awaiting(o: dict) -> list:
    return [_cf(o)["awaiting"].pk]


def _answered(o: dict) -> list:
    return [_cf(o)["answered"].pk]


ROWS: dict[str, Row] = {
    # The procuratorate's queue and a transfer's page.
    "duties:clue-feedback": Row(ok=STAFF),
    "duties:clue-feedback-detail": Row(ok=CASE_READERS, args=_answered),
    "duties:clue-feedback-read": Row(ok=CASE_READERS, args=_answered, method="post"),
    "api-clue-feedback-list": _api(ok=SIGNED_IN),
    "api-clue-feedback-detail": _api(ok=CASE_READERS, args=_answered),
    "api-clue-feedback-read": Row(ok=CASE_WORKERS, args=_answered, method="post",
                                  anonymous="401", outcome={"supervisor": "403"}),
    # The receiving organ in the portal.
    "portal:clue-feedback": Row(ok=LIAISONS),
    "portal:clue-feedback-detail": Row(ok=POLICE, args=_awaiting),
    "portal:clue-feedback-file": Row(ok=POLICE, args=lambda o: [*_awaiting(o), _cf(o)["file"].pk]),
    "api-agency-clue-feedback-list": _api(ok=SIGNED_IN),
    "api-agency-clue-feedback-detail": _api(ok=POLICE, args=_awaiting),
    "api-agency-clue-feedback-file": _api(ok=POLICE,
                                          args=lambda o: [*_awaiting(o), _cf(o)["file"].pk]),
    "api-agency-clue-feedback-feedback": Row(
        ok=POLICE, args=_awaiting, method="post", anonymous="401",
        data=lambda o: {"summary": "已立案侦查", "replied_on": "2026-11-23"}),
    # Early involvement and supplementary investigation on the case (seed 002 §7).
    "cases:involvement-create": Row(ok=CASE_WORKERS, args=lambda o: [o["case"].pk]),
    "cases:involvement-opinion": Row(
        ok=CASE_WORKERS, method="post",
        args=lambda o: [o["case"].pk, _cf(o)["involvement"].pk],
        data=lambda o: {"opinion": "建议", "opinion_on": "2026-11-23"}),
    "cases:return-create": Row(ok=CASE_WORKERS, args=lambda o: [o["case"].pk]),
    "cases:return-resubmitted": Row(
        ok=CASE_WORKERS, method="post", args=lambda o: [o["case"].pk, _cf(o)["returned"].pk],
        data=lambda o: {"resubmitted_on": "2026-11-23"}),
    "api-case-early-involvements": _api(ok=CASE_READERS, args=lambda o: [o["case"].pk]),
    "api-case-supplementary-returns": _api(ok=CASE_READERS, args=lambda o: [o["case"].pk]),
    "api-case-involvement-opinion": Row(
        ok={"procurator"}, method="post", anonymous="401",
        args=lambda o: [o["case"].pk, _cf(o)["involvement"].pk],
        data=lambda o: {"opinion": "建议", "opinion_on": "2026-11-23"},
        outcome={"assistant": "400", "approver": "400"}),  # recorded once
    "api-case-return-resubmitted": Row(
        ok={"procurator"}, method="post", anonymous="401",
        args=lambda o: [o["case"].pk, _cf(o)["returned"].pk],
        data=lambda o: {"resubmitted_on": "2026-11-23"},
        outcome={"assistant": "400", "approver": "400"}),  # recorded once
}
