"""Playwright on Debian's Chromium (never a downloaded browser), one per test module.

Module, not session: Playwright's sync API keeps an event loop running in the main thread while
it is open, and Django's async views (django-health-check's) cannot be called from a thread
with a running loop — a session-wide browser would break every later test of such a view."""

from __future__ import annotations

import json
import os
import pathlib

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between browser steps are ordinary synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Assertions wait as long as actions do: CI runs the SQLite and PostgreSQL suites side by side on
# two cores, and a form's redirect can take longer than Playwright's default of five seconds.
EXPECT_TIMEOUT_MS = 15_000

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    if not pathlib.Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/system-deps.sh")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


#: axe-core impacts that fail a test (issue 14: 0 serious and 0 critical on every page).
AXE_FAILING = ("serious", "critical")
AXE_RESULTS = pathlib.Path(__file__).resolve().parents[2] / "test-results" / "axe"


def axe_violations(page) -> list[dict]:
    """axe-core (bundled with axe-playwright-python: offline) on the page as it stands."""
    from axe_playwright_python.sync_playwright import Axe

    response = Axe().run(page).response
    return [{"rule": v["id"], "impact": v["impact"], "help": v["help"],
             "targets": [n["target"] for n in v["nodes"]][:5]}
            for v in response["violations"] if v["impact"] in AXE_FAILING]


@pytest.fixture
def new_page(browser, live_server, request):
    """Open a fresh browser context (its own cookies) per persona; closed after the test.

    Every page the test's journey reached is audited by axe-core at the end, in the same
    context (the same user, language and viewport): a serious or critical violation fails the
    test, and the figures go to ``test-results/axe/<test>.json``."""
    contexts = []
    csp_refusals: list[str] = []

    def make(viewport: dict | None = None, locale: str = "zh-CN"):
        context = browser.new_context(base_url=live_server.url, locale=locale,
                                      viewport=viewport or {"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        visited: list[str] = []
        contexts.append((context, visited))
        page = context.new_page()
        page.on("framenavigated",
                lambda frame: frame == frame.page.main_frame and visited.append(frame.url))
        # The Content-Security-Policy allows no inline script or style: whatever the browser
        # refused (it says so on the console) fails the test.
        page.on("console", lambda message: "Content Security Policy" in message.text
                and csp_refusals.append(f"{page.url}: {message.text}"))
        return page

    yield make
    report, failures = [], []
    for context, visited in contexts:
        pages = [url for url in dict.fromkeys(visited) if _auditable(url, live_server.url)]
        audit = context.new_page() if pages else None
        for url in pages:
            response = audit.goto(url)
            if response is None or "html" not in (response.headers.get("content-type") or ""):
                continue
            found = axe_violations(audit)
            report.append({"url": url[len(live_server.url):], "violations": found})
            failures += [f"{url[len(live_server.url):]}: {v['rule']} ({v['impact']}) "
                         f"{v['targets']}" for v in found]
        context.close()
    AXE_RESULTS.mkdir(parents=True, exist_ok=True)
    (AXE_RESULTS / f"{request.node.name}.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=1))
    assert not failures, "axe-core: serious or critical violations\n" + "\n".join(failures)
    assert not csp_refusals, "Content-Security-Policy refusals\n" + "\n".join(csp_refusals)


def _auditable(url: str, base: str) -> bool:
    return (url.startswith(base) and "/logout" not in url and "/admin/" not in url
            and not url.endswith((".pdf", ".ics")))


def zh_date(day) -> str:
    """A date as the Chinese pages write it (config/formats): 2026年3月5日."""
    return f"{day.year}年{day.month}月{day.day}日"


def login(page, username: str, password: str, *, english: bool = False) -> None:
    """Log in with the password and, where the account must give one, the second factor: a
    code computed from the user's authenticator (created for them if they have none)."""
    from tests.two_factor import prepare_browser_login

    prepare_browser_login(username)
    page.goto("/login/")
    page.get_by_label("Username" if english else "用户名").fill(username)
    page.get_by_label("Password" if english else "密码").fill(password)
    page.get_by_role("button", name="Log in" if english else "登录").click()
    page.wait_for_load_state("networkidle")
    second_factor(page, username, english=english)


def second_factor(page, username: str, *, english: bool = False) -> None:
    """On the verify step (and only there), enter the code the user's authenticator shows."""
    from tests.two_factor import browser_code

    if "/login/verify/" not in page.url:
        return
    language = "en" if english else "zh-hans"
    page.get_by_label(t("验证码", language)).fill(browser_code(username))
    page.get_by_role("button", name=t("验证", language), exact=True).click()
    page.wait_for_load_state("networkidle")


def confirm(page) -> None:
    """Answer 确定 in the confirmation dialog an irreversible action opens (static/js/app.js)."""
    dialog = page.get_by_test_id("confirm-dialog")
    dialog.get_by_test_id("confirm-ok").click()
    page.wait_for_load_state("networkidle")


#: The two screens every journey runs on (issue 14).
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def t(msgid: str, language: str) -> str:
    """A label as the page in ``language`` shows it (the catalogue's own translation), so one
    journey's steps run in Chinese and in English."""
    from django.utils import translation

    with translation.override(language):
        return translation.gettext(msgid)


def tab_to(page, target, max_tabs: int = 80) -> None:
    """Press Tab until ``target`` has the focus (as a keyboard user would reach it), and check
    that the focus is visible there (an outline or a focus ring)."""
    for _ in range(max_tabs):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            ring = target.evaluate(
                "el => { const s = getComputedStyle(el); return [s.outlineStyle, s.outlineWidth,"
                " s.boxShadow]; }")
            assert (ring[0] != "none" and ring[1] != "0px") or ring[2] != "none", ring
            return
    raise AssertionError(f"not reachable with Tab in {max_tabs} presses: {target}")
