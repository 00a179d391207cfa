"""Edit to preview: the time from saving a case study to the preview server serving the change.

    python bench/preview.py [PROJECT] [--size 100] --builder mkdocs --rounds 7

Starts the builder's preview server on PROJECT (`mkdocs serve --livereload`, or `casebook
watch` beside `zensical serve`), waits for its first build, then edits one case study's summary
`--rounds` times. Each round writes a new marker into the summary and polls the case study's
page until the server serves it; the server holds requests while it rebuilds, so that is when a
reloading browser would show the edit. After each round it waits for the server to settle and
counts the rebuilds the edit caused (mkdocs logs one "Detected file changes" per rebuild;
Zensical one "Build finished"): one is right, two means the generator's own writes triggered
another. Then it times a full rebuild after the same edit (`mkdocs build`, or `casebook build`
and `zensical build`), `--full-rounds` times, on the same machine in the same run. Prints the
medians, the spread, the rebuilds per edit and the ratio of the preview to the full rebuild.
Without PROJECT it measures a synthetic catalogue of `--size` case studies (bench/synth.py), or
with `--bundled` a copy of this project's own catalogue. The targets of the edit-to-preview
median (1 s for the bundled catalogue, 2 s at 300 case studies, 3 s at 1,000) are printed as met
or not.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synth import make_catalogue

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
# What each builder logs once per rebuild, and where it serves the site.
REBUILT = {"mkdocs": "Detected file changes", "zensical": "Build finished"}
MOUNT = {"mkdocs": "/casebook/", "zensical": "/casebook/"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    processes: list[subprocess.Popen[bytes]]
    log: Path
    base: str

    def stop(self) -> None:
        for process in self.processes:  # each started here, in its own process group
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)

    def cpu(self) -> float:
        """CPU seconds (user and system) the server processes have used so far."""
        total = 0.0
        for process in self.processes:
            try:
                fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return total

    def rebuilds(self, builder: str) -> int:
        return self.log.read_text(errors="replace").count(REBUILT[builder])


def start(project: Path, builder: str, log: Path) -> Server:
    port = free_port()
    out = log.open("wb")
    if builder == "mkdocs":
        commands = [[str(BIN / "mkdocs"), "serve", "--livereload", "-a", f"127.0.0.1:{port}"]]
    else:
        subprocess.run([str(BIN / "casebook"), "build"], cwd=project, env=ENV, check=True)
        commands = [
            [str(BIN / "casebook"), "watch"],
            [str(BIN / "zensical"), "serve", "-f", "casebook-site.yml", "-a", f"127.0.0.1:{port}"],
        ]
    processes = [
        subprocess.Popen(
            c, cwd=project, env=ENV, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        for c in commands
    ]
    return Server(processes, log, f"http://127.0.0.1:{port}{MOUNT[builder]}")


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return str(response.read().decode("utf-8", "replace"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, marker: str, timeout: float) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        body = fetch(url)
        if body is not None and marker in body:
            return time.perf_counter() - start
        time.sleep(0.02)
    raise TimeoutError(f"{url} did not show {marker!r} within {timeout:.0f} s")


def edit(file: Path, marker: str) -> None:
    """Put `marker` at the start of the summary, in place of the previous round's."""
    text = file.read_text(encoding="utf-8")
    edited = re.sub(
        r"^summary: (Edited-\d+-\d+ )?", f"summary: {marker} ", text, count=1, flags=re.M
    )
    assert edited != text, f"no summary in {file}"
    file.write_text(edited, encoding="utf-8")


@dataclass(frozen=True)
class Result:
    times: list[float]  # wall seconds from the save to the page served with the edit
    cpu: list[float]  # CPU seconds the server used in that time: what an idle machine takes
    rebuilds: list[int]

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)


def measure(project: Path, builder: str, case_id: str, rounds: int, settle: float = 3.0) -> Result:
    """Edit `case_id` `rounds` times under a running preview server."""
    server = start(project, builder, project / f"serve-{builder}.log")
    url = f"{server.base}case-studies/{case_id}/"
    file = project / "case_studies" / f"{case_id}.yaml"
    times: list[float] = []
    cpu: list[float] = []
    rebuilds: list[int] = []
    try:
        wait_for(url, "</html>", timeout=3600)  # the first, full build
        time.sleep(settle)
        for i in range(rounds):
            before = server.rebuilds(builder)
            marker = f"Edited-{os.getpid()}-{i}"
            used = server.cpu()
            edit(file, marker)
            times.append(wait_for(url, marker, timeout=600))
            cpu.append(server.cpu() - used)
            time.sleep(settle)
            rebuilds.append(server.rebuilds(builder) - before)
    finally:
        server.stop()
    return Result(times, cpu, rebuilds)


FULL = {  # the full rebuild each builder's preview saves: generate, then build the whole site
    "mkdocs": [["mkdocs", "build", "--clean"]],
    "zensical": [
        ["casebook", "build"],
        ["zensical", "build", "--clean", "-f", "casebook-site.yml"],
    ],
}


def full_rebuild(project: Path, builder: str, file: Path, rounds: int) -> list[float]:
    """Wall seconds of a full build after the same edit, `rounds` times."""
    times: list[float] = []
    for i in range(rounds):
        edit(file, f"Edited-{os.getpid()}-full-{i}")
        start = time.perf_counter()
        for command in FULL[builder]:
            run = [str(BIN / command[0]), *command[1:]]
            subprocess.run(run, cwd=project, env=ENV, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def target(size: int, bundled: bool) -> float:
    """The issue's edit-to-preview targets: 1 s for the bundled catalogue, 2 s at 300, 3 s at
    1,000 (in between, the next larger size's)."""
    return 1.0 if bundled else 2.0 if size <= 300 else 3.0


def bundled_copy(dest: Path) -> Path:
    """This project's sources (not its generated pages) copied to `dest`, to edit freely."""
    shutil.rmtree(dest, ignore_errors=True)
    ignore = shutil.ignore_patterns("case-studies", "concepts", "checklists", "reference")
    for name in ("mkdocs.yml", "templates", "docs", "overrides", "case_studies"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=ignore)
        else:
            shutil.copy2(src, dest / name)
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path, nargs="?", help="default: a synthetic catalogue")
    parser.add_argument("--size", type=int, default=100, help="case studies of the synthetic one")
    parser.add_argument("--bundled", action="store_true", help="this project's own catalogue")
    parser.add_argument("--builder", choices=sorted(REBUILT), default="mkdocs")
    parser.add_argument("--case", default="")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--full-rounds", type=int, default=3)
    args = parser.parse_args()
    if args.bundled:
        project = bundled_copy(OUT / "preview-bundled")
    else:
        project = args.project or make_catalogue(OUT / f"preview-n{args.size}", args.size)
    project = project.resolve()
    size = len(list((project / "case_studies").glob("*.yaml")))
    case_id = args.case or sorted((project / "case_studies").glob("*.yaml"))[0].stem
    result = measure(project, args.builder, case_id, args.rounds)
    file = project / "case_studies" / f"{case_id}.yaml"
    full = statistics.median(full_rebuild(project, args.builder, file, args.full_rounds))
    goal = target(size, args.bundled)
    print(
        f"{args.builder}, {size} case studies{' (bundled)' if args.bundled else ''}: "
        f"edit to preview median {result.median:.2f} s over {len(result.times)} edits "
        f"(min {min(result.times):.2f}, max {max(result.times):.2f}), "
        f"CPU {result.cpu_median:.2f} s; rebuilds per edit {result.rebuilds}; "
        f"full rebuild median {full:.2f} s over {args.full_rounds}; "
        f"preview / full rebuild {result.median / full:.2f}; "
        f"target <= {goal:g} s {'met' if result.median <= goal else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
