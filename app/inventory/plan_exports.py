"""The whole inventory as one Excel file: a sheet per workshop and one for the action plan, in
the shape of Skolverket's documentation templates (every task of the catalogue, area by area,
in workshops 1 and 2; the priorities in order in workshop 3; the roles and their effects in
workshop 4), with the same figures as the JSON.

Numbers are numbers and dates Excel dates; workshop 1's figures, and the hours beside workshop
3's decisions, only when they are visible: else the sheet says why. What users wrote goes
through `append_row`, so no text runs as a formula.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from fractions import Fraction

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlmodel import Session

from app.core.catalogues import Catalogue, Catalogues
from app.core.catalogues.planning import fte
from app.core.catalogues.workshop1 import Workshop1, one_decimal
from app.core.catalogues.workshops import Plan, Workshop2, Workshop4
from app.inventory import messages, planning, service
from app.inventory.exports import append_row, set_widths, write_workshop1
from app.inventory.models import Inventory
from app.inventory.planning import Workshop3View
from app.web.spreadsheets import Cell, xml_safe

FTE_FORMAT = "0.00"


def inventory_xlsx(session: Session, catalogues: Catalogues, inventory: Inventory) -> bytes:
    """Workshops 1 to 4 and the plan, as they are stored now."""
    version = service.catalogue_of(session, catalogues, inventory)
    catalogue = version.catalogue
    figures = service.figures(session, version, inventory)
    workshop3 = planning.workshop3_of(session, inventory)
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    first.title = messages.WORKSHOP1
    workshop1_sheet(first, figures, inventory)
    workshop2_sheet(
        workbook.create_sheet(messages.WORKSHOP2),
        catalogue,
        planning.workshop2_of(session, inventory),
    )
    workshop3_sheet(
        workbook.create_sheet(messages.WORKSHOP3),
        catalogue,
        planning.workshop3_view(figures, workshop3, inventory),
        _hidden_reason(figures, inventory),
        inventory.staff_count,
    )
    workshop4_sheet(
        workbook.create_sheet(messages.WORKSHOP4),
        catalogue,
        planning.workshop4_of(session, inventory),
    )
    plan_sheet(workbook.create_sheet(messages.PLAN), planning.plan_of(session, inventory))
    workbook.properties.title = xml_safe(inventory.name)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _hidden_reason(figures: Workshop1, inventory: Inventory) -> str | None:
    """Why workshop 1's figures are not shown, in Swedish; None when they are."""
    if figures.visible:
        return None
    reason = messages.NOT_VISIBLE[figures.visibility.reason or "open"]
    return reason.format(min=inventory.min_respondents)


def _text(value: str) -> str | None:
    return xml_safe(value) if value else None


def _rows(sheet: Worksheet, header: Sequence[str], rows: Sequence[Sequence[Cell | date]]) -> None:
    append_row(sheet, header, bold=True)
    for row in rows:
        append_row(sheet, row)


def workshop1_sheet(sheet: Worksheet, figures: Workshop1, inventory: Inventory) -> None:
    reason = _hidden_reason(figures, inventory)
    if reason is None:
        write_workshop1(sheet, figures)
        return
    append_row(sheet, [messages.HIDDEN_TITLE], bold=True)
    append_row(sheet, [reason])
    append_row(sheet, [messages.RESPONDENTS, figures.respondents])
    set_widths(sheet, (60, 12))


def workshop2_sheet(sheet: Worksheet, catalogue: Catalogue, document: Workshop2) -> None:
    """Every task of the catalogue, as in Skolverket's template; undecided ones left blank."""
    rows: list[list[Cell]] = []
    for area in catalogue.areas:
        for task in area.tasks:
            view = document.tasks.get(task.id)
            others = None if view is None else messages.OTHERS_LABELS[view.others]
            why = None if view is None else _text(view.why)
            gain = None if view is None else _text(view.gain)
            rows.append([xml_safe(area.title), xml_safe(task.text), others, why, gain])
    _rows(sheet, messages.WORKSHOP2_COLUMNS, rows)
    set_widths(sheet, (30, 60, 16, 50, 50))
    sheet.freeze_panes = "C2"


def workshop3_sheet(
    sheet: Worksheet,
    catalogue: Catalogue,
    view: Workshop3View,
    hidden: str | None,
    staff_count: int | None,
) -> None:
    """The decisions in priority order, each with its hours; then the hours they free."""
    places = {t.id: (a.title, t.text) for a in catalogue.areas for t in a.tasks}
    rows: list[list[Cell]] = []
    for rank, (priority, hours) in enumerate(view.priorities, start=1):
        area, text = places[priority.task]
        decision = messages.DECISION_LABELS[priority.decision]
        consequences = _text(priority.consequences)
        rows.append(
            [rank, xml_safe(area), xml_safe(text), decision, one_decimal(hours), consequences]
        )
    _rows(sheet, messages.WORKSHOP3_COLUMNS, rows)
    sheet.append([])
    if hidden is not None:
        append_row(sheet, [messages.FREED_HIDDEN, hidden], bold=True)
    else:
        freed = view.hours_freed
        append_row(sheet, [messages.FREED_RESPONDENTS, one_decimal(freed.respondents)], bold=True)
        school: list[Cell] = [messages.FREED_SCHOOL, one_decimal(freed.school)]
        append_row(sheet, school if staff_count is not None else [*school, messages.NO_STAFF_COUNT])
    set_widths(sheet, (12, 30, 60, 24, 14, 60))
    sheet.freeze_panes = "A2"


def workshop4_sheet(sheet: Worksheet, catalogue: Catalogue, document: Workshop4) -> None:
    """One row per role, their sum, then one row per expected effect."""
    texts = {task.id: task.text for task in catalogue.tasks}
    roles: list[list[Cell]] = [
        [
            xml_safe(role.title),
            _text("\n".join(texts[t] for t in role.tasks)),
            role.fte_percent,
            _fraction(fte([role.fte_percent])),
            _text(role.requirements),
            _text(role.placement),
        ]
        for role in document.roles
    ]
    _rows(sheet, messages.ROLE_COLUMNS, roles)
    percents = [role.fte_percent for role in document.roles]
    append_row(sheet, [messages.TOTAL, None, sum(percents), _fraction(fte(percents))], bold=True)
    for row in sheet.iter_rows(min_row=2, min_col=4, max_col=4):
        row[0].number_format = FTE_FORMAT
    sheet.append([])
    append_row(sheet, [messages.EFFECTS_TITLE], bold=True)
    effects: list[list[Cell | date]] = [
        [
            xml_safe(role.title),
            xml_safe(effect.indicator),
            _text(effect.baseline),
            _text(effect.target),
            effect.follow_up,
            _text(effect.method),
            _text(effect.responsible),
        ]
        for role in document.roles
        for effect in role.effects
    ]
    _rows(sheet, messages.EFFECT_COLUMNS, effects)
    set_widths(sheet, (30, 60, 30, 30, 14, 40, 30))


def _fraction(value: Fraction) -> float:
    return float(value)


def plan_sheet(sheet: Worksheet, plan: Plan) -> None:
    rows: list[list[Cell | date]] = [
        [
            xml_safe(item.activity),
            messages.SOURCE_LABELS[item.source.kind],
            _text(item.responsible),
            item.start,
            item.due,
            _text(item.success),
            messages.STATUS_LABELS[item.status],
        ]
        for item in plan.items
    ]
    _rows(sheet, messages.PLAN_COLUMNS, rows)
    set_widths(sheet, (60, 18, 30, 14, 14, 50, 14))
    sheet.freeze_panes = "A2"
