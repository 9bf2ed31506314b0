"""A data directory of any size, validated and compiled into a store one file at a time.

A data directory holds ``sources.yaml``, ``therapies.yaml`` and ``trials.yaml``,
or for any of them a folder of the same name (``trials/``) of YAML files, each one
document of the same shape as the single file, read in name order. Every file
stays within the per-file limit, so a library of 100,000 trials is a hundred
files that diff cleanly. Directories stacked on the bundled data (``stack_layout``)
are one library: each kind's files, bundled first, then each directory's in order.

Compilation streams: a trials file is read, parsed, validated and written into
the store before the next is read, so peak memory is bounded by the largest
file, not by the library. What needs the whole library is kept as ids and names
only: uniqueness of trial ids and names across files, and references to trials
(an extension's parent, an adverse event's studies), checked at the end. The
rules and messages are those of a single file (``msdmt.data.load``,
``msdmt.data.validate``): every problem is ``FILE:LINE: path: message`` of the
file it is in, the first twenty by file and line, the rest counted.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from msdmt.errors import DataError

if TYPE_CHECKING:
    from .compiler import Compiler, Rows
    from .load import _Problems
    from .models import TrialsFile
    from .yamlsafe import Document, PathT

Json = dict[str, Any]
KINDS = ("sources", "therapies", "trials")


def data_files(root: Path, kind: str) -> list[Path]:
    """The files of ``kind`` in a data directory: ``KIND.yaml``, or the ``*.yaml`` files of ``KIND/`` in name order."""
    single, folder = root / f"{kind}.yaml", root / kind
    has_folder = folder.is_dir() and not folder.is_symlink()
    if os.path.lexists(single) and has_folder:
        raise DataError([f"{root}: holds both {kind}.yaml and a {kind}/ folder; keep one"])
    if has_folder:
        found = sorted(p for p in folder.iterdir() if p.suffix == ".yaml" and not p.name.startswith("."))
        if not found:
            raise DataError([f"{folder}: the folder holds no .yaml files"])
        return found
    return [single]


def layout(root: Path) -> dict[str, list[Path]]:
    return {kind: data_files(root, kind) for kind in KINDS}


def added_layout(root: Path) -> dict[str, list[Path]]:
    """The files of a directory added to others: any of the kinds, none for a kind it does not hold; a directory
    that holds none of them is an error."""
    held = [kind for kind in KINDS if os.path.lexists(root / f"{kind}.yaml") or os.path.lexists(root / kind)]
    if not held:
        raise DataError([f"{root}: holds no sources.yaml, therapies.yaml or trials.yaml (or folders of them)"])
    return {kind: data_files(root, kind) if kind in held else [] for kind in KINDS}


def stack_layout(roots: list[Path], bundled: Path | None) -> dict[str, list[Path]]:
    """The files of a stack of data directories, each kind's in stack order: the bundled data's (``bundled``,
    when given: every kind), then each of ``roots``'s (any of the kinds, not none).

    The stack as a whole holds every kind: one that no directory holds is looked for in the first directory
    (and not found there, as for a directory used alone).
    """
    files: dict[str, list[Path]] = {kind: [] for kind in KINDS}
    for each in ([layout(bundled)] if bundled is not None else []) + [added_layout(root) for root in roots]:
        for kind in KINDS:
            files[kind] += each[kind]
    for kind in KINDS:
        if not files[kind] and roots:
            files[kind] = [roots[0] / f"{kind}.yaml"]
    return files


def is_folder_layout(files: dict[str, list[Path]]) -> bool:
    return any(len(paths) != 1 or paths[0].parent.name == kind for kind, paths in files.items())


def fingerprint(files: dict[str, list[Path]]) -> bytes:
    """What the files look like from outside (path, size, inode, change and modification times), without reading
    them: a cheap key under which the content key of a large library is remembered."""
    parts = []
    for kind in KINDS:
        for path in files[kind]:
            try:
                info = os.stat(path)
            except OSError:
                return b""
            parts.append(f"{kind}\0{os.path.abspath(path)}\0{info.st_size}\0{info.st_dev}\0{info.st_ino}\0"
                         f"{info.st_mtime_ns}\0{info.st_ctime_ns}")
    return "\n".join(parts).encode("utf-8", "surrogateescape")


def newest_change(files: dict[str, list[Path]]) -> float:
    """The latest change time of any file (a fingerprint recorded within seconds of it is not trusted)."""
    newest = 0.0
    for paths in files.values():
        for path in paths:
            try:
                info = os.stat(path)
            except OSError:
                return float("inf")
            newest = max(newest, info.st_ctime, info.st_mtime)
    return newest


class _Deferred(set[str]):
    """Stands for 'every trial id' while trials are checked one file at a time: any id is taken as known (the
    references are checked once every file is read)."""

    def __contains__(self, item: object) -> bool:
        return True


def _shown_in(document: Document) -> Callable[[str, PathT, float], str]:
    """A number of this file as it was written (what the checks quote)."""

    def shown(_file: str, where: PathT, value: float) -> str:
        return document.shown(where, value)

    return shown


class Streaming:
    """Read, validate and compile the files of a data directory one at a time into ``compiler``."""

    def __init__(self, compiler: Compiler) -> None:
        from .load import _Problems

        self.compiler = compiler
        # Problems by stage, as a single file reports them: those of parsing, else those of the models, else
        # those of the checks across records (a later stage is not reported while an earlier one has problems).
        self.parsing: _Problems = _Problems()
        self.models: _Problems = _Problems()
        self.checks: _Problems = _Problems()
        self.index = 0  # files read so far: problems are ordered by file, then line
        self.trial_ids: set[str] = set()
        self.reports: dict[tuple[str, str], str] = {}  # (trial id, source) -> FILE:LINE of its first record
        self.taken: dict[str, PathT] = {}  # trial name keys -> owner path, across files
        self.pending: list[tuple[str, int, Path, Document | None, PathT, int]] = []  # references to check at the end
        self.source_ids: dict[str, str] = {}  # id -> type
        self.therapy_ids: set[str] = set()
        self.therapies_done = False  # the therapies are valid and compiled: trials can be checked against them

    def _parse(self, path: Path, kind: str) -> Document | None:
        from . import load, yamlsafe
        from .models import FILE_MODELS

        index = self.index
        problems = self.parsing

        def report(line: int, where: PathT, message: str) -> None:
            problems.add(index, line, f"{path}:{line}: {load._path_text(where)}: {message}")

        _, blob = load._read_path(path)
        before = problems.count
        document = yamlsafe.parse(load._decode(path, blob), str(path), frozenset(FILE_MODELS[kind][1]), report)
        return document if problems.count == before else None

    def _add(self, index: int, path: Path, document: Document | None, where: PathT, message: str,
             line: int | None = None) -> None:
        from . import load

        if line is None:
            line = document.line(where) if document is not None else 1
        self.checks.add(index, line, f"{path}:{line}: {load._path_text(where)}: {message}")

    def _models(self, kind: str, paths: list[Path]) -> list[tuple[int, Path, Document, Any]]:
        """The valid models of the files of one kind, with their file index and document."""
        from . import load
        from .models import FILE_MODELS

        model, records = FILE_MODELS[kind]
        parts: list[tuple[int, Path, Document, Any]] = []
        for path in paths:
            index = self.index
            self.index += 1
            document = self._parse(path, kind)
            if document is None:
                continue
            before = self.models.count
            m = load._validate_file(self.models, index, path, document, model, records)
            if m is not None and self.models.count == before:
                parts.append((index, path, document, m))
        return parts

    def references(self, source_paths: list[Path], therapy_paths: list[Path]) -> None:
        """The sources and therapies, checked together (a library has far fewer of them than trials)."""
        from . import validate
        from .models import SourcesFile, TherapiesFile, TrialsFile
        from .sourcing import fill_therapy

        source_parts = self._models("sources", source_paths)
        parts = self._models("therapies", therapy_paths)
        if self.parsing.count or self.models.count or not parts or not source_parts:
            return  # the trials are still read, for their own parsing and model problems
        # One model of each kind, so that ids and names are checked across files; paths into them are mapped
        # back to their file. References to trials wait for the trials.
        spans: dict[str, list[tuple[str, int, int, Path, Document]]] = {}  # file kind -> (list, start, …)
        lists: dict[str, list[Any]] = {"sources": [], "therapies": [], "facts": []}
        for kind, found in (("sources", source_parts), ("therapies", parts)):
            for index, path, document, m in found:
                for name in (("sources",) if kind == "sources" else ("therapies", "facts")):
                    spans.setdefault(kind, []).append((name, len(lists[name]), index, path, document))
                    lists[name] += getattr(m, name)
        sources = SourcesFile.model_construct(schema_version=1, sources=lists["sources"])
        whole = TherapiesFile.model_construct(schema_version=1, facts=lists["facts"], therapies=lists["therapies"])

        def local(kind: str, where: PathT) -> tuple[int, Path, Document, PathT]:
            if len(where) >= 2 and isinstance(where[1], int):
                for name, start, index, path, document in reversed(spans[kind]):
                    if name == where[0] and where[1] >= start:
                        return index, path, document, (where[0], where[1] - start, *where[2:])
            _, _, index, path, document = spans[kind][0]
            return index, path, document, where[:1]

        def shown(kind: str, where: PathT, value: float) -> str:
            return local(kind, where)[2].shown(local(kind, where)[3], value)

        empty = TrialsFile.model_construct(schema_version=1, trials=[])
        for kind, where, message in validate.check(sources, whole, empty, shown):
            if kind == "therapies" and where[-2:-1] == ("studies",):
                continue  # an adverse event's trials: checked once every trials file is read
            index, path, document, at = local(kind, where)
            self._add(index, path, document, at, message)
        for i, t in enumerate(whole.therapies):
            for k, ae in enumerate(t.adverse_events):
                for j, study in enumerate(ae.studies):
                    index, path, document, at = local("therapies", ("therapies", i, "adverse_events", k, "studies", j))
                    self.pending.append((study, index, path, document, at, document.line(at)))
        self.source_ids = {s.id: s.type for s in sources.sources}
        self.therapy_ids = {t.id for t in whole.therapies}
        self.therapies_done = True
        if not self.checks.count:
            self.compiler.add_sources([s.model_dump(mode="json") for s in sources.sources],
                                      [f.model_dump(mode="json") for f in whole.facts])
            self.compiler.add_therapies(fill_therapy(t.model_dump(mode="json")) for t in whole.therapies)

    def trials(self, paths: list[Path]) -> None:
        """Each trials file: parsed, validated and made into rows (in worker processes when there are several
        files and processors), then, in file order, checked against what came before and compiled."""
        context = Context(dict(self.source_ids), frozenset(self.therapy_ids), self.compiler.therapy_names,
                          self.therapies_done)
        jobs = [(self.index + k, path) for k, path in enumerate(paths)]
        self.index += len(paths)
        for result in _results(jobs, context):
            self._take(result)

    def _take(self, r: FileResult) -> None:
        from . import validate

        for stage, (entries, count) in ((self.parsing, r.parsing), (self.models, r.models), (self.checks, r.checks)):
            stage.merge(entries, count)
        lines: dict[PathT, int] = {}
        for tid, source, id_line, names, parent in r.trials:
            base: PathT = names[0][0][:2]
            # Another source's record of a trial is another report of it; the same source's twice is an error.
            if (tid, source) in self.reports:
                first = self.reports[(tid, source)]
                self._add(r.file_index, r.path, None, base + ("id",),
                          f"duplicate trial id {tid!r} from source {source!r} (first at {first}); another report "
                          "of a trial needs another source", id_line)
            self.reports.setdefault((tid, source), f"{r.path}:{id_line}")
            self.trial_ids.add(tid)
            if parent is not None:
                self.pending.append((parent[0], r.file_index, r.path, None, base + ("parent",), parent[1]))
            lines.update((where, line) for where, _, line in names)
            for where, message in validate._names((tid,), [(w, n) for w, n, _ in names], self.taken, "trial"):
                self._add(r.file_index, r.path, None, where, message, lines.get(where, 1))
        if r.rows is not None and not (self.parsing.count or self.models.count or self.checks.count):
            self.compiler.add_rows(r.rows, len(r.trials), r.endpoints)

    def finish(self) -> None:
        from msdmt.data.textrules import quote

        self.parsing.raise_if_any()
        self.models.raise_if_any()
        for wanted, index, path, _, where, line in self.pending:
            if wanted not in self.trial_ids:
                self._add(index, path, None, where, f"unknown trial {quote(wanted)}", line)
        self.checks.raise_if_any()


def compile_library(files: dict[str, list[Path]], compiler: Compiler) -> None:
    """Validate the files of a data directory one at a time into ``compiler``; DataError with the problems."""
    run = Streaming(compiler)
    run.references(files["sources"], files["therapies"])
    run.trials(files["trials"])
    run.finish()


class Context(NamedTuple):
    """What checking a trials file needs from the therapies (sent once to each worker process)."""

    source_ids: dict[str, str]  # id -> type
    therapy_ids: frozenset[str]
    therapy_names: dict[str, str]
    checked: bool  # the therapies are valid: trials can be checked against them


Kept = tuple[list[tuple[int, int, str]], int]  # problems kept (file index, line, text), and how many there were


class FileResult(NamedTuple):
    file_index: int
    path: Path
    parsing: Kept
    models: Kept
    checks: Kept
    # id, source, line, names, parent
    trials: list[tuple[str, str, int, list[tuple[PathT, str, int]], tuple[str, int] | None]]
    rows: Rows | None  # the file's rows for the store, when the file has no problem
    endpoints: int


FILE_SHIFT = 24  # a trial's order is (file index << FILE_SHIFT) | its place in the file: data order, without gaps


def check_trials_file(index: int, path: Path, context: Context) -> FileResult:
    """One trials file: parsed, validated, each trial checked on its own, made into rows (a pure function, run in
    a worker process for a library of many files)."""
    from . import load, validate, yamlsafe
    from .compiler import trial_rows
    from .models import FILE_MODELS
    from .sourcing import fill_trial

    parsing, models, checks = load._Problems(), load._Problems(), load._Problems()

    def done(trials: list[Any] | None = None, rows: Rows | None = None, endpoints: int = 0) -> FileResult:
        return FileResult(index, path, (parsing.entries(), parsing.count), (models.entries(), models.count),
                          (checks.entries(), checks.count), trials or [], rows, endpoints)

    def report(line: int, where: PathT, message: str) -> None:
        parsing.add(index, line, f"{path}:{line}: {load._path_text(where)}: {message}")

    model, records = FILE_MODELS["trials"]
    _, blob = load._read_path(path)
    document = yamlsafe.parse(load._decode(path, blob), str(path), frozenset(records), report)
    del blob
    if parsing.count:
        return done()
    m = cast("TrialsFile | None", load._validate_file(models, index, path, document, model, records))
    if m is None or models.count:
        return done()
    checker = validate._Checker(_shown_in(document))
    checker.file = "trials"
    known = _Deferred()
    trials = []
    sources, therapies = dict(context.source_ids), set(context.therapy_ids)
    for i, t in enumerate(m.trials):
        base: PathT = ("trials", i)
        if context.checked:
            for where, message in checker.trial(t, base, sources, therapies, known):
                line = document.line(where)
                checks.add(index, line, f"{path}:{line}: {load._path_text(where)}: {message}")
        names = [(base + ("id",), t.id), (base + ("name",), t.name)]
        names += [(base + ("aliases", k), a) for k, a in enumerate(t.aliases)]
        parent = (t.parent, document.line(base + ("parent",))) if t.parent is not None else None
        trials.append((t.id, t.source, document.line(base + ("id",)), [(w, n, document.line(w)) for w, n in names],
                       parent))
    if checks.count or not context.checked:
        return done(trials)
    rows: Rows = {}
    endpoints = 0
    for i, t in enumerate(m.trials):
        dumped = fill_trial(t.model_dump(mode="json"))
        endpoints += len(dumped["endpoints"])
        for table, items in trial_rows(dumped, (index << FILE_SHIFT) | i, context.therapy_names).items():
            rows.setdefault(table, []).extend(items)
    return done(trials, rows, endpoints)


_CONTEXT: Context | None = None


def _start_worker(context: Context) -> None:
    global _CONTEXT
    _CONTEXT = context


def _in_worker(index: int, path: Path) -> FileResult:
    assert _CONTEXT is not None
    return check_trials_file(index, path, _CONTEXT)


def workers_for(files: int) -> int:
    """Worker processes for a library of ``files`` trials files: one per processor (at most 8), none for one file."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return min(cpus, 8, files) if files > 1 and cpus > 1 else 0


def _results(jobs: list[tuple[int, Path]], context: Context) -> Iterator[FileResult]:
    """The results of the jobs in order; at most a few files are in flight at once (memory stays bounded)."""
    n = workers_for(len(jobs))
    if n == 0:
        for index, path in jobs:
            yield check_trials_file(index, path, context)
        return
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    pool = ProcessPoolExecutor(n, mp_context=multiprocessing.get_context(method), initializer=_start_worker,
                               initargs=(context,))
    pending: list[Future[FileResult]] = []
    try:
        queue = iter(jobs)
        for index, path in queue:
            pending.append(pool.submit(_in_worker, index, path))
            if len(pending) >= 2 * n:
                break
        while pending:
            result = pending.pop(0).result()
            for index, path in queue:
                pending.append(pool.submit(_in_worker, index, path))
                break
            yield result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
