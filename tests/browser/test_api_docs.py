"""The API's documentation pages (issue 17): Swagger UI at /api/docs/ and Redoc at /api/redoc/
render every operation of the schema, from this server only (the sidecar's packaged assets:
any request to another host fails the test), under the site's Content-Security-Policy (the
``new_page`` fixture fails on any refusal the browser reports), in Chinese and, with the
language switched, in English."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.world import PASSWORD

from .conftest import DESKTOP, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _operations(world, language: str = "zh-hans") -> dict:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(world.procurator)
    schema = json.loads(client.get("/api/schema/", {"format": "json"}).content)
    return {(method.upper(), path): op for path, ops in schema["paths"].items()
            for method, op in ops.items()}


def _offsite(page, base: str) -> list[str]:
    """Every request the page makes to another host is refused and listed."""
    offsite: list[str] = []

    def route(r):
        url = r.request.url
        if url.startswith((base, "data:", "blob:")):
            r.continue_()
        else:
            offsite.append(url)
            r.abort()

    page.route("**/*", route)
    return offsite


def _filter_by_tag(page, phrase: str) -> None:
    """Swagger UI's own "Filter by tag" box: it keeps the tags whose name contains the phrase.
    Swagger UI renders long lists virtually (only what is near the viewport is in the DOM), so
    a whole schema is looked at one tag at a time, as a reader finds an operation."""
    box = page.get_by_placeholder(re.compile("Filter by tag", re.IGNORECASE))
    box.fill(phrase)
    box.press("Enter")


def test_swagger_ui_shows_every_operation_from_this_server_only(world, new_page, live_server,
                                                               output_dir):
    operations = _operations(world)
    page = new_page({"width": DESKTOP["width"], "height": 4000})
    offsite = _offsite(page, live_server.url)
    login(page, "procurator", PASSWORD)
    response = page.goto("/api/docs/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("检察监督案件管理系统 API")
    expect(page.locator(".opblock").first).to_be_visible(timeout=60_000)
    tags = sorted({op["tags"][0] for op in operations.values()})
    shown = 0
    for tag in tags:
        _filter_by_tag(page, tag)
        sections = page.locator(".opblock-tag-section")
        expect(sections.first).to_be_visible()
        expected = [key for key, op in operations.items() if tag in op["tags"][0]]
        expect(page.locator(".opblock")).to_have_count(len(expected))
        exact = page.locator(f".opblock-tag-section:has(h3[data-tag='{tag}']) .opblock")
        shown += exact.count()
    assert shown == len(operations)
    # An operation opens with its Idempotency-Key header and its documented errors.
    _filter_by_tag(page, "cases")
    page.set_viewport_size(DESKTOP)
    create = page.locator("#operations-cases-cases_create")
    create.locator(".opblock-summary").click()
    expect(create.get_by_text("Idempotency-Key", exact=True)).to_be_visible()
    for status in ("400", "401", "403", "404", "409", "413", "429", "500"):
        expect(create.locator(f"tr.response[data-code='{status}']")).to_have_count(1)
    page.screenshot(path=output_dir / "swagger-ui.png", full_page=False)
    create.screenshot(path=output_dir / "swagger-ui-cases-create.png")
    assert offsite == []


def test_swagger_ui_in_english(world, new_page, live_server, output_dir):
    page = new_page(DESKTOP, locale="en-US")
    offsite = _offsite(page, live_server.url)
    login(page, "procurator", PASSWORD, english=True)
    page.goto("/api/docs/?lang=en")
    expect(page.locator(".opblock").first).to_be_visible(timeout=60_000)
    _filter_by_tag(page, "deadlines")
    preview = page.locator("#operations-deadlines-deadlines_preview_retrieve")
    expect(preview).to_be_visible()
    summary = _operations(world, "en")[("GET", "/api/deadlines/preview/")]["summary"]
    expect(preview.locator(".opblock-summary-description")).to_have_text(summary)
    page.screenshot(path=output_dir / "swagger-ui-en.png", full_page=False)
    assert offsite == []


#: What Redoc does that the policy refuses, and nothing else: a few empty or computed
#: ``style="…"`` attributes (a nonce cannot allow an attribute; the page looks right without
#: them), and its "API docs by Redocly" logo from cdn.redoc.ly, which img-src keeps on the
#: browser (no request leaves).
REDOC_REFUSALS = ("Applying inline style violates",
                  "Loading the image 'https://cdn.redoc.ly/redoc/logo-mini.svg' violates")


def test_redoc_renders_under_the_policy(world, browser, live_server, output_dir):
    """Its own context, not ``new_page``: Redoc's known refusals are allowed (and only they),
    and axe-core is not run on it — its response-code colours fail the contrast check on one
    panel or the other whatever the theme; Swagger UI, the page the site links to, passes."""
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport=DESKTOP)
    try:
        page = context.new_page()
        refusals: list[str] = []
        page.on("console", lambda m: "Content Security Policy" in m.text
                and refusals.append(m.text))
        offsite = _offsite(page, live_server.url)
        login(page, "procurator", PASSWORD)
        response = page.goto("/api/redoc/")
        nonce = page.locator("#redoc-container").get_attribute("data-nonce")
        policy = response.headers["content-security-policy"]
        assert f"'nonce-{nonce}'" in policy and re.search(r"script-src 'self'(;|$)", policy)
        assert "unsafe-inline" not in policy
        expect(page.locator("#redoc-container h1")).to_contain_text("检察监督案件管理系统 API",
                                                                    timeout=60_000)
        expect(page.get_by_text("期限计算预览").first).to_be_attached()
        # Redoc's own styles applied (their <style> elements carry the nonce): the menu is
        # laid out beside the text, not above it.
        menu = page.locator(".menu-content").bounding_box()
        text = page.locator("#redoc-container h1").bounding_box()
        assert menu and text and menu["x"] + menu["width"] <= text["x"]
        page.screenshot(path=output_dir / "redoc.png", full_page=False)
        assert offsite == []
        assert refusals and all(any(known in r for known in REDOC_REFUSALS) for r in refusals), \
            refusals
    finally:
        context.close()
