"""Staff pages and actions for the rest of an instrument's life (issue 6): void, review
decisions, evaluation (per item), verification, follow-up and the higher procuratorate's
action, closing, the 送达回证 and the PDF verification page. Each validates a form, resolves
access through ``recommendations.permissions`` and calls one service."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.permissions import can_work_on_case, get_case_for_user
from recommendations import selectors, services
from recommendations.documents import render_receipt_pdf, sha256_hex
from recommendations.forms import (
    BatchDraftForm,
    EvaluationForm,
    FollowUpForm,
    HigherActionForm,
    ItemEvaluationFormSet,
    ReasonForm,
    ReceiptUploadForm,
    ReviewDecisionForm,
    VerifyForm,
    VerifyPdfForm,
)
from recommendations.permissions import (
    get_follow_up_for_user,
    get_recommendation_for_user,
    get_review_request_for_user,
)
from recommendations.signing_keys import check_pdf
from recommendations.views.drafts import draft_form
from supervision.permissions import STAFF_ROLES, require_role
from supervision.service_errors import call_service, submit_form
from supervision.uploads import stored_file_response


def _post(request: HttpRequest, pk: int, form_class, call, success: str,
          prefix: str | None = None) -> HttpResponse:
    require_role(request.user, STAFF_ROLES)
    rec = get_recommendation_for_user(request.user, pk)
    submit_form(request, form_class(request.POST, request.FILES, prefix=prefix),
                lambda data: call(rec, data), success=success)
    return redirect(rec)


@login_required
@require_POST
def recommendation_void(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(request, pk, ReasonForm, lambda rec, d: services.recommendation_void(
        actor=request.user, recommendation=rec, reason=d["reason"]), _("文书已作废，文号不再使用。"),
        prefix="void")


@login_required
@require_POST
def recommendation_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(request, pk, ReasonForm, lambda rec, d: services.recommendation_close(
        actor=request.user, recommendation=rec, reason=d["reason"]), _("文书已办结。"), prefix="close")


@login_required
@require_POST
def review_decide(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, STAFF_ROLES)
    review = get_review_request_for_user(request.user, pk)
    return _post(request, review.recommendation_id, ReviewDecisionForm,
                 lambda rec, d: services.review_decide(actor=request.user, request=review,
                                                       outcome=d["outcome"], reason=d["reason"]),
                 _("已作出决定。"))


@login_required
def recommendation_evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    """评估回复: the instrument's outcome and one per numbered item."""
    require_role(request.user, STAFF_ROLES)
    rec = get_recommendation_for_user(request.user, pk)
    if not can_work_on_case(request.user, rec.case):
        raise Http404
    items = selectors.instrument_items(rec)
    reply = selectors.latest_reply(rec)
    answers = selectors.answers_by_item(reply)
    form = EvaluationForm(request.POST or None)
    formset = ItemEvaluationFormSet(request.POST or None, prefix="items",
                                    initial=[{"item_id": i.pk} for i in items])
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        ok = call_service(request, lambda: services.recommendation_evaluate(
            actor=request.user, recommendation=rec, outcome=data["outcome"],
            reasons=data["reasons"], verify=data["verify"],
            items=[services.ItemEvaluationInput(f["item_id"], f["outcome"], f["note"])
                   for f in formset.cleaned_data] or None), success=_("评估已保存。"))
        if ok:
            return redirect(rec)
    rows = [(item, answers.get(item.pk), f) for item, f in zip(items, formset.forms)]
    return render(request, "recommendations/evaluate.html", {
        "rec": rec, "reply": reply, "form": form, "formset": formset, "rows": rows})


@login_required
@require_POST
def rectification_verify(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(request, pk, VerifyForm, lambda rec, d: services.rectification_verify(
        actor=request.user, recommendation=rec, rectified=d["rectified"], note=d["note"]),
        _("核查情况已记录。"))


@login_required
@require_POST
def follow_up_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(request, pk, FollowUpForm, lambda rec, d: services.follow_up_record(
        actor=request.user, recommendation=rec, kind=d["kind"], note=d["note"],
        recipient=d["recipient"]), _("跟进监督已记录。"))


@login_required
@require_POST
def follow_up_higher_action(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, STAFF_ROLES)
    follow_up = get_follow_up_for_user(request.user, pk)
    return _post(request, follow_up.recommendation_id, HigherActionForm,
                 lambda rec, d: services.follow_up_higher_action(
                     actor=request.user, follow_up=follow_up, action=d["action"]),
                 _("上级院跟进监督情况已记录。"))


@login_required
@require_POST
def receipt_upload(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(request, pk, ReceiptUploadForm, lambda rec, d: services.receipt_upload(
        actor=request.user, recommendation=rec, receipt=d["receipt"]), _("送达回证已上传。"))


@login_required
def receipt_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The 送达回证 for the agency to sign, rendered from the instrument's data; the addressed
    agency's liaison can print it from the portal too."""
    rec = get_recommendation_for_user(request.user, pk)
    if not rec.number:
        raise Http404
    response = HttpResponse(render_receipt_pdf(rec), content_type="application/pdf")
    response["Content-Disposition"] = "inline"
    return response


@login_required
def receipt_file(request: HttpRequest, pk: int) -> FileResponse:
    """The signed 送达回证 as uploaded."""
    rec = get_recommendation_for_user(request.user, pk)
    return stored_file_response(rec.receipt, rec.receipt_name, reader=request.user, owner=rec)


@login_required
def verify_pdf(request: HttpRequest) -> HttpResponse:
    """核验: an uploaded PDF's SHA-256 against the instruments the user may see — one named
    instrument (``?rec=``) or any of them — and its digital signatures against the configured
    trust roots (``recommendations.signing_keys``): valid, by whom, when, intact."""
    form = VerifyPdfForm(request.POST or None, request.FILES or None)
    rec = None
    if request.GET.get("rec", "").isdigit():
        rec = get_recommendation_for_user(request.user, int(request.GET["rec"]))
    result = None
    if request.method == "POST" and form.is_valid():
        data = b"".join(form.cleaned_data["pdf"].chunks())  # bounded by FILE_UPLOAD_MAX_BYTES
        sha = sha256_hex(data)
        try:
            signatures = check_pdf(data)
        except ValueError:
            signatures = None  # not a PDF that can be read
        result = {"sha256": sha, "signatures": signatures,
                  "match": selectors.instrument_by_fingerprint(request.user, sha, within=rec)}
    return render(request, "recommendations/verify_pdf.html",
                  {"form": form, "rec": rec, "result": result})


@login_required
def batch_draft(request: HttpRequest, case_pk: int) -> HttpResponse:
    """类案检察建议: one draft to several agencies."""
    require_role(request.user, STAFF_ROLES)
    case = get_case_for_user(request.user, case_pk)
    if not can_work_on_case(request.user, case):
        raise Http404
    form, bound = draft_form(request, BatchDraftForm, case)
    if bound and form.is_valid():
        data = dict(form.cleaned_data)
        agencies = list(data.pop("agencies"))
        done = call_service(request, lambda: services.recommendation_draft_batch(
            actor=request.user, case=case, agencies=agencies, **data), form=form,
            success=_("类案检察建议草稿已保存，审批后按主送单位分别编号签发。"))
        if done:
            return redirect(done.value)
    return render(request, "recommendations/draft_form.html",
                  {"form": form, "case": case, "batch": True})
