"""Registering a case, with the duplicate warning before a second case is opened."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.forms import BaseFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from supervision.permissions import require_role
from supervision.service_errors import SERVICE_ERRORS, report_refusal
from supervision.services.once import already_submitted, claim_form, record_result

from .. import services
from ..forms import CaseRegisterForm, PartyFormSet
from ..models import SupervisionCase
from ..selectors import duplicates_seen_by


def _register(request: HttpRequest, form: CaseRegisterForm, parties: BaseFormSet,
              cleaned: dict) -> SupervisionCase:
    return services.case_register(
        actor=request.user, matter=cleaned["matter"], agency=cleaned["agency"],
        title=cleaned["title"], summary=cleaned["summary"], clue_source=cleaned["clue_source"],
        parties=[p for p in (f.as_input() for f in parties.forms) if p is not None],
        related_numbers=form.related_number_inputs(), juvenile=cleaned["juvenile"],
        accepted_on=cleaned["accepted_on"], handler=cleaned["handler"],
        assistant=cleaned["assistant"], confirm_duplicate=cleaned["confirm_duplicate"])


@login_required
def case_create(request: HttpRequest) -> HttpResponse:
    require_role(request.user, services.CASE_REGISTRAR_ROLES)
    data = request.POST or None
    form = CaseRegisterForm(data, user=request.user, initial={"accepted_on": timezone.localdate()})
    parties = PartyFormSet(data, prefix="party")
    duplicates: list = []
    if request.method == "POST" and form.is_valid() & parties.is_valid():
        cleaned = form.cleaned_data
        try:
            with transaction.atomic():  # ten clicks, or a stale page sent again: one case
                earlier = claim_form(request)
                if earlier is not None:
                    return already_submitted(request, earlier, fallback=reverse("cases:list"))
                case = _register(request, form, parties, cleaned)
                record_result(request, case.get_absolute_url())
        except services.DuplicateCase as exc:
            case = None
            duplicates = duplicates_seen_by(request.user, exc.duplicates)
            form.show_duplicate_confirmation()
        except SERVICE_ERRORS as exc:  # after DuplicateCase, a ValidationError too
            case = None
            report_refusal(request, exc, form)
        if case is not None:
            messages.success(request, _("案件已登记，案号 %(number)s。") % {"number": case.number})
            return redirect(case)
    return render(request, "cases/form.html", {"form": form, "parties": parties,
                                               "duplicates": duplicates})
