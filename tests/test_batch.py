"""Which files a run reads, where outputs go, and when an output counts as current."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path, PurePosixPath

import pytest

from vnreport.batch import (
    MANIFEST_NAME,
    STATE_DIR,
    Entry,
    Job,
    Manifest,
    Recipe,
    collect,
    output_path,
    output_relative,
    program_version,
)

RECIPE = Recipe(rules="r1", version="v1", options="format=yaml;reference_date=")


def test_outputs_never_leave_the_output_folder(tmp_path: Path) -> None:
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "sub" / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "b.txt").write_text("x", encoding="utf-8")
    out = tmp_path / "out"
    jobs, problems = collect([str(tmp_path / "in"), str(tmp_path / "in" / ".." / "b.txt"), "/nonexistent/c.txt"])
    assert [p.reason for p in problems] == ["no such file or folder"]
    for job in jobs:
        target = output_path(out, job, ".yaml").resolve()
        assert target.is_relative_to(out.resolve())
    assert [output_relative(j, ".yaml") for j in jobs] == ["sub/a.yaml", "b.yaml"]
    job = Job(Path("x.txt"), "x.txt", PurePosixPath("x.txt"))
    assert output_relative(job, ".jsonl", f"{STATE_DIR}/jsonl") == ".vnreport/jsonl/x.jsonl"


def test_hidden_files_and_folders_are_not_read(tmp_path: Path) -> None:
    (tmp_path / ".vnreport").mkdir()
    (tmp_path / ".vnreport" / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / ".b.txt").write_text("x", encoding="utf-8")
    (tmp_path / "c.txt").write_text("x", encoding="utf-8")
    jobs, _ = collect([str(tmp_path)])
    assert [j.display.rsplit("/", 1)[-1] for j in jobs] == ["c.txt"]


def test_program_version_names_the_release_and_the_code() -> None:
    from vnreport import __version__

    v = program_version()
    assert v.startswith(__version__ + "+") and len(v) == len(__version__) + 13


def _write(out: Path, name: str, text: str) -> os.stat_result:
    path = out / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path.stat()


def _entry(out: Path, name: str, article: Path, **over: object) -> Entry:
    st = (out / name).stat()
    fields = dict(output=name, article=str(article), sha256=hashlib.sha256(article.read_bytes()).hexdigest(),
                  rules=RECIPE.rules, version=RECIPE.version, options=RECIPE.options,
                  size=st.st_size, mtime_ns=st.st_mtime_ns, figures={"money": 2})
    fields.update(over)
    return Entry(**fields)  # type: ignore[arg-type]


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path]:
    article = tmp_path / "a.txt"
    article.write_text("Ngày 5/1/2024, hội nghị.", encoding="utf-8")
    out = tmp_path / "out"
    _write(out, "a.yaml", "vnreport: '1'\n")
    return out, article


def test_manifest_round_trip_and_freshness(setup: tuple[Path, Path]) -> None:
    out, article = setup
    m = Manifest(out)
    m.record(_entry(out, "a.yaml", article))
    m.close()
    loaded = Manifest(out).load()
    entry = loaded.fresh("a.yaml", str(article), article, RECIPE, 1000)
    assert entry is not None and entry.figures == {"money": 2}
    # Another name for the article, other rules, program or options: not current.
    assert loaded.fresh("a.yaml", "elsewhere/a.txt", article, RECIPE, 1000) is None
    for other in (Recipe("r2", "v1", RECIPE.options), Recipe("r1", "v2", RECIPE.options), Recipe("r1", "v1", "x")):
        assert loaded.fresh("a.yaml", str(article), article, other, 1000) is None
    assert loaded.fresh("b.yaml", str(article), article, RECIPE, 1000) is None


def test_changed_article_or_output_is_not_current(setup: tuple[Path, Path]) -> None:
    out, article = setup
    m = Manifest(out)
    m.record(_entry(out, "a.yaml", article))
    m.close()
    article.write_text("Ngày 6/1/2024, hội nghị.", encoding="utf-8")
    assert Manifest(out).load().fresh("a.yaml", str(article), article, RECIPE, 1000) is None


def test_missing_or_edited_output_is_never_trusted(setup: tuple[Path, Path]) -> None:
    out, article = setup
    m = Manifest(out)
    m.record(_entry(out, "a.yaml", article))
    m.close()
    (out / "a.yaml").write_text("vnreport: '1'\nedited: true\n", encoding="utf-8")
    assert Manifest(out).load().fresh("a.yaml", str(article), article, RECIPE, 1000) is None
    (out / "a.yaml").unlink()
    assert Manifest(out).load().fresh("a.yaml", str(article), article, RECIPE, 1000) is None


def test_a_torn_line_costs_one_entry_and_appends_start_on_a_new_line(setup: tuple[Path, Path]) -> None:
    out, article = setup
    _write(out, "b.yaml", "vnreport: '1'\n")
    m = Manifest(out)
    m.record(_entry(out, "a.yaml", article))
    m.close()
    path = out / STATE_DIR / MANIFEST_NAME
    with open(path, "a", encoding="utf-8") as f:
        f.write('{"output": "b.yaml", "article": "cut sh')  # a crash in the middle of a line
    m = Manifest(out).load()
    assert set(m.entries) == {"a.yaml"}
    m.record(_entry(out, "b.yaml", article))
    m.close()
    assert set(Manifest(out).load().entries) == {"a.yaml", "b.yaml"}
    assert all(json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()[-1:])


def test_last_line_wins_and_compaction_drops_the_rest(setup: tuple[Path, Path]) -> None:
    out, article = setup
    m = Manifest(out)
    for i in range(100):
        m.record(_entry(out, "a.yaml", article, figures={"count": i}))
    m.close()
    m = Manifest(out).load()
    assert m.lines == 100 and m.entries["a.yaml"].figures == {"count": 99}
    m.compact()
    lines = (out / STATE_DIR / MANIFEST_NAME).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["figures"] == {"count": 99}
    assert Manifest(out).load().fresh("a.yaml", str(article), article, RECIPE, 1000) is not None


def test_article_over_the_size_limit_is_never_current(setup: tuple[Path, Path]) -> None:
    out, article = setup
    m = Manifest(out)
    m.record(_entry(out, "a.yaml", article))
    assert m.fresh("a.yaml", str(article), article, RECIPE, 5) is None
