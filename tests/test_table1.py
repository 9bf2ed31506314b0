"""Every cell of Table 1 (approved drugs), as the paper prints it."""

import pytest

# id, brand, year, route, dosing as printed, regimens (amount, unit, route, frequency)
TABLE_1 = [
    ("interferon-beta-1b-sc", "Betaseron", 1993, "SC", "250 µg SC Every other day", [(250, "µg", "SC", "every other day")]),
    ("interferon-beta-1a-im", "Avonex", 1996, "IM", "30 µg IM Once a week", [(30, "µg", "IM", "once a week")]),
    ("glatiramer-acetate", "Copaxone", 1997, "SC", "20 mg SC Daily 40 mg SC 3/week",
     [(20, "mg", "SC", "daily"), (40, "mg", "SC", "3 times per week")]),
    ("mitoxantrone", "Novantrone", 2000, None,
     "Usually 12 mg/m2 Every 3 months up to a cumulative dose of 140 mg/m2", [(12, "mg/m²", None, "every 3 months")]),
    ("interferon-beta-1a-sc", "Rebif", 2002, "SC", "4 µg SC 3× per week", [(4, "µg", "SC", "3 times per week")]),
    ("natalizumab", "Tysabri", 2006, "IV", "300 mg IV Every 4 weeks", [(300, "mg", "IV", "every 4 weeks")]),
    ("fingolimod", "Gilenya", 2010, "oral", "0.5 mg orally, daily", [(0.5, "mg", "oral", "daily")]),
    ("teriflunomide", "Aubagio", 2012, "oral", "7 mg or 14 mg orally, daily",
     [(7, "mg", "oral", "daily"), (14, "mg", "oral", "daily")]),
    ("dimethyl-fumarate", "Tecfidera", 2013, "oral",
     "120 mg 2× per day starter dose (1 week); 240 mg 2× per day thereafter",
     [(120, "mg", "oral", "twice a day"), (240, "mg", "oral", "twice a day")]),
    ("alemtuzumab", "Lemtrada", 2014, "IV",
     "IV infusion 5 on consecutive days, and then 3 consecutive days 1 year later",
     [(None, None, "IV", "once a day on 5 consecutive days"), (None, None, "IV", "once a day on 3 consecutive days")]),
]

MECHANISM_STARTS = {
    "interferon-beta-1b-sc": ("Downregulation of MHC class II", [18]),
    "interferon-beta-1a-im": ("Same as Betaseron.", []),
    "glatiramer-acetate": ("Four amino acid synthetic polymer", []),
    "mitoxantrone": ("Antineoplastic drug.", [19]),
    "interferon-beta-1a-sc": ("Same as Betaseron.", []),
    "natalizumab": ("Monoclonal antibody against cell adhesion molecule α4-integrin", [19]),
    "fingolimod": ("Spingosine-1-phosphate receptor modulator", [19]),
    "teriflunomide": ("Pyrimidine synthesis inhibitor", [19]),
    "dimethyl-fumarate": ("Exact mechanism unknown", [19]),
    "alemtuzumab": ("Anti-CD52 monoclonal antibody.", [20, 21]),
}


def test_table_1_has_ten_rows_in_the_papers_order(data):
    assert [t["id"] for t in data["therapies"]] == [row[0] for row in TABLE_1]


@pytest.mark.parametrize("tid, brand, year, route, printed, regimens", TABLE_1)
def test_table_1_row(data, tid, brand, year, route, printed, regimens):
    t = next(t for t in data["therapies"] if t["id"] == tid)
    assert t["brand"] == brand
    assert t["approval_year"]["value"] == year
    assert t["approval_year"]["locator"].startswith("Table 1, row")
    assert t["route"] == route
    assert t["dosing"]["printed"] == printed
    assert [(r["amount"], r["unit"], r["route"], r["frequency"]) for r in t["dosing"]["regimens"]] == regimens
    start, refs = MECHANISM_STARTS[tid]
    assert t["mechanism"]["text"].startswith(start)
    assert [r["number"] for r in t["references"]] == refs


def test_table_1_known_problems_are_recorded_not_fixed(data):
    rebif = next(t for t in data["therapies"] if t["id"] == "interferon-beta-1a-sc")
    assert rebif["dosing"]["regimens"][0]["amount"] == 4  # as printed, not 44
    assert "44 µg three times per week" in rebif["dosing"]["erratum"]
    alem = next(t for t in data["therapies"] if t["id"] == "alemtuzumab")
    assert "no amount per infusion" in alem["dosing"]["erratum"]
    mito = next(t for t in data["therapies"] if t["id"] == "mitoxantrone")
    assert mito["dosing"]["regimens"][0]["cumulative_limit"] == 140
