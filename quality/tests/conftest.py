"""Fixtures of the quality tests: in 定检, a case the procurator handled (with the assistant)
and terminated, a closed instrument of another case, a procurator of 定检 who took no part in
them (the reviewer), the chief, and a procurator of 舟检 above."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cases.services import case_transition
from quality import services
from quality.models import ChecklistItem, Review
from recommendations import services as rec_services
from supervision.choices import Role
from supervision.models import User

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=TZ)
TODAY = NOW.date()


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def reviewer(world) -> User:
    return User.objects.create_user(username="dh_reviewer", password="x" * 12,
                                    role=Role.PROCURATOR, procuratorate=world.dinghai,
                                    display_name="李评查")


@pytest.fixture
def chief(world) -> User:
    return User.objects.create_user(username="dh_chief", password="x" * 12, role=Role.CHIEF,
                                    procuratorate=world.dinghai, display_name="检察长")


@pytest.fixture
def city_procurator(world) -> User:
    return User.objects.create_user(username="zs_procurator", password="x" * 12,
                                    role=Role.PROCURATOR, procuratorate=world.city,
                                    display_name="舟检检察官")


@pytest.fixture
def finished_case(world, clock):
    case = world.register_case(accepted_on=datetime.date(2026, 9, 1), assistant=world.assistant,
                               title="定海区人民法院执行案件监督案")
    return case_transition(actor=world.procurator, case=case, action="terminate",
                           decided_on=datetime.date(2026, 11, 2), reason="经审查，终结审查。")


@pytest.fixture
def open_case(world, clock):
    return world.register_case(accepted_on=datetime.date(2026, 10, 1), title="尚在办理的案件")


@pytest.fixture
def closed_instrument(world, clock):
    """An instrument served, answered by the court and evaluated adopted and rectified."""
    rec = world.served(datetime.date(2026, 10, 9), case=world.register_case(
        accepted_on=datetime.date(2026, 9, 1)))
    rec_services.reply_submit(actor=world.court_liaison, recommendation=rec, content="已整改。")
    rec_services.recommendation_evaluate(actor=world.procurator, recommendation=rec,
                                         outcome="adopted_rectified")
    rec.refresh_from_db()
    assert rec.status == "closed"
    return rec


def items_for(review: Review) -> list[ChecklistItem]:
    return services.reviews.applicable_items(review)


def all_conforming(review: Review, **overrides: tuple[str, str]) -> dict[int, tuple[str, str]]:
    """Every applicable item 符合, but ``overrides`` (by item code)."""
    return {item.pk: overrides.get(item.code, ("conforms", "")) for item in items_for(review)}


def start(world, case, reviewer, **kwargs) -> Review:
    return services.review_start(actor=kwargs.pop("actor", world.approver),
                                 kind=kwargs.pop("kind", "routine"), reviewers=[reviewer],
                                 case=case, **kwargs)


def graded(world, case, reviewer, grade: str = "pass", **overrides) -> Review:
    review = start(world, case, reviewer)
    services.review_record(actor=reviewer, review=review, results=all_conforming(
        review, **(overrides or {"document_wording": ("flaw", "结案报告有错别字。")})))
    return services.review_grade(actor=reviewer, review=review, grade=grade,
                                 opinion="案件办理总体规范。")
