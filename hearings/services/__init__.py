"""Every write of the hearings app: ``<entity>_<verb>(*, actor, ...)``, in a transaction, with
an audit entry."""

from .hearings import (
    hearing_cancel,
    hearing_conclude,
    hearing_hold,
    hearing_schedule,
    hearing_update,
    notice_record,
    opinion_record,
    participant_add,
    participant_remove,
)
from .supervisors import people_supervisor_create, people_supervisor_update

__all__ = [
    "hearing_cancel", "hearing_conclude", "hearing_hold", "hearing_schedule", "hearing_update",
    "notice_record", "opinion_record", "participant_add", "participant_remove",
    "people_supervisor_create", "people_supervisor_update",
]
