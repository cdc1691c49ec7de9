"""The OpenAPI schema's shared parts (issue 17): every operation documents its error answers in
the one shape (``supervision.service_errors``), every POST of a view that honours
``Idempotency-Key`` documents the header and its 409.

``REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]`` is :class:`AutoSchema`: drf-standardized-errors'
schema class, which adds the error responses an operation can give (400 when it takes a body
or filters, 401, 403, 404 when it has an id or a page, 405, 406, 415, 429, 500), taught that
the project's adapter is a standardized handler too, and with what the project adds — 409 on a
POST that takes ``Idempotency-Key`` (or a duplicate), 413 on any operation with a body.
``DRF_STANDARDIZED_ERRORS["ERROR_SCHEMAS"]`` names the serializers below for the statuses whose
codes differ from the library's.

A validation error's ``code`` and ``attr`` are documented as open strings: a service's refusal
may name a field or a code no serializer declares (``supervision.service_errors.api_exception``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from drf_standardized_errors.handler import exception_handler as standardized_exception_handler
from drf_standardized_errors.openapi import AutoSchema as StandardizedErrorsAutoSchema
from drf_standardized_errors.openapi_serializers import (
    ClientErrorEnum,
    ValidationErrorEnum,
)
from rest_framework import serializers

from supervision.api.idempotency import HEADER, IdempotentPostMixin
from supervision.service_errors import exception_handler

_HANDLERS = (exception_handler, standardized_exception_handler)
_WITH_BODY = ("POST", "PUT", "PATCH")
#: Query parameters that are never refused with a 400 (the cursor's is a 404).
UNVALIDATED_QUERY = frozenset({"cursor", "page_size", "format", "lang"})


# --- The error bodies the library does not describe -----------------------------------------

class ErrorCode403Enum(models.TextChoices):
    PERMISSION_DENIED = "permission_denied"
    TWO_FACTOR_REQUIRED = "two_factor_required"


class ErrorCode409Enum(models.TextChoices):
    ALREADY_PROCESSED = "already_processed"
    DUPLICATE_CASE = "duplicate_case"
    CONFLICT = "conflict"


class ErrorCode413Enum(models.TextChoices):
    REQUEST_TOO_LARGE = "request_too_large"


def _error(name: str, code: serializers.Field, help_text: str) -> type[serializers.Serializer]:
    """An error item of a client or server error: ``attr`` is always null there."""
    return type(name, (serializers.Serializer,), {
        "code": code,
        "detail": serializers.CharField(help_text=help_text),
        "attr": serializers.CharField(allow_null=True, help_text=_("非字段错误时为 null。")),
        "Meta": type("Meta", (), {"ref_name": name}),
    })


_DETAIL = _("错误说明，使用请求者的语言（Accept-Language；未指定时为中文）。")

ValidationErrorItem = type("ValidationErrorItem", (serializers.Serializer,), {
    "code": serializers.CharField(help_text=_(
        "机器可读的错误代码，如 required、invalid、blank、max_length、does_not_exist，"
        "或业务规则给出的代码。")),
    "detail": serializers.CharField(help_text=_DETAIL),
    "attr": serializers.CharField(allow_null=True, help_text=_(
        "出错的字段名；嵌套字段以点号连接，列表元素以序号表示（如 parties.0.name）；"
        "针对整个请求的错误为 non_field_errors。")),
    "Meta": type("Meta", (), {"ref_name": "ValidationErrorItem"}),
})


class ValidationErrorResponseSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=ValidationErrorEnum.choices)
    errors = ValidationErrorItem(many=True)

    class Meta:
        ref_name = "ValidationErrorResponse"


class ErrorResponse403Serializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=ClientErrorEnum.choices)
    errors = _error("Error403", serializers.ChoiceField(choices=ErrorCode403Enum.choices),
                    _DETAIL)(many=True)


class DuplicateSerializer(serializers.Serializer):
    number = serializers.CharField(help_text=_("已有案件的案号。"))
    id = serializers.IntegerField(allow_null=True, help_text=_("已有案件的编号；调用者无权查看时为 null。"))


class ConflictExtraSerializer(serializers.Serializer):
    result = serializers.CharField(required=False, allow_null=True, help_text=_(
        "already_processed：第一次请求所办结果的地址（没有地址时为 null）。"))
    duplicates = DuplicateSerializer(many=True, required=False, help_text=_(
        "duplicate_case：该被监督单位已有的涉及相同关联案件号的案件。"))


class ErrorResponse409Serializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=ClientErrorEnum.choices)
    errors = _error("Error409", serializers.ChoiceField(choices=ErrorCode409Enum.choices),
                    _DETAIL)(many=True)
    extra = ConflictExtraSerializer(help_text=_("继续办理所需的数据。"))


class ErrorResponse413Serializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=ClientErrorEnum.choices)
    errors = _error("Error413", serializers.ChoiceField(choices=ErrorCode413Enum.choices),
                    _DETAIL)(many=True)


IDEMPOTENCY_KEY = OpenApiParameter(
    HEADER, OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
    description=_("可选。1 至 200 个字符，每个拟办事项唯一（通常用 UUID）。同一用户以同一键重复"
                  "提交时只办理一次，之后的请求答 409 already_processed，并在 extra.result 中给出"
                  "第一次所办结果的地址；被拒绝或无效的请求不占用该键。"))


class AutoSchema(StandardizedErrorsAutoSchema):
    """drf-standardized-errors' schema class for this project's adapter, with the
    ``Idempotency-Key`` header on every POST that honours it, and 409/413."""

    def _honours_idempotency_key(self) -> bool:
        return self.method == "POST" and isinstance(self.view, IdempotentPostMixin)

    def get_override_parameters(self) -> list:
        parameters = list(super().get_override_parameters())
        if self._honours_idempotency_key():
            parameters.append(IDEMPOTENCY_KEY)
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction=direction)
        if direction != "response":
            return responses
        # An error an operation documents with a description only (OpenApiResponse(description=
        # …)) still answers the one shape: give it the shape's body, keep its description.
        allowed = set(self._get_allowed_error_status_codes())
        for code, response in list(responses.items()):
            if code in allowed and "content" not in response and code[0] in "45":
                serializer = self._get_error_response_serializer(code)
                if serializer:
                    filled = self._get_response_for_code(serializer, code)
                    responses[code] = {**filled, "description": response.get("description")
                                       or filled.get("description", "")}
        return responses

    def _should_add_error_response(self, responses: dict, status_code: str) -> bool:
        if self.view.get_exception_handler() not in _HANDLERS or status_code in responses:
            return False  # a view of its own answers, or the operation documents the code itself
        if status_code == "409":
            return self._honours_idempotency_key()
        if status_code == "413":
            return self.method in _WITH_BODY
        checks = {"400": lambda: (self._should_add_parse_error_response()
                                  or self._should_add_validation_error_response()),
                  "401": self._should_add_http401_error_response,
                  "403": self._should_add_http403_error_response,
                  "404": self._should_add_http404_error_response,
                  "405": self._should_add_http405_error_response,
                  "406": self._should_add_http406_error_response,
                  "415": self._should_add_http415_error_response,
                  "429": self._should_add_http429_error_response,
                  "500": self._should_add_http500_error_response}
        return checks[status_code]() if status_code in checks else True

    def _should_add_parse_error_response(self) -> bool:
        return self.method in _WITH_BODY and super()._should_add_parse_error_response()

    def _should_add_http415_error_response(self) -> bool:
        return self.method in _WITH_BODY and super()._should_add_http415_error_response()

    def _should_add_validation_error_response(self) -> bool:
        # Query parameters are validated like a body (a serializer given as parameters, a
        # FilterSet a view applies itself); the paginator's and the format's are not.
        # An Idempotency-Key header of the wrong length is a validation error too.
        # Any write may meet a service's refusal of a wrong state (a 400 in the same shape).
        return (super()._should_add_validation_error_response()
                or self._honours_idempotency_key() or self.method in ("PUT", "PATCH", "DELETE")
                or any(p["in"] == "query" and p["name"] not in UNVALIDATED_QUERY
                       for p in self._get_parameters()))

    def _get_serializer_for_validation_error_response(self):
        return ValidationErrorResponseSerializer


#: Each tag's description (a tag is the first segment of an operation's path under /api/).
TAG_DESCRIPTIONS = {
    "agencies": _("被监督单位名录（检察人员可见）。"),
    "cases": _("监督案件：登记、流转，以及当事人、调查核实措施、附件、线索移送。"),
    "deadlines": _("期限计算预览：与 manage.py deadline 相同的计算。"),
    "interference-records": _("过问案件登记（干预司法记录）。"),
    "notifications": _("当前用户的通知。"),
    "recommendations": _("检察建议等监督文书：条目、送达、签收、答复、延期、复核、评价和跟进监督。"),
    "scorecards": _("被监督单位的评分和排名。"),
    "statistics": _("统计数据：与统计页面和 manage.py statistics --json 相同。"),
    "instruments-agency": _("被监督单位的文书办理：签收、答复（含答复草稿和签发）、申请延期、"
                            "申请复核。"),
    "webhook-subscriptions": _("事件推送（Webhook）订阅：订阅的事件、接收地址和签名密钥。"),
    "webhook-deliveries": _("事件推送的投递记录，以及重新投递。"),
}


def postprocess_tags(result: dict, generator, request, public) -> dict:
    """The schema's ``tags``: those its operations use, in order, each with its description."""
    used: list[str] = []
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for tag in operation.get("tags", []) if isinstance(operation, dict) else []:
                if tag not in used:
                    used.append(tag)
    result["tags"] = [{"name": tag, **({"description": TAG_DESCRIPTIONS[tag]}
                                       if tag in TAG_DESCRIPTIONS else {})}
                      for tag in sorted(used)]
    return result
