"""Readable ASCII for outputs that cannot show the source's symbols (LC_ALL=C, PYTHONIOENCODING=ascii)."""

from __future__ import annotations

_ASCII = {
    "β": "beta", "α": "alpha", "µ": "u", "ï": "i", "×": "x", "≤": "<=", "≥": ">=", "–": "-", "—": "-",
    "−": "-", "’": "'", "‘": "'", "“": '"', "”": '"', "®": "(R)", "²": "2", "¶": "para ", "…": "...", "·": "-",
}


def to_ascii(text: str) -> str:
    """ASCII, but a no-break space stays: the formatters read it as a place not to break a line,
    then write a plain space."""
    return "\u00a0".join(_one(part) for part in text.split("\u00a0"))


def _one(text: str) -> str:
    for char, repl in _ASCII.items():
        text = text.replace(char, repl)
    return text.encode("ascii", "replace").decode("ascii")
