"""The schema of glossary.yaml: strict Pydantic models and the checks that span entries.

Only the glossary loader imports this module, and only when it validates the
file (a warm lookup reads the cache instead).
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints, model_validator

from .models import Annotations, Source, Strict, Text
from .text import normalize

# Where the review prints something: a table (its abbreviation footnote, a row or a column) or a paragraph of
# a section of the text (data/README.md, "Locators").
Problem = tuple[tuple[Any, ...], str]  # (data path, message)
_LOCATOR = re.compile(r'^(?:Tables? \d+(?: and Table \d+)?, .+|Text, "[^"]+", paragraph \d+)$')

Name = Annotated[str, StringConstraints(min_length=1, max_length=80)]


class Place(Annotations):
    """Text the review prints, exactly as in the source extraction, and where."""

    printed: Text
    locator: Text


class Entry(Strict):
    term: Name
    aliases: list[Name] = []
    defined: list[Place] = []  # the review's own definitions of the term
    used: list[Place] = []  # where the review uses the term without defining it
    explanation: Text | None = None  # msdmt's words, never the review's
    note: Text | None = None

    @model_validator(mode="after")
    def _explained(self) -> Entry:
        if not self.defined and self.explanation is None:
            raise ValueError("a term the review does not define needs an explanation (msdmt's own words)")
        return self


class GlossaryFile(Strict):
    schema_version: Literal[1]
    source: Source
    terms: list[Entry] = Field(min_length=1)


def check(glossary: GlossaryFile) -> list[Problem]:
    """Problems that need more than one field: names unique across entries, locators in the agreed form."""
    problems: list[Problem] = []
    taken: dict[str, str] = {}
    for i, entry in enumerate(glossary.terms):
        mine: set[str] = set()
        names: list[tuple[tuple[Any, ...], str]] = [(("terms", i, "term"), entry.term)]
        names += [(("terms", i, "aliases", k), a) for k, a in enumerate(entry.aliases)]
        for path, name in names:
            key = normalize(name)
            if not key:
                problems.append((path, f"name {name!r} has no letters or digits to look it up by"))
            elif key in mine:
                problems.append((path, f"name {name!r} repeats another name of this term"))
            elif key in taken:
                problems.append((path, f"name {name!r} is already used by term {taken[key]!r}"))
            else:
                mine.add(key)
                taken[key] = entry.term
        for field in ("defined", "used"):
            for k, place in enumerate(getattr(entry, field)):
                if not _LOCATOR.match(place.locator):
                    problems.append((("terms", i, field, k, "locator"),
                                     f'{place.locator!r} is not a locator (\'Table N, ...\' or '
                                     f'\'Text, "Section", paragraph N\')'))
    return problems


