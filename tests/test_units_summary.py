"""summary.py: the default views, built from small hand-made views and compared whole.

Expected documents are written out from the builders' rules: a summary-of-findings row per outcome,
Δ for a derived figure from the same row's own record, notes numbered in reading order, and a
"More" line giving the same question with --full.
"""

from __future__ import annotations

from msdmt.core.views import TrialView
from msdmt.render import summary
from msdmt.render.document import Document, Section
from msdmt.render.words import NBSP

SOURCE = {"id": "ex", "type": "example", "text": "Example. 2000.", "doi": None, "year": 2000,
          "vintage": "Made-up figures."}
FOOT = "Source: Example. 2000.\nMade-up figures."
T2 = 'Table 2, row "X"'


def qty(value, unit="%", locator=T2, **kw):
    return {"value": value, "unit": unit, "printed": None, "locator": locator, "text": None, **kw}


def arm(id_, label, role="treatment", n=None):
    return {"id": id_, "label": label, "role": role, "n": n}


def trial_record(**kw):
    out = {"id": "X-1", "name": "X 1", "kind": "RCT", "phase": 3, "durations": [qty(2, "years")],
           "population": None, "note": None,
           "arms": [arm("drug", "Drug", n=qty(10, "patients")), arm("pbo", "Placebo", "comparator")],
           "endpoints": []}
    out.update(kw)
    return out


def endpoint(id_, label, results, **kw):
    return {"id": id_, "label": label, "unit": "%", "kind": "proportion", "locator": T2, "results": results, **kw}


def test_trial_notes_are_numbered_in_reading_order():
    # the trial's own note stands in the title, read before the duration under it; an outcome's note stands
    # in its label, read before its whole-trial figure
    t = trial_record(note="about the trial", durations=[qty(2, "years", note="core study")], endpoints=[
        endpoint("e", "Relapse-free", [{"arm": None, "value": 50, "note": "all arms pooled"},
                                       {"arm": "drug", "value": 70}, {"arm": "pbo", "value": 60}],
                 note="as defined by the trial")])
    got = summary.trial(TrialView(trial=t, filters={"endpoint": None}, derived=[], source=SOURCE))
    assert got == Document("X 1", [
        Section("X 1 [1]", ["Trial"], [["phase 3 · RCT · 2 years [2]"], ["Arms: Drug n=10; Placebo (comparator)"]],
                kind="lines"),
        Section("", ["Outcome", "Drug", "Placebo", "Δ", "Where"],
                [["Relapse-free [3]: 50% [4] (all patients)", "70%", "60%", "", f"Table{NBSP}2"]], compact=True),
        Section("Notes", ["#", "Note"], [["1", "Note: about the trial"], ["2", "Note: core study"],
                                         ["3", "Note: as defined by the trial"], ["4", "Note: all arms pooled"]]),
        Section("", ["More"], [["More (references, text figures, formulas): msdmt trial X-1 --full"]], kind="lines"),
    ], footer=FOOT)
