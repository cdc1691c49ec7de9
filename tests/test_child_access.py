"""A case's and an instrument's child rows are fetched through one ``get_<child>_for_user`` each,
built on the parent's visibility: whoever may see the parent gets the row, anyone else a 404 —
and a URL naming another case than the row's own answers 404 as well."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from cases import services as case_services
from cases.choices import MeasureType, TransferRecipient
from cases.permissions import get_attachment_for_user, get_measure_for_user, get_transfer_for_user
from cases.samples import tiny_pdf
from recommendations import services
from recommendations.permissions import get_extension_for_user, get_reply_for_user
from recommendations.services import extensions

NOW = datetime.datetime(2026, 11, 23, 9, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


@pytest.fixture
def case_children(world):
    with time_machine.travel(NOW, tick=False):
        case = world.register_case(accepted_on=datetime.date(2026, 9, 1))
        other = world.register_case(title="另一件案件", accepted_on=datetime.date(2026, 9, 1))
        measure = case_services.measure_record(
            actor=world.procurator, case=case, measure_type=MeasureType.INQUIRY,
            taken_on=datetime.date(2026, 10, 9), target="证人",
            files=[SimpleUploadedFile("笔录.pdf", tiny_pdf())])
        transfer = case_services.clue_transfer_create(
            actor=world.procurator, case=case, recipient_kind=TransferRecipient.SUPERVISORY_COMMISSION,
            recipient="定海区监委", clue="线索", transferred_on=datetime.date(2026, 10, 10))
    return {"case": case, "other": other, "measure": measure, "transfer": transfer,
            "attachment": measure.attachments.get()}


@pytest.mark.parametrize("getter, key", [(get_measure_for_user, "measure"),
                                         (get_transfer_for_user, "transfer"),
                                         (get_attachment_for_user, "attachment")])
def test_a_case_child_answers_who_may_see_the_case_and_404_to_anyone_else(
        world, case_children, getter, key):
    row, case = case_children[key], case_children["case"]
    assert getter(world.procurator, row.pk) == row
    assert getter(world.procurator, row.pk, case_pk=case.pk) == row
    with pytest.raises(Http404):
        getter(world.procurator, row.pk, case_pk=case_children["other"].pk)
    for outsider in (world.pt_procurator, world.court_liaison):
        with pytest.raises(Http404):
            getter(outsider, row.pk)


def test_an_instrument_child_answers_who_may_see_the_instrument_and_404_to_anyone_else(world):
    with time_machine.travel(NOW, tick=False):
        rec = world.served(datetime.date(2026, 10, 15))
        extension = extensions.recommendation_extend(
            actor=world.procurator, recommendation=rec, days=5, reason="需补充材料")
        reply = services.reply_submit(actor=world.court_liaison, recommendation=rec,
                                      content="已整改")
    extension_pk, reply_pk = extension.pk, reply.pk
    for reader in (world.procurator, world.court_liaison):
        assert get_extension_for_user(reader, extension_pk).recommendation_id == rec.pk
        assert get_reply_for_user(reader, reply_pk).recommendation_id == rec.pk
    for outsider in (world.pt_procurator, world.police_liaison):
        with pytest.raises(Http404):
            get_extension_for_user(outsider, extension_pk)
        with pytest.raises(Http404):
            get_reply_for_user(outsider, reply_pk)
