"""Every cell of Table 3 (alemtuzumab trials). Columns: CAMMS223, CARE-MS I, CARE-MS II.

Each arm cell is (alemtuzumab, interferon β-1a SC). ``None`` marks the empty
CAMMS223 cell of the three rows that print only two value pairs; those pairs
belong to CARE-MS I and CARE-MS II (see the notes on those endpoints).
"""

import pytest

from conftest import endpoint, trial

TRIALS = ("CAMMS223", "CARE-MS-I", "CARE-MS-II")

ARM_ROWS = [
    # endpoint id, kind, unit, CAMMS223, CARE-MS I, CARE-MS II
    ("t3-arr", "annualized_relapse_rate", "relapses/year", (0.1, 0.36), (0.18, 0.39), (0.26, 0.52)),
    ("t3-relapse-free", "proportion", "%", (80, 52), (78, 59), (65, 47)),
    ("t3-edss-mean-change", "mean_change", "EDSS points", (-0.39, 0.38), (-0.14, -0.14), (-0.17, 0.24)),
    ("t3-sustained-disability-progression", "proportion", "%", (9, 26), (8, 11), (9, 22)),
    ("t3-freedom-from-clinical-disease", "proportion", "%", (72, 43), (74, 56), (60, 41)),
    ("t3-gd-enhancing-lesions-24m", "proportion", "%", None, (9, 19), (9, 23)),
    ("t3-new-enlarging-t2-lesions", "proportion", "%", None, (48, 58), (46, 68)),
    ("t3-t2-volume-median-change", "median_change", "%", (-16.4, -13.3), (-9.3, -6.5), (-1.3, -1.2)),
    ("t3-bpf-median-change", "median_change", "%", (-0.5, -1.8), (-0.87, -1.49), (-0.61, -0.81)),
    ("t3-clinical-mri-disease-free", "proportion", "%", None, (39, 27), (32, 14)),
]

# whole-trial rows: endpoint or fact, CAMMS223, CARE-MS I, CARE-MS II
SINGLE_ROWS = [
    ("length of study, months", (36, 24, 24)),
    ("patients with RRMS treated", (222, 376, 426)),
    ("annualized relapse rate, baseline", (1.3, 1.8, 1.7)),
    ("relapse rate reduction", (74, 55, 49)),
]


@pytest.mark.parametrize("ep_id, kind, unit, camms223, care1, care2", ARM_ROWS)
def test_table_3_arm_row(data, ep_id, kind, unit, camms223, care1, care2):
    for tid, expected in zip(TRIALS, (camms223, care1, care2), strict=True):
        eps = [e for e in trial(data, tid)["endpoints"] if e["id"] == ep_id]
        if expected is None:
            assert eps == [], f"{tid} should have no {ep_id}"
            continue
        (ep,) = eps
        assert (ep["kind"], ep["unit"], ep["origin"]) == (kind, unit, "Table 3")
        values = {r["arm"]: r["value"] for r in ep["results"]}
        assert (values["alemtuzumab"], values["ifn-b1a-sc"]) == expected
        assert ep["locator"].startswith("Table 3, row")


def test_table_3_single_value_rows(data):
    got = {
        "length of study, months": tuple(trial(data, t)["durations"][-1]["value"] for t in TRIALS),
        "patients with RRMS treated": tuple(
            next(f["value"] for f in trial(data, t)["facts"] if f["id"] == "treated") for t in TRIALS),
        "annualized relapse rate, baseline": tuple(
            endpoint(data, t, "t3-arr-baseline")["results"][0]["value"] for t in TRIALS),
        "relapse rate reduction": tuple(
            endpoint(data, t, "t3-arr-reduction")["results"][0]["value"] for t in TRIALS),
    }
    assert got == dict(SINGLE_ROWS)
    assert all(trial(data, t)["durations"][-1]["unit"] == "months" for t in TRIALS)


def test_table_3_design_and_references(data):
    for tid, ref, phase in zip(TRIALS, (45, 42, 43), (2, 3, 3), strict=True):
        t = trial(data, tid)
        assert t["design"]["text"] == "Single-blind, randomized, active comparator"
        assert t["phase"] == phase
        assert ref in [r["number"] for r in t["references"] if r["locator"].startswith("Table 3")]


def test_two_pair_rows_explain_their_assignment(data):
    for tid in ("CARE-MS-I", "CARE-MS-II"):
        for ep_id in ("t3-gd-enhancing-lesions-24m", "t3-new-enlarging-t2-lesions", "t3-clinical-mri-disease-free"):
            ep = endpoint(data, tid, ep_id)
            assert "assigned to CARE-MS I and CARE-MS II" in " ".join(ep["note"].split())
            assert ("first of two" if tid == "CARE-MS-I" else "second of two") in ep["locator"]
