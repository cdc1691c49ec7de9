"""Pages for supervision cases."""

from .casework import (
                       attachment_download,
                       attachment_upload,
                       interference_create,
                       interference_list,
                       measure_create,
                       measure_escalate,
                       transfer_create,
                       transfer_reply,
)
from .detail import case_detail, case_transition, party_ids
from .liaison import involvement_create, involvement_opinion, return_create, return_resubmitted
from .listing import case_export, case_list
from .register import case_create
from .sealing import case_seal, case_unseal

__all__ = [
                       "attachment_download",
                       "attachment_upload",
                       "case_create",
                       "case_detail",
                       "case_export",
                       "case_list",
                       "case_seal",
                       "case_transition",
                       "case_unseal",
                       "interference_create",
                       "interference_list",
                       "involvement_create",
                       "involvement_opinion",
                       "measure_create",
                       "measure_escalate",
                       "party_ids",
                       "return_create",
                       "return_resubmitted",
                       "transfer_create",
                       "transfer_reply",
]
