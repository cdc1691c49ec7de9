"""The instrument API's detail is cached by the instrument's revision
(``recommendations.revision``) and is never stale: after every change the detail shows, the
cached answer equals the one computed from the database with the cache off."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recommendations import services
from recommendations.choices import InternalDeadlineKind
from recommendations.models import (
    InternalDeadline,
    Recommendation,
    RecommendationExtension,
    RecommendationItem,
    ReplyItemAnswer,
)
from recommendations.services import extensions
from recommendations.services.internal_deadlines import internal_deadline_close
from supervision.models import CalendarDay
from supervision.services.calendar_change import CalendarChange, calendar_change_apply

NOW = datetime.datetime(2026, 11, 23, 9, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
D = datetime.date


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _revision(rec: Recommendation) -> int:
    return Recommendation.objects.values_list("revision", flat=True).get(pk=rec.pk)


class Detail:
    """GET the detail through the cache, and the same with the cache off, as one user."""

    def __init__(self, user, rec: Recommendation, **headers) -> None:
        self.client = Client(**headers)
        self.client.force_login(user)
        self.url = reverse("api-recommendation-detail", args=[rec.pk])

    def get(self) -> tuple[dict, int]:
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(self.url)
        assert response.status_code == 200, response.content
        return response.json(), len(queries)

    def fresh(self) -> dict:
        with override_settings(API_DETAIL_CACHE_SECONDS=0):
            return self.get()[0]

    def assert_current(self) -> dict:
        """The answer equals the database's, and the next one comes from the cache."""
        cached, _ = self.get()
        assert cached == self.fresh()
        again, queries = self.get()
        assert again == cached and queries == HIT_QUERIES
        return cached


#: A hit: the session, its user, and the one query that checks visibility and reads the
#: revision (a miss: that query, then the instrument and its extensions, own deadlines, replies).
HIT_QUERIES = 3


def test_a_second_request_is_served_from_the_cache_in_three_queries(world):
    rec = world.served(D(2026, 11, 2))
    detail = Detail(world.procurator, rec)
    first, miss = detail.get()
    second, hit = detail.get()
    assert first == second == detail.fresh()
    assert (miss, hit) == (7, HIT_QUERIES)
    # replies with item answers add one query (the answers with their items), however many
    items = ["一、严格执行送达规定", "二、健全内部监督制度"]
    replied = world.served(D(2026, 11, 2), items=items)
    for content in ("已整改", "补充说明"):
        services.reply_submit(
            actor=world.court_liaison, recommendation=replied, content=content,
            supplement=content == "补充说明",
            item_answers=[services.ItemAnswerInput(item_id=i.pk, answer="adopted")
                          for i in replied.items.all()])
    detail = Detail(world.procurator, replied)
    data, miss = detail.get()
    assert len(data["replies"]) == 2 and miss == 8


def test_the_cached_detail_follows_every_change_it_shows(world, _now):
    rec = world.served(D(2026, 11, 2), items=["一、严格执行送达规定", "二、健全内部监督制度"])
    staff = Detail(world.procurator, rec)
    agency = Detail(world.court_liaison, rec)
    english = Detail(world.procurator, rec, HTTP_ACCEPT_LANGUAGE="en")
    views = (staff, agency, english)

    def all_current() -> dict:
        for view in views:
            view.assert_current()
        return staff.get()[0]

    data = all_current()
    assert english.get()[0]["status_display"] != data["status_display"]  # per language
    # the procurator grants more time: the extension and the new due date
    extensions.recommendation_extend(actor=world.procurator, recommendation=rec, days=5,
                                     reason="需补充材料")
    data = all_current()
    assert data["extensions"][0]["reason"] == "需补充材料"
    # the agency asks for more, and is refused (the request and the refusal, each a write)
    request = extensions.extension_request(actor=world.court_liaison, recommendation=rec,
                                           requested_due=D(2027, 1, 29), reason="工作量大")
    assert all_current()["extensions"][1]["status"] == "requested"
    extensions.extension_refuse(actor=world.procurator, extension=request, reason="理由不足")
    assert all_current()["extensions"][1]["status"] == "refused"
    # the agency replies, item by item: the reply, its answers, the evaluation clock
    items = list(rec.items.order_by("number"))
    services.reply_submit(actor=world.court_liaison, recommendation=rec, content="已整改",
                          item_answers=[services.ItemAnswerInput(item_id=i.pk, answer="adopted",
                                                                 measures="已落实")
                                        for i in items])
    data = all_current()
    assert [a["item_number"] for a in data["replies"][0]["item_answers"]] == [1, 2]
    assert InternalDeadlineKind.EVALUATION in [d["kind"] for d in data["internal_deadlines"]]
    assert agency.get()[0]["internal_deadlines"] == []
    # the evaluation clock stops (a child row saved on its own)
    internal_deadline_close(actor=world.procurator, recommendation=rec,
                            kind=InternalDeadlineKind.EVALUATION)
    assert next(d["closed_at"] for d in all_current()["internal_deadlines"]
                if d["kind"] == InternalDeadlineKind.EVALUATION)
    # the reply's author is renamed; the agency and the case number change elsewhere
    world.court_liaison.display_name = "法院联络员（更名）"
    world.court_liaison.save()
    assert all_current()["replies"][0]["author"] == "法院联络员（更名）"
    rec.agency.name = "舟山市定海区人民法院（更名）"
    rec.agency.save()
    assert all_current()["agency"] == "舟山市定海区人民法院（更名）"


def test_a_calendar_recompute_reaches_the_cached_detail(world):
    rec = world.served(D(2026, 10, 31))  # due 2026-12-31
    detail = Detail(world.procurator, rec)
    assert detail.assert_current()["due_date"] == "2026-12-31"
    days = {d: (w, n) for d, w, n in CalendarDay.objects.filter(date__year=2026)
            .values_list("date", "is_workday", "name")}
    days[D(2026, 12, 31)] = (False, "元旦")
    calendar_change_apply(actor=world.sysadmin,
                          change=CalendarChange(year=2026, days=days, published=True))
    assert detail.assert_current()["due_date"] == "2027-01-04"


def test_tomorrow_is_another_key_so_overdue_turns_on_by_itself(world, _now):
    rec = world.served(D(2026, 9, 1))
    _now.move_to(datetime.datetime.combine(rec.due_date, NOW.timetz()))  # the last day
    detail = Detail(world.procurator, rec)
    assert detail.assert_current()["overdue"] is False
    _now.shift(datetime.timedelta(days=1))
    detail.client.force_login(world.procurator)  # yesterday's session has expired
    assert detail.assert_current()["overdue"] is True


def test_every_child_write_moves_the_instruments_revision(world):
    rec = world.served(D(2026, 11, 2), items=["一、严格执行送达规定"])
    seen = [_revision(rec)]

    def moved() -> bool:
        seen.append(_revision(rec))
        return seen[-1] > seen[-2]

    item = RecommendationItem.objects.create(recommendation=rec, number=9, text="九、临时")
    assert moved()
    item.delete()
    assert moved()
    ext = RecommendationExtension.objects.create(recommendation=rec, status="requested",
                                                 requested_by=world.court_liaison,
                                                 requested_at=NOW, old_due=rec.due_date)
    assert moved()
    ext.delete()
    assert moved()
    reply = services.reply_submit(actor=world.court_liaison, recommendation=rec, content="已整改")
    assert moved()
    answer = ReplyItemAnswer.objects.create(reply=reply, item=rec.items.get(), answer="adopted")
    assert moved()
    answer.delete()
    assert moved()
    deadline = InternalDeadline.objects.filter(recommendation=rec).first()
    deadline.save()
    assert moved()
    rec.refresh_from_db()
    rec.title = "改"
    rec.save(update_fields=["title"])
    assert moved() and rec.revision == seen[-1]  # read back after the counted save
    world.court_liaison.save(update_fields=["last_login"])  # a login renames no one
    assert not moved()
    world.procurator.display_name = "他人"  # wrote no reply here
    world.procurator.save()
    assert not moved()


def test_what_the_caller_may_not_see_still_answers_404(world):
    rec = world.served(D(2026, 11, 2))
    Detail(world.procurator, rec).get()  # cached for the procurator
    other = Client()
    other.force_login(world.pt_procurator)
    assert other.get(reverse("api-recommendation-detail", args=[rec.pk])).status_code == 404
    staff = Client()
    staff.force_login(world.procurator)
    assert staff.get("/api/recommendations/x1/").status_code == 404
    assert staff.get("/api/recommendations/99999999999999999999/").status_code == 404
    assert staff.get("/api/recommendations/-3/").status_code == 404
    assert staff.get(f"/api/recommendations/{rec.pk + 1000}/").status_code == 404
