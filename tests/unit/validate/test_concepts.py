"""The concept catalogue: validation with located problems, references from case studies, and the
generated concept pages with their backlinks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.markup import escape
from generator.pipeline import generate, load_concepts
from generator.problems.problem import CODES, Severity
from generator.project import Project
from generator.validate.concepts import validate_concepts
from tests.conftest import FIXTURES, ROOT

FIXTURES = FIXTURES / "concepts"

# The ids case studies refer to; each must stay in the bundled catalogue.
REQUIRED_IDS = {
    "load-balancer", "cache", "cdn", "sharding", "consistent-hashing", "replication",
    "sql-database", "wide-column-store", "key-value-store", "document-store", "object-storage",
    "search-index", "message-queue", "pub-sub", "stream-log", "rate-limiting", "api-gateway",
    "idempotency", "unique-id-generation", "bloom-filter", "geospatial-index", "websocket",
    "fan-out", "cap-and-consistency", "leader-election", "failure-detection", "circuit-breaker",
    "backpressure", "monitoring", "data-retention",
}  # fmt: skip


def project(tmp_path: Path, catalogue: str, *cases: tuple[str, str]) -> Path:
    """A project folder: the given case-study texts plus a fixture concept catalogue."""
    folder = tmp_path / "case_studies"
    shutil.copytree(FIXTURES / catalogue, folder / "concepts")
    for name, text in cases:
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def demo_text() -> str:
    return (FIXTURES / "links-demo.yaml").read_text(encoding="utf-8")


def fixed_demo_text() -> str:
    """The demo with its deliberate mistakes corrected (and one repeated reference)."""
    return (
        demo_text()
        .replace("[cach, partitioning, cdn]", "[cache, sharding, cdn, cache]")
        .replace("Acount.account_id", "Account.account_id")
    )


def errors_of(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, list[str]]:
    """`casebook validate` in `root`: exit code and the error lines (warnings left out)."""
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["validate"])
    lines = [
        line for line in result.stdout.splitlines()
        if CODES[line.split(": ")[1].split()[0]].severity is Severity.ERROR
    ]  # fmt: skip
    return result.exit_code, lines


def test_misspelt_concepts_give_one_located_error_each(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(tmp_path, "catalogue", ("links-demo", demo_text()))
    assert errors_of(root, monkeypatch) == (
        1,
        [
            "case_studies/links-demo.yaml:33:68: CS303 data_model.entities[1].fields[1]."
            "references: 'Acount.account_id' is not an Entity.field of this data model "
            "(did you mean 'Account.account_id'?)",
            # A typo is matched against ids…
            "case_studies/links-demo.yaml:47:18: CS104 high_level_design.components[1].concepts: "
            "unknown concept 'cach' (did you mean 'cache'?)",
            # …and an alias is not an id, but leads to its concept.
            "case_studies/links-demo.yaml:47:24: CS104 high_level_design.components[1].concepts: "
            "unknown concept 'partitioning' (did you mean 'sharding'?)",
        ],
    )


def test_block_style_concept_list_is_located_at_the_item(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = fixed_demo_text().replace(
        "      concepts: [sharding]\n",
        "      concepts:\n        - sharding\n        - zzz-unknown\n",
    )
    root = project(tmp_path, "catalogue", ("links-demo", text))
    assert errors_of(root, monkeypatch) == (
        1,
        [
            "case_studies/links-demo.yaml:40:11: CS104 data_model.storage[0].concepts: "
            "unknown concept 'zzz-unknown'",
        ],
    )


def test_a_broken_concept_file_is_reported_once_not_at_every_reference(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(tmp_path, "catalogue", ("links-demo", fixed_demo_text()))
    (root / "case_studies" / "concepts" / "cdn.yaml").write_text("id: cdn\ntitle: CDN\n")
    # Its three references in links-demo.yaml are not reported as unknown concepts.
    assert errors_of(root, monkeypatch) == (
        1,
        [
            f"case_studies/concepts/cdn.yaml:1:1: CS102 missing required field '{name}' in document"
            for name in ("further_reading", "how_it_works", "summary", "trade_offs", "when_to_use")
        ],
    )


def test_concept_file_problems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(tmp_path, "bad-catalogue")
    assert errors_of(root, monkeypatch) == (
        1,
        [
            "case_studies/concepts/cache.yaml:1:5: CS105 id 'caches' does not match the file "
            "name 'cache.yaml'",
            "case_studies/concepts/queue.yaml:3:22: CS301 alias 'caching' is already an alias "
            "of concept 'caches'",
            "case_studies/concepts/queue.yaml:3:31: CS301 alias 'Job-Queue' repeats alias "
            "'job queue'",
            "case_studies/concepts/queue.yaml:3:42: CS301 alias 'stream' is the id of concept "
            "'stream'",
            "case_studies/concepts/queue.yaml:10:10: CS302 further reading 'Message queue' must "
            "link to an https:// address, got 'http://en.wikipedia.org/wiki/Message_queue'",
            "case_studies/concepts/queue.yaml:12:10: CS302 further reading 'A local note' must "
            "link to an https:// address, got '/notes/queue.html'",
            "case_studies/concepts/stream.yaml:7:1: CS101 unknown field 'further_readings' "
            "(did you mean 'further_reading'?)",
        ],
    )


def test_unsafe_link_in_concept_prose(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(tmp_path, "catalogue")
    cdn = root / "case_studies" / "concepts" / "cdn.yaml"
    cdn.write_text(
        cdn.read_text().replace(
            "how_it_works: Edge servers cache responses.",
            "how_it_works: Edge [servers](javascript:alert(1)) cache responses.",
        )
    )
    assert errors_of(root, monkeypatch) == (
        1,
        [
            "case_studies/concepts/cdn.yaml:4:15: CS111 how_it_works: unsafe link "
            "'javascript:alert(1' (use http, https or mailto)",
        ],
    )


def test_headings_and_html_in_concept_prose_are_warnings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(tmp_path, "catalogue")
    cdn = root / "case_studies" / "concepts" / "cdn.yaml"
    text = cdn.read_text().replace("when_to_use: Static", "when_to_use: <em>Static</em>")
    cdn.write_text(text.replace("trade_offs: Purges take time.", "trade_offs: |\n  # Purges\n"))
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "case_studies/concepts/cdn.yaml:5:14: CS114 when_to_use: raw HTML '<em>' is shown as "
        "literal text; write it as Markdown, or as code in backticks",
        "case_studies/concepts/cdn.yaml:6:13: CS114 trade_offs: heading '# Purges' is shown as "
        "literal text (the page's headings are its steps and sections); use bold text or a list",
    ]


def test_bundled_catalogue_has_every_required_concept_and_no_problems() -> None:
    docs, load_problems = load_concepts(Project.at(ROOT))
    catalogue, problems = validate_concepts(docs)
    assert load_problems == []
    assert [p.format() for p in problems] == []
    assert set(catalogue.concepts) >= REQUIRED_IDS
    assert len(catalogue.concepts) >= 30
    for concept in catalogue.concepts.values():
        prose = concept.how_it_works + concept.when_to_use + concept.trade_offs
        assert len(prose.split()) >= 150, f"{concept.id} is too short to be useful"


@pytest.fixture()
def pages(tmp_path: Path) -> dict[str, str]:
    second = (
        fixed_demo_text()
        .replace("id: links-demo", "id: second-demo")
        .replace("title: Design a link demo", "title: Design a second demo")
        .replace("tags: [caching]", "related: [links-demo]")
    )
    root = project(
        tmp_path, "catalogue", ("links-demo", fixed_demo_text()), ("second-demo", second)
    )
    prj = Project(root, root / "case_studies", ROOT / "templates", root / "docs")
    _, generated = generate(prj)
    return {page.path: page.text for page in generated}


def test_concept_page_has_its_content_then_every_use_at_its_steps(pages: dict[str, str]) -> None:
    page = pages["concepts/cache.md"]
    assert page.startswith(
        '---\ntitle: "Cache"\ndescription: "Keeps hot data in memory."\nsearch:\n'
        '  boost: 4  # a concept\'s own page first when its name is searched\nedit_url: ""\n---\n\n# Cache\n\n'
        "Keeps hot data in memory.\n\n*Also known as:* caching, LRU cache.\n\n"
        "## How it works {#how-it-works}\n\nReads hit memory first.\n\n"
        "## When to use it {#when-to-use}\n\nRead-heavy traffic.\n\n"
        "## Trade-offs {#trade-offs}\n\n- Stale entries.\n- Cold starts.\n\n"
    )
    assert page.endswith(
        "## Further reading {#further-reading}\n\n"
        "- [Cache (computing)](https://en.wikipedia.org/wiki/Cache_%28computing%29)\n\n"
        "## Used in {#used-in data-search-exclude}\n\n"
        "- [Design a link demo](../case-studies/links-demo.md): "
        "[5. High-level design](../case-studies/links-demo.md#step-5-high-level-design), "
        "[6. Detailed design](../case-studies/links-demo.md#step-6-detailed-design), "
        "[7. Bottlenecks](../case-studies/links-demo.md#step-7-bottlenecks)\n"
        "- [Design a second demo](../case-studies/second-demo.md): "
        "[5. High-level design](../case-studies/second-demo.md#step-5-high-level-design), "
        "[6. Detailed design](../case-studies/second-demo.md#step-6-detailed-design), "
        "[7. Bottlenecks](../case-studies/second-demo.md#step-7-bottlenecks)\n"
    )
    assert (
        "- [Design a link demo](../case-studies/links-demo.md): " in pages["concepts/sharding.md"]
    )
    assert (
        "[4. Data model](../case-studies/links-demo.md#step-4-data-model), "
        "[5. High-level design](../case-studies/links-demo.md#step-5-high-level-design)\n"
    ) in pages["concepts/sharding.md"]


def test_unused_concept_says_so(tmp_path: Path) -> None:
    root = project(tmp_path, "catalogue")
    prj = Project(root, root / "case_studies", ROOT / "templates", root / "docs")
    _, generated = generate(prj)
    page = {p.path: p.text for p in generated}["concepts/cdn.md"]
    assert page.endswith(
        "## Used in {#used-in data-search-exclude}\n\nNo case study uses this concept yet.\n"
    )


def test_concept_index_lists_concepts_by_title_with_use_counts(pages: dict[str, str]) -> None:
    assert pages["concepts/index.md"].endswith(
        "| Concept | Summary | Case studies |\n| --- | --- | ---: |\n"
        "| [Cache](cache.md) | Keeps hot data in memory. | 2 |\n"
        "| [Content delivery network](cdn.md) | Serves cacheable responses near users. | 2 |\n"
        "| [Sharding](sharding.md) | Splits data by key over many nodes. | 2 |\n"
    )


def test_case_page_links_its_concepts_where_they_are_used(pages: dict[str, str]) -> None:
    page = pages["case-studies/links-demo.md"]
    cache, cdn = "[Cache](../concepts/cache.md)", "[Content delivery network](../concepts/cdn.md)"
    sharding = "[Sharding](../concepts/sharding.md)"

    # A storage choice's why, a component's role (repeats dropped), a decision, a risk; each
    # list kept out of search, where it would repeat the concepts' own titles.
    def listed(links: str) -> str:
        return f"<span data-search-exclude><em>Concepts:</em> {links}</span>"

    assert f"| Key-value store | Links. | Single-key reads. {listed(sharding)} |\n" in page
    assert (
        f"| API (`api`) | service | Resolves keys. {listed(f'{cache}, {sharding}, {cdn}')} |\n"
        in page
    )
    assert f"    Simplest.\n\n{listed(cache)}\n\n## 7. Bottlenecks" in page
    assert f"| Hot keys. | hot-spot | Cache them. {listed(f'{cache}, {cdn}')} |\n" in page
    assert page.startswith(
        '---\ntitle: "Design a link demo"\ndescription: "A small case study that refers to '
        'concepts."\ntags:\n  - "caching"\nedit_url: ""\n---\n'
    )


def test_related_section_shows_explicit_links_in_both_directions(pages: dict[str, str]) -> None:
    shared = (
        "*Shared concepts:* [Cache](../concepts/cache.md), [Content delivery network]"
        "(../concepts/cdn.md), [Sharding](../concepts/sharding.md).\n"
    )
    # second-demo lists links-demo; links-demo shows second-demo without listing it.
    pager = '{: .casebook-pager role="navigation" aria-label="Previous and next case study" }\n'
    assert pages["case-studies/links-demo.md"].endswith(
        "## Related case studies {#related data-search-exclude}\n\n- [Design a second demo](second-demo.md) — "
        "A small case study that refers to concepts. "
        + shared
        + "\n[Design a second demo →](second-demo.md){ .casebook-next }\n"
        + pager
    )
    assert pages["case-studies/second-demo.md"].endswith(
        "## Related case studies {#related data-search-exclude}\n\n- [Design a link demo](links-demo.md) — "
        "A small case study that refers to concepts. "
        + shared
        + "\n[← Design a link demo](links-demo.md){ .casebook-previous }\n"
        + pager
    )


def test_case_page_has_both_diagrams(pages: dict[str, str]) -> None:
    page = pages["case-studies/links-demo.md"]
    assert (
        "## 5. High-level design {#step-5-high-level-design}\n\nClients call the API.\n\n"
        "```mermaid\nflowchart TB\n"
        '    n1(["Browser"])\n    n2["API"]\n    n1 -->|"GET /#123;key#125;"| n2\n'
        '    click n2 href "../../concepts/cache/"\n```\n'
    ) in page
    assert (
        "## 4. Data model {#step-4-data-model}\n\n```mermaid\nerDiagram\n"
        '    e1["Account"] {\n        bigint account_id PK\n    }\n'
        '    e2["Link"] {\n        char(7) key PK\n        bigint owner_id FK\n    }\n'
        '    e1 ||--o{ e2 : "owner_id"\n```\n'
    ) in page


def test_further_reading_address_cannot_end_the_link_early() -> None:
    assert escape.url('https://example.org/a (b)\n"c" <d>\\e') == (
        "https://example.org/a%20%28b%29%0A%22c%22%20%3Cd%3E%5Ce"
    )
    assert escape.url("https://en.wikipedia.org/wiki/Cache_(computing)#Policies") == (
        "https://en.wikipedia.org/wiki/Cache_%28computing%29#Policies"
    )
