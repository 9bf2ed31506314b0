"""Stream failures: every one is one line (or silence) and a documented exit code, never a traceback.

Real processes for what only a real process shows (closed pipes, /dev/full, closed descriptors,
signals), through the installed console script and ``python -m msdmt``; in process for the rest.
"""

from __future__ import annotations

import errno
import io
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import ROOT, run
from msdmt.cli import EXIT_CODES, ExitCode, main

ENTRY = shutil.which("msdmt", path=str(Path(sys.executable).parent)) or shutil.which("msdmt")
STARTS = {"script": [ENTRY or "msdmt"], "module": [sys.executable, "-m", "msdmt"]}
TIMEOUT = 60
FULL = "No space left on device"

# Every way msdmt writes: the --version fast path, typer's own help and version (--version --help goes
# through typer), a command's help, each format, and schema; every data command writes through the same _write.
COMMANDS = [
    ["--version"], ["--help"], ["therapy", "--help"], ["--version", "--help"], ["therapies"], ["trials", "--json"],
    ["therapy", "alemtuzumab", "-f", "markdown"], ["compare", "AFFIRM", "CARE-MS-I", "-f", "csv"], ["schema"],
]
CASES = [(start, args) for start in STARTS for args in COMMANDS
         if start == "script" or args in (["--version"], ["--help"], ["trials", "--json"])]
IDS = [f"{start}: {' '.join(args)}" for start, args in CASES]


@pytest.fixture(autouse=True)
def _env(tmp_path, monkeypatch):
    monkeypatch.setenv("MSDMT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("MSDMT_DEBUG", raising=False)


def _shell(command: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    """Run msdmt under bash with redirections (``>&-``, ``2>&-``); the shell reports msdmt's status."""
    script = f'"$@" {command}; echo "status=$?"'  # the redirection is msdmt's alone, not echo's
    return subprocess.run(["bash", "-c", script, "bash", *args], capture_output=True, timeout=TIMEOUT,
                          stdin=subprocess.DEVNULL)


def _status(result: subprocess.CompletedProcess[bytes]) -> int:
    return int(result.stdout.decode().rsplit("status=", 1)[1])


# -- a closed pipe: 141, silently, for every command ---------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize(("start", "args"), CASES, ids=IDS)
def test_a_closed_pipe_exits_141_in_silence(start, args):
    # The reader is gone before msdmt writes (as when head has already exited), so the write must fail.
    proc = subprocess.Popen([*STARTS[start], *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()
    assert proc.wait(timeout=TIMEOUT) == ExitCode.PIPE_CLOSED
    assert proc.stderr.read() == b""
    proc.stderr.close()


@pytest.mark.slow
def test_pipe_into_true_and_head():
    for args in (["--version"], ["--help"]):
        result = subprocess.run(["bash", "-c", '"$@" | true; echo "${PIPESTATUS[0]}"', "bash", ENTRY, *args],
                                capture_output=True, text=True, timeout=TIMEOUT)
        assert result.stderr == "" and result.stdout.strip() in ("0", "141")  # 0 when true had not exited yet
    result = subprocess.run(["bash", "-c", '"$1" compare AFFIRM CARE-MS-I CARE-MS-II | head -n 1', "bash", ENTRY],
                            capture_output=True, text=True, timeout=TIMEOUT)
    assert result.stderr == "" and result.stdout.startswith("! ")


# -- a failed write: one line and 74 ---------------------------------------------------------
@pytest.mark.slow
@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize(("start", "args"), CASES, ids=IDS)
def test_a_full_disk_is_one_line_and_74(start, args):
    with open("/dev/full", "wb") as full:
        result = subprocess.run([*STARTS[start], *args], stdout=full, stderr=subprocess.PIPE, timeout=TIMEOUT)
    assert (result.returncode, result.stderr.decode()) == (
        ExitCode.OUTPUT_FAILED, f"msdmt: error: cannot write output: {FULL}\n")


@pytest.mark.slow
@pytest.mark.parametrize(("start", "args"), CASES, ids=IDS)
def test_a_closed_stdout_is_one_line_and_74(start, args):
    result = _shell(">&-", *STARTS[start], *args)
    assert _status(result) == ExitCode.OUTPUT_FAILED
    assert result.stderr.decode() == "msdmt: error: cannot write output: standard output is closed\n"


@pytest.mark.slow
@pytest.mark.parametrize(("args", "code"), [(["trial", "nope"], 1), (["--bogus"], 2), (["trials", "--phase", "x"], 2),
                                            (["trials"], 0)])
def test_with_stderr_closed_nothing_goes_to_stdout_but_the_output(args, code):
    result = _shell("2>&-", ENTRY, *args)
    assert _status(result) == code
    out = result.stdout.decode().rsplit("status=", 1)[0]
    assert (out != "") == (code == 0) and "msdmt:" not in out and "Traceback" not in out


@pytest.mark.slow
@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_both_streams_failing_still_gives_the_code():
    assert _status(_shell(">/dev/full 2>&-", ENTRY, "trials")) == ExitCode.OUTPUT_FAILED
    assert _status(_shell(">&- 2>/dev/full", ENTRY, "--version")) == ExitCode.OUTPUT_FAILED
    assert _status(_shell("2>/dev/full", ENTRY, "trial", "nope")) == ExitCode.NOT_FOUND


# -- an interrupt: 130, never a traceback ---------------------------------------------------
HARNESS = textwrap.dedent("""
    import builtins, os, signal, sys
    how, target = sys.argv[1], sys.argv[2]
    sys.argv = ["msdmt", *sys.argv[3:]]
    real = builtins.__import__
    def interrupting_import(name, *args, **kwargs):
        if name == target:
            builtins.__import__ = real
            if how == "raise":
                raise KeyboardInterrupt
            os.kill(os.getpid(), signal.SIGINT)  # a real Ctrl-C, delivered during this import
        return real(name, *args, **kwargs)
    builtins.__import__ = interrupting_import
    from msdmt.entry import main
    main()
""")


@pytest.mark.slow
@pytest.mark.parametrize("how", ["raise", "signal"])
@pytest.mark.parametrize("target", ["typer", "rich", "msdmt.core.catalog", "msdmt.data.load", "json"])
def test_an_interrupt_during_start_up_ends_msdmt_by_sigint_without_a_traceback(how, target):
    args = ["compare", "AFFIRM", "CARE-MS-I", "--json"] if target == "json" else ["compare", "AFFIRM", "CARE-MS-I"]
    result = subprocess.run([sys.executable, "-c", HARNESS, how, target, *args], capture_output=True,
                            timeout=TIMEOUT)
    assert (result.returncode, result.stderr, result.stdout) == (-signal.SIGINT, b"", b"")


@pytest.mark.slow
def test_the_shell_sees_130_after_an_interrupt():
    result = subprocess.run(["bash", "-c", '"$@"; echo "$?"', "bash", sys.executable, "-c", HARNESS, "raise", "typer",
                             "trials"], capture_output=True, text=True, timeout=TIMEOUT)
    assert (result.stdout, result.stderr) == ("130\n", "")


READY = textwrap.dedent("""
    import sys
    import msdmt.entry
    sys.argv = ["msdmt", *sys.argv[1:]]
    sys.stderr.write("ready\\n"); sys.stderr.flush(); msdmt.entry.main()
""")


@pytest.mark.slow
@pytest.mark.parametrize("args", [["compare", "AFFIRM", "CARE-MS-I", "CARE-MS-II"], ["--version"], ["--help"],
                                  ["trials", "--json"]], ids=" ".join)
def test_an_interrupt_at_any_moment_after_start_is_silent(args):
    # Ctrl-C at random moments once msdmt's code runs (before that, Python itself is starting).
    rng = random.Random(" ".join(args))
    outcomes = set()
    for _ in range(8):
        proc = subprocess.Popen([sys.executable, "-c", READY, *args], stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
        assert proc.stderr.readline() == b"ready\n"
        time.sleep(rng.uniform(0, 0.12))
        proc.send_signal(signal.SIGINT)
        err = proc.stderr.read()
        proc.stderr.close()
        code = proc.wait(timeout=TIMEOUT)
        assert err == b"", err.decode(errors="replace")
        assert code in (0, -signal.SIGINT)
        outcomes.add(code)
    assert -signal.SIGINT in outcomes or args in (["--version"], ["--help"])


# -- in process: the same rules through main() ----------------------------------------------------
class _Failing(io.StringIO):
    def __init__(self, error: OSError) -> None:
        super().__init__()
        self.error = error

    def write(self, text: str) -> int:
        raise self.error


def _main_with(stdout: object, stderr: object, *args: str) -> int:
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = stdout, stderr  # type: ignore[assignment]
    try:
        main(list(args))
    except SystemExit as exc:
        return int(exc.code or 0)
    finally:
        sys.stdout, sys.stderr = saved
    raise AssertionError("main always exits")


@pytest.mark.parametrize("args", [["trials"], ["trials", "--json"], ["schema"], ["--help"], ["--version"],
                                  ["--version", "--help"]])
def test_failed_writes_in_process(args):
    err = io.StringIO()
    assert _main_with(_Failing(OSError(errno.ENOSPC, FULL)), err, *args) == ExitCode.OUTPUT_FAILED
    assert err.getvalue() == f"msdmt: error: cannot write output: {FULL}\n"
    err = io.StringIO()
    assert _main_with(_Failing(BrokenPipeError(errno.EPIPE, "Broken pipe")), err, *args) == ExitCode.PIPE_CLOSED
    assert err.getvalue() == ""
    err = io.StringIO()
    assert _main_with(None, err, *args) == ExitCode.OUTPUT_FAILED
    assert err.getvalue() == "msdmt: error: cannot write output: standard output is closed\n"


def test_a_closed_stderr_never_sends_errors_to_stdout():
    out = io.StringIO()
    assert _main_with(out, None, "trial", "nope") == ExitCode.NOT_FOUND
    assert _main_with(out, None, "--bogus") == ExitCode.USAGE
    assert out.getvalue() == ""
    assert sys.stderr is not None


def test_an_interrupt_anywhere_in_main_exits_130(monkeypatch):
    import typer.main

    from msdmt.core import catalog

    def interrupt(*_a, **_k):
        raise KeyboardInterrupt

    monkeypatch.setattr(typer.main, "get_command", interrupt)
    assert (run("trials").exit_code, run("trials").stderr) == (ExitCode.INTERRUPTED, "")
    monkeypatch.undo()
    monkeypatch.setattr(catalog.Catalog, "trials", interrupt)
    result = run("trials")
    assert (result.exit_code, result.stdout, result.stderr) == (ExitCode.INTERRUPTED, "", "")


def test_a_failed_write_is_not_an_internal_error_and_other_os_errors_are(monkeypatch):
    import msdmt.core.queries as queries

    def unreadable(*_a, **_k):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(queries, "therapies_view", unreadable)
    result = run("therapies")
    assert (result.exit_code, result.stderr) == (
        ExitCode.INTERNAL, "msdmt: internal error: OSError: [Errno 5] Input/output error "
                           "(set MSDMT_DEBUG=1 for the traceback)\n")


def test_exit_code_74_is_documented():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "| 74 |" in readme and "cannot write output" in readme
    assert "74 output could not be written" in " ".join(EXIT_CODES.split())
    assert "74 output could not be written" in " ".join(run("--help").stdout.split())


@pytest.mark.parametrize("args", [["export"], ["schema"], ["compare", "--therapy", "alemtuzumab", "--full", "--json"]])
def test_a_reader_that_goes_away_mid_output_gives_141(args):
    """Output larger than a pipe's buffer, read 10 bytes, then closed (as by head): 141 in silence, not 0."""
    proc = subprocess.Popen([sys.executable, "-m", "msdmt", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(10)
    proc.stdout.close()
    assert proc.wait(timeout=60) == 141
    assert proc.stderr.read() == b""


def test_an_interrupt_wrapped_by_python_while_importing_is_still_an_interrupt(monkeypatch):
    # Ctrl-C during an import that builds a class ends up as RuntimeError("Error calling __set_name__ …")
    # whose cause is the KeyboardInterrupt: msdmt treats it as the interrupt it is (130, no message).
    import msdmt.cli as cli

    def interrupted(ctx):
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as exc:
            raise RuntimeError("Error calling __set_name__ on 'cached_property' instance") from exc

    monkeypatch.setattr(cli, "_catalog", interrupted)
    out, err = io.StringIO(), io.StringIO()
    assert _main_with(out, err, "trial", "AFFIRM") == 130
    assert (out.getvalue(), err.getvalue()) == ("", "")

    def broken(ctx):
        raise RuntimeError("a real bug")

    monkeypatch.setattr(cli, "_catalog", broken)
    err = io.StringIO()
    assert _main_with(io.StringIO(), err, "trial", "AFFIRM") == 70
    assert err.getvalue() == ("msdmt: internal error: RuntimeError: a real bug (set MSDMT_DEBUG=1 for the "
                              "traceback)\n")
