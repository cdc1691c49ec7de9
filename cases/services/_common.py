"""Checks shared by the case services."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Agency
from supervision.choices import APPROVER_ROLES, Role
from supervision.models import User

from ..models import SupervisionCase
from ..permissions import can_work_on_case


def require_open_case_worker(actor: User, case: SupervisionCase) -> None:
    """``actor`` works on ``case`` and the case is not finished."""
    if not can_work_on_case(actor, case):
        raise PermissionDenied(_("您不能在此案件上办理此事项。"))
    if case.is_finished:
        raise ValidationError(_("案件已结案或终结，不能再添加办案记录。"))


def check_date(value: datetime.date, *, field: str, case: SupervisionCase) -> None:
    """Not in the future and not before the case was accepted."""
    if value > timezone.localdate():
        raise ValidationError({field: _("日期不能晚于今天。")})
    if value < case.accepted_on:
        raise ValidationError({field: _("日期不能早于受理日期（%(date)s）。") % {
            "date": case.accepted_on.isoformat()}})


def approvers_to_tell(case: SupervisionCase, actor: User | None) -> list[User]:
    """The procuratorate's department heads and chief to be told of something on ``case``
    (a refusal to cooperate, an attempt to intervene), other than ``actor`` (None: the
    system acted, all of them)."""
    people = User.objects.filter(procuratorate_id=case.procuratorate_id, is_active=True,
                                 role__in=APPROVER_ROLES)
    if case.juvenile:
        # Only those who may see a juvenile case hear of it (cases.permissions.juvenile_q).
        people = people.filter(Q(role=Role.CHIEF) | Q(department_id=case.department_id)
                               | Q(department__juvenile=True))
    if actor is not None:
        people = people.exclude(pk=actor.pk)
    return list(people.select_related("notification_preference"))


def check_supervised_agency(agency: Agency, procuratorate_id: int | None) -> None:
    """Refuse an agency the procuratorate does not supervise (its cases and measures concern
    only the agencies it supervises; forms offer no other, the API is checked here)."""
    if agency.supervising_procuratorate_id != procuratorate_id:
        raise ValidationError({"agency": _("该单位不由本院监督。")})
