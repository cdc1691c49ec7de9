"""Permission-matrix rows of public-interest litigation (issue 18): a case's suit is seen by
those who see the case and handled by those who work on it. Liaisons, observers and
administrators: 404 everywhere."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import time_machine

from tests.matrix_rows.base import CASE_READERS, CASE_WORKERS, SIGNED_IN, STAFF, Row, _api

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def _litigation(objects: dict) -> dict:
    """A public-interest case of the fixture case's procurator with a civil suit being
    prepared, and a 督促起诉 draft on it (made on first use)."""
    if "litigation" not in objects:
        from agencies.models import Agency
        from cases.services import case_register
        from litigation import services
        from recommendations.models import InstrumentType
        from recommendations.services import recommendation_draft
        from supervision.models import Matter

        case = objects["case"]
        procurator = case.handler
        with time_machine.travel(NOW, tick=False):
            pil_case = case_register(
                actor=procurator, agency=case.agency, title="某化工厂非法排污损害公益案",
                summary="非法排污。", assistant=case.assistant,
                matter=Matter.objects.filter(kind__code="public_interest",
                                             children__isnull=True).first())
            suit = services.suit_open(actor=procurator, case=pil_case, kind="civil",
                                      defendant="舟山某化工有限公司")
            organ = Agency.objects.filter(agency_type="administrative").order_by("pk").first()
            urge = recommendation_draft(
                actor=procurator, case=pil_case, agency=organ, title="督促起诉意见书",
                body="建议依法提起诉讼。",
                instrument_type=InstrumentType.objects.get(code="pil_urge_suit"))
        objects["litigation"] = {"case": pil_case, "suit": suit, "urge": urge}
    return objects["litigation"]


def _l(key: str):
    return lambda o: [_litigation(o)[key].pk]


ROWS: dict[str, Row] = {
    "litigation:list": Row(ok=STAFF),
    "litigation:create": Row(ok=CASE_WORKERS, args=_l("case")),
    "litigation:detail": Row(ok=CASE_READERS, args=_l("suit")),
    "litigation:step": Row(ok=CASE_WORKERS, args=lambda o: [_litigation(o)["suit"].pk, "announce"]),
    # Not yet judged: the workers reach the service, which refuses (the page says why).
    "litigation:lapse": Row(ok=CASE_WORKERS, method="post", args=_l("suit")),
    "litigation:indictment-pdf": Row(ok=CASE_READERS, args=_l("suit")),
    "litigation:instrument-outcome": Row(ok=CASE_WORKERS, args=_l("urge")),
    "api-public-interest-suit-list": _api(ok=SIGNED_IN),
    "api-public-interest-suit-detail": _api(ok=CASE_READERS, args=_l("suit")),
}
