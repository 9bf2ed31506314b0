"""Reports of one trial from several sources: where they give different figures.

A systematic review collates the reports of a study (Cochrane Handbook, chapter
5) and never merges them silently: each source's figures stay in its own record,
and where two sources give different figures for the same arm and measure, that
is shown beside them (``msdmt trial``) and listed by ``msdmt audit``. Figures are
matched by the endpoint's ``measure``, the arm's id and the reference arm's id
(endpoint ids and origins are each source's own); arm sizes by the arm's id.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from msdmt.core.shapes import Disagreement, ReportFigure

Json = dict[str, Any]
ARM_SIZE = "arm-size"


def _figures(report: Json) -> Iterable[tuple[tuple[str, str | None, str | None], ReportFigure]]:
    """(key, figure) of every numeric figure of a report that another report could also give."""
    for arm in report["arms"]:
        n = arm.get("n")
        if n and n.get("value") is not None:
            yield (ARM_SIZE, arm["id"], None), {
                "source": n.get("source") or report["source"], "endpoint": None, "label": f"{arm['label']}, n",
                "value": n["value"], "bound": n.get("bound"), "unit": n.get("unit"), "printed": n["printed"],
                "locator": n["locator"]}
    for ep in report["endpoints"]:
        for r in ep["results"]:
            if r["value"] is None:
                continue
            yield (ep["measure"], r["arm"], r["versus"]), {
                "source": r.get("source") or ep.get("source") or report["source"], "endpoint": ep["id"],
                "label": ep["label"], "value": r["value"], "bound": r.get("bound"), "unit": ep.get("unit"),
                "printed": r["printed"], "locator": ep["locator"]}


def disagreements(reports: list[Json]) -> list[Disagreement]:
    """Where reports of one trial from different sources differ: for each arm and measure that two or more
    sources give, the figures of every source when the sets of values they give are not the same."""
    if len(reports) < 2:
        return []
    found: dict[tuple[str, str | None, str | None], list[ReportFigure]] = {}
    for report in reports:
        for key, figure in _figures(report):
            found.setdefault(key, []).append(figure)
    out: list[Disagreement] = []
    for (measure, arm, versus), figures in found.items():
        by_source: dict[str, set[tuple[float, str | None]]] = {}
        for f in figures:
            by_source.setdefault(f["source"], set()).add((float(f["value"]), f["bound"]))
        if len(by_source) > 1 and len({frozenset(v) for v in by_source.values()}) > 1:
            out.append({"trial": reports[0]["id"], "measure": measure, "arm": arm, "versus": versus,
                        "figures": figures})
    return out


def disagreeing(items: list[Disagreement]) -> set[tuple[str, str | None, str]]:
    """(source, endpoint, arm) of every figure in a disagreement: what a view marks."""
    return {(f["source"], f["endpoint"], d["arm"] or "") for d in items for f in d["figures"]}
