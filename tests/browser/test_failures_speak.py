"""A failed htmx request says so (issue 14): the case list's filter, answered with a server
error or not at all, shows a message in a toast — never nothing — and what was typed stays."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.world import PASSWORD

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("failure", "message"), [
    ("500", "操作未完成：服务器出错"), ("abort", "无法连接服务器")], ids=["server-error", "offline"])
def test_a_failed_filter_request_shows_a_toast(world, new_page, output_dir, failure, message):
    world.register_case(title="定海区法院公告送达程序违法监督案")
    page = new_page()
    login(page, "procurator", PASSWORD)
    page.goto("/cases/")

    def fail(route):
        if route.request.headers.get("hx-request"):
            if failure == "500":
                route.fulfill(status=500, body="boom")
            else:
                route.abort()
        else:
            route.continue_()

    page.route("**/cases/?*", fail)
    page.get_by_label("搜索").fill("公告送达")
    toasts = page.get_by_test_id("toast")
    expect(toasts.first).to_contain_text(message)
    expect(page.get_by_label("搜索")).to_have_value("公告送达")
    page.screenshot(path=output_dir / f"toast-{failure}.png")
    # An error stays until it is closed. (Leaving the search box sends the filter once more —
    # its "change" — which fails again; let it, then close every message.)
    page.locator("h1").click()
    page.wait_for_timeout(1000)
    while toasts.count():
        toasts.first.get_by_role("button").click()
    expect(toasts).to_have_count(0)
