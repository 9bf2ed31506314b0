"""Horizontal bars of reported reductions, per trial and arm, grouped by comparator.

Bars keep the order of the trials as given and are never sorted by size: the
chart shows what each trial reported against its own comparator, and must not
read as a ranking of therapies.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from msdmt.core.views import ChartView, CompareView
from msdmt.data.text import printed_token

if TYPE_CHECKING:
    from msdmt.core.shapes import Bar, Panel

MEASURES = (("arr-reduction", "Relapse-rate reduction"), ("disability-risk-reduction", "Disability progression risk reduction"))
ORIGIN_ORDER = ("Table 2", "Table 3", "Text")
NOT_A_RANKING = "Bars are in the order the trials were named; their lengths do not rank therapies."


DISAGREES = "≠ marks a figure that another report of the same trial gives differently (msdmt trial ID)."


def chart_view(compare: CompareView) -> ChartView:
    labels = {(c["trial"], c["arm"]): c["label"] for c in compare.columns}
    comparator_type = {t["id"]: (t["comparator"]["type"] if t["comparator"] else "none") for t in compare.trials}
    names = {t["id"]: t["name"] for t in compare.trials}
    from msdmt.core.reports import disagreeing

    marked = disagreeing(compare.disagreements)
    panels: list[Panel] = []
    skipped: list[str] = []
    used: list[str] = []
    marks = False
    for measure, title in MEASURES:
        groups: dict[str, list[Bar]] = {}
        rows = sorted((r for r in compare.rows if r["measure"] == measure),
                      key=lambda r: ORIGIN_ORDER.index(r["origin"]) if r["origin"] in ORIGIN_ORDER else 9)
        seen: set[tuple[str, str, str, str]] = set()  # one bar per trial, arm, report and source
        for t in compare.trials:
            for row in rows:
                for column, cells in row["cells"].items():
                    trial_id, arm = column.split("/", 1)
                    key = (trial_id, arm, row["report"], row["source"])
                    if trial_id != t["id"] or key in seen:
                        continue
                    cell = cells[0]
                    own = cell.get("source") or row["source"]
                    used.append(own)
                    if cell["value"] is None or cell["unit"] != "%":
                        skipped.append(f"{names[trial_id]}{f' ({own})' if own != t['source'] else ''}: "
                                       f"{row['labels'][trial_id]} "
                                       f"{cell.get('text') or _printed(cell)}"
                                       f"{' (hazard ratio)' if cell['unit'] == 'hazard ratio' else ''}")
                        seen.add(key)
                        continue
                    seen.add(key)
                    other = own != t["source"]  # a figure of another source than the trial's first report: say whose
                    differs = (trial_id, row["report"], cell["endpoint"], arm, cell.get("versus")) in marked
                    marks = marks or differs
                    groups.setdefault(comparator_type[trial_id], []).append({
                        "trial": trial_id, "arm": arm, "label": f"{names[trial_id]}: {labels[(trial_id, arm)]}"
                                                         + (f" ({own})" if other else "") + (" ≠" if differs else ""),
                        "value": cell["value"], "p": cell["p"], "origin": row["origin"], "locator": cell["locator"],
                        "source": own,
                    })
        panels.append({"measure": measure, "title": title,
                       "groups": [{"comparator": k, "bars": v} for k, v in groups.items()]})
    return ChartView(
        panels=panels,
        not_drawn=skipped,
        differences=compare.differences,
        caution=compare.caution + " " + NOT_A_RANKING + (" " + DISAGREES if marks else ""),
        sources=[c for c in compare.sources if c["id"] in used],  # those of the figures drawn or named
    )


def _printed(cell: dict[str, Any]) -> str:
    return printed_token(cell["value"], cell["printed"]) or f"{cell['value']:g}"
