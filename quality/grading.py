"""The grading rule: which grade the checklist's results call for, and what a reviewer must say
to give another one. Pure (no database), the one place the rule lives.

《人民检察院案件质量评查工作规定》 (最高人民检察院) grades a reviewed case 优质、合格、瑕疵、不合格
and leaves the thresholds to the reviewing procuratorate's own standards; these are ours, each
adjustable here and stated to the reviewer on the grading form:

* **不合格** — any key item (关键项: ``ChecklistItem.key``) found 不符合;
* **瑕疵** — otherwise, any other item 不符合, or :data:`FLAW_LIMIT` or more items 瑕疵;
* **合格** — otherwise, one or more items 瑕疵 (fewer than :data:`FLAW_LIMIT`);
* **优质** — every applicable item 符合.

The grade is the reviewer's: a grade other than the one the results call for needs a written
reason (it is shown with the grade, on the page and in the report) — except 优质, which is
never given to a case with any problem found, reason or not.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .choices import Grade, ItemResult

#: From this many 瑕疵 items the results call for 瑕疵 rather than 合格.
FLAW_LIMIT = 3


@dataclass(frozen=True)
class Tally:
    """The results counted: 符合, 瑕疵, 不符合 (key items apart), 不适用."""

    conforms: int = 0
    flaws: int = 0
    key_failures: int = 0
    other_failures: int = 0
    not_applicable: int = 0

    @property
    def problems(self) -> int:
        return self.flaws + self.key_failures + self.other_failures

    @property
    def applicable(self) -> int:
        return self.conforms + self.problems


def tally(results: Iterable[tuple[str, bool]]) -> Tally:
    """Count ``(result, key item?)`` pairs."""
    counts = {"conforms": 0, "flaws": 0, "key_failures": 0, "other_failures": 0,
              "not_applicable": 0}
    for result, key in results:
        if result == ItemResult.CONFORMS:
            counts["conforms"] += 1
        elif result == ItemResult.FLAW:
            counts["flaws"] += 1
        elif result == ItemResult.NONCONFORMING:
            counts["key_failures" if key else "other_failures"] += 1
        else:
            counts["not_applicable"] += 1
    return Tally(**counts)


def suggested_grade(counted: Tally) -> str:
    """The grade the results call for (see the module's rule)."""
    if counted.key_failures:
        return Grade.FAIL
    if counted.other_failures or counted.flaws >= FLAW_LIMIT:
        return Grade.FLAWED
    if counted.flaws:
        return Grade.PASS
    return Grade.EXCELLENT


def check_grade(grade: str, counted: Tally, reason: str) -> str:
    """The grade ``grade`` given with ``reason`` against the results; returns the grade the
    results call for, or raises ``ValidationError`` in the reviewer's language."""
    if grade not in Grade.values:
        raise ValidationError({"grade": _("请选择评定等次。")})
    if counted.applicable == 0:
        raise ValidationError(_("至少应有一项评查项目适用，才能评定等次。"))
    suggested = suggested_grade(counted)
    if grade == Grade.EXCELLENT and suggested != Grade.EXCELLENT:
        raise ValidationError({"grade": _("评查发现瑕疵或不符合的项目，不能评定为优质。")})
    if grade != suggested and not reason.strip():
        raise ValidationError({"grade_reason": _(
            "按评查结果应评定为“%(suggested)s”；评定为“%(grade)s”的，应当说明理由。") % {
            "suggested": Grade(suggested).label, "grade": Grade(grade).label}})
    return suggested
