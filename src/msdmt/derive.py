"""Figures computed from reported ones: relative reductions, absolute differences, NNT and NNH.

Nothing here is reported by the source. Each derived figure says so, gives its
formula and the reported inputs with their locators, and carries a caution
where the derivation is shaky (a difference the trial found not significant, a
before-after comparison of different periods).
"""

from __future__ import annotations

import math

# Proportions where a higher share is the better outcome; for all other
# proportions (relapsed, progression, active lesions) lower is better.
HIGHER_IS_BETTER = {"relapse-free", "freedom-from-clinical-disease", "clinical-mri-disease-free"}
# Outcome families: a "not significant" verdict on one measure covers the others.
FAMILIES = (
    {"sustained-disability-progression", "disability-risk-reduction"},
    {"relapse-free", "relapsed", "arr", "arr-reduction"},
)
NOT_SIGNIFICANT = "the trial reports this difference as not statistically significant"
BEFORE_AFTER = "a before-after comparison in one group over different periods, not a comparison with a control group"


def decimals(value: float) -> int:
    text = repr(float(value))
    return 0 if text.endswith(".0") else len(text.split(".")[1])


def rr_bounds(treated: float, control: float) -> tuple[float, float] | None:
    """Range of 100 × (1 − t/c) over all rates that round to the printed ones."""
    ht, hc = 0.5 * 10 ** -decimals(treated), 0.5 * 10 ** -decimals(control)
    if control - hc <= 0:
        return None
    low = 100 * (1 - (treated + ht) / (control - hc))
    high = 100 * (1 - max(treated - ht, 0) / (control + hc))
    return round(low, 1), round(high, 1)


def _period(trial: dict) -> str | None:
    d = trial["durations"]
    if not d or d[0]["value"] is None:
        return None
    return f"{d[0]['value']:g} {d[0]['unit']}" + (f" ({d[0]['text']})" if d[0].get("text") else "")


def _not_significant(trial: dict, measure: str) -> bool:
    family = next((f for f in FAMILIES if measure in f), {measure})
    return any(
        r["significant"] is False for ep in trial["endpoints"] if ep["measure"] in family for r in ep["results"]
    )


def _input(ep: dict, r: dict) -> dict:
    return {"endpoint": ep["id"], "arm": r["arm"], "value": r["value"], "printed": r["printed"], "locator": ep["locator"]}


def _fmt(x: float) -> str:
    return f"{x:g}"


def derive_trial(trial: dict) -> list[dict]:
    comparators = {a["id"] for a in trial["arms"] if a["role"] == "comparator"}
    out: list[dict] = []
    for ep in trial["endpoints"]:
        numeric = [r for r in ep["results"] if r["value"] is not None and r["arm"] and r["bound"] is None]
        controls = [r for r in numeric if r["arm"] in comparators]
        treated = [r for r in numeric if r["arm"] not in comparators]
        if ep["kind"] == "annualized_relapse_rate" and ep["measure"] == "arr":
            for c in controls:
                for t in treated:
                    if c["value"] > 0:
                        out.append(_relative_reduction(trial, ep, t, c))
        if ep["kind"] == "proportion" and ep["unit"] == "%":
            for c in controls:
                for t in treated:
                    out.extend(_difference(trial, ep, t, c))
    out.extend(_before_after(trial))
    return out


def _relative_reduction(trial: dict, ep: dict, t: dict, c: dict, cautions: list[str] | None = None) -> dict:
    value = 100 * (1 - t["value"] / c["value"])
    reported = [
        {"endpoint": e["id"], "value": r["value"], "locator": e["locator"]}
        for e in trial["endpoints"]
        if e["kind"] == "relative_reduction" and e.get("of") == ep["measure"]
        for r in e["results"]
        if r["arm"] == t["arm"] and r["value"] is not None
    ]
    caution = list(cautions or [])
    if _not_significant(trial, ep["measure"]):
        caution.append(NOT_SIGNIFICANT)
    return {
        "id": f"{ep['id']}:{t['arm']}:relative-reduction",
        "trial": trial["id"],
        "adverse_event": None,
        "metric": "relative_reduction",
        "label": f"Relative reduction: {ep['label']}",
        "arm": t["arm"],
        "versus": c["arm"],
        "value": round(value, 1),
        "unit": "%",
        "formula": f"(1 - {_fmt(t['value'])} / {_fmt(c['value'])}) × 100",
        "range": rr_bounds(t["value"], c["value"]),
        "inputs": [_input(ep, t), _input(ep, c)],
        "reported": reported,
        "period": _period(trial),
        "cautions": caution,
    }


def _difference(trial: dict, ep: dict, t: dict, c: dict) -> list[dict]:
    better = ep["measure"] in HIGHER_IS_BETTER
    diff = t["value"] - c["value"]
    benefit = diff if better else -diff
    cautions = [NOT_SIGNIFICANT] if _not_significant(trial, ep["measure"]) else []
    base = {
        "trial": trial["id"],
        "adverse_event": None,
        "arm": t["arm"],
        "versus": c["arm"],
        "inputs": [_input(ep, t), _input(ep, c)],
        "reported": [],
        "range": None,
        "period": _period(trial),
        "cautions": cautions,
    }
    out = [base | {
        "id": f"{ep['id']}:{t['arm']}:absolute-difference",
        "metric": "absolute_difference",
        "label": f"Absolute difference: {ep['label']}",
        "value": round(diff, 2),
        "unit": "percentage points",
        "formula": f"{_fmt(t['value'])}% - {_fmt(c['value'])}%",
    }]
    if benefit != 0:
        metric = "nnt" if benefit > 0 else "nnh"
        n = math.ceil(100 / abs(diff) - 1e-9)
        out.append(base | {
            "id": f"{ep['id']}:{t['arm']}:{metric}",
            "metric": metric,
            "label": ("Number needed to treat" if metric == "nnt" else "Number needed to harm")
            + f": {ep['label']}",
            "value": n,
            "unit": "patients",
            "formula": f"ceil(100 / |{_fmt(t['value'])} - {_fmt(c['value'])}|)",
        })
    return out


def _before_after(trial: dict) -> list[dict]:
    """The relapse rate after treatment against the rate before it, in a single-group study."""
    if any(a["role"] == "comparator" for a in trial["arms"]):
        return []
    before = next((e for e in trial["endpoints"] if e["measure"] == "arr-baseline"), None)
    after = next((e for e in trial["endpoints"] if e["measure"] == "arr"), None)
    if not before or not after:
        return []
    b = next((r for r in before["results"] if r["value"]), None)
    a = next((r for r in after["results"] if r["value"] is not None), None)
    if b is None or a is None:
        return []
    item = _relative_reduction(trial, after, a, b, cautions=[BEFORE_AFTER])
    item["inputs"] = [_input(after, a), _input(before, b)]
    item["id"] = f"{after['id']}:{a['arm']}:before-after-reduction"
    item["label"] = f"Relative reduction: {after['label']}, against: {before['label']}"
    return [item]


UNCLEAR_GROUPS = ("the review does not say which trials, groups or period these rates cover, so the difference "
                  "may mix populations")


def derive_adverse_events(therapy: dict) -> list[dict]:
    """Absolute difference and NNH for adverse events printed with a comparator rate."""
    out = []
    for ae in therapy["adverse_events"]:
        comp = ae["comparator"]
        rate = ae["rate"]
        if not comp or not rate or rate["value"] is None or comp["rate"]["value"] is None:
            continue
        if rate["bound"] or comp["rate"]["bound"]:
            continue
        diff = rate["value"] - comp["rate"]["value"]
        inputs = [
            {"endpoint": f"{ae['id']}.rate", "arm": therapy["id"], "value": rate["value"], "printed": rate["printed"],
             "locator": rate["locator"]},
            {"endpoint": f"{ae['id']}.comparator", "arm": comp["therapy"], "value": comp["rate"]["value"],
             "printed": comp["rate"]["printed"], "locator": comp["rate"]["locator"]},
        ]
        base = {"trial": None, "adverse_event": ae["id"], "arm": therapy["id"], "versus": comp["therapy"] or comp["label"],
                "inputs": inputs, "reported": [], "range": None, "period": None, "cautions": [UNCLEAR_GROUPS]}
        out.append(base | {
            "id": f"{ae['id']}:absolute-difference", "metric": "absolute_difference",
            "label": f"Absolute difference: {ae['event']}", "value": round(diff, 2), "unit": "percentage points",
            "formula": f"{_fmt(rate['value'])}% - {_fmt(comp['rate']['value'])}%",
        })
        if diff:
            metric = "nnh" if diff > 0 else "nnt"
            out.append(base | {
                "id": f"{ae['id']}:{metric}", "metric": metric,
                "label": ("Number needed to harm" if metric == "nnh" else "Number needed to treat") + f": {ae['event']}",
                "value": math.ceil(100 / abs(diff) - 1e-9), "unit": "patients",
                "formula": f"ceil(100 / |{_fmt(rate['value'])} - {_fmt(comp['rate']['value'])}|)",
            })
    return out
