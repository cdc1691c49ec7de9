"""A case's files and parties through the API (issue 17): a download passes the same check
as the case page's (``get_attachment_for_user`` with the case in the URL), is served with the
type sniffed from its bytes and audited; another case's file, through this case's URL, is not
found. Parties are listed masked, as on the page."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import services
from cases.models import Party
from cases.samples import tiny_pdf
from supervision.models import AuditEntry


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _download(case_pk: int, attachment_pk: int) -> str:
    return reverse("api-case-attachment-download", args=[case_pk, attachment_pk])


@pytest.fixture
def files(world) -> dict:
    case = world.register_case(assistant=world.assistant, parties=[
        services.PartyInput(name="张三", id_number="330902199001011238")])
    other = world.register_case(title="另一件案件")
    pdf = tiny_pdf("笔录")
    attachment = services.attachment_add(actor=world.procurator, case=case,
                                         upload=SimpleUploadedFile("笔录.exe", pdf))
    measure = services.measure_record(
        actor=world.procurator, case=case, measure_type="file_review",
        taken_on=datetime.date.today(), target="执行卷宗",
        files=[SimpleUploadedFile("调阅.pdf", tiny_pdf("调阅"))])
    elsewhere = services.attachment_add(actor=world.procurator, case=other,
                                        upload=SimpleUploadedFile("其他.pdf", tiny_pdf("其他")))
    return {"case": case, "other": other, "attachment": attachment, "pdf": pdf,
            "measure_file": measure.attachments.get(), "elsewhere": elsewhere}


@pytest.mark.django_db
def test_a_case_worker_downloads_the_file_typed_by_its_bytes_and_audited(world, files):
    case, attachment = files["case"], files["attachment"]
    response = _client(world.procurator).get(_download(case.pk, attachment.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment;" in response["Content-Disposition"]
    assert ".pdf" in response["Content-Disposition"]  # "笔录.exe" is named by what it is
    assert b"".join(response.streaming_content) == files["pdf"]
    assert AuditEntry.objects.filter(action="file.read", actor=world.procurator,
                                     target_id=str(attachment.pk)).exists()


@pytest.mark.django_db
def test_a_measures_file_downloads_through_the_same_route(world, files):
    response = _client(world.assistant).get(_download(files["case"].pk, files["measure_file"].pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.django_db
def test_another_cases_file_through_this_cases_url_is_not_found(world, files):
    client = _client(world.procurator)
    assert client.get(_download(files["case"].pk, files["elsewhere"].pk)).status_code == 404
    assert client.get(_download(files["other"].pk, files["elsewhere"].pk)).status_code == 200
    assert client.get(_download(files["other"].pk, files["attachment"].pk)).status_code == 404
    # An id beyond the database's integers is not found either (never a 500).
    assert client.get(_download(10**20, files["attachment"].pk)).status_code == 404
    assert client.get(_download(files["case"].pk, 10**20)).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["pt_procurator", "court_liaison", "observer", "sysadmin"])
def test_who_may_not_see_the_case_gets_404_and_nothing_is_audited(world, files, persona):
    user = getattr(world, persona)
    response = _client(user).get(_download(files["case"].pk, files["attachment"].pk))
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action="file.read", actor=user).exists()


@pytest.mark.django_db
def test_the_parties_are_listed_masked(world, files):
    response = _client(world.procurator).get(reverse("api-case-parties", args=[files["case"].pk]))
    assert response.status_code == 200
    [party] = response.json()
    assert party["name"] == "张三"
    assert party["id_number"] != "330902199001011238"
    assert _client(world.pt_procurator).get(
        reverse("api-case-parties", args=[files["case"].pk])).status_code == 404


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        assert response.status_code == 200
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_query_counts_are_pinned_and_flat_in_rows(world, files):
    case = files["case"]
    client = _client(world.procurator)
    parties = reverse("api-case-parties", args=[case.pk])
    client.get(parties)
    first = _count(client, parties)
    Party.objects.bulk_create([Party(case=case, name=f"当事人{i}") for i in range(4)])
    # session, user, the case, its parties.
    assert _count(client, parties) == first == 4
    download = _download(case.pk, files["attachment"].pk)
    client.get(download)
    # session, user, the case, the attachment (its case's visibility checked again, as the
    # page's download does) and the audit entry's writes (supervision.services.audit).
    first = _count(client, download)
    for i in range(4):
        services.attachment_add(actor=world.procurator, case=case,
                                upload=SimpleUploadedFile(f"{i}.pdf", tiny_pdf(str(i))))
    assert _count(client, download) == first == 7


@pytest.mark.django_db
def test_the_full_id_numbers_are_read_by_case_workers_only_and_audited(world, files):
    case = files["case"]
    url = reverse("api-case-party-ids", args=[case.pk])
    response = _client(world.procurator).post(url)
    assert response.status_code == 200
    assert response.json()[0]["id_number"] == "330902199001011238"
    assert AuditEntry.objects.filter(action="party.ids_read", actor=world.procurator,
                                     target_id=str(case.pk)).count() == 1
    for persona in ("supervisor", "pt_procurator", "court_liaison", "observer"):
        user = getattr(world, persona)
        assert _client(user).post(url).status_code == 404, persona
        assert not AuditEntry.objects.filter(action="party.ids_read", actor=user).exists()
