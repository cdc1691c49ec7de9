"""A person's name as lists show it when the person must not be identified: the one masking
rule (张某某), used for the parties of juvenile cases (``cases``: seed 003 §8, 未成年人保护法
第一百零三条) wherever a list, export, statistic, notification or the portal names them.
The public page's de-identification (``publication.deidentify``) goes further (某某, no
surname) and shares the compound surnames kept here."""

from __future__ import annotations

#: Compound surnames (复姓) in current use.
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "皇甫", "尉迟", "公孙", "慕容", "令狐",
                     "长孙", "宇文", "司徒", "夏侯", "轩辕", "端木", "独孤", "呼延", "澹台",
                     "万俟", "闻人", "申屠")
#: What follows the surname: one form whatever the length of the given name, so the mask
#: does not tell it.
GIVEN_NAME = "某某"


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def mask_name(name: str) -> str:
    """``张小明`` → ``张某某``, ``欧阳娜娜`` → ``欧阳某某``; a name not in Chinese characters keeps
    its first letter (``Ali Khan`` → ``A**``). Empty stays empty."""
    name = name.strip()
    if not name:
        return ""
    if not _is_han(name[0]):
        return f"{name[0]}**"
    surname = next((s for s in COMPOUND_SURNAMES if name.startswith(s) and len(name) > len(s)),
                   name[0])
    return surname + GIVEN_NAME


def mask_names_in(text: str, names: list[str] | tuple[str, ...]) -> str:
    """``text`` with each of ``names`` (longest first, so 张小明 is not half-replaced by 张小)
    replaced by its mask."""
    for name in sorted({n.strip() for n in names if n.strip()}, key=len, reverse=True):
        text = text.replace(name, mask_name(name))
    return text
