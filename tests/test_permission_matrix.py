"""Every URL of the project × every persona → the expected outcome.

The URL list is read from the resolver, so a new URL is picked up automatically — and fails
this test until it is given a row in ``MATRIX``. Outcomes:

- ``ok``: the persona may use it (200, or a redirect that is not to the login page);
- ``404``: not theirs — the page, object or section is not told to exist;
- ``login``: anonymous on a page → redirected to the login page;
- ``403``: anonymous on the API → refused.

Each row names the HTTP method, how to build the URL's arguments from the fixture objects,
and the personas for whom it is ``ok``; every other signed-in persona must get ``404`` (or the
row says otherwise in ``others``) and an anonymous visitor ``login`` / ``403``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from agencies.models import LiaisonMembership
from cases import services as case_services
from cases.samples import tiny_pdf
from recommendations import services
from supervision.choices import Role
from supervision.models import User

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))

PERSONAS = [
    "procurator",        # handles the case, 定检
    "assistant",         # assigned to the case, 定检
    "approver",          # head of the case's department, 定检
    "pt_procurator",     # sibling procuratorate 普检
    "supervisor",        # case management of 舟检, above both
    "court_liaison",     # liaison of the addressed agency
    "police_liaison",    # liaison of another agency
    "observer",          # people's congress observer of 定检
    "sysadmin",
    "secadmin",
    "auditadmin",
    "anonymous",
]
SIGNED_IN = set(PERSONAS) - {"anonymous"}
STAFF = {"procurator", "assistant", "approver", "pt_procurator", "supervisor"}
CASE_READERS = {"procurator", "assistant", "approver", "supervisor"}
INSTRUMENT_READERS = CASE_READERS | {"court_liaison"}
LIAISONS = {"court_liaison", "police_liaison"}
CASE_WORKERS = {"procurator", "assistant", "approver"}

#: URL names that are not part of the product's own access rules.
SKIPPED = {
    "set_language",   # Django's language switch: open to everyone by design
    "api-root",       # DRF's browsable index of the endpoints below
    # Operations: the same for every persona — health open (only ok/failing), metrics by the
    # peer's address or a token (docs/operations.md); tests/test_ops.py checks them.
    "health", "health-live", "metrics",
}
SKIPPED_PREFIXES = ("admin:",)  # Django admin: guarded by is_staff + model permissions (tests/test_admin_roles.py)


@dataclass
class Row:
    ok: set[str]
    args: Callable[[dict], list] = lambda objs: []
    method: str = "get"
    data: Callable[[dict], dict] = lambda objs: {}
    others: str = "404"
    anonymous: str = "login"
    #: persona -> outcome, where one differs from both ``ok`` and ``others`` (e.g. a POST that
    #: reaches the service for them but is refused there with 400 because of the case's state).
    outcome: dict[str, str] = field(default_factory=dict)


def _api(ok: set[str], args: Callable[[dict], list] = lambda objs: [], others: str = "404") -> Row:
    return Row(ok=ok, args=args, others=others, anonymous="403")


MATRIX: dict[str, Row] = {
    "home": Row(ok=SIGNED_IN),
    "login": Row(ok=set(PERSONAS), anonymous="ok"),
    "logout": Row(ok=set(), method="post", others="login"),  # everyone lands on the login page
    "notifications": Row(ok=SIGNED_IN),
    "notifications-mark-read": Row(ok=SIGNED_IN, method="post"),
    "cases:list": Row(ok=STAFF),
    "cases:create": Row(ok={"procurator", "approver", "pt_procurator"}),
    "cases:detail": Row(ok=CASE_READERS, args=lambda o: [o["case"].pk]),
    "case-sharing": Row(ok={"procurator", "approver"}, args=lambda o: [o["case"].pk]),
    "recommendations:draft": Row(ok={"procurator", "assistant", "approver"},
                                 args=lambda o: [o["case"].pk]),
    "recommendations:detail": Row(ok=INSTRUMENT_READERS, args=lambda o: [o["rec"].pk]),
    "recommendations:serve": Row(ok=CASE_READERS, args=lambda o: [o["rec"].pk], method="post",
                                 data=lambda o: {"served_on": "2026-11-20", "method": "direct"}),
    "recommendations:pdf": Row(ok=INSTRUMENT_READERS, args=lambda o: [o["rec"].pk]),
    "recommendations:action": Row(ok=CASE_READERS, args=lambda o: [o["rec"].pk, "submit"],
                                  method="post"),
    "recommendations:reply-attachment": Row(ok=INSTRUMENT_READERS, args=lambda o: [o["reply"].pk]),
    "portal:inbox": Row(ok=LIAISONS),
    "liaison-responsible": Row(ok={"procurator", "approver", "sysadmin"}, method="post",
                               args=lambda o: [o["membership"].pk],
                               data=lambda o: {"responsible": "1"}),
    "liaison-deactivate": Row(ok={"procurator", "approver", "sysadmin"}, method="post",
                              args=lambda o: [o["membership"].pk]),
    "portal-switch": Row(ok=LIAISONS, method="post", data=lambda o: {"agency": o["rec"].agency_id},
                         outcome={"police_liaison": "404"}),
    "agency-import": Row(ok={"sysadmin"}),
    "agency-import-template": Row(ok={"sysadmin"}),
    "liaison-invite": Row(ok={"procurator", "approver", "pt_procurator", "sysadmin"}),
    # The one-time link answers everyone; a wrong token shows "link invalid", nothing else.
    "liaison-accept": Row(ok=set(PERSONAS), args=lambda o: ["MQ", "wrong-token"], anonymous="ok"),
    "portal:detail": Row(ok={"court_liaison"}, args=lambda o: [o["rec"].pk]),
    "reporting:dashboard": Row(ok=STAFF | {"observer"}),
    "reporting:deadline-list": Row(ok=STAFF, args=lambda o: ["overdue"]),
    "reporting:deadline-export": Row(ok=STAFF, args=lambda o: ["overdue"]),
    # API lists answer everyone signed in with only what they may see (asserted in
    # test_api_lists_hold_only_visible_rows); details answer 404 for what is not theirs.
    # Case file (issue 5). CASE_WORKERS may add to the case: its procuratorate's procurators and
    # approvers, and the assistant assigned to it; deciding its status excludes the assistant.
    "cases:export": Row(ok=STAFF, args=lambda o: ["csv"]),
    "cases:transition": Row(ok={"procurator", "approver"}, args=lambda o: [o["case"].pk, "review"],
                            method="post"),
    "cases:measure-create": Row(ok=CASE_WORKERS, args=lambda o: [o["case"].pk]),
    "cases:measure-escalate": Row(ok=CASE_WORKERS, args=lambda o: [o["case"].pk, o["measure"].pk],
                                  method="post"),
    "cases:attachment-upload": Row(ok=CASE_WORKERS, args=lambda o: [o["case"].pk], method="post"),
    "cases:attachment": Row(ok=CASE_READERS, args=lambda o: [o["case"].pk, o["attachment"].pk]),
    "cases:transfer-create": Row(ok=CASE_WORKERS, args=lambda o: [o["case"].pk]),
    "cases:transfer-reply": Row(ok=CASE_WORKERS, args=lambda o: [o["case"].pk, o["transfer"].pk],
                                method="post"),
    "cases:interference-create": Row(ok=CASE_WORKERS, args=lambda o: [o["case"].pk]),
    # The parties' full ID numbers, shown on request (audited) to those working on the case.
    "cases:party-ids": Row(ok=CASE_WORKERS, args=lambda o: [o["case"].pk], method="post"),
    "cases:interference-list": Row(ok={"approver", "auditadmin"}),
    "api-case-export": _api(ok=SIGNED_IN, args=lambda o: ["csv"]),
    "api-case-measures": _api(ok=CASE_READERS, args=lambda o: [o["case"].pk]),
    "api-case-attachments": _api(ok=CASE_READERS, args=lambda o: [o["case"].pk]),
    "api-case-transfers": _api(ok=CASE_READERS, args=lambda o: [o["case"].pk]),
    "api-case-transition": Row(ok=set(), args=lambda o: [o["case"].pk], method="post",
                               data=lambda o: {"action": "review"}, anonymous="403",
                               outcome={"procurator": "400", "approver": "400"}),  # case is 监督中
    "api-case-measure-escalate": Row(ok={"procurator"}, args=lambda o: [o["case"].pk, o["measure"].pk],
                                     method="post", anonymous="403",
                                     outcome={"assistant": "400", "approver": "400"}),  # once only
    "api-case-transfer-reply": Row(ok={"procurator"}, args=lambda o: [o["case"].pk, o["transfer"].pk],
                                   method="post", anonymous="403",
                                   data=lambda o: {"replied_on": "2026-11-23", "summary": "已立案"},
                                   outcome={"assistant": "400", "approver": "400"}),  # once only
    "api-case-interference": Row(ok=set(), args=lambda o: [o["case"].pk], method="post",
                                 anonymous="403", outcome=dict.fromkeys(CASE_WORKERS, "201"),
                                 data=lambda o: {
                                     "occurred_on": "2026-11-20", "intervener": "某某",
                                     "intervener_post": "某局", "manner": "phone", "content": "过问"}),
    "api-interference-list": _api(ok=SIGNED_IN),
    "api-interference-detail": _api(ok={"approver", "auditadmin"}, args=lambda o: [o["record"].pk]),
    "api-case-list": _api(ok=SIGNED_IN),
    "api-case-detail": _api(ok=CASE_READERS, args=lambda o: [o["case"].pk]),
    "api-recommendation-list": _api(ok=SIGNED_IN),
    "api-recommendation-detail": _api(ok=INSTRUMENT_READERS, args=lambda o: [o["rec"].pk]),
    "api-deadline-preview": _api(ok=SIGNED_IN),
    "api-schema": _api(ok=SIGNED_IN),
    "recommendations:extend": Row(ok=CASE_READERS, args=lambda o: [o["rec"].pk], method="post"),
    # Deciding a request that does not exist: 404 for everyone (ids are not told).
    "recommendations:extension-decide": Row(ok=set(), args=lambda o: [0, "refuse"], method="post"),
    "reporting:internal-list": Row(ok=STAFF, args=lambda o: ["overdue"]),
    # Statistics (issue 16): figures only, over the dashboard scope — staff and the observer;
    # liaisons and the administrators have none (404).
    "reporting:statistics": Row(ok=STAFF | {"observer"}),
    "reporting:statistics-export": Row(ok=STAFF | {"observer"}, args=lambda o: ["figures"]),
    "reporting:statistics-chart": Row(ok=STAFF | {"observer"}),
    "api-statistics": _api(ok=STAFF | {"observer"}),
    # Similar-case candidates (类案监督): procurators, approvers, chiefs and supervisors over
    # their dashboard scope — not the assistant, nor the observer (they list cases). A
    # candidate's page, its XLSX and its draft button answer 404 to everyone here (one case is
    # no candidate); who sees what behind a real one: reporting/tests/test_similar.py.
    "reporting:similar": Row(ok={"procurator", "approver", "pt_procurator", "supervisor"}),
    "reporting:similar-export": Row(ok={"procurator", "approver", "pt_procurator", "supervisor"},
                                    args=lambda o: ["same-agency"]),
    "reporting:similar-detail": Row(ok=set(), args=lambda o: ["same-agency"]),
    "reporting:similar-detail-export": Row(ok=set(), args=lambda o: ["across-agencies"]),
    "reporting:similar-draft": Row(ok=set(), args=lambda o: ["same-agency"], method="post"),
    # Agency scorecards (seed 003 §11): staff and the observer rank the agencies of their
    # scope; the court's card is read by 定检's staff, the supervisor above, the observer of
    # 定检 and the court's own liaison — never another agency's liaison, nor 普检.
    "reporting:agency-ranking": Row(ok=STAFF | {"observer"}),
    "reporting:agency-ranking-export": Row(ok=STAFF | {"observer"}),
    "reporting:agency-ranking-chart": Row(ok=STAFF | {"observer"}),
    "reporting:agency-scorecard": Row(ok=CASE_READERS | {"observer", "court_liaison"},
                                      args=lambda o: [o["rec"].agency_id]),
    "reporting:agency-scorecard-export": Row(ok=CASE_READERS | {"observer", "court_liaison"},
                                             args=lambda o: [o["rec"].agency_id]),
    "reporting:agency-scorecard-pdf": Row(ok=CASE_READERS | {"observer", "court_liaison"},
                                          args=lambda o: [o["rec"].agency_id]),
    "reporting:agency-scorecard-chart": Row(ok=CASE_READERS | {"observer", "court_liaison"},
                                            args=lambda o: [o["rec"].agency_id]),
    "settings-notifications": Row(ok=SIGNED_IN),
    "settings-calendar": Row(ok=SIGNED_IN),
    "settings-password": Row(ok=SIGNED_IN),
    "settings-calendar-regenerate": Row(ok=SIGNED_IN, method="post"),
    "settings-calendar-revoke": Row(ok=SIGNED_IN, method="post"),
    # The feed authenticates by its secret token alone; an unknown token is 404 for all.
    "calendar-feed": Row(ok=set(), args=lambda o: ["no-such-token"], anonymous="404"),
    # Issue 6: the rest of the instrument's life. The fixture instrument has been replied to,
    # so state-bound actions reach the service (redirect with a message: "ok") only for those
    # who may see the instrument; everyone else gets 404. The liaison uses the portal.
    "recommendations:draft-batch": Row(ok={"procurator", "assistant", "approver"},
                                       args=lambda o: [o["case"].pk]),
    # Changing a draft (issue 14): those who may work on the case reach the page (the fixture
    # instrument is served, so they are sent back to it with a message, or shown the upload
    # form the service will refuse); its DOCX exists only while it is a draft.
    "recommendations:edit": Row(ok=CASE_WORKERS, args=lambda o: [o["rec"].pk]),
    "recommendations:docx": Row(ok=set(), args=lambda o: [o["rec"].pk]),
    "recommendations:docx-upload": Row(ok=CASE_WORKERS, args=lambda o: [o["rec"].pk]),
    "recommendations:verify-pdf": Row(ok=SIGNED_IN),
    "recommendations:approvals": Row(ok={"approver"}),  # a department head or a chief
    "recommendations:receipt-pdf": Row(ok=INSTRUMENT_READERS, args=lambda o: [o["rec"].pk]),
    "recommendations:receipt-file": Row(ok=set(), args=lambda o: [o["rec"].pk]),  # none uploaded
    "recommendations:receipt-upload": Row(ok=CASE_READERS, args=lambda o: [o["rec"].pk],
                                          method="post"),
    "recommendations:void": Row(ok=CASE_READERS, args=lambda o: [o["rec"].pk], method="post"),
    "recommendations:evaluate": Row(ok=CASE_WORKERS, args=lambda o: [o["rec"].pk]),
    "recommendations:verify-rectification": Row(ok=CASE_READERS, args=lambda o: [o["rec"].pk],
                                                method="post"),
    "recommendations:follow-up": Row(ok=CASE_READERS, args=lambda o: [o["rec"].pk], method="post"),
    "recommendations:close": Row(ok=CASE_READERS, args=lambda o: [o["rec"].pk], method="post"),
    # A request or follow-up that is not theirs, or does not exist: 404 for everyone.
    "recommendations:review-decide": Row(ok=set(), args=lambda o: [0], method="post"),
    "recommendations:higher-action": Row(ok=set(), args=lambda o: [0], method="post"),
    "portal:acknowledge": Row(ok={"court_liaison"}, args=lambda o: [o["rec"].pk], method="post"),
    "portal:review-request": Row(ok={"court_liaison"}, args=lambda o: [o["rec"].pk], method="post"),
    "portal:extension-request": Row(ok={"court_liaison"}, args=lambda o: [o["rec"].pk],
                                    method="post"),
    # The court is drafting a supplement (补充回复) with files: only its liaisons see the
    # draft; the procuratorate never does. Sign-off actions reach the service (which
    # refuses a liaison who is not the responsible person, with a message) only for them.
    "portal:draft-attachment": Row(ok={"court_liaison"}, args=lambda o: [o["rec"].pk]),
    "portal:draft-evidence": Row(ok={"court_liaison"},
                                 args=lambda o: [o["rec"].pk, o["answer"].item_id]),
    "portal:reply-sign-off": Row(ok={"court_liaison"}, args=lambda o: [o["rec"].pk],
                                 method="post"),
    "portal:reply-return": Row(ok={"court_liaison"}, args=lambda o: [o["rec"].pk], method="post"),
    "portal:reply-recall": Row(ok={"court_liaison"}, args=lambda o: [o["rec"].pk], method="post"),
    "portal:reply-discard": Row(ok={"court_liaison"}, args=lambda o: [o["rec"].pk], method="post"),
    "recommendations:reply-evidence": Row(ok=INSTRUMENT_READERS, args=lambda o: [o["answer"].pk]),
    # Two-factor (issue 15): the login's second step and the user's own settings answer
    # everyone signed in (a verified session is sent on; regenerating or turning off without
    # an authenticator or a code is refused with a message). tests/test_two_factor_matrix.py
    # walks this whole table with a password-only session.
    "login-verify": Row(ok=SIGNED_IN),
    "settings-two-factor": Row(ok=SIGNED_IN),
    "settings-two-factor-codes": Row(ok=SIGNED_IN, method="post"),
    "settings-two-factor-disable": Row(ok=SIGNED_IN, method="post"),
    # The security administrator's page: lockouts and two-factor resets. A lockout that does
    # not exist is 404 for everyone.
    "security": Row(ok={"secadmin"}),
    "security-unlock": Row(ok=set(), args=lambda o: [0], method="post"),
    "security-two-factor-reset": Row(ok={"secadmin"}, args=lambda o: [o["membership"].user_id],
                                     method="post"),
    "ops-calendar": Row(ok={"sysadmin"}),
    "ops-selfcheck": Row(ok={"sysadmin"}),
    "ops-selfcheck-run": Row(ok={"sysadmin"}, method="post"),
}
QUERY = {"api-deadline-preview": "?rule=default&start=2026-11-02",
         "api-statistics": "?from=2026-01-01&to=2026-11-23"}


def _walk(patterns, namespace: str | None = None) -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace])) or None
            yield from _walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def project_url_names() -> list[str]:
    names = {n for n in _walk(get_resolver().url_patterns)
             if n not in SKIPPED and not n.startswith(SKIPPED_PREFIXES)}
    return sorted(names)


def test_every_url_of_the_project_has_a_row_in_the_matrix():
    unknown = sorted(set(project_url_names()) - set(MATRIX))
    assert not unknown, f"URLs without a row in the permission matrix: {unknown}"
    stale = sorted(set(MATRIX) - set(project_url_names()))
    assert not stale, f"rows for URLs that no longer exist: {stale}"


@pytest.fixture
def objects(world) -> dict:
    """A case of 定检 handled by the procurator with the assistant assigned, its instrument
    served on the court, and the court's reply with an attachment."""
    with time_machine.travel(NOW, tick=False):
        case = world.register_case(assistant=world.assistant)
        rec = world.served(datetime.date(2026, 11, 2), case=case, items=["一、依法纠正"])
        item = rec.items.get()
        reply = services.reply_submit(
            actor=world.court_liaison, recommendation=rec, content="已整改",
            attachment=SimpleUploadedFile("整改.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
            item_answers=[services.ItemAnswerInput(
                item_id=item.pk, answer="adopted",
                evidence=SimpleUploadedFile("证明.pdf", b"%PDF-1.4\n%%EOF\n"))])
        answer = reply.item_answers.get()
        # The court drafts a supplement (补充回复) with files; the procuratorate never sees it.
        services.reply_draft_save(
            actor=world.court_liaison, recommendation=rec, content="补充整改材料",
            attachment=SimpleUploadedFile("补充.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
            item_answers=[services.ItemAnswerInput(
                item_id=item.pk, answer="adopted",
                evidence=SimpleUploadedFile("补充证明.pdf", b"%PDF-1.4\n%%EOF\n"))])
        measure = case_services.measure_record(
            actor=world.procurator, case=case, measure_type="file_review",
            taken_on=NOW.date(), target="执行卷宗", refused=True, refusal_note="拒绝调阅")
        attachment = case_services.attachment_add(
            actor=world.procurator, case=case, upload=SimpleUploadedFile("笔录.pdf", tiny_pdf()))
        transfer = case_services.clue_transfer_create(
            actor=world.procurator, case=case, recipient_kind="supervisory_commission",
            recipient="定海区监委", clue="线索", transferred_on=NOW.date())
        record = case_services.interference_record_create(
            actor=world.procurator, case=case, occurred_on=NOW.date(),
            intervener="某某", intervener_post="某局", manner="phone", content="过问")
    spare = User.objects.create_user(username="spare_liaison", password="x" * 12,
                                     role=Role.LIAISON, agency=world.court)
    membership = LiaisonMembership.objects.create(user=spare, agency=world.court)
    return {"case": case, "rec": rec, "reply": reply, "answer": answer, "measure": measure, "attachment": attachment,
            "transfer": transfer, "record": record, "membership": membership}


def _outcome(response) -> str:
    if response.status_code == 404:
        return "404"
    if response.status_code == 403:
        return "403"
    if response.status_code in (301, 302) and response["Location"].startswith("/login/"):
        return "login"
    if response.status_code in (200, 301, 302):
        return "ok"
    return str(response.status_code)


def _expected(row: Row, persona: str) -> str:
    if persona == "anonymous":
        return row.anonymous
    if persona in row.outcome:
        return row.outcome[persona]
    return "ok" if persona in row.ok else row.others


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_url_answers_each_persona_as_the_matrix_says(name, world, objects):
    row = MATRIX[name]
    url = reverse(name, args=row.args(objects)) + QUERY.get(name, "")
    seen, wanted = {}, {}
    for persona in PERSONAS:
        client = Client()
        if persona != "anonymous":
            client.force_login(getattr(world, persona))
        with time_machine.travel(NOW, tick=False):
            response = getattr(client, row.method)(url, row.data(objects))
        seen[persona], wanted[persona] = _outcome(response), _expected(row, persona)
    assert seen == wanted, name


def test_the_matrix_covers_personas_times_urls():
    """The closing note quotes this figure."""
    assert len(PERSONAS) * len(MATRIX) >= 12 * 24


@pytest.mark.parametrize(("persona", "cases", "instruments"), [
    ("procurator", 1, 1), ("assistant", 1, 1), ("supervisor", 1, 1), ("court_liaison", 0, 1),
    ("police_liaison", 0, 0), ("pt_procurator", 0, 0), ("observer", 0, 0), ("sysadmin", 0, 0),
])
def test_api_lists_hold_only_visible_rows(world, objects, persona, cases, instruments):
    client = Client()
    client.force_login(getattr(world, persona))
    assert client.get(reverse("api-case-list")).json()["count"] == cases
    assert client.get(reverse("api-recommendation-list")).json()["count"] == instruments


@pytest.mark.parametrize("persona", sorted(SIGNED_IN))
def test_the_navigation_offers_exactly_the_sections_the_persona_may_open(world, persona):
    """Each nav link leads to a page that answers the persona (never a 404 in the menu), and
    each section landing page the persona may open is in the menu."""
    from supervision.context_processors import _nav_items

    user = getattr(world, persona)
    client = Client()
    client.force_login(user)
    links = {url for url, _label in _nav_items(user)}
    for url in links:
        assert client.get(url).status_code in (200, 302), (persona, url)
    sections = ["/cases/", "/portal/", reverse("reporting:dashboard"), reverse("liaison-invite")]
    for url in sections:
        if client.get(url).status_code == 200:
            assert url in links, (persona, url)
