"""Drafting pages (拟稿): a new draft, changing one, and its DOCX out and back in.

The form lays out the sections of the chosen instrument type; choosing another type redraws
it (htmx posts the form with ``_redraw``; without script, saving with another type redraws it
first), keeping what was typed.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cases.permissions import can_work_on_case, get_case_for_user
from recommendations import services
from recommendations.docx_draft import build_docx, read_docx
from recommendations.forms import DocxUploadForm, DraftForm, redrawn_initial
from recommendations.models import InstrumentType, Recommendation
from recommendations.permissions import get_recommendation_for_user
from recommendations.transitions import action_allowed, may_act
from supervision.permissions import STAFF_ROLES, require_role
from supervision.service_errors import call_service

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _type(pk) -> InstrumentType | None:
    try:
        return InstrumentType.objects.select_related("parent").filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


def draft_form(request: HttpRequest, form_class: type[DraftForm], case,
               initial: dict | None = None) -> tuple[DraftForm, bool]:
    """The drafting form for ``request``: bound to a post for the type the page showed, else
    (a GET, or a post that changed the type) drawn for the chosen type. Returns the form and
    whether it is bound, i.e. ready to be saved once valid."""
    form, bound = _draft_form(request, form_class, case, initial)
    # Choosing another type redraws the form in place (the page's own URL, the form posted,
    # htmx through static/js/app.js: a listener on the document, so a type chosen just after a
    # redraw is never lost to the new select's listener not being attached yet).
    form.fields["instrument_type"].widget.attrs["data-redraw"] = request.path
    return form, bound


def _draft_form(request: HttpRequest, form_class: type[DraftForm], case,
                initial: dict | None) -> tuple[DraftForm, bool]:
    if request.method != "POST":
        chosen = _type(request.GET.get("type")) or _type((initial or {}).get("instrument_type"))
        kwargs = {"initial": initial} if initial else {}
        if chosen is not None and initial is not None:
            kwargs["initial"] = {**initial, "instrument_type": chosen.pk}
        return form_class(case=case, instrument_type=chosen, **kwargs), False
    chosen = _type(request.POST.get("instrument_type"))
    # A post without ``rendered_type`` (a script, a test) is taken for the type it names.
    rendered = (_type(request.POST["rendered_type"]) if "rendered_type" in request.POST
                else chosen)
    posted = form_class(request.POST, case=case, instrument_type=rendered)
    redraw = "_redraw" in request.POST
    if not redraw and getattr(rendered, "pk", None) == getattr(chosen, "pk", None):
        return posted, True
    if not redraw:
        messages.info(request, _("已按所选文书类型调整各部分及其标题，请核对后保存。"))
    return form_class(case=case, instrument_type=chosen,
                      initial=redrawn_initial(posted, case, chosen, rendered)), False


@login_required
def draft_create(request: HttpRequest, case_pk: int) -> HttpResponse:
    require_role(request.user, STAFF_ROLES)
    case = get_case_for_user(request.user, case_pk)
    if not can_work_on_case(request.user, case):
        raise Http404
    form, bound = draft_form(request, DraftForm, case)
    if bound and form.is_valid():
        done = call_service(request, lambda: services.recommendation_draft(
            actor=request.user, case=case, **form.cleaned_data), form=form,
            success=_("文书草稿已保存。"))
        if done:
            return redirect(done.value)
    return render(request, "recommendations/draft_form.html", {"form": form, "case": case})


def _draft_for_editor(request: HttpRequest, pk: int) -> Recommendation:
    """The instrument ``pk`` if the user may change it (the table's ``edit`` actors: who may
    work on the case); 404 for anyone else. Its state is the service's to check."""
    rec = get_recommendation_for_user(request.user, pk)
    if not may_act("edit", request.user, rec):
        raise Http404
    return rec


def _initial(rec: Recommendation) -> dict:
    return {"instrument_type": rec.instrument_type_id, "agency": rec.agency_id,
            "title": rec.title, "case_source": rec.case_source, "facts": rec.facts,
            "problems": rec.problems, "legal_basis": rec.legal_basis, "body": rec.body,
            "period_amount": rec.period_amount, "period_unit": rec.period_unit,
            "period_reason": rec.period_reason, "urgency_reason": rec.urgency_reason}


@login_required
def draft_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """修改草稿: the drafting form on a draft (or one returned by the approver)."""
    rec = _draft_for_editor(request, pk)
    if not action_allowed("edit", request.user, rec):
        messages.error(request, _("文书当前状态为“%(state)s”，不能修改。") % {
            "state": rec.get_status_display()})
        return redirect(rec)
    form, bound = draft_form(request, DraftForm, rec.case, initial=_initial(rec))
    if bound and form.is_valid():
        data = form.cleaned_data
        done = call_service(request, lambda: services.recommendation_edit(
            actor=request.user, recommendation=rec, title=data["title"],
            sections={f: data[f] for f in ("case_source", "facts", "problems", "legal_basis",
                                           "body")},
            instrument_type=data["instrument_type"], agency=data["agency"],
            period_amount=data["period_amount"], period_unit=data["period_unit"],
            period_reason=data["period_reason"], urgency_reason=data["urgency_reason"]),
            form=form, success=_("草稿已修改。"))
        if done:
            return redirect(rec)
    return render(request, "recommendations/draft_form.html",
                  {"form": form, "case": rec.case, "rec": rec})


@login_required
def draft_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """下载DOCX: the draft to edit in WPS or Word (only while it may be changed)."""
    rec = _draft_for_editor(request, pk)
    if not action_allowed("edit", request.user, rec):
        raise Http404
    response = HttpResponse(build_docx(rec), content_type=DOCX_TYPE)
    name = f"{rec.title[:60]}（草稿）.docx"
    response.headers["Content-Disposition"] = _attachment(name)
    return response


def _attachment(name: str) -> str:
    from urllib.parse import quote

    return f"attachment; filename=\"draft.docx\"; filename*=UTF-8''{quote(name)}"


@login_required
def draft_docx_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """上传DOCX: a DOCX of the draft read back into it (title, sections, items). A file that
    cannot be read, or whose headings are not the type's, is refused beside the field and the
    draft is left as it was."""
    rec = _draft_for_editor(request, pk)
    form = DocxUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["docx"]

        def apply():
            text = read_docx(upload, rec.instrument_type)
            return services.recommendation_edit(
                actor=request.user, recommendation=rec, title=text.title,
                sections=text.sections, keep_period=True, via="docx",
                file_name=upload.name[:200])

        if call_service(request, apply, form=form, success=_("已按上传的DOCX更新草稿。")):
            return redirect(rec)
    return render(request, "recommendations/docx_upload.html",
                  {"form": form, "rec": rec, "case": rec.case})

