"""Supervision cases (监督案件) and the case file: parties, related case numbers, investigation
measures, clue transfers, interference records, attachments, and early involvement and
returns for supplementary investigation with the supervisory commission."""

from .attachments import Attachment
from .case import CaseNumberFormat, CaseNumberSequence, SupervisionCase
from .liaison import EarlyInvolvement, SupplementaryReturn
from .measures import InvestigationMeasure
from .parties import Party, RelatedCaseNumber
from .transfers import ClueTransfer, InterferenceRecord

__all__ = [
    "Attachment", "CaseNumberFormat", "CaseNumberSequence", "ClueTransfer", "EarlyInvolvement",
    "InterferenceRecord", "InvestigationMeasure", "Party", "RelatedCaseNumber",
    "SupervisionCase", "SupplementaryReturn",
]
