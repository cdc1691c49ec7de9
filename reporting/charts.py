"""Charts as SVG bytes, drawn on the server by matplotlib (issue 16; ``docs/statistics.md``,
"Charts"). Pure functions: data and words in (in the active language), bytes out — no
request, no query, no clock.

The same bytes serve the page (an ``<img>`` from its own URL, the table beside it being the
screen-reader equivalent) and the PDF (an inline ``<svg>``), so the two cannot drift apart.

* Text is drawn as glyph outlines (``svg.fonttype = "path"``) from the Noto CJK fonts on the
  server: Chromium and WeasyPrint draw the same shapes whatever fonts the reader's machine or
  the PDF renderer has, so Chinese never turns into boxes. What the text said is kept for
  assistive technology and tests in the SVG's ``<title>`` and ``<desc>``.
* Output is deterministic: a fixed size, no date in the metadata, and a fixed ``svg.hashsalt``
  so the element ids (clip paths, glyph ids) come out the same on every render — a chart is
  cacheable and two renders of the same figures compare equal.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

#: Settings every chart is drawn with. rcParams are process-global in matplotlib, so they are
#: applied under :data:`_LOCK` with ``rc_context`` rather than set once for everyone.
_RC = {
    "svg.fonttype": "path",
    "svg.hashsalt": "procuratorial-supervision-charts",
    "font.family": "sans-serif",
    "font.sans-serif": ["Noto Sans CJK SC", "Noto Sans CJK JP", "DejaVu Sans"],
    "font.size": 10,
    "axes.unicode_minus": False,  # the CJK fonts' hyphen-minus, not U+2212
    "axes.spines.top": False,
    "axes.spines.right": False,
}
_LOCK = threading.Lock()

#: The site's palette (static/css): this period in the procuratorate red, last year in grey.
CURRENT = "#b3261e"
PREVIOUS = "#8a8f98"
WIDTH_IN, DPI = 7.2, 100
#: Pixels per inch of a PNG (a DOCX): sharp when printed at the type area's width (156 mm).
PNG_DPI = 200


def _figure(height_in: float):
    from matplotlib.figure import Figure

    return Figure(figsize=(WIDTH_IN, height_in), dpi=DPI, layout="constrained")


def _svg(figure, title: str, desc: str) -> bytes:
    """The figure as SVG with ``<title>`` and ``<desc>`` as the first children of the root
    (where assistive technology and an ``<img>``'s tooltip look for them), ``role="img"``."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue().decode("utf-8")
    head_end = svg.index(">", svg.index("<svg")) + 1
    accessible = (f'<title id="chart-title">{escape(title)}</title>'
                  f'<desc id="chart-desc">{escape(desc)}</desc>')
    svg = svg[:head_end] + accessible + svg[head_end:]
    svg = svg.replace("<svg ", '<svg role="img" aria-labelledby="chart-title chart-desc" ', 1)
    return svg.encode("utf-8")


def _number(value: float | None, percent: bool) -> str:
    if value is None:
        return "—"
    return f"{value:.1f}%" if percent else f"{value:g}"


def comparison_bar(labels: Sequence[str], this_period: Sequence[float | None],
                   last_year: Sequence[float | None], title: str, *,
                   series: tuple[str, str], fmt: str = "svg") -> bytes:
    """Grouped vertical bars: one pair per label, this period beside the same period a year
    before, each bar labelled with its value. ``series`` names the two periods (the legend).
    A missing value (``None``) draws no bar and is written as a dash. ``fmt="png"``: the same
    chart as PNG at :data:`PNG_DPI`, for a DOCX (python-docx cannot take SVG, and WPS draws
    SVG poorly)."""
    from matplotlib import rc_context

    with _LOCK, rc_context(_RC):
        figure = _figure(3.6)
        axes = figure.add_subplot()
        positions = range(len(labels))
        width = 0.38
        for key, offset, values, name, colour in (
                ("current", -width / 2, this_period, series[0], CURRENT),
                ("previous", width / 2, last_year, series[1], PREVIOUS)):
            bars = axes.bar([p + offset for p in positions], [v or 0 for v in values], width,
                            label=name, color=colour)
            for index, bar in enumerate(bars):
                bar.set_gid(f"bar-{key}-{index}")  # a stable id: tests read the bars by it
            axes.bar_label(bars, labels=[_number(v, False) for v in values], padding=2,
                           fontsize=9)
        axes.set_xticks(list(positions), [_wrap(label) for label in labels])
        axes.set_title(title, fontsize=12)
        figure.legend(loc="outside lower center", ncols=2, frameon=False)  # never over a bar
        axes.yaxis.get_major_locator().set_params(integer=True)
        # counts: never below 0 — an all-zero chart would otherwise get a −0.06…0.06 axis
        highest = max((v or 0 for v in (*this_period, *last_year)), default=0)
        axes.set_ylim(0, highest * 1.15 if highest else 1)
        if fmt == "png":
            buffer = io.BytesIO()
            figure.savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Software": None})
            return buffer.getvalue()
        desc = _("；").join(
            _("%(label)s：%(first)s %(a)s，%(second)s %(b)s") % {
                "label": label, "first": series[0], "a": _number(a, False),
                "second": series[1], "b": _number(b, False)}
            for label, a, b in zip(labels, this_period, last_year, strict=True))
        return _svg(figure, title, desc)


def _wrap(label: str, width: int = 7) -> str:
    """A long CJK tick label on two lines, so that neighbours never overlap."""
    return label if len(label) <= width else label[:width] + "\n" + label[width:]


def ranking_bar(names: Sequence[str], values: Sequence[float | None], title: str, *,
                percent: bool = True) -> bytes:
    """Horizontal bars, one per name in the order given (the first at the top), each
    labelled with its value; a rate is a fraction (0–1) shown as a percentage. A missing
    value (nothing to divide) draws no bar and is written as a dash."""
    from matplotlib import rc_context

    scale = 100 if percent else 1
    shown = [None if v is None else v * scale for v in values]
    with _LOCK, rc_context(_RC):
        figure = _figure(max(1.6, 0.9 + 0.32 * len(names)))
        axes = figure.add_subplot()
        positions = list(range(len(names)))
        bars = axes.barh(positions, [v or 0 for v in shown], 0.6, color=CURRENT)
        for index, bar in enumerate(bars):
            bar.set_gid(f"bar-{index}")
        axes.bar_label(bars, labels=[_number(v, percent) for v in shown], padding=3,
                       fontsize=9)
        axes.set_yticks(positions, list(names))
        axes.invert_yaxis()
        if percent:
            axes.set_xlim(0, 112)
            axes.xaxis.set_major_formatter("{x:.0f}%")
        else:
            axes.margins(x=0.12)
        axes.set_title(title, fontsize=12)
        desc = _("；").join(_("%(label)s：%(value)s") % {"label": name,
                                                         "value": _number(v, percent)}
                            for name, v in zip(names, shown, strict=True))
        return _svg(figure, title, desc)

