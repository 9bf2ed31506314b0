"""Turn a view (see queries) into a document: titled sections of plain-text cells.

The table, Markdown and CSV formatters all render this one layout, so the three
always show the same figures. Cells are plain strings; no formatter interprets
them as markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

VINTAGE = "Figures as reported in a 2015 review; not prescribing information."
_CHANGE_KINDS = {"mean_change", "median_change"}
_SINGULAR = {"patients": "patient", "cases": "case", "deaths": "death", "lesions": "lesion", "relapses": "relapse",
             "treatments": "treatment", "years": "year", "months": "month", "weeks": "week", "days": "day"}


@dataclass
class Section:
    title: str
    columns: list[str]
    rows: list[list[str]]
    note: str | None = None


@dataclass
class Document:
    title: str
    sections: list[Section] = field(default_factory=list)
    banner: list[str] = field(default_factory=list)
    footer: str = ""


class Notes:
    """Numbered footnotes: repairs, errata and notes attached to the figures shown."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def mark(self, record: dict | None) -> str:
        if not record:
            return ""
        marks = []
        for kind in ("erratum", "repair", "note"):
            text = record.get(kind)
            if text:
                label = {"erratum": "Erratum", "repair": "Repair", "note": "Note"}[kind]
                entry = f"{label}: {' '.join(text.split())}"
                if entry not in self.items:
                    self.items.append(entry)
                marks.append(str(self.items.index(entry) + 1))
        return f" [{','.join(marks)}]" if marks else ""

    def section(self) -> Section | None:
        if not self.items:
            return None
        return Section("Notes", ["#", "Note"], [[str(i), t] for i, t in enumerate(self.items, 1)])


_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def num(value: float, printed: str | None = None) -> str:
    """A number as the paper prints it where its text is known ("0.70", not "0.7")."""
    if printed:
        for token in _NUMBER.findall(printed):
            if float(token) == abs(value):
                return ("-" if value < 0 else "") + token
    return f"{value:g}" if abs(value) >= 1e-4 or value == 0 else f"{value:.4f}".rstrip("0")


def figure(rec: dict | None, unit: str | None = None, kind: str | None = None) -> str:
    """'68%', '<0.2%', 'HR 0.68', '+0.38', '300 mg', or the record's text."""
    if not rec:
        return ""
    unit = rec.get("unit", unit)
    value = rec.get("value")
    text = rec.get("text")
    if value is None:
        return text or ""
    n = num(value, rec.get("printed"))
    if kind in _CHANGE_KINDS and value > 0:
        n = "+" + n
    bound = rec.get("bound") or ""
    if unit == "hazard ratio":
        out = f"HR {bound}{n}"
    elif unit == "EDSS score":
        out = f"EDSS {bound}{n}"
    elif unit == "%":
        out = f"{bound}{n}%"
    elif unit in (None, "relapses/year", "EDSS points", "calendar year"):
        out = f"{bound}{n}"
    else:
        out = f"{bound}{n} {_SINGULAR.get(unit, unit) if value == 1 else unit}"
    return f"{out} ({text})" if text else out


def pvalue(p: dict | None) -> str:
    return f"P{p['comparison']}{num(p['value'])}" if p else ""


def result_text(r: dict, ep: dict, notes: Notes) -> str:
    out = figure(r, ep["unit"], ep["kind"])
    if r.get("p"):
        out += f" ({pvalue(r['p'])})"
    elif r.get("significant") is False and r.get("value") is not None:
        out += " (not significant)"
    return out + notes.mark(r) + (notes.mark(r["p"]) if r.get("p") else "")


_TEXT_LOC = re.compile(r'^Text, "([^"]+)", paragraph (\d+)')
_SECTION_SHORT = {"Comparative efficacy, safety, and tolerability": "Comparative efficacy"}


def where(locator: str | None) -> str:
    """A short form of a locator for table cells; JSON keeps the full one."""
    if not locator:
        return ""
    m = re.match(r"^(Tables? \d+(?: and (?:Table )?\d+)?)", locator)
    if m:
        return m.group(1)
    m = _TEXT_LOC.match(locator)
    if m:
        return f"Text, {_SECTION_SHORT.get(m.group(1), m.group(1))} ¶{m.group(2)}"
    return locator


def footer(view: dict) -> str:
    return f"Source: {view['source']['text']} {VINTAGE}"


def _duration(t: dict) -> str:
    return "; ".join(figure(d) for d in t["durations"]) or "not stated"


def _arms(t: dict) -> str:
    return "; ".join(f"{a['label']}" + (f" n={num(a['n']['value'])}" if a.get("n") else "") for a in t["arms"])


def _key_results(t: dict, arms: dict[str, str], notes: Notes) -> str:
    parts = []
    for ep in t["key_results"]:
        for r in ep["results"]:
            who = arms.get(r["arm"] or "", "")
            label = "ARR reduction" if ep["measure"] == "arr-reduction" else "Disability"
            parts.append(f"{label}{' ' + who if who and len(t['arms']) > 2 else ''}: {result_text(r, ep, notes)}"
                         + notes.mark(ep))
    return "; ".join(parts)


def _trial_rows(trials: list[dict], notes: Notes, with_arms: bool) -> list[list[str]]:
    rows = []
    for t in trials:
        arms = {a["id"]: a["label"] for a in t["arms"]}
        name = t["name"] + (f"\nphase {t['phase']}" if t["phase"] else "")
        if t.get("role") == "comparator":
            name += "\n(as comparator)"
        comparator = t["comparator"]["label"] if t["comparator"] else "none"
        row = [name, comparator, _duration(t), _key_results(t, arms, notes)]
        if with_arms:
            row.insert(3, _arms(t))
        rows.append(row)
    return rows


# -- one function per view ------------------------------------------------------
def therapies(view: dict) -> Document:
    notes = Notes()
    rows = []
    for t in view["therapies"]:
        rows.append([
            f"{t['name']} ({t['brand']})" + notes.mark(t),
            figure(t["approval_year"]) + notes.mark(t["approval_year"]),
            t["route"] or "not stated",
            t["dosing"]["printed"] + notes.mark(t["dosing"]),
            f"{t['drug_class']}; {t['target']}" if t["target"] else t["drug_class"],
        ])
    title = "Approved disease-modifying therapies (Table 1)"
    if view["filters"]["route"]:
        title += f", route {view['filters']['route']}"
    sections = [Section(title, ["Therapy", "Year", "Route", "Dosing (as printed)", "Class; target (msdmt's summary)"],
                        rows)]
    if view["facts"]:
        sections.append(Section("From the review's text", ["Figure", "Value", "Where"],
                                [[f["label"], figure(f) + notes.mark(f), where(f["locator"])] for f in view["facts"]]))
    doc = Document(title, sections)
    _finish(doc, notes, view)
    return doc


def therapy(view: dict) -> Document:
    t = view["therapy"]
    notes = Notes()
    title = f"{t['name']} ({t['brand']})" + notes.mark(t)
    regimens = "; ".join(
        " ".join(x for x in (figure({"value": r["amount"], "unit": r["unit"]}) if r["amount"] else "",
                             r["route"] or "", r["frequency"], f"({r['schedule']})" if r["schedule"] else "") if x)
        for r in t["dosing"]["regimens"]
    )
    facts = [
        ["Generic name", t["generic"], ""],
        ["Brand", t["brand"] or "", "Table 1"],
        ["Year of approval", figure(t["approval_year"]) + notes.mark(t["approval_year"]), where(t["approval_year"]["locator"])],
        ["Route", t["route"] or "not stated",
         where(t["route_locator"] or t["dosing"]["locator"]) if t["route"] else ""],
        ["Dosing (as printed)", t["dosing"]["printed"] + notes.mark(t["dosing"]), where(t["dosing"]["locator"])],
        ["Dosing (structured)", regimens, where(t["dosing"]["locator"])],
        ["Mechanism (as printed)", " ".join(t["mechanism"]["text"].split()) + notes.mark(t["mechanism"]),
         where(t["mechanism"]["locator"])],
        ["Class; target", f"{t['drug_class']}; {t['target'] or 'not stated'}", "msdmt's summary of the mechanism"],
        ["References cited", ", ".join(str(r["number"]) for r in t["references"]) or "none", ""],
    ]
    facts += [[f["label"], figure(f) + notes.mark(f), where(f["locator"])] for f in t["facts"]]
    sections = [Section(title, ["Field", "Value", "Where"], facts)]
    if view["trials"]:
        sections.append(Section(
            "Trials",
            ["Trial", "Comparator", "Duration", "Key results"],
            _trial_rows(view["trials"], notes, with_arms=False),
            note="Trials are listed side by side; figures from different trials are not a head-to-head comparison.",
        ))
    if t["adverse_events"]:
        sections.append(_ae_section(t["adverse_events"], notes, with_therapy=False))
    if view["comparator_rates"]:
        sections.append(_comparator_section(view["comparator_rates"], notes))
    if not t["adverse_events"] and not view["comparator_rates"]:
        sections.append(Section("Adverse events", ["Event"], [["The review gives no adverse-event figures for this therapy."]]))
    if view["derived"]:
        names = {(None, t["id"]): t["name"]}
        names |= {(None, ae["comparator"]["therapy"]): ae["comparator"]["label"]
                  for ae in t["adverse_events"] if ae["comparator"]}
        sections.append(derived_section(view["derived"], names, None))
    doc = Document(title, sections)
    _finish(doc, notes, view)
    return doc


def _ae_section(events: list[dict], notes: Notes, with_therapy: bool) -> Section:
    rows = []
    for ae in events:
        figures = []
        if ae["rate"]:
            figures.append(figure(ae["rate"]) + notes.mark(ae["rate"]))
        if ae["comparator"]:
            comp = ae["comparator"]
            figures.append(f"{comp['label']}: {figure(comp['rate'])}" + notes.mark(comp) + notes.mark(comp["rate"]))
        if ae["count"]:
            figures.append(figure(ae["count"]) + notes.mark(ae["count"]))
        if ae["deaths"]:
            figures.append(f"deaths: {num(ae['deaths']['value'])}" + notes.mark(ae["deaths"]))
        locs = {where(q["locator"]) for q in (ae["rate"], ae["count"], ae["deaths"]) if q}
        row = [f"{ae['event']}{notes.mark(ae)}\n({ae['category']})", "\n".join(figures), ae["context"],
               "; ".join(sorted(locs))]
        if with_therapy:
            row.insert(0, ae["therapy"])
        rows.append(row)
    cols = ["Event (category)", "Figures", "Context", "Where"]
    if with_therapy:
        cols.insert(0, "Therapy")
    return Section("Adverse events", cols, rows)


def _comparator_section(rates: list[dict], notes: Notes) -> Section:
    rows = [[f"{r['event']}\n({r['category']})", f"{r['label']}: {figure(r['rate'])}" + notes.mark(r["rate"]),
             f"comparator of {r['of_therapy_name']}; {r['context']}", where(r["rate"]["locator"])] for r in rates]
    return Section("Rates as a comparator", ["Event (category)", "Figures", "Context", "Where"], rows,
                   note="Printed for this therapy as the comparison group of another therapy's adverse events.")


def adverse_events(view: dict) -> Document:
    notes = Notes()
    title = "Adverse events" + (f" of {view['filters']['therapy_name']}" if view["filters"]["therapy"] else "")
    sections = []
    if view["adverse_events"]:
        therapies = {e["therapy"] for e in view["adverse_events"]}
        section = _ae_section(view["adverse_events"], notes, with_therapy=len(therapies) > 1)
        section.title = title
        sections.append(section)
    if view["comparator_rates"]:
        sections.append(_comparator_section(view["comparator_rates"], notes))
    if not sections:
        sections.append(Section(title, ["Event"], [["The review gives no adverse-event figures for this selection."]]))
    doc = Document(title, sections)
    _finish(doc, notes, view)
    return doc


def trials(view: dict) -> Document:
    notes = Notes()
    f = view["filters"]
    bits = [f"{k} {v}" for k, v in f.items() if v is not None]
    title = "Trials" + (f" ({', '.join(bits)})" if bits else "")
    rows = _trial_rows(view["trials"], notes, with_arms=True)
    if not rows:
        rows = [["No trial matches these filters.", "", "", "", ""]]
    doc = Document(title, [Section(title, ["Trial", "Comparator", "Duration", "Arms", "Key results"], rows,
                                   note="Figures from different trials are not a head-to-head comparison.")])
    _finish(doc, notes, view)
    return doc


def _endpoint_rows(endpoints: list[dict], columns: list[str | None], notes: Notes) -> list[list[str]]:
    """One row per endpoint; one cell per arm (None: the whole trial)."""
    rows = []
    for ep in endpoints:
        label = ep["label"] + notes.mark(ep)  # numbered before its cells, so notes read in order
        cells: dict[str | None, list[str]] = {c: [] for c in columns}
        for r in ep["results"]:
            cells[r["arm"]].append(result_text(r, ep, notes))
        rows.append([label, where(ep["locator"])] + ["\n".join(cells[c]) for c in columns])
    return rows


def derived_section(items: list[dict], arms: dict[tuple[str, str], str], names: dict[str, str] | None) -> Section:
    """One row per derived figure; an absolute difference and its NNT/NNH share a row."""
    rows = []
    paired = {d["id"].rsplit(":", 1)[0]: d for d in items if d["metric"] in ("nnt", "nnh")}
    with_difference = {d["id"].rsplit(":", 1)[0] for d in items if d["metric"] == "absolute_difference"}
    for d in items:
        if d["metric"] in ("nnt", "nnh") and d["id"].rsplit(":", 1)[0] in with_difference:
            continue  # shown with its absolute difference
        who = arms.get((d["trial"], d["arm"]), d["arm"])
        versus = arms.get((d["trial"], d["versus"]), d["versus"])
        what = d["label"].removeprefix("Absolute difference: ") + "\n" + (f"{who} vs {versus}" if who != versus else who)
        if names and d["trial"]:
            what = f"{names[d['trial']]}: {what}"
        values, formulas, cautions = [], [], list(d["cautions"])
        for x in (d, paired.get(d["id"].rsplit(":", 1)[0]) if d["metric"] == "absolute_difference" else None):
            if x is None:
                continue
            unit = "%" if x["unit"] == "%" else f" {x['unit']}"
            text = {"nnt": "NNT ", "nnh": "NNH "}.get(x["metric"], "") + f"{num(x['value'])}{unit}"
            if x["range"]:
                text += f" ({num(x['range'][0])} to {num(x['range'][1])} with rounding)"
            if x["period"] and x["metric"] != "relative_reduction" and x is d:
                text += f" over {x['period']}"
            values.append(text)
            formulas.append(x["formula"])
        remarks = [f"reported {num(r['value'])}% ({where(r['locator'])})" for r in d["reported"]]
        remarks += [f"Caution: {c}" for c in cautions]
        rows.append([what, "\n".join(values), "\n".join(formulas), "; ".join(remarks)])
    return Section("Derived here, not reported by the source", ["Derived figure", "Value", "Formula", "Reported; caution"],
                   rows, note="Computed by msdmt from the reported figures above. Absolute differences are in "
                              "percentage points; NNT/NNH = 100 / difference, rounded up.")


def trial(view: dict) -> Document:
    t = view["trial"]
    notes = Notes()
    overview = [
        ["Kind", t["kind"], ""],
        ["Phase", str(t["phase"] or "not stated"), ""],
        ["Therapies", ", ".join(t["therapies"]), ""],
    ]
    for key, label in (("design", "Design"), ("population", "Population"), ("comparator", "Comparator")):
        rec = t[key]
        if rec:
            text = rec.get("label") or rec["text"]
            overview.append([label, " ".join(text.split()) + notes.mark(rec), where(rec["locator"])])
    for d in t["durations"]:
        overview.append(["Duration", figure(d) + notes.mark(d), where(d["locator"])])
    if t["parent"]:
        overview.append(["Follows", t["parent"], ""])
    refs = "; ".join(f"{r['number']} ({where(r['locator'])})" + notes.mark(r) for r in t["references"])
    overview.append(["References cited", refs or "none", ""])
    sections = [Section(f"{t['name']}" + notes.mark(t), ["Field", "Value", "Where"], overview)]
    arm_rows = [[a["label"] + notes.mark(a), a["dose"] or "", a["role"],
                 (figure(a["n"]) + notes.mark(a["n"])) if a["n"] else "not stated", where(a["n"]["locator"]) if a["n"] else ""]
                for a in t["arms"]]
    sections.append(Section("Arms", ["Arm", "Dose", "Role", "Patients", "Where"], arm_rows))
    if t["endpoints"]:
        whole = any(r["arm"] is None for ep in t["endpoints"] for r in ep["results"])
        columns: list[str | None] = ([None] if whole else []) + [a["id"] for a in t["arms"]]
        headers = (["Whole trial"] if whole else []) + [a["label"] for a in t["arms"]]
        rows = _endpoint_rows(t["endpoints"], columns, notes)
        sections.append(Section("Reported endpoints", ["Endpoint", "Where"] + headers, rows,
                                note="A relative reduction or hazard ratio stands in the column of the arm it favours "
                                     "and is against the comparator."))
    if t["facts"]:
        sections.append(Section("Other figures from the text", ["Figure", "Value", "Where"],
                                [[f["label"], " ".join(figure(f).split()) + notes.mark(f), where(f["locator"])]
                                 for f in t["facts"]]))
    if view["derived"]:
        arms = {(t["id"], a["id"]): a["label"] for a in t["arms"]}
        sections.append(derived_section(view["derived"], arms, None))
    doc = Document(t["name"], sections)
    _finish(doc, notes, view)
    return doc


def compare(view: dict) -> Document:
    notes = Notes()
    trials = view["trials"]
    banner = []
    for diff in view["differences"]:
        vals = "; ".join(f"{k}: {v}" for k, v in diff["values"].items())
        banner.append(f"These trials differ in {diff['aspect']} ({vals}).")
    banner.append(view["caution"])
    overview = [[t["name"], str(t["phase"] or "-"), t["comparator"]["label"] if t["comparator"] else "none",
                 (t["population"]["category"] or t["population"]["text"]) if t["population"] else "not stated",
                 _duration(t), _arms(t)] for t in trials]
    sections = [Section("Trials compared", ["Trial", "Phase", "Comparator", "Population", "Duration", "Arms"], overview)]
    columns = [(c["trial"], c["arm"]) for c in view["columns"]]
    names = {t["id"]: t["name"] for t in trials}
    headers = [f"{names[c['trial']]}: {c['label']}" for c in view["columns"]]
    rows = []
    for row in view["rows"]:
        cells, places = [], []
        for trial_id, arm in columns:
            results = row["cells"].get(f"{trial_id}/{arm}", [])
            texts = [result_text(r, r, notes) + notes.mark(r["endpoint_notes"]) for r in results]
            places += [where(r["locator"]) for r in results]
            cells.append("\n".join(texts) if texts else "—")
        label = " / ".join(dict.fromkeys(row["labels"].values()))
        rows.append([label, "\n".join(dict.fromkeys(places))] + cells)
    sections.append(Section("Reported endpoints", ["Endpoint", "Where"] + headers, rows,
                            note="— means the source reports no such figure for that trial and arm (not zero). "
                                 "Rows join the same measure printed in the same place; each trial's own label "
                                 "is kept, separated by /."))
    if view["derived"]:
        arms = {(c["trial"], c["arm"]): c["label"] for c in view["columns"]}
        sections.append(derived_section(view["derived"], arms, names))
    doc = Document("Comparison of " + ", ".join(names.values()), sections, banner=banner)
    _finish(doc, notes, view)
    return doc


def search(view: dict) -> Document:
    rows = [[f"{h['record']} {h['id']}", h["what"], h["match"], where(h["locator"])] for h in view["hits"]]
    title = f"Matches for {view['query']!r}"
    doc = Document(title, [Section(title, ["Record", "Matched in", "Text", "Where"], rows)])
    doc.footer = footer(view)
    return doc


def validate(view: dict) -> Document:
    rows = [[k, str(v)] for k, v in view["counts"].items()]
    title = f"Valid data in {view['data_dir']}"
    return Document(title, [Section(title, ["Records", "Count"], rows)])


def audit(view: dict) -> Document:
    rows = [[f["check"], f["record"], f["numbers"], "\n".join(where(x) for x in f["locators"]), f["explanation"]]
            for f in view["findings"]]
    title = f"Audit: {len(view['findings'])} findings"
    doc = Document(title, [Section(title, ["Check", "Record", "Figures", "Where", "Explanation"], rows)])
    doc.footer = footer(view)
    return doc


def chart(view: dict) -> Document:
    sections = []
    for panel in view["panels"]:
        rows = [[g["comparator"], b["label"], f"{num(b['value'])}%", pvalue(b["p"]), where(b["locator"])]
                for g in panel["groups"] for b in g["bars"]]
        if rows:
            sections.append(Section(panel["title"], ["Versus", "Trial: arm", "Reduction", "P", "Where"], rows))
    if view["not_drawn"]:
        sections.append(Section("Not drawn", ["Figure"], [[x] for x in view["not_drawn"]]))
    banner = [view["caution"]] + [
        f"These trials differ in {d['aspect']} ({'; '.join(f'{k}: {v}' for k, v in d['values'].items())})."
        for d in view["differences"]]
    return Document("Reported reductions by trial and arm", sections, banner=banner, footer=footer(view))


def _finish(doc: Document, notes: Notes, view: dict) -> None:
    extra = notes.section()
    if extra:
        doc.sections.append(extra)
    doc.footer = footer(view)


BUILDERS = {
    "therapies": therapies,
    "therapy": therapy,
    "trials": trials,
    "trial": trial,
    "compare": compare,
    "adverse-events": adverse_events,
    "search": search,
    "validate": validate,
    "audit": audit,
    "chart": chart,
}


def build(view: dict) -> Document:
    return BUILDERS[view["view"]](view)
