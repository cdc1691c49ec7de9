"""Runs the lifecycle story (``demo.scenarios.LIFECYCLE``): one case's instruments taken
through the later states, each step through the services, in the order the data gives.

Instruments are named by the keys the story gives them; ``"<batch>@<agency>"`` is the member
of a batch addressed to that agency, looked up when first used. A step that returns the
instrument anew (serving, acknowledging) replaces it; the others leave it as it was.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from agencies.models import Agency
from cases.models import SupervisionCase
from demo.scenarios import shapes
from demo.scenarios.shapes import Lifecycle
from demo.sections import fitted
from recommendations import services as rec_services
from recommendations.models import InstrumentType, Recommendation, ReviewRequest
from recommendations.services import extensions as rec_extensions
from supervision.models import User


class StoryRunner:
    def __init__(self, lifecycle: Lifecycle, *, today: datetime.date,
                 agencies: dict[str, Agency]) -> None:
        self.story = lifecycle
        self.today = today
        self.agencies = agencies
        self.recs: dict[str, Recommendation] = {}
        self.reviews: dict[str, ReviewRequest] = {}

    def run(self) -> bool:
        """Run every step on the story's case; False when there is no such case."""
        story = self.story
        case = (SupervisionCase.objects.filter(
            procuratorate__short_name=story.procuratorate, status="supervising",
            agency__agency_type=story.agency_type).select_related("handler", "agency")
            .order_by("pk").first())
        if case is None:
            return False
        self.case, self.handler = case, case.handler
        self.approver = User.objects.get(username=story.approver)
        self.liaison = case.agency.liaisons.filter(is_active=True).order_by("pk").first()
        self.kind = InstrumentType.objects.get(code=story.instrument_type)
        handlers: dict[type, Callable] = {
            shapes.Serve: self.serve, shapes.Reply: self.reply, shapes.Evaluate: self.evaluate,
            shapes.FollowUp: self.follow_up, shapes.RequestReview: self.request_review,
            shapes.DecideReview: self.decide_review, shapes.Extend: self.extend,
            shapes.Void: self.void, shapes.ServeBatch: self.serve_batch,
            shapes.Supplement: self.supplement, shapes.RequireSignoff: self.require_signoff,
            shapes.Acknowledge: self.acknowledge, shapes.SaveReplyDraft: self.save_reply_draft,
            shapes.SubmitReplyDraft: self.submit_reply_draft,
        }
        for step in story.steps:
            handlers[type(step)](step)
        return True

    def rec(self, key: str) -> Recommendation:
        if key not in self.recs:
            batch, agency = key.split("@")
            self.recs[key] = Recommendation.objects.get(batch=self.recs[batch].batch,
                                                        agency=self.agencies[agency])
        return self.recs[key]

    def _person(self, username: str | None) -> User:
        return User.objects.get(username=username) if username else self.liaison

    # Steps.

    def serve(self, step: shapes.Serve) -> None:
        text, case = self.story.draft, self.case
        rec = rec_services.recommendation_draft(
            actor=self.handler, case=case, instrument_type=self.kind, agency=case.agency,
            title=step.title, case_source=text.case_source.format(case=case.number),
            body=text.body, **fitted(self.kind, facts=text.facts, problems=text.problems,
                                     legal_basis=text.legal_basis))
        rec_services.recommendation_submit(actor=self.handler, recommendation=rec)
        rec_services.recommendation_approve(actor=self.approver, recommendation=rec)
        on = self.today - datetime.timedelta(days=max(step.days_ago, 0))
        rec_services.recommendation_issue(actor=self.approver, recommendation=rec, issued_on=on)
        if step.days_ago >= 0:
            rec = rec_services.recommendation_serve(actor=self.handler, recommendation=rec,
                                                    served_on=on)
        self.recs[step.key] = rec

    def reply(self, step: shapes.Reply) -> None:
        content, measures = self.story.reply
        rec_services.reply_submit(actor=self.liaison, recommendation=self.rec(step.key),
                                  content=content, measures=measures)

    def evaluate(self, step: shapes.Evaluate) -> None:
        extra = {"reasons": step.reasons} if step.reasons else {}
        rec_services.recommendation_evaluate(actor=self.handler, recommendation=self.rec(step.key),
                                             outcome=step.outcome, **extra)

    def follow_up(self, step: shapes.FollowUp) -> None:
        rec_services.follow_up_record(actor=self.handler, recommendation=self.rec(step.key),
                                      kind=step.kind, note=step.note)

    def request_review(self, step: shapes.RequestReview) -> None:
        self.reviews[step.key] = rec_services.review_request(
            actor=self.liaison, recommendation=self.rec(step.key), kind=step.kind,
            reason=step.reason)

    def decide_review(self, step: shapes.DecideReview) -> None:
        rec_services.review_decide(actor=self.approver, request=self.reviews[step.key],
                                   outcome=step.outcome, reason=step.reason)

    def extend(self, step: shapes.Extend) -> None:
        rec_extensions.recommendation_extend(actor=self.handler, recommendation=self.rec(step.key),
                                             days=step.days, reason=step.reason)

    def void(self, step: shapes.Void) -> None:
        rec_services.recommendation_void(actor=self.approver, recommendation=self.rec(step.key),
                                         reason=step.reason)

    def serve_batch(self, step: shapes.ServeBatch) -> None:
        case = self.case
        lead = rec_services.recommendation_draft_batch(
            actor=self.handler, case=case,
            agencies=[case.agency, *(self.agencies[key] for key in step.also)],
            instrument_type=self.kind, title=step.title, facts=step.facts, body=step.body)
        rec_services.recommendation_submit(actor=self.handler, recommendation=lead)
        rec_services.recommendation_approve(actor=self.approver, recommendation=lead)
        rec_services.recommendation_issue(actor=self.approver, recommendation=lead)
        rec_services.recommendation_serve(actor=self.handler, recommendation=lead,
                                          served_on=self.today)
        self.recs[step.key] = lead

    def supplement(self, step: shapes.Supplement) -> None:
        rec_services.reply_submit(actor=self.liaison, recommendation=self.rec(step.key),
                                  supplement=True, content=step.content)

    def require_signoff(self, step: shapes.RequireSignoff) -> None:
        agency = self.agencies[step.agency]
        agency.reply_requires_signoff = True
        agency.save(update_fields=["reply_requires_signoff"])

    def acknowledge(self, step: shapes.Acknowledge) -> None:
        self.recs[step.key] = rec_services.recommendation_acknowledge(
            actor=self._person(step.by), recommendation=self.rec(step.key))

    def save_reply_draft(self, step: shapes.SaveReplyDraft) -> None:
        rec = self.rec(step.key)
        extra = {}
        if step.measures:
            extra["measures"] = step.measures
        if step.item_answer:
            answer, measures = step.item_answer
            extra["item_answers"] = [
                rec_services.ItemAnswerInput(item_id=item.pk, answer=answer, measures=measures)
                for item in rec.items.all()]
        rec_services.reply_draft_save(actor=self._person(step.by), recommendation=rec,
                                      content=step.content, **extra)

    def submit_reply_draft(self, step: shapes.SubmitReplyDraft) -> None:
        rec_services.reply_draft_submit(actor=self._person(step.by),
                                        recommendation=self.rec(step.key))


def run_story(lifecycle: Lifecycle, *, today: datetime.date, agencies: dict[str, Agency]) -> bool:
    """Run ``lifecycle`` as of ``today`` (``agencies``: the demo agencies by key)."""
    return StoryRunner(lifecycle, today=today, agencies=agencies).run()
