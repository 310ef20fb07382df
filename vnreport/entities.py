"""Organisations and people, each with every place it is mentioned.

Names repeat through an article (`Hội LHPN quận` five times), so entities are collected
per distinct name, and every occurrence becomes a mention. Their spans are also handed
to the figure rules, which must not read the `1` of `Hội LHPN Quận 1` as a count.

The rules (`rules/organizations.yaml`, `rules/people.yaml`) find heads and names; this
module settles what regular expressions cannot:

- where an organisation's place ends and a person's name begins, in `Phó Chủ tịch Hội
  LHPN TPHCM Lâm Thị Ngọc Hoa` (a family name followed by `Thị`/`Văn`, or a full name,
  at the end of a capitalised run, read to its real end even past what the place pattern
  took: `huyện Yên Dương Hoàng Minh Tuấn`), and that a place ends where another
  organisation's head starts (`xã Tân Lập Hội CCB xã tổ chức …`);
- that a committee (`BTV`, `Ban Chấp hành`, `Ban Dân vận`) written right before another
  body is part of that body's name (`BTV Tỉnh ủy Bắc Ninh`);
- a person's title after the name (`– Phó Chủ tịch Hội LHPN thành phố`), which ends where
  the next item that is not a role starts;
- that `đồng chí Hùng` is the `Nguyễn trung Hùng` named before, and that the honorific
  of `Tham dự có các đồng chí:` belongs to every name of the list.

Names, titles and honorifics are read from the original text (folded), as written.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from typing import Any

import regex

from .candidates import Context
from .document import Document, fold
from .matching import RuleMatch, run_rules, run_rules_at
from .ruleset import RuleSet

Span = tuple[int, int]

_WORD = regex.compile(r"[\p{L}\p{M}\d]+(?:[&./-][\p{L}\p{M}\d]+)*")
_QUOTED = regex.compile(r"“[^”\n]{0,400}”|\"[^\"\n]{0,400}\"")
_UPPER = regex.compile(r"\p{Lu}")
_SPACE_ONLY = regex.compile(r"[ \t]{0,3}")
_BRACKETED = regex.compile(r"\s*\([^()]*\)")
#: Between two roles of one person: `, ` or a dash (`Ủy viên BCH Hội CCB tỉnh- Chủ tịch …`).
_ROLE_SEP = regex.compile(r"\s*(?:,|[–—-])\s*")
#: A capitalised word right before a position (a capitalised honorific after one is part of a name).
_PREV_CAPITALISED = regex.compile(r"\p{Lu}[\p{L}\p{M}]*[^\S\n]+$")


@dataclass
class Entity:
    """An organisation or a person: contract fields and the working-text spans of its mentions.

    `roles` holds, for people, the spans of the titles written with the name, so that the
    events stage does not take `Hội LHPN tỉnh` in `…, Chủ tịch Hội LHPN tỉnh` for an organiser.
    """

    item: dict[str, Any]
    mentions: list[Span] = field(default_factory=list)
    roles: list[Span] = field(default_factory=list)

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


def as_written(doc: Document, start: int, end: int) -> str:
    """The original text behind a working-text span, NFC and whitespace-folded."""
    a, b = doc.original_span(start, end)
    return fold(doc.original[a:b])


def quoted_spans(text: str) -> list[Span]:
    """Spans inside quotation marks: names of campaigns and models, not references to bodies."""
    return [m.span() for m in _QUOTED.finditer(text)]


def _inside(span: Span, spans: Iterable[Span]) -> bool:
    return any(a <= span[0] and span[1] <= b for a, b in spans)


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


class _Spans:
    """Disjoint spans (organisation mentions), sorted, to ask whether a span overlaps one."""

    def __init__(self, spans: Iterable[Span]) -> None:
        ordered = sorted(spans)
        self.starts = [a for a, _ in ordered]
        self.ends = [b for _, b in ordered]


def _overlaps_any(span: Span, spans: _Spans) -> bool:
    i = bisect_right(spans.starts, span[1] - 1) - 1  # the last span starting inside or before
    return i >= 0 and spans.ends[i] > span[0]


# ---------------------------------------------------------------------------------------
# Running a family's rules where their head words stand

_FIRST_WORD = re.compile(r"\w+")
_LIST_REF = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class _Heads:
    by_rule: dict[str, dict[str, tuple[str, ...]]]  # rule name -> first word -> whole heads, lower-cased
    cased: frozenset[str]  # rules whose heads must be written with a capital (family names)
    firsts: dict[str, frozenset[str]]  # rule name -> the first words of its heads


def _rule_heads(rules: RuleSet, heads: list[Any]) -> dict[str, tuple[str, ...]]:
    grouped: dict[str, set[str]] = {}
    for h in heads:
        ref = _LIST_REF.search(str(h))
        items = [str(h)] if ref is None else [str(h).replace(ref.group(), w) for w in rules.words(ref.group(1))]
        for item in items:
            head = " ".join(item.lower().split())
            if (first := _FIRST_WORD.search(head)) is not None:
                grouped.setdefault(first.group(), set()).add(head)
    return {first: tuple(sorted(hs)) for first, hs in grouped.items()}


@lru_cache(maxsize=32)
def _family_heads(rules: RuleSet, family: str) -> _Heads:
    """Each rule's heads, grouped by their first word. A `{list}` in a `heads` entry stands
    for each word of the list (`hội {org_association_names}`)."""
    by_rule = {r.name: _rule_heads(rules, r.data["heads"]) for r in rules.family(family) if r.data.get("heads")}
    cased = frozenset(r.name for r in rules.family(family) if r.data.get("heads_cased"))
    return _Heads(by_rule, cased, {name: frozenset(firsts) for name, firsts in by_rule.items()})


@lru_cache(maxsize=8)
def _first_words(rules: RuleSet) -> frozenset[str]:
    """The first word of every head of every rule: the words worth indexing in an article."""
    return frozenset(
        first for r in rules.rules if r.data.get("heads") for first in _rule_heads(rules, r.data["heads"])
    )


_SPLIT_WORDS = re.compile(r"(\w+)")


@lru_cache(maxsize=4)
def _head_index(rules: RuleSet, text: str) -> tuple[str, dict[str, list[int]]]:
    """The lower-cased text and where each head's first word stands in it, found once per
    article for all families: one split into words and a set lookup per word."""
    low = text.lower()
    words = _first_words(rules)
    index: dict[str, list[int]] = {}
    parts = _SPLIT_WORDS.split(low)
    starts = list(accumulate(map(len, parts), initial=0))
    for word, pos in zip(parts[1::2], starts[1::2], strict=False):
        if word in words:
            index.setdefault(word, []).append(pos)
    return low, index


@dataclass(frozen=True)
class _Plan:
    """A family's headed rules looked up from the first words of their heads.

    `by_first` maps a first word to what is checked where it stands: the heads (lower-cased)
    starting with it, whether a capital must start them, whether the only head is the
    first word itself (no check needed), and the rules with exactly those heads (the
    people rules share the family names: the places are filtered once for all of them).
    """

    by_first: dict[str, tuple[tuple[tuple[str, ...], bool, bool, tuple[str, ...]], ...]]


@lru_cache(maxsize=32)
def _family_plan(rules: RuleSet, family: str) -> _Plan:
    """The family's `_Plan`, made once per rule set (the heads do not change)."""
    heads = _family_heads(rules, family)
    by_first: dict[str, dict[tuple[tuple[str, ...], bool], list[str]]] = {}
    for name, firsts in heads.by_rule.items():
        for first, whole_heads in firsts.items():
            by_first.setdefault(first, {}).setdefault((whole_heads, name in heads.cased), []).append(name)
    return _Plan({
        first: tuple((hs, cased, hs == (first,), tuple(names)) for (hs, cased), names in checks.items())
        for first, checks in by_first.items()
    })


def _positions_fast(plan: _Plan, low: str, text: str, index: dict[str, list[int]]) -> dict[str, list[int]]:
    """Where each headed rule of a family is tried: the places (in order) where one of its
    heads stands, with a capital where the rule asks for one; rules with no place are left
    out. The article's first words are walked once for all rules of the family, rather than
    intersecting key sets once per rule, and a rule's places are sorted once.

    The lists returned may be the index's own (or shared between rules): they are read, not
    changed; a rule's list is copied before places of another first word are added to it.
    """
    out: dict[str, list[int]] = {}
    merged: set[str] = set()
    by_first = plan.by_first
    for first, places in index.items():
        checks = by_first.get(first)
        if checks is None:
            continue
        for heads, cased, whole, names in checks:
            if whole:
                found = [p for p in places if text[p].isupper()] if cased else places
            elif cased:
                found = [p for p in places if low.startswith(heads, p) and text[p].isupper()]
            else:
                found = [p for p in places if low.startswith(heads, p)]
            if not found:
                continue
            for name in names:
                have = out.get(name)
                if have is None:
                    out[name] = found
                    continue
                if name not in merged:  # a rule with heads of several first words
                    out[name] = have = list(have)
                    merged.add(name)
                have.extend(found)
    for name in merged:
        out[name].sort()
    return out


def run_family(ctx: Context, family: str) -> list[RuleMatch]:
    """Every match of a family's rules, each rule with `heads` tried only where one stands.

    A pattern that starts with a case-insensitive alternation is tried by the engine at
    every character of the article; tried only where its head words stand (found once
    per article, see `_head_index`) it costs a few microseconds. A rule without `heads`
    is scanned as usual.
    """
    rules = ctx.rules.family(family)
    text = ctx.doc.scan
    heads = _family_heads(ctx.rules, family)
    low, index = _head_index(ctx.rules, text)
    if len(low) != len(text):  # a letter whose lower case is longer: offsets would drift
        return ctx.run(family)
    # A rule none of whose heads stands in the article is not tried at all.
    at = _positions_fast(_family_plan(ctx.rules, family), low, text, index)
    headed = [r for r in rules if r.name in at]
    others = [r for r in rules if r.name not in heads.by_rule]
    out = run_rules_at(headed, text, lambda rule: at[rule.name], ctx.warn)
    if others:
        out += run_rules(others, text, ctx.anchors, ctx.warn)
    return out


# ---------------------------------------------------------------------------------------
# Data from the rule files, compiled once per rule set


@dataclass(frozen=True)
class _Lexicon:
    family: frozenset[str]
    middle: frozenset[str]
    person_like_places: frozenset[str]
    honorifics: frozenset[str]
    not_names: frozenset[str]
    not_middle: frozenset[str]
    abbreviations: dict[str, str]
    abbreviation_re: regex.Pattern[str] | None
    title_start: regex.Pattern[str] | None  # a role word at a position (match)
    title_before: regex.Pattern[str] | None  # a role word (and modifiers) ending at a position
    honorific_before: regex.Pattern[str] | None
    modifiers: regex.Pattern[str] | None
    level_place: regex.Pattern[str] | None  # `xã`, `Quận 1` after a role without a body
    level_word: regex.Pattern[str] | None  # one word naming a level: `xã`, `TP`, `Quận`
    level_end: regex.Pattern[str] | None  # a level ending a role word: `Trưởng thôn`
    place: regex.Pattern[str] | None  # a place's name after a level: ` Nà Phặc`
    full_name: regex.Pattern[str] | None
    dash: regex.Pattern[str]


def _alternation(words: Iterable[str]) -> str:
    ordered = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    return "(?:" + "|".join(regex.escape(w).replace("\\ ", r"\s+") for w in ordered) + ")"


@lru_cache(maxsize=8)
def _lexicon(rules: RuleSet) -> _Lexicon:
    flags = regex.IGNORECASE
    titles = rules.words("person_title_words")
    mods = rules.words("person_title_modifiers")
    honorifics = rules.words("person_honorifics")
    abbreviations = {str(k): str(v) for k, v in rules.table("org_abbreviations").items()}
    abbr_re = None
    if abbreviations:
        keys = sorted(abbreviations, key=lambda k: (-len(k), k))
        abbr_re = regex.compile(
            r"(?<![\p{L}\p{M}\d])(?:" + "|".join(regex.escape(k) for k in keys) + r")(?![\p{L}\p{M}\d])"
        )
    mod_alt = _alternation(mods) if mods else None
    title_alt = None
    if "person_title_start" in rules.pieces:
        title_alt = "(?:" + rules.expand("{person_title_start}") + ")"
    elif titles:
        title_alt = _alternation(titles) + r"(?![\p{L}\p{M}])"
    title_start = regex.compile(title_alt, flags) if title_alt else None
    title_before = None
    if title_alt:
        tail = rf"(?:\s+{mod_alt})*" if mod_alt else ""
        title_before = regex.compile(rf"(?<![\p{{L}}\p{{M}}]){title_alt}{tail}\s*$", flags | regex.REVERSE)
    honorific_before = None
    if honorifics:
        honorific_before = regex.compile(
            rf"(?<![\p{{L}}\p{{M}}])(?:các\s+)?(?P<h>{_alternation(honorifics)})\s+$", flags | regex.REVERSE
        )
    level_place = None
    if "org_level" in rules.pieces:
        level_place = regex.compile(
            rules.expand(r"{org_s}(?:{org_numbered}|{org_level})" if "org_numbered" in rules.pieces
                         else r"{org_s}(?:(?:quận|phường){org_s}\d{1,2}(?![\d/.,]\d)|{org_level})"), flags
        )
    full_name = regex.compile(rules.expand("{person_full_name}"), flags) if "person_full_name" in rules.pieces else None
    return _Lexicon(
        family=frozenset(rules.words("person_family_names")),
        middle=frozenset(rules.words("org_person_middle_names")),
        person_like_places=frozenset(fold(p) for p in rules.words("org_person_like_places")),
        honorifics=frozenset(h.casefold() for h in honorifics),
        not_names=frozenset(fold(n).casefold() for n in rules.words("person_not_names")),
        not_middle=frozenset(w.casefold() for w in rules.words("person_not_middle")),
        abbreviations=abbreviations,
        abbreviation_re=abbr_re,
        title_start=title_start,
        title_before=title_before,
        honorific_before=honorific_before,
        modifiers=regex.compile(rf"\s+{mod_alt}(?![\p{{L}}\p{{M}}])", flags) if mod_alt else None,
        level_place=level_place,
        level_word=regex.compile(rules.expand("{org_level}"), flags) if "org_level" in rules.pieces else None,
        level_end=regex.compile(rules.expand("(?:{org_level})$"), flags) if "org_level" in rules.pieces else None,
        place=regex.compile(rules.expand("{org_s}{org_placename}"), flags) if "org_placename" in rules.pieces else None,
        full_name=full_name,
        dash=regex.compile(r"\s*(?:[–—-]|,)\s*|\s+"),
    )


def expand_abbreviations(name: str, rules: RuleSet) -> str:
    """Spell out every abbreviation of a name from the `org_abbreviations` table.

    >>> from vnreport.ruleset import default_rules
    >>> expand_abbreviations("Hội LHPN TPHCM", default_rules())
    'Hội Liên hiệp Phụ nữ Thành phố Hồ Chí Minh'
    """
    lex = _lexicon(rules)
    if lex.abbreviation_re is None:
        return name
    return lex.abbreviation_re.sub(lambda m: lex.abbreviations[m.group()], name)


# ---------------------------------------------------------------------------------------
# Organisations


@dataclass
class _OrgMention:
    start: int
    end: int
    data: dict[str, Any]
    body_after: bool  # a prefix rule whose `after` (`BTV hội`) matched


def _words(text: str, start: int, end: int) -> list[Span]:
    return [m.span() for m in _WORD.finditer(text, start, end)]


def _is_cap(word: str) -> bool:
    return word[:1].isupper()


def _person_cut(
    text: str, run: list[Span], min_k: int, level_before: bool, titled: Callable[[], bool], lex: _Lexicon
) -> int | None:
    """Where a person's name starts in a capitalised run that ends an organisation's name.

    A run `Bắc Ninh Nguyễn Văn Hà` is a place and a name; the name is a family name and one
    to three more syllables reaching the end of the run. Several splits can fit (`Giang` is
    also a family name), so prefer the one whose second syllable is `Thị`/`Văn`, then a
    three-syllable name (the commonest), then the earliest. Two syllables are a name only
    with `Thị`/`Văn`: places end like names far more often (`xã Hòa Lâm Hải`).
    `titled` (a role written before the organisation) is a search backwards, asked only in
    the one case where it decides.
    """
    words = [text[a:b] for a, b in run]
    n = len(words)
    best: tuple[int, int, int] | None = None
    for k in range(n - 1):
        length = n - k
        if not 2 <= length <= 4 or words[k] not in lex.family:
            continue
        if fold(" ".join(words[k:])) in lex.person_like_places:
            continue
        strong = words[k + 1] in lex.middle
        if k < min_k and not (level_before and k == 0 and (strong or (length >= 3 and titled()))):
            continue
        if length == 2 and not strong:
            continue  # `xã Hòa Lâm Hải`, `Thành ủy Từ Sơn`: a place, not a person called Lâm Hải
        score = (0 if strong else 1, 0 if length == 3 else 1, k)
        if best is None or score < best:
            best = score
    return None if best is None else best[2]


_NEXT_WORD = regex.compile(r"[\p{L}\p{M}]+")
#: How many capitalised words after a name's place are read to see whether a person's name
#: runs past the place (`huyện Yên Dương Hoàng Minh Tuấn`).
_LOOK_AHEAD = 4


def _trim(ctx: Context, m: RuleMatch, lex: _Lexicon, heads: set[int]) -> int:
    """The end of an organisation's name: its place, without a person's name or a role after it,
    nor another organisation's head (`xã Tân Lập Hội CCB xã tổ chức …`)."""
    text = ctx.doc.scan
    head_end = m.core.end()
    end = m.end
    if end <= head_end:
        return end
    words = _words(text, head_end, end)
    # A role word inside the run starts something else: `UBND xã Kim Liên Phó Chủ tịch …`;
    # so does the head of another organisation.
    for i, (a, _) in enumerate(words):
        # (The capital is checked first: it is cheap, and most words of a place have none.)
        role = i > 0 and text[a].isupper() and lex.title_start is not None and lex.title_start.match(text, a)
        if a in heads or role:
            words = words[:i]
            end = words[-1][1] if words else head_end
            break
    if not words:
        return end
    # The trailing run of capitalised words is the place (or a place and a person).
    run: list[Span] = []
    for a, b in reversed(words):
        if not _is_cap(text[a:b]):
            break
        run.insert(0, (a, b))
    level_before = bool(run) and run[0][0] > words[0][0]
    # A level written with a capital (`TP. Hà Nội`, `Quận Hoàng Mai`) is not part of the place.
    while run and lex.level_word is not None and lex.level_word.fullmatch(text, run[0][0], run[0][1]):
        run.pop(0)
        level_before = True
    # The place pattern reads a few words only: see where the capitalised run really ends.
    n_run = len(run)
    if run and run[-1][1] == end:
        pos = end
        while len(run) < n_run + _LOOK_AHEAD:
            a = pos
            while a < len(text) and text[a] in " \t":
                a += 1
            if a == pos or a >= len(text) or not text[a].isupper() or a in heads:
                break
            if (nxt := _NEXT_WORD.match(text, a)) is None:
                break
            if lex.title_start is not None and lex.title_start.match(text, a):
                break
            run.append(nxt.span())
            pos = nxt.end()
    if len(run) < 2:
        return end
    min_k = max(int(m.rule.data.get("min_place", 0)), 1 if level_before else 0)

    def titled() -> bool:
        """A role right before the organisation (asked for only in the rare case it decides)."""
        return lex.title_before is not None and lex.title_before.search(text, max(0, m.start - 60), m.start) is not None

    k = _person_cut(text, run, min_k, level_before, titled, lex)
    if k is None or k >= n_run:
        return end
    cut = run[k - 1][1] if k > 0 else (words[words.index(run[0]) - 1][1] if words.index(run[0]) > 0 else head_end)
    return cut


def _org_mentions(ctx: Context, lex: _Lexicon) -> list[_OrgMention]:
    quotes = quoted_spans(ctx.doc.text)
    raw: list[_OrgMention] = []
    matches = run_family(ctx, "organizations")
    heads = {m.start for m in matches}
    for m in matches:
        end = _trim(ctx, m, lex, heads)
        start = m.start
        if end <= start or _inside((start, end), quotes):
            continue
        if m.after is not None and end <= m.core.end() and m.rule.data.get("after_required"):
            continue  # what made it a name was another organisation's head
        raw.append(_OrgMention(start, end, m.rule.data, m.after is not None and end > m.core.end()))
    # Longest claim first; a shorter one overlapping it is part of it or a misreading.
    kept: list[_OrgMention] = []
    taken: list[Span] = []  # sorted, disjoint
    for o in sorted(raw, key=lambda o: (-(o.end - o.start), o.start)):
        i = bisect_right(taken, (o.start, o.end))
        if (i > 0 and taken[i - 1][1] > o.start) or (i < len(taken) and taken[i][0] < o.end):
            continue
        taken.insert(i, (o.start, o.end))
        kept.append(o)
    kept.sort(key=lambda o: o.start)
    # A committee written right before a body is that body's committee.
    out: list[_OrgMention] = []
    i = 0
    text = ctx.doc.scan
    while i < len(kept):
        o = kept[i]
        while o.data.get("prefix") and not o.body_after and i + 1 < len(kept):
            nxt = kept[i + 1]
            gap = _SPACE_ONLY.fullmatch(text, o.end, nxt.start)
            if gap is None:
                break
            o = _OrgMention(o.start, nxt.end, {**nxt.data, "joined": True}, nxt.body_after)
            i += 1
        i += 1
        if o.data.get("prefix") and not o.data.get("joined") and not (o.data.get("standalone") or o.body_after):
            continue
        out.append(o)
    return out


def find_organizations(ctx: Context) -> list[Entity]:
    """Organisation names found by the `organizations` rules, expanded and typed."""
    lex = _lexicon(ctx.rules)
    doc = ctx.doc
    found: list[tuple[int, int, dict[str, Any]]] = []
    confirmed: set[str] = set()
    spelled: dict[str, str] = {}  # a name repeats through an article: spelled out once
    for o in _org_mentions(ctx, lex):
        name = as_written(doc, o.start, o.end)
        key = name.casefold()
        if not o.data.get("needs_capital") or _UPPER.search(name):
            confirmed.add(key)
        # `Hội Chữ thập đỏ (CTĐ) huyện`: the bracketed abbreviation is not spelled out twice.
        expanded = spelled.get(name)
        if expanded is None:
            expanded = spelled[name] = expand_abbreviations(
                _BRACKETED.sub("", name) if "(" in name else name, ctx.rules
            )
        item = {"name": name, "expanded": expanded, "type": o.data.get("type", "other")}
        found.append((o.start, o.end, item))
    # A lower-case mention (`đoàn thanh niên`) counts once the name is written as a name.
    return _merge([f for f in found if f[2]["name"].casefold() in confirmed])


# ---------------------------------------------------------------------------------------
# People


@dataclass
class _PersonMention:
    start: int
    end: int
    name: str
    honorific: str | None = None
    title: str | None = None
    role: Span | None = None
    short: bool = False  # a given name alone after an honorific (`đồng chí Hùng`)


def _title_item(text: str, pos: int, lex: _Lexicon, orgs: dict[int, int]) -> int | None:
    """The end of one role starting at `pos` (`Phó Bí thư thường trực Thành ủy`), else None."""
    if lex.title_start is None:
        return None
    m = lex.title_start.match(text, pos)
    if m is None:
        return None
    # `Trưởng Ban Dân vận Quận ủy`: the role word ends where a known body starts.
    inner = [a for a in orgs if pos < a < m.end()]
    if inner:
        return orgs[min(inner)]
    end = m.end()
    if lex.modifiers is not None:
        while (mod := lex.modifiers.match(text, end)) is not None:
            end = mod.end()
    nxt = _skip_space(text, end)
    if nxt in orgs:
        return orgs[nxt]
    at_level = lex.level_end is not None and lex.level_end.search(text, m.start(), m.end()) is not None
    if lex.level_place is not None and (lp := lex.level_place.match(text, end)) is not None:
        end, at_level = lp.end(), True
    # A role of a level takes the place's name: `Trưởng thôn Nà Phặc`, `Chủ tịch xã Tân Hòa`.
    if at_level and lex.place is not None and (pl := lex.place.match(text, end)) is not None:
        end = pl.end()
    return end


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    return pos


def _title_after(text: str, pos: int, lex: _Lexicon, orgs: dict[int, int]) -> Span | None:
    """Roles after a name, joined by commas or dashes: `- HUV, Bí thư Đảng ủy`, `, Tỉnh ủy viên, Chủ tịch …`."""
    sep = lex.dash.match(text, pos)
    if sep is None:
        return None
    start = sep.end()
    end = _title_item(text, start, lex, orgs)
    if end is None:
        return None
    while True:
        comma = _ROLE_SEP.match(text, end, end + 4)
        if comma is None:
            break
        nxt = _title_item(text, comma.end(), lex, orgs)
        if nxt is None:
            break
        end = nxt
    return start, end


def _title_before(text: str, pos: int, org_ends: dict[int, int], lex: _Lexicon) -> Span | None:
    """A role written right before a name: `Phó Chủ tịch Thường trực Hội LHPN TPHCM` before
    `Lâm Thị Ngọc Hoa`, or `Chủ tịch` before `Hồ Chí Minh`; a dash may stand between a role
    that ends with its body and the name (`Phó Chủ tịch UBND huyện - Lê Văn Hải trao quà`)."""
    if lex.title_before is None:
        return None
    end = pos
    while end > 0 and text[end - 1] in " \t":
        end -= 1
    if end > 0 and text[end - 1] in "-–—":
        body_end = end - 1
        while body_end > 0 and text[body_end - 1] in " \t":
            body_end -= 1
        if body_end in org_ends:
            end = body_end
    if end == pos:
        return None
    role_end = end
    if end in org_ends:  # the role's body: `… Hội LHPN TPHCM`
        end = org_ends[end]
        while end > 0 and text[end - 1] in " \t":
            end -= 1
    m = lex.title_before.search(text, max(0, end - 60), end)
    return (m.start(), role_end) if m is not None else None


def _name_tokens(text: str, start: int, end: int, lex: _Lexicon, org_starts: set[int]) -> list[Span]:
    """The words of a name, stopping at a role word or an organisation (`Hồ Chí Minh Hội CCB`)."""
    out: list[Span] = []
    for a, b in _words(text, start, end):
        if a in org_starts or (lex.title_start is not None and lex.title_start.match(text, a)):
            break
        out.append((a, b))
    return out


def _person(
    ctx: Context,
    lex: _Lexicon,
    tokens: list[Span],
    title_after: Callable[[int], Span | None],
    honorific: str | None,
    require_family: bool,
) -> _PersonMention | None:
    """A person mention from name tokens, with the title written after it (if any), which
    `title_after` reads from where the name ends (`_title_after`)."""
    if not tokens:
        return None
    text = ctx.doc.scan
    words = [text[a:b] for a, b in tokens]
    first_family = words[0] in lex.family
    if require_family and (not first_family or len(words) < 2):
        return None
    lower = [w for w in words[1:-1] if not _is_cap(w)]
    if lower and (not first_family or any(w.casefold() in lex.not_middle for w in lower) or not _is_cap(words[-1])):
        return None
    if not first_family and len(words) > 3:
        return None
    start, end = tokens[0][0], tokens[-1][1]
    name = as_written(ctx.doc, start, end)
    if name.casefold() in lex.not_names:
        return None
    p = _PersonMention(start, end, name, honorific=honorific, short=len(words) == 1)
    role = title_after(end)
    if role is not None:
        p.role = role
        p.title = as_written(ctx.doc, *role)
    return p


def _honorific(ctx: Context, lex: _Lexicon, pos: int) -> str | None:
    if lex.honorific_before is None:
        return None
    m = lex.honorific_before.search(ctx.doc.scan, max(0, pos - 20), pos)
    return as_written(ctx.doc, *m.span("h")).lower() if m else None


def _sentence_end(ctx: Context, pos: int) -> int:
    sentences = ctx.doc.sentences
    i = bisect_right([a for a, _ in sentences], pos) - 1
    if 0 <= i < len(sentences) and sentences[i][0] <= pos < sentences[i][1]:
        return sentences[i][1]
    nl = ctx.doc.scan.find("\n", pos)
    return len(ctx.doc.scan) if nl < 0 else nl


def _people_mentions(ctx: Context, lex: _Lexicon, organizations: list[Entity]) -> list[_PersonMention]:
    text = ctx.doc.scan
    org_spans = [s for e in organizations for s in e.mentions]
    org_sorted = _Spans(org_spans)
    orgs = {a: b for a, b in org_spans}
    org_starts = set(orgs)
    org_ends = {b: a for a, b in org_spans}
    found: list[_PersonMention] = []
    lists: list[tuple[int, int, str]] = []
    # Two or three rules find the same name (`title and name`, `name, then a title`): its
    # words and the title after it are read once. Both depend only on the span here.
    roles_after: dict[int, Span | None] = {}
    words_of: dict[Span, list[Span]] = {}

    def title_after(end: int) -> Span | None:
        if end not in roles_after:
            roles_after[end] = _title_after(text, end, lex, orgs)
        return roles_after[end]

    def name_tokens(span: Span) -> list[Span]:
        if span not in words_of:
            words_of[span] = _name_tokens(text, span[0], span[1], lex, org_starts)
        return words_of[span]

    for m in run_family(ctx, "people"):
        mode = m.rule.data.get("mode", "honorific")
        if mode == "honorific":
            hs = m.span("honorific")
            ns = m.span("name")
            if hs is None or ns is None:
                continue
            if lex.title_start is not None and (t := lex.title_start.match(text, hs[0])) and t.end() > hs[1]:
                continue  # `Mẹ Việt Nam Anh hùng`, `Bác sĩ`: a role, read by the title rule
            if text[hs[0]].isupper() and _PREV_CAPITALISED.search(text, max(0, hs[0] - 12), hs[0]):
                continue  # `huyện Đông Anh Nguyễn Xuân Linh`: `Anh` ends a place name
            tokens = name_tokens(ns)
            honorific = as_written(ctx.doc, *hs).lower()
            p = _person(ctx, lex, tokens, title_after, honorific, require_family=False)
        elif mode == "title":
            ns = m.span("name")
            if ns is None:
                continue
            role = _title_before(text, ns[0], org_ends, lex)
            if role is None:
                continue
            tokens = name_tokens(ns)
            p = _person(ctx, lex, tokens, title_after, _honorific(ctx, lex, role[0]), require_family=True)
            if p is not None and p.title is None:
                p.role = role
                p.title = as_written(ctx.doc, *role)
        elif mode == "titled_name":
            ns = m.span("name")
            if ns is None:
                continue
            tokens = name_tokens(ns)
            p = _person(ctx, lex, tokens, title_after, _honorific(ctx, lex, ns[0]), require_family=True)
            if p is not None and p.title is None:
                p = None  # the title after the name is what made it a name
        elif mode == "list":
            hs = m.span("honorific")
            lists.append((m.end, _sentence_end(ctx, m.end), as_written(ctx.doc, *hs).lower() if hs else ""))
            continue
        else:
            continue
        if p is not None and not _overlaps_any((p.start, p.end), org_sorted):
            found.append(p)
    # `Tham dự có các đồng chí: A, …; B, …`: each item starts with a name (with or without a
    # title after it), and the list's honorific is every item's.
    for start, end, honorific in lists:
        if lex.full_name is None:
            break
        pos = start
        while pos < end:
            item_end = text.find(";", pos, end)
            item_end = end if item_end < 0 else item_end
            nm = lex.full_name.match(text, _skip_space(text, pos), item_end)
            if nm is not None and not any(q.start == nm.start() for q in found):
                tokens = name_tokens(nm.span())
                q = _person(ctx, lex, tokens, title_after, None, require_family=True)
                if q is not None and not _overlaps_any((q.start, q.end), org_sorted):
                    found.append(q)
            pos = item_end + 1
        for q in found:
            if start <= q.start < end and q.honorific is None and honorific:
                q.honorific = honorific
    return found


def find_people(ctx: Context, organizations: list[Entity]) -> list[Entity]:
    """People named in the article (not the byline, which is the document's author)."""
    lex = _lexicon(ctx.rules)
    mentions = _people_mentions(ctx, lex, organizations)
    # The same name found by two rules is one mention with the fields of both.
    by_span: dict[Span, _PersonMention] = {}
    for p in sorted(mentions, key=lambda p: (p.start, -(p.end - p.start))):
        if any(_overlaps((p.start, p.end), s) and s != (p.start, p.end) for s in by_span):
            continue
        q = by_span.setdefault((p.start, p.end), p)
        if q is not p:
            q.honorific = q.honorific or p.honorific
            if q.title is None:
                q.title, q.role = p.title, p.role
    people: dict[str, Entity] = {}
    for p in sorted(by_span.values(), key=lambda p: p.start):
        entity = None
        if p.short:
            # `đồng chí Hùng` after `đồng chí Nguyễn trung Hùng`: the same person.
            same = [e for e in people.values() if e.key.split()[-1] == p.name.casefold() and len(e.key.split()) > 1]
            if same:
                entity = same[-1]
        if entity is None:
            key = p.name.casefold()
            entity = people.setdefault(
                key, Entity({"name": p.name, "honorific": p.honorific, "title": p.title}, [])
            )
        entity.mentions.append((p.start, p.end))
        if p.role is not None:
            entity.roles.append(p.role)
        if entity.item["honorific"] is None:
            entity.item["honorific"] = p.honorific
        if entity.item["title"] is None:
            entity.item["title"] = p.title
    _bare_mentions(ctx, list(people.values()), organizations)
    return list(people.values())


def _bare_mentions(ctx: Context, people: list[Entity], organizations: list[Entity]) -> None:
    """Later mentions of a full name without honorific or title (`… ; Đỗ Tuấn Sơn - …`)."""
    text = ctx.doc.scan
    taken = [s for e in people for s in e.mentions] + [s for e in organizations for s in e.mentions]
    for e in people:
        name = text[e.mentions[0][0] : e.mentions[0][1]]
        if " " not in name:
            continue
        i = text.find(name)
        while i >= 0:
            span = (i, i + len(name))
            if (
                not (i > 0 and text[i - 1].isalpha())
                and not (span[1] < len(text) and text[span[1]].isalpha())
                and not any(_overlaps(span, s) for s in taken)
            ):
                e.mentions.append(span)
                taken.append(span)
            i = text.find(name, i + 1)
        e.mentions.sort()
