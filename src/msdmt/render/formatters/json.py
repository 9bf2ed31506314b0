"""JSON: the view itself, with json.dumps. ASCII-only escapes make it safe under any output encoding."""

from __future__ import annotations

import json


def render(view: dict) -> str:
    return json.dumps(view, ensure_ascii=True, indent=2) + "\n"
