"""The csv, markdown, table and ascii formatters on small documents: their exact text."""

from __future__ import annotations

import pytest

from msdmt.render import Terminal
from msdmt.render.document import BarLine, Document, Section
from msdmt.render.formatters import csv as csv_fmt
from msdmt.render.formatters import markdown as md_fmt
from msdmt.render.formatters import table as table_fmt
from msdmt.render.formatters.ascii import to_ascii

PLAIN = Terminal()
ASCII = Terminal(ascii_only=True)


# -- ascii --------------------------------------------------------------------------------------------
def test_to_ascii_maps_the_source_symbols():
    assert to_ascii("IFN β-1a 30 µg, α ≤ 2 ≥ 1 × 3 – — − ’‘ “x” ® m² ¶3 … · naïve") == \
        "IFN beta-1a 30 ug, alpha <= 2 >= 1 x 3 - - - '' \"x\" (R) m2 para 3 ... - naive"


def test_to_ascii_replaces_what_it_cannot_map():
    assert to_ascii("日本 é") == "?? ?"
    assert to_ascii("plain") == "plain"
    assert to_ascii("") == ""


# -- csv ----------------------------------------------------------------------------------------------
def sample(**kw):
    out = Document("Title", [
        Section("First", ["Trial", "Value"], [["CARE-MS I", "0.18, 0.39"], ["β trial", "line\nbreak"]], note="Note β"),
        Section("Second", ["Only"], []),
    ], banner=["Caution one", "Caution two"], footer="Source: β review")
    for k, v in kw.items():
        setattr(out, k, v)
    return out


def test_csv_blocks():
    # every cell quoted; the footer is one row per line
    assert csv_fmt.render(sample(), PLAIN) == (
        '"Caution"\n"caution"\n"Caution one"\n"Caution two"\n'
        "\n"
        '"First"\n"Trial","Value"\n"CARE-MS I","0.18, 0.39"\n"β trial","line\nbreak"\n"Note β"\n'
        "\n"
        '"Second"\n"Only"\n'
        "\n"
        '"Source"\n"source"\n"Source: β review"\n')
    two_lines = sample(banner=[], footer="Source: β review\nMade-up vintage")
    assert csv_fmt.render(two_lines, PLAIN).endswith('"Source"\n"source"\n"Source: β review"\n"Made-up vintage"\n')


def test_csv_without_banner_or_footer_and_in_ascii():
    got = csv_fmt.render(sample(banner=[], footer=""), ASCII)
    assert got == ('"First"\n"Trial","Value"\n"CARE-MS I","0.18, 0.39"\n"beta trial","line\nbreak"\n"Note beta"\n'
                   "\n"
                   '"Second"\n"Only"\n')


# -- markdown -----------------------------------------------------------------------------------------
def test_markdown():
    assert md_fmt.render(sample(), PLAIN) == (
        "# Title\n"
        "\n"
        "> Caution one\n"
        "\n"
        "> Caution two\n"
        "\n"
        "## First\n"
        "\n"
        "| Trial | Value |\n"
        "|---|---|\n"
        "| CARE-MS I | 0.18, 0.39 |\n"
        "| β trial | line<br>break |\n"
        "\n"
        "Note β\n"
        "\n"
        "## Second\n"
        "\n"
        "| Only |\n"
        "|---|\n"
        "\n"
        "*Source: β review*\n")


def test_markdown_escapes_cells():
    doc = Document("T", [Section("S", ["a|b"], [["x\\|y\nz"]])])
    # the backslash is escaped first, so the one added before "|" is not doubled
    assert md_fmt.render(doc, PLAIN) == "# T\n\n## S\n\n| a\\|b |\n|---|\n| x\\\\\\|y<br>z |\n\n"


def test_markdown_in_ascii():
    doc = Document("β", [], footer="µg")
    assert md_fmt.render(doc, ASCII) == "# beta\n\n*ug*\n"
    assert md_fmt.render(doc, PLAIN) == "# β\n\n*µg*\n"


# -- table: column widths -----------------------------------------------------------------------------
def test_widths_when_the_table_fits():
    # two columns of 11 and 17 characters need 11 + 17 + 3 + 3 - 1 = 33 columns: each gets what it wants
    rows = [["aaa bbb ccc", "dd ee ff gg hh ii"]]
    assert table_fmt._widths(["A", "B"], rows, 33) == [11, 17]
    assert table_fmt._widths(["A", "B"], rows, 80) == [11, 17]


def test_widths_go_where_they_save_lines_then_by_how_much_more_each_column_wants():
    rows = [["aaa bbb ccc", "dd ee ff gg hh ii"]]
    # width 32: budget 27; floors (longest pieces) 3 and 2 take 1 + 3 and 1 + 6 lines: height 7.
    # B at 5 ("dd ee") takes 3 lines: 3 lines saved for 3 columns, the best gain (B at 8: 3 for 6).
    # Then A and B both take 3 lines and widening one alone saves nothing: the search stops at [3, 5].
    # The spare 19 is shared by want, 8:12 -> 3 + 19*8//20, 5 + 19*12//20
    assert table_fmt._widths(["A", "B"], rows, 32) == [10, 16]
    # width 20: budget 15, the same search to [3, 5], spare 7 -> 3 + 7*8//20, 5 + 7*12//20
    assert table_fmt._widths(["A", "B"], rows, 20) == [5, 9]
    # width 10: budget 5 = the floors exactly: nothing to share
    assert table_fmt._widths(["A", "B"], rows, 10) == [3, 2]


def test_widths_count_lines_headers_and_long_words():
    # a cell's longest line counts, not its whole text; the header counts too
    rows = [["short\nlines", "x"]]
    assert table_fmt._widths(["A header", "B"], rows, 16) == [8, 1]  # 8 + 1 <= 16 - 5
    # words are kept whole up to 20 characters: a 20-character word is its column's floor
    rows = [["w" * 20, "a b c d e f g h i j"]]
    # width 30: budget 25, floors 20 and 1 (10 lines), spare 4; B at 3 ("a b") takes 5 lines: 2.5 lines a
    # column, better than 4 ("a b" still: 5 for 3) or 5 ("a b c", 4 lines: 6 for 4); then B at 5 saves one line
    # for 2: [20, 5] and nothing left
    assert table_fmt._widths(["A", "B"], rows, 30) == [20, 5]


def test_widths_give_up_when_words_do_not_fit():
    rows = [["x" * 10, "y" * 30]]
    # floors 10 and 20 (the cap) = 30 > budget 31 - 5 = 26: stack the rows instead
    assert table_fmt._widths(["A", "B"], rows, 31) is None
    assert table_fmt._widths(["A", "B"], rows, 34) is None
    assert table_fmt._widths(["A", "B"], rows, 35) == [10, 20]
    # one more column saves no line (30 y's take 2 lines at 20 and at 21): it goes by want, all to B
    assert table_fmt._widths(["A", "B"], rows, 36) == [10, 21]


def test_widths_of_a_column_of_blanks():
    # a cell of spaces has no piece: its floor is 1
    rows = [["   ", "a b c d e f g h i j k l m n o p"]]
    # budget 20 - 5 = 15; floors 1 and 1 (16 lines); the search widens B to 3 (8 lines), 5 (6), 7 (4), 11 (3);
    # then nothing saves a line: spare 3 shared 2:20 -> 1 + 6//22, 11 + 60//22
    assert table_fmt._widths(["", "B"], rows, 20) == [1, 13]


# -- table: whole output ------------------------------------------------------------------------------
def test_table_render():
    doc = Document("D", [Section("S", ["a", "bb"], [["1", "22"]], note="n")], banner=["careful"], footer="F")
    # SIMPLE_HEAD: edges of spaces (blank lines above and below once trailing blanks go), a rule under the
    # header; cells padded by one space on their inner sides only
    assert table_fmt.render(doc, Terminal(width=40)) == (
        "! careful\n"
        "\n"
        "S\n"
        "\n"
        " a   bb\n"
        " ──────\n"
        " 1   22\n"
        "\n"
        "n\n"
        "\n"
        "F\n")


def test_table_render_in_ascii_with_more_columns():
    doc = Document("D", [Section("β", ["a", "b", "c", "d"], [["1", "2", "3", "µ"], ["4", "5", "6", "7"]])])
    # four columns: lines between rows; ASCII box
    assert table_fmt.render(doc, Terminal(width=40, ascii_only=True)) == (
        "beta\n"
        "+-------------+\n"
        "|a | b | c | d|\n"
        "|--+---+---+--|\n"
        "|1 | 2 | 3 | u|\n"
        "|--+---+---+--|\n"
        "|4 | 5 | 6 | 7|\n"
        "+-------------+\n"
        "\n")


def test_table_stacks_rows_on_a_narrow_terminal():
    doc = Document("D", [Section("S", ["Trial", "Value", "Where"], [
        ["CARE-MS I", "0.18\n0.39", "—"], ["AFFIRM", "", "Table 2"]])])
    # 20 columns (the least) cannot hold three columns' words plus separators: one block per row
    assert table_fmt.render(doc, Terminal(width=10)) == (
        "S\n"
        "\n"
        "CARE-MS I\n"
        "  Value: 0.18; 0.39\n"
        "\n"
        "AFFIRM\n"
        "  Where: Table 2\n"
        "\n"
        "\n")


def test_table_stacked_in_ascii():
    doc = Document("D", [Section("µ", ["Trial", "Value", "Where"], [["β" * 30, "≤ " * 12, "x"]])])
    # plain lines, wrapped at the width (20): a long word is cut into lines, other text wraps at spaces;
    # a "column: value" line goes on indented by four (five "<=" a line after the first's four)
    assert table_fmt.render(doc, Terminal(width=20, ascii_only=True)) == (
        "u\n\n" + ("beta" * 5 + "\n") * 6 + "  Value: <= <= <= <=\n"
        + "    <= <= <= <= <=\n    <= <= <=\n  Where: x\n\n\n")


def test_table_lines():
    doc = Document("D", [Section("Not drawn", ["Figure"], [["Not drawn: x."], ["Not drawn: β."]], kind="lines")])
    # the title, then one line per row
    assert table_fmt.render(doc, Terminal(width=40, ascii_only=True)) == "Not drawn\nNot drawn: x.\nNot drawn: beta.\n\n"


def test_table_bars():
    bars = [BarLine("placebo", "AFFIRM", 68, "68% [Table 2]"), BarLine("placebo", "FREEDOMS", 150, "x"),
            BarLine("IFN β", "CARE", -5, "y")]
    doc = Document("D", [Section("ARR", ["Versus"], [], kind="bars", bars=bars)])
    # labels 8 wide, ends 13 (both under 40 // 3), bars 40 - 8 - 13 - 4 = 15; 68% of 15 = 10.2 -> 10;
    # a grid collapses the padding between its columns to one space; bars keep their order
    assert table_fmt.render(doc, Terminal(width=40, ascii_only=True)) == (
        "ARR\n"
        "  versus placebo\n"
        "AFFIRM   ##########      68% [Table 2]\n"
        "FREEDOMS ############### x\n"
        "  versus IFN beta\n"
        "CARE                     y\n"
        "\n")
    assert "█" * 10 + " " in table_fmt.render(doc, Terminal(width=40))


def test_table_bar_columns_fold_long_labels():
    bars = [BarLine("g", "L" * 30, 50, "E" * 30)]
    doc = Document("D", [Section("T", ["x"], [], kind="bars", bars=bars)])
    # labels and ends at most 40 // 3 = 13 wide; bar 40 - 13 - 13 - 4 = 10; 50% -> 5
    assert table_fmt.render(doc, Terminal(width=40, ascii_only=True)) == (
        "T\n"
        "  versus g\n"
        "LLLLLLLLLLLLL #####      EEEEEEEEEEEEE\n"
        "LLLLLLLLLLLLL            EEEEEEEEEEEEE\n"
        "LLLL                     EEEE\n"
        "\n")


@pytest.mark.parametrize("system", ["standard", "truecolor"])
def test_table_colour_only_when_asked(system):
    doc = Document("D", [Section("S", ["a"], [["1"]])], banner=["b"], footer="F")
    assert "\x1b[" in table_fmt.render(doc, Terminal(width=40, color_system=system))
    assert "\x1b[" not in table_fmt.render(doc, Terminal(width=40))


def test_table_bars_on_the_narrowest_terminal_fold_and_never_cut():
    bars = [BarLine("placebo", "AFFIRM: Natalizumab", 100, "68% P<0.001 [Table 2]")]
    doc = Document("D", [Section("T", ["x"], [], kind="bars", bars=bars)])
    # 20 columns: the bar keeps its least width (4) and its full length at 100%; the label and the end share
    # the 14 columns left after one space on either side of the bar, 7 each, and fold
    assert table_fmt.render(doc, Terminal(width=20, ascii_only=True)) == (
        "T\n"
        "  versus placebo\n"
        "AFFIRM: #### 68%\n"
        "Nataliz      P<0.001\n"
        "umab         [Table\n"
        "             2]\n"
        "\n")


def test_table_keeps_the_source_symbols_when_the_output_can_show_them():
    doc = Document("D", [Section("β", ["µg"], [["≤ 2"]], note="×")], banner=["–"], footer="¶")
    out = table_fmt.render(doc, Terminal(width=40))
    assert "! –" in out and "β" in out and "µg" in out and "≤ 2" in out and "×" in out and "¶" in out


def test_table_of_three_columns_has_no_lines_between_rows():
    doc = Document("D", [Section("S", ["a", "b", "c"], [["1", "2", "3"], ["4", "5", "6"]])])
    assert table_fmt.render(doc, Terminal(width=40)) == (
        "S\n"
        "\n"
        " a   b   c\n"
        " ─────────\n"
        " 1   2   3\n"
        " 4   5   6\n"
        "\n"
        "\n")


def test_table_columns_of_fixed_width_fold_long_words():
    doc = Document("D", [Section("S", ["A", "B"], [["w" * 20, "a b c d e f g h i j"]])])
    # widths 20 and 5 (see test_widths_count_lines_headers_and_long_words): B wraps at spaces, 3 letters a line
    assert table_fmt.render(doc, Terminal(width=30)) == (
        "S\n"
        "\n"
        " A" + " " * 22 + "B\n"
        " " + "─" * 28 + "\n"
        " " + "w" * 20 + "   a b c\n"
        + (" " * 24 + "d e f\n")
        + (" " * 24 + "g h i\n")
        + (" " * 24 + "j\n")
        + "\n"
        "\n")
    # a word longer than the cap of 20 is cut, not cropped: 25 w's at a width of 20 take two lines
    doc = Document("D", [Section("S", ["A", "B"], [["w" * 25, "a b c d e f g h i j"]])])
    assert table_fmt.render(doc, Terminal(width=30)).splitlines()[4:6] == [" " + "w" * 20 + "   a b c",
                                                                          " wwwww" + " " * 18 + "d e f"]


def test_stacked_rows_have_no_cell_without_a_column():
    # a cell beyond the columns is an error, never silently dropped
    doc = Document("D", [Section("S", ["Trial", "Value", "Where"], [["CARE-MS I", "0.18", "T", "extra"]])])
    with pytest.raises(ValueError):
        table_fmt.render(doc, Terminal(width=20))


def test_table_bar_column_widths_at_a_third_of_the_width():
    # 33 columns: a third is 11, so labels and ends may take 12; a bar of 33 - 12 - 1 - 4 = 16; 50% -> 8
    doc = Document("D", [Section("T", ["x"], [], kind="bars", bars=[BarLine("g", "L" * 20, 50, "e")])])
    assert table_fmt.render(doc, Terminal(width=33, ascii_only=True)) == (
        "T\n  versus g\n" + "L" * 12 + " " + "#" * 8 + " " * 9 + "e\n" + "L" * 8 + "\n\n")
    doc = Document("D", [Section("T", ["x"], [], kind="bars", bars=[BarLine("g", "L", 50, "e" * 20)])])
    assert table_fmt.render(doc, Terminal(width=33, ascii_only=True)) == (
        "T\n  versus g\nL " + "#" * 8 + " " * 9 + "e" * 12 + "\n" + " " * 19 + "e" * 8 + "\n\n")


def test_table_bar_lengths_are_clamped_to_the_scale():
    bars = [BarLine("g", "A", -5, "x"), BarLine("g", "B", 150, "x"), BarLine("g", "C", 68, "x")]
    doc = Document("D", [Section("T", ["x"], [], kind="bars", bars=bars)])
    # 100 columns, labels and ends 1 wide: bars of 100 - 1 - 1 - 4 = 94; -5 -> 0, 150 -> 94, 68% -> 63.92 -> 64
    assert table_fmt.render(doc, Terminal(width=100, ascii_only=True)) == (
        "T\n  versus g\n"
        "A" + " " * 96 + "x\n"
        "B " + "#" * 94 + " x\n"
        "C " + "#" * 64 + " " * 31 + "x\n"
        "\n")


def test_table_bars_of_an_unnamed_group():
    doc = Document("D", [Section("T", ["x"], [], kind="bars", bars=[BarLine("", "A", 50, "x")])])
    assert table_fmt.render(doc, Terminal(width=40, ascii_only=True)).splitlines()[:3] == [
        "T", "  versus", "A " + "#" * 17 + " " * 18 + "x"]


def test_table_styles_on_a_colour_terminal():
    doc = Document("D", [Section("S", ["a", "bb"], [["1", "22"]], note="n"),
                         Section("K", ["a", "b", "c"], [["x" * 30, "y" * 30, "z" * 30]]),
                         Section("B", ["x"], [], kind="bars", bars=[BarLine("g", "L", 50, "e")]),
                         Section("N", ["x"], [["line"]], kind="lines")], banner=["careful"], footer="F")
    out = table_fmt.render(doc, Terminal(width=40, color_system="standard"))
    bold, italic, dim, cyan, yellow, end = "\x1b[1m", "\x1b[3m", "\x1b[2m", "\x1b[36m", "\x1b[1;33m", "\x1b[0m"
    for styled in [
        f"{yellow}! careful{end}",  # banner: bold yellow
        f"\n{bold}S{end}\n",  # a section's title: bold, a line of its own
        f"{bold}a{end}", f"{bold}bb{end}",  # its header: bold
        f"{italic}n{end}",  # a note: italic
        f"{bold}K{end}", f"{bold}{'x' * 30}{end}\n  b: {'y' * 30}\n",  # a stacked block: its name bold, the rest plain
        f"{bold}B{end}", f"{italic}  versus g{end}", f"{cyan}{'█' * 17}",  # a chart
        f"{bold}N{end}\nline\n",  # plain lines under a bold title
        f"{dim}F{end}",  # the source: dim
    ]:
        assert styled in out, styled


def test_table_colour_is_the_one_it_is_given(monkeypatch):
    # the command line decides (NO_COLOR, TERM=dumb); the formatter does not detect again
    monkeypatch.setenv("TERM", "dumb")
    doc = Document("D", [], footer="F")
    assert table_fmt.render(doc, Terminal(width=40, color_system="standard")) == "\x1b[2mF\x1b[0m\n"


def test_table_bars_that_just_fit_keep_their_widths():
    # 20 columns: label 10, bar 4 (its least), end 4, and a space either side of the bar: exactly 20
    doc = Document("D", [Section("T", ["x"], [], kind="bars", bars=[BarLine("g", "L" * 10, 100, "e" * 4)])])
    assert table_fmt.render(doc, Terminal(width=20, ascii_only=True)) == (
        "T\n  versus g\n" + "L" * 10 + " #### eeee\n\n")


# -- mutation-driven: exact values a reader would see ------------------------------------------------
def test_to_ascii_keeps_a_no_break_space_between_mapped_parts():
    # the no-break space survives so the table still will not break there; both sides are mapped
    assert to_ascii("β\u00a0µ") == "beta\u00a0u"
    assert to_ascii("a\u00a0\u00a0b") == "a\u00a0\u00a0b"


def test_wrap_breaks_after_hyphens_and_cuts_only_what_does_not_fit():
    assert table_fmt.wrap("well-known words", 6) == "well-\nknown\nwords"
    # a column one character wide still shows every character, one a line
    assert table_fmt.wrap("ab", 1) == "a\nb"
    assert table_fmt.wrap("abc", 0) == "a\nb\nc"


def test_wrap_indents_continuation_lines_only_when_the_indent_is_under_half_the_width():
    assert table_fmt.wrap("aaa bbb", 4, indent=" ") == "aaa\n bbb"  # 1 < 4 // 2
    assert table_fmt.wrap("aaa bbb", 4, indent="  ") == "aaa\nbbb"  # 2 is not < 2: no indent at all
    assert table_fmt.wrap("aaa bbb", 5, indent="  ") == "aaa\nbbb"  # 2 is not < 5 // 2
    assert table_fmt.wrap("aaa bbb", 6, indent="  ") == "aaa\n  bbb"  # 2 < 3


def test_layout_marks_the_space_before_each_piece():
    # a hyphenated word's second part follows its hyphen directly: no space before it
    assert table_fmt._layout("well-known x") == [[(5, 1), (5, 0), (1, 1)]]
    assert table_fmt._layout("a\nbc") == [[(1, 1)], [(2, 1)]]


def test_line_count():
    assert table_fmt._line_count(table_fmt._layout("ab cd"), 2) == 2
    assert table_fmt._line_count(table_fmt._layout("ab cd"), 5) == 1
    # a piece wider than the column is cut: 5 characters at 2 a line take 3 lines
    assert table_fmt._line_count([[(5, 1)]], 2) == 3
    assert table_fmt._line_count(table_fmt._layout("a\nb"), 9) == 2
    assert table_fmt._line_count([], 3) == 0


def test_widths_break_a_tie_for_the_first_column():
    # budget 15 - 5 = 10; floors 3 and 3 leave 4; widening either column to 7 saves one line of one row,
    # the same gain: the first column, read first, gets it
    rows = [["aaa bbb", "x"], ["x", "ccc ddd"]]
    assert table_fmt._widths(["a", "b"], rows, 15) == [7, 3]


def test_widths_search_up_to_eighty_rows_then_share():
    # budget 14 - 5 = 9; floors 3 ("aaa") and 2 ("bb") leave 4. Searching, A at 7 takes 2 lines, as B does at 2:
    # one line saved, so A gets all 4. Beyond 80 rows the 4 are shared by what each still wants (8 and 3):
    # A 3 + 4 * 8 // 11 = 5, B 2 + 4 * 3 // 11 = 3, and neither saves a line.
    def rows(n):
        return [["aaa bbb ccc", "bb bb"]] + [["a", "b"]] * (n - 1)
    assert table_fmt._widths(["A", "B"], rows(80), 14) == [7, 2]
    assert table_fmt._widths(["A", "B"], rows(81), 14) == [5, 3]


def test_widths_search_places_the_last_spare_character_too():
    # budget 12 - 5 = 7; floors 2 ("e-", "bb") and 4 ("dddd") leave one character. B at 5 takes 3 lines
    # ("e-f", "ccc a", "ccc") instead of 4: the search gives it to B; a share by wants (1 and 9) would give none
    rows = [["e-f", "e-f ccc a ccc"], ["bb", "dddd"]]
    assert table_fmt._widths(["A", "B"], rows, 12) == [2, 5]


def test_stacked_block_name_lines_are_bold_and_fold_indented():
    # a compare row's whole-trial figures stay with the row's name: bold, indented by two,
    # and a folded line goes on four in, so only the name starts at the margin
    # 20 columns cannot hold the words of three columns (7 + 11 + 10 > 20 - 8): blocks
    section = Section("", ["Outcome", "Alemtuzumab", "Interferon"], [["Relapse\nX: 0.18 whole trial figure", "1", "2"]])
    doc = Document("D", [section])
    out = table_fmt.render(doc, Terminal(width=20, ascii_only=True))
    assert out == ("Relapse\n"
                   "  X: 0.18 whole\n"
                   "    trial figure\n"
                   "  Alemtuzumab: 1\n"
                   "  Interferon: 2\n"
                   "\n"
                   "\n")
    bold, end = "\x1b[1m", "\x1b[0m"
    coloured = table_fmt.render(doc, Terminal(width=20, ascii_only=True, color_system="standard"))
    assert coloured == (f"{bold}Relapse{end}\n{bold}  X: 0.18 whole{end}\n{bold}    trial figure{end}\n"
                        "  Alemtuzumab: 1\n  Interferon: 2\n\n\n")


def test_table_chart_without_bars_shows_its_title_only():
    doc = Document("D", [Section("Chart", ["x"], [], kind="bars", bars=[])])
    assert table_fmt.render(doc, Terminal(width=40, ascii_only=True)) == "Chart\n\n"
