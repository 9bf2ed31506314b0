"""sanitize.py: every control, format and separator character shown as an escape; exact strings."""

from __future__ import annotations

from msdmt.render.document import BarLine, Document, Section
from msdmt.render.formatters import sanitize


def test_escape_names_tab_newline_and_return_and_writes_the_rest_by_code_point():
    assert sanitize.escape("a\tb\nc\rd") == "a\\tb\\nc\\rd"
    # below 0x100 as \xNN, below 0x10000 as \uNNNN, above as \UNNNNNNNN; lower-case hex, zero-padded
    assert sanitize.escape("\x00\x1b[2J\x7f\x9f\xad") == "\\x00\\x1b[2J\\x7f\\x9f\\xad"
    assert sanitize.escape("\u200b\u202e\ufeff\u2028") == "\\u200b\\u202e\\ufeff\\u2028"
    assert sanitize.escape("\U000e0041\U0001d173") == "\\U000e0041\\U0001d173"


def test_printable_text_is_kept():
    text = "β µ ² × ≤ – — ’ ® ¶ \u00a0 plain"
    assert sanitize.escape(text) == text
    assert sanitize.escape_in_document(text) == text


def test_a_document_keeps_its_newlines():
    assert sanitize.escape_in_document("a\nb\tc\x1b") == "a\nb\\tc\\x1b"
    assert sanitize.escape_in_document("\r") == "\\r"


def test_shorten():
    assert sanitize.shorten("abcde", 5) == "abcde"
    assert sanitize.shorten("abcdef", 5) == "abcd…"
    assert sanitize.shorten("", 1) == ""


def test_message_is_one_line_of_at_most_the_limit():
    assert sanitize.message("bad\nline") == "bad\\nline"
    long = sanitize.message("x" * 2000)
    assert len(long) == sanitize.MESSAGE_LIMIT == 1000 and long == "x" * 999 + "…"
    assert sanitize.message("x" * 1000) == "x" * 1000


def test_quote_arguments_shortens_and_escapes_what_it_quotes():
    assert sanitize.ARGUMENT_LIMIT == 80
    assert sanitize.quote_arguments("no such trial 'ok'", ["ok"]) == "no such trial 'ok'"
    # the argument as typed and as its repr (a parser may quote either)
    assert sanitize.quote_arguments("bad 'a\x1bb' or 'a\\x1bb'", ["a\x1bb"]) == "bad 'a\\x1bb' or 'a\\x1bb'"
    long = "y" * 100
    assert sanitize.quote_arguments(f"bad '{long}'", [long]) == f"bad '{'y' * 79}…'"
    # the longest first, so a shorter argument inside it does not split it
    assert sanitize.quote_arguments(f"'{long}' '\x1b'", ["\x1b", long]) == f"'{'y' * 79}…' '\\x1b'"
    # an empty form is never replaced (it would match everywhere)
    assert sanitize.quote_arguments("text", [""]) == "text"


def test_clean_document_escapes_every_string_and_leaves_the_original():
    inner = Section("e\x1b", ["c\x1b"], [["v\x1b"]], note="n\x1b")
    doc = Document("T\x1b", [
        Section("S\x07", ["A\u202e", "B"], [["x\ny", "β\x00"]], note=None, kind="table", compact=True,
                explicit=inner),
        Section("B", ["x"], [], note="n\u200b", kind="bars", bars=[BarLine("g\x1b", "l\x1b", 50.5, "e\x1b")]),
    ], banner=["b\x1b"], footer="f\x1b\ng")
    got = sanitize.clean_document(doc)
    assert got == Document("T\\x1b", [
        Section("S\\x07", ["A\\u202e", "B"], [["x\ny", "β\\x00"]], note=None, kind="table", compact=True,
                explicit=Section("e\\x1b", ["c\\x1b"], [["v\\x1b"]], note="n\\x1b")),
        Section("B", ["x"], [], note="n\\u200b", kind="bars", bars=[BarLine("g\\x1b", "l\\x1b", 50.5, "e\\x1b")]),
    ], banner=["b\\x1b"], footer="f\\x1b\ng")
    assert doc.title == "T\x1b" and doc.sections[0].rows == [["x\ny", "β\x00"]]  # unchanged
    # made ASCII when the output cannot show more, after escaping
    assert sanitize.clean_document(Document("β\x1b", footer="µ"), ascii_only=True) == Document(
        "beta\\x1b", footer="u")
