"""Chinese identity numbers: validation and masking.

- 公民身份号码 (GB 11643-1999): 6-digit address code, 8-digit birth date, 3-digit sequence and
  an ISO 7064 MOD 11-2 check character (0–9 or X).
- 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character alphabet (no I, O, Z, S,
  V), the last one a MOD 31 check character.

Personal ID numbers are personal information (个人信息保护法 art. 28: sensitive); lists,
exports and the API show them masked (``3301********1234``).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_RID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_RID_CHECK = "10X98765432"
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def normalize_id(value: str) -> str:
    """Strip spaces and upper-case (a trailing ``x`` is the check character X)."""
    return "".join(value.split()).upper()


def resident_id_check_char(first17: str) -> str:
    return _RID_CHECK[sum(int(c) * w for c, w in zip(first17, _RID_WEIGHTS)) % 11]


def validate_resident_id(value: str) -> str:
    """Return the normalised 18-character 公民身份号码 or raise ValidationError."""
    number = normalize_id(value)
    if len(number) != 18 or not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError(_("公民身份号码应为18位，前17位为数字，末位为数字或X。"), code="format")
    try:
        born = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError as exc:
        raise ValidationError(_("公民身份号码中的出生日期无效。"), code="birth_date") from exc
    if born.year < 1900 or born > datetime.date.today():
        raise ValidationError(_("公民身份号码中的出生日期无效。"), code="birth_date")
    if resident_id_check_char(number[:17]) != number[17]:
        raise ValidationError(_("公民身份号码校验位不正确，请核对。"), code="checksum")
    return number


def uscc_check_char(first17: str) -> str:
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS))
    return _USCC_ALPHABET[(31 - total % 31) % 31]


def validate_uscc(value: str) -> str:
    """Return the normalised 统一社会信用代码 or raise ValidationError."""
    code = normalize_id(value)
    if len(code) != 18 or any(c not in _USCC_ALPHABET for c in code):
        raise ValidationError(_("统一社会信用代码应为18位数字或大写字母（不含I、O、Z、S、V）。"),
                              code="format")
    if uscc_check_char(code[:17]) != code[17]:
        raise ValidationError(_("统一社会信用代码校验位不正确，请核对。"), code="checksum")
    return code


def mask_id(value: str, *, keep_start: int = 4, keep_end: int = 4) -> str:
    """``330102199001011234`` → ``3301**********1234``; short values are masked whole."""
    if not value:
        return ""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]
