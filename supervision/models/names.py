"""Reference data in both languages: a Chinese name, and an English one beside it for the
English interface (issue 14). Official documents always print the Chinese ``name``."""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

#: Help text of every ``name_en`` field (blank: the English interface shows the Chinese).
NAME_EN_HELP = _("英文界面显示的名称；留空则显示中文名称。正式文书始终使用中文名称。")


def chinese_active() -> bool:
    """Whether the interface speaks Chinese now (the default when no language is active)."""
    return (get_language() or "zh-hans").startswith("zh")


def localized(name: str, name_en: str | None) -> str:
    """``name_en`` when the interface is not Chinese and an English name has been entered,
    else ``name`` — for rows read with ``values()`` (read both columns, pick here)."""
    if name_en and not chinese_active():
        return name_en
    return name


class LocalizedName:
    """Mixin for reference models with ``name`` (Chinese, official) and ``name_en`` (blank
    allowed): ``str()`` follows the interface language, so selects, tables and headings need
    nothing more. Documents, numbers and receipts read ``.name`` explicitly."""

    name: str
    name_en: str

    @property
    def localized_name(self) -> str:
        return localized(self.name, self.name_en)

    def __str__(self) -> str:
        return self.localized_name
