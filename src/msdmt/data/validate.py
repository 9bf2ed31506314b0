"""Checks that need more than one field: cross-references, uniqueness, and every numeric range.

Each problem is reported with the file it belongs to and the exact data path, so
the loader can map it to a YAML line. Numbers in messages are shown as written
in the file (``shown``), never rounded: 100.0001 is not "100".
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .models import Endpoint, Fact, Quantity, Reference, SourcesFile, TherapiesFile, Therapy, Trial, TrialsFile
from .text import normalize, printed_token
from .textrules import number_text, quote

PathT = tuple[Any, ...]
Problem = tuple[str, PathT, str]  # (file key, path, message)
Found = Iterator[tuple[PathT, str]]
Shown = Callable[[str, PathT, float], str]  # (file key, path, value) -> the number as written


def _limit(x: float) -> str:
    return f"{int(x):,}" if float(x).is_integer() and abs(x) >= 10_000 else number_text(int(x) if float(x).is_integer() else x)


@dataclass(frozen=True)
class Range:
    """The values a figure can plausibly take; anything that validates can be shown."""

    what: str  # "a percentage"
    low: float
    high: float
    low_open: bool = False  # the low end itself is out of range ("above 0")
    whole: bool = False  # whole numbers only

    def holds(self, value: float) -> bool:
        above_low = value > self.low if self.low_open else value >= self.low
        return above_low and value <= self.high and (not self.whole or float(value).is_integer())

    def message(self, shown: str) -> str:
        """Why the value ``shown`` (as written) is out of this range."""
        if self.whole:
            return f"{shown} is not {self.what} (a whole number from {_limit(self.low)} to {_limit(self.high)})"
        if self.low_open:
            return f"{shown} is out of range for {self.what} (above {_limit(self.low)}, at most {_limit(self.high)})"
        dash = "-" if self.low >= 0 else " to "
        return f"{shown} is out of range for {self.what} ({_limit(self.low)}{dash}{_limit(self.high)})"


MAX_COUNT = 10_000_000  # more patients than any trial has had: a typo, not data
_COUNT = Range("a count", 0, MAX_COUNT, whole=True)
_YEAR = Range("a plausible year", 1900, 2100, whole=True)
COUNT_UNITS = frozenset({"patients", "cases", "deaths", "lesions", "relapses", "treatments"})

# Every numeric field's plausible range, in one table (documented in data/README.md).
# A figure (Quantity, Fact, endpoint result, dose) takes the range of its unit; a relative
# reduction and a change take the range of their kind instead; a change in a unit other than %
# may also be negative, down to minus the unit's maximum.
RANGES: dict[str, Range] = {
    # figures, by unit
    "%": Range("a percentage", 0, 100),
    **{unit: _COUNT for unit in sorted(COUNT_UNITS)},
    "calendar year": _YEAR,
    "relapses/year": Range("an annualized relapse rate", 0, 20),
    "hazard ratio": Range("a hazard ratio", 0, 100, low_open=True),
    "EDSS score": Range("an EDSS score", 0, 10),
    "EDSS points": Range("a change in EDSS points", -10, 10),
    "years": Range("a duration in years", 0, 100, low_open=True),
    "months": Range("a duration in months", 0, 1_200, low_open=True),
    "weeks": Range("a duration in weeks", 0, 5_200, low_open=True),
    "days": Range("a duration in days", 0, 36_600, low_open=True),
    "µg": Range("a dose in µg", 0, 1_000_000, low_open=True),
    "mg": Range("a dose in mg", 0, 100_000, low_open=True),
    "mg/m²": Range("a dose in mg/m²", 0, 10_000, low_open=True),
    # figures, by endpoint kind
    "relative_reduction": Range("a relative reduction", -1_000, 100),
    "change in %": Range("a percentage change", -100, 1_000),
    # single fields
    "P-value": Range("a P-value", 0, 1, low_open=True),
    "reference number": Range("a reference number", 1, 10_000, whole=True),
    "publication year": _YEAR,
    "volume": Range("a volume number", 1, 100_000, whole=True),
    "phase": Range("a trial phase", 1, 4, whole=True),
}
_CHANGE_KINDS = frozenset({"mean_change", "median_change"})


def figure_range(unit: str | None, kind: str | None = None) -> Range | None:
    """The range of a figure in ``unit`` (of an endpoint of ``kind``), or None when it has no unit."""
    if kind == "relative_reduction":
        return RANGES["relative_reduction"]
    if unit is None:
        return None
    if kind in _CHANGE_KINDS:
        if unit == "%":
            return RANGES["change in %"]
        r = RANGES[unit]
        return r if r.low < 0 else Range(f"a change in {unit}", -r.high, r.high)
    return RANGES[unit]


def _printed_problem(value: float, printed: str, locator: str) -> bool:
    """A figure from a table must appear in the text printed for it (catches typos in either)."""
    if not locator.startswith("Table"):
        return False  # prose spells numbers out ("Forty percent")
    return printed_token(value, printed) is None


_KIND_UNITS = {
    "annualized_relapse_rate": {"relapses/year"},
    "relative_reduction": {"%"},
    "proportion": {"%"},
    "hazard_ratio": {"hazard ratio"},
    "count": COUNT_UNITS,
}


class _Checker:
    """Runs the checks of one dataset; ``show`` gives a number as written in its file."""

    def __init__(self, shown: Shown) -> None:
        self._shown = shown
        self.file = "therapies"

    def show(self, path: PathT, value: float) -> str:
        return self._shown(self.file, path, value)

    def figure(self, r: Range | None, value: float | None, path: PathT, printed: str | None = None,
               locator: str = "") -> Found:
        """Problems of the figure ``value`` at ``path``: out of range ``r``, or a table figure missing
        from its ``printed`` text. The value is shown as written, and looked up only for a message."""
        if value is None:
            return
        if r is not None and not r.holds(value):
            yield path, r.message(self.show(path, value))
        elif printed is not None and _printed_problem(value, printed, locator):
            yield path, f"{self.show(path, value)} does not appear in the printed text {quote(printed)}"

    def quantity(self, q: Quantity | Fact | None, path: PathT) -> Found:
        if q is not None:
            yield from self.figure(figure_range(q.unit), q.value, path + ("value",), q.printed, q.locator)

    def references(self, refs: list[Reference], path: PathT) -> Found:
        for k, ref in enumerate(refs):
            yield from self.figure(RANGES["reference number"], ref.number, path + (k, "number"))

    def endpoint(self, ep: Endpoint, arms: set[str], path: PathT, source: str | None = None) -> Found:
        if ep.kind == "statement":
            for k, r in enumerate(ep.results):
                if r.value is not None:
                    yield path + ("results", k, "value"), "a statement endpoint takes text, not a value"
        elif ep.unit is None:
            yield path + ("unit",), f"a {ep.kind} endpoint needs a unit"
        elif ep.kind in _KIND_UNITS and ep.unit not in _KIND_UNITS[ep.kind]:
            allowed = ", ".join(sorted(_KIND_UNITS[ep.kind]))
            yield path + ("unit",), f"unit {ep.unit!r} does not fit kind {ep.kind} (use {allowed})"
        own = ep.source or source
        for k, r in enumerate(ep.results):
            rpath = path + ("results", k)
            if r.source is not None and r.source != own:
                # A result has no locator of its own: it is printed where its endpoint is, in its endpoint's source.
                yield rpath + ("source",), (f"a result is printed where its endpoint is, so it is from the "
                                            f"endpoint's source {quote(own or '')}; give a figure of {quote(r.source)} "
                                            "an endpoint of its own, with that source and its locator")
            for field in ("arm", "versus"):
                ref = getattr(r, field)
                if ref is not None and ref not in arms:
                    yield rpath + (field,), f"unknown arm {quote(ref)} (arms: {', '.join(sorted(arms))})"
            if ep.kind != "statement" and ep.unit is not None:
                yield from self.figure(figure_range(ep.unit, ep.kind), r.value, rpath + ("value",), r.printed,
                                       ep.locator)
            if ep.kind == "relative_reduction" and r.arm is not None and r.versus is None:
                yield rpath + ("versus",), "a relative reduction needs the arm it is against ('versus')"
            if r.p is not None:
                yield from self.figure(RANGES["P-value"], r.p.value, rpath + ("p", "value"))
                stated = {c for c in ("<", "≤", "≥", ">") if c in r.p.printed}
                if stated and r.p.comparison not in stated:
                    yield rpath + ("p", "comparison"), (
                        f"the printed P-value says {'/'.join(sorted(stated))}, not {r.p.comparison!r}")
                elif r.p.comparison != "=" and r.p.comparison not in r.p.printed and not r.p.repair:
                    yield rpath + ("p", "repair"), (
                        f"the printed P-value has no {r.p.comparison!r}; say in 'repair' how it was restored"
                    )

    def trial(self, t: Trial, base: PathT, sources: Collection[str], therapies: set[str], trials: set[str]) -> Found:
        yield from _sources_known(t, base, sources)
        yield from self.figure(RANGES["phase"], t.phase, base + ("phase",))
        for j, th in enumerate(t.therapies):
            if th not in therapies:
                yield base + ("therapies", j), f"unknown therapy {quote(th)}"
        if t.parent is not None and t.parent == t.id:
            yield base + ("parent",), "a trial cannot follow itself"
        elif t.parent is not None and t.parent not in trials:
            yield base + ("parent",), f"unknown trial {quote(t.parent)}"
        if t.comparator and t.comparator.therapy and t.comparator.therapy not in therapies:
            yield base + ("comparator", "therapy"), f"unknown therapy {quote(t.comparator.therapy)}"
        for j, d in enumerate(t.durations):
            yield from self.quantity(d, base + ("durations", j))
        yield from _unique(t.arms, base + ("arms",), "arm")
        arms = {a.id for a in t.arms}
        for j, arm in enumerate(t.arms):
            if arm.therapy is not None and arm.therapy not in therapies:
                yield base + ("arms", j, "therapy"), f"unknown therapy {quote(arm.therapy)}"
            yield from self.quantity(arm.n, base + ("arms", j, "n"))
        yield from _unique(t.endpoints, base + ("endpoints",), "endpoint")
        for j, ep in enumerate(t.endpoints):
            yield from self.endpoint(ep, arms, base + ("endpoints", j), t.source)
        yield from _unique(t.facts, base + ("facts",), "fact")
        for j, f in enumerate(t.facts):
            if f.arm is not None and f.arm not in arms:
                yield base + ("facts", j, "arm"), f"unknown arm {quote(f.arm)}"
            yield from self.quantity(f, base + ("facts", j))
        yield from self.references(t.references, base + ("references",))


def _sources_known(record: Trial | Therapy, base: PathT, sources: Collection[str]) -> Found:
    """Every source the record or any figure in it names must be one of ``sources``; when their types are known
    (a mapping of id to type), a record of an ``example`` source names only example sources, so that a made-up
    figure is never shown under a real citation."""
    from .sourcing import named

    made_up = isinstance(sources, Mapping) and sources.get(record.source) == "example"
    for where, source in named(record.model_dump()):
        if source not in sources:
            yield base + where, f"unknown source {quote(source)}"
        elif made_up and isinstance(sources, Mapping) and sources[source] != "example":
            yield base + where, (f"a record of an example source (made-up figures) cannot name "
                                 f"{quote(source)}, a source of type {sources[source]}")


def _unique(items: list[Any], path: PathT, what: str) -> Found:
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item.id in seen:
            yield path + (i, "id"), f"duplicate {what} id {quote(item.id)}"
        seen.add(item.id)


def _names(owner_path: PathT, names: list[tuple[PathT, str]], taken: dict[str, PathT], label: str) -> Found:
    """Register lookup names of one record; report those another record already uses."""
    mine: set[str] = set()
    for path, name in names:
        key = normalize(name)
        if not key or key in mine:
            continue
        mine.add(key)
        if key in taken and taken[key] != owner_path:
            yield path, f"name {quote(name)} is already used by {label} {quote(taken[key][-1])}"
        else:
            taken[key] = owner_path


def _as_written(file: str, path: PathT, value: float) -> str:
    return number_text(value)


def check(sources: SourcesFile, therapies: TherapiesFile, trials: TrialsFile,
          shown: Shown = _as_written) -> list[Problem]:
    out: list[Problem] = []
    c = _Checker(shown)
    source_ids = {s.id: s.type for s in sources.sources}
    therapy_ids = {t.id for t in therapies.therapies}
    trial_ids = {t.id for t in trials.trials}

    def add(file: str, items: Found) -> None:
        out.extend((file, p, m) for p, m in items)

    c.file = "sources"
    add("sources", _unique(sources.sources, ("sources",), "source"))
    for i, s in enumerate(sources.sources):
        if s.year is not None:
            add("sources", c.figure(RANGES["publication year"], s.year, ("sources", i, "year")))
        if s.volume is not None:
            add("sources", c.figure(RANGES["volume"], s.volume, ("sources", i, "volume")))
    c.file = "therapies"
    add("therapies", _unique(therapies.therapies, ("therapies",), "therapy"))
    add("therapies", _unique(therapies.facts, ("facts",), "fact"))
    for i, f in enumerate(therapies.facts):
        add("therapies", c.quantity(f, ("facts", i)))
        if f.source is None:
            out.append(("therapies", ("facts", i, "id"), "a review-level fact must name its source ('source')"))
        elif f.source not in source_ids:
            out.append(("therapies", ("facts", i, "source"), f"unknown source {quote(f.source)}"))

    taken: dict[str, PathT] = {}
    for i, t in enumerate(therapies.therapies):
        base: PathT = ("therapies", i)
        names = [(base + ("id",), t.id), (base + ("name",), t.name)]
        if t.brand:
            names.append((base + ("brand",), t.brand))
        names += [(base + ("aliases", k), a) for k, a in enumerate(t.aliases)]
        # Generic names may be shared (interferon β-1a IM and SC): they are
        # resolved at lookup time as ambiguous, so they are not registered here.
        add("therapies", _names(base + (t.id,), names, taken, "therapy"))
        add("therapies", _sources_known(t, base, source_ids))
        add("therapies", c.quantity(t.approval_year, base + ("approval_year",)))
        for k, reg in enumerate(t.dosing.regimens):
            dose = figure_range(reg.unit)
            add("therapies", c.figure(dose, reg.amount, base + ("dosing", "regimens", k, "amount")))
            add("therapies", c.figure(dose, reg.cumulative_limit, base + ("dosing", "regimens", k, "cumulative_limit")))
        add("therapies", c.references(t.references, base + ("references",)))
        add("therapies", _unique(t.facts, base + ("facts",), "fact"))
        for k, f in enumerate(t.facts):
            add("therapies", c.quantity(f, base + ("facts", k)))
        add("therapies", _unique(t.adverse_events, base + ("adverse_events",), "adverse event"))
        for k, ae in enumerate(t.adverse_events):
            ap = base + ("adverse_events", k)
            for j, study in enumerate(ae.studies):
                if study not in trial_ids:
                    out.append(("therapies", ap + ("studies", j), f"unknown trial {quote(study)}"))
            if ae.comparator and ae.comparator.therapy and ae.comparator.therapy not in therapy_ids:
                out.append(("therapies", ap + ("comparator", "therapy"),
                            f"unknown therapy {quote(ae.comparator.therapy)}"))
            for field in ("rate", "count", "deaths"):
                add("therapies", c.quantity(getattr(ae, field), ap + (field,)))
            if ae.comparator:
                add("therapies", c.quantity(ae.comparator.rate, ap + ("comparator", "rate")))
            add("therapies", c.references(ae.references, ap + ("references",)))

    c.file = "trials"
    taken = {}
    for i, tr in enumerate(trials.trials):
        base = ("trials", i)
        add("trials", c.trial(tr, base, source_ids, therapy_ids, trial_ids))
        names = [(base + ("id",), tr.id), (base + ("name",), tr.name)]
        names += [(base + ("aliases", k), a) for k, a in enumerate(tr.aliases)]
        add("trials", _names((tr.id,), names, taken, "trial"))  # reports of one trial share its names
    return out
