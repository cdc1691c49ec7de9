"""No page a user reaches shows our internal notation (DEADLINES.md, "Explaining a due date";
issue 14): a crawl of every page every demo persona can reach by following links, in Chinese
and in English, with the API's JSON and the calendar feed, finds no rule code, no "seed NNN §k"
reference and no *unverified* mark — and a liaison is never told whether a basis is checked.

Left out: Django's admin (the administrators' own tables, where rule codes belong), downloads
that are not text (PDFs, attachments) and links that change state (logout)."""

from __future__ import annotations

import datetime
import json
import re
from collections import Counter, deque
from urllib.parse import urldefrag, urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from demo.builder import DEMO_MD_USERNAMES, load_demo_world
from supervision.models import PeriodRule, User
from tests.test_i18n import visible_text

NOW = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
#: Pages per URL shape (digits folded): enough to meet every kind of page, not every row.
PER_SHAPE = 3
HREF = re.compile(r'href="([^"#]+)"')
SKIP = re.compile(r"^/(admin/|logout/|i18n/|static/|media/|metrics|health/)|/(pdf|download|"
                  r"attachment|evidence|receipt|file)s?/|\.pdf$|/export")


def forbidden(liaison: bool) -> re.Pattern:
    codes = sorted(PeriodRule.objects.values_list("code", flat=True), key=len, reverse=True)
    underscored = [re.escape(c) for c in codes if "_" in c]
    plain = [re.escape(c) for c in codes if "_" not in c]
    parts = [rf"\b(?:{'|'.join(underscored)})\b", rf"(?:规则|rule)\s*(?:{'|'.join(plain)})\b",
             r"seed\s*\d{3}", "§", "未经核实", r"not verified"]
    if liaison:  # whether a basis is checked is the procuratorate's note (staff see it)
        parts += ["依据待核实", r"legal basis (?:is )?(?:still )?to be verified", '"verified"']
    return re.compile("|".join(parts), re.IGNORECASE)


def crawl(client: Client, start: str) -> dict[str, str]:
    """URL → what a person reads there, for every page reachable from ``start``."""
    seen, shapes, texts = {start}, Counter(), {}
    queue = deque([start])
    while queue:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code in (301, 302):
            target = response["Location"]
            if target.startswith("/") and target not in seen and not SKIP.search(target):
                seen.add(target)
                queue.append(target)
            continue
        if response.status_code != 200:
            assert response.status_code in (403, 404, 405), (url, response.status_code)
            continue
        kind = response.get("Content-Type", "")
        body = response.content
        if "html" in kind:
            texts[url] = visible_text(body)
        elif "json" in kind:
            texts[url] = json.dumps(json.loads(body), ensure_ascii=False)
            continue
        elif "calendar" in kind:
            texts[url] = body.decode()
            continue
        else:
            continue
        for href in HREF.findall(body.decode()):
            href = urldefrag(href.replace("&amp;", "&"))[0]
            parts = urlsplit(href)
            if parts.netloc or not parts.path.startswith("/") or SKIP.search(parts.path):
                continue
            shape = re.sub(r"\d+", "N", parts.path)
            if href not in seen and shapes[shape] < PER_SHAPE:
                seen.add(href)
                shapes[shape] += 1
                queue.append(href)
    return texts


@pytest.fixture
def demo_world(db):
    """The demo world of DEMO.md (≈5 s), inside the test's transaction."""
    with time_machine.travel(NOW, tick=False):
        load_demo_world(today=NOW.date())


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_no_page_shows_internal_notation(demo_world, db, language):
    pages = 0
    with time_machine.travel(NOW, tick=False):
        for username in DEMO_MD_USERNAMES:
            user = User.objects.get(username=username)
            client = Client(HTTP_ACCEPT_LANGUAGE=language)
            client.force_login(user)
            pattern = forbidden(user.is_liaison)
            starts = ["/", "/api/recommendations/", "/api/cases/"]
            texts = {}
            for start in starts:
                texts.update(crawl(client, start))
            pages += len(texts)
            leaks = {url: sorted({m.group(0) for m in pattern.finditer(text)})
                     for url, text in texts.items() if pattern.search(text)}
            assert not leaks, f"{username} ({language}) reads internal notation: {leaks}"
    assert pages > 200  # the crawl reached the product, not just the login page
