"""msdmt export with several sources and several reports of one trial: each row names its figure's own source,
ids stay unique (a later report's carry its source), and datapackage.json cites every source in the table.

Every record here is made up, under sources of type ``example`` whose vintage lines say so.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from conftest import data_dir, run

SOURCES = """\
schema_version: 1
sources:
  - id: example-x
    type: example
    authors: [Example A]
    title: A second report of AFFIRM for tests
    container: msdmt tests
    year: 2001
    doi: 10.0000/msdmt.example-x
    vintage: Example data for tests; every figure is made up.
  - id: example-y
    type: example
    authors: [Sample B]
    title: Single figures for tests
    container: msdmt tests
    year: 2002
    url: https://example.org/msdmt-example-y
    vintage: Example data for tests; these figures are made up.
  - id: example-unused
    type: example
    authors: [Unused C]
    title: A source no figure names
    container: msdmt tests
    doi: 10.0000/msdmt.unused
    vintage: Example data for tests; made up and never cited.
"""

# A second report of AFFIRM (example-x): its ARR reduction (60%) differs from the review's 68%; the placebo arm's
# size, one ARR and the relapse-free endpoint name example-y at figure (or endpoint) level.
TRIALS = """\
schema_version: 1
trials:
  - id: AFFIRM
    source: example-x
    name: AFFIRM
    kind: randomized controlled trial
    phase: 3
    therapies: [natalizumab]
    durations:
      - {value: 2, unit: years, printed: 2 years, locator: Example text}
    arms:
      - id: natalizumab
        label: Natalizumab
        therapy: natalizumab
        role: treatment
        n: {value: 600, unit: patients, printed: "600", locator: Example table 1}
      - id: placebo
        label: Placebo
        role: comparator
        n: {value: 300, unit: patients, printed: "300", locator: Example table 1, source: example-y}
    endpoints:
      - id: arr-reduction
        measure: arr-reduction
        origin: Example table 2
        label: ARR reduction versus placebo
        kind: relative_reduction
        unit: "%"
        of: arr
        locator: Example table 2
        results:
          - {arm: natalizumab, versus: placebo, value: 60, printed: "60%"}
      - id: arr
        measure: arr
        origin: Example table 2
        label: ARR
        kind: annualized_relapse_rate
        unit: relapses/year
        locator: Example table 2
        results:
          - {arm: natalizumab, value: 0.3, printed: "0.3"}
          - {arm: placebo, value: 0.75, printed: "0.75"}
      - id: relapse-free
        measure: relapse-free
        origin: Example table 3
        label: Relapse-free
        kind: proportion
        unit: "%"
        locator: Example table 3
        source: example-y
        results:
          - {arm: natalizumab, value: 70, printed: "70%"}
          - {arm: placebo, value: 50, printed: "50%"}
    facts:
      - {id: sites, label: Sites, value: 99, unit: cases, printed: "99 sites", locator: Example text, source: example-y}
    references:
      - {number: 7, locator: Example text}
"""

# A therapy of example-x whose dosing, adverse-event rate and one fact name example-y, and a review-level fact of
# example-y.
THERAPIES = """\
schema_version: 1
facts:
  - {id: example-count, source: example-y, label: An example count, value: 3, unit: cases, printed: "3 cases",
     locator: Example text}
therapies:
  - id: examplumab
    source: example-x
    name: Examplumab
    printed_name: Examplumab (Examplix)
    generic: examplumab
    brand: Examplix
    approval_year: {value: 2001, unit: calendar year, printed: "2001", locator: Example table 1}
    route: IV
    dosing:
      printed: 10 mg IV monthly, at most 120 mg
      locator: Example table 1
      source: example-y
      regimens:
        - {amount: 10, unit: mg, route: IV, frequency: monthly, cumulative_limit: 120}
    mechanism: {text: A made-up mechanism., locator: Example table 1}
    drug_class: monoclonal antibody
    references:
      - {number: 3, locator: Example table 1}
    facts:
      - {id: approval-note, label: An example fact, value: 2002, unit: calendar year, printed: "2002",
         locator: Example text, source: example-y}
    adverse_events:
      - id: headache
        event: Headache
        category: infusion
        context: Made-up patients
        rate: {value: 10, unit: "%", printed: "10%", locator: Example text, source: example-y}
        comparator:
          label: Placebo
          rate: {value: 4, unit: "%", printed: "4%", locator: Example text}
"""

EXAMPLES = {"example-x", "example-y", "example-unused"}


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict:
    """The bundled-only export and the export with the directory added, in every format (one cache for all)."""
    base = tmp_path_factory.mktemp("export-sources")
    env = {"MSDMT_CACHE_DIR": str(base / "cache")}
    d = data_dir(base / "data", sources=SOURCES, trials=TRIALS, therapies=THERAPIES)

    def ok(*args: str) -> str:
        result = run(*args, env=env)
        assert (result.exit_code, result.stderr) == (0, ""), result.stderr
        return result.stdout

    out = {"dir": d, "bundled": _csv(ok("export")), "csv": _csv(ok("--data-dir", str(d), "export")),
           "jsonl": [json.loads(line) for line in ok("--data-dir", str(d), "export", "-f", "jsonl").splitlines()]}
    package_dir = base / "package"
    package_dir.mkdir()
    assert ok("--data-dir", str(d), "export", "-o", str(package_dir / "figures.csv")) == ""
    out["package_dir"] = package_dir
    out["file"] = _csv((package_dir / "figures.csv").read_text(encoding="utf-8"))
    bundled_dir = base / "bundled-package"
    bundled_dir.mkdir()
    assert ok("export", "-o", str(bundled_dir / "figures.csv")) == ""
    out["bundled_package"] = json.loads((bundled_dir / "datapackage.json").read_text(encoding="utf-8"))
    assert ok("--data-dir", str(d), "export", "-f", "sqlite", "-o", str(base / "figures.sqlite")) == ""
    out["sqlite"] = base / "figures.sqlite"
    return out


def _by_id(rows: list[dict]) -> dict[str, dict]:
    return {r["figure_id"]: r for r in rows}


def _sources(row: dict) -> tuple[str, str]:
    return row["source_id"], row["report_source_id"]


# -- ids ------------------------------------------------------------------------------------------
def test_figure_ids_are_unique_with_two_reports_of_a_trial(exported):
    for fmt in ("csv", "jsonl", "file"):
        ids = [r["figure_id"] for r in exported[fmt]]
        assert len(ids) == len(set(ids)), fmt
    assert [r["figure_id"] for r in exported["jsonl"]] == [r["figure_id"] for r in exported["csv"]]


def test_the_bundled_rows_are_unchanged_when_a_directory_is_added(exported):
    bundled = exported["bundled"]
    assert all("@" not in r["figure_id"] for r in bundled)
    assert {_sources(r) for r in bundled} == {("babij2015", "babij2015")}
    # The stacked export holds every bundled row, cell for cell, in the same order.
    kept = [r for r in exported["csv"] if r["report_source_id"] == "babij2015"]
    assert kept == bundled
    assert len(exported["csv"]) == len(bundled) + len(SECOND) + 10  # the directory's rows: below


def test_the_first_report_of_affirm_keeps_its_ids(exported):
    first = [r["figure_id"] for r in exported["bundled"] if r["trial_id"] == "AFFIRM"]
    assert "trial/AFFIRM/endpoint/t2-arr-reduction/natalizumab/versus/placebo" in first
    assert "trial/AFFIRM/arm/natalizumab/n" in first
    stacked = [r for r in exported["csv"] if r["trial_id"] == "AFFIRM"]
    assert [r["figure_id"] for r in stacked if r["report_source_id"] == "babij2015"] == first
    (review,) = [r for r in stacked if r["figure_id"] == "trial/AFFIRM/endpoint/t2-arr-reduction/natalizumab/versus/placebo"]
    assert (review["value"], *_sources(review)) == ("68", "babij2015", "babij2015")


# -- the second report ----------------------------------------------------------------------------
SECOND = {  # figure_id: (value, source_id), every row of the second report of AFFIRM (report_source_id example-x)
    "trial/AFFIRM@example-x/duration/1": ("2", "example-x"),
    "trial/AFFIRM@example-x/arm/natalizumab/n": ("600", "example-x"),
    "trial/AFFIRM@example-x/arm/placebo/n": ("300", "example-y"),
    "trial/AFFIRM@example-x/endpoint/arr-reduction/natalizumab/versus/placebo": ("60", "example-x"),
    "trial/AFFIRM@example-x/endpoint/arr/natalizumab": ("0.3", "example-x"),
    "trial/AFFIRM@example-x/endpoint/arr/placebo": ("0.75", "example-x"),
    "trial/AFFIRM@example-x/endpoint/relapse-free/natalizumab": ("70", "example-y"),
    "trial/AFFIRM@example-x/endpoint/relapse-free/placebo": ("50", "example-y"),
    "trial/AFFIRM@example-x/fact/sites": ("99", "example-y"),
    "trial/AFFIRM@example-x/reference/1": ("7", "example-x"),
    # derived from inputs of the report's own source
    "derived/AFFIRM@example-x:arr:natalizumab:placebo:relative-reduction": ("60", "example-x"),
    # derived from inputs of one other source (the endpoint names it): that source
    "derived/AFFIRM@example-x:relapse-free:natalizumab:placebo:absolute-difference": ("20", "example-y"),
    "derived/AFFIRM@example-x:relapse-free:natalizumab:placebo:absolute-difference/nnt": ("5", "example-y"),
}


def test_every_row_of_the_second_report_names_its_figures_source(exported):
    rows = [r for r in exported["csv"] if r["trial_id"] == "AFFIRM" and r["report_source_id"] == "example-x"]
    assert {r["figure_id"]: (r["value"], r["source_id"]) for r in rows} == SECOND
    reduction = _by_id(rows)["trial/AFFIRM@example-x/endpoint/arr-reduction/natalizumab/versus/placebo"]
    assert (reduction["kind"], reduction["unit"], reduction["arm_id"], reduction["versus_arm_id"],
            reduction["printed"]) == ("relative_reduction", "%", "natalizumab", "placebo", "60%")


def test_derived_figures_of_the_second_report_say_when_their_inputs_mix_sources(exported):
    rows = _by_id(exported["csv"])
    # A result is printed where its endpoint is, so a trial's derived figure has inputs of one source; an adverse
    # event's rate and comparator rate each have their own place, and may mix sources.
    own = rows["derived/AFFIRM@example-x:arr:natalizumab:placebo:relative-reduction"]
    assert (own["origin"], own["formula"], own["locator"], own["note"]) == (
        "derived", "(1 - 0.3 / 0.75) × 100", "Example table 2", "")
    single = rows["derived/AFFIRM@example-x:relapse-free:natalizumab:placebo:absolute-difference"]
    assert single["note"] == ""
    mixed = rows["derived/examplumab:headache:absolute-difference"]
    assert mixed["source_id"] == "example-x" and mixed["note"] == (
        "the source does not say which trials, groups or period these rates cover, so the difference may mix "
        "populations | its inputs come from different sources (example-y, example-x), which may differ in method, "
        "population and period")
    # Derived ids of the second report carry its source (derive_trial(..., qualify=True)); the review's AFFIRM has none.
    derived = [r for r in exported["csv"] if r["trial_id"] == "AFFIRM" and r["origin"] == "derived"]
    assert {r["report_source_id"] for r in derived} == {"example-x"}
    assert all(r["figure_id"].startswith("derived/AFFIRM@example-x:") for r in derived)


def test_therapy_and_review_rows_name_each_figures_source(exported):
    rows = {r["figure_id"]: (r["value"], *_sources(r)) for r in exported["csv"]
            if r["therapy_id"] == "examplumab" or r["adverse_event_id"] == "headache" or r["fact_id"] == "example-count"}
    assert rows == {
        "review/fact/example-count": ("3", "example-y", "example-y"),
        "therapy/examplumab/approval-year": ("2001", "example-x", "example-x"),
        "therapy/examplumab/dose/1": ("10", "example-y", "example-x"),
        "therapy/examplumab/dose/1/cumulative-limit": ("120", "example-y", "example-x"),
        "therapy/examplumab/reference/1": ("3", "example-x", "example-x"),
        "therapy/examplumab/fact/approval-note": ("2002", "example-y", "example-x"),
        "therapy/examplumab/adverse-event/headache/rate": ("10", "example-y", "example-x"),
        "therapy/examplumab/adverse-event/headache/comparator-rate": ("4", "example-x", "example-x"),
        "derived/examplumab:headache:absolute-difference": ("6", "example-x", "example-x"),
        "derived/examplumab:headache:absolute-difference/nnh": ("17", "example-x", "example-x"),
    }
    note = _by_id(exported["csv"])["derived/examplumab:headache:absolute-difference"]["note"]
    assert "its inputs come from different sources (example-y, example-x)" in note


# -- formats --------------------------------------------------------------------------------------
def test_jsonl_and_the_csv_file_carry_the_same_sources(exported):
    expected = [(r["figure_id"], *_sources(r)) for r in exported["csv"]]
    assert [(r["figure_id"], r["source_id"], r["report_source_id"]) for r in exported["jsonl"]] == expected
    assert [(r["figure_id"], *_sources(r)) for r in exported["file"]] == expected
    assert list(exported["jsonl"][0])[3:5] == ["source_id", "report_source_id"]


def test_sqlite_carries_the_same_rows_and_describes_the_new_column(exported):
    db = sqlite3.connect(exported["sqlite"])
    try:
        rows = db.execute("SELECT figure_id, source_id, report_source_id FROM figures").fetchall()
        assert sorted(rows) == sorted((r["figure_id"], *_sources(r)) for r in exported["csv"])
        assert db.execute("SELECT value, source_id, report_source_id FROM figures WHERE figure_id = ?",
                          ("trial/AFFIRM@example-x/endpoint/relapse-free/natalizumab",)).fetchone() == (
            70.0, "example-y", "example-x")
        (described,) = db.execute("SELECT description FROM _columns WHERE table_name = 'figures' AND "
                                  "column_name = 'report_source_id'").fetchone()
        assert described.startswith("The source of the record the figure is in")
        (source,) = db.execute("SELECT description FROM _columns WHERE table_name = 'figures' AND "
                               "column_name = 'source_id'").fetchone()
        assert "sources.yaml" in source and "therapies.yaml" not in source
    finally:
        db.close()


def test_datapackage_cites_every_source_of_the_figures_and_validates(exported):
    frictionless = pytest.importorskip("frictionless")
    package_dir: Path = exported["package_dir"]
    package = json.loads((package_dir / "datapackage.json").read_text(encoding="utf-8"))
    assert [(s["title"].split(".")[0], s["path"]) for s in package["sources"]] == [
        ("Babij R, Perumal JS", "https://doi.org/10.2147/NDT.S60518"),
        ("Example A", "https://doi.org/10.0000/msdmt.example-x"),
        ("Sample B", "https://example.org/msdmt-example-y"),  # no DOI: its URL
    ]  # example-unused: no figure names it
    assert package["sources"][1]["title"] == ("Example A. A second report of AFFIRM for tests. msdmt tests 2001. "
                                              "doi:10.0000/msdmt.example-x")
    description = package["description"]
    for line in ("babij2015: Figures as reported in a 2015 review; not prescribing information.",
                 "example-x: Example data for tests; every figure is made up.",
                 "example-y: Example data for tests; these figures are made up."):
        assert line in description
    assert "never cited" not in description
    fields = package["resources"][0]["schema"]["fields"]
    assert [f["name"] for f in fields][3:5] == ["source_id", "report_source_id"]
    report = frictionless.validate(str(package_dir / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    assert report.tasks[0].stats["rows"] == len(exported["file"])


def test_the_bundled_datapackage_cites_the_review_alone(exported):
    package = exported["bundled_package"]
    assert [s["path"] for s in package["sources"]] == ["https://doi.org/10.2147/NDT.S60518"]
    assert package["description"].endswith("babij2015: Figures as reported in a 2015 review; not prescribing "
                                           "information.")
