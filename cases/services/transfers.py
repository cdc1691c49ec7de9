"""Clue transfers (线索移送, seed 002 §5, §13) and interference records (seed 002 §14)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Agency
from agencies.selectors import agency_liaisons
from supervision.choices import Role
from supervision.deadlines import compute_due_date
from supervision.models import PeriodRule, User
from supervision.services.audit import audit_record
from supervision.services.notifications import notify

from ..models import ClueTransfer, InterferenceRecord, SupervisionCase
from ..permissions import can_record_transfer_feedback, can_work_on_case
from ._common import approvers_to_tell, check_date, require_open_case_worker
from .attachments import attachment_add, attachment_store

#: At most this many files with one feedback.
MAX_FEEDBACK_FILES = 10

#: No law sets the period for feedback on a transferred clue: the two-month default applies.
TRANSFER_PERIOD_RULE = "default"


@transaction.atomic
def clue_transfer_create(*, actor: User, case: SupervisionCase, recipient_kind: str, recipient: str,
                         clue: str, transferred_on: datetime.date,
                         recipient_agency: Agency | None = None, letter_number: str = "",
                         files: Sequence[UploadedFile] = ()) -> ClueTransfer:
    """Record that a clue was sent to ``recipient``; the feedback due date is computed from
    the transfer date by rule ``default`` and kept with its explanation. A receiving organ in
    the directory (``recipient_agency``: one the case's procuratorate deals with) gives its
    feedback in the portal: its liaisons are told now (issue 19)."""
    require_open_case_worker(actor, case)
    check_date(transferred_on, field="transferred_on", case=case)
    if recipient_agency is not None:
        if recipient_agency.supervising_procuratorate_id != case.procuratorate_id:
            raise ValidationError({"recipient_agency": _("该单位不在本院的单位名录中。")})
        recipient = recipient.strip() or recipient_agency.name
    if not recipient.strip() or not clue.strip():
        raise ValidationError(_("请填写接收机关和线索内容。"))
    due = compute_due_date(PeriodRule.objects.get(code=TRANSFER_PERIOD_RULE), transferred_on)
    transfer = ClueTransfer.objects.create(
        case=case, recipient_kind=recipient_kind, recipient=recipient.strip(),
        recipient_agency=recipient_agency, clue=clue.strip(), letter_number=letter_number.strip(),
        transferred_on=transferred_on, due_date=due.due_date, due_provisional=due.provisional,
        due_explanation=due.as_dict(), transferred_by=actor)
    audit_record(actor=actor, action="clue_transfer_create", target=transfer,
                 recipient=transfer.recipient, due_date=transfer.due_date.isoformat())
    for upload in files:
        attachment_add(actor=actor, case=case, upload=upload, transfer=transfer)
    if recipient_agency is not None:
        notify(list(agency_liaisons(recipient_agency)), "transfer.agency.sent",
               {"procuratorate": case.procuratorate.name,
                "letter": transfer.letter_number or "—", "due": transfer.due_date.isoformat()},
               link=transfer.get_portal_url())
    return transfer


@transaction.atomic
def clue_transfer_record_reply(*, actor: User, transfer: ClueTransfer, replied_on: datetime.date,
                               summary: str, files: Sequence[UploadedFile] = ()) -> ClueTransfer:
    """Record the receiving organ's written feedback (书面反馈结果, seed 000 §8), with its files.

    One rule for every route (``cases.permissions.can_record_transfer_feedback``): those
    working on the case record it from the organ's letter, or the receiving agency's liaison
    gives it in the portal (issue 19) — then the case's handler and assistant are told, and
    the feedback stays "unread" in the procuratorate's queue until one of them reads it."""
    transfer = (ClueTransfer.objects.select_for_update(of=("self",))
                .select_related("case", "case__procuratorate").get(pk=transfer.pk))
    if not can_record_transfer_feedback(actor, transfer):
        raise PermissionDenied(_("您不能登记该线索移送的反馈。"))
    if transfer.replied_on is not None:
        raise ValidationError(_("该线索移送已登记反馈。"))
    if replied_on > timezone.localdate():
        raise ValidationError({"replied_on": _("日期不能晚于今天。")})
    if replied_on < transfer.transferred_on:
        raise ValidationError({"replied_on": _("反馈日期不能早于移送日期。")})
    if not summary.strip():
        raise ValidationError({"summary": _("请填写反馈结果。")})
    if len(files) > MAX_FEEDBACK_FILES:
        raise ValidationError({"files": _("一次最多上传 %(n)s 个文件。") % {"n": MAX_FEEDBACK_FILES}})
    by_organ = actor.role == Role.LIAISON
    now = timezone.now()
    transfer.replied_on = replied_on
    transfer.reply_summary = summary.strip()
    transfer.reply_recorded_by = actor
    transfer.reply_recorded_at = now
    # Staff recording the letter have read it; the organ's own feedback waits to be read.
    transfer.reply_read_at = None if by_organ else now
    transfer.reply_read_by = None if by_organ else actor
    transfer.save(update_fields=["replied_on", "reply_summary", "reply_recorded_by",
                                 "reply_recorded_at", "reply_read_at", "reply_read_by"])
    audit_record(actor=actor, action="clue_transfer_reply", target=transfer,
                 replied_on=replied_on.isoformat(), late=replied_on > transfer.due_date,
                 via="portal" if by_organ else "staff", files=len(files))
    for upload in files:
        attachment_store(actor=actor, case=transfer.case, upload=upload, transfer=transfer,
                         feedback=True)
    case = transfer.case
    people = (User.objects.filter(pk__in=[pk for pk in (case.handler_id, case.assistant_id) if pk],
                                  is_active=True).exclude(pk=actor.pk)
              .select_related("notification_preference").order_by("pk"))
    notify(list(people), "transfer.feedback_received",
           {"recipient": transfer.recipient, "case": case.number,
            "date": replied_on.isoformat()}, link=transfer.get_absolute_url())
    return transfer


@transaction.atomic
def clue_transfer_mark_read(*, actor: User, transfer: ClueTransfer) -> ClueTransfer:
    """Someone working on the case has read the organ's feedback: it leaves the queue's
    "unread". Reading it again changes nothing (and writes nothing)."""
    transfer = (ClueTransfer.objects.select_for_update(of=("self",)).select_related("case")
                .get(pk=transfer.pk))
    if not can_work_on_case(actor, transfer.case):
        raise PermissionDenied(_("您不能在此案件上办理此事项。"))
    if transfer.replied_on is None:
        raise ValidationError(_("该线索移送尚未收到反馈。"))
    if transfer.reply_read_at is not None:
        return transfer
    transfer.reply_read_at = timezone.now()
    transfer.reply_read_by = actor
    transfer.save(update_fields=["reply_read_at", "reply_read_by"])
    audit_record(actor=actor, action="clue_transfer_read", target=transfer)
    return transfer


@transaction.atomic
def interference_record_create(*, actor: User, case: SupervisionCase, occurred_on: datetime.date,
                               intervener: str, intervener_post: str, manner: str,
                               content: str) -> InterferenceRecord:
    """Record an official's attempt to ask about or intervene in the case and report it to
    the procuratorate's approvers and chief (seed 002 §14: 记录、通报). Recording is allowed
    even on a finished case: interference after closing must be recorded too."""
    if not can_work_on_case(actor, case):
        raise PermissionDenied(_("您不能在此案件上办理此事项。"))
    if occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": _("日期不能晚于今天。")})
    if not intervener.strip() or not content.strip():
        raise ValidationError(_("请填写过问干预人和过问干预内容。"))
    record = InterferenceRecord.objects.create(
        case=case, occurred_on=occurred_on, intervener=intervener.strip(),
        intervener_post=intervener_post.strip(), manner=manner, content=content.strip(),
        recorded_by=actor)
    notify(approvers_to_tell(case, actor), "case.interference_recorded", {"case": case.number},
           link=case.get_absolute_url())
    # The audit entry names the record, never its content: the audit log is wider reading.
    audit_record(actor=actor, action="interference_record", target=record)
    return record
