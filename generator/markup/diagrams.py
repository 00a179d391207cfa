"""Mermaid diagrams drawn from the same YAML as the text: a flowchart for step 5, an ER diagram
for step 4.

Contributor text never reaches Mermaid's grammar. Node and entity ids are ours (`n1`, `e1`, …).
Labels are quoted, and every character outside a small safe set becomes a Mermaid entity code
(`#34;` for `"`), which Mermaid turns into an HTML character reference only after parsing: quotes,
brackets, `%%` directives, `click … call`, `;`, newlines and HTML all arrive as plain text. ER
attribute types and names must be bare words in Mermaid, so they are reduced to the characters
its grammar accepts there.
"""

from __future__ import annotations

import re

from generator.format.fields import references
from generator.format.models import ComponentKind, DataModel, EntityField, HighLevelDesign, KeyKind

# Letters, digits, space and punctuation with no meaning inside a quoted Mermaid label.
_SAFE = re.compile(r"[A-Za-z0-9 ,.\-_/'?!+=@()]")

# Opening and closing brackets of the node shape for each kind of component.
SHAPES: dict[ComponentKind, tuple[str, str]] = {
    ComponentKind.CLIENT: ("([", "])"),  # stadium
    ComponentKind.SERVICE: ("[", "]"),  # rectangle
    ComponentKind.DATABASE: ("[(", ")]"),  # cylinder
    ComponentKind.CACHE: ("{{", "}}"),  # hexagon
    ComponentKind.QUEUE: (">", "]"),  # flag
    ComponentKind.BLOB_STORE: ("(", ")"),  # rounded rectangle
    ComponentKind.CDN: ("((", "))"),  # circle
    ComponentKind.LOAD_BALANCER: ("{", "}"),  # rhombus
    ComponentKind.GATEWAY: ("[/", "\\]"),  # trapezoid
    ComponentKind.WORKER: ("[[", "]]"),  # subroutine
    ComponentKind.SEARCH: ("[/", "/]"),  # parallelogram
    ComponentKind.EXTERNAL: ("[\\", "\\]"),  # parallelogram, leaning the other way
}

# The limits of the site's own Mermaid (its defaults `maxTextSize` and `maxEdges`): past them it
# draws an error box instead of the diagram, so a design that exceeds them is refused (CS305).
MAX_TEXT = 50_000
MAX_EDGES = 500

CONCEPT_HREF = "../../concepts/{id}/"
"""A concept page seen from a case-study page (`case-studies/<id>/` with directory URLs)."""


def label(value: str) -> str:
    """Contributor text as a quoted Mermaid label: one line, only safe characters left bare."""
    text = " ".join(value.split())
    return '"' + "".join(ch if _SAFE.fullmatch(ch) else f"#{ord(ch)};" for ch in text) + '"'


def flowchart(hld: HighLevelDesign, concept_href: str = CONCEPT_HREF) -> str:
    """Step 5: a node per component (shape by kind), a labelled arrow per flow.

    A component that names concepts links to the page of its first one.
    """
    ids = {c.id: f"n{i}" for i, c in enumerate(hld.components, start=1)}
    lines = ["flowchart TB"]  # top to bottom: fits the content column, LR would shrink
    for c in hld.components:
        start, end = SHAPES[c.kind]
        lines.append(f"    {ids[c.id]}{start}{label(c.name)}{end}")
    for f in hld.flows:
        lines.append(f"    {ids[f.from_]} -->|{label(f.label)}| {ids[f.to]}")
    for c in hld.components:
        if c.concepts:
            lines.append(f'    click {ids[c.id]} href "{concept_href.format(id=c.concepts[0])}"')
    return "\n".join(lines) + "\n"


def _word(value: str) -> str:
    """A bare word Mermaid's ER grammar accepts as an attribute type or name."""
    spaced = "_".join(re.sub(r",\s+", ",", value).split())  # `enum(a, b)`, `created at`
    word = re.sub(r"[^A-Za-z0-9_\-()\[\].,]", "_", spaced) or "_"
    # Words must start with a letter or `_`, and PK/FK/UK on their own would read as key markers.
    if not re.match(r"[A-Za-z_]", word) or re.match(r"(?i)(pk|fk|uk)\b", word):
        word = "_" + word
    return word


_KEY_MARKS = {
    KeyKind.PRIMARY: "PK",
    KeyKind.PARTITION: "PK",
    KeyKind.CLUSTERING: "PK",
    KeyKind.FOREIGN: "FK",
    KeyKind.UNIQUE: "UK",
}
_KEY_NOTES = {KeyKind.PARTITION: "partition key", KeyKind.CLUSTERING: "clustering key"}


def _attribute(f: EntityField) -> str:
    marks = [_KEY_MARKS[f.key]] if f.key else []
    if f.references and "FK" not in marks:
        marks.append("FK")
    line = f"{_word(f.type)} {_word(f.name)}"
    if marks:
        line += " " + ", ".join(marks)
    if f.key in _KEY_NOTES:
        line += " " + label(_KEY_NOTES[f.key])
    return line


def er_diagram(dm: DataModel) -> str:
    """Step 4: an entity per entity with its fields and keys, a relationship per foreign key.

    The referenced entity has one row for many referencing rows (`||--o{`).
    """
    lines = ["erDiagram"]
    for i, entity in enumerate(dm.entities, start=1):
        lines.append(f"    e{i}[{label(entity.name)}] {{")
        lines.extend(f"        {_attribute(f)}" for f in entity.fields)
        lines.append("    }")
    for ref in references(dm):
        lines.append(f"    e{ref.target + 1} ||--o{{ e{ref.source + 1} : {label(ref.field)}")
    return "\n".join(lines) + "\n"


def too_large(diagram: str) -> str | None:
    """Why Mermaid would refuse to draw `diagram`, or None."""
    if len(diagram) > MAX_TEXT:
        return f"{len(diagram):,} characters of Mermaid text (at most {MAX_TEXT:,})"
    edges = sum(1 for line in diagram.splitlines() if "-->" in line or "--o{" in line)
    if edges > MAX_EDGES:
        return f"{edges:,} arrows (at most {MAX_EDGES})"
    return None
