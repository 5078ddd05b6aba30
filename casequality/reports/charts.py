"""Charts drawn on the server as inline SVG: readable without JavaScript and in the PDF.

Each chart is a horizontal bar per row (a question or a theme): the bar is the share,
the whisker its interval, the label the figure. Text is escaped; nothing of a child's
record ever reaches a chart (only ids, titles and counts).
"""
from __future__ import annotations

from dataclasses import dataclass
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


def bar_chart_svg(bars: list[Bar], *, title: str, width: int = 640, label_width: int = 70) -> str:
    """An SVG bar chart of shares with their intervals, as a string of markup."""
    row = 26
    top = 24
    plot = width - label_width - 140
    height = top + row * len(bars) + 24
    x0 = label_width
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="cq-chart" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for pct in (0, 25, 50, 75, 100):
        x = x0 + plot * pct / 100
        out.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - 20}" stroke="{GRID_COLOUR}" stroke-width="1"/>')
        out.append(f'<text x="{x:.1f}" y="{height - 6}" font-size="11" text-anchor="middle" fill="#505a5f">{pct}%</text>')
    for i, bar in enumerate(bars):
        y = top + i * row
        out.append(f'<g><title>{escape(bar.title or bar.label)}: {bar.k} of {bar.n}</title>')
        out.append(f'<text x="{x0 - 8}" y="{y + 15}" font-size="13" text-anchor="end" fill="#0b0c0c">{escape(bar.label)}</text>')
        if bar.n == 0:
            out.append(f'<text x="{x0 + 4}" y="{y + 15}" font-size="12" fill="#505a5f">no applicable cases</text></g>')
            continue
        share = bar.k / bar.n
        out.append(f'<rect x="{x0}" y="{y + 4}" width="{plot * share:.1f}" height="14" fill="{BAR_COLOUR}"/>')
        if bar.low is not None and bar.high is not None:
            lx, hx, my = x0 + plot * bar.low, x0 + plot * bar.high, y + 11
            out.append(f'<line x1="{lx:.1f}" y1="{my}" x2="{hx:.1f}" y2="{my}" stroke="{WHISKER_COLOUR}" stroke-width="1.5"/>')
            for x in (lx, hx):
                out.append(f'<line x1="{x:.1f}" y1="{my - 5}" x2="{x:.1f}" y2="{my + 5}" stroke="{WHISKER_COLOUR}" stroke-width="1.5"/>')
        out.append(
            f'<text x="{x0 + plot + 8}" y="{y + 15}" font-size="12" fill="#0b0c0c">{round(100 * share)}% ({bar.k}/{bar.n})</text></g>'
        )
    out.append("</svg>")
    return "".join(out)
