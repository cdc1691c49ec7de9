"""Staff pages of the transfer notices flow (seed 003 §9): the intake queue, a notice, and the
procuratorate's steps on it (签收, 立案监督 in one step, recording the police unit's decision
from its written notice). URLs are ``urlpatterns`` here, gathered by ``duties/urls.py`` under
/duties/."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from supervision.service_errors import call_service, form_errors_as_messages
from supervision.uploads import stored_file_response

from ..forms.transfer_notices import OpenCaseForm, PoliceDecisionForm, TransferNoticeFilter
from ..models import TransferNotice
from ..permissions import staff_q
from ..permissions.transfer_notices import get_notice_for_staff, staff_notices
from ..selectors import transfer_notices as selectors
from ..services import transfer_notices as services

PAGE_SIZE = 25
TABS = {
    selectors.PENDING: gettext_lazy("待本院办理"),
    selectors.POLICE_OVERDUE: gettext_lazy("公安机关逾期未决定"),
    selectors.AWAITING_POLICE: gettext_lazy("等待公安机关决定"),
    selectors.ALL: gettext_lazy("全部"),
}


def _staff_or_404(request: HttpRequest) -> None:
    """The queue is for staff who see notices at all; anyone else is told nothing (404)."""
    if staff_q(request.user) is None:
        raise Http404


class _CountedPaginator(Paginator):
    """Told its count: the tab counts were just computed over the same rows."""

    def __init__(self, object_list, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self.count = count


@login_required
def notice_list(request: HttpRequest) -> HttpResponse:
    """The intake queue: tabs with counts, filters (status, organ, police unit, dates, search),
    a page of rows. Three queries whatever the page size (counts, page, filter choices)."""
    _staff_or_404(request)
    today = timezone.localdate()
    scope = staff_notices(request.user)
    params = request.GET.copy()
    tab = params.pop("tab", [selectors.PENDING])[-1]
    if tab not in TABS:
        tab = selectors.PENDING
    params.pop("page", None)
    filterset = TransferNoticeFilter(params, scope=scope)
    valid = filterset.is_valid()
    base = filterset.qs if valid else scope.none()
    counts = selectors.tab_counts(base, today)
    rows = selectors.queue_rows(base.filter(selectors.tab_filter(tab, today)))
    page = _CountedPaginator(rows, PAGE_SIZE, count=counts[tab]).get_page(request.GET.get("page"))
    query = {k: v for k, v in params.items() if v}

    def url(**extra) -> str:
        merged = {**query, **{k: v for k, v in extra.items() if v not in (None, "")}}
        return "?" + urlencode(merged) if merged else "?"

    return render(request, "duties/transfer_notices/list.html", {
        "filter": filterset,
        "errors": [e for errors in filterset.errors.values() for e in errors],
        "tabs": [{"value": v, "label": label, "count": counts[v], "active": v == tab,
                  "url": url(tab=v if v != selectors.PENDING else None)} for v, label in TABS.items()],
        "tab": tab,
        "page": page,
        "rows": page.object_list,
        "today": today,
        "filtered": bool(query),
        "previous_url": url(tab=tab, page=page.previous_page_number()) if page.has_previous() else None,
        "next_url": url(tab=tab, page=page.next_page_number()) if page.has_next() else None,
    })


def _open_case_form(notice: TransferNotice, data=None) -> OpenCaseForm:
    return OpenCaseForm(data, matters=services.case_matters(),
                        agencies=services.case_agency_choices(notice))


@login_required
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One notice: what the organ filed, the police unit's period and decision, the case opened
    from it, and the steps this user may take now."""
    notice = get_notice_for_staff(request.user, pk)
    allowed = services.allowed_actions(request.user, notice)
    return render(request, "duties/transfer_notices/detail.html", {
        "notice": notice,
        "files": list(notice.files.select_related("uploaded_by")),
        "allowed": allowed,
        "open_case_form": _open_case_form(notice) if "open_case" in allowed else None,
        "decision_form": PoliceDecisionForm() if "decide" in allowed else None,
        "overdue": notice.is_overdue(),
    })


@login_required
@require_POST
def notice_receive(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_notice_for_staff(request.user, pk)
    call_service(request, lambda: services.transfer_notice_receive(actor=request.user, notice=notice),
                 success=_("已签收。"))
    return redirect(notice.get_absolute_url())


@login_required
@require_POST
def notice_open_case(request: HttpRequest, pk: int) -> HttpResponse:
    """立案监督 in one step: the case is registered and opened."""
    notice = get_notice_for_staff(request.user, pk)
    form = _open_case_form(notice, request.POST)
    if not form.is_valid():
        form_errors_as_messages(request, form)
        return redirect(notice.get_absolute_url())
    outcome = call_service(request, lambda: services.transfer_notice_open_case(
        actor=request.user, notice=notice, matter=form.cleaned_data["matter"],
        agency=form.cleaned_data["agency"],
        confirm_duplicate=form.cleaned_data["confirm_duplicate"]))
    if outcome:
        messages.success(request, _("已立案监督，案号 %(number)s。") % {"number": outcome.value.number})
        return redirect(outcome.value.get_absolute_url())
    return redirect(notice.get_absolute_url())


@login_required
@require_POST
def notice_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The procuratorate records the police unit's decision from its written notice."""
    notice = get_notice_for_staff(request.user, pk)
    form = PoliceDecisionForm(request.POST, request.FILES)
    if not form.is_valid():
        form_errors_as_messages(request, form)
    else:
        data = form.cleaned_data
        call_service(request, lambda: services.transfer_notice_police_decide(
            actor=request.user, notice=notice, decision=data["decision"],
            decided_on=data["decided_on"], reason=data["reason"],
            document_number=data["document_number"], files=data["files"]),
            success=_("已登记公安机关的决定。"))
    return redirect(notice.get_absolute_url())


@login_required
def notice_file(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    notice = get_notice_for_staff(request.user, pk)
    row = get_object_or_404(notice.files, pk=file_pk)
    return stored_file_response(row.file, row.original_name, reader=request.user, owner=notice)


urlpatterns = [
    path("transfer-notices/", notice_list, name="transfer-notices"),
    path("transfer-notices/<id:pk>/", notice_detail, name="transfer-notice"),
    path("transfer-notices/<id:pk>/receive/", notice_receive, name="transfer-notice-receive"),
    path("transfer-notices/<id:pk>/open-case/", notice_open_case, name="transfer-notice-open-case"),
    path("transfer-notices/<id:pk>/decide/", notice_decide, name="transfer-notice-decide"),
    path("transfer-notices/<id:pk>/files/<id:file_pk>/", notice_file, name="transfer-notice-file"),
]
