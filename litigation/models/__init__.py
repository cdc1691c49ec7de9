from .periods import AppealPeriod, PilAnnouncement
from .suits import CourtSession, PublicInterestSuit, SuitInstrumentOutcome

__all__ = ["AppealPeriod", "CourtSession", "PilAnnouncement", "PublicInterestSuit",
           "SuitInstrumentOutcome"]
