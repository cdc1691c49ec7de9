"""Every API viewset the router serves starts from what its user may see
(``supervision.api.viewsets.VisibleModelViewSet``): one access chokepoint per resource."""

from __future__ import annotations

from config.api_urls import router
from supervision.api.viewsets import VisibleModelViewSet


def test_every_routed_viewset_is_a_visible_model_viewset_with_its_visibility():
    assert router.registry
    for prefix, viewset, _basename in router.registry:
        assert issubclass(viewset, VisibleModelViewSet), prefix
        assert callable(viewset.visible_to), prefix
        assert "get_queryset" not in vars(viewset), prefix
