"""The compiled store: one SQLite database per content in the cache directory, read-only, trusted only when it
checks out (missing, corrupt, truncated, foreign, stale or unsafe is a miss, never data); libraries in folders."""

import importlib.util
import json
import os
import sqlite3
import zlib
from pathlib import Path

import pytest

from conftest import ROOT, copy_bundled, run
from msdmt.core.catalog import Catalog
from msdmt.data import store

spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
generate = importlib.util.module_from_spec(spec)
spec.loader.exec_module(generate)


@pytest.fixture()
def cache_dir(tmp_path, monkeypatch) -> Path:
    d = tmp_path / "cache"
    monkeypatch.setenv("MSDMT_CACHE_DIR", str(d))
    return d


def _databases(d: Path) -> list[Path]:
    return sorted(d.glob("*.sqlite"))


def _arr(result) -> list:
    ep = next(e for e in result.json()["trial"]["endpoints"] if e["id"] == "t3-arr")
    return [r["value"] for r in ep["results"]]


def test_compiled_once_then_read(cache_dir):
    first = run("trial", "CARE-MS-I", "--json")
    (db,) = _databases(cache_dir)
    assert oct(db.stat().st_mode & 0o777) == "0o600" and oct(cache_dir.stat().st_mode & 0o777) == "0o700"
    assert run("trial", "CARE-MS-I", "--json").stdout == first.stdout
    assert _databases(cache_dir) == [db] and not list(cache_dir.glob(".tmp-*"))
    con = sqlite3.connect(db)
    assert dict(con.execute("SELECT key, value FROM meta"))["format"] == store.FORMAT


def test_a_corrupt_record_is_a_miss_never_data(cache_dir):
    expected = run("trial", "CARE-MS-I", "--json").stdout
    (db,) = _databases(cache_dir)
    con = sqlite3.connect(db)
    blob, = con.execute("SELECT record FROM trials WHERE id = 'CARE-MS-I'").fetchone()
    forged = zlib.decompress(blob).decode().replace('"value":0.18', '"value":0.81')
    assert forged != zlib.decompress(blob).decode()
    with con:
        con.execute("UPDATE trials SET record = ? WHERE id = 'CARE-MS-I'", (zlib.compress(forged.encode()),))
    con.close()
    result = run("trial", "CARE-MS-I", "--json")
    assert result.stdout == expected and _arr(result) == [0.18, 0.39]


def test_a_name_filed_under_the_wrong_record_is_a_miss(cache_dir):
    expected = run("trial", "CARE-MS-II", "--json").stdout
    (db,) = _databases(cache_dir)
    con = sqlite3.connect(db)
    with con:
        con.execute("UPDATE names SET id = 'CARE-MS-I' WHERE kind = 'trial' AND key = 'carems2'")
    con.close()
    assert run("trial", "CARE-MS-II", "--json").stdout == expected


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty", "group-writable", "symlink", "foreign"])
def test_a_damaged_foreign_or_unsafe_database_is_a_miss(cache_dir, tmp_path, damage):
    expected = run("trial", "CARE-MS-I", "--json").stdout
    (db,) = _databases(cache_dir)
    if damage == "truncate":
        db.write_bytes(db.read_bytes()[:-4096])
    elif damage == "garbage":
        db.write_bytes(b"SQLite format 3\x00" + os.urandom(8192))
    elif damage == "empty":
        db.write_bytes(b"")
    elif damage == "group-writable":
        db.chmod(0o620)
    elif damage == "symlink":
        target = tmp_path / "elsewhere.sqlite"
        target.write_bytes(db.read_bytes())
        db.unlink()
        db.symlink_to(target)
    elif damage == "foreign":  # a valid database compiled for other content, under this content's name
        other = tmp_path / "other"
        other.mkdir()
        d = copy_bundled(other)
        text = (d / "trials.yaml").read_text(encoding="utf-8").replace('value: 0.18, printed: "Alem: 0.18"',
                                                                        'value: 0.18, printed: "Alem: 0.18", note: x')
        (d / "trials.yaml").write_text(text, encoding="utf-8")
        run("--no-bundled", "--data-dir", str(d), "trial", "CARE-MS-I", "--json")
        foreign = next(p for p in _databases(cache_dir) if p != db)
        db.write_bytes(foreign.read_bytes())
    assert run("trial", "CARE-MS-I", "--json").stdout == expected


def test_stale_data_gets_its_own_database(cache_dir, tmp_path):
    d = copy_bundled(tmp_path)
    run("--no-bundled", "--data-dir", str(d), "therapy", "alemtuzumab", "--json")
    text = (d / "therapies.yaml").read_text(encoding="utf-8").replace("    brand: Lemtrada\n", "    brand: Lemtrada2\n")
    (d / "therapies.yaml").write_text(text, encoding="utf-8")
    assert run("--no-bundled", "--data-dir", str(d), "therapy", "lemtrada2", "--json").json()["therapy"]["brand"] == "Lemtrada2"
    assert len(_databases(cache_dir)) == 2


def test_an_unwritable_or_switched_off_cache_still_answers(tmp_path, monkeypatch):
    monkeypatch.setenv("MSDMT_NO_CACHE", "1")
    assert _arr(run("trial", "CARE-MS-I", "--json")) == [0.18, 0.39]
    monkeypatch.delenv("MSDMT_NO_CACHE")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("MSDMT_CACHE_DIR", str(blocker / "sub"))
    assert _arr(run("trial", "CARE-MS-I", "--json")) == [0.18, 0.39]
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)
    monkeypatch.setenv("MSDMT_CACHE_DIR", str(shared))
    assert _arr(run("trial", "CARE-MS-I", "--json")) == [0.18, 0.39]
    assert _databases(shared) == []  # a directory others can write is not used


def test_lookups_are_read_only(cache_dir):
    cat = Catalog.open()
    with pytest.raises(sqlite3.OperationalError):
        cat.store.db.execute("DELETE FROM trials")


def test_a_lookup_reads_only_the_records_it_needs(cache_dir, tmp_path, monkeypatch):
    directory = generate.generate(300, tmp_path / "lib")
    run("--no-bundled", "--data-dir", str(directory), "trials", "--json")  # compile
    reads = []
    real = store.Store._record

    def counting(row, expected_id=None):
        reads.append(expected_id)
        return real(row, expected_id)

    monkeypatch.setattr(store.Store, "_record", staticmethod(counting))
    cat = Catalog.open(directory, bundled=False)
    assert cat.trial("syn 150").trial["id"] == "SYN-000150"
    assert len(reads) <= 2
    reads.clear()
    assert cat.search("trial 150").hits[0]["id"] == "SYN-000150"
    assert len(reads) <= 25


def test_store_tables_hold_the_figures_with_numbers(cache_dir):
    cat = Catalog.open()
    db = cat.store.db
    assert db.execute("SELECT value, p_value, p_comparison FROM results WHERE trial_id = 'AFFIRM' "
                      "AND endpoint_id = 't2-arr-reduction'").fetchone() == (68.0, 0.001, "<")
    assert db.execute("SELECT count(*) FROM results").fetchone()[0] == sum(
        len(ep["results"]) for t in cat.data["trials"] for ep in t["endpoints"])
    assert db.execute("SELECT rate, comparator_rate FROM adverse_events WHERE adverse_event_id = 'herpes-infections'"
                      ).fetchone() == (16.0, 3.0)
    notes = db.execute("SELECT count(*) FROM notes").fetchone()[0]
    walked = 0

    def walk(node):
        nonlocal walked
        if isinstance(node, dict):
            walked += sum(1 for k in ("repair", "erratum", "note") if isinstance(node.get(k), str))
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    data = cat.data
    walk(data["therapies"]), walk(data["trials"]), walk(data["facts"])
    assert notes == walked + sum(len(s["errata"]) for s in data["sources"])


# -- libraries in folders --------------------------------------------------------------
@pytest.fixture()
def folders(tmp_path, monkeypatch) -> Path:
    monkeypatch.setattr(generate, "FOLDER_ABOVE", 50)
    monkeypatch.setattr(generate, "PER_FILE", 40)
    return generate.generate(450, tmp_path / "lib")  # 45 therapies in 2 files, 450 trials in 12 files


def test_a_library_of_folders(cache_dir, folders):
    assert sorted(p.name for p in folders.iterdir()) == ["sources.yaml", "therapies", "trials"]
    assert len(list((folders / "trials").iterdir())) == 12
    result = run("--no-bundled", "--data-dir", str(folders), "trial", "syn", "401", "--json")
    assert result.exit_code == 0 and result.json()["trial"]["id"] == "SYN-000401"
    counts = run("--no-bundled", "validate", str(folders), "--json").json()["counts"]
    assert counts == {"therapies": 45, "trials": 450, "endpoints": 1350, "adverse events": 90}
    assert run("--no-bundled", "--data-dir", str(folders), "search", "trial", "401", "--json").json()["hits"][0]["id"] == "SYN-000401"
    lines = run("--no-bundled", "--data-dir", str(folders), "export").stdout.splitlines()
    assert len(lines) > 450 * 10


def test_problems_in_a_folder_name_their_file_and_line(cache_dir, folders):
    f = folders / "trials" / "000120.yaml"
    text = f.read_text(encoding="utf-8")
    f.write_text(text.replace("  - id: SYN-000121\n", "  - id: SYN-000007\n", 1), encoding="utf-8")
    line = text.splitlines().index("  - id: SYN-000121") + 1
    result = run("--no-bundled", "--data-dir", str(folders), "trial", "SYN-000001")
    assert (result.exit_code, result.stdout) == (1, "")
    first = folders / "trials" / "000000.yaml"
    first_line = first.read_text(encoding="utf-8").splitlines().index("  - id: SYN-000007") + 1
    assert result.stderr == (f"msdmt: {f}:{line}: trials.1.id: duplicate trial id 'SYN-000007' from source "
                             f"'synthetic' (first at {first}:{first_line}); another report of a trial needs "
                             "another source\n")
    assert run("--no-bundled", "validate", str(folders)).stderr == result.stderr  # validate and the lookups agree
    g = folders / "trials" / "000200.yaml"
    lines = g.read_text(encoding="utf-8").splitlines(keepends=True)
    n = next(i for i, line in enumerate(lines) if line.strip().startswith("phase:"))
    lines[n] = "    phase: seven\n"
    g.write_text("".join(lines), encoding="utf-8")
    # As in a single file: while a record is invalid, the checks across records wait.
    result = run("--no-bundled", "--data-dir", str(folders), "trial", "SYN-000001")
    assert result.stderr == f"msdmt: {g}:{n + 1}: trials.0.phase: Input should be a valid integer\n"


def test_a_parent_in_another_file_and_an_unknown_one(cache_dir, folders):
    f = folders / "trials" / "000400.yaml"
    text = f.read_text(encoding="utf-8")
    f.write_text(text.replace("    phase: 3\n", "    phase: 3\n    parent: SYN-000003\n", 1), encoding="utf-8")
    assert run("--no-bundled", "--data-dir", str(folders), "trial", "SYN-000400", "--json").json()["trial"]["parent"] == "SYN-000003"
    f.write_text(text.replace("    phase: 3\n", "    phase: 3\n    parent: SYN-999999\n", 1), encoding="utf-8")
    result = run("--no-bundled", "--data-dir", str(folders), "trial", "SYN-000400")
    assert result.exit_code == 1 and "trials.0.parent: unknown trial 'SYN-999999'" in result.stderr


def test_a_file_and_a_folder_of_the_same_kind_is_an_error(cache_dir, folders):
    (folders / "trials.yaml").write_text("schema_version: 1\ntrials: []\n", encoding="utf-8")
    result = run("--no-bundled", "--data-dir", str(folders), "trials")
    assert result.exit_code == 1
    assert result.stderr == f"msdmt: {folders}: holds both trials.yaml and a trials/ folder; keep one\n"


def test_the_store_describes_every_table_and_column(cache_dir):
    db = Catalog.open().store.db
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    described = {r[0] for r in db.execute("SELECT name FROM _tables")}
    assert tables <= described
    for name in tables - {"search", "search_vocab"}:
        columns = {r[1] for r in db.execute(f"PRAGMA table_info({name})")}
        assert columns == {r[0] for r in db.execute("SELECT column_name FROM _columns WHERE table_name = ?", (name,))}
    assert json.loads(dict(db.execute("SELECT key, value FROM meta"))["counts"])["trials"] == 12


def test_a_large_librarys_key_is_remembered_under_its_fingerprint(cache_dir, folders, monkeypatch):
    from msdmt.data import load as load_module
    from msdmt.data import storefile

    monkeypatch.setattr(storefile, "HASH_ALWAYS_BELOW", 0)  # as for a library of many megabytes
    monkeypatch.setattr(storefile, "TRUST_AFTER", 0.0)
    assert run("--no-bundled", "--data-dir", str(folders), "trial", "SYN-000010", "--json").exit_code == 0
    assert len(list(cache_dir.glob("*.key"))) == 1
    real = load_module._read_path

    def unread(path):
        raise AssertionError(f"read {path}")

    monkeypatch.setattr(load_module, "_read_path", unread)
    warm = run("--no-bundled", "--data-dir", str(folders), "trial", "SYN-000010", "--json")
    assert warm.exit_code == 0 and warm.json()["trial"]["id"] == "SYN-000010"  # no data file was read
    monkeypatch.setattr(load_module, "_read_path", real)
    f = folders / "trials" / "000000.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("name: Synthetic trial 10\n", "name: Synthetic trial X\n"),
                 encoding="utf-8")
    changed = run("--no-bundled", "--data-dir", str(folders), "trial", "SYN-000010", "--json")
    assert changed.json()["trial"]["name"] == "Synthetic trial X"  # a changed file: its fingerprint changed
    assert len(_databases(cache_dir)) == 2


def test_a_fingerprint_recorded_right_after_a_change_is_not_trusted(cache_dir, folders, monkeypatch):
    from msdmt.data import storefile

    monkeypatch.setattr(storefile, "HASH_ALWAYS_BELOW", 0)
    run("--no-bundled", "--data-dir", str(folders), "trial", "SYN-000010", "--json")
    assert list(cache_dir.glob("*.key")) == []  # the files changed less than TRUST_AFTER seconds ago
