"""Fixtures of the inspection tests: 舟山市看守所 supervised by 定检, and an inspection of it
by a team of 定检 (the procurator leads, the assistant is a member)."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from agencies.choices import AgencyType
from agencies.models import Agency
from inspections import services
from recommendations.models import InstrumentType
from supervision.choices import Role
from supervision.models import Matter, User

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=TZ)
TODAY = NOW.date()


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def detention(world) -> Agency:
    return Agency.objects.create(name="舟山市看守所", agency_type=AgencyType.DETENTION,
                                 supervising_procuratorate=world.dinghai,
                                 superior_authority="舟山市公安局")


@pytest.fixture
def chief(world) -> User:
    return User.objects.create_user(username="dh_chief", password="x" * 12, role=Role.CHIEF,
                                    procuratorate=world.dinghai, display_name="检察长")


@pytest.fixture
def other_procurator(world) -> User:
    """A procurator of 定检 who is not on the team."""
    return User.objects.create_user(username="dh_other", password="x" * 12,
                                    role=Role.PROCURATOR, procuratorate=world.dinghai,
                                    display_name="李其他")


@pytest.fixture
def custody_matter(world) -> Matter:
    return Matter.objects.get(kind__code="criminal", parent__name="刑事执行监督", name="监管活动违法")


@pytest.fixture
def correction_notice(world) -> InstrumentType:
    return InstrumentType.objects.get(code="correction_notice")


def plan(world, institution, **overrides):
    actor = overrides.pop("actor", world.procurator)
    values = {"kind": "circuit", "mode": "regular", "title": "2026年第四季度舟山市看守所巡回检察",
              "institution": institution, "leader": world.procurator,
              "members": [world.assistant], "start_date": datetime.date(2026, 11, 16),
              "end_date": datetime.date(2026, 11, 27),
              "scope": "监管执法\n安全防范\n被监管人权益保障"}
    values.update(overrides)
    return services.inspection_plan(actor=actor, **values)


@pytest.fixture
def inspection(world, detention, clock):
    return plan(world, detention)


@pytest.fixture
def running(world, inspection):
    return services.inspection_start(actor=world.procurator, inspection=inspection,
                                     started_on=datetime.date(2026, 11, 16))


@pytest.fixture
def finding(world, running):
    return services.finding_add(
        actor=world.assistant, inspection=running, category="custody",
        description="监室内被监管人超员关押，部分人员未按规定分押分管。",
        evidence="调阅11月16日至20日监室人员登记台账", severity="serious",
        found_on=datetime.date(2026, 11, 18))
