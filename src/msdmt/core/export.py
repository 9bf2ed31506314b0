"""The tidy table: one row per figure, reported and derived, for R, pandas, spreadsheets and SQL.

Every number the data holds becomes one row with the same columns: endpoint
results (one row per trial × arm × endpoint), arm sizes, durations, trial,
therapy and review-level facts, Table 1's approval years, doses and reference
numbers, adverse-event rates, counts, deaths and comparator rates, and the
figures msdmt derives (``msdmt.core.derive``) with ``origin`` = ``derived``.
``value`` and ``p_value`` are numbers or None, never text; a figure the paper
gives only in words ("Not statistically significant") has ``text`` and no value.

Every row names the source of its figure (``source_id``: a single figure may
name another source than its record) and the source of the record it is in
(``report_source_id``). A trial may have several reports, one per source; the
rows of its first report have the ids they always had (``trial/AFFIRM/...``,
``derived/AFFIRM:...``) and those of each later report carry its source
(``trial/AFFIRM@SOURCE/...``, ``derived/AFFIRM@SOURCE:...``), so ``figure_id``
stays unique and the bundled data's ids stay stable.

``COLUMNS`` is the one definition of the columns (name, type, description):
the CSV header, the JSONL keys, the Frictionless ``datapackage.json``, the
description tables of ``export --format sqlite`` and the README use it. Rows
are generated one record at a time, so a library of any size streams.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

if TYPE_CHECKING:
    from msdmt.core.catalog import Catalog
    from msdmt.core.shapes import Derived, Figure

Json = dict[str, Any]


class Column(NamedTuple):
    name: str
    type: Literal["string", "number", "boolean"]
    description: str


COLUMNS: tuple[Column, ...] = (
    Column("figure_id", "string", "Unique id of this row (stable for the same data). Rows of a trial's later "
                                  "reports (another source's) carry the source after the trial id: "
                                  "trial/AFFIRM@SOURCE/..., derived/AFFIRM@SOURCE:...; the first report's do not."),
    Column("origin", "string", "reported: printed in the source; derived: computed by msdmt from reported figures."),
    Column("kind", "string", "What the figure is: an endpoint kind (annualized_relapse_rate, relative_reduction, "
                             "proportion, hazard_ratio, mean_change, median_change, count, statement), arm_size, "
                             "duration, fact, approval_year, dose, cumulative_dose_limit, reference, "
                             "adverse_event_rate, adverse_event_count, adverse_event_deaths, comparator_rate; derived: "
                             "relative_reduction, absolute_difference, nnt, nnh."),
    Column("source_id", "string", "The source the figure comes from (an id in sources.yaml): the figure's own, "
                                  "which may differ from its record's. Derived figures: the source of their "
                                  "inputs; when those come from more than one source, the source of their record, "
                                  "and note says so."),
    Column("report_source_id", "string", "The source of the record the figure is in (an id in sources.yaml): the "
                                         "report of the trial (a trial may have one report per source), the "
                                         "therapy, or the review-level fact itself."),
    Column("trial_id", "string", "The trial (empty for therapy-level and review-level figures)."),
    Column("therapy_id", "string", "The therapy of the arm, or the therapy the figure is about."),
    Column("adverse_event_id", "string", "The adverse event (rows of adverse-event figures)."),
    Column("fact_id", "string", "The fact (rows of facts: review-level, therapy or trial)."),
    Column("arm_id", "string", "The trial arm (empty: the whole trial or not arm-specific)."),
    Column("arm_label", "string", "The arm, or the group a rate is printed for, as labelled in the data."),
    Column("versus_arm_id", "string", "The reference arm of a contrast (relative reduction, derived difference)."),
    Column("versus_label", "string", "The reference arm or comparison group, as labelled."),
    Column("endpoint_id", "string", "The endpoint (one place where a quantity is printed for a trial)."),
    Column("endpoint_label", "string", "The endpoint's row label as printed."),
    Column("label", "string", "What this figure is, in words (every row)."),
    Column("measure", "string", "What is measured; the same measure lines trials up (arr, relapse-free, ...)."),
    Column("category", "string", "Adverse-event category (infusion, infection, autoimmune, malignancy, "
                                 "haematological)."),
    Column("value", "number", "The figure as a number (empty when the source gives only words)."),
    Column("unit", "string", "Unit of value (%, relapses/year, patients, hazard ratio, percentage points, ...)."),
    Column("bound", "string", "< or > when the source gives a bound (<0.2%), else empty."),
    Column("text", "string", "The figure in words when it has no number, or words that go with it."),
    Column("p_value", "number", "The P-value as a number (empty when none is printed)."),
    Column("p_comparison", "string", "How the P-value is stated: <, ≤, =, ≥ or >."),
    Column("significant", "boolean", "true or false where the source says so, else empty."),
    Column("range_low", "number", "Derived figures: the lowest value the rounding of the inputs allows."),
    Column("range_high", "number", "Derived figures: the highest value the rounding of the inputs allows."),
    Column("printed", "string", "The text as printed in the source (reported figures)."),
    Column("locator", "string", "Where the source prints it (table, row and column, or section and paragraph); "
                                "derived figures: the locators of their inputs."),
    Column("formula", "string", "Derived figures: how the value was computed."),
    Column("erratum", "string", "Where the source disagrees with itself or looks wrong (value kept as printed)."),
    Column("repair", "string", "What was restored from the damaged text extraction (a lost < in P<0.001)."),
    Column("note", "string", "Interpretation or context; derived figures: their cautions."),
)
NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)


def _join(*texts: str | None) -> str | None:
    """Distinct non-empty texts, in order, as one string."""
    out = list(dict.fromkeys(" ".join(t.split()) for t in texts if t))
    return " | ".join(out) if out else None


def _row(**fields: Any) -> Figure:
    row: Json = dict.fromkeys(NAMES)
    row.update(fields)
    return row  # type: ignore[return-value]


def _source(node: Json | None, *around: str | None) -> str | None:
    """A figure's own source: the one it names, else that of the nearest record around it (compiled records have
    it filled in already)."""
    for candidate in ((node or {}).get("source"), *around):
        if candidate:
            return str(candidate)
    return None


def _quantity(q: Json, around: str | None, **fields: Any) -> Figure:
    """A row for a located figure (Quantity or Fact); ``around``: the source of the record it is in."""
    return _row(value=q.get("value"), bound=q.get("bound"), text=q.get("text"), unit=q.get("unit"),
                printed=q.get("printed"), locator=q.get("locator"), erratum=_join(q.get("erratum")),
                repair=_join(q.get("repair")), note=_join(q.get("note")), origin="reported",
                source_id=_source(q, around), **fields)


def _facts(facts: list[Json], prefix: str, arms: dict[str, str], around: str | None,
           **fields: Any) -> Iterator[Figure]:
    for f in facts:
        yield _quantity(f, around, figure_id=f"{prefix}/fact/{f['id']}", kind="fact", fact_id=f["id"],
                        label=f["label"], arm_id=f.get("arm"), arm_label=arms.get(f.get("arm") or ""), **fields)


def _references(refs: list[Json], prefix: str, **fields: Any) -> Iterator[Figure]:
    for k, ref in enumerate(refs):
        yield _row(figure_id=f"{prefix}/reference/{k + 1}", origin="reported", kind="reference",
                   label="Reference number cited", value=ref["number"], printed=f"[{ref['number']}]",
                   locator=ref["locator"], erratum=_join(ref.get("erratum")), repair=_join(ref.get("repair")),
                   note=_join(ref.get("note")), **fields)


def _locators(d: Derived) -> str:
    return "; ".join(dict.fromkeys(i["locator"] for i in d["inputs"]))


def derived_source(d: Derived) -> str | None:
    """The source of a derived figure: that of its inputs when they share one, else (inputs from several sources,
    which its cautions say) that of the record it is derived from."""
    return d["sources"][0] if len(d["sources"]) == 1 else d["source"]


def _derived(d: Derived, base: Json, arms: dict[str, str], labels: dict[str, str]) -> Iterator[Figure]:
    low, high = d["range"] if d["range"] else (None, None)
    common = dict(base, origin="derived", source_id=derived_source(d) or base.get("report_source_id"),
                  endpoint_id=d["endpoint"], endpoint_label=labels.get(d["endpoint"] or ""),
                  arm_id=d["arm"] if d["trial"] else None, arm_label=arms.get(d["arm"]),
                  versus_arm_id=d["versus"] if d["trial"] else None, versus_label=arms.get(d["versus"], d["versus"]),
                  locator=_locators(d))
    yield _row(figure_id=f"derived/{d['id']}", kind=d["metric"], label=d["label"], value=d["value"], unit=d["unit"],
               range_low=low, range_high=high, formula=d["formula"], note=_join(*d["cautions"]),
               text=f"period: {d['period']}" if d["period"] else None, **common)
    nn = d["number_needed"]
    if nn is not None:
        nlow, nhigh = nn["range"] if nn["range"] else (None, None)
        yield _row(figure_id=f"derived/{d['id']}/{nn['metric']}", kind=nn["metric"], label=nn["label"],
                   value=nn["value"], unit=nn["unit"], range_low=nlow, range_high=nhigh, formula=nn["formula"],
                   note=_join(*d["cautions"]), text=f"period: {d['period']}" if d["period"] else None, **common)


def review_rows(facts: list[Json], source_id: str) -> Iterator[Figure]:
    """Review-level facts (the introduction's counts and years), each with its own source (``source_id`` when it
    names none); a review-level fact is its own record."""
    for f in facts:
        own = _source(f, source_id)
        yield from _facts([f], "review", {}, own, report_source_id=own)


def therapy_rows(t: Json) -> Iterator[Figure]:
    """Table 1's figures of one therapy, its facts, adverse events and the differences derived from them."""
    from msdmt.core.derive import derive_adverse_events

    prefix = f"therapy/{t['id']}"
    top = t["source"]
    own = {"report_source_id": top, "therapy_id": t["id"]}
    whole = dict(own, source_id=top)  # references: figures of the therapy record itself
    doses = dict(own, source_id=_source(t["dosing"], top))  # the dosing may name another source
    yield _quantity(t["approval_year"], top, figure_id=f"{prefix}/approval-year", kind="approval_year",
                    label="Year of approval", arm_label=t["name"], **own)
    dosing = t["dosing"]
    for k, reg in enumerate(t["dosing"]["regimens"]):
        words = _join(reg.get("frequency"), reg.get("schedule"), reg.get("route"))
        notes = {"erratum": _join(dosing.get("erratum"), reg.get("erratum")),
                 "repair": _join(dosing.get("repair"), reg.get("repair")),
                 "note": _join(dosing.get("note"), reg.get("note"))}
        if reg.get("amount") is not None:
            yield _row(figure_id=f"{prefix}/dose/{k + 1}", origin="reported", kind="dose", label="Dose",
                       arm_label=t["name"], value=reg["amount"], unit=reg["unit"], text=words,
                       printed=dosing["printed"], locator=dosing["locator"], **notes, **doses)
        else:
            yield _row(figure_id=f"{prefix}/dose/{k + 1}", origin="reported", kind="dose", label="Dose",
                       arm_label=t["name"], text=words, printed=dosing["printed"], locator=dosing["locator"],
                       **notes, **doses)
        if reg.get("cumulative_limit") is not None:
            yield _row(figure_id=f"{prefix}/dose/{k + 1}/cumulative-limit", origin="reported",
                       kind="cumulative_dose_limit", label="Cumulative dose limit", arm_label=t["name"],
                       value=reg["cumulative_limit"], unit=reg["unit"], printed=dosing["printed"],
                       locator=dosing["locator"], **notes, **doses)
    yield from _references(t["references"], prefix, **whole)
    yield from _facts(t["facts"], prefix, {}, top, **own)
    names = {t["id"]: t["name"]}
    for ae in t["adverse_events"]:
        here = dict(own, adverse_event_id=ae["id"], category=ae["category"])
        around = _source(ae, top)
        at = f"{prefix}/adverse-event/{ae['id']}"
        studies = ", ".join(ae["studies"])
        context = _join(ae.get("note"), f"context: {ae['context']}", f"studies: {studies}" if studies else None)
        for field, kind in (("rate", "adverse_event_rate"), ("count", "adverse_event_count"),
                            ("deaths", "adverse_event_deaths")):
            q = ae[field]
            if q is not None:
                row = _quantity(q, around, figure_id=f"{at}/{field}", kind=kind, label=ae["event"], arm_label=t["name"],
                                **here)
                row["erratum"] = _join(ae.get("erratum"), q.get("erratum"))
                row["repair"] = _join(ae.get("repair"), q.get("repair"))
                row["note"] = _join(q.get("note"), context)
                if field == "rate" and ae["comparator"]:
                    row["versus_label"] = ae["comparator"]["label"]
                yield row
        comp = ae["comparator"]
        if comp:
            q = comp["rate"]
            row = _quantity(q, around, figure_id=f"{at}/comparator-rate", kind="comparator_rate", label=ae["event"],
                            arm_label=comp["label"], versus_label=t["name"], **here)
            row["therapy_id"] = comp["therapy"]
            row["note"] = _join(q.get("note"), comp.get("note"), f"comparator rate for {t['name']}", context)
            row["erratum"] = _join(comp.get("erratum"), q.get("erratum"))
            yield row
    for d in derive_adverse_events(t):
        base = dict(own, adverse_event_id=d["adverse_event"],
                    category=next(a["category"] for a in t["adverse_events"] if a["id"] == d["adverse_event"]))
        comp_label = next(a["comparator"]["label"] for a in t["adverse_events"] if a["id"] == d["adverse_event"])
        for row in _derived(d, base, names, {}):
            row["versus_label"] = comp_label
            yield row


def trial_key(trial: Json, first: bool = True) -> str:
    """The trial part of a figure id: 'ID' for a trial's first report, 'ID@SOURCE' for a later one (as the ids of
    derived figures, ``derive_trial(trial, qualify=True)``)."""
    return str(trial["id"]) if first else f"{trial['id']}@{trial['source']}"


def trial_rows(trial: Json, first: bool = True) -> Iterator[Figure]:
    """Every figure of one report of a trial: durations, arm sizes, endpoint results, facts, references, derived
    figures. ``first``: the report is the trial's first (in data order); the ids of a later one carry its
    source."""
    from msdmt.core.derive import derive_trial

    prefix = f"trial/{trial_key(trial, first)}"
    top = trial["source"]
    own = {"report_source_id": top, "trial_id": trial["id"]}
    arms = {a["id"]: a["label"] for a in trial["arms"]}
    therapy_of = {a["id"]: a["therapy"] for a in trial["arms"]}
    for k, d in enumerate(trial["durations"]):
        yield _quantity(d, top, figure_id=f"{prefix}/duration/{k + 1}", kind="duration", label="Duration", **own)
    for a in trial["arms"]:
        if a.get("n") is not None:
            row = _quantity(a["n"], top, figure_id=f"{prefix}/arm/{a['id']}/n", kind="arm_size",
                            label="Patients in the arm", arm_id=a["id"], arm_label=a["label"],
                            therapy_id=a["therapy"], **own)
            row["text"] = _join(a["n"].get("text"), f"dose: {a['dose']}" if a.get("dose") else None)
            row["erratum"] = _join(a.get("erratum"), a["n"].get("erratum"))
            row["note"] = _join(a.get("note"), a["n"].get("note"))
            yield row
    seen: set[str] = set()
    for ep in trial["endpoints"]:
        for r in ep["results"]:
            fid = f"{prefix}/endpoint/{ep['id']}/{r['arm'] or 'whole-trial'}"
            if r.get("versus"):
                fid += f"/versus/{r['versus']}"
            n = 2
            while fid in seen:
                fid = fid.rsplit("#", 1)[0] + f"#{n}"
                n += 1
            seen.add(fid)
            p = r.get("p") or {}
            yield _row(
                figure_id=fid, origin="reported", kind=ep["kind"], arm_id=r["arm"], arm_label=arms.get(r["arm"] or ""),
                therapy_id=therapy_of.get(r["arm"] or ""), versus_arm_id=r.get("versus"),
                versus_label=arms.get(r.get("versus") or ""), endpoint_id=ep["id"], endpoint_label=ep["label"],
                label=ep["label"], measure=ep["measure"], value=r.get("value"), unit=ep["unit"], bound=r.get("bound"),
                text=r.get("text"), p_value=p.get("value"), p_comparison=p.get("comparison"),
                significant=r.get("significant"), printed=r["printed"], locator=ep["locator"],
                erratum=_join(ep.get("erratum"), r.get("erratum"), p.get("erratum")),
                repair=_join(ep.get("repair"), r.get("repair"), p.get("repair")),
                note=_join(ep.get("note"), r.get("note"), p.get("note")), source_id=_source(r, ep.get("source"), top),
                **own)
    yield from _facts(trial["facts"], prefix, arms, top, **own)
    yield from _references(trial["references"], prefix, source_id=top, **own)
    labels = {ep["id"]: ep["label"] for ep in trial["endpoints"]}
    for d in derive_trial(trial, qualify=not first):
        base = dict(own, therapy_id=therapy_of.get(d["arm"]))
        yield from _derived(d, base, arms, labels)


def rows(cat: Catalog) -> Iterator[Figure]:
    """The whole tidy table of a catalog: review facts, then each therapy, then each report of each trial (in data
    order, so a trial's first report comes first)."""
    yield from review_rows(cat.review_facts(), cat.citation()["id"])
    for t in cat.iter_therapies():
        yield from therapy_rows(t)
    seen: set[str] = set()  # trial ids only: a library of any size streams
    for tr in cat.iter_trials():
        yield from trial_rows(tr, first=tr["id"] not in seen)
        seen.add(tr["id"])


def noting_sources(items: Iterable[Figure], into: set[str]) -> Iterator[Figure]:
    """The rows, unchanged, adding to ``into`` the source of each figure and of its record as they pass (the
    sources a datapackage.json written after the rows must cite)."""
    for row in items:
        into.update(s for s in (row["source_id"], row["report_source_id"]) if s)
        yield row


def batches(items: Iterable[Figure], size: int = 2000) -> Iterator[list[Figure]]:
    batch: list[Figure] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
