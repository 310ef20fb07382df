"""Run rules over a document fast enough for a hundred articles a second.

A regular expression scanned over a whole article costs about a millisecond when it
starts with an optional word (`(?:hơn\\s+)?\\d…`), because the engine tries it at every
character. Most rules are about numbers, so a rule may say `anchor: number`: it is then
tried only where a number starts (found once per document), and what stands before the
number (`Chiều ngày`, `hơn`, `trong vòng`) is matched backwards from there by the rule's
`before` pattern. Rules with `anchor: scan` (the default) are scanned as usual.

Around the main `pattern` a rule may set:

- `before` / `after`: matched right before / after it and then part of the evidence span;
  optional unless `before_required` / `after_required` is true;
- `context_before` / `context_after`: must match right before / after, not in the span
  (`trị giá` before a bare amount makes it money);
- `not_before` / `not_after`: must not match there (`số` before a document number).

An article costs a few hundred small anchored calls, so what a call costs besides the
matching itself counts: a call with `timeout=` costs about 3 µs more than one without
(the keyword alone about 1 µs), more than most matches. Each rule therefore carries its
own limit (`Rule.timeout`): None for the built-in rules, which the test suite probes for
catastrophic backtracking, `MATCH_TIMEOUT` for rules from `--rules` folders and in
`vnreport check`, so a catastrophic user pattern still costs a warning, not a hang. The
bound methods (with the limit bound in when there is one) are looked up once per rule, not
once per call nor once per document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache, partial

import regex

from .ruleset import Rule, RuleSet

#: How far before a match the backwards patterns look, in characters.
WINDOW = 80
#: How far from its number an anchored rule may read, look-aheads included: far beyond the
#: longest figure or date (`từ ngày 05/5/1818 đến ngày 05/5/2024 …` is 40), and what keeps a
#: run of thousands of numbers linear (see `run_rules`).
REACH = 256

Warn = Callable[[str], None]
_Call = Callable[..., "regex.Match[str] | None"]


@dataclass(slots=True)
class RuleMatch:
    """A rule's match with its optional context matches; groups are looked up in all three."""

    rule: Rule
    core: regex.Match[str]
    before: regex.Match[str] | None = None
    after: regex.Match[str] | None = None

    @property
    def start(self) -> int:
        return self.before.start() if self.before is not None else self.core.start()

    @property
    def end(self) -> int:
        return self.after.end() if self.after is not None else self.core.end()

    def _parts(self) -> tuple[regex.Match[str], ...]:
        # Spelt out rather than filtered with a generator: every figure asks this a few times.
        before, after = self.before, self.after
        if before is None:
            return (self.core,) if after is None else (self.core, after)
        return (self.core, before) if after is None else (self.core, before, after)

    def group(self, name: str) -> str | None:
        for m in self._parts():
            if name in m.re.groupindex and m.group(name) is not None:
                return m.group(name)
        return None

    def span(self, name: str) -> tuple[int, int] | None:
        for m in self._parts():
            if name in m.re.groupindex and m.group(name) is not None:
                return m.span(name)
        return None

    def groups(self) -> dict[str, str]:
        parts = self._parts()
        if len(parts) == 1:
            return {k: v for k, v in self.core.groupdict().items() if v is not None}
        out: dict[str, str] = {}
        for m in reversed(parts):
            out.update({k: v for k, v in m.groupdict().items() if v is not None})
        return out


@lru_cache(maxsize=8)
def _number_start(rules: RuleSet) -> regex.Pattern[str]:
    words = rules.words("number_words")
    alternatives = [r"\d"]
    if words:
        alternatives.append(rules.expand("{number_words}") + r"(?!\p{L})")
    # Not inside a word (`F0`) nor inside a number (`171` of `3.171`, `11` of `30/11`).
    return rules.compile(
        r"(?<![\p{L}\p{M}\d])(?<!\d[.,/:])(?:" + "|".join(alternatives) + ")", regex.IGNORECASE
    )


#: Latin and Vietnamese letters (NFC), for which `CASE_ODD` below is complete.
CASE_CHECKED = frozenset(
    "abcdefghijklmnopqrstuvwxyzàáâãèéêìíòóôõùúýăđĩũơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
)
#: The characters that `regex` matches case-insensitively to one of `CASE_CHECKED` although
#: `str.lower()` does not give that letter (tests/test_matching.py tries every code point).
CASE_ODD = "İſ"
_DIGIT_RUN = regex.compile(r"\d+")


@lru_cache(maxsize=8)
def _number_words(rules: RuleSet) -> tuple[str, ...] | None:
    """The number words, lower-cased, when `str.lower()` finds them as `regex` would."""
    words = tuple(sorted({w.lower() for w in rules.words("number_words") if w}))
    if not all(ch in CASE_CHECKED or ch == " " for w in words for ch in w):
        return None
    return words


def number_anchors(rules: RuleSet, text: str) -> list[int]:
    """Where numbers start: a digit not inside a word or number, or a number word.

    Scanning the anchor pattern over an article tries its lookbehinds and its
    case-insensitive word list at every character (about half a millisecond). Every
    anchor is the start of a run of digits or an occurrence of a number word, which `\\d+`
    and `str.find` on the lower-cased text list in a few microseconds; the pattern then
    decides at those places only, so the answer is the pattern's. (The lower-cased text
    finds every place the pattern's case-insensitive words can match unless it holds a
    character of `CASE_ODD`, or lower-casing changes its length; then the pattern is
    scanned as before.)
    """
    pattern = _number_start(rules)
    words = _number_words(rules)
    if words is None or any(ch in text for ch in CASE_ODD):
        return [m.start() for m in pattern.finditer(text)]
    low = text.lower() if words else text
    if len(low) != len(text):
        return [m.start() for m in pattern.finditer(text)]
    places = [m.start() for m in _DIGIT_RUN.finditer(text)]
    for word in words:
        at = low.find(word)
        while at >= 0:
            places.append(at)
            at = low.find(word, at + 1)
    if words:
        places = sorted(set(places))
    match = pattern.match
    return [p for p in places if match(text, p)]


def _bound(pattern: regex.Pattern[str] | None, method: str, timeout: float | None) -> _Call | None:
    """`pattern.match` / `.search` / `.finditer`, with the rule's time limit when it has one."""
    if pattern is None:
        return None
    fn = getattr(pattern, method)
    return fn if timeout is None else partial(fn, timeout=timeout)


def _visible(m: regex.Match[str] | None) -> regex.Match[str] | None:
    """A `before`/`after` match that shows something: one of only spaces is no match.

    (Neither can hold a line break: their windows stop at one.)
    """
    return m if m is not None and m.group().strip() else None


class _Completer:
    """A rule's context patterns, bound once per rule, checked around each core match.

    Patterns before the match are compiled as `(?:…)\\s*$` in reverse mode over a window
    that holds no line break, so they can only match ending right at the match: a reverse
    `match` (anchored there) finds what a reverse `search` would, without trying and
    failing at every other position of the window.

    It also holds the rule's own bound `match` and `finditer`. Binding them all costs about
    as much as a few matches, and an article runs some sixty rules, so it is done once per
    rule (see `_completer`), not once per rule and document.
    """

    __slots__ = ("after", "after_required", "before", "before_required", "compiled", "context", "context_after",
                 "context_before", "data", "empty", "finditer", "match", "not_after", "not_before", "rule", "timeout")

    def __init__(self, rule: Rule) -> None:
        ctx = rule.context
        t = rule.timeout
        self.rule = rule
        # What the bound methods were made from, to tell when the rule no longer matches them.
        self.compiled = rule.compiled
        self.context = ctx
        self.data = rule.data
        self.timeout = t
        self.match = _bound(rule.compiled, "match", t)
        self.finditer = _bound(rule.compiled, "finditer", t)
        self.before = _bound(ctx.get("before"), "match", t)
        self.context_before = _bound(ctx.get("context_before"), "match", t)
        self.not_before = _bound(ctx.get("not_before"), "match", t)
        self.after = _bound(ctx.get("after"), "match", t)
        self.context_after = _bound(ctx.get("context_after"), "match", t)
        self.not_after = _bound(ctx.get("not_after"), "match", t)
        self.before_required = bool(rule.data.get("before_required"))
        self.after_required = bool(rule.data.get("after_required"))
        self.empty = not ctx

    def fits(self, rule: Rule) -> bool:
        """Whether this was made for `rule` as it is now (same object, patterns and limit)."""
        return (
            self.rule is rule
            and self.context is rule.context
            and self.data is rule.data
            and self.timeout == rule.timeout
            and self.compiled is rule.compiled
        )

    def __call__(self, text: str, core: regex.Match[str]) -> RuleMatch | None:
        """Check and attach the rule's context patterns around a core match."""
        if self.empty:
            return RuleMatch(self.rule, core)
        start, end = core.span()
        before = after = None
        left = start
        if self.before is not None or self.context_before is not None or self.not_before is not None:
            # Context never reaches across a line break: the line above is another paragraph.
            lo = max(0, start - WINDOW, text.rfind("\n", 0, start) + 1)
            if self.before is not None:
                before = _visible(self.before(text, lo, start))
                if before is not None:
                    left = before.start()
                elif self.before_required:
                    return None
            if self.context_before is not None and self.context_before(text, lo, left) is None:
                return None
            if self.not_before is not None and self.not_before(text, lo, left) is not None:
                return None
        right = end
        if self.after is not None:
            hi = min(len(text), end + WINDOW)
            newline = text.find("\n", end, hi)
            hi = newline if newline >= 0 else hi
            after = _visible(self.after(text, end, hi))
            if after is not None:
                right = after.end()
            elif self.after_required:
                return None
        if self.context_after is not None and self.context_after(text, right, len(text)) is None:
            return None
        if self.not_after is not None and self.not_after(text, right, len(text)) is not None:
            return None
        return RuleMatch(self.rule, core, before, after)


#: Completers by `id` of their rule. Each holds its rule, so an id is never reused while its
#: entry lives; `fits` catches a rule whose patterns or limit were replaced since.
_COMPLETERS: dict[int, _Completer] = {}
#: Rule sets are few (the built-in one, a `--rules` folder or two, the tests' own): past
#: this many rules the table is emptied rather than let grow.
_COMPLETERS_MAX = 4096


def _completer(rule: Rule) -> _Completer:
    """The rule's completer, made on its first use."""
    c = _COMPLETERS.get(id(rule))
    if c is None or not c.fits(rule):
        if len(_COMPLETERS) >= _COMPLETERS_MAX:
            _COMPLETERS.clear()
        c = _COMPLETERS[id(rule)] = _Completer(rule)
    return c


def _timed_out(rule: Rule, warn: Warn) -> None:
    warn(rule.timeout_message())


def run_rules_at(
    rules: Iterable[Rule], text: str, positions: Callable[[Rule], Iterable[int]], warn: Warn
) -> list[RuleMatch]:
    """Like `run_rules`, but each rule is tried only where `positions(rule)` says.

    A family whose rules start with known head words (`Hội`, `UBND`, a family name) finds
    where those words stand in one pass and tries each pattern only there: a pattern that
    starts with a case-insensitive alternation is otherwise tried at every character.
    """
    out: list[RuleMatch] = []
    for rule in rules:
        if rule.compiled is None:
            continue
        complete = _completer(rule)
        match = complete.match
        assert match is not None
        try:
            for pos in positions(rule):
                core = match(text, pos)
                if core is None or core.end() == core.start() or "\n" in core.group():
                    continue
                m = complete(text, core)
                if m is not None:
                    out.append(m)
        except TimeoutError:
            _timed_out(rule, warn)
    return out


def run_rules(rules: Iterable[Rule], text: str, anchors: list[int], warn: Warn) -> list[RuleMatch]:
    """Every match of every rule, with its context; a match never spans a line break.

    An anchored rule is matched only up to the end of the anchor's line (and `REACH`), so a
    pattern never reads beyond it, not even in a look-ahead: what stands on the next line
    is another paragraph.
    """
    out: list[RuleMatch] = []
    for rule in rules:
        if rule.compiled is None:
            continue
        complete = _completer(rule)
        try:
            if rule.anchor == "number":
                match = complete.match
                assert match is not None
                size = len(text)
                for pos in anchors:
                    # Up to the end of the line and at most REACH characters: a match may not
                    # span a line break anyway, and a pattern free to run on (`3 trăm 3 trăm
                    # 3 trăm …` read as one long number) would rescan the rest of such a run
                    # from every anchor in it, which costs quadratic time.
                    stop = text.find("\n", pos, pos + REACH)
                    core = match(text, pos, stop if stop >= 0 else min(size, pos + REACH))
                    if core is None or core.end() == core.start():
                        continue
                    m = complete(text, core)
                    if m is not None:
                        out.append(m)
            else:
                finditer = complete.finditer
                assert finditer is not None
                for core in finditer(text):
                    if core.end() == core.start() or "\n" in core.group():
                        continue
                    m = complete(text, core)
                    if m is not None:
                        out.append(m)
        except TimeoutError:
            _timed_out(rule, warn)
    return out
