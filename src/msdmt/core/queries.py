"""Questions asked of the catalog; each answer is a typed view (``msdmt.core.views``).

Views carry full records with their locators and notes, so the JSON output is
at least as complete as any table drawn from it. Words and layout live in
``msdmt.render``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from msdmt.core.choices import Category, ComparatorType, Route, Sort, choose
from msdmt.core.views import AdverseEventsView, CompareView, TherapiesView, TherapyView, TrialsView, TrialView
from msdmt.data.text import matches_words, shown
from msdmt.errors import NotFoundError, UsageError

if TYPE_CHECKING:
    from msdmt.core.catalog import Catalog
    from msdmt.core.shapes import Cell, Column, ComparatorRate, Difference, Row, TrialSummary

Json = dict[str, Any]

# The one wording of the cross-trial caution; every view that puts trials side by side carries it.
CROSS_TRIAL_CAUTION = (
    "Figures from different trials side by side are not a head-to-head comparison: "
    "the trials differ in design, population, comparator and period."
)
KEY_MEASURES = ("arr-reduction", "disability-risk-reduction")
WHOLE_TRIAL = "*"  # column key of figures that belong to a whole trial, not one arm


def trial_summary(trial: Json, role_of: str | None = None) -> TrialSummary:
    """The headline of a trial: design, size and its reported key results (first report of each)."""
    key_results = []
    for measure in KEY_MEASURES:
        ep = next((e for e in trial["endpoints"] if e["measure"] == measure), None)
        if ep is not None:
            key_results.append(ep)
    role: Any = None
    if role_of is not None:
        role = "studied" if role_of in trial["therapies"] else "comparator"
    return {
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
        "role": role,
        "source": trial["source"],
    }


def comparator_rates(cat: Catalog, therapy_id: str) -> list[ComparatorRate]:
    """Rates printed for this therapy as the comparator of another therapy's adverse events."""
    out: list[ComparatorRate] = []
    for owner, ae in cat.comparator_events(therapy_id):
        comp = ae["comparator"]
        if comp and comp["therapy"] == therapy_id:
            out.append({"of_therapy": owner["id"], "of_therapy_name": owner["name"], "adverse_event": ae["id"],
                        "event": ae["event"], "category": ae["category"], "label": comp["label"],
                        "rate": comp["rate"], "context": ae["context"]})
    return out


def _used(records: Iterable[Json] | Iterable[TrialSummary]) -> list[str]:
    """The sources of every figure of these records (a record's own first)."""
    from msdmt.data.sourcing import used

    return [s for r in records for s in used(dict(r))]


def therapy_row(t: Json) -> Json:
    """A therapy without its adverse events: the content of one Table 1 row."""
    return {k: v for k, v in t.items() if k != "adverse_events"} | {"adverse_event_count": len(t["adverse_events"])}


def _involves(trial: Json, therapy_id: str) -> bool:
    return therapy_id in trial["therapies"] or any(a["therapy"] == therapy_id for a in trial["arms"])


def therapies_view(cat: Catalog, route: Route | str | None = None) -> TherapiesView:
    rows = cat.all_therapies()
    wanted = None
    if route is not None:
        wanted = choose(Route, route, "route")
        rows = [t for t in rows if t["route"] == wanted.value]
    facts = cat.review_facts()
    return TherapiesView(
        filters={"route": wanted.value if wanted else None},
        therapies=[therapy_row(t) for t in rows],
        facts=facts,
        sources=cat.citations([*_used(therapy_row(t) for t in rows), *(f["source"] for f in facts)]),
    )


def therapy_view(cat: Catalog, name: str) -> TherapyView:
    from msdmt.core.derive import derive_adverse_events

    t = cat.find_therapy(name)
    records = cat.trials_involving([t["id"]])
    order = {tid: k for k, tid in enumerate(dict.fromkeys(tr["id"] for tr in records))}
    records.sort(key=lambda tr: order[tr["id"]])  # a trial's reports together, in data order
    trials = [trial_summary(tr, role_of=t["id"]) for tr in records]
    rates = comparator_rates(cat, t["id"])
    return TherapyView(therapy=t, trials=trials, derived=derive_adverse_events(t), comparator_rates=rates,
                       caution=CROSS_TRIAL_CAUTION,
                       sources=cat.citations([*_used([t]), *_used(trials), *(r["rate"].get("source") for r in rates)]))


def _therapy_ids(cat: Catalog, name: str) -> list[str]:
    """Every therapy a name could mean: 'interferon' is all three interferons; an unknown name is an error."""
    ids = cat.therapy_candidates(name)
    return ids if ids else [cat.find_therapy(name)["id"]]


def _select_trials(cat: Catalog, therapy_ids: list[str] | None, kind: ComparatorType | None) -> list[Json]:
    rows = cat.trials_involving(therapy_ids) if therapy_ids is not None else list(cat.iter_trials())
    if therapy_ids is not None:
        rows = [t for t in rows if any(_involves(t, i) for i in therapy_ids)]
    if kind is not None:
        # Every report of a trial that a report says has this comparator (a later report need not restate it).
        ids = {t["id"] for t in rows if t["comparator"] and t["comparator"]["type"] == kind.value}
        rows = [t for t in rows if t["id"] in ids]
    return rows


def trials_view(cat: Catalog, therapy: str | None = None, comparator: ComparatorType | str | None = None,
                phase: int | None = None) -> TrialsView:
    therapy_ids = _therapy_ids(cat, therapy) if therapy is not None else None
    kind = choose(ComparatorType, comparator, "comparator") if comparator is not None else None
    rows = _select_trials(cat, therapy_ids, kind)
    if phase is not None:
        ids = {t["id"] for t in rows if t["phase"] == phase}  # every report of such a trial, as above
        rows = [t for t in rows if t["id"] in ids]
    order = {tid: k for k, tid in enumerate(dict.fromkeys(t["id"] for t in rows))}
    rows.sort(key=lambda t: order[t["id"]])  # a trial's reports together, in data order (the sort is stable)
    summaries = [_summary_for(t, therapy_ids) for t in rows]
    return TrialsView(
        filters={"therapy": therapy_ids, "comparator": kind.value if kind else None, "phase": phase},
        trials=summaries,
        caution=CROSS_TRIAL_CAUTION,
        sources=cat.citations(_used(summaries)),
    )


def _summary_for(trial: Json, therapy_ids: list[str] | None) -> TrialSummary:
    if not therapy_ids:
        return trial_summary(trial)
    studied = next((i for i in therapy_ids if i in trial["therapies"]), therapy_ids[0])
    return trial_summary(trial, role_of=studied)


def endpoint_matches(ep: Json, text: str) -> bool:
    """Whether an endpoint's label or measure has every word of ``text`` (as word beginnings).

    ARR is the annualized relapse rate (the review's tables use it so), so asking for "relapse"
    finds the ARR rows too.
    """
    spelled = "annualized relapse rate" if ep["measure"].startswith("arr") else ""
    return matches_words(text, ep["label"], ep["measure"], spelled)


def _only_endpoints(trial: Json, endpoint: str | None) -> Json:
    if endpoint is None:
        return trial
    return trial | {"endpoints": [ep for ep in trial["endpoints"] if endpoint_matches(ep, endpoint)]}


def _no_endpoint(endpoint: str, trials: list[Json]) -> NotFoundError:
    names = ", ".join(dict.fromkeys(t["id"] for t in trials))  # a trial once, whatever its reports
    return NotFoundError(f"no endpoint of {names} matches {shown(endpoint)}; "
                         "try a word of an endpoint label such as relapse, EDSS, lesions or disability")


def trial_view(cat: Catalog, name: str, endpoint: str | None = None) -> TrialView:
    from msdmt.core.derive import derive_trial
    from msdmt.core.reports import disagreements

    reports = cat.trial_reports(cat.find_trial(name)["id"])
    shown = [_only_endpoints(r, endpoint) for r in reports]
    if endpoint is not None and not any(t["endpoints"] for t in shown):
        raise _no_endpoint(endpoint, reports)
    # Derived figures come from the whole record (a caution may cite another printing of the outcome in the
    # same report), then keep those of the endpoints shown; each report's from that report alone.
    derived = []
    for k, (whole, t) in enumerate(zip(reports, shown, strict=True)):
        shown_ids = {ep["id"] for ep in t["endpoints"]}
        derived.append([d for d in derive_trial(whole, qualify=k > 0) if d["endpoint"] in shown_ids])
    return TrialView(trial=shown[0], derived=derived[0],
                     other_reports=[{"trial": t, "derived": d} for t, d in zip(shown[1:], derived[1:], strict=True)],
                     disagreements=disagreements(shown), filters={"endpoint": endpoint},
                     sources=cat.citations(_used(shown)))


def differences(trials: list[Json]) -> list[Difference]:
    """The aspects in which the trials differ: comparator, population, duration."""
    def comparator(t: Json) -> str:
        return str(t["comparator"]["label"]) if t["comparator"] else "none"

    def population(t: Json) -> str:
        p = t["population"]
        return str(p["category"] or p["text"]) if p else "not stated"

    def duration(t: Json) -> str:
        d = t["durations"]
        if not d or d[0]["value"] is None:
            return "not stated"
        unit = d[0]["unit"]
        return f"{d[0]['value']:g} {unit.removesuffix('s') if d[0]['value'] == 1 else unit}"

    out: list[Difference] = []
    for aspect, get in (("comparator", comparator), ("population", population), ("duration", duration)):
        values = {t["id"]: get(t) for t in trials}
        if len(set(values.values())) > 1:
            out.append({"aspect": aspect, "values": values})  # type: ignore[typeddict-item]
    return out


def compare_view(cat: Catalog, names: list[str], endpoint: str | None = None, therapy: str | None = None,
                 comparator: ComparatorType | str | None = None) -> CompareView:
    from msdmt.core.derive import derive_trial
    from msdmt.core.reports import arms as report_arms
    from msdmt.core.reports import disagreements

    named = [cat.find_trial(n) for n in names]
    ids = [t["id"] for t in named]
    if len(set(ids)) != len(ids):
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        raise UsageError(f"trial {', '.join(dupes)} named twice; compare needs different trials")
    therapy_ids = _therapy_ids(cat, therapy) if therapy is not None else None
    kind = choose(ComparatorType, comparator, "comparator") if comparator is not None else None
    # Every report of each trial: a named trial's from all its sources, a selected one's as selected.
    full = [r for t in named for r in cat.trial_reports(t["id"])]
    if therapy_ids is not None or kind is not None:
        full += [t for t in _select_trials(cat, therapy_ids, kind) if t["id"] not in ids]
    first: dict[str, Json] = {}
    for t in full:
        first.setdefault(t["id"], t)
    if len(first) < 2:
        if therapy_ids is not None or kind is not None:
            raise NotFoundError(f"compare needs at least two trials; these filters select {len(first)}")
        raise UsageError("compare needs at least two trials")
    reports = [_only_endpoints(t, endpoint) for t in full]
    if endpoint is not None and not any(t["endpoints"] for t in reports):
        raise _no_endpoint(endpoint, list(first.values()))
    rows: dict[tuple[str, str, str, str], Row] = {}
    whole: set[str] = set()  # trials with figures for the whole trial rather than one arm
    for t in reports:
        for ep in t["endpoints"]:
            # A row is one measure printed in one place of one source: another source's report of a trial
            # has rows of its own, under the same arm columns (arms are matched by id), never merged cells.
            own = ep.get("source") or t["source"]
            row = rows.setdefault(
                (ep["measure"], ep["origin"], own, t["source"]),
                {"measure": ep["measure"], "origin": ep["origin"], "source": own, "report": t["source"], "labels": {},
                 "kind": ep["kind"], "unit": ep["unit"], "cells": {}},
            )
            row["labels"][t["id"]] = ep["label"]
            notes = {k: ep[k] for k in ("repair", "erratum", "note")}
            for r in ep["results"]:
                if r["arm"] is None:
                    whole.add(t["id"])
                cell: Cell = r | {"trial": t["id"], "whole_trial": r["arm"] is None, "locator": ep["locator"],
                                  "endpoint": ep["id"], "unit": ep["unit"], "kind": ep["kind"],
                                  "endpoint_notes": notes}
                row["cells"].setdefault(f"{t['id']}/{r['arm'] or WHOLE_TRIAL}", []).append(cell)
    columns: list[Column] = []
    for tid in first:
        if tid in whole:
            columns.append({"trial": tid, "arm": WHOLE_TRIAL, "label": "whole trial", "role": "whole trial"})
        arms = report_arms(t for t in reports if t["id"] == tid)
        columns += [{"trial": tid, "arm": i, "label": a["label"], "role": a["role"]} for i, a in arms.items()]
    shown_ids = {(t["id"], t["source"], ep["id"]) for t in reports for ep in t["endpoints"]}
    is_first = [first[whole_t["id"]] is whole_t for whole_t in full]
    firsts = [t for t, f in zip(reports, is_first, strict=True) if f]
    others = [t for t, f in zip(reports, is_first, strict=True) if not f]
    return CompareView(
        filters={"endpoint": endpoint, "therapy": therapy_ids, "comparator": kind.value if kind else None},
        trials=[trial_summary(t) for t in firsts],
        other_reports=[trial_summary(t) for t in others],
        disagreements=[d for tid in first for d in disagreements([t for t in reports if t["id"] == tid])],
        columns=columns,
        rows=list(rows.values()),
        derived=[d for t in full for d in derive_trial(t, qualify=first[t["id"]] is not t)
                 if (t["id"], t["source"], d["endpoint"]) in shown_ids],
        differences=differences(firsts),
        caution=CROSS_TRIAL_CAUTION,
        sources=cat.citations(_used(reports)),
    )


def _therapy_or_hint(cat: Catalog, name: str) -> Json:
    """The therapy named; when the name is an adverse event instead, say how to ask for that."""
    try:
        return cat.find_therapy(name)
    except NotFoundError:
        if any(matches_words(name, event, category) for event, category in cat.adverse_event_words()):
            raise NotFoundError(f"no therapy named {shown(name)}; to find adverse events by name use "
                                f"'msdmt adverse-events --event {shown(name)[1:-1]}'") from None
        raise


def _rate_key(ae: Json) -> tuple[int, float]:
    rate = ae["rate"]
    if rate is None or rate["value"] is None:
        return (1, 0.0)
    return (0, -rate["value"])


def adverse_events_view(cat: Catalog, therapy: str | None = None, sort: Sort | str = Sort.rate,
                        category: Category | str | None = None, event: str | None = None) -> AdverseEventsView:
    selected = [_therapy_or_hint(cat, therapy)] if therapy is not None else cat.all_therapies()
    events = [ae | {"therapy": t["id"]} for t in selected for ae in t["adverse_events"]]
    if event is not None:
        events = [e for e in events if matches_words(event, e["event"], e["category"])]
    order = choose(Sort, sort, "sort")
    wanted = choose(Category, category, "category") if category is not None else None
    if wanted is not None:
        events = [e for e in events if e["category"] == wanted.value]
    if order is Sort.rate:
        events.sort(key=_rate_key)
    elif order is Sort.event:
        events.sort(key=lambda e: e["event"].casefold())
    elif order is Sort.category:
        events.sort(key=lambda e: (e["category"], _rate_key(e)))
    rates = comparator_rates(cat, selected[0]["id"]) if therapy is not None else []
    if wanted is not None:
        rates = [r for r in rates if r["category"] == wanted.value]
    if event is not None:
        rates = [r for r in rates if matches_words(event, r["event"], r["category"])]
    return AdverseEventsView(
        filters={"therapy": selected[0]["id"] if therapy is not None else None,
                 "therapy_name": selected[0]["name"] if therapy is not None else None,
                 "category": wanted.value if wanted else None, "event": event, "sort": order.value},
        adverse_events=events,
        comparator_rates=rates,
        sources=cat.citations([*_used(events), *(r["rate"].get("source") for r in rates)]),
    )
