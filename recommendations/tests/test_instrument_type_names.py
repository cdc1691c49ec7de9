"""Instrument types in both languages (issue 14): each seeded type has an English name
(recommendations 0016) that the English interface shows, while the document, its number and
the service receipt print the Chinese name whatever the interface language."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from recommendations import documents
from recommendations.models import InstrumentType
from recommendations.tests.test_documents import recommendation  # noqa: F401 (fixture)

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


@pytest.mark.django_db
def test_every_seeded_type_has_an_english_name() -> None:
    rows = list(InstrumentType.objects.values_list("code", "name_en"))

    # The seventeen of 0003, the two preservation suggestions (issue 18) and the types other
    # apps' data migrations add: every one has its English name.
    codes = {code for code, _name in rows}
    assert len(rows) >= 19
    assert {"property_preservation_recommendation", "evidence_preservation_recommendation"} <= codes
    for code, name_en in rows:
        assert name_en and not CJK.search(name_en), code


@pytest.mark.django_db
def test_a_type_reads_in_the_interface_language() -> None:
    notice = InstrumentType.objects.get(code="correction_notice")

    assert str(notice) == "纠正违法通知书"
    with translation.override("en"):
        assert str(notice) == "Notice of correction of violations"
    notice.name_en = ""
    with translation.override("en"):
        assert str(notice) == "纠正违法通知书"


def test_the_document_stays_chinese_in_the_english_interface(recommendation):  # noqa: F811
    recommendation.instrument_type = InstrumentType.objects.get(code="correction_notice")
    recommendation.save()

    with translation.override("en"):
        html = documents.render_instrument_html(recommendation)
        receipt = documents.receipt_context(recommendation)

    assert "纠正违法通知书" in html
    assert "Notice of correction" not in html
    assert receipt["document_name"] == "纠正违法通知书"


@pytest.mark.django_db(transaction=True)
def test_transactional_tests_reload_the_english_names_after_a_flush() -> None:
    from django.core.management import call_command

    from supervision.models import Matter, PeriodRule, SupervisionKind
    from tests.reference_data import ensure_reference_data

    call_command("flush", interactive=False, verbosity=0)
    ensure_reference_data()

    for model in (SupervisionKind, Matter, PeriodRule, InstrumentType):
        assert model.objects.exists()
        assert not model.objects.filter(name_en="").exists(), model.__name__
