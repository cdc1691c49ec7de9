"""The source texts a matter of the taxonomy comes from, as a reader sees them.

``Matter.source`` keeps the developers' trace back to the texts the product is built from, in
their short notation (``seed 000 §2；seed 004 §2``: for the CPC Central Committee's opinion
``§k`` is its numbered item k, for the four local decisions the article 一、二、…); a test holds
every matter to it. No reader sees that notation: :func:`cited` gives each text by its official
title and the article or item, as legal bases are cited everywhere else (DEADLINES.md,
"Explaining a due date").
"""

from __future__ import annotations

import re

from .deadlines import chinese_number

#: seed number -> the official title of the text.
TITLES = {
    "000": "《湖北省人民代表大会常务委员会关于进一步加强新时代检察机关法律监督工作的决定》",
    "001": "《舟山市定海区人民代表大会常务委员会关于加强新时代检察机关法律监督工作的决定》",
    "002": "《中共中央关于加强新时代检察机关法律监督工作的意见》",
    "003": "《天津市人民代表大会常务委员会关于加强新时代检察机关法律监督工作的决定》",
    "004": "《新疆维吾尔自治区人民代表大会常务委员会关于加强新时代检察机关法律监督工作的决议》",
}

_CITATION = re.compile(r"seed (00[0-4]) §(\d+)")


def _article(seed: str, section: int) -> str:
    # The opinion numbers its items 1. 2. …; the decisions and the resolution their articles
    # 一、二、…
    return f"第{section}项" if seed == "002" else f"第{chinese_number(section)}条"


def cited(source: str) -> str:
    """``seed 000 §2；seed 002 §6`` → 《湖北省…决定》第二条；《中共中央…意见》第6项 (text that is
    not in the notation is kept as it is)."""
    return _CITATION.sub(lambda m: TITLES[m[1]] + _article(m[1], int(m[2])), source)
