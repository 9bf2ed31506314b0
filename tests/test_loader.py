"""One failing fixture per loader rule: each gives one exact FILE:LINE line on stderr and exit 1."""

from pathlib import Path

import pytest

from conftest import copy_bundled, run
from msdmt.data import load as load_module
from msdmt.data.load import load
from msdmt.errors import DataError


def _dir(tmp_path: Path) -> Path:
    return copy_bundled(tmp_path)


def _replace_first(path: Path, old: str, new: str) -> int:
    """Replace the first ``old`` in ``path``; return the 1-based line it was on."""
    text = path.read_text(encoding="utf-8")
    at = text.index(old)
    path.write_text(text[:at] + new + text[at + len(old):], encoding="utf-8")
    return text[:at].count("\n") + 1


def _fails(directory: Path, expected: str) -> None:
    result = run("--no-bundled", "validate", str(directory))
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"msdmt: {expected}\n")


def test_bundled_data_is_valid():
    result = run("validate")
    assert result.exit_code == 0 and result.stderr == ""
    assert run("validate", "--json").json()["counts"] == {
        "therapies": 10, "trials": 12, "endpoints": 71, "adverse events": 21}


def test_syntax_error(tmp_path):
    d = _dir(tmp_path)
    (d / "trials.yaml").write_text("schema_version: 1\ntrials: [\n  {id: X\n", encoding="utf-8")
    _fails(d, f"{d}/trials.yaml:4: YAML syntax error: did not find expected ',' or '}}'")


def test_duplicate_key(tmp_path):
    d = _dir(tmp_path)
    line = _replace_first(d / "therapies.yaml", "    brand: Betaseron\n", "    brand: Betaseron\n    brand: Betaferon\n")
    _fails(d, f"{d}/therapies.yaml:{line + 1}: duplicate key 'brand' (first defined on line {line})")


def test_anchor_and_alias(tmp_path):
    d = _dir(tmp_path)
    line = _replace_first(d / "trials.yaml", "    aliases: []\n", "    aliases: &a []\n    parent: *a\n")
    _fails(d, f"{d}/trials.yaml:{line}: YAML anchors are not allowed (&a)")
    d2 = tmp_path / "alias"
    d2.mkdir()
    copy_bundled(d2)
    (d2 / "trials.yaml").write_text("schema_version: 1\ntrials: *nothing\n", encoding="utf-8")
    result = run("--no-bundled", "validate", str(d2))
    assert result.exit_code == 1 and result.stderr.startswith(f"msdmt: {d2}/trials.yaml:2: ")


def test_wrong_type_names_the_field_and_line(tmp_path):
    d = _dir(tmp_path)
    line = _replace_first(d / "trials.yaml", "n: {value: 627,", 'n: {value: "627",')
    _fails(d, f"{d}/trials.yaml:{line}: trials.0.arms.0.n.value: Input should be a valid number")


def test_yaml_no_is_not_a_string(tmp_path):
    d = _dir(tmp_path)
    line = _replace_first(d / "trials.yaml", "    name: AFFIRM\n", "    name: no\n")
    _fails(d, f"{d}/trials.yaml:{line}: trials.0.name: Input should be a valid string")


def test_unknown_key(tmp_path):
    d = _dir(tmp_path)
    line = _replace_first(d / "trials.yaml", "    kind: randomized controlled trial\n",
                          "    kind: randomized controlled trial\n    blinded: single\n")
    _fails(d, f"{d}/trials.yaml:{line + 1}: trials.0.blinded: Extra inputs are not permitted")


def test_unknown_therapy_reference(tmp_path):
    d = _dir(tmp_path)
    line = _replace_first(d / "trials.yaml", "    therapies: [natalizumab]", "    therapies: [natalizumabb]")
    _fails(d, f"{d}/trials.yaml:{line}: trials.0.therapies.0: unknown therapy 'natalizumabb'")


def test_unknown_arm_reference(tmp_path):
    d = _dir(tmp_path)
    line = _replace_first(d / "trials.yaml", "{arm: natalizumab, versus: placebo, value: 68",
                          "{arm: natalizumab, versus: plaecbo, value: 68")
    _fails(d, f"{d}/trials.yaml:{line}: trials.0.endpoints.0.results.0.versus: "
              "unknown arm 'plaecbo' (arms: natalizumab, placebo)")


def test_percentage_out_of_range(tmp_path):
    d = _dir(tmp_path)
    line = _replace_first(d / "trials.yaml", "{arm: alemtuzumab, value: 80, printed", "{arm: alemtuzumab, value: 120, printed")
    _fails(d, f"{d}/trials.yaml:{line}: trials.8.endpoints.3.results.0.value: 120 is out of range for a percentage (0-100)")


def test_empty_file(tmp_path):
    d = _dir(tmp_path)
    (d / "therapies.yaml").write_bytes(b"  \n")
    _fails(d, f"{d}/therapies.yaml:1: file is empty")


def test_invalid_utf8(tmp_path):
    d = _dir(tmp_path)
    (d / "trials.yaml").write_bytes(b'schema_version: 1\ntrials:\n  - id: "CAF\xe9"\n')
    _fails(d, f"{d}/trials.yaml:3: invalid UTF-8 (byte 0xe9 at offset 38)")


def test_python_object_tag_is_refused_and_nothing_runs(tmp_path):
    d = _dir(tmp_path)
    marker = tmp_path / "PWNED"
    (d / "trials.yaml").write_text(
        f'schema_version: 1\ntrials: !!python/object/apply:os.system ["touch {marker}"]\n', encoding="utf-8")
    _fails(d, f"{d}/trials.yaml:2: YAML tags are not allowed (tag:yaml.org,2002:python/object/apply:os.system)")
    assert not marker.exists()


def test_more_than_one_document(tmp_path):
    d = _dir(tmp_path)
    (d / "trials.yaml").write_text("schema_version: 1\ntrials: []\n---\nx: 1\n", encoding="utf-8")
    _fails(d, f"{d}/trials.yaml:3: only one YAML document is allowed")


def test_missing_file_and_directory(tmp_path):
    d = _dir(tmp_path)
    (d / "trials.yaml").unlink()
    _fails(d, f"{d}/trials.yaml: file not found")
    _fails(tmp_path / "nowhere", f"{tmp_path / 'nowhere'}: data directory not found")
    _fails(d / "therapies.yaml", f"{d}/therapies.yaml: is a file, not a data directory")


def test_size_bound(tmp_path, monkeypatch):
    d = _dir(tmp_path)
    monkeypatch.setattr(load_module, "MAX_BYTES", 4096)  # sources.yaml (about 1 KB) fits; therapies.yaml does not
    size = (d / "therapies.yaml").stat().st_size
    with pytest.raises(DataError) as caught:
        load(d, bundled=False, use_cache=False)
    assert caught.value.problems == [f"{d}/therapies.yaml:1: file is larger than the 4,096 bytes limit ({size:,} bytes)"]


def test_nesting_bound(tmp_path):
    d = _dir(tmp_path)
    (d / "trials.yaml").write_text("schema_version: 1\ntrials: " + "[" * 70 + "]" * 70 + "\n", encoding="utf-8")
    _fails(d, f"{d}/trials.yaml:2: nesting deeper than 64 levels")


def test_all_validation_errors_are_listed_one_per_line(tmp_path):
    d = _dir(tmp_path)
    first = _replace_first(d / "trials.yaml", "    name: AFFIRM\n", "    name: 7\n")
    second = _replace_first(d / "trials.yaml", "    name: FREEDOMS\n", "    name: [x]\n")
    result = run("--no-bundled", "validate", str(d))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"msdmt: {d}/trials.yaml:{first}: trials.0.name: Input should be a valid string",
        f"msdmt: {d}/trials.yaml:{second}: trials.1.name: Input should be a valid string",
    ]


def test_data_dir_option_and_environment_use_a_validated_copy(tmp_path):
    d = _dir(tmp_path)
    _replace_first(d / "therapies.yaml", "    brand: Lemtrada\n", "    brand: Lemtrada-X\n")
    assert run("--no-bundled", "--data-dir", str(d), "therapy", "lemtrada-x", "--json").json()["therapy"]["brand"] == "Lemtrada-X"
    assert run("--no-bundled", "therapy", "lemtrada-x", "--json", env={"MSDMT_DATA_DIR": str(d)}).json()["therapy"]["id"] == "alemtuzumab"
    broken = tmp_path / "broken"
    broken.mkdir()
    copy_bundled(broken)
    (broken / "trials.yaml").write_text("schema_version: 2\ntrials: []\n", encoding="utf-8")
    result = run("--no-bundled", "--data-dir", str(broken), "therapy", "alemtuzumab")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"msdmt: {broken}/trials.yaml:1: schema_version: Input should be 1\n"


def test_a_table_value_must_appear_in_its_printed_text(tmp_path):
    d = _dir(tmp_path)
    line = _replace_first(d / "trials.yaml", '{arm: alemtuzumab, value: 0.18, printed: "Alem: 0.18"}',
                          '{arm: alemtuzumab, value: 0.81, printed: "Alem: 0.18"}')
    _fails(d, f"{d}/trials.yaml:{line}: trials.6.endpoints.3.results.0.value: "
              "0.81 does not appear in the printed text 'Alem: 0.18'")


def test_a_relative_reduction_names_its_reference_arm(tmp_path):
    d = _dir(tmp_path)
    line = _replace_first(d / "trials.yaml", "{arm: natalizumab, versus: placebo, value: 68",
                          "{arm: natalizumab, value: 68")
    _fails(d, f"{d}/trials.yaml:{line}: trials.0.endpoints.0.results.0.versus: "
              "a relative reduction needs the arm it is against ('versus')")


def test_counts_have_a_ceiling(tmp_path):
    d = _dir(tmp_path)
    line = _replace_first(d / "trials.yaml", 'n: {value: 627, unit: patients, printed: "Natalizumab, n=627"',
                          'n: {value: 627000000, unit: patients, printed: "Natalizumab, n=627000000"')
    _fails(d, f"{d}/trials.yaml:{line}: trials.0.arms.0.n.value: "
              "627000000 is not a count (a whole number from 0 to 10,000,000)")  # as written, not 6.27e+08


def test_infinity_is_not_a_figure(tmp_path):
    d = _dir(tmp_path)
    line = _replace_first(d / "trials.yaml", "{arm: all, value: 0.16,", "{arm: all, value: .inf,")
    _fails(d, f"{d}/trials.yaml:{line}: trials.10.endpoints.1.results.0.value: Input should be a finite number")


def test_a_data_directory_name_too_long_for_the_system_is_one_error_line():
    result = run("validate", "x" * 5000)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == ("msdmt: '" + "x" * 60 + "…' (5,000 characters): cannot use as a data directory: "
                             "File name too long\n")
