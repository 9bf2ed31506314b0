"""The msdmt command line: parse, ask the catalog, render, exit.

Start-up matters (the tool is used in loops), so this module imports only typer
and the standard library at the top; each command imports what it needs. The
domain raises the msdmt exceptions; only ``main`` maps them to exit codes.
"""

import enum
import errno
import io
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Annotated, Any, Optional, TextIO, cast

import typer

from msdmt import __version__
from msdmt.core.choices import Category, ComparatorType, ExportFormat, Route, Sort
from msdmt.render import Format, Terminal

if TYPE_CHECKING:
    from pathlib import Path

    from msdmt.core.catalog import Catalog
    from msdmt.core.views import View


class ExitCode(enum.IntEnum):
    """The documented exit codes (README, Exit codes)."""

    OK = 0
    NOT_FOUND = 1  # also: ambiguous name, invalid data, audit --strict with findings
    USAGE = 2
    INTERNAL = 70
    OUTPUT_FAILED = 74  # EX_IOERR of sysexits.h: the output could not be written
    INTERRUPTED = 130
    PIPE_CLOSED = 141


EXIT_CODES = """Exit codes: 0 success; 1 not found, ambiguous name or invalid data; 2 usage error;
70 internal error; 74 output could not be written (disk full, stdout closed); 130 interrupted;
141 output closed early (as by head)."""

app = typer.Typer(
    name="msdmt",
    help=(
        "Look up the evidence on multiple-sclerosis disease-modifying therapies, as reported in "
        "Babij & Perumal, Neuropsychiatr Dis Treat 2015;11:1221-1229. Every figure shows where "
        "the paper prints it.\n\n" + EXIT_CODES
    ),
    pretty_exceptions_enable=False,
    # Plain help: Rich-formatted help runs every string through emoji lookup,
    # whose table alone costs ~17 ms, more than the start-up budget for --help.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# The output options, declared once and shared by every data command.
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)]
JsonOpt = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]
FullOpt = Annotated[bool, typer.Option("--full", help="Every figure, note, locator and formula (default: a summary "
                                                      "that fits a screen; JSON is always complete).")]




def _completer(kind: str) -> Callable[[typer.Context, str], list[str]]:
    """An autocompletion hook for values of ``kind`` (see msdmt.completion), imported only when a shell asks."""

    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        from msdmt.completion import candidates

        return candidates(kind, ctx, incomplete)

    complete.__name__ = f"complete_{kind}"
    return complete


EndpointOpt = Annotated[Optional[str], typer.Option("--endpoint", help="Only endpoints whose label or measure has these words (relapse, edss).", autocompletion=_completer("endpoint"))]  # noqa: UP045,E501


# Whether long output on a terminal may go through the pager; the root callback sets it from --no-pager.
_paging = True


def _version(value: bool) -> None:
    if value:
        typer.echo(f"msdmt {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    data_dirs: Annotated[
        Optional[list[str]],  # noqa: UP045 - typer reads the annotation at run time
        typer.Option(
            "--data-dir",
            metavar="DIR",
            help="Add the sources, therapies and trials in DIR (files or folders) to the bundled data; repeat for "
                 "more, stacked in order. Default: MSDMT_DATA_DIR, a list of directories separated by "
                 f"'{os.pathsep}'.",
        ),
    ] = None,
    no_bundled: Annotated[
        bool, typer.Option("--no-bundled", help="Use the data directories alone, without the bundled data.")
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    no_pager: Annotated[
        bool, typer.Option("--no-pager", help="Never page long output on a terminal (see PAGER; also MSDMT_NO_PAGER=1).")
    ] = False,
) -> None:
    global _paging
    _paging = not no_pager  # set on every run: tests run main() many times in one process
    ctx.obj = {"data_dirs": data_directories(data_dirs, os.environ.get("MSDMT_DATA_DIR")), "bundled": not no_bundled}


def data_directories(given: Sequence[str] | None, environment: str | None) -> list[str]:
    """The data directories in stack order: those of --data-dir (repeated), else those of MSDMT_DATA_DIR (a path
    list, like PATH); empty entries are left out."""
    chosen = list(given) if given else (environment or "").split(os.pathsep)
    return [d for d in chosen if d]


def _stack(ctx: typer.Context, directory: str | None = None) -> tuple[list[str], bool]:
    """The data in use: the added directories (``directory`` in place of --data-dir when given), and whether the
    bundled data is under them; a usage error when --no-bundled leaves no data at all."""
    from msdmt.errors import UsageError

    dirs = [directory] if directory else ctx.obj["data_dirs"]
    if not dirs and not ctx.obj["bundled"]:
        raise UsageError("--no-bundled needs a data directory (--data-dir DIR or MSDMT_DATA_DIR)")
    return dirs, ctx.obj["bundled"]


def _catalog(ctx: typer.Context) -> "Catalog":
    from msdmt.core.catalog import Catalog

    dirs, bundled = _stack(ctx)
    return Catalog.open(dirs, bundled=bundled)


def terminal() -> Terminal:
    """The facts of the real stdout, as Rich sees them (NO_COLOR, TERM=dumb, COLUMNS), found once."""
    from rich.console import Console

    probe = Console(file=sys.stdout)
    color = None if probe.no_color else probe.color_system
    return Terminal(width=probe.width, color_system=color, ascii_only=_ascii_stdout(), is_terminal=probe.is_terminal)


def _emit(view: "View", fmt: Format, json_flag: bool, full: bool = False) -> None:
    from msdmt.pager import page_or_write
    from msdmt.render import render

    fmt = Format.json if json_flag else fmt
    device = terminal() if fmt is Format.table else Terminal(ascii_only=_ascii_stdout(), is_terminal=sys.stdout.isatty())
    page_or_write(render(view, fmt, device, full), device, _write, enabled=_paging)


def _ascii_stdout() -> bool:
    """Whether stdout cannot show the source's symbols or the table borders (LC_ALL=C, PYTHONIOENCODING=ascii)."""
    try:
        "β µ ≤ ─ │ ¶ —".encode(getattr(sys.stdout, "encoding", None) or "utf-8")
        return False
    except (UnicodeEncodeError, LookupError):
        return True


def _write(text: str) -> None:
    """Write the output: the only way a command writes to stdout (typer itself writes help and --version).

    On a real descriptor the bytes go out with os.write, a chunk at a time: a buffered text stream
    can take a partial write into a pipe whose reader has gone (``head``) for a whole one, and exit 0
    with the output cut.
    """
    try:
        fd = _descriptor(sys.stdout)
        if fd is None:
            sys.stdout.write(text)
            sys.stdout.flush()
            return
        sys.stdout.flush()
        data = memoryview(text.encode(getattr(sys.stdout, "encoding", None) or "utf-8",
                                      getattr(sys.stdout, "errors", None) or "strict"))
        while data:
            data = data[os.write(fd, data[:1 << 16]):]
    except BrokenPipeError:
        raise _PipeClosed() from None
    except OSError as exc:
        raise _WriteFailed(_reason(exc)) from None


def _descriptor(stream: object) -> int | None:
    """The descriptor under stdout, or None for an in-memory or closed one (tests, ``>&-``)."""
    real: Any = getattr(stream, "real", stream)
    try:
        fd = real.fileno()
    except (AttributeError, OSError, ValueError):
        return None
    return fd if isinstance(fd, int) else None


class _PipeClosed(Exception):
    """The reader of stdout went away (head, less): exit 141 and say nothing more."""


class _WriteFailed(Exception):
    """stdout refused the output (disk full, descriptor closed); the argument says why."""


class _StdoutError(OSError):
    """A write to stdout failed (other than a closed pipe): told apart from every other OSError."""


class _Stdout:
    """stdout as the commands and typer see it while msdmt runs.

    A failed write or flush raises ``_StdoutError``, so a failure inside typer's
    own writes (help, --version) is known for what it is. A stdout closed at start
    (``>&-``), which Python leaves as None so that print() writes nothing, fails
    every write instead. A closed pipe stays a BrokenPipeError.
    """

    def __init__(self, real: TextIO | None) -> None:
        self.real = real
        self.encoding: str = getattr(real, "encoding", None) or "utf-8"
        self.errors: str = getattr(real, "errors", None) or "strict"

    def write(self, text: str) -> int:
        if self.real is None:
            raise _StdoutError(errno.EBADF, "standard output is closed")
        try:
            return self.real.write(text)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise _StdoutError(exc.errno, _reason(exc)) from None

    def flush(self) -> None:
        if self.real is None:
            return
        try:
            self.real.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise _StdoutError(exc.errno, _reason(exc)) from None

    def isatty(self) -> bool:
        return self.real is not None and self.real.isatty()

    def fileno(self) -> int:
        if self.real is None:
            raise io.UnsupportedOperation("standard output is closed")
        return self.real.fileno()

    def writable(self) -> bool:
        return True


class _Discard(io.TextIOBase):
    """Stands in for a stderr closed at start (``2>&-``): messages are dropped; with None they would go to stdout."""

    encoding = "utf-8"
    errors = "strict"

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        return len(text)


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__


def _silence_stdout() -> None:
    """Point stdout's descriptor at /dev/null, so Python's own flush at exit cannot fail and complain again."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # no descriptor: an in-memory stream or a closed stdout
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


def _undo_typer_pipe_handling() -> bool:
    """Typer answers a broken pipe while writing help by wrapping both streams and exiting 1; undo it, True if so."""
    if type(sys.stdout).__name__ != "PacifyFlushWrapper":
        return False
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if type(stream).__name__ == "PacifyFlushWrapper":
            setattr(sys, name, getattr(stream, "wrapped", stream))
    return True


def _say(text: str) -> None:
    """One line on stderr, escaped and shortened; nothing at all when stderr is closed or fails (never stdout)."""
    from msdmt.render.formatters.sanitize import message

    stream = sys.stderr
    if stream is None:
        return
    try:
        stream.write(f"msdmt: {message(text)}\n")
        stream.flush()
    except (OSError, ValueError):
        pass  # the exit code still tells


def _quoted(text: str, args: list[str]) -> str:
    """``text`` with the arguments it quotes cut to 80 characters and escaped (imported on error paths only)."""
    from msdmt.render.formatters.sanitize import quote_arguments

    return quote_arguments(text, args)


def output_failed(exc: OSError) -> ExitCode:
    """Answer a failed write to stdout: a closed pipe is 141 in silence, anything else one line and 74."""
    _silence_stdout()
    if isinstance(exc, BrokenPipeError):
        return ExitCode.PIPE_CLOSED
    _say(f"error: cannot write output: {_reason(exc)}")
    return ExitCode.OUTPUT_FAILED


@app.command()
def therapies(
    ctx: typer.Context,
    route: Annotated[Optional[Route], typer.Option(help="Only this route.", case_sensitive=False)] = None,  # noqa: UP045
    fmt: FormatOpt = Format.table,
    json_: JsonOpt = False,
    full: FullOpt = False,
) -> None:
    """List the approved therapies (Table 1).

    Year of approval, route and dosing as printed, class and target.

    Example: msdmt therapies --route oral
    """
    _emit(_catalog(ctx).therapies(route), fmt, json_, full)


@app.command()
def therapy(
    ctx: typer.Context,
    name: Annotated[list[str], typer.Argument(metavar="NAME", help="Generic or brand name, abbreviation or id (any case, beta or β).",
                                                   autocompletion=_completer("therapy"))],
    fmt: FormatOpt = Format.table,
    json_: JsonOpt = False,
    full: FullOpt = False,
) -> None:
    """Show a therapy with its trials and adverse events.

    Its Table 1 row, its trials with their key results, its adverse events with
    comparator rates and counts, and derived absolute differences.

    Example: msdmt therapy alemtuzumab
    """
    _emit(_catalog(ctx).therapy(" ".join(name)), fmt, json_, full)


@app.command()
def trials(
    ctx: typer.Context,
    therapy: Annotated[Optional[str], typer.Option(help="Only trials with an arm of this therapy.", autocompletion=_completer("therapy"))] = None,  # noqa: UP045
    comparator: Annotated[Optional[ComparatorType], typer.Option(help="Only trials against placebo or an active therapy.", case_sensitive=False)] = None,  # noqa: UP045,E501
    phase: Annotated[Optional[int], typer.Option(help="Only this trial phase (2 or 3).", min=1, max=4)] = None,  # noqa: UP045
    fmt: FormatOpt = Format.table,
    json_: JsonOpt = False,
    full: FullOpt = False,
) -> None:
    """List the trials and studies, optionally filtered.

    Example: msdmt trials --comparator placebo --phase 3
    """
    _emit(_catalog(ctx).trials(therapy, comparator, phase), fmt, json_, full)


@app.command()
def trial(
    ctx: typer.Context,
    trial_id: Annotated[list[str], typer.Argument(metavar="ID", help="Trial id in any reasonable spelling (CARE-MS-I, care ms 1).",
                                                       autocompletion=_completer("trial"))],
    endpoint: EndpointOpt = None,
    fmt: FormatOpt = Format.table,
    json_: JsonOpt = False,
    full: FullOpt = False,
) -> None:
    """Show a trial's arms, endpoints and derived figures.

    Every reported endpoint with its P-value and source, the other figures from
    the text, and figures derived from them, kept apart.

    Example: msdmt trial CARE-MS-II
    """
    _emit(_catalog(ctx).trial(" ".join(trial_id), endpoint), fmt, json_, full)


@app.command()
def compare(
    ctx: typer.Context,
    trial_ids: Annotated[Optional[list[str]], typer.Argument(metavar="[ID]...", help="Trial ids (two or more, with the trials --therapy and --comparator pick).", autocompletion=_completer("trials"))] = None,  # noqa: UP045,E501
    endpoint: EndpointOpt = None,
    therapy: Annotated[Optional[str], typer.Option(help="Add the trials with an arm of this therapy.", autocompletion=_completer("therapy"))] = None,  # noqa: UP045
    comparator: Annotated[Optional[ComparatorType], typer.Option(help="Add the trials against placebo or an active therapy (with --therapy: only those).", case_sensitive=False)] = None,  # noqa: UP045,E501
    chart: Annotated[bool, typer.Option("--chart", help="Draw the reductions as bars instead of a table.")] = False,
    fmt: FormatOpt = Format.table,
    json_: JsonOpt = False,
    full: FullOpt = False,
) -> None:
    """Put trials side by side, aligned by endpoint.

    One column per trial and arm, one row per endpoint and place printed. A banner says when the trials differ in comparator, population or duration:
    a cross-trial comparison is not a head-to-head result.

    Example: msdmt compare CARE-MS-I CARE-MS-II --endpoint relapse
    """
    cat = _catalog(ctx)
    ask = cat.chart if chart else cat.compare
    _emit(ask(trial_ids or [], endpoint, therapy, comparator), fmt, json_, full)


@app.command("adverse-events")
def adverse_events(
    ctx: typer.Context,
    therapy_name: Annotated[Optional[str], typer.Argument(metavar="THERAPY", help="Only this therapy.", autocompletion=_completer("therapy"))] = None,  # noqa: UP045
    sort: Annotated[Sort, typer.Option(help="rate (highest first), event, category or source (as in the paper).", case_sensitive=False)] = Sort.rate,  # noqa: E501
    category: Annotated[Optional[Category], typer.Option(help="Only this category.", case_sensitive=False)] = None,  # noqa: UP045
    event: Annotated[Optional[str], typer.Option(help="Only events whose name or category has these words.")] = None,  # noqa: UP045
    fmt: FormatOpt = Format.table,
    json_: JsonOpt = False,
    full: FullOpt = False,
) -> None:
    """List adverse events with rates and sources.

    Rates, comparator rates, counts, context and source of each event.

    Example: msdmt adverse-events alemtuzumab --sort rate
    """
    _emit(_catalog(ctx).adverse_events(therapy_name, sort, category, event), fmt, json_, full)


@app.command()
def search(
    ctx: typer.Context,
    text: Annotated[list[str], typer.Argument(metavar="WORDS...", help="Words to look for, in any order (any case; beta matches β; \"quotes\" for a phrase; P<0.001 as printed).")],  # noqa: E501
    limit: Annotated[int, typer.Option("--limit", "-n", help="Show at most this many hits, best first.", min=1)] = 20,
    fmt: FormatOpt = Format.table,
    json_: JsonOpt = False,
    full: FullOpt = False,
) -> None:
    """Search names, endpoints, figures, adverse events and notes.

    Every word must match (in any order; the last may be the beginning of a
    word). Each hit shows the figures it found with their P-values and where
    the paper prints them; names rank above notes. Exits 1 when nothing
    matches, suggesting close words.

    Example: msdmt search herpes prophylaxis
    """
    from msdmt.data.text import shown
    from msdmt.errors import NotFoundError

    words = " ".join(text)
    view = _catalog(ctx).search(words, limit)
    if not view.hits:
        if json_ or fmt is Format.json:
            _emit(view, fmt, json_, full)
        hint = f"; did you mean {' or '.join(repr(s) for s in view.suggestions)}?" if view.suggestions else ""
        raise NotFoundError(f"no matches for {shown(words)}{hint}")
    _emit(view, fmt, json_, full)


@app.command()
def validate(
    ctx: typer.Context,
    directory: Annotated[Optional[str], typer.Argument(metavar="DIR", help="A data directory, added to the bundled data unless --no-bundled (default: the --data-dir directories).")] = None,  # noqa: UP045,E501
    fmt: FormatOpt = Format.table,
    json_: JsonOpt = False,
    full: FullOpt = False,
) -> None:
    """Validate the data in use: the bundled data with DIR (or the --data-dir directories) added.

    Exit 0 when valid, 1 with one FILE:LINE error per line on stderr.
    'msdmt --no-bundled validate DIR' checks DIR alone.

    Example: msdmt validate ./my-data
    """
    from pathlib import Path

    from msdmt.core.views import ValidateView
    from msdmt.data.load import open_store
    from msdmt.errors import DataError

    dirs, bundled = _stack(ctx, directory)
    try:
        # Validated afresh, file by file, and compiled (into the cache, ready for the lookups): a library of
        # any size is never held whole in memory.
        store, _, meta = open_store(dirs, bundled=bundled, afresh=True)
    except DataError as exc:
        if json_ or fmt is Format.json:
            given = [str(Path(d)) for d in dirs]  # as the store's meta gives them
            _emit(ValidateView(valid=False, bundled=bundled, data_dirs=given, counts={}, errors=exc.problems),
                  fmt, json_)
        raise
    counts = store.counts()
    _emit(ValidateView(valid=True, bundled=meta["bundled"], data_dirs=meta["data_dirs"], counts=counts, errors=[]),
          fmt, json_, full)


@app.command()
def audit(
    ctx: typer.Context,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 when there are findings.")] = False,
    fmt: FormatOpt = Format.table,
    json_: JsonOpt = False,
    full: FullOpt = False,
) -> None:
    """Check the data against itself.

    Recomputed reductions, text against tables, patient counts, reference
    numbers and every erratum note.

    Example: msdmt audit --strict
    """
    view = _catalog(ctx).audit()
    _emit(view, fmt, json_, full)
    if strict and view.findings:
        raise typer.Exit(ExitCode.NOT_FOUND)


@app.command()
def export(
    ctx: typer.Context,
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="csv or jsonl: one tidy table, one row per figure; sqlite: the whole database, described.", case_sensitive=False)] = ExportFormat.csv,  # noqa: E501
    output: Annotated[Optional[str], typer.Option("--output", "-o", metavar="FILE", help="Write to FILE (csv and jsonl: stdout when left out; sqlite needs it). With csv, a datapackage.json describing it is written beside it.")] = None,  # noqa: UP045,E501
) -> None:
    """Export every figure as one tidy table (CSV, JSON Lines) or as an SQLite database.

    One row per figure, reported and derived (column origin), with its locator,
    P-value, notes and errata; value and p_value are numbers. Columns are
    described in the README, in datapackage.json and inside the SQLite file.

    Example: msdmt export --format csv -o figures.csv
    """
    from msdmt.core import export as tidy
    from msdmt.errors import UsageError
    from msdmt.render import export as writers

    cat = _catalog(ctx)
    if fmt is ExportFormat.sqlite:
        if not output:
            raise UsageError("export --format sqlite needs -o FILE")
        writers.write_sqlite(cat, output)
        return
    used: set[str] = set()  # the sources of the figures written: those datapackage.json cites
    figures = tidy.noting_sources(tidy.rows(cat), used)
    chunks = writers.csv_chunks(figures) if fmt is ExportFormat.csv else writers.jsonl_chunks(figures)
    if output is None:
        _write_bytes(chunks)
        return
    writers.write_file(output, chunks)
    if fmt is ExportFormat.csv:
        writers.write_datapackage(output, cat.citations(used), {s["id"]: s.get("url") for s in cat.source_records()})


def _write_bytes(chunks: Iterator[bytes]) -> None:
    """Bytes to stdout as they come (exports are UTF-8 whatever the terminal's encoding), failing as ``_write``
    does: a closed pipe exits 141, a failed write 74."""
    real = getattr(sys.stdout, "real", sys.stdout)
    stream = getattr(real, "buffer", None)
    try:
        if stream is None:  # an in-memory stdout: text
            for chunk in chunks:
                sys.stdout.write(chunk.decode("utf-8"))
            sys.stdout.flush()
            return
        sys.stdout.flush()
        stream.flush()
        fd = _descriptor(sys.stdout)
        for chunk in chunks:
            if fd is None:
                stream.write(chunk)
                continue
            data = memoryview(chunk)  # os.write: see _write
            while data:
                data = data[os.write(fd, data[:1 << 16]):]
        stream.flush()
    except BrokenPipeError:
        raise _PipeClosed() from None
    except OSError as exc:
        raise _WriteFailed(_reason(exc)) from None


@app.command()
def glossary(
    term: Annotated[Optional[list[str]], typer.Argument(metavar="[TERM]", help="An abbreviation or term, or its beginning (any case, beta or β); all terms when left out.", show_default=False)] = None,  # noqa: UP045,E501
    fmt: FormatOpt = Format.table,
    json_: JsonOpt = False,
) -> None:
    """Explain the review's abbreviations and terms.

    The review's own definitions as printed, with where it prints them (its
    abbreviation lists and its text), where it uses a term without defining
    it, and msdmt's explanation, labelled as msdmt's. Errata are kept, as
    printed, in numbered notes. Exits 1 when no term matches.

    Example: msdmt glossary ARR
    """
    from msdmt.core.glossary import glossary_view

    _emit(glossary_view(" ".join(term) if term else None), fmt, json_)


@app.command()
def sources(
    ctx: typer.Context,
    fmt: FormatOpt = Format.table,
    json_: JsonOpt = False,
    full: FullOpt = False,
) -> None:
    """List the sources of the figures, with counts of what each contributes.

    Example: msdmt sources
    """
    _emit(_catalog(ctx).sources(), fmt, json_, full)


class CiteFormat(str, enum.Enum):
    text = "text"
    bibtex = "bibtex"
    ris = "ris"
    csl_json = "csl-json"


@app.command()
def cite(
    ctx: typer.Context,
    source: Annotated[Optional[str], typer.Argument(metavar="[SOURCE]", help="A source id; every source when left out.")] = None,  # noqa: UP045,E501
    fmt: Annotated[CiteFormat, typer.Option("--format", "-f", help="Citation format.", case_sensitive=False)] = CiteFormat.text,
) -> None:
    """Write the citation of a source as text, BibTeX, RIS or CSL-JSON.

    Example: msdmt cite babij2015 --format bibtex
    """
    from msdmt.render.cite import WRITERS

    cat = _catalog(ctx)
    chosen = cat.data["sources"] if source is None else [cat.find_source(source)]
    _write(WRITERS[fmt.value](chosen))


@app.command()
def schema(
    command: Annotated[Optional[str], typer.Argument(help="A command name; all commands when left out.", autocompletion=_completer("schema"))] = None,  # noqa: UP045
) -> None:
    """Print the JSON Schema of a command's --json output.

    Example: msdmt schema compare
    """
    import json

    from msdmt.core.schemas import schema_for
    from msdmt.pager import page_or_write

    text = json.dumps(schema_for(command), ensure_ascii=True, indent=2) + "\n"
    page_or_write(text, Terminal(is_terminal=sys.stdout.isatty()), _write, enabled=_paging)


def exit_code(exc: BaseException) -> ExitCode:
    """The exit code of a domain error: the one place that maps the msdmt exceptions."""
    from msdmt.errors import AmbiguousError, DataError, NotFoundError, UsageError

    if isinstance(exc, UsageError):
        return ExitCode.USAGE
    if isinstance(exc, (NotFoundError, AmbiguousError, DataError)):
        return ExitCode.NOT_FOUND
    return ExitCode.INTERNAL


def _repeats_bundled(problems: list[str], bundled: "Path") -> bool:
    """Whether the problems are ids that the bundled data already has (a full copy of it added again)."""
    import re

    for line in problems:
        if "duplicate trial id" in line and str(bundled) in line:
            return True
        found = re.search(r"duplicate (source|therapy) id '([a-z0-9-]+)'", line)
        if found:
            try:
                text = (bundled / ("sources.yaml" if found[1] == "source" else "therapies.yaml")).read_text("utf-8")
            except OSError:
                return False
            if f"  - id: {found[2]}\n" in text:
                return True
    return False


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app and turn every failure into one line on stderr and an exit code.

    An interrupt at any moment exits 130 without a traceback (the console script then
    ends by the signal itself: see entry.py); a closed pipe exits 141 in silence; a
    write that fails otherwise exits 74 with one line; with stderr closed nothing is said.
    """
    try:
        code = _run(sys.argv[1:] if argv is None else argv)
    except KeyboardInterrupt:
        code = ExitCode.INTERRUPTED
    sys.exit(int(code))


def _run(args: list[str]) -> int:
    real_stdout = sys.stdout
    sys.stdout = cast(TextIO, _Stdout(real_stdout))
    if sys.stderr is None:
        sys.stderr = cast(TextIO, _Discard())
    try:
        return _run_command(args)
    finally:
        sys.stdout = real_stdout


def _run_command(args: list[str]) -> int:
    if not args:
        args = ["--help"]  # not a usage error: show the help
    import gc

    from msdmt.errors import DataError, MsdmtError

    # A short-lived process whose data has no reference cycles: the cyclic
    # collector would only rescan the cached data while it loads (about a
    # third of a warm lookup on a 10,000-trial library).
    gc.disable()
    try:
        command = typer.main.get_command(app)
        result = command.main(args=args, prog_name="msdmt", standalone_mode=False)
    except _PipeClosed:
        _silence_stdout()
        return ExitCode.PIPE_CLOSED
    except _WriteFailed as exc:
        _silence_stdout()
        _say(f"error: cannot write output: {exc}")
        return ExitCode.OUTPUT_FAILED
    except SystemExit:
        if _undo_typer_pipe_handling():
            _silence_stdout()
            return ExitCode.PIPE_CLOSED
        raise
    except DataError as exc:
        for line in exc.problems:
            _say(line)
        from msdmt.data.load import bundled_dir

        if "--no-bundled" not in args and _repeats_bundled(exc.problems, bundled_dir()):
            # Before --data-dir added to the bundled data, a full copy of it was the way to use data of one's own.
            _say("hint: records repeat those of another directory or of the bundled data; to use a directory's "
                 "data alone, add --no-bundled")
        return exit_code(exc)
    except MsdmtError as exc:
        _say(f"error: {_quoted(str(exc), args)}")
        return exit_code(exc)
    except typer.TyperException as exc:  # usage errors from the parser
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        if any(f"No such option: {o}" in message for o in ("--data-dir", "--no-bundled")):
            message += "; the global options --data-dir and --no-bundled go before the command (msdmt --data-dir DIR trial ID)"
        _say(f"error: {' '.join(_quoted(message, args).split())} (see 'msdmt --help')")
        return int(getattr(exc, "exit_code", ExitCode.USAGE))
    except typer.Abort:
        _say("aborted")
        return ExitCode.INTERRUPTED
    except _StdoutError as exc:  # inside typer's own writes (help, --version)
        return output_failed(exc)
    except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
        if isinstance(exc.__cause__, KeyboardInterrupt) or isinstance(exc.__context__, KeyboardInterrupt):
            return ExitCode.INTERRUPTED  # Ctrl-C inside an import, wrapped by Python ("Error calling __set_name__")
        if os.environ.get("MSDMT_DEBUG"):
            raise
        _say(f"internal error: {type(exc).__name__}: {_quoted(str(exc), args)} "
             "(set MSDMT_DEBUG=1 for the traceback)")
        return ExitCode.INTERNAL
    return result if isinstance(result, int) else ExitCode.OK
