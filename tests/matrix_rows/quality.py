"""Permission-matrix rows of the case quality reviews (issue 18): a review is seen by its
reviewers and organiser, the department heads and chief of the case's procuratorate, the
supervisors above, and — once graded — the case's handler; it is started by a department head,
the chief or case management. The assistant, the sibling procuratorate, liaisons, observers and
administrators: 404 everywhere."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import time_machine

from tests.matrix_rows.base import SIGNED_IN, Row, _api

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
#: Who sees the graded review: the handler, the head of department (organiser), case management.
READERS = {"procurator", "approver", "supervisor"}


def _new_case(objects: dict, procurator):
    """Another case of the fixture's procurator, agency and assistant."""
    from cases.services import case_register

    case = objects["case"]
    return case_register(actor=procurator, matter=case.matter, agency=case.agency,
                         title="评查用案件", summary="经审查，终结。", assistant=case.assistant)


def _reviews(objects: dict) -> dict:
    """A terminated case of the procurator (the assistant assigned), reviewed by another
    procurator of 定检 and graded 优质; a second one pending (the handler does not see it)."""
    if "quality" not in objects:
        from cases.services import case_transition
        from quality import services
        from quality.services.reviews import applicable_items
        from supervision.choices import Role
        from supervision.models import User

        case = objects["case"]
        procurator = case.handler
        approver = User.objects.get(username="approver")
        with time_machine.travel(NOW, tick=False):
            reviewer = User.objects.create_user(username="matrix_reviewer", password="x" * 12,
                                                role=Role.PROCURATOR,
                                                procuratorate=procurator.procuratorate)

            def finished():
                new = _new_case(objects, procurator)
                return case_transition(actor=procurator, case=new, action="terminate",
                                       decided_on=NOW.date(), reason="终结审查")

            graded = services.review_start(actor=approver, kind="routine", reviewers=[reviewer],
                                           case=finished())
            services.review_record(actor=reviewer, review=graded, results={
                item.pk: ("conforms", "") for item in applicable_items(graded)})
            services.review_grade(actor=reviewer, review=graded, grade="excellent",
                                  opinion="优质")
            pending = services.review_start(actor=approver, kind="random", reviewers=[reviewer],
                                            case=finished())
        objects["quality"] = {"graded": graded, "pending": pending}
    return objects["quality"]


def _r(key: str):
    return lambda o: [_reviews(o)[key].pk]


ROWS: dict[str, Row] = {
    "quality:list": Row(ok={"procurator", "approver", "pt_procurator", "supervisor"}),
    "quality:create": Row(ok={"approver", "supervisor"}),
    "quality:detail": Row(ok=READERS, args=_r("graded")),
    "quality:report-pdf": Row(ok=READERS, args=_r("graded")),
    # The handler sees the review of their case only once graded.
    "api-quality-review-detail": _api(ok={"approver", "supervisor"}, args=_r("pending")),
    "api-quality-review-list": _api(ok=SIGNED_IN),
    # On the graded review: whoever sees it reaches the service, which refuses (a message on
    # the page) or acts — a redirect either way; the rest never learn it exists.
    "quality:grade": Row(ok=READERS, method="post", args=_r("graded"),
                         data=lambda o: {"grade": "pass", "opinion": "再评"}),
    "quality:feedback": Row(ok=READERS, method="post", args=_r("graded"),
                            data=lambda o: {"kind": "accept"}),
    "quality:conclude": Row(ok=READERS, method="post", args=_r("graded")),
    "quality:cancel": Row(ok=READERS, method="post", args=_r("graded"),
                          data=lambda o: {"reason": "撤销"}),
}
