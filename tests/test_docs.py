"""The README promises what the CLI and CI do."""

import re
import subprocess
import sys

import pytest

from conftest import ROOT, run


def _quick_start():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^## Quick start\n(.*?)^## ", text, re.S | re.M).group(1)
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return [line for line in block.splitlines() if line.strip()]


def test_quick_start_is_two_lines_and_ci_runs_the_second():
    install, tests = _quick_start()
    assert "pip install ." in install and install.endswith("msdmt therapy alemtuzumab")
    assert tests.startswith("pip install '.[test]'") and "pytest" in tests
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci[-1] == tests


def test_exit_codes_are_documented_in_readme_and_help():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for code in ("| 0 |", "| 1 |", "| 2 |", "| 70 |", "| 74 |", "| 130 |", "| 141 |"):
        assert code in readme
    help_text = " ".join(run("--help").stdout.split())
    assert "Exit codes: 0 success; 1 not found, ambiguous name or invalid data; 2 usage error; 70 internal error;" in help_text


def test_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in ("therapies", "therapy NAME", "trials", "trial ID", "compare [ID…]", "adverse-events", "search TEXT",
                    "validate [DIR]", "schema [COMMAND]", "audit", "glossary [TERM]", "sources",
                    "cite [SOURCE]"):
        assert f"### `msdmt {command}" in readme, command


@pytest.mark.slow
def test_readme_examples_are_real_output():
    """Every README example marked ``<!-- example: ARGS -->`` is what msdmt prints today (tools/readme_examples.py)."""
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "readme_examples.py"), "--check"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert (ROOT / "README.md").read_text(encoding="utf-8").count("<!-- example: ") >= 10
