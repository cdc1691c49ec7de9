"""The three separated administrators (MLPS level 3): each reaches only its own duty."""

from __future__ import annotations

import pytest
from django.test import Client

from supervision.choices import Role
from supervision.models import AuditEntry

SYSADMIN_OK = ["/admin/", "/admin/supervision/procuratorate/", "/admin/supervision/department/",
               "/admin/agencies/agency/", "/admin/supervision/matter/", "/admin/supervision/user/",
               "/admin/supervision/user/add/", "/admin/supervision/calendarday/"]
SECADMIN_OK = ["/admin/", "/admin/supervision/user/", "/admin/auth/group/"]
AUDITADMIN_OK = ["/admin/", "/admin/supervision/auditentry/", "/admin/admin/logentry/"]
ALL = sorted(set(SYSADMIN_OK + SECADMIN_OK + AUDITADMIN_OK) - {"/admin/"})


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(("persona", "allowed"), [
    ("sysadmin", SYSADMIN_OK), ("secadmin", SECADMIN_OK), ("auditadmin", AUDITADMIN_OK)])
def test_each_administrator_reaches_only_its_own_duty(world, persona, allowed):
    client = _client(getattr(world, persona))
    for url in ["/admin/", *ALL]:
        status = client.get(url).status_code
        assert status == (200 if url in allowed else 403), (persona, url, status)


@pytest.mark.parametrize("persona", ["procurator", "approver", "supervisor", "court_liaison", "observer"])
def test_case_workers_and_liaisons_are_sent_to_the_admin_login(world, persona):
    response = _client(getattr(world, persona)).get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_the_system_administrator_cannot_assign_roles(world):
    page = _client(world.sysadmin).get(f"/admin/supervision/user/{world.procurator.pk}/change/")
    html = page.content.decode()
    assert 'name="procuratorate"' in html and 'name="role"' not in html and 'name="groups"' not in html


def test_the_security_administrator_assigns_a_role_and_it_is_audited(world):
    client = _client(world.secadmin)
    url = f"/admin/supervision/user/{world.assistant.pk}/change/"
    html = client.get(url).content.decode()
    assert 'name="role"' in html and 'name="procuratorate"' not in html  # read-only there
    response = client.post(url, {"role": Role.PROCURATOR, "is_active": "on", "groups": [],
                                 "user_permissions": []})
    assert response.status_code == 302, response.content.decode()[:2000]
    world.assistant.refresh_from_db()
    assert world.assistant.role == Role.PROCURATOR
    entry = AuditEntry.objects.get(action="user_change", target_id=str(world.assistant.pk))
    assert entry.actor == world.secadmin and "role" in entry.data["fields"]
    assert entry.changes["role"] == [Role.ASSISTANT, Role.PROCURATOR]  # before and after
    logged = AuditEntry.objects.get(action="admin.changed")  # the admin's own log, too
    assert logged.actor == world.secadmin
    assert logged.data["object"] == f"supervision.user#{world.assistant.pk}"


def test_reference_data_edited_in_the_admin_is_audited(world):
    from supervision.models import Matter

    matter = Matter.objects.first()
    client = _client(world.sysadmin)
    url = f"/admin/supervision/matter/{matter.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: ("" if value is None else value) for name, value in form.initial.items()
            if not isinstance(value, list | tuple)}
    data.update({"name_en": "Renamed in the admin"})
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:1500]
    entry = AuditEntry.objects.get(action="admin.changed")
    assert entry.actor == world.sysadmin
    assert entry.data["object"] == f"supervision.matter#{matter.pk}"
    matter.refresh_from_db()
    assert matter.name_en == "Renamed in the admin"


def test_no_administrator_sees_case_content(world):
    for persona in ("sysadmin", "secadmin", "auditadmin"):
        client = _client(getattr(world, persona))
        assert client.get("/cases/").status_code == 404
        assert client.get("/admin/cases/supervisioncase/").status_code == 404


def test_a_matter_s_source_reads_as_official_titles_never_our_notation(world):
    """``Matter.source`` keeps the developers' ``seed NNN §k``; the administrator reads the
    texts by official title and article (supervision/sources.py), in the list and the form."""
    from supervision.models import Matter
    from supervision.sources import TITLES, cited

    assert cited("seed 000 §2；seed 002 §6") == (
        TITLES["000"] + "第二条；" + TITLES["002"] + "第6项")
    assert all("seed" not in cited(m.source) for m in Matter.objects.all())
    matter = Matter.objects.exclude(source="").first()
    client = _client(world.sysadmin)
    for url in ("/admin/supervision/matter/", f"/admin/supervision/matter/{matter.pk}/change/"):
        page = client.get(url).content.decode()
        assert "seed 0" not in page and "《" in page, url
