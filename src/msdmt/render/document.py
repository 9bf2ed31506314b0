"""Turn a view into a document: titled sections of plain-text cells, built once for every format.

The table, Markdown and CSV formatters all render this one document, so the
three always show the same figures. Cells are plain strings; no formatter
interprets them as markup. Every derived figure is written from its own record
(an absolute difference carries its NNT/NNH), never looked up by a key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from msdmt.core.reports import Marked, among, disagreeing
from msdmt.core.reports import arms as report_arms
from msdmt.render.words import figure, num, one_line, pvalue, where, where_short

if TYPE_CHECKING:
    from msdmt.core.shapes import (
        Citation,
        ComparatorRate,
        Derived,
        Difference,
        Disagreement,
        Finding,
        GlossaryPlace,
        HitFigure,
        TrialSummary,
    )
    from msdmt.core.views import (
        AdverseEventsView,
        AuditView,
        ChartView,
        CompareView,
        GlossaryView,
        SearchView,
        SourcesView,
        TherapiesView,
        TherapyView,
        TrialsView,
        TrialView,
        ValidateView,
        View,
    )

Json = dict[str, Any]


@dataclass(frozen=True, slots=True)
class BarLine:
    """One bar of a chart: its group, label, length (0-100) and the text at its end."""

    group: str
    label: str
    value: float
    end: str


@dataclass(slots=True)
class Section:
    title: str
    columns: list[str]
    rows: list[list[str]]
    note: str | None = None
    # "table": rows under columns; "bars": a chart (``bars``), with ``rows`` as its tabular form;
    # "lines": one line of text per row.
    kind: Literal["table", "bars", "lines"] = "table"
    bars: list[BarLine] = field(default_factory=list)
    compact: bool = False  # no blank line between rows: a summary sized to fit a screen
    # The same rows with every cell saying what it is (full column names, no shared cells): what CSV,
    # Markdown and the stacked blocks of a narrow terminal show instead of this section.
    explicit: Section | None = None


@dataclass(slots=True)
class Document:
    title: str
    sections: list[Section] = field(default_factory=list)
    banner: list[str] = field(default_factory=list)
    footer: str = ""


_NOTE_LABELS = {"erratum": "Erratum", "repair": "Repair", "note": "Note"}


class Notes:
    """Numbered footnotes: repairs, errata and notes attached to the figures shown."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def mark(self, record: Json | None) -> str:
        if not record:
            return ""
        marks = []
        for kind in ("erratum", "repair", "note"):
            text = record.get(kind)
            if text:
                entry = f"{_NOTE_LABELS[kind]}: {one_line(text)}"
                if entry not in self.items:
                    self.items.append(entry)
                marks.append(str(self.items.index(entry) + 1))
        return f" [{','.join(marks)}]" if marks else ""

    def section(self) -> Section | None:
        if not self.items:
            return None
        return Section("Notes", ["#", "Note"], [[str(i), t] for i, t in enumerate(self.items, 1)])


def result_text(r: Json, ep: Json, notes: Notes) -> str:
    out = figure(r, ep["unit"], ep["kind"])
    if r.get("p"):
        out += f" ({pvalue(r['p'])})"
    elif r.get("significant") is False and r.get("value") is not None:
        out += " (not significant)"
    return out + notes.mark(r) + (notes.mark(r["p"]) if r.get("p") else "")


def therapy_name(t: Json) -> str:
    """'Name (Brand)', or the name alone for a therapy without a brand."""
    return f"{t['name']} ({t['brand']})" if t["brand"] else str(t["name"])


def footer(sources: list[Citation]) -> str:
    """Each source whose figures a view shows (and only those): its citation, then its own vintage line (never
    another source's)."""
    return "\n".join(f"Source: {s['text']}" + (f"\n{s['vintage']}" if s.get("vintage") else "") for s in sources)


def from_other(source: str | None, base: str | None) -> str:
    """' (from X)' after a figure of another source than the record it is shown with; '' otherwise."""
    return f" (from {source})" if source and base and source != base else ""


def _duration(t: TrialSummary, notes: Notes) -> str:
    return "; ".join(figure(d) + notes.mark(d) + from_other(d.get("source"), t.get("source"))
                     for d in t["durations"]) or "not stated"


def _arms(t: TrialSummary, notes: Notes, marked: Marked | None = None) -> str:
    def size(a: Json) -> str:
        n = a["n"]
        differs = marked and (t["id"], t.get("source"), None, a["id"], None) in marked
        note = {"note": f"another report of {t['id']} gives a different figure (msdmt trial {t['id']})"}
        return (f" n={num(n['value'])}{notes.mark(n)}" + from_other(n.get("source"), t.get("source"))
                + (notes.mark(note) if differs else ""))

    return "; ".join(f"{a['label']}{notes.mark(a)}" + (size(a) if a.get("n") else "") for a in t["arms"])


def _comparator(t: TrialSummary, notes: Notes) -> str:
    if t["comparator"]:
        return str(t["comparator"]["label"]) + notes.mark(t["comparator"])
    # No comparator printed: none for a single-group study, "not stated" where an arm is the comparator
    # (a later report need not restate it).
    return "not stated" if any(a["role"] == "comparator" for a in t["arms"]) else "none"


def _population(t: TrialSummary, notes: Notes) -> str:
    p = t["population"]
    return (p["category"] or one_line(p["text"])) + notes.mark(p) if p else "not stated"


def _key_results(t: TrialSummary, arms: dict[str, str], notes: Notes, marked: Marked | None = None) -> str:
    parts = []
    for ep in t["key_results"]:
        for r in ep["results"]:
            who = arms.get(r["arm"] or "", "")
            label = "ARR reduction" if ep["measure"] == "arr-reduction" else "Disability"
            parts.append(f"{label}{' ' + who if who and len(t['arms']) > 2 else ''}: {result_text(r, ep, notes)}"
                         + notes.mark(ep) + notes.mark(other_source(r.get("source"), str(t.get("source") or "")))
                         + disagrees(dict(t), ep, r, notes, marked))
    return "; ".join(parts)


def disagrees(t: Json, ep: Json, r: Json, notes: Notes, marked: Marked | None) -> str:
    """The note on a figure of a list of trials that another report of the same trial gives differently."""
    if marked and (t["id"], t.get("source"), ep["id"], r["arm"] or "", r.get("versus")) in marked:
        return notes.mark({"note": f"another report of {t['id']} gives a different figure (msdmt trial {t['id']})"})
    return ""


def report_name(t: TrialSummary | Json, several: bool) -> str:
    """A trial's name, and the source of this report of it when a view shows figures of several sources."""
    return str(t["name"]) + (f" ({t['source']})" if several and t.get("source") else "")


def _trial_rows(trials: list[TrialSummary], notes: Notes, with_arms: bool, several: bool = False
                ) -> list[list[str]]:
    marked = disagreeing(among(dict(t) for t in trials))
    rows = []
    for t in trials:
        arms = {a["id"]: a["label"] for a in t["arms"]}
        name = report_name(t, several) + (f"\nphase {t['phase']}" if t["phase"] else "")
        if t.get("role") == "comparator":
            name += "\n(as comparator)"
        if t["population"]:
            name += f"\npopulation: {_population(t, notes)}"
        row = [name, _comparator(t, notes), _duration(t, notes), _key_results(t, arms, notes, marked)]
        if with_arms:
            row.insert(3, _arms(t, notes, marked))
        rows.append(row)
    return rows


def _short_caution(caution: str) -> str:
    """The first clause of the cross-trial caution, for a note under a list of trials."""
    return caution.split(":")[0] + "."


# -- one function per view ------------------------------------------------------
def therapies(view: TherapiesView) -> Document:
    notes = Notes()
    rows = []
    for t in view.therapies:
        rows.append([
            therapy_name(t) + notes.mark(t),
            figure(t["approval_year"]) + notes.mark(t["approval_year"])
            + from_other(t["approval_year"].get("source"), t.get("source")),
            t["route"] or "not stated",
            t["dosing"]["printed"] + notes.mark(t["dosing"]) + from_other(t["dosing"].get("source"), t.get("source")),
            f"{t['drug_class']}; {t['target']}" if t["target"] else t["drug_class"],
        ])
    # "(Table 1)" where every therapy shown is located there (the review's table; a user's may be elsewhere)
    tabled = view.therapies and all(t["approval_year"]["locator"].startswith("Table 1") for t in view.therapies)
    title = "Approved disease-modifying therapies" + (" (Table 1)" if tabled else "")
    if view.filters["route"]:
        title += f", route {view.filters['route']}"
    sections = [Section(title, ["Therapy", "Year", "Route", "Dosing (as printed)", "Class; target (msdmt's summary)"],
                        rows)]
    sections.append(Section("Mechanisms (as printed)", ["Therapy", "Mechanism", "Where"],
                            [[t["name"], one_line(t["mechanism"]["text"]) + notes.mark(t["mechanism"]),
                              where(t["mechanism"]["locator"])] for t in view.therapies]))
    if view.facts:
        several = len(view.sources) > 1
        sections.append(Section("Figures from the text", ["Figure", "Value", "Where"],
                                [[f["label"], figure(f) + notes.mark(f),
                                  where(f["locator"]) + (f" ({f['source']})" if several and f.get("source") else "")]
                                 for f in view.facts]))
    return _finish(Document(title, sections), notes, view.sources)


def _regimens(t: Json, notes: Notes) -> str:
    """The structured dosing; it repeats the printed values, so it carries the printed row's erratum too."""
    parts = []
    for r in t["dosing"]["regimens"]:
        amount = figure({"value": r["amount"], "unit": r["unit"]}) if r["amount"] else ""
        limit = (f"(cumulative limit {figure({'value': r['cumulative_limit'], 'unit': r['unit']})})"
                 if r["cumulative_limit"] else "")
        words = (amount, r["route"] or "", r["frequency"], f"({r['schedule']})" if r["schedule"] else "", limit)
        parts.append(" ".join(x for x in words if x) + notes.mark(r))
    erratum = t["dosing"].get("erratum")
    return "; ".join(parts) + (notes.mark({"erratum": erratum}) if erratum else "")


def therapy(view: TherapyView) -> Document:
    t = view.therapy
    notes = Notes()
    title = therapy_name(t) + notes.mark(t)
    def other(q: Json) -> str:
        return notes.mark(other_source(q.get("source"), str(t.get("source") or "")))

    facts = [
        ["Generic name", t["generic"], ""],
        # The brand stands in the name cell of Table 1, whose row locates the approval year.
        ["Brand", t["brand"] or "not stated", where(t["approval_year"]["locator"]).split(",")[0] if t["brand"] else ""],
        ["Year of approval", figure(t["approval_year"]) + notes.mark(t["approval_year"]) + other(t["approval_year"]),
         where(t["approval_year"]["locator"])],
        ["Route", t["route"] or "not stated",
         where(t["route_locator"] or t["dosing"]["locator"]) if t["route"] else ""],
        ["Dosing (as printed)", t["dosing"]["printed"] + notes.mark(t["dosing"]) + other(t["dosing"]),
         where(t["dosing"]["locator"])],
        ["Dosing (structured)", _regimens(t, notes), where(t["dosing"]["locator"])],
        ["Mechanism (as printed)", one_line(t["mechanism"]["text"]) + notes.mark(t["mechanism"]),
         where(t["mechanism"]["locator"])],
        ["Class; target", f"{t['drug_class']}; {t['target'] or 'not stated'}", "msdmt's summary of the mechanism"],
        ["References cited", ", ".join(str(r["number"]) for r in t["references"]) or "none", ""],
    ]
    facts += [[f["label"], figure(f) + notes.mark(f) + other(f), where(f["locator"])] for f in t["facts"]]
    sections = [Section(title, ["Field", "Value", "Where"], facts)]
    if view.trials:
        sections.append(Section(
            "Trials",
            ["Trial", "Comparator", "Duration", "Arms", "Key results"],
            _trial_rows(view.trials, notes, with_arms=True, several=len(view.sources) > 1),
            note=_short_caution(view.caution),
        ))
    if t["adverse_events"]:
        sections.append(_ae_section([ae | {"therapy": t["id"]} for ae in t["adverse_events"]], notes,
                                    several=len(view.sources) > 1,
                                    with_therapy=False))
    if view.comparator_rates:
        sections.append(_comparator_section(view.comparator_rates, notes))
    if not t["adverse_events"] and not view.comparator_rates:
        sections.append(Section("Adverse events", ["Event"],
                                [["No source here gives adverse-event figures for this therapy."]]))
    if view.derived:
        events = {ae["id"]: ae for ae in t["adverse_events"]}

        def arm_name(d: Derived, arm: str) -> str:
            """The therapy's name, or the comparator as printed for this record's own adverse event."""
            if arm == t["id"]:
                return str(t["name"])
            event = events.get(d["adverse_event"] or "")
            comp = event["comparator"] if event else None
            return str(comp["label"]) if comp and arm in (comp["therapy"], comp["label"]) else arm

        sections.append(derived_section(view.derived, arm_name, None))
    return _finish(Document(title, sections), notes, view.sources)


def ae_figures(ae: Json, notes: Notes) -> list[str]:
    """An adverse event's figures, one line each: rate, comparator rate, count, deaths; a figure from another
    source than the event's says so."""

    def own(q: Json) -> str:
        return notes.mark(other_source(q.get("source"), ae.get("source") or q.get("source") or ""))

    figures = []
    if ae["rate"]:
        figures.append(figure(ae["rate"]) + notes.mark(ae["rate"]) + own(ae["rate"]))
    if ae["comparator"]:
        comp = ae["comparator"]
        figures.append(f"{comp['label']}: {figure(comp['rate'])}" + notes.mark(comp) + notes.mark(comp["rate"])
                       + own(comp["rate"]))
    if ae["count"]:
        figures.append(figure(ae["count"]) + notes.mark(ae["count"]) + own(ae["count"]))
    if ae["deaths"]:
        figures.append(f"deaths: {num(ae['deaths']['value'])}" + notes.mark(ae["deaths"]) + own(ae["deaths"]))
    return figures


def ae_places(ae: Json, several: bool, short: bool = False) -> list[str]:
    """Where an adverse event's figures are printed (its comparator rate too), each with its source when a view
    shows several."""
    quantities = [ae["rate"], ae["comparator"]["rate"] if ae["comparator"] else None, ae["count"], ae["deaths"]]
    show = where_short if short else where
    return list(dict.fromkeys(show(q["locator"]) + (f" ({q['source']})" if several and q.get("source") else "")
                              for q in quantities if q))


def _ae_section(events: list[Json], notes: Notes, with_therapy: bool, several: bool = False) -> Section:
    rows = []
    for ae in events:
        label = f"{ae['event']}{notes.mark(ae)}\n({ae['category']})"  # numbered before its figures, as read
        figures = ae_figures(ae, notes)
        row = [label, "\n".join(figures), ae["context"], "; ".join(ae_places(ae, several))]  # in the figures' order
        if with_therapy:
            row.insert(0, ae["therapy"])
        rows.append(row)
    cols = ["Event (category)", "Figures", "Context", "Where"]
    if with_therapy:
        cols.insert(0, "Therapy")
    return Section("Adverse events", cols, rows)


def _comparator_section(rates: list[ComparatorRate], notes: Notes) -> Section:
    rows = [[f"{r['event']}\n({r['category']})", f"{r['label']}: {figure(r['rate'])}" + notes.mark(r["rate"]),
             f"comparator of {r['of_therapy_name']}; {r['context']}", where(r["rate"]["locator"])] for r in rates]
    return Section("Rates as a comparator", ["Event (category)", "Figures", "Context", "Where"], rows,
                   note="Printed for this therapy as the comparison group of another therapy's adverse events.")


def adverse_events(view: AdverseEventsView) -> Document:
    notes = Notes()
    title = "Adverse events" + (f" of {view.filters['therapy_name']}" if view.filters["therapy"] else "")
    sections = []
    if view.adverse_events:
        therapies_shown = {e["therapy"] for e in view.adverse_events}
        section = _ae_section(view.adverse_events, notes, with_therapy=len(therapies_shown) > 1,
                              several=len(view.sources) > 1)
        section.title = title
        sections.append(section)
    if view.comparator_rates:
        sections.append(_comparator_section(view.comparator_rates, notes))
    if not sections:
        sections.append(Section(title, ["Event"], [["No source here gives adverse-event figures for this selection."]]))
    return _finish(Document(title, sections), notes, view.sources)


def trials(view: TrialsView) -> Document:
    notes = Notes()
    # "therapy" is every therapy the name given could mean, by id
    bits = [f"{k} {' or '.join(v) if isinstance(v, list) else v}" for k, v in view.filters.items() if v is not None]
    title = "Trials" + (f" ({', '.join(bits)})" if bits else "")
    rows = _trial_rows(view.trials, notes, with_arms=True, several=len(view.sources) > 1)
    if not rows:
        rows = [["No trial matches these filters.", "", "", "", ""]]
    doc = Document(title, [Section(title, ["Trial", "Comparator", "Duration", "Arms", "Key results"], rows,
                                   note=_short_caution(view.caution))])
    return _finish(doc, notes, view.sources)


def _endpoint_rows(endpoints: list[Json], columns: list[str | None], notes: Notes, source: str | None = None,
                   marked: Marked | None = None, trial: str = "") -> list[list[str]]:
    """One row per endpoint; one cell per arm (None: the whole trial). A figure from another source than the
    report's (``source``) says so; one that another report contradicts (``marked``) is marked."""
    rows = []
    for ep in endpoints:
        label = ep["label"] + notes.mark(ep)  # numbered before its cells, so notes read in order
        cells: dict[str | None, list[str]] = {c: [] for c in columns}
        for r in ep["results"]:
            own = r.get("source") or ep.get("source") or source or ""
            text = result_text(r, ep, notes) + notes.mark(other_source(own, source or own))
            if marked and (trial, source or own, ep["id"], r["arm"] or "", r.get("versus")) in marked:
                text += notes.mark({"note": DISAGREES})
            cells[r["arm"]].append(text)
        rows.append([label, where(ep["locator"])] + ["\n".join(cells[c]) for c in columns])
    return rows


ArmName = Callable[["Derived", str], str]


def derived_text(d: Derived) -> tuple[list[str], list[str]]:
    """The value lines and formula lines of one derived record: its figure, then its own NNT/NNH."""
    values, formulas = [], []
    unit = "%" if d["unit"] == "%" else f" {d['unit']}"
    text = f"{num(d['value'])}{unit}"
    if d["range"]:
        text += f" ({num(d['range'][0])} to {num(d['range'][1])} with rounding)"
    if d["period"] and d["metric"] != "relative_reduction":
        text += f" over {d['period']}"
    values.append(text)
    formulas.append(d["formula"])
    nn = d["number_needed"]
    if nn is not None:
        text = f"{nn['metric'].upper()} {num(nn['value'])} {nn['unit']}"
        if nn["range"]:
            text += f" ({num(nn['range'][0])} to {num(nn['range'][1])} with rounding)"
        values.append(text)
        formulas.append(nn["formula"])
    return values, formulas


def derived_section(items: list[Derived], arm_name: ArmName, trial_names: dict[str, str] | None,
                    first_sources: dict[str, str] | None = None) -> Section:
    """One row per derived record; an absolute difference and its own NNT/NNH share the row. A figure derived
    from a report other than a trial's first (``first_sources``: trial id -> the first report's source) names
    the report's source."""
    rows = []
    for d in items:
        who, versus = arm_name(d, d["arm"]), arm_name(d, d["versus"])
        what = d["label"].removeprefix("Absolute difference: ") + "\n" + (f"{who} vs {versus}" if who != versus
                                                                          else who)
        if trial_names and d["trial"]:
            what = f"{trial_names[d['trial']]}: {what}"
        if first_sources and d["trial"] and d.get("report") not in (None, first_sources.get(d["trial"])):
            what = f"{what} (from {d['report']}'s report)"
        what += from_other(d.get("source"), d.get("report"))  # inputs of another source than their record
        values, formulas = derived_text(d)
        remarks = [f"reported {num(r['value'])}% ({where(r['locator'])})" for r in d["reported"]]
        remarks += [f"Caution: {c}" for c in d["cautions"]]
        rows.append([what, "\n".join(values), "\n".join(formulas), "; ".join(remarks)])
    return Section("Derived here, not reported by the source", ["Derived figure", "Value", "Formula", "Reported; caution"],
                   rows, note="Computed by msdmt from the reported figures above. Absolute differences are in "
                              "percentage points; NNT/NNH = 100 / difference, rounded up.")


DISAGREES = "another source reports a different figure for this (see “Where the reports disagree”)"


def other_source(figure_source: str | None, report_source: str) -> Json | None:
    """A note for a figure that names another source than the report it is in."""
    if figure_source and figure_source != report_source:
        return {"note": f"this figure is from {figure_source}, not from {report_source}"}
    return None


def _report_sections(t: Json, derived: list[Derived], notes: Notes, title: str, marked: Marked) -> list[Section]:
    """The sections of one report of a trial: overview, arms, endpoints, other figures, derived figures."""
    overview = [
        ["Kind", t["kind"], ""],
        ["Phase", str(t["phase"] or "not stated"), ""],
        ["Therapies", ", ".join(t["therapies"]), ""],
    ]
    for key, label in (("design", "Design"), ("population", "Population"), ("comparator", "Comparator")):
        rec = t[key]
        if rec:
            text = rec.get("label") or rec["text"]
            overview.append([label, one_line(text) + notes.mark(rec), where(rec["locator"])])
    for d in t["durations"]:
        overview.append(["Duration", figure(d) + notes.mark(d) + notes.mark(other_source(d.get("source"),
                                                                                           t.get("source") or "")),
                         where(d["locator"])])
    if t["parent"]:
        overview.append(["Follows", t["parent"], ""])
    refs = "; ".join(f"{r['number']} ({where(r['locator'])})" + notes.mark(r) for r in t["references"])
    overview.append(["References cited", refs or "none", ""])
    sections = [Section(title, ["Field", "Value", "Where"], overview)]

    def size(a: Json) -> str:
        n = a["n"]
        if not n:
            return "not stated"
        disagree = (notes.mark({"note": DISAGREES}) if (t["id"], t.get("source") or "", None, a["id"], None) in marked
                    else "")
        return figure(n) + notes.mark(n) + notes.mark(other_source(n.get("source"), t.get("source") or "")) + disagree

    arm_rows = [[a["label"] + notes.mark(a), a["dose"] or "", a["role"], size(a),
                 where(a["n"]["locator"]) if a["n"] else ""]
                for a in t["arms"]]
    sections.append(Section("Arms", ["Arm", "Dose", "Role", "Patients", "Where"], arm_rows))
    if t["endpoints"]:
        whole = any(r["arm"] is None for ep in t["endpoints"] for r in ep["results"])
        columns: list[str | None] = ([None] if whole else []) + [a["id"] for a in t["arms"]]
        headers = (["Whole trial"] if whole else []) + [a["label"] for a in t["arms"]]
        rows = _endpoint_rows(t["endpoints"], columns, notes, t.get("source") or "", marked, t["id"])
        sections.append(Section("Reported endpoints", ["Endpoint", "Where"] + headers, rows,
                                note="A relative reduction or hazard ratio stands in the column of the arm it favours "
                                     "and is against the comparator."))
    if t["facts"]:
        sections.append(Section("Other figures from the text", ["Figure", "Value", "Where"],
                                [[f["label"], one_line(figure(f)) + notes.mark(f)
                                  + notes.mark(other_source(f.get("source"), t.get("source") or "")), where(f["locator"])]
                                 for f in t["facts"]]))
    if derived:
        arms = {a["id"]: a["label"] for a in t["arms"]}
        sections.append(derived_section(derived, lambda d, arm: arms.get(arm, arm), None))
    return sections


def disagreements_section(items: list[Disagreement], arms: dict[tuple[str, str], str],
                          trial_names: dict[str, str] | None = None) -> Section | None:
    """Every figure of every source where reports of a trial disagree, side by side (``arms``: (trial, arm) ->
    label; ``trial_names`` when the view has several trials)."""
    if not items:
        return None
    rows = []
    for d in items:
        arm = arms.get((d["trial"], d["arm"] or ""), "whole trial")
        if d["versus"]:
            arm += f" vs {arms.get((d['trial'], d['versus']), d['versus'])}"
        if trial_names:
            arm = f"{trial_names.get(d['trial'], d['trial'])}: {arm}"
        for f in d["figures"]:
            source = f["source"] if f["source"] == f["report"] else f"{f['source']} (in {f['report']}'s report)"
            rows.append([f["label"], arm, figure(dict(f), f["unit"]), source, where(f["locator"])])
    return Section("Where the reports disagree", ["Figure", "Arm", "Value", "Source", "Where"], rows,
                   note="Each source's figure as it prints it; msdmt keeps them apart and picks none.")


def trial(view: TrialView) -> Document:
    t = view.trial
    notes = Notes()
    marked = disagreeing(view.disagreements)
    title = f"{t['name']}" + notes.mark(t)  # numbered before the notes of the rows under it
    if view.other_reports:
        title += f" (report from {t.get('source')})"
    sections = _report_sections(t, view.derived, notes, title, marked)
    for other in view.other_reports:
        o = other["trial"]
        sections += _report_sections(o, other["derived"], notes,
                                     f"{o['name']}{notes.mark(o)} (another report, from {o['source']})", marked)
    arms = {(t["id"], i): a["label"] for i, a in report_arms([t, *(o["trial"] for o in view.other_reports)]).items()}
    extra = disagreements_section(view.disagreements, arms)
    if extra is not None:
        sections.append(extra)
    return _finish(Document(t["name"], sections), notes, view.sources)


def differences_banner(differences: list[Difference]) -> list[str]:
    return [f"These trials differ in {d['aspect']} ({'; '.join(f'{k}: {v}' for k, v in d['values'].items())})."
            for d in differences]


def compare(view: CompareView) -> Document:
    notes = Notes()
    trials_ = view.trials
    banner = [view.caution] + differences_banner(view.differences)  # as the summary: the caution first
    several = len(view.sources) > 1
    overview = [[report_name(t, several), str(t["phase"] or "-"), _comparator(t, notes), _population(t, notes),
                 _duration(t, notes), _arms(t, notes)] for t in [*trials_, *view.other_reports]]
    sections = [Section("Trials compared", ["Trial", "Phase", "Comparator", "Population", "Duration", "Arms"],
                        overview)]
    columns = [(c["trial"], c["arm"]) for c in view.columns]
    names = {t["id"]: t["name"] for t in trials_}
    headers = [f"{names[c['trial']]}: {c['label']}" for c in view.columns]
    rows = []
    # Rows name their source when the comparison holds more than one (a filter may leave only another source's
    # rows beside trials of the review: their "Table 1" is not the review's).
    several = len({*(r["source"] for r in view.rows), *(t["source"] for t in view.trials)}) > 1
    marked = disagreeing(view.disagreements)
    for row in view.rows:
        cells, places = [], []
        for trial_id, arm in columns:
            results = row["cells"].get(f"{trial_id}/{arm}", [])
            texts = [result_text(r, r, notes) + notes.mark(r["endpoint_notes"])
                     + notes.mark(other_source(r.get("source"), row["source"]))
                     + (notes.mark({"note": DISAGREES})
                        if (r["trial"], row["report"], r["endpoint"], r["arm"] or "", r.get("versus")) in marked
                        else "")
                     for r in results]
            quoted = f", in {row['report']}'s report" if row["report"] != row["source"] else ""
            places += [where(r["locator"]) + (f" ({row['source']}{quoted})" if several else "") for r in results]
            cells.append("\n".join(texts) if texts else "—")
        label = " / ".join(dict.fromkeys(row["labels"].values()))
        rows.append([label, "\n".join(dict.fromkeys(places))] + cells)
    sections.append(Section("Reported endpoints", ["Endpoint", "Where"] + headers, rows,
                            note="— means the source reports no such figure for that trial and arm (not zero). "
                                 "Rows join the same measure printed in the same place; each trial's own label "
                                 "is kept, separated by /."))
    if view.derived:
        arms = {(c["trial"], c["arm"]): c["label"] for c in view.columns}
        sections.append(derived_section(view.derived, lambda d, arm: arms.get((d["trial"] or "", arm), arm), names,
                                        {t["id"]: t["source"] for t in trials_}))
    extra = disagreements_section(view.disagreements, {(c["trial"], c["arm"]): c["label"] for c in view.columns},
                                  names)
    if extra is not None:
        sections.append(extra)
    doc = Document("Comparison of " + ", ".join(names.values()), sections, banner=banner)
    return _finish(doc, notes, view.sources)


_LABEL_FIELDS = frozenset({"name", "brand", "generic name", "aliases", "event", "endpoint", "label", "measure",
                           "category", "P-value", "of"})


def hit_figure(f: HitFigure, source: str | None = None) -> str:
    """One figure of a search hit: 'Alemtuzumab vs IFN β-1a SC: 54.9% (P<0.001)', and its source when it is not
    the hit's (``source``)."""
    rec = {"value": f["value"], "unit": f["unit"], "bound": f["bound"], "text": f["text"], "printed": f["printed"]}
    out = figure(rec, f["unit"], f["kind"])
    if f["p_value"] is not None:
        out += f" ({pvalue({'comparison': f['p_comparison'], 'value': f['p_value']})})"
    elif f["significant"] is False and f["value"] is not None:
        out += " (not significant)"
    who = f["label"] or ""
    if f["versus"]:
        who += f" vs {f['versus']}"
    if source and f.get("source") and f["source"] != source:
        out += f" (from {f['source']})"
    return f"{who}: {out}" if who and out else out or who


def search(view: SearchView) -> Document:
    rows = []
    for h in view.hits:
        category = next((text for name, text in h["fields"] if name == "category"), None)
        found = h["label"] + f"\n({h['what']}{'; ' + category if category else ''})"
        texts = [one_line(text) for name, text in h["fields"]
                 if name in h["matched"] and name.rstrip(" 0123456789") not in _LABEL_FIELDS]
        if texts:
            text = texts[0]
            found += "\n" + (text if len(text) <= 240 else text[:239].rstrip() + "…")
        record = report_name({"name": h["name"] if h["record"] != "review" else "Review",
                              "source": h.get("source")}, len(view.sources) > 1)
        rows.append([record, found, "\n".join(hit_figure(f, h.get("source")) for f in h["figures"]), h["locator"] or ""])
    title = f"Matches for {view.query!r}"
    note = None
    if view.total > len(view.hits):
        note = f"Showing the best {len(view.hits)} of {view.total} matches; --limit N shows more."
    columns = ["Record", "Found", "Figures", "Where"]
    # The table keeps each locator on one line in its shortest form; CSV and Markdown name the place in full.
    short = Section(title, columns, [r[:3] + [where_short(r[3])] for r in rows], note=note,
                    explicit=Section(title, columns, [r[:3] + [where(r[3])] for r in rows], note=note))
    return Document(title, [short], footer=footer(view.sources))


def validate(view: ValidateView) -> Document:
    rows = [[k, str(v)] for k, v in view.counts.items()]
    title = "Valid data in " + " + ".join((["the bundled data"] if view.bundled else []) + view.data_dirs)
    return Document(title, [Section(title, ["Records", "Count"], rows)])


def _unit(unit: str | None) -> str:
    return "%" if unit == "%" else f" {unit}" if unit else ""


def finding_words(f: Finding) -> tuple[str, str]:
    """The figures and the explanation of an audit finding, in words."""
    figs = f["figures"]
    reason = f["reason"]
    if reason in ("outside-rounding", "comparator-too-small"):
        reported, recomputed, t, c = figs
        numbers = (f"reported {num(reported['value'], reported['printed'])}%; recomputed {recomputed['value']:.1f}% "
                   f"from {num(t['value'], t['printed'])} and {num(c['value'], c['printed'])}")
        if f["range"]:
            low, high = f["range"]
            return numbers, (f"the reported reduction lies outside {low:g}-{high:g}%, the range the printed rates "
                             "allow given their rounding")
        return numbers, "the comparator rate is too small to recompute from"
    if reason == "differs":
        a, b = figs
        return (f"{a['origin']}: {num(a['value'], a['printed'])}{_unit(a['unit'])}; "
                f"{b['origin']}: {num(b['value'], b['printed'])}{_unit(b['unit'])}",
                f"{f['subject']} ({f['arm']}) is printed twice with values that differ beyond rounding")
    if reason == "complement-differs":
        a, b = figs
        return (f"{a['origin']}: {num(a['value'])}% {a['label'].lower()} (so {num(100 - a['value'])}% not); "
                f"{b['origin']}: {num(b['value'])}% {b['label'].lower()}",
                f"for {f['arm']}, the complement of one figure does not match the other beyond rounding")
    if reason == "arms-total":
        total, randomized = figs
        return (f"arms add up to {num(total['value'])}; randomized {num(randomized['value'])}",
                "the arm sizes do not add up to the number randomized")
    if reason == "treated-vs-arm":
        treated, arm = figs
        return (f"{num(treated['value'])} treated; {num(arm['value'])} in the {arm['label']} arm",
                "the treated count differs from the arm size; the source does not say why")
    if reason == "treated-vs-randomized":
        treated, randomized = figs
        return (f"{num(treated['value'])} treated; {num(randomized['value'])} randomized",
                "the treated count differs from the number randomized; the source does not say which arms it counts")
    if reason == "reference-numbers":
        places: dict[str, list[str]] = {}
        for x in figs:
            places.setdefault(x["origin"], []).append(num(x["value"]))
        return ("; ".join(f"{p}: {', '.join(v)}" for p, v in places.items()),
                "the tables and the text cite this study under different reference numbers")
    if reason == "design-differs":
        return (one_line(f["text"] or ""), f"reports from different sources describe the trial's {f['subject']} "
                "differently" + ("; figures are matched by arm id, so arms that differ are not compared"
                                 if f["subject"] == "arms" else ""))
    if reason == "sources-differ":
        return ("; ".join(f"{x['source']}: {num(x['value'], x['printed'])}{_unit(x['unit'])}" for x in figs),
                f"reports from different sources give different figures for {f['subject']}"
                + (f" ({f['arm']})" if f["arm"] else "") + "; msdmt keeps each and picks none")
    return "", one_line(f["text"] or "")


def audit(view: AuditView) -> Document:
    rows = []
    several = len(view.sources) > 1
    for f in view.findings:
        numbers, explanation = finding_words(f)
        # With several sources, a record's finding names whose figures it is about (two reports share an id).
        record = f["record"] + (f"\n({', '.join(f['sources'])})" if several and f["sources"] else "")
        rows.append([f["check"], record, numbers, "\n".join(where(x) for x in f["locators"]), explanation])
    title = f"Audit: {len(view.findings)} finding{'' if len(view.findings) == 1 else 's'}"
    return Document(title, [Section(title, ["Check", "Record", "Figures", "Where", "Explanation"], rows)],
                    footer=footer(view.sources))


def chart(view: ChartView) -> Document:
    sections = []
    for panel in view.panels:
        bars = [BarLine(g["comparator"], b["label"], b["value"],
                        f"{num(b['value'])}%" + (f" {pvalue(b['p'])}" if b["p"] else "") + f" [{where(b['locator'])}]")
                for g in panel["groups"] for b in g["bars"]]
        rows = [[g["comparator"], b["label"], f"{num(b['value'])}%", pvalue(b["p"]), where(b["locator"])]
                for g in panel["groups"] for b in g["bars"]]
        if rows:
            sections.append(Section(f"{panel['title']} (% versus the trial's own comparator; 0-100% scale)",
                                    ["Versus", "Trial: arm", "Reduction", "P", "Where"], rows, kind="bars", bars=bars))
    if not sections:
        sections.append(Section("Nothing to draw", ["Figure"],
                                [["Nothing to draw: none of these trials reports a relapse-rate or disability "
                                  "reduction as a percentage."]], kind="lines"))
    if view.not_drawn:
        sections.append(Section("Not drawn", ["Figure"], [[f"Not drawn: {x}."] for x in view.not_drawn],
                                kind="lines"))
    banner = [view.caution] + differences_banner(view.differences)
    return Document("Reported reductions by trial and arm", sections, banner=banner, footer=footer(view.sources))


GLOSSARY_KEY = ("\"as printed\": the review's own definition, word for word; \"used, not defined\": the review's "
                "words where it uses a term it does not define; \"msdmt's explanation\": msdmt's words, not the "
                "review's.")


def _glossary_where(locator: str) -> str:
    """A table place in full (its row, column or abbreviation footnote: the table alone says too little here);
    a paragraph in the short form of every view."""
    return locator if locator.startswith("Table") else where(locator)


def _place_notes(place: GlossaryPlace) -> Json:
    return {"erratum": place["erratum"], "repair": place["repair"], "note": place["note"]}


def glossary(view: GlossaryView) -> Document:
    """Term | Meaning | Where: the review's definitions and uses as printed, msdmt's explanation labelled as msdmt's."""
    notes = Notes()
    rows = []
    for e in view.terms:
        meaning, places = [], []
        for d in e["defined"]:
            meaning.append(f"as printed: \"{one_line(d['printed'])}\"" + notes.mark(_place_notes(d)))
            places.append(_glossary_where(d["locator"]))
        for u in e["used"]:
            meaning.append(f"used, not defined: \"{one_line(u['printed'])}\"" + notes.mark(_place_notes(u)))
            places.append(_glossary_where(u["locator"]))
        if e["explanation"]:
            meaning.append(f"msdmt's explanation: {one_line(e['explanation'])}")
        rows.append([e["term"] + notes.mark({"note": e["note"]}), "\n".join(meaning), "\n".join(places) or "not in the review"])
    if view.match == "all":
        title = "Glossary of the review's abbreviations and terms"
    elif view.match == "exact":
        title = f"Glossary: {view.terms[0]['term']}"
    else:
        title = f"Glossary: terms beginning {view.query!r}"
    return _finish(Document(title, [Section(title, ["Term", "Meaning", "Where"], rows, note=GLOSSARY_KEY)]),
                   notes, view.sources)


_ONE = {"therapies": "therapy", "trials": "trial", "endpoints": "endpoint", "adverse events": "adverse event",
        "facts": "fact", "figures": "figure"}


def sources(view: SourcesView) -> Document:
    rows = []
    for use in view.sources:
        s, c = use["source"], use["counts"]
        figures = ", ".join(f"{n} {_ONE.get(kind, kind) if n == 1 else kind}" for kind, n in c.items() if n)
        figures = figures or "nothing yet"
        rows.append([s["id"], s["type"], f"{use['citation']['text']}\n{s['vintage']}", figures])
    title = "Sources"
    return Document(title, [Section(title, ["Id", "Type", "Citation", "Records that name it"], rows,
                                    note="msdmt cite ID --format bibtex|ris|csl-json writes a citation.")])


def _finish(doc: Document, notes: Notes, sources: list[Citation]) -> Document:
    extra = notes.section()
    if extra:
        doc.sections.append(extra)
    doc.footer = footer(sources)
    return doc


BUILDERS: dict[str, Callable[[Any], Document]] = {
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
    "sources": sources,
    "glossary": glossary,
}


def build(view: View, full: bool = False) -> Document:
    """The document of a view: a summary sized to a screen, or with ``full`` every figure, note and locator."""
    if not full:
        from msdmt.render.summary import SUMMARIES

        summary = SUMMARIES.get(view.view)
        if summary is not None:
            return summary(view)
    return BUILDERS[view.view](view)

