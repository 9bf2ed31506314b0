"""Search: SQLite FTS5 over the index of ``msdmt.data.searchindex``, ranked by bm25.

A query is words, in any order, every one of which must match; the last word
also matches as the beginning of a word (``acyclo`` finds acyclovir), and a
word never matches inside another one (``REMS`` is not in CAREMS1). Text in
double quotes (straight or curly) is a phrase. A word that folds into several
(``blood-brain``, ``β-1a``, ``0.18``) is a phrase of them. A P-value typed as
the paper means it (``P<0.001``, ``p = 0.03``) is one word. The words are
folded exactly as the documents were (``searchindex.words``).

When nothing matches, the view carries close words from the index's own
vocabulary (the fts5vocab table) for the words it does not hold.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any, NamedTuple

from msdmt.core.views import SearchView
from msdmt.data import searchindex
from msdmt.errors import UsageError

if TYPE_CHECKING:
    from msdmt.core.catalog import Catalog
    from msdmt.core.shapes import Hit
    from msdmt.data.compiler import DataStore
    from msdmt.data.store import Store

DEFAULT_LIMIT = 20
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})


class Term(NamedTuple):
    tokens: tuple[str, ...]  # one word, or the words of a phrase
    prefix: bool  # the last word matches as a beginning


def parse(text: str) -> list[Term]:
    """The terms of a query: quoted phrases, and words (a word folding into several is a phrase)."""
    segments = text.translate(_QUOTES).split('"')
    terms: list[Term] = []
    for i, segment in enumerate(segments):
        if i % 2:  # inside quotes
            tokens = tuple(searchindex.words(segment).split())
            if tokens:
                terms.append(Term(tokens, False))
            continue
        for word in searchindex.canonical_pvalues(segment).split():
            tokens = tuple(searchindex.words(word).split())
            if tokens:
                terms.append(Term(tokens, False))
    quoted_last = len(segments) % 2 == 0 or (len(segments) > 1 and not segments[-1].strip())
    if terms and not quoted_last:
        last = terms[-1].tokens[-1]
        if len(last) >= 3 and last[-1].isalpha() and not searchindex.PVALUE_WORD.match(last):
            terms[-1] = Term(terms[-1].tokens, True)
    return terms


def expression(terms: list[Term]) -> str:
    """The FTS5 MATCH expression: every term must match (AND), in any order."""
    return " AND ".join('"' + " ".join(t.tokens).replace('"', '""') + '"' + ("*" if t.prefix else "")
                        for t in terms)


def _has(field_words: list[str], term: Term) -> bool:
    n = len(term.tokens)
    for i in range(len(field_words) - n + 1):
        window = field_words[i:i + n]
        if window[:-1] == list(term.tokens[:-1]) and (
                window[-1] == term.tokens[-1] or (term.prefix and window[-1].startswith(term.tokens[-1]))):
            return True
    return False


def _covers(columns: tuple[str, ...], terms: list[Term]) -> bool:
    """Whether every term is in one of a document's columns (what the index promised)."""
    split = [c.split() for c in columns]
    return all(any(_has(words, t) for words in split) for t in terms)


def _matched(hit: dict[str, Any], terms: list[Term]) -> list[str]:
    """The fields of a hit that hold a term (a P-value term: the figure's P-value, if it meets it)."""
    out: list[str] = []
    pwords = hit.pop("pvalue_words", [])
    for name, text in hit["fields"]:
        if name == "P-value":
            found = any(t.tokens[0] in pwords for t in terms if len(t.tokens) == 1)
        else:
            found = any(_has(searchindex.words(text).split(), t) for t in terms)
        if found and name not in out:
            out.append(name)
    return out


def suggestions(store: Store | DataStore, terms: list[Term], limit: int = 3) -> list[str]:
    """Close words from the index's vocabulary for the query words it does not hold."""
    out: list[str] = []
    for term in terms:
        for token in term.tokens:
            if not token[0].isalpha() or searchindex.PVALUE_WORD.match(token):
                continue
            if store.vocabulary_has(token, prefix=term.prefix and token == term.tokens[-1]):
                continue
            candidates = [w for w in store.vocabulary_near(token) if not searchindex.PVALUE_WORD.match(w)]
            for close in difflib.get_close_matches(token, candidates, n=limit, cutoff=0.75):
                if close not in out:
                    out.append(close)
    return out


def search_view(cat: Catalog, text: str, limit: int = DEFAULT_LIMIT) -> SearchView:
    query = " ".join(text.split())
    terms = parse(query)
    if not terms:
        raise UsageError("search needs some text to look for")
    if limit < 1:
        raise UsageError("--limit must be at least 1")
    match = expression(terms)
    store = cat.store
    found = store.search(match, ", ".join(f"{w:g}" for w in searchindex.WEIGHTS), limit)
    total = store.count(match) if len(found) == limit else len(found)
    hits: list[Hit] = []
    for doc in found:
        if not _covers(doc.words, terms):
            from msdmt.data.store import CorruptStore

            raise CorruptStore("the index found a document that does not hold the words")
        hit = dict(doc.hit)
        hit["fields"] = [list(f) for f in hit["fields"]]
        hit["matched"] = _matched(hit, terms)
        hits.append(hit)  # type: ignore[arg-type]
    return SearchView(query=query, match=match, total=total, limit=limit, hits=hits,
                      suggestions=suggestions(store, terms) if not hits else [],
                      sources=cat.citations(s for h in hits for s in (h["source"], *(f["source"] for f in h["figures"] if f))))
