"""Every example of every built-in rule, run through the whole pipeline.

A rule's examples are its specification (semgrep-style): a positive example passes when
some item of the family's output has every expected field, a negative one (`expect:
none`) when the family's output is empty. This is the same judgement `vnreport check`
makes, so a rule and its proof cannot drift apart between the CLI and the test suite.
"""

from __future__ import annotations

import pytest

import vnreport
from vnreport.check import judge_example
from vnreport.ruleset import Example, Rule, default_rules

RULES = default_rules()
CASES = [
    pytest.param(rule, ex, id=f"{rule.family}:{rule.name}:{ex.line}") for rule in RULES.rules for ex in rule.examples
]


@pytest.mark.parametrize(("rule", "example"), CASES)
def test_rule_example(rule: Rule, example: Example) -> None:
    tree = vnreport.extract_text(example.text, reference_date=example.reference_date, rules=RULES)
    output = RULES.schema.output_of(rule.family)
    problem = judge_example(example.expect, tree[output], output)
    assert problem is None, f"{rule.file}:{example.line}: rule {rule.name}: {problem}"


@pytest.mark.parametrize("family", ["figures", "dates", "organizations", "people", "events"])
def test_every_rule_proves_itself(family: str) -> None:
    rules = RULES.family(family)
    assert rules, f"no {family} rules loaded"
    for rule in rules:
        assert any(ex.expect is not None for ex in rule.examples), f"{rule.name}: no positive example"
