"""Keeping the register of people's supervisors (seed 002 §18, seed 003 §13)."""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from supervision.models import Procuratorate, User
from supervision.services.audit import audit_record

from ..choices import SupervisorStatus
from ..models import PeopleSupervisor
from ..permissions import can_keep_register

#: A contact number: digits, with an optional leading + and - or spaces between groups.
PHONE = re.compile(r"^\+?[0-9][0-9\- ]{5,18}[0-9]$")
#: What the register records; the phone is audited as changed, never by its value.
FIELDS = ("name", "appointed_by", "region", "occupation", "expertise", "phone", "term_start",
          "term_end", "status", "note")


def _clean(data: dict) -> dict:
    data = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
    errors = {}
    if not data.get("name"):
        errors["name"] = _("请填写人民监督员姓名。")
    if not data.get("appointed_by"):
        errors["appointed_by"] = _("请填写选任机关。")
    if data.get("phone") and not PHONE.match(data["phone"]):
        errors["phone"] = _("联系电话格式不正确。")
    start, end = data.get("term_start"), data.get("term_end")
    if not isinstance(start, datetime.date):
        errors["term_start"] = _("请填写任期开始日期。")
    if not isinstance(end, datetime.date):
        errors["term_end"] = _("请填写任期届满日期。")
    elif isinstance(start, datetime.date) and end < start:
        errors["term_end"] = _("任期届满日期不能早于任期开始日期。")
    if data.get("status", SupervisorStatus.ACTIVE) not in SupervisorStatus.values:
        errors["status"] = _("履职状态无效。")
    if errors:
        raise ValidationError(errors)
    return data


@transaction.atomic
def people_supervisor_create(*, actor: User, procuratorate: Procuratorate | None = None,
                             name: str, appointed_by: str, term_start: datetime.date,
                             term_end: datetime.date, region: str = "", occupation: str = "",
                             expertise: str = "", phone: str = "",
                             status: str = SupervisorStatus.ACTIVE,
                             note: str = "") -> PeopleSupervisor:
    """Put a people's supervisor on the register of ``procuratorate`` (the actor's own by
    default): its department heads and chief keep it."""
    procuratorate = procuratorate or actor.procuratorate
    if procuratorate is None or not can_keep_register(actor, procuratorate.pk):
        raise PermissionDenied(_("只有本院部门负责人或检察长可以管理人民监督员名册。"))
    data = _clean({"name": name, "appointed_by": appointed_by, "term_start": term_start,
                   "term_end": term_end, "region": region, "occupation": occupation,
                   "expertise": expertise, "phone": phone, "status": status, "note": note})
    supervisor = PeopleSupervisor.objects.create(procuratorate=procuratorate, **data)
    audit_record(actor=actor, action="people_supervisor_create", target=supervisor,
                 name=supervisor.name, term=f"{supervisor.term_start}–{supervisor.term_end}")
    return supervisor


@transaction.atomic
def people_supervisor_update(*, actor: User, supervisor: PeopleSupervisor,
                             **changes: object) -> PeopleSupervisor:
    """Change a register entry (term, availability, contact …). Hearings already held keep the
    name they recorded."""
    supervisor = PeopleSupervisor.objects.select_for_update().get(pk=supervisor.pk)
    if not can_keep_register(actor, supervisor.procuratorate_id):
        raise PermissionDenied(_("只有本院部门负责人或检察长可以管理人民监督员名册。"))
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    before = {f: getattr(supervisor, f) for f in FIELDS}
    data = _clean({**before, **changes})
    changed = {f: (before[f], data[f]) for f in FIELDS if before[f] != data[f]}
    if not changed:
        return supervisor
    for field, (_old, new) in changed.items():
        setattr(supervisor, field, new)
    supervisor.save(update_fields=[*changed, "updated_at"])
    if "phone" in changed:  # personal data: the trail says it changed, not what it is
        changed["phone"] = ("***", "***")
    audit_record(actor=actor, action="people_supervisor_update", target=supervisor,
                 changes=changed)
    return supervisor
