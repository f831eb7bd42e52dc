"""Result charts with matplotlib's object API (no pyplot state), safe to call from threads.

A horizontal bar per area, the level bands shaded behind the bars and named above them, so
colour is never the only carrier of meaning. The same input gives the same bytes.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.figure import Figure
from matplotlib.transforms import Affine2D, Transform

from app.core.results import ResultView
from app.web.plotting import TEXT_COLOUR, band_colour, figure_bytes

ChartFormat = Literal["svg", "png"]
BAR_COLOUR = "#1b3a5c"
# The layout in inches: an 8-inch figure, area titles left of the plot, level names above it.
WIDTH = 8.0
PLOT_LEFT = 2.4
PLOT_WIDTH = WIDTH * 0.97 - PLOT_LEFT
PLOT_BOTTOM = 0.6
PLOT_TOP_MARGIN = 0.5
BOTTOM = -0.6  # the lowest row unit shown, just over half a row below the last bar


@dataclass(frozen=True)
class Band:
    label: str
    start: float


@dataclass(frozen=True)
class Bar:
    label: str
    score: float | None


def area_chart(bars: Sequence[Bar], bands: Sequence[Band], fmt: ChartFormat = "svg") -> bytes:
    return figure_bytes(_draw(bars, bands), fmt, dpi=100)


def chart_for(view: ResultView, fmt: ChartFormat) -> bytes:
    """The chart of a stored result: a bar per area, the questionnaire's levels as bands."""
    bars = [Bar(a.area.title, a.score.score) for a in view.areas]
    bands = [Band(level.label, level.min) for level in view.questionnaire.levels]
    return area_chart(bars, bands, fmt)


def _draw(bars: Sequence[Bar], bands: Sequence[Band]) -> Figure:
    # Artists go straight on the figure through one data transform: an Axes, with its ticks
    # and spines, costs more than half the render, and this chart needs none of what it offers.
    height = 1.3 + 0.62 * len(bars)
    figure = Figure(figsize=(WIDTH, height))
    top = len(bars) - 0.4  # rows sit at 0 … n-1, first area at the top
    row = (height - PLOT_BOTTOM - PLOT_TOP_MARGIN) / (top - BOTTOM)  # inches per row unit
    data = Affine2D().scale(PLOT_WIDTH / 100, row).translate(PLOT_LEFT, PLOT_BOTTOM - BOTTOM * row)
    plot = _Plot(figure, data + figure.dpi_scale_trans, top, inch=1 / row)
    _draw_bands(plot, bands)
    positions = list(range(len(bars)))[::-1]
    scored = [
        (p, bar.score) for p, bar in zip(positions, bars, strict=True) if bar.score is not None
    ]
    plot.boxes([(0, score, p - 0.275, p + 0.275) for p, score in scored], [BAR_COLOUR], zorder=2)
    for position, score in scored:
        inside = score > 85  # no room right of the bar: white on the dark bar instead
        plot.text(
            score - 1 if inside else score + 1,
            position,
            f"{score:.1f}".replace(".", ","),
            ha="right" if inside else "left",
            color="white" if inside else TEXT_COLOUR,
            fontweight="bold",
            zorder=3,
        )
    for position, bar in zip(positions, bars, strict=True):
        if bar.score is None:
            plot.text(1, position, "Inget underlag")
        plot.text(-1.5, position, textwrap.fill(bar.label, 30), ha="right")
    _draw_scale(plot)
    return figure


@dataclass(frozen=True)
class _Plot:
    """The plot area: x is the score (0–100), y the row; `inch` is one inch in row units."""

    figure: Figure
    transform: Transform
    top: float
    inch: float

    def text(self, x: float, y: float, text: str, **style: object) -> None:
        style = {"va": "center", "fontsize": 9, "color": TEXT_COLOUR, **style}
        # matplotlib types each text property separately; `style` holds only valid ones.
        self.figure.text(x, y, text, transform=self.transform, **style)  # type: ignore[arg-type]

    def boxes(
        self, boxes: Sequence[tuple[float, float, float, float]], colours: list[str], zorder: int
    ) -> None:
        """Filled rectangles (left, right, bottom, top), all in one artist."""
        corners = [[(x0, y0), (x1, y0), (x1, y1), (x0, y1)] for x0, x1, y0, y1 in boxes]
        self.figure.add_artist(
            PolyCollection(
                corners, transform=self.transform, facecolors=colours, linewidths=0, zorder=zorder
            )
        )


def _draw_bands(plot: _Plot, bands: Sequence[Band]) -> None:
    ends = [band.start for band in bands[1:]] + [100.0]
    spans = list(zip(bands, ends, strict=True))
    colours = [band_colour(index, len(bands)) for index in range(len(bands))]
    plot.boxes([(band.start, end, BOTTOM, plot.top) for band, end in spans], colours, zorder=0)
    for band, end in spans:
        plot.text(
            (band.start + end) / 2,
            plot.top + 0.08 * plot.inch,
            textwrap.fill(band.label, max(8, int((end - band.start) * 0.9))),
            ha="center",
            va="bottom",
            fontsize=8,
        )


def _draw_scale(plot: _Plot) -> None:
    """The left and bottom edges, and the 0–100 scale with its ticks and caption."""
    ticks = range(0, 101, 20)
    edges = [[(0, BOTTOM), (0, plot.top)], [(0, BOTTOM), (100, BOTTOM)]]
    marks = [[(x, BOTTOM), (x, BOTTOM - 0.05 * plot.inch)] for x in ticks]
    plot.figure.add_artist(
        LineCollection(edges + marks, transform=plot.transform, colors=TEXT_COLOUR, linewidths=0.8)
    )
    for x in ticks:
        plot.text(x, BOTTOM - 0.08 * plot.inch, str(x), ha="center", va="top", fontsize=10)
    plot.text(50, BOTTOM - 0.3 * plot.inch, "Poäng (0–100)", ha="center", va="top", fontsize=10)
