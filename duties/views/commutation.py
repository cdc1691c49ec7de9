"""Staff pages of the commutation flow (issue 19); its URLs are ``urlpatterns`` here,
gathered by ``duties/urls.py`` under /duties/.

The intake queue (filterable by kind, status, organ and due date; the opinions still owed
first, the overdue at the top; counted), and a proposal's page with the opinion, the
extension, the ruling and the correction step. Who sees a proposal: ``duties.permissions.
commutation`` (404 otherwise); who may act: the transition table of
``duties.services.commutation``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from supervision.forms import filter_chips
from supervision.service_errors import call_service
from supervision.uploads import stored_file_response

from ..documents.commutation import render_opinion_pdf
from ..forms.commutation import ExtensionForm, OpinionForm, ProposalFilter, RulingForm
from ..models import CommutationKind, CommutationProposal, CommutationStatus
from ..permissions import staff_q
from ..permissions.commutation import get_staff_proposal, staff_proposals
from ..selectors.commutation import queue_counts, queue_rows
from ..services import commutation as services

PAGE_SIZE = 25


def _require_staff(request: HttpRequest) -> None:
    if staff_q(request.user) is None:
        raise Http404


@login_required
def proposal_list(request: HttpRequest) -> HttpResponse:
    """The intake queue of the proposals sent to the procuratorates in the viewer's scope."""
    _require_staff(request)
    today = timezone.localdate()
    proposal_filter = ProposalFilter(request.GET or None, staff_proposals(request.user),
                                     request=request)
    rows = proposal_filter.qs if proposal_filter.is_bound else staff_proposals(request.user)
    if proposal_filter.is_bound and not proposal_filter.is_valid():
        rows = rows.none()  # a wrong filter shows its error, not a wider list
    page = Paginator(queue_rows(rows), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    form = proposal_filter.form
    return render(request, "duties/commutation/list.html", {
        "form": form, "page": page, "today": today, "query": query.urlencode(),
        "counts": queue_counts(request.user, today),
        "chips": filter_chips(form, request.GET) if proposal_filter.is_bound and form.is_valid()
        else [],
    })


def _initial_opinion(row: CommutationProposal) -> dict:
    return {"stance": row.opinion_stance, "reasons": row.opinion_reasons} if row.opinion_stance \
        else {}


def _detail(request: HttpRequest, row: CommutationProposal, *, status: int = 200,
            **forms) -> HttpResponse:
    actions = services.allowed_actions(request.user, row)
    return render(request, "duties/commutation/detail.html", {
        "row": row, "actions": actions, "today": timezone.localdate(),
        "opinion_form": forms.get("opinion_form") or OpinionForm(initial=_initial_opinion(row)),
        "extension_form": forms.get("extension_form") or ExtensionForm(),
        "ruling_form": forms.get("ruling_form") or RulingForm(),
        "may_extend": ("extend" in actions and not row.extended
                       and row.kind != CommutationKind.OUTSIDE),
        "may_correct": ("draft_correction" in actions and row.ruling_wrong
                        and row.correction_id is None and row.kind != CommutationKind.OUTSIDE),
        "outside": row.kind == CommutationKind.OUTSIDE,
    }, status=status)


@login_required
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_staff_proposal(request.user, pk))


@login_required
@require_POST
def proposal_opinion(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the opinion; with ``op=issue`` (an approver) save and issue it at once."""
    row = get_staff_proposal(request.user, pk)
    form = OpinionForm(request.POST)
    if not form.is_valid():
        return _detail(request, row, opinion_form=form, status=400)
    data = form.cleaned_data
    saved = call_service(request, lambda: services.commutation_opinion_save(
        actor=request.user, proposal=row, stance=data["stance"], reasons=data["reasons"]),
        form=form)
    if not saved:
        return _detail(request, get_staff_proposal(request.user, pk), opinion_form=form,
                       status=400)
    if request.POST.get("op") == "issue":
        issued = call_service(request, lambda: services.commutation_opinion_issue(
            actor=request.user, proposal=row), success=_("检察意见书已签发。"))
        if not issued:
            return _detail(request, get_staff_proposal(request.user, pk), opinion_form=form,
                           status=400)
    else:
        messages.success(request, _("检察意见已保存。"))
    return redirect("duties:commutation-detail", pk=pk)


@login_required
@require_POST
def proposal_issue(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_staff_proposal(request.user, pk)
    call_service(request, lambda: services.commutation_opinion_issue(
        actor=request.user, proposal=row), success=_("检察意见书已签发。"))
    return redirect("duties:commutation-detail", pk=pk)


@login_required
@require_POST
def proposal_extend(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_staff_proposal(request.user, pk)
    form = ExtensionForm(request.POST)
    if form.is_valid() and call_service(request, lambda: services.commutation_extend(
            actor=request.user, proposal=row, reason=form.cleaned_data["reason"]), form=form,
            success=_("检察意见期限已延长十日。")):
        return redirect("duties:commutation-detail", pk=pk)
    return _detail(request, get_staff_proposal(request.user, pk), extension_form=form,
                   status=400)


@login_required
@require_POST
def proposal_ruling(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_staff_proposal(request.user, pk)
    form = RulingForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if call_service(request, lambda: services.commutation_ruling_record(
                actor=request.user, proposal=row, ruling_on=data["ruling_on"],
                outcome=data["outcome"], summary=data["summary"],
                ruling_number=data["ruling_number"], wrong=data["wrong"],
                wrong_reason=data["wrong_reason"]), form=form, success=_("裁定已登记。")):
            return redirect("duties:commutation-detail", pk=pk)
    return _detail(request, get_staff_proposal(request.user, pk), ruling_form=form, status=400)


@login_required
@require_POST
def proposal_correction(request: HttpRequest, pk: int) -> HttpResponse:
    """One step: the draft 纠正意见 on its case; the procurator lands on the draft."""
    row = get_staff_proposal(request.user, pk)
    done = call_service(request, lambda: services.commutation_correction_draft(
        actor=request.user, proposal=row), success=_("纠正意见草稿已生成，请修改后提请审批。"))
    if done:
        return redirect(done.value.get_absolute_url())
    return redirect("duties:commutation-detail", pk=pk)


@login_required
def proposal_file(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_staff_proposal(request.user, pk)
    return stored_file_response(row.proposal_file, row.file_name, reader=request.user,
                                owner=row)


@login_required
def proposal_opinion_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The issued opinion as frozen; before issue, the draft as it would print (unnumbered,
    undated) for the approver to read."""
    row = get_staff_proposal(request.user, pk)
    if row.status != CommutationStatus.PENDING:
        return stored_file_response(row.opinion_pdf, f"{row.opinion_number}.pdf",
                                    reader=request.user, owner=row)
    if not row.opinion_stance:
        raise Http404
    response = HttpResponse(render_opinion_pdf(row), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="draft.pdf"'
    return response


urlpatterns = [
    path("commutation/", proposal_list, name="commutation-list"),
    path("commutation/<id:pk>/", proposal_detail, name="commutation-detail"),
    path("commutation/<id:pk>/opinion/", proposal_opinion, name="commutation-opinion"),
    path("commutation/<id:pk>/opinion/issue/", proposal_issue, name="commutation-issue"),
    path("commutation/<id:pk>/extend/", proposal_extend, name="commutation-extend"),
    path("commutation/<id:pk>/ruling/", proposal_ruling, name="commutation-ruling"),
    path("commutation/<id:pk>/correction/", proposal_correction,
         name="commutation-correction"),
    path("commutation/<id:pk>/file/", proposal_file, name="commutation-file"),
    path("commutation/<id:pk>/opinion.pdf", proposal_opinion_pdf,
         name="commutation-opinion-pdf"),
]
