"""Reads of sensitive content are on the audit trail (issue 15): every download of case
material — the official PDF, a reply's attachment and evidence, a case file, a signed receipt,
a reply draft's file — and every look at the records of interference with cases."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cases import services as case_services
from cases.samples import tiny_pdf
from recommendations import services
from supervision.models import AuditEntry

pytestmark = pytest.mark.django_db


def reads(user, action="file.read"):
    return list(AuditEntry.objects.filter(actor=user, action=action)
                .values_list("target_type", "data__file"))


def test_downloads_are_audited_with_who_and_which_file(world):
    rec = world.served(datetime.date.today(), items=["一、整改"])
    item = rec.items.get()
    from recommendations.services.replies import ItemAnswerInput

    reply = services.reply_submit(
        actor=world.court_liaison, recommendation=rec, content="已整改",
        attachment=SimpleUploadedFile("整改报告.pdf", tiny_pdf(), "application/pdf"),
        item_answers=[ItemAnswerInput(item.pk, "adopted", "已落实", evidence=SimpleUploadedFile(
            "照片.pdf", tiny_pdf(), "application/pdf"))])
    attachment = case_services.attachment_add(
        actor=world.procurator, case=rec.case, upload=SimpleUploadedFile(
            "卷宗.pdf", tiny_pdf(), "application/pdf"), description="卷宗")
    client = Client()
    client.force_login(world.procurator)
    answer = reply.item_answers.get()
    for url in (reverse("recommendations:pdf", args=[rec.pk]),
                reverse("recommendations:reply-attachment", args=[reply.pk]),
                reverse("recommendations:reply-evidence", args=[answer.pk]),
                reverse("cases:attachment", args=[rec.case.pk, attachment.pk])):
        response = client.get(url)
        assert response.status_code == 200, url
        b"".join(response.streaming_content)
    assert sorted(reads(world.procurator)) == sorted([
        ("recommendations.recommendation", f"{rec.number}.pdf"),
        ("recommendations.reply", "整改报告.pdf"),
        ("recommendations.replyitemanswer", "照片.pdf"),
        ("cases.attachment", "卷宗.pdf")])
    # A refused download leaves no read behind (the access check comes first).
    outsider = Client()
    outsider.force_login(world.police_liaison)
    assert outsider.get(reverse("recommendations:pdf", args=[rec.pk])).status_code == 404
    assert reads(world.police_liaison) == []


def test_looking_at_the_interference_records_is_audited(world):
    client = Client()
    client.force_login(world.approver)
    assert client.get(reverse("cases:interference-list")).status_code == 200
    assert AuditEntry.objects.filter(actor=world.approver, action="interference.read").count() == 1
