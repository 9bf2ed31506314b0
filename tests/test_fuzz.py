"""Property-based fuzzing of the data files: any mutation of the bundled data is valid, or exit 1 with FILE:LINE lines.

Mutations of the YAML text: a value replaced by a random scalar (numbers, YAML 1.1 forms,
keywords, quoted random Unicode, raw random Unicode) or by a value of the wrong type, a line
removed (a missing key) or duplicated (a duplicate key or item), random text inserted. Never a
traceback, never another exit code, never an unprintable character on stderr; and the views
agree with `validate` (the same error lines when it fails, exit 0 or 1 when it passes).

A small, fixed (derandomized) number of examples runs in CI; MSDMT_FUZZ_EXAMPLES=2000 runs more.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import run
from msdmt.data.load import bundled_dir

settings.register_profile(
    "msdmt-fuzz",
    max_examples=int(os.environ.get("MSDMT_FUZZ_EXAMPLES", "30")),
    deadline=None,
    derandomize=True,  # the same examples on every run: CI is reproducible
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FUZZ = settings.get_profile("msdmt-fuzz")

FILES = {name: (bundled_dir() / f"{name}.yaml").read_text(encoding="utf-8")
         for name in ("sources", "therapies", "trials")}
_PAIR = re.compile(r"(?P<key>[A-Za-z_]+): (?P<value>\"[^\"]*\"|'[^']*'|[^,{}\[\]\n]+)")
_ERROR = re.compile(r"msdmt: .+/(therapies|trials)\.yaml:\d+: .+|msdmt: … and [\d,]+ more problems")

YAML11 = ["0x1F", "0o17", "017", "0019", "1:30", "12:30:45", "6_27", "+5", ".5", "5.", "1e5", "1.0e+5", "0b11",
          "~", "null", "yes", "no", "on", "off", "y", ".inf", "-.inf", ".nan", "2001-12-14", "<<", "=", "1.2.3",
          "-0", "0.0", "1" * 30, "9" * 400, "0." + "0" * 30 + "1", "!!str x", "&a x", "*a", "? x", "- x", "|", ">",
          '"\\x1b[2J"', '"\\u202e"', '"\\e]52;c;eA==\\a"', '"\\ud800"', '"\\U0001F600"', '"a\\nb"', "'it''s'"]
# Numbers at the edges of the plausible ranges: data that validates, with figures the views must show.
EDGES = ["0", "1", "4", "20", "100", "1900", "2100", "10000", "10000000", "0.0001", "0.000000000000001",
         "99.9999999999999", "-0.39", "-100", "-1000", "36600", "1000000"]
WRONG_TYPES = ["[]", "{}", "[1, 2]", "{a: 1}", "[[]]", "[{}]", "null", "true", '""', "''"]


def _quoted(text: str, ascii_only: bool) -> str:
    return json.dumps(text, ensure_ascii=ascii_only)  # a JSON string is a YAML double-quoted scalar


scalars = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(YAML11),
    st.sampled_from(EDGES),
    st.sampled_from(WRONG_TYPES),
    st.builds(_quoted, st.text(max_size=30), st.booleans()),
    st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=20),  # raw, unquoted
)

mutation = st.one_of(
    st.tuples(st.just("value"), st.integers(min_value=0), st.integers(min_value=0), scalars),
    st.tuples(st.just("delete"), st.integers(min_value=0)),
    st.tuples(st.just("duplicate"), st.integers(min_value=0)),
    st.tuples(st.just("insert"), st.integers(min_value=0), st.text(max_size=10)),
)


def _mutate(text: str, mutations: list[tuple[object, ...]]) -> str:
    lines = text.split("\n")
    for m in mutations:
        i = int(m[1]) % len(lines)  # type: ignore[call-overload]
        if m[0] == "value":
            pairs = list(_PAIR.finditer(lines[i]))
            if pairs:
                p = pairs[int(m[2]) % len(pairs)]  # type: ignore[call-overload]
                lines[i] = lines[i][: p.start("value")] + str(m[3]) + lines[i][p.end("value"):]
        elif m[0] == "delete":
            del lines[i]
        elif m[0] == "duplicate":
            lines.insert(i, lines[i])
        else:
            at = len(lines[i]) // 2
            lines[i] = lines[i][:at] + str(m[2]) + lines[i][at:]
    return "\n".join(lines)


def _check(directory: Path) -> None:
    result = run("--no-bundled", "validate", str(directory))
    assert result.exit_code in (0, 1), result.stderr
    assert all(line.isprintable() for line in result.stderr.splitlines()), repr(result.stderr)
    if result.exit_code == 1:
        lines = result.stderr.splitlines()
        assert result.stdout == "" and 1 <= len(lines) <= 21
        assert all(_ERROR.fullmatch(line) for line in lines), result.stderr
        view = run("--no-bundled", "--data-dir", str(directory), "therapies", "--json")
        assert (view.exit_code, view.stderr) == (1, result.stderr)  # the views agree with validate
        return
    assert result.stderr == ""
    for args in (["therapies", "--json"], ["trials", "--json"], ["adverse-events", "--json"], ["audit"],
                 ["search", "thyroid"], ["therapy", "alemtuzumab"], ["trial", "CARE-MS-I"],
                 ["compare", "AFFIRM", "CARE-MS-I", "--chart"]):
        view = run("--no-bundled", "--data-dir", str(directory), *args)
        assert view.exit_code in (0, 1), (args, view.stderr)
        assert "internal error" not in view.stderr and "Traceback" not in view.stderr, (args, view.stderr)


def _fuzz(name: str, mutations: list[tuple[object, ...]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        for file, text in FILES.items():
            mutated = _mutate(text, mutations) if file == name else text
            (directory / f"{file}.yaml").write_text(mutated, encoding="utf-8", errors="surrogatepass")
        _check(directory)


@FUZZ
@given(st.lists(mutation, min_size=1, max_size=3))
def test_fuzzed_trials_are_valid_or_clean_errors(mutations: list[tuple[object, ...]]) -> None:
    _fuzz("trials", mutations)


@FUZZ
@given(st.lists(mutation, min_size=1, max_size=3))
def test_fuzzed_therapies_are_valid_or_clean_errors(mutations: list[tuple[object, ...]]) -> None:
    _fuzz("therapies", mutations)


@FUZZ
@given(st.sampled_from(YAML11 + WRONG_TYPES), st.integers(min_value=0), st.integers(min_value=0))
def test_every_number_field_refuses_yaml11_forms(scalar: str, line: int, pair: int) -> None:
    """A YAML 1.1 form or a wrong type in any `key: value` of trials.yaml."""
    _fuzz("trials", [("value", line, pair, scalar)])
