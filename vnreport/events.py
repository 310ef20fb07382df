"""Events: the meetings, congresses, ceremonies and contests an article reports.

An event is found from its head noun in a sentence (`tổ chức hội nghị …`, rules in
`rules/events.yaml`) and then read from its sentence:

- its name runs from the head to the end of its clause, over quotations and over a comma
  that continues it (`Hội nghị lần thứ VII, khóa XVIII`);
- its date is a day (or month) written in the same sentence, before the head or right
  after its name (`…, sáng ngày 14/7, bà …`, `… vào ngày 25/4`); a year inside the name
  (`tổng kết năm 2023`) is what the meeting is about, not when it was, and a time limit
  (`đến ngày 15/3`) is no event's date; with no date of its own an event takes the date
  of the lead sentence, where reports say when the reported event took place;
- its organiser is the organisation that is the sentence's subject (the first one before
  the head that is not the object of `của`, `với`, …, nor part of a person's title);
- its attendees are the people named in its sentence, in the sentences that start with
  `Tham dự …`/`Cùng dự …` right after it, and in later sentences that mention it again.

Reports mention their event many times (`Phát biểu chỉ đạo hội nghị, …`, a photo caption
`Toàn cảnh hội nghị …`, the headline), so a mention without a date of its own is the
same event as the first one of its type; a mention with another date is another event.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import regex

from .candidates import Candidate, Context
from .document import fold
from .entities import Entity, as_written, run_family
from .ruleset import RuleSet

Span = tuple[int, int]

_DAY = regex.compile(r"^(?:\d{4}|-)-\d\d-\d\d$")
_MONTH = regex.compile(r"^\d{4}-\d\d$")
_DIGIT_NEXT = regex.compile(r"\s*\d")
_CLAUSE_BREAK = regex.compile(r"[,;:]\s*")
_TOKEN = regex.compile(r"“[^”\n]*”|\"[^\"\n]*\"|[\p{L}\p{M}\d]+(?:[/.&-][\p{L}\p{M}\d]+)*|\S")
#: How far after an event's name a date may stand and still be the event's (`…, sáng ngày 14/7`).
DATE_AFTER = 40
#: An event's name is a clause, not a paragraph.
MAX_NAME_WORDS = 30
#: How far before a head (and after its name) the words saying it is held are looked for.
HOLDING_BEFORE = 60
HOLDING_AFTER = 25
#: How far before a person the words saying they are remembered, not present, are looked for.
REMEMBERED_BEFORE = 30


@dataclass(frozen=True)
class _Lexicon:
    spelling: dict[str, str]
    stop: regex.Pattern[str] | None
    continuation: regex.Pattern[str] | None
    attendance: regex.Pattern[str] | None
    object_marker: regex.Pattern[str] | None
    holding: regex.Pattern[str] | None
    remembered: regex.Pattern[str] | None
    frame: regex.Pattern[str] | None
    deadline: regex.Pattern[str] | None  # before a date: it is a time limit (`đến ngày 15/3`)
    at: regex.Pattern[str] | None  # between a name and a date: it is the event's (`… vào ngày 25/4`)


def _words_re(words: list[str], template: str, flags: int = regex.IGNORECASE) -> regex.Pattern[str] | None:
    if not words:
        return None
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    alt = "(?:" + "|".join(regex.escape(w).replace("\\ ", r"\s+") for w in ordered) + ")"
    return regex.compile(template.replace("ALT", alt), flags)


@lru_cache(maxsize=8)
def _lexicon(rules: RuleSet) -> _Lexicon:
    return _Lexicon(
        spelling={fold(str(k)).casefold(): str(v) for k, v in rules.table("ev_type_spelling").items()},
        stop=_words_re(rules.words("ev_name_stops"), r"ALT(?![\p{L}\p{M}])"),
        continuation=_words_re(rules.words("ev_name_continuations"), r"\s*ALT(?![\p{L}\p{M}])"),
        attendance=_words_re(rules.words("ev_attendance_starts"), r"[\s\"“]*ALT(?![\p{L}\p{M}])"),
        object_marker=_words_re(
            rules.words("ev_object_markers"), r"(?<![\p{L}\p{M}])ALT[\s,]*$", regex.IGNORECASE | regex.REVERSE
        ),
        holding=_words_re(rules.words("ev_holding_verbs"), r"(?<![\p{L}\p{M}])ALT(?![\p{L}\p{M}])"),
        remembered=_words_re(rules.words("ev_not_attendee_before"), r"(?<![\p{L}\p{M}])ALT(?![\p{L}\p{M}])"),
        frame=_words_re(rules.words("ev_frame_starts"), r"[\s\"“]*ALT\s+"),
        deadline=_words_re(
            rules.words("ev_deadline_before"), r"(?<![\p{L}\p{M}])ALT\s*$", regex.IGNORECASE | regex.REVERSE
        ),
        at=_words_re(rules.words("ev_date_introducers"), r"[\s,]*ALT\s*$"),
    )


@dataclass
class _Mention:
    type: str
    head: Span
    name_end: int
    sentence: Span
    date: str | None
    in_title: bool
    held: bool  # the sentence says it is held (`tổ chức …`): a new event even without a date
    rule: str
    priority: int


@dataclass
class _Event:
    first: _Mention
    date: str | None
    own_date: bool
    mentions: list[_Mention] = field(default_factory=list)


def _name_end(text: str, start: int, limit: int, lex: _Lexicon) -> int:
    """Where an event's name ends: the end of its clause, quotations kept whole."""
    end = start
    words = 0
    for m in _TOKEN.finditer(text, start, limit):
        tok = m.group()
        if tok[0] in "“\"":
            end = m.end()
            continue
        if tok == ",":
            if lex.continuation is not None and lex.continuation.match(text, m.end(), limit):
                continue
            break
        if not (tok[0].isalnum()):
            between_numbers = text[end - 1 : end].isdigit() and _DIGIT_NEXT.match(text, m.end(), m.end() + 3)
            if (tok in "–—" and not between_numbers) or tok in ".;:!?()[]…":
                break
            if tok == "-" and text[m.start() - 1 : m.start()].isspace() and not between_numbers:
                break
            end = m.end()
            continue
        words += 1
        if words > MAX_NAME_WORDS or (lex.stop is not None and lex.stop.match(text, m.start(), limit)):
            break
        end = m.end()
    return end


def _is_dated(value: Any) -> bool:
    return isinstance(value, str) and bool(_DAY.match(value) or _MONTH.match(value))


def _own_date(
    text: str, sentence: Span, head: Span, name_end: int, dates: list[Candidate], earlier: list[int], lex: _Lexicon
) -> str | None:
    """A day or month of the sentence before the head, or right after the event's name.

    A date introduced right after the name (`tổ chức hội trại tòng quân vào ngày 20/3`) is the
    event's even when the sentence opened with another date; a date before the head of
    another event of the sentence is that event's; a time limit (`đến ngày 15/3`) is no
    event's date.
    """
    inside = [
        d for d in dates
        if sentence[0] <= d.start < sentence[1] and _is_dated(d.item.get("value"))
        and not (lex.deadline is not None and lex.deadline.search(text, max(sentence[0], d.start - 20), d.start))
    ]
    after = [d for d in inside if name_end <= d.start <= name_end + DATE_AFTER]
    if after and lex.at is not None and lex.at.match(text, name_end, after[0].start):
        return str(after[0].item["value"])
    before = [d for d in inside if d.end <= head[0]]
    if before and not any(before[-1].end <= h for h in earlier):
        return str(before[-1].item["value"])
    return str(after[0].item["value"]) if after else None


def _held(text: str, sentence: Span, head: Span, name_end: int, lex: _Lexicon) -> bool:
    """Does the sentence say the event is held (`tổ chức hội nghị`, `lễ … được tổ chức`), or
    speak from inside it (`Tại hội nghị, các đại biểu …`: the bare head at the start of the
    sentence is the event the article reports)?"""
    if lex.holding is None:
        return True
    if lex.holding.search(text, max(sentence[0], head[0] - HOLDING_BEFORE), head[0]):
        return True
    frame = lex.frame.match(text, sentence[0], head[0]) if lex.frame is not None else None
    if frame is not None and frame.end() == head[0] and len(text[head[1] : name_end].split()) <= 1:
        return True
    return bool(lex.holding.search(text, name_end, min(sentence[1], name_end + HOLDING_AFTER)))


def _sentence_index(sentences: list[tuple[int, int]], starts: list[int], pos: int) -> int | None:
    i = bisect_right(starts, pos) - 1
    if 0 <= i < len(sentences) and sentences[i][0] <= pos < sentences[i][1]:
        return i
    return None


def _lead_date(ctx: Context, dates: list[Candidate]) -> str | None:
    """The date of the lead: the first day written in the first sentence of the body."""
    for a, b in ctx.doc.sentences:
        region = ctx.doc.region_at(a)
        if region is None or region.kind != "body":
            continue
        for d in dates:
            if a <= d.start < b and _DAY.match(str(d.item.get("value"))):
                return str(d.item["value"])
        return None
    return None


def _organizer(
    ctx: Context, sentence: Span, head: Span, organizations: list[Entity], roles: list[Span], lex: _Lexicon
) -> str | None:
    """The organisation the sentence reports as acting: the subject of the clause that holds
    the event (`…, Hội Nông dân huyện tổ chức Đại hội …`), not a place (`tại Hội trường UBND
    huyện, …`), an object (`… của Thành ủy`) or the body in a person's title."""
    text = ctx.doc.scan
    end = head[0]
    # The subject stands before the first verb of holding (`phối hợp`, `tổ chức`), in its clause.
    if lex.holding is not None and (verb := lex.holding.search(text, sentence[0], head[0])) is not None:
        end = verb.start()
    breaks = list(_CLAUSE_BREAK.finditer(text, sentence[0], end))
    start = breaks[-1].end() if breaks else sentence[0]
    found: list[tuple[int, str]] = []
    for e in organizations:
        for a, b in e.mentions:
            if start <= a and b <= end and not any(r[0] <= a and b <= r[1] for r in roles):
                found.append((a, str(e.item["name"])))
    for a, name in sorted(found):
        if lex.object_marker is not None and lex.object_marker.search(text, max(start, a - 30), a):
            continue
        return name
    return None


def _mentions(ctx: Context, dates: list[Candidate], lex: _Lexicon) -> list[_Mention]:
    text = ctx.doc.scan
    sentences = ctx.doc.sentences
    starts = [a for a, _ in sentences]
    out: list[_Mention] = []
    found = []
    for m in run_family(ctx, "events"):
        i = _sentence_index(sentences, starts, m.start)
        if i is not None:
            found.append((m, sentences[i]))
    heads: dict[Span, list[int]] = {}
    for m, sentence in found:
        heads.setdefault(sentence, []).append(m.start)
    for m, sentence in found:
        raw_type = m.group("type") or m.rule.data.get("type") or ""
        etype = fold(raw_type).lower()
        etype = lex.spelling.get(etype.casefold(), etype)
        name_end = max(m.end, _name_end(text, m.end, sentence[1], lex))
        earlier = [h for h in heads[sentence] if h < m.start]
        date = _own_date(text, sentence, (m.start, m.end), name_end, dates, earlier, lex)
        if m.rule.data.get("needs_date") and date is None:
            continue
        region = ctx.doc.region_at(m.start)
        out.append(
            _Mention(etype, (m.start, m.end), name_end, sentence, date, region is not None and region.kind == "title",
                     date is not None or _held(text, sentence, (m.start, m.end), name_end, lex),
                     m.rule.name, m.rule.priority)
        )
    # Two rules on one head (`buổi giao lưu` and a longer pattern) are one mention.
    out.sort(key=lambda x: (x.head[0], -(x.head[1] - x.head[0])))
    kept: list[_Mention] = []
    for x in out:
        if kept and x.head[0] < kept[-1].name_end and x.head[0] >= kept[-1].head[0] and x.type == kept[-1].type:
            continue
        kept.append(x)
    return kept


def _group(mentions: list[_Mention], lead: str | None) -> list[_Event]:
    """One event per reported occurrence: later mentions without a date of their own are the first's."""
    events: list[_Event] = []
    ordered = [x for x in mentions if not x.in_title] + [x for x in mentions if x.in_title]
    for x in ordered:
        same = [e for e in events if e.first.type == x.type]
        target = None
        if x.date is not None and not x.in_title:
            target = next((e for e in same if e.date == x.date), None)
            if target is None:
                target = next((e for e in same if not e.own_date), None)
                if target is not None:
                    target.date, target.own_date = x.date, True
        elif same:
            target = same[0]
        if target is None and not x.held:
            continue  # named in passing: `trong đó có Đại hội Đảng bộ quận`
        if target is None:
            own = x.date is not None
            events.append(_Event(x, x.date if own else lead, own, [x]))
        else:
            target.mentions.append(x)
    return events


def find_events(
    ctx: Context, dates: list[Candidate], organizations: list[Entity], people: list[Entity]
) -> list[Candidate]:
    """Event candidates, one per reported event, the sentence as evidence."""
    lex = _lexicon(ctx.rules)
    mentions = _mentions(ctx, dates, lex)
    if not mentions:
        return []
    events = _group(mentions, _lead_date(ctx, dates))
    sentences = ctx.doc.sentences
    starts = [a for a, _ in sentences]
    roles = [r for p in people for r in p.roles]
    out: list[Candidate] = []
    for ev in events:
        first = ev.first
        scope = list(dict.fromkeys(x.sentence for x in ev.mentions))
        # `Tham dự có …`, `Cùng dự có …` right after the event's sentence.
        i = _sentence_index(sentences, starts, first.sentence[0])
        while i is not None and i + 1 < len(sentences) and lex.attendance is not None:
            nxt = sentences[i + 1]
            if not lex.attendance.match(ctx.doc.scan, nxt[0], nxt[1]):
                break
            scope.append(nxt)
            i += 1
        attendees: list[tuple[int, str]] = []
        for p in people:
            spots = [
                a for a, _ in p.mentions
                if any(s[0] <= a < s[1] for s in scope)
                and not (lex.remembered and lex.remembered.search(ctx.doc.scan, max(0, a - REMEMBERED_BEFORE), a))
            ]
            if spots:
                attendees.append((min(spots), str(p.item["name"])))
        item: dict[str, Any] = {
            "type": first.type,
            "name": as_written(ctx.doc, first.head[0], first.name_end),
            "date": ev.date,
            "organizer": next(
                (o for x in ev.mentions if (o := _organizer(ctx, x.sentence, x.head, organizations, roles, lex))), None
            ),
            "attendees": [name for _, name in sorted(attendees)],
        }
        out.append(Candidate("events", first.sentence[0], first.sentence[1], item, first.rule, first.priority))
    return sorted(out, key=lambda c: c.start)
