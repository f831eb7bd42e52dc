"""Result charts with matplotlib's object API (no pyplot state), safe to call from threads.

A horizontal bar per area, the level bands shaded behind the bars and named above them, so
colour is never the only carrier of meaning. The same input gives the same bytes.
"""

from __future__ import annotations

import io
import textwrap
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import matplotlib

matplotlib.use("Agg")
from matplotlib.figure import Figure

# Fixed ids inside the SVG, so the same chart is the same bytes every time.
matplotlib.rcParams["svg.hashsalt"] = "koll"
# Text stays text: smaller files, faster to render, and readable by assistive technology.
matplotlib.rcParams["svg.fonttype"] = "none"

ChartFormat = Literal["svg", "png"]
BAR_COLOUR = "#1b3a5c"
TEXT_COLOUR = "#1a1a1a"
# Light bands, lowest level first; dark text and bars keep their contrast on each of them.
BAND_COLOURS = ("#f4c7c3", "#fbe3b5", "#fff4c2", "#e6f2d0", "#c8e6c9")
render_lock = threading.Lock()


def band_colour(index: int, count: int) -> str:
    """The colour of level `index` of `count`, spread from the lowest colour to the highest."""
    return BAND_COLOURS[round(index * (len(BAND_COLOURS) - 1) / max(count - 1, 1))]


@dataclass(frozen=True)
class Band:
    label: str
    start: float


@dataclass(frozen=True)
class Bar:
    label: str
    score: float | None


def area_chart(bars: Sequence[Bar], bands: Sequence[Band], fmt: ChartFormat = "svg") -> bytes:
    figure = _draw(bars, bands)
    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    # Font and text layout caches inside matplotlib are shared between threads.
    with render_lock:
        figure.savefig(buffer, format=fmt, metadata=metadata, dpi=100)
    return buffer.getvalue()


def _draw(bars: Sequence[Bar], bands: Sequence[Band]) -> Figure:
    height = 1.3 + 0.62 * len(bars)
    figure = Figure(figsize=(8.0, height))
    # Fixed margins in inches; a layout engine would cost a third of the render time.
    figure.subplots_adjust(left=2.4 / 8.0, right=0.97, top=1 - 0.5 / height, bottom=0.6 / height)
    axes = figure.add_subplot()
    _draw_bands(axes, bands)
    positions = list(range(len(bars)))[::-1]  # first area at the top
    scored = [
        (p, bar.score) for p, bar in zip(positions, bars, strict=True) if bar.score is not None
    ]
    # One call for all bars: each separate call costs a noticeable part of the render.
    axes.barh(
        [p for p, _ in scored], [s for _, s in scored], height=0.55, color=BAR_COLOUR, zorder=2
    )
    for position, score in scored:
        inside = score > 85  # no room right of the bar: white on the dark bar instead
        axes.text(
            score - 1 if inside else score + 1,
            position,
            f"{score:.1f}".replace(".", ","),
            ha="right" if inside else "left",
            va="center",
            color="white" if inside else TEXT_COLOUR,
            fontsize=9,
            fontweight="bold",
            zorder=3,
        )
    for position, bar in zip(positions, bars, strict=True):
        if bar.score is None:
            axes.text(1, position, "Inget underlag", va="center", color=TEXT_COLOUR, fontsize=9)
    # Area titles as plain text: tick objects cost a third of the render and add nothing here.
    axes.set_yticks([])
    for position, bar in zip(positions, bars, strict=True):
        axes.text(
            -1.5,
            position,
            textwrap.fill(bar.label, 30),
            ha="right",
            va="center",
            fontsize=9,
            color=TEXT_COLOUR,
        )
    axes.set_xticks(range(0, 101, 20))
    axes.set_xlim(0, 100)
    axes.set_ylim(-0.6, len(bars) - 0.4)
    axes.set_xlabel("Poäng (0–100)", color=TEXT_COLOUR)
    axes.tick_params(colors=TEXT_COLOUR)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return figure


def _draw_bands(axes: object, bands: Sequence[Band]) -> None:
    ends = [band.start for band in bands[1:]] + [100.0]
    for index, (band, end) in enumerate(zip(bands, ends, strict=True)):
        colour = band_colour(index, len(bands))
        axes.axvspan(band.start, end, color=colour, zorder=0, linewidth=0)  # type: ignore[attr-defined]
        axes.text(  # type: ignore[attr-defined]
            (band.start + end) / 2,
            1.01,
            textwrap.fill(band.label, max(8, int((end - band.start) * 0.9))),
            transform=axes.get_xaxis_transform(),  # type: ignore[attr-defined]
            ha="center",
            va="bottom",
            fontsize=8,
            color=TEXT_COLOUR,
        )
