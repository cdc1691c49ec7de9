"""Reference data in the English interface (issue 14): the case and drafting forms' selects,
the liaison's type filter, notifications and the API read the English names of kinds, matters
and instrument types; the administrator edits them in the admin; the API keeps the official
Chinese names in its existing fields and adds the English beside them."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from recommendations.models import InstrumentType
from supervision.models import Matter, Notification, PeriodRule, SupervisionKind
from supervision.services.notifications import render_message

OPTION = re.compile(r"<option[^>]*>([^<]*)</option>")
OPTGROUP = re.compile(r'<optgroup[^>]*label="([^"]*)"')


def options(response, name: str) -> list[str]:
    """The option texts of the select called ``name`` on the page."""
    page = response.content.decode()
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.DOTALL)
    assert select, name
    return [html.unescape(text).strip() for text in OPTION.findall(select.group(1))]


def client_for(user, language: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def optgroups(response, name: str) -> list[str]:
    """The group labels of the select called ``name`` on the page."""
    page = response.content.decode()
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.DOTALL)
    assert select, name
    return [html.unescape(label) for label in re.findall(r'<optgroup label="([^"]*)"', select.group(1))]


def choices_on(response) -> set[str]:
    """Every option and option group label of every select on the page."""
    page = response.content.decode()
    return {html.unescape(text).strip()
            for text in OPTION.findall(page) + OPTGROUP.findall(page)}


def test_the_case_form_offers_kinds_and_matters_in_the_interface_language(world):
    english = choices_on(client_for(world.procurator, "en").get(reverse("cases:create")))
    chinese = choices_on(client_for(world.procurator, "zh-hans").get(reverse("cases:create")))

    assert "Criminal procuratorial work" in english  # the kind (a select or a group label)
    assert "Supervision of case filing · Failure to file a case that should be filed" in english
    assert not {"刑事检察", "立案监督·有案不立", "有案不立"} & english
    assert {"刑事检察", "立案监督·有案不立"} <= chinese


def test_the_drafting_form_offers_instrument_types_in_the_interface_language(world):
    case = world.register_case()
    url = reverse("recommendations:draft", args=[case.pk])

    english = options(client_for(world.procurator, "en").get(url), "instrument_type")
    chinese = options(client_for(world.procurator, "zh-hans").get(url), "instrument_type")

    assert {"Procuratorial recommendation", "Notice of correction of violations",
            "Procuratorial opinion"} <= set(english)
    assert not {"检察建议", "纠正违法通知书"} & set(english)
    assert {"检察建议", "纠正违法通知书"} <= set(chinese)


def test_an_addressee_error_names_the_type_in_the_interface_language(world):
    from django.core.exceptions import ValidationError

    from recommendations.services.drafting import check_addressee

    protest = InstrumentType.objects.get(code="protest")
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        check_addressee(protest, world.police)
    assert "Protest" in str(raised.value)
    assert "抗诉书" not in str(raised.value)


def test_the_approver_is_told_the_type_in_their_language(world):
    from recommendations import services

    rec = world.draft()
    services.recommendation_submit(actor=rec.case.handler, recommendation=rec)
    note = Notification.objects.filter(recipient=world.approver, code="approval.requested").get()

    assert note.params["type"] == "检察建议" and note.params["type_en"]
    assert "检察建议" in render_message(note.code, note.params)
    with translation.override("en"):
        text = render_message(note.code, note.params)
    assert "Procuratorial recommendation" in text and "检察建议“" not in text
    # A row written before the English name existed still reads, in Chinese names.
    with translation.override("en"):
        old = render_message(note.code, {k: v for k, v in note.params.items() if k != "type_en"})
    assert "检察建议" in old


def test_the_liaisons_type_filter_reads_in_english(world):
    from portal import selectors

    rec = world.issued()
    with translation.override("en"):
        types, _procuratorates = selectors.filter_choices(world.court_liaison)
    assert (rec.instrument_type_id, "Procuratorial recommendation") in types


def test_the_api_keeps_the_chinese_names_and_adds_the_english(world):
    case = world.register_case()
    world.draft(case)
    client = client_for(world.procurator, "en")

    row = next(r for r in client.get("/api/cases/").json()["results"] if r["id"] == case.pk)
    assert row["kind"] == case.kind.name == "刑事检察"
    assert row["kind_en"] == "Criminal procuratorial work"
    assert row["matter"] == case.matter.full_name
    assert row["matter_en"] == case.matter.full_name_en
    assert not re.search(r"[\u4e00-\u9fff]", row["matter_en"])

    rec = client.get("/api/recommendations/").json()["results"][0]
    assert rec["instrument_type"] == "检察建议"
    assert rec["instrument_type_en"] == "Procuratorial recommendation"
    detail = client.get(rec["url"]).json()
    assert (detail["instrument_type"], detail["instrument_type_en"]) == (
        "检察建议", "Procuratorial recommendation")


@pytest.mark.parametrize(("model", "url_name"), [
    (SupervisionKind, "admin:supervision_supervisionkind_change"),
    (Matter, "admin:supervision_matter_change"),
    (PeriodRule, "admin:supervision_periodrule_change"),
    (InstrumentType, "admin:recommendations_instrumenttype_change"),
])
def test_the_system_administrator_edits_the_english_name_in_the_admin(world, model, url_name):
    row = model.objects.order_by("pk").first()
    client = client_for(world.sysadmin, "zh-hans")

    page = client.get(reverse(url_name, args=[row.pk])).content.decode()

    assert re.search(r'<input[^>]*name="name_en"[^>]*>', page)
    assert row.name_en in page
