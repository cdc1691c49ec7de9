"""Every read the publication pages need: what the source case knows about its people (for
de-identification), the preview beside the proposer's text, the frozen figures of a release,
and the public lists — which read only published rows and their frozen columns."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cases.choices import PartyKind
from cases.models import SupervisionCase
from reporting import statistics as S
from supervision.models import Procuratorate

from .choices import PublicationStatus
from .deidentify import Finding, Known, deidentify, findings
from .models import StatisticsRelease, TypicalCase

#: The texts of a typical case that are published, with their labels, in page order.
TEXT_FIELDS = (("title", _("标题")), ("summary", _("基本案情")), ("achieved", _("监督成效")),
               ("significance", _("典型意义")))

FINDING_KINDS = {"name": _("姓名或名称"), "id": _("证件号码或账号"), "phone": _("电话号码"),
                 "address": _("住址")}


# --- De-identification -----------------------------------------------------------------------

def known_personal_data(case: SupervisionCase) -> Known:
    """What ``case`` knows about the people and units in it: its parties (names; ID numbers
    and credit codes, decrypted through the model), the staff who handled it, and the related
    court/police case numbers (which lead to documents that name the parties). Two queries."""
    persons, organisations, identifiers = [], [], []
    for party in case.parties.all():
        (persons if party.kind == PartyKind.PERSON else organisations).append(party.name)
        if party.id_number:
            identifiers.append(party.id_number)
    staff = [case.handler, case.assistant]
    persons += [u.display_name for u in staff if u is not None and u.display_name]
    identifiers += [n.number for n in case.related_numbers.all()]
    return Known(persons=tuple(persons), organisations=tuple(organisations),
                 identifiers=tuple(identifiers))


@dataclass(frozen=True)
class PreviewField:
    name: str
    label: str
    original: str
    published: str
    findings: list[Finding]


@dataclass(frozen=True)
class Preview:
    fields: list[PreviewField]

    @property
    def findings(self) -> list[tuple[PreviewField, Finding]]:
        return [(f, finding) for f in self.fields for finding in f.findings]

    @property
    def clean(self) -> bool:
        return not self.findings

    def published(self) -> dict[str, str]:
        return {f.name: f.published for f in self.fields}


def typical_case_preview(item: TypicalCase, known: Known | None = None) -> Preview:
    """Each text as the proposer wrote it, as it would be published, and what the check still
    finds in the published form (approval waits until that is nothing)."""
    known = known if known is not None else known_personal_data(item.case)
    fields = []
    for name, label in TEXT_FIELDS:
        original = getattr(item, name)
        published = deidentify(original, known)
        fields.append(PreviewField(name, str(label), original, published,
                                   findings(published, known)))
    return Preview(fields)


def known_in_procuratorate(procuratorate: Procuratorate, text: str) -> Known:
    """For a text with no source case (a release's title and note): the names of every party
    of the procuratorate's cases (with those below it) and of its staff that occur in ``text``.
    Two queries; the names are matched here, in Python, against the one short text."""
    from cases.models import Party
    from supervision.models import User

    compact = "".join(text.split())
    if not compact:
        return Known()
    parties = (Party.objects.filter(case__procuratorate__path__startswith=procuratorate.path)
               .values_list("name", "kind").distinct())
    staff = (User.objects.filter(procuratorate__path__startswith=procuratorate.path)
             .exclude(display_name="").values_list("display_name", flat=True))
    persons = [name for name, kind in parties if kind == PartyKind.PERSON]
    persons += list(staff)
    present = [n for n in persons if len(n.strip()) >= 2 and "".join(n.split()) in compact]
    units = [name for name, kind in parties
             if kind != PartyKind.PERSON and "".join(name.split()) in compact]
    return Known(persons=tuple(present), organisations=tuple(units))


def release_preview(item: StatisticsRelease) -> Preview:
    """A release's title and note as they would be published, and what the check finds."""
    known = known_in_procuratorate(item.procuratorate, f"{item.title}\n{item.note}")
    fields = []
    for name, label in (("title", _("标题")), ("note", _("说明"))):
        original = getattr(item, name)
        published = deidentify(original, known)
        fields.append(PreviewField(name, str(label), original, published,
                                   findings(published, known)))
    return Preview(fields)


def describe(finding: Finding) -> str:
    return f"{FINDING_KINDS.get(finding.kind, finding.kind)}“{finding.text}”"


# --- Statistics ------------------------------------------------------------------------------

def freeze_figures(procuratorate: Procuratorate, start: datetime.date, end: datetime.date,
                   today: datetime.date | None = None) -> dict:
    """The release's figures as published: ``reporting.statistics`` for the procuratorate
    (with those below it) and the period — the same computation as the statistics page, never
    a second copy — as plain JSON, with each figure's label, group and definition in the
    project's language as they stand today."""
    with translation.override(settings.LANGUAGE_CODE):
        data = S.as_json(S.statistics(procuratorate, start, end, today=today))
        data["groups"] = {code: str(heading) for code, heading in S.GROUPS.items()}
        data["definitions"] = {f.code: {"group": f.group, "label": str(f.label),
                                        "definition": str(f.definition), "source": str(f.source),
                                        "is_rate": f.is_rate} for f in S.all_figures()}
    data["frozen_at"] = timezone.now().isoformat()
    return data


def _frozen_text(code: str, key: str, frozen: dict) -> str:
    """A figure's label or definition: as frozen, read in the project's language; in another
    language the live translation of the same figure, while the code still has it."""
    figure = S.figure_by_code(code)
    if figure is not None and not (get_language() or "").startswith("zh"):
        return str(getattr(figure, key))
    return frozen.get(key, "")


def figure_groups(figures: dict) -> list[dict]:
    """The frozen figures grouped under their headings, each with its definition and the
    change on the same period a year before (percentage points for a rate)."""
    previous = figures.get("previous_year", {})
    definitions = figures.get("definitions", {})
    groups = []
    for group, heading in figures.get("groups", {}).items():
        rows = []
        for code, frozen in definitions.items():
            if frozen.get("group") != group or code not in figures:
                continue
            cur, prev, is_rate = figures.get(code), previous.get(code), frozen.get("is_rate")
            diff = None if cur is None or prev is None else (
                round(cur - prev, 1) if is_rate else cur - prev)
            rows.append({"code": code, "is_rate": is_rate, "current": cur, "previous": prev,
                         "diff": diff, "label": _frozen_text(code, "label", frozen),
                         "definition": _frozen_text(code, "definition", frozen),
                         "source": _frozen_text(code, "source", frozen)})
        label = str(S.GROUPS[group]) if group in S.GROUPS else heading
        if rows:
            groups.append({"code": group, "heading": label, "rows": rows})
    return groups


# --- The public side: published rows only ---------------------------------------------------

def published_typical_cases() -> QuerySet[TypicalCase]:
    return TypicalCase.objects.filter(status=PublicationStatus.PUBLISHED)


def published_releases() -> QuerySet[StatisticsRelease]:
    return StatisticsRelease.objects.filter(status=PublicationStatus.PUBLISHED)


def publishing_procuratorates() -> QuerySet[Procuratorate]:
    """The procuratorates with something published, in the tree's order. One query."""
    return (Procuratorate.objects.filter(
        Q(Exists(published_typical_cases().filter(procuratorate=OuterRef("pk"))))
        | Q(Exists(published_releases().filter(procuratorate=OuterRef("pk")))))
        .order_by("path"))


def get_publishing_procuratorate(pk: int) -> Procuratorate:
    try:
        return publishing_procuratorates().get(pk=pk)
    except Procuratorate.DoesNotExist as exc:
        raise Http404 from exc


def get_published_typical_case(pk: int) -> TypicalCase:
    """A published typical case, only its public columns loaded (404 for anything else)."""
    try:
        return (published_typical_cases().select_related("procuratorate", "kind")
                .only("pk", "status", "published_at", "published_title", "published_summary",
                      "published_achieved", "kind", "procuratorate", "published_significance", "procuratorate__name",
                      "procuratorate__path", "kind__name", "kind__name_en", "kind__code")
                .get(pk=pk))
    except TypicalCase.DoesNotExist as exc:
        raise Http404 from exc


def get_published_release(pk: int) -> StatisticsRelease:
    try:
        return published_releases().select_related("procuratorate").get(pk=pk)
    except StatisticsRelease.DoesNotExist as exc:
        raise Http404 from exc


def public_case_list(procuratorate: Procuratorate | None = None) -> QuerySet[TypicalCase]:
    qs = published_typical_cases().select_related("kind", "procuratorate").only(
        "pk", "status", "published_at", "published_title", "published_summary", "kind",
        "procuratorate", "procuratorate__name", "kind__name", "kind__name_en", "kind__code")
    if procuratorate is not None:
        qs = qs.filter(procuratorate=procuratorate)
    return qs.order_by("-published_at", "-pk")


def public_release_list(procuratorate: Procuratorate) -> QuerySet[StatisticsRelease]:
    return (published_releases().filter(procuratorate=procuratorate)
            .defer("figures").order_by("-end", "-published_at", "-pk"))
