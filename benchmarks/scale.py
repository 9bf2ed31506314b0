"""Scale benchmark: cold compile, warm lookup and warm search over synthetic libraries up to 100,000 trials.

Standard library only. For each size it generates a data directory
(benchmarks/generate.py: single files up to 5,000 trials, trials/ and therapies/
folders above), then measures with an empty cache directory:

- cold compile: ``msdmt --no-bundled --data-dir D trial ID --json`` with no store yet (reads,
  validates and compiles the whole library, then answers): trials per second and
  peak memory;
- warm ``msdmt trial ID --json`` and ``msdmt search WORD --json`` (median of
  --rounds runs) with their peak memory, and their ratio to the same commands on
  the bundled data.

Peak memory is the largest resident set of the whole process tree at any moment
(the compiler's worker processes included), sampled from /proc every 10 ms, and
never less than what the kernel reports for the largest single process.

Targets (README, Performance): warm lookup and search at the largest size within
1.3x the time and 1.3x the peak memory of the bundled data; cold compile at least
2,000 trials/s with peak memory under 1 GiB at 100,000 trials.

Then it measures hostile files of --hostile-mib MiB (16 by default): a
trials.yaml of millions of scalars (``trials: [0,0,0,…]`` and a top-level
``[0,0,0,…]``), of empty records (``- {}``), and a list of scalars inside one
record. Target: each fails (exit 1, at most 21 lines on stderr) within 5 s and
500 MiB.

    python benchmarks/scale.py [--sizes 1000 10000 100000] [--rounds 5] [--keep DIR] [--hostile-mib 16]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402

ENTRY = shutil.which("msdmt", path=str(Path(sys.executable).parent)) or shutil.which("msdmt") or "msdmt"
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants now (Linux /proc; 0 elsewhere)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/statm") as f:
                total += int(f.read().split()[1]) * PAGE
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except (OSError, ValueError):
            continue
    return total


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time (s) and peak memory (MiB) of one run of the whole process tree."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            done.wait(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed ({os.waitstatus_to_exitcode(status)}): {' '.join(cmd)}\n{err}")
    return elapsed, max(peak, usage.ru_maxrss * 1024) / 2**20


def hostile(work: Path, mib: int, env: dict[str, str]) -> None:
    """Time and peak memory of validating hostile trials.yaml files of ``mib`` MiB; each must fail fast."""
    size = mib * 2**20
    data = Path(__file__).resolve().parents[1] / "data"
    cases = {
        "trials: [0,0,0,...]": b"schema_version: 1\ntrials: [" + b"0," * ((size - 32) // 2) + b"0]\n",
        "[0,0,0,...]": b"[" + b"0," * ((size - 4) // 2) + b"0]\n",
        "trials: - {} ...": b"schema_version: 1\ntrials:\n" + b"  - {}\n" * ((size - 32) // 7),
        "one record, [0,0,...]": b"schema_version: 1\ntrials:\n  - id: X\n    aliases: ["
                                 + b"0," * ((size - 64) // 2) + b"0]\n",
    }
    cold_env = {**env, "MSDMT_NO_CACHE": "1"}
    print(f"\nhostile trials.yaml of {mib} MiB (target: exit 1 within 5 s and 500 MiB)")
    for name, blob in cases.items():
        directory = work / "hostile"
        directory.mkdir(exist_ok=True)
        for kept in ("sources", "therapies"):
            (directory / f"{kept}.yaml").write_bytes((data / f"{kept}.yaml").read_bytes())
        (directory / "trials.yaml").write_bytes(blob)
        start = time.perf_counter()
        proc = subprocess.run([ENTRY, "--no-bundled", "validate", str(directory)], capture_output=True, env=cold_env, check=False)
        seconds = time.perf_counter() - start
        if proc.returncode != 1 or len(proc.stderr.splitlines()) > 21:
            raise SystemExit(f"{name}: exit {proc.returncode}, {len(proc.stderr.splitlines())} lines on stderr")
        peak = run_peak([ENTRY, "--no-bundled", "validate", str(directory)], cold_env)
        ok = seconds < 5 and peak < 500
        print(f"{name:24} {len(blob) / 2**20:6.1f} MiB {seconds:8.3f}s {peak:7.0f}MiB  {'ok' if ok else 'MISSED'}")


def run_peak(cmd: list[str], env: dict[str, str]) -> float:
    """Peak memory (MiB) of a run expected to fail."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, _, usage = os.wait4(proc.pid, 0)
    return float(usage.ru_maxrss) / 1024


def warm(base: list[str], args: list[str], rounds: int, env: dict[str, str]) -> tuple[float, float]:
    samples = [run(base + args, env) for _ in range(rounds)]
    return statistics.median(t for t, _ in samples), max(m for _, m in samples)


def measure(data_dir: Path | None, trial_id: str, word: str, rounds: int, env: dict[str, str], trials: int) -> dict:
    base = [ENTRY] + (["--no-bundled", "--data-dir", str(data_dir)] if data_dir else [])  # the library alone
    cache = Path(env["MSDMT_CACHE_DIR"])
    shutil.rmtree(cache, ignore_errors=True)
    cold = run(base + ["trial", trial_id, "--json"], env)
    out = {"cold": cold, "rate": trials / cold[0]}
    out["lookup"] = warm(base, ["trial", trial_id, "--json"], rounds, env)
    out["search"] = warm(base, ["search", word, "--json"], rounds, env)
    out["store"] = sum(p.stat().st_size for p in cache.glob("*.sqlite")) / 2**20
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="generate libraries here and keep them (reused when present)")
    parser.add_argument("--hostile-mib", type=int, default=16, help="size of the hostile files (0: skip them)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="msdmt-scale-"))
    libraries = args.keep or work
    env = {**os.environ, "MSDMT_CACHE_DIR": str(work / "cache")}
    for name in ("MSDMT_DATA_DIR", "MSDMT_NO_CACHE", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    try:
        rows = [("bundled", 12, measure(None, "CARE-MS-I", "thyroid", args.rounds, env, 12))]
        for n in args.sizes:
            directory = libraries / f"n{n}"
            if not directory.exists():
                generate(n, directory)
            rows.append((f"{n:,} trials", n, measure(directory, f"SYN-{n // 2:06d}", str(n // 2), args.rounds, env,
                                                      n)))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}; warm: median of {args.rounds} runs; "
          "memory: peak of the process tree")
    print(f"{'data':16} {'cold compile':>30} {'store':>9} {'trial --json (warm)':>22} {'search (warm)':>22}")
    bundled = rows[0][2]
    for name, _, r in rows:
        cold = f"{r['cold'][0]:7.2f}s {r['rate']:7.0f}/s {r['cold'][1]:6.0f}MiB"
        cells = [f"{r[k][0] * 1000:6.0f}ms {r[k][1]:5.0f}MiB" for k in ("lookup", "search")]
        print(f"{name:16} {cold:>30} {r['store']:7.1f}MB " + " ".join(f"{c:>22}" for c in cells))
    print("ratios to the bundled data (time, memory):")
    for name, _, r in rows[1:]:
        ratios = {k: (r[k][0] / bundled[k][0], r[k][1] / bundled[k][1]) for k in ("lookup", "search")}
        print(f"  {name:14} " + ", ".join(f"{k} {t:.2f}x / {m:.2f}x" for k, (t, m) in ratios.items()))
    name, n, biggest = rows[-1]
    if n >= 100_000:
        ok = all(biggest[k][0] <= 1.3 * bundled[k][0] and biggest[k][1] <= 1.3 * bundled[k][1]
                 for k in ("lookup", "search"))
        print(f"target warm lookup and search within 1.3x of bundled at {name}: {'ok' if ok else 'MISSED'}")
        ok = biggest["rate"] >= 2000 and biggest["cold"][1] < 1024
        print(f"target cold compile >= 2,000 trials/s and < 1 GiB at {name}: {'ok' if ok else 'MISSED'} "
              f"({biggest['rate']:.0f}/s, {biggest['cold'][1]:.0f} MiB)")
    if args.hostile_mib:
        hostile_work = Path(tempfile.mkdtemp(prefix="msdmt-hostile-"))
        try:
            hostile(hostile_work, args.hostile_mib, env)
        finally:
            shutil.rmtree(hostile_work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
