"""Self-checks on cases and their deadlines (registered with ``supervision.services.selfcheck``)."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext_noop

from supervision.services.selfcheck import check, inconsistent_deadlines

from .models import ClueTransfer


@check("transfer_due_inconsistent", gettext_noop("线索移送的反馈期限与其计算说明不一致，或与现行法定节假日安排不符"))
def _transfer_due_inconsistent(today: datetime.date) -> list:
    return inconsistent_deadlines(ClueTransfer)
