from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "agencies"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("被监督单位")

    def ready(self) -> None:
        from supervision.services.emails import register_send_time_params

        from .services.invitations import invitation_link

        register_send_time_params("liaison.invited", invitation_link)
