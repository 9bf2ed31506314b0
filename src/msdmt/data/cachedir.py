"""A cache directory that only its owner can feed: where it is, and how to use it safely.

These rules hold for any cache file format (the marshal cache of ``msdmt.data.cache``
now, an SQLite store later):

- **Where.** ``MSDMT_CACHE_DIR``, else ``$XDG_CACHE_HOME/msdmt``, else ``$HOME/.cache/msdmt``
  (``~/Library/Caches/msdmt`` on macOS). A relative or empty path in any of these means
  no cache: the XDG spec says to ignore relative paths, and ``HOME=""`` would otherwise
  put the cache in ``/.cache`` or under the current directory. ``MSDMT_NO_CACHE=1``
  switches the cache off. Platforms without ``O_NOFOLLOW`` and ``dir_fd`` (Windows) have
  no cache.
- **Which directory.** Missing directories are created ``0700``. A directory is used only
  if it is a real directory (not a symlink), owned by the current user and not writable
  by group or others; anything else is no cache. It is then used through its open
  descriptor, so renaming or replacing it afterwards changes nothing.
- **Which files.** Files are opened relative to that descriptor with ``O_NOFOLLOW``
  (a planted symlink is not followed) and ``O_NONBLOCK`` (a planted FIFO does not
  block), and read only if they are regular files owned by the current user and not
  writable by group or others.
- **Writing.** A new file is written under a temporary name (``.tmp-PID-RANDOM``,
  created ``O_EXCL``, mode ``0600``) and renamed into place, so a reader never sees half
  a file. The temporary file is removed if the write fails or is interrupted; one left
  by a killed process is removed by the next write (when its process is gone, or after
  an hour).

Any failure is a miss: msdmt works without a cache.
"""

from __future__ import annotations

import os
import stat
import sys
import time
from pathlib import Path
from types import TracebackType

_TMP = ".tmp-"
_STALE_SECONDS = 3600
SUPPORTED = os.name == "posix" and hasattr(os, "O_NOFOLLOW") and os.open in os.supports_dir_fd


def cache_root() -> Path | None:
    """The cache directory to use, or None when there is none (switched off, or no absolute place)."""
    if os.environ.get("MSDMT_NO_CACHE", "") not in ("", "0") or not SUPPORTED:
        return None
    explicit = os.environ.get("MSDMT_CACHE_DIR")
    if explicit is not None:
        return Path(explicit) if os.path.isabs(explicit) else None
    if sys.platform == "darwin":
        base = _home()
        return base / "Library" / "Caches" / "msdmt" if base else None
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg is not None:
        # The XDG spec: a relative path is invalid and to be ignored; so is an empty one. Either
        # means no cache rather than a cache under the current directory.
        return Path(xdg) / "msdmt" if os.path.isabs(xdg) else None
    base = _home()
    return base / ".cache" / "msdmt" if base else None


def _home() -> Path | None:
    home = os.environ.get("HOME")
    if home is None:
        try:
            home = str(Path.home())  # the password database
        except (KeyError, RuntimeError):
            return None
    return Path(home) if os.path.isabs(home) else None


def safe_mode(info: os.stat_result) -> bool:
    """Owned by the current user and writable by no one else."""
    return info.st_uid == os.geteuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _make_dirs(path: Path) -> None:
    """Create ``path`` and any missing parents with mode 0700 (an existing one is checked on open)."""
    missing = []
    for candidate in (path, *path.parents):
        if os.path.lexists(candidate):
            break
        missing.append(candidate)
    for directory in reversed(missing):
        try:
            os.mkdir(directory, 0o700)
        except FileExistsError:
            pass


class CacheDir:
    """An open, checked cache directory; use ``open_cache_dir`` to get one, and close it (``with``)."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self.fd = fd

    def __enter__(self) -> CacheDir:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def open_file(self, name: str) -> int | None:
        """A read descriptor of ``name`` if it is a regular file that only we can write, else None."""
        try:
            fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=self.fd)
        except OSError:
            return None
        try:
            info = os.fstat(fd)
        except OSError:
            info = None
        if info is None or not stat.S_ISREG(info.st_mode) or not safe_mode(info):
            os.close(fd)
            return None
        return fd

    def read(self, name: str) -> bytes | None:
        """The bytes of ``name`` (see ``open_file``), or None."""
        fd = self.open_file(name)
        if fd is None:
            return None
        try:
            with os.fdopen(fd, "rb", closefd=False) as handle:
                return handle.read()
        except OSError:
            return None
        finally:
            os.close(fd)

    def write(self, name: str, data: bytes) -> bool:
        """Write ``name`` atomically; False when it could not be written (nothing is left behind)."""
        tmp = f"{_TMP}{os.getpid()}-{os.urandom(6).hex()}"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600,
                         dir_fd=self.fd)
        except OSError:
            return False
        try:
            try:
                with os.fdopen(fd, "wb", closefd=False) as handle:
                    handle.write(data)
            finally:
                os.close(fd)
            os.replace(tmp, name, src_dir_fd=self.fd, dst_dir_fd=self.fd)
        except BaseException as exc:  # an interrupt too: remove the temporary file, then go on unwinding
            try:
                os.unlink(tmp, dir_fd=self.fd)
            except OSError:
                pass
            if not isinstance(exc, OSError):
                raise
            return False
        return True

    def remove_stale_temporaries(self) -> None:
        """Remove our temporary files whose writer is gone (killed mid-write) or that are over an hour old."""
        now = time.time()
        try:
            entries = list(os.scandir(self.fd))
        except OSError:
            return
        for entry in entries:
            if not entry.name.startswith(_TMP):
                continue
            try:
                info = entry.stat(follow_symlinks=False)
                if info.st_uid != os.geteuid():
                    continue
                if _writer_alive(entry.name) and now - info.st_mtime < _STALE_SECONDS:
                    continue
                os.unlink(entry.name, dir_fd=self.fd)
            except OSError:
                continue


def _writer_alive(name: str) -> bool:
    pid_text = name[len(_TMP):].partition("-")[0]
    if not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return False  # this process is not writing while it sweeps
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, but is someone else's
    return True


def open_cache_dir(path: Path, *, create: bool) -> CacheDir | None:
    """``path`` opened and checked (see the module docstring), created first if ``create``; None if unsafe or absent."""
    if not SUPPORTED:
        return None
    try:
        if create:
            _make_dirs(path)
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode) and safe_mode(info):
            return CacheDir(path, fd)
    except OSError:
        pass
    os.close(fd)
    return None
