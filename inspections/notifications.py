"""The inspections' notification messages (registered by ``InspectionsConfig.ready``)."""

from django.utils.translation import gettext_noop

MESSAGES = {
    "inspection.team": gettext_noop(
        "您已列入%(institution)s的巡回检察组（%(title)s，%(start)s至%(end)s），组长 %(leader)s。"),
    "inspection.finding_converted": gettext_noop(
        "巡回检察“%(title)s”发现的问题（第%(number)s项）已转为%(what)s %(ref)s。"),
    "inspection.concluded": gettext_noop(
        "巡回检察“%(title)s”已结束，检察情况已于 %(date)s 反馈%(institution)s。"),
    "inspection.cancelled": gettext_noop("巡回检察“%(title)s”已撤销。理由：%(reason)s"),
}
