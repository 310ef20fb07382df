"""The shortcuts of the layout, offset-map and entity stages find what the plain way finds.

Each fast path is checked against the plain code it replaces, on generated text built from
the pieces that matter to it and on the sample articles: the rules' positions against a
per-rule set intersection, sentence ends against the pattern's own `finditer`, blanking and joining
against character-by-character edits, the offset map against a bisection per end.
"""

from __future__ import annotations

from itertools import accumulate
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from vnreport import entities, layout
from vnreport.candidates import Context
from vnreport.document import Document, Segment
from vnreport.matching import RuleMatch, run_rules_at
from vnreport.normalize import normalize
from vnreport.ruleset import default_rules

RULES = default_rules()
SAMPLES = sorted((Path(__file__).resolve().parent.parent / "samples").glob("*.txt"))
FAMILIES = ("organizations", "people", "events")


def _context(text: str) -> Context:
    doc, lay = layout.analyse(normalize(text), RULES)
    return Context(doc=doc, rules=RULES, layout=lay, reference_date=None)


def _sample_scans() -> list[str]:
    return [_context(p.read_text(encoding="utf-8")).doc.scan for p in SAMPLES]


# --------------------------------------------------------------------------- head words


def _heads_of_every_family() -> list[str]:
    out: set[str] = set()
    for family in FAMILIES:
        for by_first in entities._family_heads(RULES, family).by_rule.values():
            for heads in by_first.values():
                out.update(heads[:3])
    return sorted(out)


def _positions_plain(
    heads: entities._Heads, low: str, text: str, index: dict[str, list[int]]
) -> dict[str, list[int]]:
    """Where each headed rule is tried, rule by rule, intersecting its first words with the
    article's; rules with no place left out."""
    out: dict[str, list[int]] = {}
    for name, by_first in heads.by_rule.items():
        if heads.firsts[name].isdisjoint(index):
            continue
        cased = name in heads.cased
        found = sorted(
            p
            for first in by_first.keys() & index.keys()
            for p in index[first]
            if low.startswith(by_first[first], p) and (not cased or text[p].isupper())
        )
        if found:
            out[name] = found
    return out


_HEADS = _heads_of_every_family()
# Head words in three cases, parts of words, every kind of separator (`_` and digits are
# word characters, a combining mark is not), letters whose case changes oddly.
_WORD_PIECES = [
    *_HEADS[:: max(1, len(_HEADS) // 60)], "Hội", "HỘI", "hội", "Nguyễn", "NGUYỄN", "nguyễn", "Thị", "thị",
    "thịnh", "UBND", "ub", "nd", "đ/c", "Đ/C", "đ.c", "Lê", "lê", "lên", "chi", "đoàn", "tham dự", "dự",
    " ", "  ", "\n", "\n\n", ",", ".", "/", "-", "“", "”", "(", ")", ";", ":", "\t", "\u00a0", "_", "1", "x",
    "\u0301", "İ", "ǅ", "%",
]


def _assert_same_positions(text: str) -> None:
    low = text.lower()
    if len(low) != len(text):
        return  # `run_family` scans such a text as usual
    index = entities._head_index(RULES, text)[1]
    for family in FAMILIES:
        fast = entities._positions_fast(entities._family_plan(RULES, family), low, text, index)
        plain = _positions_plain(entities._family_heads(RULES, family), low, text, index)
        assert fast == plain, family


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORD_PIECES), max_size=40))
def test_rule_positions_are_those_of_the_plain_intersection(pieces: list[str]) -> None:
    _assert_same_positions("".join(pieces))


def test_rule_positions_on_the_samples() -> None:
    for scan in _sample_scans():
        _assert_same_positions(scan)


def _described(matches: list[RuleMatch]) -> list[tuple[object, ...]]:
    return [(m.rule.name, m.start, m.end, m.core.span(), m.groups()) for m in matches]


def _plain_run_family(ctx: Context, family: str) -> list[RuleMatch]:
    """`run_family` as it ran every rule one of whose first words stands in the article,
    with the positions of the plain per-rule intersection."""
    text = ctx.doc.scan
    heads = entities._family_heads(RULES, family)
    low, index = entities._head_index(RULES, text)
    at = _positions_plain(heads, low, text, index)
    rules = ctx.rules.family(family)
    headed = [r for r in rules if r.name in heads.firsts and not heads.firsts[r.name].isdisjoint(index)]
    return run_rules_at(headed, text, lambda rule: at.get(rule.name, []), ctx.warn)


def test_families_find_what_the_plain_run_finds() -> None:
    for path in SAMPLES:
        ctx = _context(path.read_text(encoding="utf-8"))
        for family in FAMILIES:
            assert _described(entities.run_family(ctx, family)) == _described(_plain_run_family(ctx, family))


# --------------------------------------------------------------------------- layout

# Ends and closing quotes alone and together (`.”`), every kind of space, what may follow.
_SENTENCE_PIECES = [".", "!", "?", "…", "\"", "”", "’", "'", ")", "]", ".”", "!)", "?'", "…]", ".\"", "“", "(",
                    "[", " ", "  ", "\n", "\n\n", "\t", "\u00a0", "A", "Đ", "a", "đ", "1", "x", "TP", "Hội",
                    ".” A", ".) Đ", "…’ 1", "?] (B", ". \n C", "!\" “D", ".' E"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_SENTENCE_PIECES), max_size=30), st.integers(0, 40), st.integers(0, 60))
def test_sentence_ends_are_those_of_the_pattern(pieces: list[str], start: int, end: int) -> None:
    text = "".join(pieces)
    start, end = min(start, len(text)), min(end, len(text))
    fast = [m.span() for m in layout._sentence_ends(text, start, end)]
    assert fast == [m.span() for m in layout._SENT_END.finditer(text, start, end)]


def test_sentence_ends_on_the_samples() -> None:
    for path in SAMPLES:
        doc = _context(path.read_text(encoding="utf-8")).doc
        for r in doc.regions:
            fast = [m.span() for m in layout._sentence_ends(doc.text, r.start, r.end)]
            assert fast == [m.span() for m in layout._SENT_END.finditer(doc.text, r.start, r.end)]


def _plain_blank(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for a, b in spans:
        for i in range(a, b):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def _plain_replace(text: str, places: list[int], new: str) -> str:
    chars = list(text)
    for i in places:
        chars[i] = new
    return "".join(chars)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab \n\u00a0đ", max_size=40), st.lists(st.integers(0, 8), max_size=12))
def test_blanking_and_joining_are_the_character_edits(text: str, steps: list[int]) -> None:
    # Cut points from the steps: ascending, so consecutive pairs are disjoint spans.
    cuts = [c for c in accumulate(steps) if c <= len(text)]
    spans = list(zip(cuts[::2], cuts[1::2], strict=False))
    assert layout._blank(text, spans) == _plain_blank(text, spans)
    places = sorted({c for c in cuts if c < len(text)})
    assert layout._replace_chars(text, places, " ") == _plain_replace(text, places, " ")


def _plain_trailer_start(lines: list[layout._Line], p: layout._Patterns) -> int | None:
    seen_body = False
    for i, line in enumerate(lines):
        if seen_body and (p.trailer.match(line.text) or p.trailer_line.match(line.text)):
            return i
        if len(layout._words(line.text)) >= 8:
            seen_body = True
    return None


_LINES = ["Tin liên quan", "Các tin khác", "Hội LHPN xã tổ chức hội nghị tổng kết công tác năm 2023 tại hội trường.",
          "Chia sẻ", "", "Bài viết cùng chuyên mục:", "Ngắn thôi", "tin đã đưa"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_LINES), max_size=12))
def test_the_trailer_is_found_where_counting_every_line_finds_it(texts: list[str]) -> None:
    p = layout._patterns(RULES)
    lines = layout._lines("\n".join(texts))
    assert layout._trailer_start(lines, p) == _plain_trailer_start(lines, p)


# --------------------------------------------------------------------------- offset map


def _plain_original_span(doc: Document, start: int, end: int) -> tuple[int, int]:
    if not doc.segments or end <= start:
        return (0, 0)
    a, b = doc._segment(start), doc._segment(end - 1)
    o_start = a.o_start + (start - a.w_start) if a.verbatim else a.o_start
    o_end = b.o_start + (end - b.w_start) if b.verbatim else b.o_end
    return o_start, o_end


_MAP_PIECES = ["a", "hoà", "Ho\u0300a", " ", "  ", "\n", "\n\n\n", "\t", "\u00a0", "\u200b", "x", "1"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_MAP_PIECES), max_size=20))
def test_original_span_is_that_of_a_bisection_per_end(pieces: list[str]) -> None:
    doc = normalize("".join(pieces))
    n = len(doc.text)
    for a in range(-1, n + 2):
        for b in range(a, n + 3):
            assert doc.original_span(a, b) == _plain_original_span(doc, a, b)


def test_original_span_with_segments_not_from_the_start() -> None:
    doc = Document(original="abcdef", text="cdef", segments=[Segment(2, 4, 2, 4, True), Segment(4, 6, 4, 6, False)])
    for a in range(0, 8):
        for b in range(a, 8):
            assert doc.original_span(a, b) == _plain_original_span(doc, a, b)
