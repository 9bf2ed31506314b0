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
    source: str | None  # the source of the figure


class Reported(TypedDict):
    endpoint: str
    value: float
    locator: str
    source: str | None


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
    source: str | None  # its inputs' source when they share one, else its record's (with a caution)
    sources: list[str]  # the sources of its inputs: more than one only with a caution saying so
    report: str | None  # the source of the record (trial report or therapy) it is derived from


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
    source: str  # the source of this report of the trial (a trial may have reports from several sources)


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
    source: str  # the source of the figures (the endpoint's own)
    report: str  # the source of the report that gives them (rows of each report are kept apart)
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
    source: str


class BarGroup(TypedDict):
    comparator: str
    bars: list[Bar]


class Panel(TypedDict):
    measure: str
    title: str
    groups: list[BarGroup]


class HitFigure(TypedDict):
    """A figure a search hit found: value with unit (or words), the arm or group, the P-value."""

    label: str | None  # the arm, group or therapy the figure is for ("whole trial": not one arm)
    versus: str | None  # the reference arm of a contrast
    kind: str | None
    value: float | None
    unit: str | None
    bound: str | None
    text: str | None
    printed: str | None
    p_value: float | None
    p_comparison: str | None
    significant: bool | None
    source: str | None


class Hit(TypedDict):
    """One thing a search found: what and whose it is, the figures it holds and where the paper prints them."""

    record: Literal["therapy", "trial", "review"]
    id: str  # the therapy or trial id (review: the source id)
    source: str  # the source of the record (a trial's report) the hit is in
    name: str
    what: Literal["therapy", "mechanism", "dosing", "adverse event", "fact", "trial", "result", "note"]
    item: str | None  # the endpoint, adverse event or fact id
    label: str
    locator: str | None
    figures: list[HitFigure]
    fields: list[list[str]]  # the texts of this thing, original spelling: [field, text]
    matched: list[str]  # the fields of ``fields`` that hold a word of the query


class Figure(TypedDict):
    """One row of the tidy table (``msdmt export``); the columns are described in ``msdmt.core.export``."""

    figure_id: str
    origin: Literal["reported", "derived"]
    kind: str
    source_id: str | None
    report_source_id: str | None
    trial_id: str | None
    therapy_id: str | None
    adverse_event_id: str | None
    fact_id: str | None
    arm_id: str | None
    arm_label: str | None
    versus_arm_id: str | None
    versus_label: str | None
    endpoint_id: str | None
    endpoint_label: str | None
    label: str | None
    measure: str | None
    category: str | None
    value: float | None
    unit: str | None
    bound: str | None
    text: str | None
    p_value: float | None
    p_comparison: str | None
    significant: bool | None
    range_low: float | None
    range_high: float | None
    printed: str | None
    locator: str | None
    formula: str | None
    erratum: str | None
    repair: str | None
    note: str | None


class FindingFigure(TypedDict):
    """One side of an audit finding: a figure, where it is printed and what it is."""

    origin: str
    label: str
    value: float
    printed: str | None
    unit: str | None
    locator: str
    source: str | None  # None: a figure msdmt computed


class Finding(TypedDict):
    """What the audit found, as values and places; the renderers write the words."""

    check: Literal["recomputed-reduction", "same-quantity", "patient-counts", "references", "erratum", "reports"]
    reason: Literal["outside-rounding", "comparator-too-small", "differs", "complement-differs", "arms-total",
                    "treated-vs-arm", "treated-vs-randomized", "reference-numbers", "erratum", "sources-differ",
                    "design-differs"]
    sources: list[str]  # the sources of the figures
    record: str
    subject: str | None
    arm: str | None
    figures: list[FindingFigure]
    range: FloatPair | None
    text: str | None
    values: list[float]
    locators: list[str]


class ReportFigure(TypedDict):
    """One report's figure in a disagreement between reports."""

    report: str  # the source of the report that gives it
    source: str  # the figure's own source (the report's, unless the figure names another)
    endpoint: str | None  # None: an arm's size
    label: str
    value: float
    bound: str | None
    unit: str | None
    printed: str
    locator: str


class Disagreement(TypedDict):
    """Reports of one trial from different sources that give different figures for the same arm and measure."""

    trial: str
    measure: str  # an endpoint measure, or "arm-size"
    arm: str | None
    versus: str | None
    figures: list[ReportFigure]  # every source's figures, in the order of the reports


class Report(TypedDict):
    """Another report of a trial (from another source), kept whole, with what msdmt derives from it alone."""

    trial: TrialRecord
    derived: list[Derived]


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
    counts: dict[str, int]  # therapies, trials, endpoints, adverse events, facts, figures (each located value, by its own source)
