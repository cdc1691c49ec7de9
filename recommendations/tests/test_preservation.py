"""Preservation suggestions to a court (财产保全建议, 证据保全建议; issue 18, from 《新疆维吾尔自治区
人民代表大会常务委员会关于加强新时代检察机关法律监督工作的决议》七: 对提出的符合法定条件的财产保全、
证据保全等建议，应当依法及时采取保全措施): a type that must state why the matter is urgent, on an
urgent period — the court rules within 48 hours (《中华人民共和国民事诉讼法》第一百零三条、第一百零四条),
counted as two days that run through holidays."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from recommendations import services
from recommendations.documents import document_context, render_instrument_html
from recommendations.models import InstrumentType, Recommendation

URGENCY = "被申请人正在转让其名下唯一房产，财产可能被转移"


@pytest.fixture
def property_type(world) -> InstrumentType:
    return InstrumentType.objects.get(code="property_preservation_recommendation")


def test_a_preservation_suggestion_must_state_its_urgency(world, property_type):
    with pytest.raises(ValidationError) as exc:
        world.draft(instrument_type=property_type, title="关于对某案财产采取保全措施的建议")
    assert "urgency_reason" in exc.value.message_dict
    rec = world.draft(instrument_type=property_type, urgency_reason=f"  {URGENCY}  ")
    assert rec.urgency_reason == URGENCY
    # Emptied behind the form's back, it cannot be submitted.
    Recommendation.objects.filter(pk=rec.pk).update(urgency_reason="")
    with pytest.raises(ValidationError) as exc:
        services.recommendation_submit(actor=world.procurator, recommendation=rec)
    assert "urgency_reason" in exc.value.message_dict
    # Nor edited away.
    with pytest.raises(ValidationError):
        services.recommendation_edit(actor=world.procurator, recommendation=rec, title=rec.title,
                                     sections={}, urgency_reason=" ")


def test_it_goes_to_a_court_only(world, property_type):
    case = world.register_case(agency=world.police)
    with pytest.raises(ValidationError) as exc:
        world.draft(case, instrument_type=property_type, urgency_reason=URGENCY)
    assert "agency" in exc.value.message_dict


def test_another_type_keeps_no_urgency(world):
    rec = world.draft(urgency_reason="不应保存")
    assert rec.urgency_reason == ""


def test_the_period_is_two_days_and_runs_through_the_national_day_holiday(world, property_type):
    # Served on 30 September 2026: two days from 1 October end on 2 October, in the National
    # Day holiday — not moved (the court rules on urgent preservation on rest days too) …
    rec = world.served(datetime.date(2026, 9, 30), instrument_type=property_type,
                       urgency_reason=URGENCY)
    assert rec.due_date == datetime.date(2026, 10, 2)
    text = rec.due_explanation_text()
    assert "第一百零三条" in text and "四十八小时" in text and "顺延" not in text
    assert rec.due_explanation["verified"] is False  # "期限依据待核实", staff only
    # … where a 7-day notice served the same week is moved past it.
    notice = world.served(datetime.date(2026, 9, 28),
                          instrument_type=InstrumentType.objects.get(code="explain_non_filing"),
                          case=world.register_case(agency=world.police))
    assert notice.due_date == datetime.date(2026, 10, 8)


def test_the_document_states_the_urgency_and_the_period(world, property_type):
    rec = world.issued(instrument_type=property_type, urgency_reason=URGENCY + "。")
    context = document_context(rec)
    assert context["urgency"] == URGENCY
    assert context["deadline_sentence"] == "请于收到本文书之日起二日内书面回复本院。"
    html = render_instrument_html(rec)
    assert f"本案情况紧急：{URGENCY}。请依法及时采取保全措施。" in html
    assert "财产保全建议" in html and rec.number in html
    assert rec.pdf_sha256  # frozen at issue like every instrument


def test_the_court_replies_with_its_ruling_as_any_reply(world, property_type):
    rec = world.served(datetime.date(2026, 11, 20), instrument_type=property_type,
                       urgency_reason=URGENCY)
    services.reply_submit(actor=world.court_liaison, recommendation=rec,
                          content="本院已于2026年11月21日作出（2026）浙0902财保12号民事裁定，查封涉案房产。")
    rec.refresh_from_db()
    assert rec.status == "replied"


def test_the_drafting_page_asks_for_the_urgency_only_for_these_types(world, property_type):
    case = world.register_case()
    client = Client()
    client.force_login(world.procurator)
    url = reverse("recommendations:draft", args=[case.pk])
    page = client.get(url, {"type": property_type.pk}).content.decode()
    assert 'name="urgency_reason"' in page and "紧急情形" in page
    assert 'type="hidden" name="urgency_reason"' not in page
    plain = client.get(url, {"type": world.recommendation_type.pk}).content.decode()
    assert 'type="hidden" name="urgency_reason"' in plain
    data = {"instrument_type": property_type.pk, "rendered_type": property_type.pk,
            "agency": world.court.pk, "title": "关于对某案财产采取保全措施的建议",
            "body": "一、依法对涉案房产采取查封措施。"}
    page = client.post(url, data).content.decode()
    assert not Recommendation.objects.exists() and "invalid-feedback" in page
    response = client.post(url, {**data, "urgency_reason": URGENCY})
    rec = Recommendation.objects.get()
    assert response.status_code == 302 and rec.urgency_reason == URGENCY
    page = client.get(rec.get_absolute_url()).content.decode()
    assert 'data-testid="urgency-reason"' in page and URGENCY in page
