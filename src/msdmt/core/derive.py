"""Figures computed from reported ones: relative reductions, absolute differences, NNT and NNH.

Nothing here is reported by the source. Each derived figure says so, gives its
formula and the reported inputs with their locators, and carries a caution
where the derivation is shaky (a difference the trial found not significant, a
before-after comparison of different periods). An NNT or NNH is built in one
place and travels inside the absolute difference it comes from, so no renderer
ever has to find it again.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from msdmt.data.text import numerals, printed_token

Json = dict[str, Any]

# Proportions where a higher share is the better outcome; for all other
# proportions (relapsed, progression, active lesions) lower is better.
HIGHER_IS_BETTER = {"relapse-free", "freedom-from-clinical-disease", "clinical-mri-disease-free"}
# Outcome families: a "not significant" verdict on one measure covers the others.
FAMILIES = (
    {"sustained-disability-progression", "disability-risk-reduction"},
    {"relapse-free", "relapsed", "arr", "arr-reduction"},
)

if TYPE_CHECKING:
    from msdmt.core.shapes import Derived, Input, NumberNeeded, Reported
NOT_SIGNIFICANT = "the trial reports this difference as not statistically significant"
ERRATUM_INPUT = "an input figure carries an erratum note (see the notes of the trial)"
BEFORE_AFTER = "a before-after comparison in one group over different periods, not a comparison with a control group"
MIXED_SOURCES = "its inputs come from different sources ({}), which may differ in method, population and period"


def decimals(value: float, printed: str | None = None) -> int:
    """Decimal places the figure was printed with: from its printed text where it appears there."""
    token = printed_token(value, printed)
    if token is not None:
        return len(token.split(".")[1]) if "." in token else 0
    exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def half_unit(value: float, printed: str | None = None) -> float:
    return 0.5 * 10.0 ** -decimals(value, printed)


def agree(a: float, b: float, printed_a: str | None = None, printed_b: str | None = None) -> bool:
    """Whether two printed figures can be the same quantity rounded differently."""
    return abs(a - b) <= max(half_unit(a, printed_a), half_unit(b, printed_b)) + 1e-9


def rr_bounds(treated: float, control: float, ht: float | None = None,
              hc: float | None = None) -> tuple[float, float] | None:
    """Range of 100 × (1 − t/c) over all rates that round to the printed ones (half-units ht, hc)."""
    ht = half_unit(treated) if ht is None else ht
    hc = half_unit(control) if hc is None else hc
    if control - hc <= 0:
        return None
    low = 100 * (1 - (treated + ht) / (control - hc))
    high = 100 * (1 - max(treated - ht, 0) / (control + hc))
    return round(low, 1), round(high, 1)


def nnt_bounds(t: Json, c: Json) -> tuple[int, int] | None:
    """Range of NNT/NNH over proportions that round to the printed ones; None when it is unbounded."""
    ht, hc = half_unit(t["value"], t.get("printed")), half_unit(c["value"], c.get("printed"))
    if _exactly_zero(c):
        hc = 0.0
    if _exactly_zero(t):
        ht = 0.0
    smallest = abs(t["value"] - c["value"]) - ht - hc
    largest = abs(t["value"] - c["value"]) + ht + hc
    if smallest <= 0:
        return None
    return math.ceil(100 / largest - 1e-9), math.ceil(100 / smallest - 1e-9)


def _exactly_zero(rec: Json) -> bool:
    """'none' is an exact zero, not a rounded one."""
    return bool(rec["value"] == 0 and not any(float(token) == 0 for token in numerals(rec.get("printed"))))


def number_needed(t: Json, c: Json, label: str, harm_when_higher: bool) -> NumberNeeded | None:
    """NNT or NNH for proportions ``t`` (treated) and ``c`` (comparator), in percent; None when they are equal.

    ``harm_when_higher``: a higher proportion in the treated group is the worse
    outcome (relapses, adverse events), so it gives an NNH.
    """
    diff = t["value"] - c["value"]
    if diff == 0:
        return None
    metric: Any = "nnh" if (diff > 0) == harm_when_higher else "nnt"
    return {
        "metric": metric,
        "label": ("Number needed to harm" if metric == "nnh" else "Number needed to treat") + f": {label}",
        "value": math.ceil(100 / abs(diff) - 1e-9),
        "unit": "patients",
        "formula": f"ceil(100 / |{_fmt(t['value'])} - {_fmt(c['value'])}|)",
        "range": _pair(nnt_bounds(t, c)),
    }


def _period(trial: Json) -> str | None:
    d = trial["durations"]
    if not d or d[0]["value"] is None:
        return None
    unit = d[0]["unit"].removesuffix("s") if d[0]["value"] == 1 else d[0]["unit"]  # "1 year", as in the durations
    return f"{d[0]['value']:g} {unit}" + (f" ({d[0]['text']})" if d[0].get("text") else "")


def _not_significant(trial: Json, measure: str) -> bool:
    family = next((f for f in FAMILIES if measure in f), {measure})
    return any(
        r["significant"] is False for ep in trial["endpoints"] if ep["measure"] in family for r in ep["results"]
    )


def _conflicts(trial: Json, ep: Json, t: Json, c: Json) -> list[str]:
    """Cautions when the inputs are flagged, or another report of the same outcome disagrees."""
    out = []
    if ep.get("erratum") or t.get("erratum") or c.get("erratum"):
        out.append(ERRATUM_INPUT)
    for other in trial["endpoints"]:
        if other is ep:
            continue
        same = other["measure"] == ep["measure"]
        complement = ep["measure"] == other.get("complement_of") or other["measure"] == ep.get("complement_of")
        if not (same or complement) or other["kind"] == "statement":
            continue
        for mine in (t, c):
            theirs = next((r for r in other["results"] if r["arm"] == mine["arm"] and r["value"] is not None), None)
            if theirs is None:
                continue
            expected = theirs["value"] if same else 100 - theirs["value"]
            if not agree(expected, mine["value"], theirs["printed"], mine["printed"]):
                arm = next((a["label"] for a in trial["arms"] if a["id"] == mine["arm"]), mine["arm"])
                out.append(f"{other['origin']} reports a different figure for this outcome "
                           f"({arm}: {_fmt(theirs['value'])}% {other['label'].lower()}; see msdmt audit)")
                break
    return out


def _input(ep: Json, r: Json) -> Input:
    return {"endpoint": ep["id"], "arm": r["arm"], "value": r["value"], "printed": r["printed"],
            "locator": ep["locator"], "source": r.get("source") or ep.get("source")}  # filled in when compiled


def _sourced(item: Derived, record: Json) -> Derived:
    """The derived figure with the sources of its inputs, its own source (theirs when they share one, else its
    record's) and its record's (``report``); a caution when the inputs come from more than one source."""
    item["sources"] = list(dict.fromkeys(i["source"] for i in item["inputs"] if i["source"]))
    item["report"] = record.get("source")
    item["source"] = item["sources"][0] if len(item["sources"]) == 1 else record.get("source")
    if len(item["sources"]) > 1:
        item["cautions"].append(MIXED_SOURCES.format(", ".join(item["sources"])))
    return item


def _key(trial: Json, qualify: bool) -> str:
    """The trial part of a derived id: 'ID', or 'ID@SOURCE' for a report after a trial's first."""
    return f"{trial['id']}@{trial['source']}" if qualify else str(trial["id"])


def _pair(bounds: tuple[Any, Any] | None) -> list[Any] | None:
    """Bounds as they go into a record: a list, as in the JSON output."""
    return list(bounds) if bounds is not None else None


def _fmt(x: float) -> str:
    return f"{x:g}"


def derive_trial(trial: Json, qualify: bool = False) -> list[Derived]:
    """What msdmt derives from one report of a trial (never from two reports at once); ``qualify``: the report is
    not the trial's first, so the ids carry its source."""
    comparators = {a["id"] for a in trial["arms"] if a["role"] == "comparator"}
    out: list[Derived] = []
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
                    out.append(_difference(trial, ep, t, c))
    out.extend(_before_after(trial))
    for item in out:
        _sourced(item, trial)
        if qualify:
            item["id"] = _key(trial, True) + item["id"].removeprefix(str(trial["id"]))
    return out


def _relative_reduction(trial: Json, ep: Json, t: Json, c: Json, cautions: list[str] | None = None) -> Derived:
    value = 100 * (1 - t["value"] / c["value"])
    reported: list[Reported] = [
        {"endpoint": e["id"], "value": r["value"], "locator": e["locator"], "source": r.get("source")}
        for e in trial["endpoints"]
        if e["kind"] == "relative_reduction" and e.get("of") == ep["measure"]
        for r in e["results"]
        if r["arm"] == t["arm"] and r["value"] is not None
    ]
    caution = list(cautions or [])
    if _not_significant(trial, ep["measure"]):
        caution.append(NOT_SIGNIFICANT)
    if ep.get("erratum") or t.get("erratum") or c.get("erratum"):
        caution.append(ERRATUM_INPUT)
    return {
        "id": f"{trial['id']}:{ep['id']}:{t['arm']}:{c['arm']}:relative-reduction",
        "trial": trial["id"],
        "endpoint": ep["id"],
        "adverse_event": None,
        "metric": "relative_reduction",
        "label": f"Relative reduction: {ep['label']}",
        "arm": t["arm"],
        "versus": c["arm"],
        "value": round(value, 1),
        "unit": "%",
        "formula": f"(1 - {_fmt(t['value'])} / {_fmt(c['value'])}) × 100",
        "range": _pair(rr_bounds(t["value"], c["value"], half_unit(t["value"], t["printed"]),
                                 half_unit(c["value"], c["printed"]))),
        "inputs": [_input(ep, t), _input(ep, c)],
        "reported": reported,
        "period": _period(trial),
        "cautions": caution,
        "number_needed": None,
        "source": None,
        "sources": [],
        "report": None,
    }


def _difference(trial: Json, ep: Json, t: Json, c: Json) -> Derived:
    cautions = [NOT_SIGNIFICANT] if _not_significant(trial, ep["measure"]) else []
    cautions += _conflicts(trial, ep, t, c)
    return {
        "id": f"{trial['id']}:{ep['id']}:{t['arm']}:{c['arm']}:absolute-difference",
        "trial": trial["id"],
        "endpoint": ep["id"],
        "adverse_event": None,
        "metric": "absolute_difference",
        "label": f"Absolute difference: {ep['label']}",
        "arm": t["arm"],
        "versus": c["arm"],
        "value": round(t["value"] - c["value"], 2),
        "unit": "percentage points",
        "formula": f"{_fmt(t['value'])}% - {_fmt(c['value'])}%",
        "range": None,
        "inputs": [_input(ep, t), _input(ep, c)],
        "reported": [],
        "period": _period(trial),
        "cautions": cautions,
        "number_needed": number_needed(t, c, ep["label"], harm_when_higher=ep["measure"] not in HIGHER_IS_BETTER),
        "source": None,
        "sources": [],
        "report": None,
    }


def _before_after(trial: Json) -> list[Derived]:
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
    item["id"] = f"{trial['id']}:{after['id']}:{a['arm']}:{before['id']}:before-after-reduction"
    item["label"] = f"Relative reduction: {after['label']}, against: {before['label']}"
    return [item]


UNCLEAR_GROUPS = ("the source does not say which trials, groups or period these rates cover, so the difference "
                  "may mix populations")


def derive_adverse_events(therapy: Json) -> list[Derived]:
    """Absolute difference and NNH for adverse events printed with a comparator rate."""
    out: list[Derived] = []
    for ae in therapy["adverse_events"]:
        comp = ae["comparator"]
        rate = ae["rate"]
        if not comp or not rate or rate["value"] is None or comp["rate"]["value"] is None:
            continue
        if rate["bound"] or comp["rate"]["bound"]:
            continue
        inputs: list[Input] = [
            {"endpoint": f"{ae['id']}.rate", "arm": therapy["id"], "value": rate["value"], "printed": rate["printed"],
             "locator": rate["locator"], "source": rate.get("source") or ae.get("source") or therapy.get("source")},
            {"endpoint": f"{ae['id']}.comparator", "arm": comp["therapy"], "value": comp["rate"]["value"],
             "printed": comp["rate"]["printed"], "locator": comp["rate"]["locator"],
             "source": comp["rate"].get("source") or ae.get("source") or therapy.get("source")},
        ]
        out.append(_sourced({
            "id": f"{therapy['id']}:{ae['id']}:absolute-difference", "trial": None, "endpoint": None,
            "adverse_event": ae["id"],
            "metric": "absolute_difference", "label": f"Absolute difference: {ae['event']}",
            "arm": therapy["id"], "versus": comp["therapy"] or comp["label"],
            "value": round(rate["value"] - comp["rate"]["value"], 2), "unit": "percentage points",
            "formula": f"{_fmt(rate['value'])}% - {_fmt(comp['rate']['value'])}%", "range": None,
            "inputs": inputs, "reported": [], "period": None, "cautions": [UNCLEAR_GROUPS],
            "number_needed": number_needed(rate, comp["rate"], ae["event"], harm_when_higher=True),
            "source": None, "sources": [], "report": None,
        }, therapy))
    return out
