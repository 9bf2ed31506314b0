"""The validated-data cache: keyed by content; missing, corrupt and stale caches are misses, never data."""

from pathlib import Path

import pytest

from conftest import copy_bundled
from msdmt.data import cache
from msdmt.data.load import load


@pytest.fixture()
def cache_dir(tmp_path, monkeypatch) -> Path:
    d = tmp_path / "cache"
    monkeypatch.setenv("MSDMT_CACHE_DIR", str(d))
    return d


def _files(d: Path) -> list[Path]:
    return sorted(d.glob("*.bin"))


def test_missing_cache_is_a_miss_then_written(cache_dir):
    assert not cache_dir.exists()
    first = load()
    (entry,) = _files(cache_dir)
    assert entry.read_bytes().startswith(b"msdmt-cache 2 ")
    assert load() == first


def test_corrupt_cache_is_a_miss(cache_dir, monkeypatch):
    expected = load()
    (entry,) = _files(cache_dir)
    blob = entry.read_bytes()
    entry.write_bytes(blob[:-40] + b"0" * 40)  # same length, wrong payload: checksum fails
    assert cache.read(cache.key(b"x")) is None
    calls = []
    real = cache.write
    monkeypatch.setattr(cache, "write", lambda k, d: calls.append(k) or real(k, d))
    assert load() == expected
    assert len(calls) == 1  # validated again and rewritten
    entry.write_bytes(b"not a cache at all")
    assert load() == expected
    entry.write_bytes(b"")
    assert load() == expected


def test_stale_cache_is_a_miss(cache_dir, tmp_path):
    (tmp_path / "data").mkdir()
    d = copy_bundled(tmp_path / "data")
    before = load(d)
    text = (d / "therapies.yaml").read_text(encoding="utf-8").replace("    brand: Lemtrada\n", "    brand: Lemtrada2\n")
    (d / "therapies.yaml").write_text(text, encoding="utf-8")
    after = load(d)
    assert next(t for t in after["therapies"] if t["id"] == "alemtuzumab")["brand"] == "Lemtrada2"
    assert next(t for t in before["therapies"] if t["id"] == "alemtuzumab")["brand"] == "Lemtrada"
    assert len(_files(cache_dir)) == 2


def test_a_cache_written_for_other_data_is_not_used(cache_dir):
    load()
    (entry,) = _files(cache_dir)
    key = cache.key(b"other data")
    forged = cache_dir / f"{key[:32]}.bin"
    forged.write_bytes(entry.read_bytes())  # right format, wrong key in its header
    assert cache.read(key) is None


def test_no_cache_and_unwritable_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MSDMT_NO_CACHE", "1")
    assert cache.directory() is None
    assert load()["therapies"][0]["id"] == "interferon-beta-1b-sc"
    monkeypatch.delenv("MSDMT_NO_CACHE")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("MSDMT_CACHE_DIR", str(blocker / "sub"))  # cannot be created
    assert load()["therapies"][0]["id"] == "interferon-beta-1b-sc"
