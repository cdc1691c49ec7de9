"""Supervision cases (监督案件) and the case file: parties, related case numbers, investigation
measures, clue transfers, interference records and attachments."""

from .attachments import Attachment
from .case import CaseNumberFormat, CaseNumberSequence, SupervisionCase
from .measures import InvestigationMeasure
from .parties import Party, RelatedCaseNumber
from .transfers import ClueTransfer, InterferenceRecord

__all__ = [
    "Attachment", "CaseNumberFormat", "CaseNumberSequence", "ClueTransfer", "InterferenceRecord",
    "InvestigationMeasure", "Party", "RelatedCaseNumber", "SupervisionCase",
]
