"""Shared test helpers: run the real entry point in-process, and isolate the cache."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from msdmt.cli import main
from msdmt.core.catalog import Catalog
from msdmt.data.load import bundled_dir, load

ROOT = Path(__file__).resolve().parents[1]
PAPER = ROOT.parent / "shared" / "seeds" / "000_01cde2b73b2f9f38.txt"


def paper_text() -> str:
    """The source text; a test that needs it is skipped outside CI when it is absent, and fails in CI."""
    if not PAPER.exists():
        if os.environ.get("CI"):
            pytest.fail(f"the paper text is missing in CI: {PAPER}")
        pytest.skip(f"the paper text is not beside this checkout ({PAPER})")
    return PAPER.read_text(encoding="utf-8")


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    def json(self):
        return json.loads(self.stdout)


def run(*args: str, env: dict | None = None) -> Run:
    """Invoke msdmt's own ``main`` (exit codes and error lines included) inside CliRunner's isolation."""
    with CliRunner().isolation(env=env) as streams:
        try:
            main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        else:  # pragma: no cover - main always exits
            code = 0
        sys.stdout.flush()
        sys.stderr.flush()
        out, err = streams[0].getvalue(), streams[1].getvalue()
    return Run(code, out.decode("utf-8"), err.decode("utf-8"))


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("MSDMT_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
    monkeypatch.delenv("MSDMT_DATA_DIR", raising=False)
    monkeypatch.delenv("MSDMT_NO_CACHE", raising=False)
    monkeypatch.setenv("COLUMNS", "100")


@pytest.fixture(scope="session")
def data() -> dict:
    return load(use_cache=False)


@pytest.fixture(scope="session")
def catalog(data) -> Catalog:
    return Catalog(data)


def trial(data: dict, trial_id: str) -> dict:
    return next(t for t in data["trials"] if t["id"] == trial_id)


def endpoint(data: dict, trial_id: str, endpoint_id: str) -> dict:
    return next(e for e in trial(data, trial_id)["endpoints"] if e["id"] == endpoint_id)


def cell(data: dict, trial_id: str, endpoint_id: str, arm: str | None) -> dict:
    return next(r for r in endpoint(data, trial_id, endpoint_id)["results"] if r["arm"] == arm)


def copy_bundled(dest: Path) -> Path:
    for name in ("sources.yaml", "therapies.yaml", "trials.yaml"):
        (dest / name).write_bytes((bundled_dir() / name).read_bytes())
    return dest


# -- directories added to the bundled data: made-up records under a source of type example ---------------
EXAMPLE_SOURCE = """\
schema_version: 1
sources:
  - id: example2000
    type: example
    authors: [Example A, Sample B]
    title: An example source for tests
    container: msdmt tests
    year: 2000
    doi: 10.0000/msdmt.example
    vintage: Example data for tests; every figure is made up.
"""


def example_therapy(therapy_id: str, name: str, brand: str) -> str:
    """A therapies.yaml holding one made-up therapy from the example source."""
    return f"""\
schema_version: 1
therapies:
  - id: {therapy_id}
    source: example2000
    name: {name}
    printed_name: {name} ({brand})
    generic: {therapy_id}
    brand: {brand}
    approval_year: {{value: 2001, unit: calendar year, printed: "2001", locator: Example table 1}}
    route: IV
    dosing:
      printed: 10 mg IV monthly
      locator: Example table 1
      regimens:
        - {{amount: 10, unit: mg, route: IV, frequency: monthly}}
    mechanism: {{text: A made-up mechanism., locator: Example table 1}}
    drug_class: monoclonal antibody
"""


def example_trial(trial_id: str, therapy: str) -> str:
    """A trials.yaml holding one made-up trial of ``therapy`` from the example source."""
    return f"""\
schema_version: 1
trials:
  - id: {trial_id}
    source: example2000
    name: {trial_id}
    kind: randomized controlled trial
    phase: 3
    therapies: [{therapy}]
    arms:
      - {{id: treated, label: Treated, therapy: {therapy}, role: treatment}}
      - {{id: placebo, label: Placebo, role: comparator}}
"""


def data_dir(dest: Path, **files: str) -> Path:
    """A directory holding the given files (``sources=…`` is sources.yaml), made if need be."""
    dest.mkdir(parents=True, exist_ok=True)
    for kind, text in files.items():
        (dest / f"{kind}.yaml").write_text(text, encoding="utf-8")
    return dest
