"""What every uploaded file of a flow records besides the file itself (issue 19)."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.utils.translation import gettext_lazy as _

from supervision.uploads import upload_sha256


class StoredFile(models.Model):
    """Abstract: a file a flow keeps — its name as uploaded, the type sniffed from its bytes
    (``supervision.uploads.sniff_upload``), its size and SHA-256, who uploaded it and when.
    Each concrete model adds its ``file`` field (its own storage path) and its owner; every
    download goes through the owner's access check first."""

    original_name = models.CharField(_("文件名"), max_length=200)
    extension = models.CharField(_("类型"), max_length=10)
    size = models.PositiveIntegerField(_("大小"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"),
                                    on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name

    @classmethod
    def store(cls, upload: UploadedFile, extension: str, *, actor, **owner):
        """Save ``upload`` (already sniffed as ``extension``) as a new row of ``owner``."""
        row = cls(**owner, original_name=(upload.name or "file")[-200:], extension=extension,
                  size=upload.size, sha256=upload_sha256(upload), uploaded_by=actor)
        row.file.save(f"upload.{extension}", upload, save=False)
        row.save()
        return row
