"""Executing organs and their liaisons for the commutation tests (the persona world has a
court and the police, no prison)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from agencies.choices import AgencyType
from agencies.models import Agency, LiaisonMembership
from cases.samples import tiny_pdf
from duties.models import CommutationProposal
from duties.services import commutation as services
from supervision.choices import Role
from supervision.models import User
from tests.world import PASSWORD, World

BEIJING = ZoneInfo("Asia/Shanghai")


@dataclass
class Organs:
    prison: Agency
    prison_liaison: User
    pt_prison: Agency
    pt_prison_liaison: User


def _liaison(username: str, agency: Agency) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, role=Role.LIAISON,
                                    agency=agency, display_name=f"{agency.name}联络员")
    LiaisonMembership.objects.create(user=user, agency=agency)
    return user


def build_organs(world: World) -> Organs:
    prison = Agency.objects.create(name="浙江省舟山监狱", agency_type=AgencyType.PRISON,
                                   supervising_procuratorate=world.dinghai,
                                   superior_authority="浙江省监狱管理局")
    pt_prison = Agency.objects.create(name="舟山市普陀区看守所", agency_type=AgencyType.DETENTION,
                                      supervising_procuratorate=world.putuo,
                                      superior_authority="舟山市公安局普陀分局")
    return Organs(prison=prison, prison_liaison=_liaison("prison_liaison", prison),
                  pt_prison=pt_prison, pt_prison_liaison=_liaison("pt_prison_liaison", pt_prison))


def at(day: datetime.date, hour: int = 10):
    """time_machine at ``day`` ``hour``:00 Beijing time."""
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, hour,
                                                 tzinfo=BEIJING), tick=False)


def upload(name: str = "减刑建议书.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, tiny_pdf("proposal"), content_type="application/pdf")


def file_proposal(actor: User, court: Agency, *, number: str = "（2026）浙舟狱减字第12号",
                  kind: str = "commutation", **kwargs) -> CommutationProposal:
    fields = {"person_name": "张三", "judgment_number": "（2023）浙0902刑初88号",
              "judgment": "盗窃罪，有期徒刑五年", "proposal": "建议减去有期徒刑六个月",
              "person_id_number": "", **kwargs}
    return services.commutation_file(actor=actor, kind=kind, proposal_number=number,
                                      court=court, upload=upload(), **fields)
