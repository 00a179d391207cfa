"""One example value per field of the format, for the JSON Schema and the format reference.

Keyed by model class and field name (the Python name, not the YAML alias). Tests check that
every field holding a value (not a nested mapping) has an example here, and that each example
passes the field's own validation, so an example cannot contradict the models.
"""

from __future__ import annotations

from typing import Any

EXAMPLES: dict[str, dict[str, Any]] = {
    "CaseStudy": {
        "id": "url-shortener",
        "title": "Design a URL shortener",
        "summary": "Mint short keys for long links and redirect readers at very high read rates.",
        "difficulty": "easy",
        "category": "web",
        "tags": ["caching", "hashing"],
        "related": ["pastebin"],
    },
    "ChecklistItem": {
        "id": "key-reuse-policy",
        "text": "May a deleted key ever be handed out again?",
        "tags": ["key-generation"],
    },
    "ClarifyingQuestion": {
        "question": "How long must a link keep working?",
        "answer": "Until its owner deletes it; keys are never reused.",
    },
    "Requirements": {
        "functional": ["Visiting a short URL redirects to the long URL."],
        "non_functional": ["Redirects take under 20 ms at the 99th percentile."],
        "extended": ["Click analytics by day and country."],
        "out_of_scope": ["Editing the destination of a link."],
    },
    "Assumption": {
        "name": "new_urls_per_day",
        "value": 100e6,
        "unit": "url/day",
        "note": "Same order of magnitude as a large public shortener.",
        "source": "https://example.com/engineering/links-per-day",
    },
    "Derived": {
        "name": "write_rate",
        "formula": "new_urls_per_day / day",
        "unit": "url/s",
        "note": "Average rate of link creation.",
        "key": "write_rate",
    },
    "Estimation": {
        "units": ["trade", "job"],
        "notes": "Reads dominate: size the cache, not the database, for the peak.",
    },
    "Check": {
        "check": "key_space >= 1000 * urls_stored",
        "why": "Keys are never reused, and guessing one must stay unrewarding.",
    },
    "Parameter": {
        "name": "long_url",
        "type": "string",
        "required": True,
        "description": "The address to shorten.",
    },
    "ApiError": {"status": "404", "when": "No link has this key."},
    "Operation": {
        "name": "Create short URL",
        "method": "POST",
        "path": "/urls",
        "signature": "CreateLink(long_url: string) -> Link",
        "description": "Mints a key for a long URL.",
        "response": "`201 Created` with the short URL.",
    },
    "Interface": {"notes": "Every call carries an API key; lists are paged by cursor."},
    "EntityField": {
        "name": "owner_id",
        "type": "bigint",
        "key": "foreign",
        "references": "Account.id",
        "description": "The account that created the link.",
    },
    "Index": {
        "fields": ["owner_id", "created_at"],
        "unique": False,
        "why": "Lists an owner's links, newest first.",
    },
    "Entity": {"name": "Link", "description": "One short key and where it points."},
    "StorageChoice": {
        "store": "Key-value store",
        "holds": "Links by key.",
        "why": "Single-key lookups at high read rates.",
        "concepts": ["key-value-store", "sharding"],
    },
    "DataModel": {"notes": "Keys are random, so writes spread evenly over partitions."},
    "Component": {
        "id": "api",
        "name": "API service",
        "kind": "service",
        "description": "Creates links and resolves keys.",
        "concepts": ["load-balancer"],
    },
    "Flow": {"from_": "client", "to": "api", "label": "GET /{key}"},
    "HighLevelDesign": {
        "narrative": "A redirect reaches the **API**, which reads the cache, then the store.",
    },
    "Option": {
        "name": "Counter",
        "description": "Base-62 encode a global counter.",
        "pros": ["No collisions."],
        "cons": ["Keys are guessable in sequence."],
    },
    "Decision": {
        "id": "key-generation",
        "question": "How are keys generated?",
        "choice": "Counter",
        "rationale": "No collisions, and the counter is sharded by range.",
        "concepts": ["unique-id-generation"],
    },
    "Risk": {
        "risk": "The key store is a single point of failure.",
        "kind": "single-point-of-failure",
        "mitigation": "Replicate it three ways across zones.",
        "concepts": ["replication"],
    },
    "Metric": {"metric": "Redirect latency p99", "alert": "Above 20 ms for 5 minutes."},
    "Reading": {
        "title": "Consistent hashing and random trees",
        "url": "https://example.com/papers/consistent-hashing.pdf",
    },
    "Concept": {
        "id": "consistent-hashing",
        "title": "Consistent hashing",
        "aliases": ["hash ring"],
        "summary": "Spread keys over nodes so that adding a node moves few keys.",
        "how_it_works": "Nodes and keys hash onto the same ring; a key belongs to the next node.",
        "when_to_use": "When nodes join and leave and reshuffling every key would be too costly.",
        "trade_offs": "Uneven load without virtual nodes; lookups need the ring's current state.",
    },
}


def example_for(model: str, field: str) -> tuple[bool, Any]:
    """(True, example) when there is one, else (False, None)."""
    fields = EXAMPLES.get(model, {})
    if field in fields:
        return True, fields[field]
    return False, None
