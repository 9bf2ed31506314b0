"""The Python API: ``msdmt.open()`` answers every question as the command line does.

``view.to_dict()`` of a catalog method equals ``json.loads`` of the matching
command's ``--json`` output, for every command with a JSON output.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from typing import Any

import pytest

import msdmt
from conftest import run
from msdmt.core.catalog import Catalog

THERAPY_IDS = ["interferon-beta-1b-sc", "interferon-beta-1a-im", "glatiramer-acetate", "mitoxantrone",
               "interferon-beta-1a-sc", "natalizumab", "fingolimod", "teriflunomide", "dimethyl-fumarate",
               "alemtuzumab"]
TRIAL_IDS = ["AFFIRM", "FREEDOMS", "TRANSFORMS", "TEMSO", "DEFINE", "CONFIRM", "CARE-MS-I", "CARE-MS-II", "CAMMS223",
             "CAMMS223-EXT", "SEVEN-YEAR-FOLLOW-UP", "CAMBRIDGE-OPEN-LABEL"]

Ask = Callable[[Catalog], Any]


def _cases() -> list[tuple[list[str], Ask]]:
    cases: list[tuple[list[str], Ask]] = [(["therapies"], lambda c: c.therapies())]
    for route in ("SC", "IM", "IV", "oral", "iv"):
        cases.append((["therapies", "--route", route], lambda c, r=route: c.therapies(r)))
    for name in THERAPY_IDS + ["Lemtrada", "rebif", "IFN β-1a SC", "interferon beta-1b", "DMF", "natal"]:
        cases.append((["therapy", name], lambda c, n=name: c.therapy(n)))
    cases.append((["trials"], lambda c: c.trials()))
    for name in THERAPY_IDS + ["rebif"]:
        cases.append((["trials", "--therapy", name], lambda c, n=name: c.trials(therapy=n)))
    for kind in ("placebo", "active", "PLACEBO"):
        cases.append((["trials", "--comparator", kind], lambda c, k=kind: c.trials(comparator=k)))
    for phase in (1, 2, 3):
        cases.append((["trials", "--phase", str(phase)], lambda c, p=phase: c.trials(phase=p)))
    cases.append((["trials", "--therapy", "fingolimod", "--comparator", "active", "--phase", "3"],
                  lambda c: c.trials("fingolimod", "active", 3)))
    for trial_id in TRIAL_IDS + ["care-ms-1", "CAREMS2", "7-year follow-up"]:
        cases.append((["trial", trial_id], lambda c, t=trial_id: c.trial(t)))
    cases.append((["trial", "care", "ms", "2"], lambda c: c.trial("care ms 2")))
    combos = [list(p) for p in itertools.combinations(TRIAL_IDS, 2)][::4]
    combos += [["CAMMS223", "CARE-MS-I", "CARE-MS-II"], ["CARE-MS-II", "AFFIRM"], ["AFFIRM", "FREEDOMS", "CARE-MS-I"],
               ["care ms 2", "camms223"]]
    for ids in combos:
        cases.append((["compare", *ids], lambda c, i=ids: c.compare(i)))
        cases.append((["compare", *ids, "--chart"], lambda c, i=ids: c.chart(i)))
    cases.append((["adverse-events"], lambda c: c.adverse_events()))
    for name in THERAPY_IDS:
        cases.append((["adverse-events", name], lambda c, n=name: c.adverse_events(n)))
    for sort in ("rate", "event", "category", "source"):
        cases.append((["adverse-events", "--sort", sort], lambda c, s=sort: c.adverse_events(sort=s)))
        cases.append((["adverse-events", "alemtuzumab", "--sort", sort],
                      lambda c, s=sort: c.adverse_events("alemtuzumab", sort=s)))
    for category in ("infusion", "infection", "autoimmune", "malignancy", "haematological", "Malignancy"):
        cases.append((["adverse-events", "--category", category], lambda c, k=category: c.adverse_events(category=k)))
    cases.append((["adverse-events", "rebif", "--category", "infection"],
                  lambda c: c.adverse_events("rebif", category="infection")))
    cases.append((["adverse-events", "alemtuzumab", "--sort", "event", "--category", "malignancy"],
                  lambda c: c.adverse_events("alemtuzumab", "event", "malignancy")))
    for text in ("relapse", "thyroid", "BETA-1A IM", "Goodpasture", "acyclovir"):
        cases.append((["search", text], lambda c, t=text: c.search(t)))
    cases.append((["audit"], lambda c: c.audit()))
    return cases


CASES = _cases()


@pytest.fixture(scope="module")
def cat() -> Catalog:
    return msdmt.open()


@pytest.mark.parametrize("args, ask", CASES, ids=[" ".join(a) for a, _ in CASES])
def test_to_dict_equals_the_commands_json(cat, args, ask):
    result = run(*args, "--json")
    assert (result.exit_code, result.stderr) == (0, "")
    assert ask(cat).to_dict() == json.loads(result.stdout)


def test_every_command_with_json_output_is_covered():
    covered = {args[0] + (" --chart" if "--chart" in args else "") for args, _ in CASES}
    assert covered == {"therapies", "therapy", "trials", "trial", "compare", "compare --chart", "adverse-events",
                       "search", "audit"}  # validate checks a directory and has no catalog method


def test_the_promised_example():
    """The example of msdmt's docstring and of the issue, word for word."""
    assert msdmt.open().trial("care ms 2").to_dict() == json.loads(run("trial", "care", "ms", "2", "--json").stdout)


def test_a_search_without_hits_is_an_empty_view_not_an_error(cat):
    view = cat.search("zzzqqq")
    assert view.hits == []
    result = run("search", "zzzqqq", "--json")
    assert result.exit_code == 1 and view.to_dict() == json.loads(result.stdout)


def test_to_dict_holds_plain_json_values_only(cat):
    """No tuples or other Python-only values: to_dict() survives a JSON round trip unchanged."""
    for _, ask in CASES:
        data = ask(cat).to_dict()
        assert json.loads(json.dumps(data)) == data
