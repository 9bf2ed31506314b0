"""The one definition of every view: what a query returns, a renderer takes and ``msdmt schema`` publishes.

A view is a small record class whose fields are plain JSON values (dicts
shaped by the TypedDicts of ``msdmt.core.shapes``), so ``to_dict()`` is the
``--json`` output as it stands. The classes are declared like dataclasses
(``dataclass_transform`` tells type checkers so) but built by ``_View`` itself:
the dataclass machinery and the TypedDicts cost start-up time that a lookup
does not have to spend.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Literal, dataclass_transform

if TYPE_CHECKING:
    from msdmt.core.shapes import (
        AdverseEventRow,
        AdverseEventsFilters,
        Citation,
        Column,
        ComparatorRate,
        CompareFilters,
        Derived,
        Difference,
        Disagreement,
        EndpointFilter,
        FactRecord,
        Finding,
        GlossaryEntry,
        Hit,
        Panel,
        Report,
        Row,
        SourceUse,
        TherapiesFilters,
        TherapyRecord,
        TherapyRow,
        TrialRecord,
        TrialsFilters,
        TrialSummary,
    )


@dataclass_transform(kw_only_default=True, frozen_default=True)
class _View:
    """A view: fields from the class annotations, set once by keyword; ``to_dict()`` is the ``--json`` output."""

    __slots__ = ("_values",)
    _fields: ClassVar[tuple[str, ...]] = ()
    view: str

    def __init_subclass__(cls) -> None:
        # Field order is the annotation order; "view" (the kind, a constant) comes first in the JSON.
        names = tuple(n for n in cls.__dict__.get("__annotations__", {}) if n != "view")
        cls._fields = names

    def __init__(self, **values: Any) -> None:
        missing = [n for n in self._fields if n not in values]
        unknown = [n for n in values if n not in self._fields]
        if missing or unknown:
            raise TypeError(f"{type(self).__name__}: missing {missing}, unknown {unknown}")
        object.__setattr__(self, "_values", values)

    def __getattr__(self, name: str) -> Any:
        try:
            return object.__getattribute__(self, "_values")[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _View) and type(other) is type(self) and self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{n}=...' for n in self._fields)})"

    @classmethod
    def fields(cls) -> tuple[str, ...]:
        """The field names, in order (without ``view``)."""
        return cls._fields

    def to_dict(self) -> dict[str, Any]:
        values = object.__getattribute__(self, "_values")
        out: dict[str, Any] = {"view": self.view}
        out.update((n, values[n]) for n in self._fields)
        return out


class TherapiesView(_View):
    filters: TherapiesFilters
    therapies: list[TherapyRow]
    facts: list[FactRecord]
    sources: list[Citation]  # of every figure shown, and only those
    view: Literal["therapies"] = "therapies"


class TherapyView(_View):
    therapy: TherapyRecord
    trials: list[TrialSummary]
    derived: list[Derived]
    comparator_rates: list[ComparatorRate]
    caution: str
    sources: list[Citation]  # of every figure shown, and only those
    view: Literal["therapy"] = "therapy"


class TrialsView(_View):
    filters: TrialsFilters
    trials: list[TrialSummary]
    caution: str
    sources: list[Citation]  # of every figure shown, and only those
    view: Literal["trials"] = "trials"


class TrialView(_View):
    trial: TrialRecord  # the first report (in data order)
    derived: list[Derived]
    other_reports: list[Report]  # reports of the same trial from other sources, each kept whole
    disagreements: list[Disagreement]  # where the reports give different figures for the same arm and measure
    filters: EndpointFilter
    sources: list[Citation]  # of every figure shown, and only those
    view: Literal["trial"] = "trial"


class CompareView(_View):
    filters: CompareFilters
    trials: list[TrialSummary]  # the first report of each trial
    other_reports: list[TrialSummary]  # reports of the same trials from other sources (their rows name them)
    disagreements: list[Disagreement]  # where reports of one trial give different figures for an arm and measure
    columns: list[Column]
    rows: list[Row]
    derived: list[Derived]
    differences: list[Difference]
    caution: str
    sources: list[Citation]  # of every figure shown, and only those
    view: Literal["compare"] = "compare"


class ChartView(_View):
    panels: list[Panel]
    not_drawn: list[str]
    differences: list[Difference]
    caution: str
    sources: list[Citation]  # of every figure shown, and only those
    view: Literal["chart"] = "chart"


class AdverseEventsView(_View):
    filters: AdverseEventsFilters
    adverse_events: list[AdverseEventRow]
    comparator_rates: list[ComparatorRate]
    sources: list[Citation]  # of every figure shown, and only those
    view: Literal["adverse-events"] = "adverse-events"


class SearchView(_View):
    query: str
    match: str  # the FTS5 expression the query became
    total: int  # hits before the limit
    limit: int
    hits: list[Hit]
    suggestions: list[str]  # close words from the index when nothing matched
    sources: list[Citation]  # of every figure shown, and only those
    view: Literal["search"] = "search"


class ValidateView(_View):
    valid: bool
    bundled: bool  # the bundled data is in the stack (first)
    data_dirs: list[str]  # the directories added, in order, as given
    counts: dict[str, int]
    errors: list[str]
    view: Literal["validate"] = "validate"


class AuditView(_View):
    findings: list[Finding]
    counts: dict[str, int]
    sources: list[Citation]  # of every figure shown, and only those
    view: Literal["audit"] = "audit"


class GlossaryView(_View):
    query: str | None
    match: Literal["all", "exact", "prefix"]
    terms: list[GlossaryEntry]
    sources: list[Citation]  # of every figure shown, and only those
    view: Literal["glossary"] = "glossary"


class SourcesView(_View):
    sources: list[SourceUse]
    view: Literal["sources"] = "sources"


View = (TherapiesView | TherapyView | TrialsView | TrialView | CompareView | ChartView | AdverseEventsView
        | SearchView | ValidateView | AuditView | GlossaryView | SourcesView)

VIEWS: dict[str, type[_View]] = {
    "therapies": TherapiesView,
    "therapy": TherapyView,
    "trials": TrialsView,
    "trial": TrialView,
    "compare": CompareView,
    "chart": ChartView,
    "adverse-events": AdverseEventsView,
    "search": SearchView,
    "validate": ValidateView,
    "audit": AuditView,
    "glossary": GlossaryView,
    "sources": SourcesView,
}
