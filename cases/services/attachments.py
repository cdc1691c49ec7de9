"""Adding a file to the case file."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from supervision.models import User
from supervision.services.audit import audit_record
from supervision.uploads import sniff_upload, upload_sha256

from ..models import Attachment, ClueTransfer, InvestigationMeasure, SupervisionCase
from ._common import require_open_case_worker


@transaction.atomic
def attachment_add(*, actor: User, case: SupervisionCase, upload: UploadedFile,
                   measure: InvestigationMeasure | None = None, transfer: ClueTransfer | None = None,
                   description: str = "") -> Attachment:
    """Store ``upload`` through Django's storage API as a file of ``case`` (and of one of its
    measures or transfers). The type is decided by the content; anything else is refused."""
    require_open_case_worker(actor, case)
    return attachment_store(actor=actor, case=case, upload=upload, measure=measure,
                            transfer=transfer, description=description)


def attachment_store(*, actor: User, case: SupervisionCase, upload: UploadedFile,
                     measure: InvestigationMeasure | None = None,
                     transfer: ClueTransfer | None = None, description: str = "",
                     feedback: bool = False) -> Attachment:
    """Store the file once the caller has checked who may add it (``attachment_add`` for the
    case's workers; ``clue_transfer_record_reply`` for the receiving organ's feedback)."""
    for owner in (measure, transfer):
        if owner is not None and owner.case_id != case.pk:
            raise ValidationError("owner belongs to another case")
    try:
        extension = sniff_upload(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    attachment = Attachment(
        case=case, measure=measure, transfer=transfer, original_name=(upload.name or "file")[-200:],
        extension=extension, size=upload.size, sha256=upload_sha256(upload),
        description=description.strip()[:200], uploaded_by=actor, feedback=feedback)
    attachment.file.save(f"upload.{extension}", upload, save=False)
    attachment.save()
    audit_record(actor=actor, action="attachment_add", target=attachment, name=attachment.original_name,
                 sha256=attachment.sha256)
    return attachment
