"""The notification messages of the case file's own rows (registered in ``CasesConfig.ready``
with ``supervision.services.notifications.register_messages``): clue transfers told to the
receiving organ and its feedback told to the case, and the supplementary investigation's
period. The msgids are translated when shown, in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext_noop

MESSAGES = {
    # To the receiving organ's liaisons (a transfer to an agency of the directory).
    "transfer.agency.sent": gettext_noop(
        "%(procuratorate)s 向贵单位移送线索（%(letter)s），请于 %(due)s 前在平台书面反馈处理结果。"),
    "transfer.agency.reminder": gettext_noop(
        "%(procuratorate)s 移送贵单位的线索（%(letter)s），反馈期限将于 %(days)s 日后届满（%(due)s）。"),
    "transfer.agency.due_today": gettext_noop(
        "%(procuratorate)s 移送贵单位的线索（%(letter)s），反馈期限今天届满（%(due)s）。"),
    "transfer.agency.overdue": gettext_noop(
        "%(procuratorate)s 移送贵单位的线索（%(letter)s），反馈期限 %(due)s 已过，请即书面反馈。"),
    "calendar.moved.transfer_agency": gettext_noop(
        "法定节假日安排调整：%(procuratorate)s 移送贵单位的线索（%(letter)s），反馈期限由 %(old)s "
        "改为 %(new)s。"),
    # To the case's handler and assistant.
    "transfer.feedback_received": gettext_noop(
        "%(recipient)s 已对 %(case)s 移送的线索书面反馈（%(date)s）。"),
    "supplementary.reminder": gettext_noop(
        "%(case)s：退回%(organ)s第 %(round)s 次补充调查，期限将于 %(days)s 日后届满（%(due)s）。"),
    "supplementary.due_today": gettext_noop(
        "%(case)s：退回%(organ)s第 %(round)s 次补充调查，期限今天届满（%(due)s）。"),
    "supplementary.overdue": gettext_noop(
        "%(case)s：退回%(organ)s第 %(round)s 次补充调查，期限 %(due)s 已过，尚未重新移送。"),
    "calendar.moved.supplementary": gettext_noop(
        "法定节假日安排调整：%(case)s 退回%(organ)s补充调查的期限由 %(old)s 改为 %(new)s。"),
}
