"""Files in the case file (附件)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def attachment_path(instance: Attachment, filename: str) -> str:
    """``attachments/<case>/<uuid>.<ext>``: the stored name never contains the user's name."""
    return f"attachments/{instance.case_id}/{uuid.uuid4().hex}.{instance.extension}"


class Attachment(models.Model):
    """An uploaded file of a case, optionally of one measure or clue transfer in it.

    Always anchored on the case: every download asks ``cases.permissions.get_case_for_user``
    first, so whoever cannot see the case gets 404 for its files. The type is the one sniffed
    from the content (``supervision.uploads.sniff_upload``), never the name's extension;
    ``sha256`` lets anyone check a file was not altered after upload. (Replies keep their own
    file on ``recommendations.Reply`` for now; moving them here means a nullable FK ``reply``.)
    """

    case = models.ForeignKey("cases.SupervisionCase", on_delete=models.PROTECT, related_name="attachments")
    measure = models.ForeignKey("cases.InvestigationMeasure", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="attachments")
    transfer = models.ForeignKey("cases.ClueTransfer", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(_("文件"), upload_to=attachment_path)
    original_name = models.CharField(_("文件名"), max_length=200)
    extension = models.CharField(_("类型"), max_length=10)
    size = models.PositiveIntegerField(_("大小"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    #: A file the receiving organ sent with its feedback on the transfer (issue 19), as
    #: opposed to the procuratorate's own letter and material sent with it.
    feedback = models.BooleanField(_("反馈材料"), default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"),
                                    on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["case", "uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(measure__isnull=True) | models.Q(transfer__isnull=True),
                name="attachment_one_owner",
                violation_error_message=_("附件只能属于一项调查措施或一次线索移送。"),
            ),
            models.CheckConstraint(
                condition=models.Q(feedback=False) | models.Q(transfer__isnull=False),
                name="attachment_feedback_of_transfer",
                violation_error_message=_("反馈材料必须属于一次线索移送。"),
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("cases:attachment", args=[self.case_id, self.pk])
