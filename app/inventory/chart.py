"""Workshop 1's two charts: hours a week per area, and time against energy per task (the
tasks that take much of both labelled). The page shows each with the same numbers as a table."""

from __future__ import annotations

from fractions import Fraction

from matplotlib.figure import Figure

from app.core.catalogues import Catalogue
from app.core.catalogues.workshop1 import Workshop1, one_decimal, standouts
from app.inventory import messages
from app.web.plotting import TEXT_COLOUR, figure_bytes
from app.web.spreadsheets import xml_safe

BAR_COLOUR = "#1d5f8a"
MARK_COLOUR = "#b3261e"


def energy_midpoint(catalogue: Catalogue) -> Fraction:
    values = sorted(catalogue.energy_values)
    return Fraction(values[0] + values[-1], 2)


def areas_chart(figures: Workshop1) -> bytes:
    titles = [xml_safe(a.area.title) for a in figures.areas][::-1]
    hours = [one_decimal(a.hours_total) or 0.0 for a in figures.areas][::-1]
    figure = Figure(figsize=(8, 0.6 * len(titles) + 1.2))
    axes = figure.add_subplot()
    axes.barh(titles, hours, color=BAR_COLOUR)
    for index, value in enumerate(hours):
        axes.text(value, index, f" {value:.1f}".replace(".", ","), va="center", color=TEXT_COLOUR)
    axes.set_xlabel(messages.CHART_HOURS_AXIS, color=TEXT_COLOUR)
    axes.set_title(messages.CHART_AREAS_TITLE, color=TEXT_COLOUR)
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_xlim(0, max([*hours, 1.0]) * 1.2)
    figure.tight_layout()
    return figure_bytes(figure, "svg")


def tasks_chart(figures: Workshop1, catalogue: Catalogue) -> bytes:
    marked = standouts(figures, energy_midpoint(catalogue))
    tasks = [t for a in figures.areas for t in a.tasks if t.doing and t.energy_mean is not None]
    figure = Figure(figsize=(8, 6))
    axes = figure.add_subplot()
    for task in tasks:
        x = float(task.hours_total or 0)
        y = float(task.energy_mean or 0)
        stands_out = task.task.id in marked
        axes.scatter([x], [y], color=MARK_COLOUR if stands_out else BAR_COLOUR, s=40)
        if stands_out:
            label = xml_safe(task.task.text)
            label = label if len(label) <= 40 else label[:39] + "…"
            axes.annotate(label, (x, y), textcoords="offset points", xytext=(6, 4), fontsize=8)
    values = sorted(catalogue.energy_values)
    axes.set_ylim(values[0] - 0.3, values[-1] + 0.3)
    # Room on the right for the labels of the tasks that take the most time.
    widest = max((float(t.hours_total or 0) for t in tasks), default=1.0)
    axes.set_xlim(0, widest * 1.45 + 0.5)
    axes.set_xlabel(messages.CHART_HOURS_AXIS, color=TEXT_COLOUR)
    axes.set_ylabel(messages.CHART_ENERGY_AXIS, color=TEXT_COLOUR)
    axes.set_title(messages.CHART_TASKS_TITLE, color=TEXT_COLOUR)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return figure_bytes(figure, "svg")
