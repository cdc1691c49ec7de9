"""Permission-matrix rows of the commutation flow (issue 19, ``duties``): the procuratorate's
pages under /duties/commutation/, the organ's under /portal/commutation/ and the API's
``/api/commutation-proposals/``.

The fixture's proposal is written directly (the rows, not the services, are under test here):
sent to 定检 by the agency the court's liaison acts for (the personas have no prison; the
service's own check of the organ's type is tested in ``duties/tests``), its opinion already
issued. Who sees it: 定检's procurator and approver, the city's supervisor (their scope;
the assistant sees no intake queue), and that agency's liaison; everyone else is told 404.
Acting on it from the wrong state answers 400 (the page shows the refusal; the API's
service refuses), a person the transition table does not allow 403 on the API."""

from __future__ import annotations

import datetime

from tests.matrix_rows.base import LIAISONS, SIGNED_IN, Row, _api

READERS = {"procurator", "approver", "supervisor"}
QUEUE = READERS | {"pt_procurator"}  # a sibling's queue: its own, empty
ORGAN = {"court_liaison"}


def _proposal(objects: dict):
    if "commutation" not in objects:
        from django.core.files.base import ContentFile

        from cases.samples import tiny_pdf
        from duties.models import CommutationProposal

        rec = objects["rec"]
        court = rec.agency
        row = CommutationProposal(
            procuratorate=rec.case.procuratorate, organ=court, kind="commutation",
            proposal_number="（2026）矩阵减字第1号", person_name="张三",
            judgment_number="（2023）浙0902刑初1号", judgment="盗窃罪，有期徒刑三年",
            proposal="建议减刑六个月", court=court, file_name="建议书.pdf", file_sha256="0" * 64,
            received_on=datetime.date(2026, 11, 2), filed_by=rec.case.handler,
            status="opinion_issued", due_date=datetime.date(2026, 11, 12),
            opinion_stance="agree", opinion_number="定检刑执意〔2026〕99号",
            opinion_issued_on=datetime.date(2026, 11, 5), opinion_sha256="1" * 64)
        row.proposal_file.save("proposal.pdf", ContentFile(tiny_pdf()), save=False)
        row.opinion_pdf.save("opinion.pdf", ContentFile(tiny_pdf()), save=False)
        row.save()
        objects["commutation"] = row
    return objects["commutation"]


def _pk(objects: dict) -> list:
    return [_proposal(objects).pk]


def _page_post(outcome: str, data=lambda o: {}) -> Row:
    """A staff page's POST: the readers reach it and are answered ``outcome``."""
    return Row(ok=set(), args=_pk, method="post", data=data,
               outcome=dict.fromkeys(READERS, outcome))


def _api_post(data, **outcome: str) -> Row:
    return Row(ok=set(), args=_pk, method="post", data=data, anonymous="401", outcome=outcome)


ROWS: dict[str, Row] = {
    "duties:commutation-list": Row(ok=QUEUE),
    "duties:commutation-detail": Row(ok=READERS, args=_pk),
    # The opinion is already issued: the form is refused on the page (400) for the readers.
    "duties:commutation-opinion": _page_post("400", lambda o: {"stance": "agree"}),
    "duties:commutation-extend": _page_post("400", lambda o: {"reason": "案情复杂"}),
    "duties:commutation-ruling": _page_post("400"),  # nothing filled in
    # Actions without a form: the refusal is a message on the proposal's page.
    "duties:commutation-issue": _page_post("ok"),
    "duties:commutation-correction": _page_post("ok"),
    "duties:commutation-file": Row(ok=READERS, args=_pk),
    "duties:commutation-opinion-pdf": Row(ok=READERS, args=_pk),
    "portal:commutation-list": Row(ok=LIAISONS),
    # Neither persona's agency executes sentences (a court, the police): no form for them.
    "portal:commutation-new": Row(ok=set()),
    "portal:commutation-detail": Row(ok=ORGAN, args=_pk),
    "portal:commutation-file": Row(ok=ORGAN, args=_pk),
    "portal:commutation-opinion-pdf": Row(ok=ORGAN, args=_pk),
    "api-commutation-proposal-list": _api(ok=SIGNED_IN),
    "api-commutation-proposal-detail": _api(ok=READERS | ORGAN, args=_pk),
    "api-commutation-proposal-file": _api(ok=READERS | ORGAN, args=_pk),
    "api-commutation-proposal-opinion-pdf": _api(ok=READERS | ORGAN, args=_pk),
    "api-commutation-proposal-opinion": _api_post(
        lambda o: {"stance": "agree"}, procurator="400", approver="400", supervisor="403"),
    "api-commutation-proposal-extend": _api_post(
        lambda o: {"reason": "案情复杂"}, procurator="403", approver="400", supervisor="403"),
    "api-commutation-proposal-ruling": _api_post(
        lambda o: {}, procurator="400", approver="400", supervisor="400"),
    "api-commutation-proposal-correction": _api_post(
        lambda o: {}, procurator="400", approver="400", supervisor="403"),
}
