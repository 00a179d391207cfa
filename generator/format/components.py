"""Which components of a high-level design hold state, and when step 7 speaks to their failure.

Every stateful component gets a derived "what happens during an outage" checklist item; a risk
in step 7 that names the component (by name or id) is the case study's answer to it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from generator.format.models import CaseStudy, ComponentKind

# Tags of the "what happens during an outage?" item, by kind of stateful component.
STATEFUL_KINDS: Mapping[ComponentKind, tuple[str, ...]] = {
    ComponentKind.DATABASE: ("availability", "durability"),
    ComponentKind.CACHE: ("availability", "caching"),
    ComponentKind.QUEUE: ("availability", "messaging"),
    ComponentKind.BLOB_STORE: ("availability", "durability"),
    ComponentKind.SEARCH: ("availability",),
}


def unanswered_failures(case: CaseStudy) -> list[tuple[int, str]]:
    """Stateful components (index, name) that no step-7 risk names by name or id.

    Each such component gets the derived "what happens during an outage" item; a risk that
    names the component is the case study's answer to it.
    """
    texts = [f"{r.risk} {r.mitigation}".lower() for r in case.bottlenecks.risks]
    found = []
    for i, c in enumerate(case.high_level_design.components):
        if c.kind in STATEFUL_KINDS:
            named = _naming(c.name, c.id)
            if not any(named.search(text) for text in texts):
                found.append((i, c.name))
    return found


def _naming(name: str, cid: str) -> re.Pattern[str]:
    """What names the component in a text: its name or id, singular or plural ("Observers" is
    named by "an observer fails"), as a whole word."""
    words = {name.lower(), cid.lower(), cid.replace("_", " ").replace("-", " ").lower()}
    words |= {w[:-1] for w in words if w.endswith("s") and len(w) > 3} | {f"{w}s" for w in words}
    either = "|".join(re.escape(w) for w in sorted(words))
    return re.compile(rf"(?<![a-z0-9])(?:{either})(?![a-z0-9])")
