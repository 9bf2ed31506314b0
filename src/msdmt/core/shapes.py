"""The parts of the views (``msdmt.core.views``): TypedDicts of plain JSON values.

Records from the data files (a therapy, a trial, an adverse event) are typed
``dict[str, Any]`` and marked with ``RecordOf``: their one definition is the
Pydantic model of the same name in ``msdmt.data.models``, which
``msdmt.core.schemas`` substitutes when it generates the JSON Schema. This
module is for type checkers and for ``msdmt schema``: lookups never import it,
since building these classes costs start-up time and a TypedDict is a plain
dict at run time.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, TypedDict


class RecordOf:
    """Marks a ``dict[str, Any]`` as the JSON form of a data model (``msdmt.data.models.<model>``).

    ``extra`` is a TypedDict of fields a view adds to the record; ``drop`` names
    fields a view leaves out.
    """

    def __init__(self, model: str, extra: type | None = None, drop: tuple[str, ...] = ()) -> None:
        self.model, self.extra, self.drop = model, extra, drop


class Pair:
    """Marks a ``list`` of exactly two items (low, high): a list, as JSON has it, so that ``to_dict()`` equals
    ``json.loads`` of the output; ``msdmt.core.schemas`` publishes it as an array of two items."""


Json = dict[str, Any]
FloatPair = Annotated[list[float], Pair()]
IntPair = Annotated[list[int], Pair()]
TherapyRecord = Annotated[Json, RecordOf("Therapy")]
TrialRecord = Annotated[Json, RecordOf("Trial")]
FactRecord = Annotated[Json, RecordOf("Fact")]
QuantityRecord = Annotated[Json, RecordOf("Quantity")]
ArmRecord = Annotated[Json, RecordOf("Arm")]
EndpointRecord = Annotated[Json, RecordOf("Endpoint")]
ComparatorRecord = Annotated[Json, RecordOf("Comparator")]
PopulationRecord = Annotated[Json, RecordOf("Population")]
PValueRecord = Annotated[Json, RecordOf("PValue")]

Metric = Literal["relative_reduction", "absolute_difference"]


class Citation(TypedDict):
    id: str
    type: Literal["review", "trial report", "label", "registry record", "user extraction", "example"]
    text: str
    doi: str | None
    year: int | None
    vintage: str  # printed under the citation: how old the figures are and what they are not


class Input(TypedDict):
    """A reported figure a derived one is computed from."""

    endpoint: str
    arm: str | None
    value: float
    printed: str
    locator: str


class Reported(TypedDict):
    endpoint: str
    value: float
    locator: str


class NumberNeeded(TypedDict):
    """NNT or NNH: 100 / the absolute difference, rounded up; part of the difference it comes from."""

    metric: Literal["nnt", "nnh"]
    label: str
    value: int
    unit: str
    formula: str
    range: IntPair | None


class Derived(TypedDict):
    """A figure msdmt computes from reported ones; an absolute difference carries its own NNT/NNH."""

    id: str
    trial: str | None
    endpoint: str | None  # the endpoint whose row this figure belongs to (None: an adverse event)
    adverse_event: str | None
    metric: Metric
    label: str
    arm: str
    versus: str
    value: float
    unit: str
    formula: str
    range: FloatPair | None
    inputs: list[Input]
    reported: list[Reported]
    period: str | None
    cautions: list[str]
    number_needed: NumberNeeded | None


class TrialSummary(TypedDict):
    id: str
    name: str
    kind: str
    phase: int | None
    therapies: list[str]
    comparator: ComparatorRecord | None
    population: PopulationRecord | None
    durations: list[QuantityRecord]
    arms: list[ArmRecord]
    key_results: list[EndpointRecord]
    role: Literal["studied", "comparator"] | None


class _TherapyRowExtra(TypedDict):
    adverse_event_count: int


TherapyRow = Annotated[Json, RecordOf("Therapy", _TherapyRowExtra, drop=("adverse_events",))]


class _AdverseEventRowExtra(TypedDict):
    therapy: str


AdverseEventRow = Annotated[Json, RecordOf("AdverseEvent", _AdverseEventRowExtra)]


class ComparatorRate(TypedDict):
    """A rate printed for one therapy as the comparison group of another therapy's adverse event."""

    of_therapy: str
    of_therapy_name: str
    adverse_event: str
    event: str
    category: str
    label: str
    rate: QuantityRecord
    context: str


class EndpointNotes(TypedDict):
    repair: str | None
    erratum: str | None
    note: str | None


class _CellExtra(TypedDict):
    trial: str
    whole_trial: bool
    locator: str
    endpoint: str
    unit: str | None
    kind: str
    endpoint_notes: EndpointNotes


Cell = Annotated[Json, RecordOf("Result", _CellExtra)]


class Column(TypedDict):
    trial: str
    arm: str
    label: str
    role: str


class Row(TypedDict):
    """One measure printed in one place, across the compared trials; ``cells`` is keyed 'TRIAL/ARM'."""

    measure: str
    origin: str
    labels: dict[str, str]
    kind: str
    unit: str | None
    cells: dict[str, list[Cell]]


class Difference(TypedDict):
    aspect: Literal["comparator", "population", "duration"]
    values: dict[str, str]


class Bar(TypedDict):
    trial: str
    arm: str
    label: str
    value: float
    p: PValueRecord | None
    origin: str
    locator: str


class BarGroup(TypedDict):
    comparator: str
    bars: list[Bar]


class Panel(TypedDict):
    measure: str
    title: str
    groups: list[BarGroup]


class Hit(TypedDict):
    record: Literal["therapy", "trial"]
    id: str
    name: str
    field: str
    what: str
    match: str
    locator: str | None


class FindingFigure(TypedDict):
    """One side of an audit finding: a figure, where it is printed and what it is."""

    origin: str
    label: str
    value: float
    printed: str | None
    unit: str | None
    locator: str


class Finding(TypedDict):
    """What the audit found, as values and places; the renderers write the words."""

    check: Literal["recomputed-reduction", "same-quantity", "patient-counts", "references", "erratum"]
    reason: Literal["outside-rounding", "comparator-too-small", "differs", "complement-differs", "arms-total",
                    "treated-vs-arm", "treated-vs-randomized", "reference-numbers", "erratum"]
    record: str
    subject: str | None
    arm: str | None
    figures: list[FindingFigure]
    range: FloatPair | None
    text: str | None
    values: list[float]
    locators: list[str]


class TherapiesFilters(TypedDict):
    route: str | None


class TrialsFilters(TypedDict):
    therapy: list[str] | None  # ids of every therapy the name given could mean
    comparator: Literal["placebo", "active"] | None
    phase: int | None


class EndpointFilter(TypedDict):
    endpoint: str | None  # only the endpoints whose label or measure has these words


class CompareFilters(TypedDict):
    endpoint: str | None
    therapy: list[str] | None
    comparator: Literal["placebo", "active"] | None


class AdverseEventsFilters(TypedDict):
    therapy: str | None
    therapy_name: str | None
    category: str | None
    event: str | None
    sort: str


class GlossaryPlace(TypedDict):
    """Text the review prints, exactly as in the source extraction, and where."""

    printed: str
    locator: str
    repair: str | None
    erratum: str | None
    note: str | None


class GlossaryEntry(TypedDict):
    """One term: the review's definitions and uses (``defined``, ``used``) and msdmt's own ``explanation``."""

    term: str
    aliases: list[str]
    defined: list[GlossaryPlace]
    used: list[GlossaryPlace]
    explanation: str | None
    note: str | None


SourceRecord = Annotated[Json, RecordOf("Source")]


class SourceUse(TypedDict):
    """A source and how much of the data names it."""

    source: SourceRecord
    citation: Citation
    counts: dict[str, int]  # therapies, trials, endpoints, adverse events, facts
