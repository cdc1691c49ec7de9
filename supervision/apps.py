from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("组织机构与基础数据")
