from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyType(models.TextChoices):
    COURT = "court", _("人民法院")
    POLICE = "police", _("公安机关/侦查机关")
    PRISON = "prison", _("监狱")
    DETENTION = "detention", _("看守所")
    COMMUNITY_CORRECTION = "community_correction", _("社区矫正机构")
    COMPULSORY_MEDICAL = "compulsory_medical", _("强制医疗所")
    ADMINISTRATIVE = "administrative", _("行政执法机关")
    SUPERVISORY_COMMISSION = "supervisory_commission", _("监察委员会")
    JUDICIAL_ADMINISTRATION = "judicial_administration", _("司法行政机关")
    OTHER = "other", _("其他")


class AgencyLevel(models.TextChoices):
    NATIONAL = "national", _("中央/国家级")
    PROVINCIAL = "provincial", _("省级")
    MUNICIPAL = "municipal", _("市级")
    COUNTY = "county", _("县区级")
