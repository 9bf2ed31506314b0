"""The text rules against the Unicode database, and the escaping of every message the data layer builds."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from msdmt.data.text import FORBIDDEN, name_problem, quote, text_problem
from msdmt.errors import MAX_SHOWN, DataError, escape

_REFUSED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Zl", "Zp"}


def test_every_control_format_surrogate_private_and_separator_character_is_refused() -> None:
    missed = [f"U+{cp:04X}" for cp in range(sys.maxunicode + 1)
              if unicodedata.category(chr(cp)) in _REFUSED_CATEGORIES and chr(cp) != "\n"
              and FORBIDDEN.search(chr(cp)) is None]
    assert missed == []


def test_newline_and_ordinary_text_are_not_refused_here() -> None:
    assert FORBIDDEN.search("\n") is None
    assert text_problem("Interferon β-1a SC 44 µg 3× per week, ≤0.2%, mg/m², Lemtrada®, “quoted” – ’") is None


def test_the_bundled_data_holds_no_refused_character(data: dict[str, object]) -> None:
    def strings(node: object) -> list[str]:
        if isinstance(node, str):
            return [node]
        if isinstance(node, dict):
            return [s for k, v in node.items() for s in strings(k) + strings(v)]
        if isinstance(node, list):
            return [s for v in node for s in strings(v)]
        return []

    texts = strings({k: v for k, v in data.items() if k in ("sources", "facts", "therapies", "trials")})
    assert texts and [t for t in texts if FORBIDDEN.search(t) or "\n" in t] == []


def test_bundled_names_are_single_script(data: dict[str, list[dict[str, object]]]) -> None:
    for record in data["therapies"] + data["trials"]:
        for field in ("name", "generic", "brand"):
            if isinstance(record.get(field), str):
                assert name_problem(record[field]) is None  # type: ignore[arg-type]
        for alias in record["aliases"]:  # type: ignore[union-attr]
            assert name_problem(alias) is None


@pytest.mark.parametrize("name", ["АFFIRM", "AFFIRМ", "ΑFFIRM", "CARE-ΜS I", "Lemtrаda", "ＡFFIRM", "𝐀FFIRM",
                                  "Interferon Β-1a", "AFFIRM\u0301"])
def test_lookalike_names_are_refused(name: str) -> None:
    assert name_problem(name) is not None


@pytest.mark.parametrize("name", ["AFFIRM", "Interferon β-1a SC", "IFN-γ", "α4-integrin blocker", "Δ-9", "Café",
                                  "µ-dose", "ТЕСТ", "Ἀλφα"])
def test_single_script_names_are_fine(name: str) -> None:
    assert name_problem(name) is None


def test_escape_leaves_no_unprintable_character() -> None:
    every = "".join(chr(cp) for cp in range(0, 0x3000)) + "\U000e0001\U0010fffd\ud800"
    escaped = escape(every)
    assert escaped.isprintable()
    assert escape("\x1b]52;c;x\x07 \u202e\n") == "\\x1b]52;c;x\\x07 \\u202e\\n"


def test_data_error_lines_are_escaped_and_capped() -> None:
    error = DataError([f"f.yaml:{i}: \x1b[2J{i}" for i in range(1, 31)])
    assert len(error.problems) == MAX_SHOWN + 1
    assert error.problems[0] == "f.yaml:1: \\x1b[2J1"
    assert error.problems[-1] == "… and 10 more problems"
    assert DataError(["a"], total=1_000_001).problems == ["a", "… and 1,000,000 more problems"]


def test_quote_shortens_and_escapes() -> None:
    assert quote("natalizumabb") == "'natalizumabb'"
    assert quote("Goodpasture's") == '"Goodpasture\'s"'
    assert quote("x" * 100) == "'" + "x" * 60 + "…' (100 characters)"
    assert quote("\u202e" * 100).startswith("'\\u202e\\u202e")
