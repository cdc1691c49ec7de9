"""The demo world's joint meetings and case consultations (issue 19), made through the services
as real use would: 定检's quarterly joint meeting with the police and the court (tasks done on
time, overdue, due soon, the procuratorate's own), a case consultation with the market
regulator (a completion awaiting confirmation), a meeting whose minutes are still being
written, and one of 普检 with its court — so that the staff list, the intake queue and each
liaison's portal page have something to show."""

from __future__ import annotations

import datetime

from duties.services import meetings as services


def build(builder) -> None:
    today = builder.today
    users, agencies = builder.users, builder.agencies

    def day(offset: int) -> datetime.date:
        return today + datetime.timedelta(days=offset)

    procurator, assistant = users["dh.procurator"], users["dh.assistant"]

    # 1. The quarterly joint meeting with the police and the court (seed 001 §3).
    joint = services.meeting_create(
        actor=procurator, kind="joint", title="公检法联席会议（本季度）", held_on=day(-60),
        place="舟山市定海区人民检察院第一会议室",
        topics="一、有案不立、立而不侦问题的通报；二、超审限案件的清理；三、信息共享机制。",
        agencies=[agencies["police"], agencies["court"]], participants=[assistant])
    ledger = services.meeting_task_add(
        actor=procurator, meeting=joint, description="公安分局建立受案立案台账，每月报送检察院",
        due_date=day(-30), owner_agency=agencies["police"])
    services.meeting_task_add(
        actor=procurator, meeting=joint, description="法院梳理超审限案件并报送清单",
        due_date=day(-10), owner_agency=agencies["court"])
    services.meeting_task_add(
        actor=procurator, meeting=joint, description="公安分局对挂案三年以上的案件逐件提出处理意见",
        due_date=day(20), owner_agency=agencies["police"])
    services.meeting_task_add(
        actor=procurator, meeting=joint, description="本院起草公检法信息共享工作办法（征求意见稿）",
        due_date=day(5), owner_user=assistant)
    services.meeting_save_minutes(
        actor=procurator, meeting=joint,
        minutes="会议通报了本季度立案监督情况，议定：公安分局建立受案立案台账；法院梳理超审限案件；"
                "本院牵头起草信息共享工作办法。各单位按期将落实情况报送检察院。")
    services.meeting_record(actor=procurator, meeting=joint)
    services.meeting_task_close(actor=users["police.liaison"], task=ledger, done_on=day(-33),
                                note="受案立案台账已建立，已报送第一期。")
    services.meeting_task_confirm(actor=procurator, task=ledger)

    # 2. A case consultation with the market regulator: its report awaits confirmation.
    consult = services.meeting_create(
        actor=procurator, kind="consultation", title="食品安全行政处罚案件会商", held_on=day(-12),
        place="舟山市定海区市场监督管理局", topics="涉嫌犯罪线索的移送标准",
        agencies=[agencies["market"]])
    standard = services.meeting_task_add(
        actor=procurator, meeting=consult, description="市场监管局梳理近一年涉嫌犯罪未移送的案件",
        due_date=day(10), owner_agency=agencies["market"])
    services.meeting_task_add(
        actor=procurator, meeting=consult, description="市场监管局明确案件移送的内部审核流程",
        due_date=day(3), owner_agency=agencies["market"])
    services.meeting_save_minutes(actor=procurator, meeting=consult,
                                  minutes="会商明确了涉嫌犯罪线索的移送标准和时限。")
    services.meeting_record(actor=procurator, meeting=consult)
    services.meeting_task_close(actor=users["market.liaison"], task=standard, done_on=day(-2),
                                note="已梳理 3 件，均已移送公安机关。")

    # 3. Minutes still being written: only the procuratorate sees it.
    draft = services.meeting_create(
        actor=procurator, kind="joint", title="监管场所安全工作联席会议", held_on=day(-1),
        place="舟山市看守所", topics="在押人员安全管理", agencies=[agencies["detention"]])
    services.meeting_task_add(
        actor=procurator, meeting=draft, description="看守所完善夜间巡查记录",
        due_date=day(30), owner_agency=agencies["detention"])

    # 4. 普检 and its court.
    putuo = services.meeting_create(
        actor=users["pt.procurator"], kind="joint", title="普陀区检法联席会议", held_on=day(-20),
        place="舟山市普陀区人民检察院", topics="民事执行监督", agencies=[agencies["pt_court"]])
    services.meeting_task_add(
        actor=users["pt.procurator"], meeting=putuo, description="法院报送终本案件清单",
        due_date=day(15), owner_agency=agencies["pt_court"])
    services.meeting_save_minutes(actor=users["pt.procurator"], meeting=putuo,
                                  minutes="议定法院报送终本案件清单。")
    services.meeting_record(actor=users["pt.procurator"], meeting=putuo)
    builder.say("联席会议：4 次，议定事项 9 项")
