"""What the case pages share: the case a request may work on. A service's refusal is turned
into what the user reads by ``supervision.service_errors``."""

from __future__ import annotations

from django.http import HttpRequest

from ..models import SupervisionCase
from ..permissions import case_to_work_on as case_for_work


def case_to_work_on(request: HttpRequest, pk: int) -> SupervisionCase:
    """The case the request's user may work on (see ``cases.permissions.case_to_work_on``)."""
    return case_for_work(request.user, pk)
