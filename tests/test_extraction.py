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


def test_every_second_pass_figure_is_in_the_dataset(data):
    def numbers(node, out):
        if isinstance(node, bool):
            return out
        if isinstance(node, (int, float)):
            out.add(round(abs(float(node)), 6))
        elif isinstance(node, dict):
            for value in node.values():
                numbers(value, out)
        elif isinstance(node, list):
            for value in node:
                numbers(value, out)
        return out

    everything = numbers(data, set())
    # Numbers the dataset keeps as text on purpose: dose labels, periods in labels, URL digits (see the README).
    as_text = {1.25, 6.0, 425409.0}
    missing = [(f["subject"], f["what"], f["value"]) for f in SECOND if f["value"] is not None
               and round(abs(float(f["value"])), 6) not in everything | as_text]
    assert missing == []
