"""Figures: money, counts, percentages, ratios, measures and durations.

Rules (family `figures`) find the spans and name their parts; this module reads the
numbers, applies qualifiers and ranges, and decides what each figure counts.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from .candidates import Candidate, Context, inside_any


def _decimal(s: str) -> Decimal | None:
    try:
        return Decimal(s.replace(".", "").replace(",", "."))
    except InvalidOperation:
        return None


def find_figures(ctx: Context, blocked: list[tuple[int, int]]) -> list[Candidate]:
    """Figure candidates outside names (`blocked` spans: organisations, people)."""
    out: list[Candidate] = []
    for m in ctx.run("figures"):
        if inside_any((m.start, m.end), blocked):
            continue
        value = _decimal(m.group("number") or "")
        if value is None:
            continue
        item: dict[str, Any] = {
            "kind": m.rule.data.get("kind"),
            "value": value,
            "unit": m.rule.data.get("unit"),
            "qualifier": "exact",
            "label": None,
            "flags": [],
        }
        out.append(Candidate("figures", m.start, m.end, item, m.rule.name, m.rule.priority))
    return out
