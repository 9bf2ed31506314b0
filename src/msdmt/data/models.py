"""Pydantic models of the evidence data: the schema of therapies.yaml and trials.yaml.

The models are strict: unknown keys are rejected, nothing is coerced (a string is
not a number, YAML's ``no`` is not a string). Text fields say what text they take:
one line (``Short``, ``Text``), several lines (``Prose``: notes and descriptions)
or a name msdmt matches on (``Name``: one line, one script, NFC); the characters no
text may hold are refused by the parser (``msdmt.data.yamlsafe``). Every numeric
range — of single fields too — is in the one table of ``msdmt.data.validate``
(``RANGES``), whose errors show the value as written; checks that need context —
cross-references, uniqueness across the dataset — live there as well.

Only the loader imports this module; lookups run on the validated, cached plain
data and never pay for building these classes.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from .textrules import name_problem, one_line


def _one_line(text: str) -> str:
    problem = one_line(text)
    if problem:
        raise ValueError(problem)
    return text


def _name(text: str) -> str:
    problem = name_problem(text)
    if problem:
        raise ValueError(problem)
    return text


# No spaces, braces, quotes, backslashes or angle brackets: a DOI or URL goes into BibTeX, RIS and Markdown as it is.
_LINK_CHARS = r'[^\s{}"\\<>]+'


def _doi(text: str) -> str:
    if not re.fullmatch(r"10\.[0-9]{4,9}/" + _LINK_CHARS, text):
        raise ValueError("a DOI is 10.NNNN/suffix, without spaces, braces, quotes, backslashes or angle brackets")
    return text


def _url(text: str) -> str:
    if not re.fullmatch(r"https?://" + _LINK_CHARS, text):
        raise ValueError("a URL is http:// or https://, without spaces, braces, quotes, backslashes or angle "
                         "brackets")
    return text


Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]
TrialId = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]+(?:-[A-Z0-9]+)*$", max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000), AfterValidator(_one_line)]
Short = Annotated[str, StringConstraints(min_length=1, max_length=200), AfterValidator(_one_line)]
Prose = Annotated[str, StringConstraints(min_length=1, max_length=2000)]  # the only text that may span lines
Name = Annotated[str, StringConstraints(min_length=1, max_length=200), AfterValidator(_name)]
Number = float | int

Comparison = Literal["<", "≤", "=", "≥", ">"]
Unit = Literal[
    "%",
    "relapses/year",
    "patients",
    "cases",
    "deaths",
    "lesions",
    "relapses",
    "treatments",
    "years",
    "months",
    "weeks",
    "days",
    "calendar year",
    "EDSS points",
    "EDSS score",
    "hazard ratio",
    "µg",
    "mg",
    "mg/m²",
]
Kind = Literal[
    "annualized_relapse_rate",
    "relative_reduction",
    "proportion",
    "hazard_ratio",
    "mean_change",
    "median_change",
    "count",
    "statement",
]
Route = Literal["SC", "IM", "IV", "oral"]
Category = Literal["infusion", "infection", "autoimmune", "malignancy", "haematological"]


class Strict(BaseModel):
    # No inf or nan: YAML's .inf and .nan are never figures from a paper.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, allow_inf_nan=False)


class Annotations(Strict):
    """Notes any located record may carry, kept apart by purpose."""

    repair: Prose | None = None  # what was restored from the damaged text extraction
    erratum: Prose | None = None  # where the paper disagrees with itself or looks wrong
    note: Prose | None = None  # interpretation or context


class Reference(Annotations):
    number: int
    locator: Text


class Erratum(Strict):
    text: Prose
    locator: Text


SourceType = Literal["review", "trial report", "label", "registry record", "user extraction", "example"]


class Source(Strict):
    """Where figures come from: a publication, a label, a registry record, a user's extraction, or an example.

    ``vintage`` is the line every view that shows its figures prints under its citation
    ("Figures as reported in a 2015 review; not prescribing information."); a source of type
    ``example`` must say there that its figures are made up.
    """

    id: Slug
    type: SourceType
    authors: list[Short] = Field(min_length=1)
    title: Text
    container: Short  # the journal, publisher or registry
    year: int | None = None
    volume: int | None = None
    issue: Short | None = None
    pages: Annotated[str, StringConstraints(pattern=r"^[0-9]+(?:-[0-9]+)?$")] | None = None
    doi: Annotated[str, StringConstraints(max_length=300), AfterValidator(_doi)] | None = None
    url: Annotated[str, StringConstraints(max_length=2000), AfterValidator(_url)] | None = None
    accessed: Annotated[str, StringConstraints(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")] | None = None
    licence: Short | None = None
    vintage: Text
    errata: list[Erratum] = []

    @model_validator(mode="after")
    def _findable(self) -> Source:
        for author in self.authors:
            if "," in author or ";" in author:
                raise ValueError(f"write each author as 'Family Initials' without a comma or semicolon "
                                 f"(one item per author), not {author!r}")
        if not self.vintage.strip(" .;:-"):
            raise ValueError("the vintage line needs words: how old the figures are and what they are not")
        if self.doi is None and self.url is None:
            raise ValueError("a source needs a DOI or a URL")
        if self.type == "example" and not re.search(r"\bmade[ -]up\b", self.vintage, re.IGNORECASE):
            raise ValueError("an example source must say in its vintage line that its figures are made up")
        return self


class Quantity(Annotations):
    """One located figure: a number (possibly a bound) or a qualitative statement."""

    value: Number | None = None
    bound: Comparison | None = None
    text: Short | None = None
    unit: Unit
    printed: Text
    locator: Text
    source: Slug | None = None  # when not its record's source (filled in from the record when compiled)

    @model_validator(mode="after")
    def _has_content(self) -> Quantity:
        if self.value is None and self.text is None:
            raise ValueError("needs a value or a text")
        if self.bound is not None and self.value is None:
            raise ValueError("a bound needs a value")
        return self


class Fact(Annotations):
    """A figure from the text that is not an endpoint result (design, counts, doses)."""

    id: Slug
    source: Slug | None = None  # required for review-level facts; others default to their record's
    label: Short
    arm: Slug | None = None
    value: Number | None = None
    bound: Comparison | None = None
    text: Text | None = None
    unit: Unit | None = None
    printed: Text
    locator: Text

    @model_validator(mode="after")
    def _has_content(self) -> Fact:
        if self.value is None and self.text is None:
            raise ValueError("needs a value or a text")
        if self.value is not None and self.unit is None:
            raise ValueError("a value needs a unit")
        return self


class Statement(Annotations):
    text: Prose
    locator: Text


class Population(Statement):
    category: Literal["treatment-naive", "previously-treated"] | None = None


class PValue(Annotations):
    value: float
    comparison: Comparison
    printed: Short


class Result(Annotations):
    """One arm's figure for an endpoint; ``versus`` names the reference arm of a contrast."""

    arm: Slug | None = None
    versus: Slug | None = None
    value: Number | None = None
    bound: Comparison | None = None
    text: Short | None = None
    printed: Text
    p: PValue | None = None
    significant: bool | None = None
    source: Slug | None = None  # when not its endpoint's source (filled in when compiled)

    @model_validator(mode="after")
    def _has_content(self) -> Result:
        if self.value is None and self.text is None:
            raise ValueError("needs a value or a text")
        if self.bound is not None and self.value is None:
            raise ValueError("a bound needs a value")
        return self


class Endpoint(Annotations):
    id: Slug
    measure: Slug
    origin: Short
    label: Text
    kind: Kind
    unit: Unit | None = None
    of: Slug | None = None  # for relative reductions: the measure of the rates compared
    complement_of: Slug | None = None  # a proportion that is 100 minus this measure
    locator: Text
    source: Slug | None = None  # when not its trial's source (filled in when compiled)
    results: list[Result] = Field(min_length=1)


class Comparator(Annotations):
    type: Literal["placebo", "active"]
    therapy: Slug | None = None
    label: Short
    locator: Text


class Arm(Annotations):
    id: Slug
    label: Short
    therapy: Slug | None = None
    dose: Short | None = None
    role: Literal["treatment", "comparator"]
    n: Quantity | None = None


class Trial(Annotations):
    id: TrialId
    source: Slug
    name: Name
    aliases: list[Name] = []
    kind: Literal["randomized controlled trial", "extension", "observational follow-up", "open-label"]
    phase: int | None = None
    therapies: list[Slug] = Field(min_length=1)
    parent: TrialId | None = None
    design: Statement | None = None
    population: Population | None = None
    comparator: Comparator | None = None
    durations: list[Quantity] = []
    arms: list[Arm] = Field(min_length=1)
    endpoints: list[Endpoint] = []
    facts: list[Fact] = []
    references: list[Reference] = []


class Regimen(Annotations):
    amount: Number | None = None
    unit: Literal["µg", "mg", "mg/m²"] | None = None
    route: Route | None = None
    frequency: Short
    schedule: Short | None = None
    cumulative_limit: Number | None = None

    @model_validator(mode="after")
    def _amount_has_unit(self) -> Regimen:
        if (self.amount is None) != (self.unit is None):
            raise ValueError("amount and unit go together")
        return self


class Dosing(Annotations):
    printed: Text
    locator: Text
    source: Slug | None = None  # when not its therapy's source (filled in when compiled)
    regimens: list[Regimen] = Field(min_length=1)


class ComparatorRate(Annotations):
    label: Short
    therapy: Slug | None = None
    rate: Quantity


class AdverseEvent(Annotations):
    id: Slug
    event: Text
    category: Category
    context: Text
    studies: list[TrialId] = []
    source: Slug | None = None  # when not its therapy's source (filled in when compiled)
    course: Literal["first", "second"] | None = None
    prophylaxis: Literal["acyclovir", "none"] | None = None
    rate: Quantity | None = None
    comparator: ComparatorRate | None = None
    count: Quantity | None = None
    deaths: Quantity | None = None
    references: list[Reference] = []

    @model_validator(mode="after")
    def _has_figure(self) -> AdverseEvent:
        if self.rate is None and self.count is None and self.deaths is None:
            raise ValueError("needs a rate, a count or deaths")
        return self


class Therapy(Annotations):
    id: Slug
    source: Slug
    name: Name
    printed_name: Short
    generic: Name
    brand: Name | None = None
    aliases: list[Name] = []
    approval_year: Quantity
    route: Route | None
    route_locator: Text | None = None  # where the route is printed, when not in the dosing cell
    dosing: Dosing
    mechanism: Statement
    drug_class: Short
    target: Short | None = None
    references: list[Reference] = []
    facts: list[Fact] = []
    adverse_events: list[AdverseEvent] = []


class SourcesFile(Strict):
    schema_version: Literal[1]
    sources: list[Source] = Field(min_length=1)


class TherapiesFile(Strict):
    schema_version: Literal[1]
    facts: list[Fact] = []
    therapies: list[Therapy] = Field(min_length=1)


class TrialsFile(Strict):
    schema_version: Literal[1]
    trials: list[Trial] = []


# Each file's model and its record lists (top-level keys holding a list of mappings): the parser
# checks their shape early, and the loader validates them one record at a time.
FILE_MODELS: dict[str, tuple[type[BaseModel], dict[str, type[BaseModel]]]] = {
    "sources": (SourcesFile, {"sources": Source}),
    "therapies": (TherapiesFile, {"facts": Fact, "therapies": Therapy}),
    "trials": (TrialsFile, {"trials": Trial}),
}
