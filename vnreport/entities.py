"""Organisations and people, each with every place it is mentioned.

Names repeat through an article (`Hội LHPN quận` five times), so entities are collected
per distinct name, and every occurrence becomes a mention. Their spans are also handed
to the figure rules, which must not read the `1` of `Hội LHPN Quận 1` as a count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .candidates import Context
from .document import fold


@dataclass
class Entity:
    """An organisation or a person: contract fields and the working-text spans of its mentions."""

    item: dict[str, Any]
    mentions: list[tuple[int, int]] = field(default_factory=list)

    @property
    def key(self) -> str:
        return fold(str(self.item.get("name", ""))).casefold()


def _merge(found: list[tuple[int, int, dict[str, Any]]]) -> list[Entity]:
    """One entity per distinct name (NFC, case-folded, whitespace-folded), mentions in order."""
    by_key: dict[str, Entity] = {}
    for start, end, item in sorted(found, key=lambda f: (f[0], f[1])):
        e = Entity(item, [])
        entity = by_key.setdefault(e.key, e)
        entity.mentions.append((start, end))
    return list(by_key.values())


def find_organizations(ctx: Context) -> list[Entity]:
    """Organisation names found by the `organizations` rules, expanded and typed."""
    found: list[tuple[int, int, dict[str, Any]]] = []
    for m in ctx.run("organizations"):
        name = fold(ctx.doc.scan[m.start : m.end])
        found.append((m.start, m.end, {"name": name, "expanded": None, "type": m.rule.data.get("type", "other")}))
    return _merge(found)


def find_people(ctx: Context, organizations: list[Entity]) -> list[Entity]:
    """People named in the article (not the byline, which is the document's author)."""
    found: list[tuple[int, int, dict[str, Any]]] = []
    for m in ctx.run("people"):
        name = m.group("name") or fold(ctx.doc.scan[m.start : m.end])
        found.append((m.start, m.end, {"name": fold(name), "honorific": m.group("honorific"), "title": None}))
    return _merge(found)
