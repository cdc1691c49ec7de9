"""Similar-case detection (类案监督, seed 004 §3), in Chromium: the procurator goes from the
deadline dashboard to the candidates, opens one, reads the cases behind it and starts the
similar-case draft with one click; the supervisor above reads the same candidate on a phone
in English, without the button. axe-core audits every page (the ``new_page`` fixture)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from agencies.choices import AgencyType
from agencies.models import Agency
from recommendations.models import Recommendation
from tests.world import PASSWORD

from .conftest import DESKTOP, PHONE, login, t

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _dataset(world) -> list[Agency]:
    """Three cases of one matter at the police (a same-agency candidate at the default
    threshold of 3) and one each at two police stations (the matter across 3 agencies of the
    police type), all accepted in the last 100 days."""
    today = timezone.localdate()
    stations = [Agency.objects.create(name=name, agency_type=AgencyType.POLICE,
                                      supervising_procuratorate=world.dinghai)
                for name in ("舟山市公安局定海分局城东派出所", "舟山市公安局定海分局临城派出所")]
    for days, agency in ((90, world.police), (60, world.police), (30, world.police),
                         (20, stations[0]), (10, stations[1])):
        world.register_case(agency=agency, accepted_on=today - datetime.timedelta(days=days),
                            title=f"{agency.name}对盗窃线索有案不立")
    return [world.police, *stations]


def test_procurator_starts_a_similar_case_draft_from_the_dashboard(world, new_page, output_dir):
    agencies = _dataset(world)
    page = new_page(DESKTOP)
    login(page, "procurator", PASSWORD)
    page.goto("/reporting/deadlines/")
    page.get_by_test_id("similar-link").click()
    expect(page.get_by_role("heading", name="类案监督线索", exact=True)).to_be_visible()
    expect(page.get_by_test_id("count-same-agency")).to_have_text("1")
    expect(page.get_by_test_id("count-across-agencies")).to_have_text("1")
    expect(page.get_by_test_id("similar-thresholds")).to_contain_text("3 件")
    page.screenshot(path=output_dir / "1-candidates.png", full_page=True)

    page.get_by_test_id("similar-across-agencies").get_by_test_id("candidate-link").click()
    expect(page.get_by_test_id("case-row")).to_have_count(5)
    expect(page.get_by_test_id("draft-addressees")).to_contain_text(agencies[2].name)
    page.screenshot(path=output_dir / "2-candidate.png", full_page=True)

    page.get_by_test_id("start-similar-draft").click()
    page.wait_for_load_state("networkidle")
    lead = Recommendation.objects.get()
    assert set(lead.batch.addressees.all()) == set(agencies)
    expect(page).to_have_url(f"/instruments/{lead.pk}/")
    expect(page.get_by_role("main")).to_contain_text(lead.title)
    page.screenshot(path=output_dir / "3-draft.png", full_page=True)
    page.get_by_role("link", name="修改草稿").click()
    expect(page.get_by_label("标题")).to_have_value(lead.title)
    page.screenshot(path=output_dir / "4-edit.png", full_page=True)


def test_supervisor_reads_a_candidate_on_a_phone_in_english(world, new_page, output_dir):
    _dataset(world)
    page = new_page(PHONE, locale="en-US")
    login(page, "supervisor", PASSWORD, english=True)
    page.goto("/reporting/similar/")
    rows = page.get_by_test_id("similar-same-agency").get_by_test_id("candidate-row")
    expect(rows).to_have_count(1)
    page.screenshot(path=output_dir / "1-candidates-phone.png", full_page=True)
    _fits_the_phone(page)
    rows.get_by_test_id("candidate-link").click()
    expect(page.get_by_test_id("case-row")).to_have_count(3)
    _fits_the_phone(page)
    expect(page.get_by_test_id("start-similar-draft")).to_have_count(0)
    expect(page.get_by_test_id("no-draft")).to_contain_text(
        t("您不能依托这些案件拟制文书：只有本院的检察官、部门负责人和检察长可以在尚未办结的案件上拟制。", "en"))
    page.screenshot(path=output_dir / "2-candidate-phone.png", full_page=True)


def _fits_the_phone(page) -> None:
    """No sideways scrolling of the page at phone width: a table that is still wider scrolls
    inside its own labelled region (the project's pattern, as on the scorecards)."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width
    for region in page.locator(".table-responsive").all():
        assert region.get_attribute("role") == "region" and region.get_attribute("aria-label")


def test_the_candidates_and_their_cases_at_phone_width(world, new_page, output_dir):
    """The procurator's pages at 390×844 in Chinese: the candidates' secondary columns (units
    involved, last accepted) fold under the matter, the cases' acceptance date under the case
    number; the page never scrolls sideways."""
    _dataset(world)
    page = new_page(PHONE)
    login(page, "procurator", PASSWORD)
    page.goto("/reporting/similar/")
    section = page.get_by_test_id("similar-across-agencies")
    expect(section.get_by_test_id("candidate-row")).to_have_count(1)
    expect(section.get_by_test_id("candidate-row")).to_contain_text("涉及 3 个单位")
    expect(section.get_by_test_id("candidate-link")).to_be_visible()
    page.screenshot(path=output_dir / "1-candidates-phone-zh.png", full_page=True)
    _fits_the_phone(page)
    section.get_by_test_id("candidate-link").click()
    expect(page.get_by_test_id("case-row")).to_have_count(5)
    expect(page.get_by_test_id("case-link").first).to_be_visible()
    expect(page.get_by_test_id("start-similar-draft")).to_be_visible()
    page.screenshot(path=output_dir / "2-candidate-phone-zh.png", full_page=True)
    _fits_the_phone(page)
