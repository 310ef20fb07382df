"""Dates and periods: rules from `rules/` (family `dates`) turned into ISO 8601 values.

A rule's named groups say which part of a date they hold (`day`, `month`, `year`,
`quarter`, `day2`… for the end of an interval, `part`, `weekday`), so a new date form
is a new pattern, not new code. This module reads those groups into `Point`s and keeps
what was *not* written open: reports write `Chiều ngày 15/12` and `năm qua` and leave
the year to the reader. Arbitration runs first, then `refdate` picks the reference date
from the surviving candidates, and `complete` fills the gaps from it, so a missing year
is decided once, with everything the article says in view.

Values follow ISO 8601: `2024-01-18`, `2023-11`, `2024-Q1`, `2023`, intervals `A/B`.
A day or month whose year cannot be justified keeps the truncated form `--12-15` /
`--12` (ISO 8601:2000) rather than a guessed year.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache

import regex

from .candidates import Candidate, Context
from .matching import RuleMatch, run_rules
from .ruleset import RuleSet

#: Where a point whose year is not written goes relative to the reference date.
PAST, FUTURE, NEAREST = "past", "future", "nearest"
#: A day and month without a year are read only with a slash (`8/3`): `8-3` is as often a
#: score and `8.3` a number.
PARTIAL_SEPARATORS = "/"

#: A valid value: a (possibly truncated) calendar date, month, quarter or year, or an
#: interval of two of them. Used by the tests and by `is_iso` to refuse anything else.
_ISO_POINT = r"(?:\d{4}(?:-\d{2}(?:-\d{2})?|-Q[1-4])?|--\d{2}(?:-\d{2})?)"
ISO_VALUE = regex.compile(rf"^{_ISO_POINT}(?:/{_ISO_POINT})?$")


def is_iso(value: str) -> bool:
    """True for the ISO 8601 forms the contract allows, with real calendar days.

    >>> [is_iso(v) for v in ("2024-02-29", "2023-02-29", "2024-Q1", "--12-15", "2021/2026", "15/12")]
    [True, False, True, True, True, False]
    """
    if not ISO_VALUE.match(value):
        return False
    for part in value.split("/"):
        digits = part.lstrip("-").split("-")
        if "Q" in part or len(digits) < 2:
            continue
        if part.startswith("--"):
            year, month, day = 2000, int(digits[0]), int(digits[1]) if len(digits) > 1 else 1
        else:
            year, month, day = int(digits[0]), int(digits[1]), int(digits[2]) if len(digits) > 2 else 1
        try:
            date(year, month, day)
        except ValueError:
            return False
    return True


@dataclass(frozen=True)
class Point:
    """A calendar point as written; `year` stays None until the reference date supplies it."""

    grain: str  # day | month | quarter | year
    year: int | None = None
    month: int | None = None
    day: int | None = None
    quarter: int | None = None

    def with_year(self, year: int) -> Point:
        return replace(self, year=year)

    def first_day(self, year: int | None = None) -> date:
        """The first calendar day the point covers (in `year` when its own is missing)."""
        y = self.year if self.year is not None else year
        assert y is not None
        if self.grain == "day":
            assert self.month is not None and self.day is not None
            return date(y, self.month, self.day)
        if self.grain == "month":
            assert self.month is not None
            return date(y, self.month, 1)
        if self.grain == "quarter":
            assert self.quarter is not None
            return date(y, 3 * self.quarter - 2, 1)
        return date(y, 1, 1)

    def last_day(self, year: int | None = None) -> date:
        """The last calendar day the point covers."""
        y = self.year if self.year is not None else year
        assert y is not None
        if self.grain == "day":
            return self.first_day(y)
        if self.grain == "month":
            assert self.month is not None
            return date(y, self.month, calendar.monthrange(y, self.month)[1])
        if self.grain == "quarter":
            assert self.quarter is not None
            m = 3 * self.quarter
            return date(y, m, calendar.monthrange(y, m)[1])
        return date(y, 12, 31)

    def fits(self, year: int) -> bool:
        """Whether the point exists in `year` (29 February only in leap years)."""
        try:
            self.first_day(year)
        except ValueError:
            return False
        return True

    def iso(self) -> str | None:
        """ISO 8601; a day or month without a year is truncated (`--12-15`), anything else is None."""
        if self.year is None:
            if self.grain == "day":
                return f"--{self.month:02d}-{self.day:02d}"
            if self.grain == "month":
                return f"--{self.month:02d}"
            return None
        if self.grain == "day":
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.grain == "month":
            return f"{self.year:04d}-{self.month:02d}"
        if self.grain == "quarter":
            return f"{self.year:04d}-Q{self.quarter}"
        return f"{self.year:04d}"


@dataclass
class DateCandidate(Candidate):
    """A date as written, with what is still open; `item` is filled in by `complete`."""

    first: Point | None = None
    last: Point | None = None  # the end of an interval
    until_now: bool = False  # the interval ends at the reference date (`từ năm 2021 đến nay`)
    year_offset: int | None = None  # the year is the reference year plus this (`tháng 3 năm nay`)
    relative: tuple[str, int] | None = None  # ("day", -1): the day before the reference date, …
    placement: str = PAST
    weekday: int | None = None  # Monday = 0
    named: bool = False  # a named day (`ngày QTPN 8/3`): a commemoration, not a reported event
    annual: bool = False  # `14/10 hằng năm`: every year, so no year is right
    part: str | None = None  # part_of_day, already in contract words

    @property
    def needs_reference(self) -> bool:
        """Whether any part of the value must come from the reference date."""
        if self.relative is not None or self.until_now or self.year_offset is not None:
            return True
        return any(p is not None and p.year is None for p in (self.first, self.last))

    @property
    def written_day(self) -> date | None:
        """The day, when a single day is written in full (what the reference may be built from)."""
        p = self.first
        if self.last is not None or self.needs_reference or p is None or p.grain != "day":
            return None
        return p.first_day()


# ---------------------------------------------------------------- reading matches


def _int(groups: dict[str, str], name: str) -> int | None:
    v = groups.get(name)
    return int(v) if v and v.isdigit() else None


def _key(s: str) -> str:
    return " ".join(s.lower().split())


def _point(day: int | None, month: int | None, year: int | None, quarter: int | None) -> Point | None:
    if day is not None:
        return Point("day", year, month, day)
    if month is not None:
        return Point("month", year, month)
    if quarter is not None:
        return Point("quarter", year, quarter=quarter)
    if year is not None:
        return Point("year", year)
    return None


def _valid(p: Point) -> bool:
    if p.grain != "day":
        return True
    if p.month is None or p.day is None:
        return False
    return p.fits(p.year if p.year is not None else 2000)


#: What may open a paragraph before a dateline: nothing, or a source tag (`(ĐN) -`).
_DATELINE_LEAD = regex.compile(r"[ \t]*(?:\([^()\n]{1,16}\)[ \t]*[-–—]?[ \t]*)?")


def _dateline(m: RuleMatch) -> bool:
    """`19-10, Hội … tổ chức …`: a day and month opening a paragraph, then a comma, date
    the report as a dateline does; a ratio or a score never opens a paragraph that way."""
    text = m.core.string
    if not text.startswith(",", m.end) or text[m.core.start() : m.end].strip().count(" ") > 2:
        return False
    line = text.rfind("\n", 0, m.start) + 1
    return _DATELINE_LEAD.fullmatch(text, line, m.start) is not None


def _months_of_year(n: int, side: str, year: int | None) -> tuple[Point, Point]:
    """`n tháng đầu năm` covers months 1..n, `n tháng cuối năm` months 13-n..12."""
    first_month, last_month = (1, n) if side == "first" else (13 - n, 12)
    last_dom = calendar.monthrange(year if year is not None else 2001, last_month)[1]
    return Point("day", year, first_month, 1), Point("day", year, last_month, last_dom)


class _Reader:
    """Turn one rule match into a `DateCandidate` (or nothing), reading the rule's tables once."""

    def __init__(self, rules: RuleSet):
        t = rules.table
        self.parts: dict[str, str] = {_key(k): v for k, v in t("part_of_day").items()}
        self.weekdays: dict[str, int] = {_key(str(k)).replace(" ", ""): int(v) for k, v in t("date_weekdays").items()}
        self.offsets: dict[str, int] = {_key(k): int(v) for k, v in t("date_offsets").items()}
        self.quarters: dict[str, int] = {_key(str(k)): int(v) for k, v in t("date_quarters").items()}
        self.sides: dict[str, str] = {_key(k): v for k, v in t("date_sides").items()}
        self.numbers: dict[str, int] = {_key(k): int(v) for k, v in t("date_number_words").items()}

    def read(self, m: RuleMatch) -> DateCandidate | None:
        g = m.groups()
        data = m.rule.data
        shape = data.get("shape", "calendar")
        cand = DateCandidate("dates", m.start, m.end, {}, m.rule.name, m.rule.priority)
        part = g.get("part")
        cand.part = self.parts.get(_key(part).split()[0]) if part else None
        if "future" in g:
            cand.placement = FUTURE
        if g.get("rel_year"):
            cand.year_offset = self.offsets.get(_key(g["rel_year"]))
        ok = {
            "calendar": self._calendar,
            "months_of_year": self._months_of_year,
            "relative_year": self._relative_year,
            "relative_day": self._relative_day,
            "relative_month": self._relative_month,
        }[shape](cand, g, m)
        return cand if ok else None

    def _calendar(self, c: DateCandidate, g: dict[str, str], m: RuleMatch) -> bool:
        data = m.rule.data
        quarter = self.quarters.get(_key(g["quarter"])) if g.get("quarter") else None
        first = _point(_int(g, "day"), _int(g, "month"), _int(g, "year"), quarter)
        last = _point(_int(g, "day2"), _int(g, "month2"), _int(g, "year2"), None)
        if first is None:
            return False
        if last is not None:
            if first.grain == "day" and first.month is None:
                first = replace(first, month=last.month)  # `15-16/12`: the month is written once
            if first.year is None and last.year is not None:
                # `từ 20/12 đến 5/1/2024`: the start falls in the year before when it comes later.
                later = (first.month or 0, first.day or 0) > (last.month or 0, last.day or 0)
                first = first.with_year(last.year - 1 if later and first.grain != "year" else last.year)
        if not _valid(first) or (last is not None and not _valid(last)):
            return False
        both_years = last is not None and first.year is not None and last.year is not None
        if both_years and last is not None and (last.last_day() < first.first_day() or last.year - first.year > 100):
            return False  # an interval that runs backwards, or longer than a century: not one
        c.until_now = "until_now" in g
        if c.until_now and g.get("edge", "").lower() == "đầu" and first.grain == "year":
            first = Point("day", first.year, 1, 1)  # `từ đầu năm 2024 đến nay`
        c.first, c.last = first, last
        c.named = "named" in g
        c.annual = "annual" in g
        if g.get("weekday"):
            c.weekday = self.weekdays.get(_key(g["weekday"]).removeprefix("thứ").replace(" ", ""))
        if "past" in g:
            c.placement = PAST
        if first.grain == "quarter" and first.year is None:
            c.placement = NEAREST
        if last is not None and first.year is None:
            c.placement = NEAREST
        interval = last is not None or c.until_now
        has_year = first.year is not None or c.year_offset is not None
        if "since" in g and not interval and not ({"part", "weekday", "clock"} & g.keys()):
            return False  # `từ 20 – 25/11` is an interval; `từ 5/10 lên 8/10` is a ratio
        if interval and "interval_priority" in data:
            c.priority = int(data["interval_priority"])
        elif not has_year and "partial_priority" in data:
            c.priority = int(data["partial_priority"])
        elif "weak_priority" in data and "weak" in g and not ({"period", "yearword"} & g.keys()):
            c.priority = int(data["weak_priority"])
        if not has_year and data.get("partial_needs_context") and not _dateline(m):
            if m.before is None and m.after is None:
                return False
            if g.get("sep1") and g["sep1"].strip() not in PARTIAL_SEPARATORS:
                return False
        return not (data.get("single_needs_context") and not interval and m.before is None)

    def _months_of_year(self, c: DateCandidate, g: dict[str, str], m: RuleMatch) -> bool:
        raw = g.get("months")
        n = int(raw) if raw and raw.isdigit() else self.numbers.get(_key(raw or ""), int(m.rule.data.get("months", 0)))
        if not 1 <= n <= 12:
            return False
        side = self.sides.get(_key(g.get("side") or ""), "first")
        year = _int(g, "year")
        if not (g.get("side") or year or c.year_offset is not None or "review" in g):
            return False  # `6 tháng` alone is a length of time, not a period
        c.first, c.last = _months_of_year(n, side, year)
        c.placement = NEAREST
        return True

    def _relative_year(self, c: DateCandidate, g: dict[str, str], m: RuleMatch) -> bool:
        edge = _key(g.get("edge") or "")
        rel = _key(g.get("rel_year") or "")
        if "until_now" in g and edge == "đầu":
            c.first, c.until_now = Point("day", None, 1, 1), True  # `từ đầu năm đến nay`
            c.year_offset = c.year_offset or 0
            c.priority = int(m.rule.data.get("interval_priority", c.priority))
            return True
        c.year_offset = None
        if rel == "qua" and not edge:
            c.relative = ("past_year", 0)
        else:
            c.relative = ("year", self.offsets.get(rel, 0) if rel else 0)
        return bool(edge or rel)

    def _relative_day(self, c: DateCandidate, g: dict[str, str], m: RuleMatch) -> bool:
        rel = _key(g.get("rel_day") or "nay")
        c.relative = ("day", self.offsets.get(rel, 0))
        return True

    def _relative_month(self, c: DateCandidate, g: dict[str, str], m: RuleMatch) -> bool:
        rel = _key(g.get("rel_month") or "")
        if rel not in self.offsets:
            return False
        c.relative = ("month", self.offsets[rel])
        return True


#: How far past its number anchor a rule's `lead` may read.
LEAD_SPAN = 24
#: A group repeated without a small bound: such a lead could backtrack badly, so it is ignored.
_REPEATED_GROUP = regex.compile(r"\)(?:[*+]|\{\d*,\d*\})")


@lru_cache(maxsize=8)
def leads(rules: RuleSet) -> dict[str, regex.Pattern[str]]:
    """The `lead` of each number-anchored date rule, compiled once per rule set.

    Trying a rule costs a few microseconds per number anchor (most of it the match time
    limit), and an article has a hundred anchors, nearly all of them figures. A lead is a
    short, simple pattern (`\\d{1,2}\\s?[/.\\-]\\s?\\d{1,2}` for a numeric date) that the
    number must match for the rule to be tried there: half a microsecond, without the time
    limit but over at most `LEAD_SPAN` characters. A lead with a repeated group could
    backtrack badly, so it is not trusted and its rule runs at every anchor.
    """
    out: dict[str, regex.Pattern[str]] = {}
    for rule in rules.family("dates"):
        src = rule.data.get("lead")
        if rule.anchor != "number" or not isinstance(src, str):
            continue
        expanded = rules.expand(src)
        if not _REPEATED_GROUP.search(expanded):
            out[rule.name] = rules.compile(expanded, regex.IGNORECASE)
    return out


@lru_cache(maxsize=8)
def _reader(rules: RuleSet) -> _Reader:
    return _Reader(rules)


#: How far back in its clause a word of `date_future_words` is looked for.
FUTURE_REACH = 60
_CLAUSE_MARK = regex.compile(r"[.;:!?\n,]")


@lru_cache(maxsize=8)
def _future_words(rules: RuleSet) -> regex.Pattern[str] | None:
    return rules.whole_words("date_future_words")


def _said_ahead(text: str, c: DateCandidate, words: regex.Pattern[str] | None) -> bool:
    """A word of `date_future_words` earlier in the date's clause (`sẽ hoàn thành trong tháng 5`)."""
    if words is None:
        return False
    lo = max(0, c.start - FUTURE_REACH)
    marks = list(_CLAUSE_MARK.finditer(text, lo, c.start))
    if marks:
        lo = marks[-1].end()
    return words.search(text, lo, c.start) is not None


def find_dates(ctx: Context) -> list[Candidate]:
    """Date candidates in the scanned text; their values are set later by `complete`.

    A date without a year that its clause announces (`sẽ`, `dự kiến`) looks forward from
    the reference date instead of back.
    """
    reader = _reader(ctx.rules)
    text = ctx.doc.scan
    first = leads(ctx.rules)
    ahead = _future_words(ctx.rules)
    out: list[Candidate] = []
    for rule in ctx.rules.family("dates"):
        lead = first.get(rule.name)
        if lead is None:
            anchors = ctx.anchors
        else:
            match = lead.match
            anchors = [a for a in ctx.anchors if match(text, a, a + LEAD_SPAN)]
        for m in run_rules([rule], text, anchors, ctx.warn):
            cand = reader.read(m)
            if cand is None:
                continue
            if (
                cand.placement == PAST
                and cand.first is not None
                and cand.first.year is None
                and cand.last is None
                and _said_ahead(text, cand, ahead)
            ):
                cand.placement = FUTURE
            out.append(cand)
    return out


# ---------------------------------------------------------------- completing from the reference


def place(point: Point, anchor: date, placement: str = PAST, weekday: int | None = None) -> int:
    """The year a point without one takes: closest before or at `anchor` (`PAST`), at or
    after it (`FUTURE`), or the year whose occurrence is nearest to it (`NEAREST`, for
    periods such as `quý IV` or `6 tháng cuối năm`, which are usually the current ones).
    A written weekday that fits only a neighbouring year moves the day there.

    >>> place(Point("day", None, 12, 15), date(2024, 1, 10))
    2023
    >>> place(Point("day", None, 12, 15), date(2024, 1, 10), FUTURE)
    2024
    >>> place(Point("quarter", None, quarter=4), date(2024, 1, 10), NEAREST)
    2023
    >>> place(Point("day", None, 10, 19), date(2024, 1, 10), weekday=5)  # thứ bảy 19/10 → 2024
    2024
    """
    years = [y for y in range(max(1, anchor.year - 8), min(10000, anchor.year + 9)) if point.fits(y)]
    if not years:
        return anchor.year

    def distance(y: int) -> tuple[int, int]:
        a, b = point.first_day(y), point.last_day(y)
        gap = 0 if a <= anchor <= b else min(abs((a - anchor).days), abs((b - anchor).days))
        return gap, abs(y - anchor.year)

    if placement == NEAREST:
        return min(years, key=distance)
    if placement == FUTURE:
        found = min((y for y in years if point.last_day(y) >= anchor), default=None)
    else:
        found = max((y for y in years if point.first_day(y) <= anchor), default=None)
    # At the edges of the calendar (a reference date in year 1) only the nearest year exists.
    best = found if found is not None else min(years, key=distance)
    if weekday is not None and point.grain == "day" and point.first_day(best).weekday() != weekday:
        step = 1 if placement == FUTURE else -1
        for y in (best + step, best - step):
            if point.fits(y) and point.first_day(y).weekday() == weekday:
                return y
    return best


def place_interval(first: Point, last: Point, anchor: date) -> tuple[int, int]:
    """Years for an interval written without one (`6 tháng cuối năm`, `15-16/12`): the
    occurrence nearest to `anchor`, the start a year earlier when it wraps over New Year.

    >>> place_interval(Point("day", None, 7, 1), Point("day", None, 12, 31), date(2024, 6, 20))
    (2024, 2024)
    >>> place_interval(Point("day", None, 12, 28), Point("day", None, 1, 3), date(2024, 1, 10))
    (2023, 2024)
    """

    def bounds(y: int) -> tuple[int, date, date] | None:
        if not (first.fits(y) and last.fits(y)):
            return None
        start = y - 1 if last.first_day(y) < first.first_day(y) else y
        if not first.fits(start):
            return None
        return start, first.first_day(start), last.last_day(y)

    best: tuple[tuple[int, int], int, int] | None = None
    for y in range(anchor.year - 4, anchor.year + 5):
        b = bounds(y)
        if b is None:
            continue
        start, a, z = b
        gap = 0 if a <= anchor <= z else min(abs((a - anchor).days), abs((z - anchor).days))
        key = (gap, abs(y - anchor.year))
        if best is None or key < best[0]:
            best = (key, start, y)
    assert best is not None
    return best[1], best[2]


def _shift_month(year: int, month: int, n: int) -> tuple[int, int]:
    k = year * 12 + (month - 1) + n
    return k // 12, k % 12 + 1


def _relative_value(kind: str, n: int, ref: date) -> tuple[str, str]:
    if kind == "day":
        return (ref + timedelta(days=n)).isoformat(), "day"
    if kind == "month":
        y, m = _shift_month(ref.year, ref.month, n)
        return f"{y:04d}-{m:02d}", "month"
    if kind == "past_year":
        # `năm qua` is the year being summed up: the current one late in the year, the
        # previous one from January to September.
        return f"{ref.year if ref.month >= 10 else ref.year - 1:04d}", "year"
    return f"{ref.year + n:04d}", "year"


def _until(first: Point, ref: date) -> Point:
    if first.grain == "day":
        return Point("day", ref.year, ref.month, ref.day)
    if first.grain == "month":
        return Point("month", ref.year, ref.month)
    return Point("year", ref.year)


def value_of(c: DateCandidate, ref: date | None) -> tuple[str, str, bool] | None:
    """`(value, grain, inferred)` for a candidate, or None when it cannot be given without a
    reference date (relative expressions, quarters and years said relatively)."""
    if c.relative is not None:
        if ref is None:
            return None
        value, grain = _relative_value(*c.relative, ref)
        return value, grain, True
    first, last = c.first, c.last
    if first is None:
        return None
    inferred = False
    if c.until_now:
        if ref is None:
            return None
        last, inferred = _until(first, ref), True
    if c.year_offset is not None and first.year is None:
        if ref is None:
            return None
        first, inferred = first.with_year(ref.year + c.year_offset), True
    if last is not None and last.year is None and first.year is not None:
        wraps = (last.month or 0, last.day or 0) < (first.month or 0, first.day or 0)
        last = last.with_year(first.year + 1 if wraps else first.year)
    if first.year is None and ref is not None and not c.annual:
        if last is None:
            first = first.with_year(place(first, ref, c.placement, c.weekday))
        else:
            start_year, end_year = place_interval(first, last, ref)
            first, last = first.with_year(start_year), last.with_year(end_year)
        inferred = True
    # Otherwise a missing year stays missing: the truncated `--MM-DD` form holds only what
    # was written, so it is not inferred.
    if any(p is not None and p.year is not None and not p.fits(p.year) for p in (first, last)):
        return None  # `29/2 năm tới` when next year has no 29 February
    a = first.iso()
    if a is None:
        return None
    if last is None:
        return a, first.grain, inferred
    b = last.iso()
    if b is None or (first.year is None) != (last.year is None):
        return None
    if first.year is not None and last.last_day() < first.first_day():
        return None
    return f"{a}/{b}", "interval", inferred


def complete(ctx: Context, dates: list[Candidate], ref: date | None) -> list[Candidate]:
    """Give every date candidate its contract item, completing open parts from `ref`.

    Candidates that cannot be completed (a relative date without a reference date) are
    left out, and a warning says how many, so nothing disappears silently.
    """
    out: list[Candidate] = []
    dropped = truncated = 0
    for c in dates:
        if not isinstance(c, DateCandidate):
            out.append(c)
            continue
        result = value_of(c, ref)
        if result is None:
            dropped += 1
            continue
        value, grain, inferred = result
        if value.startswith("--"):
            truncated += 1
        written = c.first is not None and c.first.grain == "day" and c.first.year is not None and grain == "day"
        if c.weekday is not None and written and date.fromisoformat(value).weekday() != c.weekday:
            ctx.warn(f"date {value}: the weekday written beside it does not match")
        c.item = {"value": value, "grain": grain, "part_of_day": c.part, "inferred": inferred}
        out.append(c)
    if ref is None and (dropped or truncated):
        ctx.warn(
            f"no reference date: {truncated} date(s) kept without a year (--MM-DD), "
            f"{dropped} relative date(s) left out"
        )
    return out

