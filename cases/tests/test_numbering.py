"""Case numbers: the procuratorate's format, gap-free and distinct under concurrency."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from cases.models import CaseNumberFormat, SupervisionCase
from cases.numbering import validate_case_number_format
from cases.services import case_register


def test_the_default_format(world):
    case = world.register_case()
    year = case.accepted_on.year
    assert case.number == f"定检刑监〔{year}〕1号"
    assert world.register_case().number == f"定检刑监〔{year}〕2号"


def test_a_procuratorate_sets_its_own_format(world):
    CaseNumberFormat.objects.create(procuratorate=world.dinghai, pattern="{short}{dept}{kind}〔{year}〕{seq:03d}号")
    case = world.register_case()
    assert case.number == f"定检一刑监〔{case.accepted_on.year}〕001号"
    # 普检 keeps the default
    other = world.register_case(actor=world.pt_procurator, agency=world.pt_court)
    assert other.number == f"普检刑监〔{other.accepted_on.year}〕1号"


@pytest.mark.parametrize("pattern", ["{kind}〔{year}〕{seq}号", "{short}{kind}{seq}", "{short}{kind}{year}{nope}{seq}",
                                     "{short}{kind}{year}{seq:x}", "{short{kind}{year}{seq}", "{short}{kind:3}{year}{seq}"])
def test_a_format_that_could_repeat_numbers_or_break_is_refused(pattern):
    with pytest.raises(ValidationError):
        validate_case_number_format(pattern)


def test_the_admin_form_validates_the_pattern(world):
    row = CaseNumberFormat(procuratorate=world.dinghai, pattern="{short}{seq}")
    with pytest.raises(ValidationError):
        row.full_clean()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("racers", [2, 4])
def test_concurrent_registrations_get_distinct_consecutive_numbers(world, racers):
    barrier = threading.Barrier(racers)
    errors: list[BaseException] = []

    def register(i: int) -> None:
        try:
            barrier.wait(timeout=10)
            case_register(actor=world.procurator, matter=world.matter, agency=world.court,
                          title=f"并发登记{i}", summary="并发")
        except BaseException as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(i,)) for i in range(racers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    cases = list(SupervisionCase.objects.order_by("pk"))
    year = cases[0].accepted_on.year
    assert sorted(c.number for c in cases) == sorted(f"定检刑监〔{year}〕{n}号" for n in range(1, racers + 1))
