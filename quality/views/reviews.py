"""The review list, starting a review (from a case's page or by searching a number), the
review page with its checklist, grading, the handler's answer, concluding or cancelling, and
the review report as PDF."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.models import SupervisionCase
from cases.permissions import cases_visible_to, get_case_for_user
from recommendations.choices import InstrumentStatus
from recommendations.models import Recommendation
from recommendations.permissions import get_recommendation_for_user, recommendations_visible_to
from supervision.pagination import paginate
from supervision.permissions import require_role
from supervision.service_errors import call_service, refusal_text, submit_form
from supervision.uploads import inline_pdf

from .. import documents, grading, selectors, services
from ..choices import FeedbackKind, Grade, ItemResult, ReviewKind, ReviewStatus
from ..filtersets import ReviewFilter
from ..forms import (
    CancelForm,
    ChecklistForm,
    ConcludeForm,
    FeedbackForm,
    GradeForm,
    StartForm,
    SubjectSearchForm,
)
from ..permissions import (
    REVIEW_LIST_ROLES,
    can_organise,
    get_review_for_user,
    may_organise_any,
    reviewer_choices,
    reviews_visible_to,
)
from ..services.reviews import check_subject, review_tally
from ..transitions import ACTION_LABELS, allowed_actions

#: How many matches the search on the start page lists.
SEARCH_LIMIT = 20


@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    """The reviews the viewer may see, newest first, filterable, with the counts by grade."""
    require_role(request.user, REVIEW_LIST_ROLES)
    visible = reviews_visible_to(request.user)
    review_filter = ReviewFilter(request.GET or None, queryset=visible, request=request)
    rows = selectors.review_list_rows(review_filter.qs)
    return render(request, "quality/list.html", {
        "filter": review_filter,
        "page": paginate(request, rows, ordering=("-created_at", "-pk")),
        "grade_counts": selectors.grade_counts(visible),
        "grades": Grade.choices,
        "may_start": may_organise_any(request.user),
    })


def _candidates(request: HttpRequest, number: str) -> list[dict]:
    """Finished cases and closed instruments whose number contains ``number`` that the viewer
    may review (at most :data:`SEARCH_LIMIT` of each)."""
    cases = (cases_visible_to(request.user).filter(number__icontains=number)
             .select_related("procuratorate").order_by("-pk")[:SEARCH_LIMIT])
    instruments = (recommendations_visible_to(request.user)
                   .filter(number__icontains=number, status=InstrumentStatus.CLOSED)
                   .select_related("case", "case__procuratorate", "instrument_type")
                   .order_by("-pk")[:SEARCH_LIMIT])
    found = [{"number": c.number, "title": c.title, "status": c.get_status_display(),
              "finished": c.is_finished, "url": f"?case={c.pk}"}
             for c in cases if can_organise(request.user, c)]
    found += [{"number": r.number, "title": r.title, "status": r.get_status_display(),
               "finished": True, "url": f"?instrument={r.pk}"}
              for r in instruments if can_organise(request.user, r.case)]
    return found


def _subject(request: HttpRequest) -> tuple[SupervisionCase | None, Recommendation | None]:
    """The case or instrument named in the query (404 when not visible or not reviewable by
    the viewer, or not a number)."""
    case_pk, rec_pk = request.GET.get("case", ""), request.GET.get("instrument", "")
    if rec_pk:
        if not rec_pk.isdigit():
            raise Http404
        rec = get_recommendation_for_user(request.user, int(rec_pk))
        if not can_organise(request.user, rec.case):
            raise Http404
        return rec.case, rec
    if case_pk:
        if not case_pk.isdigit():
            raise Http404
        case = get_case_for_user(request.user, int(case_pk))
        if not can_organise(request.user, case):
            raise Http404
        return case, None
    return None, None


@login_required
def review_create(request: HttpRequest) -> HttpResponse:
    """Start a review: without a subject, a search by case or document number; with one, the
    form naming the kind, the reviewers and the focus."""
    if not may_organise_any(request.user):
        raise Http404
    case, rec = _subject(request)
    if case is None:
        search = SubjectSearchForm(request.GET or None)
        found = _candidates(request, search.cleaned_data["q"]) if search.is_valid() else None
        return render(request, "quality/create.html", {"search": search, "found": found})
    refusal = ""
    try:
        check_subject(case, rec)
    except ValidationError as exc:
        refusal = refusal_text(exc)
    form = StartForm(request.POST or None, reviewers=reviewer_choices(case, rec),
                     initial={"kind": ReviewKind.ROUTINE})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = call_service(request, lambda: services.review_start(
            actor=request.user, kind=data["kind"], reviewers=list(data["reviewers"]),
            case=None if rec else case, recommendation=rec, focus=data["focus"]), form=form,
            success=_("案件评查已发起，已通知评查人。"))
        if done:
            return redirect(done.value)
    return render(request, "quality/create.html", {
        "case": case, "rec": rec, "form": form, "refusal": refusal})


def _detail(request: HttpRequest, review, posted: dict[int, tuple[str, str]] | None = None,
            status: int = 200) -> HttpResponse:
    """The review page; ``posted``: the checklist's values as last submitted (a refused save
    keeps what the reviewer entered)."""
    actions = set(allowed_actions(request.user, review))
    groups = selectors.review_checklist(review)
    for group in groups:
        for row in group.rows:
            saved = (row.result.result, row.result.note) if row.result else ("", "")
            row.value, row.note = (posted or {}).get(row.item.pk, saved)
    counted = review_tally(review)
    return render(request, "quality/detail.html", {
        "review": review, "case": review.case, "rec": review.recommendation,
        "actions": actions, "labels": ACTION_LABELS, "groups": groups,
        "reviewers": list(review.reviewers.select_related("procuratorate")),
        "problems": selectors.problems(review),
        "tally": counted,
        "suggested": Grade(grading.suggested_grade(counted)).label if counted.applicable else "",
        "flaw_limit": grading.FLAW_LIMIT,
        "checklist_form": "record" in actions,
        "result_choices": [("", _("（未填写）")), *ItemResult.choices],
        "grade_form": GradeForm() if "grade" in actions else None,
        "feedback_form": (FeedbackForm() if "feedback" in actions and not review.feedback_kind
                          else None),
        "conclude_form": ConcludeForm() if "conclude" in actions else None,
        "cancel_form": CancelForm() if "cancel" in actions else None,
        "feedback_open": (review.status == ReviewStatus.GRADED and not review.feedback_kind
                          and review.feedback_due_on is not None
                          and timezone.localdate() <= review.feedback_due_on),
        "objection": review.feedback_kind == FeedbackKind.OBJECT,
    }, status=status)


@login_required
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The review page; a POST saves its checklist (the reviewer's form is on the page):
    refused, the page comes back with what was entered and why."""
    review = get_review_for_user(request.user, pk)
    if request.method != "POST":
        return _detail(request, review)
    form = ChecklistForm(request.POST, groups=selectors.review_checklist(review))
    done = submit_form(request, form, lambda data: services.review_record(
        actor=request.user, review=review, results=form.results()), success=_("评查表已保存。"))
    if done or not form.is_valid():
        return redirect(review)
    return _detail(request, review, posted=form.results())


def _act(request: HttpRequest, pk: int, form_class, service, success: str) -> HttpResponse:
    """One of the review page's POST-only forms: validate it, hand it to ``service`` and go
    back to the review (a refusal or an invalid form shown there as messages)."""
    review = get_review_for_user(request.user, pk)
    submit_form(request, form_class(request.POST), lambda data: service(
        actor=request.user, review=review, **data), success=success)
    return redirect(review)


@login_required
@require_POST
def review_grade(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, GradeForm, services.review_grade, _("已评定等次，已通知承办检察官。"))


@login_required
@require_POST
def review_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, FeedbackForm, services.review_feedback, _("反馈意见已提交。"))


@login_required
@require_POST
def review_conclude(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, ConcludeForm, services.review_conclude, _("案件评查已办结。"))


@login_required
@require_POST
def review_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, CancelForm, services.review_cancel, _("案件评查已撤销。"))


@login_required
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The 案件质量评查报告, for whoever may see the review."""
    review = get_review_for_user(request.user, pk)
    return inline_pdf(documents.render_report_pdf(review),
                      f"案件质量评查报告-{review.subject_number}.pdf")
