"""Registering: parties with checked ID numbers, related numbers, duplicates, handler."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from cases.choices import PartyKind, PartyRole
from cases.models import SupervisionCase
from cases.services import DuplicateCase, PartyInput, RelatedNumberInput
from supervision.ids import mask_id, resident_id_check_char, uscc_check_char

PERSON_ID = "33010219900101123" + resident_id_check_char("33010219900101123")
COMPANY_ID = "91330902MA2A0BCD0" + uscc_check_char("91330902MA2A0BCD0")


def test_parties_and_related_numbers_are_stored(world):
    case = world.register_case(
        parties=[PartyInput("张某某", PartyKind.PERSON, PartyRole.APPLICANT, PERSON_ID.lower()),
                 PartyInput("舟山某某水产有限公司", PartyKind.ORGANISATION, PartyRole.RESPONDENT, COMPANY_ID)],
        related_numbers=[RelatedNumberInput("（2025）浙0902民初12号"), RelatedNumberInput("(2025)浙0902民初12号")])
    person, company = case.parties.all()
    assert person.id_number == PERSON_ID and person.id_masked == mask_id(PERSON_ID)
    assert person.id_masked.startswith("3301") and person.id_masked.endswith(PERSON_ID[-4:])
    assert "*" * 10 in person.id_masked
    assert company.id_masked == COMPANY_ID  # a credit code is public
    assert list(case.related_numbers.values_list("number", flat=True)) == ["（2025）浙0902民初12号"]


@pytest.mark.parametrize(("kind", "number"), [
    (PartyKind.PERSON, PERSON_ID[:-1] + ("0" if PERSON_ID[-1] != "0" else "1")),  # wrong check digit
    (PartyKind.PERSON, "330102199013011234"),  # month 13
    (PartyKind.PERSON, "12345"),
    (PartyKind.ORGANISATION, COMPANY_ID[:-1] + ("0" if COMPANY_ID[-1] != "0" else "1")),
    (PartyKind.ORGANISATION, "91330902MA2A0BCDOI"),  # O and I are not in the alphabet
])
def test_a_wrong_id_number_is_refused(world, kind, number):
    with pytest.raises(ValidationError):
        world.register_case(parties=[PartyInput("某某", kind, PartyRole.APPLICANT, number)])
    assert not SupervisionCase.objects.exists()


def test_the_same_agency_and_related_number_warns_before_a_second_case(world):
    first = world.register_case(related_numbers=[RelatedNumberInput("（2025）浙0902执123号")])
    with pytest.raises(DuplicateCase) as caught:
        world.register_case(related_numbers=[RelatedNumberInput("(2025) 浙0902执123号")])
    assert caught.value.duplicates == [first]
    # another agency with the same number is not a duplicate
    world.register_case(agency=world.police, related_numbers=[RelatedNumberInput("（2025）浙0902执123号")])
    second = world.register_case(related_numbers=[RelatedNumberInput("（2025）浙0902执123号")],
                                 confirm_duplicate=True)
    assert second.pk != first.pk


def _form(world, **extra) -> dict:
    data = {
        "matter": world.matter.pk, "agency": world.court.pk,
        "clue_source": "complaint", "title": "某案", "summary": "案情", "accepted_on": "2026-01-05",
        "handler": world.procurator.pk, "related_numbers": "（2025）浙0902民初7号",
        "party-TOTAL_FORMS": "3", "party-INITIAL_FORMS": "0", "party-MIN_NUM_FORMS": "0",
        "party-MAX_NUM_FORMS": "30",
        "party-0-kind": "person", "party-0-role": "applicant", "party-0-name": "张某某",
        "party-0-id_number": PERSON_ID,
        "party-1-kind": "person", "party-1-role": "applicant", "party-1-name": "", "party-1-id_number": "",
        "party-2-kind": "person", "party-2-role": "applicant", "party-2-name": "", "party-2-id_number": "",
    }
    data.update(extra)
    return data


def test_the_form_shows_the_duplicate_and_registers_only_after_confirmation(world):
    client = Client()
    client.force_login(world.procurator)
    response = client.post("/cases/new/", _form(world))
    assert response.status_code == 302
    first = SupervisionCase.objects.get()
    assert first.parties.get().name == "张某某" and first.related_numbers.get().kind == "court"
    again = client.post("/cases/new/", _form(world, title="又一案"))
    page = again.content.decode()
    assert again.status_code == 200 and 'data-testid="duplicate-warning"' in page
    assert first.get_absolute_url() in page and "仍然登记" in page
    assert SupervisionCase.objects.count() == 1
    confirmed = client.post("/cases/new/", _form(world, title="又一案", confirm_duplicate="on"))
    assert confirmed.status_code == 302 and SupervisionCase.objects.count() == 2


def test_the_form_refuses_a_bad_id_number_on_its_field(world):
    client = Client()
    client.force_login(world.procurator)
    response = client.post("/cases/new/", _form(world, **{"party-0-id_number": "330102199001011230"
                                                          if PERSON_ID[-1] != "0" else "330102199001011231"}))
    assert response.status_code == 200 and "校验位" in response.content.decode()
    assert not SupervisionCase.objects.exists()


def test_a_handler_and_assistant_of_the_procuratorate_can_be_named(world):
    case = world.register_case(actor=world.approver, handler=world.procurator, assistant=world.assistant)
    assert case.handler == world.procurator and case.assistant == world.assistant
    with pytest.raises(ValidationError):
        world.register_case(handler=world.pt_procurator)
    with pytest.raises(ValidationError):
        world.register_case(assistant=world.procurator)
