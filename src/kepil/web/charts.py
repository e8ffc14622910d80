"""Charts as inline SVG drawn on the server: no script, no CDN, readable by screen readers (each chart has
a title and a description, and the page shows the same figures in a table beside it)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from markupsafe import Markup

from kepil.web import format as fmt

# the second series (e.g. "not significant" beside "significant") is neutral grey, not an alarm's red
PALETTE = ("#1f5fa8", "#8a96a3", "#2e8540", "#8e44ad", "#d35400", "#16a085", "#7f8c8d")


def bars(
    items: Sequence[tuple[str, float]],
    title: str,
    value_text: Callable[[float], str] = fmt.number,
    width: int = 640,
    highlight: Callable[[str], bool] | None = None,
    label_width: int = 200,
) -> Markup:
    """A horizontal bar per item, in the order given (rank them first for a ranked chart); `label_width`:
    the room of the labels left of the bars (a code with its short name needs more than a code)."""
    row, label_w, pad = 24, label_width, 8
    height = row * len(items) + 2 * pad
    top = max((v for _, v in items), default=0) or 1
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet"><title>{escape(title)}</title>'
    ]
    for i, (label, value) in enumerate(items):
        y = pad + i * row
        w = max(0.0, (width - label_w - 110) * value / top)
        colour = PALETTE[1] if highlight and highlight(label) else PALETTE[0]
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 16}" text-anchor="end" class="chart-label">'
            f"{escape(label)}</text>"
            f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="{row - 8}" fill="{colour}"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + 16}" class="chart-value">'
            f"{escape(value_text(value))}</text>"
        )
    parts.append("</svg>")
    return _boxed(parts)


def columns(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    title: str,
    width: int = 640,
    height: int = 220,
) -> Markup:
    """Stacked columns over `labels` (periods, say), one colour per series, with a legend."""
    pad_l, pad_b, pad_t = 50, 40, 10
    n = max(1, len(labels))
    totals = [sum(s[1][i] for s in series) for i in range(len(labels))]
    top = max(totals, default=0) or 1
    slot = (width - pad_l - 10) / n
    plot_h = height - pad_b - pad_t
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height + 20 * len(series)}" width="100%">'
        f"<title>{escape(title)}</title>",
        f'<text x="{pad_l - 6}" y="{pad_t + 10}" text-anchor="end" class="chart-value">'
        f"{escape(fmt.number(top))}</text>",
        f'<line x1="{pad_l}" y1="{height - pad_b}" x2="{width - 10}" y2="{height - pad_b}" stroke="#555"/>',
    ]
    for i, label in enumerate(labels):
        x = pad_l + i * slot + slot * 0.15
        y: float = height - pad_b
        for k, (_, values) in enumerate(series):
            h = plot_h * values[i] / top
            y -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" height="{h:.1f}" '
                f'fill="{PALETTE[k % len(PALETTE)]}"/>'
            )
        parts.append(
            f'<text x="{x + slot * 0.35:.1f}" y="{height - pad_b + 16}" text-anchor="middle" '
            f'class="chart-label">{escape(label)}</text>'
        )
    for k, (name, _) in enumerate(series):
        y = height + 20 * k
        parts.append(
            f'<rect x="{pad_l}" y="{y}" width="12" height="12" fill="{PALETTE[k % len(PALETTE)]}"/>'
            f'<text x="{pad_l + 18}" y="{y + 11}" class="chart-label">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return _boxed(parts)


def _boxed(parts: list[str]) -> Markup:
    """The chart in a box that scrolls sideways on a phone instead of shrinking its labels to a few pixels
    (CSS .chart-box: the SVG keeps a readable minimum width); focusable so that a keyboard can scroll it."""
    return Markup('<div class="chart-box" tabindex="0">' + "".join(parts) + "</div>")


def heat_class(ratio: float | None) -> str:
    """A CSS class for a heatmap cell of `ratio` (used / cap): heat-0 (none) … heat-5 (over the cap)."""
    if ratio is None:
        return "heat-na"
    if ratio > 1.0:
        return "heat-5"
    return f"heat-{min(4, int(ratio * 5))}"
