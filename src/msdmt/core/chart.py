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


def chart_view(compare: CompareView) -> ChartView:
    labels = {(c["trial"], c["arm"]): c["label"] for c in compare.columns}
    comparator_type = {t["id"]: (t["comparator"]["type"] if t["comparator"] else "none") for t in compare.trials}
    names = {t["id"]: t["name"] for t in compare.trials}
    panels: list[Panel] = []
    skipped: list[str] = []
    for measure, title in MEASURES:
        groups: dict[str, list[Bar]] = {}
        rows = sorted((r for r in compare.rows if r["measure"] == measure),
                      key=lambda r: ORIGIN_ORDER.index(r["origin"]) if r["origin"] in ORIGIN_ORDER else 9)
        seen: set[tuple[str, str]] = set()
        for t in compare.trials:
            for row in rows:
                for key, cells in row["cells"].items():
                    trial_id, arm = key.split("/", 1)
                    if trial_id != t["id"] or (trial_id, arm) in seen:
                        continue
                    cell = cells[0]
                    if cell["value"] is None or cell["unit"] != "%":
                        skipped.append(f"{names[trial_id]}: {row['labels'][trial_id]} "
                                       f"{cell.get('text') or _printed(cell)}"
                                       f"{' (hazard ratio)' if cell['unit'] == 'hazard ratio' else ''}")
                        seen.add((trial_id, arm))
                        continue
                    seen.add((trial_id, arm))
                    groups.setdefault(comparator_type[trial_id], []).append({
                        "trial": trial_id, "arm": arm, "label": f"{names[trial_id]}: {labels[(trial_id, arm)]}",
                        "value": cell["value"], "p": cell["p"], "origin": row["origin"], "locator": cell["locator"],
                    })
        panels.append({"measure": measure, "title": title,
                       "groups": [{"comparator": k, "bars": v} for k, v in groups.items()]})
    return ChartView(
        panels=panels,
        not_drawn=skipped,
        differences=compare.differences,
        caution=compare.caution + " " + NOT_A_RANKING,
        source=compare.source,
    )


def _printed(cell: dict[str, Any]) -> str:
    return printed_token(cell["value"], cell["printed"]) or f"{cell['value']:g}"
