from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CongressConfig(AppConfig):
    """What the procuratorate reports to the people's congress and what it owes the congress
    back: work reports (seed 000 §6, §10) and the written replies to deliberation opinions
    (seed 001 §3: "意见落实情况应按时书面予以回复"; seed 004 §11)."""

    name = "congress"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("人大报告")
