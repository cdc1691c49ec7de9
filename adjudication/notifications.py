"""The adjudication app's notification messages (registered by ``AdjudicationConfig.ready``):
the codes, with msgids rendered in each reader's language when shown."""

from django.utils.translation import gettext_noop

MESSAGES = {
    "adjudication.notice": gettext_noop(
        "%(court)s定于 %(date)s %(time)s 召开审判委员会会议讨论“%(subject)s”，请决定是否列席。"),
    "adjudication.rescheduled": gettext_noop(
        "%(court)s审判委员会讨论“%(subject)s”的会议改定于 %(date)s %(time)s。"),
    "adjudication.entrusted": gettext_noop(
        "检察长委托您于 %(date)s %(time)s 列席%(court)s审判委员会会议（%(subject)s）。"),
    "adjudication.decided": gettext_noop(
        "%(court)s审判委员会讨论“%(subject)s”的结果已登记，本院列席意见采纳情况：%(adoption)s。"),
    "adjudication.cancelled": gettext_noop(
        "%(court)s原定 %(date)s 讨论“%(subject)s”的审判委员会会议已取消。理由：%(reason)s"),
}
