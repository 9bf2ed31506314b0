"""Regenerate the README's example outputs from real runs, or check that they are current.

Each example in README.md follows a marker line ``<!-- example: ARGS [| first N lines] -->``
and is the ```text block right after it; ARGS are msdmt's arguments. Runs at 80 columns with
the bundled data and no colour.

    python tools/readme_examples.py          # rewrite README.md
    python tools/readme_examples.py --check  # exit 1 when an example is out of date
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
MARKER = re.compile(r"<!-- example: (?P<args>.+?)(?: \| first (?P<lines>\d+) lines)? -->\n```text\n(?P<body>.*?)```\n",
                    re.S)


def run(args: str, lines: int | None) -> str:
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb", "MSDMT_NO_PAGER": "1"}
    env.pop("MSDMT_DATA_DIR", None)
    result = subprocess.run([sys.executable, "-m", "msdmt", *shlex.split(args)], capture_output=True, text=True,
                            env=env, timeout=120, check=False, cwd=README.parent)  # paths in ARGS: from the repository
    out = result.stdout.rstrip("\n").split("\n")
    if lines is not None:
        out = out[:lines]
    return "\n".join(out).rstrip() + "\n"


def regenerate(text: str) -> str:
    def replace(m: re.Match[str]) -> str:
        lines = int(m.group("lines")) if m.group("lines") else None
        head = m.group(0)[: m.start("body") - m.start(0)]
        return head + run(m.group("args"), lines) + "```\n"

    return MARKER.sub(replace, text)


def main() -> int:
    text = README.read_text(encoding="utf-8")
    new = regenerate(text)
    if "--check" in sys.argv[1:]:
        if new != text:
            print("README examples are out of date: run python tools/readme_examples.py", file=sys.stderr)
            return 1
        return 0
    README.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
