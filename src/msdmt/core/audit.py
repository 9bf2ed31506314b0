"""The dataset checked against itself.

Five kinds of finding, each naming the record, both figures, both locators and
a one-line explanation:

- recomputed-reduction: a reported relative reduction outside the range that
  the reported rates allow once their rounding is taken into account;
- same-quantity: one quantity printed twice (text and table, or two tables)
  with values that differ beyond rounding, including complements
  (relapsed against relapse-free);
- patient-counts: randomized against treated counts, and arm sizes against
  the randomized total;
- references: a study cited under different reference numbers;
- erratum: every erratum note recorded in the data.
"""

from __future__ import annotations

from itertools import combinations

from msdmt.render.document import num

from .derive import agree, half_unit, rr_bounds


def _finding(check: str, record: str, numbers: str, values: list, locators: list[str], explanation: str) -> dict:
    return {"check": check, "record": record, "numbers": numbers, "values": values, "locators": locators,
            "explanation": explanation}


def _arm(trial: dict, arm: str | None) -> str:
    return next((a["label"] for a in trial["arms"] if a["id"] == arm), "the whole trial")


def _recomputed(trial: dict) -> list[dict]:
    out = []
    for ep in trial["endpoints"]:
        if ep["kind"] != "relative_reduction" or not ep.get("of"):
            continue
        for r in ep["results"]:
            if r["value"] is None or r["arm"] is None or r["versus"] is None:
                continue
            for rates in (e for e in trial["endpoints"] if e["measure"] == ep["of"] and e["kind"] == "annualized_relapse_rate"):
                t = next((x for x in rates["results"] if x["arm"] == r["arm"] and x["value"] is not None), None)
                c = next((x for x in rates["results"] if x["arm"] == r["versus"] and x["value"] is not None), None)
                if t is None or c is None or c["value"] <= 0:
                    continue
                bounds = rr_bounds(t["value"], c["value"], half_unit(t["value"], t["printed"]),
                                   half_unit(c["value"], c["printed"]))
                point = 100 * (1 - t["value"] / c["value"])
                half = half_unit(r["value"], r["printed"])
                if bounds and bounds[0] - half <= r["value"] <= bounds[1] + half:
                    continue
                out.append(_finding(
                    "recomputed-reduction", trial["id"],
                    f"reported {num(r['value'])}%; recomputed {point:.1f}% from {num(t['value'])} and {num(c['value'])}",
                    [r["value"], round(point, 1)], [ep["locator"], rates["locator"]],
                    f"the reported reduction lies outside {bounds[0]:g}-{bounds[1]:g}%, the range the printed rates "
                    "allow given their rounding" if bounds else "the comparator rate is too small to recompute from",
                ))
    return out


def _same_quantity(trial: dict) -> list[dict]:
    out = []
    eps = trial["endpoints"]
    for a, b in combinations(eps, 2):
        if a["measure"] != b["measure"] or a["kind"] == "statement" or b["kind"] == "statement":
            continue
        for ra in a["results"]:
            rb = next((x for x in b["results"] if (x["arm"], x["versus"]) == (ra["arm"], ra["versus"])
                       and x.get("text") == ra.get("text")), None)
            if rb is None or ra["value"] is None or rb["value"] is None:
                continue
            if agree(ra["value"], rb["value"], ra["printed"], rb["printed"]):
                continue
            unit = "%" if a["unit"] == "%" else f" {a['unit']}" if a["unit"] else ""
            out.append(_finding(
                "same-quantity", trial["id"],
                f"{a['origin']}: {num(ra['value'], ra['printed'])}{unit}; {b['origin']}: {num(rb['value'], rb['printed'])}{unit}",
                [ra["value"], rb["value"]], [a["locator"], b["locator"]],
                f"{a['label']} ({_arm(trial, ra['arm'])}) is printed twice with values that differ beyond rounding",
            ))
    for a in eps:
        if not a.get("complement_of"):
            continue
        for b in (e for e in eps if e["measure"] == a["complement_of"]):
            for ra in a["results"]:
                rb = next((x for x in b["results"] if x["arm"] == ra["arm"]), None)
                if rb is None or ra["value"] is None or rb["value"] is None:
                    continue
                if agree(100 - ra["value"], rb["value"], ra["printed"], rb["printed"]):
                    continue
                out.append(_finding(
                    "same-quantity", trial["id"],
                    f"{a['origin']}: {num(ra['value'])}% {a['label'].lower()} (so {num(100 - ra['value'])}% not); "
                    f"{b['origin']}: {num(rb['value'])}% {b['label'].lower()}",
                    [100 - ra["value"], rb["value"]], [a["locator"], b["locator"]],
                    f"for {_arm(trial, ra['arm'])}, the complement of one figure does not match the other beyond rounding",
                ))
    return out


def _counts(trial: dict) -> list[dict]:
    out = []
    facts = {f["id"]: f for f in trial["facts"]}
    randomized, treated = facts.get("randomized"), facts.get("treated")
    sized = [a for a in trial["arms"] if a["n"] and a["n"]["value"] is not None]
    if randomized and sized and len(sized) == len(trial["arms"]):
        total = sum(a["n"]["value"] for a in sized)
        if total != randomized["value"]:
            out.append(_finding(
                "patient-counts", trial["id"], f"arms add up to {num(total)}; randomized {num(randomized['value'])}",
                [total, randomized["value"]], [sized[0]["n"]["locator"], randomized["locator"]],
                "the arm sizes do not add up to the number randomized"))
    if treated and treated["value"] is not None:
        treatment = [a for a in sized if a["role"] == "treatment"]
        if len(treatment) == 1 and treatment[0]["n"]["value"] != treated["value"]:
            a = treatment[0]
            out.append(_finding(
                "patient-counts", trial["id"],
                f"{num(treated['value'])} treated; {num(a['n']['value'])} in the {a['label']} arm",
                [treated["value"], a["n"]["value"]], [treated["locator"], a["n"]["locator"]],
                "the treated count differs from the arm size; the review does not say why"))
        elif randomized and not treatment and treated["value"] != randomized["value"]:
            out.append(_finding(
                "patient-counts", trial["id"],
                f"{num(treated['value'])} treated; {num(randomized['value'])} randomized",
                [treated["value"], randomized["value"]], [treated["locator"], randomized["locator"]],
                "the treated count differs from the number randomized; the review does not say which arms it counts"))
    return out


def _place(locator: str) -> str:
    return locator.split(",")[0].strip()  # "Table 2", "Table 3" or "Text"


def _references(trial: dict) -> list[dict]:
    """A study whose tables and text cite it under different numbers."""
    places: dict[str, set[int]] = {}
    where: dict[str, str] = {}
    for r in trial["references"]:
        place = _place(r["locator"])
        places.setdefault(place, set()).add(r["number"])
        where.setdefault(place, r["locator"])
    if len(places) < 2 or len({frozenset(v) for v in places.values()}) == 1:
        return []
    numbers = "; ".join(f"{p}: {', '.join(map(str, sorted(v)))}" for p, v in places.items())
    return [_finding("references", trial["id"], numbers, sorted({n for v in places.values() for n in v}),
                     list(where.values()), "the tables and the text cite this study under different reference numbers")]


def _errata(data: dict) -> list[dict]:
    out = []
    for s in data["sources"]:
        for e in s["errata"]:
            out.append(_finding("erratum", s["id"], "", [], [e["locator"]], " ".join(e["text"].split())))

    def walk(node: object, record: str, locator: str | None) -> None:
        if isinstance(node, dict):
            locator = node.get("locator") or locator
            if node.get("erratum"):
                out.append(_finding("erratum", record, "", [], [locator or ""], " ".join(node["erratum"].split())))
            for key, value in node.items():
                if key != "erratum":
                    walk(value, record, locator)
        elif isinstance(node, list):
            for value in node:
                walk(value, record, locator)

    for record in data["therapies"] + data["trials"]:
        walk(record, record["id"], None)
    return out


def findings(data: dict) -> list[dict]:
    out = []
    for trial in data["trials"]:
        out += _recomputed(trial) + _same_quantity(trial) + _counts(trial) + _references(trial)
    return out + _errata(data)


def audit_view(cat) -> dict:
    found = findings(cat.data)
    counts: dict[str, int] = {}
    for f in found:
        counts[f["check"]] = counts.get(f["check"], 0) + 1
    return {"view": "audit", "findings": found, "counts": counts, "source": cat.citation()}
