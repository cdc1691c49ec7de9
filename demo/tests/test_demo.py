"""The demo world of DEMO.md: every account, the tree, work in every state, idempotent."""

from __future__ import annotations

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command

from agencies.models import Agency
from cases.models import SupervisionCase
from demo.builder import DEMO_MD_USERNAMES, PASSWORD, load_demo_world
from recommendations.choices import InstrumentStatus
from recommendations.models import DeadlineEvent, Recommendation, Reply
from supervision.choices import Role
from supervision.deadlines import compute_due_date
from supervision.models import Notification, Procuratorate, User

TODAY = datetime.date(2026, 11, 23)
NOW = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))

#: username -> (role, procuratorate short name, department name, agency name), from DEMO.md.
EXPECTED = {
    "dh.procurator": (Role.PROCURATOR, "定检", "第一检察部", None),
    "dh.assistant": (Role.ASSISTANT, "定检", "第一检察部", None),
    "dh.approver": (Role.APPROVER, "定检", "第一检察部", None),
    "dh.pil": (Role.PROCURATOR, "定检", "第八检察部", None),
    "dh.chief": (Role.CHIEF, "定检", None, None),
    "pt.procurator": (Role.PROCURATOR, "普检", "第一检察部", None),
    "pt.approver": (Role.APPROVER, "普检", "第一检察部", None),
    "zs.supervisor": (Role.SUPERVISOR, "舟检", "案件管理部", None),
    "zj.supervisor": (Role.SUPERVISOR, "浙检", "案件管理部", None),
    "court.liaison": (Role.LIAISON, None, None, "舟山市定海区人民法院"),
    "police.liaison": (Role.LIAISON, None, None, "舟山市公安局定海分局"),
    "market.liaison": (Role.LIAISON, None, None, "舟山市定海区市场监督管理局"),
    "pt.court.liaison": (Role.LIAISON, None, None, "舟山市普陀区人民法院"),
    "jw.liaison": (Role.LIAISON, None, None, "舟山市定海区监察委员会"),
    "npc.observer": (Role.OBSERVER, "定检", None, None),
    "sysadmin": (Role.SYSADMIN, None, None, None),
    "secadmin": (Role.SECADMIN, None, None, None),
    "auditadmin": (Role.AUDITADMIN, None, None, None),
}


def test_the_demo_world(db, settings):
    """One load (≈5 s: a PDF per issued instrument), then every check on it."""
    settings.WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1/32"]  # as ./dev up (DEMO_MODE) allows
    with time_machine.travel(NOW, tick=False):
        summary = load_demo_world(today=TODAY)
    assert summary.created
    for check in (check_every_demo_md_account_has_its_role_and_unit,
                  check_the_three_administrators_hold_separate_permissions,
                  check_the_procuratorate_tree, check_the_agencies_and_who_supervises_them,
                  check_a_few_dozen_cases_across_the_four_kinds,
                  check_instruments_in_every_state_the_services_reach,
                  check_due_dates_land_in_every_bucket, check_the_bell_rings,
                  check_the_case_file, check_the_connections_to_other_systems,
                  check_a_second_load_creates_nothing):
        check(summary)


def check_every_demo_md_account_has_its_role_and_unit(summary):
    assert set(DEMO_MD_USERNAMES) <= set(EXPECTED)
    users = {u.username: u for u in User.objects.select_related(
        "procuratorate", "department", "agency")}
    for username, (role, procuratorate, department, agency) in EXPECTED.items():
        user = users[username]
        assert user.role == role, username
        assert (user.procuratorate.short_name if user.procuratorate else None) == procuratorate
        assert (user.department.name if user.department else None) == department, username
        assert (user.agency.name if user.agency else None) == agency, username
        assert user.display_name and user.is_active and not user.is_superuser
        assert user.is_staff == (role in {Role.SYSADMIN, Role.SECADMIN, Role.AUDITADMIN})
    assert users["dh.procurator"].check_password(PASSWORD)
    assert {login.username for login in summary.logins} >= set(EXPECTED)


def check_the_three_administrators_hold_separate_permissions(summary):
    sysadmin, secadmin, auditadmin = (User.objects.get(username=u)
                                      for u in ("sysadmin", "secadmin", "auditadmin"))
    assert sysadmin.has_perms(["supervision.change_procuratorate", "agencies.add_agency",
                               "supervision.change_periodrule", "supervision.add_calendarday",
                               "recommendations.change_instrumenttype", "supervision.add_user"])
    assert not sysadmin.has_perm("supervision.view_auditentry")
    assert not sysadmin.has_perm("auth.change_group")
    assert secadmin.has_perms(["auth.change_group", "auth.view_permission",
                               "supervision.change_user"])
    assert not secadmin.has_perm("supervision.add_user")
    assert not secadmin.has_perm("supervision.change_procuratorate")
    assert auditadmin.has_perm("supervision.view_auditentry")
    assert not auditadmin.has_perm("supervision.change_auditentry")
    assert not auditadmin.has_perm("supervision.change_user")


def check_the_procuratorate_tree(summary):
    tree = {p.short_name: p for p in Procuratorate.objects.select_related("parent")}
    assert set(tree) == {"浙检", "舟检", "定检", "普检"}
    assert tree["浙检"].parent is None and tree["浙检"].level == "provincial"
    assert tree["舟检"].parent == tree["浙检"] and tree["舟检"].level == "municipal"
    for short_name in ("定检", "普检"):
        assert tree[short_name].parent == tree["舟检"] and tree[short_name].level == "basic"
        assert tree[short_name].path.startswith(tree["舟检"].path)
    assert tree["定检"].name == "舟山市定海区人民检察院"
    departments = {(d.name, d.code) for d in tree["定检"].departments.all()}
    assert departments == {("第一检察部", "一"), ("第五检察部", "五"), ("第八检察部", "八"),
                           ("第九检察部", "九"), ("案件管理部", "案管")}
    assert {(d.name, d.code) for d in tree["普检"].departments.all()} == {
        ("第一检察部", "一"), ("第八检察部", "八")}


def check_the_agencies_and_who_supervises_them(summary):
    agencies = {a.name: a for a in Agency.objects.select_related("supervising_procuratorate")}
    assert len(agencies) == 9
    assert agencies["舟山市定海区监察委员会"].agency_type == "supervisory_commission"
    assert agencies["舟山市看守所"].agency_type == "detention"
    assert agencies["舟山市看守所"].supervising_procuratorate.short_name == "定检"
    assert agencies["舟山市看守所"].superior_authority == "舟山市公安局"
    assert agencies["舟山市定海区司法局"].agency_type == "judicial_administration"
    assert agencies["舟山市定海区市场监督管理局"].superior_authority == "舟山市市场监督管理局"
    for name in ("舟山市普陀区人民法院", "舟山市公安局普陀分局"):
        assert agencies[name].supervising_procuratorate.short_name == "普检"
    assert all(a.liaisons.exists() for a in agencies.values())


def check_a_few_dozen_cases_across_the_four_kinds(summary):
    cases = SupervisionCase.objects.select_related("kind", "matter", "procuratorate")
    assert cases.count() >= 30 and summary.cases == cases.count()
    assert {c.kind.code for c in cases} == {"criminal", "civil", "administrative",
                                           "public_interest"}
    assert all(not c.matter.children.exists() for c in cases)  # leaf matters only
    assert {c.procuratorate.short_name for c in cases} == {"定检", "普检"}
    assert cases.filter(assistant__username="dh.assistant").count() >= 3
    assert cases.filter(handler__username="dh.pil", kind__code="public_interest").exists()
    assert cases.filter(juvenile=True).exists()
    assert all(c.accepted_on <= TODAY for c in cases)


def check_instruments_in_every_state_the_services_reach(summary):
    statuses = set(Recommendation.objects.values_list("status", flat=True))
    assert statuses >= {InstrumentStatus.DRAFT, InstrumentStatus.PENDING_APPROVAL,
                        InstrumentStatus.APPROVED, InstrumentStatus.ISSUED,
                        InstrumentStatus.AWAITING_REPLY, InstrumentStatus.REPLIED}
    # Issue 6: the states the services now reach.
    assert statuses >= {InstrumentStatus.RECTIFICATION_PENDING, InstrumentStatus.FOLLOW_UP,
                        InstrumentStatus.UNDER_REVIEW, InstrumentStatus.WITHDRAWN,
                        InstrumentStatus.VOIDED, InstrumentStatus.CLOSED}
    assert Recommendation.objects.filter(status=InstrumentStatus.DRAFT).exclude(
        return_reason="").exists()
    for rec in Recommendation.objects.exclude(issued_on=None):
        assert rec.number and rec.pdf_sha256 and rec.issued_on <= TODAY
    # (an extended instrument's due date is the extension's, not the rule's)
    for rec in Recommendation.objects.exclude(served_on=None).filter(
            extensions__isnull=True).select_related("instrument_type__period_rule"):
        assert rec.issued_on <= rec.served_on <= TODAY
        if rec.instrument_type.period_rule is None:  # no reply owed (支持起诉意见书): no clock
            assert not rec.instrument_type.requires_reply and rec.due_date is None
            continue
        assert rec.due_date == compute_due_date(rec.instrument_type.period_rule,
                                                rec.served_on).due_date
    for reply in Reply.objects.select_related("recommendation", "author"):
        assert reply.author.agency_id == reply.recommendation.agency_id
        assert reply.recommendation.served_on <= reply.submitted_at.date() <= TODAY
    assert summary.instruments_by_status[InstrumentStatus.REPLIED] == Reply.objects.filter(
        recommendation__status=InstrumentStatus.REPLIED).count()


def check_due_dates_land_in_every_bucket(summary):
    awaiting = Recommendation.objects.filter(status=InstrumentStatus.AWAITING_REPLY)
    week = TODAY + datetime.timedelta(days=7)
    assert awaiting.filter(due_date=TODAY).exists()
    assert awaiting.filter(due_date__gt=TODAY, due_date__lte=week).exists()
    assert awaiting.filter(due_date__gt=week).exists()
    assert awaiting.filter(due_date__lt=TODAY,
                           due_date__gte=TODAY - datetime.timedelta(days=30)).exists()
    assert awaiting.filter(due_date__lt=TODAY - datetime.timedelta(days=30)).exists()
    assert awaiting.filter(due_date__lt=TODAY - datetime.timedelta(days=120)).exists()
    assert summary.due_today >= 1 and summary.due_within_7_days >= 1 and summary.overdue >= 3


def check_the_case_file(summary):
    from cases.models import (
        Attachment,
        ClueTransfer,
        InterferenceRecord,
        InvestigationMeasure,
        Party,
    )

    assert Party.objects.filter(kind="person").exclude(id_number_digest="").exists()
    assert Party.objects.filter(kind="organisation").exclude(id_number_digest="").exists()
    assert SupervisionCase.objects.filter(related_numbers__isnull=False).distinct().count() >= 20
    assert InvestigationMeasure.objects.count() >= 5
    # One refusal recorded by hand, and the material request the market regulator left
    # unanswered (demo/duties/material_requests.py), counted and escalated by the sweep.
    from duties.models import MaterialRequest

    silent = MaterialRequest.objects.filter(refusal_recorded_at__isnull=False)
    assert silent.count() == 1 and silent.get().measure.escalated_at is not None
    assert InvestigationMeasure.objects.filter(refused=True).count() == 1 + silent.count()
    assert set(MaterialRequest.objects.values_list("status", flat=True)) == {
        "sent", "answered", "accepted"}
    assert {a.extension for a in Attachment.objects.all()} == {"pdf", "png"}
    assert InterferenceRecord.objects.count() == 1
    # The case file's own transfer (to an organ outside the directory), and demo/duties/
    # clue_feedback.py's four to the commission and the police (issue 19).
    assert ClueTransfer.objects.filter(recipient_agency__isnull=True).count() == 1
    portal = ClueTransfer.objects.filter(recipient_agency__isnull=False)
    assert portal.count() == 4
    assert portal.filter(replied_on__isnull=False, reply_read_at__isnull=True).count() == 1
    assert portal.overdue(TODAY).count() == 1 and portal.running().count() == 2
    from cases.models import EarlyInvolvement, SupplementaryReturn

    assert EarlyInvolvement.objects.exclude(opinion="").count() == 1
    assert SupplementaryReturn.objects.running().count() == 1
    assert SupervisionCase.objects.filter(search_text__contains="扣押").exists()


def check_the_bell_rings(summary):
    assert not DeadlineEvent.objects.filter(delivered_at=None).exists()
    kinds = set(DeadlineEvent.objects.values_list("kind", "offset_days"))
    assert {("overdue", 1), ("reminder", 0), ("reminder", 7)} <= kinds
    procurator = User.objects.get(username="dh.procurator")
    assert Notification.objects.filter(recipient=procurator, event__isnull=False).exists()
    assert Notification.objects.filter(recipient__username="police.liaison").exists()


def check_the_connections_to_other_systems(summary):
    from integrations.models import WebhookDelivery, WebhookSubscription
    from supervision.models import ApiToken

    court = User.objects.get(username="court.liaison")
    assert ApiToken.objects.filter(user=court, scope="act", revoked_at=None).count() == 1
    platform = User.objects.get(username="zs.platform")
    assert platform.is_system_account and not platform.has_usable_password()
    assert ApiToken.objects.filter(user=platform, scope="read").count() == 1
    subscription = WebhookSubscription.objects.get(owner=court)
    # The court's reminders and overdue notices of the first sweep went into its outbox, and
    # none of another agency's.
    deliveries = WebhookDelivery.objects.filter(subscription=subscription)
    assert deliveries.exists()
    assert not deliveries.exclude(event__recommendation__agency=court.agency).exists()


def check_a_second_load_creates_nothing(summary):
    models = (User, Procuratorate, Agency, SupervisionCase, Recommendation, Reply,
              DeadlineEvent, Notification)
    before = {m: m.objects.count() for m in models}
    with time_machine.travel(NOW, tick=False):
        again = load_demo_world(today=TODAY)
    assert not again.created and summary.created
    assert {m: m.objects.count() for m in models} == before
    assert again.cases == summary.cases
    assert again.instruments_by_status == summary.instruments_by_status


def test_seed_demo_needs_demo_mode(db, settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="DEMO_MODE"):
        call_command("seed_demo")
    assert not Procuratorate.objects.exists()


def test_seed_demo_prints_the_logins_and_counts(db, settings):
    settings.DEMO_MODE = True
    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("seed_demo", stdout=out)
    text = out.getvalue()
    assert PASSWORD in text
    for username in DEMO_MD_USERNAMES:
        assert username in text
    assert "检察官助理" in text and "舟山市定海区人民检察院 第一检察部" in text
    assert "awaiting_reply" in text
    cases = SupervisionCase.objects.count()
    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("seed_demo", stdout=out)
    assert "已存在" in out.getvalue() and PASSWORD in out.getvalue()
    assert SupervisionCase.objects.count() == cases
