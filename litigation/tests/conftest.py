"""Fixtures of the litigation tests: public-interest cases of 定检, its chief, a court."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from recommendations.models import InstrumentType
from supervision.choices import Role
from supervision.models import Matter, User

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=TZ)
TODAY = NOW.date()
D = datetime.date


def at(day: datetime.date, hour: int = 9, minute: int = 30) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=TZ)


def travel(day: datetime.date):
    return time_machine.travel(at(day), tick=False)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def chief(world) -> User:
    return User.objects.create_user(username="dh_chief", password="x" * 12, role=Role.CHIEF,
                                    procuratorate=world.dinghai, display_name="林海")


@pytest.fixture
def pil_matter() -> Matter:
    return Matter.objects.filter(kind__code="public_interest", children__isnull=True).order_by(
        "order", "pk").first()


@pytest.fixture
def pil_case(world, clock, pil_matter):
    """A public-interest case (a polluted river) accepted on 20 August 2026."""
    return world.register_case(matter=pil_matter, agency=world.market,
                               accepted_on=D(2026, 8, 20), title="某化工厂非法排污损害公益案",
                               assistant=world.assistant)


@pytest.fixture
def pre_litigation_type() -> InstrumentType:
    return InstrumentType.objects.get(code="pil_pre_litigation")
