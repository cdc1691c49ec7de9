"""A liaison connects the court's own system by webhook (issue 17): 设置 → Webhook 订阅, a
new subscription whose signing secret is shown once, an instrument served to the court
delivered to a real receiver (signature checked there), the delivery log, a redelivery —
on a desktop and on a 375px phone; axe on every page."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from integrations.models import WebhookDelivery
from integrations.services.delivery import deliver
from integrations.tests.receiver import Receiver
from tests.world import PASSWORD

from .conftest import DESKTOP, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SMALL_PHONE = {"width": 375, "height": 812}


@pytest.mark.parametrize(("screen", "viewport"), [("desktop", DESKTOP), ("phone", SMALL_PHONE)])
def test_a_liaison_subscribes_sees_a_delivery_and_redelivers_it(
        world, new_page, output_dir, settings, screen, viewport):
    settings.WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1/32"]  # the receiver runs on this machine
    receiver = Receiver().start()
    try:
        page = new_page(viewport)
        login(page, "court_liaison", PASSWORD)
        page.goto("/settings/notifications/")
        page.get_by_test_id("webhooks-tab").click()
        expect(page.get_by_test_id("no-webhooks")).to_be_visible()
        page.get_by_test_id("webhook-new").click()
        page.get_by_label("名称").fill("法院办案系统")
        page.get_by_label("接收地址").fill(receiver.url)
        page.get_by_label("文书已送达").check()
        page.get_by_test_id("webhook-save").click()
        secret = page.get_by_test_id("webhook-secret").input_value()
        assert secret.startswith("whsec_")
        page.screenshot(path=output_dir / f"1-secret-{screen}.png", full_page=True)
        receiver.secret = secret
        # Reloading the page that showed the secret (the form sent again) makes no second
        # subscription and shows no secret.
        page.reload()
        expect(page.get_by_text("该订阅已经创建，没有重复创建")).to_be_visible()
        assert secret not in page.content()

        # Shown once: the list never shows the secret again.
        page.goto("/integrations/webhooks/")
        expect(page.get_by_test_id("webhook-table")).to_contain_text("法院办案系统")
        assert secret not in page.content()
        page.screenshot(path=output_dir / f"2-list-{screen}.png", full_page=True)

        # The procuratorate serves an instrument on the court; a worker delivers the event.
        rec = world.served(datetime.date.today() - datetime.timedelta(days=1),
                           items=["一、依法纠正"])
        delivery = WebhookDelivery.objects.get()
        assert deliver(delivery.pk) is True
        assert [e["data"]["instrument"]["id"] for e in receiver.handled] == [rec.pk]
        assert receiver.bad_signatures == 0

        page.goto("/integrations/webhooks/")
        page.get_by_role("link", name="投递记录").first.click()
        row = page.get_by_test_id("delivery-row")
        expect(row).to_contain_text("文书已送达")
        expect(row).to_contain_text("已送达")
        page.screenshot(path=output_dir / f"3-log-{screen}.png", full_page=True)
        # The log fits the screen: no sideways scrolling, of the page or of the table.
        table = page.get_by_test_id("delivery-table")
        assert table.evaluate("t => t.parentElement.scrollWidth <= t.parentElement.clientWidth")
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        expect(row).to_contain_text(rec.number)  # under the event on a phone

        row.get_by_test_id("redeliver").click()
        expect(page.get_by_test_id("delivery-row")).to_contain_text("待发送")
        assert deliver(delivery.pk) is True
        page.reload()
        expect(page.get_by_test_id("delivery-row")).to_contain_text("已送达")
        page.screenshot(path=output_dir / f"4-redelivered-{screen}.png", full_page=True)
        # The receiver saw the event twice and handled it once (de-duplicated by its id).
        assert len(receiver.requests) == 2 and len(receiver.handled) == 1
    finally:
        receiver.stop()
