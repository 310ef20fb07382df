"""`vnreport dataset`: tables that open correctly in Excel and pandas, numbers as numbers.

The contract trees are written by hand here, so these tests pin the tables, not the
rule families.
"""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from vnreport.cli import app
from vnreport.dataset import COLUMNS, NEARBY_BEFORE, TABLES, build_dataset, parse_tables, rows_of, table_paths
from vnreport.output import document_tree, render


def tree(path: str, **parts: Any) -> dict[str, Any]:
    return document_tree(
        source={"path": path, "sha256": f"sha-{path}", "encoding": "utf-8", "chars": 2000},
        document={"title": "Hội LHPN quận tổng kết năm 2023", "published": "2024-01-19", "reference_date": "2024-01-19",
                  "reference_source": "published", "author": "Thanh Lài"},
        **parts,
    )


ORGS = [
    {"name": "Hội LHPN quận", "expanded": "Hội Liên hiệp Phụ nữ quận", "type": "association",
     "mentions": [{"start": 17, "end": 30}, {"start": 900, "end": 913}]},
    {"name": "UBND quận", "expanded": "Ủy ban nhân dân quận", "type": "government",
     "mentions": [{"start": 400, "end": 409}]},
]
DATES = [
    {"value": "2023-12-15", "grain": "day", "part_of_day": "afternoon", "inferred": True, "text": "Chiều ngày 15/12",
     "start": 0, "end": 16},
    {"value": "2023", "grain": "year", "part_of_day": None, "inferred": False, "text": "năm 2023",
     "start": 1500, "end": 1508},
]
FIGURES = [
    # 30 characters after the organisation and the date: both are "nearby".
    {"kind": "money", "value": 628000000, "unit": "VND", "qualifier": "over", "label": "đóng góp",
     "flags": ["money-by-context", "ambiguous-number"], "text": "hơn 628 triệu đồng", "start": 60, "end": 78},
    # Far from every mention: the article's main organisation; a date right after it.
    {"kind": "percent", "value": 0.03, "unit": "%", "qualifier": "exact", "text": "0,03%",
     "start": 1450, "end": 1455},
    {"kind": "ratio", "value": 53, "total": 53, "unit": "chỉ tiêu", "qualifier": "exact", "text": "53/53 chỉ tiêu",
     "start": 3000, "end": 3014},
]
EVENTS = [{"type": "hội nghị", "name": "hội nghị tổng kết", "date": "2023-12-15", "organizer": "Hội LHPN quận",
           "attendees": ["Nguyễn Thị Huyền", "Tạ Tự Bình"], "text": "Chiều ngày 15/12, …", "start": 0, "end": 120}]
PEOPLE = [{"name": "Nguyễn Thị Huyền", "honorific": "bà", "title": "Phó Chủ tịch Hội LHPN thành phố",
           "mentions": [{"start": 215, "end": 231}]}]


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    (out / "sub").mkdir(parents=True)
    full = tree("in/a.txt", figures=FIGURES, dates=DATES, organizations=ORGS, people=PEOPLE, events=EVENTS)
    (out / "a.yaml").write_text(render(full, "yaml"), encoding="utf-8")
    (out / "sub" / "b.json").write_text(render(tree("in/sub/b.txt", figures=FIGURES[:1]), "json"), encoding="utf-8")
    (out / "c.jsonl").write_text(render(tree("in/c.txt"), "jsonl") + render(tree("in/d.txt"), "jsonl"),
                                 encoding="utf-8")
    (out / "a-again.json").write_text(render(full, "json"), encoding="utf-8")  # the same article twice
    (out / ".vnreport").mkdir()
    (out / ".vnreport" / "manifest.jsonl").write_text('{"output": "a.yaml"}\n', encoding="utf-8")
    return out


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_csv_tables_read_back_with_numbers_as_numbers(out_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "data.csv"
    summary = build_dataset(out_dir, target, TABLES)
    assert summary.articles == 4 and summary.duplicates == 1 and summary.failed == 0
    assert summary.rows["figures"] == 4 and summary.rows["articles"] == 4
    paths = table_paths(target, TABLES)
    assert paths["figures"] == target and paths["dates"] == tmp_path / "data.dates.csv"
    assert sorted(p.name for p in summary.written) == sorted(p.name for p in paths.values())

    figures = read_csv(target)
    assert list(figures[0]) == list(COLUMNS["figures"])
    money = figures[0]
    assert money["article"] == "in/a.txt" and money["title"] == "Hội LHPN quận tổng kết năm 2023"
    assert money["value"] == "628000000" and int(money["value"]) == 628_000_000  # not 6.28e8, not quoted text
    assert float(figures[1]["value"]) == 0.03 and figures[2]["total"] == "53"
    assert money["flags"] == "money-by-context; ambiguous-number"
    assert money["value_max"] == ""  # null is an empty cell
    raw = target.read_text(encoding="utf-8-sig")
    assert ",628000000," in raw and '"628000000"' not in raw
    dates = read_csv(tmp_path / "data.dates.csv")
    assert [d["value"] for d in dates] == ["2023-12-15", "2023"] and dates[0]["inferred"] == "true"
    events = read_csv(tmp_path / "data.events.csv")
    assert events[0]["attendees"] == "Nguyễn Thị Huyền; Tạ Tự Bình"
    people = read_csv(tmp_path / "data.people.csv")
    assert people[0]["role"] == "Phó Chủ tịch Hội LHPN thành phố" and people[0]["mentions"] == "1"
    orgs = read_csv(tmp_path / "data.organizations.csv")
    assert [(o["name"], o["mentions"], o["start"]) for o in orgs] == [("Hội LHPN quận", "2", "17"),
                                                                       ("UBND quận", "1", "400")]
    articles = read_csv(tmp_path / "data.articles.csv")
    assert [a["article"] for a in articles] == ["in/a.txt", "in/c.txt", "in/d.txt", "in/sub/b.txt"]
    assert articles[0]["figures"] == "3" and articles[0]["published"] == "2024-01-19"


def test_the_organisation_and_date_of_a_figure(out_dir: Path) -> None:
    full = tree("in/a.txt", figures=FIGURES, dates=DATES, organizations=ORGS)
    rows = rows_of(full)["figures"]
    assert (rows[0]["organization"], rows[0]["organization_source"], rows[0]["date"]) == (
        "Hội Liên hiệp Phụ nữ quận", "nearby", "2023-12-15")
    # 1450 is more than NEARBY_BEFORE after every mention: the article's main organisation
    # (two mentions); the year 45 characters after it is its date.
    assert NEARBY_BEFORE < 1450 - 913
    assert (rows[1]["organization"], rows[1]["organization_source"], rows[1]["date"]) == (
        "Hội Liên hiệp Phụ nữ quận", "article", "2023")
    assert rows[2]["date"] is None
    bare = rows_of(tree("x.txt", figures=FIGURES[:1]))["figures"][0]
    assert bare["organization"] is None and bare["organization_source"] is None


def test_jsonl_keeps_lists_and_types(out_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "data.jsonl"
    build_dataset(out_dir, target, ["figures", "events"])
    figures = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert figures[0]["value"] == 628000000 and figures[0]["flags"] == ["money-by-context", "ambiguous-number"]
    assert isinstance(figures[1]["value"], float)
    events = [json.loads(line) for line in (tmp_path / "data.events.jsonl").read_text(encoding="utf-8").splitlines()]
    assert events[0]["attendees"] == ["Nguyễn Thị Huyền", "Tạ Tự Bình"]


def test_one_table_goes_to_the_file_itself(out_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "dates.csv"
    build_dataset(out_dir, target, parse_tables("dates"))
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".csv"] == ["dates.csv"]
    assert read_csv(target)[0]["grain"] == "day"


def test_xlsx_has_a_sheet_per_table_and_numeric_cells(out_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "data.xlsx"
    build_dataset(out_dir, target, TABLES)
    with zipfile.ZipFile(target) as z:
        workbook = z.read("xl/workbook.xml").decode()
        for table in TABLES:
            assert f'name="{table}"' in workbook
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<v>628000000</v>" in sheet  # a number cell, not text
    assert "Hội LHPN quận tổng kết năm 2023" in sheet
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_unreadable_files_are_reported_and_the_rest_written(out_dir: Path, tmp_path: Path) -> None:
    (out_dir / "broken.yaml").write_text("figures: [unclosed\n", encoding="utf-8")
    (out_dir / "other.json").write_text('{"not": "vnreport"}', encoding="utf-8")
    result = CliRunner().invoke(app, ["dataset", str(out_dir), "-o", str(tmp_path / "d.csv")])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2 and all(line.startswith("vnreport: ") for line in lines)
    assert "Traceback" not in result.stderr
    assert len(read_csv(tmp_path / "d.csv")) == 4


def test_cli_usage_errors(out_dir: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["dataset", str(out_dir), "-o", str(tmp_path / "d.txt")])
    assert result.exit_code == 2 and ".csv" in result.stderr
    result = runner.invoke(app, ["dataset", str(out_dir), "-o", str(tmp_path / "d.csv"), "--tables", "figures,nope"])
    assert result.exit_code == 2 and "nope" in result.stderr
    result = runner.invoke(app, ["dataset", str(tmp_path / "missing"), "-o", str(tmp_path / "d.csv")])
    assert result.exit_code == 2
    result = runner.invoke(app, ["dataset", str(out_dir), "-o", str(tmp_path / "d.csv")])
    assert result.exit_code == 0 and result.stderr == ""


def test_dataset_of_a_real_extract_run(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Chiều ngày 15/12/2023, Hội LHPN quận tổ chức hội nghị, tỷ lệ đạt 2,5%.\n",
                               encoding="utf-8")
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(app, ["extract", str(src), "-o", str(out), "--jobs", "1"]).exit_code == 0
    assert runner.invoke(app, ["dataset", str(out), "-o", str(tmp_path / "d.csv")]).exit_code == 0
    articles = read_csv(tmp_path / "d.articles.csv")
    assert len(articles) == 1 and articles[0]["article"] == f"{src}/a.txt"
    tree_ = yaml.safe_load((out / "a.yaml").read_text(encoding="utf-8"))
    assert len(read_csv(tmp_path / "d.csv")) == len(tree_["figures"])


# --- the fast YAML reader: PyYAML's answer or none ---------------------------------------------

_PIECES = st.sampled_from([
    " ", "  ", ":", "#", "-", "'", '"', "?", "!", "&", "*", "|", ">", "%", "@", "`", ",", "[", "]", "{", "}",
    "a", "Z", "0", "9", ".", "ễ", "Đ", "–", "“", "…", "\u00a0", "\n", "\t", "\u2028", "🙂", "yes", "null",
    "1.5", "0x1f", "012", "12:30", "2024-01-01", "--12-28", "~", "---", "x" * 40, " w" * 30,
])
_SCALARS = st.one_of(st.lists(_PIECES, max_size=10).map("".join), st.none(), st.booleans(), st.integers(),
                     st.floats(allow_nan=False), st.just([]), st.just({}))
_NAMES = st.sampled_from(["kind", "value", "text", "start", "flags", "mentions", "null", "x1"])
_TREES = st.recursive(
    _SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_NAMES, inner, max_size=4)),
    max_leaves=12,
)


def _fast_or_none(text: str) -> object:
    from vnreport.dataset import _NotSimple, read_simple_yaml

    try:
        return read_simple_yaml(text)
    except _NotSimple:
        return None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(_NAMES, _TREES, min_size=1, max_size=5))
def test_fast_yaml_reader_reads_what_the_writer_writes(tree: dict) -> None:
    text = render(tree, "yaml")
    fast = _fast_or_none(text)
    if fast is not None:
        assert repr(fast) == repr(yaml.safe_load(text))


def test_fast_yaml_reader_never_misreads_edited_files() -> None:
    """Random edits of a real output: the reader gives PyYAML's result or steps aside."""
    import random

    text = render(tree("in/a.txt", figures=FIGURES, dates=DATES, organizations=ORGS, people=PEOPLE, events=EVENTS,
                       warnings=["một cảnh báo rất dài " * 8]), "yaml")
    assert _fast_or_none(text) == yaml.safe_load(text)
    edits = [" ", "  ", "\n", "- ", ": ", " #", "'", '"', "[", "&a ", "*a", "!", "|", "? ", "~", "yes", "012",
             "---", "\t", "\u2028", "\n  ", "\n- ", "key: v\n", " \n", "'\n"]
    rng = random.Random(7)
    for _ in range(400):
        edited = text
        for _ in range(rng.randint(1, 3)):
            p = rng.randrange(len(edited))
            edited = edited[:p] + rng.choice(edits) + edited[p + rng.randint(0, 2):]
        fast = _fast_or_none(edited)
        if fast is None:
            continue
        try:
            expected = yaml.safe_load(edited)
        except yaml.YAMLError:
            pytest.fail(f"read as YAML what PyYAML rejects: {edited!r}")
        assert repr(fast) == repr(expected)
