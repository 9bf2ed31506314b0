"""Long output on a terminal goes through a pager, as git and gh do; anything else is written as it is.

The pager is ``PAGER`` (split into words as a shell would, and run without a
shell, as gh does), or ``less -FRX`` when ``PAGER`` is unset: ``-F`` quits at
once when the text fits one screen, ``-R`` shows colours, ``-X`` leaves the text
on the screen afterwards. ``LESS=FRX`` is set for the pager when ``LESS`` is
unset, as git does, so that ``PAGER=less`` behaves the same. No pager when:
``--no-pager``; ``MSDMT_NO_PAGER`` set (to anything but ``0``); ``PAGER`` empty
or ``cat``; ``PAGER`` unset and ``TERM`` dumb or emacs (as click decides);
stdout not a terminal (a pipe, a file), whatever Rich was told; or the text fits
the terminal's height. A pager that cannot be started means a plain write, and a
pager quit before it read everything (the usual way to leave ``less``) is not an
error. Standard library only; ``subprocess`` is imported only to page.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from msdmt.render import Terminal

DEFAULT = "less -FRX"


def pager_command(environ: Mapping[str, str]) -> list[str] | None:
    """The pager's argv from the environment, or None for no pager."""
    if environ.get("MSDMT_NO_PAGER", "") not in ("", "0"):
        return None
    if "PAGER" not in environ:
        return None if environ.get("TERM") in ("dumb", "emacs") else DEFAULT.split()
    import shlex

    try:
        argv = shlex.split(environ["PAGER"], posix=os.name != "nt")
    except ValueError:  # unbalanced quotes: not a command we can run
        return None
    if not argv or argv == ["cat"]:
        return None
    return argv


_SGR = re.compile(r"\x1b\[[0-9;]*m")  # colour and style escapes take no columns


def screen_lines(text: str, width: int) -> int:
    """How many terminal rows ``text`` takes at ``width`` columns, long lines wrapping."""
    width = max(width, 1)
    return sum(1 + max(len(_SGR.sub("", line)) - 1, 0) // width for line in text.splitlines())


def page_or_write(
    text: str,
    terminal: Terminal,
    write: Callable[[str], Any],
    *,
    enabled: bool = True,
    stdout: Any = None,
    environ: Mapping[str, str] | None = None,
    height: int | None = None,
) -> None:
    """Show ``text`` through the pager when it is long and stdout is a terminal; else ``write(text)``.

    ``terminal`` gives ``is_terminal`` and ``width``; ``enabled`` is False for
    ``--no-pager``. ``stdout``, ``environ`` and ``height`` default to the real
    ones (``sys.stdout``, ``os.environ``, the terminal's rows) and are there for
    tests. ``write`` is the command line's plain writer, which handles a closed
    pipe; it is used whenever the text is not paged.
    """
    stream = sys.stdout if stdout is None else stdout
    env = os.environ if environ is None else environ
    argv = pager_command(env) if enabled and terminal.is_terminal and _isatty(stream) else None
    if argv is None or screen_lines(text, terminal.width) < (height or _rows()):
        write(text)
        return
    if not _run(argv, text, env, getattr(stream, "encoding", None) or "utf-8", stream):
        write(text)


def _isatty(stream: Any) -> bool:
    """Whether the stream really is a terminal (Rich's is_terminal is also true under FORCE_COLOR)."""
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def _rows() -> int:
    import shutil

    return shutil.get_terminal_size().lines


def _run(argv: list[str], text: str, environ: Mapping[str, str], encoding: str, stream: Any) -> bool:
    """Feed ``text`` to the pager and wait for it; False when it could not be started."""
    import subprocess

    env = dict(environ)
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    try:
        stream.flush()
    except (AttributeError, ValueError, OSError):
        pass
    try:
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE, env=env)
    except (OSError, ValueError):  # not found, not executable, or not a program at all
        return False
    assert proc.stdin is not None
    try:
        proc.stdin.write(text.encode(encoding, errors="replace"))
    except KeyboardInterrupt:
        pass  # the rest of the text is dropped, but the pager still has the terminal: wait for it
    except OSError:
        pass  # a closed pipe: the person quit the pager before the end
    try:
        proc.stdin.close()  # end of input: the pager may now say "(END)"
    except OSError:
        pass
    while True:
        try:
            proc.wait()
            break
        except KeyboardInterrupt:
            # Ctrl-C reaches the pager too, which ignores it; leaving now would
            # leave the pager running over the shell with the terminal in raw mode.
            continue
    return True
