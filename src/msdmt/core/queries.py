"""Questions asked of the validated data; each answer is a JSON-ready dict (a "view").

Views carry full records with their locators and notes, so the JSON output is
at least as complete as any table drawn from it. Formatting lives elsewhere.
"""

from __future__ import annotations

import difflib

from msdmt.data.text import SKIP_FIELDS as _SKIP_FIELDS
from msdmt.data.text import fold as _fold
from msdmt.data.text import normalize, search_blob
from msdmt.data.text import walk_text as _walk_text
from msdmt.errors import AmbiguousError, NotFoundError, UsageError

CROSS_TRIAL_CAUTION = (
    "Figures from different trials side by side are not a head-to-head comparison: "
    "the trials differ in design, population, comparator and period."
)


class Catalog:
    """Validated data with the indexes that lookups need."""

    def __init__(self, data: dict):
        self.data = data
        self.therapies = {t["id"]: t for t in data["therapies"]}
        self.trials = {t["id"]: t for t in data["trials"]}
        self._therapy_names = _index(data["therapies"], ("id", "name", "brand"), "aliases")
        self._trial_names = _index(data["trials"], ("id", "name"), "aliases")
        self._generics: dict[str, list[str]] = {}
        for t in data["therapies"]:
            self._generics.setdefault(normalize(t["generic"]), []).append(t["id"])

    # -- lookups -----------------------------------------------------------
    def therapy(self, name: str) -> dict:
        key = normalize(name)
        if key in self._therapy_names:
            return self.therapies[self._therapy_names[key]]
        ids = self._generics.get(key, [])
        if not ids and len(key) >= 3:
            # A beginning of names ("ifn", "interferon", "natal"): one match is it, several are listed.
            ids = list(dict.fromkeys(i for k, i in self._therapy_names.items() if k.startswith(key)))
        if len(ids) == 1:
            return self.therapies[ids[0]]
        if len(ids) > 1:
            options = "; ".join(f"{i} ({self.therapies[i]['name']}, {self.therapies[i]['brand']})" for i in ids)
            raise AmbiguousError(f"{name!r} matches more than one therapy: {options}. Name one of them.")
        raise NotFoundError(_unknown("therapy", name, key, self._therapy_names, "therapies"))

    def trial(self, name: str) -> dict:
        key = normalize(name)
        if key in self._trial_names:
            return self.trials[self._trial_names[key]]
        raise NotFoundError(_unknown("trial", name, key, self._trial_names, "trials"))

    def source(self, source_id: str) -> dict:
        return next(s for s in self.data["sources"] if s["id"] == source_id)

    def citation(self, source_id: str | None = None) -> dict:
        s = self.source(source_id or self.data["sources"][0]["id"])
        authors = ", ".join(s["authors"])
        text = f"{authors}. {s['title']}. {s['journal']} {s['year']};{s['volume']}:{s['pages']}. doi:{s['doi']}"
        return {"id": s["id"], "text": text, "doi": s["doi"], "year": s["year"]}


def _index(records: list[dict], fields: tuple[str, ...], list_field: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for r in records:
        names = [r[f] for f in fields if r.get(f)] + list(r.get(list_field) or [])
        for n in names:
            out.setdefault(normalize(n), r["id"])
    return out


def _unknown(kind: str, name: str, key: str, names: dict, listing: str) -> str:
    if not key:
        return f"no {kind} name given"
    close = difflib.get_close_matches(key, list(names), n=3, cutoff=0.6)
    ids = list(dict.fromkeys(names[c] for c in close))
    if ids:
        return f"no {kind} named {name!r}; did you mean {' or '.join(repr(i) for i in ids)}?"
    return f"no {kind} named {name!r}; 'msdmt {listing}' lists them"


# -- summaries shared by several views ----------------------------------------
KEY_MEASURES = ("arr-reduction", "disability-risk-reduction")


def trial_summary(trial: dict, role_of: str | None = None) -> dict:
    """The headline of a trial: design, size and its reported key results (first report of each)."""
    key_results = []
    for measure in KEY_MEASURES:
        ep = next((e for e in trial["endpoints"] if e["measure"] == measure), None)
        if ep is not None:
            key_results.append(ep)
    out = {
        "id": trial["id"],
        "name": trial["name"],
        "kind": trial["kind"],
        "phase": trial["phase"],
        "therapies": trial["therapies"],
        "comparator": trial["comparator"],
        "population": trial["population"],
        "durations": trial["durations"],
        "arms": trial["arms"],
        "key_results": key_results,
    }
    if role_of is not None:
        out["role"] = "studied" if role_of in trial["therapies"] else "comparator"
    return out


def comparator_rates(cat: Catalog, therapy_id: str) -> list[dict]:
    """Rates printed for this therapy as the comparator of another therapy's adverse events."""
    out = []
    for owner in cat.data["therapies"]:
        for ae in owner["adverse_events"]:
            comp = ae["comparator"]
            if comp and comp["therapy"] == therapy_id:
                out.append({"of_therapy": owner["id"], "of_therapy_name": owner["name"], "adverse_event": ae["id"],
                            "event": ae["event"], "category": ae["category"], "label": comp["label"],
                            "rate": comp["rate"], "context": ae["context"]})
    return out


def therapy_row(t: dict) -> dict:
    """A therapy without its adverse events: the content of one Table 1 row."""
    return {k: v for k, v in t.items() if k != "adverse_events"} | {"adverse_event_count": len(t["adverse_events"])}


def _involves(trial: dict, therapy_id: str) -> bool:
    return therapy_id in trial["therapies"] or any(a["therapy"] == therapy_id for a in trial["arms"])


# -- views ---------------------------------------------------------------------
def therapies_view(cat: Catalog, route: str | None = None) -> dict:
    rows = list(cat.data["therapies"])
    if route is not None:
        wanted = route.casefold()
        routes = sorted({t["route"] for t in rows if t["route"]})
        if wanted not in {r.casefold() for r in routes}:
            raise UsageError(f"unknown route {route!r}; choose from {', '.join(routes)}")
        rows = [t for t in rows if (t["route"] or "").casefold() == wanted]
    return {
        "view": "therapies",
        "filters": {"route": route},
        "therapies": [therapy_row(t) for t in rows],
        "facts": cat.data["facts"],
        "source": cat.citation(),
    }


def therapy_view(cat: Catalog, name: str) -> dict:
    from .derive import derive_adverse_events

    t = cat.therapy(name)
    trials = [trial_summary(tr, role_of=t["id"]) for tr in cat.data["trials"] if _involves(tr, t["id"])]
    return {"view": "therapy", "therapy": t, "trials": trials, "derived": derive_adverse_events(t),
            "comparator_rates": comparator_rates(cat, t["id"]), "source": cat.citation(t["source"])}


def trials_view(cat: Catalog, therapy: str | None = None, comparator: str | None = None, phase: int | None = None) -> dict:
    rows = list(cat.data["trials"])
    therapy_id = None
    if therapy is not None:
        therapy_id = cat.therapy(therapy)["id"]
        rows = [t for t in rows if _involves(t, therapy_id)]
    if comparator is not None:
        comparator = comparator.casefold()
        if comparator not in ("placebo", "active"):
            raise UsageError(f"unknown comparator {comparator!r}; choose placebo or active")
        rows = [t for t in rows if t["comparator"] and t["comparator"]["type"] == comparator]
    if phase is not None:
        rows = [t for t in rows if t["phase"] == phase]
    return {
        "view": "trials",
        "filters": {"therapy": therapy_id, "comparator": comparator, "phase": phase},
        "trials": [trial_summary(t, role_of=therapy_id) for t in rows],
        "source": cat.citation(),
    }


def trial_view(cat: Catalog, name: str) -> dict:
    from .derive import derive_trial

    t = cat.trial(name)
    return {"view": "trial", "trial": t, "derived": derive_trial(t), "source": cat.citation(t["source"])}


def _differences(trials: list[dict]) -> list[dict]:
    def comparator(t: dict) -> str:
        return t["comparator"]["label"] if t["comparator"] else "none"

    def population(t: dict) -> str:
        p = t["population"]
        return (p["category"] or p["text"]) if p else "not stated"

    def duration(t: dict) -> str:
        d = t["durations"]
        return f"{d[0]['value']:g} {d[0]['unit']}" if d and d[0]["value"] is not None else "not stated"

    out = []
    for aspect, get in (("comparator", comparator), ("population", population), ("duration", duration)):
        values = {t["id"]: get(t) for t in trials}
        if len(set(values.values())) > 1:
            out.append({"aspect": aspect, "values": values})
    return out


WHOLE_TRIAL = "*"  # column key of figures that belong to a whole trial, not one arm


def compare_view(cat: Catalog, names: list[str]) -> dict:
    from .derive import derive_trial

    trials = [cat.trial(n) for n in names]
    ids = [t["id"] for t in trials]
    if len(set(ids)) != len(ids):
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        raise UsageError(f"trial {', '.join(dupes)} named twice; compare needs different trials")
    if len(trials) < 2:
        raise UsageError("compare needs at least two trials")
    rows: dict[tuple[str, str], dict] = {}
    whole: set[str] = set()  # trials with figures for the whole trial rather than one arm
    for t in trials:
        for ep in t["endpoints"]:
            row = rows.setdefault(
                (ep["measure"], ep["origin"]),
                {"measure": ep["measure"], "origin": ep["origin"], "labels": {}, "kind": ep["kind"],
                 "unit": ep["unit"], "cells": {}},
            )
            row["labels"][t["id"]] = ep["label"]
            notes = {k: ep[k] for k in ("repair", "erratum", "note")}
            for r in ep["results"]:
                if r["arm"] is None:
                    whole.add(t["id"])
                cell = r | {"whole_trial": r["arm"] is None, "locator": ep["locator"], "endpoint": ep["id"],
                            "unit": ep["unit"], "kind": ep["kind"], "endpoint_notes": notes}
                row["cells"].setdefault(f"{t['id']}/{r['arm'] or WHOLE_TRIAL}", []).append(cell)
    columns = []
    for t in trials:
        if t["id"] in whole:
            columns.append({"trial": t["id"], "arm": WHOLE_TRIAL, "label": "whole trial", "role": "whole trial"})
        columns += [{"trial": t["id"], "arm": a["id"], "label": a["label"], "role": a["role"]} for a in t["arms"]]
    return {
        "view": "compare",
        "trials": [trial_summary(t) for t in trials],
        "columns": columns,
        "rows": list(rows.values()),
        "derived": [d for t in trials for d in derive_trial(t)],
        "differences": _differences(trials),
        "caution": CROSS_TRIAL_CAUTION,
        "source": cat.citation(),
    }


def _rate_key(ae: dict) -> tuple:
    rate = ae["rate"]
    if rate is None or rate["value"] is None:
        return (1, 0.0)
    return (0, -rate["value"])


def adverse_events_view(cat: Catalog, therapy: str | None = None, sort: str = "rate", category: str | None = None) -> dict:
    selected = [cat.therapy(therapy)] if therapy is not None else cat.data["therapies"]
    events = [ae | {"therapy": t["id"]} for t in selected for ae in t["adverse_events"]]
    sort = sort.casefold()
    if category is not None:
        category = category.casefold()
        categories = ("infusion", "infection", "autoimmune", "malignancy", "haematological")
        if category not in categories:
            raise UsageError(f"unknown category {category!r}; choose from {', '.join(categories)}")
        events = [e for e in events if e["category"] == category]
    if sort == "rate":
        events.sort(key=_rate_key)
    elif sort == "event":
        events.sort(key=lambda e: e["event"].casefold())
    elif sort == "category":
        events.sort(key=lambda e: (e["category"], _rate_key(e)))
    elif sort != "source":
        raise UsageError(f"unknown sort {sort!r}; choose rate, event, category or source")
    rates = comparator_rates(cat, selected[0]["id"]) if therapy is not None else []
    if category is not None:
        rates = [r for r in rates if r["category"] == category]
    return {
        "view": "adverse-events",
        "comparator_rates": rates,
        "filters": {"therapy": selected[0]["id"] if therapy is not None else None,
                    "therapy_name": selected[0]["name"] if therapy is not None else None,
                    "category": category, "sort": sort},
        "adverse_events": events,
        "source": cat.citation(),
    }


def search_view(cat: Catalog, text: str) -> dict:
    query = " ".join(text.split())
    if not query:
        raise UsageError("search needs some text to look for")
    needle = _fold(query)
    blobs = cat.data.get("search") or {}
    hits = []
    for kind, key in (("therapy", "therapies"), ("trial", "trials")):
        records = cat.data[key]
        texts = blobs.get(key) or [search_blob(r) for r in records]
        for rec, blob in zip(records, texts, strict=True):
            if needle not in blob:
                continue  # most records: one scan of one string instead of a walk
            for path, value in _walk_text(rec):
                if path[-1] in _SKIP_FIELDS or needle not in _fold(value):
                    continue
                hits.append({
                    "record": kind,
                    "id": rec["id"],
                    "name": rec["name"],
                    "field": ".".join(str(p) for p in path),
                    "what": _describe(rec, path),
                    "match": " ".join(value.split()),
                    "locator": _nearest_locator(rec, path),
                })
    return {"view": "search", "query": query, "hits": hits, "source": cat.citation()}


_CONTAINERS = {"endpoints": ("endpoint", "label"), "adverse_events": ("adverse event", "event"),
               "facts": ("fact", "label"), "arms": ("arm", "label")}


def _describe(rec: dict, path: tuple) -> str:
    """Human words for where a hit is, such as 'adverse event "Melanoma" / rate (printed)'."""
    parts: list[str] = []
    node: object = rec
    for i, part in enumerate(path[:-1]):
        node = node[part]  # type: ignore[index]
        if isinstance(part, int) and path[i - 1] in _CONTAINERS:
            noun, field = _CONTAINERS[path[i - 1]]
            parts.append(f'{noun} "{node[field]}"')  # type: ignore[index]
        elif isinstance(part, str) and isinstance(node, dict):
            parts.append(part.replace("_", " "))
    last = path[-1] if isinstance(path[-1], str) else path[-2]  # an alias in a list is "aliases"
    return " / ".join(parts + [last]) if parts else str(last)


def _first_locator(node: object) -> str | None:
    if isinstance(node, dict):
        if node.get("locator"):
            return node["locator"]
        children = node.values()
    elif isinstance(node, list):
        children = node
    else:
        return None
    for child in children:
        found = _first_locator(child)
        if found:
            return found
    return None


def _nearest_locator(rec: dict, path: tuple) -> str | None:
    """The locator of the innermost record around a hit, or the first one inside it."""
    node: object = rec
    found, innermost = rec.get("locator"), rec
    for part in path[:-1]:
        node = node[part]  # type: ignore[index]
        if isinstance(node, dict):
            innermost = node
            found = node.get("locator") or found
    return found or _first_locator(innermost)
