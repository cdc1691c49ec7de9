"""What the clue feedback flow registers at start-up (``DutiesConfig.ready``): its notification
messages and its :class:`duties.registry.Flow`.

The flow's messages are the case file's (``cases/messages.py``, registered by ``cases``):
the transfer told to the receiving organ (``transfer.agency.sent``), its reminders and
overdue notice (``transfer.agency.*``: the deadline sweep reaches the organ's liaisons too),
and the feedback told to the case (``transfer.feedback_received``).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ..permissions.clue_feedback import agency_transfers, staff_transfers
from ..registry import Flow, FlowFigure, register
from ..selectors import clue_feedback as selectors

FIGURES = (
    FlowFigure(
        code="clue_feedback_due", label=_("线索反馈到期"), label_en="Clue feedback due",
        definition=_("期间内反馈期限届满的移送线索数"),
        definition_en="Transferred clues whose feedback fell due in the period",
        rows=selectors.due_in, procuratorate="case__procuratorate", agency="recipient_agency"),
    FlowFigure(
        code="clue_feedback_on_time", label=_("线索按期反馈"), label_en="Clue feedback on time",
        definition=_("期间内在反馈期限内作出书面反馈的移送线索数"),
        definition_en="Written feedback given in the period by its due date",
        rows=selectors.answered_on_time, procuratorate="case__procuratorate",
        agency="recipient_agency"),
    FlowFigure(
        code="clue_feedback_late", label=_("线索逾期反馈"), label_en="Clue feedback late",
        definition=_("期间内超过反馈期限才作出书面反馈的移送线索数"),
        definition_en="Written feedback given in the period after its due date",
        rows=selectors.answered_late, procuratorate="case__procuratorate",
        agency="recipient_agency"),
    FlowFigure(
        code="clue_feedback_outstanding", label=_("线索未反馈"),
        label_en="Clue feedback outstanding",
        definition=_("期间内反馈期限届满、至期末仍未反馈的移送线索数"),
        definition_en="Feedback due in the period and still missing at its end",
        rows=selectors.outstanding, procuratorate="case__procuratorate",
        agency="recipient_agency"),
)

FLOW = register(Flow(
    key="clue_feedback",
    label=_("线索移送反馈"),
    staff_url="duties:clue-feedback",
    staff_pending=lambda user: selectors.staff_pending(staff_transfers(user)),
    portal_url="portal:clue-feedback",
    agency_pending=lambda user: selectors.agency_pending(agency_transfers(user)),
    figures=FIGURES,
))
