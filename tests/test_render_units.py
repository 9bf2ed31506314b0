"""Renderer unit tests: small hand-built views, rendered to whole, exact strings.

Every figure here is made up (the citation says so); records are written by
hand and completed with their defaults by the data models, so they have the
shape the document builders read. Table output is fixed width and colourless.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from msdmt.core import views
from msdmt.core.catalog import Catalog
from msdmt.core.chart import chart_view
from msdmt.core.derive import derive_adverse_events, derive_trial
from msdmt.core.queries import compare_view, therapy_row, trial_summary
from msdmt.data import models
from msdmt.render import Format, Terminal, render

SOURCE: views.Citation = {"id": "example", "text": "Example source: figures made up for tests.",
                          "doi": "10.0000/example", "year": 2000}
CAUTION = "Figures from different trials side by side are not a head-to-head comparison: made up for tests."
T9 = 'Table 9, row "Exampledrug"'
TEXT = 'Text, "Example section", paragraph 2'
W80 = Terminal(width=80)


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
    """Exampletrial 2: against Comparatordrug, no phase or population; the same relapse-free row as Exampletrial 1
    with other figures, a differently labelled reduction, a change from the text."""
    return record("Trial", **{
        "id": "EXAMPLETRIAL-2", "source": "example", "name": "Exampletrial 2", "kind": "randomized controlled trial",
        "therapies": ["exampledrug"],
        "comparator": {"type": "active", "therapy": "comparatordrug", "label": "Comparatordrug", "locator": T9},
        "durations": [qty(1, "years", "1 year")],
        "arms": [
            {"id": "exampledrug", "label": "Exampledrug", "therapy": "exampledrug", "role": "treatment",
             "n": qty(30, "patients", "n=30")},
            {"id": "comparatordrug", "label": "Comparatordrug", "therapy": "comparatordrug", "role": "comparator"},
        ],
        "endpoints": [
            endpoint("t9-arr-reduction", "arr-reduction", "Relapse-rate reduction", "relative_reduction", "%",
                     [result("exampledrug", 30, "30% (P=0.04)", versus="comparatordrug",
                             p={"value": 0.04, "comparison": "=", "printed": "P=0.04"})], of="arr"),
            endpoint("t9-relapse-free", "relapse-free", "Relapse-free", "proportion", "%",
                     [result("exampledrug", 70, "70%"), result("comparatordrug", 65, "65%")]),
            endpoint("text-edss", "edss-change", "EDSS change", "mean_change", "EDSS points",
                     [result("exampledrug", 0.1, "+0.1"), result("comparatordrug", -0.2, "-0.2")], origin="Text"),
        ],
    })


def catalog() -> Catalog:
    """The made-up records as a catalog, for the views whose parts the query layer assembles (compare, chart)."""
    source = {"id": "example", "authors": ["Example A"], "title": "Figures made up for tests", "journal": "Example",
              "year": 2000, "volume": 1, "pages": "1-2", "doi": "10.0000/example"}
    return Catalog({"sources": [source], "facts": [], "therapies": [exampledrug(), comparatordrug()],
                    "trials": [trial_one(), trial_two()]})


def therapies_view() -> views.TherapiesView:
    fact = {"id": "example-count", "label": "Made-up count", "value": 2, "unit": "treatments", "printed": "two",
            "locator": TEXT, "note": "Made-up note on the count."}
    return views.TherapiesView(filters={"route": None}, therapies=[therapy_row(exampledrug()), therapy_row(comparatordrug())],
                               facts=[record("Fact", **fact)], source=SOURCE)


def therapy_view() -> views.TherapyView:
    therapy = exampledrug()
    return views.TherapyView(therapy=therapy, trials=[trial_summary(trial_one(), "exampledrug")],
                             derived=derive_adverse_events(therapy), comparator_rates=[], caution=CAUTION, source=SOURCE)


def comparator_view() -> views.TherapyView:
    """Comparatordrug: in a trial only as the comparator, with a rate printed as another therapy's comparator."""
    rash = exampledrug()["adverse_events"][0]
    rate: views.ComparatorRate = {"of_therapy": "exampledrug", "of_therapy_name": "Exampledrug",
                                  "adverse_event": rash["id"], "event": rash["event"], "category": rash["category"],
                                  "label": "Comparatordrug", "rate": rash["comparator"]["rate"],
                                  "context": rash["context"]}
    return views.TherapyView(therapy=comparatordrug(), trials=[trial_summary(trial_two(), "comparatordrug")],
                             derived=[], comparator_rates=[rate], caution=CAUTION, source=SOURCE)


def trials_view() -> views.TrialsView:
    return views.TrialsView(filters={"therapy": "exampledrug", "comparator": None, "phase": None},
                            trials=[trial_summary(trial_one()), trial_summary(trial_two())], caution=CAUTION,
                            source=SOURCE)


def trial_view() -> views.TrialView:
    trial = trial_one()
    return views.TrialView(trial=trial, derived=derive_trial(trial), source=SOURCE)


def compare_view_() -> views.CompareView:
    return dataclasses.replace(compare_view(catalog(), ["EXAMPLETRIAL-1", "EXAMPLETRIAL-2"]), source=SOURCE)


def chart_view_() -> views.ChartView:
    return chart_view(compare_view_())


def adverse_events_view() -> views.AdverseEventsView:
    events = [ae | {"therapy": "exampledrug"} for ae in exampledrug()["adverse_events"]]
    return views.AdverseEventsView(
        filters={"therapy": "exampledrug", "therapy_name": "Exampledrug", "category": None, "sort": "source"},
        adverse_events=events, comparator_rates=[], source=SOURCE)


def search_view() -> views.SearchView:
    return views.SearchView(query="example", hits=[
        {"record": "therapy", "id": "exampledrug", "name": "Exampledrug", "field": "mechanism.text",
         "what": "mechanism / text", "match": "Made up for tests.", "locator": T9},
        {"record": "trial", "id": "EXAMPLETRIAL-1", "name": "Exampletrial 1", "field": "aliases.0", "what": "aliases",
         "match": "Example one", "locator": None},
    ], source=SOURCE)


def validate_view() -> views.ValidateView:
    return views.ValidateView(valid=True, data_dir="/example/data", counts={"therapies": 2, "trials": 1}, errors=[])


def figure_(origin: str, label: str, value: float, unit: str | None = "%", printed: str | None = None,
            locator: str = T9) -> views.FindingFigure:
    return {"origin": origin, "label": label, "value": value, "printed": printed, "unit": unit, "locator": locator}


def finding(check: str, reason: str, figures: list[views.FindingFigure], **extra: Any) -> views.Finding:
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
                range=[47.4, 52.5]),
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
        source=SOURCE)


# -- therapy: derived adverse-event rows ----------------------------------------------
def test_each_derived_adverse_event_row_names_the_comparator_printed_for_its_own_event():
    """Two events whose comparator is the same therapy under two printed labels: each row keeps its own label
    (it once took the label of whichever event came last)."""
    therapy = therapy_record(adverse_events=[
        adverse_event("example-rash", "Example rash", 5,
                      {"label": "Comparatordrug", "therapy": "comparatordrug", "rate": qty(1, "%", "1%", TEXT)}),
        adverse_event("example-cough", "Example cough", 4,
                      {"label": "Comparatordrug 44 µg", "therapy": "comparatordrug", "rate": qty(2, "%", "2%", TEXT)}),
    ])
    view = views.TherapyView(therapy=therapy, trials=[], derived=derive_adverse_events(therapy), comparator_rates=[],
                             caution=CAUTION, source=SOURCE)
    out = render(view, Format.csv)
    derived = out[out.index('"Derived here'):out.index("Computed by msdmt")]
    assert derived == (
        '"Derived here, not reported by the source"\n'
        'Derived figure,Value,Formula,Reported; caution\n'
        '"Example rash\nExampledrug vs Comparatordrug","4 percentage points\nNNH 25 patients (20 to 34 with rounding)",'
        '"5% - 1%\nceil(100 / |5 - 1|)","Caution: the review does not say which trials, groups or period these rates '
        'cover, so the difference may mix populations"\n'
        '"Example cough\nExampledrug vs Comparatordrug 44 µg","2 percentage points\nNNH 50 patients (34 to 100 with '
        'rounding)","4% - 2%\nceil(100 / |4 - 2|)","Caution: the review does not say which trials, groups or period '
        'these rates cover, so the difference may mix populations"\n'
        '"'
    )


def test_a_therapy_without_a_brand_is_named_without_one():
    """Comparatordrug has no brand (the data model allows that): no '(None)' after its name."""
    rows = render(therapies_view(), Format.csv).split("\n")
    assert rows[2:4] == ["Exampledrug (Examplebrand),2001,oral,1 mg daily,example class; example target",
                         "Comparatordrug,2002 [1],SC,44 µg SC three times a week,example class"]
    assert render(comparator_view(), Format.markdown).startswith("# Comparatordrug\n")


def test_one_year_and_one_finding_are_singular():
    derived = compare_view_().derived[-1]
    assert (derived["trial"], derived["period"]) == ("EXAMPLETRIAL-2", "1 year")
    assert '"5 percentage points over 1 year\n' in render(compare_view_(), Format.csv)
    one = dataclasses.replace(audit_view(), findings=audit_view().findings[-1:])
    assert render(one, Format.csv).startswith("Audit: 1 finding\n")
    assert render(audit_view(), Format.csv).startswith("Audit: 9 findings\n")


def test_a_missing_brand_is_not_stated_and_has_no_place():
    rows = render(comparator_view(), Format.csv).split("\n")
    assert rows[2:4] == ["Generic name,comparatordrug,", "Brand,not stated,"]
    assert render(therapy_view(), Format.csv).split("\n")[3] == "Brand,Examplebrand,Table 1"
