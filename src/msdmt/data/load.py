"""Load a data directory: read, bound, parse, validate, cross-check, compile.

A data directory holds therapies.yaml or a therapies/ folder, and trials.yaml or
a trials/ folder (``msdmt.data.library``). The data in use is a stack (``stack``):
the bundled data, unless left out, then the directories added, in order, whose
files are joined kind by kind and validated and compiled as one library (a
directory added may hold any of the kinds). ``open_store`` gives the compiled store
the lookups read (``msdmt.data.store``), from the cache directory when one for this
content checks out (``msdmt.data.storefile``); ``load`` gives the whole data as
plain data (dicts and lists, the models' JSON form). Every error, whatever its
stage, becomes ``FILE:LINE: path: message``; at most ``MAX_SHOWN`` are kept (the
first by file and line) and the rest are counted. Validation runs once per
content: later runs read the store and import neither yaml nor pydantic.
"""

from __future__ import annotations

import heapq
import os
import stat
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from msdmt import __version__
from msdmt.errors import MAX_SHOWN, DataError

from . import cache

if TYPE_CHECKING:
    import sqlite3

    from pydantic import BaseModel, ValidationError

    from .store import Store
    from .yamlsafe import Document, PathT

FILES = ("sources", "therapies", "trials")
MAX_BYTES = 64 * 1024 * 1024  # per file; a 10,000-trial library is about a third of this
_FORMAT = b"msdmt-data 3"
_KINDS = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"))


def bundled_dir() -> Path:
    """The data shipped with msdmt: inside the wheel, or the repository's data/ when run from source."""
    here = Path(__file__).resolve().parent
    if (here / "bundled" / "therapies.yaml").is_file():  # an installed wheel (without importlib.resources: ~10 ms)
        return here / "bundled"
    if here.is_dir():  # on the file system, without bundled data: the repository's data/
        return here.parents[2] / "data"
    from importlib.resources import files  # a package inside an archive

    packaged = files("msdmt.data") / "bundled"
    if packaged.joinpath("therapies.yaml").is_file():
        return Path(str(packaged))
    return here.parents[2] / "data"


def _size_text(size: int) -> str:
    return f"{size // 2**20} MiB" if size % 2**20 == 0 else f"{size:,} bytes"


def _not_regular(path: Path, mode: int) -> DataError:
    if stat.S_ISDIR(mode):
        return DataError([f"{path}: is a directory, not a file"])
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    return DataError([f"{path}: is {kind}, not a regular file"])


def _read(directory: Path, name: str) -> tuple[Path, bytes]:
    """The bytes of ``directory/name.yaml`` (see ``_read_path``)."""
    return _read_path(directory / f"{name}.yaml")


def _read_path(path: Path) -> tuple[Path, bytes]:
    """The bytes of a data file: a regular file only, and never more than MAX_BYTES.

    The type is checked before the file is opened (a FIFO or a device is never opened for reading)
    and again on the open descriptor; the file is opened non-blocking, and the byte cap holds
    whatever size the file reports (a file in /proc reports 0, a growing file more than it had).
    """
    limit = _size_text(MAX_BYTES)
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise _not_regular(path, info.st_mode)
        if info.st_size > MAX_BYTES:
            raise DataError([f"{path}:1: file is larger than the {limit} limit ({info.st_size:,} bytes)"])
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):  # replaced between stat and open
                raise _not_regular(path, info.st_mode)
            chunks: list[bytes] = []
            total = 0
            want = min(info.st_size, MAX_BYTES) + 1  # one read for a file that is as large as it says
            while chunk := os.read(fd, want):
                chunks.append(chunk)
                total += len(chunk)
                if total > MAX_BYTES:
                    raise DataError([f"{path}:1: file is larger than the {limit} limit (more than "
                                     f"{MAX_BYTES:,} bytes read)"])
                want = min(MAX_BYTES + 1 - total, 1 << 20) or 1
        finally:
            os.close(fd)
    except FileNotFoundError:
        raise DataError([f"{path}: file not found"]) from None
    except IsADirectoryError:
        raise DataError([f"{path}: is a directory, not a file"]) from None
    except OSError as exc:
        raise DataError([f"{path}: cannot read: {exc.strerror}"]) from None
    return path, b"".join(chunks)


def _decode(path: Path, data: bytes) -> str:
    if not data.strip():
        raise DataError([f"{path}:1: file is empty"])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataError([f"{path}:{line}: invalid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"]) from None


def _part(part: object) -> str:
    text = str(part)
    return text if len(text) <= 40 else f"{text[:40]}…"  # a key from the data can be of any length


def _path_text(path: tuple[Any, ...]) -> str:
    return ".".join(_part(part) for part in path) or "(document)"


def _data_path(document: object, loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """The part of a Pydantic error location that exists in the data (drops union member names)."""
    out: list[Any] = []
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


class _Problems:
    """Problem lines in (file, line) order, keeping only the first MAX_SHOWN and counting the rest,
    so that a file with millions of problems costs no more memory than one with twenty."""

    def __init__(self) -> None:
        self.count = 0
        self._kept: list[tuple[tuple[int, int, int], str]] = []  # max-heap by (file, line, arrival), negated

    def would_keep(self, file_index: int, line: int) -> bool:
        """Whether a problem at this place would be among those kept (one that comes later need not be formatted)."""
        return len(self._kept) < MAX_SHOWN or (file_index, line) < (-self._kept[0][0][0], -self._kept[0][0][1])

    def add(self, file_index: int, line: int, text: str) -> None:
        self.count += 1
        item = ((-file_index, -line, -self.count), text)
        if len(self._kept) < MAX_SHOWN:
            heapq.heappush(self._kept, item)
        elif item[0] > self._kept[0][0]:
            heapq.heapreplace(self._kept, item)

    def entries(self) -> list[tuple[int, int, str]]:
        """The problems kept, as (file index, line, text) in file and line order."""
        return [(-key[0], -key[1], text) for key, text in sorted(self._kept, reverse=True)]

    def merge(self, entries: list[tuple[int, int, str]], count: int) -> None:
        """Add the problems another collector kept (``entries``) and counted (``count``)."""
        for index, line, text in entries:
            self.add(index, line, text)
        self.count += count - len(entries)

    def raise_if_any(self) -> None:
        if self.count:
            raise DataError([text for _, text in sorted(self._kept, reverse=True)], total=self.count)


def _report(problems: _Problems, index: int, path: Path, document: Document, exc: ValidationError,
            prefix: PathT, node: object, skip: frozenset[tuple[Any, ...]] = frozenset()) -> None:
    seen = set()
    # Problems are kept in file order, and a record's problems lie at or after its first line: once
    # twenty earlier ones are kept, a record's problems are only counted.
    count_only = bool(prefix) and not problems.would_keep(index, document.line(prefix))
    for err in exc.errors(include_url=False):
        if err["type"] == "too_short" and tuple(err["loc"]) in skip:
            continue
        where = prefix + _data_path(node, tuple(err["loc"]))
        if where in seen:
            continue  # one message per field (unions report once per member)
        seen.add(where)
        if count_only:
            problems.count += 1
            continue
        line = document.line(where)
        msg = err["msg"].removeprefix("Value error, ")
        problems.add(index, line, f"{path}:{line}: {_path_text(where)}: {msg}")


def _validate_file(problems: _Problems, index: int, path: Path, document: Document, model: type[BaseModel],
                   records: dict[str, type[BaseModel]]) -> BaseModel | None:
    """The file's model, validating one record at a time so that the errors held at once are one record's."""
    from pydantic import ValidationError

    fields = dict(document.data)
    failed: set[tuple[Any, ...]] = set()
    for key, record_model in records.items():
        items = fields.get(key)
        if not isinstance(items, list):
            continue
        valid = []
        for i, item in enumerate(items):
            try:
                valid.append(record_model.model_validate(item))
            except ValidationError as exc:
                failed.add((key,))
                _report(problems, index, path, document, exc, (key, i), item)
        fields[key] = valid  # validated records pass the file model's strict check as they are
    try:
        return model.model_validate(fields)
    except ValidationError as exc:
        # A list shortened by its invalid records is not also "too short".
        _report(problems, index, path, document, exc, (), document.data, skip=frozenset(failed))
        return None


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


def store_key(files: dict[str, list[Path]]) -> str:
    """The content key of a data directory's files: their names and bytes, and everything that shapes their
    compiled form (msdmt's version, every data module, the parsing and validating libraries)."""
    parts = [_FORMAT, __version__.encode(), _code_fingerprint(), _library_fingerprint()]
    for kind in FILES:
        for path in files[kind]:
            parts += [kind.encode(), path.name.encode("utf-8", "surrogateescape"), _read_path(path)[1]]
    return cache.key(*parts)


PathArg = str | os.PathLike[str]
DataDirs = PathArg | Sequence[PathArg] | None  # one directory or several, in stack order


def _directories(data_dirs: DataDirs) -> list[Path]:
    if data_dirs is None:
        return []
    if isinstance(data_dirs, (str, os.PathLike)):
        return [Path(data_dirs)]
    return [Path(d) for d in data_dirs]


def _checked(root: Path) -> os.stat_result:
    """The directory's own facts; DataError when it is not a directory that can be used."""
    try:
        is_dir, exists = root.is_dir(), root.exists()
        info = os.stat(root) if is_dir else None
    except OSError as exc:  # a name too long for the system, or a loop of symlinks
        from .textrules import quote

        raise DataError([f"{quote(str(root))}: cannot use as a data directory: {exc.strerror}"]) from None
    if info is None:
        raise DataError([f"{root}: {'is a file, not a data directory' if exists else 'data directory not found'}"])
    return info


class Stack(NamedTuple):
    """The data directories in use, in order: the bundled data (when ``bundled``), then ``roots``."""

    roots: list[Path]
    bundled: bool

    @property
    def meta(self) -> dict[str, Any]:
        """Where the data comes from: the directories added (as given) and whether the bundled data is in."""
        return {"data_dirs": [str(root) for root in self.roots], "bundled": self.bundled}

    def files(self) -> dict[str, list[Path]]:
        """Every data file of the stack, by kind, bundled first (``msdmt.data.library.stack_layout``)."""
        from .library import stack_layout

        return stack_layout(self.roots, bundled_dir() if self.bundled else None)


def stack(data_dirs: DataDirs = None, *, bundled: bool = True) -> Stack:
    """The stack of the bundled data (unless not ``bundled``) and ``data_dirs`` in order, each checked to be a
    directory, none twice. UsageError when there is no data at all (no directory and not ``bundled``)."""
    roots = _directories(data_dirs)
    if not roots and not bundled:
        from msdmt.errors import UsageError

        raise UsageError("no data: no data directory, and the bundled data left out")
    seen: dict[tuple[int, int], str] = {}  # (device, inode) -> the directory as first given
    if bundled and roots:
        try:
            info = os.stat(bundled_dir())
            seen[(info.st_dev, info.st_ino)] = "the bundled data"
        except OSError:  # bundled data inside an archive
            pass
    for root in roots:
        info = _checked(root)
        first = seen.get((info.st_dev, info.st_ino))
        if first is not None:
            raise DataError([f"{root}: already in the stack" + ("" if first == str(root) else f" (as {first})")])
        seen[(info.st_dev, info.st_ino)] = str(root)
    return Stack(roots, bundled)


def _build(files: dict[str, list[Path]]) -> Callable[[sqlite3.Connection, str], None]:
    """Compile the files of a data directory, one at a time, into a database (``msdmt.data.library``)."""

    def build(db: sqlite3.Connection, key: str) -> None:
        from .compiler import Compiler
        from .library import compile_library

        with db:
            compiler = Compiler(db)
            compile_library(files, compiler)
            compiler.finish(key, __version__)

    return build


def _salt() -> bytes:
    """What the fingerprint of a large library is remembered with: everything but the data in its key."""
    return _FORMAT + __version__.encode() + _code_fingerprint() + _library_fingerprint()


def open_store(data_dirs: DataDirs = None, *, bundled: bool = True, afresh: bool = False
               ) -> tuple[Store, Callable[[], Store], dict[str, Any]]:
    """The compiled store of the bundled data (unless not ``bundled``) with ``data_dirs`` (one directory or
    several) added in order: from the cache when one for this content checks out (unless ``afresh``), else
    validated and compiled (into the cache, or into memory when there is none); a way to compile it afresh
    (for a store found corrupt while read); and where it comes from (``data_dirs``, ``bundled``)."""
    from . import storefile
    from .library import fingerprint, newest_change

    used = stack(data_dirs, bundled=bundled)
    files = used.files()
    paths = [p for kind in FILES for p in files[kind]]
    found, again = storefile.open_or_compile(storefile.total_size(paths), lambda: fingerprint(files),
                                             lambda: newest_change(files), lambda: store_key(files), _salt,
                                             _build(files), afresh)
    return found, again, used.meta


def load(data_dirs: DataDirs = None, *, bundled: bool = True, use_cache: bool = True) -> dict[str, Any]:
    """Validated data of the bundled data (unless not ``bundled``) with ``data_dirs`` added, whole, as plain
    data; ``load()`` is the bundled data alone.

    With ``use_cache`` it is read from the compiled store (compiled first when there is none for this
    content); without, the files are validated afresh.
    """
    if use_cache:
        from .store import CorruptStore

        found, afresh, meta = open_store(data_dirs, bundled=bundled)
        try:
            whole = found.load_all()
        except CorruptStore:  # a miss: compiled afresh
            whole = afresh().load_all()
        return whole | {"meta": meta}
    from . import storefile

    used = stack(data_dirs, bundled=bundled)
    files = used.files()
    # The same validation, file by file, as the compiled store's (so that validate and the lookups agree).
    data = storefile.in_memory(lambda db: _build(files)(db, "")).load_all()
    data["meta"] = used.meta
    return data
