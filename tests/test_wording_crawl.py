"""No page a user reaches shows our internal notation (DEADLINES.md, "Explaining a due date";
issue 14): a crawl of every page every demo persona can reach by following links, in Chinese
and in English, with the API's JSON and the calendar feed, finds no rule code, no "seed NNN §k"
reference and no *unverified* mark — and a liaison is never told whether a basis is checked.
On English pages, no Chinese name of a kind, matter, instrument type or period rule that has an
English one appears outside what users wrote (the API keeps the official Chinese names in its
fields, with ``*_en`` beside them, so only HTML pages are read for this).

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
from django.apps import apps
from django.db import models
from django.test import Client

from demo.builder import DEMO_MD_USERNAMES, load_demo_world
from recommendations.models import InstrumentType
from supervision.models import (
    AuditEntry,
    EmailDelivery,
    Matter,
    Notification,
    PeriodRule,
    SupervisionKind,
    User,
)
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


#: Rows that carry reference names but are not what users wrote: the reference data itself,
#: and the stored Chinese fallback of a notification (its English is rendered when shown).
NOT_USER_DATA = (SupervisionKind, Matter, PeriodRule, InstrumentType, Notification,
                 EmailDelivery, AuditEntry)
CJK_IDEOGRAPH = "\u4e00-\u9fff"


#: A full-width colon or comma right after a Latin letter or digit: English interface text
#: punctuated as Chinese (users' Chinese text has ideographs before its colons).
FULL_WIDTH_AFTER_LATIN = re.compile(r"[A-Za-z0-9)][：，；]")


def reference_names() -> list[str]:
    """The Chinese names of the reference rows that have an English name, longest first."""
    names = set()
    for model in (SupervisionKind, Matter, PeriodRule, InstrumentType):
        names |= set(model.objects.exclude(name_en="").values_list("name", flat=True))
    return sorted(names, key=len, reverse=True)


def user_texts(names: list[str]) -> list[str]:
    """What users wrote (titles, summaries, facts, replies …) that contains a reference name:
    every free-text column of the project's own models, longest first. A page's text is read
    without them, so a case called 王某危险驾驶案审判程序违法监督案 is not taken for the matter
    审判程序违法 — and no such value may be a bare reference name, or the check would be blind."""
    found = set()
    for model in apps.get_models():
        if model.__module__.split(".")[0] not in {"cases", "recommendations", "agencies",
                                                  "duties", "hearings", "portal", "reporting",
                                                  "supervision", "inspections", "litigation",
                                                  "quality", "adjudication"}:
            continue
        if model in NOT_USER_DATA:
            continue
        columns = [f.name for f in model._meta.concrete_fields
                   if isinstance(f, models.CharField | models.TextField) and not f.choices]
        for column in columns:
            for value in model.objects.values_list(column, flat=True).distinct():
                if value and any(name in value for name in names):
                    found.add(value)
    bare = found & set(names)
    assert not bare, f"user data equal to a reference name would hide it: {bare}"
    return sorted(found, key=len, reverse=True)


def reference_names_shown(text: str, names: list[str], written: list[str]) -> list[str]:
    """The reference names in ``text`` once what users wrote is taken out, each standing on
    its own (not inside a longer Chinese phrase such as 《…个人信息保护法》 or 关于…的检察建议,
    which the official titles and users' own wording contain)."""
    for value in written:
        text = text.replace(value, "\x00")
    alone = re.compile(rf"(?<![{CJK_IDEOGRAPH}])(?:{'|'.join(map(re.escape, names))})"
                       rf"(?![{CJK_IDEOGRAPH}])")
    return sorted({m.group(0) for m in alone.finditer(text)})


def crawl(client: Client, start: str, html: set[str] | None = None) -> dict[str, str]:
    """URL → what a person reads there, for every page reachable from ``start`` (the URLs
    of HTML pages also go into ``html`` when given)."""
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
            if html is not None:
                html.add(url)
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


@pytest.mark.once  # the pages' words, whatever the database (about 80 s a language)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_no_page_shows_internal_notation(demo_world, db, language):
    pages = 0
    names = reference_names()
    written = user_texts(names)
    assert len(names) > 90  # kinds, matters, types and rules, read from the database
    with time_machine.travel(NOW, tick=False):
        for username in DEMO_MD_USERNAMES:
            user = User.objects.get(username=username)
            client = Client(HTTP_ACCEPT_LANGUAGE=language)
            client.force_login(user)
            pattern = forbidden(user.is_liaison)
            starts = ["/", "/api/recommendations/", "/api/cases/"]
            texts, html = {}, set()
            for start in starts:
                texts.update(crawl(client, start, html))
            pages += len(texts)
            leaks = {url: sorted({m.group(0) for m in pattern.finditer(text)})
                     for url, text in texts.items() if pattern.search(text)}
            assert not leaks, f"{username} ({language}) reads internal notation: {leaks}"
            if language == "en":
                chinese = {url: shown for url in html
                           if (shown := reference_names_shown(texts[url], names, written))}
                assert not chinese, f"{username} reads Chinese reference names in English: {chinese}"
                # English punctuation after English words: "Item 1: …", never "Item 1：…".
                colons = {url: sorted(set(FULL_WIDTH_AFTER_LATIN.findall(texts[url])))
                          for url in html if FULL_WIDTH_AFTER_LATIN.search(texts[url])}
                assert not colons, f"{username} reads full-width punctuation in English: {colons}"
    assert pages > 200  # the crawl reached the product, not just the login page
