import os
import subprocess
from pathlib import Path

from generator.site.page_meta import fill_meta, last_updated, reading_minutes


def test_last_updated_is_the_date_of_each_file_s_last_commit(tmp_path: Path) -> None:
    def git(*args: str, date: str = "2026-01-02T10:00:00") -> None:
        env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
        subprocess.run(["git", *args], cwd=tmp_path, check=True, env=env, capture_output=True)

    git("init", "-q")
    git("config", "user.email", "a@example.org")
    git("config", "user.name", "A")
    (tmp_path / "case_studies").mkdir()
    (tmp_path / "case_studies" / "a.yaml").write_text("a\n")
    (tmp_path / "case_studies" / "b.yaml").write_text("b\n")
    git("add", ".")
    git("commit", "-qm", "one")
    (tmp_path / "case_studies" / "b.yaml").write_text("b2\n")
    git("commit", "-qam", "two", date="2026-03-04T10:00:00")
    assert last_updated(tmp_path, tmp_path / "case_studies") == {
        "case_studies/a.yaml": "2026-01-02",
        "case_studies/b.yaml": "2026-03-04",
    }


def test_no_git_history_no_dates(tmp_path: Path) -> None:
    assert last_updated(tmp_path, tmp_path) == {}


def test_the_line_under_the_title() -> None:
    page = "<h1>T</h1><p>" + "word " * 401 + "</p><pre>not counted " * 500 + "</pre>"
    assert reading_minutes(page) == 3  # 401 words and the title at 200 a minute, rounded up
    slot = '<h1>T</h1><p class="casebook-meta" data-source="case_studies/a.yaml"></p>'
    built = f"<body><article>{slot}<p>{'word ' * 250}</p></article><p>footer</p></body>"
    filled = fill_meta(built, {"case_studies/a.yaml": "2026-03-04"})
    assert filled == built.replace(
        'a.yaml"></p>',
        'a.yaml">Last updated <time datetime="2026-03-04">2026-03-04</time> · 2 min read</p>',
    )
    assert fill_meta(filled, {"case_studies/a.yaml": "2026-03-04"}) == filled  # twice: same
    assert fill_meta(built, {}) == built.replace('a.yaml"></p>', 'a.yaml">2 min read</p>')
    assert fill_meta("<h1>T</h1><p>x</p>", {}) == "<h1>T</h1><p>x</p>"  # no slot, not a case
