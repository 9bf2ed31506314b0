"""A cache of validated data, keyed by the content it was validated from.

Validating with Pydantic costs more than a lookup is allowed to take, so the
validated, plain form of a data directory is kept in the user's cache directory
under a key made from the YAML bytes, the msdmt version, the source of the
modules that shape the validated data, and the Python version.
A file is trusted only if its header names the same key and the payload matches
its SHA-256 checksum; anything else — missing, truncated, corrupt, written for
other data — is a miss and the data is validated afresh. Failing to write a
cache is never an error.

The payload is ``marshal``: it loads a 10,000-trial library twice as fast as
JSON. marshal is not meant for untrusted bytes, which is why nothing is decoded
before the checksum matches, and why the key includes the Python version (the
format is version-specific). Only plain dicts, lists, strings and numbers are
stored, and anything else read back is a miss.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from pathlib import Path

_MAGIC = b"msdmt-cache 2"


def directory() -> Path | None:
    """Where caches go, or None when caching is switched off (MSDMT_NO_CACHE)."""
    if os.environ.get("MSDMT_NO_CACHE", "") not in ("", "0"):
        return None
    explicit = os.environ.get("MSDMT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "msdmt" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "msdmt"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "msdmt"


def key(*parts: bytes) -> str:
    digest = hashlib.sha256(f"{sys.version_info[:3]} marshal {marshal.version}".encode())
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def _path(key_: str) -> Path | None:
    root = directory()
    return None if root is None else root / f"{key_[:32]}.bin"


def read(key_: str) -> dict | None:
    """The cached data for ``key_``, or None on any kind of miss."""
    path = _path(key_)
    if path is None:
        return None
    try:
        blob = path.read_bytes()
        header, _, payload = blob.partition(b"\n")
        magic, _, rest = header.rpartition(b" ")
        stored_key, _, checksum = rest.partition(b":")
        if magic != _MAGIC or stored_key.decode() != key_:
            return None
        if hashlib.sha256(payload).hexdigest() != checksum.decode():
            return None
        data = marshal.loads(payload)
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return data if isinstance(data, dict) else None


def write(key_: str, data: dict) -> None:
    path = _path(key_)
    if path is None:
        return
    payload = marshal.dumps(data)
    header = _MAGIC + b" " + f"{key_}:{hashlib.sha256(payload).hexdigest()}".encode()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(header + b"\n" + payload)
            os.replace(tmp, path)  # atomic: a reader never sees half a file
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass  # a read-only or full cache directory only costs speed
