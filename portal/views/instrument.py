"""The agency liaison portal: one instrument, the written reply and the other answers an agency
gives. The inbox is in ``portal.views.inbox``; every read is in ``portal.selectors`` (and
``recommendations.selectors``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal import selectors
from recommendations import services
from recommendations.choices import InstrumentStatus, ReplyDraftStatus
from recommendations.forms import (
    ExtensionRequestForm,
    ItemAnswerFormSet,
    ReplyForm,
    ReturnForm,
    ReviewRequestForm,
)
from recommendations.models import Recommendation, ReplyDraft
from recommendations.permissions import get_recommendation_for_user
from recommendations.selectors import instrument_items
from recommendations.services import extensions, replies
from recommendations.transitions import allowed_actions
from supervision.permissions import LIAISON_ROLES, require_role
from supervision.service_errors import (
    SERVICE_ERRORS,
    call_service,
    refusal_text,
    submit_form,
)
from supervision.services.once import already_submitted, claim_form, record_result
from supervision.uploads import stored_file_response

#: The portal is the liaisons' alone; anyone else gets 404 (the one role set, shared with the
#: agency switcher).
LIAISONS = LIAISON_ROLES


def _switch_or_404(request: HttpRequest, pk: int) -> HttpResponse:
    """The instrument is not the current agency's. If it is addressed to another agency the
    liaison actively serves, offer the explicit switch (a notification may lead here); else
    404 like anything else that is not theirs."""
    rec = selectors.switchable_instrument(request.user, pk)
    if rec is None:
        raise Http404
    return render(request, "portal/portal_switch.html", {"rec": rec, "agency": rec.agency})


def _item_answers(formset, items) -> list[services.ItemAnswerInput]:
    ids = {i.pk for i in items}
    return [services.ItemAnswerInput(
        item_id=f["item_id"], answer=f["answer"], measures=f["measures"], evidence=f["evidence"],
        completed_on=f["completed_on"], remove_evidence=f["remove_evidence"])
        for f in formset.cleaned_data if f.get("item_id") in ids]


def _draft_initial(draft: ReplyDraft | None, items, rows: dict) -> tuple[dict, list[dict]]:
    """The reply form's and the item formset's initial data, from the draft and its item
    ``rows`` (item pk -> ReplyDraftItem)."""
    if draft is None:
        return {}, [{"item_id": i.pk} for i in items]
    return ({"content": draft.content, "measures": draft.measures, "version": draft.version},
            [{"item_id": i.pk, **({"answer": r.answer, "measures": r.measures,
                                    "completed_on": r.completed_on} if (r := rows.get(i.pk)) else {})}
             for i in items])


@login_required
def portal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One instrument for the addressee's liaison: acknowledge (签收), write the reply as a
    draft and send it (or hand it to the responsible person to sign off), supplement it
    later, ask for more time, object or ask for review."""
    require_role(request.user, LIAISONS)
    try:
        rec = get_recommendation_for_user(request.user, pk)
    except Http404:
        return _switch_or_404(request, pk)
    items = instrument_items(rec)
    draft = selectors.reply_draft(rec)
    action = services.reply_action(rec)
    editable = action is not None and (draft is None or draft.status == ReplyDraftStatus.EDITING)
    item_drafts = selectors.draft_rows_by_item(draft)
    initial, item_initial = _draft_initial(draft, items, item_drafts)
    bound = request.method == "POST" and editable
    form = ReplyForm(request.POST if bound else None, request.FILES if bound else None,
                     initial=initial)
    formset = ItemAnswerFormSet(request.POST if bound else None, request.FILES if bound else None,
                                prefix="items", initial=item_initial)
    if request.method == "POST":
        if not editable:
            messages.error(request, _("现在不能修改回复。"))
            return redirect("portal:detail", pk=rec.pk)
        if form.is_valid() and formset.is_valid():
            # One reply however often the form is sent (a double click, ten at once, the same
            # page again later): the form's one-time token is claimed with the save.
            with transaction.atomic():
                earlier = claim_form(request)
                if earlier is not None:
                    return already_submitted(request, earlier,
                                             fallback=reverse("portal:detail", args=[rec.pk]))
                saved = _save_draft(request, rec, form, formset, items)
                if saved:
                    record_result(request, reverse("portal:detail", args=[rec.pk]))
                    return _after_save(request, rec)
    awaiting = rec.status == InstrumentStatus.AWAITING_REPLY
    next_step = selectors.next_step(rec, timezone.localdate(), draft.status if draft else None)
    responsible = replies.is_responsible(request.user, rec)
    allowed = allowed_actions(request.user, rec)  # the transition table decides what is offered
    record = selectors.portal_record(rec)
    return render(request, "portal/portal_detail.html", {
        "rec": rec,
        "next_step": next_step,
        "replies": record.replies,
        "draft": draft,
        "form": form,
        "formset": formset,
        "items": items,
        "item_rows": [(item, f, item_drafts.get(item.pk)) for item, f in zip(items, formset.forms)],
        "reply_action": action,
        "editable": editable,
        "needs_signoff": replies.needs_signoff(request.user, rec, responsible=responsible),
        "is_responsible": responsible,
        "return_form": ReturnForm(prefix="return"),
        "can_acknowledge": "acknowledge" in allowed,
        "review_form": ReviewRequestForm(prefix="review") if "request_review" in allowed else None,
        "extension_form": (ExtensionRequestForm(prefix="ext") if "request_extension" in allowed
                           else None),
        "reviews": record.reviews,
        # The agency's own requests for more time and what was decided (not the
        # procuratorate's extensions on its own motion: those show in the due date).
        "extension_requests": record.extension_requests,
        "awaiting": awaiting,
    })


def _save_draft(request: HttpRequest, rec: Recommendation, form, formset, items) -> bool:
    """Save the draft from the bound forms; on refusal put the reasons on the form (what was
    typed stays on the page) and return False."""
    data = form.cleaned_data
    return bool(call_service(request, lambda: services.reply_draft_save(
        actor=request.user, recommendation=rec, content=data["content"],
        measures=data["measures"], attachment=data["attachment"],
        remove_attachment=data["remove_attachment"],
        item_answers=_item_answers(formset, items), version=data["version"]), form=form))


def _after_save(request: HttpRequest, rec: Recommendation) -> HttpResponse:
    if request.POST.get("op") != "submit":
        messages.success(request, _("草稿已保存。贵单位其他联络员也可以继续编辑。"))
        return redirect("portal:detail", pk=rec.pk)
    try:
        result = services.reply_draft_submit(actor=request.user, recommendation=rec)
    except SERVICE_ERRORS as exc:
        messages.error(request, _("草稿已保存，但还不能发送：%(reasons)s") % {
            "reasons": refusal_text(exc)})
        return redirect("portal:detail", pk=rec.pk)
    if isinstance(result, ReplyDraft):
        messages.success(request, _("已提请单位负责人签发；签发后回复即送达检察院。"))
    else:
        messages.success(request, _("回复已提交，检察院已收到。"))
    return redirect("portal:detail", pk=rec.pk)


def portal_action(service, success, form_class=None, prefix: str = ""):
    """A POST-only portal action on one instrument: ``service(actor=…, recommendation=…,
    **the form's cleaned data)``; refusals and form errors come back as messages on the
    instrument's page, success as ``success``."""

    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        require_role(request.user, LIAISONS)
        rec = get_recommendation_for_user(request.user, pk)

        def act(data: dict) -> object:
            return service(actor=request.user, recommendation=rec, **data)

        if form_class is None:
            call_service(request, lambda: act({}), success=success)
        else:
            submit_form(request, form_class(request.POST, prefix=prefix), act, success=success)
        return redirect("portal:detail", pk=rec.pk)

    view.__doc__ = service.__doc__
    return view


#: 签收: electronic service; the reply period starts the next day.
portal_acknowledge = portal_action(services.recommendation_acknowledge,
                                   gettext_lazy("已签收，回复期限自明日起计算。"))
portal_review_request = portal_action(services.review_request,
                                      gettext_lazy("已提交，检察院将在七日内作出决定。"),
                                      ReviewRequestForm, "review")
portal_extension_request = portal_action(extensions.extension_request,
                                         gettext_lazy("延期申请已提交。"),
                                         ExtensionRequestForm, "ext")
#: The agency's responsible person signs the draft off; it is sent.
portal_reply_sign_off = portal_action(services.reply_draft_sign_off,
                                      gettext_lazy("已签发，回复已送达检察院。"))
portal_reply_return = portal_action(services.reply_draft_return, gettext_lazy("已退回修改。"),
                                    ReturnForm, "return")
portal_reply_recall = portal_action(services.reply_draft_recall,
                                    gettext_lazy("已撤回，可以继续修改。"))
portal_reply_discard = portal_action(services.reply_draft_discard, gettext_lazy("草稿已删除。"))


@login_required
def portal_draft_file(request: HttpRequest, pk: int, item: int | None = None) -> FileResponse:
    """A file of the agency's own draft (the attachment, or an item's evidence) — for its
    liaisons only; the procuratorate never sees a draft."""
    require_role(request.user, LIAISONS)
    rec = get_recommendation_for_user(request.user, pk)
    field, name = selectors.draft_file(rec, item) or (None, "")
    return stored_file_response(field, name, reader=request.user, owner=rec)
