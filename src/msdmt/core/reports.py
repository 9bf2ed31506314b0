"""Reports of one trial: where they give different figures.

A systematic review collates the reports of a study (Cochrane Handbook, chapter
5) and never merges them silently: each report stays its own record, and where
two reports give different figures for the same arm and measure, that is shown
beside them (``msdmt trial``, ``compare``) and listed by ``msdmt audit``. Figures
are matched by the endpoint's ``measure`` and ``unit`` (a hazard ratio is not a
percentage), the arm's id and the reference arm's id (endpoint ids and origins
are each report's own); arm sizes by the arm's id. Two values differ when they
cannot be the same figure rounded differently (``derive.agree``). Reports are
told apart by record, not by source, so a report quoting another source's
figure is still compared with that source's own report.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from msdmt.core.derive import agree

if TYPE_CHECKING:
    from msdmt.core.shapes import Disagreement, ReportFigure

Json = dict[str, Any]
ARM_SIZE = "arm-size"
Key = tuple[str, str | None, str | None, str | None]  # measure, unit, arm, versus


def arms(reports: Iterable[Json]) -> dict[str, Json]:
    """The arms of a trial's reports by id: the first report's, then those only a later report has (reports are
    matched arm by arm by id, and the first report's label and role stand for the arm)."""
    out: dict[str, Json] = {}
    for report in reports:
        for arm in report["arms"]:
            out.setdefault(arm["id"], arm)
    return out


def _figures(report: Json) -> Iterable[tuple[Key, ReportFigure]]:
    """(key, figure) of every numeric figure of a report that another report could also give."""
    own = report["source"]
    for arm in report["arms"]:
        n = arm.get("n")
        if n and n.get("value") is not None:
            yield (ARM_SIZE, "patients", arm["id"], None), {
                "report": own, "source": n.get("source") or own, "endpoint": None, "label": f"{arm['label']}, n",
                "value": n["value"], "bound": n.get("bound"), "unit": n.get("unit"), "printed": n["printed"],
                "locator": n["locator"]}
    for ep in report["endpoints"]:
        for r in ep["results"]:
            if r["value"] is None:
                continue
            yield (ep["measure"], ep.get("unit"), r["arm"], r["versus"]), {
                "report": own, "source": r.get("source") or ep.get("source") or own, "endpoint": ep["id"],
                "label": ep["label"], "value": r["value"], "bound": r.get("bound"), "unit": ep.get("unit"),
                "printed": r["printed"], "locator": ep["locator"]}


def _same(a: ReportFigure, b: ReportFigure) -> bool:
    return a["bound"] == b["bound"] and agree(a["value"], b["value"], a["printed"], b["printed"])


def _differ(mine: list[ReportFigure], theirs: list[ReportFigure]) -> bool:
    """Whether a figure of one report matches none of the other's (each may print a quantity more than once)."""
    return (any(not any(_same(a, b) for b in theirs) for a in mine)
            or any(not any(_same(b, a) for a in mine) for b in theirs))


def disagreements(reports: list[Json]) -> list[Disagreement]:
    """Where reports of one trial differ: for each arm and measure that two or more reports give, the figures of
    every report, when the values of one report and another cannot be the same figures."""
    if len(reports) < 2:
        return []
    found: dict[Key, list[list[ReportFigure]]] = {}
    for k, report in enumerate(reports):
        for key, figure in _figures(report):
            groups = found.setdefault(key, [[] for _ in reports])
            groups[k].append(figure)
    out: list[Disagreement] = []
    for (measure, _, arm, versus), groups in found.items():
        given = [g for g in groups if g]
        if any(_differ(a, b) for i, a in enumerate(given) for b in given[i + 1:]):
            out.append({"trial": reports[0]["id"], "measure": measure, "arm": arm, "versus": versus,
                        "figures": [f for g in given for f in g]})
    return out


def _design(report: Json) -> dict[str, str]:
    """What a report says of a trial's design, in words that can be compared across reports."""
    comp = report.get("comparator")
    return {
        "name": str(report.get("name")),
        "therapies": ", ".join(sorted(report.get("therapies") or [])) or "not stated",  # in any order
        "kind": str(report.get("kind")),
        "phase": str(report.get("phase") or "not stated"),
        # The comparator's kind and therapy, not its label ("Placebo", "Saline" and "PBO" are one comparator).
        "comparator": f"{comp['type']}" + (f" ({comp['therapy']})" if comp.get("therapy") else "") if comp else "none",
        "parent": str(report.get("parent") or "none"),
        "arms": ", ".join(f"{a['id']} ({a.get('therapy') or 'no therapy'}, {a['role']})"
                          for a in sorted(report["arms"], key=lambda a: str(a["id"]))),  # in any order
    }


_UNSTATED = frozenset({"not stated", "none"})


def design_differences(reports: list[Json]) -> list[tuple[str, list[tuple[str, str]]]]:
    """(aspect, [(report's source, what it says)]) where the reports of one trial describe it differently: name,
    therapies, kind, phase, comparator, the trial it follows, and the arms when a later report's cannot be matched
    to the first's (figures are matched by arm id). Durations are not compared here: one length
    is written many ways (2 years, 104 weeks), and views show each report's own."""
    if len(reports) < 2:
        return []
    said = [(r["source"], _design(r)) for r in reports]
    out = []
    for aspect in said[0][1]:
        if aspect == "arms" and not _arms_differ(reports):
            continue
        # A report that does not state an aspect does not contradict one that does.
        stated = [(source, design[aspect]) for source, design in said if design[aspect] not in _UNSTATED]
        if len({what for _, what in stated}) > 1:
            out.append((aspect, stated))
    return out


def _arms_differ(reports: list[Json]) -> bool:
    """Whether a later report's arms cannot be matched to the first report's: an arm id the first has with
    another therapy or role, or no arm id in common. A report that gives some of the arms only is not one."""
    first = {a["id"]: (a.get("therapy"), a["role"]) for a in reports[0]["arms"]}
    for report in reports[1:]:
        mine = {a["id"]: (a.get("therapy"), a["role"]) for a in report["arms"]}
        shared = first.keys() & mine.keys()
        if not shared or any(first[i] != mine[i] for i in shared):
            return True
    return False


def among(records: Iterable[Json]) -> list[Disagreement]:
    """The disagreements between the reports of each trial in a list of trials (records, or trial summaries whose
    ``key_results`` are the endpoints they show)."""
    by_id: dict[str, list[Json]] = {}
    for r in records:
        by_id.setdefault(r["id"], []).append(r if "endpoints" in r else {**r, "endpoints": r["key_results"]})
    return [d for group in by_id.values() if len(group) > 1 for d in disagreements(group)]


Marked = set[tuple[str, str, str | None, str, str | None]]


def disagreeing(items: list[Disagreement]) -> Marked:
    """(trial, report's source, endpoint, arm, versus) of every figure in a disagreement: what a view marks (a
    comparison holds several trials, whose arm and endpoint ids may be the same)."""
    return {(d["trial"], f["report"], f["endpoint"], d["arm"] or "", d["versus"]) for d in items for f in d["figures"]}
