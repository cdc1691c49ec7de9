"""Every write of the publication app (``<entity>_<verb>``, keyword-only, an explicit
``actor``), each in a transaction, through ``publication.transitions`` and with an audit entry."""

from .releases import (
    statistics_release_approve,
    statistics_release_propose,
    statistics_release_return,
    statistics_release_withdraw,
)
from .typical_cases import (
    typical_case_approve,
    typical_case_propose,
    typical_case_return,
    typical_case_revise,
    typical_case_withdraw,
    typical_cases_withdraw_for_sealed_record,
)

__all__ = [
    "statistics_release_approve", "statistics_release_propose", "statistics_release_return",
    "statistics_release_withdraw", "typical_case_approve", "typical_case_propose",
    "typical_case_return", "typical_case_revise", "typical_case_withdraw",
    "typical_cases_withdraw_for_sealed_record",
]
