"""The instrument API, over what ``recommendations_visible_to`` lets the caller see: the list
and detail here, the actions in ``staff_actions`` (the procuratorate's) and ``agency_actions``
(the agency's), each calling the same service as its page.
The list is keyset paginated (``supervision.pagination``) and serialises rows only; the detail
carries replies, extensions and the procuratorate's own deadlines, and is cached by the
instrument's revision (:meth:`RecommendationViewSet.retrieve`)."""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.core.cache import cache
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from recommendations.filtersets import RecommendationFilter
from recommendations.models import InternalDeadline, Recommendation, Reply, ReplyItemAnswer
from recommendations.permissions import can_see_internal_deadlines, recommendations_visible_to
from supervision.api.viewsets import VisibleReadOnlyModelViewSet
from supervision.release import code_digest

from .agency_actions import AgencyActionsMixin
from .serializers import RecommendationListSerializer, RecommendationSerializer
from .staff_actions import StaffActionsMixin


@extend_schema_view(
    list=extend_schema(
        summary=_("文书列表"),
        description=_("本人可查看的文书（联络员：本单位收到的文书），最新的在前，游标分页；"
                      "筛选条件与联络员收件箱的分栏和搜索相同（view、q），另可按状态、主送单位、"
                      "制发检察院、文书类型和案件筛选。")),
    retrieve=extend_schema(
        summary=_("文书详情"),
        description=_("文书及其期限说明、所属案件、延期、回复；检察院内部期限只对可查看者列出。"
                      "无权查看的文书得到 404。")),
)
class RecommendationViewSet(StaffActionsMixin, AgencyActionsMixin, VisibleReadOnlyModelViewSet):
    """Instruments the caller may see; anything else answers 404. The procuratorate's own
    deadlines come only to those who may see them (``can_see_internal_deadlines``)."""

    visible_to = recommendations_visible_to
    serializer_class = RecommendationSerializer
    #: The one FilterSet of the instrument list (``recommendations.filtersets``).
    filterset_class = RecommendationFilter

    def get_serializer_class(self):
        return RecommendationListSerializer if self.action == "list" else RecommendationSerializer

    def shape_queryset(self, queryset: QuerySet[Recommendation]) -> QuerySet[Recommendation]:
        if self.action == "list":  # the rows only (keyset order: ``-pk``)
            return queryset.select_related("instrument_type", "agency").order_by("-pk")
        internal = (InternalDeadline.objects.all() if can_see_internal_deadlines(self.request.user)
                    else InternalDeadline.objects.none())
        return (queryset
                .select_related("instrument_type", "agency", "case")
                .prefetch_related("extensions", Prefetch(
                    "internal_deadlines", internal, to_attr="visible_internal_deadlines"),
                    Prefetch("replies", Reply.objects.select_related("author", "signed_off_by")
                             .prefetch_related(Prefetch(
                                 "item_answers", ReplyItemAnswer.objects.select_related("item")))))
                .order_by("-pk"))

    def retrieve(self, request, *args, **kwargs) -> Response:
        """The detail, from the cache when the instrument has not changed since it was last
        served in this language, on this day, to a caller of this kind.

        One query decides: the caller may see the instrument (else 404, as ever) and reads its
        ``revision`` (``recommendations.revision``: moved by everything the detail shows) with
        the names the detail takes from other rows. A hit costs that query; a miss serialises
        as before and keeps the answer for ``API_DETAIL_CACHE_SECONDS`` (0: no cache)."""
        if not settings.API_DETAIL_CACHE_SECONDS:
            return super().retrieve(request, *args, **kwargs)
        try:
            pk = int(kwargs[self.lookup_url_kwarg or self.lookup_field])
        except (TypeError, ValueError):
            raise Http404 from None
        if not 0 < pk < 2**63:  # no row has it, and the database would refuse the number
            raise Http404
        row = (type(self).visible_to(request.user).filter(pk=pk)
               .values_list(*self.CACHE_KEY_FIELDS).first())
        if row is None:
            raise Http404
        key = self.detail_cache_key(request, pk, row)
        stored = cache.get(key)
        if stored is None:
            instance = self.get_object()
            data = self.get_serializer(instance).data
            stored = JSONRenderer().render(data)
            # Keyed by what this instance was read with (the row may have moved since).
            fresh = tuple(_follow(instance, path) for path in self.CACHE_KEY_FIELDS)
            cache.set(self.detail_cache_key(request, pk, fresh), stored,
                      settings.API_DETAIL_CACHE_SECONDS)
            return Response(data)
        return Response(json.loads(stored))

    #: What the cached detail depends on beyond the request: the instrument's revision, its
    #: creation (an id SQLite reuses after a delete is another instrument) and the names the
    #: detail shows of other rows.
    CACHE_KEY_FIELDS = ("revision", "created_at", "agency__name", "instrument_type__name",
                        "instrument_type__name_en", "case__number")

    @staticmethod
    def detail_cache_key(request, pk: int, row: tuple) -> str:
        parts = [*row, translation.get_language(), timezone.localdate(),
                 can_see_internal_deadlines(request.user), request.build_absolute_uri("/")]
        digest = hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=16)
        return f"api:recommendation:{code_digest()}:{pk}:{digest.hexdigest()}"


def _follow(instance: Recommendation, path: str):
    for name in path.split("__"):
        instance = getattr(instance, name)
    return instance
