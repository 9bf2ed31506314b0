"""Renderer unit tests: small hand-built views, rendered to whole, exact strings.

Every figure here is made up (the citation says so); records are written by
hand and completed with their defaults by the data models, so they have the
shape the document builders read. Table output is fixed width and colourless.
"""

from __future__ import annotations

from typing import Any

from msdmt.core import views
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


def adverse_event(id_: str, event: str, rate: float, comparator: dict[str, Any] | None = None,
                  **extra: Any) -> dict[str, Any]:
    return {"id": id_, "event": event, "category": "infection", "context": "Made-up patients",
            "rate": qty(rate, "%", f"{rate:g}%", TEXT), "comparator": comparator, **extra}


# -- therapy: derived adverse-event rows ----------------------------------------------
def test_each_derived_adverse_event_row_names_the_comparator_printed_for_its_own_event():
    """Two events whose comparator is the same therapy under two printed labels: each row keeps its own label
    (it once took the label of whichever event came last)."""
    from msdmt.core.derive import derive_adverse_events

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
