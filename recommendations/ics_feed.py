"""The content of a person's calendar feed: their own open deadlines as all-day events.

Reply deadlines of the instruments they watch (a liaison: their agency's) and, for
procuratorate staff, the procuratorate's own open deadlines, the feedback deadlines of their
cases' clue transfers and the written replies owed on the people's congress's deliberation
opinions they answer for — in the owner's chosen language,
with the explanation of each date. UIDs are stable per deadline, so a moved due date (an
extension, a calendar change) updates the event in the subscriber's calendar instead of adding
one; ``SEQUENCE`` grows with each extension.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext, override

from congress.selectors import opinion_deadlines_for
from recommendations.services.notices import link_for
from supervision.ics import AllDayEvent, calendar
from supervision.models import User
from supervision.services.notifications import preference_of

from .selectors import internal_deadlines_for, reply_deadlines_for, transfer_deadlines_for

#: A feed is for planning: enough rows for any one person, bounded for a supervisor's subtree.
LIMIT = 2000


def deadlines_ics(user: User) -> str:
    site = settings.SITE_URL.rstrip("/")
    host = site.split("//", 1)[-1].split("/", 1)[0] or "localhost"
    events = []
    with override(preference_of(user)[1]):
        for rec in (reply_deadlines_for(user).select_related("agency")
                    .order_by("due_date", "pk")[:LIMIT]):
            link = link_for(rec, user)
            events.append(AllDayEvent(
                uid=f"reply-{rec.pk}@{host}", day=rec.due_date,
                summary=gettext("回复期限：%(number)s（%(agency)s）") % {
                    "number": rec.number or "", "agency": rec.agency.name},
                description=rec.due_explanation_text(), url=site + link,
                sequence=len(rec.due_explanation.get("extensions", ()))))
        for item in (internal_deadlines_for(user).select_related("recommendation")
                     .order_by("due_date", "pk")[:LIMIT]):
            events.append(AllDayEvent(
                uid=f"internal-{item.pk}@{host}", day=item.due_date,
                summary=gettext("本院期限：%(kind)s · %(number)s") % {
                    "kind": item.get_kind_display(), "number": item.recommendation.number or ""},
                description=item.due_explanation_text(),
                url=site + item.recommendation.get_absolute_url()))
        for transfer in (transfer_deadlines_for(user).select_related("case")
                         .order_by("due_date", "pk")[:LIMIT]):
            events.append(AllDayEvent(
                uid=f"transfer-{transfer.pk}@{host}", day=transfer.due_date,
                summary=gettext("线索反馈期限：%(recipient)s · %(case)s") % {
                    "recipient": transfer.recipient, "case": transfer.case.number},
                description=transfer.due_explanation_text(),
                url=site + transfer.case.get_absolute_url()))
        for opinion in (opinion_deadlines_for(user).select_related("report")
                        .order_by("due_date", "pk")[:LIMIT]):
            events.append(AllDayEvent(
                uid=f"opinion-{opinion.pk}@{host}", day=opinion.due_date,
                summary=gettext("人大审议意见书面回复期限：%(report)s") % {
                    "report": opinion.report.title},
                description=opinion.due_explanation_text(),
                url=site + opinion.get_absolute_url()))
        name = gettext("%(user)s 的期限") % {"user": user}
    return calendar(events, name=name, now=timezone.now())
