"""A document may state a shorter reply period for an urgent case, only with a recorded reason;
the urgent public-interest recommendation is explained by its own rule (15 days)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from recommendations.documents import reply_deadline_sentence
from recommendations.models import InstrumentType, Recommendation

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def test_an_urgent_pre_litigation_recommendation_runs_15_days_under_the_urgent_rule(world):
    pil = InstrumentType.objects.get(code="pil_pre_litigation")
    rec = world.served(datetime.date(2026, 11, 2), instrument_type=pil, agency=world.market,
                       period_amount=15,
                       period_unit="days", period_reason="污水持续排入饮用水源地，损害继续扩大")
    assert rec.due_date == datetime.date(2026, 11, 17)
    text = rec.due_explanation_text()
    assert "十五日（《最高人民法院、最高人民检察院关于检察公益诉讼案件适用法律若干问题的解释》第二十一条" in text
    assert "损害继续扩大" in text
    assert rec.due_explanation["override_reason"].startswith("污水")
    # The frozen document states the period its clock runs on.
    assert reply_deadline_sentence(rec) == "请于收到本文书之日起十五日内书面回复本院。"


def test_a_shorter_period_without_an_urgent_rule_is_explained_under_the_types_rule(world):
    rec = world.served(datetime.date(2026, 11, 2), period_amount=1, period_unit="months",
                       period_reason="整改涉及安全生产")
    assert rec.due_date == datetime.date(2026, 12, 2)
    assert "一个月（《人民检察院检察建议工作规定》" in rec.due_explanation_text()


@pytest.mark.parametrize(("amount", "unit", "reason", "field"), [
    (15, "days", "", "period_reason"),           # no reason
    (2, "months", "紧急", "period_amount"),       # not shorter than the rule's two months
    (60, "days", "紧急", "period_amount"),        # not shorter in every case
    (None, "days", "紧急", "period_amount"),      # a reason without a period
])
def test_the_override_is_refused_unless_shorter_and_reasoned(world, amount, unit, reason, field):
    with pytest.raises(ValidationError) as error:
        world.draft(period_amount=amount, period_unit=unit, period_reason=reason)
    assert field in error.value.message_dict


def test_the_database_refuses_a_period_without_its_reason(world):
    rec = world.draft()
    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.filter(pk=rec.pk).update(period_amount=10, period_unit="days")


def test_the_draft_form_records_the_override(world):
    case = world.register_case()
    client = Client()
    client.force_login(world.procurator)
    response = client.post(reverse("recommendations:draft", args=[case.pk]), {
        "instrument_type": world.recommendation_type.pk, "agency": world.court.pk,
        "title": "紧急建议", "body": "立即整改", "period_amount": "10", "period_unit": "days",
        "period_reason": "隐患可能随时造成伤亡"})
    assert response.status_code == 302
    rec = Recommendation.objects.get(title="紧急建议")
    assert (rec.period_amount, rec.period_unit, rec.period_reason) == (10, "days", "隐患可能随时造成伤亡")
    page = client.get(rec.get_absolute_url()).content.decode()
    assert 'data-testid="period-override"' in page
