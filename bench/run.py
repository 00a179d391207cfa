"""Benchmark: the generator and the site build at catalogue scale, as ratios measured in one run.

    python bench/run.py                 # sizes 1000 and 5000 (takes a while)
    python bench/run.py --sizes 100     # quick run

For each size it builds a synthetic catalogue (bench/synth.py) and measures, side by side:
the generator stages (load, validate, enrich, render, write), the full `mkdocs build`, a no-op
rerun of the generator, one edited case study (from scratch, and with the build cache that a
long-lived run keeps), and the baseline: the same generated Markdown built as a naive flat
mkdocs-material site (no sections, no pruning). It prints a table of times, ratios, peak
memory and site size per page. Machines are noisy: read the ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synth import make_catalogue
from generator.commands.progress import Timings
from generator.pipeline import build, build_site
from generator.project import Project
from generator.write.cache import BuildCache

OUT = Path(__file__).resolve().parent / "out"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
TARGETS = {
    "generator share at 1000": "<= 10 % of the full build",
    "full / flat baseline at 1000": "<= 0.35",
    "full 5000 / full 1000": "<= 5.5",
    "peak memory at 5000": "<= 2 GB",
    "no-op rerun / first run": "<= 10 %, 0 files written",
    "edit with cache / edit without": "lower is better",
}


def timed(cmd: list[str], cwd: Path) -> tuple[float, int]:
    """Wall time and peak resident memory (KB) of a command, via GNU time."""
    start = time.perf_counter()
    result = subprocess.run(
        ["/usr/bin/time", "-f", "%M", *cmd], cwd=cwd, env=ENV, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"command failed in {cwd}: {' '.join(cmd)}\n{result.stderr[-3000:]}")
    return elapsed, int(result.stderr.strip().splitlines()[-1])


def site_stats(site: Path) -> tuple[int, int]:
    pages = [p for p in site.rglob("*.html")]
    return len(pages), sum(p.stat().st_size for p in pages)


def edit_times(project: Path, repeats: int = 3) -> tuple[float, float]:
    """Median seconds of the generator after one edited title: from scratch, and with the
    build cache that `casebook watch` and `mkdocs serve` keep. Interleaved, so that both see
    the same machine."""
    file = project / "case_studies" / "case-00001.yaml"
    cache = BuildCache()
    build_site(Project.at(project), cache=cache)
    times: dict[bool, list[float]] = {False: [], True: []}
    for i in range(repeats):
        for cached in (False, True):
            text = file.read_text(encoding="utf-8")
            edited = re.sub(
                r"\(variant 1[^)]*\)", f"(variant 1, edit {i}{cached:d})", text, count=1
            )
            file.write_text(edited, encoding="utf-8")
            start = time.perf_counter()
            build_site(Project.at(project), cache=cache if cached else None)
            times[cached].append(time.perf_counter() - start)
    return statistics.median(times[False]), statistics.median(times[True])


def flat_baseline(project: Path) -> Path:
    """The generated Markdown as a naive site: flat explicit nav, no sections, no pruning."""
    flat = project.parent / f"{project.name}-flat"
    if flat.exists():
        shutil.rmtree(flat)
    shutil.copytree(project / "docs", flat / "docs")
    pages = sorted(p.relative_to(flat / "docs").as_posix() for p in (flat / "docs").rglob("*.md"))
    config = {
        "site_name": "Flat baseline",
        "theme": {"name": "material", "font": False, "features": ["navigation.instant"]},
        "plugins": ["search"],
        "markdown_extensions": [
            "admonition",
            "attr_list",
            "tables",
            "def_list",
            "footnotes",
            "toc",
            "pymdownx.details",
            "pymdownx.superfences",
            "pymdownx.tasklist",
        ],
        "nav": pages,
    }
    (flat / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return flat


def measure(size: int, baseline: bool) -> dict[str, float]:
    project = make_catalogue(OUT / f"n{size}", size)
    row: dict[str, float] = {"size": size}

    timings = Timings()
    start = time.perf_counter()
    first = build(Project.at(project), timings=timings)
    row["generator_s"] = time.perf_counter() - start
    row["files_written"] = len(first.written)
    for stage, seconds in timings.stages.items():
        row[f"{stage}_s"] = seconds

    start = time.perf_counter()
    rerun = build(Project.at(project))
    row["rerun_s"] = time.perf_counter() - start
    row["rerun_written"] = len(rerun.written)

    edited = project / "case_studies" / "case-00000.yaml"
    edited.write_text(edited.read_text().replace("(variant 0)", "(variant 0, edited)"))
    row["edit_written"] = len(build(Project.at(project)).written)
    row["edit_s"], row["edit_cached_s"] = edit_times(project)

    row["full_s"], row["full_kb"] = timed([sys.executable, "-m", "mkdocs", "build"], project)
    pages, size_bytes = site_stats(project / "site")
    row["pages"] = pages
    row["kb_per_page"] = size_bytes / pages / 1000
    if baseline:
        flat = flat_baseline(project)
        row["flat_s"], row["flat_kb"] = timed([sys.executable, "-m", "mkdocs", "build"], flat)
        flat_pages, flat_bytes = site_stats(flat / "site")
        row["flat_kb_per_page"] = flat_bytes / flat_pages / 1000
    return row


def report(rows: list[dict[str, float]]) -> str:
    lines = [
        f"machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "",
        "| size | generator s | load | validate | enrich | render | write | full build s "
        "| gen share | peak MB | KB/page | rerun s (written) | edit one: written | flat s "
        "| full/flat | flat KB/page |",
        "|" + "---|" * 16,
    ]
    for r in rows:
        flat = r.get("flat_s")
        flat_s = f"{flat:.1f}" if flat else "-"
        ratio = f"{r['full_s'] / flat:.2f}" if flat else "-"
        flat_page = f"{r['flat_kb_per_page']:.0f}" if flat else "-"
        lines.append(
            f"| {r['size']:.0f} | {r['generator_s']:.2f} | {r.get('load_s', 0):.2f} "
            f"| {r.get('validate_s', 0):.2f} | {r.get('enrich_s', 0):.2f} "
            f"| {r.get('render_s', 0):.2f} | {r.get('write_s', 0):.2f} | {r['full_s']:.1f} "
            f"| {100 * r['generator_s'] / r['full_s']:.1f} % | {r['full_kb'] / 1000:.0f} "
            f"| {r['kb_per_page']:.0f} | {r['rerun_s']:.2f} ({r['rerun_written']:.0f}) "
            f"| {r['edit_written']:.0f} | {flat_s} | {ratio} | {flat_page} |"
        )
    by_size = {int(r["size"]): r for r in rows}
    lines += ["", "| target | wanted | measured |", "|---|---|---|"]
    if 1000 in by_size:
        r = by_size[1000]
        lines.append(
            f"| generator share at 1000 | {TARGETS['generator share at 1000']} "
            f"| {100 * r['generator_s'] / r['full_s']:.1f} % |"
        )
        if "flat_s" in r:
            lines.append(
                f"| full / flat baseline at 1000 | {TARGETS['full / flat baseline at 1000']} "
                f"| {r['full_s'] / r['flat_s']:.2f} |"
            )
    if 1000 in by_size and 5000 in by_size:
        lines.append(
            f"| full 5000 / full 1000 | {TARGETS['full 5000 / full 1000']} "
            f"| {by_size[5000]['full_s'] / by_size[1000]['full_s']:.2f} |"
        )
    if 5000 in by_size:
        lines.append(
            f"| peak memory at 5000 | {TARGETS['peak memory at 5000']} "
            f"| {by_size[5000]['full_kb'] / 1e6:.2f} GB |"
        )
    for r in rows:
        lines.append(
            f"| no-op rerun / first run at {r['size']:.0f} "
            f"| {TARGETS['no-op rerun / first run']} "
            f"| {100 * r['rerun_s'] / r['generator_s']:.1f} %, "
            f"{r['rerun_written']:.0f} files |"
        )
    for r in rows:
        lines.append(
            f"| edit with cache / edit without at {r['size']:.0f} "
            f"| {TARGETS['edit with cache / edit without']} "
            f"| {r['edit_cached_s'] / r['edit_s']:.2f} "
            f"({r['edit_cached_s']:.2f} s / {r['edit_s']:.2f} s, medians of 3) |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument(
        "--baseline-max",
        type=int,
        default=1000,
        help="build the flat baseline only up to this size (it grows quadratically)",
    )
    parser.add_argument("--json", type=Path, help="also write the raw measurements here")
    args = parser.parse_args()
    rows = []
    for size in args.sizes:
        print(f"measuring {size} case studies...", file=sys.stderr, flush=True)
        rows.append(measure(size, baseline=size <= args.baseline_max))
    print(report(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n")


if __name__ == "__main__":
    main()
