"""CSV: one block per section, blocks separated by a blank line.

A block is the section title (one cell), the header row, the rows, and the
section's note (one cell) where it has one. The first block is the caution
where a view has one, the last the source, so a spreadsheet never shows
figures without them. Scripts wanting one table should use --json.
"""

from __future__ import annotations

import csv
import io

from msdmt.render import Terminal
from msdmt.render.document import Document
from msdmt.render.formatters.ascii import to_ascii
from msdmt.render.words import NBSP


def render(doc: Document, terminal: Terminal) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    blocks = []
    if doc.banner:
        blocks.append(("Caution", ["caution"], [[line] for line in doc.banner], None))
    blocks += [(s.title or s.columns[0], s.columns, s.rows, s.note) for s in (x.explicit or x for x in doc.sections)]
    if doc.footer:
        blocks.append(("Source", ["source"], [[line] for line in doc.footer.splitlines()], None))
    for i, (title, columns, rows, note) in enumerate(blocks):
        if i:
            out.write("\n")
        writer.writerow([title])
        writer.writerow(columns)
        writer.writerows(rows)
        if note:
            writer.writerow([note])
    text = out.getvalue()
    text = text.replace(NBSP, " ")  # no-break spaces only guide the table's line breaks
    return to_ascii(text) if terminal.ascii_only else text
