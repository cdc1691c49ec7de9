"""案号 formats: a per-procuratorate pattern with placeholders, validated before it is saved.

The counter behind ``{seq}`` is per procuratorate, kind and year (``CaseNumberSequence``), so a
pattern must contain ``{short}``, ``{kind}``, ``{year}`` and ``{seq}``: without any of them two
counters could produce the same number and ``SupervisionCase.number`` is unique.
"""

from __future__ import annotations

import re
import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DEFAULT_CASE_NUMBER_FORMAT = "{short}{kind}〔{year}〕{seq}号"
PLACEHOLDERS = frozenset({"short", "kind", "dept", "year", "seq"})
REQUIRED = frozenset({"short", "kind", "year", "seq"})


def _fields(pattern: str) -> list[tuple[str, str]]:
    try:
        return [(name, spec or "") for _text, name, spec, _conv in string.Formatter().parse(pattern)
                if name is not None]
    except ValueError as exc:
        raise ValidationError(_("案号格式中的花括号不匹配。")) from exc


def validate_case_number_format(pattern: str) -> None:
    fields = _fields(pattern)
    names = {name for name, _spec in fields}
    unknown = names - PLACEHOLDERS
    if unknown:
        raise ValidationError(_("未知的占位符：%(names)s。") % {"names": "、".join(sorted(unknown))})
    missing = REQUIRED - names
    if missing:
        raise ValidationError(_("案号格式必须包含 %(names)s。") % {
            "names": "、".join(f"{{{n}}}" for n in sorted(missing))})
    for name, spec in fields:
        if spec and (name != "seq" or not re.fullmatch(r"0[1-9]d", spec)):
            raise ValidationError(_("只有 {seq} 可以指定补零位数，如 {seq:03d}。"))
    render_case_number(pattern, short="定检", kind="民监", dept="一", year=2026, seq=1)


def render_case_number(pattern: str, *, short: str, kind: str, dept: str, year: int, seq: int) -> str:
    """Fill the pattern, e.g. ``定检民监〔2026〕12号``."""
    try:
        return pattern.format(short=short, kind=kind, dept=dept, year=year, seq=seq)
    except (ValueError, KeyError, IndexError) as exc:
        raise ValidationError(_("案号格式无效：%(error)s") % {"error": exc}) from exc
