"""Extending the reply period keeps the history and the explanation; an agency's request
starts the procuratorate's own decision deadline; only those who may decide do."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from recommendations.choices import ExtensionStatus, InternalDeadlineKind
from recommendations.models import InternalDeadline, RecommendationExtension
from recommendations.services import extensions
from supervision.deadlines import DueDate
from supervision.models import AuditEntry, Notification

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def rec(world):
    rec = world.served(datetime.date(2026, 9, 30))  # due 2026-11-30
    assert rec.due_date == datetime.date(2026, 11, 30)
    return rec


def test_the_procurator_extends_by_days_and_the_history_and_explanation_say_so(world, rec):
    ext = extensions.recommendation_extend(actor=world.procurator, recommendation=rec, days=10,
                                           reason="单位需调取历年档案")
    rec.refresh_from_db()
    assert (ext.status, ext.old_due, ext.new_due) == (ExtensionStatus.GRANTED,
                                                      datetime.date(2026, 11, 30),
                                                      datetime.date(2026, 12, 10))
    assert ext.decided_by == world.procurator and ext.requested_by is None
    assert rec.due_date == datetime.date(2026, 12, 10)
    due = DueDate.from_dict(rec.due_explanation)
    assert due.due_date == datetime.date(2026, 11, 30) and due.effective_due == rec.due_date
    assert "延长至2026年12月10日（单位需调取历年档案）" in rec.due_explanation_text()
    assert AuditEntry.objects.filter(action="recommendation_extend", target_id=str(rec.pk)).exists()
    told = Notification.objects.get(recipient=world.court_liaison, code="extension.granted")
    assert told.link == reverse("portal:detail", args=[rec.pk]) and "2026年12月10日" in told.text


def test_a_second_extension_adds_to_the_first_and_an_end_on_a_holiday_moves(world, rec):
    extensions.recommendation_extend(actor=world.procurator, recommendation=rec,
                                     new_due=datetime.date(2026, 12, 31), reason="一")
    # 31 Dec + 1 day = 1 January 2027 (元旦, and 2027 is not published: provisional) → 4 Jan
    second = extensions.recommendation_extend(actor=world.approver, recommendation=rec, days=1,
                                              reason="二")
    rec.refresh_from_db()
    assert second.old_due == datetime.date(2026, 12, 31)
    assert rec.due_date == datetime.date(2027, 1, 4) and rec.due_provisional
    assert list(rec.extensions.values_list("new_due", flat=True)) == [
        datetime.date(2026, 12, 31), datetime.date(2027, 1, 4)]
    assert len(DueDate.from_dict(rec.due_explanation).extensions) == 2


def test_who_may_extend(world, rec):
    for outsider in (world.assistant, world.pt_procurator, world.supervisor, world.court_liaison):
        with pytest.raises(PermissionDenied):
            extensions.recommendation_extend(actor=outsider, recommendation=rec, days=5, reason="x")
    with pytest.raises(ValidationError):
        extensions.recommendation_extend(actor=world.procurator, recommendation=rec, days=5,
                                         reason=" ")
    with pytest.raises(ValidationError):
        extensions.recommendation_extend(actor=world.procurator, recommendation=rec,
                                         new_due=datetime.date(2026, 11, 27), reason="earlier")


def test_an_agency_request_opens_the_decision_deadline_and_a_grant_closes_it(world, rec):
    request = extensions.extension_request(actor=world.court_liaison, recommendation=rec,
                                           requested_due=datetime.date(2026, 12, 31),
                                           reason="涉及多个部门，需协调")
    assert request.status == ExtensionStatus.REQUESTED
    assert request.requested_by == world.court_liaison
    decision = InternalDeadline.objects.get(recommendation=rec,
                                            kind=InternalDeadlineKind.EXTENSION_DECISION)
    assert decision.due_date == datetime.date(2026, 11, 30) and decision.closed_at is None
    assert Notification.objects.filter(recipient=world.procurator,
                                       code="extension.requested").exists()
    with pytest.raises(ValidationError):  # one pending request at a time
        extensions.extension_request(actor=world.court_liaison, recommendation=rec,
                                     requested_due=datetime.date(2027, 1, 5), reason="again")
    granted = extensions.recommendation_extend(actor=world.procurator, recommendation=rec,
                                               new_due=request.requested_due, reason="理由成立",
                                               request=request)
    assert granted.pk == request.pk and granted.status == ExtensionStatus.GRANTED
    decision.refresh_from_db()
    assert decision.closed_at is not None and decision.closed_by == world.procurator


def test_a_refused_request_keeps_the_due_date_and_tells_the_agency_why(world, rec):
    request = extensions.extension_request(actor=world.court_liaison, recommendation=rec,
                                           requested_due=datetime.date(2026, 12, 31), reason="忙")
    with pytest.raises(ValidationError):
        extensions.extension_refuse(actor=world.procurator, extension=request, reason="")
    extensions.extension_refuse(actor=world.approver, extension=request, reason="理由不充分")
    rec.refresh_from_db()
    assert rec.due_date == datetime.date(2026, 11, 30)
    assert RecommendationExtension.objects.get(pk=request.pk).status == ExtensionStatus.REFUSED
    assert "理由不充分" in Notification.objects.get(recipient=world.court_liaison,
                                                 code="extension.refused").text
    assert not InternalDeadline.objects.filter(recommendation=rec, closed_at__isnull=True).exists()
    with pytest.raises(PermissionDenied):
        extensions.extension_request(actor=world.police_liaison, recommendation=rec,
                                     requested_due=datetime.date(2026, 12, 31), reason="x")


def test_the_instrument_page_grants_an_extension(world, rec):
    client = Client()
    client.force_login(world.procurator)
    page = client.get(rec.get_absolute_url()).content.decode()
    assert 'data-testid="extend-form"' in page
    response = client.post(reverse("recommendations:extend", args=[rec.pk]),
                           {"extend-days": "10", "extend-reason": "单位需调取历年档案"})
    assert response.status_code == 302
    rec.refresh_from_db()
    assert rec.due_date == datetime.date(2026, 12, 10)
    page = client.get(rec.get_absolute_url()).content.decode()
    assert 'data-testid="extension-row"' in page and "单位需调取历年档案" in page
    # the assistant sees the history but no form; an empty or double form is refused
    client.force_login(world.assistant)
    assert 'data-testid="extend-form"' not in client.get(rec.get_absolute_url()).content.decode()
    client.force_login(world.procurator)
    client.post(reverse("recommendations:extend", args=[rec.pk]),
                {"extend-days": "3", "extend-new_due": "2027-01-08", "extend-reason": "x"})
    assert rec.extensions.count() == 1


def test_the_instrument_page_decides_a_pending_request(world, rec):
    request = extensions.extension_request(actor=world.court_liaison, recommendation=rec,
                                           requested_due=datetime.date(2026, 12, 31), reason="忙")
    client = Client()
    client.force_login(world.procurator)
    page = client.get(rec.get_absolute_url()).content.decode()
    assert 'data-testid="pending-extension"' in page and 'value="2026-12-31"' in page
    client.post(reverse("recommendations:extension-decide", args=[request.pk, "grant"]),
                {"grant-new_due": "2026-12-31", "grant-reason": "同意"})
    rec.refresh_from_db()
    assert rec.due_date == datetime.date(2026, 12, 31)
    # another procuratorate cannot even find it
    client.force_login(world.pt_procurator)
    response = client.post(reverse("recommendations:extension-decide", args=[request.pk, "refuse"]),
                           {"refuse-reason": "x"})
    assert response.status_code == 404


def test_a_decided_request_cannot_be_decided_again(world, rec):
    request = extensions.extension_request(actor=world.court_liaison, recommendation=rec,
                                           requested_due=datetime.date(2026, 12, 31), reason="忙")
    extensions.extension_refuse(actor=world.procurator, extension=request, reason="理由不充分")
    with pytest.raises(ValidationError):
        extensions.recommendation_extend(actor=world.procurator, recommendation=rec,
                                         new_due=datetime.date(2026, 12, 31), reason="改变主意",
                                         request=request)
    rec.refresh_from_db()
    assert rec.due_date == datetime.date(2026, 11, 30)
