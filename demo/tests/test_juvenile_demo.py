"""The demo world's juvenile work (demo/juvenile.py, docs/juvenile.md): 定检's juvenile
department, the minor's community-correction case sealed, masked in the lists of those who see
it and out of reach of those who do not."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.test import Client
from django.urls import reverse

from cases.models import SupervisionCase
from demo.builder import load_demo_world
from supervision.models import Department, User
from supervision.names import mask_name

NOW = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_the_demo_has_a_sealed_juvenile_case_seen_by_its_circle_only(db):
    with time_machine.travel(NOW, tick=False):
        load_demo_world(today=NOW.date())
        assert list(Department.objects.filter(juvenile=True).values_list(
            "procuratorate__short_name", "name")) == [("定检", "第九检察部")]
        case = SupervisionCase.objects.get(record_sealed=True)
        minor = case.parties.get(kind="person").name
        assert case.juvenile and case.handler.username == "dh.procurator"
        # the demo's names are already shortened (杨某): masked, the given name goes as well
        assert case.list_title == case.title.replace(minor, mask_name(minor)) != case.title
        for username in ("dh.procurator", "dh.approver", "dh.chief", "dh.juvenile"):
            client = _client(username)
            page = client.get(case.get_absolute_url()).content.decode()
            assert 'data-testid="sealed-banner"' in page, username
            listing = client.get(reverse("cases:list"), {"juvenile": "true"}).content.decode()
            assert case.list_title in listing and case.title not in listing, username
            export = b"".join(client.get(reverse("cases:export", args=["csv"])).streaming_content)
            assert case.number.encode() not in export, username
        for username in ("dh.pil", "dh.assistant", "pt.procurator", "zs.supervisor",
                         "zj.supervisor"):
            assert _client(username).get(case.get_absolute_url()).status_code == 404, username
        # the public-interest cases flagged juvenile: dh.pil's, seen by the juvenile department
        public_interest = SupervisionCase.objects.filter(juvenile=True, record_sealed=False,
                                                         handler__username="dh.pil")
        assert public_interest.exists()
        for pil_case in public_interest:
            assert _client("dh.juvenile").get(pil_case.get_absolute_url()).status_code == 200
            assert _client("dh.procurator").get(pil_case.get_absolute_url()).status_code == 404
