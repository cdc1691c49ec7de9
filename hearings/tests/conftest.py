"""Fixtures of the hearing tests: a case of 定检 with a register of people's supervisors."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from hearings import services
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
                                    procuratorate=world.dinghai, display_name="检察长")


@pytest.fixture
def case(world, clock):
    return world.register_case(accepted_on=datetime.date(2026, 9, 1),
                               title="定海区人民法院执行案件监督案")


@pytest.fixture
def register(world, clock) -> dict:
    """Three people's supervisors on 舟检's register (which 定检 may invite from) and one whose
    term ended, one suspended, one on 普检's register."""
    approver_zs = User.objects.create_user(username="zs_approver", password="x" * 12,
                                           role=Role.APPROVER, procuratorate=world.city)
    term = {"term_start": datetime.date(2023, 5, 1), "term_end": datetime.date(2028, 4, 30),
            "appointed_by": "舟山市司法局"}
    made = {
        "li": services.people_supervisor_create(actor=approver_zs, name="李海明",
                                                expertise="律师", phone="13812345678", **term),
        "zhang": services.people_supervisor_create(actor=approver_zs, name="张秀英",
                                                   expertise="社区工作", **term),
        "wang": services.people_supervisor_create(actor=approver_zs, name="王志远",
                                                  expertise="会计", **term),
        "ended": services.people_supervisor_create(
            actor=approver_zs, name="赵退任", appointed_by="舟山市司法局",
            term_start=datetime.date(2019, 5, 1), term_end=datetime.date(2024, 4, 30)),
        "suspended": services.people_supervisor_create(actor=approver_zs, name="钱暂停",
                                                       status="suspended", **term),
    }
    pt_approver = User.objects.get(username="pt_approver")
    made["putuo"] = services.people_supervisor_create(actor=pt_approver, name="孙普陀", **term)
    made["approver_zs"] = approver_zs
    return made
