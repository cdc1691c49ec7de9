"""The addressee agency's written reply (书面回复), answering each numbered item.

A reply is written as a draft (:class:`ReplyDraft`) that any liaison of the agency may save and
resume; it is sent by :func:`reply_draft_submit`, or — when the agency wants its replies signed
off (``Agency.reply_requires_signoff``) — handed to the agency's responsible person (单位负责人),
who sends it (:func:`reply_draft_sign_off`) or returns it with a reason. Sending makes an
immutable :class:`Reply`; after the first reply, further ones are supplements (补充回复) linked
to the reply before.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.selectors import responsible_liaisons
from recommendations.services.internal_deadlines import internal_deadline_open
from recommendations.services.notices import portal_link
from supervision.models import User
from supervision.services.audit import audit_record
from supervision.services.notifications import notify
from supervision.uploads import sniff_upload

from ..choices import InternalDeadlineKind, ItemAnswer, ReplyDraftStatus
from ..models import Recommendation, Reply, ReplyDraft, ReplyDraftItem, ReplyItemAnswer
from ..transitions import TRANSITIONS, enforce, may_act
from .locks import lock_recommendation


@dataclass(frozen=True)
class ItemAnswerInput:
    """The answer to item ``item_id``: adopted / partly / not, measures, evidence, date done."""

    item_id: int
    answer: str
    measures: str = ""
    evidence: UploadedFile | None = None
    completed_on: datetime.date | None = None
    #: In a draft: drop the evidence saved before.
    remove_evidence: bool = False


def _save_file(field: FieldFile, upload: UploadedFile, stem: str, error_key: str) -> str:
    try:
        extension = sniff_upload(upload)
    except ValidationError as exc:
        raise ValidationError({error_key: exc.messages}) from exc
    field.save(f"{stem}.{extension}", upload, save=False)
    return upload.name[:200]


def reply_action(rec: Recommendation) -> str | None:
    """What a reply written now would be: the reply (``"reply"``), a supplement
    (``"supplement"``), or None when the agency cannot reply in this state."""
    if rec.status in TRANSITIONS["reply"].sources:
        return "reply"
    if rec.status in TRANSITIONS["supplement"].sources:
        return "supplement"
    return None


def is_responsible(user: User, rec: Recommendation) -> bool:
    """Whether ``user`` is a responsible person (单位负责人) of the instrument's agency."""
    return (user.agency_id == rec.agency_id
            and responsible_liaisons(rec.agency_id).filter(pk=user.pk).exists())


def needs_signoff(user: User, rec: Recommendation, *, responsible: bool | None = None) -> bool:
    """Whether a reply ``user`` sends must first go to the agency's responsible person — the one
    rule, for the services and the portal page (``responsible``: :func:`is_responsible`, when
    the caller already knows it)."""
    if not rec.agency.reply_requires_signoff:
        return False
    return not (is_responsible(user, rec) if responsible is None else responsible)


# --- Sending: the one place a Reply is made ------------------------------------------------------

@transaction.atomic
def reply_submit(*, actor: User, recommendation: Recommendation, content: str, measures: str = "",
                 attachment: UploadedFile | None = None,
                 item_answers: list[ItemAnswerInput] | None = None,
                 supplement: bool = False) -> Reply:
    """Send the written reply — or with ``supplement`` a supplement (补充回复) to the replies
    before — at once, without a draft: for an agency that does not require sign-off, or by
    its responsible person. The portal writes drafts instead (:func:`reply_draft_save`)."""
    rec = lock_recommendation(recommendation)
    action = _action_or_refuse(actor, rec, "supplement" if supplement else "reply")
    if needs_signoff(actor, rec):
        raise ValidationError(_("本单位的回复须经单位负责人签发，请先保存草稿并提请签发。"))
    reply = Reply(recommendation=rec, author=actor, content=content.strip(),
                  measures=measures.strip())
    answers = [] if item_answers is None else item_answers
    return _send(actor=actor, rec=rec, action=action, reply=reply, answers=answers,
                 answers_given=item_answers is not None, attachment=attachment)


def _action_or_refuse(actor: User, rec: Recommendation, action: str | None = None) -> str:
    """The reply action (given, or what the state calls for); refused for the wrong state
    or person."""
    action = action or reply_action(rec) or "reply"
    enforce(action, actor, rec)  # the wrong state or person is refused here
    return action


def _send(*, actor: User, rec: Recommendation, action: str, reply: Reply,
          answers: Sequence[ItemAnswerInput | ReplyDraftItem], answers_given: bool,
          signed_off_by: User | None = None, attachment: UploadedFile | None = None) -> Reply:
    """Check completeness and save ``reply`` with its item answers; move the instrument on,
    tell the handling procurator, start the procuratorate's evaluation deadline."""
    items = _validate(rec, action, reply, answers, answers_given)
    if attachment is not None:
        reply.attachment_name = _save_file(reply.attachment, attachment, f"reply-{rec.pk}",
                                           "attachment")
    if action == "supplement":
        reply.supplement_to = rec.replies.last()
    reply.signed_off_by = signed_off_by
    reply.save()
    for a in answers:
        row = ReplyItemAnswer(reply=reply, item=items[a.item_id], answer=a.answer,
                              measures=a.measures.strip(), completed_on=a.completed_on)
        if isinstance(a, ReplyDraftItem):
            row.evidence, row.evidence_name = a.evidence.name, a.evidence_name
        elif a.evidence is not None:
            row.evidence_name = _save_file(row.evidence, a.evidence,
                                           f"reply-{rec.pk}-item-{a.item_id}", "item_answers")
        row.save()
    params = {"agency": rec.agency.name, "number": rec.number or ""}
    if action == "reply":
        rec.status = enforce("reply", actor, rec)
        fields = ["status"]
        if rec.first_reply_on is None:  # the statistics' reply date (Recommendation)
            rec.first_reply_on = timezone.localdate(reply.submitted_at)
            fields.append("first_reply_on")
        rec.save(update_fields=fields)
        notify([rec.case.handler], "reply.received", params, link=rec.get_absolute_url())
        # The reply stops the agency's clock and starts the procuratorate's: evaluate it.
        internal_deadline_open(actor=actor, recommendation=rec,
                               kind=InternalDeadlineKind.EVALUATION, start=timezone.localdate())
    else:
        notify([rec.case.handler], "reply.supplemented", params, link=rec.get_absolute_url())
    audit_record(actor=actor, action="reply_submit" if action == "reply" else "reply_supplement",
                 target=rec, reply=reply.pk, signed_off_by=signed_off_by.pk if signed_off_by else None)
    return reply


def _validate(rec: Recommendation, action: str, reply: Reply,
              answers: Sequence[ItemAnswerInput | ReplyDraftItem], answers_given: bool) -> dict:
    """Refuse an incomplete reply (ValidationError keyed by field); the instrument's items."""
    items = {i.pk: i for i in rec.items.all()}
    given = {a.item_id for a in answers}
    if not reply.content and not (items and given == set(items)):
        # The item-by-item answers are a reply in themselves (issue 14: not typed twice).
        raise ValidationError({"content": _("请填写回复内容（逐项回复了每一项建议事项的，可不填）。")})
    if not given <= set(items) or (action == "reply" and items and answers_given
                                   and given != set(items)):
        raise ValidationError({"item_answers": _("请逐项回复每一项建议事项。")})
    if any(a.answer not in ItemAnswer.values for a in answers):
        raise ValidationError({"item_answers": _("请选择每一项的采纳情况。")})
    return items


# --- Drafts ------------------------------------------------------------------------------------

def _locked_draft(rec: Recommendation) -> ReplyDraft | None:
    return (ReplyDraft.objects.select_for_update(of=("self",)).select_related("author")
            .filter(recommendation=rec).first())


@transaction.atomic
def reply_draft_save(*, actor: User, recommendation: Recommendation, content: str,
                     measures: str = "", attachment: UploadedFile | None = None,
                     remove_attachment: bool = False,
                     item_answers: Sequence[ItemAnswerInput] = (),
                     version: int | None = None) -> ReplyDraft:
    """Save the agency's draft reply (created on first save). Incomplete is fine; a file is
    checked by its content when it is uploaded. ``version`` is the draft version the form was
    built from: a stale one (a colleague saved meanwhile) is refused and nothing is lost — the
    caller shows the form again with what was typed."""
    rec = lock_recommendation(recommendation)
    action = _action_or_refuse(actor, rec)
    draft = _locked_draft(rec)
    if draft is not None and draft.status != ReplyDraftStatus.EDITING:
        raise ValidationError(_("回复已提请单位负责人签发，不能修改；如需修改，请先撤回。"))
    if draft is not None and version is not None and draft.version != version:
        raise ValidationError(_("%(name)s 于 %(time)s 修改了这份草稿。请刷新页面查看后再修改。") % {
            "name": draft.updated_by, "time": timezone.localtime(draft.updated_at).strftime("%H:%M")})
    created = draft is None
    if created:
        draft = ReplyDraft(recommendation=rec, author=actor)
    draft.updated_by = actor
    draft.content, draft.measures = content.strip(), measures.strip()
    draft.supplement_to = rec.replies.last() if action == "supplement" else None
    if remove_attachment and draft.attachment:
        draft.attachment, draft.attachment_name = "", ""
    if attachment is not None:
        draft.attachment_name = _save_file(draft.attachment, attachment, f"reply-{rec.pk}",
                                           "attachment")
    if not created:
        draft.version += 1
    draft.save()
    _save_draft_items(rec, draft, item_answers)
    audit_record(actor=actor, action="reply_draft_save", target=rec, draft=draft.pk,
                 version=draft.version)
    return draft


def _save_draft_items(rec: Recommendation, draft: ReplyDraft,
                      answers: Sequence[ItemAnswerInput]) -> None:
    items = {i.pk: i for i in rec.items.all()}
    existing = {row.item_id: row for row in draft.items.all()}
    for a in answers:
        if a.item_id not in items:
            raise ValidationError({"item_answers": _("请逐项回复每一项建议事项。")})
        row = existing.get(a.item_id) or ReplyDraftItem(draft=draft, item=items[a.item_id])
        row.answer = a.answer if a.answer in ItemAnswer.values else ""
        row.measures, row.completed_on = a.measures.strip(), a.completed_on
        if a.remove_evidence and row.evidence:
            row.evidence, row.evidence_name = "", ""
        if a.evidence is not None:
            row.evidence_name = _save_file(row.evidence, a.evidence,
                                           f"reply-{rec.pk}-item-{a.item_id}", "item_answers")
        row.save()


@transaction.atomic
def reply_draft_submit(*, actor: User, recommendation: Recommendation) -> Reply | ReplyDraft:
    """Send the draft — or, when the agency requires sign-off and ``actor`` is not its
    responsible person, hand it to them (the draft is then locked until they act). Returns the
    sent reply, or the draft awaiting sign-off."""
    rec = lock_recommendation(recommendation)
    action = _action_or_refuse(actor, rec)
    draft = _locked_draft(rec)
    if draft is None or draft.status != ReplyDraftStatus.EDITING:
        raise ValidationError(_("没有可提交的回复草稿。"))
    reply = _reply_from(draft)
    if not needs_signoff(actor, rec):
        signer = actor if rec.agency.reply_requires_signoff else None
        return _send_draft(actor=actor, rec=rec, action=action, draft=draft, reply=reply,
                           signed_off_by=signer)
    # Check now what the responsible person would be refused later, so nothing waits in vain.
    _validate(rec, action, reply, _draft_answers(rec, draft, action), answers_given=True)
    responsible = list(responsible_liaisons(rec.agency_id))
    if not responsible:
        raise ValidationError(_("本单位尚未指定可签发回复的单位负责人，请联系检察院设置。"))
    draft.status = ReplyDraftStatus.AWAITING_SIGNOFF
    draft.submitted_by, draft.submitted_at = actor, timezone.now()
    draft.returned_reason = ""
    draft.version += 1
    draft.save()
    notify(responsible, "reply.signoff_requested",
           {"number": rec.number or "", "name": str(actor)}, link=portal_link(rec))
    audit_record(actor=actor, action="reply_draft_submit_for_signoff", target=rec, draft=draft.pk)
    return draft


def _reply_from(draft: ReplyDraft) -> Reply:
    reply = Reply(recommendation=draft.recommendation, author=draft.author,
                  content=draft.content, measures=draft.measures,
                  attachment_name=draft.attachment_name)
    reply.attachment.name = draft.attachment.name or ""
    return reply


def _draft_answers(rec: Recommendation, draft: ReplyDraft, action: str) -> list[ReplyDraftItem]:
    """The draft's item answers to send: every item for the reply; for a supplement, the
    items actually answered."""
    rows = list(draft.items.all())
    if action == "supplement":
        rows = [r for r in rows if r.answer or r.measures or r.evidence]
    return rows


def _send_draft(*, actor: User, rec: Recommendation, action: str, draft: ReplyDraft,
                reply: Reply, signed_off_by: User | None) -> Reply:
    reply = _send(actor=actor, rec=rec, action=action, reply=reply,
                  answers=_draft_answers(rec, draft, action), answers_given=True,
                  signed_off_by=signed_off_by)
    draft.delete()  # its files now belong to the reply
    return reply


@transaction.atomic
def reply_draft_sign_off(*, actor: User, recommendation: Recommendation) -> Reply:
    """The responsible person (单位负责人) signs off the draft and it is sent."""
    rec = lock_recommendation(recommendation)
    action = _action_or_refuse(actor, rec)
    if not is_responsible(actor, rec):
        raise PermissionDenied(_("只有本单位负责人可以签发回复。"))
    draft = _locked_draft(rec)
    if draft is None or draft.status != ReplyDraftStatus.AWAITING_SIGNOFF:
        raise ValidationError(_("没有待签发的回复。"))
    reply = _send_draft(actor=actor, rec=rec, action=action, draft=draft,
                        reply=_reply_from(draft), signed_off_by=actor)
    if draft.submitted_by_id and draft.submitted_by_id != actor.pk:
        notify([draft.submitted_by], "reply.signed_off", {"number": rec.number or ""},
               link=portal_link(rec))
    return reply


@transaction.atomic
def reply_draft_return(*, actor: User, recommendation: Recommendation, reason: str) -> ReplyDraft:
    """The responsible person returns the draft for changes, with a reason."""
    rec = lock_recommendation(recommendation)
    _action_or_refuse(actor, rec)
    if not is_responsible(actor, rec):
        raise PermissionDenied(_("只有本单位负责人可以退回回复。"))
    if not reason.strip():
        raise ValidationError({"reason": _("请填写退回理由。")})
    draft = _locked_draft(rec)
    if draft is None or draft.status != ReplyDraftStatus.AWAITING_SIGNOFF:
        raise ValidationError(_("没有待签发的回复。"))
    draft.status, draft.returned_reason = ReplyDraftStatus.EDITING, reason.strip()
    draft.updated_by = actor
    draft.version += 1
    draft.save()
    notify([draft.submitted_by or draft.author], "reply.signoff_returned",
           {"number": rec.number or "", "reason": reason.strip()}, link=portal_link(rec))
    audit_record(actor=actor, action="reply_draft_return", target=rec, draft=draft.pk)
    return draft


@transaction.atomic
def reply_draft_recall(*, actor: User, recommendation: Recommendation) -> ReplyDraft:
    """A liaison takes a draft back from sign-off to change it."""
    rec = lock_recommendation(recommendation)
    _action_or_refuse(actor, rec)
    draft = _locked_draft(rec)
    if draft is None or draft.status != ReplyDraftStatus.AWAITING_SIGNOFF:
        raise ValidationError(_("没有待签发的回复。"))
    draft.status, draft.updated_by = ReplyDraftStatus.EDITING, actor
    draft.version += 1
    draft.save()
    audit_record(actor=actor, action="reply_draft_recall", target=rec, draft=draft.pk)
    return draft


@transaction.atomic
def reply_draft_discard(*, actor: User, recommendation: Recommendation) -> None:
    """Throw the draft away (only while it is being edited). Its files go with it."""
    rec = lock_recommendation(recommendation)
    if not may_act("reply", actor, rec):
        raise PermissionDenied(_("只有主送单位的联络员可以执行此操作。"))
    draft = _locked_draft(rec)
    if draft is None or draft.status != ReplyDraftStatus.EDITING:
        raise ValidationError(_("没有可删除的回复草稿。"))
    files = [f for f in [draft.attachment, *(i.evidence for i in draft.items.all())] if f]
    storage_names = [(f.storage, f.name) for f in files]
    draft.delete()
    transaction.on_commit(lambda: [s.delete(n) for s, n in storage_names])
    audit_record(actor=actor, action="reply_draft_discard", target=rec)
