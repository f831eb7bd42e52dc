"""One school's history as a line chart: each area's score over the rounds, oldest first.

The numbers are those of the history's JSON (`app.authorities.comparison.SchoolHistory`). A
round without a score in an area is a gap in its line, never a zero. A round whose
questionnaire version differs from the one before gets a dashed line and "ny version": areas
with the same id are drawn as one line across versions, and this marks where they may not
compare. Colour is never the only carrier of meaning: each line has its own marker and
dashes, and the legend names the areas.

Names go through `xml_safe` and are never mathtext, as in `app.authorities.heatmap`.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import cycle

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from app.authorities import messages
from app.authorities.comparison import SchoolHistory
from app.authorities.exports import xml_safe
from app.core.questionnaires.schema import Area
from app.web.plotting import TEXT_COLOUR, figure_bytes

# Okabe–Ito: told apart with the common colour vision deficiencies, and dark enough on white.
LINE_COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000")
MARKERS = ("o", "s", "^", "D", "v", "P", "X")
DASHES = ("-", "--", "-.", ":")
VERSION_LINE = "#6b6b6b"
# Inches: the plot's margins, each round's width, and the legend's column at the right.
LEFT, RIGHT_LEGEND, ROUND_WIDTH, HEIGHT = 0.8, 2.6, 1.0, 4.2


@dataclass(frozen=True)
class Line:
    title: str
    scores: tuple[float | None, ...]  # one per round, None where there is no score


def area_titles(areas: Sequence[Area]) -> dict[str, str]:
    """Each area id's title, the first one seen winning: pass the newest version's areas
    first, so a renamed area is shown by its current name."""
    titles: dict[str, str] = {}
    for area in areas:
        titles.setdefault(area.id, area.title)
    return titles


def history_chart(history: SchoolHistory, titles: dict[str, str]) -> bytes:
    """The chart as SVG; `titles` (from `area_titles`) orders the lines and names them."""
    scores: dict[str, list[float | None]] = {
        area_id: [None] * len(history.rounds) for area_id in titles
    }
    for index, entry in enumerate(history.rounds):
        for cell in entry.cells:
            scores.setdefault(cell.area_id, [None] * len(history.rounds))[index] = cell.score
    lines = [
        Line(xml_safe(titles.get(area_id, area_id)), tuple(values))
        for area_id, values in scores.items()
    ]
    return _chart(
        xml_safe(history.school.name),
        [xml_safe(entry.survey_round.name) for entry in history.rounds],
        [i for i, entry in enumerate(history.rounds) if entry.version_changed],
        lines,
    )


def _chart(
    school: str, rounds: Sequence[str], changed: Sequence[int], lines: Sequence[Line]
) -> bytes:
    width = LEFT + RIGHT_LEGEND + ROUND_WIDTH * max(len(rounds), 3)
    figure = Figure(figsize=(width, HEIGHT))
    figure.subplots_adjust(
        left=LEFT / width,
        right=1 - RIGHT_LEGEND / width,
        top=1 - 0.75 / HEIGHT,
        bottom=0.9 / HEIGHT,
    )
    figure.suptitle(
        messages.HISTORY_TITLE.format(school=textwrap.shorten(school, 60, placeholder=" …")),
        y=1 - 0.12 / HEIGHT,
        va="top",
        fontsize=10,
        color=TEXT_COLOUR,
        parse_math=False,
    )
    axes = figure.add_subplot()
    styles = cycle(zip(LINE_COLOURS, MARKERS, cycle(DASHES), strict=False))
    for line, (colour, marker, dashes) in zip(lines, styles, strict=False):
        axes.plot(
            range(len(rounds)),
            [math.nan if s is None else s for s in line.scores],
            color=colour,
            marker=marker,
            linestyle=dashes,
            linewidth=1.5,
            markersize=6,
            clip_on=False,  # markers at 0 and 100 are drawn whole
            label=textwrap.fill(line.title, 28, break_long_words=False),
        )
    for index in changed:
        axes.axvline(index - 0.5, color=VERSION_LINE, linestyle="--", linewidth=1)
        axes.text(
            index - 0.5,
            1.01,
            messages.NEW_VERSION,
            transform=axes.get_xaxis_transform(),
            ha="center",
            va="bottom",
            fontsize=7,
            color=TEXT_COLOUR,
            parse_math=False,
        )
    _axes_text(axes, rounds)
    if lines:
        legend = axes.legend(
            loc="center left", bbox_to_anchor=(1.02, 0.5), fontsize=8, frameon=False
        )
        for text in legend.get_texts():
            text.set_parse_math(False)
    return figure_bytes(figure, "svg")


def _axes_text(axes: Axes, rounds: Sequence[str]) -> None:
    axes.set_xlim(-0.5, max(len(rounds), 1) - 0.5)
    axes.set_ylim(0, 100)
    axes.set_yticks(range(0, 101, 20))
    labels = [textwrap.fill(textwrap.shorten(r, 40), 14, break_long_words=False) for r in rounds]
    axes.set_xticks(range(len(rounds)), labels, fontsize=8, parse_math=False)
    axes.set_ylabel(messages.SCORE_LABEL, color=TEXT_COLOUR, parse_math=False)
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    axes.tick_params(colors=TEXT_COLOUR, labelsize=8)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
