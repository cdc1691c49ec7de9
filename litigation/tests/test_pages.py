"""The litigation pages: who sees what (404 for the rest), the case page's panel and next step,
the step forms with their refusals in the user's language, the 起诉书 rendered and read back,
the list's filters and query counts, the API."""

from __future__ import annotations

import io
import pathlib

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from litigation import documents
from litigation.choices import SuitStatus
from litigation.models import PublicInterestSuit

from .conftest import D, travel
from .test_suits import announce, filed_civil, open_civil

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize(("persona", "sees", "works"), [
    ("procurator", True, True), ("assistant", True, True), ("approver", True, True),
    ("supervisor", True, False), ("pt_procurator", False, False),
    ("court_liaison", False, False), ("police_liaison", False, False),
    ("observer", False, False), ("sysadmin", False, False), ("secadmin", False, False),
    ("auditadmin", False, False),
])
def test_who_sees_and_works_on_a_suit(world, pil_case, persona, sees, works):
    suit = open_civil(world, pil_case)
    client = client_for(getattr(world, persona))
    for url in (reverse("litigation:detail", args=[suit.pk]),
                reverse("litigation:indictment-pdf", args=[suit.pk]),
                reverse("api-public-interest-suit-detail", args=[suit.pk])):
        assert client.get(url).status_code == (200 if sees else 404), url
    step = reverse("litigation:step", args=[suit.pk, "announce"])
    assert client.get(step).status_code == (200 if works else 404)
    response = client.post(step, {"medium": "national_media", "published_on": "2026-11-20",
                                  "content": "公告"})
    assert response.status_code == (302 if works else 404)
    suit.refresh_from_db()
    assert (suit.status == SuitStatus.ANNOUNCED) == works
    if persona not in ("sysadmin", "secadmin", "auditadmin"):
        listed = client.get(reverse("api-public-interest-suit-list")).json()["count"]
        assert listed == (1 if sees else 0)
    list_status = client.get(reverse("litigation:list")).status_code
    assert list_status == (200 if persona in {"procurator", "assistant", "approver",
                                              "supervisor", "pt_procurator"} else 404)


def test_the_case_page_shows_the_suit_its_next_step_and_timeline(world, pil_case):
    client = client_for(world.procurator)
    page = client.get(pil_case.get_absolute_url()).content.decode()
    assert 'data-testid="case-litigation"' in page
    assert reverse("litigation:create", args=[pil_case.pk]) in page
    suit = open_civil(world, pil_case)
    announce(world, suit, on=D(2026, 11, 2))
    page = client.get(pil_case.get_absolute_url()).content.decode()
    assert "舟山某化工有限公司" in page and "公告中" in page
    assert "等待公告期满" in page  # the next action, due 2 December
    assert "发布公益诉讼公告" in page  # the timeline
    assert reverse("litigation:create", args=[pil_case.pk]) not in page
    # A case of another kind has no litigation panel.
    other = world.register_case()
    assert 'data-testid="case-litigation"' not in client.get(
        other.get_absolute_url()).content.decode()


def test_opening_and_the_steps_through_the_pages(world, pil_case, chief):
    client = client_for(world.procurator)
    url = reverse("litigation:create", args=[pil_case.pk])
    response = client.post(url, {"kind": "civil", "defendant": ""})
    assert response.status_code == 200 and "必填" in response.content.decode()
    response = client.post(url, {"kind": "civil", "defendant": "舟山某化工有限公司"})
    suit = PublicInterestSuit.objects.get()
    assert response.status_code == 302 and response["Location"] == suit.get_absolute_url()
    step = lambda name: reverse("litigation:step", args=[suit.pk, name])
    response = client.post(step("announce"), {"medium": "procuratorate_daily",
                                              "published_on": "2026-99-01", "content": "公告"})
    assert response.status_code == 200
    with travel(D(2026, 9, 1)):
        response = client.post(step("announce"), {"medium": "procuratorate_daily",
                                                  "published_on": "2026-09-01",
                                                  "content": "特此公告。"})
        assert response.status_code == 302
    with travel(D(2026, 9, 15)):
        page = client.get(step("announcement-result")).content.decode()
        assert "公告期间至 2026年10月8日 届满" in page
        response = client.post(step("announcement-result"), {"result": "nobody_sued",
                                                             "result_on": "2026-09-15"})
        assert response.status_code == 200
        assert "公告期间至2026年10月8日届满，期满后方可登记无适格主体起诉" in response.content.decode()
        # The procurator is not offered the chief's decision.
        assert client.get(step("decide")).status_code == 404
        assert client.get(step("nonsense")).status_code == 404
    with travel(D(2026, 10, 9)):
        assert client.post(step("announcement-result"), {
            "result": "nobody_sued", "result_on": "2026-10-09"}).status_code == 302
        assert client_for(chief).post(step("decide"),
                                      {"decided_on": "2026-10-09"}).status_code == 302
        response = client.post(step("file"), {
            "court": world.court.pk, "filed_on": "2026-10-09",
            "claims": "判令被告修复受损生态环境\n判令被告在省级媒体公开赔礼道歉",
            "facts": "被告长期非法排污。", "court_case_number": "（2026）浙0902民初1234号"})
        assert response.status_code == 302
        # A court not in the list is refused by the form.
        other = client.post(step("session"), {"kind": "trial", "scheduled_at": "2026-10-20T09:30",
                                              "place": ""})
        assert other.status_code == 200
    suit.refresh_from_db()
    assert suit.status == SuitStatus.FILED and suit.decided_by == chief
    page = client.get(suit.get_absolute_url()).content.decode()
    assert "林海" in page and "判令被告修复受损生态环境" in page
    assert "（2026）浙0902民初1234号" in page


def test_the_indictment_as_a_document(world, pil_case, chief, output_dir):
    suit = filed_civil(world, pil_case, chief)
    pdf = documents.render_indictment_pdf(suit)
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf).replace("\n", "").replace(" ", "")
    for expected in ("舟山市定海区人民检察院", "民事公益诉讼起诉书", "公益诉讼起诉人：舟山市定海区人民检察院",
                     "法定代表人林海，检察长", "被告：舟山某化工有限公司", "诉讼请求：", "一、判令被告修复生态环境",
                     "事实与理由：", "二〇二六年九月一日在《检察日报》发布公告",
                     "《中华人民共和国民事诉讼法》第五十八条第二款", "此致", "舟山市定海区人民法院",
                     "二〇二六年十月九日", "检察员：陈立"):
        assert expected in text, expected
    assert documents.render_indictment_pdf(suit) == pdf  # the same data, the same bytes
    pathlib.Path(output_dir / "indictment.pdf").write_bytes(pdf)
    response = client_for(world.approver).get(reverse("litigation:indictment-pdf", args=[suit.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert "%E5%85%AC%E7%9B%8A" in response["Content-Disposition"]  # 公益… in the file name


def test_the_list_its_filters_counts_and_query_count(world, pil_case, chief, pil_matter,
                                                   django_assert_max_num_queries):
    filed_civil(world, pil_case, chief)
    for title in ("甲案", "乙案"):
        case = world.register_case(matter=pil_matter, agency=world.market, title=title,
                                   accepted_on=D(2026, 8, 20))
        announce(world, open_civil(world, case))
    client = client_for(world.procurator)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("litigation:list")).content.decode()
    assert page.count('data-testid="suit-row"') == 3
    assert "公告期满 2026年10月8日" in page
    with django_assert_max_num_queries(14):
        page = client.get(reverse("litigation:list") + "?status=filed").content.decode()
    assert page.count('data-testid="suit-row"') == 1
    page = client.get(reverse("litigation:list") + f"?court={world.court.pk}&kind=civil").content.decode()
    assert page.count('data-testid="suit-row"') == 1
    page = client.get(reverse("litigation:list") + "?kind=administrative").content.decode()
    assert page.count('data-testid="suit-row"') == 0
    response = client.get(reverse("litigation:list") + "?court=abc&status=nonsense")
    assert response.status_code == 200
    assert "2026 年：发布公告 3 件，提起公益诉讼 1 件" in client.get(
        reverse("litigation:list")).content.decode()
    with django_assert_max_num_queries(8):
        data = client.get(reverse("api-public-interest-suit-list") + "?status=announced").json()
    assert data["count"] == 2
    detail = client.get(reverse("api-public-interest-suit-detail",
                                args=[PublicInterestSuit.objects.get(status="filed").pk])).json()
    assert detail["announcement"]["due_date"] == "2026-10-08"
    assert "顺延" in detail["announcement"]["due_explanation"]
    assert detail["decided_by"] == "林海"
