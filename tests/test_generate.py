"""The synthetic data generator of the scale benchmark writes valid, proportionate data."""

import importlib.util

from conftest import ROOT, run
from msdmt.core.audit import findings
from msdmt.data.load import load

spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
generate = importlib.util.module_from_spec(spec)
spec.loader.exec_module(generate)


def test_generated_directory_is_valid_and_proportionate(tmp_path):
    directory = generate.generate(120, tmp_path / "synthetic")
    data = load(directory, bundled=False, use_cache=False)
    assert (len(data["trials"]), len(data["therapies"])) == (120, 12)
    assert sum(len(t["adverse_events"]) for t in data["therapies"]) == 24
    assert [f["check"] for f in findings(data)] == []  # reductions agree with their rates; arms add up
    result = run("--no-bundled", "--data-dir", str(directory), "trial", "syn 60", "--json")
    assert result.exit_code == 0 and result.json()["trial"]["id"] == "SYN-000060"


def test_generation_is_deterministic(tmp_path):
    a = generate.generate(30, tmp_path / "a")
    b = generate.generate(30, tmp_path / "b")
    assert (a / "trials.yaml").read_bytes() == (b / "trials.yaml").read_bytes()
