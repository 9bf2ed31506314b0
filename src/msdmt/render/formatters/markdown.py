"""Markdown: a heading and a pipe table per section, cautions as a block quote."""

from __future__ import annotations

from msdmt.render import Terminal
from msdmt.render.document import Document
from msdmt.render.formatters.ascii import to_ascii


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def render(doc: Document, terminal: Terminal) -> str:
    lines = [f"# {doc.title}", ""]
    for line in doc.banner:
        lines += [f"> {line}", ""]
    for s in doc.sections:
        lines += [f"## {s.title}", "", "| " + " | ".join(_cell(c) for c in s.columns) + " |",
                  "|" + "---|" * len(s.columns)]
        lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in s.rows]
        lines.append("")
        if s.note:
            lines += [s.note, ""]
    if doc.footer:
        lines.append(f"*{doc.footer}*")
    text = "\n".join(lines) + "\n"
    return to_ascii(text) if terminal.ascii_only else text
