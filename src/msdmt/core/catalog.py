"""The catalog: validated data, the indexes lookups need, and one method per question.

``msdmt.open()`` returns a Catalog; each question method returns the same typed
view the command line renders, so ``view.to_dict()`` equals the command's
``--json`` output. The methods take the commands' arguments (text or the Enums
of ``msdmt.core.choices``).
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from msdmt.data.text import normalize, shown
from msdmt.errors import AmbiguousError, NotFoundError

if TYPE_CHECKING:
    from msdmt.core.choices import Category, ComparatorType, Route, Sort
    from msdmt.core.shapes import Citation
    from msdmt.core.views import (
        AdverseEventsView,
        AuditView,
        ChartView,
        CompareView,
        GlossaryView,
        SearchView,
        SourcesView,
        TherapiesView,
        TherapyView,
        TrialsView,
        TrialView,
    )
    from msdmt.data.compiler import DataStore
    from msdmt.data.store import Store

Json = dict[str, Any]
V = TypeVar("V")


class Catalog:
    """The questions, asked of a compiled store (``msdmt.data.store``): lookups read only the rows they need.

    ``Catalog(data)`` asks a data set held in memory (``DataStore``: its full-text search compiles it);
    ``Catalog(store=..., reopen=...)`` reads a compiled database. When the store
    turns out to be corrupt (a record does not match its digest), ``reopen`` gives
    a fresh one and the question is asked again: a corrupt cache is a miss.
    """

    def __init__(self, data: Json | None = None, *, store: Store | DataStore | None = None,
                 reopen: Callable[[], Store] | None = None, meta: Json | None = None) -> None:
        if store is None:
            if data is None:
                raise TypeError("Catalog needs data or a store")
            from msdmt.data.compiler import DataStore

            store = DataStore(data)
        self.store = store
        self._reopen = reopen
        self._data = data
        self.meta: Json = meta if meta is not None else dict((data or {}).get("meta") or {})
        self._therapies: dict[str, Json] = {}
        self._trials: dict[str, list[Json]] = {}  # trial id -> its reports
        self._sources: list[Json] | None = None

    @classmethod
    def open(cls, data_dirs: str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | None = None, *,
             bundled: bool = True) -> Catalog:
        """The catalog of the bundled data (unless not ``bundled``) with ``data_dirs`` (one directory or several)
        added in order, as ``--data-dir`` and ``--no-bundled`` give it: its compiled store in the cache
        directory, compiled first when there is none for this content."""
        from msdmt.data.load import open_store

        found, afresh, meta = open_store(data_dirs, bundled=bundled)
        return cls(store=found, reopen=afresh, meta=meta)

    def _asked(self, question: Callable[[], V]) -> V:
        """The answer to a question; when the store turns out corrupt, the answer from a fresh one (once)."""
        from msdmt.data.store import CorruptStore

        try:
            return question()
        except CorruptStore:
            if self._reopen is None:
                raise
            self.store = self._reopen()
            self._reopen = None  # a store made afresh that is corrupt again is an error, not a loop
            self._therapies, self._trials, self._sources, self._data = {}, {}, None, None
            return question()

    @property
    def data(self) -> Json:
        """The whole data set (sources, facts, therapies, trials), read once: for the audit and other whole-data
        questions; a lookup never needs it."""
        if self._data is None:
            self._data = {"sources": self.source_records(), "facts": self.review_facts(),
                          "therapies": self.all_therapies(),
                          "trials": list(self.iter_trials()), "meta": self.meta}
        return self._data

    # -- records -----------------------------------------------------------
    def therapy_record(self, therapy_id: str) -> Json:
        if therapy_id not in self._therapies:
            record = self.store.therapy(therapy_id)
            if record is None:
                raise NotFoundError(f"no therapy with id {shown(therapy_id)}")
            self._therapies[therapy_id] = record
        return self._therapies[therapy_id]

    def trial_record(self, trial_id: str) -> Json:
        """The trial's first report (in data order)."""
        return self.trial_reports(trial_id)[0]

    def trial_reports(self, trial_id: str) -> list[Json]:
        """Every report of a trial, one per source, in data order (the first is ``trial_record``)."""
        if trial_id not in self._trials:
            reports = self.store.trial_reports(trial_id)
            if not reports:
                raise NotFoundError(f"no trial with id {shown(trial_id)}")
            self._trials[trial_id] = reports
        return self._trials[trial_id]

    def all_therapies(self) -> list[Json]:
        """Every therapy record, in the data's order (a library has far fewer therapies than trials)."""
        records = self.store.therapies()
        for t in records:
            self._therapies.setdefault(t["id"], t)
        return [self._therapies[t["id"]] for t in records]

    def iter_therapies(self) -> Iterator[Json]:
        """Every therapy record, in the data's order."""
        yield from self.all_therapies()

    def iter_trials(self) -> Iterator[Json]:
        """Every trial record, in the data's order, streamed."""
        if self._data is not None:
            yield from self._data["trials"]
        else:
            yield from self.store.iter_trials()

    def trials_involving(self, therapy_ids: list[str]) -> list[Json]:
        """The trials with an arm of (or studying) any of these therapies, in the data's order."""
        return self.store.trials_involving(therapy_ids)

    def comparator_events(self, therapy_id: str) -> list[tuple[Json, Json]]:
        """(owner therapy, adverse event) of every adverse event printed with this therapy as comparator."""
        out = []
        for owner_id, ae_id in self.store.comparator_owners(therapy_id):
            owner = self.therapy_record(owner_id)
            out.append((owner, next(ae for ae in owner["adverse_events"] if ae["id"] == ae_id)))
        return out

    def adverse_event_words(self) -> Iterator[tuple[str, str]]:
        """(event, category) of every adverse event."""
        yield from self.store.adverse_event_words()

    def review_facts(self) -> list[Json]:
        """The review-level facts (figures about the field, not one therapy or trial)."""
        return self.store.review_facts()

    def source_records(self) -> list[Json]:
        """Every source record, in the data's order."""
        if self._sources is None:
            self._sources = self.store.sources()
        return self._sources

    def source(self, source_id: str) -> Json:
        return next(s for s in self.source_records() if s["id"] == source_id)

    def citation(self, source_id: str | None = None) -> Citation:
        return citation(self.source(source_id or self.source_records()[0]["id"]))

    def citations(self, source_ids: Iterable[str | None]) -> list[Citation]:
        """The citations of these sources (each once, in the order of the sources in the data): those of the
        figures a view shows, and only those."""
        wanted = {s for s in source_ids if s}
        return [citation(s) for s in self.source_records() if s["id"] in wanted]

    # -- lookups -----------------------------------------------------------
    def _named(self, kind: str, key: str) -> str | None:
        """The id a lookup key names, checked against the record (a stray index row is corruption)."""
        ids = self.store.named(kind, key) if key else []
        if not ids:
            return None
        records = [self.therapy_record(ids[0])] if kind == "therapy" else self.trial_reports(ids[0])
        names = [n for r in records for n in (r["id"], r["name"], *(r.get("aliases") or []), r.get("brand")) if n]
        if key not in {normalize(n) for n in names}:
            from msdmt.data.store import CorruptStore

            raise CorruptStore("a name is filed under a record that does not carry it")
        return ids[0]

    def find_therapy(self, name: str) -> Json:
        """The therapy record a typed name means; NotFoundError or AmbiguousError (with ``candidates``)."""
        key = normalize(name)
        exact = self._named("therapy", key)
        if exact is not None:
            return self.therapy_record(exact)
        ids = self.therapy_candidates(name)
        if len(ids) == 1:
            return self.therapy_record(ids[0])
        if len(ids) > 1:
            options = "; ".join(f"{i} ({_names(self.therapy_record(i))})" for i in ids)
            raise AmbiguousError(f"{shown(name)} matches more than one therapy: {options}. Name one of them.", ids)
        raise NotFoundError(self._unknown("therapy", name, key, "therapies"))

    def therapy_candidates(self, name: str) -> list[str]:
        """Ids of every therapy a name could mean: an exact name, a shared generic name, or a beginning of names."""
        key = normalize(name)
        exact = self._named("therapy", key)
        if exact is not None:
            return [exact]
        ids = self.store.named("generic", key) if key else []
        if not ids and len(key) >= 3:
            # A beginning of names ("ifn", "interferon", "natal"): one match is it, several are listed.
            ids = list(dict.fromkeys(i for _, i in self.store.keys_starting("therapy", key)))
        return ids

    def find_trial(self, name: str) -> Json:
        key = normalize(name)
        exact = self._named("trial", key)
        if exact is not None:
            return self.trial_record(exact)
        therapies = self.therapy_candidates(name) if name.strip() else []
        if therapies:
            # A therapy where a trial was expected: name its trials.
            trials = list(dict.fromkeys(t["id"] for t in self.trials_involving(therapies)))  # a trial once
            who = ", ".join(self.therapy_record(i)["name"] for i in therapies)
            listing = ", ".join(trials) if trials else "none in this data"
            raise NotFoundError(f"{shown(name)} is a therapy ({who}), not a trial; its trials: {listing} "
                                f"(or: msdmt compare --therapy {therapies[0]})")
        raise NotFoundError(self._unknown("trial", name, key, "trials"))

    def _unknown(self, kind: str, name: str, key: str, listing: str) -> str:
        """Not found, with the closest names (those of about the same length with the same first letter)."""
        names = self.store.keys_near(kind, key, spread=max(2, len(key) // 3)) if key and name.strip() else {}
        return _unknown(kind, name, key, names, listing)

    # -- questions: the same as the commands ---------------------------------
    def therapies(self, route: Route | str | None = None) -> TherapiesView:
        """Table 1, optionally one route."""
        from msdmt.core import queries

        return self._asked(lambda: queries.therapies_view(self, route))

    def therapy(self, name: str) -> TherapyView:
        """One therapy with its trials, adverse events and derived figures."""
        from msdmt.core import queries

        return self._asked(lambda: queries.therapy_view(self, name))

    def trials(self, therapy: str | None = None, comparator: ComparatorType | str | None = None,
               phase: int | None = None) -> TrialsView:
        """The trials, optionally filtered by therapy (any arm), comparator type and phase."""
        from msdmt.core import queries

        return self._asked(lambda: queries.trials_view(self, therapy, comparator, phase))

    def trial(self, trial_id: str, endpoint: str | None = None) -> TrialView:
        """One trial: arms, every endpoint (or those matching ``endpoint``), derived figures."""
        from msdmt.core import queries

        return self._asked(lambda: queries.trial_view(self, trial_id, endpoint))

    def compare(self, trial_ids: Sequence[str] = (), endpoint: str | None = None, therapy: str | None = None,
                comparator: ComparatorType | str | None = None) -> CompareView:
        """Two or more trials side by side, aligned by endpoint: those named, plus those the filters pick."""
        from msdmt.core import queries

        return self._asked(lambda: queries.compare_view(self, list(trial_ids), endpoint, therapy, comparator))

    def chart(self, trial_ids: Sequence[str] = (), endpoint: str | None = None, therapy: str | None = None,
              comparator: ComparatorType | str | None = None) -> ChartView:
        """The reported reductions of two or more trials, as ``compare --chart`` draws them."""
        from msdmt.core.chart import chart_view

        return self._asked(lambda: chart_view(self.compare(trial_ids, endpoint, therapy, comparator)))

    def adverse_events(self, therapy: str | None = None, sort: Sort | str = "rate",
                       category: Category | str | None = None, event: str | None = None) -> AdverseEventsView:
        """Adverse events with rates, comparator rates and sources; ``event`` keeps those whose name or category
        has these words."""
        from msdmt.core import queries

        return self._asked(lambda: queries.adverse_events_view(self, therapy, sort, category, event))

    def search(self, text: str, limit: int | None = None) -> SearchView:
        """What the words find (names, endpoints, figures, adverse events, notes), best first, with its figures."""
        from msdmt.core.search import DEFAULT_LIMIT, search_view

        return self._asked(lambda: search_view(self, text, DEFAULT_LIMIT if limit is None else limit))

    def sources(self) -> SourcesView:
        """Every source, with counts of the records that name it."""
        from msdmt.core.views import SourcesView
        from msdmt.data.sourcing import figures

        counts: dict[str, dict[str, int]] = {s["id"]: dict.fromkeys(
            ("therapies", "trials", "endpoints", "adverse events", "facts", "figures"), 0) for s in self.data["sources"]}

        def count(source: str | None, kind: str, n: int = 1) -> None:
            if source in counts:
                counts[source][kind] += n

        # Each record by its own source (an endpoint, adverse event or fact may name another than its record's).
        for t in self.data["therapies"]:
            count(t["source"], "therapies")
            for ae in t["adverse_events"]:
                count(ae.get("source") or t["source"], "adverse events")
            for f in t["facts"]:
                count(f.get("source") or t["source"], "facts")
        for tr in self.data["trials"]:
            count(tr["source"], "trials")
            for ep in tr["endpoints"]:
                count(ep.get("source") or tr["source"], "endpoints")
            for f in tr["facts"]:
                count(f.get("source") or tr["source"], "facts")
        for f in self.data["facts"]:
            count(f["source"], "facts")
        # Figures by their own source: a report's figure may name another source than its record.
        for record in [*self.data["therapies"], *self.data["trials"], *self.data["facts"]]:
            for source in figures(record):
                count(source, "figures")
        return SourcesView(sources=[{"source": s, "citation": citation(s), "counts": counts[s["id"]]}
                                    for s in self.data["sources"]])

    def find_source(self, name: str) -> Json:
        key = normalize(name)
        for s in self.data["sources"]:
            if normalize(s["id"]) == key:
                found: Json = s
                return found
        ids = ", ".join(s["id"] for s in self.data["sources"])
        raise NotFoundError(f"no source named {shown(name)}; the sources are {ids} (a source of your own is "
                            "added with --data-dir DIR)")

    def audit(self) -> AuditView:
        """The data checked against itself."""
        from msdmt.core.audit import audit_view

        return self._asked(lambda: audit_view(self))

    def glossary(self, term: str | None = None) -> GlossaryView:
        """The review's abbreviations and terms, or those a name means (the glossary is always the bundled one)."""
        from msdmt.core.glossary import glossary_view

        return glossary_view(term)


def citation_text(source: Json) -> str:
    """A source in the Vancouver style the footers use: 'Authors. Title. Container Year;Vol(Issue):Pages. doi:X'."""
    parts = [", ".join(source["authors"]) + ".", source["title"].rstrip(".") + "."]
    where = source["container"]
    if source.get("year"):
        where += f" {source['year']}"
        if source.get("volume"):
            where += f";{source['volume']}" + (f"({source['issue']})" if source.get("issue") else "")
            if source.get("pages"):
                where += f":{source['pages']}"
    parts.append(where + ".")
    if source.get("doi"):
        parts.append(f"doi:{source['doi']}")
    if source.get("url"):
        parts.append(source["url"] + (f" (accessed {source['accessed']})" if source.get("accessed") else ""))
    return " ".join(parts)


def citation(source: Json) -> Citation:
    """The citation of a source record, as every view's footer and JSON give it, with its own vintage line."""
    return {"id": source["id"], "type": source["type"], "text": citation_text(source), "doi": source.get("doi"),
            "year": source.get("year"), "vintage": source["vintage"]}



def _names(therapy: Json) -> str:
    """'Name, Brand', or the name alone for a therapy without a brand."""
    return ", ".join(x for x in (therapy["name"], therapy["brand"]) if x)


def _unknown(kind: str, name: str, key: str, names: dict[str, str], listing: str) -> str:
    if not name.strip():
        return f"no {kind} name given"
    close = difflib.get_close_matches(key, list(names), n=3, cutoff=0.6) if key else []
    ids = list(dict.fromkeys(names[c] for c in close))
    if ids:
        return f"no {kind} named {shown(name)}; did you mean {' or '.join(repr(i) for i in ids)}?"
    return f"no {kind} named {shown(name)}; 'msdmt {listing}' lists them"
