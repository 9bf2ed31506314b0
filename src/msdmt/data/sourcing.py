"""Which source each figure comes from: every figure of a compiled record names its source.

A trial or therapy names its source, and any endpoint, result, figure, fact or
adverse event inside it may name another ("a single figure may name a different
one"). When a record is compiled, each figure that names none is given the
source of the nearest record around it, so every figure in the store, in the
views and in ``--json`` carries ``source`` and no view has to work it out again.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

Json = dict[str, Any]
Path = tuple[Any, ...]


def _own(node: Json | None, inherited: str | None) -> str | None:
    """The node's source, filled in from ``inherited`` when it names none."""
    if node is None:
        return inherited
    if node.get("source") is None and inherited is not None:
        node["source"] = inherited
    source: str | None = node.get("source")
    return source


def fill_trial(trial: Json) -> Json:
    """Give every figure of a trial record (plain data, changed in place) its source."""
    top = trial.get("source")
    for d in trial.get("durations") or []:
        _own(d, top)
    for arm in trial.get("arms") or []:
        _own(arm.get("n"), top)
    for ep in trial.get("endpoints") or []:
        own = _own(ep, top)
        for r in ep.get("results") or []:
            _own(r, own)
    for f in trial.get("facts") or []:
        _own(f, top)
    return trial


def fill_therapy(therapy: Json) -> Json:
    """Give every figure of a therapy record (plain data, changed in place) its source."""
    top = therapy.get("source")
    _own(therapy.get("approval_year"), top)
    _own(therapy.get("dosing"), top)
    for f in therapy.get("facts") or []:
        _own(f, top)
    for ae in therapy.get("adverse_events") or []:
        own = _own(ae, top)
        for field in ("rate", "count", "deaths"):
            _own(ae.get(field), own)
        if ae.get("comparator"):
            _own(ae["comparator"].get("rate"), own)
    return therapy


def named(node: Any, path: Path = ()) -> Iterator[tuple[Path, str]]:
    """(path, source id) of every ``source`` a record names, at any depth (what validation checks exists)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "source" and isinstance(value, str):
                yield path + (key,), value
            elif isinstance(value, (dict, list)):
                yield from named(value, path + (key,))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from named(item, path + (i,))


def used(record: Json) -> list[str]:
    """The sources a filled-in record's figures name, the record's own first."""
    return list(dict.fromkeys(s for s in (record.get("source"), *(s for _, s in named(record))) if s))


def figures(node: Any) -> Iterator[str]:
    """The source of every figure in a filled-in record (every located value: a result, a quantity, a fact)."""
    if isinstance(node, dict):
        if "printed" in node and isinstance(node.get("source"), str):
            yield node["source"]
        for value in node.values():
            if isinstance(value, (dict, list)):
                yield from figures(value)
    elif isinstance(node, list):
        for item in node:
            yield from figures(item)
