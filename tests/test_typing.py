"""Static checks as part of the suite: mypy --strict on src/ and ruff on everything."""

import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow  # subprocesses: deselect locally with -m 'not slow'


def test_mypy_strict_is_clean_on_src():
    result = subprocess.run([sys.executable, "-m", "mypy", "--strict", "src"], cwd=ROOT, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Success: no issues found")


def test_ruff_is_clean():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "src", "tests", "benchmarks"], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
