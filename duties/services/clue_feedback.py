"""Services of the clue feedback flow (issue 19).

The flow writes through the case file's own services, so that there is one rule whichever
route records the feedback (the case page, the portal, the API):

* ``cases.services.clue_transfer_record_reply`` — the receiving organ's written feedback, by
  the recipient agency's liaison in the portal or by those working on the case from the
  organ's letter (``cases.permissions.can_record_transfer_feedback``); the case's handler and
  assistant are told;
* ``cases.services.clue_transfer_mark_read`` — someone working on the case read it;
* ``cases.services.clue_transfer_create`` — the transfer itself (the case page), which tells
  the recipient agency's liaisons.

This module re-exports them under the flow's name for the flow's pages and API.
"""

from __future__ import annotations

from cases.services.transfers import (
    clue_transfer_create,
    clue_transfer_mark_read,
    clue_transfer_record_reply,
)

__all__ = ["clue_transfer_create", "clue_transfer_mark_read", "clue_transfer_record_reply"]
