"""A cache that only its owner can feed: planted caches are misses, never data.

The attack: another local user who can write to the cache directory (a shared
MSDMT_CACHE_DIR or XDG_CACHE_HOME, or a directory they created first) plants a cache
file with a valid checksum in which alemtuzumab's adverse-event rates are 0.
"""

from __future__ import annotations

import copy
import hashlib
import importlib.metadata
import marshal
import os
import stat
import time
from pathlib import Path
from typing import Any

import pytest

from conftest import run
from msdmt.data import cache, cachedir
from msdmt.data import load as load_module
from msdmt.data.load import FILES, bundled_dir, load

OTHER_UID = 65534  # nobody
needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")


@pytest.fixture()
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    d = tmp_path / "cache"
    monkeypatch.setenv("MSDMT_CACHE_DIR", str(d))
    return d


def _rates(data: dict[str, Any]) -> list[float]:
    therapy = next(t for t in data["therapies"] if t["id"] == "alemtuzumab")
    return [ae["rate"]["value"] for ae in therapy["adverse_events"] if ae["rate"] and ae["rate"]["value"] is not None]


def _bundled_key() -> str:
    return load_module.cache_key({name: load_module._read(bundled_dir(), name) for name in FILES})


def _plant(directory: Path) -> Path:
    """Write, as an attacker would, a well-formed cache for the bundled data with alemtuzumab's rates set to 0."""
    forged = copy.deepcopy(load(use_cache=False))
    del forged["meta"]
    therapy = next(t for t in forged["therapies"] if t["id"] == "alemtuzumab")
    for ae in therapy["adverse_events"]:
        if ae["rate"] and ae["rate"]["value"]:
            ae["rate"]["value"] = 0
    key = _bundled_key()
    payload = marshal.dumps(forged)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{key[:32]}.bin"
    path.write_bytes(b"msdmt-cache 2 " + f"{key}:{hashlib.sha256(payload).hexdigest()}".encode() + b"\n" + payload)
    return path


def test_the_planted_cache_would_be_read_if_it_were_ours(cache_dir: Path) -> None:
    """The forgery is well-formed: in a directory and file of our own it is served (so the tests below test the checks)."""
    cache_dir.mkdir(mode=0o700)
    _plant(cache_dir).chmod(0o600)
    assert set(_rates(load())) == {0}


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o1777, 0o720])
def test_a_directory_others_can_write_is_no_cache(cache_dir: Path, mode: int) -> None:
    cache_dir.mkdir()
    planted = _plant(cache_dir)
    cache_dir.chmod(mode)
    real = _rates(load(use_cache=False))
    assert _rates(load()) == real and 0 not in real
    result = run("therapy", "alemtuzumab", "--json")
    assert result.exit_code == 0 and _rates({"therapies": [result.json()["therapy"]]}) == real
    assert sorted(p.name for p in cache_dir.iterdir()) == [planted.name]  # nothing written there either


def test_a_file_others_can_write_is_not_read(cache_dir: Path) -> None:
    cache_dir.mkdir(mode=0o700)
    _plant(cache_dir).chmod(0o666)
    assert 0 not in _rates(load())


@needs_root
def test_a_file_owned_by_another_user_is_not_read(cache_dir: Path) -> None:
    cache_dir.mkdir(mode=0o700)
    planted = _plant(cache_dir)
    planted.chmod(0o644)
    os.chown(planted, OTHER_UID, OTHER_UID)
    assert 0 not in _rates(load())


@needs_root
def test_a_directory_owned_by_another_user_is_no_cache(cache_dir: Path) -> None:
    """Another user created the directory first (with our name for it), 0755, and planted the file."""
    cache_dir.mkdir(mode=0o755)
    planted = _plant(cache_dir)
    os.chown(planted, OTHER_UID, OTHER_UID)
    os.chown(cache_dir, OTHER_UID, OTHER_UID)
    assert 0 not in _rates(load())
    assert [p.name for p in cache_dir.iterdir()] == [planted.name]


def test_a_symlinked_file_is_not_followed(cache_dir: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    target = _plant(elsewhere)
    target.chmod(0o600)
    cache_dir.mkdir(mode=0o700)
    (cache_dir / target.name).symlink_to(target)
    assert 0 not in _rates(load())


def test_a_symlinked_directory_is_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_dir = tmp_path / "real"
    real_dir.mkdir(mode=0o700)
    _plant(real_dir).chmod(0o600)
    link = tmp_path / "link"
    link.symlink_to(real_dir)
    monkeypatch.setenv("MSDMT_CACHE_DIR", str(link))
    assert 0 not in _rates(load())


def test_a_fifo_in_the_cache_is_a_miss_not_a_hang(cache_dir: Path) -> None:
    cache_dir.mkdir(mode=0o700)
    os.mkfifo(cache_dir / f"{_bundled_key()[:32]}.bin", 0o600)
    assert 0 not in _rates(load())


def test_the_directory_and_its_parents_are_created_0700(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    d = tmp_path / "a" / "b" / "msdmt"
    monkeypatch.setenv("MSDMT_CACHE_DIR", str(d))
    old = os.umask(0)
    try:
        load()
    finally:
        os.umask(old)
    for directory in (d, d.parent, d.parent.parent):
        assert stat.S_IMODE(directory.stat().st_mode) == 0o700, directory
    (entry,) = d.glob("*.bin")
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600


@pytest.mark.parametrize("env", [
    {"MSDMT_CACHE_DIR": None, "XDG_CACHE_HOME": None, "HOME": ""},
    {"MSDMT_CACHE_DIR": None, "XDG_CACHE_HOME": "relative/cache", "HOME": "/nonexistent-home"},
    {"MSDMT_CACHE_DIR": None, "XDG_CACHE_HOME": "", "HOME": "/nonexistent-home"},
    {"MSDMT_CACHE_DIR": "relative/cache"},
    {"MSDMT_CACHE_DIR": ""},
])
def test_no_absolute_place_means_no_cache(env: dict[str, str | None], tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in env.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)
    assert cache.directory() is None
    assert _rates(load()) == _rates(load(use_cache=False))
    assert list(tmp_path.iterdir()) == []  # nothing written under the current directory


def test_where_the_cache_goes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MSDMT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.directory() == tmp_path / "xdg" / "msdmt"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.directory() == tmp_path / "home" / ".cache" / "msdmt"
    monkeypatch.setenv("MSDMT_NO_CACHE", "1")
    assert cache.directory() is None


def test_the_key_covers_every_module_that_shapes_the_data() -> None:
    fingerprint = load_module._code_fingerprint()
    modules = sorted((Path(load_module.__file__).parent).glob("*.py"))
    assert {m.name for m in modules} >= {"load.py", "yamlsafe.py", "models.py", "validate.py", "text.py"}
    for module in modules:
        assert module.name.encode() + b"\0" + module.read_bytes() in fingerprint


def test_the_key_covers_the_versions_of_the_parsing_and_validating_libraries() -> None:
    fingerprint = load_module._library_fingerprint().decode()
    for distribution in ("pydantic", "pydantic_core", "pyyaml"):
        version = importlib.metadata.version(distribution)
        assert f"{distribution}-{version}.dist-info" in fingerprint.lower()
    assert "_yaml" in fingerprint  # PyYAML's C parser, when installed, is part of it


def test_another_library_version_makes_the_cache_stale(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load()
    assert len(list(cache_dir.glob("*.bin"))) == 1
    real = load_module._library_fingerprint()
    monkeypatch.setattr(load_module, "_library_fingerprint", lambda: real.replace(b"pydantic-", b"pydantic-0"))
    load()
    assert len(list(cache_dir.glob("*.bin"))) == 2


def test_an_interrupted_write_leaves_no_temporary_file(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cachedir.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        load()
    assert list(cache_dir.iterdir()) == []


def test_temporary_files_of_killed_writers_are_removed(cache_dir: Path) -> None:
    cache_dir.mkdir(mode=0o700)
    dead = cache_dir / ".tmp-999999999-0a1b2c"  # no such process
    alive_fresh = cache_dir / f".tmp-{os.getppid()}-0a1b2c"  # a live process may be writing it
    alive_old = cache_dir / f".tmp-{os.getppid()}-3d4e5f"
    for path in (dead, alive_fresh, alive_old):
        path.write_bytes(b"half a cache")
    hours_ago = time.time() - 2 * 3600
    os.utime(alive_old, (hours_ago, hours_ago))
    load()
    assert sorted(p.name for p in cache_dir.iterdir() if p.name.startswith(".tmp-")) == [alive_fresh.name]
