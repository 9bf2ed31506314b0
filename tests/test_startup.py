"""Start-up discipline: what --version, --help and a lookup import (the speed targets depend on it)."""

import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow  # subprocesses: deselect locally with -m 'not slow'

PROBE = """
import json, sys
from msdmt.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
heavy = sorted({m.split(".")[0] for m in sys.modules} & {"rich", "pydantic", "pydantic_core", "yaml", "jsonschema"})
sys.stderr.write("\\nMODULES " + json.dumps(heavy) + "\\n")
"""


def imported(*args, env=None):
    result = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True,
                            env={**os.environ, **(env or {})}, timeout=60)
    line = next(x for x in result.stderr.splitlines() if x.startswith("MODULES "))
    return set(json.loads(line.removeprefix("MODULES ")))


@pytest.fixture()
def cache_env(tmp_path):
    return {"MSDMT_CACHE_DIR": str(tmp_path / "cache")}


def test_version_imports_nothing_heavy(cache_env):
    assert imported("--version", env=cache_env) == set()


def test_help_imports_nothing_heavy(cache_env):
    assert imported("--help", env=cache_env) == set()  # plain help: see rich_markup_mode in cli.py


def test_warm_json_lookup_imports_neither_yaml_nor_pydantic_nor_rich(cache_env):
    assert imported("therapy", "alemtuzumab", "--json", env=cache_env) == {"yaml", "pydantic", "pydantic_core"}  # cold
    assert imported("therapy", "alemtuzumab", "--json", env=cache_env) == set()  # warm: validated once, then cached
    assert imported("compare", "CARE-MS-I", "CARE-MS-II", env=cache_env) == {"rich"}


def test_ruff_bans_module_level_heavy_imports():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--select", "TID253", "src"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
