"""The comparison heatmap: schools × areas, each cell coloured by its level and labelled,
under a title naming the round and the day it was made (Swedish local date).

Colour is never the only carrier of meaning: each cell shows its score, and the legend names
the levels. Object API only (no pyplot), like the result chart.

Names are shown as they are stored, whatever older versions let in: what XML cannot hold
becomes U+FFFD, and a `$` is a dollar sign, never the start of matplotlib's mathtext (which
would mangle "50$ och 60$" and fail outright on an unbalanced command).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from app.authorities.comparison import Comparison
from app.authorities.exports import xml_safe
from app.authorities.messages import HEATMAP_TITLE, NO_RESPONSE
from app.core.swedish import stockholm_time, written_date
from app.web.plotting import TEXT_COLOUR, band_colour, figure_bytes

NO_ANSWER = "#e0e0e0"
# Inches above the plot: the title's line, then the area names (wrapped, up to four lines).
TITLE_SPACE = 0.45
AREA_SPACE = 1.3
# About how many characters of the 10-point title fit in an inch.
TITLE_CHARACTERS_PER_INCH = 11


@dataclass(frozen=True)
class Cell:
    score: float | None
    level: int | None  # index of the level, lowest first


def comparison_heatmap(comparison: Comparison) -> bytes:
    levels = comparison.questionnaire.levels
    level_index = {level.id: i for i, level in enumerate(levels)}
    cells = [
        [
            Cell(c.score, level_index.get(c.level_id) if c.level_id is not None else None)
            for c in row.cells
        ]
        for row in comparison.rows
    ]
    made = written_date(stockholm_time(comparison.survey_round.created_at).date())
    return _heatmap(
        (xml_safe(comparison.survey_round.name), made),
        [xml_safe(row.school.name) for row in comparison.rows],
        [xml_safe(area.title) for area in comparison.areas],
        cells,
        [xml_safe(level.label) for level in levels],
    )


def _heatmap(
    title: tuple[str, str],
    schools: Sequence[str],
    areas: Sequence[str],
    cells: Sequence[Sequence[Cell]],
    levels: Sequence[str],
) -> bytes:
    colours = [NO_ANSWER] + [band_colour(i, len(levels)) for i in range(len(levels))]
    matrix = [[0 if c.level is None else c.level + 1 for c in row] for row in cells]
    width = 2.8 + 1.1 * max(len(areas), 1)
    height = 1.8 + TITLE_SPACE + 0.32 * max(len(schools), 1)
    figure = Figure(figsize=(width, height))
    top = 1 - (TITLE_SPACE + AREA_SPACE) / height
    figure.subplots_adjust(left=2.6 / width, right=0.98, top=top, bottom=0.5 / height)
    _title(figure, *title, width=width, height=height)
    axes = figure.add_subplot()
    axes.imshow(
        matrix or [[0]],
        cmap=ListedColormap(colours),
        vmin=0,
        vmax=len(colours) - 1,
        aspect="auto",
        interpolation="nearest",
    )
    for y, row in enumerate(cells):
        for x, cell in enumerate(row):
            label = "–" if cell.score is None else f"{cell.score:.1f}".replace(".", ",")
            axes.text(x, y, label, ha="center", va="center", fontsize=8, color=TEXT_COLOUR)
    areas = [textwrap.fill(a, 16, break_long_words=False) for a in areas]
    axes.set_xticks(range(len(areas)), areas, fontsize=8, parse_math=False)
    axes.xaxis.tick_top()
    schools = [textwrap.shorten(s, 40) for s in schools]
    axes.set_yticks(range(len(schools)), schools, fontsize=8, parse_math=False)
    axes.tick_params(length=0, colors=TEXT_COLOUR)
    handles = [Patch(facecolor=NO_ANSWER, label=NO_RESPONSE)] + [
        Patch(facecolor=band_colour(i, len(levels)), label=label) for i, label in enumerate(levels)
    ]
    legend = figure.legend(
        handles=handles, loc="lower center", ncols=len(handles), fontsize=8, frameon=False
    )
    for text in legend.get_texts():
        text.set_parse_math(False)
    return figure_bytes(figure, "svg")


def _title(figure: Figure, name: str, made: str, *, width: float, height: float) -> None:
    """The round's name, shortened to keep the title on one line, and the day it was made."""
    room = max(20, int(width * TITLE_CHARACTERS_PER_INCH) - len(made) - 3)
    name = textwrap.shorten(name, room, placeholder=" …")
    figure.suptitle(
        HEATMAP_TITLE.format(round=name, date=made),
        y=1 - 0.12 / height,
        va="top",
        fontsize=10,
        color=TEXT_COLOUR,
        parse_math=False,
    )
