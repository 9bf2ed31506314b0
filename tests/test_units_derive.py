"""derive.py on small hand-made trials: every derived record field by field, worked out by hand.

Half a unit of the printed precision bounds each input (0.18 -> 0.175..0.185; "0.390" -> 0.3895..0.3905),
and the ranges of relative reductions and of NNT/NNH are the extremes over those intervals.
"""

from __future__ import annotations

import pytest

from msdmt.core import derive as d
from msdmt.core.derive import (
    BEFORE_AFTER,
    ERRATUM_INPUT,
    NOT_SIGNIFICANT,
    UNCLEAR_GROUPS,
    agree,
    decimals,
    derive_adverse_events,
    derive_trial,
    half_unit,
    nnt_bounds,
    number_needed,
    rr_bounds,
)

# -- builders of small records ------------------------------------------------------------------------
MADE_UP = "made-up"  # the source of every figure here (compiled records name one on each figure)


def res(arm, value, printed=None, **kw):
    out = {"arm": arm, "value": value, "printed": printed if printed is not None else f"{value:g}%",
           "bound": None, "significant": None, "p": None, "source": MADE_UP}
    out.update(kw)
    return out


def ep(id_, measure, kind, unit, results, label=None, **kw):
    out = {"id": id_, "measure": measure, "kind": kind, "unit": unit, "label": label or measure.capitalize(),
           "locator": f"Table 3, {id_}", "origin": "Table 3", "results": results}
    out.update(kw)
    return out


def arms(*specs):
    return [{"id": a, "role": role, "label": label} for a, role, label in specs]


TWO_ARMS = arms(("drug", "treatment", "Drug 10 mg"), ("pbo", "comparator", "Placebo"))


def trial(endpoints, arms_=TWO_ARMS, durations=None, id_="T"):
    return {"id": id_, "source": MADE_UP, "arms": arms_, "endpoints": endpoints,
            "durations": [{"value": 2, "unit": "years"}] if durations is None else durations}


def inp(endpoint, r):
    return {"endpoint": endpoint["id"], "arm": r["arm"], "value": r["value"], "printed": r["printed"],
            "locator": endpoint["locator"], "source": r["source"]}


# -- precision ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("value", "printed", "places"), [
    (0.7, "HR 0.70", 2),
    (0.7, None, 1),
    (0.7, "HR 0.65", 1),  # not printed there: from the value
    (68, "68% (P0.001)", 0),
    (68.0, None, 0),
    (100.0, None, 0),
    (0.18, None, 2),
    (12.25, None, 2),
    (1e-05, None, 5),
    (1e16, None, 0),
    (float("inf"), None, 0),  # no digits to count
])
def test_decimals(value, printed, places):
    assert decimals(value, printed) == places


def test_half_unit():
    assert half_unit(0.18) == pytest.approx(0.005, rel=1e-12)
    assert half_unit(68) == 0.5
    assert half_unit(0.7, "0.70") == pytest.approx(0.005, rel=1e-12)
    assert half_unit(0.7) == pytest.approx(0.05, rel=1e-12)


def test_agree():
    assert agree(26.2, 26)  # 26 is 25.5..26.5
    assert agree(26, 26.2)
    assert not agree(49.4, 49.9)  # both to 0.05: 0.5 apart
    assert agree(10, 10.5)  # exactly half a unit of "10": still the same quantity
    assert not agree(10, 10.51)
    # 1.35 - 1.3 is 0.050000000000000044 in floating point: the tolerance keeps it within half a unit of 1.3
    assert agree(1.3, 1.35)
    # the printed text sets the precision of each side
    assert agree(0.7, 0.75)
    assert not agree(0.7, 0.75, "0.70", None)
    assert agree(0.75, 0.7)
    assert not agree(0.75, 0.7, None, "0.70")


# -- relative-reduction range -------------------------------------------------------------------------
def test_rr_bounds():
    # 100 x (1 - 0.185/0.385) = 51.95; 100 x (1 - 0.175/0.395) = 55.70
    assert rr_bounds(0.18, 0.39) == (51.9, 55.7)
    # explicit half-units: 0.705/0.995 and 0.695/1.005
    assert rr_bounds(0.7, 1.0, 0.005, 0.005) == (29.1, 30.8)
    # defaults from the values: 0.7 -> 0.05, 1.0 -> 0.5
    assert rr_bounds(0.7, 1.0) == (-50.0, 56.7)
    assert rr_bounds(0.7, 1.0, ht=0.005) == (-41.0, 53.7)
    assert rr_bounds(0.7, 1.0, hc=0.005) == (24.6, 35.3)
    # a treated rate that may be zero: the upper end is a 100% reduction
    assert rr_bounds(0, 2) == (66.7, 100.0)


def test_rr_bounds_unbounded_when_the_comparator_may_be_zero():
    assert rr_bounds(0.1, 0) is None
    assert rr_bounds(0.1, 0.5, 0.05, 0.5) is None  # 0.5 - 0.5 = 0
    assert rr_bounds(0.1, 0.5, 0.05, 0.6) is None
    assert rr_bounds(0.1, 0.5, 0.05, 0.4) == (-50.0, 94.4)  # 0.15/0.1 and 0.05/0.9


# -- NNT / NNH ranges ---------------------------------------------------------------------------------
def test_nnt_bounds_from_the_printed_precision():
    # 16% vs 3%: the difference is 12..14 points -> ceil(100/14)=8 .. ceil(100/12)=9
    assert nnt_bounds({"value": 16, "printed": "16%"}, {"value": 3, "printed": "3%"}) == (8, 9)
    assert nnt_bounds({"value": 3, "printed": "3%"}, {"value": 16, "printed": "16%"}) == (8, 9)
    # "0.30%" is 0.295..0.305 -> 328..339
    assert nnt_bounds({"value": 0.3, "printed": "0.30%"}, {"value": 0, "printed": "none"}) == (328, 339)
    # "0.50%" is 0.495..0.505 against 1.5..2.5: 0.995..2.005 points -> 50..101
    assert nnt_bounds({"value": 2, "printed": "2%"}, {"value": 0.5, "printed": "0.50%"}) == (50, 101)
    assert nnt_bounds({"value": 2}, {"value": 0.5}) == (49, 106)  # 0.95..2.05 points


def test_nnt_bounds_with_an_exact_zero():
    # "none" is exactly 0; 0.3% is 0.25..0.35 -> 100/0.35 = 285.7 -> 286, 100/0.25 = 400 exactly -> 400
    assert nnt_bounds({"value": 0.3, "printed": "0.3%"}, {"value": 0, "printed": "none"}) == (286, 400)
    assert nnt_bounds({"value": 0.3}, {"value": 0}) == (286, 400)  # no printed text: no numeral, so exact
    # a printed 0 is a rounded one: 0 is -0.5..0.5 (never below zero in truth, but the rule is symmetric)
    assert nnt_bounds({"value": 3, "printed": "3%"}, {"value": 0, "printed": "0%"}) == (25, 50)
    # a zero for the treated group too: 0 vs 5% (4.5..5.5) -> 19..23
    assert nnt_bounds({"value": 0, "printed": "none reported in 2 years"}, {"value": 5, "printed": "5%"}) == (19, 23)


def test_nnt_bounds_unbounded_when_the_difference_may_be_zero():
    assert nnt_bounds({"value": 1, "printed": "1%"}, {"value": 2, "printed": "2%"}) is None  # 0..2 points
    assert nnt_bounds({"value": 1, "printed": "1%"}, {"value": 1.5, "printed": "1.5%"}) is None


def test_exactly_zero():
    assert d._exactly_zero({"value": 0, "printed": "none"})
    assert d._exactly_zero({"value": 0, "printed": "none in 2 years"})
    assert d._exactly_zero({"value": 0})
    assert not d._exactly_zero({"value": 0, "printed": "0 (0%)"})
    assert not d._exactly_zero({"value": 0, "printed": "0.0%"})
    assert not d._exactly_zero({"value": 2, "printed": "none"})


def test_number_needed_to_treat_when_fewer_have_the_bad_outcome():
    got = number_needed({"value": 10, "printed": "10%"}, {"value": 20, "printed": "20%"}, "Relapsed",
                        harm_when_higher=True)
    # 9..11 points -> ceil(100/11)=10 .. ceil(100/9)=12
    assert got == {"metric": "nnt", "label": "Number needed to treat: Relapsed", "value": 10, "unit": "patients",
                   "formula": "ceil(100 / |10 - 20|)", "range": [10, 12]}


def test_number_needed_to_harm_when_more_have_the_bad_outcome():
    got = number_needed({"value": 30, "printed": "30%"}, {"value": 20, "printed": "20%"}, "Infections",
                        harm_when_higher=True)
    assert got == {"metric": "nnh", "label": "Number needed to harm: Infections", "value": 10, "unit": "patients",
                   "formula": "ceil(100 / |30 - 20|)", "range": [10, 12]}


def test_number_needed_when_higher_is_better():
    more = number_needed({"value": 78, "printed": "78%"}, {"value": 59, "printed": "59%"}, "Relapse-free",
                         harm_when_higher=False)
    # 100/19 = 5.26 -> 6; 18..20 points -> 5..6
    assert (more["metric"], more["value"], more["range"]) == ("nnt", 6, [5, 6])
    assert more["label"] == "Number needed to treat: Relapse-free"
    fewer = number_needed({"value": 59, "printed": "59%"}, {"value": 78, "printed": "78%"}, "Relapse-free",
                          harm_when_higher=False)
    assert (fewer["metric"], fewer["label"]) == ("nnh", "Number needed to harm: Relapse-free")


def test_number_needed_rounds_up_and_not_past_a_whole_number():
    nn = number_needed({"value": 3.3}, {"value": 0}, "x", harm_when_higher=True)
    assert (nn["value"], nn["formula"]) == (31, "ceil(100 / |3.3 - 0|)")  # 30.3 -> 31
    # 100 / 0.4 = 250.00000000000003 in floating point: still 250, not 251
    assert number_needed({"value": 0.5}, {"value": 0.1}, "x", harm_when_higher=True)["value"] == 250
    assert number_needed({"value": 20}, {"value": 10}, "x", harm_when_higher=True)["value"] == 10


def test_no_number_needed_for_equal_proportions():
    assert number_needed({"value": 20}, {"value": 20}, "x", harm_when_higher=True) is None
    assert number_needed({"value": 20}, {"value": 20}, "x", harm_when_higher=False) is None


# -- periods and significance -------------------------------------------------------------------------
def test_period():
    assert d._period(trial([])) == "2 years"
    assert d._period(trial([], durations=[])) is None
    assert d._period(trial([], durations=[{"value": None, "unit": "years", "text": "not stated"}])) is None
    assert d._period(trial([], durations=[{"value": 7, "unit": "years", "text": "median follow-up"},
                                          {"value": 2, "unit": "years"}])) == "7 years (median follow-up)"
    assert d._period(trial([], durations=[{"value": 2.5, "unit": "years", "text": ""}])) == "2.5 years"
    # one of a unit is singular, as in the durations; other values keep the unit as recorded
    assert d._period(trial([], durations=[{"value": 1, "unit": "years", "text": ""}])) == "1 year"
    assert d._period(trial([], durations=[{"value": 1.5, "unit": "years", "text": ""}])) == "1.5 years"


def test_not_significant_covers_the_family_of_measures():
    t = trial([ep("s", "relapse-free", "statement", None, [{"arm": None, "value": None, "significant": False}]),
               ep("n", "new-lesions", "proportion", "%", [res("drug", 3, significant=True)])])
    assert d._not_significant(t, "relapse-free")
    assert d._not_significant(t, "relapsed")  # same family
    assert d._not_significant(t, "arr")
    assert not d._not_significant(t, "sustained-disability-progression")
    assert not d._not_significant(t, "new-lesions")  # significant=True
    assert not d._not_significant(trial([ep("n", "x", "proportion", "%", [res("drug", 3)])]), "x")  # None: unknown
    assert d._not_significant(trial([ep("n", "x", "proportion", "%", [res("drug", 3, significant=False)])]), "x")


# -- derive_trial: relative reductions ----------------------------------------------------------------
def arr_trial():
    arr = ep("t3-arr", "arr", "annualized_relapse_rate", "relapses/year", [
        res("drug", 0.18, "0.18"), res("drug2", 0.2, "0.20"), res("pbo", 0.39, "0.390")], label="ARR")
    reported = ep("t3-arr-reduction", "arr-reduction", "relative_reduction", "%", [
        res("drug", 54.9, "54.9%"), res("drug", None, "n/a"), res("drug2", 49, "49%")], of="arr")
    elsewhere = ep("text-arr-reduction", "arr-reduction", "relative_reduction", "%", [res("drug", 55, "55%")],
                   of="arr", locator='Text, "Efficacy", paragraph 2')
    other = ep("t3-dis-reduction", "disability-risk-reduction", "relative_reduction", "%", [res("drug", 30)],
               of="sustained-disability-progression")
    arms_ = arms(("drug", "treatment", "Drug 10 mg"), ("drug2", "treatment", "Drug 20 mg"),
                 ("pbo", "comparator", "Placebo"))
    return trial([arr, reported, elsewhere, other], arms_=arms_)


def test_relative_reduction_record():
    t = arr_trial()
    arr, reported, elsewhere = t["endpoints"][:3]
    got = derive_trial(t)
    assert [x["id"] for x in got] == ["T:t3-arr:drug:pbo:relative-reduction", "T:t3-arr:drug2:pbo:relative-reduction"]
    # 100 x (1 - 0.18/0.39) = 53.85; range over 0.175..0.185 against "0.390" = 0.3895..0.3905:
    # 100 x (1 - 0.185/0.3895) = 52.50, 100 x (1 - 0.175/0.3905) = 55.19
    assert got[0] == {
        "id": "T:t3-arr:drug:pbo:relative-reduction",
        "trial": "T",
        "endpoint": "t3-arr",
        "adverse_event": None,
        "metric": "relative_reduction",
        "label": "Relative reduction: ARR",
        "arm": "drug",
        "versus": "pbo",
        "value": 53.8,
        "unit": "%",
        "formula": "(1 - 0.18 / 0.39) × 100",
        "range": [52.5, 55.2],
        "inputs": [inp(arr, arr["results"][0]), inp(arr, arr["results"][2])],
        "reported": [{"endpoint": "t3-arr-reduction", "value": 54.9, "locator": reported["locator"],
                      "source": MADE_UP},
                     {"endpoint": "text-arr-reduction", "value": 55, "locator": elsewhere["locator"],
                      "source": MADE_UP}],
        "period": "2 years",
        "cautions": [],
        "number_needed": None,
        "source": MADE_UP,
        "sources": [MADE_UP],
        "report": MADE_UP,
    }
    # "0.20" is 0.195..0.205: 100 x (1 - 0.205/0.3895) = 47.37, 100 x (1 - 0.195/0.3905) = 50.06
    assert (got[1]["value"], got[1]["range"], got[1]["formula"]) == (48.7, [47.4, 50.1], "(1 - 0.2 / 0.39) × 100")
    assert got[1]["reported"] == [{"endpoint": "t3-arr-reduction", "value": 49, "locator": reported["locator"],
                                   "source": MADE_UP}]


def test_relative_reduction_cautions():
    t = arr_trial()
    t["endpoints"].append(ep("s", "relapsed", "statement", None, [{"arm": None, "value": None, "significant": False}]))
    assert [x["cautions"] for x in derive_trial(t)] == [[NOT_SIGNIFICANT], [NOT_SIGNIFICANT]]
    for where in ("endpoint", "treated", "comparator"):
        t = arr_trial()
        arr = t["endpoints"][0]
        target = {"endpoint": arr, "treated": arr["results"][0], "comparator": arr["results"][2]}[where]
        target["erratum"] = "printed 0.81 in the text"
        got = derive_trial(t)
        assert got[0]["cautions"] == [ERRATUM_INPUT], where
        assert got[1]["cautions"] == ([] if where == "treated" else [ERRATUM_INPUT]), where


def test_no_relative_reduction_without_a_usable_comparator_rate():
    t = arr_trial()
    t["endpoints"][0]["results"][2]["value"] = 0
    assert derive_trial(t) == []
    t = arr_trial()
    t["endpoints"][0]["results"][2]["bound"] = "<"  # "<0.39" is no rate to divide by
    assert derive_trial(t) == []
    t = arr_trial()
    t["endpoints"][0]["results"][2]["value"] = None
    assert derive_trial(t) == []
    t = arr_trial()
    t["endpoints"][0]["results"][2]["arm"] = None  # a whole-trial figure is no comparator
    assert derive_trial(t) == []
    t = arr_trial()
    t["endpoints"][0]["measure"] = "arr-baseline"  # a rate before treatment is not an outcome
    assert derive_trial(t) == []
    t = arr_trial()
    t["endpoints"][0]["kind"] = "mean"
    assert derive_trial(t) == []


def test_treated_figures_that_are_bounds_or_missing_give_nothing():
    t = arr_trial()
    t["endpoints"][0]["results"][0]["bound"] = "<"
    t["endpoints"][0]["results"][1]["value"] = None
    assert derive_trial(t) == []


# -- derive_trial: absolute differences ---------------------------------------------------------------
def test_absolute_difference_record_with_its_nnt():
    free = ep("t3-relapse-free", "relapse-free", "proportion", "%",
              [res("drug", 78), res("pbo", 59)], label="Relapse-free")
    t = trial([free], durations=[{"value": 2, "unit": "years", "text": "core study"}])
    (got,) = derive_trial(t)
    assert got == {
        "id": "T:t3-relapse-free:drug:pbo:absolute-difference",
        "trial": "T",
        "endpoint": "t3-relapse-free",
        "adverse_event": None,
        "metric": "absolute_difference",
        "label": "Absolute difference: Relapse-free",
        "arm": "drug",
        "versus": "pbo",
        "value": 19,
        "unit": "percentage points",
        "formula": "78% - 59%",
        "range": None,
        "inputs": [inp(free, free["results"][0]), inp(free, free["results"][1])],
        "reported": [],
        "period": "2 years (core study)",
        "cautions": [],
        "number_needed": {"metric": "nnt", "label": "Number needed to treat: Relapse-free", "value": 6,
                          "unit": "patients", "formula": "ceil(100 / |78 - 59|)", "range": [5, 6]},
        "source": MADE_UP,
        "sources": [MADE_UP],
        "report": MADE_UP,
    }


@pytest.mark.parametrize(("measure", "treated", "control", "metric"), [
    ("relapse-free", 78, 59, "nnt"),
    ("freedom-from-clinical-disease", 40, 50, "nnh"),
    ("clinical-mri-disease-free", 40, 30, "nnt"),
    ("relapsed", 22, 41, "nnt"),
    ("relapsed", 41, 22, "nnh"),
    ("infections", 30, 20, "nnh"),
])
def test_which_direction_is_harm(measure, treated, control, metric):
    t = trial([ep("e", measure, "proportion", "%", [res("drug", treated), res("pbo", control)])])
    (got,) = derive_trial(t)
    assert got["number_needed"]["metric"] == metric


def test_absolute_difference_is_rounded_to_hundredths():
    t = trial([ep("e", "relapsed", "proportion", "%", [res("drug", 12.345, "12.345%"), res("pbo", 10, "10%")])])
    (got,) = derive_trial(t)
    assert got["value"] == 2.35  # 12.345 - 10 is 2.3450000000000006 in floating point: 2.35
    assert got["formula"] == "12.345% - 10%"


def test_no_difference_for_proportions_that_are_not_percentages():
    t = trial([ep("e", "relapsed", "proportion", "patients", [res("drug", 10), res("pbo", 20)])])
    assert derive_trial(t) == []
    t = trial([ep("e", "relapsed", "count", "%", [res("drug", 10), res("pbo", 20)])])
    assert derive_trial(t) == []


def test_equal_proportions_give_a_difference_without_nnt():
    (got,) = derive_trial(trial([ep("e", "relapsed", "proportion", "%", [res("drug", 20), res("pbo", 20)])]))
    assert (got["value"], got["number_needed"]) == (0, None)


def test_difference_cautions():
    e = ep("e", "relapsed", "proportion", "%", [res("drug", 20), res("pbo", 30)])
    s = ep("s", "arr", "statement", None, [{"arm": None, "value": None, "significant": False}])
    (got,) = derive_trial(trial([e, s]))
    assert got["cautions"] == [NOT_SIGNIFICANT]
    for flagged in (e, e["results"][0], e["results"][1]):
        flagged["erratum"] = "corrected"
        (got,) = derive_trial(trial([e, s]))
        assert got["cautions"] == [NOT_SIGNIFICANT, ERRATUM_INPUT]
        del flagged["erratum"]
    (got,) = derive_trial(trial([e]))
    assert got["cautions"] == []


def test_conflicting_report_of_the_same_outcome():
    table = ep("t3-prog", "progression", "proportion", "%", [res("drug", 9), res("pbo", 22)],
               label="Progression")
    text = ep("text-prog", "progression", "proportion", "%", [res("drug", 13), res("pbo", 20)],
              label="Sustained PROGRESSION", origin="Text")
    got = {x["id"]: x["cautions"] for x in derive_trial(trial([table, text]))}
    # 9 against 13 differs beyond rounding for the treated arm: one caution, naming that arm (the break
    # stops at the first arm that differs, so 22 against 20 is not reported as well)
    assert got == {
        "T:t3-prog:drug:pbo:absolute-difference": [
            "Text reports a different figure for this outcome (Drug 10 mg: 13% sustained progression; see msdmt audit)"],
        "T:text-prog:drug:pbo:absolute-difference": [
            "Table 3 reports a different figure for this outcome (Drug 10 mg: 9% progression; see msdmt audit)"],
    }


def test_conflict_names_the_comparator_arm_or_its_id():
    table = ep("a", "progression", "proportion", "%", [res("drug", 9), res("pbo", 22)])
    text = ep("b", "progression", "proportion", "%", [res("drug", 9.4, "9.4%"), res("pbo", 20)], origin="Text")
    got = derive_trial(trial([table, text]))
    assert got[0]["cautions"] == [
        "Text reports a different figure for this outcome (Placebo: 20% progression; see msdmt audit)"]
    assert got[1]["cautions"] == [
        "Table 3 reports a different figure for this outcome (Placebo: 22% progression; see msdmt audit)"]
    # an arm the trial does not list is named by its id
    a = ep("a", "progression", "proportion", "%", [res("x", 9), res("pbo", 22)])
    b = ep("b", "progression", "proportion", "%", [res("x", 13), res("pbo", 22)], origin="Text")
    assert derive_trial(trial([a, b]))[0]["cautions"] == [
        "Text reports a different figure for this outcome (x: 13% progression; see msdmt audit)"]


def test_conflict_with_a_report_of_one_arm_only():
    a = ep("a", "progression", "proportion", "%", [res("drug", 9), res("pbo", 22)])
    b = ep("b", "progression", "proportion", "%", [res("pbo", 30)], origin="Text")
    (got,) = derive_trial(trial([a, b]))
    assert got["cautions"] == [
        "Text reports a different figure for this outcome (Placebo: 30% progression; see msdmt audit)"]


def test_conflict_uses_the_printed_precision_of_both_reports():
    # 9 against 9.4 agree (9 is 8.5..9.5), but "9.0%" is 8.95..9.05 and does not
    a = ep("a", "progression", "proportion", "%", [res("drug", 9, "9.0%"), res("pbo", 22)])
    b = ep("b", "progression", "proportion", "%", [res("drug", 9.4, "9.4%"), res("pbo", 22)], origin="Text")
    assert [len(x["cautions"]) for x in derive_trial(trial([a, b]))] == [1, 1]
    a["results"][0]["printed"] = "9%"
    assert [len(x["cautions"]) for x in derive_trial(trial([a, b]))] == [0, 0]


def test_agreeing_reports_within_rounding_give_no_caution():
    a = ep("a", "progression", "proportion", "%", [res("drug", 9), res("pbo", 22)])
    b = ep("b", "progression", "proportion", "%", [res("drug", 9.4, "9.4%"), res("pbo", 21.5, "21.5%")])
    assert [x["cautions"] for x in derive_trial(trial([a, b]))] == [[], []]
    # a figure without a value, or for another arm, is not compared
    c = ep("c", "progression", "proportion", "%", [res("drug", None, "n/a"), res("other", 50)])
    assert [x["cautions"] for x in derive_trial(trial([a, c]))] == [[]]


def test_complement_of_an_outcome():
    free = ep("free", "relapse-free", "proportion", "%", [res("drug", 78), res("pbo", 59)])
    relapsed = ep("relapsed", "relapsed", "proportion", "%", [res("drug", 22), res("pbo", 45)],
                  complement_of="relapse-free", origin="Text", label="Relapsed")
    got = {x["id"]: x["cautions"] for x in derive_trial(trial([free, relapsed]))}
    # 100 - 22 = 78 agrees; 100 - 45 = 55 against 59 does not
    assert got == {
        "T:free:drug:pbo:absolute-difference": [
            "Text reports a different figure for this outcome (Placebo: 45% relapsed; see msdmt audit)"],
        "T:relapsed:drug:pbo:absolute-difference": [
            "Table 3 reports a different figure for this outcome (Placebo: 59% relapse-free; see msdmt audit)"],
    }
    relapsed["results"][1]["value"] = 41
    assert [x["cautions"] for x in derive_trial(trial([free, relapsed]))] == [[], []]


def test_statements_and_other_outcomes_are_not_compared():
    a = ep("a", "progression", "proportion", "%", [res("drug", 9), res("pbo", 22)])
    s = ep("s", "progression", "statement", None, [res("drug", 50)])
    o = ep("o", "relapsed", "proportion", "%", [res("drug", 50), res("pbo", 50)])
    got = {x["id"]: x["cautions"] for x in derive_trial(trial([a, s, o]))}
    assert got == {"T:a:drug:pbo:absolute-difference": [], "T:o:drug:pbo:absolute-difference": []}


# -- before-after, in a single-group study ------------------------------------------------------------
def single_group(before=(0, 2.3), after=0.2):
    b = ep("text-arr-before", "arr-baseline", "annualized_relapse_rate", "relapses/year",
           [res("all", v, f"{v:g}") for v in before], label="ARR before treatment")
    a = ep("text-arr-after", "arr", "annualized_relapse_rate", "relapses/year",
           [res("all", after, "n/a" if after is None else f"{after:g}")], label="ARR after treatment")
    return trial([b, a], arms_=arms(("all", "treatment", "All patients")),
                 durations=[{"value": 7, "unit": "years", "text": "median follow-up"}], id_="FU")


def test_before_after_reduction():
    t = single_group()
    b, a = t["endpoints"]
    (got,) = derive_trial(t)
    # the first non-zero baseline rate is used; 100 x (1 - 0.2/2.3) = 91.30;
    # 0.15..0.25 against 2.25..2.35: 100 x (1 - 0.25/2.25) = 88.89, 100 x (1 - 0.15/2.35) = 93.62
    assert got == {
        "id": "FU:text-arr-after:all:text-arr-before:before-after-reduction",
        "trial": "FU",
        "endpoint": "text-arr-after",
        "adverse_event": None,
        "metric": "relative_reduction",
        "label": "Relative reduction: ARR after treatment, against: ARR before treatment",
        "arm": "all",
        "versus": "all",
        "value": 91.3,
        "unit": "%",
        "formula": "(1 - 0.2 / 2.3) × 100",
        "range": [88.9, 93.6],
        "inputs": [inp(a, a["results"][0]), inp(b, b["results"][1])],
        "reported": [],
        "period": "7 years (median follow-up)",
        "cautions": [BEFORE_AFTER],
        "number_needed": None,
        "source": MADE_UP,
        "sources": [MADE_UP],
        "report": MADE_UP,
    }


def test_before_after_needs_both_rates_and_no_comparator():
    assert derive_trial(single_group(before=(0,))) == []
    assert derive_trial(single_group(after=None)) == []
    t = single_group()
    t["endpoints"] = t["endpoints"][:1]
    assert derive_trial(t) == []
    t = single_group()
    t["endpoints"] = t["endpoints"][1:]
    assert derive_trial(t) == []
    t = single_group()
    t["arms"].append({"id": "ctl", "role": "comparator", "label": "Control"})
    assert derive_trial(t) == []


def test_before_after_takes_the_first_reported_rates():
    t = single_group(before=(2.3, 1.5))
    t["endpoints"][1]["results"].insert(0, res("all", None, "not reported"))
    t["endpoints"][1]["results"].append(res("all", 0.1, "0.1"))
    (got,) = derive_trial(t)
    assert got["formula"] == "(1 - 0.2 / 2.3) × 100"
    # an after-rate of zero is a rate: a 100% reduction
    (got,) = derive_trial(single_group(after=0))
    assert (got["value"], got["formula"]) == (100.0, "(1 - 0 / 2.3) × 100")


def test_before_after_with_an_erratum_or_a_verdict():
    t = single_group()
    t["endpoints"][1]["erratum"] = "corrected"
    t["endpoints"].append(ep("s", "relapse-free", "statement", None, [{"arm": None, "value": None,
                                                                       "significant": False}]))
    (got,) = derive_trial(t)
    assert got["cautions"] == [BEFORE_AFTER, NOT_SIGNIFICANT, ERRATUM_INPUT]


# -- adverse events -----------------------------------------------------------------------------------
def rate(value, printed=None, bound=None, locator="Text, safety"):
    return {"value": value, "printed": printed if printed is not None else f"{value}%", "bound": bound,
            "locator": locator}


def therapy(*events):
    return {"id": "drug", "source": MADE_UP, "adverse_events": list(events)}


def ae(id_, event, r, comp):
    return {"id": id_, "event": event, "rate": r, "comparator": comp}


def test_adverse_event_difference_and_nnh():
    herpes = ae("herpes", "Herpes infections", rate(16, "16%", locator="Text, safety, paragraph 2"),
                {"therapy": "ifn", "label": "IFN beta-1a", "rate": rate(3, "3%", locator="Text, safety, paragraph 3")})
    (got,) = derive_adverse_events(therapy(herpes))
    assert got == {
        "id": "drug:herpes:absolute-difference", "trial": None, "endpoint": None, "adverse_event": "herpes",
        "metric": "absolute_difference", "label": "Absolute difference: Herpes infections",
        "arm": "drug", "versus": "ifn", "value": 13, "unit": "percentage points",
        "formula": "16% - 3%", "range": None,
        "inputs": [
            {"endpoint": "herpes.rate", "arm": "drug", "value": 16, "printed": "16%",
             "locator": "Text, safety, paragraph 2", "source": MADE_UP},
            {"endpoint": "herpes.comparator", "arm": "ifn", "value": 3, "printed": "3%",
             "locator": "Text, safety, paragraph 3", "source": MADE_UP},
        ],
        "reported": [], "period": None, "cautions": [UNCLEAR_GROUPS],
        "number_needed": {"metric": "nnh", "label": "Number needed to harm: Herpes infections", "value": 8,
                          "unit": "patients", "formula": "ceil(100 / |16 - 3|)", "range": [8, 9]},
        "source": MADE_UP, "sources": [MADE_UP], "report": MADE_UP,
    }


def test_adverse_event_against_a_comparator_that_is_no_therapy():
    fewer = ae("x", "Rash", rate(1.25, "1.25%"), {"therapy": None, "label": "placebo", "rate": rate(2.5, "2.5%")})
    (got,) = derive_adverse_events(therapy(fewer))
    assert (got["versus"], got["value"]) == ("placebo", -1.25)
    # fewer events on the therapy: an NNT, though UNCLEAR_GROUPS still applies; 1.245..1.255 vs 2.45..2.55
    assert got["number_needed"] == {"metric": "nnt", "label": "Number needed to treat: Rash", "value": 80,
                                    "unit": "patients", "formula": "ceil(100 / |1.25 - 2.5|)", "range": [77, 84]}


def test_adverse_events_without_two_plain_rates_are_skipped():
    comp = {"therapy": "ifn", "label": "IFN", "rate": rate(3)}
    skipped = [
        ae("a", "A", rate(16), None),
        ae("b", "B", None, comp),
        ae("c", "C", rate(None, "n/a"), comp),
        ae("d", "D", rate(16), {"therapy": "ifn", "label": "IFN", "rate": rate(None, "n/a")}),
        ae("e", "E", rate(0.2, "<0.2%", bound="<"), comp),
        ae("f", "F", rate(16), {"therapy": "ifn", "label": "IFN", "rate": rate(1, "<1%", bound="<")}),
    ]
    assert derive_adverse_events(therapy(*skipped)) == []
    kept = ae("g", "G", rate(0, "0%"), comp)  # a rate of 0 is still a rate
    assert [x["id"] for x in derive_adverse_events(therapy(*skipped, kept))] == ["drug:g:absolute-difference"]
    assert derive_adverse_events(therapy()) == []


def test_adverse_event_difference_is_rounded_to_hundredths():
    x = ae("x", "X", rate(0.333, "0.333%"), {"therapy": "ifn", "label": "IFN", "rate": rate(0.1, "0.1%")})
    assert derive_adverse_events(therapy(x))[0]["value"] == 0.23


def test_an_input_from_another_source_is_named_and_cautioned():
    free = ep("t3-relapse-free", "relapse-free", "proportion", "%",
              [res("drug", 78), res("pbo", 59, source="made-up-2")], label="Relapse-free")
    (got,) = derive_trial(trial([free]))
    assert (got["source"], got["sources"], got["report"]) == (MADE_UP, [MADE_UP, "made-up-2"], MADE_UP)
    assert [i["source"] for i in got["inputs"]] == [MADE_UP, "made-up-2"]
    assert got["cautions"] == [d.MIXED_SOURCES.format("made-up, made-up-2")]
    assert got["cautions"] == ["its inputs come from different sources (made-up, made-up-2), which may differ in "
                               "method, population and period"]


def test_an_endpoint_source_covers_its_results_and_a_later_report_has_qualified_ids():
    free = ep("t3-relapse-free", "relapse-free", "proportion", "%",
              [res("drug", 78, source=None), res("pbo", 59, source=None)], label="Relapse-free", source="made-up-2")
    t = trial([free])
    (first,) = derive_trial(t)
    (later,) = derive_trial(t, qualify=True)
    # every input from the endpoint's source: the figure is that source's; its report is the trial's
    assert (first["source"], first["sources"], first["report"], first["cautions"]) == (
        "made-up-2", ["made-up-2"], MADE_UP, [])
    assert first["id"] == "T:t3-relapse-free:drug:pbo:absolute-difference"
    assert later["id"] == "T@made-up:t3-relapse-free:drug:pbo:absolute-difference"
