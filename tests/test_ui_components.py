"""The design system's pieces (issue 14): the status badge's tones, the due-date chip, the
filter chips, and a timed-out session coming back to its page."""

from __future__ import annotations

import datetime

import pytest
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from cases.choices import CaseStatus
from cases.filtersets import CaseFilter
from cases.permissions import cases_visible_to
from recommendations.choices import InstrumentStatus
from supervision.choices import Tone
from supervision.forms import filter_chips

pytestmark = pytest.mark.django_db


def render(source: str, **context) -> str:
    return Template("{% load ui %}" + source).render(Context(context))


def test_every_status_has_a_tone_and_the_badge_carries_its_words(world):
    from cases.choices import CASE_STATUS_TONES
    from recommendations.choices import INSTRUMENT_STATUS_TONES

    assert set(INSTRUMENT_STATUS_TONES) == set(InstrumentStatus.values)
    assert set(CASE_STATUS_TONES) == set(CaseStatus.values)
    assert set(INSTRUMENT_STATUS_TONES.values()) | set(CASE_STATUS_TONES.values()) <= set(Tone.values)
    rec = world.draft()
    html = render('{% status_badge rec testid="status" %}', rec=rec)
    assert 'class="badge status-badge tone-neutral"' in html and ">草稿<" in html
    assert 'data-testid="status"' in html


@pytest.mark.parametrize(("days_ago", "chip"), [
    (0, "还剩"), (200, "已逾期")])
def test_the_due_chip_says_how_the_date_stands(world, days_ago, chip):
    rec = world.served(timezone.localdate() - datetime.timedelta(days=days_ago))
    html = render("{% due rec %}", rec=rec, user=world.procurator)
    assert chip in html and 'data-testid="due-chip"' in html
    assert "期限如何计算" in html and rec.due_explanation_text() in html
    if chip == "已逾期":
        days = (timezone.localdate() - rec.due_date).days
        assert f"已逾期 {days} 天" in html
    with translation.override("en"):
        english = render("{% due rec %}", rec=rec, user=world.procurator)
    assert ("days overdue" if chip == "已逾期" else "days left") in english


def test_no_chip_once_the_clock_stops_and_none_for_no_date(world):
    rec = world.draft()
    assert render("{% due rec %}", rec=rec, user=world.procurator).strip().endswith("—</span>")


def test_filter_chips_name_each_active_filter_and_drop_only_itself(world, rf):
    request = rf.get("/cases/", {"status": ["accepted", "supervising"], "q": "盗窃", "sort": "accepted_on"})
    request.user = world.procurator
    case_filter = CaseFilter(request.GET, queryset=cases_visible_to(world.procurator), request=request)
    assert case_filter.qs is not None  # validates the form
    chips = filter_chips(case_filter.form, request.GET)
    assert [c.label for c in chips] == ["搜索：盗窃", "状态：受理", "状态：监督中"]
    accepted = chips[1].remove_url
    assert "status=supervising" in accepted and "status=accepted" not in accepted
    assert "q=" in accepted and "sort=accepted_on" in accepted


def test_a_bad_filter_value_gives_no_chip(world, rf):
    request = rf.get("/cases/", {"accepted_from": "not-a-date"})
    request.user = world.procurator
    case_filter = CaseFilter(request.GET, queryset=cases_visible_to(world.procurator), request=request)
    assert case_filter.qs is not None
    assert filter_chips(case_filter.form, request.GET) == []


def test_the_case_list_shows_chips_and_a_sortable_column(world):
    client = Client()
    client.force_login(world.procurator)
    page = client.get(reverse("cases:list"), {"status": "accepted"}).content.decode()
    assert 'data-testid="filter-chip"' in page and "状态：受理" in page
    assert 'aria-sort="descending"' in page and "sort=accepted_on" in page


# --- a timed-out session -------------------------------------------------------------------

def expired_client() -> Client:
    client = Client()
    client.cookies["sessionid"] = "a-session-the-server-forgot"
    return client


def test_a_page_asked_after_the_session_ended_returns_there_after_login():
    response = expired_client().get("/cases/?status=accepted")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=%2Fcases%2F%3Fstatus%3Daccepted&expired=1"


def test_an_htmx_request_is_sent_to_the_login_page_for_the_page_in_the_address_bar():
    response = expired_client().get("/cases/?q=x", HTTP_HX_REQUEST="true",
                                    HTTP_HX_CURRENT_URL="http://testserver/cases/?q=x")
    assert response.status_code == 204
    assert response["HX-Redirect"] == "/login/?next=%2Fcases%2F%3Fq%3Dx&expired=1"


def test_a_form_posted_after_the_timeout_returns_to_the_page_it_was_on(world):
    rec = world.served(timezone.localdate())
    response = expired_client().post(f"/portal/{rec.pk}/acknowledge/",
                                     HTTP_REFERER=f"http://testserver/portal/{rec.pk}/")
    assert response["Location"] == f"/login/?next=%2Fportal%2F{rec.pk}%2F&expired=1"
    # Another site's page is never a destination.
    response = expired_client().post(f"/portal/{rec.pk}/acknowledge/",
                                     HTTP_REFERER="http://evil.example/x")
    assert response["Location"] == "/login/?next=%2F&expired=1"


def test_the_login_page_says_why_and_a_first_visit_is_not_called_expired():
    page = Client().get("/login/?next=/cases/&expired=1").content.decode()
    assert 'data-testid="session-expired"' in page
    assert "expired" not in Client().get("/cases/")["Location"]
