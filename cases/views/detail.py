"""The case page: facts, parties, measures, instruments, transfers, files, the timeline and the
next action; and the status changes offered from it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from supervision.service_errors import call_service
from supervision.services.audit import audit_record

from .. import services
from ..choices import PartyKind
from ..forms import AttachmentForm, TransitionForm
from ..hooks import case_page_sections
from ..permissions import (
    can_decide_case,
    can_seal_record,
    can_unseal_record,
    can_work_on_case,
    get_case_for_user,
)
from ..selectors import case_page
from ..transitions import ACTION_LABELS, FINISHING_ACTIONS, allowed_actions


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    user = request.user
    page = case_page(case, user, whole_timeline=request.GET.get("timeline") == "all")
    can_work = can_work_on_case(user, case)
    can_decide = can_decide_case(user, case)
    actions = [{"action": a, "label": ACTION_LABELS[a], "finishing": a in FINISHING_ACTIONS}
               for a in allowed_actions(case.status)] if can_decide else []
    return render(request, "cases/detail.html", {
        "case": case,
        "can_work": can_work and not case.is_finished,
        "can_record_interference": can_work,
        # A person's full ID number is shown only on request, and the request is audited.
        "can_reveal_ids": can_work and any(p.id_number and p.kind == PartyKind.PERSON
                                           for p in page.parties),
        "parties": page.parties,
        "related_numbers": page.related_numbers,
        "instruments": page.instruments,
        "measures": page.measures,
        "transfers": page.transfers,
        "early_involvements": page.early_involvements,
        "supplementary_returns": page.supplementary_returns,
        # An opinion or a re-submission is recorded even on a finished case (it happened).
        "can_record_liaison": can_work,
        "case_files": page.case_files,
        "interference": page.interference,
        "timeline": page.timeline,
        "timeline_earlier": page.timeline_earlier,
        "next": page.next,
        "actions": actions,
        # 犯罪记录封存 (cases.services.sealing): a juvenile case only.
        "can_seal": case.juvenile and not case.record_sealed and can_seal_record(user, case),
        "can_unseal": case.record_sealed and can_unseal_record(user, case),
        "attachment_form": AttachmentForm(),
        # Panels of the layers above (the hearings'), registered in cases.hooks.
        "sections": case_page_sections(case, user, can_work and not case.is_finished),
    })


@login_required
@require_POST
def case_transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    if action not in ACTION_LABELS or not can_decide_case(request.user, case):
        raise Http404
    form = TransitionForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    done = call_service(request, lambda: services.case_transition(
        actor=request.user, case=case, action=action, decided_on=data.get("decided_on"),
        reason=data.get("reason", "")))
    if done:
        messages.success(request, _("案件状态已变更为“%(status)s”。") % {
            "status": done.value.get_status_display()})
    return redirect(case)


@login_required
@require_POST
def party_ids(request: HttpRequest, pk: int) -> HttpResponse:
    """The parties' full ID numbers, for the people working on the case; each showing writes
    ``party.ids_read`` to the audit trail (issue 15: reads of ID numbers are audited). The
    table's rows come back for htmx; a plain POST gets the case page."""
    case = get_case_for_user(request.user, pk)
    if not can_work_on_case(request.user, case):
        raise Http404
    parties = list(case.parties.all())
    audit_record(actor=request.user, action="party.ids_read", target=case,
                 parties=",".join(str(p.pk) for p in parties if p.id_number))
    if not request.htmx:
        return redirect(case)
    return render(request, "cases/_parties.html", {"parties": parties, "show_full_ids": True})
