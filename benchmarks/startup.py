"""Start-up benchmark: msdmt commands against the imports they cannot avoid (standard library only).

Runs each pair interleaved, at least 9 rounds, and prints median wall times and
their ratio against the targets (README, Performance). The cache is warmed
first, as it is for anyone who has run msdmt once.

    python benchmarks/startup.py [--rounds 15] [--check]

With --check, exits 1 when a ratio misses its target.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PY = sys.executable
ENTRY = shutil.which("msdmt", path=str(Path(PY).parent)) or shutil.which("msdmt") or "msdmt"

PAIRS = [
    ("therapy alemtuzumab --json", [ENTRY, "therapy", "alemtuzumab", "--json"],
     "import typer, pydantic, yaml", [PY, "-c", "import typer, pydantic, yaml"], 1.25),
    ("compare CARE-MS-I CARE-MS-II", [ENTRY, "compare", "CARE-MS-I", "CARE-MS-II"],
     "import typer, pydantic, yaml, rich.console, rich.table",
     [PY, "-c", "import typer, pydantic, yaml, rich.console, rich.table"], 1.25),
    ("--version", [ENTRY, "--version"], "import typer", [PY, "-c", "import typer"], 1.15),
    ("--help", [ENTRY, "--help"], "import typer, typer.rich_utils", [PY, "-c", "import typer, typer.rich_utils"], 1.15),
]


def timed(cmd: list[str], env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="interleaved rounds (at least 9)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()
    rounds = max(args.rounds, 9)
    env = {**os.environ, "MSDMT_CACHE_DIR": tempfile.mkdtemp(prefix="msdmt-bench-"), "COLUMNS": "80"}
    env.pop("MSDMT_DATA_DIR", None)
    for _, cmd, _, base, _ in PAIRS:  # warm the cache and the file system
        timed(cmd, env)
        timed(base, env)
    samples: dict[str, list[float]] = {}
    for _ in range(rounds):
        for name, cmd, base_name, base, _ in PAIRS:
            samples.setdefault(name, []).append(timed(cmd, env))
            samples.setdefault(base_name, []).append(timed(base, env))
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
          f"median of {rounds} interleaved runs")
    print(f"{'command':32} {'median':>8}  {'baseline':>8}  ratio  target")
    missed = 0
    for name, _, base_name, _, target in PAIRS:
        ours, theirs = statistics.median(samples[name]), statistics.median(samples[base_name])
        ratio = ours / theirs
        ok = ratio <= target
        missed += not ok
        print(f"msdmt {name:26} {ours * 1000:6.0f}ms  {theirs * 1000:6.0f}ms  {ratio:5.2f}  {target:.2f} "
              f"{'ok' if ok else 'MISSED'}   (baseline: python -c \"{base_name}\")")
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
