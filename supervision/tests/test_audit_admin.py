"""The audit administrator browses, filters, exports and checks the trail (issue 15); nobody
else reads it, and reading it out is itself audited."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from supervision.models import AuditEntry
from supervision.services.audit import audit_record, request_context


@pytest.fixture
def entries(world):
    with request_context(source_ip="198.51.100.4"):
        audit_record(actor=world.procurator, action="case.registered", target=world.city,
                     title="=HYPERLINK(\"http://x\",\"y\")")
    audit_record(actor=world.approver, action="recommendation_approve", target=world.city)


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_audit_administrator_filters_the_trail(world, entries):
    client = _as(world.auditadmin)
    page = client.get(reverse("admin:supervision_auditentry_changelist"),
                      {"role": "procurator"})
    assert page.status_code == 200
    assert [e.action for e in page.context["cl"].result_list] == ["case.registered"]
    assert "198.51.100.4" in page.content.decode()
    by_address = client.get(reverse("admin:supervision_auditentry_changelist"),
                            {"q": "198.51.100.4"})
    assert [e.action for e in by_address.context["cl"].result_list] == ["case.registered"]
    entry = AuditEntry.objects.get(action="case.registered")
    detail = client.get(reverse("admin:supervision_auditentry_change", args=[entry.pk]))
    assert detail.status_code == 200 and entry.hash in detail.content.decode()


def test_the_export_is_what_the_filter_shows_and_is_audited(world, entries):
    response = _as(world.auditadmin).get(reverse("admin:supervision_auditentry_export"),
                                         {"action": "case.registered"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="audit-')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][5] == "case.registered (case.registered)"
    assert rows[1][4] == "198.51.100.4"
    assert sheet.cell(2, 9).data_type == "s"  # the formula in the data stays text
    exported = AuditEntry.objects.get(action="audit.exported")
    assert exported.actor == world.auditadmin and "case.registered" in exported.data["filters"]


def test_checking_the_chain_from_the_page(world, entries):
    client = _as(world.auditadmin)
    done = client.post(reverse("admin:supervision_auditentry_verify"), follow=True)
    assert "审计链完整" in done.content.decode()
    assert client.get(reverse("admin:supervision_auditentry_verify")).status_code == 403


@pytest.mark.parametrize("who", ["sysadmin", "secadmin", "procurator", "supervisor"])
def test_nobody_else_reads_or_exports_the_trail(world, entries, who):
    client = _as(getattr(world, who))
    for name in ("admin:supervision_auditentry_changelist", "admin:supervision_auditentry_export"):
        response = client.get(reverse(name))
        assert response.status_code in (302, 403), (name, response.status_code)
    assert not AuditEntry.objects.filter(action="audit.exported").exists()
