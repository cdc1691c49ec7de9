"""Permission-matrix row of the agencies' duties' intake overview (issue 19, /duties/): the
staff who see the flows' rows (``duties.permissions.staff_q``: procurators, approvers and
chiefs their procuratorate, supervisors the subtree) open it; an assistant (their own cases
only), the observer (figures, on the dashboard), the liaisons and the administrators get 404."""

from __future__ import annotations

from .base import Row

ROWS: dict[str, Row] = {
    "duties:intake": Row(ok={"procurator", "approver", "pt_procurator", "supervisor"}),
}
