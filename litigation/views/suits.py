"""A case's public-interest suit: open it, announce, decide, file, record court dates, the
judgment, the appeal, enforcement; the suit list; the 公益诉讼起诉书 as PDF; the result of a
督促起诉 / 支持起诉 instrument."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cases.permissions import case_to_work_on, get_case_for_user
from recommendations.models import Recommendation
from supervision.pagination import paginate
from supervision.permissions import require_role
from supervision.service_errors import call_service
from supervision.uploads import inline_pdf

from .. import documents, selectors, services
from .. import forms as f
from ..choices import OUTCOMES_BY_TYPE, SuitKind, SuitStatus
from ..filtersets import SuitFilter
from ..permissions import (
    SUIT_LIST_ROLES,
    get_suit_for_user,
    suit_to_handle,
    suits_visible_to,
)
from ..transitions import ACTION_LABELS, allowed_actions


@login_required
def suit_list(request: HttpRequest) -> HttpResponse:
    """The suits of the cases the viewer may see, newest first, filterable by stage, kind and
    court, with the counts by stage and this year's figures."""
    require_role(request.user, SUIT_LIST_ROLES)
    visible = suits_visible_to(request.user)
    suit_filter = SuitFilter(request.GET or None, queryset=visible)
    rows = selectors.suit_list_rows(suit_filter.qs)
    today = timezone.localdate()
    return render(request, "litigation/list.html", {
        "filter": suit_filter,
        "page": paginate(request, rows, ordering=("-created_at", "-pk")),
        "counts": selectors.status_counts(visible),
        "statuses": SuitStatus.choices,
        "figures": selectors.period_figures(request.user, today.replace(month=1, day=1), today),
        "year": today.year,
    })


@login_required
def suit_create(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = case_to_work_on(request.user, case_pk)
    form = f.OpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(request, lambda: services.suit_open(
            actor=request.user, case=case, **form.cleaned_data), form=form,
            success=_("已登记公益诉讼。"))
        if done:
            return redirect(done.value)
    return render(request, "litigation/form.html", {
        "case": case, "form": form, "title": _("登记公益诉讼")})


@login_required
def suit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    suit = get_suit_for_user(request.user, pk)
    actions = set(allowed_actions(request.user, suit))
    return render(request, "litigation/detail.html", {
        "suit": suit,
        "case": suit.case,
        "announcement": getattr(suit, "announcement", None),
        "appeal_period": getattr(suit, "appeal_period", None),
        "sessions": selectors.suit_sessions(suit),
        "actions": actions,
        "labels": ACTION_LABELS,
        "announcing": suit.kind != SuitKind.ADMINISTRATIVE,
    })


@dataclass(frozen=True)
class Step:
    """One step of the suit: the transition it takes, its form and its service."""

    action: str
    form: type[forms.Form]
    service: Callable[..., Any]
    success: Promise
    form_kwargs: Callable[[Any], dict] = lambda suit: {}


STEPS = {
    "announce": Step("announce", f.AnnounceForm, services.announcement_publish,
                     gettext_lazy("公告已登记，公告期间三十日。")),
    "announcement-result": Step("record_announcement", f.AnnouncementResultForm,
                                services.announcement_record_result,
                                gettext_lazy("公告结果已登记。")),
    "decide": Step("decide", f.DecideForm, services.suit_decide,
                   gettext_lazy("已登记检察长的起诉决定。")),
    "file": Step("file", f.FileForm, services.suit_file, gettext_lazy("已登记提起公益诉讼。"),
                 lambda suit: {"courts": selectors.courts()}),
    "session": Step("add_session", f.SessionForm, services.session_add,
                    gettext_lazy("庭审已登记。")),
    "judgment": Step("judge", f.JudgmentForm, services.judgment_record,
                     gettext_lazy("一审裁判已登记。")),
    "appeal": Step("appeal", f.AppealForm, services.appeal_record,
                   gettext_lazy("上诉已登记。")),
    "second": Step("judge_second", f.SecondForm, services.second_instance_record,
                   gettext_lazy("二审裁判已登记。")),
    "enforcement": Step("enforce", f.EnforcementForm, services.enforcement_record,
                        gettext_lazy("已登记移送执行。")),
    "close": Step("close", f.CloseForm, services.suit_close, gettext_lazy("公益诉讼已办结。")),
    "withdraw": Step("withdraw", f.WithdrawForm, services.suit_withdraw,
                     gettext_lazy("已终结审查。")),
}


@login_required
def suit_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """The form of one step (GET) and its submission (POST). A step the viewer may not take
    now is not offered: 404 on GET; a POST goes to the service, whose refusal is shown."""
    spec = STEPS.get(step)
    if spec is None:
        raise Http404
    suit = suit_to_handle(request.user, pk)
    if request.method == "GET" and spec.action not in allowed_actions(request.user, suit):
        raise Http404
    form = spec.form(request.POST or None, **spec.form_kwargs(suit))
    if request.method == "POST" and form.is_valid():
        done = call_service(request, lambda: spec.service(
            actor=request.user, suit=suit, **form.cleaned_data), form=form,
            success=spec.success)
        if done:
            return redirect("litigation:detail", pk=suit.pk)
    return render(request, "litigation/form.html", {
        "case": suit.case, "suit": suit, "form": form, "title": ACTION_LABELS[spec.action],
        "announcement": getattr(suit, "announcement", None),
        "appeal_period": getattr(suit, "appeal_period", None)})


@login_required
@require_POST
def appeal_lapse(request: HttpRequest, pk: int) -> HttpResponse:
    suit = suit_to_handle(request.user, pk)
    call_service(request, lambda: services.appeal_lapse(actor=request.user, suit=suit),
                 success=_("已登记上诉期满，一审裁判生效。"))
    return redirect(suit)


@login_required
def indictment_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The 公益诉讼起诉书, for whoever may see the suit, once it is filed (a draft before, for
    the chief's decision)."""
    suit = get_suit_for_user(request.user, pk)
    return inline_pdf(documents.render_indictment_pdf(suit), f"公益诉讼起诉书-{suit.case.number}.pdf")


@login_required
def instrument_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the result of a served 督促起诉 / 支持起诉 instrument (from the case page)."""
    try:
        rec = Recommendation.objects.select_related("case", "instrument_type", "agency",
                                                    "suit_outcome").get(
            pk=pk, instrument_type__code__in=list(OUTCOMES_BY_TYPE))
    except Recommendation.DoesNotExist as exc:
        raise Http404 from exc
    case = get_case_for_user(request.user, rec.case_id)
    case_to_work_on(request.user, case.pk)
    existing = getattr(rec, "suit_outcome", None)
    initial = ({"outcome": existing.outcome, "outcome_on": existing.outcome_on,
                "court": existing.court, "note": existing.note} if existing else None)
    form = f.OutcomeForm(request.POST or None, initial=initial,
                         allowed=OUTCOMES_BY_TYPE[rec.instrument_type.code])
    if request.method == "POST" and form.is_valid():
        done = call_service(request, lambda: services.instrument_outcome_record(
            actor=request.user, recommendation=rec, **form.cleaned_data), form=form,
            success=_("结果已登记。"))
        if done:
            return redirect(case.get_absolute_url() + "#litigation")
    return render(request, "litigation/form.html", {
        "case": case, "form": form,
        "title": _("登记%(type)s的结果") % {"type": rec.instrument_type},
        "notice": f"{rec.number or rec.title} · {rec.agency}"})
