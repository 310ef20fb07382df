"""Bad input never stops a batch and never shows a traceback; exit codes say what happened."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from vnreport.cli import app

ARTICLE = "Sáng ngày 5/1/2024, Hội Nông dân xã tổ chức hội nghị tổng kết công tác năm 2023.\nMinh Anh\n"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_one_file_prints_one_document(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    code, out, err = run("extract", str(tmp_path / "a.txt"))
    assert code == 0, err
    tree = yaml.safe_load(out)
    assert tree["source"]["path"] == str(tmp_path / "a.txt")
    assert tree["dates"][0]["value"] == "2024-01-05"


def test_several_files_print_a_stream(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(ARTICLE, encoding="utf-8")
    code, out, _ = run("extract", str(tmp_path))
    assert code == 0
    assert len([d for d in yaml.safe_load_all(out) if d]) == 2
    code, out, _ = run("extract", str(tmp_path), "--format", "json")
    assert code == 0
    assert [json.loads(line)["source"]["path"].endswith(("a.txt", "b.txt")) for line in out.splitlines()] == [True] * 2


def test_output_folder_mirrors_the_input(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (src / "sub" / "b.txt").write_text(ARTICLE, encoding="utf-8")
    (src / "notes.md").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = run("extract", str(src), "-o", str(out), "--format", "json")
    assert code == 0, err
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json")) == ["a.json", "sub/b.json"]
    tree = json.loads((out / "sub" / "b.json").read_text(encoding="utf-8"))
    assert tree["source"]["path"] == f"{src}/sub/b.txt"


def test_jsonl_writes_one_file(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    code, _, _ = run("extract", str(tmp_path), "-o", str(out), "--format", "jsonl")
    assert code == 0
    lines = (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2


def test_bad_files_are_reported_and_the_rest_processed(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PK\x00" * 50)
    out = tmp_path / "out"
    code, _, err = run("extract", str(tmp_path), str(tmp_path / "missing.txt"), "-o", str(out))
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 3, err
    assert any("missing.txt" in line for line in lines)
    assert any("empty.txt" in line for line in lines)
    assert any("binary.txt" in line for line in lines)
    assert "Traceback" not in err
    assert [p.name for p in out.iterdir() if not p.name.startswith(".")] == ["good.yaml"]


def test_folder_without_matching_files_fails(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(ARTICLE, encoding="utf-8")
    code, _, err = run("extract", str(tmp_path))
    assert code == 1 and "*.txt" in err


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    code, _, err = run("extract", str(tmp_path / "a.txt"), "--reference-date", "19/01/2024")
    assert code == 2 and "YYYY-MM-DD" in err
    code, _, err = run("extract", str(tmp_path / "a.txt"), "--format", "xml")
    assert code == 2
    (tmp_path / "file").write_text("x")
    code, _, err = run("extract", str(tmp_path / "a.txt"), "-o", str(tmp_path / "file"))
    assert code == 2 and "not a folder" in err
    code, _, _ = run("extract")
    assert code == 2


def test_reference_date_option_is_used(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Chiều ngày 15/12, Hội LHPN quận tổ chức hội nghị.\n", encoding="utf-8")
    code, out, _ = run("extract", str(tmp_path / "a.txt"), "--reference-date", "2024-01-10")
    assert code == 0
    doc = yaml.safe_load(out)["document"]
    assert doc["reference_date"] == "2024-01-10" and doc["reference_source"] == "option"


def test_broken_user_rules_are_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "mine.yaml").write_text("family: figures\nrules:\n  - name: broken\n    pattern: '(['\n", encoding="utf-8")
    code, _, err = run("extract", str(tmp_path / "a.txt"), "--rules", str(rules))
    assert code == 2
    assert "mine.yaml:3: rule broken: invalid regular expression" in err


def test_every_data_file_under_out_is_an_article(tmp_path: Path) -> None:
    """Tools read every .json/.jsonl/.yaml under OUT as articles: bookkeeping must not look like one."""
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    for fmt in ("json", "yaml", "jsonl"):
        code, _, err = run("extract", str(tmp_path), "-o", str(out), "--format", fmt)
        assert code == 0, err
    for f in out.rglob("*"):
        if f.suffix in (".json", ".jsonl", ".yaml", ".yml"):
            text = f.read_text(encoding="utf-8")
            docs = [json.loads(x) for x in text.splitlines()] if f.suffix == ".jsonl" else (
                [json.loads(text)] if f.suffix == ".json" else list(yaml.safe_load_all(text)))
            assert all(isinstance(d.get("source"), dict) for d in docs), f
