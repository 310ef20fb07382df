"""`vnreport show` and the review model: spans, where articles are found, the terminal view."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from review_helpers import ARTICLES, expected_ranges, hand_tree, sample_articles, span_of, write_articles
from rich.console import Console
from typer.testing import CliRunner

import vnreport
from vnreport.cli import app
from vnreport.output import render
from vnreport.review import (
    KINDS,
    _styled_text,
    find_article,
    item_spans,
    parse_kinds,
    review_text,
    show_file,
)

runner = CliRunner()


@pytest.fixture
def in_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


TEXT = "Ngày 12/3/2024, Hội Phụ nữ xã hỗ trợ 10 triệu đồng cho 3 hộ nghèo. Chị Lan dự."


def tree_for(path: str | None = "a.txt") -> dict:
    t = TEXT
    return hand_tree(
        t, path,
        figures=[
            {"kind": "money", "value": 10_000_000, "unit": "VND", "qualifier": "exact", "label": "hỗ trợ",
             "flags": [], "text": "10 triệu đồng", **span_of(t, "10 triệu đồng")},
            {"kind": "count", "value": 3, "unit": "hộ nghèo", "qualifier": "exact", "label": None,
             "flags": [], "text": "3 hộ nghèo", **span_of(t, "3 hộ nghèo")},
        ],
        dates=[{"value": "2024-03-12", "grain": "day", "part_of_day": None, "inferred": False,
                "text": "Ngày 12/3/2024", **span_of(t, "Ngày 12/3/2024")}],
        organizations=[{"name": "Hội Phụ nữ xã", "expanded": None, "type": "association",
                        "mentions": [span_of(t, "Hội Phụ nữ xã")]}],
        people=[{"name": "Lan", "honorific": "chị", "title": None, "mentions": [span_of(t, "Chị Lan")]}],
        events=[{"type": "hỗ trợ", "name": None, "date": "2024-03-12", "organizer": "Hội Phụ nữ xã",
                 "attendees": [], "text": t[: t.index(".") + 1], "start": 0, "end": t.index(".") + 1}],
    )


# --------------------------------------------------------------------------------------
# The model


def test_parse_kinds_accepts_families_and_plurals() -> None:
    assert parse_kinds(None) is None
    assert parse_kinds("figures") == frozenset(KINDS[:6])
    assert parse_kinds("organisations,people,events") == {"organization", "person", "event"}
    with pytest.raises(ValueError, match="unknown kind 'x'"):
        parse_kinds("money,x")
    with pytest.raises(ValueError, match="at least one"):
        parse_kinds(" , ")


def test_item_spans_cover_every_item_and_mention() -> None:
    tree = tree_for()
    spans, unplaced = item_spans(tree)
    assert not unplaced
    assert {s.key: (s.start, s.end) for s in spans} == expected_ranges(tree)
    money = next(s for s in spans if s.kind == "money")
    assert money.tip == "money: 10 000 000 VND · label: hỗ trợ"
    assert [s.kind for s in item_spans(tree, frozenset({"date", "person"}))[0]] == ["date", "person"]


def test_styled_text_colours_each_span_and_keeps_offsets() -> None:
    text = TEXT.replace("Chị", "\x1b[2J\r\t")[: len(TEXT)]
    review = review_text(tree_for(), text, "x")
    styled = _styled_text(review)
    assert len(styled.plain) == len(text) and "\x1b" not in styled.plain and "\r" not in styled.plain
    for s in review.spans:
        if s.key not in review.bad:
            assert any(sp.start <= s.start and s.end <= sp.end for sp in styled.spans), s.key


def test_find_article_looks_in_the_current_folder_then_beside_the_output(in_dir: Path) -> None:
    (in_dir / "out" / "arts").mkdir(parents=True)
    (in_dir / "arts").mkdir()
    output = in_dir / "out" / "a.yaml"
    beside = in_dir / "out" / "arts" / "a.txt"
    beside.write_text("x", encoding="utf-8")
    assert find_article("arts/a.txt", output) == (beside, [Path("arts/a.txt"), beside])
    here = in_dir / "arts" / "a.txt"
    here.write_text("x", encoding="utf-8")
    assert find_article("arts/a.txt", output)[0] == Path("arts/a.txt")
    assert find_article("arts/a.txt", output, root=in_dir / "out")[0] == beside
    assert find_article(str(here), output)[0] == here
    assert find_article(None, output) == (None, [])


# --------------------------------------------------------------------------------------
# The terminal view


def show(path: Path, **kwargs: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    console = Console(file=out, width=100, highlight=False, markup=False, emoji=False, color_system=None)
    status = show_file(path, console=console, err=err, **kwargs)
    return status, out.getvalue(), err.getvalue()


def test_show_an_output_file_reads_its_article(in_dir: Path) -> None:
    (in_dir / "a.txt").write_text(TEXT, encoding="utf-8")
    (in_dir / "a.yaml").write_text(render(tree_for(), "yaml"), encoding="utf-8")
    status, out, err = show(in_dir / "a.yaml")
    assert (status, err) == (0, "")
    assert "Chị Lan dự." in out
    for heading in ("Figures", "Dates", "Organisations", "People", "Events"):
        assert heading in out
    assert "10 000 000" in out and "hỗ trợ" in out and "2024-03-12" in out


def test_show_kinds_filters_the_tables(in_dir: Path) -> None:
    (in_dir / "a.txt").write_text(TEXT, encoding="utf-8")
    (in_dir / "a.json").write_text(render(tree_for(), "json"), encoding="utf-8")
    _, out, _ = show(in_dir / "a.json", kinds=frozenset({"count"}))
    assert "Figures" in out and "3 hộ nghèo" in out
    assert "10 000 000" not in out and "Dates" not in out and "People" not in out


def test_show_a_missing_article_is_one_line_and_the_tables_remain(in_dir: Path) -> None:
    (in_dir / "a.yaml").write_text(render(tree_for("gone/a.txt"), "yaml"), encoding="utf-8")
    status, out, err = show(in_dir / "a.yaml")
    assert status == 1
    assert len(err.splitlines()) == 1 and "article gone/a.txt not found" in err
    assert "Figures" in out and "Chị Lan dự." not in out


def test_show_an_article_extracts_it_first(tmp_path: Path) -> None:
    paths = write_articles(tmp_path) + sample_articles()
    for path in paths:
        status, out, err = show(path)
        assert (status, err) == (0, ""), path
        tree = vnreport.extract_file(path)
        for item in tree["figures"] + tree["dates"]:
            assert item["text"] in " ".join(out.split()), item


def test_show_never_interprets_markup_or_control_codes(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Tin [bold red]đỏ[/] \x1b]0;title\x07 và 5 triệu đồng.\n", encoding="utf-8")
    _, out, _ = show(path)
    assert "[bold red]đỏ[/]" in out and "\x1b" not in out and "\x07" not in out


def test_show_jsonl_shows_each_article(in_dir: Path) -> None:
    (in_dir / "a.txt").write_text(TEXT, encoding="utf-8")
    line = render(tree_for(), "jsonl")
    (in_dir / "s.jsonl").write_text(line + line + "{bad\n", encoding="utf-8")
    status, out, err = show(in_dir / "s.jsonl")
    assert status == 1 and "s.jsonl:3: not valid JSON" in err
    assert out.count("Chị Lan dự.") == 2


# --------------------------------------------------------------------------------------
# The command


def test_show_command(tmp_path: Path) -> None:
    path = write_articles(tmp_path)[0]
    result = runner.invoke(app, ["show", str(path), "--kinds", "dates,money"])
    assert result.exit_code == 0, result.output
    assert ARTICLES[path.name].splitlines()[2][:40] in result.stdout


def test_show_command_errors(tmp_path: Path) -> None:
    result = runner.invoke(app, ["show", str(tmp_path / "none.txt")])
    assert result.exit_code == 1 and result.stderr.strip().endswith("none.txt: no such file")
    assert len(result.stderr.splitlines()) == 1
    result = runner.invoke(app, ["show", str(tmp_path / "none.txt"), "--kinds", "colour"])
    assert result.exit_code == 2 and "unknown kind 'colour'" in result.stderr
    (tmp_path / "rules.yaml").write_text("rules: []\n", encoding="utf-8")
    result = runner.invoke(app, ["show", str(tmp_path / "rules.yaml")])
    assert result.exit_code == 1 and "not a vnreport output" in result.stderr
