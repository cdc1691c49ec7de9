from django.db.models import Prefetch
from rest_framework import viewsets

from recommendations.models import Reply

from recommendations.permissions import recommendations_visible_to

from .serializers import RecommendationSerializer


class RecommendationViewSet(viewsets.ReadOnlyModelViewSet):
    """Instruments the caller may see; anything else answers 404."""

    serializer_class = RecommendationSerializer
    filterset_fields = ["status", "agency", "instrument_type"]

    def get_queryset(self):
        return (recommendations_visible_to(self.request.user)
                .select_related("instrument_type", "agency", "case")
                .prefetch_related("extensions", "internal_deadlines", Prefetch(
                    "replies", Reply.objects.select_related("author", "signed_off_by")
                    .prefetch_related("item_answers__item")))
                .order_by("-pk"))
