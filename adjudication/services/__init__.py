"""Every write of the adjudication app: ``<entity>_<verb>(*, actor, ...)``, in a transaction,
with an audit entry."""

from .attendances import (
    attendance_absent,
    attendance_attend,
    attendance_cancel,
    attendance_create,
    attendance_decide,
    attendance_entrust,
    attendance_follow_up,
    attendance_update,
)

__all__ = [
    "attendance_absent", "attendance_attend", "attendance_cancel", "attendance_create",
    "attendance_decide", "attendance_entrust", "attendance_follow_up", "attendance_update",
]
