"""CSV: one block per section, blocks separated by a blank line.

A block is the section title (one cell), the header row, the rows, and the
section's note (one cell) where it has one. The first block is the caution
where a view has one, the last the source, so a spreadsheet never shows
figures without them. Scripts wanting one table should use --json.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
formula. As OWASP recommends, every cell is quoted and a cell that starts with
one of those, a tab or a carriage return (or their full-width forms), after any
leading white space, gets a single quote in front: ``'=HYPERLINK(…)`` stays text.
A plain number (``-0.14``, ``+0.38``, ``-9.3%``) and a lone ``-`` (a figure not
stated) cannot be formulas and are written as they are.
"""

from __future__ import annotations

import csv
import io
import re

from msdmt.render import Terminal
from msdmt.render.document import Document
from msdmt.render.formatters.sanitize import clean_document
from msdmt.render.words import NBSP

_FORMULA = re.compile(r"\s*[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?%?|-")


def cell(text: str) -> str:
    """``text`` as a spreadsheet will show it, never run it."""
    if _FORMULA.match(text) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def render(doc: Document, terminal: Terminal) -> str:
    doc = clean_document(doc, terminal.ascii_only)  # before the formula check: ASCII may turn "–" into "-"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    blocks: list[tuple[str, list[str], list[list[str]], str | None]] = []
    if doc.banner:
        blocks.append(("Caution", ["caution"], [[line] for line in doc.banner], None))
    blocks += [(s.title or s.columns[0], s.columns, s.rows, s.note) for s in (x.explicit or x for x in doc.sections)]
    if doc.footer:
        blocks.append(("Source", ["source"], [[line] for line in doc.footer.splitlines()], None))
    for i, (title, columns, rows, note) in enumerate(blocks):
        if i:
            out.write("\n")
        writer.writerow([cell(title)])
        writer.writerow([cell(c) for c in columns])
        writer.writerows([cell(c) for c in row] for row in rows)
        if note:
            writer.writerow([cell(note)])
    return out.getvalue().replace(NBSP, " ")  # no-break spaces only guide the table's line breaks
