"""Renderer unit tests: small hand-built views, rendered to whole, exact strings.

Every figure here is made up (the citation says so); records are written by
hand and completed with their defaults by the data models, so they have the
shape the document builders read. Table output is fixed width and colourless.
The views with a summary (therapies, therapy, trial, compare, adverse-events)
are tested both as their default summary and with ``full=True``. Markdown's
hard line breaks (two trailing spaces) are written ``\x20\x20``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pytest

from msdmt.core import shapes, views
from msdmt.core.catalog import Catalog
from msdmt.core.chart import chart_view
from msdmt.core.derive import derive_adverse_events, derive_trial
from msdmt.core.queries import compare_view, therapy_row, trial_summary
from msdmt.data import models
from msdmt.render import Format, Terminal, render, words
from msdmt.render.document import BarLine, Document, Notes, Section
from msdmt.render.formatters import csv as csv_format
from msdmt.render.formatters import markdown, table

SOURCE: shapes.Citation = {"id": "example", "type": "example", "text": "Example source: figures made up for tests.",
                          "doi": "10.0000/example", "year": 2000,
                          "vintage": "Example figures: every one of them is made up."}
CAUTION = "Figures from different trials side by side are not a head-to-head comparison: made up for tests."
T9 = 'Table 9, row "Exampledrug"'
TEXT = 'Text, "Example section", paragraph 2'
W80 = Terminal(width=80)


def replace(view: Any, **changes: Any) -> Any:
    """A copy of a view with some fields changed (views are read-only records)."""
    return type(view)(**{name: getattr(view, name) for name in view.fields()} | changes)


def record(model: str, **fields: Any) -> dict[str, Any]:
    """A record written by hand, validated and completed with its defaults by its data model."""
    return getattr(models, model).model_validate(fields).model_dump(mode="json")


def qty(value: float | None, unit: str, printed: str, locator: str = T9, **extra: Any) -> dict[str, Any]:
    return {"value": value, "unit": unit, "printed": printed, "locator": locator, **extra}


def therapy_record(**extra: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "id": "exampledrug", "source": "example", "name": "Exampledrug", "printed_name": "Exampledrug",
        "generic": "exampledrug", "brand": "Examplebrand", "approval_year": qty(2001, "calendar year", "2001"),
        "route": "oral",
        "dosing": {"printed": "1 mg daily", "locator": T9,
                   "regimens": [{"amount": 1, "unit": "mg", "route": "oral", "frequency": "once a day"}]},
        "mechanism": {"text": "Made up for tests.", "locator": T9}, "drug_class": "example class",
        "target": "example target",
    }
    return record("Therapy", **(fields | extra))


def adverse_event(id_: str, event: str, rate: float | dict[str, Any], comparator: dict[str, Any] | None = None,
                  **extra: Any) -> dict[str, Any]:
    if not isinstance(rate, dict):
        rate = qty(rate, "%", f"{rate:g}%", TEXT)
    return {"id": id_, "event": event, "category": "infection", "context": "Made-up patients", "rate": rate,
            "comparator": comparator, **extra}


def exampledrug() -> dict[str, Any]:
    """A made-up therapy with a fact, a reference and adverse events (a rate against a comparator; a bound, a count
    and deaths)."""
    return therapy_record(
        facts=[{"id": "example-fact", "label": "Made-up fact", "value": 3, "unit": "patients", "printed": "3",
                "locator": TEXT}],
        references=[{"number": 7, "locator": T9}],
        adverse_events=[
            adverse_event("example-rash", "Example rash", 5,
                          {"label": "Comparatordrug", "therapy": "comparatordrug", "rate": qty(1, "%", "1%", TEXT)},
                          note="Made-up note on the rash."),
            adverse_event("example-cough", "Example cough", qty(2, "%", "<2%", TEXT, bound="<"),
                          category="haematological", count=qty(3, "patients", "three patients", TEXT),
                          deaths=qty(1, "deaths", "one died", TEXT)),
        ])


def comparatordrug() -> dict[str, Any]:
    """A made-up comparator: no target, an erratum on its year, a structured dose with a schedule."""
    return therapy_record(
        id="comparatordrug", name="Comparatordrug", printed_name="Comparatordrug", generic="comparatordrug",
        brand=None, route="SC", target=None,
        approval_year=qty(2002, "calendar year", "2002", erratum="Made-up erratum on the year."),
        dosing={"printed": "44 µg SC three times a week", "locator": T9,
                "regimens": [{"amount": 44, "unit": "µg", "route": "SC", "frequency": "three times a week",
                              "schedule": "first year"}]})


def result(arm: str | None, value: float | None, printed: str, **extra: Any) -> dict[str, Any]:
    return {"arm": arm, "value": value, "printed": printed, **extra}


def endpoint(id_: str, measure: str, label: str, kind: str, unit: str | None, results: list[dict[str, Any]],
             origin: str = "Table 9", **extra: Any) -> dict[str, Any]:
    locator = f'{origin}, row "{label}"' if origin.startswith("Table") else TEXT
    return {"id": id_, "measure": measure, "origin": origin, "label": label, "kind": kind, "unit": unit,
            "locator": locator, "results": results, **extra}


P001 = {"value": 0.001, "comparison": "<", "printed": "(P<0.001)"}


def trial_one() -> dict[str, Any]:
    """Exampletrial 1: against placebo; a whole-trial figure, a reduction with a P-value, rates, proportions and a
    hazard ratio the trial calls not significant."""
    return record("Trial", **{
        "id": "EXAMPLETRIAL-1", "source": "example", "name": "Exampletrial 1", "kind": "randomized controlled trial",
        "phase": 3, "therapies": ["exampledrug"],
        "design": {"text": "Made-up design.", "locator": TEXT},
        "population": {"text": "Made-up patients", "category": "treatment-naive", "locator": TEXT},
        "comparator": {"type": "placebo", "label": "Placebo", "locator": T9},
        "durations": [qty(2, "years", "2 years")],
        "arms": [
            {"id": "exampledrug-1mg", "label": "Exampledrug 1 mg", "therapy": "exampledrug", "dose": "1 mg",
             "role": "treatment", "n": qty(100, "patients", "n=100")},
            {"id": "placebo", "label": "Placebo", "role": "comparator", "n": qty(50, "patients", "n=50")},
        ],
        "endpoints": [
            endpoint("t9-arr-reduction", "arr-reduction", "ARR reduction", "relative_reduction", "%",
                     [result("exampledrug-1mg", 50, "50% (P<0.001)", versus="placebo", p=P001)], of="arr"),
            endpoint("t9-arr-baseline", "arr-baseline", "ARR at baseline", "annualized_relapse_rate",
                     "relapses/year", [result(None, 1.5, "1.5")]),
            endpoint("t9-arr", "arr", "ARR", "annualized_relapse_rate", "relapses/year",
                     [result("exampledrug-1mg", 0.2, "0.20"), result("placebo", 0.4, "0.40")]),
            endpoint("t9-relapse-free", "relapse-free", "Relapse-free", "proportion", "%",
                     [result("exampledrug-1mg", 80, "80%"), result("placebo", 60, "60%")]),
            endpoint("t9-disability", "disability-risk-reduction", "Disability", "hazard_ratio", "hazard ratio",
                     [result("exampledrug-1mg", 0.7, "HR 0.70", versus="placebo", significant=False)],
                     note="Made-up note on the hazard ratio."),
        ],
        "facts": [{"id": "screened", "label": "Patients screened", "value": 200, "unit": "patients",
                   "printed": "200 screened", "locator": TEXT}],
        "references": [{"number": 9, "locator": T9}],
    })


def trial_two() -> dict[str, Any]:
    """Exampletrial 2: two doses against Comparatordrug, no phase or population; the same relapse-free row as
    Exampletrial 1 with other figures, a differently labelled reduction, a change from the text."""
    return record("Trial", **{
        "id": "EXAMPLETRIAL-2", "source": "example", "name": "Exampletrial 2", "kind": "randomized controlled trial",
        "therapies": ["exampledrug"],
        "comparator": {"type": "active", "therapy": "comparatordrug", "label": "Comparatordrug", "locator": T9},
        "durations": [qty(1, "years", "1 year")],
        "arms": [
            {"id": "exampledrug", "label": "Exampledrug", "therapy": "exampledrug", "role": "treatment",
             "n": qty(30, "patients", "n=30")},
            {"id": "exampledrug-2mg", "label": "Exampledrug 2 mg", "therapy": "exampledrug", "dose": "2 mg",
             "role": "treatment"},
            {"id": "comparatordrug", "label": "Comparatordrug", "therapy": "comparatordrug", "role": "comparator"},
        ],
        "endpoints": [
            endpoint("t9-arr-reduction", "arr-reduction", "Relapse-rate reduction", "relative_reduction", "%",
                     [result("exampledrug", 30, "30% (P=0.04)", versus="comparatordrug",
                             p={"value": 0.04, "comparison": "=", "printed": "P=0.04"}),
                      result("exampledrug-2mg", 35, "35%", versus="comparatordrug")], of="arr"),
            endpoint("t9-relapse-free", "relapse-free", "Relapse-free", "proportion", "%",
                     [result("exampledrug", 70, "70%"), result("exampledrug-2mg", 72, "72%"),
                      result("comparatordrug", 65, "65%")]),
            endpoint("text-edss", "edss-change", "EDSS change", "mean_change", "EDSS points",
                     [result("exampledrug", 0.1, "+0.1"), result("comparatordrug", -0.2, "-0.2")], origin="Text"),
        ],
    })


def trial_three() -> dict[str, Any]:
    """Exampletrial 3: one group, no comparator, phase or duration; its rate after treatment against before."""
    return record("Trial", **{
        "id": "EXAMPLETRIAL-3", "source": "example", "name": "Exampletrial 3", "kind": "open-label",
        "therapies": ["exampledrug"], "parent": "EXAMPLETRIAL-1",
        "arms": [{"id": "all", "label": "All patients", "therapy": "exampledrug", "role": "treatment"}],
        "endpoints": [
            endpoint("text-arr-before", "arr-baseline", "ARR before", "annualized_relapse_rate", "relapses/year",
                     [result("all", 0.8, "0.8")], origin="Text"),
            endpoint("text-arr-after", "arr", "ARR after", "annualized_relapse_rate", "relapses/year",
                     [result("all", 0.2, "0.2")], origin="Text"),
        ],
    })


def catalog() -> Catalog:
    """The made-up records as a catalog, for the views whose parts the query layer assembles (compare, chart)."""
    source = {"id": "example", "type": "example", "authors": ["Example A"], "title": "Figures made up for tests",
              "container": "Example", "year": 2000, "volume": 1, "pages": "1-2", "doi": "10.0000/example",
              "vintage": "Example figures: every one of them is made up."}
    return Catalog({"sources": [source], "facts": [], "therapies": [exampledrug(), comparatordrug()],
                    "trials": [trial_one(), trial_two()]})


def annotated_trial() -> dict[str, Any]:
    """Exampletrial 1 with more notes than a summary shows: an erratum on a figure, notes on every endpoint."""
    trial = trial_one()
    for i, ep in enumerate(trial["endpoints"]):
        ep["note"] = f"Made-up note {i + 1} on {ep['label']}."
    trial["endpoints"][2]["results"][1]["erratum"] = "Made-up erratum: the text prints 0.45."
    return trial


def annotated_therapies_view() -> views.TherapiesView:
    """Table 1 with more notes than a summary shows, one of them an erratum."""
    rows = [therapy_row(therapy_record(id=f"exampledrug-{i}", name=f"Exampledrug {i}", printed_name=f"Exampledrug {i}",
                                       note=f"Made-up note on Exampledrug {i}.")) for i in range(1, 5)]
    rows.append(therapy_row(comparatordrug()))
    return views.TherapiesView(filters={"route": None}, therapies=rows, facts=[], sources=[SOURCE])


def therapies_view() -> views.TherapiesView:
    fact = {"id": "example-count", "label": "Made-up count", "value": 2, "unit": "treatments", "printed": "two",
            "locator": TEXT, "note": "Made-up note on the count."}
    return views.TherapiesView(filters={"route": None}, therapies=[therapy_row(exampledrug()), therapy_row(comparatordrug())],
                               facts=[record("Fact", **fact)], sources=[SOURCE])


def therapy_view() -> views.TherapyView:
    therapy = exampledrug()
    return views.TherapyView(therapy=therapy, trials=[trial_summary(trial_one(), "exampledrug")],
                             derived=derive_adverse_events(therapy), comparator_rates=[], caution=CAUTION, sources=[SOURCE])


def comparator_view() -> views.TherapyView:
    """Comparatordrug: in a trial only as the comparator, with a rate printed as another therapy's comparator."""
    rash = exampledrug()["adverse_events"][0]
    rate: shapes.ComparatorRate = {"of_therapy": "exampledrug", "of_therapy_name": "Exampledrug",
                                  "adverse_event": rash["id"], "event": rash["event"], "category": rash["category"],
                                  "label": "Comparatordrug", "rate": rash["comparator"]["rate"],
                                  "context": rash["context"]}
    return views.TherapyView(therapy=comparatordrug(), trials=[trial_summary(trial_two(), "comparatordrug")],
                             derived=[], comparator_rates=[rate], caution=CAUTION, sources=[SOURCE])


def trials_view() -> views.TrialsView:
    return views.TrialsView(filters={"therapy": ["exampledrug"], "comparator": None, "phase": None},
                            trials=[trial_summary(t) for t in (trial_one(), trial_two(), trial_three())],
                            caution=CAUTION, sources=[SOURCE])


def trial_view(trial: dict[str, Any] | None = None) -> views.TrialView:
    trial = trial or trial_one()
    return views.TrialView(other_reports=[], disagreements=[], trial=trial, derived=derive_trial(trial), filters={"endpoint": None}, sources=[SOURCE])


def compare_view_() -> views.CompareView:
    return replace(compare_view(catalog(), ["EXAMPLETRIAL-1", "EXAMPLETRIAL-2"]), sources=[SOURCE])


def chart_view_() -> views.ChartView:
    return chart_view(compare_view_())


def adverse_events_view() -> views.AdverseEventsView:
    events = [ae | {"therapy": "exampledrug"} for ae in exampledrug()["adverse_events"]]
    return views.AdverseEventsView(
        filters={"therapy": "exampledrug", "therapy_name": "Exampledrug", "category": None, "event": None,
                 "sort": "source"},
        adverse_events=events, comparator_rates=[], sources=[SOURCE])


def every_adverse_event_view() -> views.AdverseEventsView:
    """Events of two therapies: a column says whose."""
    events = [ae | {"therapy": "exampledrug"} for ae in exampledrug()["adverse_events"]]
    events.append(record("AdverseEvent", **adverse_event("example-headache", "Example headache", 1))
                  | {"therapy": "comparatordrug"})
    return views.AdverseEventsView(filters={"therapy": None, "therapy_name": None, "category": None,
                                            "event": None, "sort": "rate"},
                                   adverse_events=events, comparator_rates=[], sources=[SOURCE])


def comparator_adverse_events_view() -> views.AdverseEventsView:
    """Comparatordrug has no events of its own, only a rate as another therapy's comparator, in one category."""
    return views.AdverseEventsView(
        filters={"therapy": "comparatordrug", "therapy_name": "Comparatordrug", "category": "infection",
                 "event": None, "sort": "rate"},
        adverse_events=[], comparator_rates=comparator_view().comparator_rates, sources=[SOURCE])


def no_adverse_events_view() -> views.AdverseEventsView:
    return views.AdverseEventsView(
        filters={"therapy": "comparatordrug", "therapy_name": "Comparatordrug", "category": "malignancy",
                 "event": None, "sort": "rate"}, adverse_events=[], comparator_rates=[], sources=[SOURCE])


def no_trials_view() -> views.TrialsView:
    return views.TrialsView(filters={"therapy": None, "comparator": "placebo", "phase": 1}, trials=[],
                            caution=CAUTION, sources=[SOURCE])


def nothing_to_draw_view() -> views.ChartView:
    return views.ChartView(panels=[], not_drawn=[], differences=[], caution=CAUTION, sources=[SOURCE])


def search_view() -> views.SearchView:
    figure = {"label": "Exampledrug", "versus": "Placebo", "kind": "relative_reduction", "value": 31.2, "unit": "%",
              "bound": None, "text": None, "printed": "31.2% (P<0.001)", "p_value": 0.001, "p_comparison": "<",
              "significant": None}
    return views.SearchView(query="example", match='"example"*', total=3, limit=2, hits=[
        {"record": "therapy", "id": "exampledrug", "name": "Exampledrug", "what": "mechanism", "item": None,
         "label": "Mechanism", "locator": T9, "figures": [],
         "fields": [["mechanism", "Made up for tests, an example."], ["of", "Exampledrug"]], "matched": ["mechanism"]},
        {"record": "trial", "id": "EXAMPLETRIAL-1", "name": "Exampletrial 1", "what": "result", "item": "t2-arr",
         "label": "ARR reduction", "locator": None, "figures": [figure],
         "fields": [["endpoint", "ARR reduction"], ["of", "Exampletrial 1, Example one"]], "matched": ["of"]},
    ], suggestions=[], sources=[SOURCE])


def validate_view() -> views.ValidateView:
    return views.ValidateView(valid=True, bundled=False, data_dirs=["/example/data"], counts={"therapies": 2, "trials": 1},
                              errors=[])


def glossary_view() -> views.GlossaryView:
    """Two made-up terms: one defined in a table's abbreviation list (with an erratum) and used in the text, with
    msdmt's explanation; one only used, with a note; and a term the review never prints."""
    def place(printed: str, locator: str, **notes: str) -> shapes.GlossaryPlace:
        return {"printed": printed, "locator": locator, "repair": None, "erratum": None, "note": None} | notes  # type: ignore[return-value]

    terms: list[shapes.GlossaryEntry] = [
        {"term": "EXR", "aliases": ["example rate"],
         "defined": [place("EXR, example rate", "Table 9, abbreviation footnote", erratum="Made-up erratum.")],
         "used": [place("the example rate fell", TEXT)],
         "explanation": "Made up for tests: how often an example happens.", "note": None},
        {"term": "EXS", "aliases": [], "defined": [], "used": [place("example score", TEXT, note="Made-up note.")],
         "explanation": None, "note": None},
        {"term": "EXT", "aliases": [], "defined": [], "used": [], "explanation": "Made up for tests.",
         "note": "Made-up note on the term."},
    ]
    return views.GlossaryView(query="ex", match="prefix", terms=terms, sources=[SOURCE])


def small_audit_view() -> views.AuditView:
    """Two findings: the table of all of them is too long to read as a test."""
    full = audit_view()
    return replace(full, findings=[full.findings[2], full.findings[-1]])


def figure_(origin: str, label: str, value: float, unit: str | None = "%", printed: str | None = None,
            locator: str = T9) -> shapes.FindingFigure:
    return {"origin": origin, "label": label, "value": value, "printed": printed, "unit": unit, "locator": locator}


def finding(check: str, reason: str, figures: list[shapes.FindingFigure], **extra: Any) -> shapes.Finding:
    out: dict[str, Any] = {"check": check, "reason": reason, "record": "EXAMPLETRIAL-1", "subject": None, "arm": None,
                           "figures": figures, "range": None, "text": None, "values": [f["value"] for f in figures],
                           "locators": [f["locator"] for f in figures]}
    return out | extra  # type: ignore[return-value]


def audit_view() -> views.AuditView:
    """One finding of every reason the renderers put into words."""
    return views.AuditView(findings=[
        finding("recomputed-reduction", "outside-rounding",
                [figure_("Table 9", "ARR reduction", 60, printed="60%"), figure_("recomputed", "ARR reduction", 50),
                 figure_("Table 9", "ARR", 0.2, None, "0.20"), figure_("Table 9", "ARR", 0.4, None, "0.40")],
                range=[48.1, 51.9]),
        finding("recomputed-reduction", "comparator-too-small",
                [figure_("Table 9", "ARR reduction", 60), figure_("recomputed", "ARR reduction", 0),
                 figure_("Table 9", "ARR", 0.2, None), figure_("Table 9", "ARR", 0.0, None)]),
        finding("same-quantity", "differs", [figure_("Table 9", "ARR", 0.2, None, "0.20"),
                                             figure_("Text", "ARR", 0.25, None, locator=TEXT)],
                subject="ARR", arm="Exampledrug 1 mg"),
        finding("same-quantity", "complement-differs", [figure_("Text", "Relapsed", 30, locator=TEXT),
                                                        figure_("Table 9", "Relapse-free", 80)], arm="Placebo"),
        finding("patient-counts", "arms-total", [figure_("arms", "arms", 150, "patients"),
                                                 figure_("Text", "randomized", 160, "patients", locator=TEXT)]),
        finding("patient-counts", "treated-vs-arm", [figure_("Text", "treated", 98, "patients", locator=TEXT),
                                                     figure_("Table 9", "Exampledrug 1 mg", 100, "patients")]),
        finding("patient-counts", "treated-vs-randomized", [figure_("Text", "treated", 148, "patients", locator=TEXT),
                                                            figure_("Text", "randomized", 160, "patients",
                                                                    locator=TEXT)]),
        finding("references", "reference-numbers", [figure_("Table 9", "reference", 9, None),
                                                     figure_("Text", "reference", 10, None, locator=TEXT),
                                                     figure_("Text", "reference", 11, None, locator=TEXT)]),
        finding("erratum", "erratum", [], record="example", text="Made-up erratum\n  over two lines.",
                locators=[TEXT]),
    ], counts={"recomputed-reduction": 2, "same-quantity": 2, "patient-counts": 3, "references": 1, "erratum": 1},
        sources=[SOURCE])


# -- every view kind, whole, in a fixed-width colourless table, Markdown and CSV -----------------
def test_therapies_summary_table():
    assert render(therapies_view(), Format.table, W80) == """\
Approved disease-modifying therapies
Therapy                      Year       Route   Dosing (as printed)
───────────────────────────────────────────────────────────────────────────
Exampledrug (Examplebrand)   2001       oral    1 mg daily
Comparatordrug               2002 [1]   SC      44 µg SC three times a week

Notes

 #   Note
 ─────────────────────────────────────────
 1   Erratum: Made-up erratum on the year.


More (class and target, figures from the text): msdmt therapies --full

Source: Example source: figures made up for tests.
Example figures: every one of them is made up.
"""


def test_therapies_summary_with_many_notes_table():
    """More notes than a summary shows: Table 1's one erratum is printed in full, the notes are in --full."""
    assert render(annotated_therapies_view(), Format.table, W80) == """\
Approved disease-modifying therapies
Therapy                          Year      Route   Dosing (as printed)
─────────────────────────────────────────────────────────────────────────────
Exampledrug 1 (Examplebrand)     2001      oral    1 mg daily
[1]
Exampledrug 2 (Examplebrand)     2001      oral    1 mg daily
[2]
Exampledrug 3 (Examplebrand)     2001      oral    1 mg daily
[3]
Exampledrug 4 (Examplebrand)     2001      oral    1 mg daily
[4]
Comparatordrug                   2002      SC      44 µg SC three times a
                                 [5]               week

Errata
#   Erratum
────────────────────────────────
5   Made-up erratum on the year.

More (notes [1]-[5], class and target, figures from the text): msdmt therapies
--full

Source: Example source: figures made up for tests.
Example figures: every one of them is made up.
"""


def test_therapies_full_table():
    assert render(therapies_view(), Format.table, W80, full=True) == """\
Approved disease-modifying therapies

                                     Dosing (as          Class; target
 Therapy             Year    Route   printed)            (msdmt's summary)
 ────────────────────────────────────────────────────────────────────────────
 Exampledrug         2001    oral    1 mg daily          example class;
 (Examplebrand)                                          example target

 Comparatordrug      2002    SC      44 µg SC three      example class
                     [1]             times a week


Mechanisms (as printed)

 Therapy          Mechanism            Where
 ─────────────────────────────────────────────
 Exampledrug      Made up for tests.   Table 9
 Comparatordrug   Made up for tests.   Table 9


Figures from the text

 Figure          Value              Where
 ───────────────────────────────────────────────────────────
 Made-up count   2 treatments [2]   Text, Example section ¶2


Notes

 #   Note
 ─────────────────────────────────────────
 1   Erratum: Made-up erratum on the year.
 2   Note: Made-up note on the count.


Source: Example source: figures made up for tests.
Example figures: every one of them is made up.
"""


def test_therapies_summary_markdown():
    assert render(therapies_view(), Format.markdown) == """\
# Approved disease-modifying therapies

| Therapy | Year | Route | Dosing (as printed) |
|---|---|---|---|
| Exampledrug (Examplebrand) | 2001 | oral | 1 mg daily |
| Comparatordrug | 2002 \\[1] | SC | 44 µg SC three times a week |

## Notes

| # | Note |
|---|---|
| 1 | Erratum: Made-up erratum on the year. |

More (class and target, figures from the text): msdmt therapies --full\x20\x20

*Source: Example source: figures made up for tests.*\x20\x20
*Example figures: every one of them is made up.*
"""


def test_therapies_full_markdown():
    assert render(therapies_view(), Format.markdown, full=True) == """\
# Approved disease-modifying therapies

| Therapy | Year | Route | Dosing (as printed) | Class; target (msdmt's summary) |
|---|---|---|---|---|
| Exampledrug (Examplebrand) | 2001 | oral | 1 mg daily | example class; example target |
| Comparatordrug | 2002 \\[1] | SC | 44 µg SC three times a week | example class |

## Mechanisms (as printed)

| Therapy | Mechanism | Where |
|---|---|---|
| Exampledrug | Made up for tests. | Table 9 |
| Comparatordrug | Made up for tests. | Table 9 |

## Figures from the text

| Figure | Value | Where |
|---|---|---|
| Made-up count | 2 treatments \\[2] | Text, Example section ¶2 |

## Notes

| # | Note |
|---|---|
| 1 | Erratum: Made-up erratum on the year. |
| 2 | Note: Made-up note on the count. |

*Source: Example source: figures made up for tests.*\x20\x20
*Example figures: every one of them is made up.*
"""


def test_therapies_summary_csv():
    assert render(therapies_view(), Format.csv) == """\
"Approved disease-modifying therapies"
"Therapy","Year","Route","Dosing (as printed)"
"Exampledrug (Examplebrand)","2001","oral","1 mg daily"
"Comparatordrug","2002 [1]","SC","44 µg SC three times a week"

"Notes"
"#","Note"
"1","Erratum: Made-up erratum on the year."

"More"
"More"
"More (class and target, figures from the text): msdmt therapies --full"

"Source"
"source"
"Source: Example source: figures made up for tests."
"Example figures: every one of them is made up."
"""


def test_therapies_full_csv():
    assert render(therapies_view(), Format.csv, full=True) == """\
"Approved disease-modifying therapies"
"Therapy","Year","Route","Dosing (as printed)","Class; target (msdmt's summary)"
"Exampledrug (Examplebrand)","2001","oral","1 mg daily","example class; example target"
"Comparatordrug","2002 [1]","SC","44 µg SC three times a week","example class"

"Mechanisms (as printed)"
"Therapy","Mechanism","Where"
"Exampledrug","Made up for tests.","Table 9"
"Comparatordrug","Made up for tests.","Table 9"

"Figures from the text"
"Figure","Value","Where"
"Made-up count","2 treatments [2]","Text, Example section ¶2"

"Notes"
"#","Note"
"1","Erratum: Made-up erratum on the year."
"2","Note: Made-up note on the count."

"Source"
"source"
"Source: Example source: figures made up for tests."
"Example figures: every one of them is made up."
"""


def test_therapy_summary_table():
    assert render(therapy_view(), Format.table, W80) == """\
Exampledrug (Examplebrand)
Generic name: exampledrug · approved 2001 · route oral · example class; example
target
Dosing (as printed, Table 9): 1 mg daily
Mechanism (as printed): Made up for tests.

Trials
Trial                   Key results
─────────────────────────────────────────────────────────────────────────────
Exampletrial 1, vs      ARR reduction 50% (P<0.001); disability HR 0.70 (not
Placebo                 significant) [1]
Figures from different trials side by side are not a head-to-head comparison.

Adverse events
Event              Figures              Where
──────────────────────────────────────────────────
Example rash [2]   5%                   Example ¶2
                   Comparatordrug: 1%
                   Δ +4, NNH 25 !
Example cough      <2%                  Example ¶2
                   3 patients
                   deaths: 1
Δ derived by msdmt, not reported: difference in percentage points with NNT/NNH,
or how much lower the rate is; ! with a caution (--full).

Notes

 #   Note
 ───────────────────────────────────────────
 1   Note: Made-up note on the hazard ratio.
 2   Note: Made-up note on the rash.


More (structured dosing, references, context, formulas): msdmt therapy
exampledrug --full

Source: Example source: figures made up for tests.
Example figures: every one of them is made up.
"""


def test_therapy_full_table():
    assert render(therapy_view(), Format.table, W80, full=True) == """\
Exampledrug (Examplebrand)

 Field                    Value                     Where
 ─────────────────────────────────────────────────────────────────────────────
 Generic name             exampledrug
 Brand                    Examplebrand              Table 9
 Year of approval         2001                      Table 9
 Route                    oral                      Table 9
 Dosing (as printed)      1 mg daily                Table 9
 Dosing (structured)      1 mg oral once a day      Table 9
 Mechanism (as printed)   Made up for tests.        Table 9
 Class; target            example class; example    msdmt's summary of the
                          target                    mechanism
 References cited         7
 Made-up fact             3 patients                Text, Example section ¶2


Trials

 Trial           Comparator   Duration   Arms            Key results
 ────────────────────────────────────────────────────────────────────────────
 Exampletrial    Placebo      2 years    Exampledrug 1   ARR reduction: 50%
 1                                       mg n=100;       (P<0.001);
 phase 3                                 Placebo n=50    Disability: HR 0.70
 population:                                             (not significant)
 treatment-                                              [1]
 naive

Figures from different trials side by side are not a head-to-head comparison.

Adverse events

 Event (category)   Figures             Context          Where
 ─────────────────────────────────────────────────────────────────────────────
 Example rash [2]   5%                  Made-up          Text, Example section
 (infection)        Comparatordrug:     patients         ¶2
                    1%

 Example cough      <2%                 Made-up          Text, Example section
 (haematological)   3 patients          patients         ¶2
                    deaths: 1


Derived here, not reported by the source

 Derived figure    Value           Formula     Reported; caution
 ───────────────────────────────────────────────────────────────────────────
 Example rash      4 percentage    5% - 1%     Caution: the source does not
 Exampledrug vs    points          ceil(100    say which trials, groups or
 Comparatordrug    NNH 25          / |5 -      period these rates cover, so
                   patients (20    1|)         the difference may mix
                   to 34 with                  populations
                   rounding)

Computed by msdmt from the reported figures above. Absolute differences are in
percentage points; NNT/NNH = 100 / difference, rounded up.

Notes

 #   Note
 ───────────────────────────────────────────
 1   Note: Made-up note on the hazard ratio.
 2   Note: Made-up note on the rash.


Source: Example source: figures made up for tests.
Example figures: every one of them is made up.
"""


def test_therapy_summary_markdown():
    assert render(therapy_view(), Format.markdown) == """\
# Exampledrug (Examplebrand)

Generic name: exampledrug · approved 2001 · route oral · example class; example target\x20\x20
Dosing (as printed, Table 9): 1 mg daily\x20\x20
Mechanism (as printed): Made up for tests.\x20\x20

## Trials

| Trial | Key results |
|---|---|
| Exampletrial 1, vs Placebo | ARR reduction 50% (P&lt;0.001); disability HR 0.70 (not significant) \\[1] |

Figures from different trials side by side are not a head-to-head comparison.

## Adverse events

| Event | Figures | Where |
|---|---|---|
| Example rash \\[2] | 5%<br>Comparatordrug: 1%<br>Δ +4, NNH 25 ! | Example ¶2 |
| Example cough | &lt;2%<br>3 patients<br>deaths: 1 | Example ¶2 |

Δ derived by msdmt, not reported: difference in percentage points with NNT/NNH, or how much lower the rate is; ! with a caution (--full).

## Notes

| # | Note |
|---|---|
| 1 | Note: Made-up note on the hazard ratio. |
| 2 | Note: Made-up note on the rash. |

More (structured dosing, references, context, formulas): msdmt therapy exampledrug --full\x20\x20

*Source: Example source: figures made up for tests.*\x20\x20
*Example figures: every one of them is made up.*
"""


def test_therapy_full_markdown():
    assert render(therapy_view(), Format.markdown, full=True) == """\
# Exampledrug (Examplebrand)

| Field | Value | Where |
|---|---|---|
| Generic name | exampledrug |  |
| Brand | Examplebrand | Table 9 |
| Year of approval | 2001 | Table 9 |
| Route | oral | Table 9 |
| Dosing (as printed) | 1 mg daily | Table 9 |
| Dosing (structured) | 1 mg oral once a day | Table 9 |
| Mechanism (as printed) | Made up for tests. | Table 9 |
| Class; target | example class; example target | msdmt's summary of the mechanism |
| References cited | 7 |  |
| Made-up fact | 3 patients | Text, Example section ¶2 |

## Trials

| Trial | Comparator | Duration | Arms | Key results |
|---|---|---|---|---|
| Exampletrial 1<br>phase 3<br>population: treatment-naive | Placebo | 2 years | Exampledrug 1 mg n=100; Placebo n=50 | ARR reduction: 50% (P&lt;0.001); Disability: HR 0.70 (not significant) \\[1] |

Figures from different trials side by side are not a head-to-head comparison.

## Adverse events

| Event (category) | Figures | Context | Where |
|---|---|---|---|
| Example rash \\[2]<br>(infection) | 5%<br>Comparatordrug: 1% | Made-up patients | Text, Example section ¶2 |
| Example cough<br>(haematological) | &lt;2%<br>3 patients<br>deaths: 1 | Made-up patients | Text, Example section ¶2 |

## Derived here, not reported by the source

| Derived figure | Value | Formula | Reported; caution |
|---|---|---|---|
| Example rash<br>Exampledrug vs Comparatordrug | 4 percentage points<br>NNH 25 patients (20 to 34 with rounding) | 5% - 1%<br>ceil(100 / \\|5 - 1\\|) | Caution: the source does not say which trials, groups or period these rates cover, so the difference may mix populations |

Computed by msdmt from the reported figures above. Absolute differences are in percentage points; NNT/NNH = 100 / difference, rounded up.

## Notes

| # | Note |
|---|---|
| 1 | Note: Made-up note on the hazard ratio. |
| 2 | Note: Made-up note on the rash. |

*Source: Example source: figures made up for tests.*\x20\x20
*Example figures: every one of them is made up.*
"""


def test_therapy_summary_csv():
    assert render(therapy_view(), Format.csv) == """\
"Exampledrug (Examplebrand)"
"Therapy"
"Generic name: exampledrug · approved 2001 · route oral · example class; example target"
"Dosing (as printed, Table 9): 1 mg daily"
"Mechanism (as printed): Made up for tests."

"Trials"
"Trial","Key results"
"Exampletrial 1, vs Placebo","ARR reduction 50% (P<0.001); disability HR 0.70 (not significant) [1]"
"Figures from different trials side by side are not a head-to-head comparison."

"Adverse events"
"Event","Figures","Where"
"Example rash [2]","5%
Comparatordrug: 1%
Δ +4, NNH 25 !","Example ¶2"
"Example cough","<2%
3 patients
deaths: 1","Example ¶2"
"Δ derived by msdmt, not reported: difference in percentage points with NNT/NNH, or how much lower the rate is; ! with a caution (--full)."

"Notes"
"#","Note"
"1","Note: Made-up note on the hazard ratio."
"2","Note: Made-up note on the rash."

"More"
"More"
"More (structured dosing, references, context, formulas): msdmt therapy exampledrug --full"

"Source"
"source"
"Source: Example source: figures made up for tests."
"Example figures: every one of them is made up."
"""


def test_therapy_full_csv():
    assert render(therapy_view(), Format.csv, full=True) == """\
"Exampledrug (Examplebrand)"
"Field","Value","Where"
"Generic name","exampledrug",""
"Brand","Examplebrand","Table 9"
"Year of approval","2001","Table 9"
"Route","oral","Table 9"
"Dosing (as printed)","1 mg daily","Table 9"
"Dosing (structured)","1 mg oral once a day","Table 9"
"Mechanism (as printed)","Made up for tests.","Table 9"
"Class; target","example class; example target","msdmt's summary of the mechanism"
"References cited","7",""
"Made-up fact","3 patients","Text, Example section ¶2"

"Trials"
"Trial","Comparator","Duration","Arms","Key results"
"Exampletrial 1
phase 3
population: treatment-naive","Placebo","2 years","Exampledrug 1 mg n=100; Placebo n=50","ARR reduction: 50% (P<0.001); Disability: HR 0.70 (not significant) [1]"
"Figures from different trials side by side are not a head-to-head comparison."

"Adverse events"
"Event (category)","Figures","Context","Where"
"Example rash [2]
(infection)","5%
Comparatordrug: 1%","Made-up patients","Text, Example section ¶2"
"Example cough
(haematological)","<2%
3 patients
deaths: 1","Made-up patients","Text, Example section ¶2"

"Derived here, not reported by the source"
"Derived figure","Value","Formula","Reported; caution"
"Example rash
Exampledrug vs Comparatordrug","4 percentage points
NNH 25 patients (20 to 34 with rounding)","5% - 1%
ceil(100 / |5 - 1|)","Caution: the source does not say which trials, groups or period these rates cover, so the difference may mix populations"
"Computed by msdmt from the reported figures above. Absolute differences are in percentage points; NNT/NNH = 100 / difference, rounded up."

"Notes"
"#","Note"
"1","Note: Made-up note on the hazard ratio."
"2","Note: Made-up note on the rash."

"Source"
"source"
"Source: Example source: figures made up for tests."
"Example figures: every one of them is made up."
"""


def test_trials_table():
    assert render(trials_view(), Format.table, W80) == """\
Trials (therapy exampledrug)

 Trial          Comparator       Duration   Arms              Key results
 ─────────────────────────────────────────────────────────────────────────────
 Exampletrial   Placebo          2 years    Exampledrug 1     ARR reduction:
 1                                          mg n=100;         50% (P<0.001);
 phase 3                                    Placebo n=50      Disability: HR
 population:                                                  0.70 (not
 treatment-                                                   significant) [1]
 naive

 Exampletrial   Comparatordrug   1 year     Exampledrug       ARR reduction
 2                                          n=30;             Exampledrug: 30%
                                            Exampledrug 2     (P=0.04); ARR
                                            mg;               reduction
                                            Comparatordrug    Exampledrug 2
                                                              mg: 35%

 Exampletrial   none             not        All patients
 3                               stated

Figures from different trials side by side are not a head-to-head comparison.

Notes

 #   Note
 ───────────────────────────────────────────
 1   Note: Made-up note on the hazard ratio.


Source: Example source: figures made up for tests.
Example figures: every one of them is made up.
"""


def test_trials_markdown():
    assert render(trials_view(), Format.markdown) == """\
# Trials (therapy exampledrug)

| Trial | Comparator | Duration | Arms | Key results |
|---|---|---|---|---|
| Exampletrial 1<br>phase 3<br>population: treatment-naive | Placebo | 2 years | Exampledrug 1 mg n=100; Placebo n=50 | ARR reduction: 50% (P&lt;0.001); Disability: HR 0.70 (not significant) \\[1] |
| Exampletrial 2 | Comparatordrug | 1 year | Exampledrug n=30; Exampledrug 2 mg; Comparatordrug | ARR reduction Exampledrug: 30% (P=0.04); ARR reduction Exampledrug 2 mg: 35% |
| Exampletrial 3 | none | not stated | All patients |  |

Figures from different trials side by side are not a head-to-head comparison.

## Notes

| # | Note |
|---|---|
| 1 | Note: Made-up note on the hazard ratio. |

*Source: Example source: figures made up for tests.*\x20\x20
*Example figures: every one of them is made up.*
"""


def test_trials_csv():
    assert render(trials_view(), Format.csv) == """\
"Trials (therapy exampledrug)"
"Trial","Comparator","Duration","Arms","Key results"
"Exampletrial 1
phase 3
population: treatment-naive","Placebo","2 years","Exampledrug 1 mg n=100; Placebo n=50","ARR reduction: 50% (P<0.001); Disability: HR 0.70 (not significant) [1]"
"Exampletrial 2","Comparatordrug","1 year","Exampledrug n=30; Exampledrug 2 mg; Comparatordrug","ARR reduction Exampledrug: 30% (P=0.04); ARR reduction Exampledrug 2 mg: 35%"
"Exampletrial 3","none","not stated","All patients",""
"Figures from different trials side by side are not a head-to-head comparison."

"Notes"
"#","Note"
"1","Note: Made-up note on the hazard ratio."

"Source"
"source"
"Source: Example source: figures made up for tests."
"Example figures: every one of them is made up."
"""


def test_trial_summary_table():
    assert render(trial_view(), Format.table, W80) == """\
Exampletrial 1
phase 3 · randomized controlled trial · 2 years · treatment-naive
Arms: Exampledrug 1 mg n=100; Placebo n=50 (comparator)

Outcome                 Exampledrug 1 mg     Placebo   Δ              Where
─────────────────────────────────────────────────────────────────────────────
ARR reduction           50% (P<0.001)                                 Table 9
ARR at baseline: 1.5                                                  Table 9
(all patients)
ARR                     0.20                 0.40      Δ 50% lower    Table 9
Relapse-free            80%                  60%       Δ +20, NNT 5   Table 9
Disability [1]          HR 0.70 (not                                  Table 9
                        significant)
Δ derived by msdmt, not reported: difference in percentage points with NNT/NNH,
or how much lower the rate is; ! with a caution (--full).

Notes

 #   Note
 ───────────────────────────────────────────
 1   Note: Made-up note on the hazard ratio.


More (references, text figures, formulas): msdmt trial EXAMPLETRIAL-1 --full

Source: Example source: figures made up for tests.
Example figures: every one of them is made up.
"""


def test_trial_summary_with_many_notes_table():
    """More notes than a summary shows: their numbers stay on the figures, the errata are named, the notes are in
    --full."""
    assert render(trial_view(annotated_trial()), Format.table, W80) == """\
Exampletrial 1
phase 3 · randomized controlled trial · 2 years · treatment-naive
Arms: Exampledrug 1 mg n=100; Placebo n=50 (comparator)

Outcome                 Exampledrug 1 mg   Placebo    Δ               Where
─────────────────────────────────────────────────────────────────────────────
ARR reduction [1]       50% (P<0.001)                                 Table 9
ARR at baseline [2]:                                                  Table 9
1.5 (all patients)
ARR [3]                 0.20               0.40 [4]   Δ 50% lower !   Table 9
Relapse-free [5]        80%                60%        Δ +20, NNT 5    Table 9
Disability [6]          HR 0.70 (not                                  Table 9
                        significant)
Δ derived by msdmt, not reported: difference in percentage points with NNT/NNH,
or how much lower the rate is; ! with a caution (--full).

Errata [4]: the paper disagrees with itself there.
More (notes [1]-[6], references, text figures, formulas): msdmt trial
EXAMPLETRIAL-1 --full

Source: Example source: figures made up for tests.
Example figures: every one of them is made up.
"""


def test_trial_full_table():
    assert render(trial_view(), Format.table, W80, full=True) == """\
Exampletrial 1

 Field              Value                         Where
 ─────────────────────────────────────────────────────────────────────────
 Kind               randomized controlled trial
 Phase              3
 Therapies          exampledrug
 Design             Made-up design.               Text, Example section ¶2
 Population         Made-up patients              Text, Example section ¶2
 Comparator         Placebo                       Table 9
 Duration           2 years                       Table 9
 References cited   9 (Table 9)


Arms

 Arm                Dose   Role         Patients       Where
 ─────────────────────────────────────────────────────────────
 Exampledrug 1 mg   1 mg   treatment    100 patients   Table 9

 Placebo                   comparator   50 patients    Table 9


Reported endpoints

 Endpoint          Where     Whole trial   Exampledrug 1 mg            Placebo
 ─────────────────────────────────────────────────────────────────────────────
 ARR reduction     Table 9                 50% (P<0.001)

 ARR at baseline   Table 9   1.5

 ARR               Table 9                 0.20                        0.40

 Relapse-free      Table 9                 80%                         60%

 Disability [1]    Table 9                 HR 0.70 (not significant)

A relative reduction or hazard ratio stands in the column of the arm it favours
and is against the comparator.

Other figures from the text

 Figure              Value          Where
 ───────────────────────────────────────────────────────────
 Patients screened   200 patients   Text, Example section ¶2


Derived here, not reported by the source

 Derived figure            Value                 Formula     Reported; caution
 ─────────────────────────────────────────────────────────────────────────────
 Relative reduction: ARR   50% (48.1 to 51.9     (1 - 0.2    reported 50%
 Exampledrug 1 mg vs       with rounding)        / 0.4) ×    (Table 9)
 Placebo                                         100

 Relapse-free              20 percentage         80% - 60%
 Exampledrug 1 mg vs       points over 2 years   ceil(100
 Placebo                   NNT 5 patients (5     / |80 -
                           to 6 with rounding)   60|)

Computed by msdmt from the reported figures above. Absolute differences are in
percentage points; NNT/NNH = 100 / difference, rounded up.

Notes

 #   Note
 ───────────────────────────────────────────
 1   Note: Made-up note on the hazard ratio.


Source: Example source: figures made up for tests.
Example figures: every one of them is made up.
"""


def test_trial_summary_markdown():
    assert render(trial_view(), Format.markdown) == """\
# Exampletrial 1

phase 3 · randomized controlled trial · 2 years · treatment-naive\x20\x20
Arms: Exampledrug 1 mg n=100; Placebo n=50 (comparator)\x20\x20

| Outcome | Exampledrug 1 mg | Placebo | Δ | Where |
|---|---|---|---|---|
| ARR reduction | 50% (P&lt;0.001) |  |  | Table 9 |
| ARR at baseline: 1.5 (all patients) |  |  |  | Table 9 |
| ARR | 0.20 | 0.40 | Δ 50% lower | Table 9 |
| Relapse-free | 80% | 60% | Δ +20, NNT 5 | Table 9 |
| Disability \\[1] | HR 0.70 (not significant) |  |  | Table 9 |

Δ derived by msdmt, not reported: difference in percentage points with NNT/NNH, or how much lower the rate is; ! with a caution (--full).

## Notes

| # | Note |
|---|---|
| 1 | Note: Made-up note on the hazard ratio. |

More (references, text figures, formulas): msdmt trial EXAMPLETRIAL-1 --full\x20\x20

*Source: Example source: figures made up for tests.*\x20\x20
*Example figures: every one of them is made up.*
"""


def test_trial_full_markdown():
    assert render(trial_view(), Format.markdown, full=True) == """\
# Exampletrial 1

| Field | Value | Where |
|---|---|---|
| Kind | randomized controlled trial |  |
| Phase | 3 |  |
| Therapies | exampledrug |  |
| Design | Made-up design. | Text, Example section ¶2 |
| Population | Made-up patients | Text, Example section ¶2 |
| Comparator | Placebo | Table 9 |
| Duration | 2 years | Table 9 |
| References cited | 9 (Table 9) |  |

## Arms

| Arm | Dose | Role | Patients | Where |
|---|---|---|---|---|
| Exampledrug 1 mg | 1 mg | treatment | 100 patients | Table 9 |
| Placebo |  | comparator | 50 patients | Table 9 |

## Reported endpoints

| Endpoint | Where | Whole trial | Exampledrug 1 mg | Placebo |
|---|---|---|---|---|
| ARR reduction | Table 9 |  | 50% (P&lt;0.001) |  |
| ARR at baseline | Table 9 | 1.5 |  |  |
| ARR | Table 9 |  | 0.20 | 0.40 |
| Relapse-free | Table 9 |  | 80% | 60% |
| Disability \\[1] | Table 9 |  | HR 0.70 (not significant) |  |

A relative reduction or hazard ratio stands in the column of the arm it favours and is against the comparator.

## Other figures from the text

| Figure | Value | Where |
|---|---|---|
| Patients screened | 200 patients | Text, Example section ¶2 |

## Derived here, not reported by the source

| Derived figure | Value | Formula | Reported; caution |
|---|---|---|---|
| Relative reduction: ARR<br>Exampledrug 1 mg vs Placebo | 50% (48.1 to 51.9 with rounding) | (1 - 0.2 / 0.4) × 100 | reported 50% (Table 9) |
| Relapse-free<br>Exampledrug 1 mg vs Placebo | 20 percentage points over 2 years<br>NNT 5 patients (5 to 6 with rounding) | 80% - 60%<br>ceil(100 / \\|80 - 60\\|) |  |

Computed by msdmt from the reported figures above. Absolute differences are in percentage points; NNT/NNH = 100 / difference, rounded up.

## Notes

| # | Note |
|---|---|
| 1 | Note: Made-up note on the hazard ratio. |

*Source: Example source: figures made up for tests.*\x20\x20
*Example figures: every one of them is made up.*
"""


def test_trial_summary_csv():
    assert render(trial_view(), Format.csv) == """\
"Exampletrial 1"
"Trial"
"phase 3 · randomized controlled trial · 2 years · treatment-naive"
"Arms: Exampledrug 1 mg n=100; Placebo n=50 (comparator)"

"Outcome"
"Outcome","Exampledrug 1 mg","Placebo","Δ","Where"
"ARR reduction","50% (P<0.001)","","","Table 9"
"ARR at baseline: 1.5 (all patients)","","","","Table 9"
"ARR","0.20","0.40","Δ 50% lower","Table 9"
"Relapse-free","80%","60%","Δ +20, NNT 5","Table 9"
"Disability [1]","HR 0.70 (not significant)","","","Table 9"
"Δ derived by msdmt, not reported: difference in percentage points with NNT/NNH, or how much lower the rate is; ! with a caution (--full)."

"Notes"
"#","Note"
"1","Note: Made-up note on the hazard ratio."

"More"
"More"
"More (references, text figures, formulas): msdmt trial EXAMPLETRIAL-1 --full"

"Source"
"source"
"Source: Example source: figures made up for tests."
"Example figures: every one of them is made up."
"""


def test_trial_full_csv():
    assert render(trial_view(), Format.csv, full=True) == """\
"Exampletrial 1"
"Field","Value","Where"
"Kind","randomized controlled trial",""
"Phase","3",""
"Therapies","exampledrug",""
"Design","Made-up design.","Text, Example section ¶2"
"Population","Made-up patients","Text, Example section ¶2"
"Comparator","Placebo","Table 9"
"Duration","2 years","Table 9"
"References cited","9 (Table 9)",""

"Arms"
"Arm","Dose","Role","Patients","Where"
"Exampledrug 1 mg","1 mg","treatment","100 patients","Table 9"
"Placebo","","comparator","50 patients","Table 9"

"Reported endpoints"
"Endpoint","Where","Whole trial","Exampledrug 1 mg","Placebo"
"ARR reduction","Table 9","","50% (P<0.001)",""
"ARR at baseline","Table 9","1.5","",""
"ARR","Table 9","","0.20","0.40"
"Relapse-free","Table 9","","80%","60%"
"Disability [1]","Table 9","","HR 0.70 (not significant)",""
"A relative reduction or hazard ratio stands in the column of the arm it favours and is against the comparator."

"Other figures from the text"
"Figure","Value","Where"
"Patients screened","200 patients","Text, Example section ¶2"

"Derived here, not reported by the source"
"Derived figure","Value","Formula","Reported; caution"
"Relative reduction: ARR
Exampledrug 1 mg vs Placebo","50% (48.1 to 51.9 with rounding)","(1 - 0.2 / 0.4) × 100","reported 50% (Table 9)"
"Relapse-free
Exampledrug 1 mg vs Placebo","20 percentage points over 2 years
NNT 5 patients (5 to 6 with rounding)","80% - 60%
ceil(100 / |80 - 60|)",""
"Computed by msdmt from the reported figures above. Absolute differences are in percentage points; NNT/NNH = 100 / difference, rounded up."

"Notes"
"#","Note"
"1","Note: Made-up note on the hazard ratio."

"Source"
"source"
"Source: Example source: figures made up for tests."
"Example figures: every one of them is made up."
"""


def test_compare_summary_table():
    assert render(compare_view_(), Format.table, W80) == """\
! Figures from different trials side by side are not a head-to-head comparison:
the trials differ in design, population, comparator and period.
! These trials differ in comparator (EXAMPLETRIAL-1: Placebo; EXAMPLETRIAL-2:
Comparatordrug).
! These trials differ in population (EXAMPLETRIAL-1: treatment-naive;
EXAMPLETRIAL-2: not stated).
! These trials differ in duration (EXAMPLETRIAL-1: 2 years; EXAMPLETRIAL-2: 1
year).

Exampletrial 1: phase 3, 2 years; Exampledrug 1 mg n=100 vs Placebo n=50
Exampletrial 2: 1 year; Exampledrug n=30 vs Exampledrug 2 mg vs Comparatordrug

ARR reduction / Relapse-rate reduction
  Where: Table 9
  Exampletrial 1: Exampledrug 1 mg: 50% (P<0.001)
  Exampletrial 2: Exampledrug: 30% (P=0.04)
  Exampletrial 2: Exampledrug 2 mg: 35%

ARR at baseline
  Where: Table 9
  Whole trial: Exampletrial 1: 1.5

ARR
  Where: Table 9
  Exampletrial 1: Exampledrug 1 mg: 0.20; Δ 50% lower
  Exampletrial 1: Placebo: 0.40

Relapse-free
  Where: Table 9
  Exampletrial 1: Exampledrug 1 mg: 80%; Δ +20, NNT 5
  Exampletrial 1: Placebo: 60%
  Exampletrial 2: Exampledrug: 70%; Δ +5, NNT 20
  Exampletrial 2: Exampledrug 2 mg: 72%; Δ +7, NNT 15
  Exampletrial 2: Comparatordrug: 65%

Disability
  Where: Table 9
  Exampletrial 1: Exampledrug 1 mg: HR 0.70 (not significant) [1]

EDSS change
  Where: Text
  Exampletrial 2: Exampledrug: +0.1
  Exampletrial 2: Comparatordrug: -0.2

— not reported (not zero); Δ derived by msdmt: difference in percentage points,
NNT/NNH, rate reduction; ! caution.

Notes

 #   Note
 ───────────────────────────────────────────
 1   Note: Made-up note on the hazard ratio.


More (designs, locators, formulas): msdmt compare EXAMPLETRIAL-1 EXAMPLETRIAL-2
--full

Source: Example source: figures made up for tests.
Example figures: every one of them is made up.
"""


def test_compare_summary_side_by_side_table():
    """Wide enough for the arms side by side: columns grouped by trial, each Δ under its own treated arm's figure."""
    assert render(compare_view_(), Format.table, Terminal(width=100)) == """\
! Figures from different trials side by side are not a head-to-head comparison: the trials differ in
design, population, comparator and period.
! These trials differ in comparator (EXAMPLETRIAL-1: Placebo; EXAMPLETRIAL-2: Comparatordrug).
! These trials differ in population (EXAMPLETRIAL-1: treatment-naive; EXAMPLETRIAL-2: not stated).
! These trials differ in duration (EXAMPLETRIAL-1: 2 years; EXAMPLETRIAL-2: 1 year).

Exampletrial 1: phase 3, 2 years; Exampledrug 1 mg n=100 vs Placebo n=50
Exampletrial 2: 1 year; Exampledrug n=30 vs Exampledrug 2 mg vs Comparatordrug

                    Exampletrial 1                Exampletrial 2   Exampledrug
Outcome             Exampledrug 1 mg    Placebo   Exampledrug      2 mg           Comparatordrug
────────────────────────────────────────────────────────────────────────────────────────────────
Table 9:
ARR reduction /     50% (P<0.001)       —         30% (P=0.04)     35%            —
Relapse-rate
reduction
ARR at baseline     1.5 (all)           —         —                —              —
ARR                 0.20                0.40      —                —              —
                    Δ 50% lower
Relapse-free        80%                 60%       70%              72%            65%
                    Δ +20, NNT 5                  Δ +5, NNT 20     Δ +7, NNT 15
Disability          HR 0.70 (not        —         —                —              —
                    significant) [1]
Text:
EDSS change         —                   —         +0.1             —              -0.2
— not reported (not zero); (all) the whole trial; Δ derived by msdmt: difference in percentage
points, NNT/NNH, rate reduction; ! caution.

Notes

 #   Note
 ───────────────────────────────────────────
 1   Note: Made-up note on the hazard ratio.


More (designs, locators, formulas): msdmt compare EXAMPLETRIAL-1 EXAMPLETRIAL-2 --full

Source: Example source: figures made up for tests.
Example figures: every one of them is made up.
"""


def test_compare_summary_narrow_table():
    """Too narrow for the columns: one block per outcome, a line per trial and arm; a line that folds goes on
    indented under its own block, never at the margin where an outcome's name begins."""
    assert render(compare_view_(), Format.table, Terminal(width=44)) == """\
! Figures from different trials side by side
are not a head-to-head comparison: the
trials differ in design, population,
comparator and period.
! These trials differ in comparator
(EXAMPLETRIAL-1: Placebo; EXAMPLETRIAL-2:
Comparatordrug).
! These trials differ in population
(EXAMPLETRIAL-1: treatment-naive;
EXAMPLETRIAL-2: not stated).
! These trials differ in duration
(EXAMPLETRIAL-1: 2 years; EXAMPLETRIAL-2: 1
year).

Exampletrial 1: phase 3, 2 years;
Exampledrug 1 mg n=100 vs Placebo n=50
Exampletrial 2: 1 year; Exampledrug n=30 vs
Exampledrug 2 mg vs Comparatordrug

ARR reduction / Relapse-rate reduction
  Where: Table 9
  Exampletrial 1: Exampledrug 1 mg: 50%
    (P<0.001)
  Exampletrial 2: Exampledrug: 30% (P=0.04)
  Exampletrial 2: Exampledrug 2 mg: 35%

ARR at baseline
  Where: Table 9
  Whole trial: Exampletrial 1: 1.5

ARR
  Where: Table 9
  Exampletrial 1: Exampledrug 1 mg: 0.20;
    Δ 50% lower
  Exampletrial 1: Placebo: 0.40

Relapse-free
  Where: Table 9
  Exampletrial 1: Exampledrug 1 mg: 80%;
    Δ +20, NNT 5
  Exampletrial 1: Placebo: 60%
  Exampletrial 2: Exampledrug: 70%; Δ +5,
    NNT 20
  Exampletrial 2: Exampledrug 2 mg: 72%;
    Δ +7, NNT 15
  Exampletrial 2: Comparatordrug: 65%

Disability
  Where: Table 9
  Exampletrial 1: Exampledrug 1 mg: HR 0.70
    (not significant) [1]

EDSS change
  Where: Text
  Exampletrial 2: Exampledrug: +0.1
  Exampletrial 2: Comparatordrug: -0.2

— not reported (not zero); Δ derived by
msdmt: difference in percentage points,
NNT/NNH, rate reduction; ! caution.

Notes

 #   Note
 ──────────────────────────────────────────
 1   Note: Made-up note on the hazard
     ratio.


More (designs, locators, formulas): msdmt
compare EXAMPLETRIAL-1 EXAMPLETRIAL-2 --full

Source: Example source: figures made up for
tests.
Example figures: every one of them is made
up.
"""


def test_compare_full_table():
    assert render(compare_view_(), Format.table, W80, full=True) == """\
! Figures from different trials side by side are not a head-to-head comparison:
the trials differ in design, population, comparator and period.
! These trials differ in comparator (EXAMPLETRIAL-1: Placebo; EXAMPLETRIAL-2:
Comparatordrug).
! These trials differ in population (EXAMPLETRIAL-1: treatment-naive;
EXAMPLETRIAL-2: not stated).
! These trials differ in duration (EXAMPLETRIAL-1: 2 years; EXAMPLETRIAL-2: 1
year).

Trials compared

 Trial          Phase   Comparator       Population   Duration   Arms
 ──────────────────────────────────────────────────────────────────────────────
 Exampletrial   3       Placebo          treatment-   2 years    Exampledrug 1
 1                                       naive                   mg n=100;
                                                                 Placebo n=50

 Exampletrial   -       Comparatordrug   not stated   1 year     Exampledrug
 2                                                               n=30;
                                                                 Exampledrug 2
                                                                 mg;
                                                                 Comparatordrug


Reported endpoints

ARR reduction / Relapse-rate reduction
  Where: Table 9
  Exampletrial 1: Exampledrug 1 mg: 50% (P<0.001)
  Exampletrial 2: Exampledrug: 30% (P=0.04)
  Exampletrial 2: Exampledrug 2 mg: 35%

ARR at baseline
  Where: Table 9
  Exampletrial 1: whole trial: 1.5

ARR
  Where: Table 9
  Exampletrial 1: Exampledrug 1 mg: 0.20
  Exampletrial 1: Placebo: 0.40

Relapse-free
  Where: Table 9
  Exampletrial 1: Exampledrug 1 mg: 80%
  Exampletrial 1: Placebo: 60%
  Exampletrial 2: Exampledrug: 70%
  Exampletrial 2: Exampledrug 2 mg: 72%
  Exampletrial 2: Comparatordrug: 65%

Disability
  Where: Table 9
  Exampletrial 1: Exampledrug 1 mg: HR 0.70 (not significant) [1]

EDSS change
  Where: Text, Example section ¶2
  Exampletrial 2: Exampledrug: +0.1
  Exampletrial 2: Comparatordrug: -0.2

— means the source reports no such figure for that trial and arm (not zero).
Rows join the same measure printed in the same place; each trial's own label is
kept, separated by /.

Derived here, not reported by the source

                                                                   Reported;
 Derived figure                Value                   Formula     caution
 ───────────────────────────────────────────────────────────────────────────
 Exampletrial 1: Relative      50% (48.1 to 51.9       (1 - 0.2    reported
 reduction: ARR                with rounding)          / 0.4) ×    50%
 Exampledrug 1 mg vs Placebo                           100         (Table 9)

 Exampletrial 1: Relapse-      20 percentage points    80% - 60%
 free                          over 2 years            ceil(100
 Exampledrug 1 mg vs Placebo   NNT 5 patients (5 to    / |80 -
                               6 with rounding)        60|)

 Exampletrial 2: Relapse-      5 percentage points     70% - 65%
 free                          over 1 year             ceil(100
 Exampledrug vs                NNT 20 patients (17     / |70 -
 Comparatordrug                to 25 with rounding)    65|)

 Exampletrial 2: Relapse-      7 percentage points     72% - 65%
 free                          over 1 year             ceil(100
 Exampledrug 2 mg vs           NNT 15 patients (13     / |72 -
 Comparatordrug                to 17 with rounding)    65|)

Computed by msdmt from the reported figures above. Absolute differences are in
percentage points; NNT/NNH = 100 / difference, rounded up.

Notes

 #   Note
 ───────────────────────────────────────────
 1   Note: Made-up note on the hazard ratio.


Source: Example source: figures made up for tests.
Example figures: every one of them is made up.
"""


def test_compare_summary_markdown():
    assert render(compare_view_(), Format.markdown) == """\
# Comparison of Exampletrial 1, Exampletrial 2

> Figures from different trials side by side are not a head-to-head comparison: the trials differ in design, population, comparator and period.

> These trials differ in comparator (EXAMPLETRIAL-1: Placebo; EXAMPLETRIAL-2: Comparatordrug).

> These trials differ in population (EXAMPLETRIAL-1: treatment-naive; EXAMPLETRIAL-2: not stated).

> These trials differ in duration (EXAMPLETRIAL-1: 2 years; EXAMPLETRIAL-2: 1 year).

Exampletrial 1: phase 3, 2 years; Exampledrug 1 mg n=100 vs Placebo n=50\x20\x20
Exampletrial 2: 1 year; Exampledrug n=30 vs Exampledrug 2 mg vs Comparatordrug\x20\x20

| Outcome | Where | Whole trial | Exampletrial 1: Exampledrug 1 mg | Exampletrial 1: Placebo | Exampletrial 2: Exampledrug | Exampletrial 2: Exampledrug 2 mg | Exampletrial 2: Comparatordrug |
|---|---|---|---|---|---|---|---|
| ARR reduction / Relapse-rate reduction | Table 9 | — | 50% (P&lt;0.001) | — | 30% (P=0.04) | 35% | — |
| ARR at baseline | Table 9 | Exampletrial 1: 1.5 | — | — | — | — | — |
| ARR | Table 9 | — | 0.20<br>Δ 50% lower | 0.40 | — | — | — |
| Relapse-free | Table 9 | — | 80%<br>Δ +20, NNT 5 | 60% | 70%<br>Δ +5, NNT 20 | 72%<br>Δ +7, NNT 15 | 65% |
| Disability | Table 9 | — | HR 0.70 (not significant) \\[1] | — | — | — | — |
| EDSS change | Text | — | — | — | +0.1 | — | -0.2 |

— not reported (not zero); Δ derived by msdmt: difference in percentage points, NNT/NNH, rate reduction; ! caution.

## Notes

| # | Note |
|---|---|
| 1 | Note: Made-up note on the hazard ratio. |

More (designs, locators, formulas): msdmt compare EXAMPLETRIAL-1 EXAMPLETRIAL-2 --full\x20\x20

*Source: Example source: figures made up for tests.*\x20\x20
*Example figures: every one of them is made up.*
"""


def test_compare_full_markdown():
    assert render(compare_view_(), Format.markdown, full=True) == """\
# Comparison of Exampletrial 1, Exampletrial 2

> Figures from different trials side by side are not a head-to-head comparison: the trials differ in design, population, comparator and period.

> These trials differ in comparator (EXAMPLETRIAL-1: Placebo; EXAMPLETRIAL-2: Comparatordrug).

> These trials differ in population (EXAMPLETRIAL-1: treatment-naive; EXAMPLETRIAL-2: not stated).

> These trials differ in duration (EXAMPLETRIAL-1: 2 years; EXAMPLETRIAL-2: 1 year).

## Trials compared

| Trial | Phase | Comparator | Population | Duration | Arms |
|---|---|---|---|---|---|
| Exampletrial 1 | 3 | Placebo | treatment-naive | 2 years | Exampledrug 1 mg n=100; Placebo n=50 |
| Exampletrial 2 | - | Comparatordrug | not stated | 1 year | Exampledrug n=30; Exampledrug 2 mg; Comparatordrug |

## Reported endpoints

| Endpoint | Where | Exampletrial 1: whole trial | Exampletrial 1: Exampledrug 1 mg | Exampletrial 1: Placebo | Exampletrial 2: Exampledrug | Exampletrial 2: Exampledrug 2 mg | Exampletrial 2: Comparatordrug |
|---|---|---|---|---|---|---|---|
| ARR reduction / Relapse-rate reduction | Table 9 | — | 50% (P&lt;0.001) | — | 30% (P=0.04) | 35% | — |
| ARR at baseline | Table 9 | 1.5 | — | — | — | — | — |
| ARR | Table 9 | — | 0.20 | 0.40 | — | — | — |
| Relapse-free | Table 9 | — | 80% | 60% | 70% | 72% | 65% |
| Disability | Table 9 | — | HR 0.70 (not significant) \\[1] | — | — | — | — |
| EDSS change | Text, Example section ¶2 | — | — | — | +0.1 | — | -0.2 |

— means the source reports no such figure for that trial and arm (not zero). Rows join the same measure printed in the same place; each trial's own label is kept, separated by /.

## Derived here, not reported by the source

| Derived figure | Value | Formula | Reported; caution |
|---|---|---|---|
| Exampletrial 1: Relative reduction: ARR<br>Exampledrug 1 mg vs Placebo | 50% (48.1 to 51.9 with rounding) | (1 - 0.2 / 0.4) × 100 | reported 50% (Table 9) |
| Exampletrial 1: Relapse-free<br>Exampledrug 1 mg vs Placebo | 20 percentage points over 2 years<br>NNT 5 patients (5 to 6 with rounding) | 80% - 60%<br>ceil(100 / \\|80 - 60\\|) |  |
| Exampletrial 2: Relapse-free<br>Exampledrug vs Comparatordrug | 5 percentage points over 1 year<br>NNT 20 patients (17 to 25 with rounding) | 70% - 65%<br>ceil(100 / \\|70 - 65\\|) |  |
| Exampletrial 2: Relapse-free<br>Exampledrug 2 mg vs Comparatordrug | 7 percentage points over 1 year<br>NNT 15 patients (13 to 17 with rounding) | 72% - 65%<br>ceil(100 / \\|72 - 65\\|) |  |

Computed by msdmt from the reported figures above. Absolute differences are in percentage points; NNT/NNH = 100 / difference, rounded up.

## Notes

| # | Note |
|---|---|
| 1 | Note: Made-up note on the hazard ratio. |

*Source: Example source: figures made up for tests.*\x20\x20
*Example figures: every one of them is made up.*
"""


def test_compare_summary_csv():
    assert render(compare_view_(), Format.csv) == """\
"Caution"
"caution"
"Figures from different trials side by side are not a head-to-head comparison: the trials differ in design, population, comparator and period."
"These trials differ in comparator (EXAMPLETRIAL-1: Placebo; EXAMPLETRIAL-2: Comparatordrug)."
"These trials differ in population (EXAMPLETRIAL-1: treatment-naive; EXAMPLETRIAL-2: not stated)."
"These trials differ in duration (EXAMPLETRIAL-1: 2 years; EXAMPLETRIAL-2: 1 year)."

"Trial"
"Trial"
"Exampletrial 1: phase 3, 2 years; Exampledrug 1 mg n=100 vs Placebo n=50"
"Exampletrial 2: 1 year; Exampledrug n=30 vs Exampledrug 2 mg vs Comparatordrug"

"Outcome"
"Outcome","Where","Whole trial","Exampletrial 1: Exampledrug 1 mg","Exampletrial 1: Placebo","Exampletrial 2: Exampledrug","Exampletrial 2: Exampledrug 2 mg","Exampletrial 2: Comparatordrug"
"ARR reduction / Relapse-rate reduction","Table 9","—","50% (P<0.001)","—","30% (P=0.04)","35%","—"
"ARR at baseline","Table 9","Exampletrial 1: 1.5","—","—","—","—","—"
"ARR","Table 9","—","0.20
Δ 50% lower","0.40","—","—","—"
"Relapse-free","Table 9","—","80%
Δ +20, NNT 5","60%","70%
Δ +5, NNT 20","72%
Δ +7, NNT 15","65%"
"Disability","Table 9","—","HR 0.70 (not significant) [1]","—","—","—","—"
"EDSS change","Text","—","—","—","+0.1","—","-0.2"
"— not reported (not zero); Δ derived by msdmt: difference in percentage points, NNT/NNH, rate reduction; ! caution."

"Notes"
"#","Note"
"1","Note: Made-up note on the hazard ratio."

"More"
"More"
"More (designs, locators, formulas): msdmt compare EXAMPLETRIAL-1 EXAMPLETRIAL-2 --full"

"Source"
"source"
"Source: Example source: figures made up for tests."
"Example figures: every one of them is made up."
"""


def test_compare_full_csv():
    assert render(compare_view_(), Format.csv, full=True) == """\
"Caution"
"caution"
"Figures from different trials side by side are not a head-to-head comparison: the trials differ in design, population, comparator and period."
"These trials differ in comparator (EXAMPLETRIAL-1: Placebo; EXAMPLETRIAL-2: Comparatordrug)."
"These trials differ in population (EXAMPLETRIAL-1: treatment-naive; EXAMPLETRIAL-2: not stated)."
"These trials differ in duration (EXAMPLETRIAL-1: 2 years; EXAMPLETRIAL-2: 1 year)."

"Trials compared"
"Trial","Phase","Comparator","Population","Duration","Arms"
"Exampletrial 1","3","Placebo","treatment-naive","2 years","Exampledrug 1 mg n=100; Placebo n=50"
"Exampletrial 2","-","Comparatordrug","not stated","1 year","Exampledrug n=30; Exampledrug 2 mg; Comparatordrug"

"Reported endpoints"
"Endpoint","Where","Exampletrial 1: whole trial","Exampletrial 1: Exampledrug 1 mg","Exampletrial 1: Placebo","Exampletrial 2: Exampledrug","Exampletrial 2: Exampledrug 2 mg","Exampletrial 2: Comparatordrug"
"ARR reduction / Relapse-rate reduction","Table 9","—","50% (P<0.001)","—","30% (P=0.04)","35%","—"
"ARR at baseline","Table 9","1.5","—","—","—","—","—"
"ARR","Table 9","—","0.20","0.40","—","—","—"
"Relapse-free","Table 9","—","80%","60%","70%","72%","65%"
"Disability","Table 9","—","HR 0.70 (not significant) [1]","—","—","—","—"
"EDSS change","Text, Example section ¶2","—","—","—","+0.1","—","-0.2"
"— means the source reports no such figure for that trial and arm (not zero). Rows join the same measure printed in the same place; each trial's own label is kept, separated by /."

"Derived here, not reported by the source"
"Derived figure","Value","Formula","Reported; caution"
"Exampletrial 1: Relative reduction: ARR
Exampledrug 1 mg vs Placebo","50% (48.1 to 51.9 with rounding)","(1 - 0.2 / 0.4) × 100","reported 50% (Table 9)"
"Exampletrial 1: Relapse-free
Exampledrug 1 mg vs Placebo","20 percentage points over 2 years
NNT 5 patients (5 to 6 with rounding)","80% - 60%
ceil(100 / |80 - 60|)",""
"Exampletrial 2: Relapse-free
Exampledrug vs Comparatordrug","5 percentage points over 1 year
NNT 20 patients (17 to 25 with rounding)","70% - 65%
ceil(100 / |70 - 65|)",""
"Exampletrial 2: Relapse-free
Exampledrug 2 mg vs Comparatordrug","7 percentage points over 1 year
NNT 15 patients (13 to 17 with rounding)","72% - 65%
ceil(100 / |72 - 65|)",""
"Computed by msdmt from the reported figures above. Absolute differences are in percentage points; NNT/NNH = 100 / difference, rounded up."

"Notes"
"#","Note"
"1","Note: Made-up note on the hazard ratio."

"Source"
"source"
"Source: Example source: figures made up for tests."
"Example figures: every one of them is made up."
"""


def test_chart_table():
    assert render(chart_view_(), Format.table, W80) == """\
! Figures from different trials side by side are not a head-to-head comparison:
the trials differ in design, population, comparator and period. Bars are in the
order the trials were named; their lengths do not rank therapies.
! These trials differ in comparator (EXAMPLETRIAL-1: Placebo; EXAMPLETRIAL-2:
Comparatordrug).
! These trials differ in population (EXAMPLETRIAL-1: treatment-naive;
EXAMPLETRIAL-2: not stated).
! These trials differ in duration (EXAMPLETRIAL-1: 2 years; EXAMPLETRIAL-2: 1
year).

Relapse-rate reduction (% versus the trial's own comparator; 0-100% scale)
  versus placebo
Exampletrial 1:            ██████████████                50% P<0.001 [Table 9]
Exampledrug 1 mg
  versus active
Exampletrial 2:            █████████                     30% P=0.04 [Table 9]
Exampledrug
Exampletrial 2:            ██████████                    35% [Table 9]
Exampledrug 2 mg

Not drawn
Not drawn: Exampletrial 1: Disability 0.70 (hazard ratio).

Source: Example source: figures made up for tests.
Example figures: every one of them is made up.
"""


def test_chart_markdown():
    assert render(chart_view_(), Format.markdown) == """\
# Reported reductions by trial and arm

> Figures from different trials side by side are not a head-to-head comparison: the trials differ in design, population, comparator and period. Bars are in the order the trials were named; their lengths do not rank therapies.

> These trials differ in comparator (EXAMPLETRIAL-1: Placebo; EXAMPLETRIAL-2: Comparatordrug).

> These trials differ in population (EXAMPLETRIAL-1: treatment-naive; EXAMPLETRIAL-2: not stated).

> These trials differ in duration (EXAMPLETRIAL-1: 2 years; EXAMPLETRIAL-2: 1 year).

## Relapse-rate reduction (% versus the trial's own comparator; 0-100% scale)

| Versus | Trial: arm | Reduction | P | Where |
|---|---|---|---|---|
| placebo | Exampletrial 1: Exampledrug 1 mg | 50% | P&lt;0.001 | Table 9 |
| active | Exampletrial 2: Exampledrug | 30% | P=0.04 | Table 9 |
| active | Exampletrial 2: Exampledrug 2 mg | 35% |  | Table 9 |

## Not drawn

Not drawn: Exampletrial 1: Disability 0.70 (hazard ratio).\x20\x20

*Source: Example source: figures made up for tests.*\x20\x20
*Example figures: every one of them is made up.*
"""


def test_chart_csv():
    assert render(chart_view_(), Format.csv) == """\
"Caution"
"caution"
"Figures from different trials side by side are not a head-to-head comparison: the trials differ in design, population, comparator and period. Bars are in the order the trials were named; their lengths do not rank therapies."
"These trials differ in comparator (EXAMPLETRIAL-1: Placebo; EXAMPLETRIAL-2: Comparatordrug)."
"These trials differ in population (EXAMPLETRIAL-1: treatment-naive; EXAMPLETRIAL-2: not stated)."
"These trials differ in duration (EXAMPLETRIAL-1: 2 years; EXAMPLETRIAL-2: 1 year)."

"Relapse-rate reduction (% versus the trial's own comparator; 0-100% scale)"
"Versus","Trial: arm","Reduction","P","Where"
"placebo","Exampletrial 1: Exampledrug 1 mg","50%","P<0.001","Table 9"
"active","Exampletrial 2: Exampledrug","30%","P=0.04","Table 9"
"active","Exampletrial 2: Exampledrug 2 mg","35%","","Table 9"

"Not drawn"
"Figure"
"Not drawn: Exampletrial 1: Disability 0.70 (hazard ratio)."

"Source"
"source"
"Source: Example source: figures made up for tests."
"Example figures: every one of them is made up."
"""


def test_adverse_events_summary_table():
    assert render(adverse_events_view(), Format.table, W80) == """\
Adverse events of Exampledrug
Event              Figures              Where
──────────────────────────────────────────────────
Example rash [1]   5%                   Example ¶2
                   Comparatordrug: 1%
Example cough      <2%                  Example ¶2
                   3 patients
                   deaths: 1

Notes

 #   Note
 ───────────────────────────────────
 1   Note: Made-up note on the rash.


More (the context of each event): msdmt adverse-events exampledrug --sort source
--full

Source: Example source: figures made up for tests.
Example figures: every one of them is made up.
"""


def test_adverse_events_full_table():
    assert render(adverse_events_view(), Format.table, W80, full=True) == """\
Adverse events of Exampledrug

 Event (category)   Figures             Context          Where
 ─────────────────────────────────────────────────────────────────────────────
 Example rash [1]   5%                  Made-up          Text, Example section
 (infection)        Comparatordrug:     patients         ¶2
                    1%

 Example cough      <2%                 Made-up          Text, Example section
 (haematological)   3 patients          patients         ¶2
                    deaths: 1


Notes

 #   Note
 ───────────────────────────────────
 1   Note: Made-up note on the rash.


Source: Example source: figures made up for tests.
Example figures: every one of them is made up.
"""


def test_adverse_events_summary_markdown():
    assert render(adverse_events_view(), Format.markdown) == """\
# Adverse events of Exampledrug

| Event | Figures | Where |
|---|---|---|
| Example rash \\[1] | 5%<br>Comparatordrug: 1% | Example ¶2 |
| Example cough | &lt;2%<br>3 patients<br>deaths: 1 | Example ¶2 |

## Notes

| # | Note |
|---|---|
| 1 | Note: Made-up note on the rash. |

More (the context of each event): msdmt adverse-events exampledrug --sort source --full\x20\x20

*Source: Example source: figures made up for tests.*\x20\x20
*Example figures: every one of them is made up.*
"""


def test_adverse_events_full_markdown():
    assert render(adverse_events_view(), Format.markdown, full=True) == """\
# Adverse events of Exampledrug

| Event (category) | Figures | Context | Where |
|---|---|---|---|
| Example rash \\[1]<br>(infection) | 5%<br>Comparatordrug: 1% | Made-up patients | Text, Example section ¶2 |
| Example cough<br>(haematological) | &lt;2%<br>3 patients<br>deaths: 1 | Made-up patients | Text, Example section ¶2 |

## Notes

| # | Note |
|---|---|
| 1 | Note: Made-up note on the rash. |

*Source: Example source: figures made up for tests.*\x20\x20
*Example figures: every one of them is made up.*
"""


def test_adverse_events_summary_csv():
    assert render(adverse_events_view(), Format.csv) == """\
"Adverse events of Exampledrug"
"Event","Figures","Where"
"Example rash [1]","5%
Comparatordrug: 1%","Example ¶2"
"Example cough","<2%
3 patients
deaths: 1","Example ¶2"

"Notes"
"#","Note"
"1","Note: Made-up note on the rash."

"More"
"More"
"More (the context of each event): msdmt adverse-events exampledrug --sort source --full"

"Source"
"source"
"Source: Example source: figures made up for tests."
"Example figures: every one of them is made up."
"""


def test_adverse_events_full_csv():
    assert render(adverse_events_view(), Format.csv, full=True) == """\
"Adverse events of Exampledrug"
"Event (category)","Figures","Context","Where"
"Example rash [1]
(infection)","5%
Comparatordrug: 1%","Made-up patients","Text, Example section ¶2"
"Example cough
(haematological)","<2%
3 patients
deaths: 1","Made-up patients","Text, Example section ¶2"

"Notes"
"#","Note"
"1","Note: Made-up note on the rash."

"Source"
"source"
"Source: Example source: figures made up for tests."
"Example figures: every one of them is made up."
"""


def test_search_table():
    assert render(search_view(), Format.table, W80) == """\
Matches for 'example'

 Record         Found                   Figures                       Where
 ────────────────────────────────────────────────────────────────────────────
 Exampledrug    Mechanism                                             Table 9
                (mechanism)
                Made up for tests, an
                example.

 Exampletrial   ARR reduction           Exampledrug vs Placebo:
 1              (result)                31.2% (P<0.001)

Showing the best 2 of 3 matches; --limit N shows more.

Source: Example source: figures made up for tests.
Example figures: every one of them is made up.
"""


def test_search_markdown():
    assert render(search_view(), Format.markdown) == """\
# Matches for 'example'

| Record | Found | Figures | Where |
|---|---|---|---|
| Exampledrug | Mechanism<br>(mechanism)<br>Made up for tests, an example. |  | Table 9 |
| Exampletrial 1 | ARR reduction<br>(result) | Exampledrug vs Placebo: 31.2% (P&lt;0.001) |  |

Showing the best 2 of 3 matches; --limit N shows more.

*Source: Example source: figures made up for tests.*\x20\x20
*Example figures: every one of them is made up.*
"""


def test_search_csv():
    assert render(search_view(), Format.csv) == """\
"Matches for 'example'"
"Record","Found","Figures","Where"
"Exampledrug","Mechanism
(mechanism)
Made up for tests, an example.","","Table 9"
"Exampletrial 1","ARR reduction
(result)","Exampledrug vs Placebo: 31.2% (P<0.001)",""
"Showing the best 2 of 3 matches; --limit N shows more."

"Source"
"source"
"Source: Example source: figures made up for tests."
"Example figures: every one of them is made up."
"""


def test_validate_table():
    assert render(validate_view(), Format.table, W80) == """\
Valid data in /example/data

 Records     Count
 ─────────────────
 therapies   2
 trials      1


"""


def test_validate_markdown():
    assert render(validate_view(), Format.markdown) == """\
# Valid data in /example/data

| Records | Count |
|---|---|
| therapies | 2 |
| trials | 1 |

"""


def test_validate_csv():
    assert render(validate_view(), Format.csv) == """\
"Valid data in /example/data"
"Records","Count"
"therapies","2"
"trials","1"
"""


def test_audit_table():
    assert render(small_audit_view(), Format.table, W80) == """\
Audit: 2 findings

 Check      Record          Figures    Where           Explanation
 ────────────────────────────────────────────────────────────────────────────
 same-      EXAMPLETRIAL-   Table 9:   Table 9         ARR (Exampledrug 1 mg)
 quantity   1               0.20;      Text, Example   is printed twice with
                            Text:      section ¶2      values that differ
                            0.25                       beyond rounding

 erratum    example                    Text, Example   Made-up erratum over
                                       section ¶2      two lines.


Source: Example source: figures made up for tests.
Example figures: every one of them is made up.
"""


def test_audit_markdown():
    assert render(audit_view(), Format.markdown) == """\
# Audit: 9 findings

| Check | Record | Figures | Where | Explanation |
|---|---|---|---|---|
| recomputed-reduction | EXAMPLETRIAL-1 | reported 60%; recomputed 50.0% from 0.20 and 0.40 | Table 9<br>Table 9<br>Table 9<br>Table 9 | the reported reduction lies outside 48.1-51.9%, the range the printed rates allow given their rounding |
| recomputed-reduction | EXAMPLETRIAL-1 | reported 60%; recomputed 0.0% from 0.2 and 0 | Table 9<br>Table 9<br>Table 9<br>Table 9 | the comparator rate is too small to recompute from |
| same-quantity | EXAMPLETRIAL-1 | Table 9: 0.20; Text: 0.25 | Table 9<br>Text, Example section ¶2 | ARR (Exampledrug 1 mg) is printed twice with values that differ beyond rounding |
| same-quantity | EXAMPLETRIAL-1 | Text: 30% relapsed (so 70% not); Table 9: 80% relapse-free | Text, Example section ¶2<br>Table 9 | for Placebo, the complement of one figure does not match the other beyond rounding |
| patient-counts | EXAMPLETRIAL-1 | arms add up to 150; randomized 160 | Table 9<br>Text, Example section ¶2 | the arm sizes do not add up to the number randomized |
| patient-counts | EXAMPLETRIAL-1 | 98 treated; 100 in the Exampledrug 1 mg arm | Text, Example section ¶2<br>Table 9 | the treated count differs from the arm size; the source does not say why |
| patient-counts | EXAMPLETRIAL-1 | 148 treated; 160 randomized | Text, Example section ¶2<br>Text, Example section ¶2 | the treated count differs from the number randomized; the source does not say which arms it counts |
| references | EXAMPLETRIAL-1 | Table 9: 9; Text: 10, 11 | Table 9<br>Text, Example section ¶2<br>Text, Example section ¶2 | the tables and the text cite this study under different reference numbers |
| erratum | example |  | Text, Example section ¶2 | Made-up erratum over two lines. |

*Source: Example source: figures made up for tests.*\x20\x20
*Example figures: every one of them is made up.*
"""


def test_audit_csv():
    assert render(audit_view(), Format.csv) == """\
"Audit: 9 findings"
"Check","Record","Figures","Where","Explanation"
"recomputed-reduction","EXAMPLETRIAL-1","reported 60%; recomputed 50.0% from 0.20 and 0.40","Table 9
Table 9
Table 9
Table 9","the reported reduction lies outside 48.1-51.9%, the range the printed rates allow given their rounding"
"recomputed-reduction","EXAMPLETRIAL-1","reported 60%; recomputed 0.0% from 0.2 and 0","Table 9
Table 9
Table 9
Table 9","the comparator rate is too small to recompute from"
"same-quantity","EXAMPLETRIAL-1","Table 9: 0.20; Text: 0.25","Table 9
Text, Example section ¶2","ARR (Exampledrug 1 mg) is printed twice with values that differ beyond rounding"
"same-quantity","EXAMPLETRIAL-1","Text: 30% relapsed (so 70% not); Table 9: 80% relapse-free","Text, Example section ¶2
Table 9","for Placebo, the complement of one figure does not match the other beyond rounding"
"patient-counts","EXAMPLETRIAL-1","arms add up to 150; randomized 160","Table 9
Text, Example section ¶2","the arm sizes do not add up to the number randomized"
"patient-counts","EXAMPLETRIAL-1","98 treated; 100 in the Exampledrug 1 mg arm","Text, Example section ¶2
Table 9","the treated count differs from the arm size; the source does not say why"
"patient-counts","EXAMPLETRIAL-1","148 treated; 160 randomized","Text, Example section ¶2
Text, Example section ¶2","the treated count differs from the number randomized; the source does not say which arms it counts"
"references","EXAMPLETRIAL-1","Table 9: 9; Text: 10, 11","Table 9
Text, Example section ¶2
Text, Example section ¶2","the tables and the text cite this study under different reference numbers"
"erratum","example","","Text, Example section ¶2","Made-up erratum over two lines."

"Source"
"source"
"Source: Example source: figures made up for tests."
"Example figures: every one of them is made up."
"""


def test_glossary_table():
    assert render(glossary_view(), Format.table, W80) == """\
Glossary: terms beginning 'ex'

 Term    Meaning                                           Where
 ─────────────────────────────────────────────────────────────────────────────
 EXR     as printed: "EXR, example rate" [1]               Table 9,
         used, not defined: "the example rate fell"        abbreviation
         msdmt's explanation: Made up for tests: how       footnote
         often an example happens.                         Text, Example
                                                           section ¶2
 EXS     used, not defined: "example score" [2]            Text, Example
                                                           section ¶2
 EXT     msdmt's explanation: Made up for tests.           not in the review
 [3]

"as printed": the review's own definition, word for word; "used, not defined":
the review's words where it uses a term it does not define; "msdmt's
explanation": msdmt's words, not the review's.

Notes

 #   Note
 ───────────────────────────────────
 1   Erratum: Made-up erratum.
 2   Note: Made-up note.
 3   Note: Made-up note on the term.


Source: Example source: figures made up for tests.
Example figures: every one of them is made up.
"""


def test_glossary_markdown():
    assert render(glossary_view(), Format.markdown) == """\
# Glossary: terms beginning 'ex'

| Term | Meaning | Where |
|---|---|---|
| EXR | as printed: "EXR, example rate" \\[1]<br>used, not defined: "the example rate fell"<br>msdmt's explanation: Made up for tests: how often an example happens. | Table 9, abbreviation footnote<br>Text, Example section ¶2 |
| EXS | used, not defined: "example score" \\[2] | Text, Example section ¶2 |
| EXT \\[3] | msdmt's explanation: Made up for tests. | not in the review |

"as printed": the review's own definition, word for word; "used, not defined": the review's words where it uses a term it does not define; "msdmt's explanation": msdmt's words, not the review's.

## Notes

| # | Note |
|---|---|
| 1 | Erratum: Made-up erratum. |
| 2 | Note: Made-up note. |
| 3 | Note: Made-up note on the term. |

*Source: Example source: figures made up for tests.*\x20\x20
*Example figures: every one of them is made up.*
"""


def test_glossary_csv():
    assert render(glossary_view(), Format.csv) == """\
"Glossary: terms beginning 'ex'"
"Term","Meaning","Where"
"EXR","as printed: ""EXR, example rate"" [1]
used, not defined: ""the example rate fell""
msdmt's explanation: Made up for tests: how often an example happens.","Table 9, abbreviation footnote
Text, Example section ¶2"
"EXS","used, not defined: ""example score"" [2]","Text, Example section ¶2"
"EXT [3]","msdmt's explanation: Made up for tests.","not in the review"
\"\"\"as printed"": the review's own definition, word for word; ""used, not defined"": the review's words where it uses a term it does not define; ""msdmt's explanation"": msdmt's words, not the review's."

"Notes"
"#","Note"
"1","Erratum: Made-up erratum."
"2","Note: Made-up note."
"3","Note: Made-up note on the term."

"Source"
"source"
"Source: Example source: figures made up for tests."
"Example figures: every one of them is made up."
"""


# -- the other branches of the document builders ------------------------------------------
def test_trial_of_a_single_group_summary_csv():
    assert render(trial_view(trial_three()), Format.csv) == """\
"Exampletrial 3"
"Trial"
"open-label"
"Arms: All patients"

"Outcome"
"Outcome","All patients","Δ","Where"
"ARR before","0.8","","Example ¶2"
"ARR after","0.2","Δ 75% lower !","Example ¶2"
"Δ derived by msdmt, not reported: difference in percentage points with NNT/NNH, or how much lower the rate is; ! with a caution (--full)."

"More"
"More"
"More (references, text figures, formulas): msdmt trial EXAMPLETRIAL-3 --full"

"Source"
"source"
"Source: Example source: figures made up for tests."
"Example figures: every one of them is made up."
"""


def test_trial_of_a_single_group_full_csv():
    assert render(trial_view(trial_three()), Format.csv, full=True) == """\
"Exampletrial 3"
"Field","Value","Where"
"Kind","open-label",""
"Phase","not stated",""
"Therapies","exampledrug",""
"Follows","EXAMPLETRIAL-1",""
"References cited","none",""

"Arms"
"Arm","Dose","Role","Patients","Where"
"All patients","","treatment","not stated",""

"Reported endpoints"
"Endpoint","Where","All patients"
"ARR before","Text, Example section ¶2","0.8"
"ARR after","Text, Example section ¶2","0.2"
"A relative reduction or hazard ratio stands in the column of the arm it favours and is against the comparator."

"Derived here, not reported by the source"
"Derived figure","Value","Formula","Reported; caution"
"Relative reduction: ARR after, against: ARR before
All patients","75% (66.7 to 82.4 with rounding)","(1 - 0.2 / 0.8) × 100","Caution: a before-after comparison in one group over different periods, not a comparison with a control group"
"Computed by msdmt from the reported figures above. Absolute differences are in percentage points; NNT/NNH = 100 / difference, rounded up."

"Source"
"source"
"Source: Example source: figures made up for tests."
"Example figures: every one of them is made up."
"""


def test_therapy_seen_only_as_a_comparator_summary_csv():
    assert render(comparator_view(), Format.csv) == """\
"Comparatordrug"
"Therapy"
"Generic name: comparatordrug · approved 2002 [1] · route SC · example class; target not stated"
"Dosing (as printed, Table 9): 44 µg SC three times a week"
"Mechanism (as printed): Made up for tests."

"Trials"
"Trial","Key results"
"Exampletrial 2 (as comparator), vs Comparatordrug","ARR reduction Exampledrug: 30% (P=0.04); ARR reduction Exampledrug 2 mg: 35%"
"Figures from different trials side by side are not a head-to-head comparison."

"Rates as a comparator"
"Event","Figures","Context"
"Example rash","Comparatordrug: 1%","comparator of Exampledrug"

"Notes"
"#","Note"
"1","Erratum: Made-up erratum on the year."

"More"
"More"
"More (structured dosing, references, context, formulas): msdmt therapy comparatordrug --full"

"Source"
"source"
"Source: Example source: figures made up for tests."
"Example figures: every one of them is made up."
"""


def test_therapy_seen_only_as_a_comparator_full_csv():
    assert render(comparator_view(), Format.csv, full=True) == """\
"Comparatordrug"
"Field","Value","Where"
"Generic name","comparatordrug",""
"Brand","not stated",""
"Year of approval","2002 [1]","Table 9"
"Route","SC","Table 9"
"Dosing (as printed)","44 µg SC three times a week","Table 9"
"Dosing (structured)","44 µg SC three times a week (first year)","Table 9"
"Mechanism (as printed)","Made up for tests.","Table 9"
"Class; target","example class; not stated","msdmt's summary of the mechanism"
"References cited","none",""

"Trials"
"Trial","Comparator","Duration","Arms","Key results"
"Exampletrial 2
(as comparator)","Comparatordrug","1 year","Exampledrug n=30; Exampledrug 2 mg; Comparatordrug","ARR reduction Exampledrug: 30% (P=0.04); ARR reduction Exampledrug 2 mg: 35%"
"Figures from different trials side by side are not a head-to-head comparison."

"Rates as a comparator"
"Event (category)","Figures","Context","Where"
"Example rash
(infection)","Comparatordrug: 1%","comparator of Exampledrug; Made-up patients","Text, Example section ¶2"
"Printed for this therapy as the comparison group of another therapy's adverse events."

"Notes"
"#","Note"
"1","Erratum: Made-up erratum on the year."

"Source"
"source"
"Source: Example source: figures made up for tests."
"Example figures: every one of them is made up."
"""


def test_adverse_events_of_every_therapy_summary_csv():
    assert render(every_adverse_event_view(), Format.csv) == """\
"Adverse events"
"Therapy","Event","Figures","Where"
"exampledrug","Example rash [1]","5%
Comparatordrug: 1%","Example ¶2"
"exampledrug","Example cough","<2%
3 patients
deaths: 1","Example ¶2"
"comparatordrug","Example headache","1%","Example ¶2"

"Notes"
"#","Note"
"1","Note: Made-up note on the rash."

"More"
"More"
"More (the context of each event): msdmt adverse-events --full"

"Source"
"source"
"Source: Example source: figures made up for tests."
"Example figures: every one of them is made up."
"""


def test_adverse_events_of_every_therapy_full_csv():
    assert render(every_adverse_event_view(), Format.csv, full=True) == """\
"Adverse events"
"Therapy","Event (category)","Figures","Context","Where"
"exampledrug","Example rash [1]
(infection)","5%
Comparatordrug: 1%","Made-up patients","Text, Example section ¶2"
"exampledrug","Example cough
(haematological)","<2%
3 patients
deaths: 1","Made-up patients","Text, Example section ¶2"
"comparatordrug","Example headache
(infection)","1%","Made-up patients","Text, Example section ¶2"

"Notes"
"#","Note"
"1","Note: Made-up note on the rash."

"Source"
"source"
"Source: Example source: figures made up for tests."
"Example figures: every one of them is made up."
"""


def test_adverse_events_of_a_comparator_summary_csv():
    assert render(comparator_adverse_events_view(), Format.csv) == """\
"Rates as a comparator"
"Event","Figures","Context"
"Example rash","Comparatordrug: 1%","comparator of Exampledrug"

"More"
"More"
"More (the context of each event): msdmt adverse-events comparatordrug --category infection --full"

"Source"
"source"
"Source: Example source: figures made up for tests."
"Example figures: every one of them is made up."
"""


def test_adverse_events_of_a_comparator_full_csv():
    assert render(comparator_adverse_events_view(), Format.csv, full=True) == """\
"Rates as a comparator"
"Event (category)","Figures","Context","Where"
"Example rash
(infection)","Comparatordrug: 1%","comparator of Exampledrug; Made-up patients","Text, Example section ¶2"
"Printed for this therapy as the comparison group of another therapy's adverse events."

"Source"
"source"
"Source: Example source: figures made up for tests."
"Example figures: every one of them is made up."
"""


def test_no_adverse_events_summary_table():
    assert render(no_adverse_events_view(), Format.table, W80) == """\
Adverse events of Comparatordrug
No source here gives adverse-event figures for this selection.

More (the context of each event): msdmt adverse-events comparatordrug --category
malignancy --full

Source: Example source: figures made up for tests.
Example figures: every one of them is made up.
"""


def test_no_adverse_events_full_table():
    assert render(no_adverse_events_view(), Format.table, W80, full=True) == """\
Adverse events of Comparatordrug

 Event
 ──────────────────────────────────────────────────────────────
 No source here gives adverse-event figures for this selection.


Source: Example source: figures made up for tests.
Example figures: every one of them is made up.
"""


def test_no_trials_table():
    assert render(no_trials_view(), Format.table, W80) == """\
Trials (comparator placebo, phase 1)

 Trial                             Comparator   Duration   Arms   Key results
 ────────────────────────────────────────────────────────────────────────────
 No trial matches these filters.

Figures from different trials side by side are not a head-to-head comparison.

Source: Example source: figures made up for tests.
Example figures: every one of them is made up.
"""


def test_nothing_to_draw_table():
    assert render(nothing_to_draw_view(), Format.table, W80) == """\
! Figures from different trials side by side are not a head-to-head comparison:
made up for tests.

Nothing to draw
Nothing to draw: none of these trials reports a relapse-rate or disability
reduction as a percentage.

Source: Example source: figures made up for tests.
Example figures: every one of them is made up.
"""


def test_the_trials_title_names_the_therapies_filtered_on_as_ids():
    """filters["therapy"] is the list of every therapy the name given could mean: the title names them, not a
    Python list ("Trials (therapy ['exampledrug'])")."""
    both = replace(trials_view(), filters={"therapy": ["exampledrug", "comparatordrug"], "comparator": "active",
                                           "phase": None})
    for fmt, first in ((Format.table, "Trials (therapy exampledrug or comparatordrug, comparator active)"),
                       (Format.markdown, "# Trials (therapy exampledrug or comparatordrug, comparator active)"),
                       (Format.csv, '"Trials (therapy exampledrug or comparatordrug, comparator active)"')):
        assert render(both, fmt, W80).split("\n")[0] == first
    assert render(trials_view(), Format.table, W80).startswith("Trials (therapy exampledrug)\n")


def _more(view: Any) -> str:
    (line,) = [r[0] for r in csv_format.csv.reader(io.StringIO(render(view, Format.csv))) if r and
               r[0].startswith("More (")]
    return line.split("): ", 1)[1]


def test_more_names_the_same_question_with_full():
    """The summary's "More" line gives the command of the same question with --full: with its filters, quoted for
    a shell (it once dropped --endpoint, --category, --event and --sort, so --full answered another question)."""
    assert _more(trial_view()) == "msdmt trial EXAMPLETRIAL-1 --full"
    assert _more(replace(trial_view(), filters={"endpoint": "relapse free"})) == (
        "msdmt trial EXAMPLETRIAL-1 --endpoint 'relapse free' --full")
    assert _more(compare_view_()) == "msdmt compare EXAMPLETRIAL-1 EXAMPLETRIAL-2 --full"
    picked = replace(compare_view_(), filters={"endpoint": "relapse", "therapy": ["exampledrug"],
                                               "comparator": "active"})
    assert _more(picked) == "msdmt compare EXAMPLETRIAL-1 EXAMPLETRIAL-2 --endpoint relapse --full"  # the trials
    assert _more(adverse_events_view()) == "msdmt adverse-events exampledrug --sort source --full"
    narrowed = replace(every_adverse_event_view(), filters={"therapy": None, "therapy_name": None,
                                                            "category": "infection", "event": "rash's", "sort": "rate"})
    assert _more(narrowed) == "msdmt adverse-events --category infection --event 'rash'\"'\"'s' --full"
    assert _more(replace(therapies_view(), filters={"route": "SC"})) == "msdmt therapies --route SC --full"
    assert _more(therapy_view()) == "msdmt therapy exampledrug --full"


# -- therapy: derived adverse-event rows ----------------------------------------------
def test_each_derived_adverse_event_row_names_the_comparator_printed_for_its_own_event():
    """Two events whose comparator is the same therapy under two printed labels: each row keeps its own label
    (it once took the label of whichever event came last); in the summary each Δ stands in its own event's row."""
    therapy = therapy_record(adverse_events=[
        adverse_event("example-rash", "Example rash", 5,
                      {"label": "Comparatordrug", "therapy": "comparatordrug", "rate": qty(1, "%", "1%", TEXT)}),
        adverse_event("example-cough", "Example cough", 4,
                      {"label": "Comparatordrug 44 µg", "therapy": "comparatordrug", "rate": qty(2, "%", "2%", TEXT)}),
    ])
    view = views.TherapyView(therapy=therapy, trials=[], derived=derive_adverse_events(therapy), comparator_rates=[],
                             caution=CAUTION, sources=[SOURCE])
    out = render(view, Format.csv, full=True)
    derived = out[out.index('"Derived here'):out.index('"Computed by msdmt')]
    caution = ("Caution: the source does not say which trials, groups or period these rates cover, so the difference "
               "may mix populations")
    assert derived == (
        '"Derived here, not reported by the source"\n'
        '"Derived figure","Value","Formula","Reported; caution"\n'
        '"Example rash\nExampledrug vs Comparatordrug","4 percentage points\nNNH 25 patients (20 to 34 with rounding)",'
        f'"5% - 1%\nceil(100 / |5 - 1|)","{caution}"\n'
        '"Example cough\nExampledrug vs Comparatordrug 44 µg","2 percentage points\nNNH 50 patients (34 to 100 with '
        f'rounding)","4% - 2%\nceil(100 / |4 - 2|)","{caution}"\n'
    )
    summary = render(view, Format.csv)
    assert summary[summary.index('"Adverse events"'):summary.index('"Δ derived')] == (
        '"Adverse events"\n'
        '"Event","Figures","Where"\n'
        '"Example rash","5%\nComparatordrug: 1%\nΔ +4, NNH 25 !","Example ¶2"\n'
        '"Example cough","4%\nComparatordrug 44 µg: 2%\nΔ +2, NNH 50 !","Example ¶2"\n'
    )


def test_a_therapy_without_a_brand_is_named_without_one():
    """Comparatordrug has no brand (the data model allows that): no '(None)' after its name, in the summaries
    and in --full."""
    for full in (False, True):
        rows = render(therapies_view(), Format.csv, full=full).split("\n")
        assert [r.split(",")[0] for r in rows[2:4]] == ['"Exampledrug (Examplebrand)"', '"Comparatordrug"']
        assert render(comparator_view(), Format.markdown, full=full).startswith("# Comparatordrug\n")
        assert render(comparator_view(), Format.table, W80, full=full).startswith("Comparatordrug\n")


def test_one_year_and_one_finding_are_singular():
    derived = compare_view_().derived[-2]
    assert (derived["trial"], derived["period"]) == ("EXAMPLETRIAL-2", "1 year")
    assert '"5 percentage points over 1 year\n' in render(compare_view_(), Format.csv, full=True)
    one = replace(audit_view(), findings=audit_view().findings[-1:])
    assert render(one, Format.csv).startswith('"Audit: 1 finding"\n')
    assert render(audit_view(), Format.csv).startswith('"Audit: 9 findings"\n')


def test_a_missing_brand_is_not_stated_and_has_no_place():
    rows = render(comparator_view(), Format.csv, full=True).split("\n")
    assert rows[2:4] == ['"Generic name","comparatordrug",""', '"Brand","not stated",""']
    assert render(therapy_view(), Format.csv, full=True).split("\n")[3] == '"Brand","Examplebrand","Table 9"'


def test_a_therapy_summary_names_the_arm_of_each_key_result_when_a_trial_has_several():
    """Exampletrial 2 reports a reduction for each of two Exampledrug arms: the summary's trial line says whose
    (it once read 'ARR reduction 30% (P=0.04); ARR reduction 35%', as if both were one therapy's)."""
    rows = csv_format.csv.reader(io.StringIO(render(comparator_view(), Format.csv)))
    (line,) = [r for r in rows if r and r[0].startswith("Exampletrial 2")]
    assert line == ["Exampletrial 2 (as comparator), vs Comparatordrug",
                    "ARR reduction Exampledrug: 30% (P=0.04); ARR reduction Exampledrug 2 mg: 35%"]
    one_arm = render(therapy_view(), Format.csv)  # one treated arm: no name needed
    assert '"Exampletrial 1, vs Placebo","ARR reduction 50% (P<0.001); disability HR 0.70' in one_arm


# -- the formatters, given a hand-built document --------------------------------------------
def document() -> Document:
    """A caution, a table with a note, symbols and characters to escape, bars in two groups (one below 0, one above
    100), lines."""
    return Document(
        title="Example document",
        banner=["Made-up caution, figures made up for tests."],
        sections=[
            Section("Example table", ["Name", "Figure"],
                    [["Alpha", "1%"], ["Beta β", "2 µg\n≤3 µg"], ["A|B, \"quoted\" C", "back\\slash"]],
                    note="Made-up note."),
            Section("Example bars", ["Versus", "Label", "Value"],
                    [["placebo", "Alpha", "50%"], ["placebo", "Beta", "100%"], ["active", "Gamma", "-5%"],
                     ["active", "Delta", "150%"]], kind="bars",
                    bars=[BarLine("placebo", "Alpha", 50, "50% [Table 9]"), BarLine("placebo", "Beta", 100, "100%"),
                          BarLine("active", "Gamma", -5, "-5%"), BarLine("active", "Delta", 150, "150%")]),
            Section("Example lines", ["Line"], [["First line."], ["Second line."]], kind="lines"),
        ],
        footer="Example source: figures made up for tests.",
    )


def wide_document() -> Document:
    """Four columns whose longest words do not fit 30 characters; an absent figure ('—') and a line break."""
    return Document("Wide", [Section("Example wide", ["Trial", "Comparator", "Population", "Arms"],
                                     [["Exampletrial 1", "Placebo", "—", "Exampledrug 1 mg\nPlacebo"],
                                      ["Exampletrial 2", "", "made-up", "All"]], note="Made-up note.")])


def folding_document() -> Document:
    """A cell too long for 30 characters, words short enough to keep whole; text that looks like markup."""
    return Document("Fold", [Section("Example folding", ["Name", "Text"], [
        ["Alpha", "a long made-up sentence that must fold over lines 123456789"],
        ["[bold]B[/]", ":smile: [red]not red[/red]"]])])


def test_table_formatter_draws_tables_bars_and_lines():
    assert table.render(document(), Terminal(width=60)) == """\
! Made-up caution, figures made up for tests.

Example table

 Name              Figure
 ────────────────────────────
 Alpha             1%
 Beta β            2 µg
                   ≤3 µg
 A|B, "quoted" C   back\\slash

Made-up note.

Example bars
  versus placebo
Alpha ███████████████████                    50% [Table 9]
Beta  ██████████████████████████████████████ 100%
  versus active
Gamma                                        -5%
Delta ██████████████████████████████████████ 150%

Example lines
First line.
Second line.

Example source: figures made up for tests.
"""


def test_table_formatter_ascii_only():
    assert table.render(document(), Terminal(width=40, ascii_only=True)) == """\
! Made-up caution, figures made up for
tests.

Example table
+----------------------------+
|Name            | Figure    |
|----------------+-----------|
|Alpha           | 1%        |
|Beta beta       | 2 ug      |
|                | <=3 ug    |
|A|B, "quoted" C | back\\slash|
+----------------------------+
Made-up note.

Example bars
  versus placebo
Alpha #########          50% [Table 9]
Beta  ################## 100%
  versus active
Gamma                    -5%
Delta ################## 150%

Example lines
First line.
Second line.

Example source: figures made up for
tests.
"""


def test_table_formatter_stacks_rows_on_a_narrow_terminal():
    assert table.render(wide_document(), Terminal(width=30)) == """\
Example wide

Exampletrial 1
  Comparator: Placebo
  Arms: Exampledrug 1 mg;
    Placebo

Exampletrial 2
  Population: made-up
  Arms: All

Made-up note.

"""


def test_table_formatter_lays_the_rows_out_when_they_fit():
    assert table.render(wide_document(), Terminal(width=80)) == """\
Example wide

 Trial            Comparator   Population   Arms
 ───────────────────────────────────────────────────────────
 Exampletrial 1   Placebo      —            Exampledrug 1 mg
                                            Placebo

 Exampletrial 2                made-up      All

Made-up note.

"""


def test_table_formatter_folds_long_cells_and_shows_markup_as_text():
    assert table.render(folding_document(), Terminal(width=30)) == """\
Example folding

 Name         Text
 ────────────────────────────
 Alpha        a long made-up
              sentence that
              must fold over
              lines 123456789
 [bold]B[/]   :smile:
              [red]not
              red[/red]


"""


def test_csv_formatter_writes_a_block_per_section():
    assert csv_format.render(document(), Terminal()) == """\
"Caution"
"caution"
"Made-up caution, figures made up for tests."

"Example table"
"Name","Figure"
"Alpha","1%"
"Beta β","2 µg
≤3 µg"
"A|B, ""quoted"" C","back\\slash"
"Made-up note."

"Example bars"
"Versus","Label","Value"
"placebo","Alpha","50%"
"placebo","Beta","100%"
"active","Gamma","-5%"
"active","Delta","150%"

"Example lines"
"Line"
"First line."
"Second line."

"Source"
"source"
"Example source: figures made up for tests."
"""


def test_csv_formatter_ascii_only():
    assert csv_format.render(document(), Terminal(ascii_only=True)) == """\
"Caution"
"caution"
"Made-up caution, figures made up for tests."

"Example table"
"Name","Figure"
"Alpha","1%"
"Beta beta","2 ug
<=3 ug"
"A|B, ""quoted"" C","back\\slash"
"Made-up note."

"Example bars"
"Versus","Label","Value"
"placebo","Alpha","50%"
"placebo","Beta","100%"
"active","Gamma","-5%"
"active","Delta","150%"

"Example lines"
"Line"
"First line."
"Second line."

"Source"
"source"
"Example source: figures made up for tests."
"""


def test_csv_formatter_without_caution_or_source():
    assert csv_format.render(wide_document(), Terminal()) == """\
"Example wide"
"Trial","Comparator","Population","Arms"
"Exampletrial 1","Placebo","—","Exampledrug 1 mg
Placebo"
"Exampletrial 2","","made-up","All"
"Made-up note."
"""


def test_markdown_formatter():
    assert markdown.render(document(), Terminal()) == """\
# Example document

> Made-up caution, figures made up for tests.

## Example table

| Name | Figure |
|---|---|
| Alpha | 1% |
| Beta β | 2 µg<br>≤3 µg |
| A\\|B, "quoted" C | back\\\\slash |

Made-up note.

## Example bars

| Versus | Label | Value |
|---|---|---|
| placebo | Alpha | 50% |
| placebo | Beta | 100% |
| active | Gamma | -5% |
| active | Delta | 150% |

## Example lines

First line.\x20\x20
Second line.\x20\x20

*Example source: figures made up for tests.*
"""


def test_markdown_formatter_ascii_only():
    assert markdown.render(document(), Terminal(ascii_only=True)) == """\
# Example document

> Made-up caution, figures made up for tests.

## Example table

| Name | Figure |
|---|---|
| Alpha | 1% |
| Beta beta | 2 ug<br>&lt;=3 ug |
| A\\|B, "quoted" C | back\\\\slash |

Made-up note.

## Example bars

| Versus | Label | Value |
|---|---|---|
| placebo | Alpha | 50% |
| placebo | Beta | 100% |
| active | Gamma | -5% |
| active | Delta | 150% |

## Example lines

First line.\x20\x20
Second line.\x20\x20

*Example source: figures made up for tests.*
"""


def test_colour_only_adds_styles():
    """With colour the text is the same, styled: strip the escape codes (and the styled padding) and it is equal."""
    plain = table.render(document(), Terminal(width=60))
    assert "\x1b" not in plain
    for system in ("standard", "256", "truecolor"):
        coloured = table.render(document(), Terminal(width=60, color_system=system))
        assert "\x1b[1;33m! Made-up caution" in coloured
        unstyled = re.sub(r"\x1b\[[0-9;]*m", "", coloured)
        assert "\n".join(line.rstrip() for line in unstyled.split("\n")) == plain


def sources_view() -> views.SourcesView:
    record = {"id": "example", "type": "example", "authors": ["Example A"], "title": "Figures made up for tests",
              "container": "Example", "year": 2000, "volume": None, "issue": None, "pages": None,
              "doi": "10.0000/example", "url": None, "accessed": None, "licence": None,
              "vintage": "Example figures: every one of them is made up.", "errata": []}
    counts = {"therapies": 2, "trials": 1, "endpoints": 0, "adverse events": 0, "facts": 0}
    return views.SourcesView(sources=[{"source": record, "citation": SOURCE, "counts": counts}])




ALL_VIEWS = [therapies_view, therapy_view, comparator_view, trials_view, no_trials_view, trial_view, compare_view_,
             chart_view_, nothing_to_draw_view, adverse_events_view, every_adverse_event_view,
             comparator_adverse_events_view, no_adverse_events_view, search_view, validate_view, audit_view,
             glossary_view, sources_view]


def test_sources_table_markdown_and_csv():
    view = sources_view()
    assert render(view, Format.table, Terminal(width=80)) == """\
Sources

 Id        Type      Citation                              Records that name it
 ──────────────────────────────────────────────────────────────────────────────
 example   example   Example source: figures made up for   2 therapies, 1 trial
                     tests.
                     Example figures: every one of them
                     is made up.

msdmt cite ID --format bibtex|ris|csl-json writes a citation.

"""
    assert render(view, Format.markdown) == (
        "# Sources\n\n| Id | Type | Citation | Records that name it |\n|---|---|---|---|\n"
        "| example | example | Example source: figures made up for tests.<br>Example figures: every one of them "
        "is made up. | 2 therapies, 1 trial |\n\nmsdmt cite ID --format bibtex\\|ris\\|csl-json writes a citation.\n\n")
    rows = list(csv.reader(io.StringIO(render(view, Format.csv))))
    assert rows[:3] == [["Sources"], ["Id", "Type", "Citation", "Records that name it"],
                        ["example", "example", "Example source: figures made up for tests.\nExample figures: every one "
                         "of them is made up.", "2 therapies, 1 trial"]]


def test_every_kind_of_view_is_tested_here():
    assert {build().view for build in ALL_VIEWS} == set(views.VIEWS)


@pytest.mark.parametrize("width", [20, 33, 47, 80, 123])
def test_tables_fit_the_width_and_cut_nothing(width):
    for build in ALL_VIEWS:
        out = render(build(), Format.table, Terminal(width=width))
        assert max(len(line) for line in out.split("\n")) <= width, (build.__name__, width)
        assert "…" not in out, (build.__name__, width)  # cells fold; nothing hides behind an ellipsis


def test_json_is_the_views_dict_ascii_escaped():
    for build in ALL_VIEWS:
        view = build()
        out = render(view, Format.json)
        assert out == json.dumps(view.to_dict(), ensure_ascii=True, indent=2) + "\n"
        assert out.isascii() and json.loads(out) == view.to_dict()


# -- words: how a figure is written, the same in every format ----------------------------------
@pytest.mark.parametrize("rec, unit, kind, expected", [
    ({"value": 68, "unit": "%", "printed": "68%"}, None, None, "68%"),
    ({"value": 0.2, "bound": "<", "unit": "%", "printed": "<0.2%"}, None, None, "<0.2%"),
    ({"value": 90, "bound": ">", "unit": "%", "printed": "more than 90%"}, None, None, ">90%"),
    ({"value": 0.9, "bound": "<", "unit": "hazard ratio", "printed": "HR <0.90"}, None, None, "HR <0.90"),
    ({"value": 0.68, "unit": "hazard ratio", "printed": "0.68"}, None, None, "HR 0.68"),
    ({"value": 3.5, "unit": "EDSS score", "printed": "3.5"}, None, None, "EDSS 3.5"),
    ({"value": 0.38, "printed": "0.38"}, "EDSS points", "mean_change", "+0.38"),  # the endpoint's unit and kind
    ({"value": -0.14, "printed": "-0.14"}, "EDSS points", "median_change", "-0.14"),
    ({"value": 0.38, "printed": "0.38"}, "EDSS points", "proportion", "0.38"),
    ({"value": 0.7, "printed": "0.70"}, "relapses/year", None, "0.70"),  # the precision printed
    ({"value": 1, "unit": "years", "printed": "1 year"}, None, None, "1 year"),
    ({"value": 2, "unit": "years", "printed": "2 years"}, None, None, "2 years"),
    ({"value": 1, "unit": "deaths", "printed": "one"}, None, None, "1 death"),
    ({"value": 44, "unit": "µg", "printed": "44 µg"}, None, None, "44 µg"),
    ({"value": 2014, "unit": "calendar year", "printed": "2014", "text": "November 2014"}, None, None,
     "2014 (November 2014)"),
    ({"value": None, "unit": "%", "printed": "rare", "text": "rare cases"}, None, None, "rare cases"),
    ({"value": 12, "printed": "12"}, None, None, "12"),
    (None, None, None, ""),
])
def test_figure(rec, unit, kind, expected):
    assert words.figure(rec, unit, kind) == expected


@pytest.mark.parametrize("locator, expected", [
    ('Table 2, row "Natalizumab AFFIRM", column "Placebo"', "Table 2"),
    ('Tables 2 and 3, row "x"', "Tables 2 and 3"),
    ('Tables 2 and Table 3, row "x"', "Tables 2 and Table 3"),
    ('Text, "Comparative efficacy, safety, and tolerability", paragraph 4', "Text, Comparative efficacy ¶4"),
    ('Text, "Introduction", paragraph 1', "Text, Introduction ¶1"),
    ("Figure 1", "Figure 1"),
    (None, ""),
])
def test_where(locator, expected):
    assert words.where(locator) == expected


def test_numbers_p_values_and_lines():
    assert [words.num(0.7, "0.70"), words.num(-0.14, "-0.14"), words.num(2.0), words.num(0), words.num(0.0001)] == [
        "0.70", "-0.14", "2", "0", "0.0001"]
    assert [words.pvalue({"comparison": "=", "value": 0.008}), words.pvalue({"comparison": "<", "value": 0.001}),
            words.pvalue(None)] == ["P=0.008", "P<0.001", ""]
    assert words.one_line(" made\n  up\ttext ") == "made up text"


def test_notes_are_numbered_once_each_in_order_of_use():
    notes = Notes()
    assert notes.mark(None) == "" and notes.mark({"note": None}) == ""
    assert notes.mark({"note": "Made-up note."}) == " [1]"
    assert notes.mark({"erratum": "Made-up erratum.", "repair": "Made-up repair."}) == " [2,3]"
    assert notes.mark({"note": "Made-up   note.", "erratum": "Another made-up erratum."}) == " [4,1]"
    assert notes.mark({"note": "Made-up note."}) == " [1]"
    section = notes.section()
    assert section is not None and section.rows == [
        ["1", "Note: Made-up note."], ["2", "Erratum: Made-up erratum."], ["3", "Repair: Made-up repair."],
        ["4", "Erratum: Another made-up erratum."]]
    assert Notes().section() is None


def test_a_number_below_one_ten_thousandth_keeps_its_digits():
    """A P-value such as 0.00001 (valid data) was written 'P<0.'."""
    assert [words.num(0.00001), words.num(-0.00002), words.num(0.000015)] == ["0.00001", "-0.00002", "0.000015"]
    assert words.pvalue({"comparison": "<", "value": 0.00001}) == "P<0.00001"
