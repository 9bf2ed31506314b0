"""Sources are data: sources.yaml, citations that parse back, and each source's own vintage line."""

import csv
import io
import json
from pathlib import Path

import bibtexparser
import pytest
import rispy
import yaml

from conftest import EXAMPLE_SOURCE as EXAMPLE
from conftest import copy_bundled, run
from msdmt.data.load import bundled_dir


def _example_dir(tmp_path: Path) -> Path:
    d = copy_bundled(tmp_path)
    (d / "sources.yaml").write_text(EXAMPLE, encoding="utf-8")
    for name in ("therapies.yaml", "trials.yaml"):
        text = (d / name).read_text(encoding="utf-8")
        (d / name).write_text(text.replace("source: babij2015", "source: example2000"), encoding="utf-8")
    return d


def test_bibtex_parses_back_with_the_doi():
    result = run("cite", "babij2015", "--format", "bibtex")
    assert result.exit_code == 0
    library = bibtexparser.parse_string(result.stdout)
    assert library.failed_blocks == []
    (entry,) = library.entries
    fields = {f.key: f.value for f in entry.fields}
    assert (entry.entry_type, entry.key) == ("article", "babij2015")
    assert fields["doi"] == "10.2147/NDT.S60518" and fields["author"] == "Babij, R and Perumal, JS"
    assert (fields["journal"], fields["year"], fields["volume"], fields["pages"]) == (
        "Neuropsychiatr Dis Treat", "2015", "11", "1221--1229")


def test_ris_parses_back_with_the_doi():
    text = run("cite", "babij2015", "-f", "ris").stdout
    assert text.startswith("TY  - JOUR\n")  # TY first, as reference managers expect
    (entry,) = rispy.loads(text)
    assert entry["doi"] == "10.2147/NDT.S60518"
    assert (entry["type_of_reference"], entry["authors"], entry["journal_name"]) == (
        "JOUR", ["Babij, R", "Perumal, JS"], "Neuropsychiatr Dis Treat")
    assert (entry["year"], entry["volume"], entry["start_page"], entry["end_page"]) == ("2015", "11", "1221", "1229")


def test_csl_json_and_text():
    (item,) = json.loads(run("cite", "-f", "csl-json").stdout)
    assert item["DOI"] == "10.2147/NDT.S60518" and item["issued"] == {"date-parts": [[2015]]}
    assert item["author"] == [{"family": "Babij", "given": "R"}, {"family": "Perumal", "given": "JS"}]
    assert run("cite").stdout == (
        "Babij R, Perumal JS. Comparative efficacy of alemtuzumab and established treatment in the management of "
        "multiple sclerosis. Neuropsychiatr Dis Treat 2015;11:1221-1229. doi:10.2147/NDT.S60518\n"
        "Figures as reported in a 2015 review; not prescribing information.\n")
    unknown = run("cite", "nope")
    assert (unknown.exit_code, unknown.stderr) == (1, "msdmt: error: no source named 'nope'; the sources are babij2015 (a source of your own is added with --data-dir DIR)\n")


def test_sources_view():
    data = run("sources", "--json").json()
    (use,) = data["sources"]
    # Figures counted from the YAML itself: every located value (a mapping with "printed" and "locator", or a
    # result, whose locator is its endpoint's), P-values apart (they belong to their result).
    raw = [yaml.safe_load((bundled_dir() / f"{k}.yaml").read_text(encoding="utf-8")) for k in ("therapies", "trials")]

    def located(node, key=None):
        if isinstance(node, dict):
            own = key != "p" and "printed" in node and ("locator" in node or key == "results")
            return int(own) + sum(located(v, k) for k, v in node.items())
        if isinstance(node, list):
            return sum(located(v, key) for v in node)
        return 0

    assert use["counts"] == {"therapies": 10, "trials": 12, "endpoints": 71, "adverse events": 21, "facts": 31,
                             "figures": sum(located(r) for r in raw)}
    assert use["citation"]["vintage"] == "Figures as reported in a 2015 review; not prescribing information."
    assert use["source"]["type"] == "review"


def test_an_example_source_prints_its_own_vintage_and_never_the_reviews(tmp_path):
    d = _example_dir(tmp_path)
    for args in (["trial", "AFFIRM"], ["therapy", "alemtuzumab"], ["compare", "AFFIRM", "CARE-MS-I"],
                 ["therapies"], ["adverse-events"], ["audit"]):
        out = run("--no-bundled", "--data-dir", str(d), *args, env={"COLUMNS": "200"}).stdout
        assert out.rstrip().endswith("Example data for tests; every figure is made up."), args
        assert "Babij" not in out and "2015 review" not in out, args
    rows = list(csv.reader(io.StringIO(run("--no-bundled", "--data-dir", str(d), "trial", "AFFIRM", "-f", "csv").stdout)))
    assert rows[-2:] == [["Source: Example A, Sample B. An example source for tests. msdmt tests 2000. "
                          "doi:10.0000/msdmt.example"], ["Example data for tests; every figure is made up."]]
    assert run("--no-bundled", "--data-dir", str(d), "trial", "AFFIRM", "--json").json()["sources"][0]["type"] == "example"


@pytest.mark.parametrize("old, new, message", [
    ("    vintage: Example data for tests; every figure is made up.\n",
     "    vintage: Example data for tests.\n",
     "sources.yaml:3: sources.0: an example source must say in its vintage line that its figures are "
     "made up"),
    ("    doi: 10.0000/msdmt.example\n", "", "sources.yaml:3: sources.0: a source needs a DOI or a URL"),
])
def test_source_rules(tmp_path, old, new, message):
    d = _example_dir(tmp_path)
    (d / "sources.yaml").write_text(EXAMPLE.replace(old, new), encoding="utf-8")
    result = run("--no-bundled", "validate", str(d))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"msdmt: {d}/{message}"]


def test_a_review_level_fact_names_its_source(tmp_path):
    d = copy_bundled(tmp_path)
    text = (d / "therapies.yaml").read_text(encoding="utf-8")
    (d / "therapies.yaml").write_text(text.replace("    source: babij2015\n", "", 1), encoding="utf-8")
    result = run("--no-bundled", "validate", str(d))
    assert (result.exit_code, result.stderr.splitlines()) == (
        1, [f"msdmt: {d}/therapies.yaml:7: facts.0.id: a review-level fact must name its source ('source')"])
