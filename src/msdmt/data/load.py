"""Load a data directory: read, bound, parse, validate, cross-check, cache.

The result is plain data (dicts and lists, the models' JSON form) that the query
layer works on. Every error, whatever its stage, becomes ``FILE:LINE: path:
message``. Validation runs once per content: later runs read the cache and
import neither yaml nor pydantic.
"""

from __future__ import annotations

import os
from pathlib import Path

from msdmt import __version__
from msdmt.errors import DataError

from . import cache

FILES = ("therapies", "trials")
MAX_BYTES = 64 * 1024 * 1024  # per file; a 10,000-trial library is about a third of this
_FORMAT = b"msdmt-data 3"


def bundled_dir() -> Path:
    """The data shipped with msdmt: inside the wheel, or the repository's data/ when run from source."""
    from importlib.resources import files

    packaged = files("msdmt.data") / "bundled"
    if packaged.joinpath("therapies.yaml").is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "data"


def _read(directory: Path, name: str) -> tuple[Path, bytes]:
    path = directory / f"{name}.yaml"
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DataError([f"{path}:1: file is larger than the {MAX_BYTES // 2**20} MiB limit ({size} bytes)"])
        data = path.read_bytes()
    except FileNotFoundError:
        raise DataError([f"{path}: file not found"]) from None
    except IsADirectoryError:
        raise DataError([f"{path}: is a directory, not a file"]) from None
    except OSError as exc:
        raise DataError([f"{path}: cannot read: {exc.strerror}"]) from None
    return path, data


def _decode(path: Path, data: bytes) -> str:
    if not data.strip():
        raise DataError([f"{path}:1: file is empty"])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataError([f"{path}:{line}: invalid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"]) from None


def _path_text(path: tuple) -> str:
    return ".".join(str(part) for part in path) or "(document)"


def _line(lines: dict[tuple, int], path: tuple) -> int:
    for end in range(len(path), -1, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return 1


def _data_path(document: object, loc: tuple) -> tuple:
    """The part of a Pydantic error location that exists in the data (drops union member names)."""
    out: list = []
    node = document
    for part in loc:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str):
            out.append(part)  # a missing or unknown field: name it
            break
        else:
            break
        out.append(part)
    return tuple(out)


def _validate(parsed: dict[str, tuple[Path, object, dict]]) -> dict:
    from pydantic import ValidationError

    from . import validate
    from .models import TherapiesFile, TrialsFile

    problems: list[str] = []
    models = {}
    for name, model in (("therapies", TherapiesFile), ("trials", TrialsFile)):
        path, document, lines = parsed[name]
        try:
            models[name] = model.model_validate(document)
        except ValidationError as exc:
            seen = set()
            for err in exc.errors(include_url=False):
                where = _data_path(document, err["loc"])
                if where in seen:
                    continue  # one message per field (unions report once per member)
                seen.add(where)
                msg = err["msg"].removeprefix("Value error, ")
                problems.append(f"{path}:{_line(lines, where)}: {_path_text(where)}: {msg}")
    if problems:
        raise DataError(problems)
    for name, where, msg in validate.check(models["therapies"], models["trials"]):
        path, _, lines = parsed[name]
        problems.append(f"{path}:{_line(lines, where)}: {_path_text(where)}: {msg}")
    if problems:
        raise DataError(problems)
    from .text import search_blob

    therapies = models["therapies"].model_dump(mode="json")
    trials = models["trials"].model_dump(mode="json")["trials"]
    return {
        "sources": therapies["sources"],
        "facts": therapies["facts"],
        "therapies": therapies["therapies"],
        "trials": trials,
        # Folded text per record, so that a warm search scans strings instead of walking records.
        "search": {"therapies": [search_blob(t) for t in therapies["therapies"]],
                   "trials": [search_blob(t) for t in trials]},
    }


def _code_fingerprint() -> bytes:
    """Every module that shapes validated data (all of msdmt.data): a change to any makes old caches stale."""
    here = Path(__file__).resolve().parent
    names = sorted(name for name in os.listdir(here) if name.endswith(".py"))
    return b"".join(name.encode() + b"\0" + (here / name).read_bytes() for name in names)


# The libraries that parse and validate the data, and the distributions that install them.
_LIBRARIES = (("yaml", "pyyaml"), ("pydantic", "pydantic"), ("pydantic_core", "pydantic_core"))


def _library_fingerprint() -> bytes:
    """The installed versions of PyYAML, pydantic and pydantic-core, found without importing them.

    A warm run must not import yaml or pydantic, and importlib.metadata costs milliseconds, so
    this reads the file system only (about 0.3 ms): ``importlib.util.find_spec`` locates each
    top-level package without importing it; the ``*.dist-info`` directory names beside it carry
    the installed version ("pydantic-2.14.4.dist-info"); and the names, sizes and modification
    times of the package's ``__init__.py`` and compiled extensions (PyYAML's optional C parser,
    pydantic-core's validator) change with any reinstall or rebuild, even of the same version.
    """
    from importlib.util import find_spec

    parts: list[str] = []
    listings: dict[str, list[str]] = {}
    for module, distribution in _LIBRARIES:
        try:
            spec = find_spec(module)
        except (ImportError, ValueError):
            spec = None
        if spec is None or not spec.origin or not spec.submodule_search_locations:
            parts.append(f"{module}: not found")
            continue
        package = os.path.dirname(spec.origin)
        site = os.path.dirname(package)
        try:
            if site not in listings:
                listings[site] = os.listdir(site)
            files = [spec.origin] + [os.path.join(package, n) for n in sorted(os.listdir(package))
                                     if n.endswith((".so", ".pyd"))]
            parts += [f"{module}: {f} {s.st_size} {s.st_mtime_ns}" for f in files for s in (os.stat(f),)]
        except OSError:
            parts.append(f"{module}: {spec.origin} unreadable")
            continue
        prefix = distribution + "-"
        parts += sorted(n for n in listings[site] if n.lower().startswith(prefix) and n.endswith((".dist-info", ".egg-info")))
    return "\n".join(parts).encode()


def cache_key(raw: dict[str, tuple[Path, bytes]]) -> str:
    """The cache key of data files read by ``_read``: their bytes, and everything that shapes their validated form."""
    return cache.key(_FORMAT, __version__.encode(), _code_fingerprint(), _library_fingerprint(),
                     *(raw[name][1] for name in FILES))


def load(directory: str | os.PathLike | None = None, *, use_cache: bool = True) -> dict:
    """Validated data of ``directory`` (the bundled data when None)."""
    bundled = directory is None
    root = bundled_dir() if bundled else Path(directory)
    if not bundled and not root.is_dir():
        raise DataError([f"{root}: {'is a file, not a data directory' if root.exists() else 'data directory not found'}"])
    raw = {name: _read(root, name) for name in FILES}
    key = cache_key(raw) if use_cache else ""
    data = cache.read(key) if use_cache else None
    if data is None:
        from . import yamlsafe

        parsed = {}
        for name in FILES:
            path, blob = raw[name]
            document, lines = yamlsafe.parse(_decode(path, blob), str(path))
            if not isinstance(document, dict):
                raise DataError([f"{path}:1: (document): the top level must be a mapping"])
            parsed[name] = (path, document, lines)
        data = _validate(parsed)
        if use_cache:
            cache.write(key, data)
    data["meta"] = {"data_dir": str(root), "bundled": bundled}
    return data
