"""Labels: what a figure measures, as a short phrase taken from its clause.

A Vietnamese report puts the governing verb or noun phrase right before the figure
(`các chị đã đóng góp hơn 628 triệu đồng`, `tổng dư nợ 191,161 tỷ đồng`), so the label is
read backwards from the figure, within its clause: trailing function words (`là`, `với`,
`cho`, `mỗi tháng`) are dropped, and the phrase stops at an aspect marker (`đã`, `sẽ`), a
determiner (`các`, `những`), a preposition, punctuation, a name (a capitalised word inside
the clause, or an organisation or person found by the entity stage) or the figure before
it. Within that run:

- a measured noun at its end is the label for money, percentages and measures
  (`quà tặng trị giá` → `trị giá`);
- otherwise the label starts at the last verb and the verbs chained before it
  (`các cấp hội | đẩy mạnh thực hiện`, `cơ sở hội | duy trì hoặc thành lập mới`), which
  drops the subject; a run with no verb keeps its last few words (`tổng dư nợ`).

Patterns of report prose followed on purpose:

- coordination (`11 nhiệm vụ trọng tâm và 12 chỉ tiêu`, `772 hộ (234 hộ nghèo, …`): a
  figure with nothing of its own before it takes the label of the figure it follows;
- `số tiền` alone says only "an amount": such a figure takes the label of the figure it
  pays for (`hỗ trợ 19 em … với số tiền 117 triệu đồng` → `hỗ trợ`), else the clause's verb;
- an object between verb and figure (`vận động các nhà mạnh thường quân được 35 phần quà`)
  leaves the verb as the label;
- a count with nothing before it (`có 2 hộ cận nghèo được vay vốn`) takes the verb phrase
  after it, also when a few words stand before a passive `được` (`lượt hộ tại vùng khó
  khăn | được vay vốn`);
- a measured noun keeps what it is of and drops the verb that links it to the figure
  (`tỉ lệ tập hợp phụ nữ | đạt 80%`, `tổng dư nợ tín dụng | đạt 65 tỷ`), keeps the verb it
  is for (`tổng số tiền hỗ trợ`), and a bare linking verb stands for the measured noun
  earlier in the sentence (`Tổng dư nợ … của chi nhánh … | đạt`);
- a figure after a preposition that hands it on (`giúp đỡ 270 ngày công | cho | 229 gia
  đình`) shares the label of the figure before, unless a count has a verb of its own;
- verbs joined by `và` govern together (`cất mới và sửa chữa`).

Word segmentation with underthesea was measured for this and left out: `pos_tag` costs
about 2 ms per clause and `word_tokenize` about 0.5 ms (10-60 ms an article for the
figures of a report, against a 3 ms budget for the whole family), and its tags do not fix
the cases that go wrong here (it tags `đỡ đầu` a noun, `tiết kiệm` a verb in `mô hình tiết
kiệm`). The words are plain data instead (`rules/labels.yaml`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import regex

from .ruleset import RuleSet

_TOKEN = regex.compile(r"[\p{L}\p{M}]+(?:-[\p{L}\p{M}]+)*|\d[\d.,/:]*|[^\s\p{L}\p{M}\d]")
_TITLE = regex.compile(r"\p{Lu}[\p{Ll}\p{M}]")
#: The last punctuation mark of a stretch (searched backwards): where the clause starts.
_LAST_MARK = regex.compile(r"[^\s\p{L}\p{M}\d](?![\p{L}\p{M}\d])|[^\s\p{L}\p{M}\d.,/:-]", regex.REVERSE)
_QUOTED = regex.compile(r"“[^”]*”|\"[^\"]*\"")

#: How far back (characters) a label is looked for.
WINDOW = 90


@dataclass(frozen=True)
class LabelWords:
    """Word lists of `rules/labels.yaml`, lower-cased; multi-word entries as tuples."""

    breaks: Phrases
    trailing: Phrases
    verbs: Phrases
    nouns: Phrases
    keep: Phrases
    determiners: frozenset[str]
    qualifiers: Phrases
    transparent: frozenset[str]
    empty: frozenset[str]
    after_skip: frozenset[str]
    coordination: Phrases
    links: Phrases
    carry: frozenset[str]
    after_verb: frozenset[str]
    longest: int
    max_words: int
    max_nominal_words: int


class Phrases:
    """Entries of word lists, one or more words each, found by their first or last word.

    A lookup that misses (the common case) costs one dictionary access, not a tuple per
    possible length; both families look up every word of a clause this way.
    """

    __slots__ = ("all", "by_first", "by_last")

    def __init__(self, phrases: Iterable[tuple[str, ...]]) -> None:
        self.all = frozenset(p for p in phrases if p)
        first: dict[str, set[int]] = {}
        last: dict[str, set[int]] = {}
        for p in self.all:
            first.setdefault(p[0], set()).add(len(p))
            last.setdefault(p[-1], set()).add(len(p))
        self.by_first = {k: tuple(sorted(v, reverse=True)) for k, v in first.items()}
        self.by_last = {k: tuple(sorted(v, reverse=True)) for k, v in last.items()}

    @classmethod
    def of(cls, words: Iterable[str]) -> Phrases:
        return cls(tuple(w.lower().split()) for w in words if w.strip())

    def at(self, words: list[str], i: int) -> int:
        """Length of the longest entry starting at `words[i]` (0: none).

        >>> Phrases.of(["đóng góp", "góp"]).at(["đã", "đóng", "góp"], 1)
        2
        """
        if i >= len(words):
            return 0
        for n in self.by_first.get(words[i], ()):
            if i + n <= len(words) and (n == 1 or tuple(words[i : i + n]) in self.all):
                return n
        return 0

    def ending(self, words: list[str], j: int | None = None) -> int:
        """Length of the longest entry ending just before `words[j]` (default: at the end)."""
        j = len(words) if j is None else j
        if j <= 0:
            return 0
        for n in self.by_last.get(words[j - 1], ()):
            if n <= j and (n == 1 or tuple(words[j - n : j]) in self.all):
                return n
        return 0


def _phrases(words: list[str]) -> Phrases:
    return Phrases.of(words)


@lru_cache(maxsize=8)
def label_words(rules: RuleSet) -> LabelWords:
    """The label word lists of a rule set, prepared once per rule set."""
    limits = rules.table("label_limits")
    breaks = _phrases(rules.words("label_breaks"))
    trailing = _phrases(rules.words("label_trailing"))
    verbs = _phrases(rules.words("label_verbs"))
    nouns = _phrases(rules.words("label_nouns"))
    keep = _phrases(rules.words("label_phrases"))
    qualifiers = _phrases(
        [w for name in ("qualifier_over", "qualifier_under", "qualifier_about") for w in rules.words(name)]
    )
    longest = max((len(p) for ph in (breaks, trailing, verbs, nouns, keep, qualifiers) for p in ph.all), default=1)
    return LabelWords(
        breaks=breaks,
        trailing=trailing,
        verbs=verbs,
        nouns=nouns,
        keep=keep,
        determiners=frozenset(w.lower() for w in rules.words("label_determiners")),
        qualifiers=qualifiers,
        transparent=frozenset(w.lower() for w in rules.words("label_transparent")),
        empty=frozenset(w.lower() for w in rules.words("label_empty")),
        after_skip=frozenset(w.lower() for w in rules.words("label_after_skip")),
        coordination=_phrases(rules.words("label_coordination")),
        links=_phrases(rules.words("label_links")),
        carry=frozenset(w.lower() for w in rules.words("label_carry")),
        after_verb=frozenset(w.lower() for w in rules.words("label_trailing_after_verb")),
        longest=longest,
        max_words=int(limits.get("max_words", 6)),
        max_nominal_words=int(limits.get("max_nominal_words", 4)),
    )


class _Tok:
    """One word, number or mark of a clause, with its lower-cased form and offsets."""

    __slots__ = ("end", "is_word", "low", "start", "text")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        self.low = text.lower()
        self.start = start
        self.end = end
        self.is_word = text[0].isalpha()


def _tokens(text: str, start: int, end: int) -> list[_Tok]:
    return [_Tok(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]


def _is_name(tok: _Tok, clause_initial: bool) -> bool:
    """A capitalised word inside a clause is a name (`Quận Hội`, `Nguyễn`), not a verb."""
    return not clause_initial and bool(_TITLE.match(tok.text))


def _lower_first(words: list[str]) -> str:
    """`Dư nợ quá hạn` → `dư nợ quá hạn`: a sentence-initial capital is not part of the label."""
    if words and _TITLE.match(words[0]):
        words = [words[0].lower(), *words[1:]]
    return " ".join(words)


def _in_blocked(tok: _Tok, blocked: list[tuple[int, int]]) -> bool:
    return any(a < tok.end and tok.start < b for a, b in blocked)


def _clause(text: str, left: int, start: int) -> tuple[list[_Tok], bool]:
    """Tokens from the last punctuation mark before `start`; True when one was found."""
    mark = _LAST_MARK.search(text, left, start)
    if mark is not None:
        left = mark.end()
    return _tokens(text, left, start), mark is not None


def _chain_start(low: list[str], j: int, words: LabelWords) -> int:
    """Extend a verb at `j` leftwards over the verbs chained before it (`vận động | xây dựng`)."""
    while j > 0:
        n = words.verbs.ending(low, j)
        if n:
            j -= n
        elif j > 1 and low[j - 1] in ("hoặc", "và") and words.verbs.ending(low, j - 1):
            j -= 1
        else:
            break
    return j


def _rightmost_verb(low: list[str], words: LabelWords) -> int | None:
    """Where the last verb before the figure starts (`chuyển giao`, not its `giao`), with its chain."""
    for j in range(len(low) - 1, -1, -1):
        n = words.verbs.at(low, j)
        if n:
            longest = words.verbs.ending(low, j + n)
            return _chain_start(low, j + n - max(n, longest), words)
    return None


def label_before(
    text: str,
    left: int,
    start: int,
    words: LabelWords,
    *,
    at_clause_start: bool,
    blocked: list[tuple[int, int]] = (),  # type: ignore[assignment]
    measured: bool = False,
) -> str | None:
    """The phrase that governs a figure starting at `start`, read back to `left`.

    `at_clause_start` says that `left` begins a sentence, so a capital there is not a name;
    `blocked` spans (organisation and people names) stop the phrase like a name does;
    `measured` (money, percent, measures) lets a measured noun (`trị giá`) be the label.
    """
    toks, cut = _clause(text, left, start)
    initial = at_clause_start or cut
    low = [t.low for t in toks]
    # Drop trailing function words (`là`, `với`, `cho`, `mỗi tháng`).
    while low:
        n = words.trailing.ending(low)
        if not n:
            break
        del low[-n:]
        del toks[-n:]
    if len(low) > 1 and low[-1] in words.after_verb and words.verbs.ending(low, len(low) - 1):
        del low[-1]
        del toks[-1]
    # Walk back to a break; a verb (`hiện có`, `cho vay`) is never one.
    i = len(toks)
    named = False
    determiner = -1
    while i > 0:
        t = toks[i - 1]
        if not t.is_word or _in_blocked(t, blocked):
            named = t.is_word
            break
        n = words.verbs.ending(low, i) or words.keep.ending(low, i)
        if n:
            i -= n
            continue
        if low[i - 1] == "và" and i < len(low) and words.verbs.at(low, i) and words.verbs.ending(low, i - 1):
            i -= 1  # `cất mới và sửa chữa`: two verbs joined by `và` govern together
            continue
        if words.breaks.ending(low, i):
            if low[i - 1] in words.determiners:
                determiner = i - 1
            break
        if _is_name(t, clause_initial=initial and i == 1):
            named = True
            break
        i -= 1
    run, run_low = toks[i:], low[i:]
    if not run:
        return None
    n = _measured_noun(run_low, words) if measured else None
    j = None if n else _rightmost_verb(run_low, words)
    if n:
        run = run[n[0] : n[1]]
    elif j is not None:
        while len(run) - j > words.max_words and "và" in run_low[j:-1]:
            j = run_low.index("và", j) + 1  # too long a chain: the verbs after the last `và`
        run = run[j:][: words.max_words]
    elif named:
        # A fragment after a name (`xóm Vân hội Hồng | sơn`): the verb before the name governs.
        return verb_before(text, left, start, words) or None
    elif determiner > 0 and words.verbs.ending(low, determiner):
        # An object between the verb and the figure (`vận động | các nhà mạnh thường quân |
        # được 35 phần quà`): the verb governs.
        j = _chain_start(low, determiner - words.verbs.ending(low, determiner), words)
        return _lower_first([t.text for t in toks[j:determiner]])
    else:
        run = run[-words.max_nominal_words :]
    phrase = _lower_first([t.text for t in run])
    if phrase.lower() in words.empty:
        return None
    return phrase


def _measured_noun(low: list[str], words: LabelWords) -> tuple[int, int] | None:
    """Where a measured noun phrase in a run before a money, percent or measure starts and
    ends: at the run's end (`quà tặng trị giá`), before a linking verb (`tổng dư nợ | đạt`),
    or followed by the one or two verbs it is for (`tổng số tiền hỗ trợ`, `kinh phí hỗ trợ`)."""
    end = len(low)
    n = words.nouns.ending(low, end)
    if n:
        return end - n, end
    k = words.links.ending(low, end)
    if k:
        # `tỉ lệ tập hợp phụ nữ | đạt`: the measured noun and what it is of, up to the link.
        for j in range(end - k, max(0, end - k - words.max_words), -1):
            n = words.nouns.ending(low, j)
            if n:
                return (j - n, end - k) if end - k - (j - n) <= words.max_words else None
    for p in range(end - 1, max(0, end - 2) - 1, -1):
        if words.verbs.at(low, p) == end - p:
            n = words.nouns.ending(low, p)
            if n:
                return p - n, end
    return None


def noun_before(text: str, left: int, start: int, words: LabelWords) -> str | None:
    """The last measured noun phrase between `left` and `start` (`Tổng dư nợ … | đạt`): what
    a figure after a bare linking verb measures, when a name or a figure stands between."""
    toks = _tokens(text, left, start)
    low = [t.low for t in toks]
    for j in range(len(low), 0, -1):
        n = words.nouns.ending(low, j)
        if n:
            return _lower_first([t.text for t in toks[j - n : j]])
    return None


def verb_before(text: str, left: int, start: int, words: LabelWords) -> str | None:
    """The nearest verb before `start` in its clause and the words after it, up to a break.

    Used when the words right before a figure say nothing (`… số tiền 1.000.000đ`,
    `cho em Đặng Văn Vương mỗi tháng 200 000 đ`): the clause's verb is what the money is for.
    """
    toks, _ = _clause(text, left, start)
    low = [t.low for t in toks]
    j = _rightmost_verb(low, words)
    if j is None:
        return None
    out: list[str] = []
    k = j
    while k < len(toks) and len(out) < words.max_nominal_words - 1:
        n = words.verbs.at(low, k)
        if n:
            out += [t.text for t in toks[k : k + n]]
            k += n
            continue
        t = toks[k]
        if not t.is_word or _TITLE.match(t.text) or words.breaks.at(low, k):
            break
        if words.nouns.at(low, k) or words.trailing.at(low, k):
            break
        out.append(t.text)
        k += 1
    phrase = _lower_first(out)
    return phrase if phrase and phrase.lower() not in words.empty else None


def label_after(text: str, end: int, right: int, words: LabelWords) -> str | None:
    """The verb phrase after a count with nothing before it (`2 hộ cận nghèo được vay vốn`).

    It must start with a verb (`được` may come first); names right after the noun are
    skipped (`lượt cán bộ Hội | được tập huấn`).
    """
    toks = _tokens(text, end, right)
    low_all = [t.low for t in toks]
    k = 0
    names = 0
    while k < len(toks) and toks[k].is_word and _TITLE.match(toks[k].text) and names < 2:
        k += 1
        names += 1
    while k < len(toks) and toks[k].low in words.after_skip:
        k += 1
    first = k
    if k < len(toks) and toks[k].low == "được":
        k += 1
    if k >= len(toks) or not toks[k].is_word or not words.verbs.at(low_all, k):
        passive = _passive_after(toks, first)
        if passive is None:
            return None
        first = k = passive
        k += 1
    out: list[str] = [t.text for t in toks[first:k]]
    while k < len(toks) and len(out) < words.max_nominal_words - 1:
        t = toks[k]
        if not t.is_word or _TITLE.match(t.text):
            break
        n = words.verbs.at(low_all, k)
        if not n and (
            words.breaks.at(low_all, k)
            or words.qualifiers.at(low_all, k)
        ):
            break
        n = max(n, 1)
        out += [x.text for x in toks[k : k + n]]
        k += n
    return " ".join(out) or None


#: How many words a passive `được` may stand after a count (`lượt hộ tại vùng khó khăn | được vay vốn`).
PASSIVE_REACH = 6


def _passive_after(toks: list[_Tok], k: int) -> int | None:
    """The position of `được` a few words after a count (a place name may stand between),
    before any mark, with a lower-case word after it: `27 nghìn lao động | được tạo việc
    làm`, `48.800 hội viên ở Đồng Tháp | được công nhận`."""
    for i in range(k, min(len(toks), k + PASSIVE_REACH)):
        t = toks[i]
        if not t.is_word:
            return None
        if t.low == "được":
            if i > k and toks[i - 1].low in ("chưa", "không"):
                return None  # `… chưa được hưởng`: a description of them, not what was done
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            ok = nxt is not None and nxt.is_word and not _TITLE.match(nxt.text)
            return i if ok else None
    return None


def coordinated(text: str, end: int, start: int, words: LabelWords) -> bool:
    """Whether a figure at `start` is coordinated with the figure ending at `end`.

    True when a coordinating word, a comma or an opening bracket stands right before it
    (`… và 12 chỉ tiêu`, `…, 23 góc học tập`, `772 hộ (234 hộ nghèo`, `… tại 9 huyện`), or
    when only punctuation, names and quoted names stand between the two: the second
    figure then shares the first one's label. A semicolon starts a new clause.
    """
    gap = _QUOTED.sub(" ", text[end:start])
    toks = _tokens(gap, 0, len(gap))
    if not toks:
        return True
    low = [t.low for t in toks]
    if toks[-1].text in (",", "(") or words.coordination.ending(low):
        return True
    rest = [t.low for t in toks if t.is_word and not _TITLE.match(t.text)]
    return not rest and not any(t.text in ";:." for t in toks)


def sentence_start(sentences: list[tuple[int, int]], starts: list[int], pos: int) -> int:
    """Start of the sentence holding `pos` (0 when the layout found none)."""
    i = bisect_right(starts, pos) - 1
    if i < 0:
        return 0
    return sentences[i][0]


def sentence_end(sentences: list[tuple[int, int]], starts: list[int], pos: int, default: int) -> int:
    i = bisect_right(starts, pos) - 1
    if i < 0 or sentences[i][1] <= pos:
        return default
    return sentences[i][1]
