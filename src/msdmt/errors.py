"""The one family of exceptions the domain code raises; only the command line maps them to exit codes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

MAX_SHOWN = 20  # problem lines a DataError carries; the rest are counted in one "… and N more" line

_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape(text: str) -> str:
    """``text`` with every character that is not printable (controls, bidi and other format characters,
    surrogates, private-use and unassigned code points, separators other than the space) written as a
    Python escape (``\\x1b``, ``\\u202e``), so that a message never carries one to a terminal."""
    if text.isprintable():
        return text
    out = []
    for char in text:
        if char.isprintable():
            out.append(char)
        elif char in _SHORT_ESCAPES:
            out.append(_SHORT_ESCAPES[char])
        else:
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    return "".join(out)


class MsdmtError(Exception):
    """Base class of every error msdmt reports to a person."""


class DataError(MsdmtError):
    """The data could not be read or is invalid; ``problems`` holds one ``FILE:LINE: …`` line each.

    Every line is escaped (a file name or a value from the data may hold control or bidi
    characters), and at most ``MAX_SHOWN`` are kept: when there are more (``total``, which may
    count problems that were never formatted), the last line says how many were left out.
    """

    def __init__(self, problems: Iterable[str], total: int | None = None) -> None:
        lines = [escape(line) for line in problems]
        self.total = max(total or 0, len(lines))
        self.problems = lines[:MAX_SHOWN]
        if self.total > len(self.problems):
            self.problems.append(f"… and {self.total - len(self.problems):,} more problems")
        super().__init__("\n".join(self.problems))


class NotFoundError(MsdmtError):
    """No therapy, trial or match by that name."""


class AmbiguousError(MsdmtError):
    """A name that fits more than one record; ``candidates`` holds their ids."""

    def __init__(self, message: str, candidates: Sequence[str] = ()) -> None:
        self.candidates = list(candidates)
        super().__init__(message)


class UsageError(MsdmtError):
    """The request itself is malformed (the command line treats it like a bad option)."""
