"""The reference date: the day an article speaks from, used to complete partial dates.

Reports write `Chiều ngày 15/12` and `năm qua` and leave the year to the reader, who
knows when the piece was published. vnreport looks for that knowledge in order:

1. `option`: the user's `--reference-date`, taken as given.
2. `published`: the publication line printed with the article (`19/01/2024 15:37`).
3. `text`: what the article itself says, read as a reader would date a clipping:
   - a report is written on or after the latest day it writes in full (`Tính đến ngày
     30/11/2023`), leaving out deadlines (`đến hết ngày …`) and days to come (`… tới`);
   - and around the end of a period it sums up or on the eve of one it lays out:
     `tổng kết … năm 2023; nhiệm vụ năm 2024` puts it at 2023-12-31, `sơ kết 6 tháng
     đầu năm 2024` at 2024-06-30;
   - the partial days it reports (`Chiều ngày 15/12`; not a named day such as `ngày QTPN
     8/3`, not `hằng năm`) are read in the year that puts them at most `GRACE` after that
     estimate, and the latest of them, when later than every full date, is the reference:
     the article is written on the day of the event it reports;
   - with no such period, a year the text speaks of as its present (not a target `đến năm
     2030` or `Năm 2025, hội phấn đấu`, not a comparison `so với 2022`) that is later than
     every full date wins (those are cited documents): its latest reported day, else its
     31 December.
4. `none`: partial days keep the truncated `--MM-DD` form, relative dates are left out.

Every date without a year then takes the year that places it closest before or at the
reference date (`dates.place`), unless the text says otherwise: `tới` looks forward, a
weekday picks the year it fits, and periods of a year (`quý IV`, `6 tháng cuối năm`) take
the occurrence nearest the reference.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import regex

from .candidates import Candidate
from .dates import PAST, DateCandidate, Point, place
from .ruleset import RuleSet

SOURCES = ("option", "published", "text", "none")

#: How far after its latest evidence an article may still be reporting a partial day:
#: statistics are cut off (`tính đến 30/11`) some weeks before the meeting that reports them.
GRACE = timedelta(days=62)
#: A reported day more than this before the estimate does not move the reference back.
HORIZON = timedelta(days=366)
#: Characters before a period that are searched for a summing-up or planning word.
CLAUSE = 60
#: Characters right before a year searched for a target or past word.
IMMEDIATE = 25


@dataclass(frozen=True)
class _Markers:
    summary: regex.Pattern[str] | None
    plan: regex.Pattern[str] | None
    target: regex.Pattern[str] | None
    past: regex.Pattern[str] | None
    deadline: regex.Pattern[str] | None
    aim: regex.Pattern[str] | None


@lru_cache(maxsize=8)
def _markers(rules: RuleSet) -> _Markers:
    return _Markers(
        summary=rules.whole_words("date_summary_words"),
        plan=rules.whole_words("date_plan_words"),
        target=rules.whole_words("date_target_words"),
        past=rules.whole_words("date_past_words"),
        deadline=rules.whole_words("date_deadline_words"),
        aim=rules.whole_words("date_aim_words"),
    )


def latest_full_date(dates: Iterable[Candidate], text: str = "", rules: RuleSet | None = None) -> date | None:
    """The latest single day written with day, month and year, none of it inferred, and
    not announced as to come (`ngày 20/11 tới`) or set as a deadline (`đến hết ngày …`)."""
    deadline = _markers(rules).deadline if rules is not None else None
    best: date | None = None
    for c in dates:
        if not isinstance(c, DateCandidate) or c.placement != PAST:
            continue
        if deadline is not None and _is_marked(text, c, deadline):
            continue
        d = c.written_day
        if d is not None and (best is None or d > best):
            best = d
    return best


def _period(c: DateCandidate) -> tuple[date, date] | None:
    """The calendar span of a year, quarter or part of a year written with its year."""
    first, last = c.first, c.last
    if first is None or first.year is None or c.needs_reference or c.until_now:
        return None
    if last is None:
        return (first.first_day(), first.last_day()) if first.grain in ("year", "quarter") else None
    if last.year == first.year and first.grain == "day" and first.day == 1 and first.month in (1, 7):
        return first.first_day(), last.last_day()  # `6 tháng đầu năm 2024`, `9 tháng năm 2024`
    return None


def _clause_before(text: str, start: int, width: int) -> str:
    window = text[max(0, start - width) : start]
    cut = max(window.rfind(ch) for ch in ".;!?:\n")
    return window[cut + 1 :]


def _last_marker(window: str, *patterns: regex.Pattern[str] | None) -> int | None:
    """Which pattern has the occurrence nearest to the end of `window` (its index), if any."""
    best: tuple[int, int] | None = None
    for i, p in enumerate(patterns):
        if p is None:
            continue
        for m in p.finditer(window):
            if best is None or m.end() > best[0]:
                best = (m.end(), i)
    return best[1] if best else None


def period_estimate(dates: list[DateCandidate], text: str, rules: RuleSet) -> date | None:
    """The end of the period a report sums up or the eve of the one it lays out.

    `tổng kết … năm 2023` gives 2023-12-31, `nhiệm vụ năm 2024` too (the day before 2024
    starts). When both kinds appear, a period that is both summed up and followed by a
    laid-out one wins; otherwise the latest summed-up end, else the earliest eve.
    """
    mk = _markers(rules)
    ends: set[date] = set()
    eves: set[date] = set()
    for c in dates:
        span = _period(c)
        if span is None or _is_marked(text, c, mk.target):
            continue
        kind = _last_marker(_clause_before(text, c.start, CLAUSE), mk.summary, mk.plan)
        if kind == 0:
            ends.add(span[1])
        elif kind == 1:
            eves.add(span[0] - timedelta(days=1))
    if ends & eves:
        return max(ends & eves)
    if ends:
        return max(ends)
    return min(eves) if eves else None


def _is_marked(text: str, c: Candidate, pattern: regex.Pattern[str] | None) -> bool:
    """A marker word right before the date or inside its own span (`so với 2022`)."""
    if pattern is None:
        return False
    return pattern.search(text, max(0, c.start - IMMEDIATE), c.end) is not None


def _aimed(text: str, c: Candidate, pattern: regex.Pattern[str] | None) -> bool:
    """An aim right after the year, in its clause (`Năm 2025, hội phấn đấu …`)."""
    if pattern is None:
        return False
    window = text[c.end : c.end + IMMEDIATE + 10]
    cut = min((i for i in (window.find(ch) for ch in ".;!?\n") if i >= 0), default=len(window))
    return pattern.search(window, 0, cut) is not None


def present_year(dates: list[DateCandidate], text: str, rules: RuleSet) -> int | None:
    """The latest year the text speaks of as its present: not a target (`đến năm 2030`,
    `Năm 2025, hội phấn đấu`), not the past (`so với 2022`)."""
    mk = _markers(rules)
    years = [
        c.first.year
        for c in dates
        if c.first is not None
        and c.first.year is not None
        and c.first.grain == "year"
        and c.last is None
        and not c.needs_reference
        and not _is_marked(text, c, mk.target)
        and not _is_marked(text, c, mk.past)
        and not _aimed(text, c, mk.aim)
    ]
    return max(years) if years else None


def _reported_days(dates: list[DateCandidate]) -> list[DateCandidate]:
    """Partial days that report something happening (not named days, not announced ones)."""
    return [
        c
        for c in dates
        if c.first is not None
        and c.first.grain == "day"
        and c.first.year is None
        and c.last is None
        and c.relative is None
        and c.year_offset is None
        and not c.until_now
        and not c.named
        and not c.annual
        and c.placement == PAST
    ]


def from_text(dates: Iterable[Candidate], text: str, rules: RuleSet) -> date | None:
    """The reference date the text itself supports (source `text`), or None; see the module doc."""
    cands = [c for c in dates if isinstance(c, DateCandidate)]
    full = latest_full_date(cands, text, rules)
    period = period_estimate(cands, text, rules)
    reported = _reported_days(cands)
    year = present_year(cands, text, rules) if period is None else None
    if year is not None and (full is None or year > full.year):
        # The text speaks of a year later than any day it writes in full (those are then
        # cited documents): its reported days fall in that year, and the latest is the day.
        days = [Point("day", year, c.first.month, c.first.day) for c in reported if c.first and c.first.fits(year)]
        return max(p.first_day() for p in days) if days else date(year, 12, 31)
    known = [d for d in (full, period) if d is not None]
    if known:
        estimate = max(known)
        days = [c.first.first_day(place(c.first, estimate + GRACE, PAST, c.weekday)) for c in reported if c.first]
        days = [d for d in days if d > estimate - HORIZON and (full is None or d > full)]
        return max(days) if days else estimate
    return None


def resolve(
    option: date | None,
    published: str | None,
    dates: Iterable[Candidate],
    *,
    text: str = "",
    rules: RuleSet | None = None,
) -> tuple[date | None, str]:
    """Pick the reference date and say where it came from (`reference_source`).

    >>> resolve(date(2024, 5, 4), "2024-01-19", [])
    (datetime.date(2024, 5, 4), 'option')
    >>> resolve(None, "2024-01-19", [])
    (datetime.date(2024, 1, 19), 'published')
    >>> resolve(None, None, [])
    (None, 'none')
    """
    if option is not None:
        return option, "option"
    if published:
        try:
            return date.fromisoformat(published), "published"
        except ValueError:
            pass  # a publication line with an impossible day: fall back to the text
    dates = list(dates)
    found = from_text(dates, text, rules) if rules is not None else latest_full_date(dates)
    if found is not None:
        return found, "text"
    return None, "none"
