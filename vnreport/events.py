"""Events: the meetings, congresses, ceremonies and contests an article reports.

An event is found from its head noun in a sentence (`tổ chức hội nghị …`) and takes its
date from a date in the same sentence, its organiser and attendees from the entities.
"""

from __future__ import annotations

from typing import Any

from .candidates import Candidate, Context
from .entities import Entity


def find_events(
    ctx: Context, dates: list[Candidate], organizations: list[Entity], people: list[Entity]
) -> list[Candidate]:
    """Event candidates, one per reported event, the sentence as evidence."""
    out: list[Candidate] = []
    for m in ctx.run("events"):
        sentence = next(((a, b) for a, b in ctx.doc.sentences if a <= m.start < b), (m.start, m.end))
        date = next((d.item["value"] for d in dates if sentence[0] <= d.start < sentence[1]), None)
        item: dict[str, Any] = {
            "type": (m.group("type") or m.rule.data.get("type") or "").lower() or None,
            "name": ctx.doc.text[m.start : m.end],
            "date": date,
            "organizer": None,
            "attendees": [],
        }
        out.append(Candidate("events", sentence[0], sentence[1], item, m.rule.name, m.rule.priority))
    return out
