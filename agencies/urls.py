"""The agency directory's pages: inviting liaisons, their memberships, the XLSX import, and
the liaison's switch between the agencies they serve. Names are global (``liaison-invite`` …)."""

from django.urls import path

from agencies.views import imports, invitations, memberships

urlpatterns = [
    path("agencies/invite/", invitations.liaison_invite, name="liaison-invite"),
    path("agencies/liaisons/<id:pk>/deactivate/", memberships.liaison_deactivate,
         name="liaison-deactivate"),
    path("agencies/liaisons/<id:pk>/responsible/", memberships.liaison_responsible,
         name="liaison-responsible"),
    path("agencies/import/", imports.agency_import, name="agency-import"),
    path("agencies/import/template.xlsx", imports.agency_import_template,
         name="agency-import-template"),
    path("invite/<str:uidb64>/<str:token>/", invitations.liaison_accept, name="liaison-accept"),
    path("portal/switch/", memberships.portal_switch, name="portal-switch"),
]
