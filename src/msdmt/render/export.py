"""Write the tidy table (``msdmt.core.export``) as CSV or JSON Lines, and describe it as a Frictionless Data Package.

Both formats are UTF-8 whatever the terminal's encoding, one row per figure,
with the columns of ``COLUMNS`` in that order. Numbers are written as numbers
(``54.9``, ``0.001``), an absent value as an empty CSV cell or JSON ``null``,
booleans as ``true``/``false``, so ``pandas.read_csv`` and R's ``read.csv``
give one clean table. In CSV a text that a spreadsheet would run as a formula
(it starts with ``=``, ``+``, ``-`` or ``@`` and is not a plain number) gets a
single quote in front, as in the CSV of the views; ``p_comparison`` and
``bound`` (``<``, ``≤``, ``=``, ``≥``, ``>``) are written as they are. JSON Lines
is exact. Output is produced in chunks, so a library of any size streams.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from msdmt.core.export import COLUMNS, NAMES, batches
from msdmt.render.formatters.csv import cell as safe_cell

if TYPE_CHECKING:
    from msdmt.core.catalog import Catalog
    from msdmt.core.shapes import Citation, Figure


_EXACT = frozenset({"p_comparison", "bound"})  # one of < ≤ = ≥ >: a closed set, never a formula


def _cell(value: object, name: str = "") -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        # A text a spreadsheet would run as a formula gets a quote in front, as the CSV of the views does.
        return value if name in _EXACT else safe_cell(value)
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, float):
        return repr(value) if not value.is_integer() or abs(value) >= 1e16 else repr(value).removesuffix(".0")
    return str(value)


def csv_chunks(rows: Iterable[Figure]) -> Iterator[bytes]:
    """The header, then the rows, as UTF-8 CSV (RFC 4180 quoting, LF line ends)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(NAMES)
    for batch in batches(rows):
        writer.writerows([_cell(row[name], name) for name in NAMES]  # type: ignore[literal-required]
                         for row in batch)
        yield out.getvalue().encode("utf-8")
        out.seek(0)
        out.truncate()
    if out.tell():
        yield out.getvalue().encode("utf-8")


def jsonl_chunks(rows: Iterable[Figure]) -> Iterator[bytes]:
    """One JSON object per line, keys in column order."""
    for batch in batches(rows):
        yield "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in batch).encode("utf-8")


def _link(source: Citation, url: str | None) -> dict[str, str]:
    """Where a source is found: https://doi.org/DOI, else its URL (a source has one or the other)."""
    if source.get("doi"):
        return {"path": f"https://doi.org/{source['doi']}"}
    return {"path": url} if url else {}


def datapackage(csv_name: str, sources: Sequence[Citation],
                urls: Mapping[str, str | None] | None = None) -> dict[str, Any]:
    """A Frictionless Data Package describing the CSV file ``csv_name`` (a path relative to the package), citing
    ``sources`` (those of the figures in it: ``Catalog.citations``), each with its own vintage line; ``urls``: the
    URL of each source id, for a source without a DOI."""
    fields: list[dict[str, Any]] = []
    for c in COLUMNS:
        field: dict[str, Any] = {"name": c.name, "type": c.type, "description": c.description}
        if c.name == "figure_id":
            field["constraints"] = {"required": True, "unique": True}
        elif c.name == "origin":
            field["constraints"] = {"required": True, "enum": ["reported", "derived"]}
        elif c.name == "kind":
            field["constraints"] = {"required": True}
        elif c.type == "boolean":
            field["trueValues"], field["falseValues"] = ["true"], ["false"]
        fields.append(field)
    return {
        "profile": "tabular-data-package",
        "name": "msdmt-figures",
        "title": "Figures of the msdmt evidence data, one row per figure (reported and derived)",
        "description": ("Every figure with its locator (where the source prints it). origin tells reported figures "
                        "from those msdmt derives; source_id names the source of each figure, report_source_id the "
                        "source of the record it is in. "
                        + " ".join(f"{s['id']}: {s['vintage']}" for s in sources)),
        "sources": [{"title": s["text"]} | _link(s, (urls or {}).get(s["id"])) for s in sources],
        "resources": [{
            "name": "figures",
            "path": csv_name,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True},
            "schema": {"fields": fields, "primaryKey": ["figure_id"], "missingValues": [""]},
        }],
    }


def _replace_atomically(path: str, fill: Callable[[str], None], suffix: str = "") -> None:
    """``fill`` writes a temporary file beside ``path``, which then replaces ``path``: a failed export leaves no
    half file. A failure of the file system or of SQLite is one UsageError naming the path."""
    import os
    import sqlite3
    import tempfile

    from msdmt.errors import UsageError

    target = os.path.abspath(path)
    try:
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(target), prefix=".msdmt-export-", suffix=suffix)
        os.close(fd)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}") from None
    try:
        fill(tmp)
        os.chmod(tmp, 0o644 & ~_umask())
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, (OSError, sqlite3.Error)):
            raise UsageError(f"cannot write {path}: {getattr(exc, 'strerror', None) or exc}") from None
        raise


def write_file(path: str, chunks: Iterable[bytes]) -> None:
    """Write ``chunks`` to ``path`` (through a temporary file beside it)."""

    def fill(tmp: str) -> None:
        with open(tmp, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)

    _replace_atomically(path, fill)


def _umask() -> int:
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_datapackage(csv_path: str, sources: Sequence[Citation],
                      urls: Mapping[str, str | None] | None = None) -> None:
    """``datapackage.json`` beside ``csv_path``, describing it and citing ``sources`` (see ``datapackage``)."""
    import os

    directory, name = os.path.split(os.path.abspath(csv_path))
    text = json.dumps(datapackage(name, sources, urls), ensure_ascii=False, indent=2) + "\n"
    write_file(os.path.join(directory, "datapackage.json"), [text.encode("utf-8")])


_SQL_TYPES = {"string": "TEXT", "number": "REAL", "boolean": "INTEGER"}
FIGURES_DESCRIPTION = ("The tidy table: one row per figure, reported and derived (origin), with its locator; "
                       "the same rows as msdmt export --format csv.")


def figures_ddl() -> str:
    """CREATE TABLE of the tidy table, each column commented (SQLite keeps the comments in its schema)."""
    lines = [f"  {c.name} {_SQL_TYPES[c.type]}{' PRIMARY KEY' if c.name == 'figure_id' else ''}, -- {c.description}"
             for c in COLUMNS]
    lines[-1] = lines[-1].replace(", --", " --", 1)
    return f"CREATE TABLE figures ( -- {FIGURES_DESCRIPTION}\n" + "\n".join(lines) + "\n)"


def add_figures(db: Any, rows: Iterable[Figure]) -> None:
    """Create and fill the ``figures`` table in an open sqlite3 connection, and describe it in ``_tables`` and
    ``_columns``."""
    db.execute(figures_ddl())
    insert = f"INSERT INTO figures VALUES ({', '.join('?' for _ in NAMES)})"
    for batch in batches(rows):
        db.executemany(insert, [tuple(row[n] for n in NAMES) for row in batch])  # type: ignore[literal-required]
    db.execute("INSERT OR REPLACE INTO _tables VALUES (?, ?)", ("figures", FIGURES_DESCRIPTION))
    db.executemany("INSERT OR REPLACE INTO _columns VALUES (?, ?, ?)",
                   [("figures", c.name, c.description) for c in COLUMNS])


def write_sqlite(cat: Catalog, path: str) -> None:
    """The compiled database at ``path`` (every table described in ``_tables`` and ``_columns``, and in comments
    of its schema) with the tidy table ``figures`` added."""
    import sqlite3

    from msdmt.core.export import rows

    def fill(tmp: str) -> None:
        db = sqlite3.connect(tmp)
        try:
            cat.store.db.backup(db)
            with db:
                add_figures(db, rows(cat))
            db.execute("VACUUM")
        finally:
            db.close()

    _replace_atomically(path, fill, suffix=".sqlite")
