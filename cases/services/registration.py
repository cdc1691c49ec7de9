"""Registering a supervision case (受理登记)."""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Agency
from supervision.choices import Role
from supervision.ids import validate_resident_id, validate_uscc
from supervision.models import Matter, Procuratorate, User
from supervision.numbering import take_next_number
from supervision.services.audit import audit_record

from ..choices import CaseStatus, ClueSource, PartyKind, PartyRole, RelatedNumberKind
from ..models import CaseNumberFormat, CaseNumberSequence, Party, RelatedCaseNumber, SupervisionCase
from ..numbering import DEFAULT_CASE_NUMBER_FORMAT, render_case_number
from ..search import refresh_search_text
from ._common import check_supervised_agency

CASE_REGISTRAR_ROLES = {Role.PROCURATOR, Role.APPROVER, Role.CHIEF}
_BRACKETS = str.maketrans({"〔": "(", "〕": ")", "[": "(", "]": ")", "【": "(", "】": ")"})


@dataclass(frozen=True)
class PartyInput:
    name: str
    kind: str = PartyKind.PERSON
    role: str = PartyRole.OTHER
    id_number: str = ""


@dataclass(frozen=True)
class RelatedNumberInput:
    number: str
    kind: str = RelatedNumberKind.COURT


class DuplicateCase(ValidationError):
    """The agency already has a case about one of these related case numbers. Registering
    anyway needs ``confirm_duplicate=True`` (the form's “仍然登记”)."""

    def __init__(self, duplicates: list[SupervisionCase]) -> None:
        self.duplicates = duplicates
        super().__init__(_("该被监督单位已有涉及相同关联案件号的案件：%(numbers)s。确认仍要登记请勾选“仍然登记”。")
                         % {"numbers": "、".join(c.number for c in duplicates)}, code="duplicate")


def normalize_case_number(number: str) -> str:
    """Fold full-width forms and bracket styles, drop spaces: the key duplicates are found by."""
    return "".join(unicodedata.normalize("NFKC", number).translate(_BRACKETS).split()).upper()


def find_duplicates(agency: Agency, numbers: Sequence[str]) -> list[SupervisionCase]:
    """Cases of ``agency`` that already carry one of ``numbers`` (any procuratorate)."""
    keys = {normalize_case_number(n) for n in numbers if n.strip()}
    if not keys:
        return []
    return list(SupervisionCase.objects.filter(
        agency=agency, related_numbers__normalized__in=keys).distinct().order_by("pk"))


def case_number_pattern(procuratorate: Procuratorate) -> str:
    row = CaseNumberFormat.objects.filter(procuratorate=procuratorate).first()
    return row.pattern if row else getattr(settings, "CASE_NUMBER_FORMAT", DEFAULT_CASE_NUMBER_FORMAT)


def _clean_parties(parties: Sequence[PartyInput]) -> list[PartyInput]:
    cleaned, errors = [], []
    for party in parties:
        id_number = party.id_number.strip()
        if id_number:
            try:
                id_number = (validate_resident_id(id_number) if party.kind == PartyKind.PERSON
                             else validate_uscc(id_number))
            except ValidationError as exc:
                errors.append(f"{party.name}：{' '.join(exc.messages)}")
                continue
        if not party.name.strip():
            errors.append(_("当事人姓名或名称不能为空。"))
            continue
        cleaned.append(PartyInput(party.name.strip(), party.kind, party.role, id_number))
    if errors:
        raise ValidationError({"parties": errors})
    return cleaned


def _check_staff(actor: User, person: User | None, roles: set[str], message: str) -> None:
    if person is not None and (person.role not in roles or person.procuratorate_id != actor.procuratorate_id
                               or not person.is_active):
        raise ValidationError(message)


@transaction.atomic
def case_register(
    *,
    actor: User,
    matter: Matter,
    agency: Agency,
    title: str,
    summary: str,
    clue_source: str = ClueSource.EX_OFFICIO,
    parties: Sequence[PartyInput] = (),
    related_numbers: Sequence[RelatedNumberInput] = (),
    juvenile: bool = False,
    accepted_on: datetime.date | None = None,
    handler: User | None = None,
    assistant: User | None = None,
    confirm_duplicate: bool = False,
) -> SupervisionCase:
    """Register a supervision case in ``actor``'s procuratorate, handled by ``handler``
    (default: the actor), and give it the next case number of that procuratorate, kind and
    year in the procuratorate's format.

    Refuses, unless ``confirm_duplicate``, when the agency already has a case about one of the
    related case numbers (raises :class:`DuplicateCase` listing them).
    """
    if actor.role not in CASE_REGISTRAR_ROLES or actor.procuratorate_id is None:
        raise PermissionDenied(_("只有检察官可以登记监督案件。"))
    accepted_on = accepted_on or timezone.localdate()
    if accepted_on > timezone.localdate():
        raise ValidationError({"accepted_on": _("受理日期不能晚于今天。")})
    if matter.children.exists():
        raise ValidationError({"matter": _("请选择具体的监督事项。")})
    check_supervised_agency(agency, actor.procuratorate_id)
    handler = handler or actor
    _check_staff(actor, handler, CASE_REGISTRAR_ROLES, _("承办检察官必须是本院检察官。"))
    _check_staff(actor, assistant, {Role.ASSISTANT}, _("检察官助理必须是本院检察官助理。"))
    parties = _clean_parties(parties)
    numbers = [n for n in related_numbers if n.number.strip()]
    duplicates = find_duplicates(agency, [n.number for n in numbers])
    if duplicates and not confirm_duplicate:
        raise DuplicateCase(duplicates)
    procuratorate = actor.procuratorate
    kind = matter.kind
    seq = take_next_number(CaseNumberSequence, procuratorate=procuratorate, kind=kind,
                           year=accepted_on.year)
    department = handler.department if handler.department_id else actor.department
    case = SupervisionCase.objects.create(
        number=render_case_number(case_number_pattern(procuratorate),
                                  short=procuratorate.short_name, kind=kind.case_code,
                                  dept=department.code if department else "",
                                  year=accepted_on.year, seq=seq),
        procuratorate=procuratorate, department=department, kind=kind, matter=matter,
        agency=agency, clue_source=clue_source, title=title.strip(), summary=summary.strip(),
        juvenile=juvenile, status=CaseStatus.ACCEPTED, handler=handler, assistant=assistant,
        accepted_on=accepted_on,
    )
    Party.objects.bulk_create([Party(case=case, kind=p.kind, role=p.role, name=p.name,
                                     id_number=p.id_number, position=i)
                               for i, p in enumerate(parties)])
    seen: set[str] = set()
    for n in numbers:
        key = normalize_case_number(n.number)
        if key not in seen:
            seen.add(key)
            RelatedCaseNumber.objects.create(case=case, kind=n.kind, number=n.number.strip(),
                                             normalized=key)
    refresh_search_text(case)
    extra = {"duplicate_of": "、".join(c.number for c in duplicates)} if duplicates else {}
    audit_record(actor=actor, action="case_register", target=case, number=case.number, **extra)
    return case
