"""Checks on uploaded files: type decided by content (magic bytes), never by the name."""

from __future__ import annotations

import hashlib
import zipfile

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from supervision.models import User
from supervision.services.audit import audit_record

#: MIME types we accept, by the kind ``filetype`` recognises from the bytes.
ALLOWED_KINDS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jpg": "image/jpeg",
    "png": "image/png",
    "ofd": "application/ofd",
}


def _is_ofd(upload: UploadedFile) -> bool:
    """OFD (GB/T 33190) is a ZIP package whose root holds ``OFD.xml``."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as package:
            return "OFD.xml" in package.namelist()
    except zipfile.BadZipFile:
        return False
    finally:
        upload.seek(0)


#: Members an Office Open XML package of each kind must hold (filetype looks at the first
#: bytes only; a ZIP that merely names ``word/`` early is not a document).
_OOXML_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


def _is_ooxml(upload: UploadedFile, extension: str) -> bool:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as package:
            names = set(package.namelist())
            return "[Content_Types].xml" in names and _OOXML_PARTS[extension] in names
    except zipfile.BadZipFile:
        return False
    finally:
        upload.seek(0)


def stored_file_response(field: FieldFile | None, name: str = "",
                         content_type: str | None = None, *, reader: User,
                         owner: models.Model) -> FileResponse:
    """Serve a stored file (``FieldFile``) as a download named ``name`` (else its stored
    name); 404 when there is none. Call only after the access check of ``owner``, whatever the
    file belongs to. Every download is audited (``file.read``: who, which file of what) —
    reads of case material are part of the trail (issue 15)."""
    if not field:
        raise Http404
    stored = field.name.rsplit("/", 1)[-1]
    filename = name or stored
    # Named by what it is: the stored name carries the extension sniff_upload gave from the
    # bytes, which replaces whatever the uploader's name ended in ("报告.exe" → "报告.pdf").
    kind = stored.rsplit(".", 1)[-1].lower() if "." in stored else ""
    if kind in ALLOWED_KINDS:
        filename = f"{filename.rsplit('.', 1)[0] if '.' in filename else filename}.{kind}"
        content_type = content_type or ALLOWED_KINDS[kind]
    audit_record(actor=reader, action="file.read", target=owner, file=filename)
    return FileResponse(field.open("rb"), as_attachment=True, filename=filename,
                        content_type=content_type)


def sniff_uploads(files, field: str = "files") -> list[tuple[UploadedFile, str]]:
    """Each upload with the extension its bytes show (:func:`sniff_upload`), or one
    ValidationError on ``field`` naming every file refused and why."""
    checked, errors = [], []
    for upload in files:
        try:
            checked.append((upload, sniff_upload(upload)))
        except ValidationError as exc:
            errors.append(f"{upload.name}：{' '.join(exc.messages)}")
    if errors:
        raise ValidationError({field: errors})
    return checked


def upload_sha256(upload: UploadedFile) -> str:
    """The SHA-256 of an upload's bytes (hex), read in chunks; the file is left at its start."""
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def content_type_for(extension: str) -> str:
    """The MIME type to serve a stored file with, from the extension ``sniff_upload`` gave."""
    return ALLOWED_KINDS.get(extension, "application/octet-stream")


def sniff_upload(upload: UploadedFile) -> str:
    """Return the extension that matches the file's content, or raise ValidationError.

    Refuses empty files, files over ``FILE_UPLOAD_MAX_BYTES``, and anything whose bytes are not
    one of ``ALLOWED_KINDS`` — an executable renamed ``报告.pdf`` is refused.
    """
    if not upload.size:
        raise ValidationError(_("文件为空。"))
    if upload.size > settings.FILE_UPLOAD_MAX_BYTES:
        raise ValidationError(_("文件过大（%(size)s），上限为 %(limit)s。") % {
            "size": filesizeformat(upload.size), "limit": filesizeformat(settings.FILE_UPLOAD_MAX_BYTES)})
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is not None and kind.extension in _OOXML_PARTS:
        if _is_ooxml(upload, kind.extension):
            return kind.extension
    elif kind is not None and kind.extension in ALLOWED_KINDS:
        return kind.extension
    if kind is not None and kind.extension == "zip" and _is_ofd(upload):
        return "ofd"
    raise ValidationError(
        _("不支持的文件类型：只接受 PDF、OFD、DOCX、XLSX、JPG、PNG 文件（按文件内容判断，而非文件名）。"))


def inline_pdf(data: bytes, filename: str) -> HttpResponse:
    """A document rendered for reading in the browser (a notice, a record, a report), under its
    Chinese file name: Django's own ``Content-Disposition`` (RFC 6266, ``filename*``)."""
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, filename)
    return response
