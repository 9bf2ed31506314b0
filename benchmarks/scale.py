"""Scale benchmark: validate, lookup and search over synthetic libraries of 100, 1,000 and 10,000 trials.

Standard library only. For each size it generates a data directory
(benchmarks/generate.py), times a cold validation and warm lookups and
searches (median of --rounds runs, after one run has filled the cache), and
reports peak memory (max RSS) of each kind of run. The bundled dataset is
measured the same way for comparison. Targets: lookup and search within 1 s at
10,000 trials, and time growing no worse than linearly in N.

    python benchmarks/scale.py [--sizes 100 1000 10000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402

ENTRY = shutil.which("msdmt", path=str(Path(sys.executable).parent)) or shutil.which("msdmt") or "msdmt"


def run(cmd: list[str], env: dict) -> tuple[float, int]:
    """Wall time and peak RSS (KiB) of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}")
    return time.perf_counter() - start, usage.ru_maxrss


def measure(data_dir: Path | None, lookup: str, search: str, rounds: int, env: dict) -> dict:
    base = [ENTRY] + (["--data-dir", str(data_dir)] if data_dir else [])
    cold_env = {**env, "MSDMT_NO_CACHE": "1"}
    validate = [run(base + ["validate"], cold_env) for _ in range(max(1, rounds // 2))]
    run(base + ["trial", lookup, "--json"], env)  # fill the cache
    lookups = [run(base + ["trial", lookup, "--json"], env) for _ in range(rounds)]
    searches = [run(base + ["search", search, "--json"], env) for _ in range(rounds)]

    def summary(samples):
        return statistics.median(t for t, _ in samples), max(m for _, m in samples) / 1024

    return {"validate": summary(validate), "lookup": summary(lookups), "search": summary(searches)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="msdmt-scale-"))
    env = {**os.environ, "MSDMT_CACHE_DIR": str(work / "cache")}
    env.pop("MSDMT_DATA_DIR", None)
    env.pop("MSDMT_NO_CACHE", None)
    rows = [("bundled", measure(None, "CARE-MS-I", "thyroid", args.rounds, env))]
    for n in args.sizes:
        directory = generate(n, work / f"n{n}")
        rows.append((f"{n} trials", measure(directory, f"SYN-{n // 2:06d}", f"trial {n // 2}", args.rounds, env)))
    print(f"{'data':14} {'validate (cold)':>22} {'lookup (warm)':>22} {'search (warm)':>22}")
    for name, r in rows:
        cells = [f"{r[k][0]:8.3f}s {r[k][1]:7.0f}MiB" for k in ("validate", "lookup", "search")]
        print(f"{name:14} " + " ".join(f"{c:>22}" for c in cells))
    sized = [(n, r) for n, (_, r) in zip(args.sizes, rows[1:], strict=True)]
    for (n1, r1), (n2, r2) in zip(sized, sized[1:], strict=False):
        growth = {k: r2[k][0] / r1[k][0] for k in ("validate", "lookup", "search")}
        print(f"{n1} -> {n2} trials (x{n2 / n1:g}): " + ", ".join(f"{k} x{v:.1f}" for k, v in growth.items()))
    biggest = sized[-1][1] if sized else None
    if biggest:
        ok = biggest["lookup"][0] <= 1 and biggest["search"][0] <= 1
        print(f"target (lookup and search within 1 s at {sized[-1][0]} trials): {'ok' if ok else 'MISSED'}")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
