"""The hearings' notification messages (registered by ``HearingsConfig.ready``): the codes,
with msgids rendered in each reader's language when shown."""

from django.utils.translation import gettext_noop

MESSAGES = {
    "hearing.scheduled": gettext_noop(
        "%(case)s：定于 %(date)s %(time)s 在%(place)s举行听证（%(topic)s），主持人 %(presiding)s。"),
    "hearing.rescheduled": gettext_noop(
        "%(case)s：听证（%(topic)s）改定于 %(date)s %(time)s 在%(place)s举行。"),
    "hearing.cancelled": gettext_noop(
        "%(case)s：原定 %(date)s 举行的听证（%(topic)s）已取消。理由：%(reason)s"),
    "hearing.concluded": gettext_noop(
        "%(case)s：听证（%(topic)s）已办结，听证意见%(outcome)s。"),
}
