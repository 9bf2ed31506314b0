"""The closed sets a question may name: routes, comparator types, adverse-event categories, sort orders.

Enums, so that the command line validates and lists them and the Python API
accepts either the member or its text in any case.
"""

from __future__ import annotations

import enum
from typing import TypeVar

from msdmt.errors import UsageError


class Route(str, enum.Enum):
    SC = "SC"
    IM = "IM"
    IV = "IV"
    oral = "oral"


class ComparatorType(str, enum.Enum):
    placebo = "placebo"
    active = "active"


class Category(str, enum.Enum):
    infusion = "infusion"
    infection = "infection"
    autoimmune = "autoimmune"
    malignancy = "malignancy"
    haematological = "haematological"


class Sort(str, enum.Enum):
    rate = "rate"
    event = "event"
    category = "category"
    source = "source"


class ExportFormat(str, enum.Enum):
    csv = "csv"
    jsonl = "jsonl"
    sqlite = "sqlite"


E = TypeVar("E", bound=enum.Enum)


def choose(kind: type[E], value: E | str, what: str) -> E:
    """``value`` as a member of ``kind``, matched without regard to case; a UsageError lists the choices."""
    if isinstance(value, kind):
        return value
    wanted = str(value).casefold()
    for member in kind:
        if str(member.value).casefold() == wanted:
            return member
    choices = ", ".join(str(m.value) for m in kind)
    raise UsageError(f"unknown {what} {value!r}; choose from {choices}")
