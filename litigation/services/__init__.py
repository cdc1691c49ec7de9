"""Every write of the litigation app: ``<entity>_<verb>(*, actor, ...)``, in a transaction,
with an audit entry."""

from .instruments import instrument_outcome_record
from .suits import (
    announcement_publish,
    announcement_record_result,
    appeal_lapse,
    appeal_record,
    enforcement_record,
    judgment_record,
    second_instance_record,
    session_add,
    suit_close,
    suit_decide,
    suit_file,
    suit_open,
    suit_withdraw,
)

__all__ = [
    "announcement_publish", "announcement_record_result", "appeal_lapse", "appeal_record",
    "enforcement_record", "instrument_outcome_record", "judgment_record",
    "second_instance_record", "session_add", "suit_close", "suit_decide", "suit_file",
    "suit_open", "suit_withdraw",
]
