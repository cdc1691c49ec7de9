"""The public page (检务公开): no login; every public URL, reached by following every link from
/public/, shows no personal data planted in the case (its parties, its facts, its instrument,
and the proposer's own texts), and nothing unpublished is reachable by URL."""

from __future__ import annotations

import datetime
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from publication import services
from publication.models import StatisticsRelease, TypicalCase

from .conftest import PLANTED


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        href = dict(attrs).get("href") if tag == "a" else None
        if href:
            self.links.append(href)


def crawl(client: Client, start: str = "/public/") -> dict[str, str]:
    """Every page reachable from ``start`` through same-site links under /public/ → its text."""
    seen: dict[str, str] = {}
    queue = [start]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        seen[url] = text
        parser = _Links()
        parser.feed(text)
        for href in parser.links:
            parts = urlsplit(urljoin(url, href))
            if parts.netloc or not parts.path.startswith("/public/"):
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return seen


@pytest.fixture
def published_world(world, planted):
    """One published typical case and release of 定检, and one item in every other state."""
    today = datetime.date.today()
    published = services.typical_case_approve(actor=world.approver,
                                              typical_case=planted.propose(world.procurator))
    proposed = planted.propose(world.procurator, title="待审批的案例")
    returned = services.typical_case_return(
        actor=world.approver, typical_case=planted.propose(world.procurator, title="退回的案例"),
        reason="退回")
    withdrawn = services.typical_case_withdraw(
        actor=world.approver, reason="撤回", typical_case=services.typical_case_approve(
            actor=world.approver,
            typical_case=planted.propose(world.procurator, title="撤回的案例")))
    start, end = today - datetime.timedelta(days=60), today - datetime.timedelta(days=1)
    release = services.statistics_release_approve(
        actor=world.approver, release=services.statistics_release_propose(
            actor=world.procurator, start=start, end=end, title="定检法律监督工作数据",
            note="如需核对请联系张三丰，电话13812345678。"))
    waiting = services.statistics_release_propose(
        actor=world.procurator, start=start - datetime.timedelta(days=30), end=end, title="待审批")
    return {"published": published, "release": release,
            "hidden_cases": [proposed, returned, withdrawn], "hidden_releases": [waiting]}


def test_every_public_page_is_free_of_planted_personal_data(published_world, world):
    pages = crawl(Client())
    published, release = published_world["published"], published_world["release"]
    assert reverse("public:case", args=[published.pk]) in pages
    assert reverse("public:statistics", args=[release.pk]) in pages
    assert reverse("public:procuratorate", args=[world.dinghai.pk]) in pages
    for url, text in pages.items():
        for planted_text in PLANTED:
            assert planted_text not in text, (url, planted_text)
        # No ID-, card- or phone-shaped number anywhere.
        assert not re.search(r"\d{11,}", text), url
    case_page = pages[reverse("public:case", args=[published.pk])]
    assert "某某" in case_page and "舟山市定海区人民法院" in case_page


def test_the_public_pages_need_no_login_and_show_only_published_items(published_world, world):
    pages = crawl(Client())
    text = "".join(pages.values())
    for title in ("待审批的案例", "退回的案例", "撤回的案例", "待审批"):
        assert title not in text
    assert world.putuo.name not in text  # publishes nothing: not listed


def test_unpublished_and_unknown_items_answer_404(published_world, world):
    client = Client()
    for item in published_world["hidden_cases"]:
        assert client.get(reverse("public:case", args=[item.pk])).status_code == 404
    for item in published_world["hidden_releases"]:
        assert client.get(reverse("public:statistics", args=[item.pk])).status_code == 404
    for name in ("public:case", "public:statistics", "public:procuratorate"):
        assert client.get(reverse(name, args=[987654])).status_code == 404
    # A procuratorate that publishes nothing is not told to exist.
    assert client.get(reverse("public:procuratorate", args=[world.putuo.pk])).status_code == 404
    # Withdrawing takes a published item off at once.
    release = published_world["release"]
    services.statistics_release_withdraw(actor=world.procurator, release=release, reason="更正")
    assert client.get(reverse("public:statistics", args=[release.pk])).status_code == 404


@pytest.mark.parametrize("url", ["/public/abc/", "/public/cases/0/", "/public/cases/-1/",
                                 "/public/statistics/99999999999999999999999/",
                                 "/public/cases/1%00/"])
def test_bad_urls_are_404(db, url):
    assert Client().get(url).status_code == 404


def test_bad_input_never_500(published_world, world):
    client = Client()
    url = reverse("public:procuratorate", args=[world.dinghai.pk])
    for query in ("?page=abc", "?page=-1", "?page=99999", "?page=" + "9" * 400):
        assert client.get(url + query).status_code == 200
    assert client.post(reverse("public:index")).status_code == 405


def test_signed_in_staff_read_the_same_public_pages(published_world, world):
    client = Client()
    client.force_login(world.court_liaison)
    assert client.get(reverse("public:case", args=[published_world["published"].pk])).status_code == 200


def test_the_public_release_shows_each_figure_with_its_definition(published_world):
    release = published_world["release"]
    page = Client().get(reverse("public:statistics", args=[release.pk])).content.decode()
    assert 'data-testid="figure-due"' in page
    assert str(release.figures["definitions"]["due"]["definition"]) in page
    assert f'data-testid="current-issued">{release.figures["issued"]}<' in page


def test_the_public_pages_run_few_queries_and_none_over_cases(published_world, world,
                                                               django_assert_num_queries):
    """Frozen columns only: no case, party or instrument table is read."""
    client = Client()
    urls = {reverse("public:index"): 2,
            reverse("public:procuratorate", args=[world.dinghai.pk]): 4,
            reverse("public:statistics", args=[published_world["release"].pk]): 1,
            reverse("public:case", args=[published_world["published"].pk]): 1}
    for url, count in urls.items():
        with django_assert_num_queries(count) as captured:
            assert client.get(url).status_code == 200
        sql = " ".join(q["sql"] for q in captured.captured_queries)
        for table in ("cases_", "recommendations_"):
            assert table not in sql, (url, sql)


def test_the_published_columns_are_the_only_ones_read(published_world):
    """What the public case page reads holds no original text."""
    item = TypicalCase.objects.get(pk=published_world["published"].pk)
    assert "张三丰" in item.summary and "张三丰" not in item.published_summary
    assert StatisticsRelease.objects.get(pk=published_world["release"].pk).note.count("张三丰") == 0
