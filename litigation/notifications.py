"""The litigation app's notification messages (registered by ``LitigationConfig.ready``)."""

from django.utils.translation import gettext_noop

MESSAGES = {
    # The deadline sweep (generic protocol): the announcement's thirty days.
    "pil_announcement.reminder": gettext_noop(
        "%(case)s：对%(defendant)s的公益诉讼公告期间将于 %(days)s 日后届满（%(due)s）。"),
    "pil_announcement.due_today": gettext_noop(
        "%(case)s：对%(defendant)s的公益诉讼公告期间今天届满（%(due)s）。"),
    "pil_announcement.overdue": gettext_noop(
        "%(case)s：对%(defendant)s的公益诉讼公告期间已于 %(due)s 届满，请登记公告结果。"),
    "calendar.moved.pil_announcement": gettext_noop(
        "法定节假日安排调整：%(case)s 对%(defendant)s的公益诉讼公告期满日由 %(old)s 改为 %(new)s。"),
    # The period to appeal the first-instance decision.
    "pil_appeal.reminder": gettext_noop(
        "%(case)s：对%(defendant)s公益诉讼一审裁判的上诉期限将于 %(days)s 日后届满（%(due)s）。"),
    "pil_appeal.due_today": gettext_noop(
        "%(case)s：对%(defendant)s公益诉讼一审裁判的上诉期限今天届满（%(due)s）。"),
    "pil_appeal.overdue": gettext_noop(
        "%(case)s：对%(defendant)s公益诉讼一审裁判的上诉期限已于 %(due)s 届满，请登记裁判生效或上诉情况。"),
    "calendar.moved.pil_appeal": gettext_noop(
        "法定节假日安排调整：%(case)s 对%(defendant)s公益诉讼一审裁判的上诉期限由 %(old)s 改为 %(new)s。"),
    # To the approvers and the chief of the case's procuratorate.
    "pil.judged": gettext_noop("%(case)s：对%(defendant)s的公益诉讼一审结果：%(result)s。"),
}
