"""The dataset against the independent second extraction (data/extraction/second-pass.json).

Every table cell of the dataset must be found in the second pass for the same
study and arm, with the same P-value and comparison sign; see
data/extraction/README.md for how the differences were reconciled.
"""

import json
import re

from conftest import ROOT

SECOND = json.loads((ROOT / "data" / "extraction" / "second-pass.json").read_text(encoding="utf-8"))


def _arm_class(text):
    text = (text or "").lower()
    if "alem" in text:
        return "alem"
    if "ifn" in text or "interferon" in text:
        return "ifn"
    if "placebo" in text:
        return "placebo"
    m = re.search(r"(1\.25|0\.5|7|14) ?mg", text)
    if m:
        return m.group(1)
    for key in ("bid", "tid", "natalizumab"):
        if key in text:
            return key
    return "ga" if "glatiramer" in text or text == "ga" else text


def _my_arm(arm):
    arm = (arm or "").lower()
    if "alem" in arm:
        return "alem"
    if arm.startswith("ifn"):
        return "ifn"
    m = re.search(r"(1-25|0-5|7|14)mg", arm)
    if m:
        return m.group(1).replace("-", ".")
    return arm.removeprefix("dmf-")


def test_every_table_cell_matches_the_second_pass(data):
    checked, mismatches = 0, []
    for t in data["trials"]:
        for ep in t["endpoints"]:
            if not ep["origin"].startswith("Table"):
                continue
            for r in ep["results"]:
                if r["value"] is None:
                    continue
                checked += 1
                same = [f for f in SECOND if f["subject"] == t["id"] and f["value"] is not None
                        and abs(f["value"] - r["value"]) < 1e-9 and ep["origin"] in f["where"]
                        and f["unit"] != "p-value" and (r["arm"] is None or _arm_class(f["arm"]) == _my_arm(r["arm"]))]
                if not same:
                    mismatches.append((t["id"], ep["id"], r["arm"], r["value"]))
                if r["p"] and not any(f["subject"] == t["id"] and f["unit"] == "p-value"
                                      and f["comparison"] == r["p"]["comparison"]
                                      and abs(f["value"] - r["p"]["value"]) < 1e-12 for f in SECOND):
                    mismatches.append((t["id"], ep["id"], r["arm"], "P", r["p"]["value"]))
    assert mismatches == []
    assert checked == 82


SUBJECTS = {"interferon-beta-1b": "interferon-beta-1b-sc", "CAMMS223-5yr-extension": "CAMMS223-EXT",
            "7yr-follow-up": "SEVEN-YEAR-FOLLOW-UP", "early-open-label": "CAMBRIDGE-OPEN-LABEL", "general": None}

# Second-pass numbers the dataset holds elsewhere or as text, each for a reason (data/extraction/README.md).
KNOWN = {
    # numbers inside labels and dosing text: doses of arms, periods, cycle counts, "month 60"
    ("FREEDOMS", 0.5), ("FREEDOMS", 1.25), ("TRANSFORMS", 0.5), ("TRANSFORMS", 1.25), ("TEMSO", 7), ("TEMSO", 14),
    ("CARE-MS-II", 12), ("CAMMS223-5yr-extension", 60), ("7yr-follow-up", 2), ("7yr-follow-up", 3),
    ("7yr-follow-up", 4), ("7yr-follow-up", 5), ("7yr-follow-up", 6), ("7yr-follow-up", 12),
    ("alemtuzumab", 5), ("dimethyl-fumarate", 1), ("dimethyl-fumarate", 2), ("fingolimod", 1),
    ("glatiramer-acetate", 3), ("glatiramer-acetate", 4), ("mitoxantrone", 3), ("natalizumab", 4),
    ("CARE-MS-II", 1),  # "at least one relapse" is in the population text
    # filed under alemtuzumab's adverse events (comparator rates, the acyclovir amendment)
    ("CARE-MS-II", 0.4), ("CARE-MS-II", 0.5), ("CARE-MS-II", 2.1), ("CARE-MS-II", 2.8),
    ("interferon-beta-1a-sc", 0), ("interferon-beta-1a-sc", 3),
    # review-wide counts and citations outside the tables and the trials' text
    ("general", 2), ("general", 3), ("general", 5), ("general", 9), ("general", 36), ("general", 43),
    ("general", 51), ("general", 425409),
}


def _numbers(node, out):
    if isinstance(node, bool):
        return out
    if isinstance(node, (int, float)):
        out.add(round(abs(float(node)), 6))
    elif isinstance(node, dict):
        for value in node.values():
            _numbers(value, out)
    elif isinstance(node, list):
        for value in node:
            _numbers(value, out)
    return out


def test_every_second_pass_figure_is_in_the_same_record(data):
    by_record = {r["id"]: _numbers(r, set()) for c in ("therapies", "trials") for r in data[c]}
    by_record[None] = _numbers(data["facts"], set()) | _numbers(data["sources"], set())
    missing = set()
    for f in SECOND:
        if f["value"] is None:
            continue
        value = round(abs(float(f["value"])), 6)
        if value not in by_record[SUBJECTS.get(f["subject"], f["subject"])]:
            missing.add((f["subject"], value))
    assert missing == {(s, float(v)) for s, v in KNOWN}
