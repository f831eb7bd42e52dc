"""Result charts with matplotlib's object API (no pyplot state), safe to call from threads.

A horizontal bar per area over the level bands, each bar's score and level named beside it,
so colour is never the only carrier of meaning and a bar ending on a band's edge is not read
as inside the band before it. Two layouts: `wide` (area titles left of the bars) and `narrow`
(for phones: titles above the bars, every text at least 9 pt in a 3.4-inch figure, which a
phone shows at about 12 CSS px). The same input gives the same bytes.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.figure import Figure
from matplotlib.transforms import Affine2D, Transform, offset_copy

from app.core.results import ResultView
from app.web.plotting import TEXT_COLOUR, band_colour, figure_bytes

ChartFormat = Literal["svg", "png"]
ChartLayout = Literal["wide", "narrow"]
LAYOUTS: tuple[ChartLayout, ...] = ("wide", "narrow")
BAR_COLOUR = "#1b3a5c"
DPI = 100
# The wide layout in inches: an 8-inch figure, area titles left of the plot, levels above it.
WIDTH = 8.0
PLOT_LEFT = 2.4
PLOT_WIDTH = WIDTH * 0.97 - PLOT_LEFT
PLOT_BOTTOM = 0.6
PLOT_TOP_MARGIN = 0.5
BOTTOM = -0.6  # the lowest row unit shown, just over half a row below the last bar
INSIDE_FROM = 70  # a wide bar longer than this holds its score and level inside it
# The narrow layout in inches, from the top: level names, then per area its title, its score
# and level, and its bar on a strip of the level bands; the scale at the bottom.
NARROW_WIDTH = 3.4
NARROW_LEFT = 0.1
NARROW_PLOT = NARROW_WIDTH - NARROW_LEFT - 0.2
NARROW_FONT = 9
LINE = NARROW_FONT * 1.35 / 72
STRIP = 0.26
NARROW_BAR = 0.16
GAP = 0.16
NARROW_TITLE_CHARS = 40
NARROW_FOOT = 0.55


Box = tuple[float, float, float, float]  # left, right, bottom, top


@dataclass(frozen=True)
class Band:
    label: str
    start: float


@dataclass(frozen=True)
class Bar:
    label: str
    score: float | None
    level: str | None = None  # the level's label, named beside the score


def area_chart(
    bars: Sequence[Bar],
    bands: Sequence[Band],
    fmt: ChartFormat = "svg",
    layout: ChartLayout = "wide",
) -> bytes:
    figure = _draw_narrow(bars, bands) if layout == "narrow" else _draw(bars, bands)
    return figure_bytes(figure, fmt, dpi=DPI)


def chart_bars(view: ResultView) -> tuple[list[Bar], list[Band]]:
    """A stored result's bars (an area each, with its level) and its questionnaire's levels."""
    bars = [
        Bar(a.area.title, a.score.score, a.level.label if a.level else None) for a in view.areas
    ]
    bands = [Band(level.label, level.min) for level in view.questionnaire.levels]
    return bars, bands


def chart_for(view: ResultView, fmt: ChartFormat, layout: ChartLayout = "wide") -> bytes:
    bars, bands = chart_bars(view)
    return area_chart(bars, bands, fmt, layout)


def chart_size(bars: Sequence[Bar], bands: Sequence[Band], layout: ChartLayout) -> tuple[int, int]:
    """The chart's size in CSS pixels (96 per inch), for the page's width and height."""
    if layout == "narrow":
        return round(NARROW_WIDTH * 96), round(_narrow_height(bars, bands) * 96)
    return round(WIDTH * 96), round(_wide_height(bars) * 96)


def score_text(score: float) -> str:
    return f"{score:.1f}".replace(".", ",")


def _wide_height(bars: Sequence[Bar]) -> float:
    return 1.3 + 0.62 * len(bars)


def _draw(bars: Sequence[Bar], bands: Sequence[Band]) -> Figure:
    # Artists go straight on the figure through one data transform: an Axes, with its ticks
    # and spines, costs more than half the render, and this chart needs none of what it offers.
    height = _wide_height(bars)
    figure = Figure(figsize=(WIDTH, height))
    top = len(bars) - 0.4  # rows sit at 0 … n-1, first area at the top
    row = (height - PLOT_BOTTOM - PLOT_TOP_MARGIN) / (top - BOTTOM)  # inches per row unit
    data = Affine2D().scale(PLOT_WIDTH / 100, row).translate(PLOT_LEFT, PLOT_BOTTOM - BOTTOM * row)
    plot = _Plot(figure, data + figure.dpi_scale_trans, top, inch=1 / row)
    _draw_bands(plot, bands)
    positions = list(range(len(bars)))[::-1]
    scored = [(p, bar) for p, bar in zip(positions, bars, strict=True) if bar.score is not None]
    plot.boxes(
        [(0, bar.score or 0, p - 0.275, p + 0.275) for p, bar in scored], [BAR_COLOUR], zorder=2
    )
    for position, bar in scored:
        score = bar.score or 0.0
        inside = score > INSIDE_FROM  # no room right of the bar: white on the dark bar instead
        colour = "white" if inside else TEXT_COLOUR
        x = score - 1 if inside else score + 1
        plot.labelled(x, position, score_text(score), bar.level, inside=inside, colour=colour)
    for position, bar in zip(positions, bars, strict=True):
        if bar.score is None:
            plot.text(1, position, "Inget underlag")
        plot.text(-1.5, position, textwrap.fill(bar.label, 30), ha="right")
    _draw_scale(plot, range(0, 101, 20), BOTTOM)
    return figure


def _band_labels(bands: Sequence[Band], plot_inches: float, size: float) -> list[str]:
    """Each level's name wrapped to the width of its band (about 0.62 em a character)."""
    ends = [band.start for band in bands[1:]] + [100.0]
    return [
        textwrap.fill(
            band.label, max(4, int((end - band.start) / 100 * plot_inches * 72 / (0.62 * size)))
        )
        for band, end in zip(bands, ends, strict=True)
    ]


def _narrow_titles(bars: Sequence[Bar]) -> list[str]:
    return [textwrap.fill(bar.label, NARROW_TITLE_CHARS) for bar in bars]


def _narrow_height(bars: Sequence[Bar], bands: Sequence[Band]) -> float:
    header = max(label.count("\n") + 1 for label in _band_labels(bands, NARROW_PLOT, NARROW_FONT))
    rows = sum((title.count("\n") + 2) * LINE + STRIP + GAP for title in _narrow_titles(bars))
    return 0.1 + header * LINE + 0.08 + rows + NARROW_FOOT


def _draw_narrow(bars: Sequence[Bar], bands: Sequence[Band]) -> Figure:
    height = _narrow_height(bars, bands)
    figure = Figure(figsize=(NARROW_WIDTH, height))
    # x is the score (0–100), y inches from the bottom; `inch` is one inch in y units.
    data = Affine2D().scale(NARROW_PLOT / 100, 1).translate(NARROW_LEFT, 0)
    plot = _Plot(figure, data + figure.dpi_scale_trans, height, inch=1.0, fontsize=NARROW_FONT)
    ends = [band.start for band in bands[1:]] + [100.0]
    colours = [band_colour(index, len(bands)) for index in range(len(bands))]
    labels = _band_labels(bands, NARROW_PLOT, NARROW_FONT)
    y = height - 0.1
    for band, end, label in zip(bands, ends, labels, strict=True):
        plot.text((band.start + end) / 2, y, label, ha="center", va="top", multialignment="center")
    y -= max(label.count("\n") + 1 for label in labels) * LINE + 0.08
    strips: list[Box] = []
    bar_boxes: list[Box] = []
    for bar, title in zip(bars, _narrow_titles(bars), strict=True):
        plot.text(0, y, title, va="top", fontweight="bold")
        y -= (title.count("\n") + 1) * LINE
        if bar.score is None:
            plot.text(0, y, "Inget underlag", va="top")
        else:
            plot.labelled(0, y - LINE / 2, score_text(bar.score), bar.level, inside=False)
        y -= LINE
        strips.extend(
            (band.start, end, y - STRIP, y) for band, end in zip(bands, ends, strict=True)
        )
        if bar.score is not None:
            middle = y - STRIP / 2
            bar_boxes.append((0, bar.score, middle - NARROW_BAR / 2, middle + NARROW_BAR / 2))
        y -= STRIP + GAP
    plot.boxes(strips, colours, zorder=0)
    plot.boxes(bar_boxes, [BAR_COLOUR], zorder=2)
    ticks = sorted({*(band.start for band in bands), 100.0})
    _draw_scale(plot, ticks, y + GAP - 0.04, left_edge=False)
    return figure


@dataclass(frozen=True)
class _Plot:
    """The plot area: x is the score (0–100), y the row; `inch` is one inch in row units."""

    figure: Figure
    transform: Transform
    top: float
    inch: float
    fontsize: float = 9

    def text(self, x: float, y: float, text: str, **style: object) -> None:
        style = {"va": "center", "fontsize": self.fontsize, "color": TEXT_COLOUR, **style}
        # matplotlib types each text property separately; `style` holds only valid ones.
        self.figure.text(x, y, text, transform=self.transform, **style)  # type: ignore[arg-type]

    def labelled(
        self,
        x: float,
        y: float,
        score: str,
        level: str | None,
        *,
        inside: bool,
        colour: str = TEXT_COLOUR,
    ) -> None:
        """The score in bold at x, and the level's name beside it, away from the bar's end
        (left of the score inside a bar, right of it outside)."""
        self.text(x, y, score, ha="right" if inside else "left", fontweight="bold", color=colour)
        if level is None:
            return
        # About 0.7 em per bold digit or comma, and a space.
        shift = (len(score) * 0.7 + 0.6) * self.fontsize / 72 * (-1 if inside else 1)
        beside = offset_copy(self.transform, self.figure, x=shift, y=0, units="inches")
        self.figure.text(
            x,
            y,
            level,
            transform=beside,
            va="center",
            ha="right" if inside else "left",
            fontsize=self.fontsize,
            color=colour,
        )

    def boxes(self, boxes: Sequence[Box], colours: list[str], zorder: int) -> None:
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
        )


def _draw_scale(
    plot: _Plot, ticks: Sequence[float], bottom: float, *, left_edge: bool = True
) -> None:
    """The bottom edge (and the left one) with the scale's ticks and caption."""
    edges: list[list[tuple[float, float]]] = [[(0.0, bottom), (100.0, bottom)]]
    if left_edge:
        edges.append([(0.0, bottom), (0.0, plot.top)])
    marks = [[(x, bottom), (x, bottom - 0.05 * plot.inch)] for x in ticks]
    plot.figure.add_artist(
        LineCollection(edges + marks, transform=plot.transform, colors=TEXT_COLOUR, linewidths=0.8)
    )
    for x in ticks:
        plot.text(x, bottom - 0.08 * plot.inch, f"{x:g}", ha="center", va="top", fontsize=10)
    caption_at = bottom - 0.3 * plot.inch
    plot.text(50, caption_at, "Poäng (0–100)", ha="center", va="top", fontsize=10)
