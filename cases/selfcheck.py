"""Self-checks on cases and their deadlines (registered with ``supervision.services.selfcheck``)."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils.translation import gettext_noop

from supervision.models import User
from supervision.services.selfcheck import check, inconsistent_deadlines

from .models import ClueTransfer
from .permissions import users_holding_shared_cases


@check("transfer_due_inconsistent", gettext_noop("线索移送的反馈期限与其计算说明不一致，或与现行法定节假日安排不符"))
def _transfer_due_inconsistent(today: datetime.date) -> list:
    return inconsistent_deadlines(ClueTransfer)


@check("shared_case_fact_out_of_step", gettext_noop("用户的“有共享案件”标记与共享记录不一致（标记缺失时共享案件对其不可见）"))
def _shared_case_fact(today: datetime.date) -> list:
    """``User.has_shared_cases`` against the object permissions: a False beside a share hides
    the case from its user (e.g. a grant to a group, made outside ``case_share``); a True
    with none left only costs a subquery."""
    holders = users_holding_shared_cases().values("pk")
    out_of_step = User.objects.filter(Q(has_shared_cases=False, pk__in=holders)
                                      | Q(has_shared_cases=True) & ~Q(pk__in=holders))
    return list(out_of_step.order_by("pk").values_list("pk", flat=True))
