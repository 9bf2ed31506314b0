"""The glossary of the review's abbreviations and terms (``glossary.yaml``): read, validate, cache.

An entry quotes the review where it defines a term (``defined``: the printed
text and its locator), quotes it where it uses a term without defining it
(``used``), and keeps msdmt's own words apart in ``explanation``. A term the
review does not define must have an explanation. Errors read ``FILE:LINE:
path: message`` like those of the other data files.

The file is read the way the evidence data is (bounded, strict YAML, strict
models) and its validated form is cached by content, so a warm lookup imports
neither yaml nor pydantic. Only ``msdmt.core.glossary`` imports this module,
inside the function that needs it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, ValidationError, model_validator

from msdmt import __version__
from msdmt.errors import DataError

from . import cache
from .load import _data_path, _decode, _line, _path_text, _read, bundled_dir
from .models import Annotations, Source, Strict, Text
from .text import normalize

NAME = "glossary"  # the file is glossary.yaml
_FORMAT = b"msdmt-glossary 1"
# Where the review prints something: a table (its abbreviation footnote, a row or a column) or a paragraph of
# a section of the text (data/README.md, "Locators").
_LOCATOR = re.compile(r'^(?:Tables? \d+(?: and Table \d+)?, .+|Text, "[^"]+", paragraph \d+)$')

Name = Annotated[str, StringConstraints(min_length=1, max_length=80)]


class Place(Annotations):
    """Text the review prints, exactly as in the source extraction, and where."""

    printed: Text
    locator: Text


class Entry(Strict):
    term: Name
    aliases: list[Name] = []
    defined: list[Place] = []  # the review's own definitions of the term
    used: list[Place] = []  # where the review uses the term without defining it
    explanation: Text | None = None  # msdmt's words, never the review's
    note: Text | None = None

    @model_validator(mode="after")
    def _explained(self) -> Entry:
        if not self.defined and self.explanation is None:
            raise ValueError("a term the review does not define needs an explanation (msdmt's own words)")
        return self


class GlossaryFile(Strict):
    schema_version: Literal[1]
    source: Source
    terms: list[Entry] = Field(min_length=1)


def _check(glossary: GlossaryFile) -> list[tuple[tuple, str]]:
    """Problems that need more than one field: names unique across entries, locators in the agreed form."""
    problems: list[tuple[tuple, str]] = []
    taken: dict[str, str] = {}
    for i, entry in enumerate(glossary.terms):
        mine: set[str] = set()
        names = [(("terms", i, "term"), entry.term)]
        names += [(("terms", i, "aliases", k), a) for k, a in enumerate(entry.aliases)]
        for path, name in names:
            key = normalize(name)
            if not key:
                problems.append((path, f"name {name!r} has no letters or digits to look it up by"))
            elif key in mine:
                problems.append((path, f"name {name!r} repeats another name of this term"))
            elif key in taken:
                problems.append((path, f"name {name!r} is already used by term {taken[key]!r}"))
            else:
                mine.add(key)
                taken[key] = entry.term
        for field in ("defined", "used"):
            for k, place in enumerate(getattr(entry, field)):
                if not _LOCATOR.match(place.locator):
                    problems.append((("terms", i, field, k, "locator"),
                                     f'{place.locator!r} is not a locator (\'Table N, ...\' or '
                                     f'\'Text, "Section", paragraph N\')'))
    return problems


def _validate(path: Path, document: object, lines: dict[tuple, int]) -> dict:
    problems: list[str] = []
    try:
        glossary = GlossaryFile.model_validate(document)
    except ValidationError as exc:
        seen = set()
        for err in exc.errors(include_url=False):
            where = _data_path(document, err["loc"])
            if where in seen:
                continue  # one message per field
            seen.add(where)
            problems.append(f"{path}:{_line(lines, where)}: {_path_text(where)}: {err['msg'].removeprefix('Value error, ')}")
        raise DataError(problems) from None
    for where, message in _check(glossary):
        problems.append(f"{path}:{_line(lines, where)}: {_path_text(where)}: {message}")
    if problems:
        raise DataError(problems)
    data: dict = glossary.model_dump(mode="json")
    return data


def _code_fingerprint() -> bytes:
    here = Path(__file__).resolve().parent
    return b"".join((here / name).read_bytes() for name in ("glossary.py", "models.py", "load.py", "text.py", "yamlsafe.py"))


def load_glossary(directory: str | os.PathLike | None = None, *, use_cache: bool = True) -> dict:
    """The validated glossary in ``directory`` (the bundled data when None), as plain data."""
    root = bundled_dir() if directory is None else Path(directory)
    path, blob = _read(root, NAME)
    key = cache.key(_FORMAT, __version__.encode(), _code_fingerprint(), blob)
    data = cache.read(key) if use_cache else None
    if data is None:
        from . import yamlsafe

        document, lines = yamlsafe.parse(_decode(path, blob), str(path))
        if not isinstance(document, dict):
            raise DataError([f"{path}:1: (document): the top level must be a mapping"])
        data = _validate(path, document, lines)
        if use_cache:
            cache.write(key, data)
    return data
