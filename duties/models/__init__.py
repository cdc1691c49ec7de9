from .clue_feedback import *
from .commutation import *
from .material_requests import *
from .meetings import *
from .situation_reports import *
from .transfer_notices import *
