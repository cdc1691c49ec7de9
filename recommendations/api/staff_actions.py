"""The procuratorate's actions on an instrument through the API (issue 17): each calls the same
service as the page. Mixed into ``RecommendationViewSet``.

Every action does what its page does, in the same order: staff only
(``supervision.permissions.require_role``: anyone else, a liaison included, is told 404), the
instrument — or its extension request, review request or follow-up — through
``recommendations.permissions.get_<x>_for_user`` (404 for what the caller may not see), the
page's own extra check where it has one (drafting and evaluating need a case the caller may
work on: 404), the body through the page's form (``_page_form``: its rules, not a second copy
of them), then the one service. The service decides the rest — who may act (``PermissionDenied``:
403) and from which state (``ValidationError``: 400) — answered through the base viewset's
exception handler. ``Idempotency-Key`` applies to every POST (``supervision.api.idempotency``).

The pages: ``recommendations/views/drafts.py`` (拟稿, 修改草稿), ``…/instruments.py`` (提请审批,
审批, 退回, 签发, 送达), ``…/lifecycle.py`` (作废, 送达回证, 复查决定, 评估, 核查, 跟进, 办结) and
``…/extensions.py`` (延期)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.db.models import Model
from django.http import Http404
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer

from cases.permissions import can_work_on_case, case_to_work_on
from recommendations import services
from recommendations.choices import ExtensionStatus
from recommendations.forms import (
    BatchDraftForm,
    CommitteeDecisionForm,
    DraftForm,
    EvaluationForm,
    ExtensionForm,
    ExtensionRefuseForm,
    FollowUpForm,
    HigherActionForm,
    ItemEvaluationForm,
    ReasonForm,
    ReceiptUploadForm,
    ReturnForm,
    ReviewDecisionForm,
    ServeForm,
    VerifyForm,
)
from recommendations.models import Evaluation, InstrumentType, Recommendation
from recommendations.permissions import (
    get_extension_for_user,
    get_follow_up_for_user,
    get_recommendation_for_user,
    get_review_request_for_user,
)
from recommendations.selectors import approval_record
from recommendations.services import extensions as extension_services
from recommendations.transitions import may_act
from supervision.choices import Role
from supervision.permissions import STAFF_ROLES, require_role

from . import staff_serializers as s
from .serializers import RecommendationSerializer, ReplySerializer

#: The sections and settings of a draft, as the drafting page's form names them.
_DRAFT_FIELDS = ("instrument_type", "agency", "title", "case_source", "facts", "problems",
                 "legal_basis", "body", "period_amount", "period_unit", "period_reason",
                 "urgency_reason")
_SECTIONS = ("case_source", "facts", "problems", "legal_basis", "body")

#: Said of every action; its error answers (400, 403, 404 …, in the one error shape) are
#: documented by the project's schema class (``supervision.api.schema``).
_REFUSALS = _("不能查看该文书（或不是检察院工作人员）时返回 404；服务拒绝时，无权执行返回 403，"
              "输入有误或文书当前状态不允许返回 400。")


def _post_schema(summary, description, request: type[Serializer] | None,
                 response: Any = RecommendationSerializer, code: int = 200) -> Callable:
    return extend_schema(summary=summary, description=format_lazy("{} {}", description, _REFUSALS),
                         request=request, responses={code: response})


def _list_schema(summary, description, response: type[Serializer]) -> Callable:
    return extend_schema(summary=summary, description=description,
                         responses={200: response(many=True)})


def _id(value: Any) -> int:
    """A row id from the URL (the router's ``[0-9]+``); beyond a primary key's range, 404."""
    number = int(value)
    if not 0 < number < 2**63:
        raise Http404
    return number


def _page_form(form_class: type[django_forms.Form], data: dict, files: dict | None = None,
               **kwargs: Any) -> dict:
    """The page's own form bound to the parsed body: its rules (a date not after today, the
    days or the new date, an addressee the case's procuratorate supervises …) decide, and its
    messages answer as field errors (400). Returns the cleaned data."""
    form = form_class(data={k: v for k, v in data.items() if v is not None}, files=files,
                      **kwargs)
    if not form.is_valid():
        raise ValidationError({("non_field_errors" if field == "__all__" else field):
                               [str(message) for message in messages]
                               for field, messages in form.errors.items()})
    return form.cleaned_data


class StaffActionsMixin:
    """Actions of the procuratorate's staff on ``/api/recommendations/…``."""

    # --- Shared steps ----------------------------------------------------------------------

    def _staff_instrument(self, request: Request, pk: Any) -> Recommendation:
        """The instrument for a staff action: staff only, and one the caller may see; else
        404 — as every staff page of an instrument."""
        require_role(request.user, STAFF_ROLES)
        return get_recommendation_for_user(request.user, _id(pk))

    def _answer(self, rec: Recommendation, code: int = status.HTTP_200_OK) -> Response:
        """The instrument as its detail shows it, read again after the action (with the
        detail's related rows)."""
        fresh = self.get_queryset().filter(pk=rec.pk).first() or rec
        return Response(RecommendationSerializer(fresh, context=self.get_serializer_context()).data,
                        status=code)

    # --- 拟稿 / 修改草稿 ------------------------------------------------------------------------

    @_post_schema(_("拟制文书草稿"), _(
        "在可办理的监督案件上拟制一份文书草稿（与拟稿页面相同的表单规则和服务）。"
        "建议事项默认按建议内容中的编号拆分。不能查看或办理该案件时返回 404。"),
        s.StaffDraftInputSerializer, code=201)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require_role(request.user, STAFF_ROLES)
        data = self.validated(s.StaffDraftInputSerializer)
        case = case_to_work_on(request.user, data.pop("case"))
        items = data.pop("items", None)
        chosen = InstrumentType.objects.filter(pk=data["instrument_type"]).first()
        cleaned = _page_form(DraftForm, data, case=case, instrument_type=chosen)
        rec = services.recommendation_draft(actor=request.user, case=case, items=items,
                                            **cleaned)
        return self._answer(rec, status.HTTP_201_CREATED)

    @_post_schema(_("拟制类案检察建议草稿"), _(
        "同一份检察建议草稿主送多个单位（至少两个本院监督的单位），作为一份草稿提请审批，"
        "签发时按主送单位分别编号。答复为第一主送单位的草稿。"),
        s.StaffBatchDraftInputSerializer, code=201)
    @action(detail=False, methods=["post"], url_path="batch", url_name="draft-batch")
    def staff_draft_batch(self, request: Request) -> Response:
        require_role(request.user, STAFF_ROLES)
        data = self.validated(s.StaffBatchDraftInputSerializer)
        case = case_to_work_on(request.user, data.pop("case"))
        data.pop("items", None)  # as the page: the items are read from the operative section
        chosen = InstrumentType.objects.filter(pk=data["instrument_type"]).first()
        cleaned = dict(_page_form(BatchDraftForm, data, case=case, instrument_type=chosen))
        agencies = list(cleaned.pop("agencies"))
        rec = services.recommendation_draft_batch(actor=request.user, case=case,
                                                  agencies=agencies, **cleaned)
        return self._answer(rec, status.HTTP_201_CREATED)

    @_post_schema(_("修改文书草稿"), _(
        "修改草稿或被退回修改的文书：只发送要改的字段，其余保持不变；建议事项按建议内容重新拆分。"
        "不能办理该案件时返回 404；文书已不是草稿时返回 400。"), s.StaffDraftUpdateSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rec = self._staff_instrument(request, kwargs[self.lookup_field])
        if not may_act("edit", request.user, rec):
            raise Http404  # as the page: only those who may change it know the edit exists
        data = {**{field: getattr(rec, f"{field}_id" if field in {"instrument_type", "agency"}
                                  else field) for field in _DRAFT_FIELDS},
                **self.validated(s.StaffDraftUpdateSerializer)}
        chosen = InstrumentType.objects.filter(pk=data["instrument_type"]).first()
        cleaned = _page_form(DraftForm, data, case=rec.case, instrument_type=chosen)
        rec = services.recommendation_edit(
            actor=request.user, recommendation=rec, title=cleaned["title"],
            sections={field: cleaned[field] for field in _SECTIONS},
            instrument_type=cleaned["instrument_type"], agency=cleaned["agency"],
            period_amount=cleaned["period_amount"], period_unit=cleaned["period_unit"],
            period_reason=cleaned["period_reason"], urgency_reason=cleaned["urgency_reason"])
        return self._answer(rec)

    # --- 审批 / 签发 / 送达 -----------------------------------------------------------------------

    @_post_schema(_("提请审批"), _("承办人将草稿提请审批。"), None)
    @action(detail=True, methods=["post"], url_path="submit", url_name="submit")
    def staff_submit(self, request: Request, pk: str) -> Response:
        rec = self._staff_instrument(request, pk)
        return self._answer(services.recommendation_submit(actor=request.user,
                                                            recommendation=rec))

    @_post_schema(_("审批同意"), _(
        "在文书当前的审批层级审批同意，可附审批意见：部门负责人或检察长审批部门负责人层级，"
        "检察长审批检察长层级；未到最后一级的，文书仍为待审批并报送下一级。须经检察委员会讨论决定"
        "的文书，由检察长记录检察委员会的决定。不能审批自己拟制的文书（403）。"),
        s.StaffApproveSerializer)
    @action(detail=True, methods=["post"], url_path="approve", url_name="approve")
    def staff_approve(self, request: Request, pk: str) -> Response:
        rec = self._staff_instrument(request, pk)
        data = self.validated(s.StaffApproveSerializer)
        return self._answer(services.recommendation_approve(
            actor=request.user, recommendation=rec, opinion=data.get("opinion", "")))

    @_post_schema(_("记录检察委员会决定"), _(
        "检察长记录检察委员会对待其讨论决定的文书的决定：会议日期、会议次数、决定（同意、修改后同意、"
        "不同意）、表决情况和决定理由、会议纪要编号。同意的文书即审批通过；修改后同意或不同意的退回拟稿人。"),
        s.StaffCommitteeDecisionInputSerializer, response=s.CommitteeDecisionSerializer, code=201)
    @action(detail=True, methods=["post"], url_path="committee-decision",
            url_name="committee-decision")
    def staff_committee_decision(self, request: Request, pk: str) -> Response:
        rec = self._staff_instrument(request, pk)
        data = _page_form(CommitteeDecisionForm,
                          self.validated(s.StaffCommitteeDecisionInputSerializer))
        row = services.committee_decision_record(actor=request.user, recommendation=rec, **data)
        return _created(s.CommitteeDecisionSerializer(row).data, rec, "approval")

    @_post_schema(_("退回修改"), _("审批人将待审批的文书退回修改，写明理由。"), s.StaffReasonSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def staff_return(self, request: Request, pk: str) -> Response:
        rec = self._staff_instrument(request, pk)
        data = _page_form(ReturnForm, self.validated(s.StaffReasonSerializer))
        return self._answer(services.recommendation_return(
            actor=request.user, recommendation=rec, reason=data["reason"]))

    @_post_schema(_("签发"), _(
        "签发已审批的文书：生成文号，生成并固化正式PDF（记录SHA-256），通知主送单位联络员签收。"
        "类案检察建议按主送单位分别编号签发。"), None)
    @action(detail=True, methods=["post"], url_path="issue", url_name="issue")
    def staff_issue(self, request: Request, pk: str) -> Response:
        rec = self._staff_instrument(request, pk)
        return self._answer(services.recommendation_issue(actor=request.user,
                                                           recommendation=rec))

    @_post_schema(_("登记送达"), _(
        "登记已签发文书的送达日期和方式，并按期限规则计算回复期限。送达日期不能晚于今天。"),
        s.StaffServeSerializer)
    @action(detail=True, methods=["post"], url_path="serve", url_name="serve")
    def staff_serve(self, request: Request, pk: str) -> Response:
        rec = self._staff_instrument(request, pk)
        data = _page_form(ServeForm, self.validated(s.StaffServeSerializer))
        return self._answer(services.recommendation_serve(
            actor=request.user, recommendation=rec, served_on=data["served_on"],
            method=data["method"]))

    @extend_schema(summary=_("上传送达回证"), description=_(
        "上传主送单位签收的送达回证（multipart/form-data，字段 receipt），按内容校验文件类型。"),
        request={"multipart/form-data": s.StaffReceiptSerializer},
        responses={200: RecommendationSerializer})
    @action(detail=True, methods=["post"], url_path="receipt", url_name="receipt")
    def staff_receipt(self, request: Request, pk: str) -> Response:
        rec = self._staff_instrument(request, pk)
        data = self.validated(s.StaffReceiptSerializer)
        cleaned = _page_form(ReceiptUploadForm, {}, files={"receipt": data["receipt"]})
        return self._answer(services.receipt_upload(
            actor=request.user, recommendation=rec, receipt=cleaned["receipt"]))

    @_post_schema(_("作废"), _("作废已签发、尚未送达的文书，写明理由；文号不再使用，正式PDF保留。"),
                  s.StaffReasonSerializer)
    @action(detail=True, methods=["post"], url_path="void", url_name="void")
    def staff_void(self, request: Request, pk: str) -> Response:
        rec = self._staff_instrument(request, pk)
        data = _page_form(ReasonForm, self.validated(s.StaffReasonSerializer))
        return self._answer(services.recommendation_void(
            actor=request.user, recommendation=rec, reason=data["reason"]))

    # --- 延期 / 复查 -------------------------------------------------------------------------

    @_post_schema(_("延长回复期限"), _(
        "承办检察官、部门负责人或检察长依职权延长待回复文书的回复期限：延长天数或延长后的日期二选一，"
        "写明理由。"), s.StaffExtendSerializer, response=s.StaffExtensionSerializer, code=201)
    @action(detail=True, methods=["post"], url_path="extend", url_name="extend")
    def staff_extend(self, request: Request, pk: str) -> Response:
        rec = self._staff_instrument(request, pk)
        data = _page_form(ExtensionForm, self.validated(s.StaffExtendSerializer))
        ext = extension_services.recommendation_extend(
            actor=request.user, recommendation=rec, reason=data["reason"], days=data["days"],
            new_due=data["new_due"])
        return _created(s.StaffExtensionSerializer(ext).data, rec, "extensions")

    @_post_schema(_("决定延期申请"), _(
        "对主送单位待决定的延期申请作出决定：grant 准许（延长天数或延长后的日期二选一），"
        "refuse 不予准许；均须写明理由。申请不存在、不属于该文书或已经决定时返回 404。"),
        s.StaffExtensionDecisionSerializer, response=s.StaffExtensionSerializer)
    @action(detail=True, methods=["post"], url_path=r"extensions/(?P<ext_pk>[0-9]+)/decide",
            url_name="extension-decide")
    def staff_extension_decide(self, request: Request, pk: str, ext_pk: str) -> Response:
        rec = self._staff_instrument(request, pk)
        ext = get_extension_for_user(request.user, _id(ext_pk))
        if ext.recommendation_id != rec.pk or ext.status != ExtensionStatus.REQUESTED:
            raise Http404  # as the page: only a pending request has a decision to make
        parsed = self.validated(s.StaffExtensionDecisionSerializer)
        if parsed.pop("decision") == "grant":
            data = _page_form(ExtensionForm, parsed)
            ext = extension_services.recommendation_extend(
                actor=request.user, recommendation=rec, reason=data["reason"],
                days=data["days"], new_due=data["new_due"], request=ext)
        else:
            data = _page_form(ExtensionRefuseForm, {"reason": parsed["reason"]})
            ext = extension_services.extension_refuse(actor=request.user, extension=ext,
                                                      reason=data["reason"])
        return Response(s.StaffExtensionSerializer(ext).data)

    @_post_schema(_("决定异议/复查申请"), _(
        "对主送单位的异议/复议或复查申请作出决定：rejected 维持原文书，upheld 异议成立、撤回文书；"
        "须写明理由。申请已经决定时返回 400。"),
        s.StaffReviewDecisionSerializer, response=s.StaffReviewRequestSerializer)
    @action(detail=True, methods=["post"], url_path=r"reviews/(?P<review_pk>[0-9]+)/decide",
            url_name="review-decide")
    def staff_review_decide(self, request: Request, pk: str, review_pk: str) -> Response:
        rec = self._staff_instrument(request, pk)
        review = get_review_request_for_user(request.user, _id(review_pk))
        if review.recommendation_id != rec.pk:
            raise Http404
        data = _page_form(ReviewDecisionForm, self.validated(s.StaffReviewDecisionSerializer))
        review = services.review_decide(actor=request.user, request=review,
                                        outcome=data["outcome"], reason=data["reason"])
        return Response(s.StaffReviewRequestSerializer(review).data)

    # --- 评估 / 核查 / 跟进 / 办结 -------------------------------------------------------------

    @_post_schema(_("评估回复"), _(
        "评估主送单位的最新回复：评估结论（不采纳、部分采纳、异议成立须写明理由），"
        "可逐项评估（须覆盖每一项建议事项）。不能办理该案件时返回 404。"),
        s.StaffEvaluateSerializer, response=s.StaffEvaluationSerializer, code=201)
    @action(detail=True, methods=["post"], url_path="evaluate", url_name="evaluate")
    def staff_evaluate(self, request: Request, pk: str) -> Response:
        rec = self._staff_instrument(request, pk)
        if not can_work_on_case(request.user, rec.case):
            raise Http404  # as the page
        parsed = self.validated(s.StaffEvaluateSerializer)
        data = _page_form(EvaluationForm, parsed)
        items = [_page_form(ItemEvaluationForm, item) for item in parsed.get("items") or []]
        evaluation = services.recommendation_evaluate(
            actor=request.user, recommendation=rec, outcome=data["outcome"],
            reasons=data["reasons"], verify=data["verify"],
            items=[services.ItemEvaluationInput(i["item_id"], i["outcome"], i["note"])
                   for i in items] or None)
        return _created(s.StaffEvaluationSerializer(_evaluation(evaluation)).data, rec,
                        "evaluations")

    @_post_schema(_("核查整改情况"), _(
        "回头看/跟踪回访：整改到位的文书办结，未整改到位的转入跟进监督；写明核查情况。"),
        s.StaffVerifySerializer, response=s.StaffEvaluationSerializer)
    @action(detail=True, methods=["post"], url_path="rectification-verify",
            url_name="rectification-verify")
    def staff_rectification_verify(self, request: Request, pk: str) -> Response:
        rec = self._staff_instrument(request, pk)
        parsed = self.validated(s.StaffVerifySerializer)
        data = _page_form(VerifyForm, {"rectified": "yes" if parsed["rectified"] else "no",
                                       "note": parsed["note"]})
        evaluation = services.rectification_verify(
            actor=request.user, recommendation=rec, rectified=data["rectified"],
            note=data["note"])
        return Response(s.StaffEvaluationSerializer(_evaluation(evaluation)).data)

    @_post_schema(_("记录跟进监督"), _(
        "记录一项跟进监督（催告、提请上级院跟进监督、通报上级机关等）：待回复的文书须回复期限已届满。"),
        s.StaffFollowUpInputSerializer, response=s.StaffFollowUpSerializer, code=201)
    @action(detail=True, methods=["post"], url_path="follow-up", url_name="follow-up")
    def staff_follow_up(self, request: Request, pk: str) -> Response:
        rec = self._staff_instrument(request, pk)
        data = _page_form(FollowUpForm, self.validated(s.StaffFollowUpInputSerializer))
        follow_up = services.follow_up_record(
            actor=request.user, recommendation=rec, kind=data["kind"], note=data["note"],
            recipient=data["recipient"])
        return _created(s.StaffFollowUpSerializer(follow_up).data, rec, "follow-ups")

    @_post_schema(_("记录上级院跟进监督情况"), _(
        "收到跟进监督请求的上级院记录所采取的措施。请求不属于该文书时返回 404。"),
        s.StaffHigherActionSerializer, response=s.StaffFollowUpSerializer)
    @action(detail=True, methods=["post"], url_path=r"follow-ups/(?P<follow_up_pk>[0-9]+)/higher-action",
            url_name="higher-action")
    def staff_higher_action(self, request: Request, pk: str, follow_up_pk: str) -> Response:
        rec = self._staff_instrument(request, pk)
        follow_up = get_follow_up_for_user(request.user, _id(follow_up_pk))
        if follow_up.recommendation_id != rec.pk:
            raise Http404
        data = _page_form(HigherActionForm, self.validated(s.StaffHigherActionSerializer))
        follow_up = services.follow_up_higher_action(actor=request.user, follow_up=follow_up,
                                                     action=data["action"])
        return Response(s.StaffFollowUpSerializer(follow_up).data)

    @_post_schema(_("办结"), _("结束跟进监督中文书的办理，写明理由。"), s.StaffReasonSerializer)
    @action(detail=True, methods=["post"], url_path="close", url_name="close")
    def staff_close(self, request: Request, pk: str) -> Response:
        rec = self._staff_instrument(request, pk)
        data = _page_form(ReasonForm, self.validated(s.StaffReasonSerializer))
        return self._answer(services.recommendation_close(
            actor=request.user, recommendation=rec, reason=data["reason"]))

    # --- What the instrument page lists --------------------------------------------------------

    def _visible(self, request: Request, pk: str, *, staff_only: bool = False) -> Recommendation:
        if staff_only:
            require_role(request.user, STAFF_ROLES)
        return get_recommendation_for_user(request.user, _id(pk))

    @extend_schema(summary=_("审批流程"), description=_(
        "文书的审批层级：当前等待的层级、本轮审批链（已完成、正在等待、尚未到达）、全部审批记录及"
        "检察委员会决定，仅检察院工作人员可见。"), responses={200: s.StaffApprovalSerializer})
    @action(detail=True, methods=["get"], url_path="approval", url_name="approval",
            filter_backends=[], pagination_class=None)
    def staff_approval(self, request: Request, pk: str) -> Response:
        rec = self._visible(request, pk, staff_only=True)
        record = approval_record(rec)
        return Response(s.StaffApprovalSerializer({
            "approval_stage": rec.approval_stage, "chain": record.chain,
            "steps": record.steps, "committee_decisions": record.committee_decisions}).data)

    @_list_schema(_("建议事项"), _("文书逐项的建议事项，按序号排列。"), s.InstrumentItemSerializer)
    @action(detail=True, methods=["get"], url_path="items", url_name="items",
            filter_backends=[], pagination_class=None)
    def staff_items(self, request: Request, pk: str) -> Response:
        rec = self._visible(request, pk)
        return Response(s.InstrumentItemSerializer(rec.items.all(), many=True).data)

    @_list_schema(_("书面回复"), _(
        "主送单位已发送的回复（含补充回复）及逐项答复；回复草稿不在其中。"), ReplySerializer)
    @action(detail=True, methods=["get"], url_path="replies", url_name="replies",
            filter_backends=[], pagination_class=None)
    def staff_replies(self, request: Request, pk: str) -> Response:
        rec = self._visible(request, pk)
        replies = (rec.replies.select_related("author", "signed_off_by")
                   .prefetch_related("item_answers__item"))
        return Response(ReplySerializer(replies, many=True).data)

    @_list_schema(_("延期记录"), _(
        "回复期限的延长：主送单位的延期申请及决定、检察院依职权的延期。"
        "主送单位联络员只看到本单位的申请及决定。"), s.StaffExtensionSerializer)
    @action(detail=True, methods=["get"], url_path="extensions", url_name="extensions",
            filter_backends=[], pagination_class=None)
    def staff_extensions(self, request: Request, pk: str) -> Response:
        rec = self._visible(request, pk)
        if request.user.role == Role.LIAISON:  # as the portal lists them
            rows = rec.extensions.filter(requested_by__isnull=False).select_related(
                "requested_by")
            return Response(s.LiaisonExtensionSerializer(rows, many=True).data)
        rows = rec.extensions.select_related("requested_by", "decided_by")
        return Response(s.StaffExtensionSerializer(rows, many=True).data)

    @_list_schema(_("异议/复查申请"), _("主送单位的异议/复议、复查申请及决定。"),
                  s.StaffReviewRequestSerializer)
    @action(detail=True, methods=["get"], url_path="reviews", url_name="reviews",
            filter_backends=[], pagination_class=None)
    def staff_reviews(self, request: Request, pk: str) -> Response:
        rec = self._visible(request, pk)
        return Response(s.StaffReviewRequestSerializer(rec.review_requests.all(), many=True).data)

    @_list_schema(_("评估记录"), _("对回复的评估（含逐项评估）及整改核查情况，仅检察院工作人员可见。"),
                  s.StaffEvaluationSerializer)
    @action(detail=True, methods=["get"], url_path="evaluations", url_name="evaluations",
            filter_backends=[], pagination_class=None)
    def staff_evaluations(self, request: Request, pk: str) -> Response:
        rec = self._visible(request, pk, staff_only=True)
        rows = (rec.evaluations.select_related("evaluated_by", "verified_by")
                .prefetch_related("item_evaluations__item"))
        return Response(s.StaffEvaluationSerializer(rows, many=True).data)

    @_list_schema(_("跟进监督记录"), _("文书的跟进监督及上级院的跟进监督情况，仅检察院工作人员可见。"),
                  s.StaffFollowUpSerializer)
    @action(detail=True, methods=["get"], url_path="follow-ups", url_name="follow-ups",
            filter_backends=[], pagination_class=None)
    def staff_follow_ups(self, request: Request, pk: str) -> Response:
        rec = self._visible(request, pk, staff_only=True)
        rows = rec.follow_ups.select_related("created_by", "higher_procuratorate",
                                             "higher_action_by")
        return Response(s.StaffFollowUpSerializer(rows, many=True).data)


def _created(data: dict, rec: Recommendation, listing: str) -> Response:
    """201 with the new row; ``Location`` is the instrument's list it now stands in (it has no
    address of its own), which is also what a retry with the same ``Idempotency-Key`` is
    pointed to."""
    return Response(data, status=status.HTTP_201_CREATED, headers={
        "Location": reverse(f"api-recommendation-{listing}", args=[rec.pk])})


def _evaluation(evaluation: Model) -> Evaluation:
    """The evaluation read again with what its representation shows (no query per item)."""
    return (Evaluation.objects.select_related("evaluated_by", "verified_by")
            .prefetch_related("item_evaluations__item").get(pk=evaluation.pk))
