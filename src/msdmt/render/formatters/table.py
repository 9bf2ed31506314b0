"""Rich tables for people. Cells fold rather than truncate, so no number hides behind an ellipsis,
and every string is passed as ``Text``, so nothing from the data is read as markup."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from msdmt.render import Terminal
from msdmt.render.document import Document, Section
from msdmt.render.formatters.ascii import to_ascii


def _widths(columns: list[str], rows: list[list[str]], width: int) -> list[int | None] | None:
    """Fixed column widths when the table would not fit, else None (let Rich size it).

    Each column first gets its longest word (up to 16 characters, so words stay
    whole where possible), the rest of the width is shared by how much more each
    column wants. The total never exceeds the terminal: a wider table would be
    cropped, hiding figures.
    """
    cells = [[c] + [r[i] for r in rows] for i, c in enumerate(columns)]
    desired = [max((len(line) for cell in col for line in cell.split("\n")), default=1) for col in cells]
    budget = width - 3 * len(columns) + 1  # padding and separators of box.SIMPLE_HEAD without edge padding
    if sum(desired) <= budget:
        return [None] * len(columns)
    floors = [min(max((len(w) for cell in col for w in cell.split()), default=1), 16, d) for col, d in zip(cells, desired, strict=True)]
    if sum(floors) > budget:
        return None  # too narrow to keep words whole: the caller stacks the rows instead
    spare = max(budget - sum(floors), 0)
    wants = [d - f for d, f in zip(desired, floors, strict=True)]
    total_want = sum(wants) or 1
    out = [f + spare * w // total_want for f, w in zip(floors, wants, strict=True)]
    return out


def _grid(section, widths: list[int | None], fix, style) -> Table:
    table = Table(title=Text(fix(section.title), style="bold"), title_justify="left", box=style,
                  show_lines=len(section.columns) > 3, header_style="bold", pad_edge=False)
    for column, width in zip(section.columns, widths, strict=True):
        table.add_column(Text(fix(column)), overflow="fold", width=width)
    for row in section.rows:
        table.add_row(*(Text(fix(cell)) for cell in row))
    return table


def _stacked(section, fix, style) -> Group:
    """One block per row, "column: value" per line: for terminals too narrow for the columns.
    Plain wrapped lines, not a table: the long output of a narrow terminal stays cheap to draw."""
    parts = [Text(fix(section.title), style="bold"), Text("")]
    for row in section.rows:
        parts.append(Text(fix(row[0]), style="bold"))
        for column, value in zip(section.columns[1:], row[1:], strict=True):
            if value and value != "—":  # in a block, an absent line already says "not reported"
                line = Text(fix(f"  {column}: "), style="italic")
                line.append(fix(value.replace("\n", "; ")))
                parts.append(line)
        parts.append(Text(""))
    return Group(*parts)


def _bars(section: Section, fix: Callable[[str], str], width: int, ascii_only: bool) -> Group:
    """A chart: one labelled bar per figure on a 0-100 scale, under a line per group.

    Bars keep the order they are given in; lengths are never used to sort.
    """
    block = "#" if ascii_only else "█"
    bars = section.bars
    label_width = min(max((len(b.label) for b in bars), default=10), max(12, width // 3))
    end_width = min(max((len(b.end) for b in bars), default=10), max(12, width // 3))
    bar_width = max(4, width - label_width - end_width - 4)
    # The label and the end fold, never cut; they share what is left beside the bar and the single space
    # on either side of it (a grid collapses its padding), so the bar itself is never cropped.
    room = width - bar_width - 2
    if label_width + end_width > room:
        label_width = max(1, room // 2)
        end_width = max(1, room - label_width)
    parts: list[Any] = [Text(fix(section.title), style="bold")]
    group = None
    grid = None
    for bar in bars:
        if bar.group != group:
            group = bar.group
            parts.append(Text(fix(f"  versus {group}"), style="italic"))
            grid = Table.grid(padding=(0, 1))
            grid.add_column(width=label_width, overflow="fold")
            grid.add_column(width=bar_width, no_wrap=True)
            grid.add_column(width=end_width, overflow="fold")
            parts.append(grid)
        assert grid is not None
        length = round(min(max(bar.value, 0), 100) / 100 * bar_width)
        grid.add_row(Text(fix(bar.label)), Text(block * length, style="cyan"), Text(fix(bar.end)))
    return Group(*parts)


def _lines(section: Section, fix: Callable[[str], str]) -> Group:
    return Group(*(Text(fix(row[0]), style="dim") for row in section.rows))


def render(doc: Document, terminal: Terminal) -> str:
    fix = to_ascii if terminal.ascii_only else str
    out = io.StringIO()
    console = Console(
        file=out,
        width=max(terminal.width, 20),
        color_system=terminal.color_system,  # type: ignore[arg-type]
        force_terminal=terminal.color_system is not None,
        markup=False,
        emoji=False,
        highlight=False,
        legacy_windows=False,
        soft_wrap=False,
    )
    style = box.ASCII if terminal.ascii_only else box.SIMPLE_HEAD
    for line in doc.banner:
        console.print(Text(fix(f"! {line}"), style="bold yellow"))
    if doc.banner:
        console.print()
    for section in doc.sections:
        if section.kind == "bars":
            console.print(_bars(section, fix, console.width, terminal.ascii_only))
        elif section.kind == "lines":
            console.print(_lines(section, fix))
        else:
            widths = _widths(section.columns, section.rows, console.width)
            console.print(_stacked(section, fix, style) if widths is None else _grid(section, widths, fix, style))
        if section.note:
            console.print(Text(fix(section.note), style="italic"))
        console.print()
    if doc.footer:
        console.print(Text(fix(doc.footer), style="dim"))
    # Rich pads every line to the full width; trailing blanks only get in the way of copy and diff.
    return "\n".join(line.rstrip() for line in out.getvalue().split("\n"))
