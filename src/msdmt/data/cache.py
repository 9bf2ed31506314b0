"""A cache of validated data, keyed by the content it was validated from.

Validating with Pydantic costs more than a lookup is allowed to take, so the
validated, plain form of a data directory is kept in the user's cache directory
under a key made from the YAML bytes, the msdmt version, the source of every
module that shapes the validated data, the versions of the libraries that parse
and validate it, and the Python version (see ``msdmt.data.load``).

Where the cache lives, and which directories and files are trusted, is decided by
``msdmt.data.cachedir``: only a directory and files owned by the current user and
writable by no one else. Within such a file, the data is trusted only if its header
names the same key and the payload matches its SHA-256 checksum; anything else —
missing, truncated, corrupt, written for other data — is a miss and the data is
validated afresh. Failing to write a cache is never an error.

The payload is ``marshal``: it loads a 10,000-trial library twice as fast as
JSON. marshal is not meant for untrusted bytes, which is why only files that no
one else can have written are read, why nothing is decoded before the checksum
matches, and why the key includes the Python version (the format is
version-specific). Only plain dicts, lists, strings and numbers are stored, and
anything else read back is a miss.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from pathlib import Path
from typing import Any

from . import cachedir

_MAGIC = b"msdmt-cache 2"


def directory() -> Path | None:
    """Where caches go, or None when there is no cache (see ``cachedir.cache_root``)."""
    return cachedir.cache_root()


def key(*parts: bytes) -> str:
    digest = hashlib.sha256(f"{sys.version_info[:3]} marshal {marshal.version}".encode())
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def _name(key_: str) -> str:
    return f"{key_[:32]}.bin"


def read(key_: str) -> dict[str, Any] | None:
    """The cached data for ``key_``, or None on any kind of miss."""
    root = directory()
    if root is None:
        return None
    place = cachedir.open_cache_dir(root, create=False)
    if place is None:
        return None
    with place:
        blob = place.read(_name(key_))
    if blob is None:
        return None
    try:
        header, _, payload = blob.partition(b"\n")
        magic, _, rest = header.rpartition(b" ")
        stored_key, _, checksum = rest.partition(b":")
        if magic != _MAGIC or stored_key.decode() != key_:
            return None
        if hashlib.sha256(payload).hexdigest() != checksum.decode():
            return None
        data = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None
    return data if isinstance(data, dict) else None


def write(key_: str, data: dict[str, Any]) -> None:
    root = directory()
    if root is None:
        return
    payload = marshal.dumps(data)
    header = _MAGIC + b" " + f"{key_}:{hashlib.sha256(payload).hexdigest()}".encode()
    place = cachedir.open_cache_dir(root, create=True)
    if place is None:
        return  # an unsafe, read-only or uncreatable cache directory only costs speed
    with place:
        place.write(_name(key_), header + b"\n" + payload)
        place.remove_stale_temporaries()
