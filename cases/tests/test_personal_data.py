"""Personal data at rest (issue 15), on whichever database the run uses (CI: SQLite with AES,
PostgreSQL with SM4): a party's ID number and an agency's phone, written by the real services,
are ciphertext in their columns, while the pages, the API and the exports show them (masked
where they were masked) and the full number finds its case."""

from __future__ import annotations

import csv
import io

import pytest
from django.apps import apps
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection
from django.test import Client

from agencies.models import Agency
from agencies.services import imports
from agencies.tests.test_import import sheet
from cases.models import Party
from cases.services import PartyInput
from cases.tests.test_registration import COMPANY_ID, PERSON_ID
from supervision import crypto
from supervision.fields import encrypting_migration
from supervision.ids import mask_id

PHONE = "0580-2345678"


def raw(table: str, column: str, where: str, params: list) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column}, {column}_digest FROM {table} WHERE {where}", params)
        return cursor.fetchone()


@pytest.fixture
def case(world):
    return world.register_case(title="违法扣押监督案", parties=[
        PartyInput("张某某", id_number=PERSON_ID.lower()),
        PartyInput("舟山某某水产有限公司", kind="organisation", id_number=COMPANY_ID)])


def test_the_column_holds_a_token_and_a_digest_never_the_number(case, settings):
    person = case.parties.get(name="张某某")
    stored, stored_digest = raw("cases_party", "id_number", "id = %s", [person.pk])
    assert stored.startswith(f"v1:{settings.FIELD_CRYPTO_BACKEND}:")
    assert PERSON_ID not in stored and PERSON_ID[-6:] not in stored
    assert stored_digest == crypto.digest(PERSON_ID) and PERSON_ID not in stored_digest
    assert person.id_number == PERSON_ID  # read back decrypted (and normalised by the service)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM cases_party")
        assert not any(PERSON_ID in value or COMPANY_ID in value for (value,) in cursor.fetchall())


def test_pages_api_and_exports_show_the_number_and_search_finds_it_by_full_number(world, case):
    client = Client()
    client.force_login(world.procurator)
    masked = mask_id(PERSON_ID)
    assert PERSON_ID not in client.get(f"/cases/{case.pk}/").content.decode()  # masked at first
    shown = client.post(f"/cases/{case.pk}/parties/ids/", HTTP_HX_REQUEST="true")
    assert PERSON_ID in shown.content.decode()  # the handler sees it in full, on request
    page = client.get("/cases/", {"q": PERSON_ID.lower()}).content.decode()
    assert "违法扣押监督案" in page and masked in page  # (the query itself is echoed in the form)
    api = client.get("/api/cases/", {"q": PERSON_ID}).json()["results"]
    assert [row["title"] for row in api] == ["违法扣押监督案"]
    detail = client.get(f"/api/cases/{case.pk}/").json()
    assert {p["id_number"] for p in detail["parties"]} == {masked, COMPANY_ID}
    export = client.get("/cases/export.csv", {"q": COMPANY_ID})
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 2 and masked in "".join(rows[1]) and PERSON_ID not in "".join(rows[1])
    # exact match only: part of a number finds nothing (documented in cases/search.py)
    assert client.get("/api/cases/", {"q": PERSON_ID[:14]}).json()["results"] == []


def test_the_orm_refuses_to_compare_ciphertext(case):
    with pytest.raises(FieldError):
        Party.objects.filter(id_number=PERSON_ID).exists()
    with pytest.raises(FieldError):
        Party.objects.filter(id_number__icontains="3301").exists()
    assert Party.objects.get(id_number_digest=crypto.digest(PERSON_ID.lower())).name == "张某某"


def test_an_imported_agency_phone_is_encrypted_and_found_by_exact_match(world):
    row = ("舟山市定海区交通运输局", "行政执法机关", "交通运输", "县区级", "定海", "定检", "", "", "王明", PHONE)
    imports.agencies_import(actor=world.sysadmin, data=sheet(row))
    agency = Agency.objects.get(name=row[0])
    stored, _digest = raw("agencies_agency", "contact_phone", "id = %s", [agency.pk])
    assert stored.startswith("v1:") and "2345678" not in stored
    assert agency.contact_phone == PHONE
    assert Agency.objects.get(contact_phone_digest=crypto.digest("0580 2345678")) == agency


def test_the_data_migration_encrypts_existing_rows_and_reverses(case):
    person = case.parties.get(name="张某某")
    with connection.cursor() as cursor:  # as it was before migration 0009
        cursor.execute("UPDATE cases_party SET id_number = %s, id_number_digest = '' WHERE id = %s",
                       [PERSON_ID, person.pk])
    forwards, backwards = encrypting_migration("cases", "Party", "id_number")
    forwards(apps, connection.schema_editor())
    stored, stored_digest = raw("cases_party", "id_number", "id = %s", [person.pk])
    assert crypto.decrypt(stored) == PERSON_ID and stored_digest == crypto.digest(PERSON_ID)
    forwards(apps, connection.schema_editor())  # running again leaves tokens alone
    assert raw("cases_party", "id_number", "id = %s", [person.pk])[0] == stored
    backwards(apps, connection.schema_editor())
    assert raw("cases_party", "id_number", "id = %s", [person.pk]) == (PERSON_ID, "")


def test_after_switching_the_backend_the_command_rewrites_tokens_and_digests(case, settings):
    other = "sm4" if settings.FIELD_CRYPTO_BACKEND == "aes" else "aes"
    person = case.parties.get(name="张某某")
    settings.FIELD_CRYPTO_BACKEND = other
    assert Party.objects.get(pk=person.pk).id_number == PERSON_ID  # old tokens stay readable
    out = io.StringIO()
    call_command("reencrypt_personal_data", stdout=out)
    assert "cases.Party.id_number: 2" in out.getvalue()
    stored, stored_digest = raw("cases_party", "id_number", "id = %s", [person.pk])
    assert stored.startswith(f"v1:{other}:") and stored_digest == crypto.digest(PERSON_ID)
    assert Party.objects.get(id_number_digest=crypto.digest(PERSON_ID)).pk == person.pk


def test_the_audit_trail_says_a_phone_changed_never_what_it_is(world):
    agency = Agency.objects.get(pk=world.court.pk)
    agency.contact_phone = PHONE
    agency.save()
    changes = agency.audit_changes()
    assert changes["contact_phone"] == ("…", "…") and "2345678" not in str(changes)


def test_showing_the_full_id_numbers_is_audited_and_only_for_those_working_the_case(world, case):
    from supervision.models import AuditEntry

    client = Client()
    client.force_login(world.procurator)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="reveal-ids"' in page and PERSON_ID not in page
    shown = client.post(f"/cases/{case.pk}/parties/ids/", HTTP_HX_REQUEST="true")
    assert shown.status_code == 200 and PERSON_ID in shown.content.decode()
    entry = AuditEntry.objects.get(action="party.ids_read")
    assert entry.actor == world.procurator and entry.target_id == str(case.pk)
    supervisor = Client()
    supervisor.force_login(world.supervisor)  # reads the case, does not work on it
    assert 'data-testid="reveal-ids"' not in supervisor.get(f"/cases/{case.pk}/").content.decode()
    assert supervisor.post(f"/cases/{case.pk}/parties/ids/").status_code == 404
    assert AuditEntry.objects.filter(action="party.ids_read").count() == 1
