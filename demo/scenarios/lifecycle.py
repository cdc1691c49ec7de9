"""The later life of instruments, on one case of 定检 addressed to the court: closed after
evaluation, rectification pending (回头看) with a supplementary reply, follow-up after 不采纳,
under review (异议), withdrawn (异议成立), extended with a reply being drafted, overdue and
urged with 跟进监督 asked of 舟检, voided, and a similar-case instrument (类案) to the court and
the police, whose reply waits for its responsible person's sign-off."""

from __future__ import annotations

from agencies.choices import AgencyType
from demo.scenarios.shapes import (
                                     Acknowledge,
                                     DecideReview,
                                     DraftText,
                                     Evaluate,
                                     Extend,
                                     FollowUp,
                                     Lifecycle,
                                     Reply,
                                     RequestReview,
                                     RequireSignoff,
                                     SaveReplyDraft,
                                     Serve,
                                     ServeBatch,
                                     SubmitReplyDraft,
                                     Supplement,
                                     Void,
)
from recommendations.choices import (
                                     EvaluationOutcome,
                                     FollowUpKind,
                                     ItemAnswer,
                                     ReviewKind,
                                     ReviewOutcome,
)

LIFECYCLE = Lifecycle(
    procuratorate="定检", agency_type=AgencyType.COURT, approver="dh.chief",
    instrument_type="recommendation",
    draft=DraftText(case_source="本院在办理{case}一案中发现。", facts="经调阅卷宗查明。",
                    problems="存在程序违法情形。", legal_basis="《中华人民共和国民事诉讼法》。",
                    body="一、依法纠正；二、健全制度；三、开展培训。"),
    reply=("已收悉并部署整改。", "修订制度，开展自查。"),
    steps=(
        Serve("fees", "关于规范诉讼费退费工作的检察建议", 40),
        Reply("fees"),
        Evaluate("fees", EvaluationOutcome.ADOPTED_RECTIFIED),
        Serve("payouts", "关于规范执行款发放工作的检察建议", 35),
        Reply("payouts"),
        Evaluate("payouts", EvaluationOutcome.ADOPTED_IN_PROGRESS),
        Serve("preservation", "关于规范财产保全工作的检察建议", 30),
        Reply("preservation"),
        Evaluate("preservation", EvaluationOutcome.NOT_ADOPTED, reasons="回复未说明整改措施。"),
        FollowUp("preservation", FollowUpKind.SUPERIOR_AUTHORITY, "通报上级法院。"),
        Serve("notice", "关于规范公告送达的检察建议", 20),
        RequestReview("notice", ReviewKind.OBJECTION, "本院已穷尽其他送达方式。"),
        Serve("procedure", "关于规范简易程序转换的检察建议", 25),
        RequestReview("procedure", ReviewKind.OBJECTION, "该案已依法转换程序。"),
        DecideReview("procedure", ReviewOutcome.UPHELD, "经复核，异议成立。"),
        Serve("transfers", "关于规范案件移送工作的检察建议", 50),
        Extend("transfers", 30, "该院申请，理由正当。"),
        Serve("time_limits", "关于规范审限管理的检察建议", 150),
        FollowUp("time_limits", FollowUpKind.URGE, "逾期未回复，发出催告。"),
        FollowUp("time_limits", FollowUpKind.HIGHER_PROCURATORATE,
                 "催告后仍未回复，提请舟山市人民检察院跟进监督。"),
        Serve("addresses", "关于规范文书送达地址确认的检察建议", -1),
        Void("addresses", "主送单位名称有误，重新制发。"),
        ServeBatch("joint", "关于规范涉企案件办理的类案检察建议", facts="多起案件存在同类问题。",
                   body="一、建立台账；二、定期通报。", also=("police",)),
        # Replies in progress: a supplement (补充回复) to a reply under rectification, a court
        # draft being written, and a police reply waiting for its responsible person.
        Supplement("payouts",
                   "补充回复：执行款发放台账已建立，已完成自查 126 件，发现问题 3 件均已纠正。"),
        SaveReplyDraft("transfers", "我院已组织专题会议研究，拟于本月底前完成整改。"),
        RequireSignoff("police"),
        Acknowledge("joint@police", by="police.liaison"),
        SaveReplyDraft("joint@police", "我局已采纳，逐项整改如下。", measures="建立涉企案件台账，按月通报。",
                       by="police.liaison", item_answer=(ItemAnswer.ADOPTED, "已落实")),
        SubmitReplyDraft("joint@police", by="police.liaison"),
    ),
    summary="文书流转：已评估、回头看、跟进监督、复议、延期、作废、类案各若干份",
)
