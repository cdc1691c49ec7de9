"""Attachments: type by content, size limit, storage, and downloads only for those who see
the case."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from cases.models import Attachment
from cases.samples import tiny_pdf, tiny_png
from cases.services import attachment_add


def _zip(names: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name in names:
            package.writestr(name, "<x/>")
    return buffer.getvalue()


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


ACCEPTED = {
    "报告.pdf": (tiny_pdf(), "pdf"),
    "照片.png": (tiny_png(), "png"),
    "照片.jpg": (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64, "jpg"),
    "表格.xlsx": (_xlsx(), "xlsx"),
    "笔录.docx": (_zip(["[Content_Types].xml", "_rels/.rels", "word/document.xml"]), "docx"),
    "文书.ofd": (_zip(["OFD.xml", "Doc_0/Document.xml"]), "ofd"),
}
SPOOFED = {
    "报告.pdf": b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200,       # a Windows executable
    "照片.png": b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200,                  # a Linux executable
    "笔录.docx": _zip(["payload.sh"]),                                      # a plain ZIP
    "表格.xlsx": _zip(["[Content_Types].xml", "word/x.xml"]),                # not a workbook
    "说明.pdf": "这不是PDF文件".encode(),                                       # text
    "脚本.pdf": b"#!/bin/sh\nrm -rf /\n",
}


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_each_allowed_type_is_accepted_by_its_content(world, name):
    content, extension = ACCEPTED[name]
    case = world.register_case()
    attachment = attachment_add(actor=world.procurator, case=case,
                                upload=SimpleUploadedFile(name, content, "application/octet-stream"))
    assert attachment.extension == extension and attachment.original_name == name
    assert attachment.sha256 == hashlib.sha256(content).hexdigest() and attachment.size == len(content)
    assert attachment.file.name.startswith(f"attachments/{case.pk}/") and name not in attachment.file.name
    with attachment.file.open("rb") as stored:
        assert stored.read() == content


@pytest.mark.parametrize("name", sorted(SPOOFED))
def test_a_spoofed_file_is_refused_whatever_its_name(world, name):
    case = world.register_case()
    with pytest.raises(ValidationError, match="不支持的文件类型"):
        attachment_add(actor=world.procurator, case=case,
                       upload=SimpleUploadedFile(name, SPOOFED[name], "application/pdf"))
    assert not Attachment.objects.exists()


def test_empty_and_oversized_files_are_refused(world, settings):
    case = world.register_case()
    with pytest.raises(ValidationError, match="为空"):
        attachment_add(actor=world.procurator, case=case, upload=SimpleUploadedFile("a.pdf", b""))
    settings.FILE_UPLOAD_MAX_BYTES = 100
    with pytest.raises(ValidationError, match="过大"):
        attachment_add(actor=world.procurator, case=case,
                       upload=SimpleUploadedFile("a.pdf", tiny_pdf() + b" " * 200))


def test_the_upload_page_refuses_a_renamed_executable_with_a_message(world):
    case = world.register_case()
    client = Client()
    client.force_login(world.procurator)
    response = client.post(f"/cases/{case.pk}/attachments/",
                           {"file": SimpleUploadedFile("报告.pdf", SPOOFED["报告.pdf"])}, follow=True)
    assert "不支持的文件类型" in response.content.decode()
    assert not Attachment.objects.exists()


def test_download_only_through_the_permission_checked_view(world):
    case = world.register_case(assistant=world.assistant)
    attachment = attachment_add(actor=world.procurator, case=case,
                                upload=SimpleUploadedFile("报告.pdf", tiny_pdf()))
    url = attachment.get_absolute_url()
    for persona in ("procurator", "assistant", "approver", "supervisor"):
        client = Client()
        client.force_login(getattr(world, persona))
        response = client.get(url)
        assert response.status_code == 200, persona
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == tiny_pdf()
    for persona in ("pt_procurator", "court_liaison", "police_liaison", "observer", "sysadmin",
                    "auditadmin"):
        client = Client()
        client.force_login(getattr(world, persona))
        assert client.get(url).status_code == 404, persona
    # the attachment of one case is not reachable through another case's URL
    other = world.register_case()
    client = Client()
    client.force_login(world.procurator)
    assert client.get(f"/cases/{other.pk}/attachments/{attachment.pk}/").status_code == 404


def test_a_download_is_named_by_what_the_file_is_not_by_the_uploaders_name(world, client):
    from django.urls import reverse

    content, _ = ACCEPTED["扫描件.pdf"] if "扫描件.pdf" in ACCEPTED else next(
        v for k, v in ACCEPTED.items() if v[1] == "pdf")
    case = world.register_case()
    attachment = attachment_add(actor=world.procurator, case=case,
                                upload=SimpleUploadedFile("现场照片.exe", content, "image/png"))
    client.force_login(world.procurator)
    response = client.get(reverse("cases:attachment", args=[case.pk, attachment.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "filename*=utf-8''%E7%8E%B0%E5%9C%BA%E7%85%A7%E7%89%87.pdf" in (
        response["Content-Disposition"])
