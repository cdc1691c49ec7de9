"""A case full of personal data (planted in its parties, its facts and its instrument), and
helpers to propose and publish from it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from cases.choices import PartyKind, PartyRole
from cases.models import SupervisionCase
from cases.services import PartyInput, RelatedNumberInput
from publication import services
from publication.models import TypicalCase
from supervision.ids import resident_id_check_char

ID_FIRST = "33090219900307123"
ID_NUMBER = ID_FIRST + resident_id_check_char(ID_FIRST)
ID_SECOND = "330902198511201234"[:17]
ID_NUMBER_2 = ID_SECOND + resident_id_check_char(ID_SECOND)

#: Strings that must never appear on a public page.
PLANTED = ("张三丰", "欧阳娜娜", "李四", "张三", "欧阳", "娜娜", "三丰", ID_NUMBER, ID_NUMBER_2,
           ID_NUMBER[-6:], "13812345678", "1381234", "0580-1234567", "1234567", "解放东路",
           "501室", "浙0902民初12号", "海丰渔业")

FACTS = (f"申请人张三丰（公民身份号码{ID_NUMBER}，手机13812345678，住浙江省舟山市定海区解放东路"
         f"12号3幢501室）与被申请人欧阳娜娜（身份证号{ID_NUMBER_2}，联系电话0580-1234567）、"
         "舟山市海丰渔业有限公司民间借贷纠纷一案，舟山市定海区人民法院作出（2025）浙0902民初12号判决。"
         "执行中，法院未经评估即拍卖张三丰名下房产，证人李四称曾多次向法院反映。")


@dataclass
class Planted:
    case: SupervisionCase

    def propose(self, actor, **texts) -> TypicalCase:
        return services.typical_case_propose(actor=actor, case=self.case, **{
            "title": "执行中违法处置财产检察监督案（张三丰申请）",
            "summary": FACTS,
            "achieved": "本院向法院制发检察建议，法院撤销拍卖，张三丰的房产得以保全。"
                        "如有疑问请联系 +86 138 1234 5678。",
            "significance": "欧阳娜娜一案表明，执行程序应当依法评估。",
            **texts})


@pytest.fixture
def planted(world) -> Planted:
    """A case of 定检 whose parties, facts and instrument hold names, ID numbers, telephone
    numbers and addresses."""
    case = world.register_case(
        title="张三丰申请执行监督案", summary=FACTS,
        parties=[PartyInput("张三丰", PartyKind.PERSON, PartyRole.APPLICANT, ID_NUMBER),
                 PartyInput("欧阳娜娜", PartyKind.PERSON, PartyRole.RESPONDENT, ID_NUMBER_2),
                 PartyInput("舟山市海丰渔业有限公司", PartyKind.ORGANISATION, PartyRole.THIRD_PARTY)],
        related_numbers=[RelatedNumberInput("（2025）浙0902民初12号")],
        assistant=world.assistant)
    world.served(datetime.date.today() - datetime.timedelta(days=3), case=case,
                 body=f"经查，申请人张三丰（手机13812345678）反映……{FACTS}", facts=FACTS)
    return Planted(case)
