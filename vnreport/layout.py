"""Find the parts of an article page: headline, publication line, body, byline, boilerplate.

Articles arrive as text copied off web pages: a site menu or a banner above the headline,
a `19/01/2024 15:37 Số lượt xem: 19` line under it (or above it, or with the author's name:
`Minh Hà 12/03/2024 08:15`), share buttons, "related news" lists, comment counters and
calendar widgets after the body, a byline on the last line (`Lan Anh – Hội LHPN huyện
Yên Lập.`) or closing the last paragraph in capitals (`… giải ba. THU HÀ`), and lines
hard-wrapped in the middle of sentences. This stage decides, line by line, what is
article text, joins wrapped lines (a `\\n` becomes a space, so the offset map is
untouched) and splits the body into sentences.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
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
#: Every publication line has a full date, in figures or in words.
_DATE_HINT = re.compile(r"\d{1,2}\s?[/.\-]\s?\d{1,2}\s?[/.\-]\s?\d{4}|năm\s+\d{4}", re.IGNORECASE)
#: A publication line, a toolbar, a byline are short; longer lines are not even tried.
MAX_PUBLICATION_LINE = 200
MAX_WIDGET_LINE = 80
MAX_BYLINE_LINE = 160
_TERMINAL = ".!?…"
_STARTS_LOWER = regex.compile(r"^[\s\"“‘'(\[]*(?:\p{Ll}|\d)")


@dataclass(frozen=True)
class _Patterns:
    section_names: frozenset[str]
    widget_words: frozenset[str]
    trailer: regex.Pattern[str]
    byline_prefix: regex.Pattern[str]
    published: regex.Pattern[str]
    related_item: regex.Pattern[str]
    trailer_line: regex.Pattern[str]
    comment_counter: regex.Pattern[str] | None
    abbreviations: frozenset[str]
    caption_start: regex.Pattern[str] | None  # an honorific or a role: a caption, not a byline


@lru_cache(maxsize=8)
def _patterns(rules: RuleSet) -> _Patterns:
    flags = regex.IGNORECASE | regex.VERBOSE
    trailer_words = rules.words("trailer_headers")
    prefixes = rules.words("byline_prefixes")
    return _Patterns(
        section_names=frozenset(fold(w).lower() for w in rules.words("section_names")),
        widget_words=frozenset(fold(w).lower() for w in rules.words("widget_words")),
        trailer=regex.compile(r"^\W*(?:" + "|".join(regex.escape(w) for w in trailer_words) + r")\b", flags),
        byline_prefix=regex.compile(r"^(?:" + "|".join(regex.escape(w) for w in prefixes) + r")\s*", flags),
        published=regex.compile(rules.expand(rules.pieces["published_line"]), flags),
        related_item=regex.compile(rules.expand(rules.pieces["related_item"]), flags),
        trailer_line=regex.compile(rules.expand(rules.pieces["trailer_line"]), flags),
        comment_counter=_optional_piece(rules, "comment_counter", flags),
        abbreviations=frozenset(w.lower() for w in rules.words("abbreviations")),
        caption_start=_caption_start(rules),
    )


def _optional_piece(rules: RuleSet, name: str, flags: int) -> regex.Pattern[str] | None:
    """A piece a `--rules` folder's own layout file may not define."""
    return regex.compile(rules.expand(rules.pieces[name]), flags) if name in rules.pieces else None


def _caption_start(rules: RuleSet) -> regex.Pattern[str] | None:
    """A person's honorific or role word at the start of a text (the people rules' word lists):
    `Bà Lê Thị Hoa - Chủ tịch Hội LHPN xã phát biểu` is a photo caption, not a byline."""
    words = rules.words("person_honorifics") + rules.words("person_title_words")
    if not words:
        return None
    alt = "|".join(regex.escape(w).replace("\\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))
    return regex.compile(rf"(?:{alt})(?![\p{{L}}\p{{M}}])", regex.IGNORECASE)


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


def _publication(text: str, p: _Patterns) -> tuple[str, str | None] | None:
    """The date of a publication line, and the author's name when the line starts with it
    (`Minh Hà 12/03/2024 08:15`, `Lê Hằng - 08:15 12/03/2024 GMT+7`)."""
    if len(text) > MAX_PUBLICATION_LINE or _DATE_HINT.search(text) is None:
        return None  # a paragraph, or no date at all: not worth the pattern
    m = p.published.match(text.strip())
    if not m:
        return None
    # (A `--rules` folder may define its own publication line, with fewer groups.)
    groups = m.groupdict()
    if groups.get("date"):
        day, month, year = (int(x) for x in re.split(r"\s*[/.\-]\s*", groups["date"]))
    elif groups.get("day_w") and groups.get("month_w") and groups.get("year_w"):
        day, month, year = int(groups["day_w"]), int(groups["month_w"]), int(groups["year_w"])
    else:
        return None
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    author = fold(groups["author"]) if groups.get("author") else None
    return f"{year:04d}-{month:02d}-{day:02d}", author


def _published(text: str, p: _Patterns) -> str | None:
    found = _publication(text, p)
    return found[0] if found else None


def _is_widget(line: _Line, p: _Patterns) -> bool:
    """A share or print toolbar (`RSS In Gởi cho bạn bè`), a section name: never article text."""
    if len(line.text) > MAX_WIDGET_LINE:
        return False
    low = fold(line.low).strip()
    if low in p.section_names:
        return True
    words = [w.lower() for w in _words(line.text)]
    return 0 < len(words) <= 10 and all(w in p.widget_words for w in words)


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


def _is_prose(line: _Line) -> bool:
    """A line of the article's text (a sentence or a paragraph), not part of a page header."""
    text = line.text.strip()
    return len(text) > 300 or (text[-1:] in _TERMINAL and len(_words(text)) >= 10)


#: How many lines at the top of a page may hold the headline, widgets and the publication line.
HEADER_LINES = 8
_DASH = regex.compile(r"\s+[–—-]\s*|\s*[–—-]\s+")
#: A name in capitals closing the last paragraph: `… trao 4 giải ba. THU HÀ - MINH TÚ`.
_INLINE_BYLINE = regex.compile(
    r"(?<=[.!?…”\"])\s+(?P<name>\p{Lu}[\p{Lu}\p{M}.]*(?:(?:\s+|\s*[–-]\s*)\p{Lu}[\p{Lu}\p{M}.]*){0,5})\s*$"
)


def _name_words(words: list[str]) -> bool:
    """Every word of a name starts with a capital (`Thanh Lài`, `T.X`, `MINH TÚ`)."""
    return all(w[0].isupper() for w in words if len(w) > 1 or w.isupper())


def _byline(line: _Line, p: _Patterns) -> str | None:
    """The author's name on the last short line (`Thanh Lài`, `T.X`, `Nguyễn Oanh - VH`),
    maybe with the unit after a dash (`Lan Anh – Hội LHPN huyện Yên Lập.`)."""
    if len(line.text) > MAX_BYLINE_LINE:
        return None
    text = fold(line.text)
    m = p.byline_prefix.match(text)
    name = text[m.end():].strip() if m else text
    if name.endswith("./."):
        name = name[:-3].rstrip()
    elif name.endswith(".") and not regex.search(r"(?:^|[\s.])\p{Lu}\.$", name):
        name = name[:-1].rstrip()  # the full stop after a byline, not an initial (`T.X.`)
    if not name or any(ch.isdigit() for ch in name) or name[-1] in _TERMINAL + ",;:":
        return None
    parts = _DASH.split(name, maxsplit=1)
    if len(parts) == 2 and _words(parts[1]):
        # `Name – unit`: the name is capitalised, the unit (`Hội LHPN huyện`, `HND tỉnh`) need not be.
        head, unit = _words(parts[0]), _words(parts[1])
        if not (1 <= len(head) <= 5 and len(unit) <= 8 and _name_words(head) and len(name) <= 80):
            return None
        if p.caption_start is not None and (
            (len(head) >= 3 and p.caption_start.match(parts[0])) or p.caption_start.match(parts[1])
        ):
            return None  # `Bà Lê Thị Hoa - Chủ tịch Hội LHPN xã phát biểu`: a caption (`Anh Thư - …` is a name)
        if any(ch in _TERMINAL for ch in parts[1]):
            return None
        return name
    words = _words(name)
    if not 1 <= len(words) <= 6 or len(name) > 50 or not _name_words(words):
        return None
    return name


def _inline_byline(line: _Line) -> int | None:
    """Where a byline in capitals that ends the last paragraph starts in the line, else None."""
    m = _INLINE_BYLINE.search(line.text)
    if m is None:
        return None
    name = m.group("name")
    letters = [c for c in name if c.isalpha()]
    if len(letters) < 4 or len(name) > 40:
        return None
    return m.start("name")


def _header(lines: list[_Line], content: list[int], p: _Patterns) -> tuple[str | None, str | None, str | None]:
    """Headline, publication date and the author named on the publication line.

    The publication line is looked for among the first lines of the page, before the
    article's prose starts; the headline is the line right above it (`headline`,
    `19/01/2024 15:37`), past share widgets, or else right under it (`28/02/2022`,
    `headline`). What stands above the headline is the site's: banners, menus.
    """
    head = content[:HEADER_LINES]
    pub = None
    for j, i in enumerate(head):
        line = lines[i]
        if _publication(line.text, p) is not None:
            pub = j
            break
        if _is_prose(line):
            break
    if pub is not None:
        published, author = _publication(lines[head[pub]].text, p)  # type: ignore[misc]
        lines[head[pub]].kind = "meta"
        title_j = None
        j = pub - 1
        while j >= 0 and _is_widget(lines[head[j]], p):
            j -= 1
        # The author's own line between the headline and the date (`headline`, `Minh An`, `date`).
        name = _byline(lines[head[j]], p) if author is None and j >= 1 else None
        if name is not None and _is_title(lines[head[j - 1]], None, p) and not _is_menu_name(lines[head[j - 1]], p):
            author = name
            lines[head[j]].kind = "byline"
            j -= 1
        if j >= 0 and not _is_menu_name(lines[head[j]], p) and _is_title(lines[head[j]], None, p):
            title_j = j
        else:
            j = pub + 1
            while j < len(head) and _is_widget(lines[head[j]], p):
                j += 1
            nxt = lines[content[j + 1]] if j + 1 < len(content) else None
            if j < len(head) and nxt is not None and _is_title(lines[head[j]], nxt, p):
                title_j = j
            else:
                j = pub
        for i in head[: max(j, pub) + 1]:
            if lines[i].kind == "body":
                lines[i].kind = "boilerplate"
        for i in head[max(j, pub) + 1 :]:  # a share toolbar under the headline and date
            if not _is_widget(lines[i], p):
                break
            lines[i].kind = "boilerplate"
        title = None
        if title_j is not None:
            lines[head[title_j]].kind = "title"
            title = fold(lines[head[title_j]].text)
        return title, published, author

    # No publication line: skip the menu, then the headline.
    k = 0
    while k < len(content):
        line = lines[content[k]]
        nxt = lines[content[k + 1]] if k + 1 < len(content) else None
        if not (_is_menu(line, p) or _is_widget(line, p)):
            break
        if nxt is not None and _STARTS_LOWER.match(nxt.text):
            break  # a short wrapped line of the body, not a menu item
        if nxt is not None and _is_caps_headline(line, nxt, p):
            break  # `TỔ CHỨC TRỰC BÁO BÍ THƯ CÁC CƠ SỞ ĐOÀN` over the article's first paragraph
        line.kind = "boilerplate"
        k += 1
    if k < len(content) - 1:
        line, nxt = lines[content[k]], lines[content[k + 1]]
        if _is_title(line, nxt, p):
            line.kind = "title"
            j = k + 1
            while j < len(content) - 1 and _is_widget(lines[content[j]], p):
                lines[content[j]].kind = "boilerplate"
                j += 1
            return fold(line.text), None, None
    return None, None, None


def _is_caps_headline(line: _Line, following: _Line, p: _Patterns) -> bool:
    """A headline in capitals right over the article's prose (a menu bar is over more menu)."""
    text = line.text.strip()
    if any(ch in text for ch in "|»>") or _is_widget(line, p):
        return False
    return 5 <= len(_words(text)) <= 30 and _is_title(line, following, p) and _is_prose(following)


def _is_menu_name(line: _Line, p: _Patterns) -> bool:
    return len(line.text) <= MAX_WIDGET_LINE and fold(line.low).strip() in p.section_names


def _trailer_start(lines: list[_Line], p: _Patterns) -> int | None:
    """The first "related news" header or widget line after some body text (a line of eight
    words or more): the article ends there. Words are counted only until such a line is
    seen, not on every line."""
    seen_body = False
    for i, line in enumerate(lines):
        if seen_body:
            if p.trailer.match(line.text) or p.trailer_line.match(line.text):
                return i
        elif len(_words(line.text)) >= 8:
            seen_body = True
    return None


def _classify(lines: list[_Line], p: _Patterns) -> tuple[str | None, str | None, str | None]:
    """Mark each line's kind; return the title, the publication date and the author."""
    trailer = _trailer_start(lines, p)
    if trailer is not None:
        for rest in lines[trailer:]:
            rest.kind = "boilerplate"
    for line in lines:
        if line.kind != "body" or len(line.text) >= 300:
            continue
        counter = len(line.text) <= 40 and p.comment_counter is not None and p.comment_counter.match(line.text)
        if counter or p.related_item.search(line.text):
            line.kind = "boilerplate"

    content = [i for i, line in enumerate(lines) if line.kind == "body" and line.text.strip()]
    if not content:
        return None, None, None
    title, published, author = _header(lines, content, p)

    body = [i for i in content if lines[i].kind == "body"]
    while len(body) >= 2 and _is_widget(lines[body[-1]], p):  # `[Trở về]`, `Nổi bật` under the byline
        lines[body.pop()].kind = "boilerplate"
    if len(body) >= 2:
        last = lines[body[-1]]
        byline = _byline(last, p)
        if byline is not None:
            last.kind = "byline"
        elif (cut := _inline_byline(last)) is not None:
            # The paragraph stays body; only the name after its last sentence is the byline.
            k = lines.index(last)
            lines[k : k + 1] = [
                _Line(last.start, last.start + cut, last.text[:cut]),
                _Line(last.start + cut, last.end, last.text[cut:], "byline"),
            ]
            byline = fold(last.text[cut:])
        author = author or byline
    return title, published, author


def _join_wrapped(text: str, lines: list[_Line]) -> str:
    """Replace the line breaks that fall inside a sentence with spaces (same length)."""
    joins: list[int] = []
    for a, b in pairwise(lines):
        if a.kind != "body" or b.kind != "body" or not a.text or not b.text:
            continue
        prev = a.text.rstrip()
        if prev[-1] in _TERMINAL:
            continue
        if _STARTS_LOWER.match(b.text) or prev[-1] in ",;–-(" or len(prev) >= 40:
            joins.append(a.end)
    return _replace_chars(text, joins, " ")


def _replace_chars(text: str, places: list[int], new: str) -> str:
    """`text` with the one character at each of `places` (ascending, distinct) replaced by
    `new`, built from slices: the same as setting them in `list(text)` and joining, without
    a list of every character of the article."""
    if not places:
        return text
    parts: list[str] = []
    pos = 0
    for at in places:
        parts += (text[pos:at], new)
        pos = at + 1
    parts.append(text[pos:])
    return "".join(parts)


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with every character but a line break inside `spans` (ascending, disjoint)
    made a space, built from slices rather than character by character."""
    if not spans:
        return text
    parts: list[str] = []
    pos = 0
    for start, end in spans:
        piece = text[start:end]
        blank = " " * len(piece) if "\n" not in piece else "\n".join(" " * len(x) for x in piece.split("\n"))
        parts += (text[pos:start], blank)
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


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


#: What stands right before a sentence end (`_SENT_END`'s look-behind) or starts one (a line break).
_SENT_MARK = re.compile(r"[.!?…\"”’')\]\n]")


def _sentence_ends(text: str, start: int, end: int) -> Iterator[regex.Match[str]]:
    """`_SENT_END.finditer(text, start, end)`, the pattern tried only where a match can start.

    The engine tries the pattern's look-behind at every character; a match starts either at
    a line break or right after a character of the look-behind, places `_SENT_MARK` lists
    many times faster. The pattern is matched there in order, from the end of the last
    match, as `finditer` would (its look-behind sees before `start` either way).
    """
    match = _SENT_END.match
    pos = start
    for mark in _SENT_MARK.finditer(text, max(0, start - 1), end):
        at = mark.start() if mark.group() == "\n" else mark.end()
        if at < pos:
            continue
        m = match(text, at, end)
        if m is not None:
            yield m
            pos = m.end()


def _sentences(text: str, regions: list[Region], p: _Patterns) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for r in regions:
        if r.kind not in EXTRACTED:
            continue
        start = r.start
        for m in _sentence_ends(text, r.start, r.end):
            if not m.group().startswith("\n"):
                words = text[start : m.start()].rsplit(None, 1)  # (the last word is enough)
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
    scan = _blank(text, [(r.start, r.end) for r in regions if r.kind not in EXTRACTED])
    new = replace(doc, text=text, regions=regions, scan=scan)
    new.sentences = _sentences(text, regions, p)
    return new, Layout(title=title, published=published, author=author)
