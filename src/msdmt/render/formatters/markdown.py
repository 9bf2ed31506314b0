"""Markdown: a heading and a pipe table per section, cautions as a block quote."""

from __future__ import annotations

from msdmt.render import Terminal
from msdmt.render.document import Document
from msdmt.render.formatters.ascii import to_ascii
from msdmt.render.words import NBSP


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def render(doc: Document, terminal: Terminal) -> str:
    lines = [f"# {_cell(doc.title)}", ""]
    for line in doc.banner:
        lines += [f"> {line}", ""]
    for s in (x.explicit or x for x in doc.sections):
        if s.title and s.title != doc.title:  # one title: the document's is already the heading
            lines += [f"## {_cell(s.title)}", ""]
        if s.kind == "lines":
            lines += [_cell(row[0]) + "  " for row in s.rows] + [""]
        else:
            lines += ["| " + " | ".join(_cell(c) for c in s.columns) + " |", "|" + "---|" * len(s.columns)]
            lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in s.rows]
            lines.append("")
        if s.note:
            lines += [_cell(s.note), ""]
    lines += [f"*{_cell(line)}*" + ("  " if i < len(doc.footer.splitlines()) - 1 else "")
              for i, line in enumerate(doc.footer.splitlines())]
    text = "\n".join(lines) + "\n"
    text = text.replace(NBSP, " ")  # no-break spaces only guide the table's line breaks
    return to_ascii(text) if terminal.ascii_only else text
