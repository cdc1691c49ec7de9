"""Numbering inside an instrument's sections, as 党政机关公文格式 (GB/T 9704-2012 §7.3.3) nests it:
sections 一、二、三、 (the document's own headings), items inside a section （一）（二）（三）,
points inside an item 1. 2. 3.

What a procurator types is numbered in whatever way came to hand — 一、 or （一） or 1. — and
printed as typed it nests wrongly (一、 items under 五、建议内容). Here the first style of
number met in a text is its item level and any other its point level; both are renumbered in
order. Pure functions of text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from supervision.deadlines import chinese_number

_CN = "一二三四五六七八九十"
#: An item or point number and the style it belongs to: ``cn`` (一、 （一） (一)) or ``num``
#: (1. 1、 1． （1） (1)); "3.5万元" is not a number (a digit follows the dot).
_MARK = re.compile(
    rf"(?P<cn>[（(][{_CN}]+[）)]|[{_CN}]+、)"
    r"|(?P<num>[（(]\d{1,2}[）)]|\d{1,2}(?:[、．]|\.(?!\d)))")
#: Where a number may start: the start of a line, or after whitespace or a sentence's end.
_BOUNDARY = re.compile(r"(?:^|(?<=[\s；;。：:]))")
_LEADING_SPACE = re.compile(r"^[\s\u3000]+")


@dataclass(frozen=True)
class Paragraph:
    """One printed paragraph: ``level`` 0 plain, 2 an item （一）, 3 a point 1.; ``text``
    carries its (re)numbered mark."""

    text: str
    level: int = 0


def item_mark(number: int) -> str:
    """（一）, （二） … — full-width parentheses, Chinese numerals."""
    return f"（{chinese_number(number)}）"


def point_mark(number: int) -> str:
    return f"{number}."


def lines(text: str) -> list[str]:
    """The non-blank lines of ``text``, leading (full-width) spaces dropped (the first-line
    indent is typeset)."""
    result = []
    for line in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = _LEADING_SPACE.sub("", line).rstrip()
        if line:
            result.append(line)
    return result


def _mark_at(text: str, pos: int = 0) -> re.Match | None:
    return _MARK.match(text, pos)


def _style(match: re.Match) -> str:
    return "cn" if match.group("cn") else "num"


def _marks(text: str, style: str | None = None) -> list[re.Match]:
    """Numbers that start a line or follow a sentence's end, of ``style`` if given."""
    found = []
    for boundary in _BOUNDARY.finditer(text):
        match = _mark_at(text, boundary.end())
        if match and (style is None or _style(match) == style):
            found.append(match)
    return found


def strip_mark(text: str) -> str:
    """``text`` without the number it starts with (of any style)."""
    text = _LEADING_SPACE.sub("", text or "")
    match = _mark_at(text)
    return text[match.end():].lstrip() if match else text


@dataclass(frozen=True)
class Operative:
    """The operative section read as a lead-in and its numbered items (each without its
    number, its own points inside)."""

    lead: list[str]
    items: list[str]


def parse_operative(text: str) -> Operative:
    """Split ``text`` at the numbers of its first style (一、 … or 1. …): what comes before the
    first is the lead-in, each number starts an item. Fewer than two numbers: no items are
    read, the whole text is one item (the lead-in stays empty)."""
    text = (text or "").strip()
    if not text:
        return Operative([], [])
    first = _marks(text)
    style = _style(first[0]) if first else None
    marks = _marks(text, style) if style else []
    if len(marks) < 2:
        return Operative([], [strip_mark(text).strip()])
    starts = [m.start() for m in marks]
    lead = lines(text[:starts[0]])
    items = [strip_mark(text[a:b]).strip().rstrip("；;").strip()
             for a, b in zip(starts, [*starts[1:], len(text)])]
    return Operative(lead, [i for i in items if i])


def item_paragraphs(number: int, text: str) -> list[Paragraph]:
    """One item as printed: （n） and its text, then its points 1. 2. each a paragraph (the
    points are the numbers of the item's own first style, and its further lines)."""
    text = strip_mark(text)
    marks = _marks(text)
    if marks:
        marks = _marks(text, _style(marks[0]))
    head = text[:marks[0].start()] if marks else text
    out = []
    head_lines = lines(head) or [""]
    out.append(Paragraph(item_mark(number) + head_lines[0], 2))
    out += [Paragraph(line) for line in head_lines[1:]]
    starts = [m.start() for m in marks]
    for n, (a, b) in enumerate(zip(starts, [*starts[1:], len(text)]), start=1):
        body = lines(strip_mark(text[a:b]))
        if body:
            out.append(Paragraph(point_mark(n) + body[0], 3))
            out += [Paragraph(line) for line in body[1:]]
    return out


def numbered_paragraphs(text: str) -> list[Paragraph]:
    """A section other than the operative one, paragraph by paragraph: a paragraph that starts
    with a number is an item (the first style met) or a point (the other), renumbered."""
    out: list[Paragraph] = []
    item_style = None
    item = point = 0
    for line in lines(text):
        match = _mark_at(line)
        if match is None:
            out.append(Paragraph(line))
            continue
        style = _style(match)
        item_style = item_style or style
        rest = line[match.end():].lstrip()
        if style == item_style:
            item, point = item + 1, 0
            out.append(Paragraph(item_mark(item) + rest, 2))
        else:
            point += 1
            out.append(Paragraph(point_mark(point) + rest, 3))
    return out


def operative_paragraphs(text: str, items: list[str] | None = None) -> list[Paragraph]:
    """The operative section: its lead-in, then each item （一）（二）… with its points.
    ``items`` (the instrument's stored items, in order) are printed if given, else those read
    from ``text``; one unnumbered item prints as typed."""
    parsed = parse_operative(text)
    items = [strip_mark(i).strip() for i in (parsed.items if items is None else items)]
    items = [i for i in items if i]
    if len(parsed.items) >= 2:
        lead = parsed.lead
    elif not items or parsed.items == items:
        lead = []  # the text is its one item
    else:
        lead = lines(text)  # items stored apart from the text: the text leads them in
    if not lead and len(items) == 1 and not _marks(text or ""):
        return [Paragraph(line) for line in lines(text)]
    out = [Paragraph(line) for line in lead]
    for number, item in enumerate(items, start=1):
        out += item_paragraphs(number, item)
    return out
