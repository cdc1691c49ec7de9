"""The demo's texts follow each type's sections: what a type lacks moves where it is printed."""

import pytest

from demo.sections import fitted
from recommendations.choices import instrument_sections
from recommendations.models import InstrumentType

pytestmark = pytest.mark.django_db

TEXTS = {"facts": "事实。", "problems": "问题。", "legal_basis": "依据。"}


@pytest.mark.parametrize("code", ["recommendation", "correction_notice", "protest", "clue_transfer"])
def test_no_text_is_lost_and_every_text_lands_in_a_printed_section(code):
    instrument_type = InstrumentType.objects.get(code=code)
    used = {s.field for s in instrument_sections(instrument_type)}
    out = fitted(instrument_type, **TEXTS)
    printed = "".join(out[field] for field in ("facts", "problems", "legal_basis") if field in used)
    assert all(text in printed for text in TEXTS.values())
    assert all(not out[field] for field in out if field not in used)


def test_a_type_with_every_section_is_left_alone():
    assert fitted(InstrumentType.objects.get(code="recommendation"), **TEXTS) == TEXTS
