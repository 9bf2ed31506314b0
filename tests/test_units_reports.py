"""reports.py and sourcing.py on small hand-made records: every field of every output, worked out by hand.

All ids, sources and figures here are made up ("made-up", "example-…"); none is a figure of the review.
"""

from __future__ import annotations

import copy

from msdmt.core.reports import ARM_SIZE, _figures, among, design_differences, disagreeing, disagreements
from msdmt.core.reports import arms as report_arms
from msdmt.data.sourcing import _own, figures, fill_therapy, fill_trial, named, used

TRIAL = "made-up-1"
A, B, C = "example-a", "example-b", "example-c"


# -- builders of small reports --------------------------------------------------------------------------
def n(value, printed=None, **kw):
    return {"value": value, "printed": printed if printed is not None else str(value), "locator": "Table 1", **kw}


def arm(id_, label, size=None):
    return {"id": id_, "label": label, "n": size}


def res(arm_, value, versus=None, printed=None, **kw):
    return {"arm": arm_, "versus": versus, "value": value,
            "printed": printed if printed is not None else str(value), **kw}


def ep(id_, results, measure="relapse-rate", label="Relapse rate", unit="per year", locator="Table 2", **kw):
    return {"id": id_, "measure": measure, "label": label, "unit": unit, "locator": locator, "results": results,
            **kw}


def report(source, endpoints=(), arms=(), id_=TRIAL):
    return {"id": id_, "source": source, "arms": list(arms), "endpoints": list(endpoints)}


def fig(source, value, endpoint="e1", label="Relapse rate", bound=None, unit="per year", printed=None,
        locator="Table 2", report=None):
    """A figure as disagreements gives it (``report``: its report's source, when not the figure's own)."""
    return {"report": report or source, "source": source, "endpoint": endpoint, "label": label, "value": value,
            "bound": bound, "unit": unit, "printed": printed if printed is not None else str(value),
            "locator": locator}


def size(source, value, label="Drug, n", bound=None, unit=None, printed=None, report=None):
    """An arm size as disagreements gives it."""
    return fig(source, value, endpoint=None, label=label, bound=bound, unit=unit, printed=printed,
               locator="Table 1", report=report)


# -- _figures: every numeric figure of a report, keyed by measure, unit, arm and reference arm -------------
def test_figures_of_a_report_every_field():
    r = report(A, arms=[
        arm("drug", "Drug", n(10, unit="patients")),                      # the report's source
        arm("pbo", "Placebo", n(12, "≥12", bound=">=", source=B)),       # its own source and a bound
        arm("none", "No size"),                                           # n None
        {"id": "missing", "label": "No n key"},                           # no n at all
        arm("text", "Text only", {"value": None, "printed": "about a dozen", "locator": "p. 3"}),
    ], endpoints=[
        ep("e1", [res("drug", None, printed="lower"),                     # text only, before a figure
                  res("drug", 0.5, "pbo", bound="<", source=C),          # its own source beats the endpoint's
                  res("pbo", 0.7),                                        # the endpoint's source
                  res(None, 0.6)], source=B),                             # whole trial
        {"id": "e2", "measure": "edss", "label": "EDSS", "locator": "Fig. 2",   # no unit, no source
         "results": [{"arm": "drug", "versus": None, "value": 1, "printed": "1.0"}]},
    ])
    assert list(_figures(r)) == [
        ((ARM_SIZE, "patients", "drug", None), size(A, 10, label="Drug, n", unit="patients")),
        ((ARM_SIZE, "patients", "pbo", None), size(B, 12, label="Placebo, n", bound=">=", printed="≥12", report=A)),
        (("relapse-rate", "per year", "drug", "pbo"), fig(C, 0.5, bound="<", report=A)),
        (("relapse-rate", "per year", "pbo", None), fig(B, 0.7, report=A)),
        (("relapse-rate", "per year", None, None), fig(B, 0.6, report=A)),
        (("edss", None, "drug", None), fig(A, 1, endpoint="e2", label="EDSS", unit=None, printed="1.0",
                                           locator="Fig. 2")),
    ]
    assert ARM_SIZE == "arm-size"


def test_figures_an_arm_size_of_zero_counts():
    assert list(_figures(report(A, arms=[arm("drug", "Drug", n(0))]))) == [
        ((ARM_SIZE, "patients", "drug", None), size(A, 0))]


def test_figures_of_an_empty_report():
    assert list(_figures(report(A))) == []


# -- disagreements --------------------------------------------------------------------------------------
def test_fewer_than_two_reports_never_disagree():
    assert disagreements([]) == []
    # one report giving two values for one key is not a disagreement between reports (the audit's same-quantity
    # check is about that)
    assert disagreements([report(A, [ep("e1", [res("drug", 0.5)]), ep("e2", [res("drug", 0.6)])])]) == []


def test_two_reports_agreeing():
    # the same value and bound, however printed and wherever located: no disagreement
    one = report(A, [ep("e1", [res("drug", 0.5, printed="0.50"), res(None, 3)])],
                 arms=[arm("drug", "Drug", n(10, unit="patients"))])
    two = report(B, [ep("x9", [res("drug", 0.5, printed="0.5"), res(None, 3.0)], label="Relapses",
                        locator="Abstract")], arms=[arm("drug", "Drug arm", n(10))])
    assert disagreements([one, two]) == []
    assert disagreements([two, one]) == []


def test_values_that_round_to_each_other_agree():
    # 54.9 and 55 can be one figure rounded two ways (55 is 54.5..55.5); 0.18 and 0.2 too (0.2 is 0.15..0.25)
    one = report(A, [ep("e1", [res("drug", 54.9), res("pbo", 0.18)])])
    two = report(B, [ep("e1", [res("drug", 55), res("pbo", 0.2)])])
    assert disagreements([one, two]) == []
    # 54.4 cannot be 55 rounded, nor 55 be 54.4 rounded
    three = report(C, [ep("e1", [res("drug", 54.4)])])
    assert [d["arm"] for d in disagreements([two, three])] == ["drug"]


def test_a_hazard_ratio_is_not_compared_with_a_percentage():
    one = report(A, [ep("e1", [res("drug", 0.7, "pbo")], measure="disability", unit="hazard ratio")])
    two = report(B, [ep("e1", [res("drug", 30, "pbo")], measure="disability", unit="%")])
    assert disagreements([one, two]) == []


def test_two_reports_disagreeing_values():
    one = report(A, [ep("e1", [res("drug", 0.5), res("pbo", 0.9)])])
    two = report(B, [ep("x9", [res("drug", 0.6, printed="0.60"), res("pbo", 0.9)], label="Relapses",
                        locator="Abstract")])
    assert disagreements([one, two]) == [
        {"trial": TRIAL, "measure": "relapse-rate", "arm": "drug", "versus": None, "figures": [
            fig(A, 0.5),
            fig(B, 0.6, endpoint="x9", label="Relapses", printed="0.60", locator="Abstract")]}]


def test_a_bound_alone_makes_a_disagreement():
    one = report(A, [ep("e1", [res("drug", 0.01, "pbo", bound="<")])])
    two = report(B, [ep("e1", [res("drug", 0.01, "pbo")])])
    assert disagreements([one, two]) == [
        {"trial": TRIAL, "measure": "relapse-rate", "arm": "drug", "versus": "pbo",
         "figures": [fig(A, 0.01, bound="<"), fig(B, 0.01)]}]
    same = report(B, [ep("e1", [res("drug", 0.01, "pbo", bound="<")])])
    assert disagreements([one, same]) == []


def test_keys_are_measure_unit_arm_and_reference_arm():
    # different measures, units, arms or reference arms are different figures: nothing to compare
    one = report(A, [ep("e1", [res("drug", 0.5, "pbo"), res("pbo", 0.9)])])
    two = report(B, [ep("e1", [res("drug", 0.6, "other"), res("drug", 0.7)]),
                     ep("e2", [res("pbo", 0.8)], measure="edss"),
                     ep("e3", [res("pbo", 0.8)], unit="per patient-year")])
    assert disagreements([one, two]) == []


def test_several_figures_per_report_are_compared_each_against_the_other_reports():
    # A prints the figure twice with two values; B gives the same two (in the other order, one of them twice)
    a = report(A, [ep("e1", [res("drug", 1)]), ep("e2", [res("drug", 2)])])
    b = report(B, [ep("e1", [res("drug", 2), res("drug", 1)]), ep("e3", [res("drug", 2.0)])])
    assert disagreements([a, b]) == []
    # C gives only one of them: A's 2 matches nothing of C's, and every figure of every report is listed
    c = report(C, [ep("e1", [res("drug", 1)])])
    assert disagreements([a, c]) == [
        {"trial": TRIAL, "measure": "relapse-rate", "arm": "drug", "versus": None,
         "figures": [fig(A, 1), fig(A, 2, endpoint="e2"), fig(C, 1)]}]
    assert disagreements([c, a]) == [
        {"trial": TRIAL, "measure": "relapse-rate", "arm": "drug", "versus": None,
         "figures": [fig(C, 1), fig(A, 1), fig(A, 2, endpoint="e2")]}]


def test_three_reports():
    a = report(A, [ep("e1", [res("drug", 0.5), res("pbo", 0.9)])])
    b = report(B, [ep("e1", [res("drug", 0.5), res("pbo", 0.9)])])
    c = report(C, [ep("e1", [res("drug", 0.5), res("pbo", 0.8)])])
    assert disagreements([a, b, c]) == [
        {"trial": TRIAL, "measure": "relapse-rate", "arm": "pbo", "versus": None,
         "figures": [fig(A, 0.9), fig(B, 0.9), fig(C, 0.8)]}]
    assert disagreements([a, b]) == []
    # the one that differs may be in the middle, or the first
    assert [d["arm"] for d in disagreements([a, c, b])] == ["pbo"]
    assert [d["arm"] for d in disagreements([c, a, b])] == ["pbo"]


def test_a_key_only_one_report_gives_is_no_disagreement():
    a = report(A, [ep("e1", [res("drug", 0.5)])])
    b = report(B, [ep("e2", [res("drug", 0.5)], measure="edss")])
    c = report(C, [ep("e1", [res("drug", 0.9)], measure="other")])
    assert disagreements([a, b, c]) == []


def test_disagreements_in_the_order_the_figures_are_first_given():
    a = report(A, [ep("e1", [res("pbo", 1), res("drug", 2)])], arms=[arm("drug", "Drug", n(10))])
    b = report(B, [ep("e1", [res("drug", 3), res("pbo", 4)])], arms=[arm("drug", "Drug", n(11))])
    assert disagreements([a, b]) == [
        {"trial": TRIAL, "measure": ARM_SIZE, "arm": "drug", "versus": None, "figures": [size(A, 10), size(B, 11)]},
        {"trial": TRIAL, "measure": "relapse-rate", "arm": "pbo", "versus": None,
         "figures": [fig(A, 1), fig(B, 4)]},
        {"trial": TRIAL, "measure": "relapse-rate", "arm": "drug", "versus": None,
         "figures": [fig(A, 2), fig(B, 3)]}]


def test_reports_are_compared_by_record_and_each_figure_keeps_its_own_source():
    # A's report quotes a figure of B (0.5); B's own report gives 0.6: the reports differ, whoever's figures
    a = report(A, [ep("e1", [res("drug", 0.5, source=B)])], arms=[arm("drug", "Drug", n(10, source=B))])
    b = report(B, [ep("e1", [res("drug", 0.6)])], arms=[arm("drug", "Drug", n(11))])
    assert disagreements([a, b]) == [
        {"trial": TRIAL, "measure": ARM_SIZE, "arm": "drug", "versus": None,
         "figures": [size(B, 10, report=A), size(B, 11)]},
        {"trial": TRIAL, "measure": "relapse-rate", "arm": "drug", "versus": None,
         "figures": [fig(B, 0.5, report=A), fig(B, 0.6)]}]
    # the same through an endpoint's source
    a = report(A, [ep("e1", [res("drug", 0.5)], source=B)])
    assert disagreements([a, b]) == [
        {"trial": TRIAL, "measure": "relapse-rate", "arm": "drug", "versus": None,
         "figures": [fig(B, 0.5, report=A), fig(B, 0.6)]}]
    # two reports of one source (a conflict within the source, spread over records) are compared too
    assert len(disagreements([report(A, [ep("e1", [res("drug", 1)])]), report(A, [ep("e1", [res("drug", 2)])])])) == 1


def test_arm_sizes_disagreeing():
    a = report(A, arms=[arm("drug", "Drug", n(100, unit="patients")), arm("pbo", "Placebo", n(50))])
    b = report(B, arms=[arm("drug", "Active drug", n(101, "101 randomised", bound="~")), arm("pbo", "Placebo", n(50)),
                        arm("extra", "Extension", n(7))])
    assert disagreements([a, b]) == [
        {"trial": TRIAL, "measure": "arm-size", "arm": "drug", "versus": None, "figures": [
            size(A, 100, unit="patients"),
            size(B, 101, label="Active drug, n", bound="~", printed="101 randomised")]}]


def test_text_only_results_and_sizes_are_ignored():
    a = report(A, [ep("e1", [res("drug", None, printed="lower")])],
               arms=[arm("drug", "Drug", {"value": None, "printed": "some", "locator": "x"})])
    b = report(B, [ep("e1", [res("drug", None, printed="higher")])],
               arms=[arm("drug", "Drug", {"value": None, "printed": "more", "locator": "y"})])
    assert disagreements([a, b]) == []


def test_whole_trial_results_disagreeing():
    a = report(A, [ep("e1", [res(None, 0.5)])])
    b = report(B, [ep("e1", [res(None, 0.4)])])
    got = disagreements([a, b])
    assert got == [{"trial": TRIAL, "measure": "relapse-rate", "arm": None, "versus": None,
                    "figures": [fig(A, 0.5), fig(B, 0.4)]}]
    assert disagreeing(got) == {(TRIAL, A, "e1", "", None), (TRIAL, B, "e1", "", None)}


# -- disagreeing: what a view marks ------------------------------------------------------------------------
def test_disagreeing_marks_every_figure_by_report_endpoint_arm_and_reference_arm():
    items = [
        {"trial": TRIAL, "measure": ARM_SIZE, "arm": "drug", "versus": None, "figures": [size(A, 10), size(B, 11)]},
        {"trial": TRIAL, "measure": "relapse-rate", "arm": "pbo", "versus": "drug",
         "figures": [fig(A, 1), fig(C, 2, endpoint="x9", report=B), fig(C, 3, endpoint="x9")]},
        {"trial": "MADE-UP-2", "measure": "edss", "arm": None, "versus": None, "figures": [fig(B, 1, endpoint="e7")]},
    ]
    # the trial is part of the mark: two trials of one comparison may share arm and endpoint ids
    assert disagreeing(items) == {(TRIAL, A, None, "drug", None), (TRIAL, B, None, "drug", None),
                                  (TRIAL, A, "e1", "pbo", "drug"), (TRIAL, B, "x9", "pbo", "drug"),
                                  (TRIAL, C, "x9", "pbo", "drug"), ("MADE-UP-2", B, "e7", "", None)}
    assert disagreeing([]) == set()


# -- sourcing._own: a node's source, filled in from the one around it -----------------------------------------
def test_own_fills_keeps_and_passes_on():
    node: dict = {"value": 1}
    assert _own(node, A) == A and node == {"value": 1, "source": A}
    node = {"value": 1, "source": B}
    assert _own(node, A) == B and node == {"value": 1, "source": B}
    node = {"value": 1, "source": None}
    assert _own(node, A) == A and node == {"value": 1, "source": A}
    # nothing to inherit: the node is left as it is (no "source": None added)
    node = {"value": 1}
    assert _own(node, None) is None and node == {"value": 1}
    node = {"value": 1, "source": B}
    assert _own(node, None) == B and node == {"value": 1, "source": B}
    # no node: the inherited source passes through
    assert _own(None, A) == A
    assert _own(None, None) is None


# -- fill_trial ---------------------------------------------------------------------------------------------
def made_up_trial():
    return {
        "id": "made-up", "source": A,
        "durations": [{"value": 2, "printed": "2"}, {"value": 3, "printed": "3", "source": B}],
        "arms": [{"id": "drug", "n": {"value": 10, "printed": "10"}},
                 {"id": "pbo", "n": {"value": 11, "printed": "11", "source": C}},
                 {"id": "ext", "n": None},
                 {"id": "bare"}],
        "endpoints": [
            {"id": "e1", "results": [{"value": 1, "printed": "1"}, {"value": 2, "printed": "2", "source": C}]},
            {"id": "e2", "source": B, "results": [{"value": 3, "printed": "3"}, {"value": 4, "source": C}]},
            {"id": "e3", "results": None},
            {"id": "e4"},
        ],
        "facts": [{"value": 5, "printed": "5"}, {"value": 6, "printed": "6", "source": C}],
    }


def test_fill_trial_every_kind_of_figure():
    t = made_up_trial()
    assert fill_trial(t) is t
    assert t == {
        "id": "made-up", "source": A,
        "durations": [{"value": 2, "printed": "2", "source": A}, {"value": 3, "printed": "3", "source": B}],
        "arms": [{"id": "drug", "n": {"value": 10, "printed": "10", "source": A}},
                 {"id": "pbo", "n": {"value": 11, "printed": "11", "source": C}},
                 {"id": "ext", "n": None},
                 {"id": "bare"}],
        "endpoints": [
            {"id": "e1", "source": A, "results": [{"value": 1, "printed": "1", "source": A},
                                                  {"value": 2, "printed": "2", "source": C}]},
            {"id": "e2", "source": B, "results": [{"value": 3, "printed": "3", "source": B},
                                                  {"value": 4, "source": C}]},
            {"id": "e3", "results": None, "source": A},
            {"id": "e4", "source": A},
        ],
        "facts": [{"value": 5, "printed": "5", "source": A}, {"value": 6, "printed": "6", "source": C}],
    }


def test_fill_trial_without_a_source_fills_from_an_endpoints_own():
    t = made_up_trial()
    del t["source"]
    fill_trial(t)
    assert t["durations"] == [{"value": 2, "printed": "2"}, {"value": 3, "printed": "3", "source": B}]
    assert t["arms"][0]["n"] == {"value": 10, "printed": "10"}
    assert t["endpoints"][0] == {"id": "e1", "results": [{"value": 1, "printed": "1"},
                                                         {"value": 2, "printed": "2", "source": C}]}
    assert t["endpoints"][1]["results"] == [{"value": 3, "printed": "3", "source": B}, {"value": 4, "source": C}]
    assert t["facts"] == [{"value": 5, "printed": "5"}, {"value": 6, "printed": "6", "source": C}]


def test_fill_trial_of_partial_records():
    assert fill_trial({}) == {}
    assert fill_trial({"source": A}) == {"source": A}
    empty = {"source": A, "durations": None, "arms": None, "endpoints": None, "facts": None}
    assert fill_trial(copy.deepcopy(empty)) == empty
    assert fill_trial({"source": A, "durations": [], "arms": [], "endpoints": [], "facts": []}) == {
        "source": A, "durations": [], "arms": [], "endpoints": [], "facts": []}
    # each kind alone, the others absent
    assert fill_trial({"source": A, "durations": [{"value": 1}]}) == {"source": A, "durations": [
        {"value": 1, "source": A}]}
    assert fill_trial({"source": A, "arms": [{"n": {"value": 1}}]}) == {"source": A, "arms": [
        {"n": {"value": 1, "source": A}}]}
    assert fill_trial({"source": A, "endpoints": [{"results": [{"value": 1}]}]}) == {"source": A, "endpoints": [
        {"source": A, "results": [{"value": 1, "source": A}]}]}
    assert fill_trial({"source": A, "facts": [{"value": 1}]}) == {"source": A, "facts": [{"value": 1, "source": A}]}


def test_fill_trial_is_idempotent():
    once = fill_trial(made_up_trial())
    twice = fill_trial(copy.deepcopy(once))
    assert twice == once


# -- fill_therapy -------------------------------------------------------------------------------------------
def made_up_therapy():
    return {
        "id": "example", "source": A,
        "approval_year": {"value": 2001, "printed": "2001"},
        "dosing": {"text": "once a day", "locator": "p. 2"},
        "facts": [{"value": 1, "printed": "1"}, {"value": 2, "printed": "2", "source": B}],
        "adverse_events": [
            {"name": "headache", "rate": {"value": 10}, "count": {"value": 3}, "deaths": {"value": 0},
             "comparator": {"label": "placebo", "rate": {"value": 8}}},
            {"name": "rash", "source": B, "rate": {"value": 5}, "count": {"value": 1, "source": C},
             "deaths": None, "comparator": {"label": "placebo", "rate": {"value": 4}}},
            {"name": "fever", "rate": None, "comparator": None},
            {"name": "nausea", "comparator": {"label": "placebo"}},
            {"name": "cough", "comparator": {}},
            {"name": "pain", "source": C, "comparator": {"rate": {"value": 2, "source": B}}},
        ],
    }


def test_fill_therapy_every_kind_of_figure():
    t = made_up_therapy()
    assert fill_therapy(t) is t
    assert t == {
        "id": "example", "source": A,
        "approval_year": {"value": 2001, "printed": "2001", "source": A},
        "dosing": {"text": "once a day", "locator": "p. 2", "source": A},
        "facts": [{"value": 1, "printed": "1", "source": A}, {"value": 2, "printed": "2", "source": B}],
        "adverse_events": [
            {"name": "headache", "source": A, "rate": {"value": 10, "source": A}, "count": {"value": 3, "source": A},
             "deaths": {"value": 0, "source": A}, "comparator": {"label": "placebo", "rate": {"value": 8, "source": A}}},
            {"name": "rash", "source": B, "rate": {"value": 5, "source": B}, "count": {"value": 1, "source": C},
             "deaths": None, "comparator": {"label": "placebo", "rate": {"value": 4, "source": B}}},
            {"name": "fever", "source": A, "rate": None, "comparator": None},
            {"name": "nausea", "source": A, "comparator": {"label": "placebo"}},
            {"name": "cough", "source": A, "comparator": {}},
            {"name": "pain", "source": C, "comparator": {"rate": {"value": 2, "source": B}}},
        ],
    }


def test_fill_therapy_dosing_and_approval_year_keep_their_own_source():
    t = {"source": A, "approval_year": {"value": 2001, "source": B}, "dosing": {"text": "x", "source": C}}
    assert fill_therapy(t) == {"source": A, "approval_year": {"value": 2001, "source": B},
                               "dosing": {"text": "x", "source": C}}


def test_fill_therapy_without_a_source_fills_from_an_adverse_events_own():
    t = made_up_therapy()
    del t["source"]
    fill_therapy(t)
    assert t["approval_year"] == {"value": 2001, "printed": "2001"}
    assert t["dosing"] == {"text": "once a day", "locator": "p. 2"}
    assert t["facts"][0] == {"value": 1, "printed": "1"}
    assert t["adverse_events"][0] == {"name": "headache", "rate": {"value": 10}, "count": {"value": 3},
                                      "deaths": {"value": 0}, "comparator": {"label": "placebo", "rate": {"value": 8}}}
    assert t["adverse_events"][1]["rate"] == {"value": 5, "source": B}
    assert t["adverse_events"][1]["comparator"]["rate"] == {"value": 4, "source": B}


def test_fill_therapy_of_partial_records():
    assert fill_therapy({}) == {}
    assert fill_therapy({"source": A}) == {"source": A}
    empty = {"source": A, "approval_year": None, "dosing": None, "facts": None, "adverse_events": None}
    assert fill_therapy(copy.deepcopy(empty)) == empty
    # each kind alone, the others absent
    assert fill_therapy({"source": A, "approval_year": {"value": 1}}) == {"source": A, "approval_year": {
        "value": 1, "source": A}}
    assert fill_therapy({"source": A, "dosing": {"text": "x"}}) == {"source": A, "dosing": {"text": "x", "source": A}}
    assert fill_therapy({"source": A, "facts": [{"value": 1}]}) == {"source": A, "facts": [{"value": 1, "source": A}]}
    for field in ("rate", "count", "deaths"):
        assert fill_therapy({"source": A, "adverse_events": [{field: {"value": 1}}]}) == {
            "source": A, "adverse_events": [{"source": A, field: {"value": 1, "source": A}}]}
    assert fill_therapy({"source": A, "adverse_events": [{"comparator": {"rate": {"value": 1}}}]}) == {
        "source": A, "adverse_events": [{"source": A, "comparator": {"rate": {"value": 1, "source": A}}}]}


def test_fill_therapy_is_idempotent():
    once = fill_therapy(made_up_therapy())
    twice = fill_therapy(copy.deepcopy(once))
    assert twice == once


# -- named: every source a record names, with its path ------------------------------------------------------
def test_named_paths_in_nested_lists_and_dicts():
    record = {
        "id": "made-up", "source": A, "label": "source", "source_note": "not a source",
        "arms": [{"id": "drug", "n": {"value": 1, "source": B}}, {"id": "pbo", "n": None}],
        "endpoints": [{"results": [[{"source": C}], [], [{"value": 2, "source": A}]]}],
        "facts": {"first": {"source": B}, "second": {"source": None}, "third": {"source": 7}},
        "empty": {},
    }
    assert list(named(record)) == [
        (("source",), A),
        (("arms", 0, "n", "source"), B),
        (("endpoints", 0, "results", 0, 0, "source"), C),
        (("endpoints", 0, "results", 2, 0, "source"), A),
        (("facts", "first", "source"), B),
    ]


def test_named_from_a_path_a_list_and_scalars():
    assert list(named({"source": A}, ("trials", 3))) == [(("trials", 3, "source"), A)]
    assert list(named([{"source": A}, "source", {"x": [{"source": B}]}])) == [((0, "source"), A),
                                                                               ((2, "x", 0, "source"), B)]
    assert list(named("source")) == []
    assert list(named(None)) == []
    assert list(named({})) == []
    assert list(named({"source": None})) == []
    # a "source" that is not a string is searched like any other mapping
    assert list(named({"source": {"source": A}})) == [(("source", "source"), A)]


# -- used: the sources a record's figures name, its own first -------------------------------------------------
def test_used_the_records_own_first_then_in_order_without_repeats():
    record = {"endpoints": [{"source": B, "results": [{"source": C}, {"source": B}, {"source": A}]}],
              "facts": [{"source": C}], "source": A}
    assert used(record) == [A, B, C]
    assert used({"source": A, "facts": [{"source": A}]}) == [A]
    assert used({"source": A}) == [A]


def test_used_without_a_source_of_its_own():
    assert used({"facts": [{"source": C}, {"source": B}, {"source": C}]}) == [C, B]
    assert used({"source": None, "facts": [{"source": B}]}) == [B]
    assert used({"source": "", "facts": [{"source": ""}, {"source": B}]}) == [B]
    assert used({}) == []


# -- figures: the source of every located value ---------------------------------------------------------------
def test_figures_sources_in_order_with_repeats():
    record = {
        "source": A, "printed": "the record itself is located",
        "arms": [{"id": "drug", "n": {"value": 1, "printed": "1", "source": A}}, {"id": "pbo", "n": None}],
        "endpoints": [{"source": B, "label": "no printed: not a figure", "results": [
            {"value": 1, "printed": "1", "source": B},
            {"value": 2, "printed": "2"},                        # no source: skipped
            {"value": 3, "printed": "3", "source": None},        # a source that is not a string: skipped
            {"value": 4, "printed": None, "source": C},          # printed None is still a located value
            {"value": 5, "source": C},                           # no printed: skipped
            {"value": 6, "printed": "6", "source": B, "comparator": {"printed": "7", "source": A}},
        ]}],
        "nested": [[{"printed": "8", "source": C}], []],
    }
    assert list(figures(record)) == [A, A, B, C, B, A, C]


def test_figures_of_lists_and_scalars():
    assert list(figures([{"printed": "1", "source": A}, [{"printed": "2", "source": B}], "x", None])) == [A, B]
    assert list(figures({"printed": "1", "source": 5})) == []
    assert list(figures({"source": A})) == []
    assert list(figures("printed")) == []
    assert list(figures({})) == []


def test_every_pair_of_reports_is_compared():
    # Only the first and the third differ (4.6 and 5.4); "5" is 4.5..5.5, so it agrees with both
    a = report(A, [ep("e1", [res("drug", 4.6)])])
    b = report(B, [ep("e1", [res("drug", 5)])])
    c = report(C, [ep("e1", [res("drug", 5.4)])])
    d = report("example-d", [ep("e1", [res("drug", 5)])])
    assert [d_["arm"] for d_ in disagreements([a, b, c, d])] == ["drug"]
    assert disagreements([a, b, d]) == [] and disagreements([b, c, d]) == []


# -- design_differences: what reports say of the trial itself -------------------------------------------------
def _designed(source, **kw):
    base = {"id": TRIAL, "source": source, "kind": "randomized controlled trial", "phase": 3,
            "comparator": {"type": "placebo", "label": "Placebo"}, "durations": [{"value": 2, "unit": "years"}],
            "parent": None, "arms": [{"id": "drug", "therapy": "made-up-drug", "role": "treatment"},
                                     {"id": "pbo", "therapy": None, "role": "comparator"}], "endpoints": []}
    return base | kw


def test_design_differences_name_each_aspect_and_what_each_report_says():
    assert design_differences([_designed(A)]) == []
    assert design_differences([_designed(A), _designed(B)]) == []
    other = _designed(B, kind="extension", phase=None, comparator=None, durations=[], parent="MADE-UP-0",
                      arms=[{"id": "drug", "therapy": None, "role": "treatment"}])
    # what a report leaves unstated (phase, comparator, duration, parent) contradicts nothing
    assert design_differences([_designed(A), other]) == [
        ("kind", [(A, "randomized controlled trial"), (B, "extension")]),
        ("arms", [(A, "drug (made-up-drug, treatment), pbo (no therapy, comparator)"),
                  (B, "drug (no therapy, treatment)")]),
    ]
    stated = _designed(B, kind="extension", phase=2, comparator={"type": "active", "label": "Made-up comparator",
                                                                 "therapy": "other-drug"},
                       durations=[{"value": 1, "unit": "years"}], parent="MADE-UP-0")
    assert design_differences([_designed(A), stated, _designed(C, phase=None)]) == [
        ("kind", [(A, "randomized controlled trial"), (B, "extension"), (C, "randomized controlled trial")]),
        ("phase", [(A, "3"), (B, "2")]),
        ("comparator", [(A, "placebo"), (B, "active (other-drug)"), (C, "placebo")]),
    ]  # durations are not compared here (2 years and 104 weeks are one length)
    third = _designed(C, durations=[{"value": 104, "unit": "weeks"}])
    assert design_differences([_designed(A), _designed(B), third]) == []


def test_among_compares_the_reports_of_each_trial_in_a_list():
    a = report(A, [ep("e1", [res("drug", 0.5)])])
    b = report(B, [ep("e1", [res("drug", 0.6)])])
    other = report(A, [ep("e1", [res("drug", 0.9)])], id_="MADE-UP-2")
    summary = {k: v for k, v in b.items() if k != "endpoints"} | {"key_results": b["endpoints"]}
    assert [d["trial"] for d in among([a, other, summary])] == [TRIAL]
    assert among([a, other]) == [] and among([]) == []


def test_arms_of_reports_by_id_the_first_reports_first():
    a = report(A, arms=[arm("drug", "Drug"), arm("pbo", "Placebo")])
    b = report(B, arms=[arm("pbo", "Placebo arm"), arm("extra", "Extension")])
    assert {i: x["label"] for i, x in report_arms([a, b]).items()} == {
        "drug": "Drug", "pbo": "Placebo", "extra": "Extension"}
    assert list(report_arms([b, a])) == ["pbo", "extra", "drug"] and report_arms([]) == {}


def test_design_differences_include_name_and_therapies():
    a = _designed(A, name="MADE-UP-1", therapies=["made-up-drug"])
    b = _designed(B, name="Another name", therapies=["other-drug"])
    assert design_differences([a, b])[:2] == [("name", [(A, "MADE-UP-1"), (B, "Another name")]),
                                               ("therapies", [(A, "made-up-drug"), (B, "other-drug")])]
    assert design_differences([a, _designed(C, name="MADE-UP-1", therapies=[])]) == []  # unstated therapies


def test_design_differences_of_the_trial_followed_and_of_several_therapies():
    a = _designed(A, parent="MADE-UP-0", therapies=["made-up-drug", "other-drug"])
    b = _designed(B, parent="MADE-UP-9", therapies=["made-up-drug", "other-drug"])
    assert design_differences([a, b]) == [("parent", [(A, "MADE-UP-0"), (B, "MADE-UP-9")])]
    c = _designed(C, parent="MADE-UP-0", therapies=["made-up-drug"])
    assert design_differences([a, c]) == [("therapies", [(A, "made-up-drug, other-drug"), (C, "made-up-drug")])]


def test_design_differences_ignore_order_and_labels():
    # the same arms, therapies and comparator, listed in another order and labelled otherwise: nothing differs
    a = _designed(A, therapies=["made-up-drug", "other-drug"])
    b = _designed(B, therapies=["other-drug", "made-up-drug"], comparator={"type": "placebo", "label": "Saline"},
                  arms=[{"id": "pbo", "therapy": None, "role": "comparator"},
                        {"id": "drug", "therapy": "made-up-drug", "role": "treatment"}])
    assert design_differences([a, b]) == []


def test_a_report_giving_some_of_the_arms_does_not_describe_them_differently():
    some = _designed(B, arms=[{"id": "drug", "therapy": "made-up-drug", "role": "treatment"}])
    assert design_differences([_designed(A), some]) == []
    other_ids = _designed(B, arms=[{"id": "d1", "therapy": "made-up-drug", "role": "treatment"}])
    assert [a for a, _ in design_differences([_designed(A), other_ids])] == ["arms"]
    role = _designed(C, arms=[{"id": "drug", "therapy": "made-up-drug", "role": "comparator"}])
    assert [a for a, _ in design_differences([_designed(A), some, role])] == ["arms"]


def test_arms_that_differ_are_listed_by_id():
    b = _designed(B, arms=[{"id": "pbo", "therapy": None, "role": "comparator"},
                           {"id": "drug", "therapy": "other-drug", "role": "treatment"}])
    assert design_differences([_designed(A), b]) == [("arms", [
        (A, "drug (made-up-drug, treatment), pbo (no therapy, comparator)"),
        (B, "drug (other-drug, treatment), pbo (no therapy, comparator)")])]
