"""JSON Schemas of the commands' --json output, generated from Pydantic models of each view.

The views themselves are built as plain dicts on the fast path; these models
exist to publish their shape (``msdmt schema``) and to let the tests check every
JSON output against it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from msdmt.data.models import (
    AdverseEvent,
    Arm,
    Comparator,
    Endpoint,
    Fact,
    Number,
    Population,
    PValue,
    Quantity,
    Result,
    Therapy,
    Trial,
)
from msdmt.errors import UsageError


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Citation(Out):
    id: str
    text: str
    doi: str
    year: int


class TrialSummary(Out):
    id: str
    name: str
    kind: str
    phase: int | None
    therapies: list[str]
    comparator: Comparator | None
    population: Population | None
    durations: list[Quantity]
    arms: list[Arm]
    key_results: list[Endpoint]
    role: Literal["studied", "comparator"] | None = None


class TherapyRow(Therapy):
    adverse_event_count: int
    adverse_events: list[AdverseEvent] = []  # left out of the list view


class Input(Out):
    endpoint: str
    arm: str | None
    value: Number
    printed: str
    locator: str


class Reported(Out):
    endpoint: str
    value: Number
    locator: str


class Derived(Out):
    id: str
    trial: str | None
    adverse_event: str | None
    metric: Literal["relative_reduction", "absolute_difference", "nnt", "nnh"]
    label: str
    arm: str
    versus: str
    value: Number
    unit: str
    formula: str
    range: tuple[float, float] | None
    inputs: list[Input]
    reported: list[Reported]
    period: str | None
    cautions: list[str]


class TherapiesFilters(Out):
    route: str | None


class TherapiesView(Out):
    view: Literal["therapies"]
    filters: TherapiesFilters
    therapies: list[TherapyRow]
    facts: list[Fact]
    source: Citation


class ComparatorRateRow(Out):
    of_therapy: str
    of_therapy_name: str
    adverse_event: str
    event: str
    category: str
    label: str
    rate: Quantity
    context: str


class TherapyView(Out):
    view: Literal["therapy"]
    therapy: Therapy
    trials: list[TrialSummary]
    derived: list[Derived]
    comparator_rates: list[ComparatorRateRow]
    source: Citation


class TrialsFilters(Out):
    therapy: str | None
    comparator: Literal["placebo", "active"] | None
    phase: int | None


class TrialsView(Out):
    view: Literal["trials"]
    filters: TrialsFilters
    trials: list[TrialSummary]
    source: Citation


class TrialView(Out):
    view: Literal["trial"]
    trial: Trial
    derived: list[Derived]
    source: Citation


class Column(Out):
    trial: str
    arm: str
    label: str
    role: str


class EndpointNotes(Out):
    repair: str | None
    erratum: str | None
    note: str | None


class Cell(Result):
    whole_trial: bool
    locator: str
    endpoint: str
    unit: str | None
    kind: str
    endpoint_notes: EndpointNotes


class Row(Out):
    measure: str
    origin: str
    labels: dict[str, str]
    kind: str
    unit: str | None
    cells: dict[str, list[Cell]]


class Difference(Out):
    aspect: Literal["comparator", "population", "duration"]
    values: dict[str, str]


class CompareView(Out):
    view: Literal["compare"]
    trials: list[TrialSummary]
    columns: list[Column]
    rows: list[Row]
    derived: list[Derived]
    differences: list[Difference]
    caution: str
    source: Citation


class Bar(Out):
    trial: str
    arm: str
    label: str
    value: Number
    p: PValue | None
    origin: str
    locator: str


class BarGroup(Out):
    comparator: str
    bars: list[Bar]


class Panel(Out):
    measure: str
    title: str
    groups: list[BarGroup]


class ChartView(Out):
    view: Literal["chart"]
    panels: list[Panel]
    not_drawn: list[str]
    differences: list[Difference]
    caution: str
    source: Citation


class AdverseEventRow(AdverseEvent):
    therapy: str


class AdverseEventsFilters(Out):
    therapy: str | None
    therapy_name: str | None
    category: str | None
    sort: str


class AdverseEventsView(Out):
    view: Literal["adverse-events"]
    comparator_rates: list[ComparatorRateRow]
    filters: AdverseEventsFilters
    adverse_events: list[AdverseEventRow]
    source: Citation


class Hit(Out):
    record: Literal["therapy", "trial"]
    id: str
    name: str
    field: str
    what: str
    match: str
    locator: str | None


class SearchView(Out):
    view: Literal["search"]
    query: str
    hits: list[Hit]
    source: Citation


class ValidateView(Out):
    view: Literal["validate"]
    valid: bool
    data_dir: str
    counts: dict[str, int]
    errors: list[str]


class Finding(Out):
    check: Literal["recomputed-reduction", "same-quantity", "patient-counts", "references", "erratum"]
    record: str
    numbers: str
    values: list[Number]
    locators: list[str]
    explanation: str


class AuditView(Out):
    view: Literal["audit"]
    findings: list[Finding]
    counts: dict[str, int]
    source: Citation


VIEWS: dict[str, type[Out]] = {
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
}


def schema_for(command: str | None) -> dict:
    """The JSON Schema of one command's output ('chart' is compare --chart), or of all of them."""
    if command is None:
        return {name: model.model_json_schema(mode="serialization") for name, model in VIEWS.items()}
    if command not in VIEWS:
        raise UsageError(f"no JSON output for {command!r}; choose from {', '.join(VIEWS)}")
    return VIEWS[command].model_json_schema(mode="serialization")
