"""The glossary question: every term of the review, or the terms a typed name means.

A name matches a term or one of its aliases in any case, with β, beta and ß
alike (``msdmt.data.text.normalize``). An exact name wins; otherwise every term
with a name that begins with it is listed; nothing is a NotFoundError that
suggests the closest names. The glossary is the review's, so it always comes
from the bundled data, whatever ``--data-dir`` says.
"""

from __future__ import annotations

from typing import Any

from msdmt.core.catalog import _unknown
from msdmt.core.views import Citation, GlossaryEntry, GlossaryView
from msdmt.data.text import fold, normalize
from msdmt.errors import NotFoundError, UsageError

Json = dict[str, Any]


def citation(source: Json) -> Citation:
    """The citation of a source record, worded as ``Catalog.citation`` words it."""
    authors = ", ".join(source["authors"])
    text = (f"{authors}. {source['title']}. {source['journal']} {source['year']};{source['volume']}:"
            f"{source['pages']}. doi:{source['doi']}")
    return {"id": source["id"], "text": text, "doi": source["doi"], "year": source["year"]}


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
    source = citation(data["source"])
    if term is None:
        return GlossaryView(query=None, match="all", terms=entries, source=source)
    query = " ".join(term.split())
    if not query:
        raise UsageError("glossary needs a term to look up (or none, to list them all)")
    key = normalize(query)
    exact = [e for e in entries if key and key in _names(e)]
    if exact:
        return GlossaryView(query=query, match="exact", terms=exact, source=source)
    begun = [e for e in entries if key and any(n.startswith(key) for n in _names(e))]
    if begun:
        return GlossaryView(query=query, match="prefix", terms=begun, source=source)
    names = {n: e["term"] for e in entries for n in _names(e)}
    raise NotFoundError(_unknown("glossary term", query, key, names, "glossary"))
