"""The document every stage works on: the original text, a working copy, and the map between them.

Rules run on the working copy (NFC, one tone-mark style, folded whitespace, joined line
breaks), but every span a user sees must point into the original. Keeping the map here,
and letting only `TextBuilder` create it, is what stops offsets from drifting.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Literal

RegionKind = Literal["title", "meta", "body", "byline", "boilerplate"]

#: Regions whose text is extracted from; the rest (menus, related news, the byline) is not.
EXTRACTED: frozenset[str] = frozenset({"title", "meta", "body"})


def fold(s: str) -> str:
    """NFC and every whitespace run folded to one space: the contract's `text` of a span."""
    return " ".join(unicodedata.normalize("NFC", s).split())


@dataclass(frozen=True)
class Segment:
    """A stretch of working text and the stretch of original it came from.

    `verbatim` stretches map character by character; an edited stretch (a folded
    whitespace run, a composed character) maps as a whole, so a span that starts or ends
    inside it widens to cover all of the original it replaced.
    """

    w_start: int
    w_end: int
    o_start: int
    o_end: int
    verbatim: bool


class TextBuilder:
    """Build a working text piece by piece while recording where each piece came from."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._segments: list[Segment] = []
        self._w = 0

    def copy(self, original: str, start: int, end: int) -> None:
        """Copy `original[start:end]` unchanged."""
        if end <= start:
            return
        self._parts.append(original[start:end])
        self._add(end - start, start, end, verbatim=True)

    def replace(self, new: str, start: int, end: int) -> None:
        """Put `new` in place of `original[start:end]` (`new` may be empty: a deletion)."""
        if new:
            self._parts.append(new)
        self._add(len(new), start, end, verbatim=False)

    def _add(self, length: int, o_start: int, o_end: int, *, verbatim: bool) -> None:
        if length == 0:
            return
        prev = self._segments[-1] if self._segments else None
        if verbatim and prev is not None and prev.verbatim and prev.o_end == o_start:
            self._segments[-1] = Segment(prev.w_start, self._w + length, prev.o_start, o_end, True)
        else:
            self._segments.append(Segment(self._w, self._w + length, o_start, o_end, verbatim))
        self._w += length

    def build(self) -> tuple[str, list[Segment]]:
        return "".join(self._parts), self._segments


@dataclass
class Region:
    kind: RegionKind
    start: int  # working-text offsets
    end: int


@dataclass
class Document:
    """Original text, working text and the offset map; regions and sentences are added by layout."""

    original: str
    text: str
    segments: list[Segment]
    regions: list[Region] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    #: The working text with everything outside extracted regions blanked (same length).
    scan: str = ""
    _starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._starts = [s.w_start for s in self.segments]

    def _segment(self, w: int) -> Segment:
        i = bisect_right(self._starts, w) - 1
        return self.segments[max(i, 0)]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a working-text span `[start, end)` to the original text.

        >>> from vnreport.normalize import normalize
        >>> d = normalize("Ho\\u0300a  bi\\u0300nh")
        >>> d.text
        'Hòa bình'
        >>> d.original_span(0, 3), d.original[slice(*d.original_span(0, 3))] == "Ho\\u0300a"
        ((0, 4), True)
        """
        segments = self.segments
        if not segments or end <= start:
            return (0, 0)
        # `_segment(start)` and `_segment(end - 1)`, inlined (a hundred calls an article):
        # most spans lie in one segment, found by one comparison once the first is known.
        starts = self._starts
        i = bisect_right(starts, start) - 1
        if i < 0:
            i = 0
        a = segments[i]
        last = end - 1
        one = i + 1 >= len(starts) or last < starts[i + 1]
        b = a if one else segments[max(bisect_right(starts, last) - 1, 0)]
        o_start = a.o_start + (start - a.w_start) if a.verbatim else a.o_start
        o_end = b.o_start + (end - b.w_start) if b.verbatim else b.o_end
        return o_start, o_end

    def evidence(self, start: int, end: int) -> dict[str, object]:
        """The contract's evidence triple for a working-text span: text, start, end."""
        o_start, o_end = self.original_span(start, end)
        return {"text": fold(self.original[o_start:o_end]), "start": o_start, "end": o_end}

    def region_at(self, w: int) -> Region | None:
        for r in self.regions:
            if r.start <= w < r.end:
                return r
        return None

    def region_text(self, kind: RegionKind) -> str | None:
        """Original text of the first region of a kind, folded (the title, the byline)."""
        for r in self.regions:
            if r.kind == kind:
                o_start, o_end = self.original_span(r.start, r.end)
                return fold(self.original[o_start:o_end]) or None
        return None
