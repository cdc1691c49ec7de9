"""403, 404 and 500 answer in the user's language, inside the product's frame (issue 14)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation


def test_a_missing_page_answers_in_chinese_and_in_english(world):
    client = Client()
    client.force_login(world.procurator)
    page = client.get("/cases/999999/")
    assert page.status_code == 404
    text = page.content.decode()
    assert "页面不存在" in text and "返回首页" in text and 'data-testid="whoami"' in text
    english = Client(HTTP_ACCEPT_LANGUAGE="en")
    english.force_login(world.procurator)
    text = english.get("/no-such-page/").content.decode()
    assert "Page not found" in text and "页面不存在" not in text


def test_a_refusal_says_why(world, rf):
    from django.core.exceptions import PermissionDenied
    from django.views.defaults import permission_denied

    request = rf.get("/")
    request.user = world.procurator
    page = permission_denied(request, PermissionDenied("不能审批自己拟制的文书。"))
    assert page.status_code == 403
    text = page.content.decode()
    assert "无权操作" in text and "不能审批自己拟制的文书。" in text


def test_the_server_error_page_needs_nothing_but_the_language():
    assert "系统出错" in render_to_string("500.html")
    with translation.override("en"):
        text = render_to_string("500.html")
    assert "Something went wrong" in text and "系统出错" not in text
