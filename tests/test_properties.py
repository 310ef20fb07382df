"""Properties over arbitrary input: whatever text or bytes arrive, vnreport answers or says why.

The number reader's own property (any Unicode text → no exception) lives in
tests/test_numbers.py, and tests/test_document.py checks the offset map and the pipeline
on Vietnamese-like text; these extend them to any Unicode text, to the characters real
pages carry besides letters (line and paragraph separators, soft hyphens, joiners,
non-Latin digits), to the decoders on bytes shaped like real files, and to whole files
of any content through `extract_file`. Every property runs at least 500 examples.
"""

from __future__ import annotations

import io
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vnreport
from vnreport.document import fold
from vnreport.formats import decode_docx, decode_html
from vnreport.reading import Decoded, ReadError, decode_bytes
from vnreport.ruleset import default_rules

RULES = default_rules()
EXAMPLES = 500
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ------------------------------------------------------------------------------ text

VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
WORDS = [
    "Hội", "LHPN", "UBND", "huyện", "xã", "Quận 1", "tổ chức", "hội nghị", "đại hội", "ngày", "tháng", "năm",
    "Chiều", "Sáng", "hơn", "khoảng", "triệu", "tỷ", "nghìn", "đồng", "đ", "VNĐ", "%", "hộ", "chị em", "bà",
    "ông", "đồng chí", "Nguyễn Thị", "Huyền", "Phó Chủ tịch", "Tham dự có", "quý I", "nhiệm kỳ", "2021 – 2026",
    "15/12", "30/11/2023", "12/12", "3.171", "191,161", "15.500 000", "0,03", "53/53", "hai", "mươi", "Nghị quyết số",
    "71-NQ/BCH", "“5 không”", "(", ")", ":", ";", "-", "–", "—", "…", "•", "₫", "$", "25.000",
]
# What pages and pasted PDFs carry between the letters: every kind of space, line and
# paragraph separators, soft hyphens, joiners, BOMs, combining marks (alone and stacked),
# digits of other scripts, superscripts, fullwidth forms, a few astral characters.
ODD = [
    "\n", "\r\n", "\r", "\n\n", "\t", "\x0b", "\x0c", "\x85", "\u2028", "\u2029", "\u00a0", "\u202f", "\u2009",
    "\u3000", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u0300", "\u0301", "\u0303", "\u0309",
    "\u0323", "\u0306\u0301", "\u031b\u0300", "\u0302\u0323", "٣", "۴", "०", "０１２", "²", "½", "Ⅻ", "ﬁ", "İ", "ß",
    "\U0001d7d9", "\U0001f600", "\ud7ff", "\ue000", "\ufffd", "\x00", "\x1b", "\x7f",
]
ALPHABET = VIETNAMESE + VIETNAMESE.upper() + "0123456789 .,;:/%-()\"'"
# Sentences of the kind the families extract from, so that generated articles have
# figures, dates, organisations, people and events whose spans can be checked.
PHRASES = [
    "Chiều ngày 15/12, Hội LHPN quận tổ chức hội nghị tổng kết công tác Hội năm 2023.",
    "Các chị đã đóng góp hơn 628 triệu đồng, tỷ lệ hộ nghèo giảm còn 1,5%.",
    "Cùng dự có bà Nguyễn Thị Huyền – Phó Chủ tịch Hội LHPN thành phố; ông Tạ Tự Bình – Phó Chủ tịch UBND quận.",
    "Năm 2024, Quận Hội đề ra 5 nhiệm vụ trọng tâm và 53/53 chỉ tiêu đạt kế hoạch.",
    "Tổng dư nợ 191,161 tỷ đồng; Hội CCB xã trao 20 suất quà trị giá 15.500 000 đ cho hộ nghèo.",
    "Sáng 18/1/2024, Đoàn Thanh niên huyện Yên Lạc tổ chức Đại hội nhiệm kỳ 2024 – 2029.",
    "Tham dự có các đồng chí: Lê Văn Hùng, Bí thư Huyện ủy; Trần Thị Mai, Chủ tịch Hội LHPN huyện.",
    "Trong 6 tháng đầu năm 2024, Ngân hàng CSXH huyện giải ngân khoảng 3 trăm triệu đồng cho 12 hộ.",
]


@st.composite
def _phrase(draw: st.DrawFn) -> str:
    """A sentence with, sometimes, an odd character slipped in somewhere (a pasted PDF)."""
    text = draw(st.sampled_from(PHRASES))
    for _ in range(draw(st.integers(0, 2))):
        i = draw(st.integers(0, len(text)))
        text = text[:i] + draw(st.sampled_from(ODD)) + text[i:]
    return text


viet_like = st.lists(
    st.one_of(_phrase(), st.sampled_from(WORDS), st.sampled_from(ODD),
              st.text(alphabet=ALPHABET, min_size=1, max_size=8), st.just(" ")),
    max_size=30,
).map("".join)
any_text = st.text(max_size=300)  # every code point hypothesis generates, surrogates excluded


def key(s: str) -> str:
    """How the contract compares names: NFC, whitespace folded, case-folded."""
    return fold(s).casefold()


def check_tree(original: str, tree: dict[str, Any]) -> None:
    """Every span lies inside the original, and every evidence text is the original there."""
    n = len(original)
    assert tree["source"]["chars"] == n
    for list_name in ("figures", "dates", "events"):
        for item in tree[list_name]:
            assert 0 <= item["start"] < item["end"] <= n, (list_name, item)
            assert fold(original[item["start"] : item["end"]]) == item["text"], (list_name, item)
    for entity in tree["organizations"]:
        assert entity["mentions"], entity
        for m in entity["mentions"]:
            assert 0 <= m["start"] < m["end"] <= n, entity
            # One entry per distinct name: every mention reads as the name.
            assert key(original[m["start"] : m["end"]]) == key(entity["name"]), entity
    for entity in tree["people"]:
        assert entity["mentions"], entity
        for m in entity["mentions"]:
            assert 0 <= m["start"] < m["end"] <= n, entity
            # A later mention may be the given name alone (`đồng chí Hùng` after `Nguyễn Trung Hùng`).
            said = key(original[m["start"] : m["end"]])
            assert said and (said == key(entity["name"]) or key(entity["name"]).endswith(" " + said)), entity
    assert all(isinstance(w, str) and "\n" not in w for w in tree["warnings"])


@SETTINGS
@given(any_text)
def test_pipeline_on_any_unicode_text(original: str) -> None:
    check_tree(original, vnreport.extract_text(original, rules=RULES))


@SETTINGS
@given(viet_like)
def test_pipeline_on_vietnamese_with_odd_characters(original: str) -> None:
    check_tree(original, vnreport.extract_text(original, rules=RULES))


@SETTINGS
@given(viet_like, st.sampled_from(["NFC", "NFD", "NFKC"]), st.dates(date(1900, 1, 1), date(2100, 12, 31)))
def test_pipeline_on_normalised_forms_with_a_reference_date(original: str, form: str, ref: date) -> None:
    """NFD (Word, macOS) moves every tone into its own code point; offsets must follow."""
    text = unicodedata.normalize(form, original)
    tree = vnreport.extract_text(text, rules=RULES, reference_date=ref)
    check_tree(text, tree)
    assert tree["document"]["reference_date"] == ref.isoformat()


# ----------------------------------------------------------------------------- bytes


def _docx(body: str) -> bytes:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", f'<w:document xmlns:w="{w}"><w:body>{body}</w:body></w:document>')
    return buf.getvalue()


_DOCX = _docx("<w:p><w:r><w:t>Chiều ngày 15/12, Hội LHPN quận trao 20 suất quà.</w:t></w:r></w:p>")
_HTML = "<html><head><meta charset='{}'></head><body><article><p>{}</p></article></body></html>"
_BOMS = [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"]
_MAGIC = [
    b"%PDF-1.4\n", b"\x89PNG\r\n\x1a\n", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"{\\rtf1", b"GIF89a",
]


@st.composite
def mutated(draw: st.DrawFn, data: bytes) -> bytes:
    """`data` with a few bytes overwritten, inserted or cut: a damaged download."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["set", "insert", "cut"]))
        i = draw(st.integers(0, max(0, len(out) - 1)))
        if op == "set" and out:
            out[i] = draw(st.integers(0, 255))
        elif op == "insert":
            out[i:i] = draw(st.binary(min_size=1, max_size=8))
        else:
            del out[i : i + draw(st.integers(1, 64))]
    return bytes(out)


def _encodings(text: str) -> st.SearchStrategy[bytes]:
    codecs = ["utf-8", "utf-16-le", "utf-16-be", "utf-32", "cp1258", "cp1252", "latin-1"]
    return st.sampled_from(codecs).map(lambda c: text.encode(c, errors="replace"))


file_bytes = st.one_of(
    st.binary(max_size=600),
    st.tuples(st.sampled_from(_BOMS), st.binary(max_size=300)).map(b"".join),
    st.tuples(st.sampled_from(_MAGIC), st.binary(max_size=200)).map(b"".join),
    viet_like.flatmap(_encodings),
    st.tuples(viet_like.map(lambda t: t.encode("utf-8")), st.binary(max_size=12), viet_like.map(str.encode))
    .map(b"".join),
    st.tuples(st.sampled_from(["utf-8", "windows-1258", "tcvn3", "vni", "x-nonsense", ""]), viet_like)
    .map(lambda a: _HTML.format(*a).encode("utf-8", errors="replace")),
    mutated(_DOCX),
    mutated(_HTML.format("utf-8", "Hội nghị ngày 15/12").encode()),
    st.lists(st.sampled_from([b"<a ", b"</", b"<!--", b"<![CDATA[", b"<?", b"&#", b"<p>", b"\x00", b"\xe1\xbb"]),
             max_size=200).map(b"".join),
)


@SETTINGS
@given(file_bytes)
def test_decoders_answer_or_refuse_on_file_like_bytes(data: bytes) -> None:
    """decode_bytes (and the HTML and DOCX readers) return a Decoded or raise ReadError."""
    for decode in (decode_bytes, decode_html, decode_docx):
        try:
            result = decode(data)
        except ReadError as e:
            assert str(e) and "\n" not in str(e)
        else:
            assert isinstance(result, Decoded) and isinstance(result.text, str)
            assert result.text.encode("utf-8")  # no lone surrogates: it must be writable as UTF-8
            assert result.encoding and all("\n" not in w for w in result.warnings)


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder)


@SETTINGS
@given(file_bytes, st.sampled_from([".txt", ".md", ".html", ".htm", ".docx", ".TXT", "", ".dat"]))
def test_any_file_gives_a_tree_or_a_read_error(scratch: Path, data: bytes, suffix: str) -> None:
    """Any bytes under any of the names a batch meets: a contract tree, or a one-line ReadError."""
    path = scratch / f"article{suffix}"
    path.write_bytes(data)
    try:
        tree = vnreport.extract_file(path, rules=RULES)
    except ReadError as e:
        assert str(e) and "\n" not in str(e)
        return
    from vnreport.reading import read_path

    _, decoded = read_path(path)
    check_tree(decoded.text, tree)
    assert tree["source"]["encoding"] == decoded.encoding
    assert set(decoded.warnings) <= set(tree["warnings"])
