"""Output formats. One module per format; ``render`` picks it by the ``Format`` enum.

This package is imported at start-up, so it must stay light: the modules that
need rich, csv or json are imported only when their format is used.
"""

from __future__ import annotations

import enum
from typing import NamedTuple


class Format(str, enum.Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class Options(NamedTuple):
    """How the terminal looks; only the table format uses these. (Not a dataclass: that import
    alone is a measurable share of ``msdmt --version``.)"""

    width: int = 80
    color_system: str | None = None
    ascii_only: bool = False


_ASCII = {
    "β": "beta", "α": "alpha", "µ": "u", "ï": "i", "×": "x", "≤": "<=", "≥": ">=", "–": "-", "—": "-",
    "−": "-", "’": "'", "‘": "'", "“": '"', "”": '"', "®": "(R)", "²": "2", "¶": "para ", "…": "...", "·": "-",
}


def to_ascii(text: str) -> str:
    """Readable ASCII for terminals that cannot show the source's symbols."""
    for char, repl in _ASCII.items():
        text = text.replace(char, repl)
    return text.encode("ascii", "replace").decode("ascii")


DEFAULT_OPTIONS = Options()


def render(view: dict, fmt: Format, options: Options = DEFAULT_OPTIONS) -> str:
    if fmt is Format.json:
        from . import json as module

        return module.render(view)
    from msdmt.render import document

    doc = document.build(view)
    if fmt is Format.table:
        from . import table as module
    elif fmt is Format.csv:
        from . import csv as module
    else:
        from . import markdown as module
    return module.render(doc, options)
