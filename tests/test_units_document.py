"""document.py: the document each view becomes, built from small hand-made views and compared whole."""

from __future__ import annotations

from msdmt.core.views import AdverseEventsView, TrialView
from msdmt.render.document import build

SOURCE = {"id": "babij2015", "text": "Babij R. Review. 2015.", "doi": "10.1/x", "year": 2015}


def test_adverse_event_notes_are_numbered_in_reading_order():
    # the event's own note stands in the first column, before the notes of its figures
    herpes = {"id": "herpes", "therapy": "a", "event": "Herpes", "category": "infection", "context": "ctx",
              "note": "with acyclovir", "comparator": None, "deaths": None,
              "rate": {"value": 16, "printed": "16%", "unit": "%", "locator": "Text", "note": "pooled"},
              "count": {"value": 3, "printed": "3", "unit": "patients", "locator": "Text", "erratum": "was 4"}}
    view = AdverseEventsView(filters={"therapy": "a", "therapy_name": "A", "category": None, "sort": "source"},
                             adverse_events=[herpes], comparator_rates=[], source=SOURCE)
    got = build(view)
    assert got.sections[0].rows == [["Herpes [1]\n(infection)", "16% [2]\n3 patients [3]", "ctx", "Text"]]
    assert got.sections[1].rows == [["1", "Note: with acyclovir"], ["2", "Note: pooled"], ["3", "Erratum: was 4"]]


def test_trial_note_is_numbered_before_the_rows_under_it():
    t = {"id": "T", "name": "TRIAL", "note": "read as CAMMS223", "kind": "extension", "phase": None,
         "therapies": ["a"], "design": None, "population": None, "comparator": None, "parent": None,
         "durations": [{"value": 2, "unit": "years", "printed": "2", "locator": "Text", "note": "median"}],
         "references": [], "arms": [], "endpoints": [], "facts": []}
    got = build(TrialView(trial=t, derived=[], source=SOURCE))
    assert got.sections[0].title == "TRIAL [1]"
    assert got.sections[0].rows[3] == ["Duration", "2 years [2]", "Text"]
    assert got.sections[-1].rows == [["1", "Note: read as CAMMS223"], ["2", "Note: median"]]


def test_a_therapy_without_a_brand_is_shown_by_its_name():
    from msdmt.core.views import TherapiesView, TherapyView

    t = {"id": "x", "name": "Xdrug", "brand": None, "generic": "xdrug", "route": None, "route_locator": None,
         "approval_year": {"value": 2010, "unit": "calendar year", "printed": "2010", "locator": "Table 1"},
         "dosing": {"printed": "10 mg", "locator": "Table 1", "regimens": []},
         "mechanism": {"text": "m", "locator": "Table 1"}, "drug_class": "c", "target": None, "references": [],
         "facts": [], "adverse_events": []}
    assert build(TherapiesView(filters={"route": None}, therapies=[t], facts=[], source=SOURCE)).sections[0].rows[0][0] \
        == "Xdrug"
    got = build(TherapyView(therapy=t, trials=[], derived=[], comparator_rates=[], caution="c", source=SOURCE))
    assert (got.title, got.sections[0].title) == ("Xdrug", "Xdrug")
