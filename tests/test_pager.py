"""The pager: long output on a terminal goes through PAGER (less -FRX by default); piped output never does."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import run
from msdmt.pager import page_or_write, pager_command, screen_lines
from msdmt.render import Terminal

TTY = Terminal(width=80, is_terminal=True)
LONG = "".join(f"line {i}\n" for i in range(100))
ENTRY = shutil.which("msdmt", path=str(Path(sys.executable).parent))
COMMAND = [ENTRY] if ENTRY else [sys.executable, "-m", "msdmt"]


class FakeTTY:
    """A stdout that says it is a terminal."""

    encoding = "utf-8"

    def isatty(self) -> bool:
        return True

    def flush(self) -> None:
        pass


class Pipe(FakeTTY):
    def isatty(self) -> bool:
        return False


@pytest.fixture()
def pager(tmp_path):
    """A PAGER that copies what it reads, and LESS as it found it, to files: (PAGER value, output file)."""
    script = tmp_path / "pager.py"
    out = tmp_path / "paged.txt"
    script.write_text("import os, sys\n"
                      "text = sys.stdin.read()\n"
                      f"open({str(out)!r}, 'w', encoding='utf-8').write(text)\n"
                      f"open({str(out)!r} + '.less', 'w').write(os.environ.get('LESS', '<unset>'))\n")
    return f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}", out


def show(text, terminal=TTY, *, environ, stdout=None, enabled=True, height=24):
    written: list[str] = []
    page_or_write(text, terminal, written.append, enabled=enabled, stdout=stdout or FakeTTY(), environ=environ,
                  height=height)
    return written


# -- which pager ----------------------------------------------------------------------------
@pytest.mark.parametrize("environ, expected", [
    ({}, ["less", "-FRX"]),
    ({"PAGER": "less"}, ["less"]),
    ({"PAGER": "most -s"}, ["most", "-s"]),
    ({"PAGER": "'/opt/my pager/bin/pg' -x"}, ["/opt/my pager/bin/pg", "-x"]),
    ({"PAGER": ""}, None),
    ({"PAGER": "  "}, None),
    ({"PAGER": "cat"}, None),
    ({"PAGER": "'unbalanced"}, None),
    ({"TERM": "dumb"}, None),
    ({"TERM": "emacs"}, None),
    ({"TERM": "dumb", "PAGER": "less"}, ["less"]),
    ({"MSDMT_NO_PAGER": "1"}, None),
    ({"MSDMT_NO_PAGER": "1", "PAGER": "less"}, None),
    ({"MSDMT_NO_PAGER": "0"}, ["less", "-FRX"]),
    ({"MSDMT_NO_PAGER": ""}, ["less", "-FRX"]),
])
def test_pager_command(environ, expected):
    assert pager_command(environ) == expected


def test_screen_lines_counts_wrapped_lines_and_not_colour_escapes():
    assert screen_lines("a\nb\n", 80) == 2
    assert screen_lines("x" * 80 + "\n" + "x" * 81 + "\n\n", 80) == 1 + 2 + 1
    assert screen_lines("\x1b[1m" + "x" * 80 + "\x1b[0m\n", 80) == 1


# -- when it pages ----------------------------------------------------------------------------
def test_long_text_on_a_terminal_goes_through_the_pager(pager):
    command, out = pager
    assert show(LONG, environ={"PAGER": command}) == []
    assert out.read_text(encoding="utf-8") == LONG
    assert Path(f"{out}.less").read_text() == "FRX"  # as git sets it when LESS is unset


def test_less_settings_of_ones_own_are_kept(pager):
    command, out = pager
    show(LONG, environ={"PAGER": command, "LESS": "-S"})
    assert Path(f"{out}.less").read_text() == "-S"


def test_non_ascii_text_reaches_the_pager_intact(pager):
    command, out = pager
    text = "Interferon β-1a, 44 µg, P≤0.05\n" * 50
    show(text, environ={"PAGER": command})
    assert out.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("case", ["short", "not a terminal", "piped whatever Rich says", "--no-pager",
                                  "MSDMT_NO_PAGER", "PAGER=cat", "PAGER empty"])
def test_written_plainly(pager, case):
    command, out = pager
    text, terminal, stdout, enabled, environ = LONG, TTY, FakeTTY(), True, {"PAGER": command}
    if case == "short":
        text = "".join(f"line {i}\n" for i in range(23))  # fits 24 rows with the prompt below
    elif case == "not a terminal":
        terminal = Terminal(is_terminal=False)
    elif case == "piped whatever Rich says":
        stdout = Pipe()  # FORCE_COLOR makes Rich report a terminal on a pipe
    elif case == "--no-pager":
        enabled = False
    elif case == "MSDMT_NO_PAGER":
        environ["MSDMT_NO_PAGER"] = "1"
    elif case == "PAGER=cat":
        environ["PAGER"] = "cat"
    elif case == "PAGER empty":
        environ["PAGER"] = ""
    assert show(text, terminal, environ=environ, stdout=stdout, enabled=enabled) == [text]
    assert not out.exists()


def test_one_line_more_than_fits_pages(pager):
    command, out = pager
    text = "".join(f"line {i}\n" for i in range(24))
    assert show(text, environ={"PAGER": command}) == []
    assert out.read_text() == text


@pytest.mark.parametrize("command", ["no-such-pager-anywhere", "no-such-pager --flag", "/"])
def test_a_pager_that_cannot_start_means_a_plain_write(command):
    assert show(LONG, environ={"PAGER": command}) == [LONG]


def test_a_pager_quit_before_the_end_is_not_an_error():
    # Reads one line and leaves, as when someone presses q in less: the rest meets a closed pipe.
    quitter = f"{shlex.quote(sys.executable)} -c 'import sys; sys.stdin.readline()'"
    assert show(LONG * 20000, environ={"PAGER": quitter}) == []


# -- the command line ---------------------------------------------------------------------------
def test_help_lists_no_pager():
    result = run("--help")
    assert "--no-pager" in result.stdout


def test_in_process_output_is_never_paged(pager, monkeypatch):
    command, out = pager
    monkeypatch.setenv("PAGER", command)
    monkeypatch.setenv("FORCE_COLOR", "1")
    result = run("trials")
    assert result.exit_code == 0 and result.stdout.count("\n") > 24
    assert not out.exists()


def _env(pager_command: str, **more: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if k not in ("PAGER", "MSDMT_NO_PAGER", "NO_COLOR", "TERM")}
    return {**base, "PAGER": pager_command, "COLUMNS": "80", "LINES": "24", "TERM": "xterm", **more}


@pytest.mark.slow
@pytest.mark.parametrize("args", [["trials"], ["schema"], ["compare", "CARE-MS-I", "CARE-MS-II", "--json"]])
def test_piped_output_never_pages(pager, args):
    command, out = pager
    result = subprocess.run([*COMMAND, *args], capture_output=True, env=_env(command, FORCE_COLOR="1"), timeout=60)
    assert result.returncode == 0 and result.stderr == b""
    assert result.stdout.count(b"\n") > 24
    assert not out.exists()


def on_a_terminal(args: list[str], env: dict[str, str]) -> tuple[int, bytes]:
    """Run msdmt with its stdout on a pseudo-terminal; its exit code and what reached the terminal."""
    pty = pytest.importorskip("pty")
    master, slave = pty.openpty()
    shown = bytearray()

    def drain():
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            if not chunk:
                return
            shown.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        proc = subprocess.run([*COMMAND, *args], stdout=slave, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                              env=env, timeout=60)
    finally:
        os.close(slave)
        reader.join(timeout=10)
        os.close(master)
    assert proc.stderr == b""
    return proc.returncode, bytes(shown)


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pseudo-terminal behaviour checked on Linux")
@pytest.mark.parametrize("args, start", [(["trials"], "\x1b[1mTrials"), (["schema"], "{"),
                                         (["compare", "CARE-MS-I", "CARE-MS-II", "--json"], "{")])
def test_long_output_on_a_terminal_goes_through_the_pager(pager, args, start):
    command, out = pager
    code, shown = on_a_terminal(args, _env(command))
    assert code == 0
    paged = out.read_text(encoding="utf-8")
    assert paged.startswith(start) and paged.count("\n") > 24  # whole, and coloured when a table
    assert shown == b""  # the stub pager shows nothing itself


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pseudo-terminal behaviour checked on Linux")
@pytest.mark.parametrize("how", ["--no-pager", "MSDMT_NO_PAGER", "short", "PAGER=cat"])
def test_output_on_a_terminal_written_plainly(pager, how):
    command, out = pager
    args, env = ["trials"], _env(command)
    if how == "--no-pager":
        args = ["--no-pager", "trials"]
    elif how == "MSDMT_NO_PAGER":
        env["MSDMT_NO_PAGER"] = "1"
    elif how == "short":
        args = ["trials", "--phase", "2", "--json"]
        env["LINES"] = "500"
    else:
        env["PAGER"] = "cat"
    code, shown = on_a_terminal(args, env)
    assert code == 0 and not out.exists()
    assert shown.count(b"\n") > 20
