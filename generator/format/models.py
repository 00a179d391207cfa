"""The case-study format, version 1. These models are its only definition.

Every model is frozen and forbids unknown fields, so a misspelt key is an error, not a silent
omission. Lists are tuples so that a validated case study cannot be changed by later stages.
Field descriptions feed the generated format reference and the JSON Schema.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    field_validator,
    model_validator,
)

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
NAME_RE = re.compile(r"^[a-z_][a-z0-9_]*$")

Slug = Annotated[
    str,
    StringConstraints(min_length=2, max_length=60, pattern=SLUG_RE.pattern),
]
Identifier = Annotated[str, StringConstraints(min_length=1, max_length=60, pattern=NAME_RE.pattern)]
Line = Annotated[str, StringConstraints(min_length=1, max_length=400, strip_whitespace=True)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
"""Markdown: a paragraph or several."""
Name = Annotated[str, StringConstraints(min_length=1, max_length=120, strip_whitespace=True)]
Number = Annotated[float, Strict()]
"""A number as YAML writes it (`100e6`, `0.2`, `3`): never a quoted string or a boolean."""
Flag = Annotated[bool, Strict()]
"""`true` or `false`: never `yes`, `1` or a quoted string."""


# Figures are ordered and evaluated depth first: a chain of thousands of figures, each using the
# next, would exhaust the stack. No estimate needs more than a few dozen.
MAX_FIGURES = 200


# One set object per distinct set of given fields, shared by every model instance with it.
_FIELDS_SETS: dict[frozenset[str], set[str]] = {}


def _shared(fields: set[str]) -> set[str]:
    """The shared copy of `fields`.

    Pydantic keeps, on every instance, a set of the fields the input gave: a case study has
    about 190 model instances, so these sets were more than a third of a loaded catalogue's
    memory (56 of 150 MB at 1,000), though there are only a few hundred distinct ones. Sharing
    is safe: the models are frozen, and pydantic copies the set before changing a copy's."""
    return _FIELDS_SETS.setdefault(frozenset(fields), fields)


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=False)

    def model_post_init(self, context: Any, /) -> None:
        object.__setattr__(self, "__pydantic_fields_set__", _shared(self.model_fields_set))

    def __setstate__(self, state: dict[Any, Any]) -> None:
        """Unpickled (a forked child's results): the fields set shared again."""
        super().__setstate__(state)
        object.__setattr__(self, "__pydantic_fields_set__", _shared(self.model_fields_set))


class Difficulty(StrEnum):
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


class ChecklistItem(Model):
    id: Slug = Field(description="Stable id of the item, unique within the case study.")
    text: Line = Field(description="The question to ask, as one sentence.")
    tags: tuple[Slug, ...] = Field(default=(), description="Topics such as caching or security.")


class Step(Model):
    checklist: tuple[ChecklistItem, ...] = Field(
        default=(), description="Questions specific to this case study for this step."
    )


MethodQuestions = Annotated[tuple[ChecklistItem, ...], Field(min_length=1)]


class MethodChecklist(Model):
    """The guiding questions of the method, per step: case_studies/method/checklist.yaml.

    Every case study shows them at the end of each step; ids are unique within their step.
    """

    requirements: MethodQuestions = Field(description="Step 1: requirements clarification.")
    estimation: MethodQuestions = Field(description="Step 2: back-of-the-envelope estimation.")
    interface: MethodQuestions = Field(description="Step 3: system interface.")
    data_model: MethodQuestions = Field(description="Step 4: data model.")
    high_level_design: MethodQuestions = Field(description="Step 5: high-level design.")
    detailed_design: MethodQuestions = Field(description="Step 6: detailed design.")
    bottlenecks: MethodQuestions = Field(description="Step 7: bottlenecks.")


class Tag(Model):
    id: Slug = Field(description="The tag as case studies write it, singular: `websocket`.")
    about: Line = Field(description="What the tag groups, in one line.")


class TagVocabulary(Model):
    """The tags case studies may use: case_studies/method/tags.yaml.

    A closed list keeps near-duplicates (`websocket`, `websockets`) from splitting the tag index;
    a new tag is added here on purpose, with a line saying what it groups.
    """

    tags: tuple[Tag, ...] = Field(min_length=1, description="Every tag, once.")


# Step 1 -------------------------------------------------------------------------------------


class ClarifyingQuestion(Model):
    question: Line = Field(description="What you would ask the interviewer or product owner.")
    answer: Line = Field(description="The answer this case study assumes.")


class Requirements(Step):
    clarifying_questions: tuple[ClarifyingQuestion, ...] = Field(
        min_length=1, description="Questions asked before designing, with the answers assumed."
    )
    functional: tuple[Line, ...] = Field(min_length=1, description="What the system must do.")
    non_functional: tuple[Line, ...] = Field(
        min_length=1, description="Qualities: latency, availability, consistency, durability."
    )
    extended: tuple[Line, ...] = Field(default=(), description="Nice-to-have requirements.")
    out_of_scope: tuple[Line, ...] = Field(default=(), description="What is deliberately left out.")


# Step 2 -------------------------------------------------------------------------------------


class Assumption(Model):
    name: Identifier = Field(description="snake_case name used in formulas.")
    value: Number = Field(description="The number, for example 100e6 or 0.2.")
    unit: Annotated[str, StringConstraints(max_length=80)] = Field(
        default="",
        description="Unit of the value, for example `url/day`, `B`, `year`; "
        "empty for a pure number.",
    )
    note: Line | None = Field(default=None, description="Why this number: reasoning or source.")
    source: Annotated[str, StringConstraints(max_length=500)] | None = Field(
        default=None,
        description="Link to a public source for the number (http or https): cite the book, "
        "paper or engineering blog a borrowed figure comes from.",
        json_schema_extra={"pattern": "^\\s*[Hh][Tt][Tt][Pp][Ss]?\\s*:"},  # as links.check_links
    )


class KeyFigure(StrEnum):
    """The figures shown "at a glance" and compared across case studies.

    `peak_rate` and `storage` are the first release's keys: they say neither reads nor writes,
    nor logical nor replicated bytes, so they are accepted with a warning (CS223).
    """

    READ_RATE = "read_rate"
    WRITE_RATE = "write_rate"
    PEAK_READ_RATE = "peak_read_rate"
    PEAK_WRITE_RATE = "peak_write_rate"
    STORAGE_LOGICAL = "storage_logical"
    STORAGE_REPLICATED = "storage_replicated"
    INGRESS = "ingress"
    EGRESS = "egress"
    CACHE = "cache"
    PEAK_RATE = "peak_rate"
    STORAGE = "storage"


class Derived(Model):
    name: Identifier = Field(description="snake_case name of the figure.")
    formula: Annotated[str, StringConstraints(min_length=1, max_length=400)] = Field(
        description="Formula over assumption and figure names, for example `daily_urls / day`."
    )
    unit: Annotated[str, StringConstraints(max_length=80)] = Field(
        default="", description="Display unit, for example `1/s`, `TB`, `url`."
    )
    note: Line | None = Field(default=None, description="What the figure means.")
    key: KeyFigure | None = Field(
        default=None,
        description="Marks the figure as a key figure (at most once each): read_rate, "
        "write_rate, peak_read_rate, peak_write_rate, storage_logical (bytes before copies), "
        "storage_replicated (bytes on disk, after replication or erasure coding), ingress, "
        "egress or cache.",
    )


UnitName = Annotated[
    str, StringConstraints(min_length=1, max_length=40, pattern=r"^[a-z]+(?:_[a-z]+)*$")
]


class Check(Model):
    check: Annotated[str, StringConstraints(min_length=1, max_length=400)] = Field(
        description="A comparison the design rests on: two formulas joined by `<`, `<=`, `>` or "
        "`>=`, in the same unit, for example `key_space >= 1000 * urls_stored`."
    )
    why: Line = Field(description="The claim it backs, in words: why the design needs it to hold.")


class Estimation(Step):
    units: tuple[UnitName, ...] = Field(
        default=(),
        description="Countable units this case study declares, on top of the shared ones: "
        "lowercase and singular, for example `trade` (the plural `trades` works too).",
    )
    # The bound is validate's (CS103, with its own message); the schema states it for editors.
    assumptions: tuple[Assumption, ...] = Field(
        min_length=1,
        description="Named inputs with units.",
        json_schema_extra={"maxItems": MAX_FIGURES},
    )
    derived: tuple[Derived, ...] = Field(
        min_length=1,
        description="Figures computed from the assumptions.",
        json_schema_extra={"maxItems": MAX_FIGURES},
    )
    checks: tuple[Check, ...] = Field(
        default=(),
        description="Comparisons over the figures that the design's claims rest on; the build "
        "fails when one does not hold.",
    )
    notes: Text | None = Field(default=None, description="Markdown remarks on the estimate.")


# Step 3 -------------------------------------------------------------------------------------


class Parameter(Model):
    name: Name = Field(description="Parameter name.")
    type: Name = Field(description="Type, for example `string` or `int64`.")
    required: Flag = Field(default=True, description="Whether the caller must send it.")
    description: Line = Field(description="What it means.")


class ApiError(Model):
    status: Name = Field(description="HTTP status or error name, for example `404` or `NOT_FOUND`.")
    when: Line = Field(description="When the error is returned.")


class Operation(Model):
    name: Name = Field(description="Short name, for example `Create short URL`.")
    method: Annotated[str, StringConstraints(pattern=r"^(GET|POST|PUT|PATCH|DELETE)$")] | None = (
        Field(default=None, description="HTTP method, with `path`.")
    )
    path: Annotated[str, StringConstraints(pattern=r"^/\S*$", max_length=200)] | None = Field(
        default=None, description="HTTP path, with `method`."
    )
    signature: Annotated[str, StringConstraints(min_length=1, max_length=300)] | None = Field(
        default=None, description="RPC signature, instead of `method` and `path`."
    )
    description: Line = Field(description="What the operation does.")
    parameters: tuple[Parameter, ...] = Field(default=(), description="Inputs.")
    response: Line = Field(description="What a successful call returns.")
    errors: tuple[ApiError, ...] = Field(default=(), description="Errors the caller must handle.")

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        # `method` and `path` together, or a `signature`: as `_one_form` checks.
        json_schema_extra={
            "oneOf": [
                {
                    "required": ["method", "path"],
                    "properties": {"signature": {"type": "null"}},
                },
                {
                    "required": ["signature"],
                    "properties": {"method": {"type": "null"}, "path": {"type": "null"}},
                },
            ]
        },
    )

    @model_validator(mode="after")
    def _one_form(self) -> Operation:
        http = self.method is not None or self.path is not None
        if http and (self.method is None or self.path is None):
            raise ValueError("`method` and `path` go together: give both, or a `signature`")
        if http and self.signature is not None:
            raise ValueError("give `method` and `path`, or a `signature`, not both")
        if not http and self.signature is None:
            raise ValueError("give `method` and `path` (HTTP) or a `signature` (RPC)")
        return self


class Interface(Step):
    notes: Text | None = Field(
        default=None, description="Markdown: authentication, paging, limits."
    )
    operations: tuple[Operation, ...] = Field(min_length=1, description="The API.")


# Step 4 -------------------------------------------------------------------------------------


class KeyKind(StrEnum):
    PRIMARY = "primary"
    PARTITION = "partition"
    CLUSTERING = "clustering"
    FOREIGN = "foreign"
    UNIQUE = "unique"


class EntityField(Model):
    name: Name = Field(description="Field name.")
    type: Name = Field(description="Type, for example `varchar(16)` or `timestamp`.")
    key: KeyKind | None = Field(default=None, description="Role in a key, if any.")
    references: Name | None = Field(
        default=None, description="`Entity.field` a foreign key points to."
    )
    description: Line | None = Field(default=None, description="What it holds.")


class Index(Model):
    fields: tuple[Name, ...] = Field(min_length=1, description="Indexed fields, in order.")
    unique: Flag = Field(default=False, description="Whether the index enforces uniqueness.")
    why: Line = Field(description="The query it serves.")


class Entity(Model):
    name: Name = Field(description="Entity (table, collection) name.")
    description: Line | None = Field(default=None, description="What one record stands for.")
    fields: tuple[EntityField, ...] = Field(min_length=1, description="Its fields.")
    indexes: tuple[Index, ...] = Field(default=(), description="Secondary indexes.")


class StorageChoice(Model):
    store: Name = Field(description="Kind of store, for example `Wide-column store`.")
    holds: Line = Field(description="What data it keeps.")
    why: Line = Field(description="Why this store fits that data.")
    concepts: tuple[Slug, ...] = Field(default=(), description="Concept ids this choice relies on.")


class DataModel(Step):
    entities: tuple[Entity, ...] = Field(min_length=1, description="Entities with fields and keys.")
    storage: tuple[StorageChoice, ...] = Field(
        min_length=1, description="Where each kind of data lives."
    )
    notes: Text | None = Field(default=None, description="Markdown remarks.")


# Step 5 -------------------------------------------------------------------------------------


class ComponentKind(StrEnum):
    CLIENT = "client"
    SERVICE = "service"
    DATABASE = "database"
    CACHE = "cache"
    QUEUE = "queue"
    BLOB_STORE = "blob-store"
    CDN = "cdn"
    LOAD_BALANCER = "load-balancer"
    GATEWAY = "gateway"
    WORKER = "worker"
    SEARCH = "search"
    EXTERNAL = "external"


class Component(Model):
    id: Identifier = Field(description="Short id used by flows, for example `api`.")
    name: Name = Field(description="Display name.")
    kind: ComponentKind = Field(description="What kind of box it is.")
    description: Line = Field(description="Its job, in one sentence.")
    concepts: tuple[Slug, ...] = Field(default=(), description="Concept ids it embodies.")


class Flow(Model):
    from_: Identifier = Field(alias="from", description="Component id the request leaves.")
    to: Identifier = Field(description="Component id it reaches.")
    label: Line = Field(description="What travels, for example `GET /{key}`.")

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=False)


class HighLevelDesign(Step):
    narrative: Text = Field(description="Markdown: how a request moves through the boxes.")
    components: tuple[Component, ...] = Field(min_length=2, description="The boxes.")
    flows: tuple[Flow, ...] = Field(min_length=1, description="The arrows.")


# Step 6 -------------------------------------------------------------------------------------


class Option(Model):
    name: Name = Field(description="Short name of the option.")
    description: Line = Field(description="What it is.")
    pros: tuple[Line, ...] = Field(default=(), description="Advantages.")
    cons: tuple[Line, ...] = Field(default=(), description="Drawbacks.")


class Decision(Model):
    id: Slug = Field(description="Stable anchor of the decision, for example `key-generation`.")
    question: Line = Field(description="The design question.")
    options: tuple[Option, ...] = Field(min_length=1, description="The options weighed.")
    choice: Name = Field(description="The `name` of the option chosen.")
    rationale: Text = Field(description="Markdown: why that option wins here.")
    concepts: tuple[Slug, ...] = Field(default=(), description="Concept ids involved.")


class DetailedDesign(Step):
    decisions: tuple[Decision, ...] = Field(min_length=1, description="Decision records.")


# Step 7 -------------------------------------------------------------------------------------


class RiskKind(StrEnum):
    SINGLE_POINT_OF_FAILURE = "single-point-of-failure"
    HOT_SPOT = "hot-spot"
    CAPACITY = "capacity"
    CONSISTENCY = "consistency"
    DATA_LOSS = "data-loss"
    SECURITY = "security"
    ABUSE = "abuse"
    LATENCY = "latency"


class Risk(Model):
    risk: Line = Field(description="What can go wrong.")
    kind: RiskKind = Field(description="Kind of risk.")
    mitigation: Line = Field(description="What we do about it.")
    concepts: tuple[Slug, ...] = Field(default=(), description="Concept ids the mitigation uses.")


class Metric(Model):
    metric: Line = Field(description="What is measured.")
    alert: Line = Field(description="When someone is paged or warned.")


class Bottlenecks(Step):
    risks: tuple[Risk, ...] = Field(min_length=1, description="Risks with mitigations.")
    monitoring: tuple[Metric, ...] = Field(min_length=1, description="Metrics and alerts.")


# The case study ---------------------------------------------------------------------------


class CaseStudy(Model):
    """One case study: metadata and the seven steps."""

    id: Slug = Field(description="Lowercase slug, equal to the file name without `.yaml`.")
    title: Name = Field(description="Page title, for example `Design a URL shortener`.")
    summary: Line = Field(description="One sentence shown in the catalogue.")
    difficulty: Difficulty = Field(description="easy, medium or hard.")
    category: Slug = Field(description="Section of the navigation, for example `storage`.")
    tags: tuple[Slug, ...] = Field(
        default=(), description="Topic tags.", json_schema_extra={"uniqueItems": True}
    )
    related: tuple[Slug, ...] = Field(
        default=(),
        description="Ids of related case studies.",
        json_schema_extra={"uniqueItems": True},
    )
    requirements: Requirements = Field(description="Step 1: requirements clarification.")
    estimation: Estimation = Field(description="Step 2: back-of-the-envelope estimation.")
    interface: Interface = Field(description="Step 3: system interface.")
    data_model: DataModel = Field(description="Step 4: data model.")
    high_level_design: HighLevelDesign = Field(description="Step 5: high-level design.")
    detailed_design: DetailedDesign = Field(description="Step 6: detailed design.")
    bottlenecks: Bottlenecks = Field(description="Step 7: bottlenecks.")

    @field_validator("tags", "related")
    @classmethod
    def _no_repeats(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        seen: set[str] = set()  # a set, not a scan of the list: a long list stays fast
        for v in value:
            if v in seen:
                raise ValueError(f"'{v}' is listed twice")
            seen.add(v)
        return value


# Concepts: case_studies/concepts/<id>.yaml -------------------------------------------------


class Reading(Model):
    title: Name = Field(description="Title of the article, paper, book chapter or manual page.")
    url: Annotated[str, StringConstraints(min_length=1, max_length=500)] = Field(
        description="Its address; must start with https://.",
        json_schema_extra={"pattern": "^https://[^\\s/]+\\.[^\\s]+$"},  # as concepts.CS302
    )


class Concept(Model):
    """A building block that case studies refer to by id from their `concepts` lists."""

    id: Slug = Field(description="Lowercase slug, equal to the file name without `.yaml`.")
    title: Name = Field(description="Page title, for example `Consistent hashing`.")
    aliases: tuple[Name, ...] = Field(
        default=(), description="Other names readers search for, for example `hash ring`."
    )
    summary: Line = Field(description="One sentence shown in the concept index.")
    how_it_works: Text = Field(description="Markdown: what it is and how it works.")
    when_to_use: Text = Field(
        description="Markdown: the problems it solves and when to reach for it."
    )
    trade_offs: Text = Field(description="Markdown: what it costs and how it fails.")
    further_reading: tuple[Reading, ...] = Field(
        min_length=1, description="Public sources worth reading next."
    )
