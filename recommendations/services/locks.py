"""The row lock every instrument service takes first.

Its own module so that every stage's service (drafting, service, extensions, replies …) can
import it without importing another stage: the services form no import cycle.
"""

from __future__ import annotations

from ..models import Recommendation


def lock_recommendation(recommendation: Recommendation) -> Recommendation:
    """Re-read the instrument under a row lock so two concurrent actions cannot both pass the
    transition table; with what the table's actor kinds and the services read of it."""
    return Recommendation.objects.select_for_update(of=("self",)).select_related(
        "case", "case__procuratorate", "case__department", "case__handler", "instrument_type",
        "instrument_type__period_rule", "agency", "drafted_by",
    ).get(pk=recommendation.pk)
