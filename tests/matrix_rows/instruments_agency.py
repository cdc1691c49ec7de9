"""The agency's actions on an instrument through the API (issue 17,
``recommendations.api.agency_actions``), and the downloads of what was sent.

The fixture's instrument is addressed to the court and already answered (已回复), with a
supplement (补充回复) drafted: the court's liaison sends the supplement (201 by ``reply/``),
reads and sends its draft, is refused from the wrong state (400: acknowledge, extension,
review, recall — the draft is not awaiting sign-off) and as not the responsible person (403:
sign off, return). Everyone else — staff included, as in the portal — is told 404; an
anonymous caller 401. The frozen PDF and the reply's files answer whoever sees the instrument,
as their pages do."""

from __future__ import annotations

from tests.matrix_rows.base import INSTRUMENT_READERS, Row, _api

COURT = {"court_liaison"}


def _rec(objects: dict) -> list:
    return [objects["rec"].pk]


def _reply(objects: dict) -> list:
    return [objects["rec"].pk, objects["reply"].pk]


def _post(outcome: str, data=lambda o: {}) -> Row:
    """A POST the court's liaison reaches the service with, answered ``outcome`` there."""
    return Row(ok=set(), args=_rec, method="post", data=data, anonymous="401",
               outcome={"court_liaison": outcome})


ROWS: dict[str, Row] = {
    "api-recommendation-acknowledge": _post("400"),  # already acknowledged and answered
    "api-recommendation-reply": _post("201", lambda o: {"content": "补充说明"}),  # a supplement
    "api-recommendation-reply-draft": _api(ok=COURT, args=_rec),
    "api-recommendation-reply-draft-submit": _post("ok"),  # the drafted supplement is sent
    "api-recommendation-reply-draft-sign-off": _post("403"),  # not the responsible person
    "api-recommendation-reply-draft-return": _post("403", lambda o: {"reason": "请修改"}),
    "api-recommendation-reply-draft-recall": _post("400"),  # not awaiting sign-off
    "api-recommendation-reply-draft-attachment": _api(ok=COURT, args=_rec),
    "api-recommendation-reply-draft-evidence": _api(ok=COURT, args=lambda o: [*_rec(o), 1]),
    "api-recommendation-extension": _post("400", lambda o: {"requested_due": "2027-02-01",
                                                            "reason": "涉及多个部门"}),
    "api-recommendation-review": _post("400", lambda o: {"kind": "objection", "reason": "有误"}),
    "api-recommendation-pdf": _api(ok=INSTRUMENT_READERS, args=_rec),
    "api-recommendation-receipt-pdf": _api(ok=INSTRUMENT_READERS, args=_rec),
    "api-recommendation-reply-detail": _api(ok=INSTRUMENT_READERS, args=_reply),
    "api-recommendation-reply-attachment": _api(ok=INSTRUMENT_READERS, args=_reply),
    "api-recommendation-reply-evidence": _api(ok=INSTRUMENT_READERS,
                                              args=lambda o: [*_reply(o), 1]),
}
