"""The addressee agency's written reply (书面回复), answering each numbered item."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from supervision.models import User
from supervision.notifications import notify
from supervision.services import audit_record
from supervision.uploads import sniff_upload

from ..choices import InternalDeadlineKind, ItemAnswer
from ..internal_deadlines import internal_deadline_open
from ..models import Recommendation, Reply, ReplyItemAnswer
from ..transitions import enforce
from .drafting import _lock


@dataclass(frozen=True)
class ItemAnswerInput:
    """The answer to item ``item_id``: adopted / partly / not, measures, evidence, date done."""

    item_id: int
    answer: str
    measures: str = ""
    evidence: UploadedFile | None = None
    completed_on: datetime.date | None = None


def _save_file(field, upload: UploadedFile, stem: str, error_key: str) -> str:
    try:
        extension = sniff_upload(upload)
    except ValidationError as exc:
        raise ValidationError({error_key: exc.messages}) from exc
    field.save(f"{stem}.{extension}", upload, save=False)
    return upload.name[:200]


@transaction.atomic
def reply_submit(*, actor: User, recommendation: Recommendation, content: str, measures: str = "",
                 attachment: UploadedFile | None = None,
                 item_answers: list[ItemAnswerInput] | None = None) -> Reply:
    """The addressee agency's written reply (书面回复). Immutable once submitted; the
    procurator handling the case is notified in the app, and the procuratorate's evaluation
    deadline starts. With ``item_answers``, every numbered item must be answered once."""
    rec = _lock(recommendation)
    rec.status = enforce("reply", actor, rec)
    if not content.strip():
        raise ValidationError({"content": _("回复内容不能为空。")})
    reply = Reply(recommendation=rec, author=actor, content=content.strip(),
                  measures=measures.strip())
    if attachment is not None:
        reply.attachment_name = _save_file(reply.attachment, attachment, f"reply-{rec.pk}",
                                           "attachment")
    reply.save()
    if item_answers is not None:
        _save_answers(rec, reply, item_answers)
    rec.save(update_fields=["status"])
    notify([rec.case.handler], "reply.received",
           {"agency": rec.agency.name, "number": rec.number or ""}, link=rec.get_absolute_url())
    # The reply stops the agency's clock and starts the procuratorate's: evaluate it.
    internal_deadline_open(actor=actor, recommendation=rec, kind=InternalDeadlineKind.EVALUATION,
                           start=timezone.localdate())
    audit_record(actor=actor, action="reply_submit", target=rec, reply=reply.pk)
    return reply


def _save_answers(rec: Recommendation, reply: Reply, answers: list[ItemAnswerInput]) -> None:
    items = {i.pk: i for i in rec.items.all()}
    given = [a.item_id for a in answers]
    if sorted(given) != sorted(items):
        raise ValidationError({"item_answers": _("请逐项回复每一项建议事项。")})
    for a in answers:
        if a.answer not in ItemAnswer.values:
            raise ValidationError({"item_answers": _("请选择每一项的采纳情况。")})
        row = ReplyItemAnswer(reply=reply, item=items[a.item_id], answer=a.answer,
                              measures=a.measures.strip(), completed_on=a.completed_on)
        if a.evidence is not None:
            row.evidence_name = _save_file(row.evidence, a.evidence,
                                           f"reply-{rec.pk}-item-{a.item_id}", "item_answers")
        row.save()
