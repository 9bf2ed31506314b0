"""Console-script entry point: answers a bare ``msdmt --version`` before importing the CLI.

Version checks run in scripts and shell prompts; this keeps them at the cost
of starting Python. Everything else goes to ``msdmt.cli.main``.

It also keeps the process well behaved at its edges. Descriptors 0-2 that were
closed at start (``>&-``, ``2>&-``) are held on /dev/null, so no file msdmt opens
later takes their place. An interrupt at any moment ends msdmt without a
traceback, by the SIGINT itself once its own handling is done: the shell sees
exit status 130 and a shell loop around msdmt stops, as for any program
stopped with Ctrl-C (an exit(130) would let the loop run on).
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from types import TracebackType
    from typing import NoReturn

INTERRUPTED = 130  # cli.ExitCode.INTERRUPTED, without importing the CLI


def _quiet_interrupt(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    """sys.excepthook: an interrupt that escapes everything else still prints no traceback."""
    if issubclass(kind, KeyboardInterrupt):
        return
    sys.__excepthook__(kind, value, tb)


def _quiet_unraisable(unraisable: Any) -> None:
    """sys.unraisablehook: an interrupt raised where Python cannot raise it (a lock released during an import,
    a finalizer) ends the process as an interrupt would, without an 'Exception ignored in' message."""
    if isinstance(unraisable.exc_value, KeyboardInterrupt):
        return
    sys.__unraisablehook__(unraisable)


def _hold_standard_descriptors() -> None:
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            os.open(os.devnull, os.O_RDWR)  # the lowest free descriptor, which is this one


def _end_by_interrupt() -> NoReturn:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGINT)
    raise SystemExit(INTERRUPTED)  # only where the signal did not end the process


def _version() -> NoReturn:
    from . import __version__

    try:
        sys.stdout.write(f"msdmt {__version__}\n")
        sys.stdout.flush()
    except OSError as exc:
        from .cli import output_failed  # only when the write failed: one line and 74, or 141 in silence

        sys.exit(int(output_failed(exc)))
    sys.exit(0)


def main() -> None:
    try:
        sys.excepthook = _quiet_interrupt
        sys.unraisablehook = _quiet_unraisable
        _hold_standard_descriptors()
        if sys.argv[1:] == ["--version"] and sys.stdout is not None:
            _version()
        from .cli import main as cli_main

        cli_main()
    except KeyboardInterrupt:
        _end_by_interrupt()
    except RuntimeError as exc:
        # Ctrl-C while a class is being built (an import): Python wraps the KeyboardInterrupt raised in
        # __set_name__ in a RuntimeError ("Error calling __set_name__ …"). It is still an interrupt.
        if isinstance(exc.__cause__, KeyboardInterrupt) or isinstance(exc.__context__, KeyboardInterrupt):
            _end_by_interrupt()
        raise
    except SystemExit as exc:
        if exc.code == INTERRUPTED:
            _end_by_interrupt()
        raise
