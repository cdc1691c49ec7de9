"""An instrument keeps copies of its case's procuratorate, department, handler and kind
(``Recommendation.CASE_COPIES``), made when it is created; the self-checks compare them with
the case."""

from __future__ import annotations

from recommendations.models import Recommendation
from recommendations.selfcheck import _case_copies_differ
from supervision.models import Department


def test_the_copies_are_made_with_the_instrument_and_checked(world):
    rec = world.draft()
    case = rec.case
    assert (rec.procuratorate_id, rec.case_department_id, rec.case_handler_id,
            rec.case_kind_id) == (case.procuratorate_id, case.department_id, case.handler_id,
                                  case.kind_id)
    assert case.department_id is not None and _case_copies_differ(None) == []
    other = Department.objects.create(procuratorate=world.dinghai, name="第二检察部", code="二")
    Recommendation.objects.filter(pk=rec.pk).update(case_department=other)
    assert _case_copies_differ(None) == [rec.pk]
    Recommendation.objects.filter(pk=rec.pk).update(case_department=None)
    assert _case_copies_differ(None) == [rec.pk]
    Recommendation.objects.filter(pk=rec.pk).update(case_department=case.department,
                                                    case_handler=world.approver)
    assert _case_copies_differ(None) == [rec.pk]
