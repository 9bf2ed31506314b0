"""The compiled store: validated data in an SQLite database (standard-library ``sqlite3``).

One database per content (``msdmt.data.load`` names it by the cache key). It holds

- **normalised tables** for SQL and for any SQLite browser: ``sources``,
  ``therapies``, ``trials``, ``arms``, ``durations``, ``endpoints``, ``results``
  (one row per trial × arm × endpoint, numbers in numeric columns), ``facts``,
  ``adverse_events``, ``adverse_event_studies``, ``reference_numbers``,
  ``notes`` (every repair, erratum and note with where it sits), each described
  in ``_tables`` and ``_columns``;
- **what lookups read**: each therapy and trial as one JSON record with its
  digest (``therapies.record``, ``trials.record``), the lookup keys of every
  name and alias (``names``), which trials involve which therapy
  (``trial_therapies``), all behind primary keys, so a lookup reads a few pages
  whatever the size of the library;
- the **full-text index** of ``msdmt.data.searchindex`` (``search``, ``search_vocab``);
- ``meta``: the format, the key it was compiled for, and counts.

``msdmt.data.compiler`` writes it; this module reads it. Reading (``Store``) trusts nothing it cannot check cheaply: the file must be as
long as its pages say (a truncated copy is refused), ``meta`` must name this
format and the expected key, every record and search hit is checked against its
BLAKE2 digest, and a record found by a name must carry that name. Anything else
raises ``CorruptStore``; the loader treats that as a miss and compiles afresh.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from . import searchindex

Json = dict[str, Any]
FORMAT = "msdmt-store 1"
BATCH = 500  # records per executemany round


class CorruptStore(Exception):
    """The database is not what it claims to be: treat it as a miss."""


def digest(text: str) -> str:
    """BLAKE2b-128 of a text: what a record is checked against when it is read."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def connect_read_only(path: str) -> sqlite3.Connection:
    """A read-only connection to a compiled database that no one changes (no locks, no journal)."""
    from urllib.parse import quote

    db = sqlite3.connect(f"file:{quote(os.path.abspath(path))}?mode=ro&immutable=1", uri=True,
                         check_same_thread=False)
    db.execute("PRAGMA query_only = 1")
    return db


def check_header(db: sqlite3.Connection, key: str | None, size: int | None) -> None:
    """CorruptStore unless the database is complete (``size`` bytes, as its pages say) and made for ``key``."""
    try:
        if size is not None:
            page_size = db.execute("PRAGMA page_size").fetchone()[0]
            pages = db.execute("PRAGMA page_count").fetchone()[0]
            if page_size * pages != size:
                raise CorruptStore("size differs from the page count")
        meta = dict(db.execute("SELECT key, value FROM meta WHERE key IN ('format', 'key')").fetchall())
    except sqlite3.Error as exc:
        raise CorruptStore(str(exc)) from None
    if meta.get("format") != FORMAT or (key is not None and meta.get("key") != key):
        raise CorruptStore("another format or another content")


class Store:
    """Read access to a compiled database; every method returns plain data, checked (or raises CorruptStore)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def _all(self, sql: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        try:
            rows: list[tuple[Any, ...]] = self.db.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise CorruptStore(str(exc)) from None
        return rows

    @staticmethod
    def _record(row: tuple[Any, ...], expected_id: str | None = None) -> Json:
        blob, stored = row[0], row[1]
        try:
            text = zlib.decompress(blob).decode("utf-8")
        except (TypeError, zlib.error, UnicodeDecodeError):
            raise CorruptStore("a record cannot be read") from None
        if digest(text) != stored:
            raise CorruptStore("a record does not match its digest")
        record: Json = json.loads(text)
        if expected_id is not None and record.get("id") != expected_id:
            raise CorruptStore("a record is filed under another id")
        return record

    def counts(self) -> dict[str, int]:
        rows = self._all("SELECT value FROM meta WHERE key = 'counts'")
        counts: dict[str, int] = json.loads(rows[0][0]) if rows else {}
        return counts

    def sources(self) -> list[Json]:
        return [json.loads(r[0]) for r in self._all("SELECT record FROM sources ORDER BY ord")]

    def review_facts(self) -> list[Json]:
        rows = self._all("SELECT value FROM meta WHERE key = 'review_facts'")
        facts: list[Json] = json.loads(rows[0][0])["facts"] if rows else []
        return facts

    def load_all(self) -> Json:
        """The whole data set as plain data: sources, review facts, therapies, trials."""
        return {"sources": self.sources(), "facts": self.review_facts(), "therapies": self.therapies(),
                "trials": list(self.iter_trials())}

    def therapy(self, therapy_id: str) -> Json | None:
        rows = self._all("SELECT record, digest FROM therapies WHERE id = ?", (therapy_id,))
        return self._record(rows[0], therapy_id) if rows else None

    def trial(self, trial_id: str) -> Json | None:
        """The trial's first report (in data order: the bundled data's before a user's)."""
        rows = self._all("SELECT record, digest FROM trials WHERE id = ? ORDER BY ord LIMIT 1", (trial_id,))
        return self._record(rows[0], trial_id) if rows else None

    def trial_reports(self, trial_id: str) -> list[Json]:
        """Every report of the trial, one per source, in data order."""
        rows = self._all("SELECT record, digest, source_id FROM trials WHERE id = ? ORDER BY ord", (trial_id,))
        out = []
        for row in rows:
            record = self._record(row, trial_id)
            if record.get("source") != row[2]:
                raise CorruptStore("a report is filed under another source")
            out.append(record)
        return out

    def therapies(self) -> list[Json]:
        return [self._record(r) for r in self._all("SELECT record, digest FROM therapies ORDER BY ord")]

    def iter_trials(self, where: str = "", args: tuple[Any, ...] = ()) -> Iterator[Json]:
        """Every trial in order (optionally those matching an SQL condition on the trials table), streamed."""
        last = -1
        while True:
            rows = self._all(f"SELECT record, digest, ord FROM trials WHERE ord > ? {'AND ' + where if where else ''} "
                             f"ORDER BY ord LIMIT {BATCH}", (last, *args))
            for row in rows:
                yield self._record(row)
            if len(rows) < BATCH:
                return
            last = rows[-1][2]

    def trials_involving(self, therapy_ids: list[str]) -> list[Json]:
        """The trials with an arm of (or studying) any of these therapies, in order."""
        marks = ", ".join("?" * len(therapy_ids))
        rows = self._all(f"SELECT DISTINCT trial_ord, trial_id FROM trial_therapies WHERE therapy_id IN ({marks}) "
                         "ORDER BY trial_ord", tuple(therapy_ids))
        out = []
        for trial_ord, trial_id in rows:
            found = self._all("SELECT record, digest FROM trials WHERE ord = ?", (trial_ord,))
            if not found:
                raise CorruptStore("an index names a trial that is not there")
            t = self._record(found[0], trial_id)
            involved = set(t["therapies"]) | {a["therapy"] for a in t["arms"]}
            if not involved & set(therapy_ids):
                raise CorruptStore("an index names a trial that does not involve the therapy")
            out.append(t)
        return out

    def named(self, kind: str, key: str) -> list[str]:
        """The ids a lookup key names (kind: therapy, trial or generic), in data order."""
        return [r[0] for r in self._all("SELECT id FROM names WHERE kind = ? AND key = ? ORDER BY ord", (kind, key))]

    def keys_starting(self, kind: str, prefix: str) -> list[tuple[str, str]]:
        """(key, id) of the names that begin with ``prefix``, in data order."""
        return [(r[0], r[1]) for r in self._all(
            "SELECT key, id FROM names WHERE kind = ? AND key >= ? AND key < ? ORDER BY ord, key",
            (kind, prefix, prefix + "\U0010ffff"))]

    def keys_near(self, kind: str, key: str, spread: int = 2) -> dict[str, str]:
        """Names of about the same length sharing the first letter: the candidates for 'did you mean'."""
        rows = self._all("SELECT key, id FROM names WHERE kind = ? AND key >= ? AND key < ? "
                         "AND length(key) BETWEEN ? AND ? ORDER BY ord, key",
                         (kind, key[:1], key[:1] + "\U0010ffff", len(key) - spread, len(key) + spread))
        out: dict[str, str] = {}
        for k, i in rows:
            out.setdefault(k, i)
        return out

    def comparator_owners(self, therapy_id: str) -> list[tuple[str, str]]:
        """(therapy id, adverse event id) of the adverse events printed with this therapy as comparator."""
        return [(r[0], r[1]) for r in self._all(
            "SELECT a.therapy_id, a.adverse_event_id FROM adverse_events a JOIN therapies t ON t.id = a.therapy_id "
            "WHERE a.comparator_therapy_id = ? ORDER BY t.ord, a.ord", (therapy_id,))]

    def adverse_event_words(self) -> Iterator[tuple[str, str]]:
        """(event, category) of every adverse event."""
        for row in self._all("SELECT event, category FROM adverse_events"):
            yield row[0], row[1]

    def search(self, match: str, weights: str, limit: int) -> list[searchindex.Document]:
        """The documents an FTS5 expression finds, best first (bm25 with these column weights), made again from
        their (checked) records."""
        from . import searchindex

        table = searchindex.TABLE
        rows = self._all(f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY bm25({table}, {weights}), rowid "
                         "LIMIT ?", (match, limit))
        return [self._document(row[0]) for row in rows]

    def _document(self, rowid: int) -> searchindex.Document:
        from . import searchindex

        record, ord_, n = searchindex.unref(rowid)
        documents: Iterable[searchindex.Document]
        if record == "trial":
            found = self._all("SELECT record, digest FROM trials WHERE ord = ?", (ord_,))
            if not found:
                raise CorruptStore("the index names a trial that is not there")
            trial = self._record(found[0])
            ids = list(dict.fromkeys([*trial["therapies"], *(a["therapy"] for a in trial["arms"] if a["therapy"])]))
            names = dict(self._all(f"SELECT id, name FROM therapies WHERE id IN ({', '.join('?' * len(ids))})",
                                   tuple(ids)))
            documents = searchindex.trial_documents(trial, names)
        elif record == "therapy":
            found = self._all("SELECT record, digest FROM therapies WHERE ord = ?", (ord_,))
            if not found:
                raise CorruptStore("the index names a therapy that is not there")
            documents = searchindex.therapy_documents(self._record(found[0]))
        else:
            documents = searchindex.review_documents(self.review_facts(), self.sources()[0])
        doc = next((d for k, d in enumerate(documents) if k == n), None)
        if doc is None:
            raise CorruptStore("the index names a document that is not there")
        return doc

    def count(self, match: str) -> int:
        from . import searchindex

        table = searchindex.TABLE
        n: int = self._all(f"SELECT count(*) FROM {table} WHERE {table} MATCH ?", (match,))[0][0]
        return n

    def vocabulary_has(self, word: str, prefix: bool) -> bool:
        from . import searchindex

        if prefix:
            return bool(self._all(f"SELECT 1 FROM {searchindex.VOCAB} WHERE term >= ? AND term < ? LIMIT 1",
                                  (word, word + "\U0010ffff")))
        return bool(self._all(f"SELECT 1 FROM {searchindex.VOCAB} WHERE term = ?", (word,)))

    def vocabulary_near(self, word: str, spread: int = 2) -> list[str]:
        from . import searchindex

        return [r[0] for r in self._all(
            f"SELECT term FROM {searchindex.VOCAB} WHERE term >= ? AND term < ? AND length(term) BETWEEN ? AND ?",
            (word[:1], word[:1] + "\U0010ffff", len(word) - spread, len(word) + spread))]
