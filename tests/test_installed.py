"""The installed entry point in real processes: pipes, colour settings, narrow terminals, odd encodings."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # subprocesses: deselect locally with -m 'not slow'

ENTRY = shutil.which("msdmt", path=str(Path(sys.executable).parent)) or shutil.which("msdmt")
COLOUR = re.compile(r"\x1b\[[0-9;]*m")
COLOUR_SGR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-9]|9[0-7]|38;[0-9;]+)m")


def msdmt(*args, env=None, cwd=None):
    assert ENTRY, "the msdmt entry point is not installed beside this Python"
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "TERM")}
    return subprocess.run([ENTRY, *args], capture_output=True, env={**base, **(env or {})}, cwd=cwd, timeout=60)


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MSDMT_CACHE_DIR", str(tmp_path / "cache"))


@pytest.mark.parametrize("args", [["schema"], ["compare", "AFFIRM", "CARE-MS-I"], ["therapy", "alemtuzumab", "--json"]])
def test_closed_output_pipe_exits_141_without_a_traceback(args):
    # The reader is gone before msdmt writes (as when head has already exited), so the write must fail.
    proc = subprocess.Popen([ENTRY, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()
    assert proc.wait(timeout=60) == 141
    assert proc.stderr.read() == b""


def test_pipe_into_head_shows_the_first_line():
    result = subprocess.run(["bash", "-c", f'"{ENTRY}" schema | head -n 1'], capture_output=True, text=True, timeout=60)
    assert (result.stdout, result.stderr) == ("{\n", "")


@pytest.mark.parametrize("force", ["1", "0", "true", ""])
def test_json_is_valid_and_colourless_whatever_force_color(force):
    result = msdmt("therapy", "alemtuzumab", "--json", env={"FORCE_COLOR": force, "TERM": "xterm-256color"})
    assert result.returncode == 0
    text = result.stdout.decode("ascii")
    assert not COLOUR.search(text)
    assert json.loads(text)["therapy"]["brand"] == "Lemtrada"


def test_force_color_colours_tables_and_no_color_wins():
    coloured = msdmt("compare", "AFFIRM", "CARE-MS-I", env={"FORCE_COLOR": "1", "TERM": "xterm-256color"})
    assert COLOUR_SGR.search(coloured.stdout.decode())
    plain = msdmt("compare", "AFFIRM", "CARE-MS-I", env={"FORCE_COLOR": "1", "NO_COLOR": "1", "TERM": "xterm-256color"})
    assert not COLOUR_SGR.search(plain.stdout.decode())
    dumb = msdmt("compare", "AFFIRM", "CARE-MS-I", env={"TERM": "dumb"})
    assert not COLOUR.search(dumb.stdout.decode())


@pytest.mark.parametrize("width", [40, 60, 80])
def test_narrow_terminals_fold_instead_of_cropping(width):
    result = msdmt("compare", "CARE-MS-I", "CARE-MS-II", "AFFIRM", env={"COLUMNS": str(width)})
    lines = result.stdout.decode().splitlines()
    assert result.returncode == 0
    assert max(len(line) for line in lines) <= width
    assert "…" not in result.stdout.decode()
    if width >= 60:  # at 40 columns an eight-column comparison folds inside numbers, which is allowed
        tokens = set(re.split(r"[\s;]+", result.stdout.decode()))  # stacked blocks join a cell's lines with "; "
        assert {"54.9%", "(P<0.001)", "0.18", "0.39", "0.26", "0.52", "68%", "49.4%"} <= tokens


@pytest.mark.parametrize("env", [{"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0"}, {"PYTHONIOENCODING": "ascii"}])
def test_ascii_only_output_streams(env):
    table = msdmt("therapy", "rebif", env=env)
    assert table.returncode == 0, table.stderr
    text = table.stdout.decode("ascii")
    assert "Interferon beta-1a SC (Rebif)" in text and "4 ug SC 3x per week" in text
    assert json.loads(msdmt("therapy", "rebif", "--json", env=env).stdout)["therapy"]["name"] == "Interferon β-1a SC"
    err = msdmt("therapy", "interferon beta-1a", env=env)
    assert err.returncode == 1 and b"Traceback" not in err.stderr


def test_errors_are_one_line_on_stderr():
    result = msdmt("trial", "nope")
    assert (result.returncode, result.stdout) == (1, b"")
    assert result.stderr.decode().count("\n") == 1


def test_entry_point_version_fast_path_matches_the_cli():
    fast = msdmt("--version")
    full = msdmt("--version", "--help")  # not the bare form: goes through typer
    assert (fast.returncode, fast.stdout) == (0, b"msdmt 0.1.0\n")
    assert full.returncode == 0 and full.stdout == b"msdmt 0.1.0\n"


def test_python_dash_m(tmp_path):
    result = subprocess.run([sys.executable, "-m", "msdmt", "--version"], capture_output=True, text=True, cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "msdmt 0.1.0\n")
