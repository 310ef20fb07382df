"""What the engine does to be fast must not change what it finds.

Each shortcut is checked against the plain way it replaces: number anchors against the
anchor pattern scanned over the text, reverse `match` against reverse `search`, cached
patterns against compiled ones; and the time limit stays on every rule a user brings.
"""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

import vnreport
from vnreport import figures
from vnreport import normalize as normalize_mod
from vnreport import ruleset as ruleset_mod
from vnreport.candidates import Candidate, Context, arbitrate, overlaps
from vnreport.document import Document, Segment, TextBuilder
from vnreport.layout import analyse
from vnreport.matching import (
    CASE_CHECKED,
    CASE_ODD,
    REACH,
    WINDOW,
    RuleMatch,
    _Completer,
    _completer,
    _number_start,
    number_anchors,
    run_rules,
)
from vnreport.ruleset import (
    CACHE_ENV,
    MATCH_TIMEOUT,
    PatternCache,
    Rule,
    default_rules,
    load_rules,
    validate_rules,
)

RULES = default_rules()
SAMPLES = sorted((Path(__file__).resolve().parent.parent / "samples").glob("*.txt"))

# Text made of what matters around number anchors: digits (also of other scripts), number
# words in any case, separators, letters that fold oddly, marks, line breaks.
_PIECES = [
    "1", "23", "4.500", "30/11", "٣", "Hai", "hai", "BA", "ba", "năm", "Năm", "mười", "một", "bảy", "khai",
    "ban", " ", "\n", ".", ",", "/", ":", "-", "F", "ſ", "İ", "sáu", "SÁU", "\u0301", "x", "đ", "tám",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_number_anchors_are_those_of_the_anchor_pattern(pieces: list[str]) -> None:
    text = "".join(pieces)
    expected = [m.start() for m in _number_start(RULES).finditer(text)]
    assert number_anchors(RULES, text) == expected


def test_number_anchors_on_the_samples() -> None:
    for path in SAMPLES:
        text = path.read_text(encoding="utf-8")
        assert number_anchors(RULES, text) == [m.start() for m in _number_start(RULES).finditer(text)]


def test_the_odd_case_folds_are_all_known() -> None:
    """Every character `regex` matches case-insensitively to a checked letter lower-cases to it,
    except those of CASE_ODD; tried over every code point."""
    every = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    letters = sorted(CASE_CHECKED)
    odd = {ch for ch in regex.findall("[" + "".join(letters) + "]", every, regex.IGNORECASE) if ch.lower() not in
           CASE_CHECKED}
    odd |= {ch for ch in every if ch.lower() in CASE_CHECKED and not regex.fullmatch(regex.escape(ch), ch.lower(),
                                                                                       regex.IGNORECASE)}
    assert odd == set(CASE_ODD)


def _backward_patterns() -> list[regex.Pattern[str]]:
    return [p for r in RULES.rules for k, p in r.context.items() if k in ("before", "context_before", "not_before")]


def test_reverse_match_finds_what_reverse_search_finds() -> None:
    """Patterns before a match end at it (`…\\s*$` over a window without a line break), so the
    anchored reverse `match` the engine uses gives the same match as a reverse `search`."""
    patterns = _backward_patterns()
    assert patterns
    for path in SAMPLES:
        text = path.read_text(encoding="utf-8")
        for end in range(len(text)):
            lo = max(0, end - WINDOW, text.rfind("\n", 0, end) + 1)
            for p in patterns:
                a, b = p.search(text, lo, end), p.match(text, lo, end)
                assert (a and (a.span(), a.groupdict())) == (b and (b.span(), b.groupdict()))


def test_builtin_rules_run_without_a_time_limit_and_user_rules_with_one(tmp_path: Path) -> None:
    assert all(r.timeout is None for r in RULES.rules)
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "t.yaml").write_text("family: figures\nrules:\n  - name: mine\n    pattern: '\\d+ cây'\n",
                                   encoding="utf-8")
    rules = load_rules([folder])
    assert {r.name: r.timeout for r in rules.rules if r.origin == "user"} == {"mine": MATCH_TIMEOUT}
    # `vnreport check` exists to find slow patterns: there every rule keeps the limit.
    checked, _ = validate_rules()
    assert all(r.timeout == MATCH_TIMEOUT for r in checked.rules)


def test_a_catastrophic_number_anchored_user_rule_costs_a_warning(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "t.yaml").write_text(
        "family: figures\nrules:\n  - name: slow\n    anchor: number\n    pattern: '\\d(?:a|aa)+$'\n"
        "  - name: slow before\n    anchor: number\n    before: '#(?:\\w|\\w\\w)+!'\n    pattern: '\\d'\n"
        "    before_required: true\n",
        encoding="utf-8",
    )
    rules = load_rules([folder], builtin=False)
    warnings: list[str] = []
    text = "a" * 50 + "! 1" + "a" * 60 + "!"
    assert run_rules(rules.family("figures"), text, number_anchors(RULES, text), warnings.append) == []
    assert any("rule slow (" in w and "timed out" in w for w in warnings)
    assert any("rule slow before (" in w and "timed out" in w for w in warnings)


# --------------------------------------------------------------------------- the pattern cache


def test_a_second_load_takes_the_patterns_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    first = load_rules()
    assert len(list((tmp_path / "cache").glob("patterns-*.pickle"))) == 1
    compiled: list[str] = []
    real = regex.compile
    monkeypatch.setattr(ruleset_mod.regex, "compile", lambda *a, **k: compiled.append(a[0]) or real(*a, **k))
    second = load_rules()
    assert compiled == []
    for a, b in zip(first.rules, second.rules, strict=True):
        assert (a.compiled.pattern, a.compiled.flags) == (b.compiled.pattern, b.compiled.flags)  # type: ignore[union-attr]
        assert {k: (p.pattern, p.flags) for k, p in a.context.items()} == {
            k: (p.pattern, p.flags) for k, p in b.context.items()}
    text = SAMPLES[0].read_text(encoding="utf-8")
    assert vnreport.extract_text(text, rules=second) == vnreport.extract_text(text, rules=first)


def test_a_broken_or_foreign_cache_file_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    cache = PatternCache.for_rules("fingerprint")
    assert cache.path is not None
    cache.compile(r"\d+", regex.IGNORECASE)
    cache.save()
    assert PatternCache.for_rules("fingerprint").known  # read back

    cache.path.write_bytes(b"not a pickle")
    assert PatternCache.for_rules("fingerprint").known == {}

    class Boom:
        def __reduce__(self) -> tuple[object, ...]:
            return (print, ("ran",))

    cache.path.write_bytes(pickle.dumps({("x", 0): Boom()}))
    assert PatternCache.for_rules("fingerprint").known == {}  # nothing but patterns is unpickled

    # An entry under the wrong key is not taken for the pattern asked for.
    cache.path.write_bytes(pickle.dumps({(r"\d+", int(regex.IGNORECASE)): regex.compile("x")}))
    assert PatternCache.for_rules("fingerprint").compile(r"\d+", regex.IGNORECASE).pattern == r"\d+"


def test_no_cache_when_disabled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, "")
    assert PatternCache.for_rules("x").path is None
    load_rules()
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "c"))
    monkeypatch.setattr(ruleset_mod, "CACHE_FILES", 2)
    for name in ("a", "b", "c"):
        cache = PatternCache.for_rules(name)
        cache.compile(name, 0)
        cache.save()
    assert len(list((tmp_path / "c").glob("patterns-*.pickle"))) == 2  # the oldest is removed


# --------------------------------------------------------------------------- normalisation

_TEXT_PIECES = ["a", "hoà", "Uỷ", "quý", "thoả", "qoà", " ", "  ", "\n", "\n\n", "\n\n\n", " \n", "\n ", "\r\n",
                "\t", "\u00a0", "\u200b", "\u00ad", "\u3000", "\x85", "\u2028", "x", "đ", "1"]


def _reference_normalize(original: str) -> tuple[str, list[Segment]]:
    """The map as the plain loop over `_EDIT.finditer` made it, every line break an edit."""
    b = TextBuilder()
    pos = 0
    for m in normalize_mod._EDIT.finditer(original):
        start, end = m.span()
        b.copy(original, pos, start)
        if m.lastgroup == "nl":
            b.replace(normalize_mod._line_breaks(m.group()), start, end)
        elif m.lastgroup == "ws":
            b.replace(" ", start, end)
        else:
            b.replace("", start, end)
        pos = end
    b.copy(original, pos, len(original))
    return b.build()


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_TEXT_PIECES), max_size=30))
def test_edits_tones_and_the_offset_map_are_those_of_the_plain_loop(pieces: list[str]) -> None:
    original = "".join(pieces)
    assert [(m.span(), m.lastgroup) for m in normalize_mod._edits(original)] == [
        (m.span(), m.lastgroup) for m in normalize_mod._EDIT.finditer(original)]
    assert normalize_mod.unify_tones(original) == normalize_mod._TONE.sub(normalize_mod._move_tone, original)
    text, segments = _reference_normalize(original)
    doc = normalize_mod.normalize(original)
    assert doc.text == normalize_mod.unify_tones(text)
    reference = Document(original=original, text=text, segments=segments)
    for a in range(len(text)):
        for b in range(a + 1, len(text) + 1):
            assert doc.original_span(a, b) == reference.original_span(a, b)


def test_whitespace_is_what_re_calls_whitespace() -> None:
    every = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    expected = "".join(re.findall(r"\s", every)).replace(" ", "")
    assert "".join(re.findall(f"[{normalize_mod.WHITESPACE_NOT_SPACE}]", every)) == expected


# --------------------------------------------------------------------------- arbitration


def _arbitrate_plainly(cands: list[Candidate]) -> list[Candidate]:
    kept: list[Candidate] = []
    for cand in sorted(cands, key=lambda c: (-c.priority, -c.length, c.start)):
        if cand.length > 0 and not any(overlaps((cand.start, cand.end), (k.start, k.end)) for k in kept):
            kept.append(cand)
    return sorted(kept, key=lambda c: (c.start, c.end))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40), st.integers(-2, 12), st.sampled_from([40, 50, 60, 70])), max_size=25))
def test_arbitration_keeps_what_checking_every_kept_span_would(spans: list[tuple[int, int, int]]) -> None:
    cands = [Candidate("figures", a, a + n, {}, f"r{i}", p) for i, (a, n, p) in enumerate(spans)]
    assert [c.rule for c in arbitrate(cands)] == [c.rule for c in _arbitrate_plainly(cands)]


# --------------------------------------------------------------------------- rule runs


def _line_end(text: str, pos: int) -> int:
    """Where the line holding `pos` ends (the next line break, else the end of the text),
    but no further than `REACH` characters from `pos`."""
    line_end = next((i for i in range(pos, len(text)) if text[i] == "\n"), len(text))
    return min(line_end, pos + REACH)


def _plain_run_rules(rules: list[Rule], text: str, anchors: list[int]) -> list[RuleMatch]:
    """`run_rules` as it was before completers were kept: everything bound afresh for each rule."""
    out: list[RuleMatch] = []
    for rule in rules:
        if rule.compiled is None:
            continue
        complete = _Completer(rule)
        if rule.anchor == "number":  # read up to the end of the anchor's line
            cores = [rule.compiled.match(text, pos, _line_end(text, pos)) for pos in anchors]
        else:
            cores = list(rule.compiled.finditer(text))
        for core in cores:
            if core is None or core.end() == core.start() or "\n" in core.group():
                continue
            m = complete(text, core)
            if m is not None:
                out.append(m)
    return out


def _plain_groups(m: RuleMatch) -> dict[str, str]:
    """A match's groups as the plain loop over its parts gives them."""
    out: dict[str, str] = {}
    for part in reversed([p for p in (m.core, m.before, m.after) if p is not None]):
        out.update({k: v for k, v in part.groupdict().items() if v is not None})
    return out


def _described(matches: list[RuleMatch]) -> list[tuple[object, ...]]:
    return [(m.rule.name, m.start, m.end, m.core.span(), m.groups()) for m in matches]


def test_kept_completers_find_what_fresh_ones_find() -> None:
    """A rule's bound patterns are kept from one document to the next; every family, run
    twice over every sample, finds what binding them afresh each time finds."""
    families = sorted({r.family for r in RULES.rules})
    for path in SAMPLES:
        text = path.read_text(encoding="utf-8")
        anchors = number_anchors(RULES, text)
        for family in families:
            rules = RULES.family(family)
            expected = _described(_plain_run_rules(rules, text, anchors))
            for _ in range(2):
                found = run_rules(rules, text, anchors, print)
                assert _described(found) == expected
                assert [m.groups() for m in found] == [_plain_groups(m) for m in found]
    assert all(_completer(r) is _completer(r) for r in RULES.rules)


def test_a_changed_rule_gets_a_new_completer(tmp_path: Path) -> None:
    """A completer is only reused for the rule it was made from as it was then."""
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "t.yaml").write_text(
        "family: figures\nrules:\n  - name: mine\n    anchor: number\n    pattern: '\\d+ cây'\n"
        "    not_before: 'không\\s*'\n",
        encoding="utf-8",
    )
    rule = load_rules([folder], builtin=False).family("figures")[0]
    first = _completer(rule)
    assert _completer(rule) is first
    rule.timeout = None
    assert _completer(rule) is not first
    second = _completer(rule)
    rule.context = {}
    assert _completer(rule) is not second
    text = "không 3 cây, 4 cây"
    assert [m.core.group() for m in run_rules([rule], text, number_anchors(RULES, text), print)] == ["3 cây", "4 cây"]


def test_rule_match_parts_in_every_combination() -> None:
    text = "hơn 5 cây trở lên"
    core = regex.compile(r"(?P<number>\d) (?P<unit>cây)").search(text)
    before = regex.compile(r"(?P<qualifier>hơn) ").search(text)
    after = regex.compile(r" (?P<qualifier_after>trở lên)").search(text)
    assert core is not None and before is not None and after is not None
    rule = RULES.family("figures")[0]
    for b in (None, before):
        for a in (None, after):
            m = RuleMatch(rule, core, b, a)
            assert m._parts() == tuple(p for p in (core, b, a) if p is not None)
            assert m.groups() == _plain_groups(m)


# --------------------------------------------------------------------------- figures


def _context(text: str) -> Context:
    doc, layout = analyse(normalize_mod.normalize(text), RULES)
    return Context(doc=doc, rules=RULES, layout=layout, reference_date=None)


def _plain_figure_run(ctx: Context, text: str, anchors: list[int], voc: figures.Vocabulary) -> list[RuleMatch]:
    """`figures._run` with each anchor's first word read where a rule asks for it."""
    out: list[RuleMatch] = []
    for rule in ctx.rules.family("figures"):
        peek = figures._peek_words(ctx.rules, rule.name)
        chosen = anchors
        if peek is not None:
            words, signs = peek
            chosen = []
            for a in anchors:
                first = figures._first_word_after(text, a, voc)
                if first in words or first[:4] in words or (signs and figures._sign_before(text, a, signs)):
                    chosen.append(a)
        out += _plain_run_rules([rule], text, chosen)
    return out


def test_figure_rules_run_where_the_plain_way_runs_them() -> None:
    voc = figures.vocabulary(RULES)
    extra = ["Trị giá $25.000 và 62.500.000/50.000.000 đồng, 12 triệu/15 triệu đồng, 3 ha, 30%."]
    for text in [p.read_text(encoding="utf-8") for p in SAMPLES] + extra:
        ctx = _context(text)
        scan = ctx.doc.scan
        anchors = figures._figure_anchors(scan, ctx.anchors, [], [], voc)
        assert _described(figures._run(ctx, scan, anchors, voc)) == _described(
            _plain_figure_run(ctx, scan, anchors, voc))


_SLASH_PIECES = ["1", "12", "123", "1234", ".", ".000", ",", "/", " ", " / ", "đ", "\n", "x"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_SLASH_PIECES), max_size=14))
def test_an_amount_before_a_slash_has_a_dot_near_its_start(pieces: list[str]) -> None:
    """`_figure_anchors` asks `_AMOUNT_SLASH` only where a `.` follows within three characters."""
    text = "".join(pieces)
    for a in range(len(text)):
        if figures._AMOUNT_SLASH.match(text, a, a + 24) is not None:
            assert "." in text[a + 1 : a + 4]
