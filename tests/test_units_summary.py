"""summary.py: the default views, built from small hand-made views and compared whole.

Expected documents are written out from the builders' rules: a summary-of-findings row per outcome,
Δ for a derived figure from the same row's own record, notes numbered in reading order, and a
"More" line giving the same question with --full.
"""

from __future__ import annotations

from msdmt.core.views import AdverseEventsView, TherapiesView, TherapyView, TrialView
from msdmt.render import summary
from msdmt.render.document import Document, Notes, Section
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
    got = summary.trial(TrialView(other_reports=[], disagreements=[], trial=t, filters={"endpoint": None}, derived=[], sources=[SOURCE]))
    assert got == Document("X 1", [
        Section("X 1 [1]", ["Trial"], [["phase 3 · RCT · 2 years [2]"], ["Arms: Drug n=10; Placebo (comparator)"]],
                kind="lines"),
        Section("", ["Outcome", "Drug", "Placebo", "Δ", "Where"],
                [["Relapse-free [3]: 50% [4] (all patients)", "70%", "60%", "", f"Table{NBSP}2"]], compact=True),
        Section("Notes", ["#", "Note"], [["1", "Note: about the trial"], ["2", "Note: core study"],
                                         ["3", "Note: as defined by the trial"], ["4", "Note: all arms pooled"]]),
        Section("", ["More"], [["More (references, text figures, formulas): msdmt trial X-1 --full"]], kind="lines"),
    ], footer=FOOT)


# -- small pieces, exact text ---------------------------------------------------------------------------
def derived(metric="absolute_difference", value=18, nn=None, cautions=(), arm="drug"):
    return {"metric": metric, "value": value, "number_needed": nn, "cautions": list(cautions), "arm": arm}


def test_delta_says_lower_or_higher_by_the_sign_of_a_rate_reduction():
    assert summary.delta(derived("relative_reduction", 50)) == f"Δ{NBSP}50%{NBSP}lower"
    assert summary.delta(derived("relative_reduction", 0.5)) == f"Δ{NBSP}0.5%{NBSP}lower"
    assert summary.delta(derived("relative_reduction", 0)) == f"Δ{NBSP}0%{NBSP}lower"  # no change is not "higher"
    assert summary.delta(derived("relative_reduction", -25)) == f"Δ{NBSP}25%{NBSP}higher"
    assert summary.delta(derived(value=-13, nn={"metric": "nnh", "value": 8}, cautions=["c"])) == \
        f"Δ{NBSP}-13, NNH{NBSP}8{NBSP}!"


def test_delta_cell_names_the_arm_only_when_several_are_treated():
    items = [derived(value=18), derived(value=5, arm="low")]
    arms = {"drug": "Drug 12 mg"}
    # an arm without a label is named by its id rather than dropped
    assert summary._delta_cell(items, arms, True) == f"Drug 12 mg: Δ{NBSP}+18\nlow: Δ{NBSP}+5"
    assert summary._delta_cell(items, arms, False) == f"Δ{NBSP}+18\nΔ{NBSP}+5"
    assert summary._delta_cell([], arms, True) == ""


def _finish(items, errata_in_full=False):
    notes = Notes()
    notes.items = list(items)
    doc = summary._finish(Document("T", []), notes, [SOURCE], "msdmt x", "hint", errata_in_full)
    assert doc.footer == FOOT
    return doc.sections


def test_finish_shows_up_to_four_short_notes():
    four = [f"Note: {i}" for i in range(4)]
    assert _finish(four)[0] == Section("Notes", ["#", "Note"], [[str(i), n] for i, n in enumerate(four, 1)])
    at_limit = ["Note: " + "x" * 154]  # 160 characters: still short
    assert _finish(at_limit)[0].title == "Notes"
    assert _finish(["Note: " + "x" * 155]) == [
        Section("", ["More"], [["More (notes [1]-[1], hint): msdmt x --full"]], kind="lines")]
    assert _finish(four + ["Note: 5"]) == [
        Section("", ["More"], [["More (notes [1]-[5], hint): msdmt x --full"]], kind="lines")]


def test_finish_errata_in_full_when_two_else_named():
    items = ["Erratum: a", "Note: n", "Erratum: b", "Note: m", "Note: o"]
    assert _finish(items, errata_in_full=True) == [
        Section("Errata", ["#", "Erratum"], [["1", "a"], ["3", "b"]], compact=True),
        Section("", ["More"], [["More (notes [1]-[5], hint): msdmt x --full"]], kind="lines")]
    three = items + ["Erratum: c"]
    assert _finish(three, errata_in_full=True) == [Section("", ["More"], [
        ["Errata [1], [3], [6]: the paper disagrees with itself there."],
        ["More (notes [1]-[6], hint): msdmt x --full"]], kind="lines")]


def summary_trial(arms, results):
    return {"name": "T", "arms": arms, "key_results": [{"measure": "arr-reduction", "unit": "%", "kind": "proportion",
                                                        "results": results}]}


def test_trial_line_names_whose_result_and_against_what():
    arms = [arm("hi", "High"), arm("lo", "Low"), arm("p", "Placebo", "comparator"), arm("i", "IFN", "comparator")]
    line = summary._trial_line(summary_trial(arms, [{"arm": "hi", "value": 50}, {"arm": "zz", "value": 40},
                                                    {"arm": None, "value": 45}]), Notes())
    assert line == ["T, vs Placebo and IFN", "ARR reduction High: 50%; ARR reduction zz: 40%; ARR reduction 45%"]
    assert summary._trial_line(summary_trial([arm("d", "Drug")], []), Notes()) == ["T, no comparator", "—"]


def therapy_record(**kw):
    out = {"id": "drug", "name": "Drugumab", "brand": None, "generic": "drugumab",
           "approval_year": qty(2004, None, note="year of approval"), "route": None, "drug_class": "mAb",
           "target": None, "dosing": {"locator": T2, "printed": "300 mg", "note": "as labelled"},
           "mechanism": {"text": "Binds X.", "note": "simplified"}, "note": "the therapy", "adverse_events": []}
    out.update(kw)
    return out


def therapy_view(t, rates=()):
    return TherapyView(therapy=t, trials=[], derived=[], comparator_rates=list(rates), caution="C: c", sources=[SOURCE])


def test_therapy_without_figures_says_so_and_marks_every_note():
    got = summary.therapy(therapy_view(therapy_record()))
    assert got == Document("Drugumab [1]", [
        Section("Drugumab [1]", ["Therapy"], [
            ["Generic name: drugumab · approved 2004 [2] · route not stated · mAb; target not stated"],
            [f"Dosing (as printed, Table{NBSP}2): 300 mg [3]"],
            ["Mechanism (as printed): Binds X. [4]"]], kind="lines"),
        Section("Adverse events", ["Event"], [["No source here gives adverse-event figures for this therapy."]],
                kind="lines"),
        Section("Notes", ["#", "Note"], [["1", "Note: the therapy"], ["2", "Note: year of approval"],
                                         ["3", "Note: as labelled"], ["4", "Note: simplified"]]),
        Section("", ["More"], [["More (structured dosing, references, context, formulas): msdmt therapy drug --full"]],
                kind="lines"),
    ], footer=FOOT)


def test_therapy_rates_as_a_comparator_replace_the_no_figures_line():
    rate = {"event": "Infection", "label": "Placebo", "rate": qty(5, note="pooled"), "of_therapy_name": "Other"}
    got = summary.therapy(therapy_view(therapy_record(note=None, route="oral", target="CD52", dosing={
        "locator": T2, "printed": "1 mg", "note": None}, mechanism={"text": "M.", "note": None},
        approval_year=qty(2010, None)), [rate]))
    assert got.sections[0].rows[0] == ["Generic name: drugumab · approved 2010 · route oral · mAb; CD52"]
    assert got.sections[1:3] == [
        Section("Rates as a comparator", ["Event", "Figures", "Context"],
                [["Infection", "Placebo: 5% [1]", "comparator of Other"]], compact=True),
        Section("Notes", ["#", "Note"], [["1", "Note: pooled"]])]


def test_trial_with_two_treated_arms_names_each_delta_and_has_no_legend_without_deltas():
    # two doses: each Δ line says whose it is; only the first duration is shown; a population without a
    # category adds nothing; with no derived figures there is no Δ legend
    t = trial_record(arms=[arm("hi", "High"), arm("lo", "Low"), arm("pbo", "Placebo", "comparator")],
                     durations=[qty(2, "years"), qty(3, "years", note="extension")],
                     population={"category": None},
                     endpoints=[endpoint("e", "Relapse-free", [{"arm": "hi", "value": 70}, {"arm": "hi", "value": 71},
                                                               {"arm": "pbo", "value": 60}])])
    d = [derived(value=10, arm="hi") | {"trial": "X-1", "endpoint": "e"},
         derived(value=5, arm="lo") | {"trial": "X-1", "endpoint": "e"}]
    got = summary.trial(TrialView(other_reports=[], disagreements=[], trial=t, filters={"endpoint": None}, derived=d, sources=[SOURCE]))
    assert got.sections[0].rows == [["phase 3 · RCT · 2 years"], ["Arms: High; Low; Placebo (comparator)"]]
    assert got.sections[1].rows == [["Relapse-free", "70%\n71%", "", "60%", f"High: Δ{NBSP}+10\nLow: Δ{NBSP}+5",
                                     f"Table{NBSP}2"]]
    assert got.sections[1].note == summary.DERIVED_LEGEND
    plain = summary.trial(TrialView(other_reports=[], disagreements=[], trial=t, filters={"endpoint": None}, derived=[], sources=[SOURCE]))
    assert plain.sections[1].note is None
    assert plain.sections[1].rows[0][4] == ""


def test_therapies_route_filter_in_the_title_and_a_dash_for_no_route():
    rows = [therapy_record(route=None, approval_year=qty(2004, None), dosing={"locator": T2, "printed": "1 mg",
                                                                             "note": "daily"})]
    got = summary.therapies(TherapiesView(filters={"route": "oral"}, therapies=rows, facts=[], sources=[SOURCE]))
    title = "Approved disease-modifying therapies, route oral"
    assert got.title == title
    assert got.sections[0] == Section(title, ["Therapy", "Year", "Route", "Dosing (as printed)"],
                                      [["Drugumab [1]", "2004", "—", "1 mg [2]"]], compact=True)
    assert got.sections[1].rows == [["1", "Note: the therapy"], ["2", "Note: daily"]]


def test_adverse_events_comparator_rates_keep_their_note_marks():
    rate = {"event": "Infection", "label": "Placebo", "rate": qty(5, note="pooled"), "of_therapy_name": "Other"}
    view = AdverseEventsView(filters={"therapy": None, "therapy_name": None, "category": None, "event": None,
                                      "sort": "rate"}, adverse_events=[], comparator_rates=[rate], sources=[SOURCE])
    got = summary.adverse_events(view)
    assert got.sections[:2] == [
        Section("Rates as a comparator", ["Event", "Figures", "Context"],
                [["Infection", "Placebo: 5% [1]", "comparator of Other"]], compact=True),
        Section("Notes", ["#", "Note"], [["1", "Note: pooled"]])]
    none = summary.adverse_events(AdverseEventsView(filters=view.filters, adverse_events=[], comparator_rates=[],
                                                    sources=[SOURCE]))
    assert none.sections[0] == Section("Adverse events", ["Event"],
                                       [["No source here gives adverse-event figures for this selection."]],
                                       kind="lines")
