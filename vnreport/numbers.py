"""Read numbers the way Vietnamese news reports write them.

Vietnamese prose groups thousands with `.` and marks decimals with `,` (`3.171` is three
thousand, `0,03` is three hundredths), but text pasted from spreadsheets and English
templates brings `10,000` and `1.5` along, and typesetting splits `200 000` over a line
break. Amounts are usually scaled by words (`3 trăm triệu`, `87.500 nghìn`) and small
counts are often spelled out (`hai khâu đột phá`). This module turns one such string into
an exact `Decimal`, and says so in `Reading.flags` whenever it had to guess.

It is pure (no I/O, standard library only) so that rule files, the figure extractor and
tests can share one definition of "a number". The regex sources exported here
(`DIGITS_PATTERN`, `WORDS_PATTERN`, `SCALE_PATTERN`, `NUMBER_PATTERN`) are the same
grammar the readers accept, written so that they can be pasted into larger patterns:
no capture groups, no braces, no literal spaces (safe under VERBOSE), correct under
IGNORECASE, for both `re` and `regex`. They expect NFC text.

>>> read_number("3 trăm triệu").value
Decimal('300000000')
>>> read_number("hai tỷ rưỡi").value
Decimal('2500000000')
>>> read_number("3.350").flags
('ambiguous-number',)
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal

__all__ = [
    "AMBIGUOUS",
    "DIGITS_PATTERN",
    "NUMBER_PATTERN",
    "SCALES",
    "SCALE_PATTERN",
    "WORDS_PATTERN",
    "Reading",
    "read_digits",
    "read_number",
    "read_words",
]

AMBIGUOUS = "ambiguous-number"
"""Flag: a separator (or a space) could be read two ways; the reading took one of them."""


@dataclass(frozen=True, slots=True)
class Reading:
    """The value of one number as written, and how much of it was guessed.

    `value` is exact, scale words applied. `flags` names each guess so that it can be
    copied onto the figure for a reviewer. `has_scale` tells that a scale word applied
    (a bare `51 triệu` is money by context where `51` is not, and `whole` was not used
    on it). `words` tells that the number was spelled out, because `một`, `hai`, `ba`
    also serve as an article or inside names, so callers may want more evidence.
    """

    value: Decimal
    flags: tuple[str, ...] = ()
    has_scale: bool = False
    words: bool = False


SCALES: dict[str, int] = {
    "nghìn": 10**3,
    "ngàn": 10**3,
    "triệu": 10**6,
    "tỷ": 10**9,
    "tỉ": 10**9,
    "trăm": 100,
    "chục": 10,
}
"""Scale words and what they multiply by (lower-case keys)."""

# --------------------------------------------------------------------------- patterns
#
# Building blocks. `[0-9]` rather than `\d` so that other scripts' digits (which `\d`
# matches in `str` patterns) never reach `Decimal`; repeated classes rather than `{m,n}`
# so that a template engine that substitutes `{name}` cannot trip over the pattern.

_LEAD = "[0-9][0-9]?[0-9]?"  # the first group of a grouped number: 1 to 3 digits
_D3 = "[0-9][0-9][0-9](?![0-9])"  # a following group: exactly 3 digits, no 4th
# A thousands separator that is not `.`: one space (or no-break / thin space), or a
# single line break with optional spaces around it, as typesetting leaves them.
_SP = r"(?:[\u0020\u00a0\u2009\u202f]|[\u0020\t]*\r?\n[\u0020\t]*)"

_DIGITS_BODY = (
    # Vietnamese: 478.250.000 | 1.234,5 | 15.500 000 (dot groups, then space groups)
    rf"{_LEAD}(?:\.{_D3})+(?:{_SP}{_D3})*(?:,[0-9]+)?"
    # English thousands, two or more commas: 10,000,000 | 1,234,567.89
    rf"|{_LEAD},{_D3}(?:,{_D3})+(?:\.[0-9]+)?"
    # English with a decimal point: 1,234.5
    rf"|{_LEAD},{_D3}\.[0-9]+"
    # Space or line-break groups only: 200 000 | 200\n000
    rf"|{_LEAD}(?:{_SP}{_D3})+(?:,[0-9]+)?"
    # A plain run with at most one separator: 1860 | 03 | 41,5 | 10,000 | 3.350 | 1.5
    r"|[0-9]+(?:[.,][0-9]+)?"
)

DIGITS_PATTERN = (
    # The leading lookahead is a cheap first-character test: a scanner rejects most
    # positions there. Then: never start inside a digit run, nor right after `1,` / `1.`
    # (the tail of `1,3,5`).
    r"(?=[0-9])(?<![0-9])(?<![0-9][.,])"
    rf"(?:{_DIGITS_BODY})"
    # Never stop before a digit or a separator+digit: `1,3,5` and `30.11.2023` are not
    # numbers of this grammar, and reading a prefix of them would be wrong.
    r"(?![.,]?[0-9])"
)
"""A number written in digits, with `.` `,` space or line-break separators."""

# Between words: spaces, and at most one line break (a paragraph break ends a number).
# It may be empty: every word ends at a non-word character, so an empty gap can only be
# followed by punctuation, never by the next word (only digits glue to a scale: `5tỷ`).
_GAP = r"[^\S\n]*(?:\n[^\S\n]*)?"
_END = r"(?!\w)"  # a word ends here: `ba` must not match inside `bao`


def _words(*words: str) -> str:
    return "(?:" + "|".join(words) + ")" + _END


# Scale words that are also the first syllable of an everyday compound: `tỷ lệ` (ratio),
# `tỷ trọng` (share), `tỷ giá` (exchange rate), `tỷ suất` (rate), `tỉ mỉ` (meticulous),
# `triệu chứng` (symptom), `triệu tập` (convene), `triệu hồi` (recall), `triệu phú`.
_NOT_TY = r"(?!\s+(?:lệ|trọng|giá|suất|mỉ)(?!\w))"
_NOT_TRIEU = r"(?!\s+(?:chứng|tập|hồi|phú)(?!\w))"
_NGHIN = _words("nghìn", "ngàn")
_TRIEU = rf"triệu{_NOT_TRIEU}{_END}"
_TY = rf"(?:tỷ|tỉ){_NOT_TY}{_END}"
_BIG = rf"(?:{_NGHIN}|{_TRIEU}|{_TY})"
_SMALL = _words("trăm", "chục")
_RUOI = _words("rưỡi", "rưởi")

SCALE_PATTERN = rf"(?<![^\W\d_])(?:{_BIG}|{_SMALL})"
"""One scale word (`nghìn ngàn triệu tỷ tỉ trăm chục`), not inside a longer word."""

_UNIT = _words("một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "bẩy", "tám", "chín")
# After `mươi`/`mười` five is `lăm`/`nhăm` and one may be `mốt`: `hai mươi năm` is twenty
# *years*. After `linh`/`lẻ` the plain names are used (`một trăm linh năm` is 105). `tư`
# is four in both places.
_AFTER_TEN = _words("mốt", "một", "hai", "ba", "bốn", "tư", "lăm", "nhăm", "sáu", "bảy", "bẩy", "tám", "chín")
_AFTER_LINH = _words("một", "hai", "ba", "bốn", "tư", "năm", "sáu", "bảy", "bẩy", "tám", "chín")
_LINH = rf"{_words('linh', 'lẻ')}{_GAP}{_AFTER_LINH}"

_TENS = (
    rf"(?:{_UNIT}{_GAP}(?:mươi{_END}(?:{_GAP}{_AFTER_TEN})?|chục{_END})"
    rf"|mười{_END}(?:{_GAP}{_AFTER_TEN})?)"
)
# A group below a thousand with a `trăm` or a `mươi`/`mười`/`chục` in it. `không trăm`
# (a zero hundreds digit) only occurs after a higher group: the lead excludes it. A bare
# digit never follows `trăm`: `hai trăm năm` is two hundred years.
_HUNDREDS_OR_TENS = (
    rf"(?:(?:{_UNIT}|không{_END}){_GAP}trăm{_END}(?:{_GAP}(?:{_LINH}|{_TENS}|{_RUOI}))?"
    rf"|{_TENS})"
)
# A bare digit word to start a number. `một số` (some), `một cách` (in a way) and friends
# are idioms, not the number one; bare `năm` (year / five) only counts before a scale word.
_NOT_IDIOM = r"(?!\s+(?:số|cách|chút|lúc|khi|vài|trong|nửa|loạt|mình|lòng)(?!\w))"
_LEAD_WORDS = (
    rf"(?:(?!không){_HUNDREDS_OR_TENS}|một{_END}{_NOT_IDIOM}|năm{_END}(?={_GAP}{_BIG})"
    rf"|{_words('hai', 'ba', 'bốn', 'sáu', 'bảy', 'bẩy', 'tám', 'chín')})"
)
# A later group before a scale word (`một tỷ hai trăm triệu`) ...
_PART = rf"(?:{_HUNDREDS_OR_TENS}|{_UNIT}|{_LINH})"
# ... and the last group, with no scale word, only after `nghìn`. No bare digit: `hai
# nghìn năm` is two thousand years, and `ba nghìn hai` (colloquial 3 200) is not guessed
# at; nothing after `triệu` or `tỷ` either, since `một triệu hai trăm` colloquially means
# 1 200 000, not 1 000 200.
_TAIL = rf"(?:{_HUNDREDS_OR_TENS}|{_LINH})"

# Scale words only ever compound upwards (`trăm nghìn`, `chục triệu`, `nghìn tỷ`) and the
# groups of one number only ever go downwards (`một tỷ hai trăm triệu năm mươi nghìn`).
# Both orders are written into the pattern, so that every match has a value: `1 tỷ 2 tỷ`
# or `ba triệu nghìn` end the match early instead of matching what the reader refuses.
_WORDS_BODY = (
    rf"{_LEAD_WORDS}(?:{_GAP}(?:"
    rf"(?:{_NGHIN}{_GAP})?(?:(?:{_TRIEU}{_GAP})?{_TY}(?:{_GAP}{_PART}{_GAP}{_TRIEU})?"
    rf"|{_TRIEU})(?:{_GAP}{_PART}{_GAP}{_NGHIN}(?:{_GAP}{_TAIL})?|{_GAP}{_RUOI})?"
    rf"|{_NGHIN}(?:{_GAP}{_TAIL}|{_GAP}{_RUOI})?"
    r"))?"
)

# What every number in words starts with (`mộ`t, `mư`ời, `ha`i, `bố`n, … `chí`n): tested
# first, so that scanning an article costs little at the many positions that are not.
_WORDS_START = r"(?=[mhbnstc])(?=m[ộư]|ha|b[aốảẩ]|nă|sá|tá|chí)"
WORDS_PATTERN = rf"{_WORDS_START}(?<!\w)(?:{_WORDS_BODY})"
"""A number written in words: `hai`, `mười lăm`, `một trăm linh năm`, `hai tỷ rưỡi`."""

# A later group of a digit number: at most three digits (`2 tỷ 500 triệu`), or one digit
# and a small scale (`2 tỷ 5 trăm triệu`), so that it stays below the scale before it.
# Again nothing without a big scale word: `1 tỷ 2 trăm` colloquially means 1.2 tỷ.
_DIGITS_COEF = rf"{_GAP}(?:[0-9]{_GAP}{_SMALL}|[0-9][0-9]?[0-9]?(?![.,]?[0-9]))(?:{_GAP})?"
_DIGITS_SCALED = (
    rf"{DIGITS_PATTERN}(?:(?:{_GAP})?(?:(?:{_SMALL}{_GAP})?(?:"
    rf"(?:{_NGHIN}{_GAP})?(?:(?:{_TRIEU}{_GAP})?{_TY}(?:{_DIGITS_COEF}{_TRIEU})?|{_TRIEU})"
    rf"(?:{_DIGITS_COEF}{_NGHIN})?"
    rf"|{_NGHIN})|{_SMALL})(?:{_GAP}{_RUOI})?)?"
)

NUMBER_PATTERN = rf"(?=[0-9mhbnstc])(?:{_DIGITS_SCALED}|{WORDS_PATTERN})"
"""A digit or word number with its scale words: `3 trăm triệu`, `1,5 triệu`, `một tỷ`."""

# ----------------------------------------------------------------------------- reader

_DIGITS_FULL = re.compile(DIGITS_PATTERN)
_WORDS_FULL = re.compile(rf"(?:{WORDS_PATTERN}|năm)")
_NUMBER_FULL = re.compile(rf"(?:{NUMBER_PATTERN}|năm)")
_TOKEN = re.compile(r"[0-9][0-9.,]*|[^\W\d_]+")
_ASCII_DIGITS = frozenset("0123456789")
_ZERO = Decimal(0)
_SPACES = re.compile(r"\s+")

# Token kinds for the evaluator.
_NUM, _SCALE_K, _HALF, _FILL = range(4)
_D10 = Decimal(10)
# `mốt`, `tư`, `lăm`/`nhăm` only occur where the grammar allows them (after `mươi`, …).
_DIGIT_WORDS = {
    "không": 0,
    "một": 1,
    "mốt": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "tư": 4,
    "năm": 5,
    "lăm": 5,
    "nhăm": 5,
    "sáu": 6,
    "bảy": 7,
    "bẩy": 7,
    "tám": 8,
    "chín": 9,
}
_WORD_TOKENS: dict[str, tuple[tuple[int, Decimal], ...]] = {
    **{w: ((_NUM, Decimal(v)),) for w, v in _DIGIT_WORDS.items()},
    "mười": ((_NUM, Decimal(1)), (_SCALE_K, _D10)),
    "mươi": ((_SCALE_K, _D10),),
    "chục": ((_SCALE_K, _D10),),
    "trăm": ((_SCALE_K, Decimal(100)),),
    **{w: ((_SCALE_K, Decimal(SCALES[w])),) for w in ("nghìn", "ngàn", "triệu", "tỷ", "tỉ")},
    "linh": ((_FILL, Decimal(0)),),
    "lẻ": ((_FILL, Decimal(0)),),
    "rưỡi": ((_HALF, Decimal(0)),),
    "rưởi": ((_HALF, Decimal(0)),),
}
_HALF_OF = Decimal("0.5")
# Exact arithmetic whatever the length of the digits: the default context rounds at
# 28 digits, which would silently change a long amount.
_EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)
_FLAGGED = (AMBIGUOUS,)


def _prepare(text: object) -> str | None:
    """Strip, compose (NFC) and lower-case; None for anything that cannot be a number."""
    if not isinstance(text, str):
        return None
    s = text.strip()
    if not s:
        return None
    if not s.isascii():
        s = unicodedata.normalize("NFC", s)
    return s.lower()


def _tidy(value: Decimal) -> Decimal:
    """One spelling per value: `10.000` read as a decimal is `10`, `1,50` is `1.5`."""
    integral = value.to_integral_value()
    if integral == value:
        return integral
    return value.normalize(_EXACT)


def _digits_value(s: str, whole: bool) -> tuple[Decimal, bool]:
    """Value of a string already matched by `DIGITS_PATTERN`, and whether it was a guess.

    The separator rules, in the order they are decided:

    * Space or line-break groups only ever group thousands, so `.` is thousands and `,`
      decimal. Gluing is itself a guess unless the number is unmistakably one: a `.` group
      before the space (`15.500 000`), two space groups (`1 250 000`) or a round `000`
      group (`200 000`). A single other group (`12 100`: maybe "12" then "100") is
      flagged.
    * Two or more of the same separator can only be thousands (`478.250.000`,
      `10,000,000`); both kinds together are read by whichever comes last being the
      decimal mark (`1.234,5`, `1,234.5`).
    * One `.` or `,` followed by exactly three digits, after a lead of 1 to 3 digits that
      is not zero, is the real ambiguity: `.` is read as thousands (Vietnamese
      convention) and `,` as decimal, unless `whole` says the caller counts whole things,
      in which case `,` is read as thousands too (`10,000 học sinh`). Only the `.` reading
      under `whole` agrees with both the convention and the caller, so only it goes
      unflagged.
    * Any other single `.` (`1.5`, `12.75`, `0.350`) cannot be thousands, so it is an
      English decimal point: flagged, because Vietnamese text should not contain it.
    * Any other single `,` (`41,5`, `0,03`) is the ordinary decimal comma.
    """
    if s.isdigit():
        return Decimal(s), False
    if not s.isascii() or " " in s or "\n" in s or "\t" in s:
        groups = _SPACES.split(s)
        guessed = len(groups) == 2 and "." not in groups[0] and groups[1][:3] != "000"
        return Decimal("".join(groups).replace(".", "").replace(",", ".")), guessed
    dots, commas = s.count("."), s.count(",")
    if dots and commas:
        if s.rfind(",") > s.rfind("."):
            return Decimal(s.replace(".", "").replace(",", ".")), False
        return Decimal(s.replace(",", "")), False
    if dots > 1:
        return Decimal(s.replace(".", "")), False
    if commas > 1:
        return Decimal(s.replace(",", "")), False
    sep = "." if dots else ","
    lead, _, frac = s.partition(sep)
    triple = len(frac) == 3 and len(lead) <= 3 and lead.strip("0") != ""
    if sep == ".":
        if triple:
            return Decimal(lead + frac), not whole
        return Decimal(s), True
    if triple:
        if whole:
            return Decimal(lead + frac), True
        return Decimal(lead + "." + frac), True
    return Decimal(lead + "." + frac), False


def _evaluate(kinds: list[int], values: list[Decimal], lo: int, hi: int) -> Decimal | None:
    """Value of tokens[lo:hi], or None when they do not form one number.

    Split at the first occurrence of the largest scale: what comes before is its
    multiplier (itself a number, so `một nghìn tỷ` and `3 trăm triệu` compound), what
    comes after is added and must be smaller than the scale, so that `1 tỷ 2 tỷ` is
    refused instead of summed. Because the largest scale splits first, `trăm` and `mươi`
    bind inside a `nghìn` group: `hai trăm năm mươi nghìn` is 250 000, not 200 050 000.
    """
    if hi - lo == 1:
        return values[lo] if kinds[lo] == _NUM else None
    best, top, repeated = -1, 0, False
    for i in range(lo, hi):
        if kinds[i] == _SCALE_K:
            v = values[i]
            if v > top:
                best, top, repeated = i, v, False
            elif v == top:
                repeated = True
    if best < 0 or repeated:  # `1 tỷ 2 tỷ`; this also bounds the recursion depth
        return None
    scale = values[best]
    left = _evaluate(kinds, values, lo, best)
    if left is None:
        return None
    total = _EXACT.multiply(left, scale)
    j = best + 1
    if j == hi:
        return total
    if kinds[j] == _HALF:
        if j + 1 != hi:
            return None
        return _EXACT.add(total, _EXACT.multiply(scale, _HALF_OF))
    if kinds[j] == _FILL:
        j += 1
    right = _evaluate(kinds, values, j, hi)
    if right is None or right >= scale:
        return None
    return _EXACT.add(total, right)


def _tokens(s: str) -> list[str]:
    """Split a string the grammar accepted into digit runs and words.

    Splitting on whitespace is enough because the grammar never puts two digit numbers
    side by side: consecutive digit pieces are the space groups of one number
    (`15.500 000`). Only a digit glued to its scale word (`5tỷ`) needs the regex.
    """
    out: list[str] = []
    digits_last = False
    for piece in s.split():
        first, last = piece[0] in _ASCII_DIGITS, piece[-1] in _ASCII_DIGITS
        parts = (piece,) if first == last else [m.group() for m in _TOKEN.finditer(piece)]
        for part in parts:
            is_digits = part[0] in _ASCII_DIGITS
            if is_digits and digits_last:
                out[-1] += " " + part
            else:
                out.append(part)
            digits_last = is_digits
    return out


def _read_tokens(s: str, whole: bool) -> Reading | None:
    """Evaluate a string that already matched one of the full-string grammars."""
    kinds: list[int] = []
    values: list[Decimal] = []
    digit_texts: list[tuple[int, str]] = []
    has_scale = False
    for token in _tokens(s):
        if token[0] in _ASCII_DIGITS:
            digit_texts.append((len(kinds), token))
            kinds.append(_NUM)
            values.append(_ZERO)
            continue
        entry = _WORD_TOKENS.get(token)
        if entry is None:  # unreachable for strings the grammar accepted
            return None
        if token in SCALES:
            has_scale = True
        for kind, value in entry:
            kinds.append(kind)
            values.append(value)
    if not kinds:
        return None
    # `whole` settles `10,000` for a count; once a scale word applies, the figure before
    # it is a measured amount (`191,161 tỷ`), where the decimal comma is the norm.
    digits_whole = whole and not has_scale
    guessed = False
    for i, text in digit_texts:
        values[i], g = _digits_value(text, digits_whole)
        guessed = guessed or g
    value = _evaluate(kinds, values, 0, len(kinds))
    if value is None:
        return None
    return Reading(
        value=_tidy(value),
        flags=_FLAGGED if guessed else (),
        has_scale=has_scale,
        words=not digit_texts or digit_texts[0][0] != 0,
    )


def _read_digit_string(s: str, whole: bool) -> Reading | None:
    if s.isdigit() and s.isascii():  # `15`, `2024`, `03`: nothing to guess
        return Reading(value=Decimal(s))
    if _DIGITS_FULL.fullmatch(s) is None:
        return None
    value, guessed = _digits_value(s, whole)
    return Reading(value=_tidy(value), flags=_FLAGGED if guessed else ())


def read_digits(text: str, *, whole: bool = False) -> Reading | None:
    """Read a number written in digits and separators only (no scale words).

    Vietnamese convention: `.` groups thousands, `,` is the decimal mark. When one
    separator is followed by exactly three digits the convention is only a likely
    guess, so the reading carries the `ambiguous-number` flag; `whole=True` (the caller
    counts whole things: people, households, đồng without a scale word) moves the guess
    for `,` towards thousands, as English-formatted counts like `10,000` are common.

    >>> read_digits("478.250.000").value          # several `.` groups: thousands
    Decimal('478250000')
    >>> read_digits("1.234,5").value              # both: the last one is the decimal mark
    Decimal('1234.5')
    >>> read_digits("0,03").value                 # `,` + not three digits: a decimal
    Decimal('0.03')
    >>> r = read_digits("3.350"); r.value, r.flags
    (Decimal('3350'), ('ambiguous-number',))
    >>> r = read_digits("3.350", whole=True); r.value, r.flags
    (Decimal('3350'), ())
    >>> r = read_digits("191,161"); r.value, r.flags
    (Decimal('191.161'), ('ambiguous-number',))
    >>> r = read_digits("10,000", whole=True); r.value, r.flags
    (Decimal('10000'), ('ambiguous-number',))
    >>> r = read_digits("1.5"); r.value, r.flags  # `.` + 1-2 digits: an English decimal
    (Decimal('1.5'), ('ambiguous-number',))
    >>> read_digits("10,000,000").value           # repeated `,`: can only be thousands
    Decimal('10000000')
    >>> read_digits("15.500 000").value, read_digits("200\\n000").value
    (Decimal('15500000'), Decimal('200000'))
    >>> read_digits("12 100").flags               # a space could also part two numbers
    ('ambiguous-number',)
    >>> read_digits("03").value                   # leading zeros are decoration
    Decimal('3')
    >>> [read_digits(t) for t in ("2023 100", "1,3,5", "12-3", ".", "ba")]
    [None, None, None, None, None]
    """
    s = _prepare(text)
    if s is None:
        return None
    return _read_digit_string(s, whole)


def read_words(text: str) -> Reading | None:
    """Read a number written in words, scale words included.

    The forms that change meaning with position are honoured: `mốt` (1) and `lăm` (5)
    after `mươi`, `tư` (4) after `mươi`/`linh`, `linh`/`lẻ` for a zero tens digit, and
    `rưỡi` for half of the unit before it. A bare `năm` here reads as five because the
    caller asked about this string alone; `WORDS_PATTERN` does not look for it in running
    text, where it nearly always means "year".

    >>> [read_words(t).value for t in ("hai", "mười lăm", "hai mươi mốt", "ba mươi tư")]
    [Decimal('2'), Decimal('15'), Decimal('21'), Decimal('34')]
    >>> read_words("một trăm linh năm").value
    Decimal('105')
    >>> read_words("năm nghìn").value, read_words("một triệu rưỡi").value
    (Decimal('5000'), Decimal('1500000'))
    >>> read_words("hai trăm rưỡi").value
    Decimal('250')
    >>> read_words("hai nghìn không trăm hai mươi tư").value
    Decimal('2024')
    >>> r = read_words("Một tỷ"); r.value, r.has_scale, r.words
    (Decimal('1000000000'), True, True)
    >>> [read_words(t) for t in ("12", "hai mươi năm", "tỷ lệ", "một số", "")]
    [None, None, None, None, None]
    """
    s = _prepare(text)
    if s is None or _WORDS_FULL.fullmatch(s) is None:
        return None
    return _read_tokens(s, False)


def read_number(text: str, *, whole: bool = False) -> Reading | None:
    """Read a whole string as a Vietnamese number: digits or words, with scale words.

    The whole string must be the number (surrounding whitespace aside): spans come from
    `NUMBER_PATTERN`, and every one of its matches has a value here.

    `whole` is the caller saying it counts whole things; it only settles `10,000`-style
    separators (see `read_digits`), and only when no scale word follows, because a
    scaled figure (`191,161 tỷ`) is a measured amount whose `,` is the decimal comma.

    >>> read_number("3 trăm triệu").value
    Decimal('300000000')
    >>> read_number("87.500 nghìn").value, read_number("1,5 triệu").value
    (Decimal('87500000'), Decimal('1500000'))
    >>> read_number("2 tỷ 500 triệu").value
    Decimal('2500000000')
    >>> r = read_number("20 ngàn", whole=True); r.value, r.has_scale, r.words
    (Decimal('20000'), True, False)
    >>> r = read_number("191,161 tỷ", whole=True); r.value, r.flags
    (Decimal('191161000000'), ('ambiguous-number',))
    >>> read_number("trên 10,000") is None   # qualifiers and units belong to the caller
    True
    >>> r = read_number("hai"); r.value, r.words
    (Decimal('2'), True)
    >>> read_number("hai tỷ rưỡi").value
    Decimal('2500000000')
    >>> [read_number(t) for t in ("abc", "1/2", "12-3", "", ".", "1 tỷ 2 tỷ", "5 tỷ lệ")]
    [None, None, None, None, None, None, None]
    """
    s = _prepare(text)
    if s is None:
        return None
    if s[-1] in _ASCII_DIGITS:  # no scale word can follow: the most common case, by far
        return _read_digit_string(s, whole)
    if _NUMBER_FULL.fullmatch(s) is None:
        return None
    return _read_tokens(s, whole)
