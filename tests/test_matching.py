"""The rule engine: number anchors, context patterns around a match, time limits."""

from __future__ import annotations

from pathlib import Path

from vnreport.matching import number_anchors, run_rules
from vnreport.ruleset import default_rules, load_rules

RULES = default_rules()


def rules_from(tmp_path: Path, body: str):  # a RuleSet with only the given test family
    folder = tmp_path / "rules"
    folder.mkdir(exist_ok=True)
    (folder / "t.yaml").write_text("family: figures\nrules:\n" + body, encoding="utf-8")
    return load_rules([folder], builtin=False)


def run_figures(rs, text: str):  # every match of the family `figures` of `rs` in `text`
    return run_rules(rs.family("figures"), text, number_anchors(rs, text), print)


def texts(matches) -> list[str]:
    return [m.core.string[m.start : m.end] for m in matches]


def test_number_anchors_are_number_starts_only() -> None:
    text = "Có 3.171 hộ, COVID-19 và F0; hai khâu đột phá."
    starts = [text[a : a + 3] for a in number_anchors(RULES, text)]
    assert "3.1" in starts and "19 " in starts and "hai" in starts
    assert not any(s.startswith(("171", "0;")) for s in starts)  # not inside a number or a word


def test_before_is_optional_and_joins_the_span(tmp_path: Path) -> None:
    rs = rules_from(tmp_path, "  - name: n\n    anchor: number\n    before: '(?:hơn|trên)'\n    pattern: '\\d+ hộ'\n")
    text = "trên 30 hộ và 12 hộ"
    found = run_figures(rs, text)
    assert texts(found) == ["trên 30 hộ", "12 hộ"]


def test_required_context_and_negative_context(tmp_path: Path) -> None:
    rs = rules_from(
        tmp_path,
        "  - name: money by context\n    anchor: number\n    context_before: 'trị giá'\n    pattern: '\\d+'\n"
        "  - name: not a document number\n    anchor: number\n    not_before: 'số'\n    pattern: '\\d+/\\d+'\n",
    )
    text = "cột cờ trị giá 23 và 35 cột; Kế hoạch số 41/KH và 12/12 chi hội"
    found = run_figures(rs, text)
    assert texts(found) == ["23", "12/12"]


def test_context_never_crosses_a_line_break(tmp_path: Path) -> None:
    rs = rules_from(
        tmp_path,
        "  - name: d\n    anchor: number\n    before: '(?:(?:thứ \\w+|sáng)[,\\s]+)+'\n"
        "    before_required: true\n    pattern: '\\d+/\\d+'\n",
    )
    text = "Thứ Sáu, 27/12/2024\n\nSáng 26/12, hội nghị"
    found = run_figures(rs, text)
    assert "Sáng 26/12" in texts(found)
    assert all("\n" not in t for t in texts(found))


def test_a_catastrophic_pattern_costs_a_warning_not_a_hang(tmp_path: Path) -> None:
    rs = rules_from(tmp_path, "  - name: slow\n    pattern: '(a|aa)+$'\n")
    warnings: list[str] = []
    found = run_rules(rs.family("figures"), "a" * 40 + "!", [], warnings.append)
    assert found == []
    assert warnings and "rule slow" in warnings[0] and "timed out" in warnings[0]


def test_a_number_anchored_rule_reads_no_further_than_its_line(tmp_path: Path) -> None:
    """A line break left in the working text ends a paragraph: an anchored rule is matched
    up to it, so it never sees the next line, not even in a look-ahead."""
    rs = rules_from(
        tmp_path,
        "  - name: trees\n    anchor: number\n    pattern: '\\d+(?=\\s*cây)'\n"
        "  - name: digits\n    anchor: number\n    pattern: '\\d+(?:\\s+\\d+)*'\n",
    )

    def found(text: str) -> list[tuple[str, str]]:
        return [(m.rule.name, text[m.start:m.end]) for m in run_figures(rs, text)]

    assert found("trồng 5 cây") == [("trees", "5"), ("digits", "5")]
    assert found("trồng 5\ncây") == [("digits", "5")]
    assert found("12 34\n56 78") == [("digits", "12 34"), ("digits", "34"), ("digits", "56 78"), ("digits", "78")]
