"""Citations of sources in text, BibTeX, RIS and CSL-JSON, written by maintained libraries where they exist.

BibTeX goes through bibtexparser and RIS through rispy (both parse their own
output back in the tests); CSL-JSON is JSON in the CSL schema. Each function
takes source records (``msdmt.data.models.Source`` in JSON form) and returns
the text to write.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from msdmt.core.catalog import citation_text

Json = dict[str, Any]

# Source type -> (BibTeX entry type, RIS type, CSL type)
_TYPES = {
    "review": ("article", "JOUR", "article-journal"),
    "trial report": ("article", "JOUR", "article-journal"),
    "label": ("misc", "GEN", "document"),
    "registry record": ("misc", "DBASE", "dataset"),
    "user extraction": ("misc", "GEN", "document"),
    "example": ("misc", "GEN", "document"),
}
_LATEX = re.compile(r"([\\{}&%$#_~^])")
_LATEX_REPL = {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def _latex(value: str) -> str:
    return _LATEX.sub(lambda m: _LATEX_REPL.get(m.group(1), "\\" + m.group(1)), value)


def _pages(pages: str | None) -> tuple[str | None, str | None]:
    if not pages:
        return None, None
    first, _, last = pages.partition("-")
    return first, last or None


def bibtex(sources: list[Json]) -> str:
    import bibtexparser
    from bibtexparser import model
    from bibtexparser.library import Library

    library = Library()
    for s in sources:
        kind = _TYPES[s["type"]][0]
        # BibTeX splits authors at " and ": a name holding the word is braced, so that it stays one author.
        fields = [("author", " and ".join(_braced_and(_latex(_inverted(a))) for a in s["authors"])),
                  ("title", "{" + _latex(s["title"]) + "}"),  # braces keep the title's capitals
                  ("journal" if kind == "article" else "howpublished", _latex(s["container"])),
                  ("year", str(s["year"]) if s.get("year") else None),
                  ("volume", str(s["volume"]) if s.get("volume") else None),
                  ("number", _latex(str(s["issue"])) if s.get("issue") else None),
                  ("pages", s["pages"].replace("-", "--") if s.get("pages") else None),
                  ("doi", s.get("doi")),
                  ("url", s.get("url")),
                  ("urldate", s.get("accessed")),
                  ("note", _latex(s["vintage"]))]
        library.add(model.Entry(kind, s["id"], [model.Field(k, v) for k, v in fields if v]))
    # write_string adds the braces around values (its default middleware); not re-exported for mypy.
    written: str = bibtexparser.write_string(library)  # type: ignore[attr-defined]
    return written.strip() + "\n"


def ris(sources: list[Json]) -> str:
    import rispy  # type: ignore[import-untyped]  # no type information shipped

    entries = []
    for s in sources:
        first, last = _pages(s.get("pages"))
        entry = {"type_of_reference": _TYPES[s["type"]][1], "id": s["id"], "authors": [_inverted(a) for a in s["authors"]],
                 "primary_title": s["title"], "journal_name": s["container"],
                 "year": str(s["year"]) if s.get("year") else None,
                 "volume": str(s["volume"]) if s.get("volume") else None,
                 "number": str(s["issue"]) if s.get("issue") else None, "start_page": first, "end_page": last,
                 "doi": s.get("doi"), "urls": [s["url"]] if s.get("url") else None,
                 "access_date": s.get("accessed"), "notes": [s["vintage"]]}
        entries.append({k: v for k, v in entry.items() if v})
    class _Writer(rispy.RisWriter):  # type: ignore[misc]
        def set_header(self, count: int) -> str:
            return ""  # no "1." line before TY: a reference manager expects TY first

    written: str = rispy.dumps(entries, implementation=_Writer)
    return written


def csl_json(sources: list[Json]) -> str:
    items = []
    for s in sources:
        item: Json = {"id": s["id"], "type": _TYPES[s["type"]][2], "title": s["title"],
                      "author": [_csl_name(a) for a in s["authors"]], "container-title": s["container"],
                      "note": s["vintage"]}
        if s.get("year"):
            item["issued"] = {"date-parts": [[s["year"]]]}
        for key, field in (("volume", "volume"), ("issue", "issue"), ("pages", "page"), ("doi", "DOI"),
                           ("url", "URL")):
            if s.get(key):
                item[field] = str(s[key])
        if s.get("accessed"):
            item["accessed"] = {"date-parts": [[int(x) for x in str(s["accessed"]).split("-")]]}
        items.append(item)
    return json.dumps(items, ensure_ascii=True, indent=2) + "\n"


def _braced_and(name: str) -> str:
    return "{" + name + "}" if re.search(r"\band\b", name, re.IGNORECASE) else name


def _inverted(author: str) -> str:
    """'Babij R' -> 'Babij, R': the family name first, as BibTeX and RIS read names."""
    name = _csl_name(author)
    return f"{name['family']}, {name['given']}" if "family" in name else author


def _csl_name(author: str) -> Json:
    """'Babij R' -> family 'Babij', given 'R' (Vancouver order: family name, then initials)."""
    family, _, given = author.rpartition(" ")
    if not family or not given.isupper():
        return {"literal": author}
    return {"family": family, "given": given}


def plain(sources: list[Json]) -> str:
    return "".join(f"{citation_text(s)}\n{s['vintage']}\n" for s in sources)


WRITERS: dict[str, Callable[[list[Json]], str]] = {
    "text": plain,
    "bibtex": bibtex,
    "ris": ris,
    "csl-json": csl_json,
}
