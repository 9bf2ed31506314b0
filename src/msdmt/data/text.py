"""Text rules shared by every layer: folding names for lookup and search, finding a figure in its printed text,
and what data text may contain.

These live in the lowest layer because validation needs them as much as the
queries and the renderers do; each rule has this one home.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from msdmt.errors import escape

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


def number_text(value: float) -> str:
    """A number as messages show it: 627, 0.39, 100.0001, 0.00001 (positional, never 6.27e+08 or 1e-05)."""
    if not isinstance(value, float):
        return str(value)
    text = repr(value)
    if "e" in text and value == value and abs(value) != float("inf"):
        from decimal import Decimal

        text = format(Decimal(text), "f")
    return text


def numerals(printed: str | None) -> list[str]:
    """Every numeral printed in a text."""
    return _NUMBER.findall(printed or "")


def walk_text(node: object, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every string in a record, with its path."""
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from walk_text(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from walk_text(v, path + (i,))


# Fields whose text is a code or a place, not something a person searches for.
SKIP_FIELDS = frozenset({"locator", "unit", "source", "kind", "origin", "role", "category", "id", "measure",
                         "comparison"})


def search_blob(record: dict[str, Any]) -> str:
    """All searchable text of a record, folded, one field per line (a query never spans fields)."""
    return "\n".join(fold(v) for path, v in walk_text(record) if path[-1] not in SKIP_FIELDS)


# What data text may not contain. Every character below is invisible or changes how the text
# around it is shown, so data holding one could display something other than what it says:
# C0 and C1 controls (a newline is decided by the field, see ``one_line``), bidirectional
# overrides, embeddings, isolates and marks, zero-width and other invisible characters, the
# remaining format characters (category Cf), lone surrogates, private-use characters, and the
# Unicode line and paragraph separators. tests/test_text_rules.py checks the classes against
# the Unicode database.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_INVISIBLE = ("\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200d\u2060-\u2064\u206a-\u206f"
              "\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0100-\U000e01ef")
_FORMAT = ("\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\ufff9-\ufffb\U000110bd\U000110cd"
           "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f")
_CONTROL = "\x00-\x09\x0b-\x1f\x7f-\x9f"
_OTHER = "\u2028\u2029\ud800-\udfff\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd"
FORBIDDEN = re.compile(f"[{_CONTROL}{_BIDI}{_INVISIBLE}{_FORMAT}{_OTHER}]")
_KINDS = (
    (re.compile(f"[{_CONTROL}]"), "a control character"),
    (re.compile(f"[{_BIDI}]"), "a bidirectional-text control"),
    (re.compile(f"[{_INVISIBLE}]"), "an invisible character"),
    (re.compile("[\u2028\u2029]"), "a line or paragraph separator"),
    (re.compile("[\ud800-\udfff]"), "a lone surrogate"),
    (re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]"), "a private-use character"),
)


def quote(value: object, limit: int = 60) -> str:
    """``value`` quoted for a message: repr-style (every non-printable character escaped) and, when
    longer than ``limit`` characters, cut with an ellipsis and its length."""
    if not isinstance(value, str):
        text = repr(value)
        return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"
    if len(value) <= limit:
        return repr(value)
    head = repr(value[:limit])
    return f"{head[:-1]}…{head[-1]} ({len(value):,} characters)"


def text_problem(text: str) -> str | None:
    """Why ``text`` cannot be data text (a character it may not hold), or None. Newlines are not judged here."""
    found = FORBIDDEN.search(text)
    if found is None:
        return None
    char = found.group()
    kind = next((name for pattern, name in _KINDS if pattern.match(char)), "a format character")
    return f"text holds {kind} ({escape(char)}) at character {found.start() + 1}: {quote(text)}"


def one_line(text: str) -> str | None:
    """Why ``text`` cannot be a one-line field (names, labels, printed figures, locators), or None."""
    if "\n" in text:
        return f"a line break is allowed only in notes, errata, repairs and descriptions: {quote(text)}"
    return None


# Greek letters that may stand inside a Latin name as the symbols they are ("Interferon β-1a",
# "IFN-γ", "α4-integrin"). The Greek letters left out (Α Β Ε Ζ Η Ι Κ Μ Ν Ο Ρ Τ Υ Χ and
# ι κ ν ο ρ υ χ) pass for Latin letters, and a name holding one is refused as mixing scripts.
NAME_SYMBOLS = frozenset("αβγδεζηθλμξπσςτφψωΓΔΘΛΞΠΣΦΨΩµ")


def _script(char: str) -> str:
    """The script of a letter, as the first word of its Unicode name: LATIN, GREEK, CYRILLIC, … (so
    "FULLWIDTH LATIN …" and "MATHEMATICAL BOLD …" letters count as scripts of their own)."""
    import unicodedata

    return unicodedata.name(char, "").split(" ", 1)[0] or f"U+{ord(char):04X}"


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a name msdmt matches on (an id, name, alias or brand), or None.

    A name is one line in Unicode normal form NFC whose letters all belong to one script,
    except for the Greek symbols of NAME_SYMBOLS, so that no two names can look alike and differ:
    a Cyrillic "А" in "АFFIRM" is refused.
    """
    import unicodedata

    problem = one_line(name)
    if problem:
        return problem
    if not unicodedata.is_normalized("NFC", name):
        return f"a name must be in Unicode normal form NFC (composed characters): {quote(name)}"
    scripts: dict[str, str] = {}
    for char in name:
        if char.isalpha() and char not in NAME_SYMBOLS:
            scripts.setdefault(_script(char), char)
    if len(scripts) > 1:
        parts = ", ".join(f"{script.title()} (U+{ord(char):04X} {_char_name(char)})" for script, char in scripts.items())
        return f"a name must not mix scripts: {quote(name)} mixes {parts}"
    return None


def _char_name(char: str) -> str:
    import unicodedata

    return unicodedata.name(char, "unnamed character")


_MESSAGE_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def shown(text: object, limit: int = 80) -> str:
    """A value fit to quote in a message: control, bidi and zero-width characters escaped, long text shortened."""
    raw = str(text)
    if len(raw) > limit:
        raw = raw[: limit - 1] + "…"
    out = _MESSAGE_UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), raw)
    return repr(out) if out == raw else "'" + out.replace("'", "\\'") + "'"
