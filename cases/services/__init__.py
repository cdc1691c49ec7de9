"""Writes on supervision cases. Each function is one action by an explicit ``actor``: it runs
in a transaction, checks who may do it and whether the case's state allows it, writes the
rows and the audit entry, and queues side effects on commit."""

from .attachments import attachment_add
from .liaison import (
    early_involvement_opinion,
    early_involvement_record,
    supplementary_return_record,
    supplementary_return_resubmitted,
)
from .measures import measure_escalate_refusal, measure_record
from .registration import (
    CASE_REGISTRAR_ROLES,
    DuplicateCase,
    PartyInput,
    RelatedNumberInput,
    case_register,
)
from .sealing import case_record_seal, case_record_unseal
from .status import case_transition
from .transfers import (
    clue_transfer_create,
    clue_transfer_mark_read,
    clue_transfer_record_reply,
    interference_record_create,
)

__all__ = [
    "CASE_REGISTRAR_ROLES",
    "DuplicateCase",
    "PartyInput",
    "RelatedNumberInput",
    "attachment_add",
    "case_record_seal",
    "case_record_unseal",
    "case_register",
    "case_transition",
    "clue_transfer_create",
    "clue_transfer_mark_read",
    "clue_transfer_record_reply",
    "early_involvement_opinion",
    "early_involvement_record",
    "interference_record_create",
    "measure_escalate_refusal",
    "measure_record",
    "supplementary_return_record",
    "supplementary_return_resubmitted",
]
