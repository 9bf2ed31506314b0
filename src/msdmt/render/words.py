"""How figures are written: numbers with the paper's precision, units, P-values, short locators.

Pure functions of a record; the document builders and every formatter use them,
so a figure reads the same in a table, in Markdown and in CSV.
"""

from __future__ import annotations

import re
from typing import Any

from msdmt.data.text import printed_token

CHANGE_KINDS = frozenset({"mean_change", "median_change"})
_SINGULAR = {"patients": "patient", "cases": "case", "deaths": "death", "lesions": "lesion", "relapses": "relapse",
             "treatments": "treatment", "years": "year", "months": "month", "weeks": "week", "days": "day"}


def num(value: float, printed: str | None = None) -> str:
    """A number as the paper prints it where its text is known ("0.70", not "0.7").

    Otherwise the shortest decimal that reads back as the value, without an exponent:
    "0.00001", not "0." or "1e-05"; "1234567", not "1.23457e+06".
    """
    token = printed_token(value, printed)
    if token is not None:
        return ("-" if value < 0 else "") + token
    text = f"{value:g}"
    if "e" not in text and float(text) == value:
        return text
    from decimal import Decimal  # only here: :g would write 1e-05, or round 1234567 to 1.23457e+06

    return format(Decimal(repr(float(value))).normalize(), "f")


def unit_text(unit: str, value: float) -> str:
    """A unit after a number: singular for exactly one ("1 year")."""
    return _SINGULAR.get(unit, unit) if value == 1 else unit


def figure(rec: dict[str, Any] | None, unit: str | None = None, kind: str | None = None) -> str:
    """'68%', '<0.2%', 'HR 0.68', '+0.38', '300 mg', or the record's text."""
    if not rec:
        return ""
    unit = rec.get("unit", unit)
    value = rec.get("value")
    text = rec.get("text")
    if value is None:
        return str(text or "")
    n = num(value, rec.get("printed"))
    if kind in CHANGE_KINDS and value > 0:
        n = "+" + n
    bound = rec.get("bound") or ""
    if unit == "hazard ratio":
        out = f"HR {bound}{n}"
    elif unit == "EDSS score":
        out = f"EDSS {bound}{n}"
    elif unit == "%":
        out = f"{bound}{n}%"
    elif unit in (None, "relapses/year", "EDSS points", "calendar year"):
        out = f"{bound}{n}"
    else:
        out = f"{bound}{n} {unit_text(unit, value)}"
    return f"{out} ({text})" if text else out


def pvalue(p: dict[str, Any] | None) -> str:
    return f"P{p['comparison']}{num(p['value'], p.get('printed'))}" if p else ""


_TEXT_LOC = re.compile(r'^Text, "([^"]+)", paragraph (\d+)')
_TABLE_LOC = re.compile(r"^(Tables? \d+(?: and (?:Table )?\d+)?)")
_SECTION_SHORT = {"Comparative efficacy, safety, and tolerability": "Comparative efficacy"}


def where(locator: str | None) -> str:
    """A short form of a locator for table cells; JSON keeps the full one."""
    if not locator:
        return ""
    m = _TABLE_LOC.match(locator)
    if m:
        return m.group(1)
    m = _TEXT_LOC.match(locator)
    if m:
        return f"Text, {_SECTION_SHORT.get(m.group(1), m.group(1))} ¶{m.group(2)}"
    return locator


def one_line(text: str) -> str:
    """Text from the data with its line breaks and runs of spaces made single spaces."""
    return " ".join(text.split())


NBSP = "\u00a0"  # keeps a locator on one line: no formatter breaks a line at it


def where_short(locator: str | None) -> str:
    """The shortest unambiguous form of a locator, never split across lines: 'Table 3', 'Safety ¶2'.

    A paragraph of the text is named by its section's first word ('Efficacy' for the review's
    "Comparative efficacy, safety, and tolerability").
    """
    if not locator:
        return ""
    m = _TABLE_LOC.match(locator)
    if m:
        return m.group(1).replace(" ", NBSP)
    m = _TEXT_LOC.match(locator)
    if m:
        section = m.group(1)
        name = "Efficacy" if section in _SECTION_SHORT else section.split()[0].rstrip(",")
        return f"{name} ¶{m.group(2)}".replace(" ", NBSP)
    return locator


def signed(value: float) -> str:
    """A difference with its sign: '+18', '-13', '0'."""
    return ("+" if value > 0 else "") + num(value)
