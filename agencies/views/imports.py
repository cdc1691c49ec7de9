"""The system administrator imports agencies from XLSX: upload → dry-run report → confirm."""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies.services import imports
from supervision.choices import Role
from supervision.forms import BootstrapFormMixin
from supervision.uploads import sniff_upload

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(label=gettext_lazy("XLSX 文件"),
                           help_text=gettext_lazy("请使用导入模板；先检查，无错误后再确认导入"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if sniff_upload(upload) != "xlsx":
            raise forms.ValidationError(_("请上传 .xlsx 文件。"))
        return upload


def _sysadmin_only(request: HttpRequest) -> None:
    if not (request.user.role == Role.SYSADMIN or request.user.is_superuser):
        raise Http404


def _stored(token: str) -> str:
    uuid.UUID(token)  # only our own tokens name a file
    return f"imports/{token}.xlsx"


@login_required
def agency_import(request: HttpRequest) -> HttpResponse:
    _sysadmin_only(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = token = None
    if request.method == "POST" and "token" in request.POST:
        try:
            name = _stored(request.POST["token"])
            with default_storage.open(name, "rb") as handle:
                data = handle.read()
        except (ValueError, FileNotFoundError, OSError) as exc:
            raise Http404 from exc
        try:
            created, updated = imports.agencies_import(actor=request.user, data=data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("agency-import")
        default_storage.delete(name)
        messages.success(request, _("已导入：新增 %(c)s 个，更新 %(u)s 个被监督单位。") % {"c": created, "u": updated})
        return redirect("agency-import")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        report = imports.check_workbook(data, actor=request.user)
        if report.ok:
            token = str(uuid.uuid4())
            default_storage.save(_stored(token), ContentFile(data))
    return render(request, "agencies/import.html", {"form": form, "report": report, "token": token})


@login_required
def agency_import_template(request: HttpRequest) -> HttpResponse:
    _sysadmin_only(request)
    response = HttpResponse(imports.template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = "attachment; filename*=UTF-8''agencies-template.xlsx"
    return response
