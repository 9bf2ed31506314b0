"""Horizontal bars of reported reductions, per trial and arm, grouped by comparator.

Bars keep the order of the trials as given and are never sorted by size: the
chart shows what each trial reported against its own comparator, and must not
read as a ranking of therapies.
"""

from __future__ import annotations

from .document import num, pvalue, where

MEASURES = (("arr-reduction", "Relapse-rate reduction"), ("disability-risk-reduction", "Disability progression risk reduction"))
ORIGIN_ORDER = ("Table 2", "Table 3", "Text")
NOT_A_RANKING = "Bars are in the order the trials were named; their lengths do not rank therapies."


def chart_view(compare: dict) -> dict:
    labels = {(c["trial"], c["arm"]): c["label"] for c in compare["columns"]}
    comparator_type = {t["id"]: (t["comparator"]["type"] if t["comparator"] else "none") for t in compare["trials"]}
    names = {t["id"]: t["name"] for t in compare["trials"]}
    panels = []
    skipped = []
    for measure, title in MEASURES:
        groups: dict[str, list[dict]] = {}
        rows = sorted((r for r in compare["rows"] if r["measure"] == measure),
                      key=lambda r: ORIGIN_ORDER.index(r["origin"]) if r["origin"] in ORIGIN_ORDER else 9)
        seen: set[tuple[str, str]] = set()
        for t in compare["trials"]:
            for row in rows:
                for key, cells in row["cells"].items():
                    trial_id, arm = key.split("/", 1)
                    if trial_id != t["id"] or (trial_id, arm) in seen:
                        continue
                    cell = cells[0]
                    if cell["value"] is None or cell["unit"] != "%":
                        skipped.append(f"{names[trial_id]}: {row['labels'][trial_id]} "
                                       f"{cell.get('text') or num(cell['value'], cell['printed'])}"
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
    return {
        "view": "chart",
        "panels": panels,
        "not_drawn": skipped,
        "differences": compare["differences"],
        "caution": compare["caution"] + " " + NOT_A_RANKING,
        "source": compare["source"],
    }


def render(view: dict, options) -> str:
    """The chart as text, built with Rich (``options`` as for tables)."""
    import io

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from .formatters import to_ascii

    fix = to_ascii if options.ascii_only else str
    block = "#" if options.ascii_only else "█"
    out = io.StringIO()
    console = Console(file=out, width=max(options.width, 30), color_system=options.color_system,  # type: ignore[arg-type]
                      force_terminal=options.color_system is not None, markup=False, emoji=False, highlight=False)
    console.print(Text(fix("! " + view["caution"]), style="bold yellow"))
    for diff in view["differences"]:
        vals = "; ".join(f"{k}: {v}" for k, v in diff["values"].items())
        console.print(Text(fix(f"! These trials differ in {diff['aspect']} ({vals})."), style="yellow"))
    bars = [b for p in view["panels"] for g in p["groups"] for b in g["bars"]]
    ends = {id(b): f"{num(b['value'])}%" + (f" {pvalue(b['p'])}" if b["p"] else "") + f" [{where(b['locator'])}]"
            for b in bars}
    width = console.width
    label_width = min(max((len(b["label"]) for b in bars), default=10), max(12, width // 3))
    end_width = min(max((len(e) for e in ends.values()), default=10), max(12, width // 3))
    bar_width = max(4, width - label_width - end_width - 4)
    end_width = max(8, width - label_width - bar_width - 4)  # what is left; the column folds, never cuts
    if not bars:
        console.print()
        console.print(Text(fix("Nothing to draw: none of these trials reports a relapse-rate or disability "
                               "reduction as a percentage.")))
    for panel in view["panels"]:
        if not panel["groups"]:
            continue
        console.print()
        console.print(Text(fix(f"{panel['title']} (% versus the trial's own comparator; 0-100% scale)"), style="bold"))
        for group in panel["groups"]:
            console.print(Text(fix(f"  versus {group['comparator']}"), style="italic"))
            grid = Table.grid(padding=(0, 1))
            grid.add_column(width=label_width, overflow="fold")
            grid.add_column(width=bar_width, no_wrap=True)
            grid.add_column(width=end_width, overflow="fold")
            for bar in group["bars"]:
                length = round(max(bar["value"], 0) / 100 * bar_width)
                grid.add_row(Text(fix(bar["label"])), Text(block * length, style="cyan"), Text(fix(ends[id(bar)])))
            console.print(grid)
    for line in view["not_drawn"]:
        console.print(Text(fix(f"Not drawn: {line}."), style="dim"))
    console.print()
    console.print(Text(fix(f"Source: {view['source']['text']} Figures as reported in a 2015 review; not prescribing "
                           "information."), style="dim"))
    return "\n".join(line.rstrip() for line in out.getvalue().split("\n"))
