"""Search: records whose text contains the query (case, β/beta and ß folded), with where each hit is."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from msdmt.core.views import SearchView
from msdmt.data.text import SKIP_FIELDS, fold, search_blob, walk_text
from msdmt.errors import UsageError

if TYPE_CHECKING:
    from msdmt.core.catalog import Catalog
    from msdmt.core.shapes import Hit

Json = dict[str, Any]


def search_view(cat: Catalog, text: str) -> SearchView:
    query = " ".join(text.split())
    if not query:
        raise UsageError("search needs some text to look for")
    needle = fold(query)
    blobs = cat.data.get("search") or {}
    hits: list[Hit] = []
    for kind, key in (("therapy", "therapies"), ("trial", "trials")):
        records = cat.data[key]
        texts = blobs.get(key) or [search_blob(r) for r in records]
        for rec, blob in zip(records, texts, strict=True):
            if needle not in blob:
                continue  # most records: one scan of one string instead of a walk
            for path, value in walk_text(rec):
                if path[-1] in SKIP_FIELDS or needle not in fold(value):
                    continue
                hits.append({
                    "record": kind,  # type: ignore[typeddict-item]
                    "id": rec["id"],
                    "name": rec["name"],
                    "field": ".".join(str(p) for p in path),
                    "what": _describe(rec, path),
                    "match": " ".join(value.split()),
                    "locator": _nearest_locator(rec, path),
                })
    return SearchView(query=query, hits=hits, source=cat.citation())


_CONTAINERS = {"endpoints": ("endpoint", "label"), "adverse_events": ("adverse event", "event"),
               "facts": ("fact", "label"), "arms": ("arm", "label")}


def _describe(rec: Json, path: tuple[Any, ...]) -> str:
    """Human words for where a hit is, such as 'adverse event "Melanoma" / rate (printed)'."""
    parts: list[str] = []
    node: Any = rec
    for i, part in enumerate(path[:-1]):
        node = node[part]
        if isinstance(part, int) and path[i - 1] in _CONTAINERS:
            noun, field = _CONTAINERS[path[i - 1]]
            parts.append(f'{noun} "{node[field]}"')
        elif isinstance(part, str) and isinstance(node, dict):
            parts.append(part.replace("_", " "))
    last = path[-1] if isinstance(path[-1], str) else path[-2]  # an alias in a list is "aliases"
    return " / ".join(parts + [last]) if parts else str(last)


def _first_locator(node: object) -> str | None:
    children: Any
    if isinstance(node, dict):
        if node.get("locator"):
            return str(node["locator"])
        children = node.values()
    elif isinstance(node, list):
        children = node
    else:
        return None
    for child in children:
        found = _first_locator(child)
        if found:
            return found
    return None


def _nearest_locator(rec: Json, path: tuple[Any, ...]) -> str | None:
    """The locator of the innermost record around a hit, or the first one inside it."""
    node: Any = rec
    found, innermost = rec.get("locator"), rec
    for part in path[:-1]:
        node = node[part]
        if isinstance(node, dict):
            innermost = node
            found = node.get("locator") or found
    return found or _first_locator(innermost)
