"""The base of every API viewset: one access chokepoint per resource, one answer to a refusal.

A viewset names its resource's ``visible_to(user)`` (from the owning app's ``permissions.py``);
the base starts *every* queryset of the viewset from it — the list, the detail, the detail
actions (``get_object``) and anything else built on ``get_queryset`` — so an object the user may
not see answers 404, never 403, and no action repeats the check. A subclass shapes the visible
rows (``select_related``, ``Prefetch`` per action) in :meth:`~VisibleModelViewSet.shape_queryset`;
it may not override ``get_queryset``, which would step around the chokepoint.

A service's refusal answers through ``supervision.service_errors.exception_handler`` (400 with
the field errors, 403), so an action just calls its service.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django.db.models import QuerySet
from rest_framework import mixins, serializers, viewsets

from supervision.api.idempotency import IdempotentPostMixin
from supervision.service_errors import exception_handler


class VisibleModelViewSet(IdempotentPostMixin, viewsets.GenericViewSet):
    """A viewset over the rows ``visible_to(request.user)`` returns; add the DRF mixins for
    the routes it answers (or use :class:`VisibleReadOnlyModelViewSet`). Its POSTs honour
    ``Idempotency-Key`` (:mod:`supervision.api.idempotency`)."""

    #: The resource's visibility queryset, ``visible_to(user)`` from its app's permissions.py.
    visible_to: ClassVar[Callable[[Any], QuerySet]]
    #: Ids are integers: the router's URL takes nothing else, so ``/api/cases/abc/…`` is the
    #: resolver's 404 and an action's own lookup never sees a value it cannot take (issue 15).
    lookup_value_regex = r"[0-9]+"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "get_queryset" in cls.__dict__:
            raise TypeError(f"{cls.__name__} overrides get_queryset: shape the visible rows in "
                            "shape_queryset() instead, so that visibility applies to every query")

    def get_queryset(self) -> QuerySet:
        # Looked up on the class: a plain function stored as a class attribute is not bound.
        visible_to = type(self).visible_to
        return self.shape_queryset(visible_to(self.request.user))

    def shape_queryset(self, queryset: QuerySet) -> QuerySet:
        """What the action needs of the visible rows (related rows, ordering); never wider."""
        return queryset

    def get_exception_handler(self) -> Callable:
        return exception_handler

    def validated(self, serializer_class: type[serializers.BaseSerializer], **kwargs: Any) -> dict:
        """The request body, validated by ``serializer_class``: a fresh dict of its
        ``validated_data`` (the caller may change it). Invalid input raises ``ValidationError``
        (400 with the field errors). The serializer gets the viewset's context (``request``,
        ``view``, ``format``) unless ``kwargs`` names another; other ``kwargs`` (``partial``…)
        go to the serializer as they are."""
        kwargs.setdefault("context", self.get_serializer_context())
        serializer = serializer_class(data=self.request.data, **kwargs)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


class VisibleReadOnlyModelViewSet(mixins.RetrieveModelMixin, mixins.ListModelMixin,
                                  VisibleModelViewSet):
    """List and detail of the visible rows."""
