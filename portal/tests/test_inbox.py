"""The liaison's inbox (issue 8): buckets, counts, search, filters, pagination — and never a row
of another agency."""

from __future__ import annotations

import datetime
import re
from html.parser import HTMLParser

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from portal import selectors as inbox
from portal.selectors import ALL, TODO, InboxBucket
from recommendations import services
from recommendations.choices import InstrumentStatus as S
from recommendations.models import InstrumentType

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
TODAY = NOW.date()
SERVED = datetime.date(2026, 11, 2)  # due 2027-01-04: still running on TODAY
LONG_AGO = datetime.date(2026, 9, 1)  # due 2026-11-02: overdue on TODAY

#: fixture key -> the bucket it belongs in
EXPECTED = {
    "issued": InboxBucket.NEW,
    "awaiting": InboxBucket.AWAITING,
    "under_review": InboxBucket.AWAITING,
    "overdue": InboxBucket.OVERDUE,
    "replied": InboxBucket.REPLIED,
    "rectification": InboxBucket.REPLIED,
    "follow_up": InboxBucket.REPLIED,
    "closed": InboxBucket.CLOSED,
    "withdrawn": InboxBucket.CLOSED,
    "voided": InboxBucket.CLOSED,
}


@pytest.fixture(autouse=True)
def _quick_pdf(monkeypatch):
    """The inbox links the frozen PDF but never reads it: skip WeasyPrint (most of the time of
    issuing an instrument) and freeze a tiny valid PDF instead."""
    from cases.samples import tiny_pdf

    monkeypatch.setattr("recommendations.services.drafting.render_instrument_pdf",
                        lambda rec: tiny_pdf(rec.number))


def _replied(world, title: str):
    rec = world.served(SERVED, title=title)
    services.reply_submit(actor=world.court_liaison, recommendation=rec, content="已整改")
    return rec


def _evaluated(world, title: str, outcome: str, reasons: str = ""):
    rec = _replied(world, title)
    services.recommendation_evaluate(actor=world.procurator, recommendation=rec, outcome=outcome,
                                     reasons=reasons)
    return rec


@pytest.fixture
def recs(world):
    """One court instrument in each status an agency sees (through the services), and one to
    the police that the court's liaison must never see."""
    with time_machine.travel(NOW, tick=False):
        r = {
            "issued": world.issued(title="关于送达程序的检察建议"),
            "awaiting": world.served(SERVED, title="关于保全程序的检察建议"),
            "under_review": world.served(SERVED, title="关于审限管理的检察建议"),
            "overdue": world.served(LONG_AGO, title="关于执行款发放的检察建议"),
            "replied": _replied(world, "关于立案登记的检察建议"),
            "rectification": _evaluated(world, "关于庭审录像的检察建议", "adopted_in_progress"),
            "follow_up": _evaluated(world, "关于卷宗归档的检察建议", "not_adopted", "理由不成立"),
            "closed": _evaluated(world, "关于诉讼费退费的检察建议", "adopted_rectified"),
            "withdrawn": world.served(SERVED, title="关于鉴定委托的检察建议"),
            "voided": world.issued(title="关于文书上网的检察建议"),
            "police": world.served(SERVED, title="关于取保候审的检察建议（公安）",
                                   case=world.register_case(agency=world.police)),
            "police_new": world.issued(title="关于刑拘期限的检察建议（公安）",
                                       case=world.register_case(agency=world.police)),
        }
        services.review_request(actor=world.court_liaison, recommendation=r["under_review"],
                                kind="objection", reason="事实认定有误")
        request = services.review_request(actor=world.court_liaison, recommendation=r["withdrawn"],
                                          kind="objection", reason="已另案处理")
        services.review_decide(actor=world.procurator, request=request, outcome="upheld",
                               reason="异议成立")
        services.recommendation_void(actor=world.procurator, recommendation=r["voided"],
                                     reason="文号错误")
    for rec in r.values():
        rec.refresh_from_db()
    return r


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _get(client: Client, **params):
    with time_machine.travel(NOW, tick=False):
        return client.get(reverse("portal:inbox"), params)


def _numbers(response) -> list[str]:
    """The document numbers of the cards, in page order."""
    html = response.content.decode()
    return re.findall(r'class="stretched-link" href="/portal/\d+/">[^<]*? · ([^<]+)</a>', html)


def _ids(qs) -> set[int]:
    return set(qs.values_list("pk", flat=True))


def test_the_fixture_reaches_every_status_an_agency_sees(recs):
    assert {k: recs[k].status for k in EXPECTED} == {
        "issued": S.ISSUED, "awaiting": S.AWAITING_REPLY, "under_review": S.UNDER_REVIEW,
        "overdue": S.AWAITING_REPLY, "replied": S.REPLIED,
        "rectification": S.RECTIFICATION_PENDING, "follow_up": S.FOLLOW_UP,
        "closed": S.CLOSED, "withdrawn": S.WITHDRAWN, "voided": S.VOIDED}
    assert recs["overdue"].due_date < TODAY <= recs["awaiting"].due_date


def test_each_bucket_holds_exactly_its_instruments_and_counts_match(world, recs):
    base = inbox.inbox_queryset(world.court_liaison)
    counts = inbox.bucket_counts(base, TODAY)
    for bucket in InboxBucket:
        expected = {recs[k].pk for k, b in EXPECTED.items() if b == bucket}
        assert _ids(inbox.inbox_items(base, bucket, TODAY)) == expected, bucket
        assert counts[bucket] == len(expected), bucket
    todo = {recs[k].pk for k, b in EXPECTED.items() if b in inbox.TODO_BUCKETS}
    assert _ids(inbox.inbox_items(base, TODO, TODAY)) == todo and counts[TODO] == len(todo)
    assert _ids(inbox.inbox_items(base, ALL, TODAY)) == {recs[k].pk for k in EXPECTED}
    assert counts[ALL] == len(EXPECTED)


def test_the_page_shows_each_bucket_with_its_count(world, recs):
    client = _client(world.court_liaison)
    for bucket in [*InboxBucket, TODO, ALL]:
        response = _get(client, bucket=bucket) if bucket != TODO else _get(client)
        assert response.status_code == 200
        expected = {recs[k].number for k, b in EXPECTED.items()
                    if b == bucket or bucket == ALL or bucket == TODO and b in inbox.TODO_BUCKETS}
        assert set(_numbers(response)) == expected, bucket
        html = response.content.decode()
        tab = re.search(rf'data-testid="inbox-tab-{bucket}">[^<]*<span[^>]*>(\d+)</span>', html)
        assert int(tab.group(1)) == len(expected), bucket
        assert re.search(rf'aria-current="page" data-testid="inbox-tab-{bucket}"', html), bucket


def test_the_to_do_list_puts_overdue_first_then_the_nearest_due_date_then_new(world, recs):
    with time_machine.travel(NOW, tick=False):
        later = world.served(datetime.date(2026, 11, 20), title="较晚送达的检察建议")
        newer = world.issued(title="新签发的检察建议")
    base = inbox.inbox_queryset(world.court_liaison)
    order = list(inbox.inbox_items(base, TODO, TODAY).values_list("pk", flat=True))
    assert order[0] == recs["overdue"].pk
    # awaiting and under review share 2027-01-04; the later service is due after them
    assert set(order[1:3]) == {recs["awaiting"].pk, recs["under_review"].pk}
    assert order[3:] == [later.pk, newer.pk, recs["issued"].pk]


def test_each_card_shows_the_pdf_due_date_explanation_and_what_to_do(world, recs):
    html = _get(_client(world.court_liaison)).content.decode()
    for key in ("issued", "awaiting", "under_review", "overdue"):
        assert reverse("recommendations:pdf", args=[recs[key].pk]) in html
        assert reverse("portal:detail", args=[recs[key].pk]) in html
    assert html.count('data-testid="due-explanation"') == 3  # not the unserved one
    assert "《人民检察院检察建议工作规定》" in html and "规则 recommendation" not in html
    assert "签收本文书" in html
    due = recs['awaiting'].due_date
    assert f"在 {due.year}年{due.month}月{due.day}日 前书面回复" in html
    assert "等待检察院对异议/复查申请作出决定" in html
    assert "已超过回复期限" in html
    days = (recs["awaiting"].due_date - TODAY).days
    assert f"还剩 {days} 天" in html
    assert f"逾期 {(TODAY - recs['overdue'].due_date).days} 天" in html
    assert _deepest_link_nesting(html) == 1  # the card is not one big link around the PDF's


class _Links(HTMLParser):
    depth = deepest = 0

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.depth += 1
            self.deepest = max(self.deepest, self.depth)

    def handle_endtag(self, tag):
        self.depth -= tag == "a"


def _deepest_link_nesting(html: str) -> int:
    parser = _Links()
    parser.feed(html)
    return parser.deepest


def test_what_to_do_after_the_reply(world, recs):
    steps = {k: inbox.next_step(recs[k], TODAY) for k in EXPECTED}
    assert steps["replied"] == "等待检察院评估回复。"
    assert "整改" in steps["rectification"] and "跟进监督" in steps["follow_up"]
    assert steps["closed"] == steps["withdrawn"] == steps["voided"] == "无需操作。"


def test_due_today_says_so(world, recs):
    due = recs["awaiting"].due_date
    with time_machine.travel(datetime.datetime.combine(due, datetime.time(9), NOW.tzinfo),
                             tick=False):
        client = _client(world.court_liaison)  # a session of that day
        html = client.get(reverse("portal:inbox"), {"bucket": "awaiting"}).content.decode()
    assert "今日到期" in html


def test_search_by_number_title_or_procuratorate(world, recs):
    client = _client(world.court_liaison)
    target = recs["awaiting"]
    assert _numbers(_get(client, q=f"  {target.number} ")) == [target.number]
    assert _numbers(_get(client, q="保全程序")) == [target.number]
    # every to-do instrument of the court comes from 定海; none from 普陀
    assert set(_numbers(_get(client, q="定海区人民检察院"))) == {
        recs[k].number for k in ("issued", "awaiting", "under_review", "overdue")}
    assert _numbers(_get(client, q="普陀")) == []


def test_search_folds_full_width_digits_and_needs_every_term(world, recs):
    client = _client(world.court_liaison)
    number = recs["awaiting"].number
    full_width = number.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    assert _numbers(_get(client, q=full_width)) == [number]
    assert _numbers(_get(client, q="保全程序 执行款")) == []


def test_the_tab_counts_follow_the_search_and_point_elsewhere_when_empty(world, recs):
    client = _client(world.court_liaison)
    response = _get(client, q="诉讼费退费")  # closed: not in the to-do list
    html = response.content.decode()
    assert _numbers(response) == []
    assert re.search(r'data-testid="inbox-tab-closed">[^<]*<span[^>]*>1</span>', html)
    assert "没有符合条件的文书" in html and "在全部文书中查看 1 件" in html
    assert "bucket=all" in html and "q=%E8%AF%89" in html


def test_a_short_or_blank_search_is_harmless(world, recs):
    client = _client(world.court_liaison)
    everything = {recs[k].number for k in EXPECTED}
    for q in ["建", "a", "", "   ", "%", "_"]:
        response = _get(client, q=q, bucket="all")
        assert response.status_code == 200, q
        assert 'data-testid="inbox-error"' not in response.content.decode(), q
        numbers = set(_numbers(response))
        assert numbers <= everything, q
        if not q.strip():
            assert numbers == everything
        if q in ("%", "_"):  # LIKE wildcards are matched literally
            assert numbers == set()
    assert set(_numbers(_get(client, q="建", bucket="all"))) == everything  # 定检一建〔…〕


def test_filter_by_instrument_type_and_procuratorate(world, recs):
    retrial = InstrumentType.objects.get(code="retrial_recommendation")
    with time_machine.travel(NOW, tick=False):
        other = world.served(SERVED, title="关于再审的检察建议", instrument_type=retrial)
    client = _client(world.court_liaison)
    html = _get(client).content.decode()
    assert 'name="type"' in html and retrial.name in html
    assert 'name="procuratorate"' not in html  # one issuing procuratorate: no menu
    assert _numbers(_get(client, type=retrial.pk)) == [other.number]
    assert other.number not in _numbers(_get(client, type=world.recommendation_type.pk))
    base = inbox.inbox_queryset(world.court_liaison, procuratorate=world.dinghai.pk)
    assert inbox.bucket_counts(base, TODAY)[ALL] == len(EXPECTED) + 1
    base = inbox.inbox_queryset(world.court_liaison, procuratorate=world.putuo.pk)
    assert inbox.bucket_counts(base, TODAY)[ALL] == 0


def test_another_agencys_instruments_never_appear(world, recs):
    client = _client(world.court_liaison)
    police = [recs["police"], recs["police_new"]]
    for params in [{}, *({"bucket": b} for b in [*InboxBucket, ALL]),
                   *({"q": rec.number, "bucket": "all"} for rec in police),
                   {"q": "公安", "bucket": "all"}, {"q": "取保候审"}]:
        response = _get(client, **params)
        listed = response.content.decode().split('class="list-unstyled mb-3 inbox-list"')[1]
        for rec in police:  # (the search box echoes the query; the list must not)
            assert rec.number not in listed and rec.title not in listed, params
            assert rec.number not in _numbers(response)
    counts = inbox.bucket_counts(inbox.inbox_queryset(world.court_liaison), TODAY)
    assert counts[ALL] == len(EXPECTED)
    type_choices, procuratorates = inbox.filter_choices(world.police_liaison)
    assert len(type_choices) == 1 and procuratorates == [(world.dinghai.pk, world.dinghai.name)]
    # the police's liaison sees theirs, and none of the court's
    response = _get(_client(world.police_liaison), bucket="all")
    assert set(_numbers(response)) == {rec.number for rec in police}
    assert inbox.bucket_counts(inbox.inbox_queryset(world.police_liaison), TODAY)[ALL] == 2


BAD_PARAMS = [
    ({"bucket": "everything"}, "没有这个分类"),
    ({"bucket": "overdue'><script>"}, "没有这个分类"),
    ({"type": "abc"}, "请选择有效的文书类型"),
    ({"type": "999999"}, "请选择有效的文书类型"),
    ({"procuratorate": "1 OR 1=1"}, "请选择有效的发文单位"),
    ({"q": "长" * 101}, "不能超过 100 个字"),
    ({"bucket": "nope", "q": "保全程序"}, "没有这个分类"),
    ({"bucket": "all", "type": "x"}, "请选择有效的文书类型"),
]


def test_bad_parameters_say_so_and_never_widen(world, recs):
    client = _client(world.court_liaison)
    for params, message in BAD_PARAMS:
        response = _get(client, **params)
        assert response.status_code == 200, params
        html = response.content.decode()
        assert 'data-testid="inbox-error"' in html and message in html, params
        assert _numbers(response) == [], params
        assert "<script>" not in html.split('id="main"')[1], params


def test_a_bad_page_number_is_not_an_error(world, recs):
    client = _client(world.court_liaison)
    for page in ("abc", "0", "-1", "99"):
        response = _get(client, page=page)
        assert response.status_code == 200 and len(_numbers(response)) == 4


@pytest.mark.parametrize("persona",
                         ["procurator", "approver", "observer", "supervisor", "sysadmin"])
def test_only_liaisons_have_an_inbox(world, persona):
    assert _client(getattr(world, persona)).get(reverse("portal:inbox")).status_code == 404


def test_anonymous_users_are_sent_to_log_in(world):
    response = Client().get(reverse("portal:inbox"))
    assert response.status_code == 302 and "login" in response.url


def _serve_many(world, n: int, **kwargs) -> list:
    with time_machine.travel(NOW, tick=False):
        return [world.served(SERVED, title=f"批量检察建议{i:02d}", **kwargs) for i in range(n)]


def test_pagination_keeps_the_search_bucket_and_filters(world, monkeypatch):
    from portal.views import inbox as inbox_views

    assert inbox_views.PAGE_SIZE == 20
    monkeypatch.setattr(inbox_views, "PAGE_SIZE", 4)
    recs = _serve_many(world, 5)
    client = _client(world.court_liaison)
    params = {"q": "批量", "bucket": "awaiting", "type": world.recommendation_type.pk}
    first = _get(client, **params)
    html = first.content.decode()
    assert len(_numbers(first)) == 4 and "共 5 件" in html and "1 / 2" in html
    next_url = re.search(r'href="([^"]+)" rel="next"', html).group(1).replace("&amp;", "&")
    for part in ("q=%E6%89%B9%E9%87%8F", "bucket=awaiting",
                 f"type={world.recommendation_type.pk}", "page=2"):
        assert part in next_url
    with time_machine.travel(NOW, tick=False):
        second = client.get(next_url)
    html = second.content.decode()
    assert len(_numbers(second)) == 1 and "2 / 2" in html
    assert set(_numbers(first)) | set(_numbers(second)) == {rec.number for rec in recs}
    previous_url = re.search(r'href="([^"]+)" rel="prev"', html).group(1).replace("&amp;", "&")
    assert "bucket=awaiting" in previous_url and "page=1" in previous_url
    # the tabs keep the search too, and drop the page
    tab = re.search(r'href="([^"]+)"[^>]*data-testid="inbox-tab-closed"', html).group(1)
    assert "q=" in tab and "page=" not in tab


def test_the_query_count_is_flat(world, django_assert_num_queries):
    client = _client(world.court_liaison)
    variants = [{}, {"q": "检察建议", "bucket": "all"},
                {"bucket": "awaiting", "type": world.recommendation_type.pk}]
    _serve_many(world, 1)
    _get(client)  # warm-up: per-process caches fill once
    for params in variants:
        # session, user, filter menus, bucket counts, page rows, agency, memberships, bell,
        # the portal menu's counts of the agencies' duties (one query for every flow)
        with django_assert_num_queries(9):
            assert len(_numbers(_get(client, **params))) == 1
    _serve_many(world, 24)
    for params in variants:
        with django_assert_num_queries(9):
            assert len(_numbers(_get(client, **params))) == 20
