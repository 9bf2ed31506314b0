"""Text rules shared by every layer: folding names for lookup and search, and finding a figure in its printed text.

These live in the lowest layer because validation needs them as much as the
queries and the renderers do; each rule has this one home.
"""

from __future__ import annotations

import re

_GREEK = {"β": "beta", "α": "alpha"}
_DROP = re.compile(r"[^a-z0-9]+")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def fold(text: str) -> str:
    """Case- and script-folded text: 'IFN ß-1a' and 'ifn β-1a' both give 'ifn beta-1a'."""
    # "ß" is often typed for "β"; it must be mapped before casefold() turns it into "ss".
    text = text.replace("ß", "β").casefold()
    for char, word in _GREEK.items():
        text = text.replace(char, word)
    return text


def normalize(name: str) -> str:
    """Lookup key of a name: 'IFN β-1a SC' and 'ifn beta 1a sc' both give 'ifnbeta1asc'."""
    return _DROP.sub("", fold(name))


def tokens(text: str) -> list[str]:
    """The words of a folded text: 'Proportion relapse-free' gives ['proportion', 'relapse', 'free']."""
    return [t for t in re.split(r"[^a-z0-9]+", fold(text)) if t]


def matches_words(query: str, *texts: str) -> bool:
    """Whether every word of ``query`` begins a word of the texts ('edss' matches 'Mean change in EDSS')."""
    words = {t for text in texts for t in tokens(text)}
    wanted = tokens(query)
    return bool(wanted) and all(any(w.startswith(q) for w in words) for q in wanted)


def printed_token(value: float, printed: str | None) -> str | None:
    """The numeral in ``printed`` that spells ``abs(value)`` ("0.70" for 0.7 in "HR 0.70"), or None."""
    if not printed:
        return None
    for token in _NUMBER.findall(printed):
        if float(token) == abs(value):
            return str(token)
    return None


def numerals(printed: str | None) -> list[str]:
    """Every numeral printed in a text."""
    return _NUMBER.findall(printed or "")


def shown(text: object, limit: int = 80) -> str:
    """A value fit to quote in a message: ``textrules.quote`` of its text (escaped, long text shortened)."""
    from .textrules import quote

    return quote(str(text), limit)
