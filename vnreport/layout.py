"""Find the parts of an article page: headline, publication line, body, byline, boilerplate.

Articles arrive as text copied off web pages: a site menu above the headline, a
`19/01/2024 15:37 Số lượt xem: 19` line under it, "related news" lists and calendar
widgets after the body, and lines hard-wrapped in the middle of sentences. This stage
decides, line by line, what is article text, joins wrapped lines (a `\\n` becomes a
space, so the offset map is untouched) and splits the body into sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise

import regex

from .document import EXTRACTED, Document, Region, RegionKind, fold
from .ruleset import RuleSet


@dataclass(frozen=True)
class Layout:
    title: str | None
    published: str | None  # ISO date
    author: str | None


@dataclass
class _Line:
    start: int
    end: int
    text: str
    kind: RegionKind = "body"

    @property
    def low(self) -> str:
        return self.text.lower()


_WORD = regex.compile(r"\p{L}[\p{L}\p{M}]*")
_TERMINAL = ".!?…"
_STARTS_LOWER = regex.compile(r"^[\s\"“‘'(\[]*(?:\p{Ll}|\d)")


@dataclass(frozen=True)
class _Patterns:
    section_names: frozenset[str]
    trailer: regex.Pattern[str]
    byline_prefix: regex.Pattern[str]
    published: regex.Pattern[str]
    related_item: regex.Pattern[str]
    trailer_line: regex.Pattern[str]
    abbreviations: frozenset[str]


@lru_cache(maxsize=8)
def _patterns(rules: RuleSet) -> _Patterns:
    flags = regex.IGNORECASE | regex.VERBOSE
    trailer_words = rules.words("trailer_headers")
    prefixes = rules.words("byline_prefixes")
    return _Patterns(
        section_names=frozenset(fold(w).lower() for w in rules.words("section_names")),
        trailer=regex.compile(r"^\W*(?:" + "|".join(regex.escape(w) for w in trailer_words) + r")\b", flags),
        byline_prefix=regex.compile(r"^(?:" + "|".join(regex.escape(w) for w in prefixes) + r")\s*", flags),
        published=regex.compile(rules.expand(rules.pieces["published_line"]), flags),
        related_item=regex.compile(rules.expand(rules.pieces["related_item"]), flags),
        trailer_line=regex.compile(rules.expand(rules.pieces["trailer_line"]), flags),
        abbreviations=frozenset(w.lower() for w in rules.words("abbreviations")),
    )


def _lines(text: str) -> list[_Line]:
    out, pos = [], 0
    for part in text.split("\n"):
        out.append(_Line(pos, pos + len(part), part))
        pos += len(part) + 1
    return out


def _words(s: str) -> list[str]:
    return _WORD.findall(s)


def _is_menu(line: _Line, p: _Patterns) -> bool:
    """Navigation above the headline: section names, separators, all-caps banners."""
    low = line.low.strip()
    if not low or low in p.section_names:
        return True
    words = _words(line.text)
    if not words:
        return True  # only symbols: `|`, `»`, `***`
    if any(ch.isdigit() for ch in low):
        return False
    letters = [c for c in line.text if c.isalpha()]
    if len(words) <= 12 and letters and sum(c.isupper() for c in letters) / len(letters) > 0.8:
        return True
    return len(words) < 5 and low[-1] not in _TERMINAL


def _published(text: str, p: _Patterns) -> str | None:
    m = p.published.match(text.strip())
    if not m:
        return None
    parts = re.split(r"\s*[/.\-]\s*", m.group("date"))
    day, month, year = (int(x) for x in parts)
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _is_title(line: _Line, following: _Line | None, p: _Patterns) -> bool:
    text = line.text.strip()
    words = _words(text)
    if not 4 <= len(words) <= 45 or len(text) > 300:
        return False
    if text[-1] in _TERMINAL + ":;," or text.startswith("("):
        return False
    if _published(text, p):
        return False
    # A hard-wrapped first line continues on the next one: that is body, not a headline.
    return not (following is not None and _STARTS_LOWER.match(following.text) and not _published(following.text, p))


def _byline(line: _Line, p: _Patterns) -> str | None:
    """The author's name on the last short line (`Thanh Lài`, `T.X`, `Nguyễn Oanh - VH`)."""
    text = fold(line.text)
    m = p.byline_prefix.match(text)
    name = text[m.end():].strip() if m else text
    if not name or len(name) > 50 or any(ch.isdigit() for ch in name):
        return None
    words = _words(name)
    if not 1 <= len(words) <= 6:
        return None
    if name[-1] in _TERMINAL and not regex.search(r"(?:^|[\s.])\p{Lu}\.$", name):
        return None  # a sentence, unless it ends with an initial (`T.X.`)
    if not all(w[0].isupper() for w in words if len(w) > 1 or w.isupper()):
        return None
    return name


def _classify(lines: list[_Line], p: _Patterns) -> tuple[str | None, str | None, str | None]:
    """Mark each line's kind; return the title, the publication date and the author."""
    # Trailer: the first "related news" header or widget line after some body text ends the article.
    seen_body = False
    for i, line in enumerate(lines):
        if seen_body and (p.trailer.match(line.text) or p.trailer_line.match(line.text)):
            for rest in lines[i:]:
                rest.kind = "boilerplate"
            break
        if len(_words(line.text)) >= 8:
            seen_body = True
    for line in lines:
        if line.kind == "body" and p.related_item.search(line.text) and len(line.text) < 300:
            line.kind = "boilerplate"

    content = [i for i, line in enumerate(lines) if line.kind == "body" and line.text.strip()]
    if not content:
        return None, None, None

    # Header: skip the menu, then the headline and the publication line.
    k = 0
    while k < len(content):
        line = lines[content[k]]
        nxt = lines[content[k + 1]] if k + 1 < len(content) else None
        if _published(line.text, p) or not _is_menu(line, p):
            break
        if nxt is not None and _STARTS_LOWER.match(nxt.text):
            break  # a short wrapped line of the body, not a menu item
        line.kind = "boilerplate"
        k += 1

    title = published = None
    for j in range(k, min(k + 3, len(content))):
        line = lines[content[j]]
        nxt = lines[content[j + 1]] if j + 1 < len(content) else None
        date = _published(line.text, p)
        if date and published is None:
            published = date
            line.kind = "meta"
            continue
        if j == k and title is None and nxt is not None and _is_title(line, nxt, p):
            title = fold(line.text)
            line.kind = "title"
            continue
        break

    author = None
    body = [i for i in content if lines[i].kind == "body"]
    if len(body) >= 2:
        last = lines[body[-1]]
        author = _byline(last, p)
        if author is not None:
            last.kind = "byline"
    return title, published, author


def _join_wrapped(text: str, lines: list[_Line]) -> str:
    """Replace the line breaks that fall inside a sentence with spaces (same length)."""
    chars = list(text)
    for a, b in pairwise(lines):
        if a.kind != "body" or b.kind != "body" or not a.text or not b.text:
            continue
        prev = a.text.rstrip()
        if prev[-1] in _TERMINAL:
            continue
        if _STARTS_LOWER.match(b.text) or prev[-1] in ",;–-(" or len(prev) >= 40:
            chars[a.end] = " "
    return "".join(chars)


def _regions(lines: list[_Line]) -> list[Region]:
    out: list[Region] = []
    for prev, line in zip([None, *lines], lines, strict=False):
        if not line.text.strip() and prev is not None and prev.kind == "boilerplate":
            line.kind = "boilerplate"  # blank lines inside boilerplate belong to it
        if out and out[-1].kind == line.kind:
            out[-1].end = line.end
        else:
            out.append(Region(line.kind, line.start, line.end))
    return out


_SENT_END = regex.compile(r"(?<=[.!?…][\"”’')\]]?)\s+(?=[\"“‘'(\[]?[\p{Lu}\d])|\n+")


def _sentences(text: str, regions: list[Region], p: _Patterns) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for r in regions:
        if r.kind not in EXTRACTED:
            continue
        start = r.start
        for m in _SENT_END.finditer(text, r.start, r.end):
            if not m.group().startswith("\n"):
                words = text[start : m.start()].split()
                before = words[-1].rstrip(".").lower() if words else ""
                if before in p.abbreviations or (len(before) == 1 and before.isalpha()):
                    continue  # `TP. Hồ Chí Minh`, `Đ/c. Mai`, an initial: not a sentence end
            if m.start() > start:
                out.append((start, m.start()))
            start = m.end()
        if r.end > start:
            out.append((start, r.end))
    return [(a, b) for a, b in out if text[a:b].strip()]


def analyse(doc: Document, rules: RuleSet) -> tuple[Document, Layout]:
    """Regions, joined lines, sentences and the text rules scan (boilerplate blanked out)."""
    p = _patterns(rules)
    lines = _lines(doc.text)
    title, published, author = _classify(lines, p)
    text = _join_wrapped(doc.text, lines)
    regions = _regions(lines)
    scan = list(text)
    for r in regions:
        if r.kind not in EXTRACTED:
            for i in range(r.start, r.end):
                if scan[i] != "\n":
                    scan[i] = " "
    new = replace(doc, text=text, regions=regions, scan="".join(scan))
    new.sentences = _sentences(text, regions, p)
    return new, Layout(title=title, published=published, author=author)
