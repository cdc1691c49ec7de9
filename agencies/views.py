"""The agency liaison portal: an inbox of what is addressed to the liaison's agency, and the
written reply."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from recommendations import services
from recommendations.choices import InstrumentStatus
from recommendations.forms import ReplyForm
from recommendations.permissions import get_recommendation_for_user, recommendations_visible_to
from supervision.choices import Role


def _liaison_only(request: HttpRequest) -> None:
    if request.user.role != Role.LIAISON:
        raise Http404


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    _liaison_only(request)
    items = (recommendations_visible_to(request.user)
             .select_related("instrument_type", "case__procuratorate")
             .order_by("status", "due_date", "-issued_at"))
    return render(request, "agencies/inbox.html", {"items": items, "today": timezone.localdate(),
                                                    "agency": request.user.agency})


@login_required
def portal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _liaison_only(request)
    rec = get_recommendation_for_user(request.user, pk)
    form = ReplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reply_submit(actor=request.user, recommendation=rec,
                                  content=form.cleaned_data["content"],
                                  measures=form.cleaned_data["measures"],
                                  attachment=form.cleaned_data["attachment"])
        except ValidationError as exc:
            form.add_error(None, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("回复已提交。"))
            return redirect("portal:detail", pk=rec.pk)
    return render(request, "agencies/portal_detail.html", {
        "rec": rec,
        "replies": rec.replies.select_related("author"),
        "form": form,
        "can_reply": rec.status == InstrumentStatus.AWAITING_REPLY,
        "overdue": rec.is_overdue(),
        "days_left": (rec.due_date - timezone.localdate()).days if rec.due_date else None,
    })
