"""Output sanitisation: no control character reaches the output unless msdmt put it there.

Text from the data, the arguments and file names is untrusted: a label may hold
``ESC ] 52`` (a clipboard write), an OSC 8 hyperlink, ``ESC [2J`` or a bidi
override. Every formatter renders a document cleaned here, and the command line
cleans every message it prints, so each such character is shown as visible text
in the style of a Python escape (``\\x1b``, ``\\u202e``, ``\\U000e0041``) instead of
being sent to the terminal. Escaped: the C0 and C1 controls and DEL (in a
document, except the newline msdmt uses to break lines inside a cell), and every
format (Cf), line separator (Zl), paragraph separator (Zp) and surrogate (Cs)
character: soft hyphen, bidi marks, embeddings, overrides and isolates,
zero-width characters, word joiners, the byte-order mark and tag characters.
Printable text such as β, µ, ², ×, ≤, –, —, ’, ® and ¶ is kept as it is.

Standard library only: the command line imports this on its error path.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from msdmt.render.document import Document

# Cc, Cf, Cs, Zl and Zp of Unicode 14 (Python 3.11), with U+13439-1343F added in Unicode 15;
# tests/test_output_safety.py checks this class against unicodedata of the running Python.
_CLASS = (r"\x00-\x09\x0b-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
          r"\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ud800-\udfff\ufeff\ufff9-\ufffb"
          r"\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
          r"\U000e0001\U000e0020-\U000e007f")
_UNSAFE_IN_DOCUMENT = re.compile(f"[{_CLASS}]")  # the newline (\x0a) is left out of the class
_UNSAFE = re.compile(f"[{_CLASS}\\n]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}

MESSAGE_LIMIT = 1000  # characters of one message line on stderr
ARGUMENT_LIMIT = 80  # characters of an argument quoted in a usage error (as msdmt.data.text.shown)


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def escape(text: str) -> str:
    """``text`` with every control, format and separator character, the newline included, shown as an escape."""
    return _UNSAFE.sub(_visible, text)


def escape_in_document(text: str) -> str:
    """As ``escape``, but a newline stays: inside a document it is msdmt's own line break within a cell."""
    return _UNSAFE_IN_DOCUMENT.sub(_visible, text)


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, the last one an ellipsis, when it is longer."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def clean_document(doc: Document, ascii_only: bool = False) -> Document:
    """A copy of ``doc`` with every string escaped (and made ASCII when the output cannot show more).

    Titles, columns, cells, notes, banner lines, the footer and chart labels: every string a
    formatter writes. The original document is left unchanged.
    """
    from msdmt.render.document import BarLine, Document, Section
    from msdmt.render.formatters.ascii import to_ascii

    def fix(text: str) -> str:
        out = escape_in_document(text)
        return to_ascii(out) if ascii_only else out

    def section(s: Section) -> Section:
        return Section(
            title=fix(s.title),
            columns=[fix(c) for c in s.columns],
            rows=[[fix(c) for c in row] for row in s.rows],
            note=None if s.note is None else fix(s.note),
            kind=s.kind,
            bars=[BarLine(fix(b.group), fix(b.label), b.value, fix(b.end)) for b in s.bars],
            compact=s.compact,
            explicit=None if s.explicit is None else section(s.explicit),
        )

    sections = [section(s) for s in doc.sections]
    return Document(title=fix(doc.title), sections=sections, banner=[fix(line) for line in doc.banner],
                    footer=fix(doc.footer))


def message(text: str) -> str:
    """One line fit for stderr: every control character escaped, at most ``MESSAGE_LIMIT`` characters."""
    return shorten(escape(text), MESSAGE_LIMIT)


def quote_arguments(text: str, arguments: list[str]) -> str:
    """``text`` with each long or unsafe argument it quotes shortened and escaped.

    A parser's error message quotes the value it refused, as typed or as its repr;
    a 1 MB argument must not come back whole, nor an escape sequence raw.
    """
    for arg in sorted(set(arguments), key=len, reverse=True):
        safe = escape(shorten(arg, ARGUMENT_LIMIT))
        if safe == arg:
            continue
        for form in (arg, repr(arg)[1:-1]):
            if form:
                text = text.replace(form, safe)
    return text
