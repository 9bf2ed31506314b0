"""Write a valid synthetic msdmt data directory of N trials, for scale benchmarks and tests.

Standard library only. Therapies grow with N (one per ten trials, at least two),
each with two adverse events; every trial has two arms, a relapse-rate endpoint
with its relative reduction, a proportion, a P-value and patient counts, so the
loader, the queries and the audit all have real work. Output is deterministic
for a given N and seed. The numbers are invented: never mix this data with real data.

    python benchmarks/generate.py 1000 /tmp/msdmt-1000
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

SOURCES = """schema_version: 1
sources:
  - id: synthetic
    type: example
    authors: [msdmt benchmarks]
    title: Synthetic data for benchmarks (invented numbers)
    container: msdmt benchmarks
    year: 2026
    doi: 10.0000/msdmt.synthetic
    vintage: Synthetic data for benchmarks; every figure is made up.
"""
SOURCE = "schema_version: 1\n"


def therapies_yaml(n_therapies: int) -> str:
    out = [SOURCE, "therapies:\n"]
    for i in range(n_therapies):
        out.append(f"""  - id: synth-{i:05d}
    source: synthetic
    name: Synthamab {i}
    printed_name: Synthamab {i}
    generic: synthamab {i}
    brand: Synthbrand{i}
    aliases: [SYN{i}]
    approval_year: {{value: {1990 + i % 30}, unit: calendar year, printed: "{1990 + i % 30}", locator: "Synthetic table 1, row {i}"}}
    route: IV
    dosing:
      printed: {10 + i % 50} mg IV monthly
      locator: Synthetic table 1, row {i}
      regimens: [{{amount: {10 + i % 50}, unit: mg, route: IV, frequency: monthly}}]
    mechanism: {{text: Invented mechanism number {i}, locator: "Synthetic table 1, row {i}"}}
    drug_class: synthetic antibody
    target: CD{i % 90 + 1}
    adverse_events:
      - id: infusion-reactions
        event: Infusion reactions ({i})
        category: infusion
        context: Synthetic trials of therapy {i}
        rate: {{value: {(i * 7) % 90 + 1}, unit: "%", printed: "{(i * 7) % 90 + 1}%", locator: "Synthetic safety, paragraph {i}"}}
      - id: serious-infections
        event: Serious infections ({i})
        category: infection
        context: Synthetic trials of therapy {i}
        rate: {{value: {(i * 3) % 20 + 0.5}, unit: "%", printed: "{(i * 3) % 20 + 0.5}%", locator: "Synthetic safety, paragraph {i}"}}
        comparator:
          label: Placebo
          rate: {{value: {(i * 3) % 10 + 0.5}, unit: "%", printed: "{(i * 3) % 10 + 0.5}%", locator: "Synthetic safety, paragraph {i}"}}
""")
    return "".join(out)


def trial_yaml(i: int, n_therapies: int, rng: random.Random) -> str:
    therapy = f"synth-{i % n_therapies:05d}"
    n_t, n_c = rng.randint(100, 900), rng.randint(100, 900)
    control = round(rng.uniform(0.3, 1.2), 2)
    treated = round(control * rng.uniform(0.3, 0.95), 2)
    reduction = round(100 * (1 - treated / control), 1)
    free_t, free_c = rng.randint(40, 90), rng.randint(20, 70)
    p = rng.choice(["0.001", "0.01", "0.04"])
    loc = f"Synthetic table 2, row {i}"
    return f"""  - id: SYN-{i:06d}
    source: synthetic
    name: Synthetic trial {i}
    aliases: [SYN {i}]
    kind: randomized controlled trial
    phase: 3
    therapies: [{therapy}]
    comparator: {{type: placebo, label: Placebo, locator: "{loc}"}}
    durations:
      - {{value: 2, unit: years, printed: 2 years, locator: "{loc}"}}
    arms:
      - {{id: active, label: Synthamab, therapy: {therapy}, role: treatment, n: {{value: {n_t}, unit: patients, printed: "n={n_t}", locator: "{loc}"}}}}
      - {{id: placebo, label: Placebo, role: comparator, n: {{value: {n_c}, unit: patients, printed: "n={n_c}", locator: "{loc}"}}}}
    endpoints:
      - id: t-arr
        measure: arr
        origin: Table 2
        label: Annualized relapse rate
        kind: annualized_relapse_rate
        unit: relapses/year
        locator: "{loc}"
        results:
          - {{arm: active, value: {treated}, printed: "{treated}"}}
          - {{arm: placebo, value: {control}, printed: "{control}"}}
      - id: t-arr-reduction
        measure: arr-reduction
        origin: Table 2
        label: ARR reduction versus placebo
        kind: relative_reduction
        unit: "%"
        of: arr
        locator: "{loc}"
        results:
          - {{arm: active, versus: placebo, value: {reduction}, printed: "{reduction}% (P<{p})", p: {{value: {p}, comparison: "<", printed: "(P<{p})"}}}}
      - id: t-relapse-free
        measure: relapse-free
        origin: Table 2
        label: Proportion relapse-free
        kind: proportion
        unit: "%"
        locator: "{loc}"
        results:
          - {{arm: active, value: {free_t}, printed: "{free_t}%"}}
          - {{arm: placebo, value: {free_c}, printed: "{free_c}%"}}
    facts:
      - {{id: randomized, label: Patients randomized, value: {n_t + n_c}, unit: patients, printed: "{n_t + n_c} patients", locator: "{loc}"}}
    references:
      - {{number: {i + 1}, locator: "{loc}"}}
"""


def generate(n_trials: int, directory: Path, seed: int = 2015) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    n_therapies = max(2, n_trials // 10)
    (directory / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    (directory / "therapies.yaml").write_text(therapies_yaml(n_therapies), encoding="utf-8")
    with (directory / "trials.yaml").open("w", encoding="utf-8") as handle:
        handle.write("schema_version: 1\ntrials:\n")
        for i in range(n_trials):
            handle.write(trial_yaml(i, n_therapies, rng))
    return directory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trials", type=int, help="number of trials")
    parser.add_argument("directory", type=Path)
    parser.add_argument("--seed", type=int, default=2015)
    args = parser.parse_args()
    generate(args.trials, args.directory, args.seed)
    print(args.directory)


if __name__ == "__main__":
    main()
