"""Similar-case detection pages (类案监督, seed 004 §3): the candidates of a period, one
candidate's cases, their XLSX, and the button that starts a draft from them
(``reporting.similar_draft``). Procurators, approvers, chiefs and supervisors, over their
dashboard scope; anyone else 404. Every bad parameter answers 404 (a candidate's page) or a
form error (the list), never 500."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from supervision import exports
from supervision.db import read_from_replica
from supervision.models import Procuratorate
from supervision.service_errors import call_service

from . import similar as S
from .permissions import require_similar_case_reader
from .similar_draft import draft_plan, start_draft
from .similar_forms import CandidateForm
from .statistics import Period, quick_periods
from .statistics_forms import StatisticsForm


def _period_for(request: HttpRequest) -> tuple[StatisticsForm, Period | None, Procuratorate | None]:
    """The list's form, its period (None when the form has errors) and chosen procuratorate."""
    require_similar_case_reader(request.user)
    default = S.default_period(timezone.localdate())
    form = StatisticsForm(request.GET or None, user=request.user,
                          initial={"start": default.start, "end": default.end})
    if not form.is_bound:
        return form, default, None
    if not form.is_valid():
        return form, None, None
    return form, form.period, form.cleaned_data.get("procuratorate")


def _quick(period: Period | None, chosen: str) -> list[dict]:
    today = timezone.localdate()
    rolling = S.default_period(today)
    choices = [(_("近%(days)s天") % {"days": S.thresholds().days}, rolling),
               *[(label, p) for label, p in quick_periods(today) if p != rolling]]
    return [{"label": label, "active": p == period,
             "url": "?" + urlencode({"from": p.start.isoformat(), "to": p.end.isoformat(),
                                     **({"procuratorate": chosen} if chosen else {})})}
            for label, p in choices]


@login_required
@read_from_replica
def similar(request: HttpRequest) -> HttpResponse:
    form, period, unit = _period_for(request)
    lists = {kind: (S.candidates(kind, request.user, period, procuratorate=unit)
                    if period is not None else []) for kind in S.KINDS}
    query = {} if period is None else {"from": period.start.isoformat(),
                                       "to": period.end.isoformat(),
                                       **({"procuratorate": unit.pk} if unit else {})}
    sections = [{"kind": kind, "heading": heading, "rows": [
        {"candidate": c, "url": reverse("reporting:similar-detail", args=[kind]) + "?"
         + urlencode(c.query(period, unit))} for c in lists[kind]],
        "export": reverse("reporting:similar-export", args=[kind]) + "?" + urlencode(query)}
        for kind, heading in S.KINDS.items()]
    return render(request, "reporting/similar.html", {
        "form": form, "period": period, "sections": sections, "limits": S.thresholds(),
        "max_candidates": S.MAX_CANDIDATES,
        "quick": _quick(period, request.GET.get("procuratorate", "")),
    })


def _headers(kind: str) -> list[str]:
    where = _("被监督单位") if kind == S.SAME_AGENCY else _("单位类型")
    return [_("检察类别"), _("监督事项"), where, _("案件数"), _("涉及单位数"), _("最早受理"),
            _("最近受理")]


@login_required
@read_from_replica
def similar_export(request: HttpRequest, table: str) -> HttpResponse:
    """One candidate list as XLSX, for the same period and scope as the page."""
    if table not in S.KINDS:
        raise Http404
    _form, period, unit = _period_for(request)
    if period is None:
        raise Http404
    rows = [[c.kind_name, c.matter_name, c.where, c.cases, c.agencies, c.first_accepted,
             c.last_accepted] for c in S.candidates(table, request.user, period, procuratorate=unit)]
    return exports.xlsx_response(f"similar-{table}", str(S.KINDS[table]), _headers(table), rows)


def _candidate(request: HttpRequest, kind: str, params) -> tuple[S.Candidate, list, Period, dict]:
    """The candidate the parameters name, with its cases, period and query: 404 for a kind,
    a parameter or a key that is not one (below the thresholds, or outside the scope)."""
    require_similar_case_reader(request.user)
    if kind not in S.KINDS:
        raise Http404
    form = CandidateForm(params, kind=kind, user=request.user)
    if not form.is_valid():
        raise Http404
    period, unit = form.period, form.cleaned_data.get("procuratorate")
    found = S.candidates(kind, request.user, period, procuratorate=unit, **form.key())
    if not found:
        raise Http404
    cases = list(S.candidate_cases(found[0], request.user, period, procuratorate=unit))
    return found[0], cases, period, found[0].query(period, unit)


@login_required
def similar_detail(request: HttpRequest, kind: str) -> HttpResponse:
    candidate, cases, period, query = _candidate(request, kind, request.GET)
    plan = draft_plan(request.user, cases)
    back = reverse("reporting:similar") + "?" + urlencode(
        {k: v for k, v in query.items() if k in ("from", "to", "procuratorate")})
    return render(request, "reporting/similar_detail.html", {
        "candidate": candidate, "cases": cases, "period": period, "plan": plan,
        "kind_heading": S.KINDS[kind], "back": back,
        "draft_url": reverse("reporting:similar-draft", args=[kind]) + "?" + urlencode(query),
        "export": reverse("reporting:similar-detail-export", args=[kind]) + "?" + urlencode(query),
    })


@login_required
def similar_detail_export(request: HttpRequest, kind: str) -> HttpResponse:
    """The cases behind one candidate as XLSX."""
    candidate, cases, _period, _query = _candidate(request, kind, request.GET)
    headers = [_("案号"), _("案件名称"), _("被监督单位"), _("检察院"), _("受理日期"), _("状态"),
               _("承办检察官")]
    rows = [[c.number, c.list_title, c.agency.name, c.procuratorate.name, c.accepted_on,
             c.get_status_display(), str(c.handler)] for c in cases]
    title = f"{candidate.matter_name}·{candidate.where}"
    return exports.xlsx_response(f"similar-{kind}-cases", title, headers, rows)


@login_required
@require_POST
def similar_draft(request: HttpRequest, kind: str) -> HttpResponse:
    """发起类案监督: start the draft from the candidate's cases, then show it (its addressees,
    and 修改草稿 to complete it)."""
    candidate, cases, period, query = _candidate(request, kind, request.GET)
    plan = draft_plan(request.user, cases)
    if plan is None or not plan.agencies:
        raise Http404  # the page showed no button
    done = call_service(request, lambda: start_draft(
        actor=request.user, candidate=candidate, cases=cases, period=period),
        success=_("已以最近受理的案件 %(number)s 为依托案件拟制类案监督草稿，主送 %(count)s 个单位；"
                  "请补充存在的问题、法律依据和建议内容后提交审批。") % {
            "number": plan.anchor.number, "count": len(plan.agencies)})
    if done:
        return redirect(done.value)  # the draft's page, as after the batch drafting form
    return redirect(reverse("reporting:similar-detail", args=[kind]) + "?" + urlencode(query))
