"""The full-text search index: which texts are searchable, how they are folded into words, what a hit shows.

The index is an SQLite FTS5 table with one document per thing a person looks
for: a therapy (names, brand, aliases), its mechanism and dosing, a trial, one
endpoint result (one trial × arm × endpoint, with its P-value as the paper
means it), an adverse event (with its category), a fact, and a note on an
endpoint. Each document's columns are weighted when ranked (``WEIGHTS``):
names above labels, labels above figures and context, context above notes.
Beside the words, a document stores ``hit``: the JSON of what a hit shows (the
figures it found, with unit, arm, P-value and locator), so a search reads no
records.

Folding (``words``) happens here in Python, the same for documents and
queries, and leaves only words of letters and digits separated by spaces; the
FTS5 tokenizer (``unicode61 remove_diacritics 2``) then only splits at spaces.
The rules: Unicode compatibility forms and diacritics removed (naïve → naive),
ß and β → beta, α → alpha, any apostrophe, dash or hyphen separates words
(Graves’ and Graves' → graves; blood–brain and blood-brain → blood brain), and
a P-value (P<0.001, p = 0.03, P<.05) becomes one word (``plt0001``) so that it
is found as the paper states it and never as a part of another number.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any, NamedTuple

Json = dict[str, Any]

COLUMNS = ("names", "title", "body", "owner", "notes", "implied")
# bm25 weights, in COLUMNS order: a name or alias outranks a label, a label a figure's context, and all of them a
# note; last, the P-value thresholds a figure meets without being printed with them (P<0.0001 is also P<0.001).
WEIGHTS = (50.0, 12.0, 4.0, 2.0, 1.0, 0.5)
THRESHOLDS = (0.05, 0.01, 0.005, 0.001, 0.0001)
TABLE = "search"
VOCAB = "search_vocab"
SCHEMA = (
    f"CREATE VIRTUAL TABLE {TABLE} USING fts5({', '.join(COLUMNS)}, content = '', "
    "tokenize = 'unicode61 remove_diacritics 2')",
    f"CREATE VIRTUAL TABLE {VOCAB} USING fts5vocab({TABLE}, row)",
)

_OPS = {"<": "lt", "≤": "le", "=": "eq", "≥": "ge", ">": "gt"}
_PVALUE = re.compile(r"\bp\s*(<=|>=|[<≤=≥>])\s*(\d*\.\d+|\d+)", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+")
_FOLD = str.maketrans({"ß": " beta ", "β": " beta ", "α": " alpha ", "’": " ", "‘": " ", "ʼ": " ", "`": " ",
                       "´": " ", "′": " ", "'": " "})
PVALUE_WORD = re.compile(r"^p(?:lt|le|eq|ge|gt)\d+$")


def _plain(value: float) -> str:
    """A number without exponent or trailing zeros: 0.0001, 12.5."""
    return f"{float(value):.10f}".rstrip("0").rstrip(".")


def pvalue_word(comparison: str, value: float) -> str:
    """The one word a P-value is indexed as: P<0.001 → plt0001, P=0.03 → peq003."""
    op = _OPS.get(comparison, {"<=": "le", ">=": "ge"}.get(comparison, "eq"))
    return "p" + op + _plain(value).replace(".", "")


def implied_pvalue_words(comparison: str, value: float) -> list[str]:
    """The usual thresholds a P-value is below without being printed with them: P<0.0001 is also P<0.001."""
    if comparison not in ("<", "≤", "="):
        return []
    return [pvalue_word("<", t) for t in THRESHOLDS
            if value < t or (value == t and comparison == "≤")]


def _pvalue_sub(m: re.Match[str]) -> str:
    op = {"<=": "≤", ">=": "≥"}.get(m.group(1), m.group(1))
    return " " + pvalue_word(op, float(m.group(2))) + " "


def canonical_pvalues(text: str) -> str:
    """``text`` with every P-value written as its one word (so that 'P < 0.001' stays one word when split)."""
    return _PVALUE.sub(_pvalue_sub, text)


@lru_cache(maxsize=65536)
def words(text: str) -> str:
    """Folded words of ``text`` separated by single spaces: what is indexed and what a query is matched with."""
    if not text:
        return ""
    if "p" in text or "P" in text:
        text = _PVALUE.sub(_pvalue_sub, text)
    text = text.translate(_FOLD)
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(_WORD.findall(text.casefold()))


def _join(texts: Iterable[str | None]) -> str:
    return " ".join(w for w in (words(t) for t in texts if t) if w)


def _notes(*records: Json | None) -> list[tuple[str, str]]:
    """The repairs, errata and notes of records, as (kind, text)."""
    return [(k, r[k]) for r in records if r for k in ("repair", "erratum", "note") if r.get(k)]


def _texts(notes: list[tuple[str, str]]) -> list[str]:
    return [text for _, text in notes]


def _figure(q: Json | None, label: str | None = None, kind: str | None = None, unit: str | None = None,
            versus: str | None = None) -> Json | None:
    """What a hit shows of one located figure: value, unit, bound, words, P-value, group, printed text."""
    if not q:
        return None
    p = q.get("p") or {}
    return {"label": label, "versus": versus, "kind": kind, "value": q.get("value"), "unit": q.get("unit", unit),
            "bound": q.get("bound"), "text": q.get("text"), "printed": q.get("printed"),
            "p_value": p.get("value"), "p_comparison": p.get("comparison"), "significant": q.get("significant"),
            "source": q.get("source")}


class Document(NamedTuple):
    """One searchable thing: its folded words by column, and what a hit on it shows."""

    words: tuple[str, str, str, str, str, str]  # in COLUMNS order
    hit: Json


def digest(text: str) -> str:
    """BLAKE2b-128 of a text: what the store checks a record or a hit against when it reads it."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


Owner = tuple[str, str]  # the words of the names of the therapy or trial a document belongs to, and those names
NO_OWNER: Owner = ("", "")


def _owner(names: Iterable[str | None]) -> Owner:
    distinct = [n for n in dict.fromkeys(names) if n]
    return _join(distinct), ", ".join(distinct)


def _doc(names: Iterable[str | None], title: Iterable[str | None], body: Iterable[str | None], owner: Owner,
         notes: list[tuple[str, str]], hit: Json, implied: str = "") -> Document:
    hit["figures"] = [f for f in hit.get("figures", []) if f]
    if owner[1]:
        hit["fields"].append(["of", owner[1]])
    return Document((_join(names), _join(title), _join(body), owner[0], _join(_texts(notes)), implied), hit)


def _hit(record: str, rid: str, name: str, what: str, item: str | None, label: str, locator: str | None,
         figures: list[Json | None], fields: list[tuple[str, str | None]]) -> Json:
    named: list[list[str]] = []
    seen: dict[str, int] = {}
    for k, v in fields:
        if v:
            seen[k] = seen.get(k, 0) + 1
            named.append([k if seen[k] == 1 else f"{k} {seen[k]}", v])
    return {"record": record, "id": rid, "name": name, "what": what, "item": item, "label": label,
            "locator": locator, "figures": figures, "fields": named}


def _in_source(documents: Iterator[Document], source: str) -> Iterator[Document]:
    """The documents of a record, each hit naming the record's source (its figures name their own)."""
    for doc in documents:
        doc.hit.setdefault("source", source)
        yield doc


def therapy_documents(t: Json) -> Iterator[Document]:
    return _in_source(_therapy_documents(t), t["source"])


def trial_documents(trial: Json, therapy_names: dict[str, str]) -> Iterator[Document]:
    return _in_source(_trial_documents(trial, therapy_names), trial["source"])


def _therapy_documents(t: Json) -> Iterator[Document]:
    names = [t["name"], t["brand"], t["generic"], t["printed_name"], t["id"], *t["aliases"]]
    owner = _owner(names)
    tid, name = t["id"], t["name"]
    ay = t["approval_year"]
    yield _doc(names, [t["drug_class"], t["target"]], [t["route"]], NO_OWNER, _notes(t, ay),
               _hit("therapy", tid, name, "therapy", None, f"{name} ({t['brand']})" if t["brand"] else name,
                    ay["locator"], [_figure(ay, "Year of approval", "approval_year")],
                    [("name", name), ("brand", t["brand"]), ("generic name", t["generic"]),
                     ("aliases", ", ".join(t["aliases"])), ("class", t["drug_class"]), ("target", t["target"])]))
    mech = t["mechanism"]
    yield _doc([], ["mechanism"], [mech["text"]], owner, _notes(mech),
               _hit("therapy", tid, name, "mechanism", None, "Mechanism", mech["locator"], [],
                    [("mechanism", mech["text"]), *_notes(mech)]))
    dosing = t["dosing"]
    regimen_words = [w for r in dosing["regimens"] for w in (r.get("frequency"), r.get("schedule"))]
    dose_source = dosing.get("source") or t.get("source")  # the dosing may name its own source
    doc = _doc([], ["dosing dose"], [dosing["printed"], *regimen_words], owner,
               _notes(dosing, *dosing["regimens"]),
               _hit("therapy", tid, name, "dosing", None, "Dosing", dosing["locator"],
                    [_figure({"value": r.get("amount"), "unit": r.get("unit"), "text": r.get("frequency"),
                              "source": dose_source}, None, "dose")
                     for r in dosing["regimens"]],
                    [("dosing", dosing["printed"]),
                     *(("regimen", "; ".join(x for x in (r.get("frequency"), r.get("schedule")) if x))
                       for r in dosing["regimens"]), *_notes(dosing, *dosing["regimens"])]))
    yield doc  # the hit is the therapy record's; the dose figures name their own source
    for f in t["facts"]:
        yield _fact_doc(f, "therapy", tid, name, owner, {})
    for ae in t["adverse_events"]:
        comp = ae.get("comparator")
        figures = [_figure(ae["rate"], name, "adverse_event_rate"),
                   _figure(comp["rate"], comp["label"], "comparator_rate") if comp else None,
                   _figure(ae["count"], name, "adverse_event_count"),
                   _figure(ae["deaths"], name, "adverse_event_deaths")]
        first = ae["rate"] or ae["count"] or ae["deaths"] or {}
        notes = _notes(ae, ae["rate"], comp, comp["rate"] if comp else None, ae["count"], ae["deaths"])
        doc = _doc([], [ae["event"], ae["category"]],
                   [ae["context"], ae.get("course") and f"{ae['course']} course", ae.get("prophylaxis"),
                    comp["label"] if comp else None, *ae["studies"],
                    *(q.get("text") for q in (ae["rate"], ae["count"], ae["deaths"]) if q)],
                   owner, notes,
                   _hit("therapy", tid, name, "adverse event", ae["id"], ae["event"], first.get("locator"), figures,
                        [("event", ae["event"]), ("category", ae["category"]), ("context", ae["context"]),
                         *notes]))
        yield doc  # the hit is the therapy record's; each figure names its own source


def _fact_doc(f: Json, record: str, rid: str, name: str, owner: Owner,
              arms: dict[str, str]) -> Document:
    arm = arms.get(f.get("arm") or "")
    doc = _doc([], [f["label"]], [f.get("text"), arm], owner, _notes(f),
               _hit(record, rid, name, "fact", f["id"], f["label"], f["locator"], [_figure(f, arm, "fact")],
                    [("label", f["label"]), ("text", f.get("text")), *_notes(f)]))
    if record == "review":  # a review-level fact is a record of its own: its source is the fact's
        doc.hit["source"] = f.get("source") or rid
    return doc


def _trial_documents(trial: Json, therapy_names: dict[str, str]) -> Iterator[Document]:
    tid, name = trial["id"], trial["name"]
    names = [name, tid, *trial["aliases"]]
    owner = _owner(names)
    arms = {a["id"]: a for a in trial["arms"]}
    labels = {a["id"]: a["label"] for a in trial["arms"]}
    design, population, comparator = trial.get("design"), trial.get("population"), trial.get("comparator")
    body = [design and design["text"], population and population["text"], population and population.get("category"),
            comparator and comparator["label"], comparator and comparator["type"],
            *(a["label"] for a in trial["arms"]), *(a.get("dose") for a in trial["arms"]),
            *(therapy_names.get(t, t) for t in trial["therapies"])]
    figures = [_figure(d, None, "duration") for d in trial["durations"]]
    figures += [_figure(a["n"], a["label"], "arm_size") for a in trial["arms"] if a.get("n")]
    locator = ((design or {}).get("locator") or (trial["durations"][0]["locator"] if trial["durations"] else None)
               or (comparator or {}).get("locator"))
    notes = _notes(trial, design, population, comparator, *trial["durations"], *trial["arms"],
                   *(a.get("n") for a in trial["arms"]), *trial["references"])
    yield _doc(names, [trial["kind"], trial.get("phase") and f"phase {trial['phase']}"], body, NO_OWNER, notes,
               _hit("trial", tid, name, "trial", None, name, locator, figures,
                    [("name", name), ("aliases", ", ".join(trial["aliases"])), ("design", design and design["text"]),
                     ("population", population and "; ".join(x for x in (population["text"], population.get("category"))
                                                              if x)),
                     ("comparator", comparator and comparator["label"]),
                     ("arms", "; ".join(a["label"] + (f" ({a['dose']})" if a.get("dose") else "")
                                        for a in trial["arms"])), *notes]))
    for ep in trial["endpoints"]:
        title = [ep["label"], ep["measure"], ep["kind"].replace("_", " "), ep["origin"]]
        for r in ep["results"]:
            arm = arms.get(r["arm"] or "")
            versus = labels.get(r.get("versus") or "")
            p = r.get("p")
            body = [arm and arm["label"], arm and arm.get("dose"), arm and therapy_names.get(arm.get("therapy") or ""),
                    versus, r.get("text"), p and pvalue_word(p["comparison"], p["value"]),
                    "not significant" if r.get("significant") is False else None]
            label = ep["label"]
            hit = _hit("trial", tid, name, "result", ep["id"], label, ep["locator"],
                       [_figure(r, arm["label"] if arm else "whole trial", ep["kind"], ep["unit"], versus)],
                       [("endpoint", label), ("measure", ep["measure"]),
                        ("P-value", p and f"P{p['comparison']}{_plain(p['value'])}"), *_notes(r, p)])
            implied = ""
            if p:
                more = implied_pvalue_words(p["comparison"], p["value"])
                hit["pvalue_words"] = [pvalue_word(p["comparison"], p["value"]), *more]
                implied = " ".join(more)
            yield _doc([], title, body, owner, _notes(r, p), hit, implied)
        notes = _notes(ep)
        if notes:
            yield _doc([], [ep["label"]], [], owner, notes,
                       _hit("trial", tid, name, "note", ep["id"], ep["label"], ep["locator"],
                            [_figure(r, labels.get(r["arm"] or "", "whole trial"), ep["kind"], ep["unit"],
                                     labels.get(r.get("versus") or "")) for r in ep["results"]],
                            [("endpoint", ep["label"]), *notes]))
    for f in trial["facts"]:
        yield _fact_doc(f, "trial", tid, name, owner, labels)


def review_documents(facts: list[Json], source: Json) -> Iterator[Document]:
    """Review-level facts (each names its source; ``source`` is the first one, for facts that do not)."""
    owner = _owner(["Review"])
    for f in facts:
        yield _fact_doc(f, "review", f.get("source") or source["id"], "Review", owner, {})


def create(db: Any) -> None:
    for statement in SCHEMA:
        db.execute(statement)


_KINDS = {"review": 1, "therapy": 2, "trial": 3}
_NAMES = {v: k for k, v in _KINDS.items()}


def ref(record: str, ord_: int, n: int) -> int:
    """The rowid of the n-th document of a record (the index holds no text: a hit is made again from its record).

    Kind in bits 60-61, the record's order (``ord``, below 2**44) in bits 16-59, the document in bits 0-15."""
    if n >= 1 << 16 or ord_ >= 1 << 44:
        raise ValueError("too many documents for one record, or too many records")
    return _KINDS[record] << 60 | ord_ << 16 | n


def unref(rowid: int) -> tuple[str, int, int]:
    """(record type, record order, document number) of a rowid made by ``ref``."""
    return _NAMES.get(rowid >> 60, "?"), (rowid >> 16) & ((1 << 44) - 1), rowid & 0xFFFF


def rows(record: str, ord_: int, documents: Iterable[Document]) -> Iterator[tuple[Any, ...]]:
    """Index rows of a record's documents: the rowid, then the words by column."""
    for n, doc in enumerate(documents):
        yield (ref(record, ord_, n), *doc.words)


INSERT = f"INSERT INTO {TABLE} (rowid, {', '.join(COLUMNS)}) VALUES ({', '.join('?' * (len(COLUMNS) + 1))})"
