"""The grading rule (``quality/grading.py``): the grade the results call for, and what a
reviewer must say to give another."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from quality.grading import FLAW_LIMIT, Tally, check_grade, suggested_grade, tally


def test_results_are_counted_with_key_failures_apart():
    counted = tally([("conforms", True), ("flaw", False), ("nonconforming", True),
                     ("nonconforming", False), ("not_applicable", False)])
    assert counted == Tally(conforms=1, flaws=1, key_failures=1, other_failures=1,
                            not_applicable=1)
    assert counted.problems == 3 and counted.applicable == 4


@pytest.mark.parametrize(("counted", "grade"), [
    (Tally(conforms=10), "excellent"),
    (Tally(conforms=10, not_applicable=3), "excellent"),
    (Tally(conforms=9, flaws=1), "pass"),
    (Tally(conforms=8, flaws=FLAW_LIMIT - 1), "pass"),
    (Tally(conforms=7, flaws=FLAW_LIMIT), "flawed"),
    (Tally(conforms=9, other_failures=1), "flawed"),
    (Tally(conforms=9, key_failures=1), "fail"),
    (Tally(conforms=5, flaws=2, other_failures=1, key_failures=1), "fail"),
])
def test_the_grade_the_results_call_for(counted, grade):
    assert suggested_grade(counted) == grade


def test_the_suggested_grade_needs_no_reason():
    assert check_grade("pass", Tally(conforms=5, flaws=1), "") == "pass"


def test_another_grade_needs_a_reason():
    counted = Tally(conforms=5, key_failures=1)
    with pytest.raises(ValidationError) as refused:
        check_grade("flawed", counted, "  ")
    assert "应评定为“不合格”" in str(refused.value.message_dict["grade_reason"])
    assert check_grade("flawed", counted, "关键项问题已在办案中自行纠正。") == "fail"
    # stricter than the results, too, is explained
    with pytest.raises(ValidationError):
        check_grade("fail", Tally(conforms=5), "")


def test_excellent_is_never_given_with_a_problem_found():
    with pytest.raises(ValidationError) as refused:
        check_grade("excellent", Tally(conforms=9, flaws=1), "整体很好")
    assert "不能评定为优质" in str(refused.value.message_dict["grade"])


def test_a_review_with_nothing_applicable_cannot_be_graded():
    with pytest.raises(ValidationError, match="至少应有一项"):
        check_grade("excellent", Tally(not_applicable=4), "")
    with pytest.raises(ValidationError):
        check_grade("great", Tally(conforms=1), "")
