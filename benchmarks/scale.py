"""Scale benchmark: validate, lookup and search over synthetic libraries of 100, 1,000 and 10,000 trials.

Standard library only. For each size it generates a data directory
(benchmarks/generate.py), times a cold validation and warm lookups and
searches (median of --rounds runs, after one run has filled the cache), and
reports peak memory (max RSS) of each kind of run, and the peak memory of a
cold validation per MB of valid YAML. The bundled dataset is measured the same
way for comparison. Targets: lookup and search within 1 s at 10,000 trials, and
time growing no worse than linearly in N.

Then it measures hostile files of --hostile-mib MiB (16 by default): a
trials.yaml of millions of scalars (``trials: [0,0,0,…]`` and a top-level
``[0,0,0,…]``), of empty records (``- {}``), and a list of scalars inside one
record. Target: each fails (exit 1, at most 21 lines on stderr) within 5 s and
500 MiB.

    python benchmarks/scale.py [--sizes 100 1000 10000] [--rounds 5] [--hostile-mib 16]
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


def run(cmd: list[str], env: dict, expect: int = 0) -> tuple[float, int]:
    """Wall time and peak RSS (KiB) of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    stderr = proc.stderr.read() if proc.stderr else b""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != expect:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{stderr.decode(errors='replace')[:2000]}")
    if expect and len(stderr.splitlines()) > 21:
        raise SystemExit(f"more than 21 lines on stderr: {' '.join(cmd)}")
    return time.perf_counter() - start, usage.ru_maxrss


def yaml_mb(data_dir: Path | None) -> float:
    directory = data_dir or Path(__file__).resolve().parents[1] / "data"
    return sum((directory / f"{name}.yaml").stat().st_size for name in ("therapies", "trials")) / 1e6


def hostile(work: Path, mib: int, env: dict) -> None:
    """Time and peak memory of validating hostile trials.yaml files of ``mib`` MiB; each must fail fast."""
    size = mib * 2**20
    therapies = (Path(__file__).resolve().parents[1] / "data" / "therapies.yaml").read_bytes()
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
        (directory / "therapies.yaml").write_bytes(therapies)
        (directory / "trials.yaml").write_bytes(blob)
        seconds, kib = run([ENTRY, "validate", str(directory)], cold_env, expect=1)
        ok = seconds < 5 and kib / 1024 < 500
        print(f"{name:24} {len(blob) / 2**20:6.1f} MiB {seconds:8.3f}s {kib / 1024:7.0f}MiB  {'ok' if ok else 'MISSED'}")


def measure(data_dir: Path | None, lookup: str, search: str, rounds: int, env: dict) -> dict:
    base = [ENTRY] + (["--data-dir", str(data_dir)] if data_dir else [])
    cold_env = {**env, "MSDMT_NO_CACHE": "1"}
    validate = [run(base + ["validate"], cold_env) for _ in range(max(1, rounds // 2))]
    run(base + ["trial", lookup, "--json"], env)  # fill the cache
    lookups = [run(base + ["trial", lookup, "--json"], env) for _ in range(rounds)]
    searches = [run(base + ["search", search, "--json"], env) for _ in range(rounds)]

    def summary(samples):
        return statistics.median(t for t, _ in samples), max(m for _, m in samples) / 1024

    return {"validate": summary(validate), "lookup": summary(lookups), "search": summary(searches),
            "mb": yaml_mb(data_dir)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--hostile-mib", type=int, default=16, help="size of the hostile files (0: skip them)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="msdmt-scale-"))
    env = {**os.environ, "MSDMT_CACHE_DIR": str(work / "cache")}
    env.pop("MSDMT_DATA_DIR", None)
    env.pop("MSDMT_NO_CACHE", None)
    rows = [("bundled", measure(None, "CARE-MS-I", "thyroid", args.rounds, env))]
    for n in args.sizes:
        directory = generate(n, work / f"n{n}")
        rows.append((f"{n} trials", measure(directory, f"SYN-{n // 2:06d}", f"trial {n // 2}", args.rounds, env)))
    # Peak memory of a cold validation per MB of valid YAML: over the bundled data's run (the
    # interpreter and libraries), so that the figure is what each further MB costs.
    print(f"{'data':14} {'YAML':>8} {'validate (cold)':>22} {'lookup (warm)':>22} {'search (warm)':>22}"
          f" {'validate MiB/MB':>16}")
    base = rows[0][1]
    for name, r in rows:
        cells = [f"{r[k][0]:8.3f}s {r[k][1]:7.0f}MiB" for k in ("validate", "lookup", "search")]
        extra = r["mb"] - base["mb"]
        per_mb = f"{(r['validate'][1] - base['validate'][1]) / extra:16.1f}" if extra > 0 else f"{'-':>16}"
        print(f"{name:14} {r['mb']:6.2f}MB " + " ".join(f"{c:>22}" for c in cells) + f" {per_mb}")
    sized = [(n, r) for n, (_, r) in zip(args.sizes, rows[1:], strict=True)]
    for (n1, r1), (n2, r2) in zip(sized, sized[1:], strict=False):
        growth = {k: r2[k][0] / r1[k][0] for k in ("validate", "lookup", "search")}
        print(f"{n1} -> {n2} trials (x{n2 / n1:g}): " + ", ".join(f"{k} x{v:.1f}" for k, v in growth.items()))
    biggest = sized[-1][1] if sized else None
    if biggest:
        ok = biggest["lookup"][0] <= 1 and biggest["search"][0] <= 1
        print(f"target (lookup and search within 1 s at {sized[-1][0]} trials): {'ok' if ok else 'MISSED'}")
    if args.hostile_mib:
        hostile(work, args.hostile_mib, env)
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
