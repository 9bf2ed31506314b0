"""Rich tables for people. Cells fold rather than truncate, so no number hides behind an ellipsis,
and every string is passed as ``Text``, so nothing from the data is read as markup."""

from __future__ import annotations

import io
import re
import textwrap
from collections.abc import Callable
from typing import Any

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from msdmt.render import Terminal
from msdmt.render.document import Document, Section
from msdmt.render.formatters.sanitize import clean_document
from msdmt.render.words import NBSP

_WRAP_CAP = 20  # a word longer than this may be broken rather than widen its column


def _pieces(cell: str) -> list[str]:
    """The pieces a line may break between: words, and hyphenated words after each hyphen.

    A no-break space (locators: 'Table 3') joins its neighbours into one piece.
    """
    out = []
    for word in _SPACES.split(cell):
        out += [p for p in _HYPHEN.split(word) if p]
    return out


_SPACES = re.compile(r"[ \t\n]+")  # not str.split(): that also splits at a no-break space


_HYPHEN = re.compile(r"(?<=[A-Za-z0-9]-)(?=[A-Za-z0-9])")


def wrap(text: str, width: int, indent: str = "") -> str:
    """``text`` wrapped to ``width`` at spaces and after hyphens; a word is cut only when nothing else fits.
    Lines after the first of each paragraph start with ``indent``."""
    wrapper = textwrap.TextWrapper(width=max(width, 1), break_on_hyphens=True, break_long_words=True,
                                   subsequent_indent=indent if len(indent) < width // 2 else "")
    lines = []
    for line in text.split("\n"):
        lines += wrapper.wrap(line) or [""]
    # Once placed, a no-break space is an ordinary one: copied text and searches see plain spaces.
    return "\n".join(lines).replace(NBSP, " ")


def _layout(cell: str) -> list[list[tuple[int, int]]]:
    """Each line of a cell as its pieces: (length, 1 if a space comes before it else 0)."""
    out = []
    for line in cell.split("\n"):
        pieces = []
        for word in _SPACES.split(line):
            for i, part in enumerate(p for p in _HYPHEN.split(word) if p):
                pieces.append((len(part), 0 if i else 1))
        out.append(pieces)
    return out


def _line_count(layout: list[list[tuple[int, int]]], width: int) -> int:
    """How many lines a cell takes at ``width`` (the greedy wrap of ``wrap``)."""
    total = 0
    for pieces in layout:
        lines, used = 1, 0
        for length, space in pieces:
            if used and used + space + length <= width:
                used += space + length
                continue
            if used:
                lines += 1
            lines += (length - 1) // width  # a piece wider than the column is cut
            used = (length - 1) % width + 1
        total += lines
    return total


def _widths(columns: list[str], rows: list[list[str]], width: int) -> list[int] | None:
    """Column widths that fit ``width``, or None when the columns cannot keep their words whole.

    Each column first gets its longest piece (a word, a hyphenated part or a
    no-break locator; at most 20 characters). The rest of the width goes, a few
    characters at a time, wherever it saves the most lines; a table too long
    for that search shares it by how much more each column wants. The total
    never exceeds the terminal: a wider table would be cropped, hiding figures.
    """
    cells = [[c] + [r[i] for r in rows] for i, c in enumerate(columns)]
    desired = [max((len(line) for cell in col for line in cell.split("\n")), default=1) for col in cells]
    budget = width - 3 * len(columns) + 1  # padding and separators of box.SIMPLE_HEAD without edge padding
    if sum(desired) <= budget:
        return desired
    floors = [min(max((len(w) for cell in col for w in _pieces(cell)), default=1), _WRAP_CAP, d)
              for col, d in zip(cells, desired, strict=True)]
    if sum(floors) > budget:
        return None  # too narrow to keep words whole: the caller stacks the rows instead
    out = list(floors)
    spare = budget - sum(out)
    if len(rows) <= _SEARCH_ROWS:
        layouts = [[_layout(cell) for cell in col] for col in cells]
        counts = [[_line_count(lay, w) for lay in col] for col, w in zip(layouts, out, strict=True)]

        def height(counts: list[list[int]]) -> int:
            return sum(max(row) for row in zip(*counts, strict=True))

        current = height(counts)
        while spare > 0:
            best: tuple[float, int, int, list[int]] | None = None
            for c, col in enumerate(layouts):
                for step in range(1, min(spare, desired[c] - out[c], _STEP) + 1):
                    trial = [_line_count(lay, out[c] + step) for lay in col]
                    gain = (current - height(counts[:c] + [trial] + counts[c + 1:])) / step
                    if gain > 0 and (best is None or gain > best[0]):
                        best = (gain, c, step, trial)
            if best is None:
                break
            _, c, step, trial = best
            out[c] += step
            spare -= step
            counts[c] = trial
            current = height(counts)
    wants = [d - w for d, w in zip(desired, out, strict=True)]
    total_want = sum(wants) or 1
    out = [w + spare * want // total_want for w, want in zip(out, wants, strict=True)]
    return out


_SEARCH_ROWS = 80  # beyond this, widths are shared proportionally (the search would cost more than it saves)
_STEP = 12


def _grid(section: Section, widths: list[int], fix: Callable[[str], str], style: box.Box) -> Table:
    table = Table(box=style, show_lines=len(section.columns) > 3 and not section.compact, header_style="bold",
                  pad_edge=False, show_edge=not section.compact)
    for column, width in zip(section.columns, widths, strict=True):
        table.add_column(Text(wrap(fix(column), width)), overflow="fold", width=width, no_wrap=True)
    for row in section.rows:
        table.add_row(*(Text(wrap(fix(cell), width)) for cell, width in zip(row, widths, strict=True)))
    return table


def _stacked(section: Section, fix: Callable[[str], str], width: int) -> Group:
    """One block per row, "column: value" per line: for terminals too narrow for the columns.
    Plain wrapped lines, not a table: the long output of a narrow terminal stays cheap to draw.
    A "column: value" line that folds goes on indented, so only a row's name starts at the margin;
    under a title, a blank line first, so the title does not read as the first row's name."""
    parts = [Text("")] if section.title else []
    for row in section.rows:
        # The name; more lines of the first cell (a compare row's whole-trial figures) belong to the block.
        name, *more = fix(row[0]).split("\n")
        parts.append(Text(wrap(name, width), style="bold"))
        parts += [Text(wrap(f"  {line}", width, indent="    "), style="bold") for line in more]
        for column, value in zip(section.columns[1:], row[1:], strict=True):
            if value and value != "—":  # in a block, an absent line already says "not reported"
                line = Text(wrap(fix(f"  {column}: " + value.replace("\n", "; ")), width, indent="    "))
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


def _text_lines(section: Section, fix: Callable[[str], str], width: int) -> Group:
    return Group(*(Text(wrap(fix(row[0]), width)) for row in section.rows))


def render(doc: Document, terminal: Terminal) -> str:
    doc = clean_document(doc, terminal.ascii_only)  # nothing from the data reaches the terminal as a control
    fix = str  # what the output cannot show was made ASCII while cleaning
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
    width = console.width
    for line in doc.banner:
        console.print(Text(wrap(fix(f"! {line}"), width), style="bold yellow"))
    if doc.banner:
        console.print()
    for section in doc.sections:
        widths = None
        if section.title and section.kind != "bars":
            console.print(Text(wrap(fix(section.title), width), style="bold"))
        if section.kind == "bars":
            console.print(_bars(section, fix, width, terminal.ascii_only))
        elif section.kind == "lines":
            console.print(_text_lines(section, fix, width))
        else:
            widths = _widths(section.columns, section.rows, width)
            if widths is None:
                console.print(_stacked(section.explicit or section, fix, width))
            else:
                console.print(_grid(section, widths, fix, style))
        note = (section.explicit or section).note if widths is None else section.note
        if note:
            console.print(Text(wrap(fix(note), width), style="italic"))
        console.print()
    if doc.footer:
        console.print(Text(wrap(fix(doc.footer), width), style="dim"))
    # Rich pads every line to the full width; trailing blanks only get in the way of copy and diff.
    return "\n".join(line.rstrip() for line in out.getvalue().split("\n"))
