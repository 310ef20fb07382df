"""Tests for the Vietnamese number reader.

The phrase tables below are written for these tests; they exercise one reading rule
each, so that a failing row names the rule that broke.
"""

from __future__ import annotations

import doctest
import random
import re
import time
import unicodedata
from decimal import Decimal

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from vnreport import numbers
from vnreport.numbers import (
    AMBIGUOUS,
    DIGITS_PATTERN,
    NUMBER_PATTERN,
    SCALE_PATTERN,
    SCALES,
    WORDS_PATTERN,
    Reading,
    read_digits,
    read_number,
    read_words,
)

A = (AMBIGUOUS,)

# (text, whole, expected value or None, expected flags)
DIGIT_CASES: list[tuple[str, bool, str | None, tuple[str, ...]]] = [
    # plain runs, leading zeros are decoration
    ("7", False, "7", ()),
    ("0", False, "0", ()),
    ("08", False, "8", ()),
    ("007", True, "7", ()),
    ("1995", False, "1995", ()),
    ("123456", False, "123456", ()),
    # one `.` + three digits: thousands; a guess unless the caller counts whole things
    ("4.520", True, "4520", ()),
    ("4.520", False, "4520", A),
    ("12.000", True, "12000", ()),
    ("999.999", True, "999999", ()),
    ("1.000", False, "1000", A),
    # several `.` groups, or `.` groups and a decimal comma: no doubt
    ("2.345.678", False, "2345678", ()),
    ("1.000.000.000", True, "1000000000", ()),
    ("12.345.678,9", False, "12345678.9", ()),
    ("1.500,25", False, "1500.25", ()),
    # `,` + not three digits: the ordinary decimal comma
    ("2,5", False, "2.5", ()),
    ("0,5", True, "0.5", ()),
    ("12,75", False, "12.75", ()),
    ("99,9", False, "99.9", ()),
    ("3,14159", False, "3.14159", ()),
    ("0,001", False, "0.001", ()),  # a zero lead cannot start a thousands group
    ("4,50", False, "4.5", ()),
    # `,` + three digits: decimal by convention, thousands when counting whole things
    ("4,250", False, "4.25", A),
    ("4,250", True, "4250", A),
    ("25,000", True, "25000", A),
    ("25,000", False, "25", A),
    ("999,999", False, "999.999", A),
    # `.` + other than three digits: an English decimal point
    ("1.25", False, "1.25", A),
    ("3.5", False, "3.5", A),
    ("2.5", True, "2.5", A),
    ("0.350", False, "0.35", A),
    ("1234.567", False, "1234.567", A),
    # English thousands: only one reading
    ("7,500,000", False, "7500000", ()),
    ("1,234,567.5", False, "1234567.5", ()),
    ("3,450.75", False, "3450.75", ()),
    # spaces and line breaks inside one number
    ("30 000", False, "30000", ()),
    ("1 250 000", False, "1250000", ()),
    ("450\n000", False, "450000", ()),
    ("450 \n 000", False, "450000", ()),
    ("450\r\n000", False, "450000", ()),
    ("8.250 000", False, "8250000", ()),
    ("4 000,5", False, "4000.5", ()),
    ("1\u00a0500\u00a0000", False, "1500000", ()),
    ("12 345", False, "12345", A),  # could as well be 12 then 345
    ("  64  ", False, "64", ()),  # the string is stripped
    # not numbers of this grammar
    ("2024 500", False, None, ()),  # a lead group of four digits does not group
    ("12  000", False, None, ()),  # two spaces part two numbers
    ("1,2,3", False, None, ()),
    ("1.2.3", False, None, ()),
    ("30.11.2023", False, None, ()),
    ("1.234.56", False, None, ()),
    ("15/8", False, None, ()),
    ("3-4", False, None, ()),
    ("", False, None, ()),
    ("   ", False, None, ()),
    (".", False, None, ()),
    (",", False, None, ()),
    ("1.", False, None, ()),
    (",5", False, None, ()),
    ("-5", False, None, ()),
    ("1e5", False, None, ()),
    ("5%", False, None, ()),
    ("\u0661\u0662", False, None, ()),  # other scripts' digits
    ("\uff11\uff12", False, None, ()),  # full-width digits
]

# (text, whole, expected value or None, flags, has_scale)
SCALED_CASES: list[tuple[str, bool, str | None, tuple[str, ...], bool]] = [
    ("7 triệu", False, "7000000", (), True),
    ("45 nghìn", True, "45000", (), True),
    ("45 ngàn", False, "45000", (), True),
    ("3 tỷ", False, "3000000000", (), True),
    ("3 tỉ", False, "3000000000", (), True),
    ("2,75 tỷ", False, "2750000000", (), True),
    ("0,5 triệu", False, "500000", (), True),
    ("12.600 triệu", False, "12600000000", A, True),
    ("304,125 tỷ", True, "304125000000", A, True),  # scaled: `,` stays decimal
    ("5 trăm", False, "500", (), True),
    ("4 chục", False, "40", (), True),
    ("6 trăm nghìn", False, "600000", (), True),
    ("2 chục triệu", False, "20000000", (), True),
    ("9 nghìn tỷ", False, "9000000000000", (), True),
    ("4 nghìn triệu", False, "4000000000", (), True),
    ("1 triệu rưỡi", False, "1500000", (), True),
    ("3 trăm rưỡi", False, "350", (), True),
    ("4 tỷ 200 triệu", False, "4200000000", (), True),
    ("1 triệu 750 nghìn", False, "1750000", (), True),
    ("7 tỷ 3 trăm triệu", False, "7300000000", (), True),
    ("5 tỷ 20 triệu 500 nghìn", False, "5020500000", (), True),
    ("8tỷ", False, "8000000000", (), True),
    ("10 Triệu", False, "10000000", (), True),
    ("250\ntriệu", False, "250000000", (), True),
    ("1,5\u00a0triệu", False, "1500000", (), True),
    ("2.500 000 nghìn", False, "2500000000", (), True),
    ("5 tỷ lệ", False, None, (), False),
    ("2 triệu chứng", False, None, (), False),
    ("3 tỷ tỷ", False, None, (), False),
    ("1 tỷ 3 tỷ", False, None, (), False),
    ("6 triệu nghìn", False, None, (), False),
    ("1 tỷ 2 trăm", False, None, (), False),  # colloquially 1.2 tỷ: not guessed at
    ("2 triệu đồng", False, None, (), False),  # the currency is the caller's business
    ("hơn 5 triệu", False, None, (), False),  # and so is the qualifier
    ("triệu", False, None, (), False),
]

# (text, expected value or None, has_scale)
WORD_CASES: list[tuple[str, str | None, bool]] = [
    ("một", "1", False),
    ("bốn", "4", False),
    ("bảy", "7", False),
    ("bẩy", "7", False),
    ("chín", "9", False),
    ("mười", "10", False),
    ("mười một", "11", False),
    ("mười bốn", "14", False),
    ("mười lăm", "15", False),
    ("mười nhăm", "15", False),
    ("mười chín", "19", False),
    ("hai mươi", "20", False),
    ("ba mươi mốt", "31", False),
    ("bốn mươi tư", "44", False),
    ("bốn mươi bốn", "44", False),
    ("năm mươi lăm", "55", False),
    ("sáu mươi hai", "62", False),
    ("chín mươi chín", "99", False),
    ("hai chục", "20", True),
    ("một trăm", "100", True),
    ("ba trăm", "300", True),
    ("một trăm linh một", "101", True),
    ("hai trăm lẻ tám", "208", True),
    ("bốn trăm linh tư", "404", True),
    ("năm trăm mười", "510", True),
    ("sáu trăm bốn mươi", "640", True),
    ("chín trăm chín mươi chín", "999", True),
    ("ba trăm rưỡi", "350", True),
    ("một nghìn", "1000", True),
    ("ba ngàn", "3000", True),
    ("bốn mươi nghìn", "40000", True),
    ("hai trăm nghìn", "200000", True),
    ("một trăm năm mươi nghìn", "150000", True),
    ("bảy triệu", "7000000", True),
    ("mười hai triệu", "12000000", True),
    ("hai triệu rưỡi", "2500000", True),
    ("một tỷ rưỡi", "1500000000", True),
    ("ba tỉ", "3000000000", True),
    ("năm tỷ", "5000000000", True),
    ("một nghìn tỷ", "1000000000000", True),
    ("một tỷ hai trăm triệu", "1200000000", True),
    ("hai triệu ba trăm nghìn", "2300000", True),
    ("một nghìn không trăm linh năm", "1005", True),
    ("một nghìn linh một", "1001", True),
    ("ba nghìn hai trăm", "3200", True),
    ("năm trăm", "500", True),
    ("Hai mươi", "20", False),
    ("HAI", "2", False),
    ("bảy\nmươi", "70", False),
    ("năm", "5", False),  # asked about alone; the patterns do not look for it
    # not numbers
    ("mươi", None, False),
    ("trăm", None, False),
    ("nghìn", None, False),
    ("linh năm", None, False),
    ("rưỡi", None, False),
    ("hai mươi năm", None, False),  # twenty years
    ("mười năm", None, False),  # ten years
    ("hai trăm năm", None, False),  # two hundred years
    ("ba triệu hai", None, False),  # colloquial 3.2 million: not guessed at
    ("một số", None, False),  # "some"
    ("tư", None, False),
    ("mốt", None, False),
    ("lăm", None, False),
    ("không", None, False),
    ("không trăm", None, False),
    ("hai ba", None, False),
    ("hàng trăm", None, False),
    ("vài chục", None, False),
    ("bao nhiêu", None, False),
    ("hai tỷ lệ", None, False),
]


def _check(r: Reading | None, value: str | None) -> None:
    if value is None:
        assert r is None
    else:
        assert r is not None
        assert r.value == Decimal(value)
        assert str(r.value) == value  # one spelling per value: no `1.50`, no `1E+3`


@pytest.mark.parametrize(("text", "whole", "value", "flags"), DIGIT_CASES)
def test_digits(text: str, whole: bool, value: str | None, flags: tuple[str, ...]) -> None:
    for reader in (read_digits, read_number):
        r = reader(text, whole=whole)
        _check(r, value)
        if r is not None:
            assert r.flags == flags
            assert not r.has_scale and not r.words


@pytest.mark.parametrize(("text", "whole", "value", "flags", "has_scale"), SCALED_CASES)
def test_scaled(text: str, whole: bool, value: str | None, flags: tuple[str, ...], has_scale: bool) -> None:
    r = read_number(text, whole=whole)
    _check(r, value)
    if r is not None:
        assert r.flags == flags
        assert r.has_scale is has_scale
        assert r.words is False
    assert read_digits(text) is None or value is None
    assert read_words(text) is None


@pytest.mark.parametrize(("text", "value", "has_scale"), WORD_CASES)
def test_words(text: str, value: str | None, has_scale: bool) -> None:
    for r in (read_words(text), read_number(text), read_number(text, whole=True)):
        _check(r, value)
        if r is not None:
            assert r.flags == ()
            assert r.words is True
            assert r.has_scale is has_scale
    assert read_digits(text) is None


def test_table_size() -> None:
    assert len(DIGIT_CASES) + len(SCALED_CASES) + len(WORD_CASES) >= 120


def test_examples_from_the_brief() -> None:
    expected = {
        "3 trăm triệu": 300_000_000,
        "87.500 nghìn": 87_500_000,
        "1,5 triệu": 1_500_000,
        "20 ngàn": 20_000,
        "hai tỷ rưỡi": 2_500_000_000,
        "một tỷ": 1_000_000_000,
        "một triệu rưỡi": 1_500_000,
        "hai trăm rưỡi": 250,
        "ba mươi tư": 34,
        "một trăm linh năm": 105,
    }
    for text, value in expected.items():
        r = read_number(text)
        assert r is not None and r.value == value, text


def test_nfd_input_is_composed() -> None:
    text = unicodedata.normalize("NFD", "hai mươi mốt triệu")
    r = read_number(text)
    assert r is not None and r.value == 21_000_000


def test_not_a_string() -> None:
    assert read_number(None) is None  # type: ignore[arg-type]
    assert read_digits(12) is None  # type: ignore[arg-type]
    assert read_words(b"hai") is None  # type: ignore[arg-type]


def test_reading_is_immutable_and_hashable() -> None:
    r = read_number("12")
    assert r == Reading(Decimal(12))
    assert hash(r) == hash(Reading(Decimal(12)))
    with pytest.raises(AttributeError):
        r.value = Decimal(1)  # type: ignore[misc]


def test_scales_table() -> None:
    assert SCALES == {
        "nghìn": 1000,
        "ngàn": 1000,
        "triệu": 10**6,
        "tỷ": 10**9,
        "tỉ": 10**9,
        "trăm": 100,
        "chục": 10,
    }
    for word, factor in SCALES.items():
        r = read_number(f"3 {word}")
        assert r is not None and r.value == 3 * factor and r.has_scale


def test_doctests() -> None:
    result = doctest.testmod(numbers, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 20
    assert result.failed == 0


# ------------------------------------------------------------------------- patterns

PATTERNS = {
    "DIGITS_PATTERN": DIGITS_PATTERN,
    "WORDS_PATTERN": WORDS_PATTERN,
    "SCALE_PATTERN": SCALE_PATTERN,
    "NUMBER_PATTERN": NUMBER_PATTERN,
}


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_pattern_hygiene(name: str) -> None:
    source = PATTERNS[name]
    assert isinstance(source, str)
    # pasted into templates and VERBOSE rules: no braces, no literal whitespace, no `#`
    assert not set(source) & set("{}# \t\n")
    for flags in (re.IGNORECASE, re.IGNORECASE | re.VERBOSE):
        assert re.compile(source, flags).groups == 0
    for flags in (regex.IGNORECASE, regex.IGNORECASE | regex.VERBOSE):
        assert regex.compile(source, flags).groups == 0


def _find(pattern: str, text: str) -> list[str]:
    """Matches with `re`, checking that `regex` and VERBOSE mode agree."""
    found = [m.group() for m in re.finditer(pattern, text, re.IGNORECASE)]
    for module in (re, regex):
        for flags in (module.IGNORECASE, module.IGNORECASE | module.VERBOSE):
            assert found == [m.group() for m in module.finditer(pattern, text, flags)]
    return found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Chi hội trao 35 suất quà trị giá 7 triệu đồng.", ["35", "7 triệu"]),
        ("Tỷ lệ hộ nghèo giảm còn 1,2%.", ["1,2"]),
        ("có 3 triệu chứng thường gặp", ["3"]),
        ("đạt 12 tỷ, tỷ trọng 40%", ["12 tỷ", "40"]),
        ("Trong năm qua có năm hội viên mới", []),
        ("Năm 2023 kết nạp 48 hội viên", ["2023", "48"]),
        ("một số chi hội, một cách chủ động", []),
        ("một mô hình và hai câu lạc bộ", ["một", "hai"]),
        ("góp hàng trăm ngày công và vài chục cây xanh", []),
        ("ngày 30.11.2023 tại xóm 1,3,5", []),
        ("năm 2023 100 hội viên", ["2023", "100"]),
        ("mỗi tháng 250\n000 đồng", ["250\n000"]),
        ("nhận 4.800 000 đồng", ["4.800 000"]),
        ("Hai Tỷ Đồng", ["Hai Tỷ"]),
        ("khai mạc tại 5 tỉnh", ["5"]),
        ("huy động hai mươi lăm triệu rưỡi", ["hai mươi lăm triệu rưỡi"]),
        ("chi 1 tỷ 2 trăm triệu cho 2 trăm hộ", ["1 tỷ 2 trăm triệu", "2 trăm"]),
        ("hai mươi năm qua", ["hai mươi"]),
        ("quỹ 5 triệu\n\nnghìn người", ["5 triệu"]),  # a paragraph break ends it
        ("dự án 1 tỷ 3 tỷ", ["1 tỷ", "3 tỷ"]),
        ("5 tỷ lệ", ["5"]),
    ],
)
def test_number_pattern_in_text(text: str, expected: list[str]) -> None:
    assert _find(NUMBER_PATTERN, text) == expected


def test_scale_pattern() -> None:
    assert _find(SCALE_PATTERN, "2 triệu, 5tỷ, triệu tập, tỷ lệ, tỉnh, 3 Trăm") == [
        "triệu",
        "tỷ",
        "Trăm",
    ]


def test_digits_pattern() -> None:
    assert _find(DIGITS_PATTERN, "có 2024 500 hộ, 3.350 người, 1,5 tấn") == [
        "2024",
        "500",
        "3.350",
        "1,5",
    ]


def test_words_pattern() -> None:
    assert _find(WORDS_PATTERN, "mười lăm hộ, bao nhiêu, hai khâu") == ["mười lăm", "hai"]


def test_every_match_reads() -> None:
    """The pattern accepts exactly what the reader reads: every match has a value."""
    units = ["một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "bẩy", "tám", "chín", "mười", "mươi"]
    others = ["mốt", "lăm", "nhăm", "tư", "linh", "lẻ", "trăm", "nghìn", "ngàn", "triệu", "tỷ", "tỉ"]
    others += ["chục", "rưỡi", "rưởi", "không", "số", "lệ", "người", "5tỷ", ",", "."]
    digits = ["0", "1", "12", "123", "1.000", "3.350", "10,000", "0,5", "1,5", "000", "200", "2023"]
    vocab = units + others + digits
    seps = [" ", "", "  ", "\n", "\n\n", ", "]
    rnd = random.Random(20240719)
    compiled = re.compile(NUMBER_PATTERN, re.IGNORECASE)
    seen = 0
    for _ in range(20000):
        words = [rnd.choice(vocab) for _ in range(rnd.randint(1, 8))]
        text = "".join(w + rnd.choice(seps) for w in words)
        for m in compiled.finditer(text):
            seen += 1
            assert read_number(m.group()) is not None, m.group()
    assert seen > 10000


def test_speed() -> None:
    """Generous bound; the real figure is a few microseconds per call."""
    texts = ["628 triệu", "3.171", "191,161 tỷ", "15.500 000", "hai", "2023", "0,03"]
    start = time.perf_counter()
    for _ in range(1000):
        for t in texts:
            read_number(t, whole=True)
    per_call = (time.perf_counter() - start) / (1000 * len(texts))
    assert per_call < 200e-6


# ----------------------------------------------------------------------- properties


@settings(max_examples=600, deadline=None)
@given(st.text(), st.booleans())
def test_any_text_never_raises(text: str, whole: bool) -> None:
    for r in (read_number(text, whole=whole), read_digits(text, whole=whole), read_words(text)):
        assert r is None or (isinstance(r.value, Decimal) and r.value >= 0)


_NUMBERISH = st.lists(
    st.sampled_from([*"0123456789.,  \n\u00a0", "hai", "mươi", "trăm", "tỷ", "lệ", "rưỡi"]),
    max_size=30,
).map("".join)


@settings(max_examples=600, deadline=None)
@given(_NUMBERISH, st.booleans())
def test_numberish_text_never_raises(text: str, whole: bool) -> None:
    read_number(text, whole=whole)
    read_digits(text, whole=whole)
    for m in re.finditer(NUMBER_PATTERN, text, re.IGNORECASE):
        assert read_number(m.group(), whole=whole) is not None


def _dotted(n: int, sep: str = ".") -> str:
    return f"{n:,}".replace(",", sep)


@settings(max_examples=600, deadline=None)
@given(st.integers(min_value=0, max_value=10**30))
def test_dotted_integers_round_trip(n: int) -> None:
    text = _dotted(n)
    whole = read_digits(text, whole=True)
    assert whole is not None and whole.value == n and whole.flags == ()
    loose = read_number(text)
    assert loose is not None and loose.value == n
    assert re.fullmatch(DIGITS_PATTERN, text)


@settings(max_examples=500, deadline=None)
@given(st.integers(min_value=1000, max_value=10**15), st.sampled_from([" ", "\n", "\u00a0"]))
def test_space_grouped_integers_round_trip(n: int, sep: str) -> None:
    r = read_number(_dotted(n, sep))
    assert r is not None and r.value == n


@settings(max_examples=500, deadline=None)
@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=1, max_value=99))
def test_decimal_comma_round_trip(whole_part: int, cents: int) -> None:
    text = f"{_dotted(whole_part)},{cents:02d}"
    r = read_number(text)
    assert r is not None and r.value == Decimal(whole_part) + Decimal(cents) / 100


# A formal speller, to check that the word grammar reads back what it is shown.
_UNITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


def _spell_below_1000(n: int, leading: bool) -> list[str]:
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    out: list[str] = []
    if hundreds or not leading:
        out += [_UNITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            out += (["linh"] if out else []) + [_UNITS[units]]
        return out
    out += ["mười"] if tens == 1 else [_UNITS[tens], "mươi"]
    if units:
        if units == 5:
            out.append("lăm")
        elif units == 1 and tens > 1:
            out.append("mốt")
        elif units == 4 and tens > 1:
            out.append("tư")
        else:
            out.append(_UNITS[units])
    return out


def _spell_number(n: int) -> str:
    parts = [
        (n // 10**9, "tỷ"),
        (n // 10**6 % 1000, "triệu"),
        (n // 1000 % 1000, "nghìn"),
        (n % 1000, ""),
    ]
    words: list[str] = []
    for group, scale in parts:
        if group == 0:
            continue
        words += _spell_below_1000(group, leading=not words)
        if scale:
            words.append(scale)
    return " ".join(words)


def _spellable(n: int) -> bool:
    # A last group with no scale word is read only after `nghìn` (see `_TAIL`).
    return not (n % 1000 and n >= 10**6 and n // 1000 % 1000 == 0)


@settings(max_examples=600, deadline=None)
@given(st.integers(min_value=1, max_value=999_999_999_999).filter(_spellable))
def test_spelled_integers_round_trip(n: int) -> None:
    text = _spell_number(n)
    r = read_words(text)
    assert r is not None and r.value == n, text
    assert r.words
    if text != "năm":
        assert re.fullmatch(WORDS_PATTERN, text, re.IGNORECASE), text
        assert read_number(text.upper()) == r
