"""The demo world's juvenile work (docs/juvenile.md): the community-correction case of a minor
(``community_correction_minor``, dh.procurator's) gets its record sealed (犯罪记录封存) once its
instrument has been answered — so that ``./dev up`` shows the masked name in dh.procurator's
list, the juvenile department's view (dh.juvenile), the 已封存 banner, and that dh.pil, the
supervisors above and the exports do not see the case. Through the service, as real use
would."""

from __future__ import annotations

import datetime

from cases.models import SupervisionCase
from cases.services import case_record_seal

#: The basis the handler writes when sealing.
SEAL_REASON = ("未成年社区矫正对象犯罪时不满十八周岁，被判处五年有期徒刑以下刑罚，依照《中华人民共和国"
               "刑事诉讼法》第二百八十六条封存其犯罪记录；本监督案件的案卷材料一并封存。")


def juvenile_demo_case(builder) -> SupervisionCase | None:
    """The minor's community-correction case (the one juvenile case with a person)."""
    pk = next((pk for scenario, _agency, pk in builder.cases
               if scenario == "community_correction_minor"), None)
    return SupervisionCase.objects.get(pk=pk) if pk is not None else None


def build(builder) -> None:
    case = juvenile_demo_case(builder)
    if case is None:
        return
    sealed_on = max(case.accepted_on, builder.today - datetime.timedelta(days=20))
    while not builder.calendar.is_workday(sealed_on) and sealed_on > case.accepted_on:
        sealed_on -= datetime.timedelta(days=1)
    case_record_seal(actor=case.handler, case=case, reason=SEAL_REASON, sealed_on=sealed_on)
    builder.say(f"未成年人检察：{case.number} 犯罪记录已封存")
