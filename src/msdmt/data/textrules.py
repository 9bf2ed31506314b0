"""What data text may contain, and how values from the data are shown in messages.

The rules of the data layer's cold path (the parser, the models and the
cross-checks use them; a warm lookup never does, so they live apart from
``msdmt.data.text``, which every lookup imports): the characters no data text may
hold, one-line fields, names in one script, and quoting values and numbers in
problem lines so that they are short, escaped and shown as written.
"""

from __future__ import annotations

import functools
import re

from msdmt.errors import escape


def number_text(value: float) -> str:
    """A number as messages show it: 627, 0.39, 100.0001, 0.00001 (positional, never 6.27e+08 or 1e-05)."""
    if not isinstance(value, float):
        return str(value)
    text = repr(value)
    if "e" in text and value == value and abs(value) != float("inf"):
        from decimal import Decimal

        text = format(Decimal(text), "f")
    return text


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
_KIND_PATTERNS = (
    (f"[{_CONTROL}]", "a control character"),
    (f"[{_BIDI}]", "a bidirectional-text control"),
    (f"[{_INVISIBLE}]", "an invisible character"),
    ("[\u2028\u2029]", "a line or paragraph separator"),
    ("[\ud800-\udfff]", "a lone surrogate"),
    ("[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]", "a private-use character"),
)


@functools.cache
def forbidden() -> re.Pattern[str]:
    """The characters no data text may hold (compiled on first use: the classes take about a millisecond,
    which a warm lookup, which never checks text, should not pay)."""
    return re.compile(f"[{_CONTROL}{_BIDI}{_INVISIBLE}{_FORMAT}{_OTHER}]")


@functools.cache
def _kinds() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(pattern), name) for pattern, name in _KIND_PATTERNS)


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
    found = forbidden().search(text)
    if found is None:
        return None
    char = found.group()
    kind = next((name for pattern, name in _kinds() if pattern.match(char)), "a format character")
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
