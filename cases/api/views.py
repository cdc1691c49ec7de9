from rest_framework import viewsets

from cases.permissions import cases_visible_to

from .serializers import CaseSerializer


class CaseViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CaseSerializer
    filterset_fields = ["status", "kind", "agency", "juvenile"]

    def get_queryset(self):
        return cases_visible_to(self.request.user).select_related(
            "kind", "matter", "agency", "handler").order_by("-accepted_on", "-pk")
