"""The HTML report: every item highlighted at its offsets, nothing from an article executed,
one self-contained file, and the `report` command's messages and exit statuses."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml
from review_helpers import (
    SAMPLES,
    expected_ranges,
    hand_tree,
    merged,
    read_report,
    sample_articles,
    span_of,
    write_articles,
)
from typer.testing import CliRunner

import vnreport
from vnreport.cli import app
from vnreport.output import render
from vnreport.report import SCRIPT, _css, _sha, build_html, mark_text, money_totals
from vnreport.review import Span, load_outputs, review_loaded, review_text, safe_chars

runner = CliRunner()


def check_highlights(page: str, trees_and_texts: list[tuple[dict[str, Any], str]]) -> None:
    """Each article's text reads back exactly, and each item covers exactly its offsets, once focusable."""
    reader = read_report(page)
    for n, (tree, text) in enumerate(trees_and_texts):
        art = f"a{n}"
        assert reader.texts[art] == safe_chars(text)
        expected = expected_ranges(tree)
        assert set(reader.ranges[art]) == set(expected), f"{art}: highlights differ from items"
        for key, (start, end) in expected.items():
            assert merged(reader.ranges[art][key]) == [(start, end)], f"{art} {key}"
            assert reader.focusable[art][key] == 1, f"{art} {key}: one tab stop per item"
            assert reader.titles[art][key], f"{art} {key}: a description on the focusable fragment"
        for target in reader.links.get(art, []):
            assert target in reader.ids and target.startswith(f"{art}-"), f"{art}: table link to #{target}"


# --------------------------------------------------------------------------------------
# Highlights at their offsets


def test_extracted_items_are_highlighted_at_their_offsets(tmp_path: Path) -> None:
    articles = write_articles(tmp_path / "articles") + sample_articles()
    pairs = []
    for path in articles:
        tree = vnreport.extract_file(path)
        from vnreport.reading import read_path

        pairs.append((tree, read_path(path)[1].text))
    assert sum(len(expected_ranges(t)) for t, _ in pairs) > 0, "the extractor found nothing at all"
    reviews = [review_text(t, text, str(i)) for i, (t, text) in enumerate(pairs)]
    assert all(not r.problems for r in reviews), [r.problems for r in reviews]
    check_highlights(build_html(reviews), pairs)


NESTED = "Chiều ngày 15/12, Hội LHPN quận đã trao 628 triệu đồng cho 19 em mồ côi.\r\nThanh Lài 🌸 xong."


def nested_tree(path: str | None = "a.txt") -> dict[str, Any]:
    t = NESTED
    org = span_of(t, "Hội LHPN quận")
    return hand_tree(
        t, path,
        figures=[
            {"kind": "money", "value": 628000000, "unit": "VND", "qualifier": "exact", "label": "trao", "flags": [],
             "text": "628 triệu đồng", **span_of(t, "628 triệu đồng")},
            # overlaps the money figure without nesting in it: must be cut into fragments
            {"kind": "count", "value": 19, "unit": "em mồ côi", "qualifier": "exact", "label": None,
             "flags": ["no-unit"], "text": "đồng cho 19", **span_of(t, "đồng cho 19")},
            # after an astral character: offsets are code points, not UTF-16 units
            {"kind": "duration", "value": 1, "unit": "day", "qualifier": "exact", "label": None, "flags": [],
             "text": "xong", **span_of(t, "xong")},
        ],
        dates=[{"value": "2023-12-15", "grain": "day", "part_of_day": "afternoon", "inferred": True,
                "text": "Chiều ngày 15/12", **span_of(t, "Chiều ngày 15/12")}],
        organizations=[{"name": "Hội LHPN quận", "expanded": "Hội Liên hiệp Phụ nữ quận", "type": "association",
                        "mentions": [org]}],
        people=[{"name": "Thanh Lài", "honorific": None, "title": None,
                 "mentions": [span_of(t, "Thanh Lài")]}],
        events=[{"type": "trao", "name": None, "date": "2023-12-15", "organizer": "Hội LHPN quận",
                 "attendees": [], "text": "Chiều ngày 15/12, Hội LHPN quận đã trao 628 triệu đồng cho 19 em mồ côi.",
                 "start": 0, "end": t.index(".") + 1}],
    )


def test_nested_and_overlapping_spans_keep_their_offsets() -> None:
    tree = nested_tree()
    review = review_text(tree, NESTED, "a.yaml")
    assert not review.problems
    page = build_html([review])
    check_highlights(page, [(tree, NESTED)])
    reader = read_report(page)
    assert len(reader.ranges["a0"]["f1"]) == 2, "a crossing span is split, not dropped"
    assert "&#13;" in page, "CR kept so that the text reads back with its own characters"


def test_decomposed_text_keeps_code_point_offsets() -> None:
    text = unicodedata.normalize("NFD", "Hội đã trao 5 triệu đồng.")
    start = text.index("5")
    tree = hand_tree(text, None, figures=[{"kind": "money", "value": 5000000, "unit": "VND", "text": "5 triệu đồng",
                                           "start": start, "end": len(text) - 1}])
    review = review_text(tree, text, "nfd")
    assert not review.problems
    check_highlights(build_html([review]), [(tree, text)])


def test_mark_text_handles_shared_boundaries_and_empty_input() -> None:
    spans = [Span(0, 3, "date", "d0", "x"), Span(0, 3, "money", "f0", "y"), Span(3, 5, "count", "f1", "z")]
    html = mark_text("abcde", spans)
    assert html.count("<mark") == html.count("</mark>") == 3
    assert mark_text("", []) == ""
    assert mark_text("a<b", [Span(5, 9, "money", "f0", "x")]) == "a&lt;b"


# --------------------------------------------------------------------------------------
# Escaping and self-containment

XSS = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"


def test_article_text_and_every_field_are_escaped() -> None:
    text = f"Mở đầu {XSS} rồi {IMG} và 5 triệu đồng & \"ngoặc\" 'đơn'."
    tree = hand_tree(
        text, f"{XSS}.txt",
        figures=[{"kind": f"money{IMG}", "value": 5000000, "unit": XSS, "qualifier": XSS, "label": IMG,
                  "flags": [XSS], "text": "5 triệu đồng", **span_of(text, "5 triệu đồng")}],
        organizations=[{"name": IMG, "expanded": XSS, "type": XSS, "mentions": [span_of(text, XSS)]}],
        warnings=[XSS],
    )
    tree["document"]["title"] = XSS
    review = review_text(tree, text, XSS)
    page = build_html([review], title=XSS)
    reader = read_report(page)
    assert reader.texts["a0"] == text, "the article shows as text, script tags included"
    assert [t for t, _ in reader.tags if t == "script"] == ["script"], "only the report's own script"
    assert reader.scripts == [SCRIPT]
    assert not any(t in ("img", "iframe", "object", "embed", "link", "base", "form") for t, _ in reader.tags)
    assert not any(name.startswith("on") for _, attrs in reader.tags for name in attrs)
    assert XSS not in page and IMG not in page


def test_controls_and_lone_surrogates_cannot_break_the_page() -> None:
    text = "a\x1b[31m b\x00c \ud800 5 triệu đồng"
    tree = hand_tree("x", None, figures=[{"kind": "money", "value": 5000000, "unit": "VND",
                                           "text": "5 triệu đồng", **span_of(text, "5 triệu đồng")}])
    page = build_html([review_text(tree, text, "x")])
    page.encode("utf-8")  # would raise on a lone surrogate
    reader = read_report(page)
    assert reader.texts["a0"] == safe_chars(text) and len(reader.texts["a0"]) == len(text)
    assert merged(reader.ranges["a0"]["f0"]) == [(text.index("5"), len(text))]


def test_one_self_contained_file_with_a_strict_policy() -> None:
    page = build_html([review_text(nested_tree(), NESTED, "a")])
    reader = read_report(page)
    assert not re.search(r"(?i)(https?:|//[a-z]|url\(|@import|src=)", page)
    assert reader.styles == [_css()] and reader.scripts == [SCRIPT]
    csp = next(a["content"] for t, a in reader.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp
    assert f"'{_sha(_css())}'" in csp and f"'{_sha(SCRIPT)}'" in csp


# --------------------------------------------------------------------------------------
# Problems a reviewer must see


def test_offsets_that_do_not_fit_are_reported_not_highlighted() -> None:
    text = "Hội trao 5 triệu đồng."
    tree = hand_tree(text, None, figures=[
        {"kind": "money", "value": 5, "unit": "VND", "text": "5 triệu đồng", **span_of(text, "5 triệu đồng")},
        {"kind": "money", "value": 6, "unit": "VND", "text": "6 triệu đồng", **span_of(text, "5 triệu đồng")},
        {"kind": "count", "value": 1, "unit": None, "text": "1", "start": 40, "end": 41},
        {"kind": "count", "value": 2, "unit": None, "text": "2", "start": 3, "end": 3},
        {"kind": "count", "value": 3, "unit": None, "text": "3"},
    ])
    review = review_text(tree, text, "x")
    assert review.bad == {"f1", "f2", "f3"}
    assert len(review.problems) == 3
    page = build_html([review])
    reader = read_report(page)
    assert set(reader.ranges["a0"]) == {"f0"}
    assert page.count('<tr class="bad"') == 3
    assert "do not match the article" in page and "outside the article" in page and "no usable start/end" in page


def test_money_totals_by_label_and_by_organisation() -> None:
    text = "Hội LHPN xã đóng góp 5 triệu đồng. Ngân hàng CSXH cho vay 7 triệu đồng. Quỹ nhận 2 triệu đồng."
    hoi, nh = span_of(text, "Hội LHPN xã"), span_of(text, "Ngân hàng CSXH")

    def money(value: int, label: str | None, needle: str, unit: str = "VND") -> dict[str, Any]:
        return {"kind": "money", "value": value, "unit": unit, "label": label, "text": needle,
                **span_of(text, needle)}

    tree = hand_tree(
        text, None,
        figures=[money(5_000_000, "đóng góp", "5 triệu đồng"), money(7_000_000, "cho vay", "7 triệu đồng"),
                 money(2_000_000, "Đóng  góp", "2 triệu đồng"), money(3, "đóng góp", "Quỹ", unit="USD")],
        organizations=[
            {"name": "Hội LHPN xã", "expanded": "Hội Liên hiệp Phụ nữ xã", "mentions": [hoi]},
            {"name": "Ngân hàng CSXH", "expanded": None, "mentions": [nh, nh]},
        ],
    )
    vnd, usd = money_totals([review_text(tree, text, "x")])
    assert (vnd.unit, vnd.figures, usd.unit) == ("VND", 3, "USD")
    assert dict(vnd.by_label) == {"đóng góp": 7_000_000, "cho vay": 7_000_000}
    # same sentence → its organisation; no organisation in the third sentence → the most mentioned one
    assert dict(vnd.by_org) == {"Hội Liên hiệp Phụ nữ xã": 5_000_000, "Ngân hàng CSXH": 9_000_000}


def test_a_report_for_many_articles_stays_small_and_quick(tmp_path: Path) -> None:
    text = NESTED * 20  # ~1.8 KB of text, 140 items
    base = nested_tree()
    n_items = len(expected_ranges(base))
    tree = hand_tree(text, None)
    for family in ("figures", "dates", "events"):
        tree[family] = [{**i, "start": i["start"] + k * len(NESTED), "end": i["end"] + k * len(NESTED)}
                        for k in range(20) for i in base[family]]
    for family in ("organizations", "people"):
        tree[family] = [{**e, "mentions": [{"start": m["start"] + k * len(NESTED), "end": m["end"] + k * len(NESTED)}
                                           for k in range(20) for m in e["mentions"]]} for e in base[family]]
    reviews = [review_text(tree, text, f"x{i}") for i in range(300)]
    started = time.perf_counter()
    page = build_html(reviews)
    elapsed = time.perf_counter() - started
    per_item = (len(page.encode("utf-8")) / len(reviews) - len(text.encode("utf-8"))) / (n_items * 20)
    assert per_item < 260, per_item  # one highlight and one table row each; nothing else grows with articles
    assert len(_css()) + len(SCRIPT) < 20_000
    assert page.count("<style>") == 1 and page.count("<script>") == 1
    assert elapsed < 10, elapsed  # 2,000 articles of this size take well under a minute


# --------------------------------------------------------------------------------------
# The command


def extract_to(tmp_path: Path, fmt: str = "yaml") -> tuple[Path, list[Path]]:
    """Articles under tmp/articles and their outputs under tmp/out, with paths relative to tmp."""
    articles = write_articles(tmp_path / "articles")
    out = tmp_path / "out"
    for p in articles:
        rel = p.relative_to(tmp_path)
        tree = vnreport.extract_file(p, display_path=rel.as_posix())
        (out / rel.with_suffix(f".{fmt}").name).parent.mkdir(parents=True, exist_ok=True)
        (out / rel.with_suffix(f".{fmt}").name).write_text(render(tree, fmt), encoding="utf-8")
    return out, articles


@pytest.fixture
def in_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_report_command_reads_articles_relative_to_the_current_folder(in_dir: Path) -> None:
    out, _ = extract_to(in_dir)
    result = runner.invoke(app, ["report", str(out), "-o", "r.html"])
    assert result.exit_code == 0, result.output
    assert "wrote r.html: 3 article(s)" in result.stdout and "without text" not in result.stdout
    page = (in_dir / "r.html").read_text(encoding="utf-8")
    reader = read_report(page)
    assert len(reader.texts) == 3
    assert any("<script>alert(1)</script>" in t for t in reader.texts.values())


def test_report_falls_back_to_the_output_folder_and_to_root(in_dir: Path) -> None:
    out, _ = extract_to(in_dir)
    moved = in_dir / "elsewhere"
    moved.mkdir()
    (in_dir / "articles").rename(out / "articles")  # shipped together with the outputs
    result = runner.invoke(app, ["report", str(out), "-o", str(moved / "r.html")])
    assert result.exit_code == 0 and "without text" not in result.stdout, result.output
    (out / "articles").rename(moved / "articles")
    result = runner.invoke(app, ["report", str(out), "-o", "r.html", "--root", str(moved)])
    assert result.exit_code == 0 and "without text" not in result.stdout, result.output


def test_missing_article_is_one_warning_and_keeps_its_tables(in_dir: Path) -> None:
    out, articles = extract_to(in_dir)
    articles[0].unlink()
    result = runner.invoke(app, ["report", str(out), "-o", "r.html"])
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1 and articles[0].name in warnings[0] and "not found" in warnings[0]
    page = (in_dir / "r.html").read_text(encoding="utf-8")
    assert "The article text is not available" in page
    assert "1 without text" in result.stdout
    assert len(read_report(page).texts) == 2


def test_changed_article_is_flagged(in_dir: Path) -> None:
    out, articles = extract_to(in_dir)
    articles[1].write_text("Khác hẳn.", encoding="utf-8")
    runner.invoke(app, ["report", str(out), "-o", "r.html"])
    assert "changed since it was extracted" in (in_dir / "r.html").read_text(encoding="utf-8")


def test_jsonl_and_json_outputs_are_read(in_dir: Path) -> None:
    out, _ = extract_to(in_dir, "json")
    trees = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(out.glob("*.json"))]
    stream = in_dir / "stream" / "articles.jsonl"
    stream.parent.mkdir()
    stream.write_text("".join(render(t, "jsonl") for t in trees) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["report", str(out), str(stream), "-o", "r.html"])
    assert result.exit_code == 0, result.output
    assert "6 article(s)" in result.stdout


def test_bad_outputs_are_reported_and_fail_the_run(in_dir: Path) -> None:
    out, _ = extract_to(in_dir)
    (out / "broken.yaml").write_text("figures: [\n", encoding="utf-8")
    (out / "other.yaml").write_text(yaml.safe_dump({"rules": []}), encoding="utf-8")
    (out / ".half.yaml.part").write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["report", str(out), "-o", "r.html"])
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert len(errors) == 2 and "broken.yaml: not valid YAML" in errors[0] and "not a vnreport output" in errors[1]
    assert "3 article(s)" in result.stdout, "the good ones are still reported"


def test_nothing_to_report_writes_nothing(in_dir: Path) -> None:
    (in_dir / "empty").mkdir()
    result = runner.invoke(app, ["report", "empty", "-o", "r.html"])
    assert result.exit_code == 1 and not (in_dir / "r.html").exists()
    assert "no output files" in result.stderr
    result = runner.invoke(app, ["report", "nowhere", "-o", "r.html"])
    assert result.exit_code == 1 and "no such file or folder" in result.stderr
    result = runner.invoke(app, ["report", "empty", "-o", "empty"])
    assert result.exit_code == 2 and "is a folder" in result.stderr


def test_help_stays_fast_because_review_modules_load_lazily() -> None:
    code = "import sys, vnreport.cli; print(sorted(m for m in sys.modules if m.split('.')[0] in " \
           "('rich', 'yaml', 'regex') or m in ('vnreport.review', 'vnreport.report')))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "vnreport.review" not in loaded and "vnreport.report" not in loaded
    result = runner.invoke(app, ["--help"])
    assert "show" in result.stdout and "report" in result.stdout


def sample_outputs() -> list[Path]:
    return sorted(p for p in SAMPLES.glob("*.yaml")) if SAMPLES.is_dir() else []


@pytest.mark.skipif(not sample_outputs(), reason="no sample outputs in samples/")
def test_sample_outputs_are_highlighted_where_they_say(in_dir: Path) -> None:
    loaded, problems = load_outputs([SAMPLES])
    assert not problems
    reviews = [review_loaded(item) for item in loaded]
    for r in reviews:
        assert r.missing is None and not r.problems, (r.label, r.missing, r.problems)
    check_highlights(build_html(reviews), [(r.tree, r.text or "") for r in reviews])


def test_malformed_trees_never_crash_the_report() -> None:
    text = "Hội trao 5 triệu đồng."
    odd: list[dict[str, Any]] = [
        {"vnreport": "1"},
        {"vnreport": "1", "figures": [{"kind": "money", "value": 5, "start": 9, "end": 21}],
         "organizations": [{"name": "Hội", "mentions": 3}], "events": [{"organizer": "Hội", "start": 0, "end": "x"}]},
        {"vnreport": "1", "source": None, "document": "x", "figures": "abc", "dates": {"a": 1},
         "organizations": [{"name": "Hội", "mentions": 3}, "x"], "people": [None], "events": [{"start": "0"}],
         "warnings": "w"},
        {"vnreport": "1", "figures": [{"kind": "money", "value": "many", "start": 9, "end": 21},
                                      {"kind": None, "value": True, "start": None, "end": 2}],
         "organizations": [{"name": "Hội", "mentions": [{"start": 0}, {"start": 0, "end": 3}]}]},
    ]
    reviews = [review_text(t, text, f"t{i}") for i, t in enumerate(odd)] + [review_text(odd[2], None, "gone")]
    page = build_html(reviews)
    assert len(read_report(page).texts) == 4
