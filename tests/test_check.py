"""`vnreport check` fails, naming the file and the rule, for each way a rule set breaks.

The broken rule sets are made from a temporary copy of the built-in `rules/`, given as a
user folder (so its rules replace the built-in ones of the same name), and the mistakes
are made in whatever rules exist then: the tests hold while the rule files grow.
"""

from __future__ import annotations

import json
import shutil
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from vnreport.check import Case, Report, diff_trees, judge_example, render_junit, run_check
from vnreport.cli import app
from vnreport.ruleset import SCHEMA_FILE, builtin_rules_dir

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def copy_rules(tmp_path: Path) -> Path:
    folder = tmp_path / "rules-copy"
    shutil.copytree(builtin_rules_dir(), folder)
    return folder


def rule_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.yaml") if p.name != SCHEMA_FILE)


def load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def dump(path: Path, data: dict[str, Any]) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


def first_rule(folder: Path) -> tuple[Path, dict[str, Any], dict[str, Any]]:
    """The first rule of the copy, and its file's data."""
    for path in rule_files(folder):
        data = load(path)
        for rule in data.get("rules") or []:
            return path, data, rule
    raise AssertionError("the built-in rules have no rule")


def passing_example(folder: Path) -> tuple[Path, dict[str, Any], dict[str, Any], dict[str, Any]]:
    """A positive example that passes in the untouched copy: its file, file data, rule, example.

    Breaking an example that passes is what makes the new failure the test's own.
    """
    report = run_check([folder], None)
    for case in report.suite("rule examples"):
        if not case.passed:
            continue
        path = Path(case.file)
        data = load(path)
        rule = next(r for r in data["rules"] if r["name"] == case.rule)
        example = rule["examples"][int(case.name.rsplit("example ", 1)[1].split()[0]) - 1]
        if isinstance(example.get("expect"), dict):
            return path, data, rule, example
    raise AssertionError("no rule example passes")


def empty_samples(tmp_path: Path) -> Path:
    folder = tmp_path / "no-samples"
    folder.mkdir(exist_ok=True)
    return folder


def assert_names(out: str, path: Path, rule: str) -> None:
    lines = [line for line in out.splitlines() if str(path) in line and f"rule {rule}:" in line]
    assert lines, out


# --- the untouched repository -----------------------------------------------------------


def test_the_repository_passes_in_under_ten_seconds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    started = time.perf_counter()
    code, out, err = run("check")
    assert code == 0, out + err
    assert time.perf_counter() - started < 10
    assert "all passed" in out.splitlines()[-1]
    assert f"{len(list(SAMPLES.glob('*.txt')))} sample(s)" in out


def test_samples_hold_the_dev_articles_with_their_expected_output() -> None:
    articles = sorted(SAMPLES.glob("*.txt"))
    assert len(articles) == 5
    assert all(a.with_suffix(".yaml").is_file() for a in articles)


def test_an_untouched_copy_passes(tmp_path: Path) -> None:
    code, out, _ = run("check", str(copy_rules(tmp_path)), "--samples", str(empty_samples(tmp_path)))
    assert code == 0, out


# --- each way to break it ---------------------------------------------------------------


def test_invalid_regex(tmp_path: Path) -> None:
    folder = copy_rules(tmp_path)
    path, data, rule = first_rule(folder)
    rule["pattern"] = "(?P<broken>["
    dump(path, data)
    code, out, _ = run("check", str(folder), "--samples", str(empty_samples(tmp_path)))
    assert code == 1
    assert_names(out, path, rule["name"])
    assert "invalid regular expression" in out


def test_wrong_expected_value(tmp_path: Path) -> None:
    folder = copy_rules(tmp_path)
    path, data, rule, example = passing_example(folder)
    expect = example["expect"]
    key, value = next((k, v) for k, v in expect.items() if isinstance(v, (int, float, str)))
    expect[key] = value + 1000 if isinstance(value, (int, float)) and not isinstance(value, bool) else f"{value} sai"
    dump(path, data)
    code, out, _ = run("check", str(folder), "--samples", str(empty_samples(tmp_path)))
    assert code == 1
    assert_names(out, path, rule["name"])
    assert f"{key}: expected {json.dumps(expect[key], ensure_ascii=False)}, got" in out


def test_negative_example_that_matches(tmp_path: Path) -> None:
    folder = copy_rules(tmp_path)
    path, data, rule, positive = passing_example(folder)
    rule["examples"].append({"text": positive["text"], "expect": "none"})
    dump(path, data)
    code, out, _ = run("check", str(folder), "--samples", str(empty_samples(tmp_path)))
    assert code == 1
    assert_names(out, path, rule["name"])
    assert "expected no " in out


def test_catastrophic_pattern_on_its_own_example(tmp_path: Path) -> None:
    folder = copy_rules(tmp_path)
    path, data, _ = first_rule(folder)
    data["rules"].append({
        "name": "runaway",
        "pattern": "(a|aa)+$",
        "examples": [{"text": "a" * 45 + "!", "expect": "none"}],
    })
    dump(path, data)
    started = time.perf_counter()
    code, out, _ = run("check", str(folder), "--samples", str(empty_samples(tmp_path)))
    assert code == 1
    assert_names(out, path, "runaway")
    assert "pattern timed out" in out and "backtracks catastrophically" in out
    assert time.perf_counter() - started < 10


def test_sample_whose_output_drifted(tmp_path: Path) -> None:
    samples = tmp_path / "samples"
    samples.mkdir()
    article = sorted(SAMPLES.glob("*.txt"))[0]
    shutil.copy(article, samples / article.name)
    assert run("check", "--samples", str(samples), "--update")[0] in (0, 1)  # 1 while some example fails
    expected = load(samples / article.with_suffix(".yaml").name)
    expected["figures"].append({
        "kind": "count", "value": 999, "value_max": None, "total": None, "unit": "hộ", "qualifier": "exact",
        "label": None, "flags": [], "text": "999 hộ", "start": 0, "end": 6,
    })
    expected["document"]["author"] = "Ai Đó"
    expected["source"]["path"] = "somewhere/else.txt"  # ignored: it depends on where extract ran
    dump(samples / article.with_suffix(".yaml").name, expected)
    code, out, _ = run("check", "--samples", str(samples))
    assert code == 1
    assert f"{samples / article.name}: output differs from {article.stem}.yaml (2 difference(s))" in out
    assert 'vanished  figure "999 hộ" [0:6] kind="count", value=999, unit="hộ"' in out
    assert 'document.author: "Ai Đó" → ' in out
    assert "source.path" not in out


def test_update_writes_reviewed_snapshots(tmp_path: Path) -> None:
    samples = tmp_path / "samples"
    samples.mkdir()
    article = sorted(SAMPLES.glob("*.txt"))[-1]
    shutil.copy(article, samples / article.name)
    code, out, _ = run("check", "--samples", str(samples))
    assert code == 1 and "no expected output" in out
    code, out, _ = run("check", "--samples", str(samples), "--update")
    stored = samples / article.with_suffix(".yaml").name
    assert f"updated {stored}" in out
    assert load(stored)["source"]["path"] == article.name
    fresh = stored.read_text(encoding="utf-8")
    assert run_check([], samples).suite("samples")[0].passed

    drifted = load(stored)
    drifted["warnings"] = ["an old warning"]
    dump(stored, drifted)
    assert run("check", "--samples", str(samples))[0] == 1
    assert not run_check([], samples).suite("samples")[0].passed
    code, out, _ = run("check", "--samples", str(samples), "--update")
    assert 'vanished  warning "an old warning"' in out
    assert stored.read_text(encoding="utf-8") == fresh


def test_update_is_refused_while_the_rules_are_broken(tmp_path: Path) -> None:
    folder = copy_rules(tmp_path)
    path, data, rule = first_rule(folder)
    rule["pattern"] = "(["
    dump(path, data)
    samples = tmp_path / "samples"
    samples.mkdir()
    shutil.copy(sorted(SAMPLES.glob("*.txt"))[0], samples)
    code, out, _ = run("check", str(folder), "--samples", str(samples), "--update")
    assert code == 1 and "not updated while the rules have problems" in out
    assert not list(samples.glob("*.yaml"))


def test_a_crashing_family_is_one_line_per_example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import vnreport.pipeline

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("family bug\nwith a second line")

    monkeypatch.setattr(vnreport.pipeline, "extract_text", boom)
    code, out, err = run("check", "--samples", str(empty_samples(tmp_path)))
    assert code == 1
    failures = [line for line in out.splitlines() if "extraction failed" in line]
    assert failures and all(line.endswith("RuntimeError: family bug with a second line") for line in failures)
    assert "Traceback" not in out + err


# --- report formats ---------------------------------------------------------------------


def broken_copy(tmp_path: Path) -> tuple[Path, Path, str]:
    folder = copy_rules(tmp_path)
    path, data, rule, positive = passing_example(folder)
    rule["examples"].append({"text": positive["text"], "expect": "none"})
    dump(path, data)
    return folder, path, rule["name"]


def test_junit_parses_back_with_one_testcase_per_example_and_sample(tmp_path: Path) -> None:
    folder, path, name = broken_copy(tmp_path)
    samples = tmp_path / "samples"
    samples.mkdir()
    for article in sorted(SAMPLES.glob("*.txt"))[:2]:
        shutil.copy(article, samples)
        shutil.copy(article.with_suffix(".yaml"), samples)
    baseline = len(run_check([copy_rules(tmp_path / "baseline")], samples).failed)
    code, out, _ = run("check", str(folder), "--samples", str(samples), "--format", "junit")
    assert code == 1
    root = ET.fromstring(out)
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == {"rule files", "rule examples", "samples"}
    report = run_check([folder], samples)
    for suite, element in suites.items():
        assert len(element.findall("testcase")) == len(report.suite(suite)) == int(element.get("tests", -1))
    assert len(suites["samples"].findall("testcase")) == 2
    assert int(root.get("tests", -1)) == len(root.findall(".//testcase"))
    failed = [tc for tc in root.iter("testcase") if tc.find("failure") is not None]
    assert len(failed) == int(root.get("failures", -1)) == baseline + 1
    mine = [tc for tc in failed if f"rule {name}: example {len(data_examples(path, name))} " in
            tc.findtext("failure", "")]
    assert len(mine) == 1
    failure = mine[0].find("failure")
    assert failure is not None and failure.get("message", "").startswith(f"{path}:")
    assert mine[0].get("file") == str(path) and mine[0].get("line", "").isdigit()
    assert mine[0].get("classname") == str(path)


def data_examples(path: Path, name: str) -> list[dict[str, Any]]:
    return next(r for r in load(path)["rules"] if r["name"] == name)["examples"]


def test_junit_to_a_file_and_json(tmp_path: Path) -> None:
    folder, path, name = broken_copy(tmp_path)
    samples = empty_samples(tmp_path)
    baseline = len(run_check([copy_rules(tmp_path / "baseline")], samples).failed)
    report = tmp_path / "out" / "check.xml"
    code, out, err = run("check", str(folder), "--samples", str(samples), "-f", "junit", "-o", str(report))
    assert code == 1 and err == ""
    assert f"{baseline + 1} failed" in out.splitlines()[-1] and f"{path}:" in out  # the log shows the text
    assert ET.parse(report).getroot().get("failures") == str(baseline + 1)

    code, out, _ = run("check", str(folder), "--samples", str(samples), "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["ok"] is False and data["summary"]["failed"] == baseline + 1
    mine = [f for f in data["failures"] if f.startswith(f"{path}:") and f"rule {name}: " in f]
    assert len(mine) == 1 and "expected no " in mine[0]
    assert "failed" in {c["status"] for c in data["cases"]}


# --- usage ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [("check", "--format", "xml"), ("check", "no/such/folder"), ("check", "--samples", "no/such/folder"),
     ("check", "--rules", "no/such/folder"), ("rules", "--rules", "no/such/folder"), ("check", "--nope")],
)
def test_wrong_usage_is_status_2_and_one_line(args: tuple[str, ...]) -> None:
    code, out, err = run(*args)
    assert code == 2
    assert "Traceback" not in out + err
    if args[-1] != "--nope":
        assert len(err.strip().splitlines()) == 1, err


def test_rules_lists_each_rule_with_its_origin(tmp_path: Path) -> None:
    code, out, _ = run("rules")
    assert code == 0
    first = out.splitlines()[1]
    assert "(built-in)" in first and "rules/" in first

    folder = tmp_path / "my-rules"
    path, data, builtin = first_rule(builtin_rules_dir())
    mine = {**builtin, "examples": builtin["examples"][:1]}
    folder.mkdir()
    dump(folder / "mine.yaml", {"family": data.get("family"), "rules": [mine]})
    code, out, _ = run("rules", "--rules", str(folder))
    assert code == 0
    line = next(line for line in out.splitlines() if line.startswith(builtin["name"] + " "))
    assert f"{folder}/mine.yaml:3 (user, replaces rules/{path.name}:" in line
    assert " 1 " in line
    code, out, _ = run("rules", "--rules", str(folder), "--format", "json")
    row = next(r for r in json.loads(out) if r["name"] == builtin["name"])
    assert (row["origin"], row["examples"]) == ("user", 1)


# --- the comparisons themselves ---------------------------------------------------------


def test_judge_example_explains_the_closest_item() -> None:
    items = [{"kind": "percent", "value": 2.5, "unit": "%", "text": "2,5%", "start": 3, "end": 7}]
    assert judge_example({"kind": "percent", "value": 2.5}, items, "figures") is None
    why = judge_example({"kind": "percent", "value": 2.6}, items, "figures")
    assert why is not None and why.startswith('value: expected 2.6, got 2.5 — closest is figure "2,5%" [3:7]')
    why = judge_example({"valeu": 2.5}, items, "figures")
    assert why is not None and why.startswith("expects field 'valeu', which no figure has")
    assert judge_example(None, [], "dates") is None
    assert judge_example({"value": "2024-01-18"}, [], "dates") == (
        'expected a date with value="2024-01-18", got no date at all')


def test_diff_pairs_items_by_span_then_overlap() -> None:
    def fig(text: str, start: int, end: int, **kw: Any) -> dict[str, Any]:
        return {"kind": "money", "value": 1, "unit": "VND", "qualifier": "exact", "text": text,
                "start": start, "end": end, **kw}

    old = {"source": {"path": "a.txt", "chars": 10}, "figures": [fig("628 triệu đồng", 5, 19), fig("x", 40, 41)],
           "organizations": [{"name": "UBND xã", "mentions": [{"start": 1, "end": 8}]}]}
    new = {"source": {"path": "b.txt", "chars": 10}, "figures": [fig("hơn 628 triệu đồng", 1, 19, qualifier="over"),
                                                                 fig("y", 50, 51)],
           "organizations": [{"name": "UBND Xã", "mentions": [{"start": 1, "end": 8}, {"start": 20, "end": 27}]}]}
    assert diff_trees(old, new) == [
        'changed   figure "628 triệu đồng" span [5:19] → [1:19]; qualifier: "exact" → "over"; '
        'text: "628 triệu đồng" → "hơn 628 triệu đồng"',
        'vanished  figure "x" [40:41] kind="money", value=1, unit="VND", qualifier="exact"',
        'appeared  figure "y" [50:51] kind="money", value=1, unit="VND", qualifier="exact"',
        'changed   organization "UBND xã" name: "UBND xã" → "UBND Xã"; mentions +[20:27]',
    ]
    assert diff_trees(old, old) == []


def test_junit_survives_control_characters() -> None:
    case = Case("rule examples", "rules/x.yaml", "r: example 1 (line 3)", "rules/x.yaml", 3, "r",
                failures=["rules/x.yaml:3: rule r: example 1 \"a\x0bb\": expected no figure, got 1"])
    root = ET.fromstring(render_junit(Report(cases=[case])))
    failure = root.find(".//failure")
    assert failure is not None and "a\ufffdb" in failure.get("message", "")
