"""Charts drawn on the server as inline SVG: readable without JavaScript and in the PDF.

Each chart is a horizontal bar per row (a question or a theme): the bar is the share,
the whisker its interval, the label the figure. Text is escaped; nothing of a child's
record ever reaches a chart (only ids, titles and counts).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from html import escape


@dataclass(frozen=True)
class Bar:
    label: str
    k: int
    n: int
    low: float | None  # interval, proportions
    high: float | None
    title: str = ""  # full text for the tooltip and screen readers


BAR_COLOUR = "#1d70b8"  # GOV.UK blue
WHISKER_COLOUR = "#0b0c0c"
GRID_COLOUR = "#b1b4b6"
FONT = "Arial, Helvetica, sans-serif"  # GOV.UK's fallback font: the same in the page and the PDF


def bar_chart_svg(bars: list[Bar], *, title: str, width: int = 640, label_width: int = 70) -> str:
    """An SVG bar chart of shares with their intervals, as a string of markup."""
    row = 26
    top = 24
    plot = width - label_width - 140
    height = top + row * len(bars) + 24
    x0 = label_width
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="cq-chart" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" font-family="{FONT}">',
        f"<title>{escape(title)}</title>",
    ]
    for pct in (0, 25, 50, 75, 100):
        x = x0 + plot * pct / 100
        out.append(
            f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - 20}" stroke="{GRID_COLOUR}" '
            'stroke-width="1"/>'
        )
        out.append(
            f'<text x="{x:.1f}" y="{height - 6}" font-size="11" text-anchor="middle" fill="#505a5f">{pct}%</text>'
        )
    for i, bar in enumerate(bars):
        y = top + i * row
        out.append(f"<g><title>{escape(bar.title or bar.label)}: {bar.k} of {bar.n}</title>")
        out.append(
            f'<text x="{x0 - 8}" y="{y + 15}" font-size="13" text-anchor="end" '
            f'fill="#0b0c0c">{escape(bar.label)}</text>'
        )
        if bar.n == 0:
            out.append(f'<text x="{x0 + 4}" y="{y + 15}" font-size="12" fill="#505a5f">no applicable cases</text></g>')
            continue
        share = bar.k / bar.n
        out.append(f'<rect x="{x0}" y="{y + 4}" width="{plot * share:.1f}" height="14" fill="{BAR_COLOUR}"/>')
        if bar.low is not None and bar.high is not None:
            lx, hx, my = x0 + plot * bar.low, x0 + plot * bar.high, y + 11
            out.append(
                f'<line x1="{lx:.1f}" y1="{my}" x2="{hx:.1f}" y2="{my}" stroke="{WHISKER_COLOUR}" stroke-width="1.5"/>'
            )
            for x in (lx, hx):
                out.append(
                    f'<line x1="{x:.1f}" y1="{my - 5}" x2="{x:.1f}" y2="{my + 5}" stroke="{WHISKER_COLOUR}" '
                    'stroke-width="1.5"/>'
                )
        out.append(
            f'<text x="{x0 + plot + 8}" y="{y + 15}" font-size="12" fill="#0b0c0c">{round(100 * share)}% '
            f"({bar.k}/{bar.n})</text></g>"
        )
    out.append("</svg>")
    return "".join(out)


@dataclass(frozen=True)
class Stack:
    """One column of a stacked chart: its label and the size of each part, in order."""

    label: str
    parts: tuple[int, ...]


def stacked_columns_svg(
    stacks: list[Stack], *, title: str, legend: list[tuple[str, str]], width: int = 640, height: int = 220
) -> str:
    """An SVG chart of columns (months), each stacked from the bottom with its parts' counts.

    `legend` names each part with its colour, in the parts' order; each column's tooltip
    gives its figures. The same figures must also be given as a table beside the chart
    (a picture alone is not accessible).
    """
    left, top, bottom, key = 36, 12, 24, 22
    plot_h = height - top - bottom - key
    peak = max((sum(s.parts) for s in stacks), default=0)
    scale_top = max(2, peak + peak % 2)  # even, so the middle line is a whole number
    step = (width - left - 8) / max(1, len(stacks))
    bar_w = step * 0.6
    shown_title = escape(title)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="cq-chart" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{shown_title}" font-family="{FONT}">',
        f"<title>{shown_title}</title>",
        _columns_grid(left, top, plot_h, width, scale_top),
    ]
    for i, stack in enumerate(stacks):
        x = left + i * step + (step - bar_w) / 2
        figures = ", ".join(f"{name} {n}" for (name, _), n in zip(legend, stack.parts))
        out.append(f"<g><title>{escape(stack.label)}: {escape(figures)}</title>")
        y: float = top + plot_h
        for (_, colour), n in zip(legend, stack.parts):
            h = plot_h * n / scale_top
            y -= h
            if n:
                out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{colour}"/>')
        out.append(
            f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h + 16}" font-size="11" text-anchor="middle" '
            f'fill="#0b0c0c">{escape(stack.label)}</text></g>'
        )
    out.append(_columns_legend(tuple(legend), left, height))
    out.append("</svg>")
    return "".join(out)


# The parts of a chart of columns that its figures do not change (its grid for a scale, its
# legend), written once for each size: the board draws a dozen charts of the same size.


@lru_cache(maxsize=256)
def _columns_grid(left: int, top: int, plot_h: int, width: int, scale_top: int) -> str:
    out = []
    for fraction in (0, 0.5, 1):
        y = top + plot_h * (1 - fraction)
        out.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - 8}" y2="{y:.1f}" stroke="{GRID_COLOUR}" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end" fill="#505a5f">'
            f"{round(scale_top * fraction)}</text>"
        )
    return "".join(out)


@lru_cache(maxsize=64)
def _columns_legend(legend: tuple[tuple[str, str], ...], left: int, height: int) -> str:
    out = []
    x = left
    for name, colour in legend:
        out.append(f'<rect x="{x}" y="{height - 14}" width="12" height="12" fill="{colour}"/>')
        out.append(f'<text x="{x + 16}" y="{height - 4}" font-size="12" fill="#0b0c0c">{escape(name)}</text>')
        x += 16 + 8 * len(name) + 18
    return "".join(out)


@dataclass(frozen=True)
class Series:
    """One line of a line chart: its name and a share (0-1) per column, None where unknown."""

    label: str
    values: tuple[float | None, ...]


# GOV.UK colours, one a line (the figures are in the table beside the chart too).
SERIES_COLOURS = (
    "#1d70b8",
    "#f47738",
    "#00703c",
    "#4c2c92",
    "#d4351c",
    "#28a197",
    "#d53880",
    "#b58840",
    "#505a5f",
    "#6f72af",
)


def lines_svg(
    series: list[Series], *, columns: list[str], title: str, width: int = 640, height: int = 240, legend: bool = True
) -> str:
    """An SVG chart of shares over columns (quarters): a line per series, 0 to 100%.

    A point is drawn for each known value (with its figure in a tooltip) and the line
    joins consecutive known ones, dashed across columns without a value. The legend names each
    line (`legend=False` for a chart of one line titled by its heading); a column's label
    is written on two lines, its last word (the year) under the rest. The same figures
    must also be given as a table beside the chart."""
    left, top, right = 40, 12, 12
    legend_rows = (len(series) + 1) // 2 if legend else 0
    bottom = 36 + 18 * legend_rows
    plot_h = height - top - bottom
    step = (width - left - right) / max(1, len(columns))
    shown_title = escape(title)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="cq-chart" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{shown_title}" font-family="{FONT}">',
        f"<title>{shown_title}</title>",
        _lines_axes(tuple(columns), left, top, right, plot_h, width),
    ]
    for n, line in enumerate(series):
        colour = SERIES_COLOURS[n % len(SERIES_COLOURS)]
        points = [
            (left + step * (i + 0.5), top + plot_h * (1 - v), v, i) for i, v in enumerate(line.values) if v is not None
        ]
        out.append(f"<g><title>{escape(line.label)}</title>")
        for (x1, y1, _, i1), (x2, y2, _, i2) in zip(points, points[1:]):
            dashed = ' stroke-dasharray="6 4"' if i2 > i1 + 1 else ""  # columns without a value between
            out.append(
                f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" '
                f'stroke-width="2.5"{dashed}/>'
            )
        for x, y, v, i in points:
            out.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"><title>{escape(line.label)}, '
                f"{escape(columns[i])}: {round(100 * v)}%</title></circle>"
            )
        out.append("</g>")
    for n, line in enumerate(series if legend else ()):
        colour = SERIES_COLOURS[n % len(SERIES_COLOURS)]
        x = left + (n % 2) * (width - left) / 2
        y = top + plot_h + 46 + 18 * (n // 2)
        room = int((width - left) / 2 / 7) - 4  # characters that fit in half the width
        label = line.label if len(line.label) <= room else line.label[: room - 1] + "…"
        out.append(f'<rect x="{x:.1f}" y="{y - 10}" width="12" height="12" fill="{colour}"/>')
        out.append(f'<text x="{x + 16:.1f}" y="{y}" font-size="12" fill="#0b0c0c">{escape(label)}</text>')
    out.append("</svg>")
    return "".join(out)


@lru_cache(maxsize=64)
def _lines_axes(columns: tuple[str, ...], left: int, top: int, right: int, plot_h: int, width: int) -> str:
    """A line chart's grid and its columns' labels: the same for each chart of a size over
    the same columns (the board draws a dozen)."""
    step = (width - left - right) / max(1, len(columns))
    out = []
    for pct in (0, 50, 100):
        y = top + plot_h * (1 - pct / 100)
        out.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{GRID_COLOUR}" '
            'stroke-width="1"/>'
        )
        out.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end" fill="#505a5f">{pct}%</text>'
        )
    for i, column in enumerate(columns):
        x = left + step * (i + 0.5)
        first, _, last = column.rpartition(" ")
        out.append(
            f'<text x="{x:.1f}" y="{top + plot_h + 15}" font-size="11" text-anchor="middle" fill="#0b0c0c">'
            f"{escape(first or last)}"
            + (f'<tspan x="{x:.1f}" dy="13">{escape(last)}</tspan>' if first else "")
            + "</text>"
        )
    return "".join(out)
