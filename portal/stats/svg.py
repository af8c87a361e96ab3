"""Accessible bar charts as inline SVG, rendered on the server (no JavaScript, no library).

Every chart is an `<svg role="img">` labelled by its own `<title>` and `<desc>`, scales to
its container (`viewBox`, `width="100%"`), prints each value at its bar (colour is never the
only cue) and escapes every piece of text with `django.utils.html.escape`.

Input is a list of `(label, value)` pairs; values are numbers (int, float or Decimal). In a
vertical chart a label may hold a second line after a newline (a year under a month).

The marks use the theme's classes (docs/theme.md, "Charts"): `chart-bar series-1`,
`chart-value`, `chart-label`, `chart-axis`, `chart-grid`. The theme sets their text to 13px
(user units here), so the layout below measures text at that size; the fill attributes are
only a fallback for when the stylesheet is missing.
"""

import math
from collections.abc import Callable, Sequence
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

FONT_SIZE = 13
BOLD = 1.1  # values are bold: a little wider
BAR = "#a4161a"
INK = "#1a1a1a"
MUTED = "#595959"
GRID = "#d0d4da"

Number = int | float | Decimal
Items = Sequence[tuple[str, Number]]


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """Rough rendered width: CJK and full-width characters 1 em, the rest 0.6 em."""
    return sum(1.0 if ord(ch) >= 0x2E80 else 0.6 for ch in text) * size


def truncate(text: str, width: float, size: float = FONT_SIZE) -> str:
    """`text` cut to `width` with an ellipsis (the data table has it in full)."""
    if text_width(text, size) <= width:
        return text
    while text and text_width(text + "…", size) > width:
        text = text[:-1]
    return text + "…"


def nice_ticks(value: float, count: int = 4) -> list[float]:
    """Gridline values from 0 up to at least `value`, in steps of 1, 2 or 5 × 10ⁿ."""
    if value <= 0:
        return [0, 1]
    raw = value / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    steps = math.ceil(round(value / step, 9))
    return [round(i * step, 9) for i in range(steps + 1)]


def _n(x: float) -> str:
    """A coordinate, short."""
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _open(chart_id: str, width: float, height: float, title: str, desc: str) -> list[str]:
    cid = escape(chart_id)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" role="img" '
        f'aria-labelledby="{cid}-title {cid}-desc" viewBox="0 0 {_n(width)} {_n(height)}" '
        f'width="100%" preserveAspectRatio="xMidYMin meet">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(desc)}</desc>',
    ]


def _text(x, y, text, *, cls="chart-label", anchor="start", fill=INK, extra=""):
    bold = ' font-weight="700"' if cls == "chart-value" else ""
    return (
        f'<text class="{cls}" x="{_n(x)}" y="{_n(y)}" font-size="{FONT_SIZE}"{bold} '
        f'text-anchor="{anchor}" fill="{fill}"{extra}>{escape(text)}</text>'
    )


def _bar(x, y, width, height):
    return (
        f'<rect class="chart-bar series-1" x="{_n(x)}" y="{_n(y)}" width="{_n(width)}" '
        f'height="{_n(height)}" fill="{BAR}"/>'
    )


def _line(x1, y1, x2, y2, stroke):
    return f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" stroke="{stroke}"/>'


def vertical_bar_chart(
    items: Items,
    *,
    chart_id: str,
    title: str,
    desc: str,
    value_format: Callable[[Number], str] = str,
    max_value: Number | None = None,
    width: float = 360,
    plot_height: float = 160,
) -> SafeString:
    """Columns left to right with their value on top, and gridlines labelled on the y axis.

    Values too wide for their column are printed upright (rotated), so a column per month
    for two years still fits a phone's width.
    """
    values = [float(v) for _, v in items]
    ticks = nice_ticks(float(max_value) if max_value is not None else max(values, default=0))
    top_value = ticks[-1]
    tick_labels = [f"{t:.10g}" for t in ticks]
    shown = [value_format(v) for _, v in items]

    left = max(text_width(t) for t in tick_labels) + 8
    right = 4
    slot = (width - left - right) / max(len(items), 1)
    bar = min(slot * 0.72, 56)
    widest = max((text_width(v) * BOLD for v in shown), default=0)
    upright = widest > slot - 1
    headroom = (widest if upright else FONT_SIZE) + 8
    two_lines = any("\n" in label for label, _ in items)
    top = headroom
    base = top + plot_height
    height = base + FONT_SIZE * (2.5 if two_lines else 1.4) + 6

    out = _open(chart_id, width, height, title, desc)
    grid, axis = ['<g class="chart-grid">'], ['<g class="chart-axis">']
    for tick, label in zip(ticks, tick_labels, strict=True):
        y = base - plot_height * tick / top_value
        if tick:
            grid.append(_line(left, y, width - right, y, GRID))
        axis.append(_text(left - 5, y + FONT_SIZE * 0.35, label, anchor="end", fill=MUTED))
    axis.append(_line(left, base, width - right, base, MUTED))
    out += grid + ["</g>"]
    for i, ((label, value), text) in enumerate(zip(items, shown, strict=True)):
        centre = left + slot * (i + 0.5)
        h = plot_height * max(float(value), 0) / top_value
        out.append(_bar(centre - bar / 2, base - h, bar, h))
        if upright:
            x, y = centre + FONT_SIZE * 0.35, base - h - 4
            out.append(
                _text(
                    x, y, text, cls="chart-value", extra=f' transform="rotate(-90 {_n(x)} {_n(y)})"'
                )
            )
        else:
            out.append(_text(centre, base - h - 4, text, cls="chart-value", anchor="middle"))
        first, _, second = label.partition("\n")
        if first:
            out.append(_text(centre, base + FONT_SIZE + 3, first, anchor="middle"))
        if second:  # starts under its column and may run on under the next ones
            out.append(_text(centre - slot / 2, base + FONT_SIZE * 2.3 + 3, second, fill=MUTED))
    out += axis + ["</g>", "</svg>"]
    return mark_safe("".join(out))  # every text went through escape()


def horizontal_bar_chart(
    items: Items,
    *,
    chart_id: str,
    title: str,
    desc: str,
    value_format: Callable[[Number], str] = str,
    max_value: Number | None = None,
    width: float = 360,
    row_height: float = 26,
    max_label_share: float = 0.42,
) -> SafeString:
    """One row per item, top down: its label, the bar, the value after the bar."""
    values = [float(v) for _, v in items]
    top_value = float(max_value) if max_value is not None else max(values, default=0)
    top_value = top_value if top_value > 0 else 1
    shown = [value_format(v) for _, v in items]
    labels = [truncate(label, max_label_share * width) for label, _ in items]
    left = max((text_width(t) for t in labels), default=0) + 10
    right = max((text_width(v) * BOLD for v in shown), default=0) + 8
    span = width - left - right
    top = 2
    height = top + row_height * len(items) + 2

    out = _open(chart_id, width, height, title, desc)
    bar = row_height * 0.66
    for i, ((_, value), label, text) in enumerate(zip(items, labels, shown, strict=True)):
        middle = top + row_height * (i + 0.5)
        length = span * max(float(value), 0) / top_value
        out.append(_text(left - 6, middle + FONT_SIZE * 0.35, label, anchor="end"))
        out.append(_bar(left, middle - bar / 2, length, bar))
        out.append(_text(left + length + 4, middle + FONT_SIZE * 0.35, text, cls="chart-value"))
    out.append('<g class="chart-axis">')
    out.append(_line(left, top, left, top + row_height * len(items), MUTED))
    out.append("</g></svg>")
    return mark_safe("".join(out))  # every text went through escape()
