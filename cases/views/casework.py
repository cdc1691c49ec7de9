"""Writes from the case page: measures, files, clue transfers, interference records."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from supervision.choices import APPROVER_ROLES, Role
from supervision.service_errors import call_service, submit_form
from supervision.services.audit import audit_record
from supervision.uploads import content_type_for, stored_file_response

from .. import services
from ..forms import (
    AttachmentForm,
    EscalateForm,
    InterferenceForm,
    MeasureForm,
    TransferForm,
    TransferReplyForm,
)
from ..permissions import (
    case_to_work_on,
    get_attachment_for_user,
    get_measure_for_user,
    get_transfer_for_user,
)
from ..selectors import interference_records_for


@login_required
def measure_create(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_to_work_on(request.user, pk)
    form = MeasureForm(request.POST or None, request.FILES or None, case=case)
    if request.method == "POST" and form.is_valid():
        done = call_service(request, lambda: services.measure_record(
            actor=request.user, case=case, **form.cleaned_data), form=form,
            success=_("调查核实情况已记录。"))
        if done:
            return redirect(case)
    return render(request, "cases/casework_form.html", {
        "case": case, "form": form, "title": _("记录调查核实"), "multipart": True})


@login_required
@require_POST
def measure_escalate(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    case = case_to_work_on(request.user, pk)
    measure = get_measure_for_user(request.user, measure_pk, case_pk=case.pk)
    form = EscalateForm(request.POST)
    form.is_valid()
    call_service(request, lambda: services.measure_escalate_refusal(
        actor=request.user, measure=measure, note=form.cleaned_data.get("note", "")),
        success=_("已报告拒不配合情形，审批人已收到通知。"))
    return redirect(case)


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_to_work_on(request.user, pk)
    submit_form(request, AttachmentForm(request.POST, request.FILES),
                lambda data: services.attachment_add(
                    actor=request.user, case=case, upload=data["file"],
                    description=data["description"]), success=_("附件已上传。"))
    return redirect(case)


@login_required
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """Only through here, after the case's access check; served with the sniffed type."""
    attachment = get_attachment_for_user(request.user, attachment_pk, case_pk=pk)
    return stored_file_response(attachment.file, attachment.original_name,
                                content_type_for(attachment.extension), reader=request.user,
                                owner=attachment)


@login_required
def transfer_create(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_to_work_on(request.user, pk)
    form = TransferForm(request.POST or None, request.FILES or None, case=case)
    if request.method == "POST" and form.is_valid():
        done = call_service(request, lambda: services.clue_transfer_create(
            actor=request.user, case=case, **form.cleaned_data), form=form)
        if done:
            messages.success(request, _("线索移送已登记，反馈期限 %(date)s。") % {
                "date": done.value.due_date.isoformat()})
            return redirect(case)
    return render(request, "cases/casework_form.html", {
        "case": case, "form": form, "title": _("移送线索"), "multipart": True})


@login_required
@require_POST
def transfer_reply(request: HttpRequest, pk: int, transfer_pk: int) -> HttpResponse:
    case = case_to_work_on(request.user, pk)
    transfer = get_transfer_for_user(request.user, transfer_pk, case_pk=case.pk)
    form = TransferReplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写反馈日期和反馈结果。"))
        return redirect(case)
    call_service(request, lambda: services.clue_transfer_record_reply(
        actor=request.user, transfer=transfer, replied_on=form.cleaned_data["replied_on"],
        summary=form.cleaned_data["summary"]), success=_("线索移送反馈已登记。"))
    return redirect(case)


@login_required
def interference_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Anyone working on the case records; afterwards only the approvers, the chief and the
    audit administrator can read the record (cases.permissions.interference_visible_to)."""
    case = case_to_work_on(request.user, pk)
    form = InterferenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(request, lambda: services.interference_record_create(
            actor=request.user, case=case, **form.cleaned_data), form=form,
            success=_("过问干预情况已记录，并已报告本院审批人和检察长。"))
        if done:
            return redirect(case)
    return render(request, "cases/casework_form.html", {
        "case": case, "form": form, "title": _("记录过问干预情况"), "multipart": False,
        "notice": _("记录保存后仅本院部门负责人、检察长和审计管理员可以查阅。")})


@login_required
def interference_list(request: HttpRequest) -> HttpResponse:
    if request.user.role not in APPROVER_ROLES | {Role.AUDITADMIN}:
        raise Http404
    records = list(interference_records_for(request.user))
    # Who read the records of interference with cases is itself on the trail (issue 15).
    audit_record(actor=request.user, action="interference.read", target=request.user,
                 records=len(records))
    return render(request, "cases/interference_list.html", {"records": records})
