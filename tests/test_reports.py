"""Several reports of one trial, from different sources: kept apart, each figure with its source, disagreements shown.

The fixture directory (tests/fixtures/reports) adds to the bundled data two sources of type ``example``, whose
figures are made up: a second report of AFFIRM (ARR reduction 60% where the review prints 68%, placebo n=312 where
it prints 315, and a relapse-free endpoint whose placebo figure names the second example source), and a trial the
review does not have (EXAMPLE-2). The expected_*_80.txt files are the exact output at 80 columns.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import msdmt
from conftest import copy_bundled, run

HERE = Path(__file__).parent / "fixtures" / "reports"
DIR = str(HERE)
W80 = {"COLUMNS": "80"}
BABIJ_VINTAGE = "Figures as reported in a 2015 review; not prescribing information."
REPORT_VINTAGE = "Example figures, made up for the tests; not evidence."
LABEL_VINTAGE = "Label figures, made up for the tests; not evidence."


def expected(name: str) -> str:
    return (HERE / f"expected_{name}_80.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(("args", "name"), [
    (["trial", "AFFIRM"], "trial_affirm"),
    (["compare", "AFFIRM", "FREEDOMS"], "compare_affirm_freedoms"),
    (["compare", "TEMSO", "EXAMPLE-2"], "compare_temso_example2"),
    (["trials", "--therapy", "natalizumab"], "trials_therapy_natalizumab"),
])
def test_what_people_see_at_80_columns(args, name):
    result = run("--data-dir", DIR, *args, env=W80)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == expected(name)


def test_trial_shows_both_values_with_their_sources_and_the_footer_cites_both():
    out = run("--data-dir", DIR, "trial", "AFFIRM", env={"COLUMNS": "200"}).stdout
    assert "babij2015:\n" in out and "example-report:\n" in out
    assert ("ARR reduction versus placebo/active comparator, Natalizumab vs Placebo: 68% (babij2015, Table 2); "
            "60% (example-report, Table 1)\n") in out
    assert "Patients in the Placebo arm: 315 patients (babij2015, Table 2); 312 patients (example-report, Table 1)\n" \
        in out
    # each citation is followed by its own vintage line, in the order of the sources
    lines = out.splitlines()
    at = [i for i, line in enumerate(lines) if line.startswith("Source: ")]
    assert [lines[i + 1] for i in at[:1]] == [BABIJ_VINTAGE]
    assert lines[at[1]].startswith("Source: Example A. A made-up second report of AFFIRM")
    assert lines[at[1] + 1] == REPORT_VINTAGE
    assert lines[at[2]].startswith("Source: Example B. A made-up label") and lines[at[2] + 1] == LABEL_VINTAGE
    assert len(at) == 3 and lines[-1] == LABEL_VINTAGE


def test_trial_json_keeps_each_report_whole_and_lists_the_disagreements():
    view = run("--data-dir", DIR, "trial", "AFFIRM", "--json").json()
    assert view["trial"]["source"] == "babij2015"
    assert [o["trial"]["source"] for o in view["other_reports"]] == ["example-report"]
    assert [s["id"] for s in view["sources"]] == ["babij2015", "example-report", "example-label"]
    assert view["disagreements"] == [
        {"trial": "AFFIRM", "measure": "arm-size", "arm": "placebo", "versus": None, "figures": [
            {"report": "babij2015", "source": "babij2015", "endpoint": None, "label": "Placebo, n", "value": 315, "bound": None,
             "unit": "patients", "printed": "Placebo, n=315",
             "locator": 'Table 2, row "Natalizumab AFFIRM", column "Patients (n)"'},
            {"report": "example-report", "source": "example-report", "endpoint": None, "label": "Placebo, n", "value": 312, "bound": None,
             "unit": "patients", "printed": "n=312", "locator": "Table 1, row AFFIRM, column n"}]},
        {"trial": "AFFIRM", "measure": "arr-reduction", "arm": "natalizumab", "versus": "placebo", "figures": [
            {"report": "babij2015", "source": "babij2015", "endpoint": "t2-arr-reduction",
             "label": "ARR reduction versus placebo/active comparator", "value": 68, "bound": None, "unit": "%",
             "printed": "68% (P0.001)",
             "locator": 'Table 2, row "Natalizumab AFFIRM", column "ARR reduction versus placebo/active comparator"'},
            {"report": "example-report", "source": "example-report", "endpoint": "arr-reduction",
             "label": "Relative reduction in annualized relapse rate", "value": 60, "bound": None, "unit": "%",
             "printed": "60%", "locator": 'Table 1, row AFFIRM, column "ARR reduction"'}]},
    ]
    # derived from the later report alone (a figure quoted from another source has an endpoint of its own, so
    # no derived figure mixes sources here; derive's unit tests cover the caution when one does)
    (d,) = view["other_reports"][0]["derived"]
    assert d["id"] == "AFFIRM@example-report:relapse-free:natalizumab:placebo:absolute-difference"
    assert (d["value"], d["source"], d["sources"], d["report"]) == (21, "example-report", ["example-report"],
                                                                    "example-report")
    assert d["cautions"] == []
    assert view["derived"] == []  # the review's AFFIRM row has nothing msdmt derives


def _figures(node, path=()):
    """Every located figure in a view: a mapping with 'printed' (P-values apart, which belong to a result)."""
    if isinstance(node, dict):
        if "printed" in node and path[-1:] != ("p",):
            yield path, node
        for k, v in node.items():
            yield from _figures(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _figures(v, path + (i,))


@pytest.mark.parametrize("args", [["trial", "AFFIRM"], ["compare", "AFFIRM", "FREEDOMS"], ["therapy", "natalizumab"],
                                  ["trials"], ["therapies"], ["adverse-events"], ["search", "relapse"],
                                  ["compare", "AFFIRM", "TEMSO", "--chart"], ["trial", "EXAMPLE-2"]])
def test_every_json_figure_carries_its_source_and_the_view_cites_exactly_those(args):
    view = run("--data-dir", DIR, *args, "--json").json()
    found = list(_figures(view)) if view["view"] != "chart" else [
        (("bar",), b) for p in view["panels"] for g in p["groups"] for b in g["bars"]]
    assert found, args
    missing = [p for p, f in found if not f.get("source")]
    assert missing == [], args
    named = {f["source"] for _, f in found}
    if view["view"] == "trial":  # a report's own source is cited with it even when every figure names another
        named |= {view["trial"]["source"], *(o["trial"]["source"] for o in view["other_reports"])}
    assert {s["id"] for s in view["sources"]} == named, args


def test_a_view_cites_only_the_sources_it_shows():
    assert [s["id"] for s in run("--data-dir", DIR, "trial", "FREEDOMS", "--json").json()["sources"]] == ["babij2015"]
    assert [s["id"] for s in run("--data-dir", DIR, "trial", "EXAMPLE-2", "--json").json()["sources"]] == [
        "example-report"]
    out = run("--data-dir", DIR, "trial", "EXAMPLE-2", env={"COLUMNS": "200"}).stdout
    assert "Babij" not in out and "2015 review" not in out
    assert out.endswith(f"{REPORT_VINTAGE}\n")
    assert [s["id"] for s in run("--data-dir", DIR, "therapies", "--json").json()["sources"]] == ["babij2015"]


def test_compare_keeps_another_sources_rows_apart_under_the_same_arms():
    view = run("--data-dir", DIR, "compare", "AFFIRM", "FREEDOMS", "--json").json()
    assert [(r["report"], r["source"], r["origin"], r["measure"]) for r in view["rows"]] == [
        ("babij2015", "babij2015", "Table 2", "arr-reduction"),
        ("babij2015", "babij2015", "Table 2", "disability-risk-reduction"),
        ("example-report", "example-report", "Table 1", "arr-reduction"),
        ("example-report", "example-report", "Table 1", "relapse-free"),
        ("example-report", "example-label", "Label", "relapse-free")]
    assert [(c["trial"], c["arm"]) for c in view["columns"]] == [
        ("AFFIRM", "natalizumab"), ("AFFIRM", "placebo"),
        ("FREEDOMS", "fingolimod-1-25mg"), ("FREEDOMS", "fingolimod-0-5mg"), ("FREEDOMS", "placebo")]
    assert [t["source"] for t in view["trials"]] == ["babij2015", "babij2015"]
    assert [t["source"] for t in view["other_reports"]] == ["example-report"]
    (placebo,) = view["rows"][4]["cells"]["AFFIRM/placebo"]
    assert (placebo["value"], placebo["source"], placebo["locator"]) == (46, "example-label",
                                                                        "Label, section 14, table 3")
    assert [d["measure"] for d in view["disagreements"]] == ["arm-size", "arr-reduction"]
    assert [d["id"] for d in view["derived"]] == [
        "AFFIRM@example-report:relapse-free:natalizumab:placebo:absolute-difference"]


def test_a_new_trial_from_another_source_is_never_credited_to_the_review():
    """The issue's own case: a companion trial of TEMSO from another paper, compared with TEMSO."""
    view = run("--data-dir", DIR, "compare", "TEMSO", "EXAMPLE-2", "--json").json()
    assert [(t["id"], t["source"]) for t in view["trials"]] == [("TEMSO", "babij2015"), ("EXAMPLE-2", "example-report")]
    rows = {r["source"]: r for r in view["rows"] if r["measure"] == "arr-reduction"}
    assert rows["example-report"]["cells"]["EXAMPLE-2/teriflunomide-14mg"][0]["source"] == "example-report"
    assert "EXAMPLE-2/teriflunomide-14mg" not in rows["babij2015"]["cells"]
    trials = run("--data-dir", DIR, "trials", "--json").json()["trials"]
    assert [(t["id"], t["source"]) for t in trials if t["source"] != "babij2015"] == [
        ("AFFIRM", "example-report"), ("EXAMPLE-2", "example-report")]


def test_audit_reports_the_disagreement_with_both_values_sources_and_locators():
    view = run("--data-dir", DIR, "audit", "--json").json()
    found = [f for f in view["findings"] if f["check"] == "reports"]
    assert [(f["subject"], f["arm"], f["values"], f["sources"], f["locators"]) for f in found] == [
        ("arm size", "Placebo", [315, 312], ["babij2015", "example-report"],
         ['Table 2, row "Natalizumab AFFIRM", column "Patients (n)"', "Table 1, row AFFIRM, column n"]),
        ("ARR reduction versus placebo/active comparator", "Natalizumab", [68, 60], ["babij2015", "example-report"],
         ['Table 2, row "Natalizumab AFFIRM", column "ARR reduction versus placebo/active comparator"',
          'Table 1, row AFFIRM, column "ARR reduction"']),
    ]
    assert view["counts"]["reports"] == 2
    rows = list(csv.reader(io.StringIO(run("--data-dir", DIR, "audit", "-f", "csv").stdout)))
    assert [r for r in rows if r[:1] == ["reports"]] == [
        ["reports", "AFFIRM\n(babij2015, example-report)", "babij2015: 315 patients; example-report: 312 patients",
         "Table 2\nTable 1",
         "reports from different sources give different figures for arm size (Placebo); msdmt keeps each and "
         "picks none"],
        ["reports", "AFFIRM\n(babij2015, example-report)", "babij2015: 68%; example-report: 60%",
         "Table 2\nTable 1",
         "reports from different sources give different figures for ARR reduction versus placebo/active "
         "comparator (Natalizumab); msdmt keeps each and picks none"]]
    assert run("audit", "--json").json()["counts"].get("reports") is None  # the bundled data alone: none


def test_the_bundled_data_is_unchanged_beside_the_reports():
    view = run("--data-dir", DIR, "therapies", "--json").json()
    assert len(view["therapies"]) == 10
    alone = run("trial", "AFFIRM", "--json").json()
    beside = run("--data-dir", DIR, "trial", "AFFIRM", "--json").json()
    assert beside["trial"] == alone["trial"] and beside["derived"] == alone["derived"]
    assert (alone["other_reports"], alone["disagreements"]) == ([], [])


def test_search_hits_name_the_report_they_are_in():
    hits = run("--data-dir", DIR, "search", "relapse-free", "--json").json()["hits"]
    mine = [h for h in hits if h["id"] == "AFFIRM"]
    assert [(h["source"], h["item"], [f["source"] for f in h["figures"]]) for h in mine] == [
        ("example-report", "relapse-free", ["example-report"]), ("example-report", "relapse-free", ["example-report"]),
        ("example-report", "relapse-free-label", ["example-label"])]
    out = run("--data-dir", DIR, "search", "relapse-free", env={"COLUMNS": "200"}).stdout
    assert "Placebo: 46% (from example-label)" in out


def test_sources_count_what_each_contributes():
    uses = {u["source"]["id"]: u["counts"] for u in run("--data-dir", DIR, "sources", "--json").json()["sources"]}
    # Counted by hand from the fixture, each by its own source. example-report: 2 trials; endpoints: AFFIRM's
    # arr-reduction and relapse-free, EXAMPLE-2's arr-reduction; figures: AFFIRM 1 duration + 2 arm sizes + 1 + 2
    # results = 6, EXAMPLE-2 1 duration + 2 arm sizes + 1 result = 4. example-label: the label endpoint, 1 result.
    assert uses["example-report"] == {"therapies": 0, "trials": 2, "endpoints": 3, "adverse events": 0, "facts": 0,
                                      "figures": 10}
    assert uses["example-label"] == {"therapies": 0, "trials": 0, "endpoints": 1, "adverse events": 0, "facts": 0,
                                     "figures": 1}


def test_the_api_answers_the_same():
    cat = msdmt.open(DIR)
    assert cat.trial("AFFIRM").to_dict() == run("--data-dir", DIR, "trial", "AFFIRM", "--json").json()
    assert [r["source"] for r in cat.trial_reports("AFFIRM")] == ["babij2015", "example-report"]


def _with_trials(tmp_path: Path, trials: str, sources: str | None = None) -> Path:
    d = tmp_path / "user"
    d.mkdir()
    (d / "sources.yaml").write_text((HERE / "sources.yaml").read_text(encoding="utf-8") if sources is None
                                    else sources, encoding="utf-8")
    (d / "trials.yaml").write_text(trials, encoding="utf-8")
    return d


def test_the_same_trial_from_the_same_source_twice_is_an_error(tmp_path):
    text = (HERE / "trials.yaml").read_text(encoding="utf-8").replace("source: example-report", "source: babij2015", 1)
    d = _with_trials(tmp_path, text)
    line = text.splitlines().index("  - id: AFFIRM") + 1
    bundled = msdmt.data.load.bundled_dir() / "trials.yaml"
    first = bundled.read_text(encoding="utf-8").splitlines().index("  - id: AFFIRM") + 1
    result = run("--data-dir", str(d), "trial", "AFFIRM")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (f"msdmt: {d / 'trials.yaml'}:{line}: trials.0.id: duplicate trial id 'AFFIRM' from "
                             f"source 'babij2015' (first at {bundled}:{first}); another report of a trial needs "
                             "another source\nmsdmt: hint: records repeat those of another directory or of the "
                             "bundled data; to use a directory's data alone, add --no-bundled\n")


def test_a_figure_naming_an_unknown_source_is_an_error(tmp_path):
    text = (HERE / "trials.yaml").read_text(encoding="utf-8").replace("source: example-label", "source: nowhere")
    d = _with_trials(tmp_path, text)
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "source: nowhere" in t)
    result = run("--data-dir", str(d), "trials")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"msdmt: {d / 'trials.yaml'}:{line}: trials.0.endpoints.2.source: unknown source 'nowhere'\n"


def test_a_result_cannot_name_another_source_than_its_endpoint(tmp_path):
    # A result has no locator of its own: a figure of another source would be shown at this source's table.
    text = (HERE / "trials.yaml").read_text(encoding="utf-8").replace(
        '          - {arm: placebo, value: 46, printed: "46%"}\n      # A figure',
        '          - {arm: placebo, value: 46, printed: "46%", source: example-label}\n      # A figure')
    d = _with_trials(tmp_path, text)
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "46%\", source: example-label" in t)
    result = run("--data-dir", str(d), "trials")
    assert result.stderr == (f"msdmt: {d / 'trials.yaml'}:{line}: trials.0.endpoints.1.results.1.source: a result "
                             "is printed where its endpoint is, so it is from the endpoint's source 'example-report'; "
                             "give a figure of 'example-label' an endpoint of its own, with that source and its "
                             "locator\n")


def test_a_full_copy_alone_has_one_report_per_trial(tmp_path):
    d = copy_bundled(tmp_path)
    view = run("--no-bundled", "--data-dir", str(d), "trial", "AFFIRM", "--json").json()
    assert (view["other_reports"], [s["id"] for s in view["sources"]]) == ([], ["babij2015"])
    assert json.dumps(view).count('"source": "babij2015"') > 5


def test_a_chart_names_the_source_of_a_bar_that_is_not_the_trials_first_report():
    view = run("--data-dir", DIR, "compare", "AFFIRM", "TEMSO", "--chart", "--json").json()
    bars = [(b["label"], b["value"], b["source"]) for b in view["panels"][0]["groups"][0]["bars"]]
    # both reports' bars, each with its source, and marked: the two reports give different figures
    assert bars[:2] == [("AFFIRM: Natalizumab ≠", 68, "babij2015"), ("AFFIRM: Natalizumab (example-report) ≠", 60,
                                                                     "example-report")]
    assert view["caution"].endswith("≠ marks a figure that another report of the same trial gives differently "
                                    "(msdmt trial ID).")
    alone = run("compare", "AFFIRM", "TEMSO", "--chart", "--json").json()  # one report each: no mark
    labels = [b["label"] for p in alone["panels"] for g in p["groups"] for b in g["bars"]]
    assert labels and not any("≠" in x for x in labels) and "≠" not in alone["caution"]
    assert [s["id"] for s in view["sources"]] == ["babij2015", "example-report"]  # no bar of example-label


def test_a_filtered_compare_still_names_the_source_of_its_rows():
    out = run("--data-dir", DIR, "compare", "AFFIRM", "TEMSO", "--endpoint", "relapse-free", env=W80).stdout
    assert "\nexample-\nreport,\nTable 1:\n" in out  # the heading row, wrapped in its narrow first column
    rows = list(csv.reader(io.StringIO(run("--data-dir", DIR, "compare", "AFFIRM", "TEMSO", "--endpoint",
                                           "relapse-free", "-f", "csv").stdout)))
    assert ["Relapse-free at 2 years", "Table 1 (example-report)"] in [r[:2] for r in rows]


def test_trials_list_a_trials_reports_together_and_count_them_apart():
    trials = run("--data-dir", DIR, "trials", "--json").json()["trials"]
    assert [(t["id"], t["source"]) for t in trials][:3] == [
        ("AFFIRM", "babij2015"), ("AFFIRM", "example-report"), ("FREEDOMS", "babij2015")]
    counts = run("--data-dir", DIR, "validate", "--json").json()["counts"]
    assert counts == {"therapies": 10, "trials": 13, "trial reports": 14, "endpoints": 75, "adverse events": 21}
    assert "trial reports" not in run("validate", "--json").json()["counts"]
    hint = run("--data-dir", DIR, "trial", "natalizumab")
    assert hint.stderr == ("msdmt: error: 'natalizumab' is a therapy (Natalizumab), not a trial; its trials: AFFIRM "
                           "(or: msdmt compare --therapy natalizumab)\n")


def test_an_endpoint_only_a_later_report_gives_is_found_and_a_miss_names_the_trial_once():
    view = run("--data-dir", DIR, "trial", "AFFIRM", "--endpoint", "relapse-free", "--json").json()
    assert (view["trial"]["endpoints"], [e["id"] for e in view["other_reports"][0]["trial"]["endpoints"]]) == (
        [], ["relapse-free", "relapse-free-label"])
    miss = run("--data-dir", DIR, "trial", "AFFIRM", "--endpoint", "lesions")
    assert miss.exit_code == 1 and miss.stderr.startswith("msdmt: error: no endpoint of AFFIRM matches 'lesions';")


def test_a_full_copy_added_to_the_bundled_data_hints_at_no_bundled(tmp_path):
    d = copy_bundled(tmp_path)
    result = run("--data-dir", str(d), "trials")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == ("msdmt: hint: records repeat those of another directory or of the "
                                              "bundled data; to use a directory's data alone, add --no-bundled")
    assert "hint" not in run("--no-bundled", "--data-dir", str(d), "trials").stderr


SOURCE_TEMPLATE = """\
schema_version: 1

sources:
  - id: example-x
    type: example
    authors: ["{author}"]
    title: A made-up source
    container: msdmt tests
    url: "{url}"
    vintage: Made-up figures for the tests.
"""


@pytest.mark.parametrize(("author", "url", "message"), [
    ("Example A", "https://example.org/x},note={INJECTED},x={",
     "sources.0.url: a URL is http:// or https://, without spaces, braces, quotes, backslashes or angle brackets"),
    ("Example, A", "https://example.org/x",
     "sources.0: write each author as 'Family Initials' without a comma or semicolon (one item per author), "
     "not 'Example, A'"),
])
def test_a_source_that_would_break_a_citation_format_is_refused(tmp_path, author, url, message):
    d = tmp_path / "user"
    d.mkdir()
    (d / "sources.yaml").write_text(SOURCE_TEMPLATE.format(author=author, url=url), encoding="utf-8")
    result = run("--data-dir", str(d), "sources")
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"msdmt: {d / 'sources.yaml'}:") and line.endswith(message), line


def test_a_trial_that_follows_itself_is_refused(tmp_path):
    text = (HERE / "trials.yaml").read_text(encoding="utf-8").replace(
        "    name: EXAMPLE-2\n", "    name: EXAMPLE-2\n    parent: EXAMPLE-2\n")
    d = _with_trials(tmp_path, text)
    line = text.splitlines().index("    parent: EXAMPLE-2") + 1
    result = run("--data-dir", str(d), "trials")
    assert result.stderr == f"msdmt: {d / 'trials.yaml'}:{line}: trials.1.parent: a trial cannot follow itself\n"


def test_the_store_says_which_report_and_source_each_row_belongs_to(tmp_path):
    text = (HERE / "trials.yaml").read_text(encoding="utf-8").replace(
        '          - {arm: natalizumab, versus: placebo, value: 60, printed: "60%"}',
        '          - {arm: natalizumab, versus: placebo, value: 60, printed: "60%", note: Made-up note.}')
    db = msdmt.open(_with_trials(tmp_path, text)).store.db
    assert db.execute("SELECT report_source_id, path, text FROM notes WHERE owner_id = 'AFFIRM' AND text = "
                      "'Made-up note.'").fetchall() == [("example-report", "endpoints/arr-reduction/results/0",
                                                         "Made-up note.")]
    assert {r[0] for r in db.execute("SELECT report_source_id FROM reference_numbers WHERE owner_id = 'AFFIRM'")} \
        == {"babij2015"}
    assert db.execute("SELECT source_id, rate_source_id, comparator_rate_source_id FROM adverse_events "
                      "WHERE adverse_event_id = 'herpes-infections'").fetchone() == ("babij2015",) * 3
    assert db.execute("SELECT source_id, report_source_id, value FROM results WHERE trial_id = 'AFFIRM' AND "
                      "endpoint_id = 'relapse-free-label' AND arm_id = 'placebo'").fetchone() == (
        "example-label", "example-report", 46.0)


def test_lists_of_trials_mark_a_figure_another_report_gives_differently():
    out = run("--data-dir", DIR, "therapy", "natalizumab", env={"COLUMNS": "200"}).stdout
    assert "AFFIRM (babij2015), vs Placebo" in out and "ARR reduction 60% [2]" in out
    assert " 2   Note: another report of AFFIRM gives a different figure (msdmt trial AFFIRM)\n" in out
    assert "[2]" not in run("therapy", "natalizumab", env={"COLUMNS": "200"}).stdout  # one report: nothing to mark


def test_audit_reports_reports_that_describe_the_trial_differently(tmp_path):
    text = (HERE / "trials.yaml").read_text(encoding="utf-8").replace("    phase: 3\n", "    phase: 2\n", 1).replace(
        "        therapy: natalizumab\n        role: treatment\n", "        therapy: fingolimod\n        role: treatment\n", 1)
    d = str(_with_trials(tmp_path, text))
    view = run("--data-dir", d, "audit", "--json").json()
    design = [(f["subject"], f["text"], f["sources"]) for f in view["findings"] if f["reason"] == "design-differs"]
    assert design == [
        ("phase", "babij2015: 3; example-report: 2", ["babij2015", "example-report"]),
        ("arms", "babij2015: natalizumab (natalizumab, treatment), placebo (no therapy, comparator); example-report: "
                 "natalizumab (fingolimod, treatment), placebo (no therapy, comparator)", ["babij2015", "example-report"]),
    ]
    rows = list(csv.reader(io.StringIO(run("--data-dir", d, "audit", "-f", "csv").stdout)))
    assert ["reports", "AFFIRM\n(babij2015, example-report)", "babij2015: 3; example-report: 2", "",
            "reports from different sources describe the trial's phase differently"] in rows


def test_a_record_of_an_example_source_cannot_name_a_real_source(tmp_path):
    # A made-up figure must never stand under a real citation.
    text = (HERE / "trials.yaml").read_text(encoding="utf-8").replace("source: example-label", "source: babij2015")
    d = _with_trials(tmp_path, text)
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "source: babij2015" in t)
    result = run("--data-dir", str(d), "trials")
    assert result.stderr == (f"msdmt: {d / 'trials.yaml'}:{line}: trials.0.endpoints.2.source: a record of an "
                             "example source (made-up figures) cannot name 'babij2015', a source of type review\n")


def test_a_global_option_after_the_command_says_where_it_goes():
    result = run("trial", "AFFIRM", "--data-dir", DIR)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("msdmt: error: No such option: --data-dir; the global options --data-dir and "
                             "--no-bundled go before the command (msdmt --data-dir DIR trial ID) (see 'msdmt --help')\n")


FROM_OTHER = str(Path(__file__).parent / "fixtures" / "from-other")
LABEL_NOTE = "Note: this figure is from example-label, not from example-paper"


@pytest.mark.parametrize(("args", "shown"), [
    (["therapies"], ["Examplumab", "2031 (from example-label)", "11 mg IV every 5 weeks (from example-label)"]),
    (["therapies", "--full"], ["2031 (from example-label)", "11 mg IV every 5 weeks (from example-label)"]),
    (["therapy", "examplumab"], ["approved 2031 (from example-label)",
                                "11 mg IV every 5 weeks (from example-label)",
                                "EXAMPLE-9 (example-paper), vs Placebo"]),
    (["therapy", "examplumab", "--full"], ["2031 [1]", "11 mg IV every 5 weeks [1]", LABEL_NOTE,
                                           "3 years (from example-label)", "n=111 (from example-label)"]),
    (["trials", "--therapy", "examplumab"], ["3 years (from example-label)", "n=111 (from example-label)"]),
    (["trial", "EXAMPLE-9"], ["3 years (from example-label)", "Examplumab n=111 (from example-label)"]),
    (["trial", "EXAMPLE-9", "--full"], ["3 years [1]", "111 patients [1]", LABEL_NOTE]),
    (["compare", "EXAMPLE-9", "AFFIRM"], ["EXAMPLE-9 (example-paper): phase 3, 3 years (from example-label); "
                                          "Examplumab n=111 (from example-label) vs Placebo n=112"]),
    (["compare", "EXAMPLE-9", "AFFIRM", "--full"], ["3 years (from example-label)", "n=111 (from example-label)"]),
])
def test_a_figure_of_another_source_than_its_record_says_so_where_it_is_shown(args, shown):
    out = run("--data-dir", FROM_OTHER, *args, env={"COLUMNS": "250"}).stdout
    missing = [s for s in shown if s not in out]
    assert missing == [], (args, out)
    # and the label is cited under its own vintage line
    assert "Label figures, made up for the tests; not evidence." in out, args


def test_no_hint_when_a_directory_repeats_only_its_own_records(tmp_path):
    d = tmp_path / "user"
    d.mkdir()
    source = SOURCE_TEMPLATE.format(author="Example A", url="https://example.org/x").split("sources:\n")[1]
    (d / "sources.yaml").write_text(SOURCE_TEMPLATE.format(author="Example A", url="https://example.org/x") + source,
                                    encoding="utf-8")
    result = run("--data-dir", str(d), "trials")
    assert result.exit_code == 1
    assert result.stderr.endswith("sources.1.id: duplicate source id 'example-x'\n"), result.stderr
    assert "msdmt: hint:" not in result.stderr


def test_filters_keep_every_report_of_a_trial_that_matches(tmp_path):
    # A later report need not restate phase or comparator: filtering on them keeps it beside the first.
    text = (HERE / "trials.yaml").read_text(encoding="utf-8").replace("    phase: 3\n", "", 1).replace(
        '    comparator: {type: placebo, label: Placebo, locator: "Table 1, row AFFIRM"}\n', "", 1)
    d = str(_with_trials(tmp_path, text))
    for args in (["trials", "--comparator", "placebo"], ["trials", "--phase", "3"]):
        trials = run("--data-dir", d, *args, "--json").json()["trials"]
        assert [(t["id"], t["source"]) for t in trials if t["id"] == "AFFIRM"] == [
            ("AFFIRM", "babij2015"), ("AFFIRM", "example-report")], args
    view = run("--data-dir", d, "compare", "--comparator", "placebo", "--json").json()
    assert [t["source"] for t in view["other_reports"]] == ["example-report"]
    # an unstated comparator is "not stated" where an arm is the comparator, not "none"
    out = run("--data-dir", d, "trials", "--therapy", "natalizumab", "-f", "csv").stdout
    rows = list(csv.reader(io.StringIO(out)))
    assert [r[1] for r in rows if r and r[0].startswith("AFFIRM")] == ["Placebo", "not stated"]
