"""Similar-case recommendations (类案检察建议, seed 004 §3): the same problem at several
agencies answered by one draft and one approval, issued as one instrument per addressee —
each with its own number, PDF, service and clock (DOMAIN.md §4). The fan-out happens in
``recommendation_issue`` (drafting.py), inside the issuing transaction: each sibling is created
as a copy of the approved draft and issued through the transition table's ``issue_with_lead``
(a step of the system, not of a person)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agencies.models import Agency
from supervision.models import User

from ..models import Recommendation, RecommendationBatch
from .drafting import check_addressee, recommendation_draft


@transaction.atomic
def recommendation_draft_batch(*, actor: User, agencies: list[Agency], **draft) -> Recommendation:
    """Draft one similar-case recommendation to every agency in ``agencies`` (two or more);
    returns the lead draft (addressed to the first), which is submitted and approved once."""
    unique = list({a.pk: a for a in agencies}.values())
    if len(unique) < 2:
        raise ValidationError({"agencies": _("类案检察建议至少主送两个单位。")})
    for agency in unique:
        check_addressee(draft["instrument_type"], agency)
        if agency.supervising_procuratorate_id != draft["case"].procuratorate_id:
            raise ValidationError({"agencies": _("%(agency)s 不由本院监督。") % {
                "agency": agency.name}})
    batch = RecommendationBatch.objects.create(created_by=actor)
    batch.addressees.set(unique)
    return recommendation_draft(actor=actor, agency=unique[0], batch=batch, **draft)
