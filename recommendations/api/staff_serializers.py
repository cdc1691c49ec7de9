"""What the procuratorate's actions on an instrument take and answer through the API (issue 17,
``recommendations.api.staff_actions``).

The request serializers parse the body into values of the right type (a date, a whole number, a
choice); the rules on those values are the page's own form's and the service's, applied by the
action (``staff_actions._page_form``) — nothing here repeats them. The response serializers show
an instrument's child rows as the staff page of the instrument lists them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from recommendations.choices import (
    ApprovalLevel,
    CommitteeDecisionKind,
    EvaluationOutcome,
    FollowUpKind,
    ReviewOutcome,
    ServiceMethod,
)
from recommendations.models import (
    ApprovalStep,
    CommitteeDecision,
    Evaluation,
    FollowUp,
    ItemEvaluation,
    RecommendationExtension,
    RecommendationItem,
    ReviewRequest,
)
from supervision.choices import PeriodUnit

_TEXT = 20_000  # longer than any section a drafting page accepts


def _text(label, *, required: bool = True, max_length: int = _TEXT, **kwargs) -> serializers.CharField:
    return serializers.CharField(label=label, required=required, allow_blank=not required,
                                 max_length=max_length, trim_whitespace=False, **kwargs)


def _id(label, **kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(label=label, min_value=1, max_value=2**63 - 1, **kwargs)


# --- Requests ----------------------------------------------------------------------------------

class StaffDraftInputSerializer(serializers.Serializer):
    """拟稿: the drafting page's fields. A section the type does not have is not saved."""

    case = _id(_("监督案件"), help_text=_("在哪个监督案件上拟制文书。"))
    instrument_type = _id(_("文书类型"))
    agency = _id(_("主送单位"), help_text=_("须为本院监督的单位。"))
    title = _text(_("标题"), max_length=200)
    case_source = _text(_("案件来源"), required=False)
    facts = _text(_("查明的事实"), required=False)
    problems = _text(_("存在的问题"), required=False)
    legal_basis = _text(_("法律依据"), required=False)
    body = _text(_("建议内容"), help_text=_("逐项写明，每项另起一行，以“一、”“二、”或“1.”开头。"))
    period_amount = serializers.IntegerField(
        label=_("紧急情形：文书载明的较短回复期限"), required=False, allow_null=True,
        min_value=1, max_value=365)
    period_unit = serializers.ChoiceField(label=_("期限单位"), choices=PeriodUnit.choices,
                                          required=False, allow_blank=True)
    period_reason = _text(_("缩短期限的理由"), required=False)
    urgency_reason = _text(_("紧急情形"), required=False, help_text=_(
        "财产保全建议、证据保全建议必须写明紧急情形（如财产可能被转移、证据可能灭失）。"))
    items = serializers.ListField(
        label=_("建议事项"), child=serializers.CharField(max_length=_TEXT), required=False,
        max_length=100,
        help_text=_("逐项的建议事项；不填则按建议内容中的编号拆分。"))


class StaffBatchDraftInputSerializer(StaffDraftInputSerializer):
    """类案检察建议: the same draft to several agencies (two or more) at once."""

    agency = None
    agencies = serializers.ListField(
        label=_("主送单位（多个）"), child=_id(_("主送单位")), min_length=1, max_length=100,
        help_text=_("至少两个本院监督的单位；审批后按主送单位分别编号签发。"))


class StaffDraftUpdateSerializer(StaffDraftInputSerializer):
    """修改草稿: any of the drafting fields; those not sent keep their value. The items are read
    again from the operative section, as on the page."""

    case = None
    items = None

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("partial", True)
        super().__init__(*args, **kwargs)


class StaffApproveSerializer(serializers.Serializer):
    """审批同意, with the approver's opinion if any (审批意见)."""

    opinion = _text(_("审批意见"), required=False, max_length=2000)


class StaffCommitteeDecisionInputSerializer(serializers.Serializer):
    """检察委员会决定, recorded by the chief after the meeting."""

    meeting_on = serializers.DateField(label=_("会议日期"), help_text=_("不能晚于今天。"))
    session_number = serializers.IntegerField(label=_("会议次数"), min_value=1, max_value=999,
                                              help_text=_("本年度第几次检察委员会会议。"))
    decision = serializers.ChoiceField(label=_("决定"), choices=CommitteeDecisionKind.choices)
    summary = _text(_("表决情况和决定理由"), max_length=5000)
    minutes_reference = _text(_("会议纪要编号"), required=False, max_length=100)


class ApprovalStepSerializer(serializers.ModelSerializer):
    """One approver's step at one level (审批记录)."""

    level_display = serializers.CharField(source="get_level_display", read_only=True)
    outcome_display = serializers.CharField(source="get_outcome_display", read_only=True)
    decided_by = serializers.CharField(source="decided_by.__str__", read_only=True)

    class Meta:
        model = ApprovalStep
        fields = ["level", "level_display", "outcome", "outcome_display", "decided_by",
                  "decided_at", "opinion"]
        read_only_fields = fields


class CommitteeDecisionSerializer(serializers.ModelSerializer):
    """The procuratorial committee's decision (检察委员会决定)."""

    decision_display = serializers.CharField(source="get_decision_display", read_only=True)
    recorded_by = serializers.CharField(source="recorded_by.__str__", read_only=True)

    class Meta:
        model = CommitteeDecision
        fields = ["id", "meeting_on", "session_number", "decision", "decision_display",
                  "summary", "minutes_reference", "recorded_by", "recorded_at"]
        read_only_fields = fields


class ChainLevelSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=ApprovalLevel.choices, read_only=True)
    label = serializers.CharField(read_only=True)
    state = serializers.ChoiceField(choices=[("done", _("已完成")), ("waiting", _("正在等待")),
                                             ("later", _("尚未到达"))], read_only=True)


class StaffApprovalSerializer(serializers.Serializer):
    """An instrument's approval: the level it waits at, its chain in this round, every step,
    the committee's decisions."""

    approval_stage = serializers.CharField(read_only=True)
    chain = ChainLevelSerializer(many=True, read_only=True)
    steps = ApprovalStepSerializer(many=True, read_only=True)
    committee_decisions = CommitteeDecisionSerializer(many=True, read_only=True)


class StaffReasonSerializer(serializers.Serializer):
    """A reason: returning a draft (退回修改), voiding (作废) or closing (办结)."""

    reason = _text(_("理由"), max_length=5000)


class StaffServeSerializer(serializers.Serializer):
    """登记送达: the date on the signed 送达回证 and how it was served."""

    served_on = serializers.DateField(label=_("送达日期"), help_text=_("不能晚于今天。"))
    method = serializers.ChoiceField(label=_("送达方式"), choices=ServiceMethod.choices,
                                     default=ServiceMethod.DIRECT)


class StaffReceiptSerializer(serializers.Serializer):
    """上传送达回证: the file the agency signed (multipart)."""

    receipt = serializers.FileField(label=_("签收的送达回证"),
                                    help_text=_("PDF、OFD、JPG、PNG，按内容校验类型。"))


class StaffExtendSerializer(serializers.Serializer):
    """延长回复期限: a number of days added to the current due date, or the new date (one of
    the two), with the reason."""

    days = serializers.IntegerField(label=_("延长天数"), required=False, allow_null=True,
                                    min_value=1, max_value=366)
    new_due = serializers.DateField(label=_("延长至"), required=False, allow_null=True)
    reason = _text(_("延期理由"), max_length=5000)


class StaffExtensionDecisionSerializer(StaffExtendSerializer):
    """The decision on the agency's request for more time: ``grant`` (with the days or the new
    date, as when extending) or ``refuse`` (with the reason the agency is told)."""

    decision = serializers.ChoiceField(label=_("决定"), choices=[
        ("grant", _("准许延期")), ("refuse", _("不予准许"))])


class StaffReviewDecisionSerializer(serializers.Serializer):
    """The decision on an objection or request for review (异议/复议、复查)."""

    outcome = serializers.ChoiceField(label=_("决定"), choices=ReviewOutcome.choices)
    reason = _text(_("决定理由"), max_length=5000)


class StaffItemEvaluationInputSerializer(serializers.Serializer):
    item_id = _id(_("建议事项"))
    outcome = serializers.ChoiceField(label=_("评估结论"), choices=EvaluationOutcome.choices)
    note = _text(_("说明"), required=False, max_length=5000)


class StaffEvaluateSerializer(serializers.Serializer):
    """评估回复: the outcome of the latest reply, and (optionally) one per numbered item —
    then every item."""

    outcome = serializers.ChoiceField(label=_("评估结论"), choices=EvaluationOutcome.choices)
    reasons = _text(_("理由"), required=False, max_length=5000,
                    help_text=_("不采纳、部分采纳、异议成立时必须填写。"))
    verify = serializers.BooleanField(label=_("整改到位的，仍安排回头看"), default=False)
    items = StaffItemEvaluationInputSerializer(many=True, required=False, max_length=100)


class StaffVerifySerializer(serializers.Serializer):
    """核查整改情况 (回头看): rectified or not, and what the check found."""

    rectified = serializers.BooleanField(label=_("整改到位"))
    note = _text(_("核查情况"), max_length=5000)


class StaffFollowUpInputSerializer(serializers.Serializer):
    """跟进监督: one step (催告, 提请上级院 …) after the period ran out or the reply fell short."""

    kind = serializers.ChoiceField(label=_("跟进方式"), choices=FollowUpKind.choices)
    recipient = _text(_("对象"), required=False, max_length=200,
                      help_text=_("留空：上级机关/主管部门、上级院按登记信息填写。"))
    note = _text(_("情况说明"), max_length=5000)


class StaffHigherActionSerializer(serializers.Serializer):
    """What the higher procuratorate did on a 跟进监督 request made to it."""

    action = _text(_("上级院跟进监督情况"), max_length=5000)


# --- Responses ---------------------------------------------------------------------------------

class InstrumentItemSerializer(serializers.ModelSerializer):
    """One numbered item (建议事项) of the instrument."""

    class Meta:
        model = RecommendationItem
        fields = ["id", "number", "text"]
        read_only_fields = fields


class StaffExtensionSerializer(serializers.ModelSerializer):
    """An extension of the reply period: the agency's request (``requested_*``) and the
    decision, or the procurator's own extension. ``id`` names it for ``…/decide/``."""

    status_display = serializers.CharField(source="get_status_display", read_only=True)
    requested_by = serializers.CharField(source="requested_by.__str__", default=None,
                                         read_only=True)
    decided_by = serializers.CharField(source="decided_by.__str__", default=None,
                                       read_only=True)

    class Meta:
        model = RecommendationExtension
        fields = ["id", "status", "status_display", "requested_by", "requested_at",
                  "requested_due", "request_reason", "old_due", "new_due", "reason",
                  "decided_by", "decided_at"]
        read_only_fields = fields


class LiaisonExtensionSerializer(StaffExtensionSerializer):
    """The agency's own request as its liaison sees it: no names of the procuratorate's
    staff."""

    class Meta(StaffExtensionSerializer.Meta):
        fields = [f for f in StaffExtensionSerializer.Meta.fields if f != "decided_by"]
        read_only_fields = fields


class StaffReviewRequestSerializer(serializers.ModelSerializer):
    """An objection or request for review (异议/复议、复查) and its decision. ``id`` names it for
    ``…/reviews/{id}/decide/``."""

    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    outcome_display = serializers.CharField(source="get_outcome_display", read_only=True)

    class Meta:
        model = ReviewRequest
        fields = ["id", "kind", "kind_display", "reason", "requested_at", "outcome",
                  "outcome_display", "decision_reason", "decided_at"]
        read_only_fields = fields


class StaffItemEvaluationSerializer(serializers.ModelSerializer):
    item_number = serializers.IntegerField(source="item.number", read_only=True)
    outcome_display = serializers.CharField(source="get_outcome_display", read_only=True)

    class Meta:
        model = ItemEvaluation
        fields = ["item_id", "item_number", "outcome", "outcome_display", "note", "rectified"]
        read_only_fields = fields


class StaffEvaluationSerializer(serializers.ModelSerializer):
    """An evaluation of a reply, per item too, and the later check of rectification."""

    outcome_display = serializers.CharField(source="get_outcome_display", read_only=True)
    evaluated_by = serializers.CharField(source="evaluated_by.__str__", read_only=True)
    verified_by = serializers.CharField(source="verified_by.__str__", default=None,
                                        read_only=True)
    item_evaluations = StaffItemEvaluationSerializer(many=True, read_only=True)

    class Meta:
        model = Evaluation
        fields = ["id", "reply", "outcome", "outcome_display", "reasons", "evaluated_by",
                  "evaluated_at", "rectified", "verification_note", "verified_by",
                  "verified_at", "item_evaluations"]
        read_only_fields = fields


class StaffFollowUpSerializer(serializers.ModelSerializer):
    """One follow-up step (跟进监督), and the higher procuratorate's action on it."""

    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    created_by = serializers.CharField(source="created_by.__str__", read_only=True)
    higher_procuratorate = serializers.CharField(source="higher_procuratorate.name",
                                                 default=None, read_only=True)
    higher_action_by = serializers.CharField(source="higher_action_by.__str__", default=None,
                                             read_only=True)

    class Meta:
        model = FollowUp
        fields = ["id", "kind", "kind_display", "taken_on", "recipient", "note", "created_by",
                  "created_at", "new_recommendation", "higher_procuratorate", "higher_action",
                  "higher_action_by", "higher_action_at"]
        read_only_fields = fields
