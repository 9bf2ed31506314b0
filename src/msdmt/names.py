"""Name matching: how typed names (any case, β or beta, with or without dashes) become keys."""

from __future__ import annotations

import re

_GREEK = {"β": "beta", "α": "alpha"}
_DROP = re.compile(r"[^a-z0-9]+")


def normalize(name: str) -> str:
    """Lookup key of a name: 'IFN β-1a SC' and 'ifn beta 1a sc' both give 'ifnbeta1asc'."""
    # "ß" is often typed for "β"; it must be mapped before casefold() turns it into "ss".
    text = name.replace("ß", "β").casefold()
    for char, word in _GREEK.items():
        text = text.replace(char, word)
    return _DROP.sub("", text)
