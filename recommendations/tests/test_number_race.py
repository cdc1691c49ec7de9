"""Two instruments issued at the same moment never get the same document number, and the
numbers stay gap-free (SQLite: IMMEDIATE transactions; PostgreSQL: SELECT … FOR UPDATE)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from recommendations import services
from recommendations.models import Recommendation


def issue_at_once(actor, instruments: list[Recommendation]) -> None:
    """Issue every instrument from its own thread, all released by one barrier."""
    barrier = threading.Barrier(len(instruments))
    errors: list[BaseException] = []

    def issue(rec: Recommendation) -> None:
        try:
            barrier.wait(timeout=10)
            services.recommendation_issue(actor=actor, recommendation=rec)
        except BaseException as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(rec,)) for rec in instruments]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("racers", [2, 4])
def test_concurrent_issues_get_distinct_consecutive_numbers(world, racers):
    approved = [world.approved() for _ in range(racers)]
    issue_at_once(world.procurator, approved)
    numbers = sorted(Recommendation.objects.filter(pk__in=[r.pk for r in approved])
                     .values_list("number", flat=True))
    year = approved[0].created_at.astimezone().year
    assert numbers == sorted(f"定检一建〔{year}〕{n}号" for n in range(1, racers + 1))


@pytest.mark.django_db(transaction=True)
def test_a_similar_case_batch_and_single_instruments_issued_at_once_share_the_sequence(world):
    """One number per addressee of a 类案检察建议, taken in the same locked sequence as
    instruments issued concurrently: all distinct, all consecutive."""
    case = world.register_case()
    lead = services.recommendation_draft_batch(
        actor=world.procurator, case=case, agencies=[world.court, world.police, world.market],
        instrument_type=world.recommendation_type, title="类案检察建议", body="一、甲；二、乙。")
    services.recommendation_submit(actor=world.procurator, recommendation=lead)
    services.recommendation_approve(actor=world.approver, recommendation=lead)
    racers = [lead, world.approved(), world.approved()]
    issue_at_once(world.procurator, racers)
    numbers = sorted(Recommendation.objects.exclude(number=None).values_list("number", flat=True))
    year = lead.created_at.astimezone().year
    assert len(numbers) == 5
    assert numbers == sorted(f"定检一建〔{year}〕{n}号" for n in range(1, 6))
    assert Recommendation.objects.filter(batch=lead.batch).count() == 3
