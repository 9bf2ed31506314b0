"""Defence in depth at output: nothing from the data, the arguments or file names reaches the terminal,
a spreadsheet or a Markdown renderer as anything but text (README, Security)."""

from __future__ import annotations

import csv
import io
import re
import sys
import unicodedata

import pytest
from markdown_it import MarkdownIt

from conftest import copy_bundled, run
from msdmt.render import Format, Terminal, formatter
from msdmt.render.document import BarLine, Document, Section, build
from msdmt.render.formatters import csv as csv_format
from msdmt.render.formatters.sanitize import clean_document, escape, escape_in_document, quote_arguments

# Everything a terminal might act on: C0 and C1 controls, DEL, format characters (bidi, zero width, tags),
# line and paragraph separators, lone surrogates.
UNSAFE_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}
HOSTILE = [
    "\x1b]52;c;aGVsbG8=\x07",  # OSC 52: write to the clipboard
    "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",  # OSC 8 hyperlink
    "\x1b[2J\x1b[H",  # clear the screen
    "abc\u202edcba",  # right-to-left override
    "\u2066isolate\u2069",
    "zero\u200bwidth\ufeff",
    "tag\U000e0041\U000e007f",
    "c1\x9b31m",  # CSI as a C1 control
    "back\x08space\rreturn\x7fdel\ttab",
    "line\u2028separator",
]


def _unsafe(text: str, keep: str = "") -> list[str]:
    return [c for c in text if unicodedata.category(c) in UNSAFE_CATEGORIES and c not in keep]


def _hostile_document() -> Document:
    h = HOSTILE
    section = Section(h[0], [h[1], "Value", "Where"], [[h[2], "68%\n" + h[3], h[4]], [h[5], h[6], h[7]]], note=h[8])
    bars = Section(h[9], ["Versus", "Trial: arm", "Reduction", "P", "Where"], [[h[0], h[1], "68%", "P<0.001", "x"]],
                   kind="bars", bars=[BarLine(h[2], h[3], 68.0, h[4])])
    lines = Section("Not drawn", ["Figure"], [[h[5]]], kind="lines")
    return Document(h[6], [section, bars, lines], banner=[h[7], h[8]], footer=h[9])


# -- the escaping rule --------------------------------------------------------------
def test_every_control_format_and_separator_character_is_escaped():
    # Checked against the running Python's Unicode database, so a new format character fails here.
    missed = [hex(cp) for cp in range(0x110000)
              if unicodedata.category(chr(cp)) in UNSAFE_CATEGORIES and escape(chr(cp)) == chr(cp)]
    assert missed == []
    assert escape("\x1b[2J\u202e\U000e0041\t\r\n") == "\\x1b[2J\\u202e\\U000e0041\\t\\r\\n"
    assert escape_in_document("a\nb\x1b") == "a\nb\\x1b"  # msdmt's own line break inside a cell stays


def test_legitimate_text_is_unchanged():
    text = "β µ ² × ≤ ≥ – — ’ “ ” ® ¶ ï α 漢字 -0.14 +0.38 P<0.001 [1] 4 µg SC 3× per week"
    assert escape(text) == text == escape_in_document(text)


def test_the_bundled_documents_are_unchanged_by_cleaning(catalog):
    views = [catalog.therapies(), catalog.trials(), catalog.adverse_events(), catalog.audit(), catalog.search("thyroid"),
             catalog.compare([t["id"] for t in catalog.data["trials"]]),
             catalog.chart([t["id"] for t in catalog.data["trials"]])]
    views += [catalog.therapy(t["id"]) for t in catalog.data["therapies"]]
    views += [catalog.trial(t["id"]) for t in catalog.data["trials"]]
    for view in views:
        doc = build(view)
        assert clean_document(doc) == doc, view.view


# -- every human format, from a hostile document -----------------------------------
@pytest.mark.parametrize("fmt", [Format.table, Format.csv, Format.markdown])
@pytest.mark.parametrize("terminal", [Terminal(), Terminal(ascii_only=True), Terminal(width=30)])
def test_no_control_character_from_the_data_is_written(fmt, terminal):
    out = formatter(fmt)(_hostile_document(), terminal)
    assert _unsafe(out, keep="\n") == []
    if fmt is Format.markdown:
        out = out.replace("\\\\", "\\")  # Markdown escapes the backslash of each escape
    assert "\\x1b]52;c;aGVsbG8=\\x07" in out and "\\u202e" in out and "\\U000e0041" in out
    assert "\\u2028" in out


def test_colour_tables_carry_only_their_own_colour_sequences():
    out = formatter(Format.table)(_hostile_document(), Terminal(color_system="truecolor", is_terminal=True))
    assert "\x1b[" in out  # Rich's colours are there
    without_colour = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert _unsafe(without_colour, keep="\n") == []


def test_a_rendered_document_is_not_changed():
    doc = _hostile_document()
    before = repr(doc)
    for fmt in (Format.table, Format.csv, Format.markdown):
        formatter(fmt)(doc, Terminal())
    assert repr(doc) == before


# -- CSV: no formulas ------------------------------------------------------------------
@pytest.mark.parametrize("text", ["=1+2", "+1+2", "-2+3", "@SUM(A1:A9)", "\t=1", "\r=1", " =1", "\n=1",
                                  "=HYPERLINK(\"https://evil.example\",\"68%\")", "-3 percentage points", "-0.39 [4]",
                                  "\uff1d1+1", "+", "--1"])
def test_csv_cells_that_would_start_a_formula_get_a_quote(text):
    assert csv_format.cell(text) == "'" + text


@pytest.mark.parametrize("text", ["-0.14", "+0.38", "-9.3%", "68%", "12", "0.5", "-", "", "P<0.001", "HR 0.68",
                                  "Natalizumab (Tysabri)", "a=b", "1993"])
def test_csv_plain_numbers_and_text_stay_as_they_are(text):
    assert csv_format.cell(text) == text


def test_csv_output_quotes_every_cell_and_neutralises_formulas():
    doc = Document("t", [Section("=cmd|' /C calc'!A0", ["@x", "y"], [["-0.14", "+0.38"], ["=1+1", "-2+3;=4"]],
                                 note="+note")], banner=["-caution"], footer="=footer")
    out = csv_format.render(doc, Terminal())
    assert all(line.startswith('"') and line.endswith('"') for line in out.splitlines() if line)
    rows = [r for r in csv.reader(io.StringIO(out)) if r]
    cells = [c for r in rows for c in r]
    assert "-0.14" in cells and "+0.38" in cells
    assert {"'=cmd|' /C calc'!A0", "'@x", "'=1+1", "'-2+3;=4", "'+note", "'-caution", "'=footer"} <= set(cells)
    assert not [c for c in cells if c[:1] in "=+-@" and c not in ("-0.14", "+0.38")]


def test_csv_checks_formulas_after_the_ascii_fallback():
    doc = Document("t", [Section("s", ["a"], [["–1+1"], ["—"]])])  # en dash and em dash become "-"
    rows = [r for r in csv.reader(io.StringIO(csv_format.render(doc, Terminal(ascii_only=True)))) if r]
    assert ["'-1+1"] in rows and ["-"] in rows


@pytest.mark.parametrize(("trial", "figures"), [("CARE-MS-I", {"-0.14", "-0.87%", "-1.49%"}),
                                               ("CAMMS223", {"+0.38", "-0.39", "-0.5%"})])
def test_bundled_figures_stay_readable_in_csv(trial, figures):
    cells = {c for r in csv.reader(io.StringIO(run("trial", trial, "-f", "csv", "--full").stdout)) for c in r}
    assert figures <= cells
    # Only a figure followed by words gets the quote ("'-3 percentage points over 2 years", "'-0.39 [4]"):
    # a spreadsheet would otherwise try to compute it.
    quoted = [c for c in cells if c.startswith("'")]
    assert quoted and all(re.match(r"'[-+]\d+(\.\d+)?%? \S", c) for c in quoted)


# -- Markdown: text, never HTML or markup -----------------------------------------------
def _rendered_text(markdown: str) -> tuple[list[str], list[str]]:
    """Headings and cells as a CommonMark renderer shows them, and every piece of raw HTML it would pass."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    texts, html = [], []
    for token in tokens:
        if token.type in ("html_block", "html_inline"):
            html.append(token.content)
        for child in token.children or []:
            if child.type in ("html_inline", "html_block"):
                html.append(child.content)
            elif child.type in ("link_open", "image", "em_open", "strong_open", "code_inline", "s_open"):
                html.append(child.type)
        if token.type == "inline":
            texts.append("".join("\n" if c.type == "html_inline" and c.content == "<br>" else
                                 c.content for c in token.children or []))
    return texts, html


def test_markdown_renders_exactly_the_text():
    values = ["<script>alert(1)</script>", "<!-- hides the rest", "*5* _6_ ~7~ `8` $9$", "[54.9%](https://evil)",
              "a | b \\ c", "&lt; stays &lt;", "P<0.001 >90%", "2*3*4"]
    doc = Document("# title\n## two", [Section("heading\n# injected", ["Value", "Other"],
                                               [[v, "line 1\nline 2"] for v in values],
                                               note="- not a list\n1. nor this")],
                   banner=["> nested", "1) x"], footer="*footer* #")
    texts, html = _rendered_text(formatter(Format.markdown)(doc, Terminal()))
    assert html == ["<br>"] * len(values) + ["em_open"]  # only msdmt's own line breaks and italic footer
    for value in values:
        assert value in texts
    assert texts.count("line 1\nline 2") == len(values)
    for text in ("# title ## two", "heading # injected", "- not a list 1. nor this", "&gt; nested", "1) x",
                 "*footer* #"):
        assert text.replace("&gt;", ">") in texts


def test_markdown_keeps_one_line_per_heading_and_row():
    doc = Document("a\nb", [Section("c\nd", ["x\ny"], [["1\n2"], ["<!--"]], note="e\nf")], banner=["g\nh"],
                   footer="i\nj")
    out = formatter(Format.markdown)(doc, Terminal())
    assert out.splitlines() == ["# a b", "", "> g h", "", "## c d", "", "| x<br>y |", "|---|", "| 1<br>2 |",
                                "| &lt;!-- |", "", "e f", "", "*i*  ", "*j*"]  # footer: citation, then vintage


def test_bundled_markdown_reads_as_the_table_does():
    texts, html = _rendered_text(run("therapy", "alemtuzumab", "-f", "markdown", "--full").stdout)
    assert set(html) == {"<br>", "em_open"} and html.count("em_open") == 2  # the citation and the vintage line
    assert "ARR reduction: 54.9% (P<0.001) [4]; Disability: Not statistically significant" in texts


# -- stderr ------------------------------------------------------------------------------
@pytest.mark.parametrize("args", [
    ["therapy", "\x1b]52;c;aGVsbG8=\x07"], ["therapies", "--route", "\x1b[2J"], ["\x1b[2Jx"], ["therapies", "--\x1b[2J"],
    ["--data-dir", "/nowhere/\x1b[31mred", "trials"], ["validate", "/nowhere/\u202eabc"], ["search", "\x9b31m"],
    ["therapies", "--route", "\u2028x"],
])
def test_messages_escape_arguments_and_file_names(args):
    result = run(*args)
    assert result.exit_code in (1, 2) and result.stdout == ""
    assert _unsafe(result.stderr, keep="\n") == [] and result.stderr.count("\n") == 1
    assert "\\x1b" in result.stderr or "\\u202e" in result.stderr or "\\x9b" in result.stderr or "\\u2028" in result.stderr


def test_data_errors_and_internal_errors_are_escaped(monkeypatch):
    import msdmt.core.queries as queries
    import msdmt.data.load as load
    from msdmt.errors import DataError

    def bad_data(*_a, **_k):
        raise DataError(["therapies.yaml:3: key '\x1b[2J': unknown field", "trials.yaml:9: \u202e\nsecond"])

    monkeypatch.setattr(load, "open_store", bad_data)
    result = run("validate")
    assert result.exit_code == 1
    assert result.stderr == ("msdmt: therapies.yaml:3: key '\\x1b[2J': unknown field\n"
                             "msdmt: trials.yaml:9: \\u202e\\nsecond\n")
    monkeypatch.undo()

    def boom(*_a, **_k):
        raise RuntimeError("kaput \x1b]52;c;aGk=\x07")

    monkeypatch.setattr(queries, "therapies_view", boom)
    assert run("therapies").stderr == (
        "msdmt: internal error: RuntimeError: kaput \\x1b]52;c;aGk=\\x07 (set MSDMT_DEBUG=1 for the traceback)\n")


def test_validate_never_echoes_escape_sequences_from_a_yaml_key(tmp_path):
    d = copy_bundled(tmp_path)
    path = d / "therapies.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    brand: Lemtrada\n", '    brand: Lemtrada\n    "bad\\e]52;c;aGk=\\a\\e[2J": 1\n', 1),
                    encoding="utf-8")
    result = run("--no-bundled", "validate", str(d))
    assert result.exit_code == 1 and result.stdout == ""
    assert _unsafe(result.stderr, keep="\n") == [] and "\\x1b" in result.stderr


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown"])
def test_hostile_data_is_refused_or_shown_escaped(tmp_path, fmt):
    # Validation may refuse such text (then its message is escaped); if it passes, the output escapes it.
    d = copy_bundled(tmp_path)
    path = d / "therapies.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    brand: Lemtrada\n", '    brand: "Lem\\e]8;;https://evil\\e\\\\trada\\u202e"\n', 1),
                    encoding="utf-8")
    result = run("--no-bundled", "--data-dir", str(d), "therapy", "alemtuzumab", "-f", fmt)
    assert _unsafe(result.stdout, keep="\n") == [] and _unsafe(result.stderr, keep="\n") == []
    assert "\\x1b]8;;https://evil" in result.stdout + result.stderr


# 1 MB cannot pass through exec (one argument is at most 128 KiB on Linux): in process, through main().
BIG = "x" * 1_000_000


@pytest.mark.parametrize("args", [
    ["therapy", BIG], ["trials", "--therapy", BIG], ["therapies", "--route", BIG], ["trials", "--phase", BIG],
    ["schema", BIG], ["search", BIG], ["trial", BIG], ["compare", BIG, "x"], ["adverse-events", BIG],
    ["adverse-events", "--category", BIG], ["therapies", "-f", BIG], [BIG], ["therapies", "--" + BIG],
    ["validate", BIG], ["--data-dir", BIG, "trials"],
])
def test_a_huge_argument_is_never_echoed_whole(args):
    result = run(*args)
    assert result.exit_code in (1, 2, 70) and result.stdout == ""
    assert result.stderr.count("\n") == 1 and len(result.stderr) <= 1100
    assert "x" * 200 not in result.stderr or args[0] in ("validate", "--data-dir")


def test_arguments_in_parser_messages_are_cut_to_80_characters():
    message = "Invalid value for '--route': '" + BIG + "' is not one of 'sc'."
    assert quote_arguments(message, ["--route", BIG]) == (
        "Invalid value for '--route': '" + "x" * 79 + "…' is not one of 'sc'.")
    assert quote_arguments("No such command '\\x1b[2J'.", ["\x1b[2J"]) == "No such command '\\x1b[2J'."
    assert quote_arguments("short 'ok'", ["ok"]) == "short 'ok'"


def test_an_unknown_name_in_another_script_is_named():
    result = run("therapy", "漢字")
    assert (result.exit_code, result.stderr) == (1, "msdmt: error: no therapy named '漢字'; 'msdmt therapies' lists them\n")
    assert run("trial", "漢字").stderr.startswith("msdmt: error: no trial named '漢字'")


def test_the_sanitiser_is_standard_library_only():
    # The command line imports it on its error path; it must stay light.
    code = ("import sys; import msdmt.render.formatters.sanitize; "
            "print(sorted({'rich', 'pydantic', 'yaml', 'typer'} & {m.split('.')[0] for m in sys.modules}))")
    import subprocess

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60).stdout
    assert out.strip() == "[]"
