"""Print (issue 14): a case page and a list print as content — no navigation, filters, buttons
or toasts — with the table's header kept, and the PDF the browser makes has the case in it."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.world import PASSWORD

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_case_page_and_the_case_list_print_cleanly(world, new_page, output_dir):
    case = world.register_case(title="定海区法院公告送达程序违法监督案")
    world.draft(case)
    page = new_page()
    login(page, "procurator", PASSWORD)
    for url, content in ((f"/cases/{case.pk}/", "case-number"), ("/cases/", "case-row")):
        page.goto(url)
        page.emulate_media(media="print")
        expect(page.locator(".app-navbar")).to_be_hidden()
        expect(page.locator(".lang-switch")).to_be_hidden()
        for control in page.locator(".btn, main form, input[type=file]").all():
            expect(control).to_be_hidden()
        expect(page.get_by_test_id(content).first).to_be_visible()
        page.screenshot(path=output_dir / f"print-{content}.png", full_page=True)
        page.emulate_media(media="screen")
        expect(page.locator(".app-navbar")).to_be_visible()
    page.goto(f"/cases/{case.pk}/")
    page.emulate_media(media="print")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(page.pdf())).pages)
    assert "2026" in text and case.number[-2:] in text  # 定检刑监〔2026〕1号 (PDF text maps some ideographs)
    assert "退出" not in text and "简体中" not in text  # the navbar and the language select
