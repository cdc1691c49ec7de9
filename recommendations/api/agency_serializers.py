"""What the agency's actions on an instrument take and answer (``agency_actions``): the
portal's forms (``recommendations.forms``) as API input, and the reply draft, review requests
and results as output. Input is checked for shape here; every rule is the service's."""

from __future__ import annotations

import json

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.utils import html

from recommendations.choices import ItemAnswer, ReviewKind, ReviewOutcome
from recommendations.models import ReplyDraft, ReplyDraftItem, ReviewRequest
from supervision.input_dates import DATE_BOUNDS

from .serializers import ReplySerializer

TEXT_LIMIT = 20000  # what a reply's text may hold (a form's textarea has no smaller bound)


class ItemAnswerInputSerializer(serializers.Serializer):
    """The answer to one numbered item (建议事项): as a row of the portal's item formset."""

    item = serializers.IntegerField(min_value=1, max_value=32767,
                                    help_text=_("建议事项的序号（item_number）。"))
    answer = serializers.ChoiceField(choices=ItemAnswer.choices, required=False, allow_blank=True,
                                     help_text=_("采纳情况；草稿中可暂不填写。"))
    measures = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_LIMIT,
                                     help_text=_("本项采取的措施。"))
    completed_on = serializers.DateField(required=False, allow_null=True, validators=DATE_BOUNDS,
                                         help_text=_("整改完成日期。"))
    evidence = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=99,
        help_text=_("本项证明材料：请求中 evidence 文件列表里的位置（从 0 起）。"))
    remove_evidence = serializers.BooleanField(
        required=False, default=False, help_text=_("仅草稿：删除此前上传的本项证明材料。"))


@extend_schema_field(ItemAnswerInputSerializer(many=True))
class ItemAnswersField(serializers.ListField):
    """The item answers: a JSON list, or in a multipart request one part holding that list as
    JSON text (files travel beside it in ``evidence``)."""

    default_error_messages = {"invalid_json": _("item_answers 须为 JSON 数组。")}

    def __init__(self, **kwargs) -> None:
        super().__init__(child=ItemAnswerInputSerializer(), max_length=200, **kwargs)

    def get_value(self, dictionary):
        if html.is_html_input(dictionary) and self.field_name in dictionary:
            return dictionary.get(self.field_name)
        return super().get_value(dictionary)

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                data = json.loads(data)
            except ValueError:
                self.fail("invalid_json")
        return super().to_internal_value(data)


class ReplyInputSerializer(serializers.Serializer):
    """The written reply (书面回复), or a supplement (补充回复) once the instrument is replied
    to: the portal's reply form and item formset. Send ``multipart/form-data`` to attach files
    (then ``item_answers`` is one part holding the JSON list)."""

    content = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_LIMIT,
                                    help_text=_("回复内容（逐项回复了每一项建议事项的，可不填）。"))
    measures = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_LIMIT,
                                     help_text=_("整改措施。"))
    attachment = serializers.FileField(required=False, allow_null=True,
                                       help_text=_("附件（PDF、OFD、Word、Excel 或图片）。"))
    item_answers = ItemAnswersField(required=False,
                                    help_text=_("逐项回复：每一项建议事项的采纳情况。"))
    evidence = serializers.ListField(
        child=serializers.FileField(), required=False, max_length=100,
        help_text=_("证明材料文件，由 item_answers 中各项的 evidence 按位置引用。"))

    def validate(self, attrs: dict) -> dict:
        files = attrs.get("evidence") or []
        numbers = [answer["item"] for answer in attrs.get("item_answers") or []]
        if len(numbers) != len(set(numbers)):
            raise serializers.ValidationError({"item_answers": _("每一项建议事项只能回复一次。")})
        for answer in attrs.get("item_answers") or []:
            index = answer.get("evidence")
            if index is not None and index >= len(files):
                raise serializers.ValidationError(
                    {"item_answers": _("证明材料的位置 %(index)s 没有对应的文件。") % {"index": index}})
        return attrs


class ReplyDraftInputSerializer(ReplyInputSerializer):
    """The draft reply as saved from the portal's form: incomplete is fine."""

    remove_attachment = serializers.BooleanField(required=False, default=False,
                                                 help_text=_("删除此前上传的附件。"))
    version = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=2**31 - 1,
        help_text=_("修改所依据的草稿版本（GET 所得）；他人已保存新版本的，拒绝保存。"))


class ExtensionRequestInputSerializer(serializers.Serializer):
    """申请延期: the date asked for and the reason, as the portal's form."""

    requested_due = serializers.DateField(validators=DATE_BOUNDS, help_text=_("申请延长至的日期。"))
    reason = serializers.CharField(max_length=TEXT_LIMIT, help_text=_("申请理由。"))


class ReviewRequestInputSerializer(serializers.Serializer):
    """异议/复议 or 复查, with the reasons, as the portal's form."""

    kind = serializers.ChoiceField(choices=ReviewKind.choices, help_text=_("类型：异议/复议或复查。"))
    reason = serializers.CharField(max_length=TEXT_LIMIT, help_text=_("异议或复查的理由。"))


class ReasonInputSerializer(serializers.Serializer):
    """A reason, required (退回理由)."""

    reason = serializers.CharField(max_length=TEXT_LIMIT, help_text=_("退回理由。"))


class ReviewRequestSerializer(serializers.ModelSerializer):
    """An objection or request for review, and what was decided on it."""

    kind_display = serializers.CharField(source="get_kind_display")
    #: Blank until decided.
    outcome = serializers.ChoiceField(choices=ReviewOutcome.choices, allow_blank=True,
                                      read_only=True)
    outcome_display = serializers.CharField(source="get_outcome_display")

    class Meta:
        model = ReviewRequest
        fields = ["id", "kind", "kind_display", "reason", "requested_at", "outcome",
                  "outcome_display", "decision_reason", "decided_at"]
        read_only_fields = fields


class ReplyResultSerializer(ReplySerializer):
    """A reply as sent, with its own address (``url``, what a retried request is pointed at)
    and its instrument's."""

    url = serializers.SerializerMethodField()
    recommendation = serializers.SerializerMethodField()

    class Meta(ReplySerializer.Meta):
        fields = ["url", "recommendation", *ReplySerializer.Meta.fields]
        read_only_fields = fields

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    def get_url(self, obj) -> str:
        return self._absolute(reverse("api-recommendation-reply-detail",
                                      args=[obj.recommendation_id, obj.pk]))

    def get_recommendation(self, obj) -> str:
        return self._absolute(reverse("api-recommendation-detail", args=[obj.recommendation_id]))


class ReplyDraftItemSerializer(serializers.ModelSerializer):
    """One item's answer in the draft."""

    item = serializers.IntegerField(source="item.number")
    evidence_url = serializers.SerializerMethodField()

    class Meta:
        model = ReplyDraftItem
        fields = ["item", "answer", "measures", "completed_on", "evidence_name", "evidence_url"]
        read_only_fields = fields

    def get_evidence_url(self, obj: ReplyDraftItem) -> str | None:
        if not obj.evidence:
            return None
        return reverse("api-recommendation-reply-draft-evidence",
                       args=[self.context["recommendation_id"], obj.item.number])


class ReplyDraftSerializer(serializers.ModelSerializer):
    """The agency's draft reply (the procuratorate never sees it)."""

    status_display = serializers.CharField(source="get_status_display")
    author = serializers.CharField(source="author.__str__")
    updated_by = serializers.CharField(source="updated_by.__str__", default=None)
    submitted_by = serializers.CharField(source="submitted_by.__str__", default=None)
    attachment_url = serializers.SerializerMethodField()
    items = ReplyDraftItemSerializer(many=True, read_only=True)

    class Meta:
        model = ReplyDraft
        fields = ["status", "status_display", "version", "author", "updated_by", "updated_at",
                  "content", "measures", "attachment_name", "attachment_url", "supplement_to",
                  "submitted_by", "submitted_at", "returned_reason", "items"]
        read_only_fields = fields

    def get_attachment_url(self, obj: ReplyDraft) -> str | None:
        if not obj.attachment:
            return None
        return reverse("api-recommendation-reply-draft-attachment", args=[obj.recommendation_id])


class ItemToAnswerSerializer(serializers.Serializer):
    """A numbered item (建议事项) the reply answers."""

    number = serializers.IntegerField()
    text = serializers.CharField()


class ReplyDraftStateSerializer(serializers.Serializer):
    """What the portal's reply section shows: what a reply written now would be, whether it
    can be edited and must be signed off, the items to answer, and the draft (null if none)."""

    reply_action = serializers.ChoiceField(
        choices=[("reply", _("书面回复")), ("supplement", _("补充回复"))], allow_null=True,
        help_text=_("现在提交的是回复（reply）还是补充回复（supplement）；不能回复时为 null。"))
    editable = serializers.BooleanField()
    needs_signoff = serializers.BooleanField(help_text=_("提交后须经单位负责人签发。"))
    is_responsible = serializers.BooleanField(help_text=_("当前用户是否为单位负责人。"))
    items = ItemToAnswerSerializer(many=True)
    draft = ReplyDraftSerializer(allow_null=True)


class DraftSubmitResultSerializer(serializers.Serializer):
    """Sending the draft: the reply sent, or the draft now awaiting sign-off."""

    sent = serializers.BooleanField(help_text=_("true：回复已送达检察院；false：已提请单位负责人签发。"))
    url = serializers.URLField(required=False, help_text=_("已送达的回复的地址。"))
    reply = ReplyResultSerializer(allow_null=True)
    draft = ReplyDraftSerializer(allow_null=True)

