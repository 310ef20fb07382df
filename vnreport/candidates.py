"""What rule families hand to the pipeline, and how overlapping claims are settled.

Several families can claim the same characters: `12/12` is a date in `ngày 12/12` and a
ratio in `12/12 chi hội`; `1` in `Hội LHPN Quận 1` is part of a name. Families propose
candidates with a priority and the arbiter keeps one meaning per span, so no family
needs to know the others' rules.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .document import Document
from .layout import Layout
from .matching import RuleMatch, number_anchors, run_rules
from .ruleset import RuleSet


@dataclass
class Candidate:
    """A proposed item: a working-text span and its contract fields (without text/start/end)."""

    family: str  # "figures" | "dates"
    start: int
    end: int
    item: dict[str, Any]
    rule: str
    priority: int = 50

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass
class Context:
    """Everything a family may read; families never write to it except through `warn`."""

    doc: Document
    rules: RuleSet
    layout: Layout
    reference_date: date | None = None  # given by the user; the resolved one is decided later
    warnings: list[str] = field(default_factory=list)

    _anchors: list[int] | None = field(default=None, repr=False)

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    @property
    def anchors(self) -> list[int]:
        """Where numbers start in the scanned text, found once and shared by every family."""
        if self._anchors is None:
            self._anchors = number_anchors(self.rules, self.doc.scan)
        return self._anchors

    def run(self, family: str) -> list[RuleMatch]:
        """Every match of a family's rules over the scanned text."""
        return run_rules(self.rules.family(family), self.doc.scan, self.anchors, self.warn)


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def arbitrate(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Keep the strongest claim on every span: higher priority, then longer, then earlier.

    >>> c = lambda fam, s, e, p: Candidate(fam, s, e, {}, fam, p)
    >>> kept = arbitrate([c("dates", 0, 5, 40), c("figures", 0, 13, 60), c("dates", 20, 30, 50)])
    >>> [(k.family, k.start) for k in kept]
    [('figures', 0), ('dates', 20)]
    """
    ordered = sorted(candidates, key=lambda c: (-c.priority, -c.length, c.start))
    # The kept spans never overlap, so sorted by start they are sorted by end too: a new
    # span overlaps one of them exactly when it overlaps the last one starting before its end.
    starts: list[int] = []
    ends: list[int] = []
    kept: list[Candidate] = []
    for cand in ordered:
        if cand.length <= 0:
            continue
        i = bisect_left(starts, cand.end)
        if i and ends[i - 1] > cand.start:
            continue
        starts.insert(i, cand.start)
        ends.insert(i, cand.end)
        kept.append(cand)
    return sorted(kept, key=lambda c: (c.start, c.end))


def inside_any(span: tuple[int, int], blocked: Iterable[tuple[int, int]]) -> bool:
    """True when `span` lies within one of `blocked` (a number inside an organisation's name)."""
    return any(b[0] <= span[0] and span[1] <= b[1] for b in blocked)
