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
from collections.abc import Iterator

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
from tests.matrix_rows import extra_rows
from tests.matrix_rows.base import (
    CASE_READERS,
    CASE_WORKERS,
    INSTRUMENT_READERS,
    LIAISONS,
    PERSONAS,
    SIGNED_IN,
    STAFF,
    Row,
    _api,
)

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))

#: URL names that are not part of the product's own access rules.
SKIPPED = {
    "set_language",   # Django's language switch: open to everyone by design
    "api-root",       # DRF's browsable index of the endpoints below
    # Operations: the same for every persona — health open (only ok/failing), metrics by the
    # peer's address or a token (docs/operations.md); tests/test_ops.py checks them.
    "health", "health-live", "metrics",
}
SKIPPED_PREFIXES = ("admin:",)  # Django admin: guarded by is_staff + model permissions (tests/test_admin_roles.py)


CONGRESS_READERS = {"procurator", "assistant", "approver", "supervisor", "observer"}
CONGRESS_WRITERS = {"procurator", "approver"}


def _congress(objects: dict) -> dict:
    """A released report of 定检 with an opinion and a generated PDF (made once per test, on
    first use), for the congress report rows."""
    if "congress" not in objects:
        from congress.models import RenderingStatus, ReportRendering
        from congress.services import opinions as opinion_services
        from congress.services import reports as report_services

        procurator = objects["case"].handler
        chief = User.objects.create_user(username="matrix_chief", password="x" * 12,
                                         role=Role.CHIEF, procuratorate=procurator.procuratorate)
        with time_machine.travel(NOW, tick=False):
            report = report_services.report_create(
                actor=procurator, kind="annual", period_start=datetime.date(2025, 1, 1),
                period_end=datetime.date(2025, 12, 31))
            for section in report.sections.all():
                report_services.section_save(actor=procurator, section=section, body="内容",
                                             seen_updated_at=section.updated_at)
            report_services.report_submit(actor=procurator, report=report)
            report_services.report_approve(actor=chief, report=report, figures={"issued": 1})
            report = report_services.report_release(actor=procurator, report=report)
            opinion = opinion_services.opinion_record(
                actor=procurator, report=report, received_on=NOW.date(), content="意见",
                responsible=procurator)
            rendering = report_services.rendering_request(actor=procurator, report=report,
                                                          fmt="pdf")
            report_services.rendering_start(rendering.pk)
            report_services.rendering_finish(rendering.pk, "r.pdf", b"%PDF-1.4\n%%EOF\n")
        assert ReportRendering.objects.get(pk=rendering.pk).status == RenderingStatus.DONE
        objects["congress"] = {"report": report, "section": report.sections.first(),
                               "opinion": opinion, "rendering": rendering}
    return objects["congress"]


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
    # The chief records the committee's decision; anyone else who sees the instrument is sent
    # back to it with the refusal (a redirect), anyone else 404.
    "recommendations:committee-decision": Row(ok=CASE_READERS, args=lambda o: [o["rec"].pk],
                                              method="post"),
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
                               data=lambda o: {"action": "review"}, anonymous="401",
                               outcome={"procurator": "400", "approver": "400"}),  # case is 监督中
    "api-case-measure-escalate": Row(ok={"procurator"}, args=lambda o: [o["case"].pk, o["measure"].pk],
                                     method="post", anonymous="401",
                                     outcome={"assistant": "400", "approver": "400"}),  # once only
    "api-case-transfer-reply": Row(ok={"procurator"}, args=lambda o: [o["case"].pk, o["transfer"].pk],
                                   method="post", anonymous="401",
                                   data=lambda o: {"replied_on": "2026-11-23", "summary": "已立案"},
                                   outcome={"assistant": "400", "approver": "400"}),  # once only
    "api-case-interference": Row(ok=set(), args=lambda o: [o["case"].pk], method="post",
                                 anonymous="401", outcome=dict.fromkeys(CASE_WORKERS, "201"),
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
    "reporting:internal-export": Row(ok=STAFF, args=lambda o: ["overdue"]),
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
    # 检务公开 (issue 16): staff pages for a procuratorate's own procurators, department heads
    # and chief (publication/permissions.py); the fixture's typical case and release are 定检's,
    # proposed by the procurator — only the proposer revises. The public pages answer everyone,
    # signed in or not, for published items (publication/tests/test_public_pages.py: 404 for
    # the rest).
    "publication:index": Row(ok={"procurator", "approver", "pt_procurator"}),
    "publication:case-choose": Row(ok={"procurator", "approver", "pt_procurator"}),
    "publication:case-propose": Row(ok={"procurator", "approver"}, args=lambda o: [o["case"].pk]),
    "publication:case-detail": Row(ok={"procurator", "approver"},
                                   args=lambda o: [_publication(o)["proposed_case"].pk]),
    "publication:case-edit": Row(ok={"procurator"},
                                 args=lambda o: [_publication(o)["proposed_case"].pk]),
    "publication:case-action": Row(ok={"procurator", "approver"}, method="post",
                                   args=lambda o: [_publication(o)["proposed_case"].pk, "withdraw"],
                                   data=lambda o: {"reason": "撤回"}),
    "publication:release-new": Row(ok={"procurator", "approver", "pt_procurator"}),
    "publication:release-detail": Row(ok={"procurator", "approver"},
                                      args=lambda o: [_publication(o)["proposed_release"].pk]),
    "publication:release-action": Row(ok={"procurator", "approver"}, method="post",
                                      args=lambda o: [_publication(o)["proposed_release"].pk,
                                                      "return"],
                                      data=lambda o: {"reason": "退回"}),
    "public:index": Row(ok=set(PERSONAS), anonymous="ok"),
    "public:procuratorate": Row(ok=set(PERSONAS), anonymous="ok",
                                args=lambda o: [_publication(o)["published_case"].procuratorate_id]),
    "public:statistics": Row(ok=set(PERSONAS), anonymous="ok",
                             args=lambda o: [_publication(o)["published_release"].pk]),
    "public:case": Row(ok=set(PERSONAS), anonymous="ok",
                       args=lambda o: [_publication(o)["published_case"].pk]),
    # Reports to the people's congress (issue 16): a released report of 定检 is read by its
    # staff, the supervisor above and the observer; its writers (procurator, approver) act on
    # it — a reader who may not act (assistant, observer, supervisor) is told nothing (404).
    # The section save and the actions reach the service, which refuses them on a released
    # report with a message ("ok" for the writers).
    "reporting:congress-reports": Row(ok=STAFF | {"observer"}),
    "reporting:congress-report-create": Row(ok={"procurator", "approver", "pt_procurator",
                                                "supervisor"}),
    "reporting:congress-report": Row(ok=CONGRESS_READERS, args=lambda o: [_congress(o)["report"].pk]),
    "reporting:congress-chart": Row(ok=CONGRESS_READERS, args=lambda o: [
        _congress(o)["report"].pk, "replies"]),
    "reporting:congress-figures-export": Row(ok=CONGRESS_READERS, args=lambda o: [
        _congress(o)["report"].pk]),
    "reporting:congress-section": Row(ok=CONGRESS_WRITERS, method="post", args=lambda o: [
        _congress(o)["report"].pk, _congress(o)["section"].pk]),
    "reporting:congress-report-action": Row(ok=CONGRESS_WRITERS, method="post", args=lambda o: [
        _congress(o)["report"].pk, "submit"]),
    "reporting:congress-opinion-create": Row(ok=CONGRESS_WRITERS, method="post",
                                             args=lambda o: [_congress(o)["report"].pk]),
    "reporting:congress-opinion-reply": Row(ok=CONGRESS_WRITERS, method="post", args=lambda o: [
        _congress(o)["report"].pk, _congress(o)["opinion"].pk]),
    "reporting:congress-render": Row(ok=CONGRESS_READERS, method="post", args=lambda o: [
        _congress(o)["report"].pk, "pdf"]),
    "reporting:congress-rendering": Row(ok=CONGRESS_READERS, args=lambda o: [
        _congress(o)["report"].pk, _congress(o)["rendering"].pk]),
    "reporting:congress-download": Row(ok=CONGRESS_READERS, args=lambda o: [
        _congress(o)["report"].pk, _congress(o)["rendering"].pk]),
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
# Rows kept beside the areas they cover (tests/matrix_rows/<area>.py, each a ``ROWS`` dict).
MATRIX.update(extra_rows())

def _publication(objects: dict) -> dict:
    """检务公开 items of the fixture case, made on first use (only the publication rows need
    them): a proposed and a published typical case, a proposed and a published release."""
    if "publication" not in objects:
        from publication import services as pub

        case = objects["case"]
        procurator, approver = (User.objects.get(username=n) for n in ("procurator", "approver"))
        texts = {"title": "督促纠正有案不立典型案例", "summary": "经审查，公安机关对盗窃线索有案不立。",
                 "achieved": "公安机关立案侦查。"}
        today = datetime.date.today()
        period = {"start": today - datetime.timedelta(days=40),
                  "end": today - datetime.timedelta(days=10)}
        objects["publication"] = {
            "proposed_case": pub.typical_case_propose(actor=procurator, case=case, **texts),
            "published_case": pub.typical_case_approve(
                actor=approver, typical_case=pub.typical_case_propose(
                    actor=procurator, case=case, **texts)),
            "proposed_release": pub.statistics_release_propose(
                actor=procurator, title="待审批", **period),
            "published_release": pub.statistics_release_approve(
                actor=approver, release=pub.statistics_release_propose(
                    actor=procurator, title="定检法律监督工作数据", start=period["start"],
                    end=period["end"] - datetime.timedelta(days=1))),
        }
    return objects["publication"]


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
    if response.status_code == 401:  # anonymous on the API: knox asks for a token
        return "401"
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
