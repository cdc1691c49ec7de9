"""The case file of a few demo cases: investigation measures (调查核实, one refused by the
agency), their records as files, a clue transferred to a supervisory commission, a screenshot,
and a record of someone's intervening in a case (过问干预)."""

from __future__ import annotations

from cases.choices import InterferenceManner, MeasureType, TransferRecipient
from demo.scenarios.shapes import Attachment, CaseFileEntry, ClueTransfer, Interference, Measure

#: Name of the file each measure's record is kept in.
MEASURE_RECORD = "{measure}笔录.pdf"

CASE_FILE = (
    CaseFileEntry("theft_not_filed", Measure(
        MeasureType.INQUIRY, "被害人",
        result="被害人陈述三辆电动自行车被盗经过，提供购车凭证和报案回执。")),
    CaseFileEntry(
        "long_pending",
        Measure(MeasureType.FILE_REVIEW, "舟山市公安局定海分局经侦大队",
                result="调阅立案侦查卷宗，立案后近二十个月无实质性侦查活动记录。"),
        attachments=(Attachment("涉案企业账户冻结情况截图", "冻结情况.png"),),
        interference=Interference(
            "某某", "某区某局副局长", InterferenceManner.PHONE,
            "来电询问该案办理进度，并提出“企业是纳税大户，请检察院关照”。承办检察官告知依法办理，"
            "并按规定如实记录。")),
    CaseFileEntry("passive_enforcement", Measure(
        MeasureType.FILE_REVIEW, "舟山市定海区人民法院执行局",
        refusal="执行局以“卷宗正在归档”为由，两次拒绝提供执行卷宗供调阅，亦未说明归档完成时间。")),
    CaseFileEntry(
        "illegal_evidence",
        Measure(MeasureType.EVIDENCE, "执法办案中心", result="调取讯问同步录音录像，显示连续讯问十四小时。"),
        transfer=ClueTransfer(
            TransferRecipient.SUPERVISORY_COMMISSION, "舟山市普陀区监察委员会",
            "办案民警在讯问中连续十余小时疲劳讯问、笔录复制粘贴，涉嫌滥用职权的线索。",
            "普检一移〔{year}〕1号")),
    CaseFileEntry("farmland", Measure(
        MeasureType.INSPECTION, "定海区某街道涉案地块", result="现场勘验：硬化面积约九亩，建有堆场。")),
)
