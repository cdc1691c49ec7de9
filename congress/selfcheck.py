"""Self-checks on the people's congress opinions (registered with
``supervision.services.selfcheck``)."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_noop

from supervision.services.selfcheck import check, inconsistent_deadlines

from .models import DeliberationOpinion


@check("opinion_due_inconsistent", gettext_noop("人大审议意见的书面回复期限与其计算说明不一致，或与现行法定节假日安排不符"))
def _opinion_due_inconsistent(today: datetime.date) -> list:
    return inconsistent_deadlines(DeliberationOpinion)
