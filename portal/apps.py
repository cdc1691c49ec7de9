from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The agency liaison portal: the inbox, the instrument page, replies and sign-off.

    It sits above the instruments (``recommendations``) and the agency directory (``agencies``)
    and owns no tables: everything it shows or writes belongs to those apps.
    """

    name = "portal"
    verbose_name = _("联络员门户")
