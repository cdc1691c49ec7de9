"""Juvenile cases (涉未成年人, seed 003 §8; docs/juvenile.md): who sees one and its instrument —
on the list, the page, the API and the export — for every persona; names masked in every list,
export and statistic; the sealed record (犯罪记录封存) left out of exports, similar cases and
the public page, with its banner; sealing and unsealing through the services, audited."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from cases.choices import PartyKind, PartyRole
from cases.models import SupervisionCase
from cases.permissions import (
    can_work_on_case,
    cases_visible_to,
    get_case_for_user,
    sees_juvenile_case,
)
from cases.services import PartyInput, case_record_seal, case_record_unseal
from cases.services._common import approvers_to_tell
from cases.services.sharing import case_share
from cases.tests.test_registration import PERSON_ID
from publication import services as publication_services
from publication.choices import PublicationStatus
from recommendations import services as rec_services
from recommendations.permissions import recommendations_visible_to
from reporting import similar
from reporting.statistics import statistics
from supervision.choices import Role
from supervision.models import AuditEntry, Department, User
from supervision.names import mask_name, mask_names_in
from tests.world import PASSWORD

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
MINOR = "张小明"
MASKED = "张某某"

#: Who sees the juvenile case (and its instrument), by persona; everyone else gets 404.
SEES = {"procurator", "assistant", "approver", "chief", "juvenile_staff"}
#: Staff who see an ordinary case of 定检 but not the juvenile one.
STAFF_KEPT_OUT = {"colleague", "other_head", "supervisor", "city_juvenile"}
#: Nobody of these sees case content at all, juvenile or not.
NO_CASES = {"pt_procurator", "court_liaison", "police_liaison", "observer", "sysadmin"}


def _staff(username: str, role: str, procuratorate, department=None) -> User:
    return User.objects.create_user(username=username, password=PASSWORD, role=role,
                                    procuratorate=procuratorate, department=department,
                                    display_name=username)


@pytest.fixture
def people(world) -> dict[str, User]:
    """The world's personas, and those the juvenile rule tells apart: a procurator and the head
    of another department of 定检, its chief, a procurator of its juvenile department
    (未成年人检察部门), and a supervisor of 舟检's juvenile department above."""
    dinghai = world.dinghai
    first = world.procurator.department
    fifth = Department.objects.create(procuratorate=dinghai, name="第五检察部", code="五")
    ninth = Department.objects.create(procuratorate=dinghai, name="第九检察部", code="九",
                                      juvenile=True)
    city_ninth = Department.objects.create(procuratorate=world.city, name="第九检察部", code="九",
                                           juvenile=True)
    return {
        "procurator": world.procurator, "assistant": world.assistant, "approver": world.approver,
        "pt_procurator": world.pt_procurator, "supervisor": world.supervisor,
        "court_liaison": world.court_liaison, "police_liaison": world.police_liaison,
        "observer": world.observer, "sysadmin": world.sysadmin,
        "colleague": _staff("colleague", Role.PROCURATOR, dinghai, first),
        "other_head": _staff("other_head", Role.APPROVER, dinghai, fifth),
        "chief": _staff("chief", Role.CHIEF, dinghai),
        "juvenile_staff": _staff("juvenile_staff", Role.PROCURATOR, dinghai, ninth),
        "city_juvenile": _staff("city_juvenile", Role.SUPERVISOR, world.city, city_ninth),
    }


@pytest.fixture
def juvenile(world, people) -> SupervisionCase:
    """定检's juvenile case: the minor by name in its title and parties, a company beside him,
    the assistant assigned, and an instrument served on the court."""
    with time_machine.travel(NOW, tick=False):
        case = world.register_case(
            title=f"未成年社区矫正对象{MINOR}漏管监督案", juvenile=True, assistant=world.assistant,
            accepted_on=datetime.date(2026, 9, 1),
            parties=[PartyInput(MINOR, PartyKind.PERSON, PartyRole.OFFENDER, PERSON_ID),
                     PartyInput("舟山某某网络科技有限公司", PartyKind.ORGANISATION)])
        world.served(datetime.date(2026, 11, 2), case=case)
    return SupervisionCase.objects.get(pk=case.pk)


@pytest.fixture
def ordinary(world, people) -> SupervisionCase:
    with time_machine.travel(NOW, tick=False):
        return world.register_case(title="违法扣押监督案", accepted_on=datetime.date(2026, 9, 2),
                                   parties=[PartyInput("李四")])


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _csv(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


# --- the one masking rule --------------------------------------------------------------------

@pytest.mark.parametrize(("name", "masked"), [
    ("张小明", "张某某"), ("张三", "张某某"), ("欧阳娜娜", "欧阳某某"), ("欧阳", "欧某某"),
    (" 李四 ", "李某某"), ("Ali Khan", "A**"), ("", ""),
])
def test_a_name_is_masked_to_its_surname(name, masked):
    assert mask_name(name) == masked


def test_names_in_a_text_are_masked_longest_first():
    assert mask_names_in("张小明与张小在校外", ["张小", "张小明"]) == "张某某与张某某在校外"
    assert mask_names_in("无人", []) == "无人"


# --- who sees a juvenile case ----------------------------------------------------------------

@pytest.mark.parametrize("persona", sorted(SEES | STAFF_KEPT_OUT | NO_CASES))
def test_each_persona_sees_the_juvenile_case_and_its_instrument_or_gets_404(
        world, people, juvenile, persona):
    user = people[persona]
    client = _client(user)
    sees = persona in SEES
    rec = juvenile.recommendations.get()
    with time_machine.travel(NOW, tick=False):
        assert client.get(reverse("cases:detail", args=[juvenile.pk])).status_code == (
            200 if sees else 404)
        assert client.get(reverse("api-case-detail", args=[juvenile.pk])).status_code == (
            200 if sees else 404)
        # the instrument follows its case; the addressed court's liaison reads it as before
        reads_instrument = sees or persona == "court_liaison"
        # (the liaison's page is the portal's: a redirect there)
        assert client.get(reverse("recommendations:detail", args=[rec.pk])).status_code == (
            (302 if persona == "court_liaison" else 200) if reads_instrument else 404)
        assert client.get(reverse("api-recommendation-detail", args=[rec.pk])).status_code == (
            200 if reads_instrument else 404)
    assert cases_visible_to(user).filter(pk=juvenile.pk).exists() is sees
    assert recommendations_visible_to(user).filter(pk=rec.pk).exists() is reads_instrument
    if persona in SEES | STAFF_KEPT_OUT:
        listed = [row["number"] for row in client.get(reverse("api-case-list")).json()["results"]]
        assert (juvenile.number in listed) is sees
        page = client.get(reverse("cases:list")).content.decode()
        assert (juvenile.number in page) is sees
        export = _csv(client.get(reverse("cases:export", args=["csv"])))
        assert (juvenile.number in export) is sees
        api_export = _csv(client.get(reverse("api-case-export", args=["csv"])))
        assert (juvenile.number in api_export) is sees


def test_the_rule_narrows_only_juvenile_cases(world, people, ordinary):
    for persona in ("colleague", "other_head", "juvenile_staff", "chief", "supervisor"):
        assert cases_visible_to(people[persona]).filter(pk=ordinary.pk).exists(), persona


def test_the_python_rule_agrees_with_the_sql_rule(world, people, juvenile):
    for persona, user in people.items():
        in_scope = cases_visible_to(user).filter(pk=juvenile.pk).exists()
        if user.procuratorate_id == juvenile.procuratorate_id or user.pk in (
                juvenile.handler_id, juvenile.assistant_id):
            assert sees_juvenile_case(user, juvenile) is in_scope, persona


def test_only_those_who_see_it_work_on_it(world, people, juvenile):
    assert can_work_on_case(people["procurator"], juvenile)
    assert can_work_on_case(people["juvenile_staff"], juvenile)
    assert not can_work_on_case(people["colleague"], juvenile)
    with pytest.raises(PermissionDenied):
        rec_services.recommendation_draft(
            actor=people["colleague"], case=juvenile, instrument_type=world.recommendation_type,
            agency=world.court, title="建议", body="内容")


def test_a_juvenile_case_is_not_shared_and_an_earlier_share_opens_nothing(world, people,
                                                                         juvenile, ordinary):
    with pytest.raises(ValidationError, match="涉未成年人案件不能共享"):
        case_share(actor=world.procurator, case=juvenile, user=world.pt_procurator)
    # shared while it was an ordinary case, then flagged: the share no longer opens it
    case_share(actor=world.procurator, case=ordinary, user=world.pt_procurator)
    assert cases_visible_to(world.pt_procurator).filter(pk=ordinary.pk).exists()
    SupervisionCase.objects.filter(pk=ordinary.pk).update(juvenile=True)
    assert not cases_visible_to(world.pt_procurator).filter(pk=ordinary.pk).exists()
    with pytest.raises(Http404):
        get_case_for_user(world.pt_procurator, ordinary.pk)


def test_only_those_who_see_it_are_told_of_it(world, people, juvenile, ordinary):
    told = {u.username for u in approvers_to_tell(juvenile, None)}
    assert told == {"approver", "chief"}
    assert {u.username for u in approvers_to_tell(ordinary, None)} == {
        "approver", "chief", "other_head"}
    # a head of the juvenile department is told as well
    User.objects.create_user(username="juvenile_head", password=PASSWORD, role=Role.APPROVER,
                             procuratorate=world.dinghai,
                             department=people["juvenile_staff"].department)
    assert "juvenile_head" in {u.username for u in approvers_to_tell(juvenile, None)}


# --- names masked in every list, export and statistic ----------------------------------------

def test_the_list_the_exports_and_the_api_list_mask_the_minor(world, people, juvenile):
    client = _client(world.procurator)
    page = client.get(reverse("cases:list")).content.decode()
    assert f"未成年社区矫正对象{MASKED}漏管监督案" in page and MINOR not in page
    assert "舟山某某网络科技有限公司" in page  # an organisation keeps its name
    csv_text = _csv(client.get(reverse("cases:export", args=["csv"])))
    assert MASKED in csv_text and MINOR not in csv_text and PERSON_ID not in csv_text
    sheet = load_workbook(io.BytesIO(client.get(reverse("cases:export", args=["xlsx"])).content)).active
    cells = " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c)
    assert MASKED in cells and MINOR not in cells
    rows = client.get(reverse("api-case-list")).json()["results"]
    assert rows[0]["title"] == f"未成年社区矫正对象{MASKED}漏管监督案"
    # the search still finds the case by the name, for those who see it
    assert client.get(reverse("api-case-list"), {"q": MINOR}).json()["results"][0]["id"] == juvenile.pk


def test_the_case_page_and_api_detail_give_the_few_the_full_name(world, people, juvenile):
    client = _client(people["juvenile_staff"])
    page = client.get(reverse("cases:detail", args=[juvenile.pk])).content.decode()
    assert MINOR in page and 'data-testid="juvenile-note"' in page
    detail = client.get(reverse("api-case-detail", args=[juvenile.pk])).json()
    assert detail["title"] == juvenile.title and detail["parties"][0]["name"] == MINOR


def test_similar_cases_list_the_juvenile_case_masked(world, people, juvenile, settings):
    settings.SIMILAR_CASE_MIN_SAME_AGENCY = 1
    period = similar.Period(datetime.date(2026, 1, 1), datetime.date(2026, 11, 23))
    found = similar.candidates(similar.SAME_AGENCY, world.procurator, period)
    listed = similar.candidate_cases(found[0], world.procurator, period)
    assert [c.list_title for c in listed] == [f"未成年社区矫正对象{MASKED}漏管监督案"]


@pytest.mark.parametrize("persona", ["procurator", "juvenile_staff", "colleague"])
def test_the_case_list_runs_as_many_queries_with_a_juvenile_case(world, people, ordinary,
                                                                 persona,
                                                                 django_assert_num_queries):
    """The juvenile rule is a condition in the list's one query: no query more for anyone,
    whether they see the juvenile case or not (the masked title is a column; the parties'
    masks read the case already loaded)."""
    client = _client(people[persona])
    client.get(reverse("cases:list"))  # the session's first request
    with django_assert_num_queries(11):
        assert client.get(reverse("cases:list")).status_code == 200
    with time_machine.travel(NOW, tick=False):
        world.register_case(title=f"{MINOR}监督案", juvenile=True, parties=[PartyInput(MINOR)])
    with django_assert_num_queries(11):
        page = client.get(reverse("cases:list")).content.decode()
    assert MINOR not in page


# --- the sealed record ------------------------------------------------------------------------

def _seal(case: SupervisionCase, actor: User) -> SupervisionCase:
    with time_machine.travel(NOW, tick=False):
        return case_record_seal(actor=actor, case=case, reason="犯罪时不满十八周岁，判处缓刑",
                                sealed_on=datetime.date(2026, 11, 20))


def test_the_handler_seals_and_the_chief_alone_unseals_with_a_reason(world, people, juvenile):
    with pytest.raises(PermissionDenied):
        _seal(juvenile, people["approver"])
    sealed = _seal(juvenile, world.procurator)
    assert sealed.record_sealed and sealed.sealed_by == world.procurator
    with pytest.raises(ValidationError, match="已封存"):
        _seal(juvenile, people["chief"])
    with pytest.raises(PermissionDenied):
        case_record_unseal(actor=world.procurator, case=sealed, reason="发现漏罪")
    with pytest.raises(ValidationError):
        case_record_unseal(actor=people["chief"], case=sealed, reason="  ")
    lifted = case_record_unseal(actor=people["chief"], case=sealed, reason="发现漏罪，依法解除封存")
    assert not lifted.record_sealed and lifted.sealed_on is None
    actions = list(AuditEntry.objects.filter(target_id=str(juvenile.pk), action__startswith="case_record")
                   .values_list("action", flat=True).order_by("pk"))
    assert actions == ["case_record_seal", "case_record_unseal"]


@pytest.mark.parametrize(("title", "reason", "message"), [
    (None, "依法封存", "只有涉未成年人案件"),
    ("juvenile", "", "请填写封存的依据和理由"),
])
def test_a_seal_needs_a_juvenile_case_and_a_reason(world, people, juvenile, ordinary, title,
                                                   reason, message):
    case = juvenile if title else ordinary
    with pytest.raises(ValidationError, match=message):
        case_record_seal(actor=world.procurator, case=case, reason=reason)


def test_a_seal_date_is_neither_future_nor_before_acceptance(world, people, juvenile):
    with time_machine.travel(NOW, tick=False):
        for day in (datetime.date(2026, 12, 1), datetime.date(2026, 8, 1)):
            with pytest.raises(ValidationError):
                case_record_seal(actor=world.procurator, case=juvenile, reason="依法", sealed_on=day)


def test_the_case_page_shows_the_banner_and_the_pages_seal_and_unseal(world, people, juvenile):
    client = _client(world.procurator)
    url = reverse("cases:detail", args=[juvenile.pk])
    assert 'data-testid="seal-open"' in client.get(url).content.decode()
    with time_machine.travel(NOW, tick=False):
        response = client.post(reverse("cases:seal", args=[juvenile.pk]),
                                {"reason": "判处缓刑，依法封存", "sealed_on": "2026-11-20"}, follow=True)
    page = response.content.decode()
    assert 'data-testid="sealed-banner"' in page and "判处缓刑，依法封存" in page
    assert 'data-testid="unseal-open"' not in page  # the handler does not unseal
    assert 'data-testid="propose-typical-case"' not in page
    # a bad form is told, not a 500
    response = _client(people["chief"]).post(reverse("cases:unseal", args=[juvenile.pk]),
                                              {"reason": ""}, follow=True)
    assert response.status_code == 200 and SupervisionCase.objects.get(pk=juvenile.pk).record_sealed
    response = _client(people["chief"]).post(reverse("cases:unseal", args=[juvenile.pk]),
                                              {"reason": "发现漏罪"}, follow=True)
    assert "已解除犯罪记录封存" in response.content.decode()
    assert not SupervisionCase.objects.get(pk=juvenile.pk).record_sealed
    # those who may not seal get 404, as for a case they do not see
    assert _client(people["approver"]).post(reverse("cases:seal", args=[juvenile.pk]),
                                            {"reason": "x"}).status_code == 404
    assert _client(people["colleague"]).post(reverse("cases:seal", args=[juvenile.pk]),
                                             {"reason": "x"}).status_code == 404


def test_the_api_seals_and_refuses_with_400_or_404(world, people, juvenile, ordinary):
    client = _client(world.procurator)
    with time_machine.travel(NOW, tick=False):
        assert client.post(reverse("api-case-seal", args=[ordinary.pk]), {"reason": "依法"},
                           content_type="application/json").status_code == 400
        assert client.post(reverse("api-case-seal", args=[juvenile.pk]), {},
                           content_type="application/json").status_code == 400
        response = client.post(reverse("api-case-seal", args=[juvenile.pk]), {"reason": "依法封存"},
                               content_type="application/json")
    assert response.status_code == 200 and response.json()["record_sealed"] is True
    assert client.post(reverse("api-case-unseal", args=[juvenile.pk]), {"reason": "x"},
                       content_type="application/json").status_code == 404
    response = _client(people["chief"]).post(reverse("api-case-unseal", args=[juvenile.pk]),
                                             {"reason": "发现漏罪"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["record_sealed"] is False


def test_a_sealed_case_leaves_the_exports_and_similar_cases_but_stays_counted(
        world, people, juvenile, settings):
    _seal(juvenile, world.procurator)
    client = _client(world.procurator)
    page = client.get(reverse("cases:list")).content.decode()
    assert juvenile.number in page and 'data-testid="sealed-badge"' in page
    for url in (reverse("cases:export", args=["csv"]), reverse("api-case-export", args=["csv"])):
        assert juvenile.number not in _csv(client.get(url))
    sheet = load_workbook(io.BytesIO(client.get(reverse("cases:export", args=["xlsx"])).content)).active
    assert sheet.max_row == 1  # the headers alone
    settings.SIMILAR_CASE_MIN_SAME_AGENCY = 1
    period = similar.Period(datetime.date(2026, 1, 1), datetime.date(2026, 11, 23))
    assert similar.candidates(similar.SAME_AGENCY, world.procurator, period) == []
    # the statistics count it, with no name anywhere
    figures = statistics(world.procurator, datetime.date(2026, 1, 1), datetime.date(2026, 11, 23),
                         today=NOW.date())
    assert figures.current["juvenile_accepted"] == 1


def test_a_sealed_case_leaves_the_public_page_and_cannot_be_proposed(world, people, juvenile):
    with time_machine.travel(NOW, tick=False):
        item = publication_services.typical_case_propose(
            actor=world.procurator, case=juvenile, title="社区矫正监督典型案例",
            summary="某区司法局未及时接收社区矫正对象。", achieved="已整改。", significance="")
        published = publication_services.typical_case_approve(actor=people["chief"],
                                                               typical_case=item)
    assert published.status == PublicationStatus.PUBLISHED
    assert Client().get(published.get_public_url()).status_code == 200
    _seal(juvenile, world.procurator)
    published.refresh_from_db()
    assert published.status == PublicationStatus.WITHDRAWN
    assert published.withdraw_reason == "来源案件的犯罪记录已依法封存。"
    assert Client().get(published.get_public_url()).status_code == 404
    client = _client(world.procurator)
    assert client.get(reverse("publication:case-propose", args=[juvenile.pk])).status_code == 404


def test_the_sealed_banner_is_seen_by_the_juvenile_department(world, people, juvenile):
    _seal(juvenile, world.procurator)
    page = _client(people["juvenile_staff"]).get(
        reverse("cases:detail", args=[juvenile.pk])).content.decode()
    assert 'data-testid="sealed-banner"' in page
    assert "第二百八十六条" in page


def test_the_csv_export_of_a_juvenile_case_names_no_minor(world, people, juvenile):
    rows = list(csv.reader(io.StringIO(_csv(_client(people["chief"]).get(
        reverse("cases:export", args=["csv"]))))))
    assert rows[1][1] == f"未成年社区矫正对象{MASKED}漏管监督案"
    assert rows[1][12].startswith(f"{MASKED}（") and "舟山某某网络科技有限公司" in rows[1][12]


# --- the deadline board's lists --------------------------------------------------------------

@pytest.mark.parametrize("persona", ["procurator", "approver", "chief", "juvenile_staff",
                                     "colleague", "other_head", "supervisor"])
def test_the_board_counts_a_juvenile_instrument_but_only_its_circle_reads_it_in_the_list(
        world, people, juvenile, ordinary, persona):
    """The deadline board's figures name no one and count every instrument of the scope; the
    list behind a figure, its export and the procuratorate's own deadlines leave out those of
    juvenile cases outside the reader's circle, and say so."""
    from reporting import selectors as board

    user = people[persona]
    with time_machine.travel(NOW, tick=False):
        world.served(datetime.date(2026, 11, 2), case=ordinary)
        rec = juvenile.recommendations.get()
        assert board.deadline_counts(user)["awaiting"] == 2
        listed = set(board.deadline_list(user, "awaiting").values_list("case_id", flat=True))
        page = _client(user).get(reverse("reporting:deadline-list", args=["awaiting"]))
    assert ordinary.pk in listed
    html = page.content.decode()
    if persona in SEES:
        assert juvenile.pk in listed and rec.number in html
    else:
        assert juvenile.pk not in listed and rec.number not in html
    # the note, for whoever's lists the rule narrows (all but the chief and the department)
    narrowed = persona not in {"chief", "juvenile_staff"}
    assert ('data-testid="juvenile-left-out"' in html) == narrowed
