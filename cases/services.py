"""Writes on supervision cases. Each function is one action by an explicit actor."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Agency
from supervision.choices import Role
from supervision.models import Matter, User
from supervision.numbering import take_next_number
from supervision.services import audit_record

from .choices import CaseStatus, ClueSource
from .models import CaseNumberSequence, SupervisionCase

CASE_REGISTRAR_ROLES = {Role.PROCURATOR, Role.APPROVER, Role.CHIEF}


def format_case_number(*, short_name: str, kind_code: str, year: int, seq: int) -> str:
    """案号 in the procuratorate's format, e.g. ``定检民监〔2026〕12号``."""
    return f"{short_name}{kind_code}〔{year}〕{seq}号"


@transaction.atomic
def case_register(
    *,
    actor: User,
    matter: Matter,
    agency: Agency,
    title: str,
    summary: str,
    clue_source: str = ClueSource.EX_OFFICIO,
    related_case_number: str = "",
    juvenile: bool = False,
    accepted_on: datetime.date | None = None,
    assistant: User | None = None,
) -> SupervisionCase:
    """Register a supervision case handled by ``actor`` in their own procuratorate and give it
    the next case number of that procuratorate, kind and year."""
    if actor.role not in CASE_REGISTRAR_ROLES or actor.procuratorate_id is None:
        raise PermissionDenied(_("只有检察官可以登记监督案件。"))
    accepted_on = accepted_on or timezone.localdate()
    if accepted_on > timezone.localdate():
        raise ValidationError({"accepted_on": _("受理日期不能晚于今天。")})
    procuratorate = actor.procuratorate
    kind = matter.kind
    seq = take_next_number(CaseNumberSequence, procuratorate=procuratorate, kind=kind,
                           year=accepted_on.year)
    case = SupervisionCase.objects.create(
        number=format_case_number(short_name=procuratorate.short_name, kind_code=kind.case_code,
                                  year=accepted_on.year, seq=seq),
        procuratorate=procuratorate,
        department=actor.department,
        kind=kind,
        matter=matter,
        agency=agency,
        clue_source=clue_source,
        title=title,
        summary=summary,
        related_case_number=related_case_number,
        juvenile=juvenile,
        status=CaseStatus.ACCEPTED,
        handler=actor,
        assistant=assistant,
        accepted_on=accepted_on,
    )
    audit_record(actor=actor, action="case_register", target=case, number=case.number)
    return case
