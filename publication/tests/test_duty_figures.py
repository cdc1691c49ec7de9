"""A publication's frozen statistics hold the agencies' duties' figures (issue 19) with their
labels and definitions, under their own heading (the flows of ``tests/duty_flows.py``)."""

from __future__ import annotations

import pytest
import time_machine

from publication.selectors import figure_groups, freeze_figures
from reporting.tests.test_duty_figures import NOW, TODAY, YEAR, _rows

pytestmark = pytest.mark.django_db


def test_a_publication_freezes_the_flow_figures_with_their_definitions(world, duty_flows):
    with time_machine.travel(NOW, tick=False):
        _rows(world)
        frozen = freeze_figures(world.dinghai, *YEAR, today=TODAY)
    assert frozen["test_transfers_made"] == 3
    assert frozen["definitions"]["test_transfers_made"]["label"] == "移送线索（测试）"
    groups = {g["code"]: g for g in figure_groups(frozen)}
    assert [r["code"] for r in groups["duties"]["rows"]] == [
        "test_transfers_made", "test_feedback_on_time", "test_refusals"]
