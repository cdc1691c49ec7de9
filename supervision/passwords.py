"""Password rules beyond Django's own (issue 15, 等保三级): three kinds of character, and never
a published password outside demo mode. Messages are msgids, so every user reads them in
their own language (Django's own validators come translated with Django)."""

from __future__ import annotations

import string

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

#: Passwords printed in the README, the demo world and its tests: usable only in demo mode.
PUBLISHED = frozenset({"demo-pass-2026"})


def _classes(password: str) -> int:
    kinds = (
        any(c.islower() for c in password),
        any(c.isupper() for c in password),
        any(c.isdigit() for c in password),
        any(not c.isalnum() or c in string.punctuation for c in password),
    )
    return sum(kinds)


class CharacterClassValidator:
    """At least ``min_classes`` of: lower-case letters, capitals, digits, other characters."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        if _classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self) -> str:
        return _("密码须包含小写字母、大写字母、数字和其他符号中的至少 %(n)s 种。") % {
            "n": self.min_classes}


class PublishedPasswordValidator:
    """A password published with the demo world is refused outside demo mode."""

    def validate(self, password: str, user=None) -> None:
        if password in PUBLISHED and not settings.DEMO_MODE:
            raise ValidationError(_("该密码已公开（演示账号的密码），不能使用。"),
                                  code="password_published")

    def get_help_text(self) -> str:
        return _("不能使用公开的演示密码。")


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, with an error message the Chinese interface can read: Django 5.2 changed its
    msgid (``%d`` for ``%(min_length)d``) and its zh_Hans catalogue still has only the old one,
    so the refusal came out in English."""

    def get_error_message(self) -> str:
        return ngettext("密码太短：至少需要 %(n)d 个字符。", "密码太短：至少需要 %(n)d 个字符。",
                        self.min_length) % {"n": self.min_length}
