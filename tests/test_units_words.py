"""words.py: how a figure is written. Exact strings, worked out from the rules in the docstrings."""

from __future__ import annotations

import pytest

from msdmt.render.words import NBSP, figure, num, one_line, pvalue, signed, unit_text, where, where_short


# -- num: the printed text where it spells the value, else the value itself, exactly ------------------
def test_num_takes_the_printed_spelling():
    assert num(0.7, "HR 0.70 (95% CI 0.6-0.8)") == "0.70"
    assert num(68, "68% (P0.001)") == "68"
    # the printed token spells abs(value); the sign comes from the value
    assert num(-0.38, "−0.38") == "-0.38"
    assert num(0.38, "0.38") == "0.38"
    # zero is not negative: no "-0"
    assert num(0, "0 of 10") == "0"


def test_num_without_a_matching_printed_token_writes_the_value():
    assert num(0.7) == "0.7"
    assert num(0.7, "HR 0.65") == "0.7"
    assert num(0.7, "") == "0.7"
    assert num(68.0) == "68"
    assert num(-3) == "-3"
    assert num(0) == "0"
    assert num(0.0001) == "0.0001"
    assert num(0.00012) == "0.00012"


@pytest.mark.parametrize(("value", "text"), [
    (1e-05, "0.00001"),  # was "0."
    (5e-05, "0.00005"),  # was "0.0001"
    (2.5e-07, "0.00000025"),  # was "0."
    (1234567, "1234567"),  # was "1.23457e+06"
    (1000000, "1000000"),  # was "1e+06"
    (0.1234567, "0.1234567"),  # was "0.123457"
])
def test_num_never_changes_a_value_it_writes(value, text):
    assert num(value) == text
    assert float(num(value)) == value


def test_pvalue_keeps_the_printed_precision():
    assert pvalue({"comparison": "=", "value": 0.05, "printed": "(P=0.050)"}) == "P=0.050"
    assert pvalue({"comparison": "<", "value": 0.00001, "printed": "P<0.00001"}) == "P<0.00001"


def test_pvalue():
    assert pvalue(None) == ""
    assert pvalue({}) == ""
    assert pvalue({"comparison": "<", "value": 0.001, "printed": "(P0.001)"}) == "P<0.001"
    assert pvalue({"comparison": "=", "value": 0.03}) == "P=0.03"


# -- units: singular for exactly one ------------------------------------------------------------------
@pytest.mark.parametrize(("unit", "value", "text"), [
    ("patients", 1, "patient"),
    ("patients", 1.0, "patient"),
    ("patients", 2, "patients"),
    ("patients", 0, "patients"),
    ("patients", 0.5, "patients"),
    ("years", 1, "year"),
    ("days", 1, "day"),
    ("mg", 1, "mg"),  # no singular form known: unchanged
])
def test_unit_text(unit, value, text):
    assert unit_text(unit, value) == text


# -- figure -------------------------------------------------------------------------------------------
def test_figure_of_nothing_or_of_text_only():
    assert figure(None) == ""
    assert figure({}) == ""
    assert figure({"value": None, "text": "not stated"}) == "not stated"
    assert figure({"value": None}) == ""
    assert figure({"value": None, "text": None}, "%") == ""


@pytest.mark.parametrize(("rec", "unit", "kind", "text"), [
    ({"value": 68}, "%", None, "68%"),
    ({"value": 0.2, "bound": "<"}, "%", None, "<0.2%"),
    # the record's own unit wins over the endpoint's, even when it is None
    ({"value": 68, "unit": None}, "%", None, "68"),
    ({"value": 68, "unit": "%"}, None, None, "68%"),
    ({"value": 0.7, "printed": "0.70"}, "hazard ratio", None, "HR 0.70"),
    ({"value": 0.5, "bound": "<"}, "hazard ratio", None, "HR <0.5"),
    ({"value": 3.5, "bound": "≤"}, "EDSS score", None, "EDSS ≤3.5"),
    ({"value": 5.5}, "EDSS score", None, "EDSS 5.5"),
    ({"value": 0.18, "printed": "0.18"}, "relapses/year", None, "0.18"),
    ({"value": 0.2, "bound": "<"}, "EDSS points", None, "<0.2"),
    ({"value": 2004}, "calendar year", None, "2004"),
    ({"value": 12}, None, None, "12"),
    ({"value": 300}, "mg", None, "300 mg"),
    ({"value": 1}, "years", None, "1 year"),
    ({"value": 2, "bound": ">"}, "years", None, ">2 years"),
    ({"value": 1, "bound": "≥"}, "patients", None, "≥1 patient"),
    # a change is signed when it is an increase
    ({"value": 0.38}, "EDSS points", "mean_change", "+0.38"),
    ({"value": 0.1, "printed": "0.10"}, "EDSS points", "median_change", "+0.10"),
    ({"value": -0.2}, "EDSS points", "mean_change", "-0.2"),
    ({"value": 0}, "EDSS points", "mean_change", "0"),
    ({"value": 0.38}, "EDSS points", "mean", "0.38"),
    ({"value": 0.38}, "EDSS points", None, "0.38"),
    # the record's text follows in brackets
    ({"value": 7, "text": "median follow-up"}, "years", None, "7 years (median follow-up)"),
    ({"value": 42, "text": "P0.001"}, "%", None, "42% (P0.001)"),
    ({"value": 42, "text": ""}, "%", None, "42%"),
])
def test_figure(rec, unit, kind, text):
    assert figure(rec, unit, kind) == text


def test_figure_defaults_to_no_unit_and_no_kind():
    assert figure({"value": 0.38}) == "0.38"
    assert figure({"value": 0.38, "unit": "%"}) == "0.38%"


# -- where: short locators ----------------------------------------------------------------------------
@pytest.mark.parametrize(("locator", "short"), [
    (None, ""),
    ("", ""),
    ('Table 3, row "CARE-MS I", column "ARR"', "Table 3"),
    ("Table 12, footnote a", "Table 12"),
    ('Tables 2 and 3, row "AFFIRM"', "Tables 2 and 3"),
    ("Table 2 and Table 3, rows", "Table 2 and Table 3"),
    ('Text, "Comparative efficacy, safety, and tolerability", paragraph 4', "Text, Comparative efficacy ¶4"),
    ('Text, "Alemtuzumab", paragraph 12, sentence 3', "Text, Alemtuzumab ¶12"),
    ("Figure 1", "Figure 1"),
    ('Text, "Alemtuzumab"', 'Text, "Alemtuzumab"'),  # no paragraph: kept whole
    ("see Table 3", "see Table 3"),  # not at the start: kept whole
])
def test_where(locator, short):
    assert where(locator) == short


def test_one_line():
    assert one_line("a\n  b\tc ") == "a b c"
    assert one_line("") == ""


# -- where_short: the shortest locator, joined by no-break spaces -----------------------------------------
@pytest.mark.parametrize(("locator", "expected"), [
    ('Table 3, row "Alemtuzumab", column "x"', "Table 3"),
    ('Tables 2 and 3, row "x"', "Tables 2 and 3"),
    ('Text, "Comparative efficacy, safety, and tolerability", paragraph 4', "Efficacy ¶4"),
    ('Text, "Safety", paragraph 2', "Safety ¶2"),
    ('Text, "Disease-modifying therapies, in brief", paragraph 12', "Disease-modifying ¶12"),
    ("Figure 1 legend", "Figure 1 legend"),  # not a table or a paragraph: as it is, spaces and all
    (None, ""),
    ("", ""),
])
def test_where_short(locator, expected):
    # a table or a paragraph is joined by no-break spaces; anything else is left as it is
    joined = expected.replace(" ", NBSP) if locator and not locator.startswith("Figure") else expected
    assert where_short(locator) == joined


def test_where_short_has_no_breaking_space():
    assert " " not in where_short('Tables 2 and Table 3, row "x"')
    assert where_short('Text, "Safety", paragraph 2') == "Safety\u00a0¶2"
    assert NBSP == "\u00a0"


def test_signed():
    assert [signed(18), signed(-13), signed(0), signed(0.5), signed(-0.25)] == ["+18", "-13", "0", "+0.5", "-0.25"]
    assert signed(1e-05) == "+0.00001"
