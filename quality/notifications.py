"""The quality reviews' notification messages (registered by ``QualityConfig.ready``)."""

from django.utils.translation import gettext_noop

MESSAGES = {
    "quality.assigned": gettext_noop(
        "%(organiser)s请您对%(subject)s进行案件质量评查（%(kind)s）。"),
    "quality.graded": gettext_noop(
        "%(subject)s的案件质量评查已评定为“%(grade)s”。承办检察官可在 %(due)s 前反馈意见。"),
    "quality.feedback": gettext_noop(
        "%(subject)s的承办检察官对评查结果%(feedback)s。"),
    "quality.concluded": gettext_noop(
        "%(subject)s的案件质量评查已办结，评定等次“%(grade)s”。"),
    "quality.cancelled": gettext_noop(
        "%(subject)s的案件质量评查已撤销。理由：%(reason)s"),
}
