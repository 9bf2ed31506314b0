"""The glossary question: every term of the review, or the terms a typed name means.

A name matches a term or one of its aliases in any case, with β, beta and ß
alike (``msdmt.data.text.normalize``). An exact name wins; otherwise every term
with a name that begins with it is listed; nothing is a NotFoundError that
suggests the closest names. The glossary is the review's, so it always comes
from the bundled data, whatever ``--data-dir`` says.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from msdmt.core.catalog import _unknown, citation
from msdmt.core.views import GlossaryView
from msdmt.data.text import fold, normalize
from msdmt.errors import NotFoundError, UsageError

if TYPE_CHECKING:
    from msdmt.core.shapes import GlossaryEntry

Json = dict[str, Any]


def _names(entry: GlossaryEntry) -> list[str]:
    return [normalize(n) for n in (entry["term"], *entry["aliases"])]


def glossary_view(term: str | None = None, data: Json | None = None) -> GlossaryView:
    """All terms (``term`` None), the one a name means, or those whose names begin with it.

    ``data`` is a loaded glossary (``msdmt.data.glossary.load_glossary``); the bundled one when None.
    """
    if data is None:
        from msdmt.data.glossary import load_glossary

        data = load_glossary()
    entries: list[GlossaryEntry] = sorted(data["terms"], key=lambda e: fold(e["term"]))
    sources = [citation(data["source"])]
    if term is None:
        return GlossaryView(query=None, match="all", terms=entries, sources=sources)
    query = " ".join(term.split())
    if not query:
        raise UsageError("glossary needs a term to look up (or none, to list them all)")
    key = normalize(query)
    exact = [e for e in entries if key and key in _names(e)]
    if exact:
        return GlossaryView(query=query, match="exact", terms=exact, sources=sources)
    begun = [e for e in entries if key and any(n.startswith(key) for n in _names(e))]
    if begun:
        return GlossaryView(query=query, match="prefix", terms=begun, sources=sources)
    names = {n: e["term"] for e in entries for n in _names(e)}
    raise NotFoundError(_unknown("glossary term", query, key, names, "glossary"))
