"""Compiled stores in the user's cache directory: one SQLite database per content, opened read-only.

The database of a data directory is named by its content key: the bytes of
every data file (with their names), the msdmt version and the source of every
module that shapes the compiled data. For a small library the key is computed
from the bytes on every run. For a large one, reading every byte to find a
database would cost more than the lookup, so the content key is remembered
under the files' fingerprint (path, size, inode, modification and change
times); a fingerprint recorded within two seconds of the newest change is not
trusted (a file rewritten in the same instant could keep its size and times).

A database is used only if it is a regular file that only this user can
write, in a directory that only this user can write (``_place``), as long as
its pages say, and compiled for exactly this key (``store.check_header``);
every record read is checked against its digest. Anything else is a miss: the
library is compiled afresh into a temporary file beside it (mode 0600, created
exclusively) and renamed into place, so a reader never sees half a database.
When there is no usable cache directory (``MSDMT_NO_CACHE=1``, a read-only or
foreign directory) the library is compiled into memory.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from msdmt import __version__

from . import library, store

Json = dict[str, Any]
FORMAT = b"msdmt-store 1"
HASH_ALWAYS_BELOW = 8 * 1024 * 1024  # bytes of data: below this, the content key is computed on every run
TRUST_AFTER = 2.0  # seconds between a file's last change and a fingerprint recorded for it
_TMP = ".tmp-"
_MODULES = ("models.py", "validate.py", "load.py", "text.py", "yamlsafe.py", "store.py", "searchindex.py",
            "library.py", "storefile.py")


def _code() -> bytes:
    here = Path(__file__).resolve().parent
    parts = []
    for name in _MODULES:
        try:
            parts.append((here / name).read_bytes())
        except OSError:
            parts.append(b"")
    return b"\0".join(parts)


def content_key(files: dict[str, list[Path]]) -> str:
    """SHA-256 of the format, version, code and every data file (name and bytes)."""
    from .load import MAX_BYTES

    digest = hashlib.sha256()
    for part in (FORMAT, __version__.encode(), _code()):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    for kind in library.KINDS:
        for path in files[kind]:
            data = library.read_file(path, MAX_BYTES)
            for part in (kind.encode(), path.name.encode("utf-8", "surrogateescape"), data):
                digest.update(len(part).to_bytes(8, "big"))
                digest.update(part)
    return digest.hexdigest()


def _fingerprint_name(files: dict[str, list[Path]]) -> str | None:
    fp = library.fingerprint(files)
    if not fp:
        return None
    digest = hashlib.sha256(FORMAT + b"\0" + __version__.encode() + b"\0" + _code() + b"\0" + fp).hexdigest()
    return f"{digest[:32]}.key"


def _size(files: dict[str, list[Path]]) -> int:
    total = 0
    for paths in files.values():
        for path in paths:
            try:
                total += os.stat(path).st_size
            except OSError:
                return 0
    return total


class _Place:
    """An open cache directory that only this user can write (the rules of the cache: see the module docstring)."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path, self.fd = path, fd

    def close(self) -> None:
        os.close(self.fd)

    def open_file(self, name: str) -> int | None:
        try:
            fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=self.fd)
        except OSError:
            return None
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or not _safe(info):
            os.close(fd)
            return None
        return fd

    def read(self, name: str) -> bytes | None:
        fd = self.open_file(name)
        if fd is None:
            return None
        try:
            with os.fdopen(fd, "rb") as handle:
                return handle.read(4096)
        except OSError:
            return None

    def write(self, name: str, data: bytes) -> None:
        tmp = f"{_TMP}{os.getpid()}-{os.urandom(6).hex()}"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600,
                         dir_fd=self.fd)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, name, src_dir_fd=self.fd, dst_dir_fd=self.fd)
        except OSError:
            try:
                os.unlink(tmp, dir_fd=self.fd)
            except OSError:
                pass


def _safe(info: os.stat_result) -> bool:
    return info.st_uid == os.geteuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _place(create: bool) -> _Place | None:
    """The cache directory, opened and checked; None when there is none or it is not safe to use."""
    from . import cache

    if os.name != "posix" or not hasattr(os, "O_NOFOLLOW"):
        return None
    root = cache.directory()
    if root is None or not root.is_absolute():
        return None
    try:
        if create:
            missing = [p for p in (root, *root.parents) if not os.path.lexists(p)]
            for directory in reversed(missing):
                try:
                    os.mkdir(directory, 0o700)
                except FileExistsError:
                    pass
        fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return None
    info = os.fstat(fd)
    if not stat.S_ISDIR(info.st_mode) or not _safe(info):
        os.close(fd)
        return None
    return _Place(root, fd)


def _open_cached(place: _Place, key: str) -> store.Store | None:
    name = f"{key[:32]}.sqlite"
    fd = place.open_file(name)
    if fd is None:
        return None
    try:
        info = os.fstat(fd)
        path = str(place.path / name)
        db = store.connect_read_only(path)
        # The file SQLite opened by name must be the one checked through the directory descriptor.
        now = os.stat(name, dir_fd=place.fd, follow_symlinks=False)
        if (now.st_dev, now.st_ino) != (info.st_dev, info.st_ino):
            db.close()
            return None
        store.check_header(db, key, info.st_size)
        return store.Store(db)
    except (sqlite3.Error, store.CorruptStore, OSError):
        return None
    finally:
        os.close(fd)


def _compile(root: Path, files: dict[str, list[Path]], db: sqlite3.Connection, key: str) -> None:
    from .compiler import Compiler

    with db:
        compiler = Compiler(db)
        library.compile_library(root, files, compiler)
        compiler.finish(key, __version__)


def _compile_to_cache(place: _Place, root: Path, files: dict[str, list[Path]], key: str) -> store.Store | None:
    """Compile into a temporary file of the cache directory and rename it into place; None if it cannot be written
    (a DataError from the data itself goes up)."""
    name = f"{key[:32]}.sqlite"
    tmp = f"{_TMP}{os.getpid()}-{os.urandom(6).hex()}.sqlite"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600, dir_fd=place.fd)
    except OSError:
        return None
    try:
        mine = os.fstat(fd)
        os.close(fd)
        db = sqlite3.connect(str(place.path / tmp))
        try:
            db.execute("PRAGMA journal_mode = OFF")  # a file nobody reads until it is complete and renamed
            db.execute("PRAGMA synchronous = OFF")
            _compile(root, files, db, key)
        finally:
            db.close()
        now = os.stat(tmp, dir_fd=place.fd, follow_symlinks=False)
        if (now.st_dev, now.st_ino) != (mine.st_dev, mine.st_ino):
            raise OSError("the temporary database was replaced while it was written")
        os.replace(tmp, name, src_dir_fd=place.fd, dst_dir_fd=place.fd)
    except BaseException as exc:
        try:
            os.unlink(tmp, dir_fd=place.fd)
        except OSError:
            pass
        if isinstance(exc, (OSError, sqlite3.OperationalError)):
            return None
        raise
    _sweep(place)
    return _open_cached(place, key)


def _sweep(place: _Place) -> None:
    """Remove temporary files left by a writer that was killed (its process is gone, or it is over an hour old)."""
    try:
        entries = list(os.scandir(place.fd))
    except OSError:
        return
    now = time.time()
    for entry in entries:
        if not entry.name.startswith(_TMP):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            pid = entry.name[len(_TMP):].partition("-")[0]
            alive = pid.isdigit() and int(pid) != os.getpid() and _alive(int(pid))
            if info.st_uid == os.geteuid() and (not alive or now - info.st_mtime > 3600):
                os.unlink(entry.name, dir_fd=place.fd)
        except OSError:
            continue


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def in_memory(root: Path, files: dict[str, list[Path]], key: str = "") -> store.Store:
    db = sqlite3.connect(":memory:")
    _compile(root, files, db, key)
    return store.Store(db)


def _key(place: _Place | None, files: dict[str, list[Path]]) -> str:
    """The content key: computed from the bytes, or, for a large library, remembered under its fingerprint."""
    if place is None or _size(files) < HASH_ALWAYS_BELOW:
        return content_key(files)
    pointer = _fingerprint_name(files)
    if pointer is not None:
        blob = place.read(pointer)
        if blob is not None:
            recorded, _, key = blob.decode("ascii", "replace").strip().partition(" ")
            try:
                trusted = float(recorded) >= library.newest_change(files) + TRUST_AFTER
            except ValueError:
                trusted = False
            if trusted and len(key) == 64:
                return key
    key = content_key(files)
    if pointer is not None and time.time() >= library.newest_change(files) + TRUST_AFTER:
        place.write(pointer, f"{time.time():.6f} {key}\n".encode("ascii"))
    return key


def open_store(directory: str | os.PathLike[str] | None = None) -> tuple[store.Store, Callable[[], store.Store],
                                                                        Json]:
    """The compiled store of ``directory`` (the bundled data when None), a way to compile it afresh (for a store
    found corrupt while read), and facts about it (``data_dir``, ``bundled``, ``counts``)."""
    from msdmt.errors import DataError

    from .load import bundled_dir

    bundled = directory is None
    root = bundled_dir() if bundled else Path(directory)  # type: ignore[arg-type]
    if not bundled and not root.is_dir():
        raise DataError([f"{root}: {'is a file, not a data directory' if root.exists() else 'data directory not found'}"])
    files = library.layout(root)
    place = _place(create=False)
    key = _key(place, files)
    found = _open_cached(place, key) if place is not None else None
    if found is None:
        if place is None:
            place = _place(create=True)
        found = _compile_to_cache(place, root, files, key) if place is not None else None
    if place is not None:
        place.close()

    def afresh() -> store.Store:
        again = _place(create=True)
        if again is not None:
            try:
                fresh = _compile_to_cache(again, root, files, key)
            finally:
                again.close()
            if fresh is not None:
                return fresh
        return in_memory(root, files, key)

    result = found if found is not None else in_memory(root, files, key)
    return result, afresh, {"data_dir": str(root), "bundled": bundled}
