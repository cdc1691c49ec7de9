"""The API's documentation pages (issue 17): Swagger UI at ``/api/docs/`` and Redoc at
``/api/redoc/``, over the schema at ``/api/schema/`` in the reader's language (``?lang=en``
passes on to the schema). Their assets come from drf-spectacular-sidecar (static files, no
CDN), and they keep the site's Content-Security-Policy: Swagger UI's start-up script is served
from this server (drf-spectacular's split view, ``?script``), Redoc's from ``static/js``; the
only relaxation is Redoc's own ``<style>`` elements, which carry the response's nonce
(``style-src`` gets that nonce on the Redoc page only).

A signed-in user reads them; anyone else is sent to the login page, as on any page.
"""

from __future__ import annotations

from csp.constants import NONCE
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView

TITLE = _("检察监督案件管理系统 API 文档")


class _SignedIn:
    """Anonymous visitors go to the login page (and come back), as on every page."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().dispatch(request, *args, **kwargs)


class ApiDocsView(_SignedIn, SpectacularSwaggerSplitView):
    url_name = "api-schema"
    title = TITLE


class ApiRedocView(_SignedIn, SpectacularRedocView):
    url_name = "api-schema"
    title = TITLE

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # Redoc (styled-components) inserts <style> elements carrying this nonce
        # (templates/drf_spectacular/redoc.html passes it on); nothing else is relaxed.
        response._csp_update = {"style-src": [NONCE]}
        return response
