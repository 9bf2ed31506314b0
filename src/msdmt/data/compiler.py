"""Compiling validated data into a store (``msdmt.data.store`` describes and reads it).

``Compiler`` takes sources and facts, then therapies, then trials, in batches,
so a library streams through it; ``compile_data`` does the same for a data set
held in memory. Every table and column is described in ``_tables`` and
``_columns`` and in comments of the schema.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterable
from typing import Any

from . import searchindex
from .store import BATCH, FORMAT, Store, digest
from .text import normalize

Json = dict[str, Any]


# table -> (description, [(column, SQL type and constraints, description)], extra clauses)
TABLES: dict[str, tuple[str, list[tuple[str, str, str]], str]] = {
    "meta": ("How this database was made: format, key (the content it was compiled from), msdmt version, counts.", [
        ("key", "TEXT PRIMARY KEY", "Name of the setting."),
        ("value", "TEXT NOT NULL", "Its value."),
    ], ""),
    "sources": ("Where the figures come from (sources.yaml): publications, labels, registry records, examples.", [
        ("id", "TEXT PRIMARY KEY", "Source id."),
        ("ord", "INTEGER NOT NULL", "Order in sources.yaml."),
        ("type", "TEXT NOT NULL", "What kind of source it is."),
        ("authors", "TEXT NOT NULL", "Authors, '; '-separated."),
        ("title", "TEXT NOT NULL", "Title."),
        ("container", "TEXT NOT NULL", "The journal, publisher or registry."),
        ("year", "INTEGER", "Year of publication."),
        ("volume", "INTEGER", "Volume."),
        ("pages", "TEXT", "Pages."),
        ("doi", "TEXT", "DOI."),
        ("url", "TEXT", "URL."),
        ("vintage", "TEXT NOT NULL", "The line printed under its citation wherever its figures are shown."),
        ("record", "TEXT NOT NULL", "The whole source record as JSON (with its errata)."),
    ], ""),
    "therapies": ("The therapies (Table 1), one row each; record holds the whole validated record.", [
        ("id", "TEXT PRIMARY KEY", "Therapy id."),
        ("ord", "INTEGER NOT NULL UNIQUE", "Order in the data (Table 1's order)."),
        ("source_id", "TEXT NOT NULL", "The source (sources.id)."),
        ("name", "TEXT NOT NULL", "Name."),
        ("printed_name", "TEXT NOT NULL", "Name as printed."),
        ("generic", "TEXT NOT NULL", "Generic name (may be shared)."),
        ("brand", "TEXT", "Brand name."),
        ("route", "TEXT", "SC, IM, IV, oral, or empty when not printed."),
        ("approval_year", "INTEGER", "Year of approval as printed."),
        ("approval_locator", "TEXT", "Where the year is printed."),
        ("dosing_printed", "TEXT NOT NULL", "Dosing as printed."),
        ("drug_class", "TEXT NOT NULL", "Class (msdmt's summary)."),
        ("target", "TEXT", "Target (msdmt's summary)."),
        ("record", "BLOB NOT NULL", "The whole validated record: JSON, zlib-compressed (what lookups read)."),
        ("digest", "TEXT NOT NULL", "BLAKE2b-128 of the record's JSON, checked on every read."),
    ], ""),
    "trials": ("The trials and studies, one row per report (a trial may be reported by several sources); record "
               "holds the whole validated record.", [
        ("id", "TEXT NOT NULL", "Trial id (shared by the reports of one trial)."),
        ("ord", "INTEGER NOT NULL UNIQUE", "Order in the data."),
        ("source_id", "TEXT NOT NULL", "The source (sources.id)."),
        ("name", "TEXT NOT NULL", "Name."),
        ("kind", "TEXT NOT NULL", "randomized controlled trial, extension, observational follow-up, open-label."),
        ("phase", "INTEGER", "Phase."),
        ("parent_id", "TEXT", "The trial an extension extends."),
        ("comparator_type", "TEXT", "placebo or active."),
        ("comparator_therapy_id", "TEXT", "The comparator therapy."),
        ("comparator_label", "TEXT", "The comparator as labelled."),
        ("population", "TEXT", "treatment-naive, previously-treated, or empty."),
        ("record", "BLOB NOT NULL", "The whole validated record: JSON, zlib-compressed (what lookups read)."),
        ("digest", "TEXT NOT NULL", "BLAKE2b-128 of the record's JSON, checked on every read."),
    ], ", PRIMARY KEY (id, source_id))"),
    "trial_therapies": ("Which trials involve which therapy: studied, or in an arm (as comparator too).", [
        ("therapy_id", "TEXT NOT NULL", "Therapy id."),
        ("trial_ord", "INTEGER NOT NULL", "The trial's order (trials.ord)."),
        ("trial_id", "TEXT NOT NULL", "Trial id."),
    ], ", PRIMARY KEY (therapy_id, trial_ord)) WITHOUT ROWID"),
    "names": ("Lookup keys of names, brands and aliases (lower case, letters and digits only; β as beta).", [
        ("kind", "TEXT NOT NULL", "therapy, trial, or generic (a generic name may mean several therapies)."),
        ("key", "TEXT NOT NULL", "The folded name."),
        ("id", "TEXT NOT NULL", "The therapy or trial it names."),
        ("ord", "INTEGER NOT NULL", "Order of the named record."),
    ], ", PRIMARY KEY (kind, key, id)) WITHOUT ROWID"),
    "arms": ("Trial arms, with their size, per report.", [
        ("trial_id", "TEXT NOT NULL", "Trial id."),
        ("source_id", "TEXT NOT NULL", "The report's source (trials.source_id)."),
        ("arm_id", "TEXT NOT NULL", "Arm id (unique within the trial)."),
        ("ord", "INTEGER NOT NULL", "Order within the trial."),
        ("label", "TEXT NOT NULL", "Label."),
        ("therapy_id", "TEXT", "The arm's therapy (empty for placebo)."),
        ("dose", "TEXT", "Dose as printed."),
        ("role", "TEXT NOT NULL", "treatment or comparator."),
        ("n", "INTEGER", "Patients in the arm."),
        ("n_printed", "TEXT", "The size as printed."),
        ("n_locator", "TEXT", "Where the size is printed."),
        ("n_source_id", "TEXT", "The source of the size."),
    ], ", PRIMARY KEY (trial_id, source_id, arm_id))"),
    "durations": ("Every place a trial's duration is printed.", [
        ("trial_id", "TEXT NOT NULL", "Trial id."),
        ("report_source_id", "TEXT NOT NULL", "The report's source (trials.source_id)."),
        ("ord", "INTEGER NOT NULL", "Order within the trial."),
        ("value", "REAL", "Duration."),
        ("unit", "TEXT NOT NULL", "years, months, weeks or days."),
        ("text", "TEXT", "Words that go with it."),
        ("printed", "TEXT NOT NULL", "As printed."),
        ("locator", "TEXT NOT NULL", "Where it is printed."),
        ("source_id", "TEXT NOT NULL", "The source of the figure."),
    ], ", PRIMARY KEY (trial_id, report_source_id, ord))"),
    "endpoints": ("Endpoints: one place where a quantity is printed for a trial.", [
        ("trial_id", "TEXT NOT NULL", "Trial id."),
        ("report_source_id", "TEXT NOT NULL", "The report's source (trials.source_id)."),
        ("endpoint_id", "TEXT NOT NULL", "Endpoint id (unique within the trial)."),
        ("ord", "INTEGER NOT NULL", "Order within the trial."),
        ("measure", "TEXT NOT NULL", "What is measured; aligns trials."),
        ("origin", "TEXT NOT NULL", "Table N or Text."),
        ("label", "TEXT NOT NULL", "Row label as printed."),
        ("kind", "TEXT NOT NULL", "annualized_relapse_rate, relative_reduction, proportion, hazard_ratio, "
                                  "mean_change, median_change, count, statement."),
        ("unit", "TEXT", "Unit of the results."),
        ("of_measure", "TEXT", "Relative reductions: the measure of the rates compared."),
        ("complement_of", "TEXT", "A proportion that is 100 minus this measure."),
        ("locator", "TEXT NOT NULL", "Where it is printed."),
        ("source_id", "TEXT NOT NULL", "The source of the endpoint."),
    ], ", PRIMARY KEY (trial_id, report_source_id, endpoint_id))"),
    "results": ("Endpoint results: one row per trial × arm × endpoint (per report).", [
        ("trial_id", "TEXT NOT NULL", "Trial id."),
        ("report_source_id", "TEXT NOT NULL", "The report's source (trials.source_id)."),
        ("endpoint_id", "TEXT NOT NULL", "Endpoint id."),
        ("ord", "INTEGER NOT NULL", "Order within the endpoint."),
        ("arm_id", "TEXT", "The arm (empty: the whole trial)."),
        ("versus_arm_id", "TEXT", "The reference arm of a contrast."),
        ("value", "REAL", "The figure (empty when only words are printed)."),
        ("bound", "TEXT", "< or > for a bound."),
        ("text", "TEXT", "The figure in words."),
        ("printed", "TEXT NOT NULL", "As printed."),
        ("p_value", "REAL", "P-value."),
        ("p_comparison", "TEXT", "<, ≤, =, ≥ or >."),
        ("p_printed", "TEXT", "The P-value as printed (the extraction lost every <)."),
        ("significant", "INTEGER", "1 or 0 where the source says so."),
        ("source_id", "TEXT NOT NULL", "The source of the figure."),
    ], ", PRIMARY KEY (trial_id, report_source_id, endpoint_id, ord))"),
    "facts": ("Other figures: review-level, therapy and trial facts.", [
        ("owner_type", "TEXT NOT NULL", "review, therapy or trial."),
        ("owner_id", "TEXT NOT NULL", "The source, therapy or trial id."),
        ("report_source_id", "TEXT NOT NULL", "The source of the record that holds it (a trial's report)."),
        ("fact_id", "TEXT NOT NULL", "Fact id."),
        ("label", "TEXT NOT NULL", "What the figure is."),
        ("arm_id", "TEXT", "The arm it is about."),
        ("value", "REAL", "The figure."),
        ("bound", "TEXT", "< or > for a bound."),
        ("text", "TEXT", "Words."),
        ("unit", "TEXT", "Unit."),
        ("printed", "TEXT NOT NULL", "As printed."),
        ("locator", "TEXT NOT NULL", "Where it is printed."),
        ("source_id", "TEXT NOT NULL", "The source of the figure."),
    ], ", PRIMARY KEY (owner_type, owner_id, report_source_id, fact_id))"),
    "adverse_events": ("Adverse events of a therapy, with rate, comparator rate, count and deaths.", [
        ("therapy_id", "TEXT NOT NULL", "Therapy id."),
        ("adverse_event_id", "TEXT NOT NULL", "Adverse event id (unique within the therapy)."),
        ("ord", "INTEGER NOT NULL", "Order within the therapy."),
        ("event", "TEXT NOT NULL", "The event."),
        ("category", "TEXT NOT NULL", "infusion, infection, autoimmune, malignancy, haematological."),
        ("context", "TEXT NOT NULL", "Who and when."),
        ("course", "TEXT", "first or second course."),
        ("prophylaxis", "TEXT", "acyclovir or none."),
        ("rate", "REAL", "Rate in %."),
        ("rate_bound", "TEXT", "< or > for a bound."),
        ("rate_text", "TEXT", "The rate in words."),
        ("rate_printed", "TEXT", "As printed."),
        ("rate_locator", "TEXT", "Where it is printed."),
        ("rate_source_id", "TEXT", "The source of the rate."),
        ("comparator_label", "TEXT", "The comparison group."),
        ("comparator_therapy_id", "TEXT", "The comparison group's therapy."),
        ("comparator_rate", "REAL", "The comparison group's rate in %."),
        ("comparator_rate_bound", "TEXT", "< or > for a bound."),
        ("comparator_rate_printed", "TEXT", "As printed."),
        ("comparator_rate_locator", "TEXT", "Where it is printed."),
        ("comparator_rate_source_id", "TEXT", "The source of the comparison group's rate."),
        ("count", "REAL", "Count."),
        ("count_unit", "TEXT", "patients or cases."),
        ("count_printed", "TEXT", "As printed."),
        ("count_locator", "TEXT", "Where it is printed."),
        ("count_source_id", "TEXT", "The source of the count."),
        ("deaths", "REAL", "Deaths."),
        ("deaths_printed", "TEXT", "As printed."),
        ("deaths_locator", "TEXT", "Where it is printed."),
        ("deaths_source_id", "TEXT", "The source of the deaths."),
        ("source_id", "TEXT NOT NULL", "The source of the adverse event (its therapy's, unless it names another)."),
    ], ", PRIMARY KEY (therapy_id, adverse_event_id))"),
    "adverse_event_studies": ("The trials an adverse event's figures come from.", [
        ("therapy_id", "TEXT NOT NULL", "Therapy id."),
        ("adverse_event_id", "TEXT NOT NULL", "Adverse event id."),
        ("trial_id", "TEXT NOT NULL", "Trial id."),
    ], ""),
    "reference_numbers": ("Reference numbers the source cites for a therapy or trial.", [
        ("owner_type", "TEXT NOT NULL", "therapy or trial."),
        ("owner_id", "TEXT NOT NULL", "Therapy or trial id."),
        ("number", "INTEGER NOT NULL", "Reference number as printed."),
        ("locator", "TEXT NOT NULL", "Where it is printed."),
        ("report_source_id", "TEXT NOT NULL", "The source of the record that cites it (a trial's report)."),
    ], ""),
    "notes": ("Every repair, erratum and note, with the record and field it belongs to.", [
        ("owner_type", "TEXT NOT NULL", "review, source, therapy or trial."),
        ("owner_id", "TEXT NOT NULL", "Its id."),
        ("path", "TEXT NOT NULL", "Where in the record ('endpoints/t3-arr/results/0/p'; empty: the record)."),
        ("kind", "TEXT NOT NULL", "repair (restored from the damaged extraction), erratum (the source disagrees "
                                  "with itself) or note (interpretation)."),
        ("text", "TEXT NOT NULL", "The note."),
        ("locator", "TEXT", "Where the annotated figure is printed."),
        ("report_source_id", "TEXT NOT NULL", "The source of the record it belongs to (a trial's report)."),
    ], ""),
}
INDEXES = (
    "CREATE INDEX adverse_events_comparator ON adverse_events (comparator_therapy_id)",
    "CREATE INDEX results_arm ON results (trial_id, arm_id)",
    "CREATE INDEX notes_owner ON notes (owner_type, owner_id)",
)
SEARCH_DESCRIPTION = [
    ("search", "Full-text index (FTS5, contentless): one document per therapy, mechanism, dosing, trial, endpoint "
               "result, adverse event, fact and endpoint note. The rowid names the record and the document "
               "(msdmt.data.searchindex.ref); a hit is made again from the record.",
     [(c, f"Folded words: {c}.") for c in searchindex.COLUMNS]),
    ("search_data", "FTS5's own storage of the index (internal).", [("id", "Block id."), ("block", "Index data.")]),
    ("search_idx", "FTS5's own directory of index segments (internal).",
     [("segid", "Segment."), ("term", "First term."), ("pgno", "Page.")]),
    ("search_docsize", "FTS5's own count of words per document and column (internal, for bm25).",
     [("id", "Document rowid."), ("sz", "Sizes.")]),
    ("search_config", "FTS5's own settings (internal).", [("k", "Setting."), ("v", "Value.")]),
    ("search_vocab", "The words of the full-text index with the number of documents and occurrences (fts5vocab).",
     [("term", "A word."), ("doc", "Documents that hold it."), ("cnt", "Occurrences.")]),
    ("_tables", "What each table holds.", [("name", "Table name."), ("description", "What it holds.")]),
    ("_columns", "What each column means.", [("table_name", "Table name."), ("column_name", "Column name."),
                                             ("description", "What it holds.")]),
]


def _ddl(table: str) -> str:
    """CREATE TABLE with the descriptions as SQL comments (SQLite keeps them in its schema)."""
    description, columns, extra = TABLES[table]
    lines = [(f"{name} {sql}", desc) for name, sql, desc in columns]
    tail = ""
    if extra:
        constraint, _, tail = extra.removeprefix(", ").rpartition(")")
        lines.append((constraint, ""))
    body = "\n".join(f"  {code}{',' if i < len(lines) - 1 else ''}{' -- ' + desc if desc else ''}"
                     for i, (code, desc) in enumerate(lines))
    return f"CREATE TABLE {table} ( -- {description}\n{body}\n){tail}"


def create_schema(db: sqlite3.Connection) -> None:
    """All tables, with a description of every table and column in ``_tables`` and ``_columns``."""
    for table in TABLES:
        db.execute(_ddl(table))
    searchindex.create(db)
    db.execute("CREATE TABLE _tables (name TEXT PRIMARY KEY, description TEXT NOT NULL)")
    db.execute("CREATE TABLE _columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, description TEXT NOT "
               "NULL, PRIMARY KEY (table_name, column_name))")
    for table, (description, columns, _) in TABLES.items():
        db.execute("INSERT INTO _tables VALUES (?, ?)", (table, description))
        db.executemany("INSERT INTO _columns VALUES (?, ?, ?)", [(table, c, d) for c, _, d in columns])
    for table, description, cols in SEARCH_DESCRIPTION:
        db.execute("INSERT INTO _tables VALUES (?, ?)", (table, description))
        db.executemany("INSERT INTO _columns VALUES (?, ?, ?)", [(table, c, d) for c, d in cols])


def _dumps(record: Json) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def _pack(record: Json) -> tuple[bytes, str]:
    """A record as stored: zlib-compressed JSON, and the digest of the JSON."""
    text = _dumps(record)
    return zlib.compress(text.encode("utf-8"), 1), digest(text)


_NOTE_KINDS = ("repair", "erratum", "note")


def _note_rows(owner_type: str, owner_id: str, node: Json | None, path: str, locator: str | None,
               out: list[tuple[Any, ...]]) -> None:
    """The repairs, errata and notes of one record part."""
    if node:
        for kind in _NOTE_KINDS:
            text = node.get(kind)
            if text:
                out.append((owner_type, owner_id, path, kind, text, node.get("locator") or locator))


def _trial_notes(t: Json, out: list[tuple[Any, ...]]) -> None:
    tid = t["id"]
    _note_rows("trial", tid, t, "", None, out)
    for part in ("design", "population", "comparator"):
        _note_rows("trial", tid, t[part], part, None, out)
    for k, d in enumerate(t["durations"]):
        _note_rows("trial", tid, d, f"durations/{k}", None, out)
    for a in t["arms"]:
        _note_rows("trial", tid, a, f"arms/{a['id']}", None, out)
        _note_rows("trial", tid, a["n"], f"arms/{a['id']}/n", None, out)
    for ep in t["endpoints"]:
        where = f"endpoints/{ep['id']}"
        _note_rows("trial", tid, ep, where, None, out)
        for j, r in enumerate(ep["results"]):
            _note_rows("trial", tid, r, f"{where}/results/{j}", ep["locator"], out)
            _note_rows("trial", tid, r["p"], f"{where}/results/{j}/p", ep["locator"], out)
    for f in t["facts"]:
        _note_rows("trial", tid, f, f"facts/{f['id']}", None, out)
    for k, ref in enumerate(t["references"]):
        _note_rows("trial", tid, ref, f"references/{k}", None, out)


def _therapy_notes(t: Json, out: list[tuple[Any, ...]]) -> None:
    tid = t["id"]
    _note_rows("therapy", tid, t, "", None, out)
    for part in ("approval_year", "mechanism"):
        _note_rows("therapy", tid, t[part], part, None, out)
    dosing = t["dosing"]
    _note_rows("therapy", tid, dosing, "dosing", None, out)
    for k, r in enumerate(dosing["regimens"]):
        _note_rows("therapy", tid, r, f"dosing/regimens/{k}", dosing["locator"], out)
    for f in t["facts"]:
        _note_rows("therapy", tid, f, f"facts/{f['id']}", None, out)
    for k, ref in enumerate(t["references"]):
        _note_rows("therapy", tid, ref, f"references/{k}", None, out)
    for ae in t["adverse_events"]:
        where = f"adverse_events/{ae['id']}"
        first = ae["rate"] or ae["count"] or ae["deaths"] or {}
        _note_rows("therapy", tid, ae, where, first.get("locator"), out)
        for part in ("rate", "count", "deaths"):
            _note_rows("therapy", tid, ae[part], f"{where}/{part}", None, out)
        comp = ae["comparator"]
        if comp:
            _note_rows("therapy", tid, comp, f"{where}/comparator", comp["rate"]["locator"], out)
            _note_rows("therapy", tid, comp["rate"], f"{where}/comparator/rate", None, out)
        for k, ref in enumerate(ae["references"]):
            _note_rows("therapy", tid, ref, f"{where}/references/{k}", None, out)


def _q(q: Json | None, *fields: str) -> tuple[Any, ...]:
    return tuple(q.get(f) if q else None for f in fields)


Rows = dict[str, list[tuple[Any, ...]]]
SEARCH = "search"  # the rows of the full-text index, under this name in ``Rows``


def trial_rows(t: Json, ord_: int, therapy_names: dict[str, str]) -> Rows:
    """Every row one trial adds, by table (full-text rows under ``SEARCH``): a pure function of the trial, so
    that trials can be made into rows in other processes."""
    rows: Rows = {}

    def add(table: str, row: tuple[Any, ...]) -> None:
        rows.setdefault(table, []).append(row)

    record, check = _pack(t)
    comp, pop = t["comparator"], t["population"]
    tid, src = t["id"], t["source"]
    add("trials", (tid, ord_, t["source"], t["name"], t["kind"], t["phase"], t["parent"],
                   comp["type"] if comp else None, comp["therapy"] if comp else None,
                   comp["label"] if comp else None, pop["category"] if pop else None, record, check))
    for key in {normalize(n) for n in (tid, t["name"], *t["aliases"])} - {""}:
        add("names", ("trial", key, tid, ord_))
    involved = dict.fromkeys([*t["therapies"], *(a["therapy"] for a in t["arms"] if a["therapy"])])
    for therapy in involved:
        add("trial_therapies", (therapy, ord_, tid))
    for k, a in enumerate(t["arms"]):
        add("arms", (tid, src, a["id"], k, a["label"], a["therapy"], a["dose"], a["role"],
                     *_q(a["n"], "value", "printed", "locator", "source")))
    for k, d in enumerate(t["durations"]):
        add("durations", (tid, src, k, d["value"], d["unit"], d["text"], d["printed"], d["locator"],
                          d.get("source") or src))
    for k, ep in enumerate(t["endpoints"]):
        ep_src = ep.get("source") or src
        add("endpoints", (tid, src, ep["id"], k, ep["measure"], ep["origin"], ep["label"], ep["kind"], ep["unit"],
                          ep["of"], ep["complement_of"], ep["locator"], ep_src))
        for j, r in enumerate(ep["results"]):
            p = r["p"]
            sig = r["significant"]
            add("results", (tid, src, ep["id"], j, r["arm"], r["versus"], r["value"], r["bound"], r["text"],
                            r["printed"], *_q(p, "value", "comparison", "printed"), None if sig is None else int(sig),
                            r.get("source") or ep_src))
    for f in t["facts"]:
        add("facts", _fact_row("trial", tid, f, src))
    for r in t["references"]:
        add("reference_numbers", ("trial", tid, r["number"], r["locator"], src))
    notes: list[tuple[Any, ...]] = []
    _trial_notes(t, notes)
    rows.setdefault("notes", []).extend(n + (src,) for n in notes)
    rows[SEARCH] = list(searchindex.rows("trial", ord_, searchindex.trial_documents(t, therapy_names)))
    return rows


def _fact_row(owner_type: str, owner_id: str, f: Json, report_source: str) -> tuple[Any, ...]:
    return (owner_type, owner_id, report_source, f["id"], f["label"], f.get("arm"), f.get("value"), f.get("bound"),
            f.get("text"), f.get("unit"), f["printed"], f["locator"], f.get("source") or report_source)


class Compiler:
    """Writes validated records into an empty database: sources and facts, therapies, then trials, then finish."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.therapy_names: dict[str, str] = {}
        self.therapy_count = 0
        self.trial_count = 0
        self.next_trial_ord = 0  # trials are numbered in data order; a caller may leave gaps (file << 24 | n)
        self.counts = {"therapies": 0, "trials": 0, "endpoints": 0, "adverse events": 0}
        self._rows: dict[str, list[tuple[Any, ...]]] = {}
        self._docs: list[tuple[str, ...]] = []
        create_schema(db)

    def _add(self, table: str, row: tuple[Any, ...]) -> None:
        self._rows.setdefault(table, []).append(row)

    def flush(self) -> None:
        for table, rows in self._rows.items():
            if rows and table == SEARCH:
                self.db.executemany(searchindex.INSERT, rows)
            elif rows:
                # The reports of one trial share its names: a name is filed once, under the first report.
                verb = "INSERT OR IGNORE" if table == "names" else "INSERT"
                self.db.executemany(f"{verb} INTO {table} VALUES ({', '.join('?' * len(rows[0]))})", rows)
        self._rows = {}
        if self._docs:
            self.db.executemany(searchindex.INSERT, self._docs)
            self._docs = []

    def add_sources(self, sources: list[Json], facts: list[Json]) -> None:
        for i, s in enumerate(sources):
            self._add("sources", (s["id"], i, s["type"], "; ".join(s["authors"]), s["title"], s["container"],
                                  s.get("year"), s.get("volume"), s.get("pages"), s.get("doi"), s.get("url"),
                                  s["vintage"], _dumps(s)))
            notes: list[tuple[Any, ...]] = []
            for k, e in enumerate(s.get("errata") or []):
                notes.append(("source", s["id"], f"errata/{k}", "erratum", e["text"], e["locator"], s["id"]))
            self._rows.setdefault("notes", []).extend(notes)
        review = sources[0]["id"]
        for f in facts:
            self._fact("review", f.get("source") or review, f, f.get("source") or review)
        self._docs.extend(searchindex.rows("review", 0, searchindex.review_documents(facts, sources[0])))
        self._rows.setdefault("meta", []).append(("review_facts", _dumps({"facts": facts})))
        self.flush()

    def _fact(self, owner_type: str, owner_id: str, f: Json, report_source: str) -> None:
        self._add("facts", _fact_row(owner_type, owner_id, f, report_source))
        if owner_type == "review":
            notes: list[tuple[Any, ...]] = []
            _note_rows("review", owner_id, f, f"facts/{f['id']}", None, notes)
            self._rows.setdefault("notes", []).extend(n + (report_source,) for n in notes)

    def add_therapies(self, therapies: Iterable[Json]) -> None:
        for t in therapies:
            self._therapy(t)
            if self.therapy_count % BATCH == 0:
                self.flush()
        self.flush()

    def _therapy(self, t: Json) -> None:
        ord_ = self.therapy_count
        self.therapy_count += 1
        self.counts["therapies"] += 1
        self.counts["adverse events"] += len(t["adverse_events"])
        self.therapy_names[t["id"]] = t["name"]
        record, check = _pack(t)
        ay = t["approval_year"]
        self._add("therapies", (t["id"], ord_, t["source"], t["name"], t["printed_name"], t["generic"], t["brand"],
                                t["route"], ay.get("value"), ay["locator"], t["dosing"]["printed"], t["drug_class"],
                                t["target"], record, check))
        keys = {normalize(n) for n in (t["id"], t["name"], t["brand"], *t["aliases"]) if n}
        for key in keys - {""}:
            self._add("names", ("therapy", key, t["id"], ord_))
        self._add("names", ("generic", normalize(t["generic"]), t["id"], ord_))
        for f in t["facts"]:
            self._fact("therapy", t["id"], f, t["source"])
        for r in t["references"]:
            self._add("reference_numbers", ("therapy", t["id"], r["number"], r["locator"], t["source"]))
        for k, ae in enumerate(t["adverse_events"]):
            comp = ae["comparator"]
            self._add("adverse_events", (
                t["id"], ae["id"], k, ae["event"], ae["category"], ae["context"], ae["course"], ae["prophylaxis"],
                *_q(ae["rate"], "value", "bound", "text", "printed", "locator", "source"),
                comp["label"] if comp else None, comp["therapy"] if comp else None,
                *_q(comp["rate"] if comp else None, "value", "bound", "printed", "locator", "source"),
                *_q(ae["count"], "value", "unit", "printed", "locator", "source"),
                *_q(ae["deaths"], "value", "printed", "locator", "source"), ae.get("source") or t["source"]))
            for study in ae["studies"]:
                self._add("adverse_event_studies", (t["id"], ae["id"], study))
        notes: list[tuple[Any, ...]] = []
        _therapy_notes(t, notes)
        self._rows.setdefault("notes", []).extend(n + (t["source"],) for n in notes)
        self._docs.extend(searchindex.rows("therapy", ord_, searchindex.therapy_documents(t)))

    def add_trials(self, trials: Iterable[Json]) -> None:
        """Trials in the order given, numbered on from those before."""
        for t in trials:
            self.add_rows(trial_rows(t, self.next_trial_ord, self.therapy_names), 1, len(t["endpoints"]))
            self.next_trial_ord += 1
            if self.trial_count % BATCH == 0:
                self.flush()
        self.flush()

    def add_rows(self, rows: Rows, trials: int, endpoints: int) -> None:
        """Rows made by ``trial_rows`` (perhaps in another process), for ``trials`` trials."""
        for table, items in rows.items():
            self._rows.setdefault(table, []).extend(items)
        self.trial_count += trials
        self.counts["trials"] += trials
        self.counts["endpoints"] += endpoints
        if sum(len(v) for v in self._rows.values()) >= 20 * BATCH:
            self.flush()

    def finish(self, key: str, version: str) -> None:
        self.flush()
        # A trial with reports from several sources is one trial: count trials by id, and the reports apart.
        distinct = self.db.execute("SELECT count(DISTINCT id) FROM trials").fetchone()[0]
        if distinct != self.counts["trials"]:
            reports = self.counts["trials"]
            self.counts = {k: v for key, n in self.counts.items()
                           for k, v in ([("trials", distinct), ("trial reports", reports)] if key == "trials"
                                        else [(key, n)])}
        for statement in INDEXES:
            self.db.execute(statement)
        meta = {"format": FORMAT, "key": key, "version": version, "counts": json.dumps(self.counts)}
        self.db.executemany("INSERT INTO meta VALUES (?, ?)", list(meta.items()))
        self.db.execute(f"INSERT INTO {searchindex.TABLE}({searchindex.TABLE}) VALUES ('optimize')")


def compile_data(db: sqlite3.Connection, data: Json, key: str = "", version: str = "") -> None:
    """Compile a whole data set held in memory (the plain form ``msdmt.data.load`` returns) into ``db``."""
    with db:
        c = Compiler(db)
        c.add_sources(data["sources"], data["facts"])
        c.add_therapies(data["therapies"])
        c.add_trials(data["trials"])
        c.finish(key, version)


def in_memory(data: Json) -> Store:
    """A store of a data set held in memory (tests, the Python API, or no usable cache directory)."""
    db = sqlite3.connect(":memory:")
    compile_data(db, data)
    return Store(db)


class DataStore:
    """The store interface over a data set held in memory (``Catalog(data)``: tests and the Python API).

    Lookups read the dicts through indexes built here; the full-text search and ``db`` compile the data into
    an in-memory database the first time they are used.
    """

    def __init__(self, data: Json) -> None:
        self.data = data
        self._compiled: Store | None = None
        from .sourcing import fill_therapy, fill_trial

        for therapy in data["therapies"]:
            fill_therapy(therapy)
        self._reports: dict[str, list[Json]] = {}
        for trial in data["trials"]:
            self._reports.setdefault(trial["id"], []).append(fill_trial(trial))
        self._therapies = {t["id"]: t for t in data["therapies"]}
        self._names: dict[str, dict[str, list[str]]] = {"therapy": {}, "trial": {}, "generic": {}}
        for t in data["therapies"]:
            for n in dict.fromkeys([t["id"], t["name"], t.get("brand"), *(t.get("aliases") or [])]):
                if n:
                    self._add_name("therapy", n, t["id"])
            self._add_name("generic", t["generic"], t["id"])
        for t in data["trials"]:
            for n in dict.fromkeys([t["id"], t["name"], *(t.get("aliases") or [])]):
                self._add_name("trial", n, t["id"])

    def _add_name(self, kind: str, name: str, rid: str) -> None:
        key = normalize(name)
        ids = self._names[kind].setdefault(key, [])
        if key and rid not in ids:
            ids.append(rid)

    @property
    def compiled(self) -> Store:
        if self._compiled is None:
            self._compiled = in_memory(self.data)
        return self._compiled

    @property
    def db(self) -> sqlite3.Connection:
        return self.compiled.db

    def counts(self) -> dict[str, int]:
        return {"therapies": len(self.data["therapies"]), "trials": len({t["id"] for t in self.data["trials"]}),
                "endpoints": sum(len(t["endpoints"]) for t in self.data["trials"]),
                "adverse events": sum(len(t["adverse_events"]) for t in self.data["therapies"])}

    def load_all(self) -> Json:
        return {k: self.data[k] for k in ("sources", "facts", "therapies", "trials")}

    def sources(self) -> list[Json]:
        sources: list[Json] = self.data["sources"]
        return sources

    def review_facts(self) -> list[Json]:
        facts: list[Json] = self.data["facts"]
        return facts

    def therapy(self, therapy_id: str) -> Json | None:
        return self._therapies.get(therapy_id)

    def trial(self, trial_id: str) -> Json | None:
        reports = self._reports.get(trial_id)
        return reports[0] if reports else None

    def trial_reports(self, trial_id: str) -> list[Json]:
        return list(self._reports.get(trial_id, []))

    def therapies(self) -> list[Json]:
        therapies: list[Json] = self.data["therapies"]
        return therapies

    def iter_trials(self) -> Iterable[Json]:
        trials: list[Json] = self.data["trials"]
        return trials

    def trials_involving(self, therapy_ids: list[str]) -> list[Json]:
        wanted = set(therapy_ids)
        return [t for t in self.data["trials"]
                if wanted & (set(t["therapies"]) | {a["therapy"] for a in t["arms"]})]

    def named(self, kind: str, key: str) -> list[str]:
        return list(self._names[kind].get(key, []))

    def keys_starting(self, kind: str, prefix: str) -> list[tuple[str, str]]:
        return [(k, i) for k, ids in self._names[kind].items() if k.startswith(prefix) for i in ids]

    def keys_near(self, kind: str, key: str, spread: int = 2) -> dict[str, str]:
        return {k: ids[0] for k, ids in self._names[kind].items() if ids}

    def comparator_owners(self, therapy_id: str) -> list[tuple[str, str]]:
        return [(t["id"], ae["id"]) for t in self.data["therapies"] for ae in t["adverse_events"]
                if ae["comparator"] and ae["comparator"]["therapy"] == therapy_id]

    def adverse_event_words(self) -> Iterable[tuple[str, str]]:
        return [(ae["event"], ae["category"]) for t in self.data["therapies"] for ae in t["adverse_events"]]

    def search(self, match: str, weights: str, limit: int) -> list[searchindex.Document]:
        return self.compiled.search(match, weights, limit)

    def count(self, match: str) -> int:
        return self.compiled.count(match)

    def vocabulary_has(self, word: str, prefix: bool) -> bool:
        return self.compiled.vocabulary_has(word, prefix)

    def vocabulary_near(self, word: str, spread: int = 2) -> list[str]:
        return self.compiled.vocabulary_near(word, spread)
