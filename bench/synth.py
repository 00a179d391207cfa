"""A synthetic catalogue of N case studies, derived from the bundled ones, deterministic by seed.

Each synthetic case study is a bundled one with a new id and title, a shuffled subset of its
text, and `related` links to other synthetic case studies, so pages keep a realistic size and
shape (seven steps, estimates, concepts, checklists, cross-links).
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path
from typing import Any

import yaml

from generator.load import parse

ROOT = Path(__file__).resolve().parent.parent
Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
GROUPS = 40  # synthetic tags, so that tag pages and sections grow with the catalogue


def bundled() -> list[dict[str, Any]]:
    """The bundled case studies as the generator reads them (`100e6` is a number there)."""
    out = []
    for path in sorted((ROOT / "case_studies").glob("*.yaml")):
        doc, _ = parse(path.read_text(encoding="utf-8"), path.name)
        assert doc is not None, path
        out.append(doc.data)
    return out


def add_group_tags(vocabulary: Path, count: int) -> None:
    """Declare the synthetic `group-N` tags in the copied tag vocabulary, so they validate."""
    doc, _ = parse(vocabulary.read_text(encoding="utf-8"), vocabulary.name)
    assert doc is not None, vocabulary
    data = doc.data
    data["tags"] += [{"id": f"group-{i}", "about": f"Synthetic group {i}."} for i in range(count)]
    vocabulary.write_text(yaml.dump(data, Dumper=Dumper, sort_keys=False), encoding="utf-8")


def make_catalogue(dest: Path, size: int, seed: int = 1, site: Path = ROOT) -> Path:
    """Write a project with `size` case studies under `dest`; returns the project folder.

    The content (case studies, concepts, method) is this checkout's; the site's sources
    (templates, hand-written pages, mkdocs.yml, theme overrides) are those of `site`, another
    release's checkout to build the same content with that release."""
    rng = random.Random(seed)
    sources = bundled()
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(site / "templates", dest / "templates")
    shutil.copytree(
        site / "docs",
        dest / "docs",
        ignore=shutil.ignore_patterns("case-studies", "concepts", "checklists", "reference"),
    )
    shutil.copy2(site / "mkdocs.yml", dest / "mkdocs.yml")
    if (site / "overrides").is_dir():  # theme overrides named by mkdocs.yml
        shutil.copytree(site / "overrides", dest / "overrides")
    cases = dest / "case_studies"
    cases.mkdir()
    for sub in (ROOT / "case_studies").iterdir():
        if sub.is_dir():  # concepts, method checklist: shared content, copied as is
            shutil.copytree(sub, cases / sub.name)
    add_group_tags(cases / "method" / "tags.yaml", GROUPS)
    ids = [f"case-{i:05d}" for i in range(size)]
    for i, case_id in enumerate(ids):
        doc = dict(sources[i % len(sources)])
        doc["id"] = case_id
        doc["title"] = f"{doc['title']} (variant {i})"
        others = rng.sample(ids, k=min(3, size - 1)) if size > 1 else []
        doc["related"] = sorted(o for o in others if o != case_id)
        doc["tags"] = sorted(set(doc.get("tags", [])) | {f"group-{i % GROUPS}"})
        (cases / f"{case_id}.yaml").write_text(
            yaml.dump(doc, Dumper=Dumper, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
    return dest
