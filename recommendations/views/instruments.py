"""Pages and actions on one instrument, for procuratorate staff. Liaisons use the portal."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from recommendations import selectors, services
from recommendations.choices import ApprovalLevel, InstrumentStatus, instrument_sections
from recommendations.forms import ApproveForm, CommitteeDecisionForm, ReturnForm, ServeForm
from recommendations.permissions import (
    get_recommendation_for_user,
    get_reply_for_user,
    get_reply_item_answer_for_user,
)
from recommendations.transitions import allowed_actions, follow_up_open
from supervision.choices import APPROVER_ROLES, Role
from supervision.pagination import paginate
from supervision.permissions import STAFF_ROLES, require_role
from supervision.service_errors import call_service, submit_form
from supervision.services.audit import audit_record
from supervision.uploads import stored_file_response


@login_required
def approval_queue(request: HttpRequest) -> HttpResponse:
    """待我审批: the approver's home — every draft waiting for their decision, oldest first."""
    require_role(request.user, APPROVER_ROLES)
    return render(request, "recommendations/approvals.html",
                  {"page": paginate(request, selectors.approval_queue(request.user),
                                    ordering=("created_at", "pk"), page_size=50)})


@login_required
def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rec = get_recommendation_for_user(request.user, pk)
    if request.user.role == Role.LIAISON:
        return redirect("portal:detail", pk=rec.pk)
    user = request.user
    allowed = allowed_actions(user, rec)
    page = selectors.instrument_page(rec, user)
    return render(request, "recommendations/detail.html", {
        "rec": rec,
        "allowed": allowed,
        "replies": page.replies,
        "can_edit": "edit" in allowed,
        "sections": [(section.heading, getattr(rec, section.field))
                     for section in instrument_sections(rec.instrument_type)
                     if getattr(rec, section.field)],
        "can_submit": "submit" in allowed,
        "can_approve": "approve" in allowed,
        "approve_form": ApproveForm(prefix="approve"),
        "approval": selectors.approval_record(rec),
        "committee_form": (CommitteeDecisionForm(prefix="committee")
                           if "record_committee_decision" in allowed else None),
        "can_issue": "issue" in allowed,
        "can_serve": "serve" in allowed,
        "serve_form": ServeForm(),
        "return_form": ReturnForm(),
        **_deadline_context(page, allowed),
        **_life_context(rec, page, allowed),
    })


def _life_context(rec, page: selectors.InstrumentPage, allowed: set[str]) -> dict:
    """Items, review requests, evaluations and follow-ups, and the forms of the actions the
    user may take now (issue 6)."""
    from recommendations.forms import (
        FollowUpForm,
        HigherActionForm,
        ReasonForm,
        ReceiptUploadForm,
        ReviewDecisionForm,
        VerifyForm,
    )

    may_follow = "follow_up" in allowed and follow_up_open(rec)
    return {
        "items": page.items,
        "reviews": page.reviews,
        "pending_review": (page.pending_review if {"reject_review", "uphold_review"} & allowed
                           else None),
        "review_form": ReviewDecisionForm(),
        "evaluations": page.evaluations,
        "follow_ups": page.follow_ups,
        "follow_up_form": FollowUpForm() if may_follow else None,
        "higher_form": HigherActionForm() if "higher_action" in allowed else None,
        "higher_requests": page.higher_requests if "higher_action" in allowed else [],
        "verify_form": VerifyForm() if "verify" in allowed else None,
        "void_form": ReasonForm(prefix="void") if "void" in allowed else None,
        "close_form": ReasonForm(prefix="close") if "close" in allowed else None,
        "receipt_form": ReceiptUploadForm() if "upload_receipt" in allowed and not rec.receipt else None,
        "can_evaluate": "evaluate" in allowed,
        "has_actions": bool(allowed - {"extend", "decide_extension", "upload_receipt"}),
    }


def _deadline_context(page: selectors.InstrumentPage, allowed: set[str]) -> dict:
    """The extension history, the procuratorate's own deadlines on the instrument, and the
    extension forms for those who may decide (issue 7)."""
    from recommendations.forms import ExtensionForm, ExtensionRefuseForm

    may_decide = "extend" in allowed  # the table's decider, while awaiting the reply
    pending = page.pending_extension
    return {
        "extensions": page.extensions,
        "internal_deadlines": page.internal_deadlines,
        "can_extend": may_decide,
        "extension_form": ExtensionForm(prefix="extend") if may_decide else None,
        "pending_request": pending if may_decide else None,
        "grant_form": ExtensionForm(prefix="grant", initial={
            "new_due": pending.requested_due}) if may_decide and pending else None,
        "refuse_form": ExtensionRefuseForm(prefix="refuse") if may_decide and pending else None,
    }


@login_required
@require_POST
def recommendation_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """submit / approve / return / issue, each one service call."""
    require_role(request.user, STAFF_ROLES)
    rec = get_recommendation_for_user(request.user, pk)
    actor = request.user
    if action == "submit":
        call_service(request, lambda: services.recommendation_submit(
            actor=actor, recommendation=rec), success=_("已提请审批。"))
    elif action == "approve":
        # The opinion is optional; one past its length is refused with the reason, not cut.
        done = submit_form(request, ApproveForm(request.POST, prefix="approve"),
                           lambda data: services.recommendation_approve(
                               actor=actor, recommendation=rec, opinion=data["opinion"]))
        if done:
            _approved_message(request, done.value)
    elif action == "return":
        form = ReturnForm(request.POST)
        reason = form.data.get("reason", "")
        call_service(request, lambda: services.recommendation_return(
            actor=actor, recommendation=rec, reason=reason), success=_("已退回修改。"))
    elif action == "issue":
        call_service(request, lambda: services.recommendation_issue(
            actor=actor, recommendation=rec), success=_("文书已签发，文号已生成，正式文书已固化。"))
    else:
        raise Http404
    return redirect(rec)


def _approved_message(request: HttpRequest, rec) -> None:
    """What an approver is told: approved for issue, or passed on to whom."""
    if rec.status != InstrumentStatus.PENDING_APPROVAL:
        messages.success(request, _("已审批同意，文书可以签发。"))
    elif rec.approval_stage == ApprovalLevel.COMMITTEE:
        messages.success(request, _("已审批同意，文书须提请检察委员会讨论决定；会后由检察长记录决定。"))
    else:
        messages.success(request, _("已审核同意，文书已报送检察长审批。"))


@login_required
@require_POST
def committee_decision(request: HttpRequest, pk: int) -> HttpResponse:
    """检察委员会决定: the chief records the committee's decision on an instrument waiting for
    it (the service decides who may and when)."""
    require_role(request.user, STAFF_ROLES)
    rec = get_recommendation_for_user(request.user, pk)
    submit_form(request, CommitteeDecisionForm(request.POST, prefix="committee"),
                lambda data: services.committee_decision_record(
                    actor=request.user, recommendation=rec, **data),
                success=_("已记录检察委员会的决定。"))
    return redirect(rec)


@login_required
@require_POST
def recommendation_serve(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, STAFF_ROLES)
    rec = get_recommendation_for_user(request.user, pk)
    submit_form(request, ServeForm(request.POST), lambda data: services.recommendation_serve(
        actor=request.user, recommendation=rec, served_on=data["served_on"],
        method=data["method"]), success=_("已登记送达，回复期限已计算。"))
    return redirect(rec)


@login_required
def recommendation_pdf(request: HttpRequest, pk: int) -> FileResponse:
    """The frozen official PDF, exactly the bytes stored at issue."""
    rec = get_recommendation_for_user(request.user, pk)
    if not rec.pdf:
        raise Http404
    audit_record(actor=request.user, action="file.read", target=rec, file=f"{rec.number}.pdf")
    return FileResponse(rec.pdf.open("rb"), content_type="application/pdf",
                        filename=f"{rec.number}.pdf", as_attachment=False)


@login_required
def reply_attachment(request: HttpRequest, pk: int) -> FileResponse:
    reply = get_reply_for_user(request.user, pk)
    return stored_file_response(reply.attachment, reply.attachment_name, reader=request.user,
                                owner=reply)


@login_required
def reply_evidence(request: HttpRequest, pk: int) -> FileResponse:
    """The evidence (证明材料) the agency sent with its answer to one item."""
    answer = get_reply_item_answer_for_user(request.user, pk)
    return stored_file_response(answer.evidence, answer.evidence_name, reader=request.user,
                                owner=answer)
