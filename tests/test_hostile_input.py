"""Hostile data directories: bounded cost, numbers that are decimal numerals, ranges, text that is text.

Every case gives exit 1 and exact FILE:LINE lines on stderr, and `validate` and the
views agree on what is valid.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, copy_bundled, run
from msdmt.data import load as load_module
from msdmt.data import yamlsafe
from msdmt.data.load import load
from msdmt.errors import DataError


def _dir(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    d.mkdir()
    return copy_bundled(d)


def _replace_first(path: Path, old: str, new: str) -> int:
    text = path.read_text(encoding="utf-8")
    at = text.index(old)
    path.write_text(text[:at] + new + text[at + len(old):], encoding="utf-8")
    return text[:at].count("\n") + 1


def _fails(directory: Path, *expected: str, command: tuple[str, ...] = ("validate",)) -> None:
    args = ("--data-dir", str(directory), *command) if command != ("validate",) else ("validate", str(directory))
    result = run("--no-bundled", *args)  # the directory is a whole data set, used alone
    assert (result.exit_code, result.stdout) == (1, ""), result.stderr
    assert result.stderr.splitlines() == [f"msdmt: {line}" for line in expected]


def _subprocess(args: list[str], timeout: float = 60, memory: int = 2 * 2**30) -> tuple[int, str, float, float]:
    """(exit code, stderr, seconds, peak MiB) of ``python -m msdmt ARGS``, under an address-space limit."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    env = {**os.environ, "MSDMT_NO_CACHE": "1", "PYTHONPATH": str(ROOT / "src")}
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "msdmt", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=env, preexec_fn=limit)
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail(f"msdmt {' '.join(args)} took more than {timeout} s")
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # max over children so far: an upper bound
    return proc.returncode, err.decode("utf-8", "replace"), seconds, usage.ru_maxrss / 1024


# --- reading: regular files only, a hard byte cap ------------------------------------------------


def test_a_fifo_is_refused_before_it_is_read(tmp_path: Path) -> None:
    d = _dir(tmp_path)
    (d / "trials.yaml").unlink()
    os.mkfifo(d / "trials.yaml")
    code, err, _, _ = _subprocess(["--no-bundled", "validate", str(d)], timeout=30)
    assert (code, err) == (1, f"msdmt: {d}/trials.yaml: is a FIFO, not a regular file\n")


def test_a_symlink_to_a_device_is_refused(tmp_path: Path) -> None:
    d = _dir(tmp_path)
    (d / "trials.yaml").unlink()
    (d / "trials.yaml").symlink_to("/dev/zero")
    code, err, _, _ = _subprocess(["--no-bundled", "validate", str(d)], timeout=30, memory=2**30)
    assert (code, err) == (1, f"msdmt: {d}/trials.yaml: is a character device, not a regular file\n")


def test_the_byte_cap_does_not_trust_the_reported_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    d = _dir(tmp_path)
    (d / "therapies.yaml").unlink()
    (d / "therapies.yaml").symlink_to("/proc/self/maps")  # a regular file that reports 0 bytes
    assert os.stat(d / "therapies.yaml").st_size == 0
    monkeypatch.setattr(load_module, "MAX_BYTES", 4000)  # sources.yaml (about 1 KB) fits; the maps file does not
    with pytest.raises(DataError) as caught:
        load(d, bundled=False, use_cache=False)
    assert caught.value.problems == [f"{d}/therapies.yaml:1: file is larger than the 4,000 bytes limit (more than "
                                     "4,000 bytes read)"]


def test_a_symlink_to_a_regular_file_is_read(tmp_path: Path) -> None:
    d = _dir(tmp_path)
    (d / "trials.yaml").rename(tmp_path / "real-trials.yaml")
    (d / "trials.yaml").symlink_to(tmp_path / "real-trials.yaml")
    assert run("--no-bundled", "validate", str(d)).exit_code == 0


# --- parsing: shape first, and a node budget ------------------------------------------------------


def _scalars_file(d: Path, size: int) -> None:
    count = size // 2 - 16
    (d / "trials.yaml").write_text("schema_version: 1\ntrials: [" + "0," * count + "0]\n", encoding="utf-8")


def test_a_file_of_millions_of_scalars_fails_fast_in_little_memory(tmp_path: Path) -> None:
    """2 MiB of ``[0,0,…]`` (a million scalars): one line, at once. (benchmarks/scale.py --hostile measures 16 MiB.)"""
    d = _dir(tmp_path)
    _scalars_file(d, 2 * 2**20)
    code, err, seconds, _ = _subprocess(["--no-bundled", "validate", str(d)], timeout=60, memory=2**30)
    assert (code, err) == (1, f"msdmt: {d}/trials.yaml:2: trials.0: each entry of 'trials' must be a mapping of "
                              "fields, not the number 0\n")
    assert seconds < 5


def test_a_top_level_list_fails_at_once(tmp_path: Path) -> None:
    d = _dir(tmp_path)
    (d / "trials.yaml").write_text("[" + "0," * 100_000 + "0]\n", encoding="utf-8")
    _fails(d, f"{d}/trials.yaml:1: (document): the top level must be a mapping")


def test_a_list_where_a_record_belongs(tmp_path: Path) -> None:
    d = _dir(tmp_path)
    (d / "trials.yaml").write_text("schema_version: 1\ntrials:\n  - [a, b]\n", encoding="utf-8")
    _fails(d, f"{d}/trials.yaml:3: trials.0: each entry of 'trials' must be a mapping of fields, not a list")


def test_a_long_list_inside_a_record_fails_at_its_bound(tmp_path: Path) -> None:
    d = _dir(tmp_path)
    (d / "trials.yaml").write_text("schema_version: 1\ntrials:\n  - id: X\n    aliases: [" + "0," * 5000 + "0]\n",
                                   encoding="utf-8")
    _fails(d, f"{d}/trials.yaml:4: trials.0.aliases: more than 1,000 items in one list")


def test_a_record_holds_a_bounded_number_of_nodes(tmp_path: Path) -> None:
    d = _dir(tmp_path)
    results = "[" + ", ".join(["{arm: a, value: 1, printed: '1'}"] * 200) + "]"
    endpoints = "".join(f"      - {{id: e{i}, results: {results}}}\n" for i in range(100))
    (d / "trials.yaml").write_text(f"schema_version: 1\ntrials:\n  - id: X\n    endpoints:\n{endpoints}",
                                   encoding="utf-8")
    result = run("--no-bundled", "validate", str(d))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"msdmt: {d}/trials.yaml:")
    assert result.stderr.endswith(": trials.0.endpoints: one entry holds more than 50,000 YAML nodes\n") or \
        ": one entry holds more than 50,000 YAML nodes\n" in result.stderr


def test_a_mapping_holds_a_bounded_number_of_keys(tmp_path: Path) -> None:
    d = _dir(tmp_path)
    keys = ", ".join(f"k{i}: 0" for i in range(150))
    (d / "trials.yaml").write_text(f"schema_version: 1\ntrials:\n  - {{{keys}}}\n", encoding="utf-8")
    _fails(d, f"{d}/trials.yaml:3: trials.0: more than 100 keys in one mapping")


def test_the_node_budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    d = _dir(tmp_path)
    monkeypatch.setattr(yamlsafe, "MAX_NODES", 500)
    with pytest.raises(DataError) as caught:
        load(d, bundled=False, use_cache=False)
    (problem,) = caught.value.problems
    assert problem.startswith(f"{d}/therapies.yaml:") and problem.endswith(": more than 500 YAML nodes in one file")


def test_records_in_a_list_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    d = _dir(tmp_path)
    monkeypatch.setattr(yamlsafe, "MAX_RECORDS", 5)
    with pytest.raises(DataError) as caught:
        load(d, bundled=False, use_cache=False)
    (problem,) = caught.value.problems
    assert problem.endswith(": therapies: more than 5 entries in a record list")


def test_at_most_20_problems_are_printed(tmp_path: Path) -> None:
    d = _dir(tmp_path)
    (d / "trials.yaml").write_text("schema_version: 1\ntrials:\n" + "  - {}\n" * 30, encoding="utf-8")
    result = run("--no-bundled", "validate", str(d))
    lines = result.stderr.splitlines()
    assert result.exit_code == 1 and len(lines) == 21
    assert lines[0] == f"msdmt: {d}/trials.yaml:3: trials.0.id: Field required"
    assert lines[6] == f"msdmt: {d}/trials.yaml:4: trials.1.id: Field required"
    assert lines[-1] == "msdmt: … and 160 more problems"
    view = run("--no-bundled", "validate", str(d), "--json").json()
    assert len(view["errors"]) == 21 and view["errors"][-1] == "… and 160 more problems"


def test_problems_come_in_file_and_line_order(tmp_path: Path) -> None:
    d = _dir(tmp_path)
    text = (d / "trials.yaml").read_text(encoding="utf-8").replace("schema_version: 1", "schema_version: 2")
    (d / "trials.yaml").write_text(text.replace("    name: FREEDOMS\n", "    name: [x]\n"), encoding="utf-8")
    lines = run("--no-bundled", "validate", str(d)).stderr.splitlines()
    assert [line.split(": ")[2] for line in lines] == ["schema_version", "trials.1.name"]


# --- numbers: decimal numerals or errors ---------------------------------------------------------

_NOT_DECIMAL = "write digits with at most one decimal point, or quote it if it is text"


@pytest.mark.parametrize(("written", "why"), [
    ("1:30", "sexagesimal, base 60: YAML 1.1 reads it as 90"),
    ("0x581", "hexadecimal: YAML 1.1 reads it as 1409"),
    ("6_27", "digits grouped with '_': YAML 1.1 reads it as 627"),
    ("0627", "octal: YAML 1.1 reads it as 407"),
    ("0629", "a leading zero: YAML 1.1 reads it as text"),
    ("0o1163", "octal: YAML 1.1 reads it as text"),
    ("0b1001110011", "binary: YAML 1.1 reads it as 627"),
    ("+627", "a plus sign: YAML 1.1 reads it as 627"),
    ("627.", "no digit after the decimal point: YAML 1.1 reads it as 627.0"),
    ("6.2.7", "more than one decimal point: YAML 1.1 reads it as text"),
    ("6.27e+2", "an exponent: YAML 1.1 reads it as 627.0"),
])
def test_yaml11_number_forms_are_errors_naming_the_value(tmp_path: Path, written: str, why: str) -> None:
    d = _dir(tmp_path)
    line = _replace_first(d / "trials.yaml", "n: {value: 627,", f"n: {{value: {written},")
    expected = f"{d}/trials.yaml:{line}: trials.0.arms.0.n.value: {written} is not a plain decimal number ({why}); {_NOT_DECIMAL}"
    _fails(d, expected)
    _fails(d, expected, command=("trial", "AFFIRM"))  # every view agrees with validate


def test_a_number_form_is_refused_in_a_text_field_too(tmp_path: Path) -> None:
    d = _dir(tmp_path)
    line = _replace_first(d / "trials.yaml", "    name: AFFIRM\n", "    name: 2:1\n")
    _fails(d, f"{d}/trials.yaml:{line}: trials.0.name: 2:1 is not a plain decimal number (sexagesimal, base 60: "
              f"YAML 1.1 reads it as 121); {_NOT_DECIMAL}")
    _replace_first(d / "trials.yaml", "    name: 2:1\n", '    name: "2:1"\n')  # quoted: text
    assert run("--no-bundled", "validate", str(d)).exit_code == 0


def test_a_400_digit_dose_fails_validate_and_every_view(tmp_path: Path) -> None:
    d = _dir(tmp_path)
    line = _replace_first(d / "therapies.yaml", "- {route: IV, frequency: once a day on 5",
                          "- {amount: " + "9" * 400 + ", unit: mg, route: IV, frequency: once a day on 5")
    expected = (f"{d}/therapies.yaml:{line}: therapies.9.dosing.regimens.0.amount: '" + "9" * 40 + "…' (400 characters) "
                "has more digits than a figure can have (at most 15 significant digits and 24 characters)")
    _fails(d, expected)
    _fails(d, expected, command=("therapy", "alemtuzumab"))


def test_a_5001_digit_integer_is_an_error_not_a_crash(tmp_path: Path) -> None:
    d = _dir(tmp_path)
    line = _replace_first(d / "trials.yaml", "n: {value: 627,", "n: {value: " + "1" * 5001 + ",")
    _fails(d, f"{d}/trials.yaml:{line}: trials.0.arms.0.n.value: '" + "1" * 40 + "…' (5,001 characters) has more "
              "digits than a figure can have (at most 15 significant digits and 24 characters)")


def test_a_plausible_dose_within_the_digit_limit_is_checked_by_its_range(tmp_path: Path) -> None:
    d = _dir(tmp_path)
    line = _replace_first(d / "therapies.yaml", "- {route: IV, frequency: once a day on 5",
                          "- {amount: 123456789012, unit: mg, route: IV, frequency: once a day on 5")
    _fails(d, f"{d}/therapies.yaml:{line}: therapies.9.dosing.regimens.0.amount: 123456789012 is out of range "
              "for a dose in mg (above 0, at most 100,000)")


@pytest.mark.parametrize(("old", "new", "field", "message"), [
    ("{arm: alemtuzumab, value: 80, printed", "{arm: alemtuzumab, value: 100.0001, printed",
     "trials.8.endpoints.3.results.0.value", "100.0001 is out of range for a percentage (0-100)"),
    ("{arm: alemtuzumab, value: 80, printed", "{arm: alemtuzumab, value: -0.001, printed",
     "trials.8.endpoints.3.results.0.value", "-0.001 is out of range for a percentage (0-100)"),
    ("p: {value: 0.001, comparison:", "p: {value: 1.50, comparison:",
     "trials.0.endpoints.0.results.0.p.value", "1.50 is out of range for a P-value (above 0, at most 1)"),
    ("p: {value: 0.001, comparison:", "p: {value: 0, comparison:",
     "trials.0.endpoints.0.results.0.p.value", "0 is out of range for a P-value (above 0, at most 1)"),
    ("    phase: 3\n", "    phase: 5\n", "trials.0.phase", "5 is not a trial phase (a whole number from 1 to 4)"),
    ("value: 0.68, printed", "value: 0.00001, printed",
     "trials.1.endpoints.1.results.0.value", "0.00001 does not appear in the printed text '1.25 mg/day Hazard ratio 0.68'"),
])
def test_values_out_of_range_are_reported_as_written(tmp_path: Path, old: str, new: str, field: str, message: str) -> None:
    d = _dir(tmp_path)
    line = _replace_first(d / "trials.yaml", old, new)
    _fails(d, f"{d}/trials.yaml:{line}: {field}: {message}")


def test_every_unit_has_a_range() -> None:
    import typing

    from msdmt.data.models import Unit
    from msdmt.data.validate import RANGES, figure_range

    for unit in typing.get_args(Unit):
        assert figure_range(unit) is not None, unit
        for kind in ("mean_change", "relative_reduction", "proportion"):
            assert figure_range(unit, kind) is not None
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    documented = {name for line in readme.splitlines() if line.startswith("| ")
                  for name in line.split("|")[1].strip().split(", ")}
    assert set(RANGES) <= documented, "data/README.md does not document every range"


# --- text is text --------------------------------------------------------------------------------


@pytest.mark.parametrize(("written", "message"), [
    (r'"Alem\e]52;c;ZWNobyBoaQ==\a"', r"text holds a control character (\x1b) at character 5: 'Alem\x1b]52;c;ZWNobyBoaQ==\x07'"),
    (r'"\e]8;;https://example.org\e\\Alem\e]8;;\e\\"',
     r"text holds a control character (\x1b) at character 1: '\x1b]8;;https://example.org\x1b\\Alem\x1b]8;;\x1b\\'"),
    (r'"Alem\e[2J"', r"text holds a control character (\x1b) at character 5: 'Alem\x1b[2J'"),
    ('"Alem\\u202Etuzumab"', r"text holds a bidirectional-text control (\u202e) at character 5: 'Alem\u202etuzumab'"),
    ('"Alem\\u2066tuzumab"', r"text holds a bidirectional-text control (\u2066) at character 5: 'Alem\u2066tuzumab'"),
    ('"Alem\\u200Btuzumab"', r"text holds an invisible character (\u200b) at character 5: 'Alem\u200btuzumab'"),
    ('"Alem\\x85tuzumab"', r"text holds a control character (\x85) at character 5: 'Alem\x85tuzumab'"),
    ('"Alem\\ttuzumab"', r"text holds a control character (\t) at character 5: 'Alem\ttuzumab'"),
    ('"Alem\\u2028tuzumab"', r"text holds a line or paragraph separator (\u2028) at character 5: 'Alem\u2028tuzumab'"),
    ('"Alem\\uE000"', r"text holds a private-use character (\ue000) at character 5: 'Alem\ue000'"),
])
def test_control_bidi_and_invisible_characters_are_refused(tmp_path: Path, written: str, message: str) -> None:
    d = _dir(tmp_path)
    line = _replace_first(d / "trials.yaml", "label: Alemtuzumab, therapy: alemtuzumab",
                          f"label: {written}, therapy: alemtuzumab")
    _fails(d, f"{d}/trials.yaml:{line}: trials.9.arms.0.label: {message}")
    _fails(d, f"{d}/trials.yaml:{line}: trials.9.arms.0.label: {message}", command=("compare", "CARE-MS-I", "AFFIRM"))


def test_an_escape_sequence_in_a_key_never_reaches_stderr(tmp_path: Path) -> None:
    d = _dir(tmp_path)
    line = _replace_first(d / "trials.yaml", "    kind: randomized controlled trial\n",
                          '    kind: randomized controlled trial\n    "\\e[2J\\e]0;pwned\\a": 1\n')
    result = run("--no-bundled", "validate", str(d))
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert result.stderr.splitlines() == [
        rf"msdmt: {d}/trials.yaml:{line + 1}: trials.0.\x1b[2J\x1b]0;pwned\x07: text holds a control character "
        r"(\x1b) at character 1: '\x1b[2J\x1b]0;pwned\x07'"]


def test_a_file_name_with_control_characters_is_escaped(tmp_path: Path) -> None:
    d = tmp_path / "evil\x1b[2J\u202edir"
    d.mkdir()
    copy_bundled(d)
    (d / "trials.yaml").unlink()
    result = run("--no-bundled", "validate", str(d))
    assert result.exit_code == 1
    assert result.stderr == f"msdmt: {tmp_path}/evil\\x1b[2J\\u202edir/trials.yaml: file not found\n"


def test_a_cyrillic_lookalike_name_is_refused(tmp_path: Path) -> None:
    d = _dir(tmp_path)
    line = _replace_first(d / "trials.yaml", "    name: AFFIRM\n", "    name: \u0410FFIRM\n")  # Cyrillic А
    _fails(d, f"{d}/trials.yaml:{line}: trials.0.name: a name must not mix scripts: '\u0410FFIRM' mixes "
              "Cyrillic (U+0410 CYRILLIC CAPITAL LETTER A), Latin (U+0046 LATIN CAPITAL LETTER F)")


def test_a_second_affirm_with_a_greek_alpha_in_an_alias_is_refused(tmp_path: Path) -> None:
    d = _dir(tmp_path)
    line = _replace_first(d / "trials.yaml", "    aliases: []\n", "    aliases: [\u0391FFIRM]\n")
    _fails(d, f"{d}/trials.yaml:{line}: trials.0.aliases.0: a name must not mix scripts: '\u0391FFIRM' mixes "
              "Greek (U+0391 GREEK CAPITAL LETTER ALPHA), Latin (U+0046 LATIN CAPITAL LETTER F)")


def test_greek_symbols_in_names_are_fine(tmp_path: Path) -> None:
    d = _dir(tmp_path)
    _replace_first(d / "therapies.yaml", "aliases: [GA, glatiramer]", "aliases: [GA, glatiramer, IFN-γ free, Δ-GA]")
    assert run("--no-bundled", "validate", str(d)).exit_code == 0


def test_a_line_break_only_where_text_spans_lines(tmp_path: Path) -> None:
    d = _dir(tmp_path)
    _replace_first(d / "trials.yaml", "    name: AFFIRM\n", "    name: AFFIRM\n    note: |\n      two\n      lines\n")
    assert run("--no-bundled", "validate", str(d)).exit_code == 0  # a note may span lines
    line = _replace_first(d / "trials.yaml", "label: Alemtuzumab, therapy: alemtuzumab",
                          'label: "Alem\\ntuzumab", therapy: alemtuzumab')
    _fails(d, f"{d}/trials.yaml:{line}: trials.9.arms.0.label: a line break is allowed only in notes, errata, "
              "repairs and descriptions: 'Alem\\ntuzumab'")


def test_long_values_are_shortened_in_messages(tmp_path: Path) -> None:
    d = _dir(tmp_path)
    line = _replace_first(d / "trials.yaml", "    therapies: [natalizumab]", "    therapies: [" + "x" * 75 + "]")
    _fails(d, f"{d}/trials.yaml:{line}: trials.0.therapies.0: unknown therapy '" + "x" * 60 + "…' (75 characters)")


def test_the_bundled_text_passes_the_text_rules() -> None:
    result = run("validate")
    assert (result.exit_code, result.stderr) == (0, "")
