"""Default views sized to the question, --full, filters and layout rules (what a person sees at 80 columns)."""

import csv
import io
import json
import re
from pathlib import Path

import pytest

from conftest import run

HERE = Path(__file__).resolve().parent
WIDTH80 = {"COLUMNS": "80"}


@pytest.mark.parametrize("args, budget", [
    (["therapy", "alemtuzumab"], 80),
    (["trial", "CARE-MS-II"], 60),
    (["compare", "CARE-MS-I", "CARE-MS-II"], 70),
    (["therapies"], 50),
    (["adverse-events", "alemtuzumab"], 70),
])
def test_default_views_fit_their_line_budget_at_80_columns(args, budget):
    result = run(*args, env=WIDTH80)
    lines = result.stdout.splitlines()
    assert result.exit_code == 0
    assert len(lines) <= budget
    assert max(len(line) for line in lines) <= 80
    # The same question with --full is the complete detail, much longer.
    assert len(run(*args, "--full", env=WIDTH80).stdout.splitlines()) > budget


def test_care_ms_comparison_at_80_columns_exactly():
    expected = (HERE / "expected_compare_care_ms_80.txt").read_text(encoding="utf-8")
    assert run("compare", "CARE-MS-I", "CARE-MS-II", env=WIDTH80).stdout == expected


def test_compare_is_side_by_side_each_endpoint_on_one_line():
    out = run("compare", "CARE-MS-I", "CARE-MS-II", env=WIDTH80).stdout.splitlines()
    header = next(i for i, line in enumerate(out) if line.startswith("Outcome"))
    assert "CARE-MS I" in out[header - 1] and "CARE-MS II" in out[header - 2]  # columns grouped by trial
    rows = {
        "ARR, end of study": ["0.18", "0.39", "0.26", "0.52"],
        "Proportion relapse-free": ["78%", "59%", "65%", "47%"],
        "Median change in brain": ["-0.87%", "-1.49%", "-0.61%", "-0.81%"],
    }
    for label, values in rows.items():
        (line,) = [x for x in out if x.startswith(label)]
        assert line.split()[-4:] == values, line
    # The derived difference sits under the treated arm's figure of the same trial, on the next line.
    i = out.index(next(x for x in out if x.startswith("Proportion relapse-free")))
    assert out[i + 1].split()[:4] == ["Δ", "+19,", "NNT", "6"] and out[i + 1].split()[5:7] == ["Δ", "+18,"]
    # Whole-trial figures share the trial's first column, marked as such.
    (baseline,) = [x for x in out if x.startswith("Annualized relapse rate,")]
    assert baseline.split()[-6:] == ["1.8", "(all)", "—", "1.7", "(all)", "—"]


def test_trial_summary_puts_each_derived_figure_on_its_own_row():
    out = run("trial", "CARE-MS-II", env=WIDTH80).stdout.splitlines()
    i = out.index(next(x for x in out if x.startswith("Proportion relapse-free")))
    assert out[i].split() == ["Proportion", "relapse-free", "65%", "47%", "Δ", "+18,", "Table", "3"]
    assert out[i + 1].split() == ["NNT", "6", "!"]  # the same cell, folded
    (arr,) = [x for x in out if x.startswith("ARR, end of study")]
    assert arr.split() == ["ARR,", "end", "of", "study", "0.26", "0.52", "Δ", "50%", "lower", "Table", "3"]
    assert "Errata [1], [5], [6]: the paper disagrees with itself there." in out


def _notes_and_figures(node):
    if isinstance(node, dict):
        for key in ("erratum", "repair", "note"):
            if node.get(key):
                yield " ".join(node[key].split())
        for value in node.values():
            yield from _notes_and_figures(value)
    elif isinstance(node, list):
        for value in node:
            yield from _notes_and_figures(value)


@pytest.mark.parametrize("args", [["trial", "CARE-MS-II"], ["therapy", "alemtuzumab"], ["therapies"],
                                  ["compare", "CARE-MS-I", "CARE-MS-II"], ["adverse-events", "alemtuzumab"]])
def test_full_shows_every_note_and_printed_figure_the_json_holds(args):
    data = run(*args, "--json").json()

    def cells(*flags):
        rows = csv.reader(io.StringIO(run(*args, *flags, "-f", "csv").stdout))
        return " ".join(" ".join(c for r in rows for c in r).split())

    notes = set(_notes_and_figures(data))
    text = cells("--full")
    assert notes and all(note in text for note in notes)
    summary = cells()
    assert any(note not in summary for note in notes)  # the summary leaves long notes to --full


def test_endpoint_filter():
    data = run("trial", "CARE-MS-II", "--endpoint", "edss", "--json").json()
    assert [e["id"] for e in data["trial"]["endpoints"]] == ["t3-edss-mean-change"]
    assert data["filters"] == {"endpoint": "edss"} and data["derived"] == []
    relapse = run("compare", "CARE-MS-I", "CARE-MS-II", "--endpoint", "relapse", "--json").json()
    assert sorted({r["measure"] for r in relapse["rows"]}) == [
        "arr", "arr-baseline", "arr-reduction", "relapse-free", "relapsed"]  # ARR: annualized relapse rate
    assert {d["endpoint"] for d in relapse["derived"]} == {"t3-arr", "t3-relapse-free", "text-relapsed"}
    none = run("trial", "AFFIRM", "--endpoint", "gadolinium")
    assert (none.exit_code, none.stderr) == (1, "msdmt: error: no endpoint of AFFIRM matches 'gadolinium'; try a "
                                                "word of an endpoint label such as relapse, EDSS, lesions or "
                                                "disability\n")


def test_compare_picks_trials_by_therapy_and_comparator():
    assert [t["id"] for t in run("compare", "--therapy", "fingolimod", "--json").json()["trials"]] == [
        "FREEDOMS", "TRANSFORMS"]
    picked = run("compare", "AFFIRM", "--therapy", "fingolimod", "--comparator", "placebo", "--json").json()
    assert [t["id"] for t in picked["trials"]] == ["AFFIRM", "FREEDOMS"]
    assert picked["filters"] == {"endpoint": None, "therapy": ["fingolimod"], "comparator": "placebo"}
    alone = run("compare", "--therapy", "natalizumab")
    assert (alone.exit_code, alone.stderr) == (
        1, "msdmt: error: compare needs at least two trials; these filters select 1\n")


def test_a_therapy_named_as_a_trial_gets_its_trials():
    result = run("compare", "fingolimod", "AFFIRM")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == ("msdmt: error: 'fingolimod' is a therapy (Fingolimod), not a trial; its trials: "
                             "FREEDOMS, TRANSFORMS (or: msdmt compare --therapy fingolimod)\n")


def test_trials_of_a_name_shared_by_several_therapies():
    data = run("trials", "--therapy", "interferon", "--json").json()
    assert data["filters"]["therapy"] == ["interferon-beta-1b-sc", "interferon-beta-1a-im", "interferon-beta-1a-sc"]
    assert [t["id"] for t in data["trials"]] == ["TRANSFORMS", "CARE-MS-I", "CARE-MS-II", "CAMMS223", "CAMMS223-EXT"]
    assert {t["role"] for t in data["trials"]} == {"comparator"}


def test_adverse_events_by_event_and_a_hint_for_an_event_named_as_a_therapy():
    data = run("adverse-events", "--event", "thyroid", "--json").json()
    assert [e["id"] for e in data["adverse_events"]] == ["thyroid-disorder", "thyroid-cancer",
                                                         "thyroid-cancer-observational"]
    assert [e["id"] for e in run("adverse-events", "--event", "malignancy", "--sort", "source", "--json").json()[
        "adverse_events"]][:2] == ["thyroid-cancer", "thyroid-cancer-observational"]
    hint = run("adverse-events", "thyroid")
    assert (hint.exit_code, hint.stderr) == (
        1, "msdmt: error: no therapy named 'thyroid'; to find adverse events by name use "
           "'msdmt adverse-events --event thyroid'\n")


def test_layout_rules():
    banner = run("compare", "TRANSFORMS", "AFFIRM", env=WIDTH80).stdout
    assert "! These trials differ in duration (TRANSFORMS: 1 year; AFFIRM: 2 years)." in banner
    lines = banner.splitlines()
    assert lines[-2].startswith("2015;11:1221-1229. doi:10.2147/NDT.S60518") and lines[-2].endswith("NDT.S60518")
    assert lines[-1] == "Figures as reported in a 2015 review; not prescribing information."
    md = run("trial", "AFFIRM", "-f", "markdown", "--full").stdout
    assert md.count("AFFIRM\n") == 1 and md.startswith("# AFFIRM\n") and "## AFFIRM" not in md
    # No word is broken while a space or hyphen could take the break; locators stay on one line.
    for args in (["trial", "CARE-MS-II", "--full"], ["therapy", "fingolimod", "--full"], ["trial", "CARE-MS-I"]):
        out = run(*args, env=WIDTH80).stdout
        assert "gadolinium-enhancin\n" not in out and "sphingosine-1-phosphat\n" not in out
        assert not re.search(r"Table\s*\n\s*\d", out)


def test_structured_dosing_keeps_the_erratum_marker_and_the_cumulative_limit():
    rebif = list(csv.reader(io.StringIO(run("therapy", "rebif", "--full", "-f", "csv").stdout)))
    (printed,) = [r for r in rebif if r[:2] == ["Dosing (as printed)", "4 µg SC 3× per week [2]"]]
    assert ["Dosing (structured)", "4 µg SC 3 times per week [2]", "Table 1"] in rebif  # the same erratum, [2]
    assert any(r[:1] == ["2"] and r[1].startswith("Erratum: Table 1 prints 4 µg.") for r in rebif)
    mitox = list(csv.reader(io.StringIO(run("therapy", "mitoxantrone", "--full", "-f", "csv").stdout)))
    assert ["Dosing (structured)", "12 mg/m² every 3 months (usually) (cumulative limit 140 mg/m²)", "Table 1"] in mitox


def test_json_is_complete_whatever_the_flags():
    full = run("trial", "CARE-MS-II", "--json", "--full").json()
    assert full == run("trial", "CARE-MS-II", "--json").json()
    assert len(json.dumps(full)) > 20_000
