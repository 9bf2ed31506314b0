"""msdmt glossary: the review's abbreviations and terms, each definition as printed and where, msdmt's words apart."""

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from conftest import paper_text, run
from msdmt.core.glossary import glossary_view
from msdmt.data.glossary import load_glossary
from msdmt.data.load import bundled_dir
from msdmt.errors import DataError, NotFoundError

ARR_AT_80 = """\
Glossary: ARR

 Term   Meaning                                                   Where
 ─────────────────────────────────────────────────────────────────────────────
 ARR    as printed: "ARR, absolute risk reduction" [1]            Table 2 and
        msdmt's explanation: In the tables, ARR is the            Table 3,
        annualized relapse rate: relapses per patient per year.   abbreviation
        Table 2's "ARR reduction" is how much a therapy lowered   footnotes
        that rate against the trial's comparator, in percent.

"as printed": the review's own definition, word for word; "used, not defined":
the review's words where it uses a term it does not define; "msdmt's
explanation": msdmt's words, not the review's.

Notes

 #   Note
 ──────────────────────────────────────────────────────────────────────────────
 1   Erratum: The abbreviation lists of Tables 2 and 3 expand ARR as "absolute
     risk reduction", but the tables use it for the annualized relapse rate
     (Table 3 row "ARR, end of study" prints rates such as 0.18, and the text
     calls 0.1 versus 0.36 "the annualized relapse rate").


Source: Babij R, Perumal JS. Comparative efficacy of alemtuzumab and established
treatment in the management of multiple sclerosis. Neuropsychiatr Dis Treat
2015;11:1221-1229. doi:10.2147/NDT.S60518
Figures as reported in a 2015 review; not prescribing information.
"""

# Named in the issue that asked for the glossary; NNT/NNH, Gd and REMS are not in the review's abbreviation lists.
ASKED_FOR = ["ARR", "EDSS", "RRMS", "BID", "TID", "IFN", "Gd", "NNT/NNH", "relapse-free",
             "sustained accumulation of disability", "REMS"]


@pytest.fixture(scope="module")
def glossary() -> dict:
    return load_glossary(use_cache=False)


def _entry(glossary: dict, term: str) -> dict:
    return next(e for e in glossary["terms"] if e["term"] == term)


def _places(glossary: dict):
    for e in glossary["terms"]:
        for kind in ("defined", "used"):
            for place in e[kind]:
                yield e["term"], kind, place


# -- the command ------------------------------------------------------------------
def test_arr_at_80_columns_is_its_expansion_as_printed_the_erratum_and_msdmts_explanation():
    result = run("glossary", "ARR", env={"COLUMNS": "80"})
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == ARR_AT_80


@pytest.mark.parametrize("width", ["60", "80", "100"])
def test_the_whole_glossary_fits_the_terminal(width):
    out = run("glossary", env={"COLUMNS": width}).stdout
    assert max(len(line) for line in out.splitlines()) <= int(width)
    assert "…" not in out


def test_json_of_arr_keeps_the_printed_expansion_its_locator_and_the_erratum(data):
    result = run("glossary", "arr", "--json")
    assert result.exit_code == 0
    view = result.json()
    assert (view["view"], view["query"], view["match"]) == ("glossary", "arr", "exact")
    (arr,) = view["terms"]
    assert arr["defined"] == [{
        "printed": "ARR, absolute risk reduction",
        "locator": "Table 2 and Table 3, abbreviation footnotes",
        "erratum": data["sources"][0]["errata"][0]["text"],  # the source erratum, word for word
        "repair": None,
        "note": None,
    }]
    assert arr["explanation"].startswith("In the tables, ARR is the annualized relapse rate")
    assert view["sources"][0]["doi"] == "10.2147/NDT.S60518"


def test_json_of_terms_the_review_does_not_define():
    gd = run("glossary", "gadolinium", "--json").json()["terms"]
    assert [(e["term"], e["defined"], [u["locator"] for u in e["used"]]) for e in gd] == [
        ("Gd", [], ['Table 3, row "Proportion with gadolinium-enhancing T1 lesions at 24 months"'])]
    assert 'never prints "Gd"' in gd[0]["explanation"]
    (nn,) = run("glossary", "NNT", "--json").json()["terms"]
    assert (nn["term"], nn["defined"], nn["used"]) == ("NNT/NNH", [], [])
    assert "The review reports neither" in nn["explanation"]
    (rf,) = run("glossary", "relapse-free", "--json").json()["terms"]
    assert (rf["defined"], rf["used"][0]["printed"]) == ([], "Proportion relapse-free")
    (rems,) = run("glossary", "REMS", "--json").json()["terms"]
    assert rems["used"][0]["printed"].startswith("The Risk Evaluation and Mitigation Strategy program")
    assert 'never prints "REMS"' in rems["explanation"]


def test_json_keeps_repairs_of_the_damaged_extraction():
    (edss,) = run("glossary", "edss", "--json").json()["terms"]
    assert edss["defined"][0]["printed"] == "EDSS, Expanded Disability Status Scale"
    assert "U+E023" in edss["used"][0]["repair"]
    (p,) = run("glossary", "P-value", "--json").json()["terms"]
    assert (p["used"][0]["printed"], "U+E02C" in p["used"][0]["repair"]) == ("(P0.001)", True)


@pytest.mark.parametrize("name, terms, match", [
    ("ARR", ["ARR"], "exact"), ("annualized relapse rate", ["ARR"], "exact"), ("Absolute Risk Reduction", ["ARR"], "exact"),
    ("beta", ["β"], "exact"), ("ß", ["β"], "exact"), ("gadolinium", ["Gd"], "exact"), ("nnh", ["NNT/NNH"], "exact"),
    ("rrms", ["RRMS"], "exact"), ("sustained", ["sustained accumulation of disability"], "prefix"),
    ("i", ["IFN", "IL", "IM", "IV"], "prefix"), ("T", ["BID", "T1", "T2", "TID"], "prefix"),  # BID: "twice daily"
])
def test_names_exact_first_then_beginnings(name, terms, match):
    view = run("glossary", name, "--json").json()
    assert ([e["term"] for e in view["terms"]], view["match"]) == (terms, match)


def test_unquoted_words_are_joined():
    assert run("glossary", "sustained", "accumulation", "of", "disability", "--json").json()["terms"][0]["term"] == (
        "sustained accumulation of disability")


def test_unknown_term_is_one_error_line_and_exit_1():
    result = run("glossary", "xyzzy")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1, "", "msdmt: error: no glossary term named 'xyzzy'; 'msdmt glossary' lists them\n")
    close = run("glossary", "EDDS")
    assert (close.exit_code, close.stderr) == (1, "msdmt: error: no glossary term named 'EDDS'; did you mean 'EDSS'?\n")
    blank = run("glossary", " ")
    assert (blank.exit_code, blank.stderr) == (
        2, "msdmt: error: glossary needs a term to look up (or none, to list them all)\n")


def test_json_validates_against_its_schema():
    schema = json.loads(run("schema", "glossary").stdout)
    for args in (["glossary"], ["glossary", "ARR"], ["glossary", "i"]):
        jsonschema.validate(run(*args, "--json").json(), schema)


def test_python_api_equals_the_json(catalog):
    assert catalog.glossary("Gd").to_dict() == run("glossary", "Gd", "--json").json()
    assert catalog.glossary().to_dict() == run("glossary", "--json").json()
    with pytest.raises(NotFoundError):
        catalog.glossary("xyzzy")


def test_the_glossary_cites_the_review_as_the_catalog_does(catalog):
    assert glossary_view().sources == [catalog.citation("babij2015")]


def test_every_meaning_line_says_whose_words_it_is():
    rows = list(csv.reader(io.StringIO(run("glossary", "-f", "csv").stdout)))
    assert rows[1] == ["Term", "Meaning", "Where"]
    body = [r for r in rows[2:] if len(r) == 3]
    assert len(body) == len(load_glossary()["terms"])
    for term, meaning, _ in body:
        for line in meaning.split("\n"):
            assert line.startswith(('as printed: "', 'used, not defined: "', "msdmt's explanation: ")), (term, line)


def test_markdown_and_the_notes():
    md = run("glossary", "Alem", "-f", "markdown").stdout
    assert '| Alem | as printed: "Alem, Alemtuzumab" \\[1] | Table 3, abbreviation footnote |' in md  # [ escaped
    assert "| 1 | Erratum: Table 3's abbreviation list defines \"Alem\" twice" in md


def test_the_glossary_is_the_bundled_one_whatever_the_data_dir(tmp_path):
    assert run("--data-dir", str(tmp_path), "glossary", "ARR", "--json").json()["terms"][0]["term"] == "ARR"


# -- the data against the paper ------------------------------------------------------
def _collapsed(text: str, join_hyphens: bool) -> str:
    """The paper as one line: private-use glyphs (lost symbols) left out, a hyphen at a line end kept or joined."""
    text = re.sub("[\ue000-\uf8ff]", "", text).replace("\xa0", " ")
    return " ".join(re.sub(r"-\s*\n\s*", "" if join_hyphens else "-", text).split())


def test_every_printed_text_occurs_in_the_paper(glossary):
    raw = paper_text()
    kept, joined = _collapsed(raw, False), _collapsed(raw, True)
    missing = [(term, kind, p["printed"]) for term, kind, p in _places(glossary)
               if p["printed"] not in kept and p["printed"] not in joined]
    assert missing == []


def _abbreviation_lists() -> dict[int, list[str]]:
    """The review's three abbreviation lists (under Tables 1, 2 and 3), item by item."""
    lists = re.findall(r"Abbreviations: ([^.]*)\.", _collapsed(paper_text(), False))
    assert len(lists) == 3
    return {n: [item.strip() for item in text.split(";")] for n, text in enumerate(lists, 1)}


def _tables(locator: str) -> set[int]:
    return {int(n) for n in re.findall(r"Table (\d+)", locator.split(",")[0])}


def test_the_abbreviation_lists_are_the_ones_expected():
    lists = _abbreviation_lists()
    assert [item.split(",")[0] for item in lists[1]] == ["BDNF", "CNS", "IV", "IM", "SC", "MHC"]
    assert [item.split(",")[0] for item in lists[2]] == ["ARR", "BID", "DMT", "GA", "IM", "TID", "IFN", "SC"]
    assert [item.split(",")[0] for item in lists[3]] == ["Alem", "ARR", "EDSS", "Alem", "IFN", "MRI", "RRMS"]


def test_every_item_of_every_abbreviation_list_is_in_the_glossary_with_its_table(glossary):
    defined = {}
    for term, kind, p in _places(glossary):
        if kind == "defined" and "abbreviation footnote" in p["locator"]:
            for n in _tables(p["locator"]):
                defined[(n, p["printed"])] = term
    missing = []
    for n, items in _abbreviation_lists().items():
        for item in items:
            abbreviation = item.split(",")[0]
            if (n, item) in defined:
                assert defined[(n, item)] == abbreviation
                continue
            # The review's duplicate "Alem, alemtuzumab" is kept as an erratum of the first definition.
            entry = _entry(glossary, abbreviation)
            if not any(item in (p["erratum"] or "") for p in entry["defined"]):
                missing.append((n, item))
    assert missing == []


def test_every_abbreviation_footnote_definition_is_in_that_table_list(glossary):
    lists = _abbreviation_lists()
    wrong = [(term, p["printed"], n) for term, kind, p in _places(glossary) if "abbreviation footnote" in p["locator"]
             for n in _tables(p["locator"]) if p["printed"] not in lists[n]]
    assert wrong == []


# Section headings as the extraction prints them, in order; a text locator names the first words of one.
SECTIONS = [
    ("Introduction", "Introduction Multiple sclerosis (MS)"),
    ("Mechanism of action of alemtuzumab and other agents approved for MS",
     "Mechanism of action of alemtuzumab and other agents approved for MS Increasing"),
    ("Comparative efficacy, safety, and tolerability",
     "Comparative efficacy, safety, and tolerability with respect to established treatments There"),
    ("Safety and tolerability", "Safety and tolerability The most common"),
    ("Patient-focused perspectives and profiles appropriate for alemtuzumab",
     "Patient-focused perspectives and profiles appropriate for alemtuzumab There are"),
    ("Conclusion", "Conclusion Alemtuzumab is the newest"),
]


def test_text_locators_name_the_section_that_prints_the_text(glossary):
    joined = _collapsed(paper_text(), True)
    starts = [joined.index(heading) for _, heading in SECTIONS] + [len(joined)]
    assert starts == sorted(starts)
    section = {name: joined[starts[i]:starts[i + 1]] for i, (name, _) in enumerate(SECTIONS)}
    checked = 0
    for term, _, p in _places(glossary):
        m = re.match(r'^Text, "([^"]+)", paragraph \d+$', p["locator"])
        if m:
            assert m.group(1) in section, (term, p["locator"])
            assert " ".join(p["printed"].split()) in section[m.group(1)], (term, p["printed"])
            checked += 1
    assert checked == 10


# The first words of each paragraph of the sections the glossary cites, as msdmt reads the extraction (a
# paragraph a table interrupts counts once, data/README.md). The evidence data's own text locators are checked
# against the same reading below, so the two cannot drift apart.
PARAGRAPHS = {
    "Introduction": ["Multiple sclerosis (MS) is", "Traditionally, first-line agents", "Importantly, all medications",
                     "There is increasing interest", "The importance of early optimal", "Given this scenario"],
    "Mechanism of action of alemtuzumab and other agents approved for MS": [
        "Increasing knowledge and better", "The decrease in the level", "The efficacy of alemtuzumab in MS",
        "Another possible mechanism"],
    "Comparative efficacy, safety, and tolerability": [
        "There are currently ten treatments", "Alemtuzumab was initially tested", "A 5-year extension study",
        "Phase III studies compared", "The CARE-MS II trial examined"],
    "Safety and tolerability": ["The most common adverse events", "Mild to moderate infections",
                                "Secondary autoimmune disorders", "In the clinical studies, 0.3%"],
    "Patient-focused perspectives and profiles appropriate for alemtuzumab": [
        "There are one of two approaches", "There is increasing knowledge that", "Generally, natalizumab appears",
        "Despite its remarkable efficacy"],
}


def _paragraph(locator: str) -> str | None:
    """The text of the paragraph a text locator names, from its first words to the next paragraph's."""
    m = re.match(r'^Text, "([^"]+)", paragraph (\d+)', locator)
    if not m or m.group(1) not in PARAGRAPHS:
        return None
    joined = _collapsed(paper_text(), True)
    section_start = joined.index(dict(SECTIONS)[m.group(1)])
    starts = [joined.index(first, section_start) for first in PARAGRAPHS[m.group(1)]]
    assert starts == sorted(starts), m.group(1)
    names = [name for name, _ in SECTIONS]
    following = names.index(m.group(1)) + 1
    section_end = joined.index(SECTIONS[following][1]) if following < len(SECTIONS) else len(joined)
    n = int(m.group(2))
    return joined[starts[n - 1]:(starts + [section_end])[n]]


def test_text_locators_name_the_paragraph_that_prints_the_text(glossary):
    wrong = [(term, p["locator"]) for term, _, p in _places(glossary)
             if p["locator"].startswith("Text") and " ".join(p["printed"].split()) not in _paragraph(p["locator"])]
    assert wrong == []


def test_the_paragraph_reading_agrees_with_the_evidence_datas_locators(data):
    def located(node):
        if isinstance(node, dict):
            if isinstance(node.get("locator"), str) and isinstance(node.get("printed"), str):
                yield node["locator"], node["printed"]
            for value in node.values():
                yield from located(value)
        elif isinstance(node, list):
            for value in node:
                yield from located(value)

    pairs = [(loc, printed) for c in ("therapies", "trials", "facts") for r in data[c] for loc, printed in located(r)
             if _paragraph(loc) is not None]
    assert len(pairs) > 50
    assert [(loc, printed) for loc, printed in pairs if " ".join(printed.split()) not in _paragraph(loc)] == []


def test_table_locators_name_a_row_the_table_prints(glossary):
    text = _collapsed(paper_text(), False)
    for term, _, p in _places(glossary):
        m = re.match(r'^Table (\d), row "([^"]+)"', p["locator"])
        if m and m.group(1) == "3":
            assert m.group(2) in text, (term, p["locator"])


def test_the_errata_are_the_sources_errata_word_for_word(glossary, data):
    source = data["sources"][0]
    assert _entry(glossary, "ARR")["defined"][0]["erratum"] == source["errata"][0]["text"]
    assert _entry(glossary, "Alem")["defined"][0]["erratum"] == source["errata"][1]["text"]
    # and the paper prints what they are about
    assert paper_text().count("ARR, absolute risk reduction") == 2


def test_the_source_record_is_the_catalogs(glossary, data):
    assert glossary["source"] == data["sources"][0] | {"errata": []}


def test_the_terms_asked_for_are_there_and_what_the_review_leaves_undefined_is_msdmts(glossary):
    terms = {e["term"]: e for e in glossary["terms"]}
    assert set(ASKED_FOR) <= set(terms)
    undefined = sorted(t for t, e in terms.items() if not e["defined"])
    assert undefined == ["Gd", "HR", "NNT/NNH", "P", "REMS", "T1", "T2", "relapse-free",
                         "sustained accumulation of disability", "β"]
    assert all(terms[t]["explanation"] for t in undefined)
    # used, not defined: the review names these without defining them
    assert sorted(t for t in undefined if not terms[t]["used"]) == ["NNT/NNH"]


def test_the_paper_prints_none_of_the_abbreviations_msdmt_supplies():
    text = paper_text()
    for absent in ("REMS", "NNT", "NNH", "Gd", "HR ", "number needed"):
        assert absent not in text, absent


# -- the loader -------------------------------------------------------------------
def _glossary_dir(tmp_path: Path, old: str = "", new: str = "") -> tuple[Path, int]:
    text = (bundled_dir() / "glossary.yaml").read_text(encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1 if old else 0
    (tmp_path / "glossary.yaml").write_text(text.replace(old, new, 1) if old else text, encoding="utf-8")
    return tmp_path, line


def _problems(directory: Path) -> list[str]:
    with pytest.raises(DataError) as exc:
        load_glossary(directory, use_cache=False)
    return exc.value.problems


def test_the_bundled_glossary_is_valid(tmp_path):
    d, _ = _glossary_dir(tmp_path)
    assert load_glossary(d, use_cache=False) == load_glossary(use_cache=False)


def test_unknown_key_names_file_and_line(tmp_path):
    d, line = _glossary_dir(tmp_path, "  - term: BDNF\n", "  - term: BDNF\n    meaning: brain\n")
    assert _problems(d) == [f"{d}/glossary.yaml:{line + 1}: terms.2.meaning: Extra inputs are not permitted"]


def test_a_term_the_review_does_not_define_needs_msdmts_explanation(tmp_path):
    d, _ = _glossary_dir(tmp_path, "    explanation: >-\n      With no relapse", "    note: >-\n      With no relapse")
    line = (d / "glossary.yaml").read_text(encoding="utf-8").splitlines().index("  - term: relapse-free") + 1
    assert _problems(d) == [f"{d}/glossary.yaml:{line}: terms.22: a term the review does not define needs an "
                            "explanation (msdmt's own words)"]


def test_names_are_unique_across_terms(tmp_path):
    d, line = _glossary_dir(tmp_path, "    aliases: [interferon]\n", "    aliases: [interferon, Beta]\n")
    assert _problems(d) == [f"{d}/glossary.yaml:{line}: terms.13.aliases.1: name 'Beta' is already used by term 'β'"]


def test_a_locator_must_be_one(tmp_path):
    d, line = _glossary_dir(tmp_path, "        locator: Table 1, abbreviation footnote\n", "        locator: somewhere\n")
    assert _problems(d) == [f"{d}/glossary.yaml:{line}: terms.2.defined.0.locator: 'somewhere' is not a locator "
                            "('Table N, ...' or 'Text, \"Section\", paragraph N')"]


def test_missing_file(tmp_path):
    assert _problems(tmp_path) == [f"{tmp_path}/glossary.yaml: file not found"]


# -- start-up -------------------------------------------------------------------------
PROBE = """
import json, sys
from msdmt.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
heavy = sorted({m.split(".")[0] for m in sys.modules} & {"rich", "pydantic", "pydantic_core", "yaml"})
sys.stderr.write("\\nMODULES " + json.dumps(heavy) + "\\n")
"""


@pytest.mark.slow
def test_a_warm_json_lookup_imports_neither_yaml_nor_pydantic_nor_rich(tmp_path):
    env = {**os.environ, "MSDMT_CACHE_DIR": str(tmp_path / "cache")}

    def imported() -> set[str]:
        result = subprocess.run([sys.executable, "-c", PROBE, "glossary", "ARR", "--json"], capture_output=True,
                                text=True, env=env, timeout=60)
        line = next(x for x in result.stderr.splitlines() if x.startswith("MODULES "))
        return set(json.loads(line.removeprefix("MODULES ")))

    assert imported() == {"yaml", "pydantic", "pydantic_core"}  # cold: validated once
    assert imported() == set()  # warm: read from the cache


@pytest.mark.slow
def test_the_wheel_carries_the_glossary_and_the_installed_copy_reads_it(tmp_path):
    import zipfile

    from conftest import ROOT

    out = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out),
                    str(ROOT)], check=True, timeout=300)
    (wheel,) = out.glob("msdmt-*.whl")
    assert "msdmt/data/bundled/glossary.yaml" in zipfile.ZipFile(wheel).namelist()
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)],
                   check=True, timeout=300)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site), "MSDMT_CACHE_DIR": str(tmp_path / "cache")}
    result = subprocess.run([sys.executable, "-c", "from msdmt.cli import main; main()", "glossary", "ARR", "--json"],
                            cwd=elsewhere, capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["terms"][0]["defined"][0]["printed"] == "ARR, absolute risk reduction"
