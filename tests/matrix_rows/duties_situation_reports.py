"""Major-situation reports (重大情况通报, ``duties.*.situation_reports``).

The fixture's report is the court's (定检 supervises it), filed by its liaison with a file. Its
pages and API detail answer 定检's procurator and approver, the supervisor above and the court's
liaison; the assistant (no intake scope), 普检, the other agency's liaison, the observer and the
administrators are told 404. The queue answers all staff (each sees their scope's reports), the
portal's list and form every liaison (each sees their agency's). On the staff pages an action
the person may not take, or no longer can, is sent back with a message ("ok"); through the
API the first of 定检's staff acts (200/201), the next is refused for the state (400), and a
reader who may not act — the supervisor, the liaison — 403.
"""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cases.samples import tiny_pdf
from supervision.models import User
from tests.matrix_rows.base import SIGNED_IN, STAFF, Row, _api

READERS = {"procurator", "approver", "supervisor"}
AGENCY = {"court_liaison"}


def _report(objects: dict):
    """The court's report with one file, made on first use."""
    if "situation_report" not in objects:
        from duties.services.situation_reports import situation_report_file

        liaison = User.objects.get(username="court_liaison")
        objects["situation_report"] = situation_report_file(
            actor=liaison, kind="mass_incident", title="执行现场群体聚集",
            occurred_at=timezone.now() - datetime.timedelta(hours=2), place="法院执行局门前",
            summary="执行腾退时约三十人聚集。", measures="暂停执行，报告公安机关。",
            files=[SimpleUploadedFile("现场.pdf", tiny_pdf())])
    return objects["situation_report"]


def _pk(objects: dict) -> list:
    return [_report(objects).pk]


def _file(objects: dict) -> list:
    report = _report(objects)
    return [report.pk, report.files.get().pk]


def _matter(objects: dict) -> dict:
    from duties.selectors.situation_reports import leaf_matters

    return {"matter": leaf_matters().get(name="行政违法行为监督").pk}


def _staff_post(data=lambda o: {}) -> Row:
    """A page's POST: 定检's staff and the supervisor reach the service (redirected with its
    answer or refusal), everyone else 404."""
    return Row(ok=READERS, args=_pk, method="post", data=data)


def _api_post(first: str, data=lambda o: {}) -> Row:
    return Row(ok=set(), args=_pk, method="post", data=data, anonymous="401",
               outcome={"procurator": first, "approver": "400", "supervisor": "403",
                        "court_liaison": "403"})


ROWS: dict[str, Row] = {
    "duties:situation-reports": Row(ok=STAFF),
    "duties:situation-report": Row(ok=READERS, args=_pk),
    "duties:situation-report-file": Row(ok=READERS, args=_file),
    "duties:situation-report-open-case": Row(ok=READERS, args=_pk),
    "duties:situation-report-acknowledge": _staff_post(lambda o: {"instruction": "请续报"}),
    "duties:situation-report-close": _staff_post(lambda o: {"note": "无需立案"}),
    "portal:situation-reports": Row(ok={"court_liaison", "police_liaison"}),
    "portal:situation-report-new": Row(ok={"court_liaison", "police_liaison"}),
    "portal:situation-report": Row(ok=AGENCY, args=_pk),
    "portal:situation-report-file": Row(ok=AGENCY, args=_file),
    "api-situation-report-list": _api(ok=SIGNED_IN),
    "api-situation-report-detail": _api(ok=READERS | AGENCY, args=_pk),
    "api-situation-report-file": _api(ok=READERS | AGENCY, args=_file),
    "api-situation-report-supplement": Row(
        ok=set(), args=_pk, method="post", data=lambda o: {"content": "续报：人群已散去。"},
        anonymous="401", outcome={"court_liaison": "201", **dict.fromkeys(READERS, "403")}),
    "api-situation-report-acknowledge": _api_post("ok"),
    "api-situation-report-open-case": _api_post("201", _matter),
    "api-situation-report-close": _api_post("ok", lambda o: {"note": "无需立案"}),
}
