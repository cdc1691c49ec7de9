"""Sharing one case with a named outside user — e.g. the higher procuratorate's procurator
doing follow-up supervision (跟进监督, seed 000 §7) — through a django-guardian object
permission. Everything else about who sees a case is decided by scope rules in SQL
(:mod:`cases.permissions`); sharing is the exception, one row per case and person.

Both services keep the user's maintained fact ``User.has_shared_cases`` in step with the rows,
in the same transaction: the visibility querysets add the shared-case condition only for a
user who has it, so a wrong False would hide a shared case.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from cases.models import SupervisionCase
from cases.permissions import SHARED_CASE_PERMISSION as PERMISSION
from cases.permissions import can_share, users_holding_shared_cases
from supervision.choices import Role
from supervision.models import User
from supervision.services.audit import audit_record

#: Who can be given a case: procuratorate staff of another procuratorate.
SHAREABLE_ROLES = {Role.PROCURATOR, Role.APPROVER, Role.CHIEF, Role.SUPERVISOR}


@transaction.atomic
def case_share(*, actor: User, case: SupervisionCase, user: User) -> None:
    if not can_share(actor, case):
        raise PermissionDenied(_("只有承办检察官或本院审批人可以共享案件。"))
    if not user.is_active or user.role not in SHAREABLE_ROLES or user.procuratorate_id is None:
        raise ValidationError(_("只能共享给其他检察院的检察人员。"))
    if user.procuratorate_id == case.procuratorate_id:
        raise ValidationError(_("本院人员已可查看此案件，无需共享。"))
    if case.juvenile:
        # Seed 003 §8: a juvenile case stays with its handler, approvers and the juvenile
        # department; the visibility rule would ignore the grant anyway (cases.permissions).
        raise ValidationError(_("涉未成年人案件不能共享给其他检察院人员。"))
    assign_perm(PERMISSION, user, case)
    # An UPDATE even when the fact is already set: it takes the user's row lock, which a
    # concurrent ``case_unshare`` holds while it recomputes (see there).
    User.objects.filter(pk=user.pk).update(has_shared_cases=True)
    user.has_shared_cases = True
    audit_record(actor=actor, action="case_share", target=case, user=user.username)


@transaction.atomic
def case_unshare(*, actor: User, case: SupervisionCase, user: User) -> None:
    if not can_share(actor, case):
        raise PermissionDenied(_("只有承办检察官或本院审批人可以取消共享。"))
    # The user's row is locked before the recount, so that a share committed meanwhile is
    # counted (or its UPDATE waits for ours and sets the fact again): never a stale False.
    User.objects.select_for_update().filter(pk=user.pk).values_list("pk").get()
    remove_perm(PERMISSION, user, case)
    user.has_shared_cases = users_holding_shared_cases().filter(pk=user.pk).exists()
    User.objects.filter(pk=user.pk).update(has_shared_cases=user.has_shared_cases)
    audit_record(actor=actor, action="case_unshare", target=case, user=user.username)
