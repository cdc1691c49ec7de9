"""Every write of the inspections app: ``<entity>_<verb>(*, actor, ...)``, in a transaction,
with an audit entry."""

from .findings import (
    finding_add,
    finding_correct_on_spot,
    finding_rectifying,
    finding_to_case,
    finding_to_instrument,
    finding_update,
    finding_verify,
)
from .inspections import (
    inspection_cancel,
    inspection_conclude,
    inspection_plan,
    inspection_start,
    inspection_update,
)

__all__ = [
    "finding_add", "finding_correct_on_spot", "finding_rectifying", "finding_to_case",
    "finding_to_instrument", "finding_update", "finding_verify", "inspection_cancel",
    "inspection_conclude", "inspection_plan", "inspection_start", "inspection_update",
]
