"""The glossary of the review's abbreviations and terms (``glossary.yaml``): read, validate, cache.

An entry quotes the review where it defines a term (``defined``: the printed
text and its locator), quotes it where it uses a term without defining it
(``used``), and keeps msdmt's own words apart in ``explanation``. A term the
review does not define must have an explanation. Errors read ``FILE:LINE:
path: message`` like those of the other data files.

The file is read the way the evidence data is (bounded, strict YAML, strict
models) and its validated form is cached by content, so a warm lookup imports
neither yaml nor pydantic. The schema is ``msdmt.data.glossary_models``,
imported only when the file is validated.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msdmt import __version__
from msdmt.errors import DataError

from . import cache
from .load import _data_path, _decode, _library_fingerprint, _path_text, _read, bundled_dir

if TYPE_CHECKING:
    from .yamlsafe import Document

NAME = "glossary"  # the file is glossary.yaml
_FORMAT = b"msdmt-glossary 1"


def _validate(path: Path, parsed: Document) -> dict[str, Any]:
    from pydantic import ValidationError

    from .glossary_models import GlossaryFile, check

    problems: list[str] = []
    document = parsed.data
    try:
        glossary = GlossaryFile.model_validate(document)
    except ValidationError as exc:
        seen = set()
        for err in exc.errors(include_url=False):
            where = _data_path(document, err["loc"])
            if where in seen:
                continue  # one message per field
            seen.add(where)
            problems.append(f"{path}:{parsed.line(where)}: {_path_text(where)}: "
                            f"{err['msg'].removeprefix('Value error, ')}")
        raise DataError(problems) from None
    for where, message in check(glossary):
        problems.append(f"{path}:{parsed.line(where)}: {_path_text(where)}: {message}")
    if problems:
        raise DataError(problems)
    data: dict[str, Any] = glossary.model_dump(mode="json")
    return data


def _code_fingerprint() -> bytes:
    here = Path(__file__).resolve().parent
    names = ("glossary.py", "glossary_models.py", "models.py", "load.py", "text.py", "yamlsafe.py")
    return b"".join((here / name).read_bytes() for name in names)


def load_glossary(directory: str | os.PathLike[str] | None = None, *, use_cache: bool = True) -> dict[str, Any]:
    """The validated glossary in ``directory`` (the bundled data when None), as plain data."""
    root = bundled_dir() if directory is None else Path(directory)
    path, blob = _read(root, NAME)
    key = cache.key(_FORMAT, __version__.encode(), _code_fingerprint(), _library_fingerprint(), blob)
    data = cache.read(key) if use_cache else None
    if data is None:
        from . import yamlsafe

        parsed = yamlsafe.parse(_decode(path, blob), str(path))
        data = _validate(path, parsed)
        if use_cache:
            cache.write(key, data)
    return data
