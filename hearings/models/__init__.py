from .hearings import Hearing, HearingNotice, HearingParticipant
from .supervisors import PeopleSupervisor

__all__ = ["Hearing", "HearingNotice", "HearingParticipant", "PeopleSupervisor"]
