"""The agency liaison portal: one instrument, the written reply and the other answers an agency
gives. The inbox is in ``agencies.inbox_views``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from recommendations import extensions, services
from recommendations.choices import InstrumentStatus
from recommendations.forms import (ExtensionRequestForm, ItemAnswerFormSet, ReplyForm,
                                   ReviewRequestForm)
from recommendations.permissions import get_recommendation_for_user
from supervision.choices import Role


def _liaison_only(request: HttpRequest) -> None:
    if request.user.role != Role.LIAISON:
        raise Http404


@login_required
def portal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One instrument for the addressee's liaison: acknowledge (签收), reply item by item, ask
    for more time, object or ask for review (issue 6)."""
    _liaison_only(request)
    rec = get_recommendation_for_user(request.user, pk)
    items = list(rec.items.all())
    form = ReplyForm(request.POST or None, request.FILES or None)
    formset = ItemAnswerFormSet(request.POST or None, request.FILES or None, prefix="items",
                                initial=[{"item_id": i.pk} for i in items])
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        answers = [services.ItemAnswerInput(
            item_id=f["item_id"], answer=f["answer"], measures=f["measures"],
            evidence=f["evidence"], completed_on=f["completed_on"]) for f in formset.cleaned_data]
        try:
            services.reply_submit(actor=request.user, recommendation=rec,
                                  content=form.cleaned_data["content"],
                                  measures=form.cleaned_data["measures"],
                                  attachment=form.cleaned_data["attachment"],
                                  item_answers=answers if items else None)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("回复已提交。"))
            return redirect("portal:detail", pk=rec.pk)
    awaiting = rec.status == InstrumentStatus.AWAITING_REPLY
    return render(request, "agencies/portal_detail.html", {
        "rec": rec,
        "replies": rec.replies.select_related("author").prefetch_related("item_answers__item"),
        "form": form,
        "formset": formset,
        "items": items,
        "item_rows": list(zip(items, formset.forms)),
        "can_reply": awaiting,
        "can_acknowledge": rec.status == InstrumentStatus.ISSUED,
        "review_form": ReviewRequestForm(prefix="review") if awaiting else None,
        "extension_form": ExtensionRequestForm(prefix="ext") if awaiting else None,
        "reviews": list(rec.review_requests.all()),
        "overdue": rec.is_overdue(),
        "days_left": (rec.due_date - timezone.localdate()).days if rec.due_date else None,
    })


def _portal_action(request: HttpRequest, pk: int, form_class, prefix: str, call,
                   success: str) -> HttpResponse:
    _liaison_only(request)
    rec = get_recommendation_for_user(request.user, pk)
    form = form_class(request.POST, prefix=prefix) if form_class else None
    if form is not None and not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("portal:detail", pk=rec.pk)
    try:
        call(rec, form.cleaned_data if form else {})
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(exc.messages) if isinstance(exc, ValidationError)
                       else str(exc))
    else:
        messages.success(request, success)
    return redirect("portal:detail", pk=rec.pk)


@login_required
@require_POST
def portal_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    """签收: electronic service; the reply period starts the next day."""
    return _portal_action(request, pk, None, "", lambda rec, d: services.recommendation_acknowledge(
        actor=request.user, recommendation=rec), _("已签收，回复期限自明日起计算。"))


@login_required
@require_POST
def portal_review_request(request: HttpRequest, pk: int) -> HttpResponse:
    return _portal_action(request, pk, ReviewRequestForm, "review", lambda rec, d: (
        services.review_request(actor=request.user, recommendation=rec, kind=d["kind"],
                                reason=d["reason"])), _("已提交，检察院将在七日内作出决定。"))


@login_required
@require_POST
def portal_extension_request(request: HttpRequest, pk: int) -> HttpResponse:
    return _portal_action(request, pk, ExtensionRequestForm, "ext", lambda rec, d: (
        extensions.extension_request(actor=request.user, recommendation=rec,
                                     requested_due=d["requested_due"], reason=d["reason"])),
        _("延期申请已提交。"))
