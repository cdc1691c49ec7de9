"""A reply that answers every item needs no separate text (issue 14: nothing typed twice);
one that answers none, or only some, still says something in words."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from recommendations import services

ITEMS = ["一、严格执行送达规定", "二、健全内部监督制度"]


def _answers(rec, items):
    return [services.ItemAnswerInput(item_id=i.pk, answer="adopted", measures="已落实")
            for i in items]


def test_answers_to_every_item_are_the_reply(world):
    rec = world.served(datetime.date(2026, 11, 2), items=ITEMS)
    reply = services.reply_submit(actor=world.court_liaison, recommendation=rec, content="",
                                  item_answers=_answers(rec, rec.items.all()))
    assert reply.content == "" and reply.item_answers.count() == 2


def test_without_answers_to_every_item_the_text_is_required(world):
    rec = world.served(datetime.date(2026, 11, 2), items=ITEMS)
    with pytest.raises(ValidationError) as refused:
        services.reply_submit(actor=world.court_liaison, recommendation=rec, content="  ")
    assert "逐项回复了每一项建议事项的，可不填" in str(refused.value.message_dict["content"])
    plain = world.served(datetime.date(2026, 11, 2))  # no numbered items at all
    with pytest.raises(ValidationError):
        services.reply_submit(actor=world.court_liaison, recommendation=plain, content="")
