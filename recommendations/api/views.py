"""The instrument API: read-only, over what ``recommendations_visible_to`` lets the caller see.
The list is keyset paginated (``supervision.pagination``) and serialises rows only; the detail
carries replies, extensions and the procuratorate's own deadlines."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from recommendations.models import InternalDeadline, Recommendation, Reply
from recommendations.permissions import can_see_internal_deadlines, recommendations_visible_to
from supervision.api.viewsets import VisibleReadOnlyModelViewSet

from .serializers import RecommendationListSerializer, RecommendationSerializer


class RecommendationViewSet(VisibleReadOnlyModelViewSet):
    """Instruments the caller may see; anything else answers 404. The procuratorate's own
    deadlines come only to those who may see them (``can_see_internal_deadlines``)."""

    visible_to = recommendations_visible_to
    serializer_class = RecommendationSerializer
    filterset_fields = ["status", "agency", "instrument_type"]

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
                             .prefetch_related("item_answers__item")))
                .order_by("-pk"))
