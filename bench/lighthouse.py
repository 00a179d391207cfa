"""Lighthouse 12 on the built site, served from localhost with gzip as a static host would.

    python bench/lighthouse.py                  # builds the site first (mkdocs build --strict)
    python bench/lighthouse.py --no-build       # the site/ already there
    python bench/lighthouse.py --desktop        # desktop form factor instead of mobile

Prints the four category scores (performance, accessibility, best practices, SEO) per page, with
the page's first contentful paint and total transfer. Lighthouse comes from the npm registry
(package-lock.json, installed by scripts/browser-deps.sh) and drives Debian's /usr/bin/chromium.
A script, not a test: scores move with the machine's load, so read them, do not assert them.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
PAGES = {
    "home": "",
    "case study": "case-studies/url-shortener/",
    "finder": "checklists/",
    "comparison": "case-studies/comparison/",
    "concept": "concepts/consistent-hashing/",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed when the client accepts it (text types only)."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in COMPRESSIBLE):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        import io

        return io.BytesIO(body)


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(GzipHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def audit(url: str, desktop: bool) -> dict[str, Any]:
    command = [
        str(LIGHTHOUSE),
        url,
        f"--chrome-path={CHROMIUM}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
    ]
    if desktop:
        command.append("--preset=desktop")
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def summary(report: dict[str, Any]) -> list[str]:
    scores = [str(round(report["categories"][c]["score"] * 100)) for c in CATEGORIES]
    audits = report["audits"]
    fcp = audits["first-contentful-paint"]["displayValue"].replace("\xa0", " ")
    weight = audits["total-byte-weight"]["numericValue"] / 1000
    return [*scores, fcp, f"{weight:,.0f} KB"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-build", action="store_true", help="use the site/ already built")
    parser.add_argument("--desktop", action="store_true", help="desktop form factor")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} is missing: run scripts/browser-deps.sh")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    if not args.no_build:
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
            cwd=ROOT,
            env=env,
            check=True,
        )
    server, base = serve(ROOT / "site")
    heading = ["page", "performance", "accessibility", "best practices", "SEO", "FCP", "transfer"]
    rows = [heading]
    try:
        for name, path in PAGES.items():
            rows.append([name, *summary(audit(f"{base}/{path}", args.desktop))])
    finally:
        server.shutdown()
    widths = [max(len(row[i]) for row in rows) for i in range(len(heading))]
    print(f"Lighthouse, {'desktop' if args.desktop else 'mobile'}, gzip-served site:")
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
