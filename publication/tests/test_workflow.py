"""The publication workflow: a procurator proposes, an approver of the same procuratorate who
is not the proposer approves (with the texts de-identified and frozen), returns or withdraws;
everyone else is told nothing (404); every write leaves an audit entry."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from publication import services
from publication.choices import PublicationStatus
from publication.models import StatisticsRelease
from reporting import statistics as S
from supervision.models import AuditEntry

from .conftest import PLANTED


def _actions(target) -> list[str]:
    return list(AuditEntry.objects.filter(target_type=target._meta.label_lower,
                                          target_id=str(target.pk))
                .order_by("seq").values_list("action", flat=True))


def test_a_proposal_is_published_de_identified_once_approved(world, planted):
    item = planted.propose(world.procurator)
    assert item.status == PublicationStatus.PROPOSED
    assert item.published_summary == ""
    item = services.typical_case_approve(actor=world.approver, typical_case=item)
    assert item.status == PublicationStatus.PUBLISHED
    assert item.approved_by == world.approver and item.published_at is not None
    fields = ("published_title", "published_summary", "published_achieved",
              "published_significance")
    published = "\n".join(getattr(item, name) for name in fields)
    for planted_text in PLANTED:
        assert planted_text not in published, planted_text
    assert "某某" in item.published_summary
    assert "舟山市定海区人民法院" in item.published_summary  # the organ stays named
    assert _actions(item) == ["typical_case_propose", "typical_case_approve"]


def test_the_published_text_is_frozen_at_approval(world, planted):
    item = services.typical_case_approve(actor=world.approver,
                                         typical_case=planted.propose(world.procurator))
    before = item.published_summary
    planted.case.parties.update(name="赵钱孙")
    item.refresh_from_db()
    assert item.published_summary == before


def test_the_proposer_cannot_approve_their_own_proposal(world, planted):
    item = planted.propose(world.approver)  # a department head proposes
    with pytest.raises(PermissionDenied, match="不能审批自己提请公开的内容"):
        services.typical_case_approve(actor=world.approver, typical_case=item)
    item.refresh_from_db()
    assert item.status == PublicationStatus.PROPOSED


@pytest.mark.parametrize("persona", ["procurator", "assistant", "pt_procurator", "supervisor",
                                     "court_liaison", "observer"])
def test_only_an_approver_of_the_procuratorate_approves(world, planted, persona):
    item = planted.propose(world.approver)
    with pytest.raises(PermissionDenied):
        services.typical_case_approve(actor=getattr(world, persona), typical_case=item)


def test_approval_waits_while_the_text_may_still_identify_someone(world, planted):
    """王建国 is a party: his given name standing alone (“建国”) is found, and approval waits."""
    planted.case.parties.create(name="王建国", kind="person")
    item = planted.propose(world.procurator, achieved="建国同志多次到法院沟通，问题得到纠正。")
    with pytest.raises(ValidationError) as refused:
        services.typical_case_approve(actor=world.approver, typical_case=item)
    assert "建国" in " ".join(refused.value.messages)
    assert "请提请人修改后再审批" in " ".join(refused.value.messages)
    item.refresh_from_db()
    assert item.status == PublicationStatus.PROPOSED and item.published_achieved == ""

    # The proposer rewrites the passage; now it goes through.
    services.typical_case_revise(actor=world.procurator, typical_case=item, title=item.title,
                                 summary=item.summary, achieved="经沟通，问题得到纠正。")
    item = services.typical_case_approve(actor=world.approver, typical_case=item)
    assert item.status == PublicationStatus.PUBLISHED


def test_return_revise_and_withdraw(world, planted):
    item = planted.propose(world.procurator)
    with pytest.raises(ValidationError):
        services.typical_case_return(actor=world.approver, typical_case=item, reason=" ")
    item = services.typical_case_return(actor=world.approver, typical_case=item, reason="请补充成效")
    assert item.status == PublicationStatus.RETURNED
    with pytest.raises(PermissionDenied):  # only the proposer revises
        services.typical_case_revise(actor=world.approver, typical_case=item, title="x",
                                     summary="y", achieved="z")
    with pytest.raises(ValidationError):  # returned: nothing to approve until revised
        services.typical_case_approve(actor=world.approver, typical_case=item)
    item = services.typical_case_revise(actor=world.procurator, typical_case=item,
                                        title=item.title, summary=item.summary,
                                        achieved="法院撤销拍卖并重新评估。")
    item = services.typical_case_approve(actor=world.approver, typical_case=item)
    item = services.typical_case_withdraw(actor=world.procurator, typical_case=item,
                                          reason="当事人提出异议")
    assert item.status == PublicationStatus.WITHDRAWN
    assert _actions(item) == ["typical_case_propose", "typical_case_return",
                              "typical_case_revise", "typical_case_approve",
                              "typical_case_withdraw"]
    assert Client().get(reverse("public:case", args=[item.pk])).status_code == 404


def test_a_case_of_another_procuratorate_cannot_be_proposed(world, planted):
    with pytest.raises(PermissionDenied):
        planted.propose(world.pt_procurator)
    client = Client()
    client.force_login(world.pt_procurator)
    url = reverse("publication:case-propose", args=[planted.case.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("persona", ["pt_procurator", "assistant", "supervisor", "court_liaison",
                                     "police_liaison", "observer", "sysadmin"])
def test_staff_pages_answer_404_to_everyone_else(world, planted, persona):
    item = planted.propose(world.procurator)
    client = Client()
    client.force_login(getattr(world, persona))
    for url in (reverse("publication:case-detail", args=[item.pk]),
                reverse("publication:case-edit", args=[item.pk]),
                reverse("publication:case-propose", args=[planted.case.pk])):
        assert client.get(url).status_code == 404, url
    response = client.post(reverse("publication:case-action", args=[item.pk, "approve"]))
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.status == PublicationStatus.PROPOSED


def test_the_review_page_shows_the_original_beside_the_public_text(world, planted):
    item = planted.propose(world.procurator)
    client = Client()
    client.force_login(world.approver)
    page = client.get(reverse("publication:case-detail", args=[item.pk])).content.decode()
    assert "张三丰" in page  # the original, for staff
    assert 'data-testid="preview-clean"' in page
    assert 'data-testid="action-approve"' in page
    response = client.post(reverse("publication:case-action", args=[item.pk, "approve"]),
                           follow=True)
    assert "典型案例已公开" in response.content.decode()
    item.refresh_from_db()
    assert item.is_published


def test_the_page_tells_the_approver_why_approval_waits(world, planted):
    item = planted.propose(world.procurator, achieved="陈立检察官跟进。联系登记号2612345678。")
    client = Client()
    client.force_login(world.approver)
    page = client.get(reverse("publication:case-detail", args=[item.pk])).content.decode()
    assert 'data-testid="findings"' in page and "2612345678" in page
    response = client.post(reverse("publication:case-action", args=[item.pk, "approve"]),
                           follow=True)
    assert "公开文本中仍有可能识别个人身份的信息" in response.content.decode()


def test_bad_input_never_500(world, planted):
    item = planted.propose(world.procurator)
    client = Client()
    client.force_login(world.approver)
    assert client.post(reverse("publication:case-action", args=[item.pk, "explode"])).status_code == 404
    assert client.get(reverse("publication:case-action", args=[item.pk, "approve"])).status_code == 405
    assert client.post(reverse("publication:case-action", args=[item.pk, "return"]),
                       {"reason": ""}).status_code == 302  # refused with a message
    assert client.get(reverse("publication:case-choose") + "?q=" + "张" * 500).status_code == 200
    assert client.post(reverse("publication:release-new"),
                       {"title": "x", "start": "2099-99-01", "end": "abc"}).status_code == 200
    assert client.get(reverse("publication:case-detail", args=[999999])).status_code == 404
    client.force_login(world.procurator)
    response = client.post(reverse("publication:case-propose", args=[planted.case.pk]),
                           {"title": "", "kind": "not-a-kind", "summary": "", "achieved": ""})
    assert response.status_code == 200


# --- Statistics releases -------------------------------------------------------------------

def test_a_release_freezes_the_statistics_pages_figures_at_approval(world, planted):
    today = datetime.date.today()
    start, end = today - datetime.timedelta(days=30), today - datetime.timedelta(days=1)
    release = services.statistics_release_propose(actor=world.procurator, start=start, end=end,
                                                  title="定检近期法律监督工作数据")
    assert release.figures == {}
    with pytest.raises(PermissionDenied):
        services.statistics_release_approve(actor=world.procurator, release=release)
    release = services.statistics_release_approve(actor=world.approver, release=release)
    expected = S.as_json(S.statistics(world.dinghai, start, end))
    for code in S.COUNT_CODES:
        assert release.figures[code] == expected[code], code
    assert release.figures["issued"] == 1
    assert release.figures["definitions"]["due"]["definition"] == str(S.FIGURES_BY_CODE["due"].definition)

    # Later work changes nothing published.
    world.served(today - datetime.timedelta(days=2))
    release.refresh_from_db()
    assert release.figures["issued"] == 1
    assert _actions(release) == ["statistics_release_propose", "statistics_release_approve"]

    # One published release per period; a second waits until the first is withdrawn.
    again = services.statistics_release_propose(actor=world.procurator, start=start, end=end,
                                                title="重复")
    with pytest.raises(ValidationError, match="已经公开"):
        services.statistics_release_approve(actor=world.approver, release=again)
    services.statistics_release_withdraw(actor=world.approver, release=release, reason="更正")
    services.statistics_release_approve(actor=world.approver, release=again)
    assert StatisticsRelease.objects.filter(status=PublicationStatus.PUBLISHED).count() == 1


@pytest.mark.parametrize(("start", "end", "message"), [
    (-10, 0, "截止日期应早于今天"), (-10, 5, "截止日期应早于今天"), (-5, -10, "截止日期不能早于起始日期"),
])
def test_a_release_covers_a_period_that_has_ended(world, start, end, message):
    today = datetime.date.today()
    with pytest.raises(ValidationError, match=message):
        services.statistics_release_propose(
            actor=world.procurator, start=today + datetime.timedelta(days=start),
            end=today + datetime.timedelta(days=end), title="x")


@pytest.mark.parametrize("persona", ["assistant", "supervisor", "court_liaison", "observer"])
def test_only_procuratorate_staff_propose_a_release(world, persona):
    today = datetime.date.today()
    with pytest.raises(PermissionDenied):
        services.statistics_release_propose(
            actor=getattr(world, persona), start=today - datetime.timedelta(days=9),
            end=today - datetime.timedelta(days=1), title="x")
