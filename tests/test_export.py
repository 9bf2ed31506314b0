"""msdmt export: one tidy table, one row per figure, that R and pandas read without post-processing."""

import csv
import io
import json

import pytest
from test_table1 import TABLE_1
from test_table2 import ARR_REDUCTION, DESIGN, DISABILITY
from test_table3 import ARM_ROWS, TRIALS

from conftest import run

REQUIRED = ["source_id", "report_source_id", "trial_id", "therapy_id", "arm_id", "arm_label", "versus_arm_id", "endpoint_id",
            "endpoint_label", "measure", "kind", "value", "unit", "bound", "p_value", "p_comparison", "printed",
            "locator", "origin", "erratum", "note"]


@pytest.fixture(scope="module")
def table() -> list[dict[str, str]]:
    result = run("export")
    assert result.exit_code == 0 and result.stderr == ""
    return list(csv.DictReader(io.StringIO(result.stdout)))


def _num(cell: str) -> float | None:
    return None if cell == "" else float(cell)


def _find(table, **where) -> list[dict[str, str]]:
    return [r for r in table if all(r[k] == v for k, v in where.items())]


def test_one_table_with_the_documented_columns(table):
    header = next(csv.reader(io.StringIO(run("export").stdout)))
    assert set(REQUIRED) <= set(header)
    assert header[0] == "figure_id"
    assert len({r["figure_id"] for r in table}) == len(table)
    assert {r["origin"] for r in table} == {"reported", "derived"}
    for r in table:  # every value and P-value is a number or empty: no text in a numeric column
        _num(r["value"]), _num(r["p_value"])
        assert r["locator"], r["figure_id"]
        assert r["value"] or r["text"], r["figure_id"]


def test_every_cell_of_table_1_is_a_number_in_its_row(table):
    for tid, _brand, year, _route, printed, regimens in TABLE_1:
        (row,) = _find(table, therapy_id=tid, kind="approval_year")
        assert (_num(row["value"]), row["locator"][:7]) == (year, "Table 1")
        doses = _find(table, therapy_id=tid, kind="dose")
        assert [_num(r["value"]) for r in doses] == [amount for amount, *_ in regimens]
        assert {r["printed"] for r in doses} == {printed}
    (limit,) = _find(table, therapy_id="mitoxantrone", kind="cumulative_dose_limit")
    assert (_num(limit["value"]), limit["unit"]) == (140, "mg/m²")
    refs = [_num(r["value"]) for r in _find(table, therapy_id="alemtuzumab", kind="reference", trial_id="")]
    assert refs == [20, 21]


@pytest.mark.parametrize("tid, duration, _ctype, _ctherapy, arms, ref", DESIGN)
def test_every_cell_of_table_2_design_is_a_number_in_its_row(table, tid, duration, _ctype, _ctherapy, arms, ref):
    first = _find(table, trial_id=tid, kind="duration")[0]
    assert (_num(first["value"]), first["unit"]) == duration
    assert {r["arm_id"]: _num(r["value"]) for r in _find(table, trial_id=tid, kind="arm_size")} == arms
    assert _num(_find(table, trial_id=tid, kind="reference")[0]["value"]) == ref


@pytest.mark.parametrize("tid, arm, value, p", ARR_REDUCTION)
def test_every_arr_reduction_of_table_2_with_its_p_value(table, tid, arm, value, p):
    (row,) = _find(table, trial_id=tid, endpoint_id="t2-arr-reduction", arm_id=arm, origin="reported")
    assert (_num(row["value"]), row["unit"], row["p_comparison"], _num(row["p_value"])) == (value, "%", *p)
    assert row["therapy_id"] and row["versus_arm_id"] and row["locator"].startswith("Table 2")
    if p[0] == "<":
        assert "U+E02C" in row["repair"]


@pytest.mark.parametrize("tid, arm, value, unit, p", DISABILITY)
def test_every_disability_cell_of_table_2(table, tid, arm, value, unit, p):
    (row,) = _find(table, trial_id=tid, endpoint_id="t2-disability-risk-reduction", arm_id=arm or "")
    if isinstance(value, str):
        assert (row["value"], row["text"], row["significant"], row["kind"]) == ("", value, "false", "statement")
    else:
        assert (_num(row["value"]), row["unit"]) == (value, unit)
        assert (None if p is None else (row["p_comparison"], _num(row["p_value"]))) == p


@pytest.mark.parametrize("ep_id, kind, unit, camms223, care1, care2", ARM_ROWS)
def test_every_arm_cell_of_table_3(table, ep_id, kind, unit, camms223, care1, care2):
    for tid, expected in zip(TRIALS, (camms223, care1, care2), strict=True):
        rows = _find(table, trial_id=tid, endpoint_id=ep_id, origin="reported")
        if expected is None:
            assert rows == []
            continue
        values = {r["arm_id"]: _num(r["value"]) for r in rows}
        assert (values["alemtuzumab"], values["ifn-b1a-sc"]) == expected
        assert {(r["kind"], r["unit"]) for r in rows} == {(kind, unit)}


def test_whole_trial_cells_of_table_3(table):
    months = [_num(_find(table, trial_id=t, kind="duration")[-1]["value"]) for t in TRIALS]
    treated = [_num(_find(table, trial_id=t, fact_id="treated")[0]["value"]) for t in TRIALS]
    baseline = [_num(_find(table, trial_id=t, endpoint_id="t3-arr-baseline")[0]["value"]) for t in TRIALS]
    reduction = [_num(_find(table, trial_id=t, endpoint_id="t3-arr-reduction", origin="reported")[0]["value"])
                 for t in TRIALS]
    assert (months, treated, baseline, reduction) == ([36, 24, 24], [222, 376, 426], [1.3, 1.8, 1.7], [74, 55, 49])


def test_derived_figures_are_marked_with_formula_and_input_locators(table):
    (rr,) = _find(table, figure_id="derived/CARE-MS-II:t3-arr:alemtuzumab:ifn-b1a-sc:relative-reduction")
    assert (rr["origin"], rr["kind"], _num(rr["value"]), rr["unit"]) == ("derived", "relative_reduction", 50.0, "%")
    assert rr["formula"] == "(1 - 0.26 / 0.52) × 100" and rr["locator"].startswith("Table 3, row")
    assert rr["printed"] == "" and rr["arm_id"] == "alemtuzumab" and rr["versus_arm_id"] == "ifn-b1a-sc"
    diff = _find(table, trial_id="CARE-MS-I", endpoint_id="t3-relapse-free", origin="derived")
    assert {r["kind"]: _num(r["value"]) for r in diff} == {"absolute_difference": 19, "nnt": 6}
    herpes = _find(table, therapy_id="alemtuzumab", adverse_event_id="herpes-infections", origin="derived")
    assert {r["kind"]: _num(r["value"]) for r in herpes} == {"absolute_difference": 13, "nnh": 8}
    assert all(r["note"] for r in herpes)  # the caution travels with the figure


def test_adverse_events_and_review_facts_are_rows_with_their_own_ids(table):
    (thyroid,) = _find(table, therapy_id="alemtuzumab", adverse_event_id="thyroid-disorder", kind="adverse_event_rate")
    assert (_num(thyroid["value"]), thyroid["unit"], thyroid["category"]) == (34, "%", "autoimmune")
    (comp,) = _find(table, adverse_event_id="herpes-infections", kind="comparator_rate")
    assert (comp["therapy_id"], _num(comp["value"])) == ("interferon-beta-1a-sc", 3)
    (bound,) = _find(table, adverse_event_id="infusion-associated-reactions", kind="adverse_event_rate")
    assert (bound["bound"], _num(bound["value"])) == (">", 90)
    facts = _find(table, trial_id="", therapy_id="", kind="fact")
    assert [(r["fact_id"], _num(r["value"])) for r in facts] == [("first-dmt-approval-year", 1993),
                                                                  ("treatments-approved-count", 10)]


def test_jsonl_is_the_same_table_with_numbers_and_nulls(table):
    lines = run("export", "--format", "jsonl").stdout.splitlines()
    rows = [json.loads(line) for line in lines]
    assert [r["figure_id"] for r in rows] == [r["figure_id"] for r in table]
    assert list(rows[0]) == list(table[0])
    for r in rows:
        assert r["value"] is None or isinstance(r["value"], int | float)
        assert r["p_value"] is None or isinstance(r["p_value"], float)
        assert r["significant"] in (None, True, False)


def test_csv_file_with_a_frictionless_datapackage(tmp_path):
    frictionless = pytest.importorskip("frictionless")
    target = tmp_path / "figures.csv"
    result = run("export", "-o", str(target))
    assert (result.exit_code, result.stdout) == (0, "")
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert package["resources"][0]["path"] == "figures.csv"
    assert [f["name"] for f in package["resources"][0]["schema"]["fields"]][:2] == ["figure_id", "origin"]
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    assert report.tasks[0].stats["rows"] == len(list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8")))))


def test_pandas_reads_one_table():
    import pandas
    df = pandas.read_csv(io.StringIO(run("export").stdout))
    assert str(df["value"].dtype) == "float64" and str(df["p_value"].dtype) == "float64"
    assert len(df) == len(df["figure_id"].unique())


def test_export_errors():
    result = run("export", "--format", "sqlite")
    assert (result.exit_code, result.stderr) == (2, "msdmt: error: export --format sqlite needs -o FILE\n")
    bad = run("export", "-o", "/nonexistent-dir/x.csv")
    assert bad.exit_code == 2 and bad.stderr.startswith("msdmt: error: cannot write /nonexistent-dir/x.csv")


def test_sqlite_export_describes_every_table_and_column(tmp_path, table):
    import sqlite3

    target = tmp_path / "msdmt.sqlite"
    result = run("export", "--format", "sqlite", "-o", str(target))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    db = sqlite3.connect(target)
    assert db.execute("SELECT count(*) FROM figures").fetchone()[0] == len(table)
    value = db.execute("SELECT value, p_value FROM figures WHERE trial_id = 'AFFIRM' AND endpoint_id = "
                       "'t2-arr-reduction'").fetchone()
    assert value == (68.0, 0.001)
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
    described = {r[0] for r in db.execute("SELECT name FROM _tables")}
    assert tables <= described
    for name in tables:
        columns = {r[1] for r in db.execute(f"PRAGMA table_info({name})")}
        documented = {r[0] for r in db.execute("SELECT column_name FROM _columns WHERE table_name = ?", (name,))}
        assert columns == documented, name


def test_csv_cells_are_never_formulas_but_numbers_and_comparisons_stay(tmp_path):
    from conftest import copy_bundled

    d = copy_bundled(tmp_path)
    text = (d / "trials.yaml").read_text(encoding="utf-8")
    (d / "trials.yaml").write_text(text.replace("        label: ARR, end of study\n",
                                                "        label: ARR, end of study\n        note: '=HYPERLINK(\"x\")'\n", 1),
                                   encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(run("--no-bundled", "--data-dir", str(d), "export").stdout)))
    assert any(r["note"].startswith("'=HYPERLINK(") for r in rows)
    assert {r["p_comparison"] for r in rows} >= {"<", "="}
    assert any(r["value"] == "-0.39" for r in rows)  # a plain number is written as it is
    jsonl = run("--no-bundled", "--data-dir", str(d), "export", "-f", "jsonl").stdout
    assert '"=HYPERLINK(' in jsonl.replace('\\"', '"')  # JSON Lines is exact
