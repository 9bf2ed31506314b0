"""A data directory of any size, compiled into a store one file at a time.

A data directory holds ``therapies.yaml`` or a ``therapies/`` folder of YAML
files, and ``trials.yaml`` or a ``trials/`` folder (each file one document of the
same shape as the single file; files are read in name order). Every file stays
within the per-file limit, so a library of 100,000 trials is a hundred files
that diff cleanly. Each file of a ``therapies/`` folder carries the ``sources``
block; a source given in several files must be the same in each.

Compilation streams: a file is read, parsed, validated and written into the
store before the next is read, so peak memory is bounded by the largest file,
not by the library. What needs the whole library is kept as ids and names
only: uniqueness of ids and names across files, and references to trials
(an extension's parent, an adverse event's studies), checked at the end.
Every problem is reported as ``FILE:LINE: path: message`` of the file it is in.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

from msdmt.errors import DataError

Json = dict[str, Any]
KINDS = ("therapies", "trials")
MAX_PROBLEMS = 200  # a broken library is reported in full up to this many lines


def data_files(root: Path, kind: str) -> list[Path]:
    """The files of ``kind`` in a data directory: ``KIND.yaml``, or the ``*.yaml`` files of ``KIND/`` in name order."""
    single, folder = root / f"{kind}.yaml", root / kind
    has_single, has_folder = single.exists(), folder.is_dir()
    if has_single and has_folder:
        raise DataError([f"{root}: holds both {kind}.yaml and a {kind}/ folder; keep one"])
    if has_folder:
        found = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and not p.name.startswith("."))
        if not found:
            raise DataError([f"{folder}: the folder holds no .yaml files"])
        return found
    if not has_single:
        raise DataError([f"{single}: file not found"])
    return [single]


def layout(root: Path) -> dict[str, list[Path]]:
    return {kind: data_files(root, kind) for kind in KINDS}


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
            parts.append(f"{kind}\0{path.resolve()}\0{info.st_size}\0{info.st_dev}\0{info.st_ino}\0"
                         f"{info.st_mtime_ns}\0{info.st_ctime_ns}")
    return "\n".join(parts).encode("utf-8", "surrogateescape")


def newest_change(files: dict[str, list[Path]]) -> float:
    """The latest change time of any file (a fingerprint recorded within a second of it is not trusted)."""
    newest = 0.0
    for paths in files.values():
        for path in paths:
            try:
                info = os.stat(path)
            except OSError:
                return float("inf")
            newest = max(newest, info.st_ctime, info.st_mtime)
    return newest


def read_file(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes."""
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise DataError([f"{path}: is not a regular file"])
            if info.st_size > limit:
                raise DataError([f"{path}:1: file is larger than the {limit // 2**20} MiB limit ({info.st_size} bytes)"])
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise DataError([f"{path}: file not found"]) from None
    except IsADirectoryError:
        raise DataError([f"{path}: is a directory, not a file"]) from None
    except OSError as exc:
        raise DataError([f"{path}: cannot read: {exc.strerror}"]) from None
    if len(data) > limit:
        raise DataError([f"{path}:1: file is larger than the {limit // 2**20} MiB limit"])
    return data


class _Deferred(set[str]):
    """Stands for 'every trial id' while trials are checked one file at a time: any id is taken as known, and
    the ids asked about are kept with where they were asked, to be checked once every file is read."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[str] = []

    def __contains__(self, item: object) -> bool:
        self.asked.append(str(item))
        return True


class Streaming:
    """Read, validate and compile the files of a data directory one at a time into ``compiler``."""

    def __init__(self, compiler: Any) -> None:
        self.compiler = compiler
        self.problems: list[str] = []
        self.trial_ids: set[str] = set()
        self.trial_names: dict[str, tuple[Any, ...]] = {}
        self.pending: list[tuple[str, str, str]] = []  # (trial id wanted, file:line, path text) to check at the end
        self.source_ids: set[str] = set()
        self.therapy_ids: set[str] = set()

    def _problem(self, text: str) -> None:
        self.problems.append(text)
        if len(self.problems) >= MAX_PROBLEMS:
            raise DataError(self.problems + [f"(stopped after {MAX_PROBLEMS} problems)"])

    def _parse(self, path: Path) -> tuple[object, dict[tuple[Any, ...], int]]:
        from . import load, yamlsafe

        document, lines = yamlsafe.parse(load._decode(path, read_file(path, load.MAX_BYTES)), str(path))
        if not isinstance(document, dict):
            raise DataError([f"{path}:1: (document): the top level must be a mapping"])
        return document, lines

    def _model(self, model: Any, path: Path, document: object, lines: dict[tuple[Any, ...], int]) -> Any:
        from pydantic import ValidationError

        from . import load

        try:
            return model.model_validate(document)
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
        seen = set()
        for err in errors:
            where = load._data_path(document, err["loc"])
            if where in seen:
                continue  # one message per field (unions report once per member)
            seen.add(where)
            msg = err["msg"].removeprefix("Value error, ")
            self._problem(f"{path}:{load._line(lines, where)}: {load._path_text(where)}: {msg}")
        return None

    def therapies(self, paths: list[Path]) -> None:
        """Every therapies file, checked together (a library has far fewer therapies than trials)."""
        from . import load, validate
        from .models import TherapiesFile, TrialsFile

        sources: dict[str, Json] = {}
        therapies: list[Json] = []
        facts: list[Json] = []
        where: list[tuple[Path, dict[tuple[Any, ...], int], int, int]] = []  # file, lines, first therapy, first fact
        models = []
        for path in paths:
            document, lines = self._parse(path)
            m = self._model(TherapiesFile, path, document, lines)
            if m is None:
                continue
            models.append(m)
            dumped = m.model_dump(mode="json")
            for s in dumped["sources"]:
                if s["id"] in sources and sources[s["id"]] != s:
                    self._problem(f"{path}:1: sources: source {s['id']!r} differs from the one given in another file")
                sources.setdefault(s["id"], s)
            where.append((path, lines, len(therapies), len(facts)))
            therapies.extend(dumped["therapies"])
            facts.extend(dumped["facts"])
        if self.problems:
            raise DataError(self.problems)
        # One model of every therapy, so that ids and names are checked across files; trial references wait.
        whole = TherapiesFile.model_construct(schema_version=1, sources=[s for m in models for s in m.sources],
                                              facts=[f for m in models for f in m.facts],
                                              therapies=[t for m in models for t in m.therapies])
        for _, path_t, msg in validate.check(whole, TrialsFile.model_construct(schema_version=1, trials=[])):
            if msg.startswith("unknown trial "):
                continue  # checked once every trials file is read
            if msg.startswith("duplicate source id") and len(paths) > 1:
                continue  # repeated in each file, checked above to be the same
            file, lines, index = self._locate(where, path_t)
            self._problem(f"{file}:{load._line(lines, index)}: {load._path_text(index)}: {msg}")
        for file, lines, start, _ in where:
            end = next((w[2] for w in where if w[2] > start), len(therapies))
            for i in range(start, end):
                for k, ae in enumerate(therapies[i]["adverse_events"]):
                    for j, study in enumerate(ae["studies"]):
                        at = ("therapies", i - start, "adverse_events", k, "studies", j)
                        self.pending.append((study, f"{file}:{load._line(lines, at)}", load._path_text(at)))
        if self.problems:
            raise DataError(self.problems)
        self.source_ids = set(sources)
        self.therapy_ids = {t["id"] for t in therapies}
        self.compiler.add_sources(list(sources.values()), facts)
        self.compiler.add_therapies(therapies)

    @staticmethod
    def _locate(where: list[tuple[Path, dict[tuple[Any, ...], int], int, int]],
                path: tuple[Any, ...]) -> tuple[Path, dict[tuple[Any, ...], int], tuple[Any, ...]]:
        """The file, line map and in-file path of a path into the concatenated therapies and facts."""
        if len(path) >= 2 and path[0] in ("therapies", "facts") and isinstance(path[1], int):
            column = 2 if path[0] == "therapies" else 3
            for file, lines, *starts in reversed(where):
                start = starts[column - 2]
                if path[1] >= start:
                    return file, lines, (path[0], path[1] - start, *path[2:])
        file, lines, *_ = where[0]
        return file, lines, path

    def trials(self, paths: list[Path]) -> None:
        """Each trials file in turn: parsed, validated, checked against what came before, compiled."""
        from . import load, validate
        from .text import normalize

        for path in paths:
            document, lines = self._parse(path)
            from .models import TrialsFile

            m = self._model(TrialsFile, path, document, lines)
            if m is None:
                continue
            for i, t in enumerate(m.trials):
                base = ("trials", i)
                if t.id in self.trial_ids:
                    self._problem(f"{path}:{load._line(lines, base + ('id',))}: trials.{i}.id: duplicate trial id "
                                  f"{t.id!r}")
                self.trial_ids.add(t.id)
                known = _Deferred()
                for where, msg in validate._trial(t, base, self.source_ids, self.therapy_ids, known):
                    self._problem(f"{path}:{load._line(lines, where)}: {load._path_text(where)}: {msg}")
                if t.parent is not None:
                    self.pending.append((t.parent, f"{path}:{load._line(lines, base + ('parent',))}",
                                         f"trials.{i}.parent"))
                names: list[tuple[tuple[Any, ...], str]] = [(base + ("id",), t.id), (base + ("name",), t.name)]
                names += [(base + ("aliases", k), a) for k, a in enumerate(t.aliases)]
                mine: set[str] = set()
                for where, name in names:
                    key = normalize(name)
                    if not key or key in mine:
                        continue
                    mine.add(key)
                    owner = self.trial_names.get(key)
                    if owner is not None and owner[0] != t.id:
                        self._problem(f"{path}:{load._line(lines, where)}: {load._path_text(where)}: name {name!r} "
                                      f"is already used by trial {owner[0]!r}")
                    else:
                        self.trial_names[key] = (t.id,)
            if self.problems:
                continue  # keep checking the other files, write nothing more
            self.compiler.add_trials(m.model_dump(mode="json")["trials"])
            del m, document, lines

    def finish(self) -> None:
        if self.problems:
            raise DataError(self.problems)  # references wait until every trial is valid (as a single file's do)
        for wanted, where, what in self.pending:
            if wanted not in self.trial_ids:
                self._problem(f"{where}: {what}: unknown trial {wanted!r}")
        if self.problems:
            raise DataError(self.problems)


def compile_library(root: Path, files: dict[str, list[Path]], compiler: Any) -> None:
    """Validate the library in ``root`` file by file into ``compiler`` (a ``msdmt.data.compiler.Compiler``);
    DataError with every problem found."""
    run = Streaming(compiler)
    run.therapies(files["therapies"])
    run.trials(files["trials"])
    run.finish()
