"""The msdmt command line: parse, ask the catalog, render, exit.

Start-up matters (the tool is used in loops), so this module imports only typer
and the standard library at the top; each command imports what it needs. The
domain raises the msdmt exceptions; only ``main`` maps them to exit codes.
"""

from __future__ import annotations

import enum
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from msdmt import __version__
from msdmt.core.choices import Category, ComparatorType, Route, Sort
from msdmt.render import Format, Terminal

if TYPE_CHECKING:
    from msdmt.core.catalog import Catalog
    from msdmt.core.views import View


class ExitCode(enum.IntEnum):
    """The documented exit codes (README, Exit codes)."""

    OK = 0
    NOT_FOUND = 1  # also: ambiguous name, invalid data, audit --strict with findings
    USAGE = 2
    INTERNAL = 70
    INTERRUPTED = 130
    PIPE_CLOSED = 141


EXIT_CODES = """Exit codes: 0 success; 1 not found, ambiguous name or invalid data; 2 usage error;
70 internal error; 130 interrupted; 141 output closed early (as by head)."""

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
    data_dir: Annotated[
        Optional[str],  # noqa: UP045 - typer reads the annotation at run time
        typer.Option(
            "--data-dir",
            envvar="MSDMT_DATA_DIR",
            help="Use the therapies.yaml and trials.yaml in this directory instead of the bundled data.",
            show_envvar=True,
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    no_pager: Annotated[
        bool, typer.Option("--no-pager", help="Never page long output on a terminal (see PAGER; also MSDMT_NO_PAGER=1).")
    ] = False,
) -> None:
    global _paging
    _paging = not no_pager  # set on every run: tests run main() many times in one process
    ctx.obj = {"data_dir": data_dir or None}


def _catalog(ctx: typer.Context) -> Catalog:
    from msdmt.core.catalog import Catalog
    from msdmt.data.load import load

    return Catalog(load(ctx.obj["data_dir"]))


def terminal() -> Terminal:
    """The facts of the real stdout, as Rich sees them (NO_COLOR, TERM=dumb, COLUMNS), found once."""
    from rich.console import Console

    probe = Console(file=sys.stdout)
    color = None if probe.no_color else probe.color_system
    return Terminal(width=probe.width, color_system=color, ascii_only=_ascii_stdout(), is_terminal=probe.is_terminal)


def _emit(view: View, fmt: Format, json_flag: bool, full: bool = False) -> None:
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
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader (head, less) went away: say nothing more, and keep
        # Python from complaining when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise typer.Exit(ExitCode.PIPE_CLOSED) from None


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
    text: Annotated[str, typer.Argument(metavar="TEXT", help="Words to look for (any case; beta matches β).")],
    fmt: FormatOpt = Format.table,
    json_: JsonOpt = False,
    full: FullOpt = False,
) -> None:
    """Search names, endpoints, adverse events and notes.

    Looks through names, aliases, mechanisms, endpoints, adverse events and
    notes. Exits 1 when nothing matches.

    Example: msdmt search thyroid
    """
    from msdmt.data.text import shown
    from msdmt.errors import NotFoundError

    view = _catalog(ctx).search(text)
    if not view.hits:
        if json_ or fmt is Format.json:
            _emit(view, fmt, json_, full)
        raise NotFoundError(f"no matches for {shown(text)}")
    _emit(view, fmt, json_, full)


@app.command()
def validate(
    ctx: typer.Context,
    directory: Annotated[Optional[str], typer.Argument(metavar="DIR", help="A data directory (default: --data-dir or the bundled data).")] = None,  # noqa: UP045,E501
    fmt: FormatOpt = Format.table,
    json_: JsonOpt = False,
    full: FullOpt = False,
) -> None:
    """Validate a data directory.

    Exit 0 when valid, 1 with one FILE:LINE error per line on stderr.

    Example: msdmt validate ./my-data
    """
    from msdmt.core.views import ValidateView
    from msdmt.data.load import load
    from msdmt.errors import DataError

    target = directory or ctx.obj["data_dir"]
    try:
        data = load(target, use_cache=False)
    except DataError as exc:
        if json_ or fmt is Format.json:
            _emit(ValidateView(valid=False, data_dir=str(target or "bundled"), counts={}, errors=exc.problems),
                  fmt, json_)
        raise
    counts = {
        "therapies": len(data["therapies"]),
        "trials": len(data["trials"]),
        "endpoints": sum(len(t["endpoints"]) for t in data["trials"]),
        "adverse events": sum(len(t["adverse_events"]) for t in data["therapies"]),
    }
    _emit(ValidateView(valid=True, data_dir=data["meta"]["data_dir"], counts=counts, errors=[]), fmt, json_, full)


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


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app and turn every failure into one line on stderr and an exit code."""
    args = sys.argv[1:] if argv is None else argv
    if not args:
        args = ["--help"]  # not a usage error: show the help
    import gc

    from msdmt.errors import DataError, MsdmtError

    # A short-lived process whose data has no reference cycles: the cyclic
    # collector would only rescan the cached data while it loads (about a
    # third of a warm lookup on a 10,000-trial library).
    gc.disable()
    command = typer.main.get_command(app)
    code: int
    try:
        result = command.main(args=args, prog_name="msdmt", standalone_mode=False)
        code = result if isinstance(result, int) else ExitCode.OK
    except DataError as exc:
        for line in exc.problems:
            print(f"msdmt: {line}", file=sys.stderr)
        code = exit_code(exc)
    except MsdmtError as exc:
        print(f"msdmt: error: {exc}", file=sys.stderr)
        code = exit_code(exc)
    except typer.TyperException as exc:  # usage errors from the parser
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        print(f"msdmt: error: {' '.join(message.split())} (see 'msdmt --help')", file=sys.stderr)
        code = getattr(exc, "exit_code", ExitCode.USAGE)
    except typer.Abort:
        print("msdmt: aborted", file=sys.stderr)
        code = ExitCode.INTERRUPTED
    except KeyboardInterrupt:
        code = ExitCode.INTERRUPTED
    except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
        if os.environ.get("MSDMT_DEBUG"):
            raise
        print(f"msdmt: internal error: {type(exc).__name__}: {exc} (set MSDMT_DEBUG=1 for the traceback)",
              file=sys.stderr)
        code = ExitCode.INTERNAL
    sys.exit(int(code))
