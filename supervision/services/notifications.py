"""In-app notifications and their e-mail copies: what they say, to whom, in which language.

A notification is stored as a message ``code`` and its ``params``; :func:`render_message` turns
it into text with gettext when it is shown, so the same row reads in Chinese for one recipient
and in English for another. :func:`notify` writes the notifications of one occurrence and an
``EmailDelivery`` outbox row for each recipient who wants e-mail immediately; the rows are
queued for sending when the writing transaction commits (``transaction.on_commit``), and the
deadline sweep re-queues any whose task was lost, so a stopped worker delays mail but never
loses it.
"""

from __future__ import annotations

import datetime
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_noop, override

from supervision.choices import EmailMode, Role
from supervision.hooks import Hook
from supervision.models import EmailDelivery, Notification, NotificationPreference, User
from supervision.models.names import chinese_active

logger = logging.getLogger(__name__)

#: Message code → msgid. The msgids are translated at display time in the reader's language.
MESSAGES: dict[str, str] = {
    "deadline.reminder": gettext_noop("%(number)s（%(agency)s）将于 %(days)s 日后到期（%(due)s）。"),
    "deadline.due_today": gettext_noop("%(number)s（%(agency)s）今天到期（%(due)s）。"),
    "deadline.overdue": gettext_noop("%(number)s（%(agency)s）已逾期：回复期限 %(due)s 已过。"),
    "deadline.escalation.1": gettext_noop(
        "%(number)s（%(agency)s）已逾期 %(age)s 日仍未回复，建议向该单位发出催告。"),
    "deadline.escalation.2": gettext_noop(
        "%(number)s（%(agency)s）已逾期 %(age)s 日仍未回复，请依规通报其上级机关或主管部门"
        "（%(superior)s）。"),
    "deadline.escalation.3": gettext_noop(
        "%(procuratorate)s %(number)s（%(agency)s）已逾期 %(age)s 日仍未回复，"
        "请上级检察院跟进监督。"),
    "internal.reminder": gettext_noop("%(number)s：本院“%(kind)s”期限将于 %(days)s 日后届满（%(due)s）。"),
    "internal.due_today": gettext_noop("%(number)s：本院“%(kind)s”期限今天届满（%(due)s）。"),
    "internal.overdue": gettext_noop("%(number)s：本院“%(kind)s”期限 %(due)s 已过，尚未办结。"),
    "transfer.reminder": gettext_noop(
        "%(case)s：移送%(recipient)s的线索，反馈期限将于 %(days)s 日后届满（%(due)s）。"),
    "transfer.due_today": gettext_noop("%(case)s：移送%(recipient)s的线索，反馈期限今天届满（%(due)s）。"),
    "transfer.overdue": gettext_noop(
        "%(case)s：移送%(recipient)s的线索，反馈期限 %(due)s 已过，尚未收到反馈。"),
    "opinion.reminder": gettext_noop(
        "人大常委会对“%(report)s”的审议意见（%(letter)s），书面回复期限将于 %(days)s 日后届满（%(due)s）。"),
    "opinion.due_today": gettext_noop(
        "人大常委会对“%(report)s”的审议意见（%(letter)s），书面回复期限今天届满（%(due)s）。"),
    "opinion.overdue": gettext_noop(
        "人大常委会对“%(report)s”的审议意见（%(letter)s），书面回复期限 %(due)s 已过，尚未回复。"),
    "approval.requested": gettext_noop("%(name)s 提请审批%(type)s“%(title)s”，请审批。"),
    "reply.received": gettext_noop("%(agency)s 已回复 %(number)s"),
    "reply.supplemented": gettext_noop("%(agency)s 对 %(number)s 作了补充回复。"),
    "reply.signoff_requested": gettext_noop("%(name)s 拟好了对 %(number)s 的回复，请您签发。"),
    "reply.signoff_returned": gettext_noop("对 %(number)s 的回复被退回修改：%(reason)s"),
    "reply.signed_off": gettext_noop("对 %(number)s 的回复已经单位负责人签发，已送达检察院。"),
    "extension.requested": gettext_noop("%(agency)s 申请将 %(number)s 的回复期限延长至 %(due)s。"),
    "extension.granted": gettext_noop("%(number)s 的回复期限已延长至 %(due)s。"),
    "extension.refused": gettext_noop("%(number)s 的延期申请不予准许：%(reason)s"),
    "instrument.acknowledged": gettext_noop("%(agency)s 已签收 %(number)s，回复期限 %(due)s。"),
    "review.requested": gettext_noop("%(agency)s 对 %(number)s 提出%(kind)s，请在七日内作出决定。"),
    "review.decided": gettext_noop("对 %(number)s 的%(kind)s已作出决定：%(outcome)s。%(reason)s"),
    "followup.urged": gettext_noop("%(procuratorate)s 催告：%(number)s 的回复期限已过，请即书面回复。"),
    "followup.higher": gettext_noop(
        "%(procuratorate)s 提请对 %(number)s（%(agency)s）跟进监督：%(note)s"),
    "instrument.closed": gettext_noop("%(procuratorate)s 已对 %(number)s 办结：%(reason)s"),
    "instrument.voided": gettext_noop("%(number)s 已作废：%(reason)s"),
    # To the addressee agency's liaisons (recommendations.services.notices.tell_liaisons).
    "instrument.issued": gettext_noop(
        "%(procuratorate)s 向贵单位发出 %(type)s %(number)s，请登录平台签收。"),
    "instrument.served": gettext_noop(
        "%(procuratorate)s 已向贵单位送达 %(number)s，回复期限 %(due)s。"),
    "instrument.served_no_reply": gettext_noop(
        "%(procuratorate)s 已向贵单位送达 %(number)s，该文书无需书面回复。"),
    "reply.evaluated": gettext_noop(
        "%(procuratorate)s 已评估贵单位对 %(number)s 的回复：%(outcome)s。"),
    "rectification.verified": gettext_noop(
        "%(procuratorate)s 已核查贵单位对 %(number)s 的整改情况：整改到位，该文书已办结。"),
    "rectification.not_verified": gettext_noop(
        "%(procuratorate)s 核查认为贵单位对 %(number)s 的整改尚未到位，将依法跟进监督。"),
    "calendar.moved": gettext_noop(
        "法定节假日安排调整：%(number)s 的期限由 %(old)s 改为 %(new)s。"),
    "calendar.moved.transfer": gettext_noop(
        "法定节假日安排调整：%(case)s 移送%(recipient)s的线索，反馈期限由 %(old)s 改为 %(new)s。"),
    "calendar.moved.opinion": gettext_noop(
        "法定节假日安排调整：人大常委会对“%(report)s”审议意见的书面回复期限由 %(old)s 改为 %(new)s。"),
    "report.approval_requested": gettext_noop("%(name)s 提请审批人大报告“%(title)s”，请审批。"),
    "report.returned": gettext_noop("人大报告“%(title)s”被退回修改：%(reason)s"),
    "report.approved": gettext_noop("人大报告“%(title)s”已批准。"),
    "case.refusal_escalated": gettext_noop(
        "%(case)s：%(target)s 拒不配合调查核实，承办人已报告，请研究是否通报上级机关或者主管部门"),
    "case.refusal_unanswered": gettext_noop(
        "%(case)s：%(agency)s 对 %(sent)s 的调取材料（%(subject)s）逾期未答复（期限 %(due)s），"
        "视为拒不配合，已报告，请研究是否通报上级机关或者主管部门"),
    "case.interference_recorded": gettext_noop("%(case)s 新增一条过问干预记录"),
    "selfcheck.problems": gettext_noop("夜间自检发现 %(count)s 项数据问题，请查看自检报告。"),
    # Letters (supervision.services.emails.LETTERS): the text is also the e-mail's subject.
    "liaison.invited": gettext_noop("检察监督系统联络员账号邀请"),
    "liaison.added": gettext_noop("您已被添加为 %(agency)s 的联络员"),
}


def register_messages(messages: dict[str, str]) -> None:
    """Add an app's message codes (msgids marked with ``gettext_noop``) to :data:`MESSAGES`;
    called from the app's ``AppConfig.ready()``. A code already taken with another text is a
    programming error and fails at start-up."""
    for code, text in messages.items():
        if MESSAGES.setdefault(code, text) != text:
            raise ValueError(f"notification code {code!r} is already registered")
#: Params whose stored value is itself a msgid (a choice label), translated when shown.
TRANSLATED_PARAMS = frozenset({"kind", "outcome"})
#: A param ``x`` stored with ``x_en`` beside it (a reference name, e.g. the instrument type's
#: ``name`` and ``name_en``) reads ``x_en`` when shown in English, if that is not blank.
ENGLISH_SUFFIX = "_en"


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _local_date(value: str) -> str:
    try:
        return date_format(datetime.date.fromisoformat(value))
    except ValueError:
        return value


def render_message(code: str, params: Mapping[str, Any], *, fallback: str = "") -> str:
    """The text of a notification in the active language; ``fallback`` for an unknown code
    (rows written before codes existed) or params that no longer fit the message."""
    template = MESSAGES.get(code)
    if template is None:
        return fallback
    values = {k: (gettext(v) if k in TRANSLATED_PARAMS and isinstance(v, str) else v)
              for k, v in params.items()}
    if not chinese_active():
        values.update({k: params[k + ENGLISH_SUFFIX] for k in params
                       if params.get(k + ENGLISH_SUFFIX)})
    # Dates are stored ISO and read as the reader's language writes them (2026年3月5日).
    values = {k: (_local_date(v) if isinstance(v, str) and ISO_DATE.fullmatch(v) else v)
              for k, v in values.items()}
    try:
        return gettext(template) % values
    except (KeyError, TypeError, ValueError):
        logger.warning("notification %s: params %r do not fit the message", code, params)
        return fallback or code


def default_email_mode(role: str) -> str:
    """The e-mail mode of someone who never chose: liaisons have their own default."""
    if role == Role.LIAISON:
        return settings.NOTIFICATION_LIAISON_EMAIL_MODE
    return settings.NOTIFICATION_DEFAULT_EMAIL_MODE


def preference_of(user: User) -> tuple[str, str]:
    """``(email mode, language)`` of ``user``; the defaults when they never chose."""
    try:
        pref = user.notification_preference
    except NotificationPreference.DoesNotExist:
        return default_email_mode(user.role), settings.LANGUAGE_CODE
    return pref.email_mode, pref.language


def wants_immediate_email(user: User) -> bool:
    return bool(user.email) and user.is_active and preference_of(user)[0] == EmailMode.IMMEDIATE


#: Listeners told of every occurrence :func:`notify` writes, in its transaction:
#: ``listener(code=, params=, recipients=, event=, link=)`` (the recipients after dropping the
#: inactive ones). A higher layer registers here from its ``AppConfig.ready()`` — the outbound
#: webhooks (``integrations.services.outbox``) — without the core importing it.
NotificationListener = Callable[..., Any]
notified: Hook[NotificationListener] = Hook()


def notify(recipients: Iterable[User], code: str, params: Mapping[str, Any], *,
           link: Mapping[int, str] | str = "", event: Model | None = None,
           mail_always: bool = False) -> list[Notification]:
    """Write one notification per recipient (and its e-mail outbox row when the recipient
    wants e-mail immediately); call inside the writing transaction. ``link`` is a URL, or a
    mapping user pk → URL when recipients land on different pages (liaisons: the portal).
    ``recipients`` should be fetched with ``select_related("notification_preference")``.
    ``mail_always``: mail it now whatever each recipient chose (a letter such as an
    invitation, which cannot wait for a digest)."""
    people = sorted({u.pk: u for u in recipients if u is not None and u.is_active}.values(),
                    key=lambda u: u.pk)
    with override(settings.LANGUAGE_CODE):
        fallback = render_message(code, params)[:300]
    rows = Notification.objects.bulk_create([
        Notification(recipient=user, event=event, code=code, params=dict(params),
                     message=fallback,
                     link=link.get(user.pk, "") if isinstance(link, Mapping) else link)
        for user in people
    ])
    if event is not None and rows and rows[0].pk is None:  # backends without RETURNING
        rows = list(Notification.objects.filter(event=event).select_related("recipient"))
    emails = EmailDelivery.objects.bulk_create([
        EmailDelivery(recipient=n.recipient, notification=n) for n in rows
        if mail_always or wants_immediate_email(n.recipient)])
    queue_emails([e.pk for e in emails])
    for listener in notified:
        listener(code=code, params=params, recipients=people, event=event, link=link)
    return rows


def queue_emails(ids: list[int]) -> None:
    """Queue sending once the current transaction commits. A failure to reach the broker is
    logged, not raised (``robust``): the sweep re-queues pending e-mails."""
    if not ids:
        return

    def send() -> None:
        from supervision.tasks import send_email

        for pk in ids:
            send_email.delay(pk)

    transaction.on_commit(send, robust=True)


@transaction.atomic
def notification_preference_set(*, actor: User, email_mode: str,
                                language: str) -> NotificationPreference:
    """Record how ``actor`` wants deadline e-mail (immediate or daily digest) and in which
    language their e-mails and calendar feed are written."""
    from supervision.services.audit import audit_record

    pref, _created = NotificationPreference.objects.update_or_create(
        user=actor, defaults={"email_mode": email_mode, "language": language})
    audit_record(actor=actor, action="notification_preference_set", target=actor,
                 email_mode=email_mode, language=language)
    return pref


@transaction.atomic
def notifications_mark_read(*, actor: User) -> int:
    """Mark every unread notification of ``actor`` read now; the number marked. One UPDATE;
    not audited, as before: reading one's own notifications changes nothing anyone else sees."""
    return actor.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
