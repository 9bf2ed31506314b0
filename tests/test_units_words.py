"""words.py: how a figure is written. Exact strings, worked out from the rules in the docstrings."""

from __future__ import annotations

import pytest

from msdmt.render.words import num, pvalue


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
