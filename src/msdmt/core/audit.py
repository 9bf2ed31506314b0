"""The dataset checked against itself; findings are values and places, the renderers write the words.

Six kinds of finding, each naming the record, the figures with their
locators, and a reason:

- recomputed-reduction: a reported relative reduction outside the range that
  the reported rates allow once their rounding is taken into account;
- same-quantity: one quantity printed twice (text and table, or two tables)
  with values that differ beyond rounding, including complements
  (relapsed against relapse-free);
- patient-counts: randomized against treated counts, and arm sizes against
  the randomized total;
- references: a study cited under different reference numbers;
- erratum: every erratum note recorded in the data;
- reports: reports of one trial from different sources that give different
  figures for the same arm and measure, or describe the trial differently
  (``msdmt.core.reports``).

Every finding names the sources of its figures; the checks of one record never
mix two reports of a trial.
"""

from __future__ import annotations

from itertools import combinations
from typing import TYPE_CHECKING, Any

from msdmt.core.derive import agree, half_unit, rr_bounds
from msdmt.core.views import AuditView

if TYPE_CHECKING:
    from msdmt.core.catalog import Catalog
    from msdmt.core.shapes import Finding, FindingFigure

Json = dict[str, Any]


def _figure(origin: str, label: str, value: float, unit: str | None, locator: str,
            printed: str | None = None, source: str | None = None) -> FindingFigure:
    return {"origin": origin, "label": label, "value": value, "printed": printed, "unit": unit, "locator": locator,
            "source": source}


def _finding(check: str, reason: str, record: str, figures: list[FindingFigure], *, subject: str | None = None,
             arm: str | None = None, range_: tuple[float, float] | None = None, text: str | None = None,
             values: list[float] | None = None, locators: list[str] | None = None) -> Finding:
    return {
        "check": check, "reason": reason, "record": record, "subject": subject, "arm": arm,  # type: ignore[typeddict-item]
        "figures": figures, "range": list(range_) if range_ is not None else None, "text": text,
        "values": [f["value"] for f in figures] if values is None else values,
        "locators": [f["locator"] for f in figures] if locators is None else locators,
        "sources": [],
    }


def _arm(trial: Json, arm: str | None) -> str:
    return next((a["label"] for a in trial["arms"] if a["id"] == arm), "the whole trial")


def _recomputed(trial: Json) -> list[Finding]:
    out = []
    for ep in trial["endpoints"]:
        if ep["kind"] != "relative_reduction" or not ep.get("of"):
            continue
        for r in ep["results"]:
            if r["value"] is None or r["arm"] is None or r["versus"] is None:
                continue
            for rates in (e for e in trial["endpoints"]
                          if e["measure"] == ep["of"] and e["kind"] == "annualized_relapse_rate"):
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
                    "recomputed-reduction", "outside-rounding" if bounds else "comparator-too-small", trial["id"],
                    [_figure(ep["origin"], "reported", r["value"], "%", ep["locator"], r["printed"], _own(r, ep)),
                     _figure("msdmt", "recomputed", round(point, 1), "%", rates["locator"]),
                     _figure(rates["origin"], _arm(trial, r["arm"]), t["value"], rates["unit"], rates["locator"],
                             t["printed"], _own(t, rates)),
                     _figure(rates["origin"], _arm(trial, r["versus"]), c["value"], rates["unit"], rates["locator"],
                             c["printed"], _own(c, rates))],
                    subject=ep["label"], arm=_arm(trial, r["arm"]), range_=bounds,
                    values=[r["value"], round(point, 1)], locators=[ep["locator"], rates["locator"]],
                ))
    return out


def _same_quantity(trial: Json) -> list[Finding]:
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
            out.append(_finding(
                "same-quantity", "differs", trial["id"],
                [_figure(a["origin"], a["label"], ra["value"], a["unit"], a["locator"], ra["printed"], _own(ra, a)),
                 _figure(b["origin"], b["label"], rb["value"], b["unit"], b["locator"], rb["printed"], _own(rb, b))],
                subject=a["label"], arm=_arm(trial, ra["arm"]),
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
                    "same-quantity", "complement-differs", trial["id"],
                    [_figure(a["origin"], a["label"], ra["value"], "%", a["locator"], None, _own(ra, a)),
                     _figure(b["origin"], b["label"], rb["value"], "%", b["locator"], None, _own(rb, b))],
                    subject=a["label"], arm=_arm(trial, ra["arm"]), values=[100 - ra["value"], rb["value"]],
                ))
    return out


def _counts(trial: Json) -> list[Finding]:
    out = []
    facts = {f["id"]: f for f in trial["facts"]}
    randomized, treated = facts.get("randomized"), facts.get("treated")
    sized = [a for a in trial["arms"] if a["n"] and a["n"]["value"] is not None]
    if randomized and sized and len(sized) == len(trial["arms"]):
        total = sum(a["n"]["value"] for a in sized)
        if total != randomized["value"]:
            out.append(_finding(
                "patient-counts", "arms-total", trial["id"],
                [_figure("msdmt", "arms add up to", total, "patients", sized[0]["n"]["locator"]),
                 _figure("", "randomized", randomized["value"], "patients", randomized["locator"], None,
                         randomized.get("source"))]))
    if treated and treated["value"] is not None:
        treatment = [a for a in sized if a["role"] == "treatment"]
        if len(treatment) == 1 and treatment[0]["n"]["value"] != treated["value"]:
            a = treatment[0]
            out.append(_finding(
                "patient-counts", "treated-vs-arm", trial["id"],
                [_figure("", "treated", treated["value"], "patients", treated["locator"], None, treated.get("source")),
                 _figure("", a["label"], a["n"]["value"], "patients", a["n"]["locator"], None, a["n"].get("source"))],
                arm=a["label"]))
        elif randomized and not treatment and treated["value"] != randomized["value"]:
            out.append(_finding(
                "patient-counts", "treated-vs-randomized", trial["id"],
                [_figure("", "treated", treated["value"], "patients", treated["locator"], None, treated.get("source")),
                 _figure("", "randomized", randomized["value"], "patients", randomized["locator"], None,
                         randomized.get("source"))]))
    return out


def _place(locator: str) -> str:
    return locator.split(",")[0].strip()  # "Table 2", "Table 3" or "Text"


def _references(trial: Json) -> list[Finding]:
    """A study whose tables and text cite it under different numbers."""
    places: dict[str, list[Json]] = {}
    for r in trial["references"]:
        places.setdefault(_place(r["locator"]), []).append(r)
    numbers = {p: frozenset(r["number"] for r in refs) for p, refs in places.items()}
    if len(places) < 2 or len(set(numbers.values())) == 1:
        return []
    figures = [_figure(p, "reference", n, None, refs[0]["locator"])
               for p, refs in places.items() for n in sorted(numbers[p])]
    return [_finding("references", "reference-numbers", trial["id"], figures,
                     values=sorted({n for v in numbers.values() for n in v}),
                     locators=[refs[0]["locator"] for refs in places.values()])]


def _errata(data: Json) -> list[Finding]:
    out = []
    for s in data["sources"]:
        for e in s["errata"]:
            out.append(_finding("erratum", "erratum", s["id"], [], text=e["text"], locators=[e["locator"]]))
            out[-1]["sources"] = [s["id"]]

    def walk(node: object, record: str, locator: str | None, source: str) -> None:
        if isinstance(node, dict):
            locator = node.get("locator") or locator
            source = node.get("source") or source
            if node.get("erratum"):
                out.append(_finding("erratum", "erratum", record, [], text=node["erratum"],
                                    locators=[locator or ""]))
                out[-1]["sources"] = [source]
            for key, value in node.items():
                if key != "erratum":
                    walk(value, record, locator, source)
        elif isinstance(node, list):
            for value in node:
                walk(value, record, locator, source)

    for record in data["therapies"] + data["trials"]:
        walk(record, record["id"], None, record["source"])
    return out


def _own(result: Json, endpoint: Json) -> str | None:
    """A result's own source (filled in when compiled; its endpoint's otherwise)."""
    source: str | None = result.get("source") or endpoint.get("source")
    return source


def _in_source(found: list[Finding], source: str) -> list[Finding]:
    """Findings within one record: a figure (but msdmt's own) that names no source is of the record's; the
    finding names the sources of its figures."""
    for f in found:
        for fig in f["figures"]:
            if fig["source"] is None and fig["origin"] != "msdmt":
                fig["source"] = source
        f["sources"] = list(dict.fromkeys(x["source"] for x in f["figures"] if x["source"])) or [source]
    return found


def _reports(reports: list[Json]) -> list[Finding]:
    """Reports of one trial from different sources that give different figures for the same arm and measure."""
    from msdmt.core.reports import ARM_SIZE, design_differences, disagreements

    out = []
    for d in disagreements(reports):
        first = reports[0]
        figures = [_figure(f["locator"].split(",")[0].strip(), f["label"], f["value"], f["unit"], f["locator"],
                           f["printed"], f["source"]) for f in d["figures"]]
        subject = "arm size" if d["measure"] == ARM_SIZE else d["figures"][0]["label"]
        # An arm is named by the first report that has it (a later report may add arms).
        holder = next((r for r in reports if any(a["id"] == d["arm"] for a in r["arms"])), first)
        found = _finding("reports", "sources-differ", first["id"], figures, subject=subject,
                         arm=_arm(holder, d["arm"]) if d["arm"] else None)
        found["sources"] = list(dict.fromkeys(f["source"] for f in d["figures"]))
        out.append(found)
    for aspect, said in design_differences(reports):
        text = "; ".join(f"{source}: {what}" for source, what in said)
        found = _finding("reports", "design-differs", reports[0]["id"], [], subject=aspect, text=text, locators=[])
        found["sources"] = list(dict.fromkeys(source for source, _ in said))
        out.append(found)
    return out


def findings(data: Json) -> list[Finding]:
    out = []
    reports: dict[str, list[Json]] = {}
    for trial in data["trials"]:
        out += _in_source(_recomputed(trial) + _same_quantity(trial) + _counts(trial) + _references(trial),
                          trial["source"])
        reports.setdefault(trial["id"], []).append(trial)
    for group in reports.values():
        if len(group) > 1:
            out += _reports(group)
    return out + _errata(data)


def audit_view(cat: Catalog) -> AuditView:
    found = findings(cat.data)
    counts: dict[str, int] = {}
    for f in found:
        counts[f["check"]] = counts.get(f["check"], 0) + 1
    return AuditView(findings=found, counts=counts, sources=cat.citations(s for f in found for s in f["sources"]))
