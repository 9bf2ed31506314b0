"""The wheel carries the data: build it, install it apart from the checkout, run it from elsewhere."""

import json
import os
import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow  # subprocesses: deselect locally with -m 'not slow'


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    # No build isolation: hatchling comes with the test extra, so no network is needed here.
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out),
                    str(ROOT)], check=True, timeout=300)
    (built,) = out.glob("msdmt-*.whl")
    return built


def test_wheel_contains_the_data(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "msdmt/data/bundled/therapies.yaml" in names and "msdmt/data/bundled/trials.yaml" in names
    assert "msdmt/cli.py" in names
    assert "msdmt/py.typed" in names  # type information for the Python API (PEP 561)


def test_installed_wheel_works_outside_the_repository(wheel, tmp_path):
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)],
                   check=True, timeout=300)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = "import msdmt, sys; from msdmt.cli import main; print(msdmt.__file__, file=sys.stderr); main()"
    env = {**os.environ, "PYTHONPATH": str(site), "MSDMT_CACHE_DIR": str(tmp_path / "cache")}
    result = subprocess.run([sys.executable, "-c", code, "therapy", "alemtuzumab", "--json"], cwd=elsewhere,
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().startswith(str(site))  # the wheel's copy, not the checkout
    assert json.loads(result.stdout)["therapy"]["approval_year"]["value"] == 2014
    check = subprocess.run([sys.executable, "-c", "from msdmt.data.load import bundled_dir; print(bundled_dir())"],
                           cwd=elsewhere, capture_output=True, text=True, env=env, timeout=60)
    assert check.stdout.strip() == str(site / "msdmt" / "data" / "bundled")
