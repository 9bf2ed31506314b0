"""The compiled-store cache: keyed by content; missing, corrupt and stale databases are misses, never data."""

import sqlite3
from pathlib import Path

import pytest

from conftest import copy_bundled
from msdmt.data import cache, compiler, storefile
from msdmt.data import load as load_module
from msdmt.data.library import layout
from msdmt.data.load import bundled_dir, load


@pytest.fixture()
def cache_dir(tmp_path, monkeypatch) -> Path:
    d = tmp_path / "cache"
    monkeypatch.setenv("MSDMT_CACHE_DIR", str(d))
    return d


def _files(d: Path) -> list[Path]:
    return sorted(d.glob("*.sqlite"))


def test_missing_cache_is_a_miss_then_written(cache_dir):
    assert not cache_dir.exists()
    first = load()
    (entry,) = _files(cache_dir)
    assert entry.read_bytes().startswith(b"SQLite format 3\x00")
    assert entry.name == storefile.database_name(load_module.store_key(layout(bundled_dir())))
    assert load() == first == load(use_cache=False)


def test_corrupt_cache_is_a_miss(cache_dir, monkeypatch):
    expected = load()
    (entry,) = _files(cache_dir)
    blob = entry.read_bytes()
    entry.write_bytes(blob[:-4096])  # one page short: its pages no longer add up
    calls = []
    real = storefile.compile_to_cache
    monkeypatch.setattr(storefile, "compile_to_cache", lambda *a: calls.append(1) or real(*a))
    assert load() == expected
    assert len(calls) == 1  # validated again and rewritten
    entry.write_bytes(b"not a cache at all")
    assert load() == expected
    entry.write_bytes(b"")
    assert load() == expected


def test_stale_cache_is_a_miss(cache_dir, tmp_path):
    (tmp_path / "data").mkdir()
    d = copy_bundled(tmp_path / "data")
    before = load(d, bundled=False)
    text = (d / "therapies.yaml").read_text(encoding="utf-8").replace("    brand: Lemtrada\n", "    brand: Lemtrada2\n")
    (d / "therapies.yaml").write_text(text, encoding="utf-8")
    after = load(d, bundled=False)
    assert next(t for t in after["therapies"] if t["id"] == "alemtuzumab")["brand"] == "Lemtrada2"
    assert next(t for t in before["therapies"] if t["id"] == "alemtuzumab")["brand"] == "Lemtrada"
    assert len(_files(cache_dir)) == 2


def test_a_cache_written_for_other_data_is_not_used(cache_dir):
    load()
    (entry,) = _files(cache_dir)
    key = cache.key(b"other data")
    forged = cache_dir / storefile.database_name(key)
    forged.write_bytes(entry.read_bytes())  # right format, another key in its meta table
    place = storefile.open_place(create=False)
    assert place is not None
    with place:
        assert storefile.open_cached(place, key) is None


def test_a_forged_database_with_the_right_key_is_only_as_trusted_as_its_digests(cache_dir):
    """A database for this key whose record was changed without its digest: a miss, and rewritten."""
    expected = load()
    (entry,) = _files(cache_dir)
    db = sqlite3.connect(entry)
    with db:
        db.execute("UPDATE trials SET digest = '0' WHERE id = 'AFFIRM'")
    db.close()
    assert load() == expected


def test_no_cache_and_unwritable_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MSDMT_NO_CACHE", "1")
    assert cache.directory() is None
    assert load()["therapies"][0]["id"] == "interferon-beta-1b-sc"
    monkeypatch.delenv("MSDMT_NO_CACHE")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("MSDMT_CACHE_DIR", str(blocker / "sub"))  # cannot be created
    assert load()["therapies"][0]["id"] == "interferon-beta-1b-sc"


def test_in_memory_compile_is_the_same_data(cache_dir):
    data = load(use_cache=False)
    assert compiler.in_memory(data).load_all() == {k: v for k, v in data.items() if k != "meta"}
