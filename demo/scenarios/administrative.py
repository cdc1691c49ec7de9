"""Administrative procuratorial work (行政检察): unlawful administrative acts, non-litigation
enforcement and the substantive resolution of administrative disputes.

Keyed by scenario name, which ``PLAN`` uses; see ``demo.scenarios.shapes`` for the fields
and the placeholders of the texts."""

from __future__ import annotations

from cases.choices import ClueSource
from demo.scenarios.shapes import InstrumentText, Scenario

SCENARIOS: dict[str, Scenario] = {
    "admin_illegal_act": Scenario(
        "administrative", (None, "行政违法行为监督"), "market", ClueSource.EX_OFFICIO,
        "{agency}行政处罚程序违法监督案",
        "本院在履职中发现，{agency}对{co}等五家小餐饮经营者作出的罚款处罚，均未告知当事人陈述、"
        "申辩权利，其中两件罚款数额达到听证标准却未告知听证权利。",
        (
            InstrumentText("recommendation", "关于规范行政处罚程序的检察建议",
                           "贵局对{co}等五家小餐饮经营者作出罚款处罚（包括{ref}等），处罚决定作出前均未告知当事人"
                           "陈述、申辩权利，其中两件未告知听证权利。",
                           "上述行政处罚程序违反《中华人民共和国行政处罚法》的规定。",
                           "《中华人民共和国行政处罚法》第四十四条、第六十三条；《中华人民共和国行政诉讼法》第十一条。",
                           "一、对上述案件依法自行纠正；\n二、开展行政处罚案卷评查，规范执法程序。",
                           "", ""),
        ),
        ref="舟定市监处罚〔{y}〕{n}号",
    ),
    "nonlitigation_execution": Scenario(
        "administrative", (None, "行政执行和非诉执行监督"), "court", ClueSource.EX_OFFICIO,
        "非诉行政执行案件久拖不决监督案",
        "本院在行政非诉执行监督专项活动中发现，{agency}受理的舟山市自然资源和规划局定海分局申请强制"
        "执行{p}违法占地行政处罚决定一案，受理后九个月未作出是否准予执行的裁定。",
        (
            InstrumentText("recommendation", "关于依法审查非诉行政执行申请的检察建议",
                           "贵院受理的非诉行政执行案件（{ref}）受理后九个月未作出是否准予执行的裁定。",
                           "该案审查期限远超法定期限，影响行政决定的执行。",
                           "《中华人民共和国行政诉讼法》第十一条、第九十七条。",
                           "一、依法及时作出裁定；\n二、清理积存的非诉行政执行审查案件。",
                           "", ""),
        ),
        ref="（{y}）{court}行审{n}号",
    ),
    "dispute_resolution": Scenario(
        "administrative", (None, "行政争议实质性化解"), "land", ClueSource.PARTY_APPLICATION,
        "{p}不服房屋征收补偿决定行政争议实质性化解案",
        "{p}不服{agency}作出的房屋征收补偿决定，行政诉讼经两审败诉后申请监督。经审查，生效裁判并无"
        "不当，但{p}的实际居住困难确实存在，本院拟组织公开听证，推动争议实质性化解。",
    ),
}
