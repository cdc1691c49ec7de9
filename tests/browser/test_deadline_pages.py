"""The deadline engine's pages in Chromium, in Chinese (issue 7): a procurator extends a reply
period and subscribes to their calendar; the system administrator previews and applies a
holiday notice and runs the self-check; a supervisor sees the procuratorate's own deadlines."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from recommendations import services
from recommendations.models import Recommendation
from supervision.models import CalendarDay, CalendarYear
from tests.world import PASSWORD

from .conftest import login, zh_date

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_extend_subscribe_calendar_notice_selfcheck_and_own_deadlines(world, new_page, output_dir):
    today = timezone.localdate()
    rec = world.served(today - datetime.timedelta(days=20))
    replied = world.served(today - datetime.timedelta(days=70))
    services.reply_submit(actor=world.court_liaison, recommendation=replied, content="已整改")
    next_year = today.year + 1
    while CalendarYear.objects.filter(year=next_year).exists():
        next_year += 1
    # An instrument whose due date lies in the year the calendar does not cover yet.
    provisional = world.served(today)
    old_due = rec.due_date

    # 1. The procurator extends the reply period by 10 days, with a reason.
    page = new_page()
    login(page, "procurator", PASSWORD)
    page.goto(rec.get_absolute_url())
    form = page.get_by_test_id("extend-form")
    form.get_by_label("延长天数").fill("10")
    form.get_by_label("延期理由").fill("法院需调取历年卷宗，申请延期")
    form.get_by_role("button", name="延长回复期限").click()
    expect(page.get_by_text("回复期限已延长")).to_be_visible()
    rec.refresh_from_db()
    assert rec.due_date > old_due
    expect(page.get_by_test_id("due-date").locator("strong")).to_have_text(zh_date(rec.due_date))
    expect(page.get_by_test_id("due-explanation")).to_contain_text("法院需调取历年卷宗")
    expect(page.get_by_test_id("extension-row")).to_have_count(1)
    page.screenshot(path=output_dir / "1-extended.png", full_page=True)

    # 2. …chooses the daily digest and subscribes to their own due dates.
    page.get_by_test_id("settings-link").click()
    expect(page.get_by_role("heading", name="设置")).to_be_visible()
    page.get_by_label("每日汇总一封").check()
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("通知设置已保存。")).to_be_visible()
    expect(page.get_by_label("每日汇总一封")).to_be_checked()
    page.screenshot(path=output_dir / "2-notification-settings.png", full_page=True)
    page.get_by_role("link", name="我的日历订阅").click()
    expect(page.get_by_test_id("no-feed")).to_be_visible()
    page.get_by_role("button", name="生成订阅地址").click()
    url = page.get_by_test_id("feed-url").input_value()
    page.screenshot(path=output_dir / "2-calendar-subscription.png", full_page=True)
    path = "/" + url.split("/", 3)[3]
    feed = page.request.get(path)
    assert feed.status == 200 and feed.headers["content-type"].startswith("text/calendar")
    assert f"UID:reply-{rec.pk}@" in feed.text().replace("\r\n ", "")
    page.get_by_role("button", name="重新生成").click()
    expect(page.get_by_text("原地址已失效")).to_be_visible()
    assert page.request.get(path).status == 404

    # 3. The system administrator enters next year's notice: preview first, then apply.
    admin = new_page()
    login(admin, "sysadmin", PASSWORD)
    admin.goto("/ops/calendar/")
    expect(admin.get_by_role("heading", name="法定节假日安排")).to_be_visible()
    admin.get_by_role("spinbutton", name="年度").fill(str(next_year))
    admin.get_by_label("放假和调休安排").fill(f"{next_year}-01-01 休 元旦\n{next_year}-01-02 休 元旦\n")
    admin.get_by_label("来源").fill("国办发明电（测试）")
    admin.get_by_role("button", name="预览变更").click()
    expect(admin.get_by_test_id("calendar-preview")).to_be_visible()
    moved = admin.get_by_test_id("move-row")
    expect(moved.filter(has_text=provisional.number)).to_have_count(1)
    admin.screenshot(path=output_dir / "3-calendar-preview.png", full_page=True)
    admin.get_by_test_id("apply").click()
    expect(admin.get_by_text(f"已保存 {next_year} 年度安排")).to_be_visible()
    provisional.refresh_from_db()
    assert not provisional.due_provisional
    assert CalendarDay.objects.filter(date__year=next_year).count() == 2  # every line kept

    # 4. …and runs the self-check: clean, then with a row broken behind the services' back.
    admin.get_by_role("link", name="数据自检").click()
    admin.get_by_role("button", name="立即自检").click()
    expect(admin.get_by_test_id("selfcheck-report")).to_have_count(1)
    expect(admin.get_by_test_id("selfcheck-report")).to_contain_text("未发现问题")
    Recommendation.objects.filter(pk=rec.pk).update(due_date=None)
    admin.get_by_role("button", name="立即自检").click()
    expect(admin.get_by_test_id("finding")).to_contain_text("待回复的文书没有回复期限")
    admin.screenshot(path=output_dir / "4-selfcheck.png", full_page=True)
    Recommendation.objects.filter(pk=rec.pk).update(due_date=rec.due_date)

    # 5. A supervisor sees the procuratorate's own deadlines beside the agencies'.
    supervisor = new_page()
    login(supervisor, "supervisor", PASSWORD)
    section = supervisor.get_by_test_id("internal-deadlines")
    expect(section).to_contain_text("回复的审查评估")
    supervisor.screenshot(path=output_dir / "5-dashboard.png", full_page=True)
    section.get_by_test_id("internal-evaluation").get_by_role("link").first.click()
    expect(supervisor.get_by_test_id("internal-row")).to_have_count(1)
    expect(supervisor.get_by_test_id("internal-row")).to_contain_text(replied.number)
    supervisor.screenshot(path=output_dir / "5-own-deadlines.png", full_page=True)
    assert Recommendation.objects.filter(pk=replied.pk, status="replied").exists()
