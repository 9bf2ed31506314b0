"""Data directories stack on the bundled data: --data-dir (repeated), MSDMT_DATA_DIR (a path list), --no-bundled.

Every record here is made up, under a source of type ``example`` whose vintage line says so.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import msdmt
from conftest import EXAMPLE_SOURCE, data_dir, example_therapy, example_trial, run
from msdmt.data import load as load_module
from msdmt.data.library import KINDS, stack_layout
from msdmt.data.load import bundled_dir, load

BUNDLED_THERAPIES = ["interferon-beta-1b-sc", "interferon-beta-1a-im", "glatiramer-acetate", "mitoxantrone",
                     "interferon-beta-1a-sc", "natalizumab", "fingolimod", "teriflunomide", "dimethyl-fumarate",
                     "alemtuzumab"]
BUNDLED_TRIALS = ["AFFIRM", "FREEDOMS", "TRANSFORMS", "TEMSO", "DEFINE", "CONFIRM", "CARE-MS-I", "CARE-MS-II",
                  "CAMMS223", "CAMMS223-EXT", "SEVEN-YEAR-FOLLOW-UP", "CAMBRIDGE-OPEN-LABEL"]
WIDE = {"COLUMNS": "400"}  # a title on one line
NO_DATA = "msdmt: error: --no-bundled needs a data directory (--data-dir DIR or MSDMT_DATA_DIR)\n"


@pytest.fixture()
def added(tmp_path) -> Path:
    """One new source and one new therapy."""
    return data_dir(tmp_path / "added", sources=EXAMPLE_SOURCE,
                    therapies=example_therapy("examplumab", "Examplumab", "Examplix"))


@pytest.fixture()
def second(tmp_path) -> Path:
    """One more therapy and a trial of it, naming the source of ``added`` (which it needs)."""
    return data_dir(tmp_path / "second", therapies=example_therapy("samplizumab", "Samplizumab", "Samplix"),
                    trials=example_trial("EXAMPLE-1", "samplizumab"))


def _ids(result, key: str) -> list[str]:
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    return [record["id"] for record in result.json()[key]]


# -- adding to the bundled data ---------------------------------------------------------------------
def test_the_bundled_data_alone_lists_ten_therapies():
    assert _ids(run("therapies", "--json"), "therapies") == BUNDLED_THERAPIES


def test_a_directory_adds_to_the_bundled_data(added):
    assert _ids(run("--data-dir", str(added), "therapies", "--json"), "therapies") == BUNDLED_THERAPIES + ["examplumab"]
    assert _ids(run("--data-dir", str(added), "trials", "--json"), "trials") == BUNDLED_TRIALS
    therapy = run("--data-dir", str(added), "therapy", "examplix", "--json").json()["therapy"]
    assert (therapy["id"], therapy["source"]) == ("examplumab", "example2000")
    sources = run("--data-dir", str(added), "sources", "--json").json()["sources"]
    assert [(s["source"]["id"], s["counts"]["therapies"]) for s in sources] == [("babij2015", 10), ("example2000", 1)]
    view = run("--data-dir", str(added), "validate", "--json").json()
    assert view == {"view": "validate", "valid": True, "bundled": True, "data_dirs": [str(added)],
                    "counts": {"therapies": 11, "trials": 12, "endpoints": 71, "adverse events": 21}, "errors": []}


def test_validate_dir_adds_dir_to_the_bundled_data_in_place_of_the_data_dirs(added, tmp_path):
    result = run("validate", str(added), env=WIDE)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[0] == f"Valid data in the bundled data + {added}"
    other = run("--data-dir", str(tmp_path / "nowhere"), "validate", str(added), "--json")  # DIR wins
    assert (other.exit_code, other.json()["data_dirs"], other.json()["counts"]["therapies"]) == (0, [str(added)], 11)
    assert run("validate").stdout.splitlines()[0] == "Valid data in the bundled data"


def test_the_option_repeats_and_directories_stack_in_order(added, second):
    forward = run("--data-dir", str(added), "--data-dir", str(second), "therapies", "--json")
    assert _ids(forward, "therapies") == BUNDLED_THERAPIES + ["examplumab", "samplizumab"]
    backward = run("--data-dir", str(second), "--data-dir", str(added), "therapies", "--json")
    assert _ids(backward, "therapies") == BUNDLED_THERAPIES + ["samplizumab", "examplumab"]
    # A directory's records may name those of another (its trial, its source), in either order.
    assert _ids(run("--data-dir", str(second), "--data-dir", str(added), "trials", "--json"),
                "trials") == BUNDLED_TRIALS + ["EXAMPLE-1"]
    view = run("--data-dir", str(added), "--data-dir", str(second), "validate", "--json").json()
    assert (view["bundled"], view["data_dirs"]) == (True, [str(added), str(second)])
    assert view["counts"] == {"therapies": 12, "trials": 13, "endpoints": 71, "adverse events": 21}
    text = run("--data-dir", str(added), "--data-dir", str(second), "validate", env=WIDE).stdout
    assert text.splitlines()[0] == f"Valid data in the bundled data + {added} + {second}"


def test_msdmt_data_dir_is_a_path_list(added, second, tmp_path):
    both = {"MSDMT_DATA_DIR": f"{os.pathsep}{added}{os.pathsep}{os.pathsep}{second}{os.pathsep}"}  # empty entries
    assert _ids(run("therapies", "--json", env=both), "therapies") == BUNDLED_THERAPIES + ["examplumab", "samplizumab"]
    assert run("validate", "--json", env=both).json()["data_dirs"] == [str(added), str(second)]
    for empty in ("", os.pathsep, os.pathsep * 3):
        assert _ids(run("therapies", "--json", env={"MSDMT_DATA_DIR": empty}), "therapies") == BUNDLED_THERAPIES
    # The option wins: the variable is not read at all.
    elsewhere = {"MSDMT_DATA_DIR": str(tmp_path / "nowhere")}
    assert _ids(run("--data-dir", str(added), "therapies", "--json", env=elsewhere),
                "therapies") == BUNDLED_THERAPIES + ["examplumab"]
    missing = run("therapies", env=elsewhere)
    assert (missing.exit_code, missing.stderr) == (1, f"msdmt: {tmp_path / 'nowhere'}: data directory not found\n")


SECOND_AFFIRM = """\
schema_version: 1
trials:
  - id: AFFIRM
    source: example2000
    name: AFFIRM
    kind: randomized controlled trial
    phase: 3
    therapies: [natalizumab]
    arms:
      - {id: natalizumab, label: Natalizumab, therapy: natalizumab, role: treatment}
      - {id: placebo, label: Placebo, role: comparator}
    endpoints:
      - id: t2-arr-reduction
        measure: arr-reduction
        origin: Example table 2
        label: ARR reduction versus placebo
        kind: relative_reduction
        unit: "%"
        of: arr
        locator: Example table 2
        results:
          - {arm: natalizumab, versus: placebo, value: 60, printed: "60%"}
"""


def test_a_second_report_of_a_bundled_trial_is_added_beside_the_reviews(tmp_path):
    d = data_dir(tmp_path / "report", sources=EXAMPLE_SOURCE, trials=SECOND_AFFIRM)
    view = run("--data-dir", str(d), "trial", "AFFIRM", "--json").json()
    assert [s["id"] for s in view["sources"]] == ["babij2015", "example2000"]
    (disagreement,) = view["disagreements"]
    assert [(f["source"], f["value"]) for f in disagreement["figures"]] == [("babij2015", 68), ("example2000", 60)]
    assert _ids(run("--data-dir", str(d), "therapies", "--json"), "therapies") == BUNDLED_THERAPIES
    assert "reports" in {f["check"] for f in run("--data-dir", str(d), "audit", "--json").json()["findings"]}


# -- --no-bundled ---------------------------------------------------------------------------------
def test_no_bundled_uses_the_directories_alone(added, second, tmp_path):
    whole = data_dir(tmp_path / "whole", sources=EXAMPLE_SOURCE,
                     therapies=example_therapy("examplumab", "Examplumab", "Examplix"),
                     trials=example_trial("EXAMPLE-2", "examplumab"))
    assert _ids(run("--no-bundled", "--data-dir", str(whole), "therapies", "--json"), "therapies") == ["examplumab"]
    assert _ids(run("--no-bundled", "--data-dir", str(whole), "trials", "--json"), "trials") == ["EXAMPLE-2"]
    view = run("--no-bundled", "validate", str(whole), "--json").json()
    assert view == {"view": "validate", "valid": True, "bundled": False, "data_dirs": [str(whole)],
                    "counts": {"therapies": 1, "trials": 1, "endpoints": 0, "adverse events": 0}, "errors": []}
    assert run("--no-bundled", "validate", str(whole), env=WIDE).stdout.splitlines()[0] == f"Valid data in {whole}"
    # The stack as a whole holds every kind: here, sources and therapies in one directory, trials in the other.
    stacked = run("--no-bundled", "--data-dir", str(added), "--data-dir", str(second), "trials", "--json")
    assert _ids(stacked, "trials") == ["EXAMPLE-1"]
    env = {"MSDMT_DATA_DIR": f"{added}{os.pathsep}{second}"}
    assert _ids(run("--no-bundled", "therapies", "--json", env=env), "therapies") == ["examplumab", "samplizumab"]


def test_no_bundled_needs_every_kind_somewhere_in_the_stack(added):
    result = run("--no-bundled", "--data-dir", str(added), "therapies")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"msdmt: {added}/trials.yaml: file not found\n")


@pytest.mark.parametrize("args", [["therapies"], ["trial", "AFFIRM"], ["validate"], ["validate", "--json"]])
def test_no_bundled_without_a_directory_is_a_usage_error(args):
    result = run("--no-bundled", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", NO_DATA)
    assert run("--no-bundled", *args, env={"MSDMT_DATA_DIR": os.pathsep}).stderr == NO_DATA


def test_the_api_answers_what_the_command_line_answers(added, second):
    for dirs, args in ((added, ["--data-dir", str(added)]),
                       ([added, second], ["--data-dir", str(added), "--data-dir", str(second)]),
                       ((str(second), str(added)), ["--data-dir", str(second), "--data-dir", str(added)])):
        cat = msdmt.open(dirs)
        assert cat.therapies().to_dict() == run(*args, "therapies", "--json").json()
        assert cat.trials().to_dict() == run(*args, "trials", "--json").json()
    alone = msdmt.open([added, second], bundled=False)
    assert [t["id"] for t in alone.therapies().to_dict()["therapies"]] == ["examplumab", "samplizumab"]
    assert alone.meta == {"data_dirs": [str(added), str(second)], "bundled": False}
    assert msdmt.Catalog.open(added).meta == {"data_dirs": [str(added)], "bundled": True}
    assert msdmt.open().meta == {"data_dirs": [], "bundled": True}
    with pytest.raises(msdmt.UsageError) as exc:
        msdmt.open(bundled=False)
    assert str(exc.value) == "no data: no data directory, and the bundled data left out"


def test_load_with_no_argument_is_the_bundled_data_and_takes_the_same_stack(added):
    assert [t["id"] for t in load(use_cache=False)["therapies"]] == BUNDLED_THERAPIES
    stacked = load(added, use_cache=False)
    assert [t["id"] for t in stacked["therapies"]] == BUNDLED_THERAPIES + ["examplumab"]
    assert stacked["meta"] == {"data_dirs": [str(added)], "bundled": True}
    assert load([added], use_cache=False) == stacked == load(added)


# -- directories that cannot be added ------------------------------------------------------------
@pytest.mark.parametrize("content", [{}, {"notes.txt": "x", "glossary.yaml": "terms: []\n"}])
def test_a_directory_holding_none_of_the_files_is_an_error(tmp_path, content):
    d = tmp_path / "other"
    d.mkdir()
    for name, text in content.items():
        (d / name).write_text(text, encoding="utf-8")
    expected = f"msdmt: {d}: holds no sources.yaml, therapies.yaml or trials.yaml (or folders of them)\n"
    for args in (["--data-dir", str(d), "therapies"], ["validate", str(d)], ["--no-bundled", "validate", str(d)]):
        result = run(*args)
        assert (result.exit_code, result.stdout, result.stderr) == (1, "", expected), args


def test_a_directory_given_twice_or_the_bundled_one_again_is_an_error(added, tmp_path):
    twice = run("--data-dir", str(added), "--data-dir", str(added), "therapies")
    assert (twice.exit_code, twice.stderr) == (1, f"msdmt: {added}: already in the stack\n")
    (tmp_path / "link").symlink_to(added)
    aliased = run("--data-dir", str(added), "--data-dir", str(tmp_path / "link"), "therapies")
    assert (aliased.exit_code, aliased.stderr) == (1, f"msdmt: {tmp_path / 'link'}: already in the stack (as {added})\n")
    bundled = run("--data-dir", str(bundled_dir()), "therapies")
    assert (bundled.exit_code, bundled.stderr) == (1, f"msdmt: {bundled_dir()}: already in the stack (as the bundled data)\n")
    assert _ids(run("--no-bundled", "--data-dir", str(bundled_dir()), "therapies", "--json"),
                "therapies") == BUNDLED_THERAPIES


def test_problems_in_an_added_directory_name_its_file_and_line(added, tmp_path):
    broken = data_dir(tmp_path / "broken", trials=example_trial("EXAMPLE-3", "nothere"))
    result = run("--data-dir", str(added), "--data-dir", str(broken), "trials")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (f"msdmt: {broken}/trials.yaml:8: trials.0.therapies.0: unknown therapy 'nothere'\n"
                             f"msdmt: {broken}/trials.yaml:10: trials.0.arms.0.therapy: unknown therapy 'nothere'\n")
    # validate DIR: DIR in place of the --data-dir directories, so the source of ``added`` is not there.
    assert run("--data-dir", str(added), "validate", str(broken)).stderr == (
        f"msdmt: {broken}/trials.yaml:4: trials.0.source: unknown source 'example2000'\n" + result.stderr)


# -- the compiled store covers every file of every directory --------------------------------------
def test_the_files_are_stacked_kind_by_kind_bundled_first(added, second):
    files = stack_layout([added, second], bundled_dir())
    assert files == {"sources": [bundled_dir() / "sources.yaml", added / "sources.yaml"],
                     "therapies": [bundled_dir() / "therapies.yaml", added / "therapies.yaml",
                                   second / "therapies.yaml"],
                     "trials": [bundled_dir() / "trials.yaml", second / "trials.yaml"]}
    assert list(files) == list(KINDS)


def test_an_edit_in_an_added_directory_is_seen_by_the_next_run(added, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("MSDMT_CACHE_DIR", str(cache))
    bundled_key = load_module.store_key(load_module.stack().files())
    key = load_module.store_key(load_module.stack(added).files())
    assert key != bundled_key
    cold = run("--data-dir", str(added), "therapy", "examplix", "--json")
    warm = run("--data-dir", str(added), "therapy", "examplix", "--json")
    assert cold.json() == warm.json() and warm.json()["therapy"]["brand"] == "Examplix"
    assert len(list(cache.glob("*.sqlite"))) == 1
    path = added / "therapies.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("brand: Examplix", "brand: Examplix2"), encoding="utf-8")
    assert load_module.store_key(load_module.stack(added).files()) != key
    edited = run("--data-dir", str(added), "therapy", "examplix2", "--json")
    assert (edited.exit_code, edited.json()["therapy"]["brand"]) == (0, "Examplix2")
    assert len(list(cache.glob("*.sqlite"))) == 2
    # A file added to the directory is in the stack from the next run on.
    data_dir(added, trials=example_trial("EXAMPLE-4", "examplumab"))
    assert _ids(run("--data-dir", str(added), "trials", "--json"), "trials") == BUNDLED_TRIALS + ["EXAMPLE-4"]


def test_a_large_stacks_remembered_key_covers_the_added_directory(added, tmp_path, monkeypatch):
    from msdmt.data import storefile

    cache = tmp_path / "cache"
    monkeypatch.setenv("MSDMT_CACHE_DIR", str(cache))
    monkeypatch.setattr(storefile, "HASH_ALWAYS_BELOW", 0)  # as for a library of many megabytes
    monkeypatch.setattr(storefile, "TRUST_AFTER", 0.0)
    assert run("--data-dir", str(added), "therapy", "examplix", "--json").exit_code == 0
    real = load_module._read_path

    def unread(path):
        raise AssertionError(f"read {path}")

    monkeypatch.setattr(load_module, "_read_path", unread)
    warm = run("--data-dir", str(added), "therapy", "examplix", "--json")
    assert (warm.exit_code, warm.json()["therapy"]["brand"]) == (0, "Examplix")  # no data file was read
    monkeypatch.setattr(load_module, "_read_path", real)
    path = added / "therapies.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("brand: Examplix", "brand: Examplix3"), encoding="utf-8")
    edited = run("--data-dir", str(added), "therapy", "examplix3", "--json")
    assert (edited.exit_code, edited.json()["therapy"]["brand"]) == (0, "Examplix3")
