"""Compiled stores in the user's cache directory: one SQLite database per content, opened read-only.

Where the cache is and which directories and files are trusted is decided by
``msdmt.data.cachedir`` (a directory and files owned by this user and writable by
no one else, opened without following symlinks). A database is named by its
content key (``msdmt.data.load.store_key``). It is used only if, besides those
rules, the file SQLite opens by name is the one checked through the directory's
descriptor, it is as long as its pages say, and it was compiled for exactly this
key (``store.check_header``); every record read is checked against its digest.
Anything else is a miss: the library is compiled afresh into a temporary file
(created exclusively, mode 0600, ``.tmp-PID-RANDOM``) and renamed into place, so
a reader never sees half a database; a failed or interrupted compile leaves no
temporary file, and those of killed writers are swept.

For a small library the content key is computed from the bytes on every run.
For a large one, reading every byte to find its database would cost more than
the lookup, so the key is remembered under the files' fingerprint (path, size,
inode, modification and change times) in a small ``.key`` file; a fingerprint
recorded within ``TRUST_AFTER`` seconds of a file's last change is not trusted
(a file rewritten in the same instant could keep its size and times).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from . import cachedir, store

HASH_ALWAYS_BELOW = 8 * 1024 * 1024  # bytes of data: below this, the content key is computed on every run
TRUST_AFTER = 2.0  # seconds between a file's last change and a fingerprint recorded for it


def database_name(key: str) -> str:
    return f"{key[:32]}.sqlite"


def open_place(create: bool) -> cachedir.CacheDir | None:
    root = cachedir.cache_root()
    return None if root is None else cachedir.open_cache_dir(root, create=create)


def open_cached(place: cachedir.CacheDir, key: str) -> store.Store | None:
    """The database compiled for ``key``, if there is one that checks out; else None."""
    name = database_name(key)
    fd = place.open_file(name)
    if fd is None:
        return None
    db = None
    try:
        info = os.fstat(fd)
        db = store.connect_read_only(str(place.path / name))
        now = os.stat(name, dir_fd=place.fd, follow_symlinks=False)
        if (now.st_dev, now.st_ino) != (info.st_dev, info.st_ino):
            raise store.CorruptStore("the file was replaced while it was opened")
        store.check_header(db, key, info.st_size)
        return store.Store(db)
    except (sqlite3.Error, store.CorruptStore, OSError):
        if db is not None:
            db.close()
        return None
    finally:
        os.close(fd)


def compile_to_cache(place: cachedir.CacheDir, key: str,
                     build: Callable[[sqlite3.Connection], None]) -> store.Store | None:
    """``build`` into a temporary file of the cache directory, renamed into place when complete; None when it
    cannot be written (a DataError from the data itself goes up, and so does an interrupt)."""
    tmp = f".tmp-{os.getpid()}-{os.urandom(6).hex()}.sqlite"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600, dir_fd=place.fd)
    except OSError:
        return None
    try:
        mine = os.fstat(fd)
        os.close(fd)
        db = sqlite3.connect(str(place.path / tmp))
        try:
            db.execute("PRAGMA journal_mode = OFF")  # nobody reads it until it is complete and renamed
            db.execute("PRAGMA synchronous = OFF")
            build(db)
        finally:
            db.close()
        now = os.stat(tmp, dir_fd=place.fd, follow_symlinks=False)
        if (now.st_dev, now.st_ino) != (mine.st_dev, mine.st_ino):
            raise OSError("the temporary database was replaced while it was written")
        os.replace(tmp, database_name(key), src_dir_fd=place.fd, dst_dir_fd=place.fd)
    except BaseException as exc:
        try:
            os.unlink(tmp, dir_fd=place.fd)
        except OSError:
            pass
        if isinstance(exc, (OSError, sqlite3.OperationalError)):
            return None
        raise
    place.remove_stale_temporaries()
    return open_cached(place, key)


def in_memory(build: Callable[[sqlite3.Connection], None]) -> store.Store:
    db = sqlite3.connect(":memory:")
    build(db)
    return store.Store(db)


def _pointer(salt: bytes, fingerprint: bytes) -> str:
    return hashlib.sha256(salt + b"\0" + fingerprint).hexdigest()[:32] + ".key"


Lazy = Callable[[], bytes]


def remembered_key(place: cachedir.CacheDir | None, size: int, fingerprint: Lazy, newest_change: Callable[[], float],
                   salt: Lazy) -> str | None:
    """The content key remembered for a large library under its fingerprint, when there is one to trust."""
    if place is None or size < HASH_ALWAYS_BELOW:
        return None
    print_ = fingerprint()
    if not print_:
        return None
    blob = place.read(_pointer(salt(), print_))
    if blob is None or len(blob) > 256:
        return None
    recorded, _, key = blob.decode("ascii", "replace").strip().partition(" ")
    try:
        trusted = float(recorded) >= newest_change() + TRUST_AFTER
    except ValueError:
        return None
    return key if trusted and len(key) == 64 and all(c in "0123456789abcdef" for c in key) else None


def remember_key(size: int, fingerprint: Lazy, newest_change: Callable[[], float], salt: Lazy, key: str) -> None:
    """Remember a large library's content key under its fingerprint (not for files changed within seconds)."""
    if size < HASH_ALWAYS_BELOW:
        return
    now, print_ = time.time(), fingerprint()
    if not print_ or now < newest_change() + TRUST_AFTER:
        return
    place = open_place(create=False)
    if place is not None:
        with place:
            place.write(_pointer(salt(), print_), f"{now:.6f} {key}\n".encode("ascii"))


def open_or_compile(files_size: int, fingerprint: Lazy, newest_change: Callable[[], float],
                    compute_key: Callable[[], str], salt: Lazy, build: Callable[[sqlite3.Connection, str], None],
                    afresh_only: bool = False
                    ) -> tuple[store.Store, Callable[[], store.Store]]:
    """The store of a library: from the cache when one checks out (unless ``afresh_only``), else compiled (into
    the cache when it can be written, else into memory); and a way to compile it afresh (for a store found
    corrupt while read)."""
    place = open_place(create=False)
    try:
        remembered = None if afresh_only else remembered_key(place, files_size, fingerprint, newest_change, salt)
        key = remembered or compute_key()
        found = open_cached(place, key) if place is not None and not afresh_only else None
    finally:
        if place is not None:
            place.close()

    def afresh() -> store.Store:
        writable = open_place(create=True)
        if writable is not None:
            with writable:
                fresh = compile_to_cache(writable, key, lambda db: build(db, key))
            if fresh is not None:
                return fresh
        return in_memory(lambda db: build(db, key))

    result = found if found is not None else afresh()
    if remembered is None:
        remember_key(files_size, fingerprint, newest_change, salt, key)
    return result, afresh


def total_size(paths: list[Path]) -> int:
    total = 0
    for path in paths:
        try:
            total += os.stat(path).st_size
        except OSError:
            return 0
    return total
