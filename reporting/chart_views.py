"""The charts beside the statistics and scorecard tables, each an SVG of its own (issue 16).

Each view reads exactly what its page reads — the same GET parameters through the same form,
the same scope, the same 404 — by calling the page's own helper, and draws it with
:mod:`reporting.charts`. The page shows the chart as ``<img src>`` and keeps its table as the
text equivalent."""

from __future__ import annotations

from csp.constants import NONE, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from supervision.db import read_from_replica

from . import charts
from . import statistics as S
from .scorecard_exports import scorecard_chart
from .scorecard_views import card_for, ranking_for
from .scorecards import figures_by_code as scorecard_figures
from .statistics_views import stats_for

#: The reply figures the statistics chart compares: ``due`` and the three that split it.
STATISTICS_CHART = ("due", "replied_on_time", "replied_late", "unanswered")

#: The policy of a chart response, replacing the site's for it alone. matplotlib's SVG has a
#: ``<style>`` element and ``style`` attributes, which the pages' ``style-src 'self'`` would
#: refuse; the chart needs inline style and nothing else — no script, no fetch of any kind (an
#: SVG drawn as an image never runs script anyway, and one opened directly must not either).
#: The HTML pages keep the strict policy (tests/test_csp.py).
CHART_POLICY = {
    "default-src": [NONE], "script-src": [NONE], "style-src": [UNSAFE_INLINE],
    "img-src": [NONE], "font-src": [NONE], "connect-src": [NONE], "form-action": [NONE],
}


def _svg(svg: bytes) -> HttpResponse:
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-cache"  # figures of the viewer's scope, as of now
    return response


@login_required
@read_from_replica
@csp_replace(CHART_POLICY)
def statistics_chart(request: HttpRequest) -> HttpResponse:
    """The main reply figures, this period against the same period a year before."""
    _form, stats, _period = stats_for(request)
    if stats is None:  # the parameters do not validate: the page shows why, no chart
        raise Http404
    labels = [str(S.FIGURES_BY_CODE[code].label) for code in STATISTICS_CHART]
    return _svg(charts.comparison_bar(
        labels, [stats.current[c] for c in STATISTICS_CHART],
        [stats.previous[c] for c in STATISTICS_CHART], _("回复情况：本期与去年同期"),
        series=(_("本期"), _("去年同期"))))


@login_required
@read_from_replica
@csp_replace(CHART_POLICY)
def agency_ranking_chart(request: HttpRequest) -> HttpResponse:
    """The ranking's agencies by the figure it is ordered by, in the table's order."""
    ranking = ranking_for(request)
    if not ranking.valid:
        raise Http404
    figure = scorecard_figures()[ranking.sort]
    title = _("%(type)s · %(figure)s") % {"type": ranking.type_label, "figure": figure.label}
    return _svg(charts.ranking_bar([row["name"] for row in ranking.rows],
                                   [row[figure.code] for row in ranking.rows], title,
                                   percent=figure.rate))


@login_required
@read_from_replica
@csp_replace(CHART_POLICY)
def agency_scorecard_chart(request: HttpRequest, pk: int) -> HttpResponse:
    """One agency's reply figures for the period: the chart its PDF carries too."""
    _agency, _form, _start, _end, card = card_for(request, pk)
    return _svg(scorecard_chart(card))
