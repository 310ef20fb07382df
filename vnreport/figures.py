"""Figures: money, counts, percentages, ratios, measures and durations.

Rules (family `figures`, in `rules/figures.yaml` and `rules/numbers.yaml`) find where a
figure is and name its parts; this module turns a match into the contract's item:

- the number is read by `vnreport.numbers` (`3.171` thousands, `191,161` decimal,
  `3 trăm triệu`, `hai`), the range end too, and every guess becomes a flag;
- units come from tables (currency word → ISO code, `mét` → `m`, `năm` → `year`); the
  counted noun of a count or ratio is read from the words after the number, up to a verb,
  a preposition, a name (`fig_not_count_words`) or a word a number follows (`năm 2023`,
  `dịp 8/3`), so `5 không, 3 sạch` counts nothing; a noun written in sentence case
  (`04 Công trình thanh niên`) is still a noun;
- a qualifier after the figure may follow what it is of (`từ 60% số hộ trở lên`);
- figures inside a name are dropped: organisation and people spans (`blocked`) and short
  quotations that name a campaign or a model (`mô hình “3 giúp”`);
- labels are read from the clause by `vnreport.labels`.

Everything that is a word list lives in the rule files, so a new unit or a new stop word
is a data change.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

import regex

from . import labels
from .candidates import Candidate, Context, arbitrate, inside_any
from .labels import Phrases
from .matching import RuleMatch, run_rules
from .numbers import SCALES, Reading, read_number
from .ruleset import RuleSet

#: Every flag a figure may carry, and the guess behind it (rules add theirs with `flags:`).
FLAGS: dict[str, str] = {
    "ambiguous-number": "a `.` or `,` (or a space) that could be read either way; one reading was taken",
    "money-by-context": "no currency word: money because of the words before it (trị giá, dư nợ…), in VND",
    "no-unit": "a count whose counted noun was not found",
    "per-unit": "a rate, not a total: `200.000đ/em`, `0,6%/tháng`",
    "scale-shared": "a range whose lower end borrows the upper end's scale word: `từ 1 đến 2 triệu đồng`",
    "currency-shared": "an amount whose currency is written once, after the amount it is set against: "
    "`62.500.000/50.000.000 đồng`",
}
NO_UNIT = "no-unit"
PER_UNIT = "per-unit"
SCALE_SHARED = "scale-shared"

#: Kinds whose unit is written next to the number (a currency, `%`, a measure).
UNIT_KINDS = frozenset({"money", "percent", "quantity"})

#: Kinds whose figures get a label; a duration's lead words (`trong vòng`) are its span, not a label.
LABELLED = frozenset({"money", "count", "ratio", "percent", "quantity"})

#: A word (with its hyphens and any digits glued after it: `F0`, `U15`), a number, or a mark.
_TOKEN = regex.compile(r"[\p{L}\p{M}]+(?:-[\p{L}\p{M}]+)*[\p{L}\p{M}\d]*|\d[\d.,]*|\S")
_TITLE = regex.compile(r"\p{Lu}[\p{Ll}\p{M}]")
_PER = regex.compile(r"\s?/\s?[\p{L}\p{M}]")
_GLUE = frozenset("-–/.:")
#: A word number and, when there is one, the scale word or `mươi` after it.
_WORD_AT = regex.compile(
    r"([\p{L}\p{M}]+)(\s+(?:mươi|trăm|chục|nghìn|ngàn|triệu|tỷ|tỉ)(?![\p{L}\p{M}]))?", regex.IGNORECASE
)
#: (`re`, not `regex`: a class of plain characters is what `re` scans for fastest, and this
#: one is scanned over the whole article.)
_QUOTE_CHARS = re.compile(r"[“”\"«»\n]")
_WORDS = regex.compile(r"[\p{L}\p{M}\d]+")
_SPEECH_END = regex.compile(r"[.!?…]\s*$")
#: An amount grouped in thousands and the slash after it / an amount after the slash.
_AMOUNT_SLASH = regex.compile(r"\d{1,3}(?:\.\d{3})+\s?/\s?")
_AMOUNT_RIGHT = regex.compile(r"\d{1,3}(?:\.\d{3})+(?![\d.,]?\d)\s?([\p{L}\p{M}₫$€]+)")
_SCALE_RUN = regex.compile(r"(?:\s?(?:nghìn|ngàn|triệu|tỷ|tỉ|trăm|chục)(?![\p{L}\p{M}]))+", regex.IGNORECASE)


def _phrase_set(words: list[str]) -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(w.lower().split()) for w in words if w.strip())


def _index(phrases: frozenset[tuple[str, ...]]) -> Phrases:
    return Phrases(phrases)


@dataclass(frozen=True)
class Vocabulary:
    """The figure family's word lists and tables, lower-cased, prepared once per rule set."""

    currencies: dict[str, str]
    currency_scales: dict[str, int]
    default_currency: str
    measures: dict[str, str]
    time_units: dict[str, tuple[str, int]]
    qualifiers: dict[str, str]
    qualifiers_after: dict[str, str]
    stops: Phrases
    heads_stop: Phrases
    compounds: Phrases
    not_heads: Phrases
    count_nouns: Phrases
    unit_words: Phrases
    words_not_alone: frozenset[str]
    number_parts: frozenset[str]
    idioms: Phrases
    naming: Phrases
    longest: int
    max_syllables: int
    max_item: int
    max_name_words: int
    max_named_words: int
    naming_window: int
    late_qualifier: regex.Pattern[str]


#: A few words (no numbers, no marks) that a qualifier after a figure may follow.
_LATE_GAP = r"(?:\s?/\s?[\p{L}\p{M}]+(?:\s[\p{L}\p{M}]+)?)?(?:\s+[\p{L}\p{M}]+){0,6}?"


@lru_cache(maxsize=8)
def vocabulary(rules: RuleSet) -> Vocabulary:
    """Read the lists and tables of `rules/figures.yaml` and `rules/numbers.yaml` once."""
    qualifiers: dict[str, str] = {}
    qualifiers_after: dict[str, str] = {}
    for meaning in ("over", "under", "about"):
        qualifiers.update({w.lower(): meaning for w in rules.words(f"qualifier_{meaning}")})
        qualifiers_after.update({w.lower(): meaning for w in rules.words(f"qualifier_after_{meaning}")})
    qualifiers.update(qualifiers_after)
    measures = {w.lower(): w for w in rules.words("fig_measure_units")}
    measures.update({k.lower(): str(v) for k, v in rules.table("fig_measure_canonical").items()})
    time_units: dict[str, tuple[str, int]] = {}
    for word, spec in rules.table("fig_time_units").items():
        unit, factor = (spec, 1) if isinstance(spec, str) else (str(spec[0]), int(spec[1]))
        time_units[word.lower()] = (unit, factor)
    currencies = {k.lower(): str(v) for k, v in rules.table("currencies").items()}
    count_nouns = _phrase_set(rules.words("fig_count_nouns") + rules.words("fig_time_noun_counts"))
    # A noun phrase also stops at the verbs labels are made of (`181 câu lạc bộ | tập hợp`),
    # and after its head at the nouns that make a bare amount money (`38 cột | trị giá`).
    heads_stop = _phrase_set(rules.words("fig_not_count_words") + rules.words("label_verbs")) - count_nouns
    stops = heads_stop | (_phrase_set(rules.words("fig_money_context")) - count_nouns)
    unit_words = _phrase_set(
        list(measures) + list(time_units) + list(currencies) + rules.words("scale_words") + ["phần trăm"]
    )
    idioms = _phrase_set(rules.words("fig_number_idioms"))
    naming = _phrase_set(rules.words("fig_naming_nouns"))
    longest = max(len(p) for p in stops | count_nouns | unit_words | idioms | naming)
    np_limits = rules.table("fig_noun_phrase")
    quotes = rules.table("fig_quotes")
    return Vocabulary(
        currencies=currencies,
        currency_scales={k.lower(): int(v) for k, v in rules.table("currency_scales").items()},
        default_currency=str(rules.table("default_currency").get("code", "VND")),
        measures=measures,
        time_units=time_units,
        qualifiers=qualifiers,
        qualifiers_after=qualifiers_after,
        stops=_index(stops),
        heads_stop=_index(heads_stop),
        compounds=_index(_phrase_set(rules.words("fig_noun_compounds"))),
        not_heads=_index(_phrase_set(rules.words("fig_not_count_heads"))),
        count_nouns=_index(count_nouns),
        unit_words=_index(unit_words),
        words_not_alone=frozenset(w.lower() for w in rules.words("fig_words_not_alone")),
        # What may stand between a number and its unit: more of the number, a range.
        number_parts=frozenset(
            w.lower()
            for name in ("number_words", "number_word_parts", "scale_words")
            for w in rules.words(name)
            if w.lower() != "năm"
        )
        | {"-", "–", "—", "đến", "tới", "và", ",", "rưỡi", "rưởi"},
        idioms=_index(idioms),
        naming=_index(naming),
        longest=longest,
        max_syllables=int(np_limits.get("max_syllables", 8)),
        max_item=int(np_limits.get("max_item_syllables", 4)),
        max_name_words=int(quotes.get("max_name_words", 12)),
        max_named_words=int(quotes.get("max_named_words", 24)),
        naming_window=int(quotes.get("naming_window_words", 3)),
        late_qualifier=rules.compile(
            _LATE_GAP
            + r"\s+(?P<q>"
            + "|".join(regex.escape(q) for q in sorted(qualifiers_after, key=len, reverse=True))
            + r")(?![\p{L}\p{M}])"
        ),
    )


# ------------------------------------------------------------------ the counted noun


class _Words:
    """The words after a number, up to a line break: texts, lower-cased forms and offsets.

    Offsets are found only for the words a figure keeps (most phrases are two or three
    words long), because building them for the whole window costs more than the rest.
    """

    __slots__ = ("_ends", "gap", "low", "pos", "texts", "window", "word")

    def __init__(self, text: str, pos: int, limit: int = 56) -> None:
        window = text[pos : pos + limit]
        nl = window.find("\n")
        if nl >= 0:
            window = window[:nl]
        self.window = window
        self.pos = pos
        self.texts: list[str] = _TOKEN.findall(window)
        self.low = [t.lower() for t in self.texts]
        self.word = [t[0].isalpha() for t in self.texts]
        self.gap = bool(self.texts) and not window.startswith(self.texts[0])
        self._ends: list[int] = []

    def __len__(self) -> int:
        return len(self.texts)

    def end(self, i: int) -> int:
        """Offset (in the text) just after word `i`."""
        ends = self._ends
        at = ends[-1] - self.pos if ends else 0
        while len(ends) <= i:
            at = self.window.index(self.texts[len(ends)], at) + len(self.texts[len(ends)])
            ends.append(self.pos + at)
        return ends[i]

    def start(self, i: int) -> int:
        """Offset (in the text) of word `i`."""
        return self.end(i) - len(self.texts[i])

    def title(self, i: int) -> bool:
        """A capitalised word (`Nguyễn`, `Hội`): a name, not a common noun; `BHYT` is an acronym."""
        return bool(_TITLE.match(self.texts[i]))


def _item(w: _Words, i: int, voc: Vocabulary) -> int:
    """Length of a coordinated item starting at `i` (`tổ` in `câu lạc bộ, tổ, nhóm`), 0 if none."""
    low = w.low
    n = 0
    while i + n < len(w) and n <= voc.max_item:
        if not w.word[i + n] or w.title(i + n) or voc.stops.at(low, i + n):
            break
        if n == 0 and voc.not_heads.at(low, i):
            return 0
        n += 1
    if n == 0 or n > voc.max_item:
        return 0
    # The item must end the list or the phrase: a comma, `và`, a stop word, the clause's end;
    # not an opening quote or a name (`6 tổ, mô hình “Giúp nhau…”` is a new clause).
    k = i + n
    if k < len(w):
        if w.word[k] and not (low[k] in ("và", "hoặc") or voc.stops.at(low, k)):
            return 0
        if not w.word[k] and w.texts[k] not in ",;.:)!?…":
            return 0
    return n


def _noun_in(w: _Words, voc: Vocabulary) -> int:
    """How many of the words `w` make the counted noun phrase (0: none)."""
    if not len(w) or not w.word[0] or not w.gap:
        return 0
    low = w.low
    n = voc.count_nouns.at(low, 0)
    if n == 0:
        if (w.title(0) and not _sentence_case(w)) or voc.heads_stop.at(low, 0):
            return 0
        if voc.not_heads.at(low, 0) or voc.unit_words.at(low, 0):
            return 0
        n = 1
    end = n
    item = n
    while end < len(w) and end < voc.max_syllables + 4:
        if w.word[end] and low[end] not in ("và", "hoặc"):
            if end >= voc.max_syllables or w.title(end) or _numbered(w, end):
                break
            if voc.compounds.at(low, end - 1) < 2 and voc.stops.at(low, end):
                break
            end += 1
            item += 1
            continue
        if w.texts[end] == "," or low[end] in ("và", "hoặc"):
            if item > voc.max_item:
                break
            k = _item(w, end + 1, voc)
            if not k:
                break
            end += 1 + k
            item = k
            continue
        break
    return end


def _sentence_case(w: _Words) -> bool:
    """`04 Công trình thanh niên`: a capital on the first word only is a noun written in
    sentence case, not a name (names capitalise every syllable: `Đông Hòa`, `Hội LHPN`)."""
    return len(w) > 1 and w.word[1] and w.texts[1].islower()


def _numbered(w: _Words, i: int) -> bool:
    """Word `i` is followed by a number: it names or dates something (`năm 2023`, `dịp 8/3`,
    `tổ 5`), so the noun phrase of the number before ends ahead of it."""
    return i + 1 < len(w) and w.texts[i + 1][0].isdigit()


def counted_noun(text: str, pos: int, voc: Vocabulary) -> tuple[int, int] | None:
    """The span of the noun phrase a number ending at `pos` counts, or None when none follows.

    The phrase runs from the first word to a verb, preposition or other word of
    `fig_not_count_words`, a name, or punctuation; short coordinated items join it
    (`câu lạc bộ, tổ, nhóm`, `tập thể và cá nhân`).

    >>> from vnreport.ruleset import default_rules
    >>> voc = vocabulary(default_rules())
    >>> def noun(s):
    ...     span = counted_noun(s, 0, voc)
    ...     return s[span[0]:span[1]] if span else None
    >>> noun(" câu lạc bộ, tổ, nhóm tập hợp hội viên"), noun(" tập thể và cá nhân được khen")
    ('câu lạc bộ, tổ, nhóm', 'tập thể và cá nhân')
    >>> noun(" không, 3 sạch"), noun(" tổ chức hội nghị"), noun(" Hội LHPN"), noun(" năm")
    (None, 'tổ chức hội nghị', None, None)
    """
    w = _Words(text, pos)
    n = _noun_in(w, voc)
    return (w.start(0), w.end(n - 1)) if n else None


# ------------------------------------------------------------------ quotations


def name_quotes(text: str, voc: Vocabulary) -> list[tuple[int, int]]:
    """Spans inside quotation marks that are names or slogans, not reported figures.

    A quotation is a name when it is short (`“5 không, 3 sạch”`) or when a naming noun
    stands right before it (`Cuộc vận động “Xây dựng gia đình …”`); one that ends like a
    sentence (`.”`) is speech. Quotations never cross a paragraph break.

    >>> from vnreport.ruleset import default_rules
    >>> voc = vocabulary(default_rules())
    >>> t = 'mô hình “Mỗi xã một sản phẩm” và “Năm nay hội trao 300 suất quà cho các hộ nghèo ở xã.”'
    >>> [t[a:b] for a, b in name_quotes(t, voc)]
    ['Mỗi xã một sản phẩm']
    """
    pairs: list[tuple[int, int]] = []
    stack: list[int] = []
    straight: int | None = None
    for m in _QUOTE_CHARS.finditer(text):
        ch = m.group()
        if ch == "\n":
            stack.clear()
            straight = None
        elif ch in "“«":
            stack.append(m.end())
        elif ch in "”»":
            if stack:
                pairs.append((stack.pop(), m.start()))
        elif straight is None:
            straight = m.end()
        else:
            pairs.append((straight, m.start()))
            straight = None
    out: list[tuple[int, int]] = []
    for a, b in pairs:
        inner = text[a:b]
        words = len(_WORDS.findall(inner))
        if _SPEECH_END.search(inner):
            continue
        if words <= voc.max_name_words or (words <= voc.max_named_words and _named(text, a - 1, voc)):
            out.append((a, b))
    return out


def _named(text: str, quote: int, voc: Vocabulary) -> bool:
    """Whether a naming noun (`mô hình`, `phong trào thi đua`) stands just before a quotation."""
    lo = max(0, quote - 60)
    toks = [m.group().lower() for m in _TOKEN.finditer(text, lo, quote)]
    words: list[str] = []
    for t in reversed(toks):
        if not t[0].isalpha() or len(words) >= voc.naming_window + voc.longest:
            break
        words.insert(0, t)
    for i in range(len(words)):
        if len(words) - i > voc.naming_window + voc.longest - 1:
            continue
        n = voc.naming.at(words, i)
        if n and len(words) - (i + n) <= voc.naming_window:
            return True
    return False


def _inside(pos: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    """Whether `pos` lies in one of `spans` (sorted by start, possibly nested)."""
    i = bisect_right(starts, pos)
    return any(a <= pos < b for a, b in spans[max(0, i - 8) : i])


# ------------------------------------------------------------------ one match → one item


def _read(text: str | None, *, whole: bool, voc: Vocabulary) -> Reading | None:
    """Read a number as matched; `một`/`năm` alone are not numbers (an article, a year)."""
    if not text:
        return None
    folded = " ".join(text.split())
    if folded.lower() in voc.words_not_alone:
        return None
    return _read_cached(folded, whole)


@lru_cache(maxsize=4096)
def _read_cached(text: str, whole: bool) -> Reading | None:
    """Several rules read the same number (`51 triệu` as a count and as money): read it once."""
    return read_number(text, whole=whole)


def _read_prefix(text: str, *, whole: bool, voc: Vocabulary) -> tuple[Reading, int] | None:
    """Read the longest prefix of a number in words that is a number (`ba năm` → `ba`)."""
    reading = _read(text, whole=whole, voc=voc)
    if reading is not None:
        return reading, len(text)
    parts = list(regex.finditer(r"\S+", text))
    for k in range(len(parts) - 1, 0, -1):
        end = parts[k - 1].end()
        reading = _read(text[:end], whole=whole, voc=voc)
        if reading is not None:
            return reading, end
    return None


def _scale_of(text: str) -> Decimal | None:
    """The scale words right after the leading number (`2 triệu` → 10⁶), None without."""
    m = regex.match(r"\S+", text)
    if m is None:
        return None
    run = _SCALE_RUN.match(text, m.end())
    if run is None:
        return None
    factor = Decimal(1)
    for word in run.group().lower().split():
        factor *= SCALES[word]
    return factor


@dataclass
class _Draft:
    """A figure being built from a match; `start`/`end` are working-text offsets."""

    kind: str
    start: int
    end: int
    number_start: int
    number_end: int
    value: Decimal
    value_max: Decimal | None = None
    total: Decimal | None = None
    unit: str | None = None
    qualifier: str = "exact"
    flags: list[str] | None = None
    label: str | None = None
    priority: int | None = None

    def item(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "value": self.value,
            "value_max": self.value_max,
            "total": self.total,
            "unit": self.unit,
            "qualifier": self.qualifier,
            "label": self.label,
            "flags": sorted(set(self.flags or [])),
        }


def _kind(data: dict[str, Any], groups: dict[str, str]) -> str:
    """The rule's kind, or the one its matched unit says (`currency`, `percent`, `measure`)."""
    if data.get("kind"):
        return str(data["kind"])
    if "currency" in groups:
        return "money"
    if "percent" in groups:
        return "percent"
    if "measure" in groups:
        return "quantity"
    return "count"


def _start(m: RuleMatch, groups: dict[str, str], number: tuple[int, int], has_range: bool, over_after: bool) -> int:
    """Where the span starts: `từ` only belongs to it when it opens a range or `từ … trở lên`."""
    # `từ 2 nguồn`: `từ` is a preposition; keep it only after a qualifier or a lead word.
    lone_from = not any(k in groups for k in ("qualifier", "lead", "dimension"))
    if "range_from" in groups and not has_range and not over_after and lone_from:
        return number[0]
    return m.start


def build(m: RuleMatch, text: str, voc: Vocabulary) -> _Draft | None:
    """The figure a rule match stands for, or None when the match is not a figure after all."""
    data = m.rule.data
    groups = m.groups()
    kind = _kind(data, groups)
    if "number" not in groups:
        return None
    number_span = m.core.span("number")
    currency_word = groups.get("currency", "").lower()
    currency = voc.currencies.get(currency_word) if currency_word else None
    whole = kind in ("count", "ratio") or (kind == "money" and (currency or data.get("unit")) == "VND")
    flags: list[str] = [str(f) for f in data.get("flags") or []]

    # The number (a count may have matched a word more than its number: `ba năm`).
    end = m.end
    raw = groups.get("number", "")
    if kind == "count" and "number_max" not in groups and data.get("noun") == "required":
        prefix = _read_prefix(raw, whole=whole, voc=voc)
        if prefix is None:
            return None
        reading, used = prefix
        if used < len(raw):
            end = number_span[0] + used
    else:
        reading = _read(raw, whole=whole, voc=voc)
    if reading is None:
        return None
    flags += reading.flags
    value = reading.value

    # A range: `từ 1.000 đến 2.000`, `1.000-2.000`, `giữa 10 và 20`.
    value_max = None
    if "number_max" in groups:
        if groups.get("range_sep", "").lower() == "và" and groups.get("range_from", "").lower() != "giữa":
            return None
        high = _read(groups["number_max"], whole=whole, voc=voc)
        if high is None:
            return None
        flags += high.flags
        if not reading.has_scale and high.has_scale:
            scale = _scale_of(groups["number_max"])
            if scale is not None and value * scale <= high.value:
                value *= scale
                flags.append(SCALE_SHARED)
        if high.value < value:
            return None
        value_max = high.value

    # Qualifier: before the number, or after the figure (`trở lên`), also past what a
    # measured figure is of (`từ 60% số hộ trở lên`, `200.000 đồng/hội viên trở lên`).
    qual_word = groups.get("qualifier") or groups.get("qualifier_after")
    late = None
    unit_end = None
    if qual_word is None and kind in UNIT_KINDS:
        late = voc.late_qualifier.match(text, end, end + 64)
        if late is not None:
            unit_end, qual_word, end = end, late.group("q"), late.end()
    qualifier = voc.qualifiers.get(" ".join(qual_word.lower().split()), "exact") if qual_word else "exact"
    start = _start(m, groups, number_span, value_max is not None, "qualifier_after" in groups or late is not None)

    if "dimension" in groups and kind != "quantity":
        # `quy mô hơn 304 tỷ đồng`: a dimension word only belongs to a measure's span.
        start = m.span("qualifier")[0] if "qualifier" in groups else number_span[0]  # type: ignore[index]
    draft = _Draft(kind, start, end, number_span[0], number_span[1], value, value_max, qualifier=qualifier, flags=flags)
    if kind == "quantity" and groups.get("dimension"):
        draft.label = " ".join(groups["dimension"].lower().split())
    if kind == "money":
        draft.unit = currency or data.get("unit") or voc.default_currency
        factor = voc.currency_scales.get(currency_word)
        if factor:  # `15 trđ`: the currency word carries the scale
            draft.value *= factor
            if draft.value_max is not None:
                draft.value_max *= factor
    elif kind == "percent":
        draft.unit = "%"
    elif kind == "quantity":
        measure = " ".join(groups.get("measure", "").lower().split())
        draft.unit = voc.measures.get(measure, measure) or data.get("unit")
    elif kind == "duration":
        word = " ".join(groups.get("time_unit", "").lower().split())
        unit, factor = voc.time_units.get(word, (data.get("unit"), 1))
        draft.unit = unit
        draft.value *= factor
        if draft.value_max is not None:
            draft.value_max *= factor
    elif kind == "ratio":
        total = _read(groups.get("total"), whole=True, voc=voc)
        if total is None or total.value == 0 or value > total.value:
            return None
        draft.total = total.value
    if data.get("unit") and draft.unit is None:
        draft.unit = str(data["unit"])

    # The counted noun.
    noun_rule = data.get("noun")
    if noun_rule in ("required", "optional", "none"):
        w = _Words(text, draft.end)
        if noun_rule != "none" and reading.words and _idiom(raw, w, voc):
            return None
        n = _noun_in(w, voc)
        so_phrase = groups.get("count_label")
        if so_phrase:
            # `tổng số hộ được vay là 420 hộ`: the phrase says what the number measures.
            draft.label = " ".join(so_phrase.lower().split())
        if noun_rule == "none":
            if n:
                return None
        elif n:
            draft.end = w.end(n - 1)
            draft.unit = " ".join(text[w.start(0) : draft.end].lower().split())
            if so_phrase:
                draft.start = number_span[0]
            # A qualifier after the noun phrase of a count: `100 người trở lên`.
            if kind == "count" and "qualifier_after" not in groups and n + 1 < len(w):
                pair = f"{w.low[n]} {w.low[n + 1]}"
                if pair in voc.qualifiers_after:
                    draft.qualifier = voc.qualifiers_after[pair]
                    draft.end = w.end(n + 1)
                    draft.start = m.start  # `từ 1.300 thanh niên trở lên`: `từ` opens it
        elif kind == "count" and so_phrase:
            counted = groups.get("counted")
            if counted:
                draft.unit = " ".join(counted.lower().split())
            else:
                draft.flags = [*(draft.flags or []), NO_UNIT]
        elif noun_rule == "required":
            return None
        elif kind == "ratio":
            if _day_month_like(value, draft.total):
                return None
            draft.priority = int(data.get("priority_without_noun", m.rule.priority))
        else:
            draft.flags = [*(draft.flags or []), NO_UNIT]

    if "min_value" in data and draft.value < Decimal(str(data["min_value"])):
        return None
    if kind == "money" and draft.value == 0:
        return None  # `siêu thị 0 đồng`, `bữa ăn 0 đồng`: a name, not an amount
    if kind in ("money", "percent", "quantity") and _PER.match(text, unit_end or draft.end):
        draft.flags = [*(draft.flags or []), PER_UNIT]
    return draft


def _day_month_like(value: Decimal, total: Decimal | None) -> bool:
    """`12/12`, `30/4`, `12/2024`: a ratio with nothing counted that could be a date."""
    if total is None:
        return True
    return (value <= 31 and total <= 12) or (value <= 12 and 1900 <= total <= 2100)


def _idiom(raw: str, w: _Words, voc: Vocabulary) -> bool:
    """`ba mẹ`: a number word and the word after it make an idiom."""
    words = raw.lower().split()[-1:] + w.low[:2]
    return voc.idioms.at(words, 0) > 0


# ------------------------------------------------------------------ the family


def _run(ctx: Context, text: str, anchors: list[int], voc: Vocabulary) -> list[RuleMatch]:
    """Run the family's rules, each only at the anchors its `peek` words allow.

    A rule with `peek` (the words one of which must come first after the number: a
    currency, `%`, a measure, `/`, a time noun) is not asked where another word follows,
    which saves its timed match at most numbers of an article.
    """
    # The first word after each anchor and its first four letters (`đồnglàm`: a unit glued
    # to the next word still counts), read once for all the rules that peek.
    firsts: list[tuple[int, str, str]] | None = None
    out: list[RuleMatch] = []
    for rule in ctx.rules.family("figures"):
        peek = _peek_words(ctx.rules, rule.name)
        if peek is None:
            chosen = anchors
        else:
            words, signs = peek
            if firsts is None:
                firsts = []
                for a in anchors:
                    first = _first_word_after(text, a, voc)
                    firsts.append((a, first, first[:4]))
            if signs:
                chosen = [
                    a for a, first, head in firsts if first in words or head in words or _sign_before(text, a, signs)
                ]
            else:
                chosen = [a for a, first, head in firsts if first in words or head in words]
        out += run_rules([rule], text, chosen, ctx.warn)
    return out


@lru_cache(maxsize=64)
def _peek_words(rules: RuleSet, name: str) -> tuple[frozenset[str], frozenset[str]] | None:
    """The first words a rule's `peek` allows (list names give their entries' first words)."""
    rule = next(r for r in rules.family("figures") if r.name == name)
    spec = rule.data.get("peek")
    if not spec:
        return None
    words: set[str] = set()
    for item in spec:
        entries = rules.words(item) if item in rules.lists else [item]
        words.update(e.split()[0].lower() for e in entries if e.split())
    signs = frozenset(str(x) for x in rule.data.get("peek_before") or [])
    return frozenset(words), signs


def _first_word_after(text: str, a: int, voc: Vocabulary) -> str:
    """The first word after the number at `a`, past its digits, scale words and a range."""
    for k, m in enumerate(_TOKEN.finditer(text, a, min(len(text), a + 64))):
        word = m.group().lower()
        if k == 0 or word[0].isdigit() or word in voc.number_parts:
            continue
        return word
    return ""


def _second_amount(text: str, a: int, voc: Vocabulary) -> bool:
    """`62.500.000/50.000.000 đồng`: the amount after the slash, with its currency, is a
    figure of its own (the target the first is set against), not a ratio's total."""
    right = _AMOUNT_RIGHT.match(text, a, a + 32)
    return right is not None and right.group(1).lower() in voc.currencies


def _sign_before(text: str, a: int, signs: frozenset[str]) -> bool:
    before = text[max(0, a - 2) : a].strip()
    return bool(before) and before[-1] in signs


def _figure_anchors(
    text: str, anchors: list[int], names: list[tuple[int, int]], name_starts: list[int], voc: Vocabulary
) -> list[int]:
    """The anchors a figure can start at, without asking every rule at every number.

    Every rule call is a timed regular-expression match, so numbers that cannot start a
    figure are left out here, where a look at a character or two decides: the later
    parts of `15/12/2023`, `1.000-2.000` or `15:37` (glued to what precedes them),
    numbers inside a quoted name, and `năm` / `một` not followed by a scale word. A
    number after a slash that follows a word starts a figure (`triệu đồng/98.081 hộ`).
    """
    out: list[int] = []
    for a in anchors:
        glued = a >= 2 and text[a - 1] in _GLUE
        if glued and (text[a - 2].isdigit() or (text[a - 1] != "/" and text[a - 2].isalpha())):
            continue
        if names and _inside(a, names, name_starts):
            continue
        if text[a].isalpha():
            m = _WORD_AT.match(text, a)
            if m is not None and m.group(1).lower() in voc.words_not_alone and not m.group(2):
                continue
        out.append(a)
        # (`_AMOUNT_SLASH` needs a `.` within the three characters after the first digit:
        # most numbers have none, and a look at them is cheaper than the match.)
        if text[a].isdigit() and "." in text[a + 1 : a + 4]:
            pair = _AMOUNT_SLASH.match(text, a, a + 24)
            if pair is not None and _second_amount(text, pair.end(), voc):
                out.append(pair.end())
    return out


class _Spans:
    """Sorted name spans (organisations, people), asked which of them lie near a position.

    An article has dozens of mentions and dozens of figures; looking at the few spans
    that start before a position's end keeps that from growing as their product.
    """

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [a for a, _ in self.spans]
        self.longest = max((b - a for a, b in self.spans), default=0)

    def near(self, start: int, end: int) -> list[tuple[int, int]]:
        """The spans that overlap `[start, end)`."""
        hi = bisect_right(self.starts, end - 1)
        lo = bisect_right(self.starts, start - self.longest - 1)
        return [(a, b) for a, b in self.spans[lo:hi] if a < end and start < b]


def find_figures(ctx: Context, blocked: list[tuple[int, int]]) -> list[Candidate]:
    """Figure candidates outside names (`blocked`: organisation and people spans), labelled.

    Figures are settled among themselves first (a ratio beats the count inside it), so a
    label can look at the figure before it; dates and figures are settled by the pipeline.
    """
    text = ctx.doc.scan
    voc = vocabulary(ctx.rules)
    names = sorted(name_quotes(text, voc))
    name_starts = [a for a, _ in names]
    anchors = _figure_anchors(text, ctx.anchors, names, name_starts, voc)
    names_near = _Spans(blocked)
    out: list[Candidate] = []
    for m in _run(ctx, text, anchors, voc):
        draft = build(m, text, voc)
        if draft is None:
            continue
        number_span = (draft.number_start, draft.number_end)
        if _inside(draft.number_start, names, name_starts):
            continue
        if draft.kind in UNIT_KINDS:
            # A written unit (`8 triệu đồng`, `30%`) is stronger evidence than a name that
            # happens to end on the number: only a name holding the whole figure wins.
            if inside_any((draft.start, draft.end), names_near.near(draft.start, draft.end)):
                continue
        elif names_near.near(*number_span):
            continue
        if draft.end <= draft.start:
            continue
        priority = draft.priority if draft.priority is not None else m.rule.priority
        out.append(Candidate("figures", draft.start, draft.end, draft.item(), m.rule.name, priority))
    kept = _drop_restated(arbitrate(out), text)
    _label(kept, ctx, names_near)
    return kept


def _after_carry(text: str, start: int, words: labels.LabelWords) -> bool:
    """Whether a word of `label_carry` (`cho`, `với`) stands right before a figure."""
    before = text[max(0, start - 8) : start].split()
    return bool(before) and before[-1].lower() in words.carry


def _drop_restated(cands: list[Candidate], text: str) -> list[Candidate]:
    """Drop a figure that only repeats the one before it in words: `50.000.000đ (Năm mươi triệu đồng)`."""
    out: list[Candidate] = []
    for cand in cands:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.item["kind"] == cand.item["kind"]
            and prev.item["value"] == cand.item["value"]
            and text[prev.end : cand.start].strip() == "("
        ):
            continue
        out.append(cand)
    return out


def _label(cands: list[Candidate], ctx: Context, names_near: _Spans) -> None:
    """Give each figure its label: the phrase before it, the figure before it, or a verb.

    See `vnreport.labels` for the reading; here the choices between its answers:
    a figure with nothing before it shares the label of a figure it is coordinated with
    (`11 nhiệm vụ … và 12 chỉ tiêu`); `số tiền` takes the label of the figure it pays for,
    else the clause's verb; a count with nothing before it takes the verb after it.
    """
    text = ctx.doc.scan
    words = labels.label_words(ctx.rules)
    sentences = ctx.doc.sentences
    starts = [s for s, _ in sentences]
    prev: Candidate | None = None
    prev_sentence = -1
    for cand in cands:
        sent = labels.sentence_start(sentences, starts, cand.start)
        same = prev if prev is not None and prev_sentence == sent else None
        item = cand.item
        kind = item["kind"]
        if kind == "count" and item.get("label") is None and _after_carry(text, cand.start, words):
            # `… với hơn 400 lượt đoàn viên tham gia`: a count after `với`/`cho` is labelled
            # by its own verb when it has one.
            right = labels.sentence_end(sentences, starts, cand.end, len(text))
            item["label"] = labels.label_after(text, cand.end, min(right, cand.end + 50), words)
        if kind in LABELLED and item.get("label") is None:
            left = max(sent, cand.start - labels.WINDOW, same.end if same is not None else 0)
            measured = kind in ("money", "percent", "quantity")
            label = labels.label_before(
                text,
                left,
                cand.start,
                words,
                at_clause_start=left == sent,
                blocked=names_near.near(left, cand.start),
                measured=measured,
            )
            inherited = same.item.get("label") if same is not None else None
            if kind == "count" and inherited and words.nouns.at(inherited.lower().split(), 0):
                inherited = None  # `trị giá`, `tổng số tiền` say what money is, never what a count is
            if measured and label is not None and words.links.ending(label.lower().split()) == len(label.split()):
                # `Tổng dư nợ 17 chương trình … đạt 3.569 tỷ đồng`: a bare `đạt` stands for the
                # measured noun earlier in the sentence.
                label = labels.noun_before(text, sent, cand.start, words) or label
            if label is not None and label.lower() in words.transparent:
                if inherited and cand.start - same.end <= 2 * labels.WINDOW:  # type: ignore[union-attr]
                    label = inherited
                else:
                    far = max(sent, cand.start - labels.WINDOW)
                    label = labels.verb_before(text, far, cand.start, words) or label
            elif label is None:
                near = inherited and cand.start - same.end <= 2 * labels.WINDOW  # type: ignore[union-attr]
                gap = text[same.end : cand.start].split() if near else []  # type: ignore[union-attr]
                carried = len(gap) == 1 and gap[0].lower() in words.carry
                if carried:
                    # `giúp đỡ 270 ngày công cho 229 gia đình`: the verb of the figure before,
                    # unless the count has a verb of its own (`cho 2.900 hội viên vay vốn`).
                    label = None
                    if kind == "count":
                        right = labels.sentence_end(sentences, starts, cand.end, len(text))
                        label = labels.label_after(text, cand.end, min(right, cand.end + 50), words)
                    label = label or inherited
                elif near and labels.coordinated(text, same.end, cand.start, words):  # type: ignore[union-attr]
                    label = inherited
                elif kind == "count":
                    right = labels.sentence_end(sentences, starts, cand.end, len(text))
                    label = labels.label_after(text, cand.end, min(right, cand.end + 50), words)
                elif kind == "money":
                    far = max(sent, cand.start - labels.WINDOW)
                    label = labels.verb_before(text, far, cand.start, words)
            item["label"] = label
        prev, prev_sentence = cand, sent
