"""CSV: one block per section (a header row, then the rows), blocks separated by a blank line.

The first block is the caution where a view has one, the last the source, so a
spreadsheet never shows figures without them.
"""

from __future__ import annotations

import csv
import io

from msdmt.layout import Document

from . import Options, to_ascii


def render(doc: Document, options: Options) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    blocks = []
    if doc.banner:
        blocks.append((["caution"], [[line] for line in doc.banner]))
    blocks += [(s.columns, s.rows) for s in doc.sections]
    if doc.footer:
        blocks.append((["source"], [[doc.footer]]))
    for i, (columns, rows) in enumerate(blocks):
        if i:
            out.write("\n")
        writer.writerow(columns)
        writer.writerows(rows)
    text = out.getvalue()
    return to_ascii(text) if options.ascii_only else text
