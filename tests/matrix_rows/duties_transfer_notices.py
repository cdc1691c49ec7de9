"""Permission-matrix rows of the transfer notices flow (issue 19, seed 003 §9).

The fixture notice is filed by 舟山市定海区市场监督管理局 (an administrative organ of 定检, whose
liaison is not a persona) and transferred to 舟山市公安局定海分局: the police unit's liaison
reads it ("asked of" it) and records the decision; the court's liaison is told nothing (404).
定检's procurator and department head, and the supervisor above, read it in the intake queue;
普检's procurator has a queue of their own (empty) and is told nothing of 定检's notice.
Staff POSTs reach the service for those who see the notice: the page answers with a redirect
and a message ("ok"), the API with the service's own answer (201, 400, 403)."""

from __future__ import annotations

import datetime

import time_machine

from .base import LIAISONS, SIGNED_IN, Row, _api

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
READERS = {"procurator", "approver", "supervisor"}
POLICE = {"police_liaison"}


def _notice(objects: dict):
    """The fixture's notice (made once per test, on first use)."""
    if "transfer_notice" not in objects:
        from duties.tests.transfer_notice_helpers import file_notice

        world = _World(objects)
        with time_machine.travel(NOW, tick=False):
            objects["transfer_notice"] = file_notice(world, transferred_on=datetime.date(2026, 11, 20))
    return objects["transfer_notice"]


class _World:
    """What ``file_notice`` reads of the world, found from the fixture's objects."""

    def __init__(self, objects: dict) -> None:
        from agencies.models import Agency

        self.market = Agency.objects.get(name="舟山市定海区市场监督管理局")
        self.police = Agency.objects.get(name="舟山市公安局定海分局")


def _pk(objects: dict) -> list:
    return [_notice(objects).pk]


def _file(objects: dict) -> list:
    notice = _notice(objects)
    return [notice.pk, notice.files.get().pk]


def _post(ok: set[str], data=lambda o: {}) -> Row:
    return Row(ok=ok, args=_pk, method="post", data=data)


DECISION = {"decision": "filed", "decided_on": "2026-11-23"}

ROWS: dict[str, Row] = {
    # The intake queue: staff who see notices at all (普检's procurator: an empty queue).
    "duties:transfer-notices": Row(ok=READERS | {"pt_procurator"}),
    "duties:transfer-notice": Row(ok=READERS, args=_pk),
    "duties:transfer-notice-receive": _post(READERS),
    "duties:transfer-notice-open-case": _post(READERS),
    "duties:transfer-notice-decide": _post(READERS, lambda o: DECISION),
    "duties:transfer-notice-file": Row(ok=READERS, args=_file),
    # The portal: every liaison has a list; only an administrative organ's files (none of the
    # personas); the police unit reads the notice, decides and downloads its files.
    "portal:transfer-notices": Row(ok=LIAISONS),
    "portal:transfer-notice-new": Row(ok=set()),
    "portal:transfer-notice": Row(ok=POLICE, args=_pk),
    "portal:transfer-notice-decide": _post(POLICE),
    "portal:transfer-notice-file": Row(ok=POLICE, args=_file),
    # The API: the list answers everyone with their own rows; the detail and its file those
    # who see the notice.
    "api-transfer-notice-list": _api(ok=SIGNED_IN),
    "api-transfer-notice-detail": _api(ok=READERS | POLICE, args=_pk),
    "api-transfer-notice-file": _api(ok=READERS | POLICE, args=_file),
    # 定检's procurator receives (200); its department head finds it received (400); the
    # supervisor above sees it but does not act for 定检 (403); liaisons: 404.
    "api-transfer-notice-receive": Row(ok={"procurator"}, args=_pk, method="post", anonymous="401",
                                       outcome={"approver": "400", "supervisor": "403"}),
    "api-transfer-notice-open-case": Row(ok=set(), args=_pk, method="post", anonymous="401",
                                         outcome={"procurator": "201", "approver": "400",
                                                  "supervisor": "403"}),
    # The procurator records the decision from the written notice (200); then it is recorded
    # (400 for the department head and the police unit's liaison); the supervisor: 403.
    "api-transfer-notice-decide": Row(ok={"procurator"}, args=_pk, method="post", anonymous="401",
                                      data=lambda o: DECISION,
                                      outcome={"approver": "400", "police_liaison": "400",
                                               "supervisor": "403"}),
}
