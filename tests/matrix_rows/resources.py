"""Permission-matrix rows of the API resources of issue 17 that mirror pages: the agency
directory (staff, within their scope), the caller's own notifications, the agency
scorecards (as the scorecard pages), a case's parties and the download of its files (as the
case page's download)."""

from __future__ import annotations

from supervision.models import Notification

from .base import CASE_READERS, CASE_WORKERS, SIGNED_IN, STAFF, Row, _api


def _own_notification(objects: dict) -> list:
    """A notification of the procurator's (the court's reply to the fixture instrument)."""
    return [Notification.objects.filter(recipient__username="procurator").values_list(
        "pk", flat=True).first()]


ROWS: dict[str, Row] = {
    # The directory is staff's; the court is supervised by 定检: 普检's procurator is told
    # nothing of it.
    "api-agency-list": _api(ok=STAFF),
    "api-agency-detail": _api(ok=STAFF - {"pt_procurator"}, args=lambda o: [o["case"].agency_id]),
    # Everyone signed in has a (possibly empty) list and marks their own read; a
    # notification is read by its recipient alone.
    "api-notification-list": _api(ok=SIGNED_IN),
    "api-notification-detail": _api(ok={"procurator"}, args=_own_notification),
    "api-notification-mark-read": Row(ok=SIGNED_IN, method="post", anonymous="401"),
    # The ranking: staff and the observer; the court's card: 定检's staff, the supervisor
    # above, the observer of 定检 and the court's own liaison.
    "api-scorecard-ranking": _api(ok=STAFF | {"observer"}),
    "api-scorecard": _api(ok={"procurator", "assistant", "approver", "supervisor", "observer",
                              "court_liaison"}, args=lambda o: [o["case"].agency_id]),
    "api-case-parties": _api(ok=CASE_READERS, args=lambda o: [o["case"].pk]),
    # The full ID numbers, as the case page's audited read: those who work on the case.
    "api-case-party-ids": Row(ok=CASE_WORKERS, method="post",
                              args=lambda o: [o["case"].pk], anonymous="401"),
    "api-case-attachment-download": _api(ok=CASE_READERS, args=lambda o: [
        o["case"].pk, o["attachment"].pk]),
}
