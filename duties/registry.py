"""What each flow of the agencies' duties tells the pages that show and count them all.

A flow registers one :class:`Flow` from its ``duties/wiring/<flow>.py`` (``register``); the
intake overview (/duties/), the dashboards, the portal's navigation, the period statistics
and the agency scorecards read :func:`flows` and never name a flow themselves. The rows a
flow gives are always already limited to what the viewer may see (``duties/permissions/``).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.translation import override

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from supervision.models import User


@dataclass(frozen=True)
class FlowFigure:
    """One count of a flow for the period statistics and the agency scorecards.

    ``rows(start, end)`` gives the rows counted for the period (both days included, Beijing
    dates: "notices filed in the period", "requests answered on time in the period"), not yet
    limited to any viewer; the statistics count them per procuratorate through
    ``procuratorate`` (a field path), within the viewer's scope, and the scorecards per agency
    through ``agency``. Labels and definitions are in both languages, as
    ``reporting.scorecards.Figure`` has them (pages, exports and docs read the same words)."""

    code: str
    label: str
    label_en: str
    definition: str
    definition_en: str
    rows: Callable[[datetime.date, datetime.date], QuerySet]
    procuratorate: str = "procuratorate"
    agency: str = "agency"
    #: Whether the agency scorecards show it (a count of the agency's own conduct).
    scorecard: bool = True

    def __post_init__(self) -> None:
        # The Chinese label and definition are plain text (the English beside them is the
        # translation): one marked for translation (``gettext_lazy``) is resolved in Chinese
        # here, so no page, file or export receives a lazy object.
        with override("zh-hans"):
            for name in ("label", "definition"):
                object.__setattr__(self, name, str(getattr(self, name)))

    @property
    def title(self) -> str:
        """The label in the reader's language (``label_en`` outside Chinese, when given)."""
        from supervision.models.names import localized

        return localized(self.label, self.label_en)

    @property
    def explanation(self) -> str:
        """The definition in the reader's language."""
        from supervision.models.names import localized

        return localized(self.definition, self.definition_en)


@dataclass(frozen=True)
class Flow:
    """One flow: its name, its pages and its queues."""

    key: str
    #: What the flow is called on the pages (a lazy translation), e.g. "移送涉嫌犯罪案件通知".
    label: Any
    #: URL name of the procuratorate's intake queue ("duties:transfer-notices").
    staff_url: str
    #: The rows waiting for the procuratorate's action that ``user`` may see (a queryset; the
    #: dashboards count it). Empty for a user who sees none.
    staff_pending: Callable[[User], QuerySet]
    #: URL name of the liaison's list in the portal, or "" where the flow has none.
    portal_url: str = ""
    #: The agency types (``agencies.choices.AgencyType`` values) whose liaisons the flow
    #: concerns: the portal's menu offers it only to a liaison acting for one of them (a
    #: court has no transfer notices to file). Empty: every agency.
    portal_agency_types: frozenset[str] = frozenset()
    #: The rows waiting for the liaison's agency (``user.agency_id``): a queryset.
    agency_pending: Callable[[User], QuerySet] | None = None
    figures: tuple[FlowFigure, ...] = field(default_factory=tuple)
    #: Optional, for the dashboards of viewers who read figures but not the queue (the
    #: people's congress observer, an assistant): every row waiting for the procuratorate,
    #: not limited to any viewer; the dashboard limits it to the viewer's dashboard scope
    #: through ``pending_procuratorate`` (a field path). Without it the dashboards count
    #: ``staff_pending(user)``.
    pending: Callable[[], QuerySet] | None = None
    pending_procuratorate: str = "procuratorate"


_FLOWS: dict[str, Flow] = {}


def register(flow: Flow) -> Flow:
    """Register ``flow`` (once, at start-up); a second flow of the same key is an error, and
    so is a figure code another flow already uses (the statistics and the scorecards key
    their figures by code, next to each other's)."""
    if flow.key in _FLOWS and _FLOWS[flow.key] != flow:
        raise ValueError(f"duty flow {flow.key!r} is already registered")
    codes = [figure.code for figure in flow.figures]
    taken = {f.code for other in _FLOWS.values() if other.key != flow.key for f in other.figures}
    if len(set(codes)) != len(codes) or taken & set(codes):
        raise ValueError(f"duty flow {flow.key!r}: figure codes must be unique ({codes})")
    _FLOWS[flow.key] = flow
    return flow


def unregister(key: str) -> None:
    """Take the flow ``key`` out of the registry (tests)."""
    _FLOWS.pop(key, None)


@contextmanager
def registered(*added: Flow, alone: bool = False) -> Iterator[list[Flow]]:
    """Within the block, ``added`` are registered too — or, with ``alone``, they are the only
    flows (a test that pins counts or query numbers must not depend on which flows the
    project has). The registry is put back as it was afterwards, whatever happens."""
    saved = dict(_FLOWS)
    try:
        if alone:
            _FLOWS.clear()
        for flow in added:
            _FLOWS.pop(flow.key, None)
            register(flow)
        yield flows()
    finally:
        _FLOWS.clear()
        _FLOWS.update(saved)


def flows() -> list[Flow]:
    """The registered flows, in the order of ``duties.apps.FLOWS``."""
    from .apps import FLOWS

    return sorted(_FLOWS.values(), key=lambda f: FLOWS.index(f.key) if f.key in FLOWS else 99)


def figures() -> list[FlowFigure]:
    """Every flow's figures, in flow order."""
    return [figure for flow in flows() for figure in flow.figures]
