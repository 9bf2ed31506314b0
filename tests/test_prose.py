"""The figures the paper gives in its text: CAMMS223, the 5- and 7-year follow-ups, CARE-MS, safety."""

from conftest import cell, endpoint, trial


def facts(data, tid):
    return {f["id"]: (f["value"], f["bound"], f["unit"]) for f in trial(data, tid)["facts"] if f["value"] is not None}


def test_camms223_text(data):
    assert facts(data, "CAMMS223") == {
        "randomized": (334, None, "patients"),
        "treated": (222, None, "patients"),
        "ifn-dose": (44, None, "µg"),
        "alemtuzumab-dose-low": (12, None, "mg"),
        "alemtuzumab-dose-high": (24, None, "mg"),
        "inclusion-disease-duration": (3, "<", "years"),
        "inclusion-edss": (3, "≤", "EDSS score"),
        "inclusion-relapses": (2, "≥", "relapses"),
        "inclusion-relapse-window": (2, None, "years"),
        "inclusion-gd-lesions": (1, "≥", "lesions"),
        "inclusion-mri-window": (4, None, "months"),
        "itp-cases": (3, None, "patients"),
        "itp-deaths": (1, None, "deaths"),
        "one-cycle-only": (9, None, "patients"),
        "two-cycles": (161, None, "patients"),
        "three-cycles": (45, None, "patients"),
    }
    assert "U+E023" in next(f for f in trial(data, "CAMMS223")["facts"] if f["id"] == "inclusion-edss")["repair"]
    assert [cell(data, "CAMMS223", "text-sustained-disability-progression", a)["value"]
            for a in ("alemtuzumab", "ifn-b1a-sc")] == [9, 26.2]
    assert [cell(data, "CAMMS223", "text-arr", a)["value"] for a in ("alemtuzumab", "ifn-b1a-sc")] == [0.1, 0.36]
    assert cell(data, "CAMMS223", "text-edss-mean-change", "alemtuzumab")["value"] == -0.39
    assert cell(data, "CAMMS223", "text-edss-mean-change", "ifn-b1a-sc")["text"] == "worsened"


def test_five_year_extension(data):
    ext = "CAMMS223-EXT"
    dis = cell(data, ext, "text-disability-risk-reduction", "alemtuzumab")
    rr = cell(data, ext, "text-arr-reduction", "alemtuzumab")
    assert (dis["value"], rr["value"]) == (72, 69)
    assert (rr["p"]["comparison"], rr["p"]["value"]) == ("<", 0.0001)
    assert [cell(data, ext, "text-arr", a)["value"] for a in ("alemtuzumab", "ifn-b1a-sc")] == [0.11, 0.35]
    assert trial(data, ext)["durations"][0]["value"] == 5
    assert [r["number"] for r in trial(data, ext)["references"]] == [46]


def test_seven_year_follow_up(data):
    t = "SEVEN-YEAR-FOLLOW-UP"
    assert trial(data, t)["arms"][0]["n"]["value"] == 87
    assert trial(data, t)["durations"][0]["value"] == 7
    cycles = endpoint(data, t, "text-cycles")["results"]
    assert [(r["text"], r["value"]) for r in cycles] == [
        ("two cycles", 52), ("three cycles", 36), ("four cycles", 8), ("five cycles", 1)]
    assert "97%" in endpoint(data, t, "text-cycles")["erratum"]
    values = {e["id"]: [r["value"] for r in e["results"]] for e in trial(data, t)["endpoints"]}
    assert values["text-arr-after"] == [0.16]
    assert values["text-arr-before"] == [1.78]
    assert values["text-sustained-reduction-6m"] == [43.5]
    assert values["text-sustained-accumulation-6m"] == [32.2]
    assert values["text-sustained-reduction-12m"] == [37.7]
    assert values["text-sustained-accumulation-12m"] == [21.8]
    assert values["text-net-disability"] == [43, 35, 9]
    assert values["text-secondary-autoimmunity"] == [48]


def test_care_ms_text(data):
    assert facts(data, "CARE-MS-I")["randomized"] == (581, None, "patients")
    assert facts(data, "CARE-MS-II")["randomized"] == (667, None, "patients")
    assert [cell(data, "CARE-MS-I", "text-relapsed", a)["value"] for a in ("alemtuzumab", "ifn-b1a-sc")] == [22, 40]
    assert [cell(data, "CARE-MS-II", "text-relapsed", a)["value"] for a in ("alemtuzumab", "ifn-b1a-sc")] == [35, 50]
    one = cell(data, "CARE-MS-I", "text-arr-reduction", "alemtuzumab")
    assert (one["value"], one["p"]["comparison"], one["p"]["value"]) == (54.9, "<", 0.0001)
    assert cell(data, "CARE-MS-II", "text-arr-reduction", "alemtuzumab")["value"] == 49.9
    assert [cell(data, "CARE-MS-I", "text-sustained-disability-progression", a)["value"]
            for a in ("alemtuzumab", "ifn-b1a-sc")] == [8, 11]
    assert [cell(data, "CARE-MS-II", "text-sustained-disability-progression", a)["value"]
            for a in ("alemtuzumab", "ifn-b1a-sc")] == [13, 20]
    assert cell(data, "CARE-MS-II", "text-disability-risk-reduction", "alemtuzumab")["value"] == 42
    assert trial(data, "CARE-MS-I")["population"]["category"] == "treatment-naive"
    assert trial(data, "CARE-MS-II")["population"]["category"] == "previously-treated"


SAFETY = [
    # id, rate (bound, value), comparator rate, count, deaths, course, prophylaxis
    ("infusion-associated-reactions", (">", 90), None, None, None, None, None),
    ("serious-infusion-reactions", (None, 3), None, None, None, None, None),
    ("anaphylaxis", None, None, 2, None, None, None),
    ("infections-mild-moderate", None, None, None, None, None, None),
    ("herpes-infections", (None, 16), 3, None, None, None, None),
    ("herpes-infections-course1-before-acyclovir", (None, 2.8), None, None, None, "first", "none"),
    ("herpes-infections-course1-acyclovir", (None, 0.5), None, None, None, "first", "acyclovir"),
    ("herpes-infections-course2-before-acyclovir", (None, 2.1), None, None, None, "second", "none"),
    ("herpes-infections-course2-acyclovir", (None, 0.4), None, None, None, "second", "acyclovir"),
    ("infection-deaths", None, None, None, 0, None, None),
    ("thyroid-disorder", (None, 34), None, None, None, None, None),
    ("immune-thrombocytopenia", (None, 2), None, 3, 1, None, None),
    ("anti-gbm-disease", None, None, 2, None, None, None),
    ("membranous-glomerulonephritis", None, None, 1, None, None, None),
    ("cytopenias", ("<", 0.2), None, None, None, None, None),
    ("secondary-autoimmunity-7-year", (None, 48), None, None, None, None, None),
    ("thyroid-cancer", (None, 0.3), 0, None, None, None, None),
    ("thyroid-cancer-observational", None, None, 2, None, None, None),
    ("melanoma", (None, 0.3), None, None, None, None, None),
    ("lymphoproliferative-disorders", None, None, None, None, None, None),
    ("burkitt-lymphoma", None, None, 1, 1, None, None),
]


def test_safety_section(data):
    alem = next(t for t in data["therapies"] if t["id"] == "alemtuzumab")
    got = []
    for ae in alem["adverse_events"]:
        rate = ae["rate"]
        got.append((
            ae["id"],
            (rate["bound"], rate["value"]) if rate and rate["value"] is not None else None,
            ae["comparator"]["rate"]["value"] if ae["comparator"] else None,
            ae["count"]["value"] if ae["count"] else None,
            ae["deaths"]["value"] if ae["deaths"] else None,
            ae["course"],
            ae["prophylaxis"],
        ))
    assert got == SAFETY
    assert all(t["adverse_events"] == [] for t in data["therapies"] if t["id"] != "alemtuzumab")
