"""A cache of validated data, keyed by the content it was validated from.

Validating with Pydantic costs more than a lookup is allowed to take, so the
validated, plain form of a data directory is kept in the user's cache directory
under a key made from the YAML bytes and the msdmt version. A file is trusted
only if its header names the same key and the payload matches its checksum;
anything else — missing, truncated, corrupt, written for other data — is a miss
and the data is validated afresh. Failing to write a cache is never an error.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path

_MAGIC = b"msdmt-cache 1"


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
    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def _path(key_: str) -> Path | None:
    root = directory()
    return None if root is None else root / f"{key_[:32]}.json"


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
        data = json.loads(payload)
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write(key_: str, data: dict) -> None:
    path = _path(key_)
    if path is None:
        return
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
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
