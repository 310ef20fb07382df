"""The reference date: the day an article speaks from, used to complete partial dates.

Reports write `Chiều ngày 15/12` and `năm qua` and leave the year to the reader, who
knows when the piece was published. vnreport looks for that knowledge in order: the
user's `--reference-date`, the publication line, then the dates the text itself writes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .candidates import Candidate

SOURCES = ("option", "published", "text", "none")


def latest_full_date(dates: Iterable[Candidate]) -> date | None:
    """The latest date written with day, month and year, none of it inferred."""
    best: date | None = None
    for c in dates:
        value = c.item.get("value")
        if c.item.get("grain") != "day" or c.item.get("inferred") or not isinstance(value, str):
            continue
        try:
            d = date.fromisoformat(value)
        except ValueError:
            continue
        best = d if best is None or d > best else best
    return best


def resolve(option: date | None, published: str | None, dates: Iterable[Candidate]) -> tuple[date | None, str]:
    """Pick the reference date and say where it came from (`reference_source`)."""
    if option is not None:
        return option, "option"
    if published:
        return date.fromisoformat(published), "published"
    found = latest_full_date(dates)
    if found is not None:
        return found, "text"
    return None, "none"
