"""JSON: the view's dict with json.dumps. ASCII-only escapes make it safe under any output encoding."""

from __future__ import annotations

import json
from typing import Any

from msdmt.render import Terminal


def render(data: dict[str, Any], terminal: Terminal) -> str:
    return json.dumps(data, ensure_ascii=True, indent=2) + "\n"
