"""The commutation journey (issue 19): a prison's liaison sends a proposal's copy from a phone;
the procurator writes the opinion, the approver extends the period and issues the opinion;
the procurator records the court's ruling as wrong and drafts the 纠正意见 in one step; the
liaison reads the opinion and the ruling on the phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from cases.samples import tiny_pdf
from duties.models import CommutationProposal
from duties.tests.commutation_fixtures import build_organs
from tests.world import PASSWORD

from .conftest import DESKTOP, PHONE, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_prison_files_a_proposal_and_follows_it_to_the_correction(world, new_page, output_dir):
    organs = build_organs(world)

    # The prison's liaison, on a phone: one form, one submit.
    phone = new_page(PHONE)
    login(phone, "prison_liaison", PASSWORD)
    phone.goto("/portal/commutation/")
    expect(phone.get_by_test_id("list-empty")).to_be_visible()
    phone.get_by_test_id("file-proposal").click()
    phone.get_by_label("类别").select_option(label="减刑")
    phone.get_by_label("建议书文号").fill("（2026）浙舟狱减字第88号")
    phone.get_by_label("审理法院（决定机关）").select_option(label=world.court.name)
    phone.get_by_label("罪犯姓名").fill("郑某某")
    phone.get_by_label("身份证号").fill("11010519491231002X")
    phone.get_by_label("原判决书文号").fill("（2023）浙0902刑初66号")
    phone.get_by_label("原判罪名及刑期").fill("诈骗罪，有期徒刑六年")
    phone.get_by_label("建议内容").fill("建议减去有期徒刑八个月")
    phone.get_by_label("建议书副本").set_input_files(
        files=[{"name": "减刑建议书.pdf", "mimeType": "application/pdf", "buffer": tiny_pdf("p")}])
    phone.screenshot(path=output_dir / "1-file-phone.png", full_page=True)
    phone.get_by_test_id("submit-proposal").click()
    expect(phone.get_by_test_id("opinion-pending")).to_be_visible()
    expect(phone.get_by_test_id("proposal-status")).to_have_text("待提出检察意见")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.screenshot(path=output_dir / "2-filed-phone.png", full_page=True)
    row = CommutationProposal.objects.get()
    assert row.organ == organs.prison and row.person_id_masked == "1101**********002X"

    # The procurator finds it in the queue and writes the opinion.
    staff = new_page(DESKTOP)
    login(staff, "procurator", PASSWORD)
    staff.goto("/duties/commutation/")
    queue_row = staff.get_by_test_id("proposal-row").filter(has_text="（2026）浙舟狱减字第88号")
    expect(queue_row).to_contain_text("郑某某")
    staff.screenshot(path=output_dir / "3-queue.png", full_page=True)
    queue_row.get_by_role("link").click()
    staff.get_by_label("不同意").check()
    staff.get_by_label("意见理由").fill("（一）该犯未履行财产性判项，且有履行能力；\n（二）计分考核记录与台账不符。")
    staff.get_by_role("button", name="保存意见").click()
    expect(staff.get_by_text("检察意见已保存。")).to_be_visible()
    expect(staff.get_by_test_id("opinion-preview")).to_be_visible()

    # The approver extends the period by ten days and issues the opinion.
    boss = new_page(DESKTOP)
    login(boss, "approver", PASSWORD)
    boss.goto(f"/duties/commutation/{row.pk}/")
    boss.get_by_text("延长期限", exact=True).click()
    boss.get_by_label("延长理由").fill("需向原审法院调取财产性判项执行情况")
    boss.get_by_role("button", name="延长十日").click()
    expect(boss.get_by_test_id("extension")).to_contain_text("需向原审法院调取财产性判项执行情况")
    boss.get_by_test_id("issue-opinion").click()
    expect(boss.get_by_test_id("opinion-issued")).to_contain_text("定检刑执意")
    boss.screenshot(path=output_dir / "4-opinion-issued.png", full_page=True)

    # The court rules; the procurator finds it wrong and drafts the correction in one step.
    staff.reload()
    staff.get_by_label("裁定（决定）日期").fill(row.received_on.isoformat())
    staff.get_by_label("裁定（决定）结果").select_option(label="准予（与建议一致）")
    staff.get_by_label("裁定（决定）书文号").fill("（2026）浙0902刑更9号")
    staff.get_by_label("裁定（决定）内容").fill("裁定对罪犯郑某某减去有期徒刑八个月")
    staff.get_by_label("裁定不当，拟提出纠正意见").check()
    staff.get_by_label("不当的理由").fill("该犯有履行能力而不履行财产性判项，不应认定确有悔改表现。")
    staff.get_by_role("button", name="登记裁定").click()
    expect(staff.get_by_test_id("ruling-wrong")).to_be_visible()
    staff.screenshot(path=output_dir / "5-ruling.png", full_page=True)
    staff.get_by_test_id("draft-correction").click()
    expect(staff.get_by_text("纠正意见草稿已生成，请修改后提请审批。")).to_be_visible()
    row.refresh_from_db()
    assert row.correction.instrument_type.code == "commutation_correction"
    assert staff.url.endswith(row.correction.get_absolute_url())
    staff.screenshot(path=output_dir / "6-correction-draft.png", full_page=True)

    # The liaison reads the outcome on the phone.
    phone.reload()
    expect(phone.get_by_test_id("opinion-issued")).to_contain_text(row.opinion_number)
    expect(phone.get_by_test_id("ruling")).to_contain_text("裁定对罪犯郑某某减去有期徒刑八个月")
    expect(phone.get_by_test_id("opinion-pdf")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.screenshot(path=output_dir / "7-outcome-phone.png", full_page=True)
