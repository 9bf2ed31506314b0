"""Every cell of Table 2 (Phase III trials), as the paper prints it, with the lost "<" restored."""

import pytest

from conftest import endpoint, trial

# trial, duration, comparator type, comparator therapy, arms {arm id: n}, reference
DESIGN = [
    ("AFFIRM", (2, "years"), "placebo", None, {"natalizumab": 627, "placebo": 315}, 36),
    ("FREEDOMS", (2, "years"), "placebo", None, {"fingolimod-1-25mg": 429, "fingolimod-0-5mg": 425, "placebo": 418}, 37),
    ("TRANSFORMS", (1, "years"), "active", "interferon-beta-1a-im",
     {"fingolimod-1-25mg": 426, "fingolimod-0-5mg": 431, "ifn-b1a-im": 435}, 38),
    ("TEMSO", (108, "weeks"), "placebo", None, {"placebo": 363, "teriflunomide-7mg": 365, "teriflunomide-14mg": 358}, 39),
    ("DEFINE", (2, "years"), "placebo", None, {"placebo": 408, "dmf-bid": 410, "dmf-tid": 416}, 40),
    ("CONFIRM", (2, "years"), "placebo", None, {"placebo": 363, "dmf-bid": 359, "dmf-tid": 345, "ga": 350}, 41),
    ("CARE-MS-I", (2, "years"), "active", "interferon-beta-1a-sc", {"alemtuzumab": 386, "ifn-b1a-sc": 195}, 42),
    ("CARE-MS-II", (2, "years"), "active", "interferon-beta-1a-sc", {"alemtuzumab": 436, "ifn-b1a-sc": 231}, 42),
]

# trial, arm, value, (comparison, P) or None — column "ARR reduction versus placebo/active comparator"
ARR_REDUCTION = [
    ("AFFIRM", "natalizumab", 68, ("<", 0.001)),
    ("FREEDOMS", "fingolimod-1-25mg", 54, ("<", 0.01)),
    ("FREEDOMS", "fingolimod-0-5mg", 60, ("<", 0.01)),
    ("TRANSFORMS", "fingolimod-1-25mg", 38, ("<", 0.001)),
    ("TRANSFORMS", "fingolimod-0-5mg", 52, ("<", 0.001)),
    ("TEMSO", "teriflunomide-7mg", 31.2, ("<", 0.001)),
    ("TEMSO", "teriflunomide-14mg", 31.5, ("<", 0.001)),
    ("DEFINE", "dmf-bid", 53, ("<", 0.001)),
    ("DEFINE", "dmf-tid", 48, ("<", 0.001)),
    ("CONFIRM", "dmf-bid", 44, ("<", 0.001)),
    ("CONFIRM", "dmf-tid", 51, ("<", 0.001)),
    ("CONFIRM", "ga", 29, ("=", 0.01)),
    ("CARE-MS-I", "alemtuzumab", 54.9, ("<", 0.001)),
    ("CARE-MS-II", "alemtuzumab", 49.4, ("<", 0.001)),
]

# trial, arm, value or text, unit, P — column "Reduced risk of disability progression"
DISABILITY = [
    ("AFFIRM", "natalizumab", 42, "%", ("<", 0.001)),
    ("FREEDOMS", "fingolimod-1-25mg", 0.68, "hazard ratio", None),
    ("FREEDOMS", "fingolimod-0-5mg", 0.70, "hazard ratio", None),
    ("TRANSFORMS", None, "No significant difference", None, None),
    ("TEMSO", "teriflunomide-7mg", 23.7, "%", ("=", 0.03)),
    ("TEMSO", "teriflunomide-14mg", 29.8, "%", ("=", 0.03)),
    ("DEFINE", "dmf-bid", 38, "%", ("=", 0.005)),
    ("DEFINE", "dmf-tid", 34, "%", ("=", 0.01)),
    ("CONFIRM", None, "Not statistically significant", None, None),
    ("CARE-MS-I", None, "Not statistically significant", None, None),
    ("CARE-MS-II", "alemtuzumab", 42, "%", ("=", 0.008)),
]


@pytest.mark.parametrize("tid, duration, ctype, ctherapy, arms, ref", DESIGN)
def test_table_2_design(data, tid, duration, ctype, ctherapy, arms, ref):
    t = trial(data, tid)
    assert t["phase"] == 3
    assert (t["durations"][0]["value"], t["durations"][0]["unit"]) == duration
    assert t["durations"][0]["locator"].startswith("Table 2")
    assert (t["comparator"]["type"], t["comparator"]["therapy"]) == (ctype, ctherapy)
    assert {a["id"]: a["n"]["value"] for a in t["arms"]} == arms
    assert t["references"][0]["number"] == ref


@pytest.mark.parametrize("tid, arm, value, p", ARR_REDUCTION)
def test_table_2_arr_reduction(data, tid, arm, value, p):
    ep = endpoint(data, tid, "t2-arr-reduction")
    assert ep["kind"] == "relative_reduction" and ep["unit"] == "%"
    r = next(r for r in ep["results"] if r["arm"] == arm)
    assert r["value"] == value
    assert (r["p"]["comparison"], r["p"]["value"]) == p
    if p[0] == "<":
        assert "<" not in r["p"]["printed"] and "U+E02C" in r["p"]["repair"]


def test_table_2_arr_reduction_has_no_other_cells(data):
    found = {(t["id"], r["arm"]) for t in data["trials"] for e in t["endpoints"] if e["id"] == "t2-arr-reduction"
             for r in e["results"]}
    assert found == {(tid, arm) for tid, arm, _, _ in ARR_REDUCTION}


@pytest.mark.parametrize("tid, arm, value, unit, p", DISABILITY)
def test_table_2_disability(data, tid, arm, value, unit, p):
    ep = endpoint(data, tid, "t2-disability-risk-reduction")
    r = next(r for r in ep["results"] if r["arm"] == arm)
    if isinstance(value, str):
        assert (ep["kind"], r["text"], r["value"], r["significant"]) == ("statement", value, None, False)
    else:
        assert (r["value"], ep["unit"]) == (value, unit)
        assert (None if r["p"] is None else (r["p"]["comparison"], r["p"]["value"])) == p


def test_care_ms_ii_reference_42_is_kept_with_an_erratum(data):
    ref = trial(data, "CARE-MS-II")["references"][0]
    assert ref["number"] == 42 and "cite 43" in ref["erratum"]
