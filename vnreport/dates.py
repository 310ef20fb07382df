"""Dates and periods: rules from `rules/` (family `dates`) turned into ISO 8601 values.

A rule's named groups say which part of a date they hold (`day`, `month`, `year`,
`part`), so a new date form is a new pattern, not new code.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .candidates import Candidate, Context


def _iso_day(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def find_dates(ctx: Context) -> list[Candidate]:
    """Date candidates in the scanned text; years still missing are resolved later."""
    parts: dict[str, Any] = ctx.rules.table("part_of_day")
    out: list[Candidate] = []
    for m in ctx.run("dates"):
        groups = m.groups()
        if not groups.get("day") or not groups.get("month") or not groups.get("year"):
            continue
        value = _iso_day(int(groups["year"]), int(groups["month"]), int(groups["day"]))
        if value is None:
            continue
        part = groups.get("part")
        item = {
            "value": value,
            "grain": "day",
            "part_of_day": parts.get(part.lower()) if part else None,
            "inferred": False,
        }
        out.append(Candidate("dates", m.start, m.end, item, m.rule.name, m.rule.priority))
    return out
