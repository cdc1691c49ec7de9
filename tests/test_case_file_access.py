"""The case file is the procuratorate's: attachments, measures, transfers and exports answer
404 (or hold nothing) for another agency's liaison and a sibling procuratorate."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cases import services
from cases.samples import tiny_pdf

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


@pytest.fixture
def case_file(world) -> dict:
    with time_machine.travel(NOW, tick=False):
        case = world.register_case(title="定海案件", assistant=world.assistant)
        measure = services.measure_record(
            actor=world.procurator, case=case, measure_type="evidence", taken_on=NOW.date(),
            target="执行局", files=[SimpleUploadedFile("证据.pdf", tiny_pdf())])
        transfer = services.clue_transfer_create(
            actor=world.procurator, case=case, recipient_kind="supervisory_commission",
            recipient="监委", clue="线索", transferred_on=NOW.date())
        world.register_case(actor=world.pt_procurator, agency=world.pt_court, title="普陀案件")
    return {"case": case, "measure": measure, "transfer": transfer,
            "attachment": measure.attachments.get()}


def _urls(o: dict) -> dict[str, tuple[str, str]]:
    pk = o["case"].pk
    return {
        "attachment": ("get", reverse("cases:attachment", args=[pk, o["attachment"].pk])),
        "measure-form": ("get", reverse("cases:measure-create", args=[pk])),
        "measure-escalate": ("post", reverse("cases:measure-escalate", args=[pk, o["measure"].pk])),
        "upload": ("post", reverse("cases:attachment-upload", args=[pk])),
        "transfer-reply": ("post", reverse("cases:transfer-reply", args=[pk, o["transfer"].pk])),
        "interference": ("get", reverse("cases:interference-create", args=[pk])),
        "api-measures": ("get", reverse("api-case-measures", args=[pk])),
        "api-attachments": ("get", reverse("api-case-attachments", args=[pk])),
        "api-transfers": ("get", reverse("api-case-transfers", args=[pk])),
        "api-measure-create": ("post", reverse("api-case-measures", args=[pk])),
        "api-upload": ("post", reverse("api-case-attachments", args=[pk])),
    }


@pytest.mark.parametrize("persona", ["police_liaison", "court_liaison", "pt_procurator", "observer",
                                     "sysadmin", "auditadmin"])
def test_outsiders_get_404_on_the_case_file(world, case_file, persona):
    client = Client()
    client.force_login(getattr(world, persona))
    for name, (method, url) in _urls(case_file).items():
        assert getattr(client, method)(url).status_code == 404, (persona, name)


@pytest.mark.parametrize("persona", ["police_liaison", "court_liaison", "observer", "sysadmin"])
def test_the_export_page_is_not_there_for_roles_without_cases(world, case_file, persona):
    client = Client()
    client.force_login(getattr(world, persona))
    assert client.get(reverse("cases:export", args=["csv"])).status_code == 404
    # the API export answers with the rows they may see: none
    response = client.get(reverse("api-case-export", args=["csv"]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 1  # the header only


@pytest.mark.parametrize(("persona", "titles"), [
    ("procurator", {"定海案件"}), ("assistant", {"定海案件"}), ("pt_procurator", {"普陀案件"}),
    ("supervisor", {"定海案件", "普陀案件"}),
])
def test_exports_contain_only_visible_rows(world, case_file, persona, titles):
    client = Client()
    client.force_login(getattr(world, persona))
    response = client.get(reverse("cases:export", args=["csv"]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert {row[1] for row in rows[1:]} == titles


def test_a_supervisor_above_reads_the_file_but_cannot_add_to_it(world, case_file):
    client = Client()
    client.force_login(world.supervisor)
    urls = _urls(case_file)
    assert client.get(urls["attachment"][1]).status_code == 200
    assert client.get(urls["api-measures"][1]).status_code == 200
    assert client.get(urls["measure-form"][1]).status_code == 404
    assert client.post(urls["api-measure-create"][1]).status_code == 404
