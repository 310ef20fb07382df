"""Every example of every `dates` rule, run through the public `extract_text`.

A rule's examples are its specification: a positive example passes when some date of the
output has every expected field, a negative one (`expect: none`) when the text yields no
date at all. The rule file, not this test, says what each rule must do.
"""

from __future__ import annotations

from typing import Any

import pytest

from vnreport import extract_text
from vnreport.dates import is_iso, leads
from vnreport.ruleset import Example, Rule, default_rules

RULES = default_rules()
DATE_RULES = RULES.family("dates")
EXAMPLES: list[tuple[Rule, Example]] = [(r, ex) for r in DATE_RULES for ex in r.examples]


def _matches(item: dict[str, Any], expect: dict[str, Any]) -> bool:
    return all(str(item.get(k)) == str(v) if isinstance(v, str) else item.get(k) == v for k, v in expect.items())


@pytest.mark.parametrize(
    ("rule", "example"), EXAMPLES, ids=[f"{r.name} #{i}" for i, (r, _) in enumerate(EXAMPLES)]
)
def test_rule_example(rule: Rule, example: Example) -> None:
    dates = extract_text(example.text, reference_date=example.reference_date)["dates"]
    where = f"{rule.file}:{example.line}: rule {rule.name}"
    if example.expect is None:
        assert dates == [], f"{where}: expected no date in {example.text!r}, got {dates}"
    else:
        assert any(_matches(d, example.expect) for d in dates), f"{where}: {example.text!r} → {dates}"
    assert all(is_iso(d["value"]) for d in dates)


def test_every_date_rule_has_a_positive_and_a_negative_example() -> None:
    for rule in DATE_RULES:
        kinds = {ex.expect is None for ex in rule.examples}
        assert True in kinds or rule.anchor == "scan", f"{rule.name}: no negative example"
        assert False in kinds, f"{rule.name}: no positive example"


def test_number_anchored_date_rules_have_a_trusted_lead() -> None:
    """Without a lead a number-anchored rule is tried at every number of an article."""
    compiled = leads(RULES)
    for rule in DATE_RULES:
        if rule.anchor == "number":
            assert rule.name in compiled, f"{rule.name}: no usable `lead`"
