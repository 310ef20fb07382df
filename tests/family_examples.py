"""Run the examples of the organisation, people and event rules through the whole pipeline.

Shared by tests/test_entities.py, tests/test_people.py and tests/test_events.py: a
positive example passes when some item of the family's output list has every expected
field, a negative one (`expect: none`) when that list is empty.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

import vnreport
from vnreport.ruleset import Example, Rule, default_rules

RULES = default_rules()
#: Which output list each family fills.
OUTPUT = {"organizations": "organizations", "people": "people", "events": "events"}


def plain(v: Any) -> Any:
    """YAML reads an unquoted 2024-01-18 as a date; the output holds ISO strings."""
    return v.isoformat() if isinstance(v, date) else v


def has_item(items: list[dict[str, Any]], expect: dict[str, Any]) -> bool:
    """Some item has every expected field (lists compared as lists, in order)."""
    return any(all(plain(v) == item.get(k) for k, v in expect.items()) for item in items)


def family_examples(*families: str) -> list[Any]:
    """One test parameter per example of every rule of the families."""
    cases = []
    for family in families:
        for rule in RULES.family(family):
            for ex in rule.examples:
                cases.append(pytest.param(rule, ex, id=f"{rule.name}:{ex.line}"))
    return cases


def check_example(rule: Rule, ex: Example) -> None:
    tree = vnreport.extract_text(ex.text, reference_date=ex.reference_date, rules=RULES)
    items = tree[OUTPUT[rule.family]]
    where = f"{rule.file}:{ex.line}: rule {rule.name}"
    if ex.expect is None:
        assert items == [], f"{where}: expected nothing, got {items}"
    else:
        assert has_item(items, ex.expect), f"{where}: expected an item with {ex.expect}, got {items}"
