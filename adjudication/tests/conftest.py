"""Fixtures of the adjudication tests: 定检's chief and a deputy chief (a member of its
leadership holding the approver role), a case of 定检 with its assistant, and a clock."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from adjudication import services
from supervision.choices import Role
from supervision.models import User

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=TZ)
TODAY = NOW.date()


def at(day: datetime.date, hour: int = 9, minute: int = 30) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=TZ)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def chief(world) -> User:
    return User.objects.create_user(username="dh_chief", password="x" * 12, role=Role.CHIEF,
                                    procuratorate=world.dinghai, display_name="李检察长")


@pytest.fixture
def deputy(world) -> User:
    return User.objects.create_user(username="dh_deputy", password="x" * 12,
                                    role=Role.APPROVER, procuratorate=world.dinghai,
                                    display_name="赵副检察长")


@pytest.fixture
def case(world, clock):
    return world.register_case(accepted_on=datetime.date(2026, 9, 1), assistant=world.assistant,
                               title="张某故意伤害案刑事审判监督")


def notice(world, actor, *, case=None, day=datetime.date(2026, 11, 20), meeting=None,
           **kwargs):
    """A notice received on ``day`` of a meeting on the 26th (or ``meeting``)."""
    values = {"court": world.court, "subject": "张某故意伤害抗诉案", "category": "protest",
              "notice_received_on": day, "court_case_number": "（2026）浙0902刑初88号",
              "meeting_at": meeting or at(datetime.date(2026, 11, 26), 14, 30),
              "place": "定海区人民法院第一会议室", "agenda": "讨论张某故意伤害抗诉案"}
    values.update(kwargs)
    return services.attendance_create(actor=actor, case=case, **values)


def attended(world, chief, **kwargs):
    """A notice of a meeting held on the 20th, attended by the chief."""
    record = notice(world, kwargs.pop("actor", world.approver), day=datetime.date(2026, 11, 16),
                    meeting=at(datetime.date(2026, 11, 20), 14, 30), **kwargs)
    return services.attendance_attend(actor=chief, attendance=record, attendee=chief,
                                      attended_at=at(datetime.date(2026, 11, 20), 14, 30),
                                      opinion="原判量刑畸轻，建议依法改判。")
