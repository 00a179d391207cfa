"""The link check over the built site: missing files, missing anchors, unsafe schemes."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.site.linkcheck import check_site, main

from tests.conftest import BuiltSite


def write(site: Path, path: str, html: str) -> None:
    target = site / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html)


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    write(
        root,
        "index.html",
        '<h1 id="top">Home</h1>\n<a href="guide/">Guide</a>\n'
        '<a href="guide/#setup">Setup</a>\n<img src="assets/logo.png">\n',
    )
    write(
        root,
        "guide/index.html",
        '<h2 id="setup">Setup</h2>\n<a href="../#top">Top</a>\n'
        '<a href="#setup">Here</a>\n<a href="https://example.com/x">x</a>\n'
        '<a href="mailto:a@example.com">mail</a>\n',
    )
    write(root, "assets/logo.png", "")
    return root


def test_a_consistent_site_has_no_broken_links(site: Path) -> None:
    assert list(check_site(site)) == []


def test_every_kind_of_broken_link_is_reported_with_its_line(site: Path) -> None:
    write(
        site,
        "guide/index.html",
        (site / "guide" / "index.html").read_text()
        + (
            '<a href="../missing/">gone</a>\n'
            '<a href="../#nowhere">no anchor</a>\n'
            '<a href="javascript:alert(1)">bad</a>\n'
            '<a href="../../../etc/passwd">outside</a>\n'
        ),
    )
    assert [b.format() for b in check_site(site)] == [
        "guide/index.html:6: no such file: ../missing/",
        "guide/index.html:7: no such anchor: ../#nowhere",
        "guide/index.html:8: link with a disallowed scheme: javascript:alert(1)",
        "guide/index.html:9: no such file: ../../../etc/passwd",
    ]


def test_site_absolute_links_use_the_published_base_path(site: Path) -> None:
    home = (site / "index.html").read_text()
    canonical = '<link rel="canonical" href="https://example.com/casebook/">\n'
    write(site, "index.html", canonical + home)
    write(
        site,
        "404.html",
        '<a href="/casebook/">Home</a>\n<img src="/casebook/assets/logo.png">\n'
        '<a href="/casebook/guide/#setup">Setup</a>\n<a href="/casebook">Home</a>\n'
        '<a href="/elsewhere/logo.png">x</a>\n<a href="/casebook/nope/">y</a>\n',
    )
    assert [b.format() for b in check_site(site)] == [
        "404.html:5: no such file: /elsewhere/logo.png",
        "404.html:6: no such file: /casebook/nope/",
    ]


def test_main_prints_problems_and_a_summary(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(site, "index.html", '<a href="nope.html">x</a>\n')  # and no more id="top"
    assert main([str(site)]) == 1
    out, err = capsys.readouterr()
    assert out == (
        "guide/index.html:2: no such anchor: ../#top\nindex.html:1: no such file: nope.html\n"
    )
    assert err == "2 pages checked, 2 broken links\n"


def test_main_needs_a_built_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "site")]) == 2
    assert "build the site first" in capsys.readouterr().err


@pytest.mark.slow
def test_the_built_site_has_no_broken_links(built_site: BuiltSite) -> None:
    assert [b.format() for b in check_site(built_site.site)] == []
