"""Shared makers of the transfer notice tests: the administrative organs' liaisons and a notice
filed through the service."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from agencies.choices import AgencyType
from agencies.models import Agency, LiaisonMembership
from cases.samples import tiny_pdf
from duties.services import transfer_notices as services
from supervision.choices import Role
from supervision.models import User


def liaison(username: str, agency: Agency) -> User:
    user = User.objects.create_user(username=username, password="test-pass-2026", role=Role.LIAISON,
                                    agency=agency, display_name=username)
    LiaisonMembership.objects.create(user=user, agency=agency)
    return user


def market_liaison(world) -> User:
    """The liaison of 舟山市定海区市场监督管理局 (an administrative organ of 定检)."""
    return User.objects.filter(username="market_liaison").first() or liaison("market_liaison", world.market)


def other_organ_liaison(world) -> User:
    """The liaison of another administrative organ of 定检 (agency B)."""
    existing = User.objects.filter(username="land_liaison").first()
    if existing:
        return existing
    land = Agency.objects.create(name="舟山市自然资源和规划局定海分局", agency_type=AgencyType.ADMINISTRATIVE,
                                 supervising_procuratorate=world.dinghai)
    return liaison("land_liaison", land)


def pdf(name: str = "移送书.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, tiny_pdf(), "application/pdf")


def file_notice(world, *, actor: User | None = None, transferred_on: datetime.date,
                letter: str = "舟定市监移〔2026〕1号", police=None, **kwargs):
    return services.transfer_notice_file(
        actor=actor or market_liaison(world), case_name=kwargs.pop("case_name", "某公司销售假冒注册商标商品案"),
        summary=kwargs.pop("summary", "查获假冒注册商标的白酒 600 余瓶，货值 30 余万元。"),
        admin_case_number=kwargs.pop("admin_case_number", "舟定市监罚〔2026〕88号"),
        suspect_kind=kwargs.pop("suspect_kind", "organisation"),
        suspect_name=kwargs.pop("suspect_name", "舟山某贸易有限公司"),
        letter_number=letter, transferred_on=transferred_on,
        police_agency=world.police if police is None else police or None,
        files=kwargs.pop("files", [pdf()]), **kwargs)
