"""Mermaid text generated from the YAML: exact output, and contributor text kept inert."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from generator.format.models import ComponentKind, DataModel, HighLevelDesign
from generator.markup.diagrams import er_diagram, flowchart, label


def hld_with_every_kind() -> HighLevelDesign:
    kinds = list(ComponentKind)
    return HighLevelDesign.model_validate(
        {
            "narrative": "Every kind of box.",
            "components": [
                {
                    "id": k.value.replace("-", "_"),
                    "name": f"The {k.value}",
                    "kind": k.value,
                    "description": "A box.",
                    "concepts": ["load-balancer", "cache"]
                    if k is ComponentKind.LOAD_BALANCER
                    else ["cdn"]
                    if k is ComponentKind.CDN
                    else [],
                }
                for k in kinds
            ],
            "flows": [
                {"from": "client", "to": "cdn", "label": "GET /{key}"},
                {"from": "cdn", "to": "load_balancer", "label": "misses"},
                {"from": "load_balancer", "to": "service", "label": "requests"},
                {"from": "service", "to": "database", "label": "reads & writes"},
            ],
        }
    )


def test_flowchart_has_a_shape_per_kind_labelled_edges_and_concept_links() -> None:
    assert flowchart(hld_with_every_kind()) == (
        "flowchart TB\n"
        '    n1(["The client"])\n'
        '    n2["The service"]\n'
        '    n3[("The database")]\n'
        '    n4{{"The cache"}}\n'
        '    n5>"The queue"]\n'
        '    n6("The blob-store")\n'
        '    n7(("The cdn"))\n'
        '    n8{"The load-balancer"}\n'
        '    n9[/"The gateway"\\]\n'
        '    n10[["The worker"]]\n'
        '    n11[/"The search"/]\n'
        '    n12[\\"The external"\\]\n'
        '    n1 -->|"GET /#123;key#125;"| n7\n'
        '    n7 -->|"misses"| n8\n'
        '    n8 -->|"requests"| n2\n'
        '    n2 -->|"reads #38; writes"| n3\n'
        '    click n7 href "../../concepts/cdn/"\n'
        '    click n8 href "../../concepts/load-balancer/"\n'
    )


def test_hostile_labels_become_entity_codes() -> None:
    hostile = (
        'API"] --> n1\nclick n1 call alert(1) %%{init: {"securityLevel": "loose"}}%%;'
        " <img src=x onerror=alert(1)> `**md**` #35; ﬂ°°60¶ß"
    )
    assert label(hostile) == (
        '"API#34;#93; --#62; n1 click n1 call alert(1) #37;#37;#123;init#58; '
        "#123;#34;securityLevel#34;#58; #34;loose#34;#125;#125;#37;#37;#59; "
        "#60;img src=x onerror=alert(1)#62; #96;#42;#42;md#42;#42;#96; #35;35#59; "
        '#64258;#176;#176;60#182;#223;"'
    )


def test_hostile_names_cannot_add_statements_to_a_flowchart() -> None:
    hld = HighLevelDesign.model_validate(
        {
            "narrative": "x",
            "components": [
                {
                    "id": "a",
                    "name": 'A"]\nclick b call x()\n%%',
                    "kind": "service",
                    "description": "x",
                },
                {"id": "b", "name": "B", "kind": "database", "description": "x"},
            ],
            "flows": [{"from": "a", "to": "b", "label": 'x"| n2\nstyle n2 fill:#f00'}],
        }
    )
    lines = flowchart(hld).splitlines()
    assert lines == [
        "flowchart TB",
        '    n1["A#34;#93; click b call x() #37;#37;"]',
        '    n2[("B")]',
        '    n1 -->|"x#34;#124; n2 style n2 fill#58;#35;f00"| n2',
    ]


@given(st.text())
def test_any_text_yields_one_quoted_label_of_safe_characters(text: str) -> None:
    out = label(text)
    assert re.fullmatch(r'"(?:[A-Za-z0-9 ,.\-_/\'?!+=@()]|#\d+;)*"', out)
    # Decoding the entity codes gives back the text, with whitespace runs made single spaces.
    decoded = re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), out[1:-1])
    assert decoded == " ".join(text.split())


def test_er_diagram_keys_references_and_bare_words() -> None:
    dm = DataModel.model_validate(
        {
            "entities": [
                {
                    "name": "Account",
                    "fields": [
                        {"name": "account_id", "type": "bigint", "key": "primary"},
                        {"name": "email", "type": "varchar(320)", "key": "unique"},
                        {"name": "pk", "type": "2fa secret"},
                    ],
                },
                {
                    "name": 'Link "by key"',
                    "fields": [
                        {"name": "key", "type": "char(7)", "key": "partition"},
                        {"name": "created at", "type": "timestamp", "key": "clustering"},
                        {
                            "name": "owner_id",
                            "type": "bigint",
                            "key": "foreign",
                            "references": "Account.account_id",
                        },
                        {"name": "state", "type": "enum(active, deleted)"},
                        {
                            "name": "copy_of",
                            "type": "map<text,int>",
                            "references": 'Link "by key".key',
                        },
                        {"name": "nowhere", "type": "int", "references": "Ghost.id"},
                    ],
                },
            ],
            "storage": [{"store": "KV", "holds": "Links.", "why": "Fast."}],
        }
    )
    assert er_diagram(dm) == (
        "erDiagram\n"
        '    e1["Account"] {\n'
        "        bigint account_id PK\n"
        "        varchar(320) email UK\n"
        "        _2fa_secret _pk\n"
        "    }\n"
        '    e2["Link #34;by key#34;"] {\n'
        '        char(7) key PK "partition key"\n'
        '        timestamp created_at PK "clustering key"\n'
        "        bigint owner_id FK\n"
        "        enum(active,deleted) state\n"
        "        map_text,int_ copy_of FK\n"
        "        int nowhere FK\n"
        "    }\n"
        '    e1 ||--o{ e2 : "owner_id"\n'
        '    e2 ||--o{ e2 : "copy_of"\n'
    )
