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
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

import regex

from .ruleset import MATCH_TIMEOUT, Rule, RuleSet

#: How far before a match the backwards patterns look, in characters.
WINDOW = 80

Warn = Callable[[str], None]


@dataclass
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
        return tuple(m for m in (self.core, self.before, self.after) if m is not None)

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
        out: dict[str, str] = {}
        for m in reversed(self._parts()):
            out.update({k: v for k, v in m.groupdict().items() if v is not None})
        return out


@lru_cache(maxsize=8)
def _number_start(rules: RuleSet) -> regex.Pattern[str]:
    words = rules.words("number_words")
    alternatives = [r"\d"]
    if words:
        alternatives.append(rules.expand("{number_words}") + r"(?!\p{L})")
    # Not inside a word (`F0`) nor inside a number (`171` of `3.171`, `11` of `30/11`).
    return regex.compile(
        r"(?<![\p{L}\p{M}\d])(?<!\d[.,/:])(?:" + "|".join(alternatives) + ")", regex.IGNORECASE
    )


def number_anchors(rules: RuleSet, text: str) -> list[int]:
    """Where numbers start: a digit not inside a word or number, or a number word."""
    return [m.start() for m in _number_start(rules).finditer(text)]


class _TimedOut(Exception):
    pass


def _call(fn: Callable[..., regex.Match[str] | None], *args: int) -> regex.Match[str] | None:
    try:
        return fn(*args, timeout=MATCH_TIMEOUT)
    except TimeoutError as e:
        raise _TimedOut from e


def _complete(rule: Rule, text: str, core: regex.Match[str]) -> RuleMatch | None:
    """Check and attach the rule's context patterns around a core match."""
    ctx = rule.context
    start, end = core.span()
    # Context never reaches across a line break: the line above is another paragraph.
    lo = max(0, start - WINDOW, text.rfind("\n", 0, start) + 1)
    hi = min(len(text), end + WINDOW)
    newline = text.find("\n", end, hi)
    hi = newline if newline >= 0 else hi
    before = after = None
    if "before" in ctx:
        before = _call(ctx["before"].search, text, lo, start)
        if before is not None and (not before.group().strip() or "\n" in before.group()):
            before = None
        if before is None and rule.data.get("before_required"):
            return None
    left = before.start() if before is not None else start
    if "context_before" in ctx and _call(ctx["context_before"].search, text, lo, left) is None:
        return None
    if "not_before" in ctx and _call(ctx["not_before"].search, text, lo, left) is not None:
        return None
    if "after" in ctx:
        after = _call(ctx["after"].match, text, end, hi)
        if after is not None and (not after.group().strip() or "\n" in after.group()):
            after = None
        if after is None and rule.data.get("after_required"):
            return None
    right = after.end() if after is not None else end
    if "context_after" in ctx and _call(ctx["context_after"].match, text, right, len(text)) is None:
        return None
    if "not_after" in ctx and _call(ctx["not_after"].match, text, right, len(text)) is not None:
        return None
    return RuleMatch(rule, core, before, after)


def _cores(rule: Rule, text: str, anchors: Iterable[int]) -> Iterable[regex.Match[str]]:
    assert rule.compiled is not None
    if rule.anchor == "number":
        for pos in anchors:
            m = _call(rule.compiled.match, text, pos)
            if m is not None:
                yield m
    else:
        try:
            yield from rule.compiled.finditer(text, timeout=MATCH_TIMEOUT)
        except TimeoutError as e:
            raise _TimedOut from e


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
        try:
            for pos in positions(rule):
                core = _call(rule.compiled.match, text, pos)
                if core is None or core.end() == core.start() or "\n" in core.group():
                    continue
                m = _complete(rule, text, core)
                if m is not None:
                    out.append(m)
        except _TimedOut:
            warn(rule.timeout_message())
    return out


def run_rules(rules: Iterable[Rule], text: str, anchors: list[int], warn: Warn) -> list[RuleMatch]:
    """Every match of every rule, with its context; a match never spans a line break."""
    out: list[RuleMatch] = []
    for rule in rules:
        if rule.compiled is None:
            continue
        try:
            for core in _cores(rule, text, anchors):
                if core.end() == core.start() or "\n" in core.group():
                    continue
                m = _complete(rule, text, core)
                if m is not None:
                    out.append(m)
        except _TimedOut:
            warn(rule.timeout_message())
    return out
