"""Adding a file to the case file."""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from supervision.models import User
from supervision.services.audit import audit_record
from supervision.uploads import sniff_upload

from ..models import Attachment, ClueTransfer, InvestigationMeasure, SupervisionCase
from ._common import require_open_case_worker


def _sha256(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


@transaction.atomic
def attachment_add(*, actor: User, case: SupervisionCase, upload: UploadedFile,
                   measure: InvestigationMeasure | None = None, transfer: ClueTransfer | None = None,
                   description: str = "") -> Attachment:
    """Store ``upload`` through Django's storage API as a file of ``case`` (and of one of its
    measures or transfers). The type is decided by the content; anything else is refused."""
    require_open_case_worker(actor, case)
    for owner in (measure, transfer):
        if owner is not None and owner.case_id != case.pk:
            raise ValidationError("owner belongs to another case")
    try:
        extension = sniff_upload(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    attachment = Attachment(
        case=case, measure=measure, transfer=transfer, original_name=(upload.name or "file")[-200:],
        extension=extension, size=upload.size, sha256=_sha256(upload),
        description=description.strip()[:200], uploaded_by=actor)
    attachment.file.save(f"upload.{extension}", upload, save=False)
    attachment.save()
    audit_record(actor=actor, action="attachment_add", target=attachment, name=attachment.original_name,
                 sha256=attachment.sha256)
    return attachment
