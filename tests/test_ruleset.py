"""The rule loader: every problem reads `FILE:LINE: rule NAME: …` and nothing slips through.

A misspelt key or an unknown family would otherwise make a rule silently do nothing, so
each kind of mistake is shown here with the message a user sees.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from vnreport.ruleset import (
    EXAMPLE_KEYS,
    FILE_KEYS,
    RULE_KEYS,
    SCHEMA_FILE,
    Problem,
    RuleError,
    builtin_rules_dir,
    load_rules,
    load_schema,
    probe_rule,
    validate_rules,
)

GOOD = """\
family: figures
rules:
  - name: my percent
    kind: percent
    anchor: number
    pattern: '(?P<number>\\d+(?:,\\d+)?)\\s?%'
    examples:
      - text: 'Tỷ lệ đạt 12,5%.'
        expect: {kind: percent}
"""


def user_rules(tmp_path: Path, text: str, name: str = "mine.yaml") -> Path:
    folder = tmp_path / "my-rules"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def problems_in(folder: Path) -> list[str]:
    """Problems of the user folder only (the built-in rules are tested to have none)."""
    _, problems = validate_rules([folder])
    return [str(p) for p in problems if p.file.startswith(str(folder))]


def test_builtin_rules_have_no_problem() -> None:
    rules, problems = validate_rules()
    assert [str(p) for p in problems] == []
    assert rules.rules, "the built-in rules are empty"


def test_schema_declares_every_key_the_loader_reads_with_one_line_each() -> None:
    schema, problems = load_schema()
    assert problems == []
    assert set(schema.file_keys) >= FILE_KEYS
    assert set(schema.rule_keys) >= RULE_KEYS
    assert set(schema.example_keys) >= EXAMPLE_KEYS
    described = [*schema.file_keys.values(), *schema.rule_keys.values(), *schema.example_keys.values()]
    described += [d for f in schema.families.values() for d in f.keys.values()]
    assert all(d.strip() and "\n" not in d.strip() for d in described)


def test_schema_declares_every_key_the_builtin_rule_files_use() -> None:
    schema, _ = load_schema()
    folder = builtin_rules_dir()
    for path in sorted(folder.rglob("*.yaml")):
        if path.name == SCHEMA_FILE:
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        assert set(data) <= set(schema.file_keys), path
        for rule in data.get("rules") or []:
            family = rule.get("family", data.get("family"))
            assert family in schema.families, (path, rule.get("name"))
            for key in rule:
                assert schema.unknown_rule_key(family, key) is None, (path, rule.get("name"), key)
            for ex in rule.get("examples") or []:
                assert set(ex) <= set(schema.example_keys), (path, rule.get("name"))


def test_families_map_to_contract_lists() -> None:
    schema, _ = load_schema()
    assert {f.output for f in schema.families.values()} <= {"figures", "dates", "organizations", "people", "events"}


def test_a_good_user_rule_loads_and_keeps_its_examples(tmp_path: Path) -> None:
    rules = load_rules([user_rules(tmp_path, GOOD)])
    rule = next(r for r in rules.rules if r.name == "my percent")
    assert (rule.family, rule.origin, rule.data["kind"]) == ("figures", "user", "percent")
    assert rule.examples[0].line == 8
    assert rule.examples[0].expect == {"kind": "percent"}


def test_unknown_key_names_file_line_rule_and_suggests_the_spelling(tmp_path: Path) -> None:
    folder = user_rules(tmp_path, GOOD.replace("    pattern:", "    patern:"))
    found = problems_in(folder)
    assert any(
        p.startswith(f"{folder}/mine.yaml:3: rule my percent: unknown key 'patern' (did you mean 'pattern'?)")
        and "declare it in rules/schema.yaml or fix the spelling" in p
        for p in found
    ), found
    assert any("rule my percent: no pattern" in p for p in found)


def test_a_key_of_another_family_is_refused(tmp_path: Path) -> None:
    folder = user_rules(tmp_path, GOOD.replace("family: figures", "family: people"))
    assert any("rule my percent: key 'kind' is not read by the people family (it belongs to figures" in p
               for p in problems_in(folder))


def test_unknown_family(tmp_path: Path) -> None:
    folder = user_rules(tmp_path, GOOD.replace("family: figures", "family: figure"))
    assert any("rule my percent: unknown family 'figure' (did you mean 'figures'?)" in p for p in problems_in(folder))


def test_unknown_file_key_and_duplicate_yaml_key(tmp_path: Path) -> None:
    text = "descripton: x\n" + GOOD.replace("    anchor: number\n", "    anchor: number\n    anchor: scan\n")
    found = problems_in(user_rules(tmp_path, text))
    assert any(":1: unknown key 'descripton' (did you mean 'description'?)" in p for p in found)
    assert any(":7: duplicate key 'anchor'" in p for p in found)


def test_invalid_regex_undefined_piece_and_wrong_types(tmp_path: Path) -> None:
    text = """\
family: figures
rules:
  - name: broken regex
    pattern: '(['
  - name: missing piece
    pattern: '{no_such_piece}\\d'
  - name: wrong types
    pattern: '\\d'
    priority: high
    verbose: 'yes'
    anchor: word
  - name: broken context
    pattern: '\\d'
    not_before: '(?<'
"""
    found = problems_in(user_rules(tmp_path, text))
    assert any("mine.yaml:3: rule broken regex: invalid regular expression: unterminated character set" in p
               for p in found), found
    assert any("mine.yaml:5: rule missing piece: pattern: undefined piece {no_such_piece}" in p for p in found)
    assert any("mine.yaml:7: rule wrong types: priority must be a whole number" in p for p in found)
    assert any("rule wrong types: verbose must be true or false" in p for p in found)
    assert any("rule wrong types: anchor must be one of scan, number" in p for p in found)
    assert any("mine.yaml:12: rule broken context: not_before: invalid regular expression" in p for p in found)


def test_broken_rules_are_left_out_and_the_others_kept(tmp_path: Path) -> None:
    folder = user_rules(tmp_path, GOOD + "  - name: broken\n    pattern: '(['\n")
    rules, problems = validate_rules([folder])
    names = {r.name for r in rules.rules}
    assert "my percent" in names and "broken" not in names
    assert [p.rule for p in problems] == ["broken"]
    with pytest.raises(RuleError) as e:
        load_rules([folder])
    assert e.value.problems == [str(problems[0])]
    assert e.value.details == problems


def test_bad_examples_are_reported_at_their_own_line(tmp_path: Path) -> None:
    text = GOOD + """\
      - text: 'Không có gì.'
      - text: 'Tỷ lệ 3%.'
        expect: {kind: percent}
        reference_date: 'hôm qua'
      - text: 'Tỷ lệ 4%.'
        expct: none
        expect: none
"""
    found = problems_in(user_rules(tmp_path, text))
    assert any("mine.yaml:10: rule my percent: example 2: needs `expect`" in p for p in found), found
    assert any("mine.yaml:11: rule my percent: example 3: reference_date must be a date" in p for p in found)
    assert any("mine.yaml:14: rule my percent: example 4: unknown key 'expct' (did you mean 'expect'?)" in p
               for p in found)
    # An impossible unquoted date is a YAML error, at its line, not a crash.
    folder = user_rules(tmp_path, text.replace("'hôm qua'", "2024-13-01"))
    assert any("mine.yaml:13: not valid YAML: month must be in 1..12" in p for p in problems_in(folder))


def test_duplicates_in_one_folder_and_replacement_across_folders(tmp_path: Path) -> None:
    folder = user_rules(tmp_path, GOOD + "pieces:\n  pct: '%'\n")
    user_rules(tmp_path, GOOD.replace("family: figures", "family: figures\npieces:\n  pct: '%'"), "other.yaml")
    found = problems_in(folder)
    assert any("other.yaml:5: rule my percent: duplicate name (first in" in p for p in found), found
    assert any("piece pct: defined twice" in p for p in found)

    builtin = load_rules().rules[0]
    replacing = GOOD.replace("name: my percent", f"name: {builtin.name}").replace(
        "family: figures", f"family: {builtin.family}").replace("    kind: percent\n", "")
    other = tmp_path / "other"
    rules = load_rules([user_rules(other, replacing)])
    mine = [r for r in rules.rules if r.name == builtin.name]
    assert len(mine) == 1
    assert (mine[0].origin, mine[0].replaces) == ("user", builtin.where)


def test_a_user_schema_declares_more_keys(tmp_path: Path) -> None:
    folder = user_rules(tmp_path, GOOD.replace("    kind: percent\n", "    kind: percent\n    colour: red\n"))
    assert any("unknown key 'colour'" in p for p in problems_in(folder))
    (folder / SCHEMA_FILE).write_text("families:\n  figures:\n    keys:\n      colour: how a reviewer tints it\n",
                                      encoding="utf-8")
    assert problems_in(folder) == []
    (folder / SCHEMA_FILE).write_text("families:\n  figures:\n    keys:\n      colour:\n", encoding="utf-8")
    _, problems = validate_rules([folder])
    assert any(p.file.endswith(SCHEMA_FILE) and "key 'colour' needs a one-line description" in p.message
               for p in problems)


def test_probe_names_a_catastrophic_pattern_on_its_own_example(tmp_path: Path) -> None:
    text = """\
family: figures
rules:
  - name: runaway
    pattern: '(a|aa)+$'
    examples:
      - text: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!'
        expect: none
  - name: runaway before
    pattern: '\\d+'
    before: '\\s(?:\\w|\\w\\w)+'
"""
    rules = load_rules([user_rules(tmp_path, text)], builtin=False)
    found = {r.name: probe_rule(r, timeout=0.05) for r in rules.rules}
    runaway = found["runaway"]
    assert isinstance(runaway, Problem)
    assert str(runaway).startswith(f"{tmp_path}/my-rules/mine.yaml:3: rule runaway: pattern timed out")
    assert "its example at line 6" in runaway.message
    before = found["runaway before"]
    assert before is not None and before.message.startswith("before timed out")
    assert probe_rule(load_rules([user_rules(tmp_path / "ok", GOOD)], builtin=False).rules[0]) is None


def test_probing_every_builtin_rule_is_quick() -> None:
    import time

    rules = load_rules()
    started = time.perf_counter()
    assert [str(p) for r in rules.rules if (p := probe_rule(r)) is not None] == []
    assert time.perf_counter() - started < 2.0
