"""Bulk import of supervised agencies from an XLSX sheet, with a dry run first.

All or nothing: the dry run reports every row's errors, and the import runs only when the
whole sheet is clean, in one transaction — a half-imported list of agencies is worse than
none. Existing agencies (same name) are updated, others created.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies.choices import AgencyLevel, AgencyType
from agencies.models import Agency
from supervision.choices import Role
from supervision.models import Procuratorate, User
from supervision.services.audit import audit_record

MAX_ROWS = 5000
#: column header → model field; headers marked * are required.
COLUMNS = [
    ("名称*", "name"), ("类型*", "agency_type"), ("行业/领域", "sector"), ("层级", "level"),
    ("地区", "region"), ("监督检察院*", "supervising_procuratorate"),
    ("上级机关/主管部门", "superior_authority"), ("地址", "address"), ("联系人", "contact_name"),
    ("联系电话", "contact_phone"), ("电子邮箱", "contact_email"),
]
LABELS = {f: h.rstrip("*") for h, f in COLUMNS}
EXAMPLE = ["舟山市定海区交通运输局", "行政执法机关", "交通运输", "县区级", "舟山市定海区",
           "舟山市定海区人民检察院", "舟山市交通运输局", "舟山市定海区人民北路 1 号", "王明",
           "0580-0000000", "jt@example.gov.cn"]


@dataclass
class RowResult:
    line: int
    values: dict
    errors: list[str] = field(default_factory=list)
    exists: bool = False

    @property
    def action(self) -> str:
        return str(gettext_lazy("更新") if self.exists else gettext_lazy("新增"))


@dataclass
class ImportReport:
    rows: list[RowResult]
    file_errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.file_errors and not any(r.errors for r in self.rows)

    @property
    def error_count(self) -> int:
        return len(self.file_errors) + sum(1 for r in self.rows if r.errors)


def _choice(value: str, choices: type) -> str | None:
    for code, label in choices.choices:
        if value in (code, str(label)):
            return code
    return None


def template_workbook() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "被监督单位"
    sheet.append([header for header, _ in COLUMNS])
    sheet.append(EXAMPLE)
    types = book.create_sheet("类型取值")
    types.append(["类型"])
    for _code, label in AgencyType.choices:
        types.append([str(label)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def check_workbook(data: bytes, *, actor: User) -> ImportReport:
    """The dry run: parse and validate every row; writes nothing."""
    from openpyxl import load_workbook

    if actor.role != Role.SYSADMIN and not actor.is_superuser:
        raise PermissionDenied(_("只有系统管理员可以导入被监督单位。"))
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 — openpyxl raises many kinds for a broken file
        return ImportReport(rows=[], file_errors=[_("无法读取该文件，请使用导入模板（.xlsx）。")])
    sheet = book.worksheets[0]
    lines = sheet.iter_rows(values_only=True)
    header = [str(c).strip() if c is not None else "" for c in next(lines, [])]
    missing = [h for h, _ in COLUMNS if h not in header and h.rstrip("*") not in header]
    if missing:
        return ImportReport(rows=[], file_errors=[_("缺少列：%(cols)s") % {"cols": "、".join(missing)}])
    index = {f: header.index(h) if h in header else header.index(h.rstrip("*")) for h, f in COLUMNS}
    procuratorates = Procuratorate.objects.all()
    by_name = {p.name: p for p in procuratorates} | {p.short_name: p for p in procuratorates}
    existing = set(Agency.objects.values_list("name", flat=True))
    rows, seen = [], set()
    for number, raw in enumerate(lines, start=2):
        if raw is None or all(c in (None, "") for c in raw):
            continue
        if len(rows) >= MAX_ROWS:
            return ImportReport(rows=rows, file_errors=[_("一次最多导入 %(n)s 行。") % {"n": MAX_ROWS}])
        values = {f: ("" if i >= len(raw) or raw[i] is None else str(raw[i]).strip())
                  for f, i in index.items()}
        row = RowResult(line=number, values=values, exists=values["name"] in existing)
        if not values["name"]:
            row.errors.append(_("名称不能为空"))
        elif values["name"] in seen:
            row.errors.append(_("名称与前面的行重复"))
        seen.add(values["name"])
        if _choice(values["agency_type"], AgencyType) is None:
            row.errors.append(_("类型“%(v)s”无效") % {"v": values["agency_type"]})
        if values["level"] and _choice(values["level"], AgencyLevel) is None:
            row.errors.append(_("层级“%(v)s”无效") % {"v": values["level"]})
        if values["supervising_procuratorate"] not in by_name:
            row.errors.append(_("监督检察院“%(v)s”不存在") % {"v": values["supervising_procuratorate"]})
        if values["contact_email"]:
            try:
                validate_email(values["contact_email"])
            except ValidationError:
                row.errors.append(_("电子邮箱格式不正确"))
        for f, limit in (("name", 100), ("sector", 50), ("region", 50), ("address", 200),
                         ("superior_authority", 100), ("contact_name", 50), ("contact_phone", 30)):
            if len(values[f]) > limit:
                row.errors.append(_("“%(col)s”超过 %(n)s 个字") % {"col": LABELS[f], "n": limit})
        rows.append(row)
    if not rows:
        return ImportReport(rows=[], file_errors=[_("文件中没有数据行。")])
    return ImportReport(rows=rows)


@transaction.atomic
def agencies_import(*, actor: User, data: bytes) -> tuple[int, int]:
    """Import a clean sheet; returns (created, updated). Refuses a sheet with any error."""
    report = check_workbook(data, actor=actor)
    if not report.ok:
        raise ValidationError(_("文件仍有 %(n)s 处错误，未导入。") % {"n": report.error_count})
    procuratorates = {p.name: p for p in Procuratorate.objects.all()}
    procuratorates |= {p.short_name: p for p in procuratorates.values()}
    created = updated = 0
    for row in report.rows:
        v = row.values
        defaults = {
            "agency_type": _choice(v["agency_type"], AgencyType),
            "level": _choice(v["level"], AgencyLevel) or "", "sector": v["sector"],
            "region": v["region"], "supervising_procuratorate": procuratorates[v["supervising_procuratorate"]],
            "superior_authority": v["superior_authority"], "address": v["address"],
            "contact_name": v["contact_name"], "contact_phone": v["contact_phone"],
            "contact_email": v["contact_email"],
        }
        _agency, was_created = Agency.objects.update_or_create(name=v["name"], defaults=defaults)
        created += was_created
        updated += not was_created
    # Link superiors that are agencies of the system (possibly imported in this same sheet).
    names = [r.values["superior_authority"] for r in report.rows if r.values["superior_authority"]]
    superiors = {a.name: a for a in Agency.objects.filter(name__in=names)}
    for row in report.rows:
        superior = superiors.get(row.values["superior_authority"])
        if superior is not None:
            Agency.objects.filter(name=row.values["name"]).exclude(Q(pk=superior.pk)).update(superior=superior)
    audit_record(actor=actor, action="agencies_import", target=actor, created=created, updated=updated)
    return created, updated
