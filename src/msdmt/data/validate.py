"""Checks that need more than one field: cross-references, uniqueness, ranges by unit and kind.

Each problem is reported with the file it belongs to and the exact data path, so
the loader can map it to a YAML line.
"""

from __future__ import annotations

from collections.abc import Iterator

from .models import Endpoint, Fact, Quantity, TherapiesFile, Trial, TrialsFile
from .text import normalize, printed_token

Problem = tuple[str, tuple, str]  # (file key, path, message)

_COUNT_UNITS = {"patients", "cases", "deaths", "lesions", "relapses", "treatments"}
MAX_COUNT = 10_000_000  # more patients than any trial has had: a typo, not data


def _printed_problem(value: float, printed: str, locator: str) -> str | None:
    """A figure from a table must appear in the text printed for it (catches typos in either)."""
    if not locator.startswith("Table"):
        return None  # prose spells numbers out ("Forty percent")
    if printed_token(value, printed) is not None:
        return None
    return f"{value:g} does not appear in the printed text {printed!r}"
_KIND_UNITS = {
    "annualized_relapse_rate": {"relapses/year"},
    "relative_reduction": {"%"},
    "proportion": {"%"},
    "hazard_ratio": {"hazard ratio"},
    "count": _COUNT_UNITS,
}


def _range_problem(unit: str | None, value: float, kind: str | None = None) -> str | None:
    """Why ``value`` cannot be a figure in ``unit`` (and of ``kind``), or None."""
    if kind == "relative_reduction":
        return None if value <= 100 else f"{value:g} is out of range for a relative reduction (at most 100)"
    if kind in ("mean_change", "median_change"):
        return None if unit != "%" or value >= -100 else f"{value:g} is out of range for a percentage change (at least -100)"
    if unit == "%":
        return None if 0 <= value <= 100 else f"{value:g} is out of range for a percentage (0-100)"
    if unit in _COUNT_UNITS:
        ok = 0 <= value <= MAX_COUNT and float(value).is_integer()
        return None if ok else f"{value:g} is not a count (a whole number from 0 to {MAX_COUNT:,})"
    if unit == "calendar year":
        ok = float(value).is_integer() and 1900 <= value <= 2100
        return None if ok else f"{value:g} is not a plausible year (1900-2100)"
    if unit == "EDSS score":
        return None if 0 <= value <= 10 else f"{value:g} is out of range for an EDSS score (0-10)"
    if unit == "relapses/year":
        return None if value >= 0 else f"{value:g} cannot be negative"
    if unit == "hazard ratio":
        return None if value > 0 else f"{value:g} is not a hazard ratio (above 0)"
    if unit in ("years", "months", "weeks", "days", "µg", "mg", "mg/m²"):
        return None if value > 0 else f"{value:g} must be above 0"
    return None


def _quantity(q: Quantity | Fact | None, path: tuple) -> Iterator[tuple[tuple, str]]:
    if q is not None and q.value is not None:
        problem = _range_problem(q.unit, q.value) or _printed_problem(q.value, q.printed, q.locator)
        if problem:
            yield path + ("value",), problem


def _endpoint(ep: Endpoint, arms: set[str], path: tuple) -> Iterator[tuple[tuple, str]]:
    if ep.kind == "statement":
        for k, r in enumerate(ep.results):
            if r.value is not None:
                yield path + ("results", k, "value"), "a statement endpoint takes text, not a value"
    elif ep.unit is None:
        yield path + ("unit",), f"a {ep.kind} endpoint needs a unit"
    elif ep.kind in _KIND_UNITS and ep.unit not in _KIND_UNITS[ep.kind]:
        allowed = ", ".join(sorted(_KIND_UNITS[ep.kind]))
        yield path + ("unit",), f"unit {ep.unit!r} does not fit kind {ep.kind} (use {allowed})"
    for k, r in enumerate(ep.results):
        rpath = path + ("results", k)
        for field in ("arm", "versus"):
            ref = getattr(r, field)
            if ref is not None and ref not in arms:
                yield rpath + (field,), f"unknown arm {ref!r} (arms: {', '.join(sorted(arms))})"
        if r.value is not None and ep.kind != "statement":
            problem = _range_problem(ep.unit, r.value, ep.kind) or _printed_problem(r.value, r.printed, ep.locator)
            if problem:
                yield rpath + ("value",), problem
        if ep.kind == "relative_reduction" and r.arm is not None and r.versus is None:
            yield rpath + ("versus",), "a relative reduction needs the arm it is against ('versus')"
        if r.p is not None and r.p.comparison != "=" and r.p.comparison not in r.p.printed and not r.p.repair:
            yield rpath + ("p", "repair"), (
                f"the printed P-value has no {r.p.comparison!r}; say in 'repair' how it was restored"
            )


def _unique(items: list, path: tuple, what: str) -> Iterator[tuple[tuple, str]]:
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item.id in seen:
            yield path + (i, "id"), f"duplicate {what} id {item.id!r}"
        seen.add(item.id)


def _names(owner_path: tuple, names: list[tuple[tuple, str]], taken: dict[str, tuple], label: str):
    """Register lookup names of one record; report those another record already uses."""
    mine: set[str] = set()
    for path, name in names:
        key = normalize(name)
        if not key or key in mine:
            continue
        mine.add(key)
        if key in taken and taken[key] != owner_path:
            yield path, f"name {name!r} is already used by {label} {taken[key][-1]!r}"
        else:
            taken[key] = owner_path


def check(therapies: TherapiesFile, trials: TrialsFile) -> list[Problem]:
    out: list[Problem] = []
    source_ids = {s.id for s in therapies.sources}
    therapy_ids = {t.id for t in therapies.therapies}
    trial_ids = {t.id for t in trials.trials}

    def add(file: str, items: Iterator[tuple[tuple, str]]) -> None:
        out.extend((file, p, m) for p, m in items)

    add("therapies", _unique(therapies.sources, ("sources",), "source"))
    add("therapies", _unique(therapies.therapies, ("therapies",), "therapy"))
    add("therapies", _unique(therapies.facts, ("facts",), "fact"))
    add("trials", _unique(trials.trials, ("trials",), "trial"))
    for i, f in enumerate(therapies.facts):
        add("therapies", _quantity(f, ("facts", i)))

    taken: dict[str, tuple] = {}
    for i, t in enumerate(therapies.therapies):
        base = ("therapies", i)
        names = [(base + ("id",), t.id), (base + ("name",), t.name)]
        if t.brand:
            names.append((base + ("brand",), t.brand))
        names += [(base + ("aliases", k), a) for k, a in enumerate(t.aliases)]
        # Generic names may be shared (interferon β-1a IM and SC): they are
        # resolved at lookup time as ambiguous, so they are not registered here.
        add("therapies", _names(base + (t.id,), names, taken, "therapy"))
        if t.source not in source_ids:
            out.append(("therapies", base + ("source",), f"unknown source {t.source!r}"))
        add("therapies", _quantity(t.approval_year, base + ("approval_year",)))
        add("therapies", _unique(t.facts, base + ("facts",), "fact"))
        for k, f in enumerate(t.facts):
            add("therapies", _quantity(f, base + ("facts", k)))
        add("therapies", _unique(t.adverse_events, base + ("adverse_events",), "adverse event"))
        for k, ae in enumerate(t.adverse_events):
            ap = base + ("adverse_events", k)
            for j, study in enumerate(ae.studies):
                if study not in trial_ids:
                    out.append(("therapies", ap + ("studies", j), f"unknown trial {study!r}"))
            if ae.comparator and ae.comparator.therapy and ae.comparator.therapy not in therapy_ids:
                out.append(("therapies", ap + ("comparator", "therapy"), f"unknown therapy {ae.comparator.therapy!r}"))
            for field in ("rate", "count", "deaths"):
                add("therapies", _quantity(getattr(ae, field), ap + (field,)))
            if ae.comparator:
                add("therapies", _quantity(ae.comparator.rate, ap + ("comparator", "rate")))

    taken = {}
    for i, t in enumerate(trials.trials):
        out.extend(("trials", p, m) for p, m in _trial(t, ("trials", i), source_ids, therapy_ids, trial_ids))
        base = ("trials", i)
        names = [(base + ("id",), t.id), (base + ("name",), t.name)]
        names += [(base + ("aliases", k), a) for k, a in enumerate(t.aliases)]
        add("trials", _names(base + (t.id,), names, taken, "trial"))
    return out


def _trial(t: Trial, base: tuple, sources: set, therapies: set, trials: set) -> Iterator[tuple[tuple, str]]:
    if t.source not in sources:
        yield base + ("source",), f"unknown source {t.source!r}"
    for j, th in enumerate(t.therapies):
        if th not in therapies:
            yield base + ("therapies", j), f"unknown therapy {th!r}"
    if t.parent is not None and t.parent not in trials:
        yield base + ("parent",), f"unknown trial {t.parent!r}"
    if t.comparator and t.comparator.therapy and t.comparator.therapy not in therapies:
        yield base + ("comparator", "therapy"), f"unknown therapy {t.comparator.therapy!r}"
    for j, d in enumerate(t.durations):
        yield from _quantity(d, base + ("durations", j))
    yield from _unique(t.arms, base + ("arms",), "arm")
    arms = {a.id for a in t.arms}
    for j, arm in enumerate(t.arms):
        if arm.therapy is not None and arm.therapy not in therapies:
            yield base + ("arms", j, "therapy"), f"unknown therapy {arm.therapy!r}"
        yield from _quantity(arm.n, base + ("arms", j, "n"))
    yield from _unique(t.endpoints, base + ("endpoints",), "endpoint")
    for j, ep in enumerate(t.endpoints):
        yield from _endpoint(ep, arms, base + ("endpoints", j))
    yield from _unique(t.facts, base + ("facts",), "fact")
    for j, f in enumerate(t.facts):
        if f.arm is not None and f.arm not in arms:
            yield base + ("facts", j, "arm"), f"unknown arm {f.arm!r}"
        yield from _quantity(f, base + ("facts", j))
