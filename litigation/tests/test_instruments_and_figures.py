"""督促起诉 and 支持起诉: their instrument types, the results recorded after service; the
deadline sweep's reminders of the announcement; the period statistics."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from litigation import selectors, services
from litigation.choices import InstrumentOutcome
from litigation.models import SuitInstrumentOutcome
from recommendations.models import InstrumentType
from recommendations.services import sweep
from supervision.models import Notification

from .conftest import D, travel
from .test_pages import client_for
from .test_suits import announce, filed_civil, open_civil

pytestmark = pytest.mark.django_db


def test_the_instrument_types_and_their_periods():
    urge = InstrumentType.objects.get(code="pil_urge_suit")
    support = InstrumentType.objects.get(code="pil_support_suit")
    assert (urge.name, urge.requires_reply, urge.period_rule.code) == ("督促起诉意见书", True,
                                                                       "default")
    assert (support.name, support.requires_reply, support.period_rule) == ("支持起诉意见书", False,
                                                                           None)
    assert support.addressee_types == ["court"] and not urge.may_address("court")


def test_an_urged_organ_that_sues_and_a_supported_suit_won(world, pil_case):
    urge_type = InstrumentType.objects.get(code="pil_urge_suit")
    support_type = InstrumentType.objects.get(code="pil_support_suit")
    draft = world.draft(pil_case, instrument_type=urge_type, agency=world.market,
                        title="关于督促依法提起生态环境损害赔偿诉讼的意见书")
    with pytest.raises(ValidationError) as unserved:
        services.instrument_outcome_record(actor=world.procurator, recommendation=draft,
                                           outcome=InstrumentOutcome.ORGAN_SUED,
                                           outcome_on=D(2026, 11, 20))
    assert "送达后" in " ".join(unserved.value.messages)
    with travel(D(2026, 9, 15)):
        urge = world.served(D(2026, 9, 15), pil_case, instrument_type=urge_type,
                            agency=world.market, title="督促起诉意见书")
    # Two months, like any written answer no law times (the Dinghai decision).
    assert urge.due_date == D(2026, 11, 16)
    with pytest.raises(ValidationError) as wrong_kind:
        services.instrument_outcome_record(actor=world.procurator, recommendation=urge,
                                           outcome=InstrumentOutcome.SUPPORTED_WON,
                                           outcome_on=D(2026, 11, 20))
    assert "outcome" in wrong_kind.value.message_dict
    with pytest.raises(PermissionDenied):
        services.instrument_outcome_record(actor=world.supervisor, recommendation=urge,
                                           outcome=InstrumentOutcome.ORGAN_SUED,
                                           outcome_on=D(2026, 11, 20))
    with pytest.raises(ValidationError):
        services.instrument_outcome_record(actor=world.procurator, recommendation=urge,
                                           outcome=InstrumentOutcome.ORGAN_SUED,
                                           outcome_on=D(2026, 9, 1))  # before service
    services.instrument_outcome_record(actor=world.procurator, recommendation=urge,
                                       outcome=InstrumentOutcome.ORGAN_DECLINED,
                                       outcome_on=D(2026, 11, 17))
    services.instrument_outcome_record(actor=world.procurator, recommendation=urge,
                                       outcome=InstrumentOutcome.ORGAN_SUED,
                                       outcome_on=D(2026, 11, 20), court="舟山市定海区人民法院")
    assert SuitInstrumentOutcome.objects.get().outcome == InstrumentOutcome.ORGAN_SUED

    with travel(D(2026, 10, 10)):
        support = world.served(D(2026, 10, 10), pil_case, instrument_type=support_type,
                               agency=world.court, title="支持起诉意见书")
    assert support.due_date is None  # no reply: the court hears the supported suit
    client = client_for(world.procurator)
    url = reverse("litigation:instrument-outcome", args=[support.pk])
    page = client.get(url).content.decode()
    assert "支持的诉讼请求获全部支持" in page and "被督促机关已提起诉讼" not in page
    response = client.post(url, {"outcome": "supported_won", "outcome_on": "2026-11-18",
                                 "court": "舟山市定海区人民法院", "note": "判决支持全部诉讼请求。"})
    assert response.status_code == 302
    page = client.get(pil_case.get_absolute_url()).content.decode()
    assert page.count('data-testid="case-suit-instrument"') == 3  # the draft too
    assert "支持的诉讼请求获全部支持" in page and "被督促机关已提起诉讼" in page
    assert client_for(world.supervisor).get(url).status_code == 404
    assert client_for(world.court_liaison).get(url).status_code == 404
    # Another instrument type has no such result.
    assert client.get(reverse("litigation:instrument-outcome",
                              args=[world.served(D(2026, 11, 1), pil_case).pk])).status_code == 404

    figures = selectors.period_figures(world.procurator, D(2026, 1, 1), D(2026, 12, 31))
    assert (figures["supports"], figures["urges"], figures["urged_organs_sued"]) == (1, 1, 1)
    assert selectors.period_figures(world.pt_procurator, D(2026, 1, 1),
                                    D(2026, 12, 31))["urges"] == 0


def test_the_sweep_reminds_of_the_announcements_end_once(world, pil_case):
    suit = open_civil(world, pil_case)
    announce(world, suit)  # due Thursday 8 October 2026
    for day in (D(2026, 10, 1), D(2026, 10, 7), D(2026, 10, 8), D(2026, 10, 9)):
        sweep.sweep_deadlines(day)
        assert sweep.sweep_deadlines(day) == 0
        with travel(day):
            for pk in sweep.pending_event_ids():
                sweep.deliver_event(pk)
    codes = sorted(Notification.objects.filter(code__startswith="pil_announcement")
                   .values_list("code", "recipient__username"))
    assert codes == sorted([
        ("pil_announcement.reminder", "procurator"), ("pil_announcement.reminder", "assistant"),
        ("pil_announcement.reminder", "procurator"), ("pil_announcement.reminder", "assistant"),
        ("pil_announcement.due_today", "procurator"), ("pil_announcement.due_today", "assistant"),
        ("pil_announcement.overdue", "procurator"), ("pil_announcement.overdue", "assistant"),
        ("pil_announcement.overdue", "approver")])
    note = Notification.objects.filter(code="pil_announcement.overdue").first()
    assert "舟山某化工有限公司" in note.text and "2026年10月8日" in note.text
    assert note.link == suit.get_absolute_url()


def test_period_figures(world, pil_case, chief, pil_matter):
    suit = filed_civil(world, pil_case, chief)
    with travel(D(2026, 11, 10)):
        services.judgment_record(actor=world.procurator, suit=suit, result="claims_dismissed",
                                 judgment_on=D(2026, 11, 10), served_on=D(2026, 11, 10),
                                 summary="驳回诉讼请求。")
    other = world.register_case(matter=pil_matter, agency=world.market, title="乙案",
                                accepted_on=D(2026, 8, 20))
    won = filed_civil(world, other, chief)
    with travel(D(2026, 11, 12)):
        services.judgment_record(actor=world.procurator, suit=won, result="supported_all",
                                 judgment_on=D(2026, 11, 12), served_on=D(2026, 11, 12),
                                 summary="支持全部诉讼请求。")
    year = selectors.period_figures(world.supervisor, D(2026, 1, 1), D(2026, 12, 31))
    assert (year["announcements"], year["filed"], year["judgments_for"],
            year["judgments_against"]) == (2, 2, 1, 1)
    assert year["filed_by_kind"]["civil"] == 2
    november = selectors.period_figures(world.procurator, D(2026, 11, 11), D(2026, 11, 30))
    assert (november["announcements"], november["filed"], november["judgments_for"],
            november["judgments_against"]) == (0, 0, 1, 0)
    for outsider in (world.pt_procurator, world.court_liaison, world.sysadmin):
        assert selectors.period_figures(outsider, D(2026, 1, 1), D(2026, 12, 31))["filed"] == 0
