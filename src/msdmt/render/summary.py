"""Default views sized to the question: summaries that fit a screen, read like a summary-of-findings table.

One row per outcome with each arm's figure and P-value, and beside it the
figures msdmt derives from that same row (marked Δ). Note markers stay; the
notes themselves, long locators, formulas and the figures from the text are in
``--full`` (``msdmt.render.document``) and in the JSON. Every derived figure is
written from its own record: rows take the derived records whose ``endpoint``
is that row's endpoint, within the same trial's list.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from msdmt.core.reports import Marked, among, disagreeing
from msdmt.core.reports import arms as report_arms
from msdmt.render.document import (
    Document,
    Notes,
    Section,
    ae_figures,
    ae_places,
    differences_banner,
    disagrees,
    footer,
    from_other,
    other_source,
    report_name,
    result_text,
    therapy_name,
)
from msdmt.render.words import NBSP, figure, num, one_line, signed, where_short

if TYPE_CHECKING:
    from msdmt.core.shapes import Citation, Derived, TrialSummary
    from msdmt.core.views import AdverseEventsView, CompareView, TherapiesView, TherapyView, TrialView

Json = dict[str, Any]

DERIVED_LEGEND = ("Δ derived by msdmt, not reported: difference in percentage points with NNT/NNH, "
                  "or how much lower the rate is; ! with a caution (--full).")
DERIVED_SHORT = "Δ derived by msdmt: difference in percentage points, NNT/NNH, rate reduction; ! caution."
MAX_ERRATA_SHOWN = 2  # more errata than this are named by number, their text in --full
MAX_SHORT_NOTES = 4  # more notes than this (or any long one) move to --full
SHORT_NOTE = 160


def delta(d: Derived) -> str:
    """A derived figure in a few words: 'Δ +18 pts, NNT 6' or 'Δ rate 50% lower', '!' when cautioned."""
    if d["metric"] == "relative_reduction":
        text = f"Δ{NBSP}{num(abs(d['value']))}%{NBSP}{'lower' if d['value'] >= 0 else 'higher'}"
    else:
        text = f"Δ{NBSP}{signed(d['value'])}"
        nn = d["number_needed"]
        if nn is not None:
            text += f", {nn['metric'].upper()}{NBSP}{num(nn['value'])}"
    return text + (f"{NBSP}!" if d["cautions"] else "")


def _finish(doc: Document, notes: Notes, sources: list[Citation], full_command: str, hint: str,
            errata_in_full: bool = False) -> Document:
    """Notes when few and short; otherwise errata in full when there are one or two, or a line naming them
    (a figure printed wrong must not be read without a flag), and where the rest is."""
    lines = []
    if notes.items and len(notes.items) <= MAX_SHORT_NOTES and all(len(n) <= SHORT_NOTE for n in notes.items):
        section = notes.section()
        assert section is not None
        doc.sections.append(section)
    elif notes.items:
        errata = [(i, n) for i, n in enumerate(notes.items, 1) if n.startswith("Erratum: ")]
        if errata and errata_in_full and len(errata) <= MAX_ERRATA_SHOWN:
            doc.sections.append(Section("Errata", ["#", "Erratum"],
                                        [[str(i), n.removeprefix("Erratum: ")] for i, n in errata], compact=True))
        elif errata:
            lines.append(f"Errata {', '.join(f'[{i}]' for i, _ in errata)}: the paper disagrees with itself there.")
        hint = f"notes [1]-[{len(notes.items)}], {hint}"
    lines.append(f"More ({hint}): {full_command} --full")
    doc.sections.append(Section("", ["More"], [[line] for line in lines], kind="lines"))
    doc.footer = footer(sources)
    return doc


def _command(*words: str, **options: str | None) -> str:
    """The msdmt command of a question: its words and the options it was asked with, quoted for a shell."""
    from shlex import quote  # only here: rendering a summary is the one place it is needed

    parts = ["msdmt", *(quote(w) for w in words)]
    for name, value in options.items():
        if value is not None:
            parts += [f"--{name}", quote(value)]
    return " ".join(parts)


def _whole_trial(ep: Json, notes: Notes) -> list[str]:
    return [result_text(r, ep, notes) for r in ep["results"] if r["arm"] is None]


def _outcome_label(ep: Json, notes: Notes) -> str:
    """The outcome, then its whole-trial figures: numbered in that order, as they are read."""
    label: str = ep["label"] + notes.mark(ep)
    whole = _whole_trial(ep, notes)
    if whole:
        label += f": {'; '.join(whole)} (all patients)"
    return label


Key = tuple[str | None, str | None, str | None]


def _derived_by_endpoint(derived: list[Derived]) -> dict[Key, list[Derived]]:
    """The derived records of each (trial, report's source, endpoint): the ids name the record a row was drawn
    from (two reports of a trial may use the same endpoint id)."""
    out: dict[Key, list[Derived]] = {}
    for d in derived:
        out.setdefault((d["trial"], d.get("report"), d["endpoint"]), []).append(d)
    return out


def _delta_cell(items: list[Derived], arms: dict[str, str], several: bool) -> str:
    return "\n".join((f"{arms.get(d['arm'], d['arm'])}: " if several else "") + delta(d) for d in items)


def trial(view: TrialView) -> Document:
    t = view.trial
    notes = Notes()
    reports = [(t, view.derived), *((o["trial"], o["derived"]) for o in view.other_reports)]
    arm_list = report_arms(r for r, _ in reports)
    arms = {i: a["label"] for i, a in arm_list.items()}
    treated = [a for a in arm_list.values() if a["role"] == "treatment"]
    title = t["name"] + notes.mark(t)  # numbered before the notes of the lines under it
    bits = [f"phase {t['phase']}" if t["phase"] else "", t["kind"],
            "; ".join(figure(d) + notes.mark(d) + from_other(d.get("source"), t.get("source"))
                      for d in t["durations"][:1]),
            (t["population"]["category"] or "") if t["population"] else ""]
    marked = disagreeing(view.disagreements)
    arm_text = "; ".join(a["label"] + (f" n={num(a['n']['value'])}{from_other(a['n'].get('source'), t.get('source'))}"
                                       + (f"{NBSP}≠" if (t["id"], t.get("source"), None, a["id"], None) in marked
                                          else "")
                                       if a["n"] else "")
                         + (" (comparator)" if a["role"] == "comparator" else "") for a in t["arms"])
    overview = [" · ".join(b for b in bits if b), f"Arms: {arm_text}"]
    if view.other_reports:
        overview.append(f"Reports: {', '.join(str(r.get('source')) for r, _ in reports)} (each source's figures under "
                        "its name, kept apart)")
        # Reports are matched arm by arm by id: an arm the first report lacks is named, with its id, so that
        # a report whose ids differ (two columns for one arm) shows at once.
        first = {a["id"] for a in t["arms"]}
        for other in view.other_reports:
            extra = [f"{a['label']} ({a['id']})" for a in other["trial"]["arms"] if a["id"] not in first]
            if extra:
                overview.append(f"Arms only in {other['trial']['source']}: {', '.join(extra)}; figures are matched "
                                f"by arm id, as in {t['source']}: {', '.join(sorted(first))}")
    sections = [Section(title, ["Trial"], [[line] for line in overview], kind="lines")]
    shown_marks = "≠" in arm_text  # an arm size another report gives differently
    rows = []
    for report, derived in reports:
        by_endpoint = _derived_by_endpoint(derived)
        if view.other_reports and report["endpoints"]:
            rows.append([f"{report['source']}:"] + [""] * (len(arms) + 2))
        for ep in report["endpoints"]:
            label = _outcome_label(ep, notes)
            cells = []
            for arm in arms:
                texts = []
                for r in ep["results"]:
                    if r["arm"] == arm:
                        own = r.get("source") or ep.get("source") or report.get("source")
                        text = result_text(r, ep, notes)
                        text += from_other(own, report.get("source"))  # in the table itself: never hidden
                        if (report["id"], report.get("source"), ep["id"], arm, r.get("versus")) in marked:
                            text += f"{NBSP}≠"
                            shown_marks = True
                        texts.append(text)
                cells.append("\n".join(texts))
            delta_text = _delta_cell(by_endpoint.get((report["id"], report.get("source"), ep["id"]), []), arms,
                                     len(treated) > 1)
            rows.append([label] + cells + [delta_text, where_short(ep["locator"])])
    if rows:
        legend = [DERIVED_LEGEND.removesuffix(".")] if any(d for _, d in reports) else []
        if shown_marks:
            legend.append("≠ another report gives a different figure (below)")
        sections.append(Section("", ["Outcome"] + list(arms.values()) + ["Δ", "Where"], rows,
                                note="; ".join(legend) + "." if legend else None, compact=True))
    if view.disagreements:
        sections.append(Section("Reports disagree", ["Disagreement"], [[_disagreement(d, arms)]
                                                                       for d in view.disagreements], kind="lines"))
    command = _command("trial", t["id"], endpoint=view.filters["endpoint"])
    doc = Document(t["name"], sections)
    return _finish(doc, notes, view.sources, command, "references, text figures, formulas")


def _whose(f: Any) -> str:
    """A figure's source; 'X in Y's report' when a report quotes another source's figure."""
    return str(f["source"]) if f["source"] == f["report"] else f"{f['source']} in {f['report']}'s report"


def _disagreement(d: Any, arms: dict[str, str]) -> str:
    """'ARR reduction, Natalizumab vs Placebo: 68% (babij2015, Table 2); 60% (example, Table 1)'."""
    arm = arms.get(d["arm"] or "", "whole trial") + (f" vs {arms.get(d['versus'], d['versus'])}" if d["versus"] else "")
    values = "; ".join(f"{figure(dict(f), f['unit'])} ({_whose(f)}, {where_short(f['locator'])})" for f in d["figures"])
    if d["measure"] == "arm-size":
        return f"Patients in the {arm} arm: {values}"
    return f"{d['figures'][0]['label']}, {arm}: {values}"


def compare(view: CompareView) -> Document:
    notes = Notes()
    names = {t["id"]: t["name"] for t in view.trials}
    banner = [view.caution] + differences_banner(view.differences)
    lines = []
    several = len(view.sources) > 1
    sizes = disagreeing(view.disagreements)
    for t in [*view.trials, *view.other_reports]:
        arms = " vs ".join(a["label"] + (f" n={num(a['n']['value'])}{from_other(a['n'].get('source'), t['source'])}"
                                         + (f"{NBSP}≠" if (t["id"], t["source"], None, a["id"], None) in sizes else "")
                                         if a["n"] else "") for a in t["arms"])
        duration = (figure(t["durations"][0]) + from_other(t["durations"][0].get("source"), t["source"])
                    if t["durations"] else "duration not stated")
        lines.append(f"{report_name(t, several)}: {'phase ' + str(t['phase']) + ', ' if t['phase'] else ''}"
                     f"{duration}; {arms}")
    sections = [Section("", ["Trial"], [[line] for line in lines], kind="lines")]
    arm_columns = [c for c in view.columns if c["arm"] != "*"]
    # Columns grouped by trial: the trial's name heads its first column only.
    headers = [(names[c["trial"]] + "\n" if i == 0 or arm_columns[i - 1]["trial"] != c["trial"] else "") + c["label"]
               for i, c in enumerate(arm_columns)]
    by_endpoint = _derived_by_endpoint(view.derived)
    rows, explicit = [], []
    # Rows in groups by where they are printed (Table 2, Table 3, Text), each group under a heading row; with
    # several sources, by report and source first (a source's "Table 1" is not the review's). Rows name their
    # source when the comparison holds more than one (a filter may leave only another source's rows beside
    # trials of the review), and the report that quotes them when it is another source's.
    several = len({*(r["source"] for r in view.rows), *(t["source"] for t in view.trials)}) > 1

    def place(row: Any) -> tuple[str, str, str]:
        return row["report"], row["source"], row["origin"]

    order = {key: i for i, key in enumerate(dict.fromkeys(place(r) for r in view.rows))}
    marked = disagreeing(view.disagreements)
    shown_marks = any("≠" in line for line in lines)  # an arm size another report gives differently
    group = None
    for row in sorted(view.rows, key=lambda r: order[place(r)]):
        if place(row) != group:
            group = place(row)
            quoted = f" (in {row['report']}'s report)" if row["report"] != row["source"] else ""
            rows.append([f"{row['source']}, {row['origin']}{quoted}:" if several else f"{row['origin']}:"]
                        + [""] * len(arm_columns))
        label = " / ".join(dict.fromkeys(row["labels"].values()))
        cells, plain, whole = [], [], []
        for i, c in enumerate(arm_columns):
            results = row["cells"].get(f"{c['trial']}/{c['arm']}", [])
            texts = [result_text(r, r, notes) + notes.mark(r["endpoint_notes"])
                     + notes.mark(other_source(r.get("source"), row["source"]))
                     + (f"{NBSP}≠" if (r["trial"], row["report"], r["endpoint"], r["arm"] or "", r.get("versus"))
                        in marked else "")
                     for r in results]
            shown_marks = shown_marks or any(t.endswith("≠") for t in texts)
            # Δ sits under the treated arm's own figure, from the derived records of this trial and endpoint.
            endpoints = [r["endpoint"] for r in results]
            texts += [delta(d) for e in endpoints for d in by_endpoint.get((c["trial"], row["report"], e), [])
                      if d["arm"] == c["arm"]]
            plain.append("\n".join(texts) if texts else "—")
            if i == 0 or arm_columns[i - 1]["trial"] != c["trial"]:
                # A figure of the whole trial: a shared cell, under the trial's first column, marked so.
                shared = [f"{result_text(r, r, notes)}{notes.mark(r['endpoint_notes'])}"
                          for r in row["cells"].get(f"{c['trial']}/*", [])]
                whole += [f"{names[c['trial']]}: {x}" for x in shared]
                texts = [f"{x} (all)" for x in shared] + texts
            cells.append("\n".join(texts) if texts else "—")
        rows.append([label] + cells)
        quoted = f", in {row['report']}'s report" if row["report"] != row["source"] else ""
        explicit.append([label, f"{row['origin']} ({row['source']}{quoted})" if several else row["origin"],
                         "\n".join(whole) or "—"] + plain)
    if rows:
        legend = ([DERIVED_SHORT.removesuffix(".")] if view.derived else []) + (
            ["≠ another report gives a different figure (below)"] if shown_marks else [])
        # For CSV, Markdown and narrow terminals: every cell says what it is, whole-trial figures in their own column.
        plain_section = Section("", ["Outcome", "Where", "Whole trial"]
                                + [f"{names[c['trial']]}: {c['label']}" for c in arm_columns],
                                explicit, compact=True,
                                note="; ".join(["— not reported (not zero)", *legend]) + ".")
        sections.append(Section("", ["Outcome"] + headers, rows, compact=True,
                                note="; ".join(["— not reported (not zero)", "(all) the whole trial", *legend]) + ".",
                                explicit=plain_section))
    if view.disagreements:
        arm_names = {(c["trial"], c["arm"]): c["label"] for c in view.columns}
        sections.append(Section("Reports disagree", ["Disagreement"], [
            [f"{names[d['trial']]}: " + _disagreement(d, {a: n for (t, a), n in arm_names.items() if t == d["trial"]})]
            for d in view.disagreements], kind="lines"))
    # The trials by id (those named and those the filters picked), with the endpoint filter.
    command = _command("compare", *(t["id"] for t in view.trials), endpoint=view.filters["endpoint"])
    doc = Document("Comparison of " + ", ".join(names.values()), sections, banner=banner)
    return _finish(doc, notes, view.sources, command, "designs, locators, formulas")


def _trial_line(t: TrialSummary, notes: Notes, several_sources: bool = False, marked: Marked | None = None
                ) -> list[str]:
    # Each result says whose it is when that is not plain: several treated arms (doses, or another
    # therapy as in CONFIRM), or a trial listed on the page of its comparator (Rebif's page must not
    # read alemtuzumab's reduction as Rebif's).
    arms = {a["id"]: a["label"] for a in t["arms"]}
    several = sum(a["role"] == "treatment" for a in t["arms"]) > 1 or t.get("role") == "comparator"
    results = []
    for ep in t["key_results"]:
        label = "ARR reduction" if ep["measure"] == "arr-reduction" else "disability"
        for r in ep["results"]:
            who = f" {arms.get(r['arm'], r['arm'])}:" if several and r["arm"] is not None else ""
            results.append(f"{label}{who} {result_text(r, ep, notes)}{notes.mark(ep)}"
                           + from_other(r.get("source"), t.get("source"))
                           + disagrees(dict(t), ep, r, notes, marked))
    name = report_name(t, several_sources) + (" (as comparator)" if t.get("role") == "comparator" else "")
    against = [a["label"] for a in t["arms"] if a["role"] == "comparator"]
    versus = f"vs {' and '.join(against)}" if against else "no comparator"
    return [f"{name}, {versus}", "; ".join(results) or "—"]


def _ae_figures(ae: Json, notes: Notes, derived: list[Derived]) -> str:
    return "\n".join(ae_figures(ae, notes) + [delta(d) for d in derived])


def _ae_rows(events: list[Json], notes: Notes, derived: list[Derived], with_therapy: bool, several: bool = False
             ) -> list[list[str]]:
    by_event: dict[tuple[str, str | None], list[Derived]] = {}
    for d in derived:
        by_event.setdefault((d["arm"], d["adverse_event"]), []).append(d)
    rows = []
    for ae in events:
        places = ae_places(ae, several, short=True)
        row = [f"{ae['event']}{notes.mark(ae)}", _ae_figures(ae, notes, by_event.get((ae["therapy"], ae["id"]), [])),
               ", ".join(places)]
        if with_therapy:
            row.insert(0, ae["therapy"])
        rows.append(row)
    return rows


def therapy(view: TherapyView) -> Document:
    t = view.therapy
    notes = Notes()
    title = therapy_name(t) + notes.mark(t)
    facts = [
        f"Generic name: {t['generic']} · approved {figure(t['approval_year'])}{notes.mark(t['approval_year'])}"
        f"{from_other(t['approval_year'].get('source'), t.get('source'))} "
        f"· route {t['route'] or 'not stated'} · {t['drug_class']}; {t['target'] or 'target not stated'}",
        f"Dosing (as printed, {where_short(t['dosing']['locator'])}): {t['dosing']['printed']}"
        f"{notes.mark(t['dosing'])}{from_other(t['dosing'].get('source'), t.get('source'))}",
        f"Mechanism (as printed): {one_line(t['mechanism']['text'])}{notes.mark(t['mechanism'])}",
    ]
    sections = [Section(title, ["Therapy"], [[f] for f in facts], kind="lines")]
    marked = disagreeing(among(dict(tr) for tr in view.trials))
    if view.trials:
        sections.append(Section("Trials", ["Trial", "Key results"],
                                [_trial_line(tr, notes, len(view.sources) > 1, marked) for tr in view.trials], compact=True,
                                note=view.caution.split(":")[0] + "."))
    events = [ae | {"therapy": t["id"]} for ae in t["adverse_events"]]
    if events:
        sections.append(Section("Adverse events", ["Event", "Figures", "Where"],
                                _ae_rows(events, notes, view.derived, with_therapy=False, several=len(view.sources) > 1), compact=True,
                                note=DERIVED_LEGEND if view.derived else None))
    if view.comparator_rates:
        rows = [[r["event"], f"{r['label']}: {figure(r['rate'])}{notes.mark(r['rate'])}",
                 f"comparator of {r['of_therapy_name']}"] for r in view.comparator_rates]
        sections.append(Section("Rates as a comparator", ["Event", "Figures", "Context"], rows, compact=True))
    if not events and not view.comparator_rates:
        sections.append(Section("Adverse events", ["Event"],
                                [["No source here gives adverse-event figures for this therapy."]], kind="lines"))
    return _finish(Document(title, sections), notes, view.sources, _command("therapy", t["id"]),
                   "structured dosing, references, context, formulas")


def therapies(view: TherapiesView) -> Document:
    notes = Notes()
    rows = [[therapy_name(t) + notes.mark(t),
             figure(t["approval_year"]) + notes.mark(t["approval_year"])
             + from_other(t["approval_year"].get("source"), t.get("source")),
             t["route"] or "—",
             t["dosing"]["printed"] + notes.mark(t["dosing"]) + from_other(t["dosing"].get("source"), t.get("source"))] for t in view.therapies]
    # "(Table 1)" where every therapy shown is located there (the review's table; a user's may be elsewhere)
    tabled = view.therapies and all(t["approval_year"]["locator"].startswith("Table 1") for t in view.therapies)
    title = "Approved disease-modifying therapies" + (" (Table 1)" if tabled else "")
    if view.filters["route"]:
        title += f", route {view.filters['route']}"
    sections = [Section(title, ["Therapy", "Year", "Route", "Dosing (as printed)"], rows, compact=True)]
    command = _command("therapies", route=view.filters["route"])
    return _finish(Document(title, sections), notes, view.sources, command,
                   "class and target, figures from the text", errata_in_full=True)


def adverse_events(view: AdverseEventsView) -> Document:
    notes = Notes()
    title = "Adverse events" + (f" of {view.filters['therapy_name']}" if view.filters["therapy"] else "")
    therapies_shown = {e["therapy"] for e in view.adverse_events}
    sections = []
    if view.adverse_events:
        columns = ["Event", "Figures", "Where"]
        several = len(therapies_shown) > 1
        sections.append(Section(title, (["Therapy"] if several else []) + columns,
                                _ae_rows(view.adverse_events, notes, [], with_therapy=several, several=len(view.sources) > 1), compact=True))
    if view.comparator_rates:
        rows = [[r["event"], f"{r['label']}: {figure(r['rate'])}{notes.mark(r['rate'])}",
                 f"comparator of {r['of_therapy_name']}"] for r in view.comparator_rates]
        sections.append(Section("Rates as a comparator", ["Event", "Figures", "Context"], rows, compact=True))
    if not sections:
        sections.append(Section(title, ["Event"], [["No source here gives adverse-event figures for this selection."]],
                                kind="lines"))
    f = view.filters
    command = _command("adverse-events", *([f["therapy"]] if f["therapy"] else []), category=f["category"],
                       event=f["event"], sort=None if f["sort"] == "rate" else f["sort"])
    return _finish(Document(title, sections), notes, view.sources, command, "the context of each event")


SUMMARIES: dict[str, Callable[[Any], Document]] = {
    "therapies": therapies,
    "therapy": therapy,
    "trial": trial,
    "compare": compare,
    "adverse-events": adverse_events,
}
