"""Builds the demo world of ``DEMO.md`` from its data (``demo.scenarios``): four
procuratorates, eight agencies, one account per role and a few dozen cases with instruments in
every state the services can reach.

``load_demo_world()`` is what ``manage.py seed_demo`` (and so ``./dev up``) runs. It is
idempotent: when the demo procuratorates already exist it changes nothing and only returns the
summary, so a second ``./dev up`` does not duplicate anything.

The organisation, agencies and accounts are written with the ORM (there are no services for
them yet); every piece of casework goes through the services — ``case_register``,
``recommendation_draft/submit/return/approve/issue/serve``, ``reply_submit`` and the later
stages the lifecycle story runs (``demo.story``) — so the demo shows exactly what real use
produces: gap-free numbers, frozen PDFs, audit entries, due dates computed by the deadline
engine from real service dates and the real legal calendar. The one write outside the services
is a reply's ``submitted_at``, moved back to a plausible day after service (the service stamps
"now" and takes no date), so on-time rates make sense.

Due dates are aimed at buckets relative to ``today`` (``demo.scenarios.plan``); the service
date that gives each is searched for in ``demo.dates``. A fixed random seed keeps names and
gaps stable, so the same ``today`` always gives the same world. This module holds no scenario:
every name, text and state comes from the data.
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from agencies.models import Agency, LiaisonMembership
from cases import services as case_services
from cases.choices import ClueSource, MeasureType, PartyKind, PartyRole
from cases.models import SupervisionCase
from cases.samples import tiny_pdf, tiny_png
from cases.services import PartyInput, RelatedNumberInput, case_register
from demo import adjudication as demo_adjudication
from demo import approval_levels as demo_approval_levels
from demo import congress as demo_congress
from demo import duties as demo_duties
from demo import inspections as demo_inspections
from demo import juvenile as demo_juvenile
from demo import litigation as demo_litigation
from demo import quality as demo_quality
from demo.dates import service_date_for, workday_before
from demo.hearings import build as seed_hearings
from demo.integrations import seed_integrations
from demo.publication import seed_publication
from demo.scenarios import (
    ACCOUNTS,
    AGENCIES,
    APPROVER_OF,
    CASE_FILE,
    COMPANIES,
    CREDIT_CODE_PREFIX,
    DEMO_MD_USERNAMES,
    LIFECYCLE,
    MARKER_PROCURATORATE,
    MEASURE_RECORD,
    PASSWORD,
    PERSONS,
    PLAN,
    PROCURATORATES,
    RESIDENT_ID_REGION,
    RETURN_REASONS,
    SCENARIOS,
)
from demo.scenarios.organisation import JUVENILE_DEPARTMENTS
from demo.scenarios.shapes import (
    APPROVED,
    AWAITING,
    DRAFT,
    ISSUED,
    PENDING,
    REPLIED,
    RETURNED,
    Attachment,
    CasePlan,
    InstrumentText,
    Scenario,
    Step,
)
from demo.sections import fitted
from demo.story import run_story
from demo.summary import DemoLogin, DemoSummary, build_summary
from recommendations import services as rec_services
from recommendations.choices import ServiceMethod
from recommendations.models import InstrumentType, Recommendation, Reply
from recommendations.services.sweep import deliver_event, pending_event_ids, sweep_deadlines
from recommendations.signing_keys import write_dev_keys
from supervision.calendar import LegalCalendar
from supervision.choices import Role
from supervision.ids import resident_id_check_char, uscc_check_char
from supervision.models import Department, Matter, Procuratorate, User

__all__ = ["ACCOUNTS", "DEMO_MD_USERNAMES", "PASSWORD", "DemoLogin", "DemoSummary",
           "build_summary", "load_demo_world"]

#: Fixed seed: the same ``today`` always gives the same world.
SEED = 20260101
ADMIN_ROLES = {Role.SYSADMIN, Role.SECADMIN, Role.AUDITADMIN}


def load_demo_world(today: datetime.date | None = None, *, stdout: TextIO | None = None,
                    signing_keys_dir: Path | None = None) -> DemoSummary:
    """Build the demo world of DEMO.md as of ``today`` (default: the local date), or do
    nothing if it exists already. Returns the summary either way. With ``signing_keys_dir``
    the procuratorates get development signing keys there before anything is issued, so the
    demo's instruments are signed (``recommendations.signing_keys``)."""
    started = time.monotonic()
    today = today or timezone.localdate()
    if today > timezone.localdate():
        raise ValueError(f"today ({today}) cannot lie after the current date "
                         f"({timezone.localdate()}): the services refuse future dates")

    def say(message: str) -> None:
        if stdout is not None:
            stdout.write(message + "\n")

    if Procuratorate.objects.filter(name=MARKER_PROCURATORATE).exists():
        say("演示数据已存在，未作任何修改。")
        return build_summary(created=False, today=today)
    with transaction.atomic():
        builder = _Builder(today, say)
        builder.organisation()
        if signing_keys_dir is not None:
            builder.signing_keys(signing_keys_dir)
        builder.accounts()
        builder.work()
        builder.lifecycle()
        builder.case_file()
        demo_approval_levels.build(builder)  # approval by level, preservation: issue 18
        demo_congress.build(builder)  # reports to the people's congress: demo/congress.py
        seed_publication(builder.users, today, say)  # 检务公开: demo/publication.py
        seed_integrations(builder.users, say)  # tokens, a system account, a webhook subscription
        seed_hearings(builder)  # public hearings and the people's supervisors: demo/hearings.py
        demo_duties.build(builder)  # what agencies owe besides replies: demo/duties/
        demo_inspections.build(builder)  # 巡回检察 / 派驻检察: demo/inspections.py
        demo_litigation.build(builder)  # public-interest litigation: demo/litigation.py
        demo_adjudication.build(builder)  # the chief at the adjudication committee
        demo_quality.build(builder)  # case quality review: demo/quality.py
        demo_juvenile.build(builder)  # a juvenile case's sealed record: demo/juvenile.py
        builder.notify()
    return build_summary(created=True, today=today, seconds=time.monotonic() - started)


class _Builder:
    def __init__(self, today: datetime.date, say: Callable[[str], None]) -> None:
        self.today = today
        self.say = say
        self.rng = random.Random(SEED)
        #: Its own stream for parties' ID numbers, so adding them changed nothing else.
        self.file_rng = random.Random(SEED + 1)
        self.calendar = LegalCalendar.load(today - datetime.timedelta(days=500),
                                           today + datetime.timedelta(days=200))
        self.procuratorates: dict[str, Procuratorate] = {}
        self.departments: dict[tuple[str, str], Department] = {}
        self.agencies: dict[str, Agency] = {}
        self.users: dict[str, User] = {}
        #: (scenario, agency key, case pk) of every case registered.
        self.cases: list[tuple[str, str, int]] = []

    # Organisation, agencies and accounts: plain ORM (no services for them yet).

    def organisation(self) -> None:
        for p in PROCURATORATES:
            self.procuratorates[p.short_name] = Procuratorate.objects.create(
                name=p.name, short_name=p.short_name, level=p.level,
                parent=self.procuratorates[p.parent] if p.parent else None)
        for p in PROCURATORATES:
            for name, code in p.departments:
                self.departments[p.short_name, name] = Department.objects.create(
                    procuratorate=self.procuratorates[p.short_name], name=name, code=code,
                    juvenile=(p.short_name, name) in JUVENILE_DEPARTMENTS)
        for key, a in AGENCIES.items():
            self.agencies[key] = Agency.objects.create(
                name=a.name, agency_type=a.agency_type, sector=a.sector,
                supervising_procuratorate=self.procuratorates[a.supervisor],
                superior_authority=a.superior)
        self.say(f"组织机构：检察院 {len(self.procuratorates)} 个，部门 {len(self.departments)} 个，"
                 f"被监督单位 {len(self.agencies)} 个")

    def signing_keys(self, directory: Path) -> None:
        made = write_dev_keys(directory, self.procuratorates.values())
        self.say(f"文书签名：开发测试密钥 {len(made)} 套（{directory}）")

    def accounts(self) -> None:
        password = make_password(PASSWORD)  # hashed once: PBKDF2 is slow on purpose
        for account in ACCOUNTS:
            procuratorate, department, agency = (account.procuratorate, account.department,
                                                 account.agency)
            user, _ = User.objects.update_or_create(username=account.username, defaults={
                "display_name": account.display_name, "role": account.role, "password": password,
                "procuratorate": self.procuratorates[procuratorate] if procuratorate else None,
                "department": (self.departments[procuratorate, department]
                               if department else None),
                "agency": self.agencies[agency] if agency else None,
                "is_staff": account.role in ADMIN_ROLES, "is_superuser": False,
                "is_active": True,
            })
            self.users[account.username] = user
            if agency:
                LiaisonMembership.objects.update_or_create(
                    user=user, agency=self.agencies[agency],
                    defaults={"is_responsible": account.responsible})
        self.say(f"账号：{len(self.users)} 个，初始密码 {PASSWORD}")

    # Casework: every write through the services.

    def work(self) -> None:
        prepared = [self._prepare(index, plan) for index, plan in enumerate(PLAN)]
        # Register cases in order of acceptance and issue instruments in order of issue, so that
        # case and document numbers run in date order, as they would have in real use.
        for item in sorted(prepared, key=lambda p: (p["accepted_on"], p["index"])):
            item["case"] = self._register(item)
            self.cases.append((item["plan"].scenario, item["agency"], item["case"].pk))
        pending = [(item, step) for item in prepared for step in item["steps"]]
        issued = sorted((x for x in pending if x[1]["issued_on"]),
                        key=lambda x: (x[1]["issued_on"], x[0]["index"]))
        for item, step in issued + [x for x in pending if not x[1]["issued_on"]]:
            self._instrument(item, step)
        self.say(f"案件：{len(prepared)} 件，监督文书：{len(pending)} 份")

    def _prepare(self, index: int, plan: CasePlan) -> dict:
        scenario = SCENARIOS[plan.scenario]
        agency_key = plan.agency or scenario.agency
        agency = AGENCIES[agency_key]
        params = {
            "p": self.rng.choice(PERSONS), "co": self.rng.choice(COMPANIES),
            "agency": agency.name, "court": agency.court_code, "police": agency.police_prefix,
        }
        steps = []
        for position, step in enumerate(plan.steps):
            text = scenario.instruments[position]
            if step.state == REPLIED and not text.reply:
                raise ValueError(f"{plan.scenario}: instrument {position} has no reply text")
            steps.append(self._dates(step, text) | {"step": step, "text": text})
        dates = [s["issued_on"] for s in steps if s["issued_on"]]
        if dates:
            accepted_on = self._workday_before(min(dates) - datetime.timedelta(
                days=self.rng.randint(12, 45)))
        else:
            accepted_on = self._workday_before(
                self.today - datetime.timedelta(days=self.rng.randint(3, 70)))
        params["y"] = accepted_on.year - (1 if self.rng.random() < 0.5 else 0)
        params["n"] = self.rng.randint(120, 2980)
        params["ref"] = scenario.ref.format(**params) if scenario.ref else ""
        return {"index": index, "plan": plan, "scenario": scenario, "agency": agency_key,
                "params": params, "steps": steps, "accepted_on": accepted_on}

    def _dates(self, step: Step, text: InstrumentText) -> dict:
        """Issue and service dates for one step (None where the step stops before them)."""
        issued_on = served_on = None
        if step.state == ISSUED:
            issued_on = self._workday_before(self.today - datetime.timedelta(days=step.days))
        elif step.state in {AWAITING, REPLIED}:
            if step.state == AWAITING:
                rule = InstrumentType.objects.get(code=text.type).period_rule
                served_on = service_date_for(
                    rule, self.today + datetime.timedelta(days=step.days), today=self.today,
                    calendar=self.calendar)
            else:
                served_on = self._workday_before(self.today - datetime.timedelta(days=step.days))
            issued_on = self._workday_before(
                served_on - datetime.timedelta(days=self.rng.randint(0, 4)))
        return {"issued_on": issued_on, "served_on": served_on}

    def _workday_before(self, day: datetime.date) -> datetime.date:
        return workday_before(self.calendar, day)

    def _register(self, item: dict) -> SupervisionCase:
        plan, scenario, params = item["plan"], item["scenario"], item["params"]
        kind, (parent, leaf) = scenario.kind, scenario.matter
        matter = Matter.objects.get(kind__code=kind, parent__name=parent, name=leaf) if parent \
            else Matter.objects.get(kind__code=kind, parent__isnull=True, name=leaf)
        agency = self.agencies[item["agency"]]
        return case_register(
            actor=self.users[plan.handler], matter=matter, agency=agency,
            title=scenario.title.format(**params), summary=scenario.summary.format(**params),
            clue_source=scenario.clue_source,
            related_numbers=[RelatedNumberInput(params["ref"], _number_kind(agency))]
            if params["ref"] else [],
            juvenile=scenario.juvenile, accepted_on=item["accepted_on"],
            assistant=self.users[plan.assistant] if plan.assistant else None,
            parties=self._parties(scenario, params),
        )

    def _parties(self, scenario: Scenario, params: dict) -> list[PartyInput]:
        """The person ({p}) and company ({co}) a scenario names, with valid (made-up) ID numbers
        from their own random stream, so the rest of the world stays as it was."""
        text = scenario.title + scenario.summary
        applicant = scenario.clue_source in {ClueSource.PARTY_APPLICATION, ClueSource.COMPLAINT}
        parties = []
        if "{p}" in text:
            parties.append(PartyInput(params["p"], PartyKind.PERSON,
                                      PartyRole.APPLICANT if applicant else PartyRole.OTHER,
                                      self._resident_id()))
        if "{co}" in text:
            parties.append(PartyInput(params["co"], PartyKind.ORGANISATION, PartyRole.OTHER,
                                      self._credit_code()))
        return parties

    def _resident_id(self) -> str:
        born = datetime.date(1960, 1, 1) + datetime.timedelta(days=self.file_rng.randint(0, 15000))
        first17 = f"{RESIDENT_ID_REGION}{born:%Y%m%d}{self.file_rng.randint(0, 999):03d}"
        return first17 + resident_id_check_char(first17)

    def _credit_code(self) -> str:
        body = "".join(self.file_rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
        first17 = f"{CREDIT_CODE_PREFIX}{body}"
        return first17 + uscc_check_char(first17)

    def _instrument(self, item: dict, step: dict) -> Recommendation:
        """Take one instrument as far as its step says, one service call per stage."""
        case, params, text = item["case"], item["params"], step["text"]
        state = step["step"].state
        handler = case.handler
        # The assistant drafts some of the cases assigned to them.
        drafter = case.assistant if case.assistant and self.rng.random() < 0.5 else handler
        approver = self.users[APPROVER_OF[item["plan"].handler]]
        instrument_type = InstrumentType.objects.get(code=text.type)
        rec = rec_services.recommendation_draft(
            actor=drafter, case=case, instrument_type=instrument_type,
            agency=case.agency, title=text.title.format(**params), body=text.body.format(**params),
            **fitted(instrument_type, facts=text.facts.format(**params),
                     problems=text.problems.format(**params),
                     legal_basis=text.legal_basis.format(**params)))
        if state == DRAFT:
            return rec
        rec = rec_services.recommendation_submit(actor=drafter, recommendation=rec)
        if state == RETURNED:
            return rec_services.recommendation_return(
                actor=approver, recommendation=rec, reason=self.rng.choice(RETURN_REASONS))
        if state == PENDING:
            return rec
        rec = rec_services.recommendation_approve(actor=approver, recommendation=rec)
        # 再审检察建议 go on to the chief and the procuratorial committee (demo/approval_levels.py).
        rec = demo_approval_levels.through_the_chain(rec, step.get("issued_on") or self.today)
        if state == APPROVED:
            return rec
        rec = rec_services.recommendation_issue(actor=approver, recommendation=rec,
                                                issued_on=step["issued_on"])
        if state == ISSUED:
            return rec
        served_on = step["served_on"]
        method = (ServiceMethod.DIRECT if self.calendar.is_workday(served_on)
                  and self.rng.random() < 0.75 else
                  ServiceMethod.ELECTRONIC if self.rng.random() < 0.6 else ServiceMethod.MAIL)
        rec = rec_services.recommendation_serve(actor=handler, recommendation=rec,
                                                served_on=served_on, method=method)
        if state == REPLIED:
            liaison = rec.agency.liaisons.filter(is_active=True).order_by("pk").first()
            reply = rec_services.reply_submit(actor=liaison, recommendation=rec,
                                              content=text.reply.format(**params),
                                              measures=text.measures.format(**params))
            self._backdate(reply, rec, late=step["step"].late)
            rec.refresh_from_db()
        return rec

    def _backdate(self, reply: Reply, rec: Recommendation, *, late: bool) -> None:
        """Give the reply the date it would have had in real use.

        ``reply_submit`` stamps the current time (``auto_now_add``) and has no parameter for
        an earlier date; without this every demo reply would be months late and the on-time
        rate meaningless. The only write outside the services, and only to this timestamp
        and the instrument's copy of its day (``Recommendation.first_reply_on``).
        """
        last = min(rec.due_date or self.today, self.today)
        if late:
            day = min(rec.due_date + datetime.timedelta(days=12), self.today)
        else:
            span = max((last - rec.served_on).days, 1)
            day = rec.served_on + datetime.timedelta(days=self.rng.randint(min(5, span), span))
        day = max(self._workday_before(day), rec.served_on)
        moment = timezone.make_aware(datetime.datetime.combine(
            day, datetime.time(self.rng.randint(9, 16), self.rng.randint(0, 59))))
        Reply.objects.filter(pk=reply.pk).update(submitted_at=moment)
        # the instrument's only reply here (a first reply, just sent)
        Recommendation.objects.filter(pk=rec.pk).update(first_reply_on=day)

    # The later states, on one case (demo.scenarios.lifecycle).

    def lifecycle(self) -> None:
        if run_story(LIFECYCLE, today=self.today, agencies=self.agencies):
            self.say(LIFECYCLE.summary)

    # The case file: measures (some refused), files, clue transfers, interference records.

    def case_file(self) -> None:
        for entry in CASE_FILE:
            own_agency = SCENARIOS[entry.scenario].agency
            pk = min(pk for scenario, agency, pk in self.cases
                     if scenario == entry.scenario and agency == own_agency)
            case = SupervisionCase.objects.select_related("agency", "handler").get(pk=pk)
            taken_on = min(case.accepted_on + datetime.timedelta(days=5), self.today)
            measure = entry.measure
            case_services.measure_record(
                actor=case.handler, case=case, measure_type=measure.measure_type,
                taken_on=taken_on, target=measure.target, agency=case.agency,
                result=measure.result, refused=bool(measure.refusal),
                refusal_note=measure.refusal,
                files=[SimpleUploadedFile(
                    MEASURE_RECORD.format(measure=MeasureType(measure.measure_type).label),
                    tiny_pdf(f"measure {case.number}"))])
            if transfer := entry.transfer:
                case_services.clue_transfer_create(
                    actor=case.handler, case=case, recipient_kind=transfer.recipient_kind,
                    recipient=transfer.recipient, clue=transfer.clue,
                    letter_number=transfer.letter_number.format(year=taken_on.year),
                    transferred_on=taken_on)
            for attachment in entry.attachments:
                case_services.attachment_add(
                    actor=case.handler, case=case, description=attachment.description,
                    upload=_sample_file(attachment, case))
            if interference := entry.interference:
                case_services.interference_record_create(
                    actor=case.handler, case=case, occurred_on=taken_on,
                    intervener=interference.intervener,
                    intervener_post=interference.intervener_post, manner=interference.manner,
                    content=interference.content)
        refused = sum(bool(entry.measure.refusal) for entry in CASE_FILE)
        transfers = sum(entry.transfer is not None for entry in CASE_FILE)
        interferences = sum(entry.interference is not None for entry in CASE_FILE)
        self.say(f"调查核实：{len(CASE_FILE)} 项（含拒不配合 {refused} 项），线索移送 {transfers} 件，"
                 f"过问干预记录 {interferences} 条")

    def notify(self) -> None:
        """Run the deadline sweep for ``today`` and deliver every event, so the bell rings."""
        sweep_deadlines(self.today)
        delivered = 0
        while ids := pending_event_ids():
            delivered += sum(deliver_event(pk) for pk in ids)
        self.say(f"期限提醒：投递事件 {delivered} 个")


def _sample_file(attachment: Attachment, case: SupervisionCase) -> SimpleUploadedFile:
    """A small valid file of the attachment's type (PNG or PDF)."""
    content = (tiny_png() if attachment.filename.lower().endswith(".png")
               else tiny_pdf(f"attachment {case.number}"))
    return SimpleUploadedFile(attachment.filename, content)


def _number_kind(agency: Agency) -> str:
    """The kind of a related case number follows from the agency that gave it."""
    from cases.forms import NUMBER_KIND_BY_AGENCY

    return NUMBER_KIND_BY_AGENCY.get(agency.agency_type, "other")
