"""Markdown: a heading and a pipe table per section, cautions as a block quote.

Text from the data is never read as HTML or Markdown: ``&``, ``<`` and ``>``
become HTML entities (so ``<!--`` or ``<script>`` cannot hide or add anything),
the characters with an inline meaning (backslash, backtick, ``*``, ``_``, ``~``,
``[``, ``|``, ``$``) are backslash-escaped, each cell stays on one line (a line
break inside a cell is msdmt's own ``<br>``), and a heading, note, caution or
footer is one line whose ``#`` and leading list marker are escaped. Rendered,
every character reads as it does in the table output.
"""

from __future__ import annotations

import re

from msdmt.render import Terminal
from msdmt.render.document import Document
from msdmt.render.formatters.sanitize import clean_document
from msdmt.render.words import NBSP

_INLINE = {"\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_", "~": "\\~", "[": "\\[", "|": "\\|", "$": "\\$",
           "&": "&amp;", "<": "&lt;", ">": "&gt;"}
_INLINE_CHARS = re.compile(r"[\\`*_~\[|$&<>]")
_SPACES = re.compile(r"[ \n]+")  # CommonMark indents with spaces; tabs and other controls are escaped by now
# What would start a list (or a thematic break) at the beginning of a line of text.
_LIST_START = re.compile(r"[-+]|(\d{1,9})[.)](?= |$)")


def _inline(text: str) -> str:
    return _INLINE_CHARS.sub(lambda m: _INLINE[m.group()], text)


def cell(text: str) -> str:
    """A table cell: escaped, on one line."""
    return "<br>".join(_inline(part) for part in text.split("\n"))


def line(text: str) -> str:
    """A heading, caution, note or footer: escaped, one line, never a heading or list by accident."""
    out = _inline(_SPACES.sub(" ", text).strip(" ")).replace("#", "\\#")
    start = _LIST_START.match(out)
    if start is None:
        return out
    if start.group(1) is None:  # "-" or "+"
        return "\\" + out
    return start.group(1) + "\\" + out[start.end(1):]


def render(doc: Document, terminal: Terminal) -> str:
    doc = clean_document(doc, terminal.ascii_only)  # before escaping: ASCII may turn "≤" into "<="
    lines = [f"# {line(doc.title)}", ""]
    for caution in doc.banner:
        lines += [f"> {line(caution)}", ""]
    for s in (x.explicit or x for x in doc.sections):
        if s.title and s.title != doc.title:  # one title: the document's is already the heading
            lines += [f"## {line(s.title)}", ""]
        if s.kind == "lines":
            lines += [line(row[0]) + "  " for row in s.rows] + [""]
        else:
            lines += ["| " + " | ".join(cell(c) for c in s.columns) + " |", "|" + "---|" * len(s.columns)]
            lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in s.rows]
            lines.append("")
        if s.note:
            lines += [line(s.note), ""]
    footer = doc.footer.splitlines()
    lines += [f"*{line(text)}*" + ("  " if i < len(footer) - 1 else "") for i, text in enumerate(footer)]
    # No-break spaces only guide the table's line breaks.
    return ("\n".join(lines) + "\n").replace(NBSP, " ")
