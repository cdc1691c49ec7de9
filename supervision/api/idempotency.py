"""``Idempotency-Key`` on the API's writes (issue 15, "safe retries").

An integration that sends a POST with an ``Idempotency-Key`` header (any text up to 200
characters, unique per intended action — a UUID is customary) may send it again: after a
timeout, ten times at once, tomorrow. The first request acts; every other one with the same
key from the same user answers **409** ``already_processed`` with the address of what the first
one made in ``extra.result``, and acts not. The key is claimed inside the action's transaction (:func:`supervision.services.once.claim_token`,
as the pages' one-time form tokens are), so a request that failed — refused, invalid — leaves the key
free for the corrected retry. A POST without the header is not guarded.
"""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import ValidationError

from supervision.service_errors import Conflict
from supervision.services.once import claim_token

HEADER = "Idempotency-Key"
_NAMESPACE = uuid.UUID("6f1d4b0e-5d9a-4c56-9a43-4d3c2d8f4a10")


class AlreadyProcessed(Conflict):
    """409 ``already_processed``; ``extra.result`` is the address of what the first request
    made (null when it made nothing with an address)."""

    default_detail = _("使用该 Idempotency-Key 的请求已经处理过，没有重复办理。")
    default_code = "already_processed"

    def __init__(self, url: str) -> None:
        super().__init__(extra={"result": url or None})


class IdempotentPostMixin:
    """For API views: a POST carrying ``Idempotency-Key`` acts once per user and key."""

    def dispatch(self, request, *args, **kwargs):
        if request.method != "POST" or HEADER.lower() not in {h.lower() for h in request.headers}:
            return super().dispatch(request, *args, **kwargs)
        with transaction.atomic():
            response = super().dispatch(request, *args, **kwargs)
            submission = getattr(self, "_idempotency_claim", None)
            if response.status_code >= 400:
                transaction.set_rollback(True)  # the key stays free for the corrected retry
            elif submission is not None:
                url = response.get("Location") or _made(request, response) or request.path
                submission.result_url = str(url)[:200]
                submission.save(update_fields=["result_url"])
        return response

    def initial(self, request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)  # authenticated from here on
        if request.method != "POST" or not request.user.is_authenticated:
            return
        key = request.headers.get(HEADER)
        if key is None:
            return
        if not key.strip() or len(key) > 200:
            raise ValidationError({HEADER: [_("Idempotency-Key 须为 1 至 200 个字符。")]})
        claimed, earlier = claim_token(uuid.uuid5(_NAMESPACE, f"{request.user.pk}:{key}"),
                                       request.user)
        if claimed is None:
            raise AlreadyProcessed(earlier.result_url if earlier else "")
        self._idempotency_claim = claimed


def _made(request, response) -> str | None:
    """What a successful POST made: its ``url``, or a created row's detail beside the list."""
    data = getattr(response, "data", None)
    if not isinstance(data, dict):
        return None
    if data.get("url"):
        return data["url"]
    if response.status_code == status.HTTP_201_CREATED and "id" in data:
        return f"{request.path.rstrip('/')}/{data['id']}/"
    return None
