"""The hearing's documents, rendered to PDF in the official layout, always in Chinese:

* 听证通知书 — the notice to one invited participant: the case, the matter, the time and place,
  in which capacity they are invited, and whom to tell if they cannot come;
* 听证笔录 — the record: time, place, presiding procurator, recorder, the participants by
  capacity, what was said, each participant's opinion and stance, and lines for signatures.

As ``recommendations.documents``: a pure function of the data (data → HTML → PDF bytes with
WeasyPrint, no file, no network), the same fonts and the same 版头 (the procuratorate's name in
red, GB/T 9704-2012 as far as it applies).
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import override

from recommendations.documents import (
    _fonts,
    _url_fetcher,
    build_font_config,
    chinese_date,
    chinese_time,
    issuer_font_size,
)

from .choices import HEARING_MEMBER_ROLES, ParticipantRole
from .models import Hearing, HearingParticipant

NOTICE_TEMPLATE = "documents/hearing_notice.html"
RECORD_TEMPLATE = "documents/hearing_record.html"

#: How each capacity is named in the notice's invitation sentence.
CAPACITY = {
    ParticipantRole.PEOPLE_SUPERVISOR: "人民监督员",
    ParticipantRole.DEPUTY: "人大代表",
    ParticipantRole.CPPCC_MEMBER: "政协委员",
    ParticipantRole.EXPERT: "专家学者",
    ParticipantRole.COMMUNITY: "社区代表",
    ParticipantRole.PARTY: "当事人",
    ParticipantRole.AGENCY: "有关单位代表",
    ParticipantRole.OTHER: "听证会参加人",
}


def _base(hearing: Hearing) -> dict:
    procuratorate = hearing.case.procuratorate
    return {
        "procuratorate_name": procuratorate.name,
        "issuer_size": issuer_font_size(procuratorate.name),
        "case_number": hearing.case.number,
        "case_title": hearing.case.title,
        "topic": hearing.topic,
        "questions": [line.strip() for line in hearing.questions.splitlines() if line.strip()],
        "place": hearing.place,
        "date": chinese_date(timezone.localtime(hearing.scheduled_at).date()),
        "time": chinese_time(hearing.scheduled_at),
        "presiding": hearing.presiding.display_name or hearing.presiding.username,
        "public": hearing.public,
        "fonts": _fonts(),
    }


def notice_context(hearing: Hearing, participant: HearingParticipant) -> dict:
    """What the notice to ``participant`` prints. Its date is the day it was (last) sent, or
    blank for the procurator to fill in when it has not been recorded as sent."""
    latest = participant.notices.order_by("-sent_on", "-pk").first()
    return {
        **_base(hearing),
        "document_name": "听证通知书",
        "addressee": participant.name,
        "capacity": CAPACITY[participant.role],
        "member": participant.role in HEARING_MEMBER_ROLES,
        "issued": chinese_date(latest.sent_on) if latest else "",
    }


def record_context(hearing: Hearing) -> dict:
    """What the record prints: the participants in the order invited, by capacity."""
    participants = list(hearing.participants.all())
    with override("zh-hans"):
        rows = [{"name": p.name, "role": str(p.get_role_display()), "affiliation": p.affiliation,
                 "attended": p.attended, "member": p.role in HEARING_MEMBER_ROLES,
                 "opinion": [line.strip() for line in p.opinion.splitlines() if line.strip()],
                 "stance": str(p.get_stance_display()) if p.stance else ""}
                for p in participants]
        outcome = str(hearing.get_outcome_display()) if hearing.outcome else ""
    held = hearing.held_at or hearing.scheduled_at
    return {
        **_base(hearing),
        "document_name": "听证笔录",
        "date": chinese_date(timezone.localtime(held).date()),
        "time": chinese_time(held),
        "held": hearing.held_at is not None,
        "recorder": hearing.recorder,
        "members": [r for r in rows if r["member"] and r["attended"] is not False],
        "others": [r for r in rows if not r["member"] and r["attended"] is not False],
        "absent": [r for r in rows if r["attended"] is False],
        "proposed_handling": [line.strip() for line in hearing.proposed_handling.splitlines()
                              if line.strip()],
        "record": [line.strip() for line in hearing.record.splitlines() if line.strip()],
        "outcome": outcome,
        "outcome_reason": hearing.outcome_reason,
        "decision": hearing.decision,
    }


def _pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=None, url_fetcher=_url_fetcher()).write_pdf(
        font_config=build_font_config())


def render_notice_html(hearing: Hearing, participant: HearingParticipant) -> str:
    return render_to_string(NOTICE_TEMPLATE, notice_context(hearing, participant))


def render_notice_pdf(hearing: Hearing, participant: HearingParticipant) -> bytes:
    return _pdf(render_notice_html(hearing, participant))


def render_record_html(hearing: Hearing) -> str:
    return render_to_string(RECORD_TEMPLATE, record_context(hearing))


def render_record_pdf(hearing: Hearing) -> bytes:
    return _pdf(render_record_html(hearing))
