"""Render views for people and scripts: a registry of formats, each a pure function to a string.

Imported at start-up, so it stays light: a format's module (and Rich, csv or
json with it) is imported only when that format is used.
"""

from __future__ import annotations

import enum
import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from msdmt.core.views import View
    from msdmt.render.document import Document


class Format(str, enum.Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class Terminal(NamedTuple):
    """What the output device can show, found once by the command line and handed in (tests pass their own).

    Not a dataclass: that import alone is a measurable share of ``msdmt --version``.
    """

    width: int = 80
    color_system: str | None = None  # None: no colour
    ascii_only: bool = False  # the output encoding cannot show β, µ, ≤ or box lines
    is_terminal: bool = False


PLAIN = Terminal()

# Format -> "module:function". A formatter takes a Document (JSON: the view's dict) and a Terminal
# and returns the text to write.
_REGISTRY: dict[Format, str] = {
    Format.table: "msdmt.render.formatters.table:render",
    Format.csv: "msdmt.render.formatters.csv:render",
    Format.markdown: "msdmt.render.formatters.markdown:render",
    Format.json: "msdmt.render.formatters.json:render",
}


def formatter(fmt: Format) -> Callable[[Any, Terminal], str]:
    module, _, name = _REGISTRY[fmt].partition(":")
    function: Callable[[Any, Terminal], str] = getattr(importlib.import_module(module), name)
    return function


def render(view: View, fmt: Format, terminal: Terminal = PLAIN, full: bool = False) -> str:
    """The text of ``view`` in ``fmt``: JSON from the view itself (always complete), every other format from
    its document (a summary, or everything with ``full``)."""
    if fmt is Format.json:
        return formatter(fmt)(view.to_dict(), terminal)
    from msdmt.render.document import build

    return formatter(fmt)(build(view, full), terminal)


def document(view: View, full: bool = False) -> Document:
    from msdmt.render.document import build

    return build(view, full)
