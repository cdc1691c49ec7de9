"""The agency's actions on an instrument through the API (issue 17): each calls the same
service as the portal page (``portal.views.instrument``) after the same checks — the portal is
the liaisons' alone (``require_role(LIAISON_ROLES)``: anyone else is told 404, as there) and
the instrument is found by ``get_recommendation_for_user`` (404 if not theirs). A service's
refusal answers 400/403 through the base viewset's exception handler. Mixed into
``RecommendationViewSet``.

Downloads (the frozen PDF, a reply's attachment and evidence, the draft's files) go through the
same permission function as the page that serves them and ``stored_file_response``."""

from __future__ import annotations

import json

from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from recommendations import services
from recommendations.choices import ReplyDraftStatus
from recommendations.documents import render_receipt_pdf
from recommendations.models import (
    Recommendation,
    Reply,
    ReplyDraft,
    ReplyDraftItem,
    ReplyItemAnswer,
)
from recommendations.permissions import get_recommendation_for_user, get_reply_for_user
from recommendations.services import extensions, replies
from supervision.api.idempotency import HEADER
from supervision.permissions import LIAISON_ROLES, require_role
from supervision.services.audit import audit_record
from supervision.uploads import ALLOWED_KINDS, stored_file_response

from .agency_serializers import (
    DraftSubmitResultSerializer,
    ExtensionRequestInputSerializer,
    ReasonInputSerializer,
    ReplyDraftInputSerializer,
    ReplyDraftSerializer,
    ReplyDraftStateSerializer,
    ReplyInputSerializer,
    ReplyResultSerializer,
    ReviewRequestInputSerializer,
    ReviewRequestSerializer,
)
from .serializers import ExtensionSerializer, RecommendationListSerializer

TAG = ["instruments-agency"]
IDEMPOTENCY = OpenApiParameter(
    HEADER, OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
    description=gettext_lazy("同一操作重试时使用同一键值（如 UUID）：只办理一次，重复的请求答复 409 "
                             "并指向第一次的结果。"))
ITEM_NUMBER = OpenApiParameter("item_number", OpenApiTypes.INT, OpenApiParameter.PATH,
                               description=gettext_lazy("建议事项的序号。"))
REPLY_ID = OpenApiParameter("reply_pk", OpenApiTypes.INT, OpenApiParameter.PATH,
                            description=gettext_lazy("回复的 id。"))
#: A stored upload is one of these kinds (``supervision.uploads.ALLOWED_KINDS``).
FILE_RESPONSES = {(200, media): OpenApiTypes.BINARY for media in sorted(set(ALLOWED_KINDS.values()))}
NOT_FOUND = OpenApiResponse(description=gettext_lazy("文书（或文件）不存在，或无权查看。"))


class DownloadRenderer(BaseRenderer):
    """Lets a download be asked for with any ``Accept`` (``application/pdf`` …): the file
    itself is a ``FileResponse`` that no renderer touches; an error on the way is JSON."""

    media_type = "*/*"
    format = "download"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        response = (renderer_context or {}).get("response")
        if response is not None:
            response["Content-Type"] = "application/json"
        return json.dumps(data, ensure_ascii=False).encode() if data is not None else b""


DOWNLOAD_RENDERERS = [JSONRenderer, DownloadRenderer]


def _pk(value) -> int:
    try:
        pk = int(value)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < pk < 2**63:  # no row has it, and the database would refuse the number
        raise Http404
    return pk


def _item_answers(rec: Recommendation, data: dict) -> list[services.ItemAnswerInput] | None:
    """The service's item answers from the request (item numbers to item ids, evidence
    indexes to the uploaded files); None when the request gave none."""
    given = data.get("item_answers")
    if given is None:
        return None
    ids = {item.number: item.pk for item in rec.items.all()}
    files = data.get("evidence") or []
    answers = []
    for row in given:
        if row["item"] not in ids:
            raise DRFValidationError({"item_answers": [
                _("没有第 %(number)s 项建议事项。") % {"number": row["item"]}]})
        index = row.get("evidence")
        answers.append(services.ItemAnswerInput(
            item_id=ids[row["item"]], answer=row.get("answer") or "",
            measures=row.get("measures") or "", completed_on=row.get("completed_on"),
            evidence=files[index] if index is not None else None,
            remove_evidence=row.get("remove_evidence", False)))
    return answers


class AgencyActionsMixin:
    """Actions of an agency's liaison (or its system) on ``/api/recommendations/…``."""

    # --- finding the instrument as the portal does ------------------------------------------

    def _agency_instrument(self, request, pk) -> Recommendation:
        """The instrument for one of its agency's liaisons (portal: ``portal_detail``)."""
        require_role(request.user, LIAISON_ROLES)
        return get_recommendation_for_user(request.user, _pk(pk))

    # --- 签收 ----------------------------------------------------------------------------------

    @extend_schema(
        tags=TAG, summary=gettext_lazy("签收文书"),
        description=gettext_lazy(
            "主送单位联络员签收已发出的文书（电子送达），回复期限自次日起计算。返回签收后的文书"
            "（状态、送达日期、回复期限）。仅主送单位的联络员可用；文书不属于本单位的答复 404；"
            "状态不允许签收的答复 400。"),
        request=None, parameters=[IDEMPOTENCY], responses={200: RecommendationListSerializer})
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None) -> Response:
        rec = self._agency_instrument(request, pk)
        rec = services.recommendation_acknowledge(actor=request.user, recommendation=rec)
        return Response(RecommendationListSerializer(rec, context={"request": request}).data)

    # --- 书面回复 / 补充回复 ---------------------------------------------------------------------

    @extend_schema(
        tags=TAG, summary=gettext_lazy("提交书面回复或补充回复"),
        description=gettext_lazy(
            "不经草稿直接提交书面回复；文书已回复的，提交的是补充回复。逐项回复 item_answers 以"
            "建议事项序号对应；上传附件或证明材料时用 multipart/form-data，此时 item_answers 为一个"
            "内容为 JSON 数组的字段，证明材料放在 evidence 文件列表中并由各项的 evidence 按位置引用。"
            "本单位要求单位负责人签发而提交人不是负责人的，答复 400：请保存草稿（reply-draft）并提请"
            "签发。带 Idempotency-Key 重试只产生一份回复。"),
        request={"application/json": ReplyInputSerializer,
                 "multipart/form-data": ReplyInputSerializer},
        parameters=[IDEMPOTENCY], responses={201: ReplyResultSerializer})
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None) -> Response:
        rec = self._agency_instrument(request, pk)
        data = self.validated(ReplyInputSerializer)
        reply = services.reply_submit(
            actor=request.user, recommendation=rec, content=data.get("content", ""),
            measures=data.get("measures", ""), attachment=data.get("attachment"),
            item_answers=_item_answers(rec, data),
            supplement=services.reply_action(rec) == "supplement")
        body = ReplyResultSerializer(_reply_for_output(reply.pk), context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": body["url"]})

    # --- the draft: read, save, discard, send, sign off, return, recall ----------------------

    @extend_schema(
        methods=["GET"], tags=TAG, summary=gettext_lazy("查看回复草稿"),
        description=gettext_lazy(
            "本单位的回复草稿（没有草稿时 draft 为 null），以及现在提交的是回复还是补充回复、能否修改、"
            "是否须经单位负责人签发和需逐项回复的建议事项。草稿只有本单位联络员可见，检察院看不到。"),
        responses={200: ReplyDraftStateSerializer, 404: NOT_FOUND})
    @extend_schema(
        methods=["POST"], tags=TAG, summary=gettext_lazy("保存回复草稿"),
        description=gettext_lazy(
            "保存（首次即创建）回复草稿，内容可不完整；本单位其他联络员可继续编辑。version 为修改"
            "所依据的版本，他人已保存新版本的答复 400，所填内容不会丢失。文件用 multipart/form-data。"),
        request={"application/json": ReplyDraftInputSerializer,
                 "multipart/form-data": ReplyDraftInputSerializer},
        parameters=[IDEMPOTENCY], responses={200: ReplyDraftStateSerializer})
    @extend_schema(
        methods=["DELETE"], tags=TAG, summary=gettext_lazy("删除回复草稿"),
        description=gettext_lazy("删除正在编辑的回复草稿及其文件。"),
        responses={204: None})
    @action(detail=True, methods=["get", "post", "delete"], url_path="reply-draft",
            url_name="reply-draft")
    def reply_draft(self, request, pk=None) -> Response:
        rec = self._agency_instrument(request, pk)
        if request.method == "POST":
            data = self.validated(ReplyDraftInputSerializer)
            services.reply_draft_save(
                actor=request.user, recommendation=rec, content=data.get("content", ""),
                measures=data.get("measures", ""), attachment=data.get("attachment"),
                remove_attachment=data.get("remove_attachment", False),
                item_answers=_item_answers(rec, data) or (), version=data.get("version"))
        elif request.method == "DELETE":
            services.reply_draft_discard(actor=request.user, recommendation=rec)
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(self._draft_state(request, rec))

    def _draft_state(self, request, rec: Recommendation) -> dict:
        """The portal page's reply section (``portal_detail``) as data."""
        draft = _draft(rec)
        action_now = services.reply_action(rec)
        responsible = replies.is_responsible(request.user, rec)
        context = {"request": request, "recommendation_id": rec.pk}
        return ReplyDraftStateSerializer({
            "reply_action": action_now,
            "editable": action_now is not None and (draft is None or draft.status == ReplyDraftStatus.EDITING),
            "needs_signoff": replies.needs_signoff(request.user, rec, responsible=responsible),
            "is_responsible": responsible,
            "items": list(rec.items.all()),
            "draft": draft,
        }, context=context).data

    @extend_schema(
        tags=TAG, summary=gettext_lazy("提交回复草稿"),
        description=gettext_lazy(
            "发送回复草稿：本单位不要求签发或提交人是单位负责人的，回复即送达检察院（sent 为 true）；"
            "否则提请单位负责人签发，草稿在其决定前不能修改（sent 为 false）。"),
        request=None, parameters=[IDEMPOTENCY], responses={200: DraftSubmitResultSerializer})
    @action(detail=True, methods=["post"], url_path="reply-draft/submit",
            url_name="reply-draft-submit")
    def reply_draft_submit(self, request, pk=None) -> Response:
        rec = self._agency_instrument(request, pk)
        result = services.reply_draft_submit(actor=request.user, recommendation=rec)
        return self._sent_or_waiting(request, rec, result)

    def _sent_or_waiting(self, request, rec: Recommendation, result) -> Response:
        context = {"request": request, "recommendation_id": rec.pk}
        if isinstance(result, Reply):
            reply = ReplyResultSerializer(_reply_for_output(result.pk), context=context).data
            return Response({"sent": True, "reply": reply, "draft": None, "url": reply["url"]})
        draft = ReplyDraftSerializer(_draft(rec), context=context).data
        return Response({"sent": False, "reply": None, "draft": draft})

    @extend_schema(
        tags=TAG, summary=gettext_lazy("签发回复"),
        description=gettext_lazy("单位负责人签发待签发的回复草稿，回复即送达检察院。非负责人答复 403。"),
        request=None, parameters=[IDEMPOTENCY], responses={200: DraftSubmitResultSerializer})
    @action(detail=True, methods=["post"], url_path="reply-draft/sign-off",
            url_name="reply-draft-sign-off")
    def reply_draft_sign_off(self, request, pk=None) -> Response:
        rec = self._agency_instrument(request, pk)
        reply = services.reply_draft_sign_off(actor=request.user, recommendation=rec)
        return self._sent_or_waiting(request, rec, reply)

    @extend_schema(
        tags=TAG, summary=gettext_lazy("退回回复草稿"),
        description=gettext_lazy("单位负责人写明理由退回待签发的回复草稿，联络员可继续修改。"),
        request=ReasonInputSerializer, parameters=[IDEMPOTENCY],
        responses={200: ReplyDraftStateSerializer})
    @action(detail=True, methods=["post"], url_path="reply-draft/return",
            url_name="reply-draft-return")
    def reply_draft_return(self, request, pk=None) -> Response:
        rec = self._agency_instrument(request, pk)
        data = self.validated(ReasonInputSerializer)
        services.reply_draft_return(actor=request.user, recommendation=rec, reason=data["reason"])
        return Response(self._draft_state(request, rec))

    @extend_schema(
        tags=TAG, summary=gettext_lazy("撤回待签发的回复草稿"),
        description=gettext_lazy("联络员从签发中撤回回复草稿以便修改。"),
        request=None, parameters=[IDEMPOTENCY], responses={200: ReplyDraftStateSerializer})
    @action(detail=True, methods=["post"], url_path="reply-draft/recall",
            url_name="reply-draft-recall")
    def reply_draft_recall(self, request, pk=None) -> Response:
        rec = self._agency_instrument(request, pk)
        services.reply_draft_recall(actor=request.user, recommendation=rec)
        return Response(self._draft_state(request, rec))

    @extend_schema(
        tags=TAG, summary=gettext_lazy("下载回复草稿的附件"),
        description=gettext_lazy("本单位回复草稿的附件，仅本单位联络员可下载。"),
        responses={**FILE_RESPONSES, 404: NOT_FOUND})
    @action(detail=True, methods=["get"], url_path="reply-draft/attachment",
            url_name="reply-draft-attachment", renderer_classes=DOWNLOAD_RENDERERS)
    def reply_draft_attachment(self, request, pk=None) -> FileResponse:
        rec = self._agency_instrument(request, pk)
        draft = ReplyDraft.objects.filter(recommendation=rec).first()
        if draft is None:
            raise Http404
        return stored_file_response(draft.attachment, draft.attachment_name, reader=request.user,
                                    owner=rec)

    @extend_schema(
        tags=TAG, summary=gettext_lazy("下载回复草稿中某项的证明材料"),
        description=gettext_lazy("本单位回复草稿中第 item_number 项的证明材料，仅本单位联络员可下载。"),
        parameters=[ITEM_NUMBER], responses={**FILE_RESPONSES, 404: NOT_FOUND})
    @action(detail=True, methods=["get"], url_path=r"reply-draft/evidence/(?P<item_number>[0-9]{1,5})",
            url_name="reply-draft-evidence", renderer_classes=DOWNLOAD_RENDERERS)
    def reply_draft_evidence(self, request, pk=None, item_number=None) -> FileResponse:
        rec = self._agency_instrument(request, pk)
        row = (ReplyDraftItem.objects.filter(draft__recommendation=rec, item__number=int(item_number))
               .first())
        if row is None:
            raise Http404
        return stored_file_response(row.evidence, row.evidence_name, reader=request.user, owner=rec)

    # --- 申请延期, 异议/复查 ---------------------------------------------------------------------

    @extend_schema(
        tags=TAG, summary=gettext_lazy("申请延长回复期限"),
        description=gettext_lazy(
            "主送单位在回复期限内写明理由申请延长至某日；检察院作出决定前不能再次申请。"),
        request=ExtensionRequestInputSerializer, parameters=[IDEMPOTENCY],
        responses={201: ExtensionSerializer})
    @action(detail=True, methods=["post"])
    def extension(self, request, pk=None) -> Response:
        rec = self._agency_instrument(request, pk)
        data = self.validated(ExtensionRequestInputSerializer)
        ext = extensions.extension_request(actor=request.user, recommendation=rec,
                                           requested_due=data["requested_due"],
                                           reason=data["reason"])
        return Response(ExtensionSerializer(ext).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        tags=TAG, summary=gettext_lazy("提出异议/复议或申请复查"),
        description=gettext_lazy(
            "主送单位在回复期限内写明理由提出异议/复议或申请复查；检察院在七日内作出决定。"),
        request=ReviewRequestInputSerializer, parameters=[IDEMPOTENCY],
        responses={201: ReviewRequestSerializer})
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None) -> Response:
        rec = self._agency_instrument(request, pk)
        data = self.validated(ReviewRequestInputSerializer)
        made = services.review_request(actor=request.user, recommendation=rec, kind=data["kind"],
                                       reason=data["reason"])
        return Response(ReviewRequestSerializer(made).data, status=status.HTTP_201_CREATED)

    # --- what has been sent, and its files (everyone who sees the instrument) ---------------

    @extend_schema(
        tags=TAG, summary=gettext_lazy("下载文书 PDF"),
        description=gettext_lazy("签发时固定的正式 PDF，与页面下载的字节完全相同；尚未签发的答复 404。"),
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, 404: NOT_FOUND})
    @action(detail=True, methods=["get"], renderer_classes=DOWNLOAD_RENDERERS)
    def pdf(self, request, pk=None) -> FileResponse:
        # As the page (recommendations.views.instruments.recommendation_pdf).
        rec = get_recommendation_for_user(request.user, _pk(pk))
        if not rec.pdf:
            raise Http404
        audit_record(actor=request.user, action="file.read", target=rec, file=f"{rec.number}.pdf")
        return FileResponse(rec.pdf.open("rb"), content_type="application/pdf",
                            filename=f"{rec.number}.pdf", as_attachment=False)

    @extend_schema(
        tags=TAG, summary=gettext_lazy("打印送达回证"),
        description=gettext_lazy("按文书信息生成的送达回证 PDF，供主送单位签收（与门户“打印送达回证”相同）；"
                                 "尚无文号的答复 404。"),
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, 404: NOT_FOUND})
    @action(detail=True, methods=["get"], url_path="receipt-pdf", url_name="receipt-pdf",
            renderer_classes=DOWNLOAD_RENDERERS)
    def receipt_pdf(self, request, pk=None) -> HttpResponse:
        # As the page (recommendations.views.lifecycle.receipt_pdf).
        rec = get_recommendation_for_user(request.user, _pk(pk))
        if not rec.number:
            raise Http404
        response = HttpResponse(render_receipt_pdf(rec), content_type="application/pdf")
        response["Content-Disposition"] = "inline"
        return response

    def _reply(self, request, pk, reply_pk) -> Reply:
        """A reply sent on this instrument, if the caller may see it (``get_reply_for_user``,
        as the page); another instrument's reply is 404 here."""
        reply = get_reply_for_user(request.user, _pk(reply_pk))
        if reply.recommendation_id != _pk(pk):
            raise Http404
        return reply

    @extend_schema(
        tags=TAG, summary=gettext_lazy("查看一份回复"),
        description=gettext_lazy("已送达检察院的一份回复（或补充回复）及其逐项回复。"),
        parameters=[REPLY_ID], responses={200: ReplyResultSerializer, 404: NOT_FOUND})
    @action(detail=True, methods=["get"], url_path=r"replies/(?P<reply_pk>[0-9]+)",
            url_name="reply-detail")
    def reply_detail(self, request, pk=None, reply_pk=None) -> Response:
        reply = self._reply(request, pk, reply_pk)
        return Response(ReplyResultSerializer(_reply_for_output(reply.pk),
                                              context={"request": request}).data)

    @extend_schema(
        tags=TAG, summary=gettext_lazy("下载回复的附件"),
        description=gettext_lazy("一份回复的附件，经与页面相同的权限检查。"),
        parameters=[REPLY_ID], responses={**FILE_RESPONSES, 404: NOT_FOUND})
    @action(detail=True, methods=["get"], url_path=r"replies/(?P<reply_pk>[0-9]+)/attachment",
            url_name="reply-attachment", renderer_classes=DOWNLOAD_RENDERERS)
    def reply_attachment(self, request, pk=None, reply_pk=None) -> FileResponse:
        reply = self._reply(request, pk, reply_pk)
        return stored_file_response(reply.attachment, reply.attachment_name, reader=request.user,
                                    owner=reply)

    @extend_schema(
        tags=TAG, summary=gettext_lazy("下载回复中某项的证明材料"),
        description=gettext_lazy("一份回复中第 item_number 项的证明材料，经与页面相同的权限检查。"),
        parameters=[REPLY_ID, ITEM_NUMBER], responses={**FILE_RESPONSES, 404: NOT_FOUND})
    @action(detail=True, methods=["get"],
            url_path=r"replies/(?P<reply_pk>[0-9]+)/evidence/(?P<item_number>[0-9]{1,5})",
            url_name="reply-evidence", renderer_classes=DOWNLOAD_RENDERERS)
    def reply_evidence(self, request, pk=None, reply_pk=None, item_number=None) -> FileResponse:
        reply = self._reply(request, pk, reply_pk)
        answer = ReplyItemAnswer.objects.filter(reply=reply, item__number=int(item_number)).first()
        if answer is None:
            raise Http404
        return stored_file_response(answer.evidence, answer.evidence_name, reader=request.user,
                                    owner=answer)


def _draft(rec: Recommendation) -> ReplyDraft | None:
    """The agency's draft with who wrote it and its item rows (as ``portal.selectors``)."""
    return (ReplyDraft.objects.filter(recommendation=rec)
            .select_related("author", "updated_by", "submitted_by")
            .prefetch_related("items__item").first())


def _reply_for_output(pk: int) -> Reply:
    return (Reply.objects.select_related("author", "signed_off_by")
            .prefetch_related(Prefetch("item_answers",
                                       ReplyItemAnswer.objects.select_related("item")))
            .get(pk=pk))
