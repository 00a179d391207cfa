"""Benchmark: the generator and the site build at catalogue scale, as ratios measured in one run.

    python bench/run.py                 # sizes 1000 and 5000 (takes a while)
    python bench/run.py --sizes 100     # quick run

For each size it builds a synthetic catalogue (bench/synth.py) and measures, side by side: the
generator stages (load, validate, enrich, render, write; medians of three cold runs, each in a fresh
process), a cold full `mkdocs build` (the generator runs inside it, as for a reader's `make site`)
on every core and on one (`CASEBOOK_JOBS=1`), the same content built by an earlier release
(`--release`, a git ref: its code, templates and site sources, this checkout's case studies), a
no-op rerun, one edited case study (from scratch, and with the build cache a long-lived run keeps),
and a naive flat mkdocs-material site of the same generated Markdown. Peak memory is the most the
build's processes held at once (their proportional set sizes summed, sampled twice a second), so
work moved into child processes is counted. Machines are noisy: read the ratios.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synth import ROOT, make_catalogue
from generator.fork import JOBS_VARIABLE
from generator.markup.paths import OWNED_FOLDERS
from generator.pipeline import build, build_site
from generator.project import Project
from generator.write.cache import BuildCache

OUT = Path(__file__).resolve().parent / "out"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
RELEASE = "c9374019974b693e7026ee0942994b22cd015dc1"  # the release before the build's rework
TARGETS = {
    "generator share at 1000": "<= 10 % of the full build",
    "full / release at 1000": "<= 0.5",
    "full / flat baseline at 1000": "<= 0.35",
    "full 5000 / full 1000": "<= 5.5",
    "peak memory at 5000": "<= 2 GB",
    "no-op rerun / first run": "<= 10 %, 0 files written",
    "edit with cache / edit without": "lower is better",
}


def _tree(pid: int) -> list[int]:
    """`pid` and every process below it."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            with contextlib.suppress(OSError):
                todo += [int(c) for c in task.read_text().split()]
    return found


def _pss_kb(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
                    break
    return total


def timed(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, int]:
    """Wall time and peak memory (KB) of a command and the processes it starts, summed."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env or ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        # Reading a large process's PSS walks its page tables: every 50 ms that took about a
        # tenth of a 2-core machine from the build being timed; a peak lasts seconds.
        while not done.wait(0.5):
            peak = max(peak, _pss_kb(_tree(proc.pid)))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    done.set()
    sampler.join()
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"command failed in {cwd}: {' '.join(cmd)}\n{err[-3000:]}")
    return elapsed, peak


def cold_build(project: Path, env: dict[str, str] | None = None) -> tuple[float, int]:
    """A full `mkdocs build` with nothing generated yet: the generator runs inside it."""
    for folder in OWNED_FOLDERS:
        shutil.rmtree(project / "docs" / folder, ignore_errors=True)
    return timed([sys.executable, "-m", "mkdocs", "build", "--clean"], project, env)


def release_project(ref: str, size: int) -> tuple[Path, dict[str, str]]:
    """The same synthetic content with the release `ref`'s site sources, and the environment
    that runs that release's code (its checkout first on the import path)."""
    tree = OUT / f"release-{ref[:12]}"
    if not tree.exists():
        subprocess.run(["git", "worktree", "prune"], cwd=ROOT, check=True)
        subprocess.run(
            ["git", "worktree", "add", "--detach", "--force", str(tree), ref], cwd=ROOT, check=True
        )
    project = make_catalogue(OUT / f"n{size}-release", size, site=tree)
    return project, {**ENV, "PYTHONPATH": str(tree)}


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


# The generator's cold run as `casebook build` runs it: a fresh process, stage by stage.
_STAGES = """
import json, sys, time
from pathlib import Path
from generator.commands.progress import Timings
from generator.pipeline import build
from generator.project import Project
timings = Timings()
start = time.perf_counter()
report = build(Project.at(Path(sys.argv[1])), timings=timings)
row = {"generator_s": time.perf_counter() - start, "files_written": len(report.written)}
print(json.dumps({**row, **{f"{k}_s": v for k, v in timings.stages.items()}}))
"""


def generator_times(project: Path, repeats: int = 3) -> dict[str, float]:
    """Medians of the generator's cold runs, each in a fresh process with nothing generated
    yet. Not in this process: the heap it kept from making the catalogue made every stage
    about a third slower than a contributor's `casebook build`."""
    runs = []
    for _ in range(repeats):
        for folder in OWNED_FOLDERS:
            shutil.rmtree(project / "docs" / folder, ignore_errors=True)
        done = subprocess.run(
            [sys.executable, "-c", _STAGES, str(project)],
            cwd=ROOT,
            env=ENV,
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append(json.loads(done.stdout.splitlines()[-1]))
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def measure(size: int, baseline: bool, compare: bool, release: str | None) -> dict[str, float]:
    project = make_catalogue(OUT / f"n{size}", size)
    row: dict[str, float] = {"size": size, **generator_times(project)}

    start = time.perf_counter()
    rerun = build(Project.at(project))
    row["rerun_s"] = time.perf_counter() - start
    row["rerun_written"] = len(rerun.written)

    edited = project / "case_studies" / "case-00000.yaml"
    edited.write_text(edited.read_text().replace("(variant 0)", "(variant 0, edited)"))
    row["edit_written"] = len(build(Project.at(project)).written)
    row["edit_s"], row["edit_cached_s"] = edit_times(project)

    row["full_s"], row["full_kb"] = cold_build(project)
    pages, size_bytes = site_stats(project / "site")
    if compare:
        row["one_core_s"], row["one_core_kb"] = cold_build(project, {**ENV, JOBS_VARIABLE: "1"})
    if compare and release:
        old, env = release_project(release, size)
        row["release_s"], row["release_kb"] = cold_build(old, env)
    row["pages"] = pages
    row["kb_per_page"] = size_bytes / pages / 1000
    if baseline:
        flat = flat_baseline(project)
        row["flat_s"], row["flat_kb"] = timed([sys.executable, "-m", "mkdocs", "build"], flat)
        flat_pages, flat_bytes = site_stats(flat / "site")
        row["flat_kb_per_page"] = flat_bytes / flat_pages / 1000
    return row


def _ratio(r: dict[str, float], key: str) -> tuple[str, str]:
    """The measured seconds under `key` and the full build's ratio to them, or dashes."""
    value = r.get(key)
    return (f"{value:.1f}", f"{r['full_s'] / value:.2f}") if value else ("-", "-")


def report(rows: list[dict[str, float]]) -> str:
    lines = [
        f"machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "",
        "| size | generator s | load | validate | enrich | render | write | full build s "
        "| one core s | full/one core | release s | full/release | gen share | peak MB "
        "| KB/page | rerun s (written) | edit one: written | flat s | full/flat |",
        "|" + "---|" * 19,
    ]
    for r in rows:
        one, one_ratio = _ratio(r, "one_core_s")
        release, release_ratio = _ratio(r, "release_s")
        flat, flat_ratio = _ratio(r, "flat_s")
        lines.append(
            f"| {r['size']:.0f} | {r['generator_s']:.2f} | {r.get('load_s', 0):.2f} "
            f"| {r.get('validate_s', 0):.2f} | {r.get('enrich_s', 0):.2f} "
            f"| {r.get('render_s', 0):.2f} | {r.get('write_s', 0):.2f} | {r['full_s']:.1f} "
            f"| {one} | {one_ratio} | {release} | {release_ratio} "
            f"| {100 * r['generator_s'] / r['full_s']:.1f} % | {r['full_kb'] / 1000:.0f} "
            f"| {r['kb_per_page']:.0f} | {r['rerun_s']:.2f} ({r['rerun_written']:.0f}) "
            f"| {r['edit_written']:.0f} | {flat} | {flat_ratio} |"
        )
    by_size = {int(r["size"]): r for r in rows}
    lines += ["", "| target | wanted | measured |", "|---|---|---|"]
    if 1000 in by_size:
        r = by_size[1000]
        lines.append(
            f"| generator share at 1000 | {TARGETS['generator share at 1000']} "
            f"| {100 * r['generator_s'] / r['full_s']:.1f} % |"
        )
        if "release_s" in r:
            lines.append(
                f"| full / release at 1000 | {TARGETS['full / release at 1000']} "
                f"| {r['full_s'] / r['release_s']:.2f} ({r['full_s']:.1f} s / "
                f"{r['release_s']:.1f} s) |"
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
            f"| {by_size[5000]['full_kb'] / 1e6:.2f} GB (all processes) |"
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
    parser.add_argument(
        "--release",
        default=RELEASE,
        help="git ref of the release to build the same content with (empty: none)",
    )
    parser.add_argument("--json", type=Path, help="also write the raw measurements here")
    args = parser.parse_args()
    rows = []
    for size in args.sizes:
        print(f"measuring {size} case studies...", file=sys.stderr, flush=True)
        small = size <= args.baseline_max
        rows.append(measure(size, baseline=small, compare=small, release=args.release or None))
    print(report(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n")


if __name__ == "__main__":
    main()
