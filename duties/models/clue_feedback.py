"""Models of the clue feedback flow (issue 19).

None of its own: the flow works on the case file's rows — ``cases.ClueTransfer`` (the clue,
the receiving organ, the feedback and whether it was read) and ``cases.Attachment`` (the
letter's files and the organ's feedback files, ``feedback=True``) — and records early
involvement and returns for supplementary investigation on the case
(``cases.EarlyInvolvement``, ``cases.SupplementaryReturn``).
"""

from __future__ import annotations

__all__: list[str] = []
