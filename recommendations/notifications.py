"""The instruments' approval messages (registered by ``RecommendationsConfig.ready``): codes
with msgids rendered in each reader's language when shown. ``type`` comes with ``type_en``;
``outcome`` is a choice label's msgid (``supervision.services.notifications``)."""

from django.utils.translation import gettext_noop

MESSAGES = {
    "approval.forwarded": gettext_noop(
        "%(name)s 已审核同意%(type)s“%(title)s”，请您审批。"),
    "approval.committee": gettext_noop(
        "%(type)s“%(title)s”已经检察长审批同意，须提请检察委员会讨论决定；会后请记录检察委员会的决定。"),
    "approval.committee_decided": gettext_noop(
        "检察委员会对%(type)s“%(title)s”的决定：%(outcome)s。"),
}
