"""What the meetings flow registers at start-up (``DutiesConfig.ready``): its notification
messages and its :class:`duties.registry.Flow`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from supervision.services.notifications import register_messages

from ..registry import Flow, FlowFigure, register
from ..selectors import meetings as selectors

register_messages({
    # To the participating agencies' liaisons, when the minutes are recorded.
    "meeting.recorded": gettext_noop(
        "%(procuratorate)s 召开的%(kind)s“%(meeting)s”纪要已定稿，贵单位承办的议定事项 %(tasks)s 项，"
        "请登录平台查看。"),
    # To the procuratorate's own task owners, when the minutes are recorded.
    "meeting.task_assigned_staff": gettext_noop("“%(meeting)s”纪要已定稿，其中有您承办的议定事项。"),
    # To a task's owner (staff member or agency's liaisons).
    "meeting_task.assigned": gettext_noop(
        "“%(meeting)s”新增议定事项，由%(owner)s承办：%(task)s，完成期限 %(due)s。"),
    "meeting_task.changed": gettext_noop(
        "“%(meeting)s”的议定事项“%(task)s”已调整，由%(owner)s承办，完成期限 %(due)s。"),
    "meeting_task.closed_by_convener": gettext_noop(
        "检察院已将“%(meeting)s”的议定事项“%(task)s”登记为完成（%(done)s）。"),
    "meeting_task.confirmed": gettext_noop("检察院已确认“%(meeting)s”的议定事项“%(task)s”已完成。"),
    "meeting_task.reopened": gettext_noop(
        "“%(meeting)s”的议定事项“%(task)s”需重新办理：%(reason)s"),
    # To the convener, when an agency marks its task done.
    "meeting_task.done_by_agency": gettext_noop(
        "%(owner)s 已完成“%(meeting)s”的议定事项“%(task)s”（%(done)s），请确认。"),
    # The deadline sweep (MeetingTask.SWEEP_PREFIX).
    "meeting_task.reminder": gettext_noop(
        "“%(meeting)s”的议定事项“%(task)s”（%(owner)s承办）将于 %(days)s 日后到期（%(due)s）。"),
    "meeting_task.due_today": gettext_noop(
        "“%(meeting)s”的议定事项“%(task)s”（%(owner)s承办）今天到期（%(due)s）。"),
    "meeting_task.overdue": gettext_noop(
        "“%(meeting)s”的议定事项“%(task)s”（%(owner)s承办）已逾期：完成期限 %(due)s 已过。"),
})

register(Flow(
    key="meetings",
    label=_("联席会议与案件会商"),
    staff_url="duties:meeting-queue",
    staff_pending=selectors.staff_pending,
    portal_url="portal:meetings",
    agency_pending=selectors.agency_pending,
    figures=(
        FlowFigure(
            code="meetings_held", label=_("召开联席会议/案件会商"), label_en="Joint meetings held",
            definition=_("期间内召开且纪要已定稿的联席会议和案件会商次数（按参会单位计）。"),
            definition_en="Joint meetings and case consultations held in the period whose "
                          "minutes are recorded (per participating agency).",
            rows=selectors.meetings_held, agency="agencies"),
        FlowFigure(
            code="meeting_tasks_agreed", label=_("会议议定事项"), label_en="Meeting tasks agreed",
            definition=_("期间内召开的会议议定的事项数（按承办单位计；本院承办的不计入单位）。"),
            definition_en="Tasks agreed at the meetings held in the period (per owning agency; "
                          "the procuratorate's own tasks count for no agency).",
            rows=selectors.tasks_agreed, procuratorate="meeting__procuratorate",
            agency="owner_agency"),
        FlowFigure(
            code="meeting_tasks_on_time", label=_("议定事项按期完成"),
            label_en="Meeting tasks done on time",
            definition=_("期间内完成、且完成日期不晚于商定完成期限的议定事项数。"),
            definition_en="Tasks done in the period on or before their agreed date.",
            rows=selectors.tasks_done_on_time, procuratorate="meeting__procuratorate",
            agency="owner_agency"),
        FlowFigure(
            code="meeting_tasks_late", label=_("议定事项逾期完成"),
            label_en="Meeting tasks done late",
            definition=_("期间内完成、但完成日期晚于商定完成期限的议定事项数。"),
            definition_en="Tasks done in the period after their agreed date.",
            rows=selectors.tasks_done_late, procuratorate="meeting__procuratorate",
            agency="owner_agency"),
        FlowFigure(
            code="meeting_tasks_open_overdue", label=_("议定事项逾期未完成"),
            label_en="Meeting tasks overdue and open",
            definition=_("商定完成期限在期间内且已届满、至今仍未完成的议定事项数。"),
            definition_en="Tasks whose agreed date fell in the period and has passed, still "
                          "not done.",
            rows=selectors.tasks_open_overdue, procuratorate="meeting__procuratorate",
            agency="owner_agency"),
    ),
))
