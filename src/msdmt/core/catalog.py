"""The catalog: validated data, the indexes lookups need, and one method per question.

``msdmt.open()`` returns a Catalog; each question method returns the same typed
view the command line renders, so ``view.to_dict()`` equals the command's
``--json`` output. The methods take the commands' arguments (text or the Enums
of ``msdmt.core.choices``).
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

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

Json = dict[str, Any]


class Catalog:
    """Validated data with the indexes that lookups need."""

    def __init__(self, data: Json) -> None:
        self.data = data
        self.therapies_by_id: dict[str, Json] = {t["id"]: t for t in data["therapies"]}
        self.trials_by_id: dict[str, Json] = {t["id"]: t for t in data["trials"]}
        self._therapy_names = _index(data["therapies"], ("id", "name", "brand"), "aliases")
        self._trial_names = _index(data["trials"], ("id", "name"), "aliases")
        self._generics: dict[str, list[str]] = {}
        for t in data["therapies"]:
            self._generics.setdefault(normalize(t["generic"]), []).append(t["id"])

    # -- lookups -----------------------------------------------------------
    def find_therapy(self, name: str) -> Json:
        """The therapy record a typed name means; NotFoundError or AmbiguousError (with ``candidates``)."""
        key = normalize(name)
        if key in self._therapy_names:
            return self.therapies_by_id[self._therapy_names[key]]
        ids = self.therapy_candidates(name)
        if len(ids) == 1:
            return self.therapies_by_id[ids[0]]
        if len(ids) > 1:
            options = "; ".join(f"{i} ({_names(self.therapies_by_id[i])})" for i in ids)
            raise AmbiguousError(f"{shown(name)} matches more than one therapy: {options}. Name one of them.", ids)
        raise NotFoundError(_unknown("therapy", name, key, self._therapy_names, "therapies"))

    def therapy_candidates(self, name: str) -> list[str]:
        """Ids of every therapy a name could mean: an exact name, a shared generic name, or a beginning of names."""
        key = normalize(name)
        if key in self._therapy_names:
            return [self._therapy_names[key]]
        ids = self._generics.get(key, [])
        if not ids and len(key) >= 3:
            # A beginning of names ("ifn", "interferon", "natal"): one match is it, several are listed.
            ids = list(dict.fromkeys(i for k, i in self._therapy_names.items() if k.startswith(key)))
        return list(ids)

    def find_trial(self, name: str) -> Json:
        key = normalize(name)
        if key in self._trial_names:
            return self.trials_by_id[self._trial_names[key]]
        therapies = self.therapy_candidates(name) if name.strip() else []
        if therapies:
            # A therapy where a trial was expected: name its trials.
            trials = [t["id"] for t in self.data["trials"]
                      if any(i in t["therapies"] or any(a["therapy"] == i for a in t["arms"]) for i in therapies)]
            who = ", ".join(self.therapies_by_id[i]["name"] for i in therapies)
            listing = ", ".join(trials) if trials else "none in this data"
            raise NotFoundError(f"{shown(name)} is a therapy ({who}), not a trial; its trials: {listing} "
                                f"(or: msdmt compare --therapy {therapies[0]})")
        raise NotFoundError(_unknown("trial", name, key, self._trial_names, "trials"))

    def source(self, source_id: str) -> Json:
        return next(s for s in self.data["sources"] if s["id"] == source_id)

    def citation(self, source_id: str | None = None) -> Citation:
        return citation(self.source(source_id or self.data["sources"][0]["id"]))

    # -- questions: the same as the commands ---------------------------------
    def therapies(self, route: Route | str | None = None) -> TherapiesView:
        """Table 1, optionally one route."""
        from msdmt.core import queries

        return queries.therapies_view(self, route)

    def therapy(self, name: str) -> TherapyView:
        """One therapy with its trials, adverse events and derived figures."""
        from msdmt.core import queries

        return queries.therapy_view(self, name)

    def trials(self, therapy: str | None = None, comparator: ComparatorType | str | None = None,
               phase: int | None = None) -> TrialsView:
        """The trials, optionally filtered by therapy (any arm), comparator type and phase."""
        from msdmt.core import queries

        return queries.trials_view(self, therapy, comparator, phase)

    def trial(self, trial_id: str, endpoint: str | None = None) -> TrialView:
        """One trial: arms, every endpoint (or those matching ``endpoint``), derived figures."""
        from msdmt.core import queries

        return queries.trial_view(self, trial_id, endpoint)

    def compare(self, trial_ids: Sequence[str] = (), endpoint: str | None = None, therapy: str | None = None,
                comparator: ComparatorType | str | None = None) -> CompareView:
        """Two or more trials side by side, aligned by endpoint: those named, plus those the filters pick."""
        from msdmt.core import queries

        return queries.compare_view(self, list(trial_ids), endpoint, therapy, comparator)

    def chart(self, trial_ids: Sequence[str] = (), endpoint: str | None = None, therapy: str | None = None,
              comparator: ComparatorType | str | None = None) -> ChartView:
        """The reported reductions of two or more trials, as ``compare --chart`` draws them."""
        from msdmt.core.chart import chart_view

        return chart_view(self.compare(trial_ids, endpoint, therapy, comparator))

    def adverse_events(self, therapy: str | None = None, sort: Sort | str = "rate",
                       category: Category | str | None = None, event: str | None = None) -> AdverseEventsView:
        """Adverse events with rates, comparator rates and sources; ``event`` keeps those whose name or category
        has these words."""
        from msdmt.core import queries

        return queries.adverse_events_view(self, therapy, sort, category, event)

    def search(self, text: str) -> SearchView:
        """Records whose names, endpoints, events or notes contain the text."""
        from msdmt.core.search import search_view

        return search_view(self, text)

    def sources(self) -> SourcesView:
        """Every source, with counts of the records that name it."""
        from msdmt.core.views import SourcesView

        counts: dict[str, dict[str, int]] = {s["id"]: dict.fromkeys(
            ("therapies", "trials", "endpoints", "adverse events", "facts"), 0) for s in self.data["sources"]}

        def count(source: str | None, kind: str, n: int = 1) -> None:
            if source in counts:
                counts[source][kind] += n

        for t in self.data["therapies"]:
            count(t["source"], "therapies")
            count(t["source"], "adverse events", len(t["adverse_events"]))
            count(t["source"], "facts", len(t["facts"]))
        for tr in self.data["trials"]:
            count(tr["source"], "trials")
            count(tr["source"], "endpoints", len(tr["endpoints"]))
            count(tr["source"], "facts", len(tr["facts"]))
        for f in self.data["facts"]:
            count(f["source"], "facts")
        return SourcesView(sources=[{"source": s, "citation": citation(s), "counts": counts[s["id"]]}
                                    for s in self.data["sources"]])

    def find_source(self, name: str) -> Json:
        key = normalize(name)
        for s in self.data["sources"]:
            if normalize(s["id"]) == key:
                found: Json = s
                return found
        ids = ", ".join(s["id"] for s in self.data["sources"])
        raise NotFoundError(f"no source named {shown(name)}; the sources are {ids}")

    def audit(self) -> AuditView:
        """The data checked against itself."""
        from msdmt.core.audit import audit_view

        return audit_view(self)

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


def _index(records: list[Json], fields: tuple[str, ...], list_field: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for r in records:
        names = [r[f] for f in fields if r.get(f)] + list(r.get(list_field) or [])
        for n in names:
            out.setdefault(normalize(n), r["id"])
    return out


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
