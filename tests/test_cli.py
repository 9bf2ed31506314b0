"""The command line: every command and format, names, exit codes and error lines."""

import csv
import io
import json

import jsonschema
import pytest
import typer

from conftest import run
from msdmt.cli import app


# -- names ----------------------------------------------------------------------
@pytest.mark.parametrize("name, expected", [
    ("alemtuzumab", "alemtuzumab"), ("LEMTRADA", "alemtuzumab"), ("DMF", "dimethyl-fumarate"),
    ("Tecfidera", "dimethyl-fumarate"), ("GA", "glatiramer-acetate"), ("rebif", "interferon-beta-1a-sc"),
    ("IFN β-1a SC", "interferon-beta-1a-sc"), ("interferon beta-1a sc", "interferon-beta-1a-sc"),
    ("Interferon b-1a IM", "interferon-beta-1a-im"), ("interferon beta-1b", "interferon-beta-1b-sc"),
    ("Gilenya", "fingolimod"), ("natalizumab", "natalizumab"), ("natal", "natalizumab"),
    ("IFN ß-1a SC", "interferon-beta-1a-sc"),
])
def test_therapy_names(name, expected):
    result = run("therapy", name, "--json")
    assert (result.exit_code, result.json()["therapy"]["id"]) == (0, expected)


@pytest.mark.parametrize("name, expected", [
    ("CARE-MS-I", "CARE-MS-I"), ("care-ms-1", "CARE-MS-I"), ("CARE MS I", "CARE-MS-I"), ("CARE-MSI", "CARE-MS-I"),
    ("CARE-MS II", "CARE-MS-II"), ("CAREMS2", "CARE-MS-II"), ("care ms ii", "CARE-MS-II"), ("affirm", "AFFIRM"),
    ("camms223", "CAMMS223"), ("7-year follow-up", "SEVEN-YEAR-FOLLOW-UP"),
])
def test_trial_names(name, expected):
    result = run("trial", name, "--json")
    assert (result.exit_code, result.json()["trial"]["id"]) == (0, expected)


def test_unquoted_words_and_case_insensitive_options():
    assert run("trial", "care", "ms", "2", "--json").json()["trial"]["id"] == "CARE-MS-II"
    assert run("therapy", "interferon", "beta-1a", "sc", "--json").json()["therapy"]["id"] == "interferon-beta-1a-sc"
    assert len(run("trials", "--comparator", "PLACEBO", "--json").json()["trials"]) == 5
    assert run("adverse-events", "--category", "Malignancy", "--json").json()["filters"]["category"] == "malignancy"


def test_a_beginning_of_several_names_lists_them():
    result = run("therapy", "ifn")
    assert result.exit_code == 1
    assert result.stderr == (
        "msdmt: error: 'ifn' matches more than one therapy: interferon-beta-1b-sc (Interferon β-1b SC, Betaseron); "
        "interferon-beta-1a-im (Interferon β-1a IM, Avonex); interferon-beta-1a-sc (Interferon β-1a SC, Rebif). "
        "Name one of them.\n")


def test_ambiguous_generic_name_lists_candidates():
    result = run("therapy", "interferon beta-1a")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "msdmt: error: 'interferon beta-1a' matches more than one therapy: interferon-beta-1a-im "
        "(Interferon β-1a IM, Avonex); interferon-beta-1a-sc (Interferon β-1a SC, Rebif). Name one of them.\n")


def test_unknown_names_suggest_the_closest():
    assert run("therapy", "alemtuzumb").stderr == "msdmt: error: no therapy named 'alemtuzumb'; did you mean 'alemtuzumab'?\n"
    result = run("trial", "CAREMS3")
    assert (result.exit_code, result.stderr) == (
        1, "msdmt: error: no trial named 'CAREMS3'; did you mean 'CARE-MS-I' or 'CARE-MS-II'?\n")
    assert run("therapy", "xyzzy").stderr == "msdmt: error: no therapy named 'xyzzy'; 'msdmt therapies' lists them\n"


# -- usage errors ------------------------------------------------------------------
@pytest.mark.parametrize("args, message", [
    (["compare", "CARE-MS-I"], "compare needs at least two trials"),
    (["compare", "CARE-MS-I", "care-ms-1"], "trial CARE-MS-I named twice; compare needs different trials"),
    (["trials", "--comparator", "sham"],
     "Invalid value for '--comparator': 'sham' is not one of 'placebo', 'active'. (see 'msdmt --help')"),
    (["therapies", "--route", "patch"],
     "Invalid value for '--route': 'patch' is not one of 'sc', 'im', 'iv', 'oral'. (see 'msdmt --help')"),
    (["search", " "], "search needs some text to look for"),
    (["adverse-events", "--sort", "size"], "Invalid value for '--sort': 'size' is not one of 'rate', 'event', "
                                           "'category', 'source'. (see 'msdmt --help')"),
    (["adverse-events", "--category", "cardiac"],
     "Invalid value for '--category': 'cardiac' is not one of 'infusion', 'infection', 'autoimmune', "
     "'malignancy', 'haematological'. (see 'msdmt --help')"),
    (["bogus"], "No such command 'bogus'. (see 'msdmt --help')"),
    (["therapies", "--format", "xml"], "Invalid value for '--format' / '-f': 'xml' is not one of "
                                       "'table', 'json', 'csv', 'markdown'. (see 'msdmt --help')"),
    (["trials", "--phase", "9"], "Invalid value for '--phase': 9 is not in the range 1<=x<=4. (see 'msdmt --help')"),
    (["therapy"], "Missing argument 'NAME'. (see 'msdmt --help')"),
])
def test_usage_errors_exit_2_with_one_line(args, message):
    result = run(*args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"msdmt: error: {message}\n")


def test_no_arguments_shows_the_help():
    result = run()
    assert result.exit_code == 0 and result.stdout.startswith("Usage: msdmt [OPTIONS] COMMAND [ARGS]...")
    assert result.stderr == ""


def test_version_and_help():
    assert run("--version").stdout == "msdmt 0.1.0\n"
    assert run("--data-dir", "/nowhere", "--version").stdout == "msdmt 0.1.0\n"
    result = run("--help")
    assert result.exit_code == 0
    assert "Exit codes: 0 success; 1 not found" in " ".join(result.stdout.split())


def test_internal_errors_are_one_line_unless_debugging(monkeypatch):
    import msdmt.core.queries as queries

    def boom(*_a, **_k):
        raise RuntimeError("kaput")

    monkeypatch.setattr(queries, "therapies_view", boom)
    result = run("therapies")
    assert (result.exit_code, result.stderr) == (
        70, "msdmt: internal error: RuntimeError: kaput (set MSDMT_DEBUG=1 for the traceback)\n")
    with pytest.raises(RuntimeError):
        run("therapies", env={"MSDMT_DEBUG": "1"})


# -- every command and format -----------------------------------------------------
def test_therapies_in_every_format():
    table = run("therapies", "--full")
    assert table.exit_code == 0
    assert "Approved disease-modifying therapies (Table 1)" in table.stdout
    assert "4 µg SC 3× per week" in table.stdout
    assert "Erratum: Table 1 prints 4 µg." in " ".join(table.stdout.split())
    rows = list(csv.reader(io.StringIO(run("therapies", "-f", "csv", "--full").stdout)))[1:]  # after the title row
    assert rows[0] == ["Therapy", "Year", "Route", "Dosing (as printed)", "Class; target (msdmt's summary)"]
    assert rows[1] == ["Interferon β-1b SC (Betaseron) [1]", "1993", "SC", "250 µg SC Every other day",
                       "interferon; MHC class II and costimulatory molecules"]
    assert [r[1] for r in rows[1:11]] == ["1993", "1996", "1997", "2000", "2002", "2006", "2010", "2012", "2013",
                                          "2014 [10]"]
    md = run("therapies", "--format", "markdown", "--full").stdout
    assert "| Natalizumab (Tysabri) | 2006 | IV | 300 mg IV Every 4 weeks | monoclonal antibody; α4-integrin |" in md
    assert [(f["id"], f["value"]) for f in run("therapies", "--json").json()["facts"]] == [
        ("first-dmt-approval-year", 1993), ("treatments-approved-count", 10)]
    data = run("therapies", "--route", "oral", "--json").json()
    assert [t["id"] for t in data["therapies"]] == ["fingolimod", "teriflunomide", "dimethyl-fumarate"]


def test_therapy_view():
    data = run("therapy", "alemtuzumab", "--json").json()
    assert data["therapy"]["approval_year"]["value"] == 2014
    assert [t["id"] for t in data["trials"]] == [
        "CARE-MS-I", "CARE-MS-II", "CAMMS223", "CAMMS223-EXT", "SEVEN-YEAR-FOLLOW-UP", "CAMBRIDGE-OPEN-LABEL"]
    assert len(data["therapy"]["adverse_events"]) == 21
    text = " ".join(run("therapy", "alemtuzumab", "--full", env={"COLUMNS": "400"}).stdout.split())
    for expected in ("Alemtuzumab (Lemtrada)", "ARR reduction: 54.9% (P<0.001)", ">90%", "<0.2%",
                     "Source: Babij R, Perumal JS.", "not prescribing information"):
        assert expected in text
    md = run("therapy", "alemtuzumab", "-f", "markdown", "--full").stdout
    assert "| Herpes infections<br>(infection) | 16%<br>Interferon: 3% \\[" in md  # [ escaped: never a link
    rebif_md = run("therapy", "rebif", "--full", "-f", "markdown").stdout
    assert "## Rates as a comparator" in rebif_md and "| Interferon: 3% |" in rebif_md
    assert [r["adverse_event"] for r in run("adverse-events", "rebif", "--json").json()["comparator_rates"]] == [
        "herpes-infections", "thyroid-cancer"]
    none = " ".join(run("therapy", "natalizumab").stdout.split())
    assert "No source here gives adverse-event figures for this therapy." in none
    rebif = run("therapy", "rebif", "--json").json()
    assert [(t["id"], t["role"]) for t in rebif["trials"]] == [
        ("CARE-MS-I", "comparator"), ("CARE-MS-II", "comparator"), ("CAMMS223", "comparator"),
        ("CAMMS223-EXT", "comparator")]


def test_trials_filters():
    assert [t["id"] for t in run("trials", "--comparator", "placebo", "--json").json()["trials"]] == [
        "AFFIRM", "FREEDOMS", "TEMSO", "DEFINE", "CONFIRM"]
    assert [t["id"] for t in run("trials", "--phase", "2", "--json").json()["trials"]] == ["CAMMS223", "CAMMS223-EXT"]
    assert [t["id"] for t in run("trials", "--therapy", "fingolimod", "--comparator", "active", "--json").json()["trials"]] == [
        "TRANSFORMS"]
    rows = list(csv.reader(io.StringIO(run("trials", "--phase", "3", "-f", "csv").stdout)))[1:]
    assert rows[0] == ["Trial", "Comparator", "Duration", "Arms", "Key results"]
    assert rows[1][:4] == ["AFFIRM\nphase 3", "Placebo", "2 years", "Natalizumab n=627; Placebo n=315"]
    empty = run("trials", "--phase", "1")
    assert empty.exit_code == 0 and "No trial matches these filters." in empty.stdout
    both = run("trials", "--therapy", "interferon beta-1a", "--phase", "3").stdout.split("\n")[0]
    assert both == "Trials (therapy interferon-beta-1a-im or interferon-beta-1a-sc, phase 3)"


def test_trial_view():
    data = run("trial", "CARE-MS-II", "--json").json()
    assert data["trial"]["arms"][0]["n"]["value"] == 436
    derived = {d["id"]: d["value"] for d in data["derived"]}
    assert derived["CARE-MS-II:t3-arr:alemtuzumab:ifn-b1a-sc:relative-reduction"] == 50.0
    md = run("trial", "CARE-MS-II", "-f", "markdown", "--full").stdout
    assert "| Endpoint | Where | Whole trial | Alemtuzumab 12 mg | IFN β-1a SC |" in md
    assert "| ARR, end of study | Table 3 |  | 0.26 | 0.52 |" in md
    assert "| Annualized relapse rate, baseline | Table 3 | 1.7 |  |  |" in md
    assert "## Derived here, not reported by the source" in md
    table = " ".join(run("trial", "TEMSO", "--full").stdout.split())
    assert "31.2% (P<0.001)" in table and "23.7% (P=0.03)" in table


def test_compare_banner_and_empty_cells():
    result = run("compare", "AFFIRM", "CARE-MS-I", "--full")
    text = " ".join(result.stdout.split())
    assert result.exit_code == 0
    assert "These trials differ in comparator (AFFIRM: Placebo; CARE-MS-I: Interferon β-1a SC)." in text
    assert "not a head-to-head comparison" in text
    assert "— means the source reports no such figure for that trial and arm (not zero)." in text
    data = run("compare", "AFFIRM", "CARE-MS-I", "--json").json()
    assert [d["aspect"] for d in data["differences"]] == ["comparator", "population"]
    assert [(c["trial"], c["arm"]) for c in data["columns"]] == [
        ("AFFIRM", "natalizumab"), ("AFFIRM", "placebo"), ("CARE-MS-I", "*"), ("CARE-MS-I", "alemtuzumab"),
        ("CARE-MS-I", "ifn-b1a-sc")]
    arr = next(r for r in data["rows"] if (r["measure"], r["origin"]) == ("arr-reduction", "Table 2"))
    assert {k: [c["value"] for c in v] for k, v in arr["cells"].items()} == {
        "AFFIRM/natalizumab": [68], "CARE-MS-I/alemtuzumab": [54.9]}
    rows = list(csv.reader(io.StringIO(run("compare", "AFFIRM", "CARE-MS-I", "-f", "csv", "--full").stdout)))
    assert rows[:2] == [["Caution"], ["caution"]]
    assert rows[-4:-2] == [["Source"], ["source"]] and rows[-2][0].startswith("Source: Babij R")
    assert rows[-1] == ["Figures as reported in a 2015 review; not prescribing information."]
    assert ["Derived here, not reported by the source"] in rows
    same = run("compare", "CARE-MS-I", "CARE-MS-II", "--json").json()
    assert [d["aspect"] for d in same["differences"]] == ["population"]
    assert same["caution"].startswith("Figures from different trials side by side are not a head-to-head comparison")


def test_compare_keeps_whole_trial_statements_and_endpoint_notes():
    md = run("compare", "AFFIRM", "CONFIRM", "-f", "markdown", "--full").stdout
    assert ("| Reduced risk of disability progression | Table 2 | 42% (P&lt;0.001) \\[2] | — | "
            "Not statistically significant | — | — | — | — |") in md
    data = run("compare", "FREEDOMS", "CARE-MS-II", "--json").json()
    assert [c["arm"] for c in data["columns"]][:4] == ["fingolimod-1-25mg", "fingolimod-0-5mg", "placebo", "*"]
    hr = next(r for r in data["rows"] if (r["measure"], r["origin"]) == ("disability-risk-reduction", "Table 2"))
    assert hr["cells"]["FREEDOMS/fingolimod-1-25mg"][0]["endpoint_notes"]["note"].startswith("This cell prints hazard ratios")
    text = " ".join(run("compare", "FREEDOMS", "CARE-MS-II", "--full").stdout.split())
    assert "Note: This cell prints hazard ratios where the other rows of the column print percentage reductions" in text
    assert "Erratum: The same reduction is printed as 49.4% here, 49% in Table 3 and 49.9% in the text." in text
    labels = run("compare", "SEVEN-YEAR-FOLLOW-UP", "CAMMS223", "--json").json()
    arr = next(r for r in labels["rows"] if (r["measure"], r["origin"]) == ("arr", "Text"))
    assert arr["labels"] == {"SEVEN-YEAR-FOLLOW-UP": "Mean annualized relapse rate after alemtuzumab",
                             "CAMMS223": "Annualized relapse rate"}


@pytest.mark.parametrize("width", ["30", "50", "80"])
def test_chart_never_cuts_a_figure(width):
    out = run("compare", "TEMSO", "CAMMS223-EXT", "--chart", env={"COLUMNS": width}).stdout
    assert "…" not in out and max(len(line) for line in out.splitlines()) <= int(width)
    assert {"31.2%", "31.5%", "69%", "P<0.0001"} <= set(out.split())


def test_empty_chart_says_so():
    out = " ".join(run("compare", "CAMBRIDGE-OPEN-LABEL", "SEVEN-YEAR-FOLLOW-UP", "--chart").stdout.split())
    assert "Nothing to draw: none of these trials reports a relapse-rate or disability reduction" in out


def test_chart_in_csv_and_markdown():
    rows = list(csv.reader(io.StringIO(run("compare", "AFFIRM", "CARE-MS-I", "--chart", "-f", "csv").stdout)))
    assert rows[0] == ["Caution"]
    assert ["placebo", "AFFIRM: Natalizumab", "68%", "P<0.001", "Table 2"] in rows
    md = run("compare", "AFFIRM", "CARE-MS-I", "--chart", "-f", "markdown")
    assert md.exit_code == 0 and "| active | CARE-MS I: Alemtuzumab | 54.9% | P&lt;0.001 | Table 2 |" in md.stdout


def test_compare_chart():
    out = run("compare", "AFFIRM", "FREEDOMS", "CARE-MS-I", "--chart").stdout
    text = " ".join(out.split())
    assert "versus placebo" in text and "versus active" in text
    assert "68% P<0.001 [Table 2]" in text and "54.9% P<0.001 [Table 2]" in text
    assert "their lengths do not rank therapies" in text
    assert "Not drawn: FREEDOMS: Reduced risk of disability progression 0.68 (hazard ratio)." in text
    data = run("compare", "CARE-MS-II", "AFFIRM", "--chart", "--json").json()
    first = data["panels"][0]
    assert [(g["comparator"], [(b["trial"], b["value"]) for b in g["bars"]]) for g in first["groups"]] == [
        ("active", [("CARE-MS-II", 49.4)]), ("placebo", [("AFFIRM", 68)])]


def test_adverse_events():
    data = run("adverse-events", "--json").json()
    rates = [e["rate"]["value"] for e in data["adverse_events"] if e["rate"] and e["rate"]["value"] is not None]
    assert rates == sorted(rates, reverse=True) and rates[0] == 90
    assert [e["id"] for e in run("adverse-events", "alemtuzumab", "--category", "malignancy", "--sort", "event",
                                "--json").json()["adverse_events"]] == [
        "lymphoproliferative-disorders", "melanoma", "burkitt-lymphoma", "thyroid-cancer", "thyroid-cancer-observational"]
    rows = list(csv.reader(io.StringIO(run("adverse-events", "-f", "csv", "--sort", "source", "--full").stdout)))[1:]
    assert rows[0] == ["Event (category)", "Figures", "Context", "Where"]
    assert rows[1] == ["Infusion-associated reactions [1]\n(infusion)", ">90%",
                       "Patients who received alemtuzumab (clinical trials)", "Text, Safety and tolerability ¶1"]
    herpes = next(r for r in rows if r[0] == "Herpes infections\n(infection)")
    assert herpes[1] == "16%\nInterferon: 3% [3]"
    itp = next(r for r in rows if r[0].startswith("Immune thrombocytopenia"))
    assert itp[1].split("\n")[0] == "2%" and itp[1].split("\n")[1].startswith("3 patients") and "deaths: 1" in itp[1]
    empty = run("adverse-events", "fingolimod")
    assert empty.exit_code == 0 and "No source here gives adverse-event figures for this selection." in empty.stdout


def test_search():
    data = run("search", "acyclovir", "--json").json()
    assert {h["id"] for h in data["hits"]} == {"alemtuzumab", "CARE-MS-II"}
    first = data["hits"][0]
    assert (first["what"], first["item"]) == ("adverse event", "herpes-infections-course1-acyclovir")
    assert first["matched"] == ["event", "context"]
    assert first["locator"] == 'Text, "Safety and tolerability", paragraph 2'
    assert run("search", "BETA-1A IM", "--json").json()["hits"][0]["id"] == "interferon-beta-1a-im"
    none = run("search", "zzzqqq")
    assert (none.exit_code, none.stdout, none.stderr) == (1, "", "msdmt: error: no matches for 'zzzqqq'\n")
    none_json = run("search", "zzzqqq", "--json")
    assert none_json.exit_code == 1 and none_json.json()["hits"] == []


def test_markup_in_data_is_not_interpreted(tmp_path):
    from conftest import copy_bundled

    d = copy_bundled(tmp_path)
    text = (d / "therapies.yaml").read_text(encoding="utf-8")
    (d / "therapies.yaml").write_text(text.replace("    brand: Lemtrada\n", "    brand: '[bold red]Lem[/] :smile:'\n", 1),
                                      encoding="utf-8")
    out = run("--no-bundled", "--data-dir", str(d), "therapy", "alemtuzumab").stdout
    assert "[bold red]Lem[/] :smile:" in out


# -- structure ----------------------------------------------------------------------
def test_every_command_has_a_docstring_with_an_example():
    commands = typer.main.get_command(app).commands
    assert sorted(commands) == ["adverse-events", "audit", "cite", "compare", "export", "glossary", "schema", "search",
                                "sources", "therapies", "therapy", "trial", "trials", "validate"]
    for name, command in commands.items():
        assert command.help and "Example: msdmt " + name in command.help, name


JSON_COMMANDS = {
    "therapies": ["therapies"], "therapy": ["therapy", "alemtuzumab"], "trials": ["trials"],
    "trial": ["trial", "CAMMS223"], "compare": ["compare", "AFFIRM", "FREEDOMS", "CARE-MS-II"],
    "chart": ["compare", "TEMSO", "CARE-MS-I", "--chart"], "adverse-events": ["adverse-events"],
    "search": ["search", "relapse"], "validate": ["validate"], "audit": ["audit"], "sources": ["sources"],
    "glossary": ["glossary", "ARR"],
}


@pytest.mark.parametrize("name", JSON_COMMANDS)
def test_json_output_validates_against_its_schema(name):
    schema = json.loads(run("schema", name).stdout)
    output = run(*JSON_COMMANDS[name], "--json")
    assert output.exit_code == 0
    jsonschema.validate(output.json(), schema)


def test_schema_of_everything_and_unknown():
    assert sorted(json.loads(run("schema").stdout)) == sorted(JSON_COMMANDS)
    bad = run("schema", "nope")
    assert bad.exit_code == 2 and bad.stderr.startswith("msdmt: error: no JSON output for 'nope'; choose from therapies")
