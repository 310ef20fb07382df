"""What every `dates` rule must have beyond its examples (which run in test_rule_examples.py).

A date rule needs a negative example (dates are easily confused with ratios, decimals and
document numbers), a trusted `lead` when it is number-anchored, and must only ever
produce valid ISO 8601 values.
"""

from __future__ import annotations

from vnreport import extract_text
from vnreport.dates import is_iso, leads
from vnreport.ruleset import Example, Rule, default_rules

RULES = default_rules()
DATE_RULES = RULES.family("dates")
EXAMPLES: list[tuple[Rule, Example]] = [(r, ex) for r in DATE_RULES for ex in r.examples]


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


def test_every_example_gives_valid_iso_values() -> None:
    for rule, example in EXAMPLES:
        for d in extract_text(example.text, reference_date=example.reference_date, rules=RULES)["dates"]:
            assert is_iso(d["value"]), f"{rule.name}: {example.text!r} gave {d['value']!r}"
