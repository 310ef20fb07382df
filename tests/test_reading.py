"""Tests for vnreport.reading: bytes → text, and files → bytes.

Every input is generated here from sentences written for the tests. The legacy encoders
below are built from the encodings' rules (which byte stands for which mark), not from
the package's tables, so a wrong table entry shows up as a failed round trip.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import shutil
import subprocess
import timeit
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from unprivileged import as_nobody

from vnreport import reading
from vnreport.reading import Decoded, ReadError, decode_bytes, read_path, tcvn3_to_unicode, vni_to_unicode

SENTENCES = [
    "Chiều ngày 15/12, Hội Liên hiệp Phụ nữ quận tổ chức hội nghị tổng kết công tác Hội năm 2023.",
    "Đến dự có bà Nguyễn Thị Huyền, Phó Chủ tịch Hội LHPN thành phố cùng lãnh đạo Ủy ban nhân dân quận.",
    "Trong năm qua, các cấp Hội đã vận động đóng góp hơn 628 triệu đồng xây nhà tình thương cho hộ nghèo.",
    "Tổng dư nợ ủy thác đạt 191,161 tỷ đồng, tỷ lệ nợ quá hạn chỉ chiếm 0,03%.",
    "Khuya hôm ấy, những người thợ vẫn miệt mài khuấy hồ, quét vôi để kịp khánh thành ngôi trường mới.",
    "Quỹ khuyến học của dòng họ đã trao thưởng cho 87 em học sinh giỏi với tổng số tiền 45 triệu đồng.",
]
TEXT = "\n".join(SENTENCES)

_VOWELS = "aăâeêioôơuưy"
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
LOWER = [unicodedata.normalize("NFC", v + t) for v in _VOWELS for t in _TONES] + ["đ"]
UPPER = [c.upper() for c in LOWER]
ALPHABET = " ".join(LOWER) + "\n" + " ".join(UPPER)

# -- independent encoders ---------------------------------------------------------------

_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
_TONE_SET = {_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT}


def _split(ch: str) -> tuple[str, str, str]:
    """(base letter, shape mark, tone mark) of a lower-case Vietnamese letter."""
    d = unicodedata.normalize("NFD", ch)
    tone = "".join(c for c in d[1:] if c in _TONE_SET)
    shape = "".join(c for c in d[1:] if c not in _TONE_SET)
    return d[0], shape, tone


def encode_cp1258(text: str) -> bytes:
    """Windows-1258 the way Windows writes it: base letter (with ^, ˘, horn) + tone byte."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", ch)
            tone = "".join(c for c in d if c in _TONE_SET)
            base = unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONE_SET))
            out += (base + tone).encode("cp1258")
    return bytes(out)


# VNI-Windows: a tone byte after the vowel; with ^ or ˘ one byte carries shape and tone.
_VNI_TONE = {"": "", _ACUTE: "ù", _GRAVE: "ø", _HOOK: "û", _TILDE: "õ", _DOT: "ï"}
_VNI_CIRCUMFLEX = {"": "â", _ACUTE: "á", _GRAVE: "à", _HOOK: "å", _TILDE: "ã", _DOT: "ä"}
_VNI_BREVE = {"": "ê", _ACUTE: "é", _GRAVE: "è", _HOOK: "ú", _TILDE: "ü", _DOT: "ë"}
_VNI_I = {"": "i", _ACUTE: "í", _GRAVE: "ì", _HOOK: "æ", _TILDE: "ó", _DOT: "ò"}


def _vni_letter(ch: str) -> str:
    low = ch.lower()
    if low not in LOWER:
        return ch
    if low == "đ":
        out = "ñ"
    else:
        base, shape, tone = _split(low)
        if base == "i":
            out = _VNI_I[tone]
        elif base == "y" and tone == _DOT:
            out = "î"
        elif shape == "\u0302":
            out = base + _VNI_CIRCUMFLEX[tone]
        elif shape == "\u0306":
            out = base + _VNI_BREVE[tone]
        elif shape == "\u031b":
            out = {"o": "ô", "u": "ö"}[base] + _VNI_TONE[tone]
        else:
            out = base + _VNI_TONE[tone]
    return out.upper() if ch != low else out


def encode_vni(text: str) -> bytes:
    return "".join(_vni_letter(c) for c in unicodedata.normalize("NFC", text)).encode("cp1252")


# TCVN3 (VN3): the 14 base letters and the lower-case toned letters, in the order of LOWER;
# written out once here so that the package's YAML table is checked against it.
_TCVN3_LOWER = bytes.fromhex(
    "61b5b8b6b7b9 a8bbbebcbdc6 a9c7cac8c9cb 65ccd0cecfd1 aad2d5d3d4d6 69d7ddd8dcde"
    " 6fdfe3e1e2e4 abe5e8e6e7e9 aceaedebecee 75eff3f1f2f4 adf5f8f6f7f9 79fafdfbfcfe ae"
)
_TCVN3 = dict(zip(LOWER, _TCVN3_LOWER, strict=True))
_TCVN3_CAPITALS = {"Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7}


def encode_tcvn3(text: str) -> bytes:
    """TCVN3 as typed with ABC fonts: toned capitals take the lower-case byte."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ch in _TCVN3_CAPITALS:
            out.append(_TCVN3_CAPITALS[ch])
        elif ch in _TCVN3 and not ch.isascii():
            out.append(_TCVN3[ch])
        elif ch.lower() in _TCVN3 and not ch.isascii():
            out.append(_TCVN3[ch.lower()])
        else:
            out += ch.encode("cp1252")
    return bytes(out)


def mojibake(text: str) -> str:
    """UTF-8 read as Windows-1252 (undefined bytes kept as C1 controls, as browsers do)."""
    c1 = {}
    for b in range(0x80, 0xA0):
        with contextlib.suppress(UnicodeDecodeError):
            c1[b] = bytes([b]).decode("cp1252")
    return text.encode("utf-8").decode("latin-1").translate(c1)


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


# -- Unicode input --------------------------------------------------------------------


def test_plain_utf8_is_returned_exactly() -> None:
    data = (TEXT + "\r\n  trailing  \u00a0 spaces\r\n").encode("utf-8")
    d = decode_bytes(data)
    assert d == Decoded(data.decode("utf-8"), "utf-8", "text", ())


def test_ascii_is_utf8() -> None:
    assert decode_bytes(b"Report 2023: 15 items.\n") == Decoded("Report 2023: 15 items.\n", "utf-8", "text")


def test_nfd_utf8_is_not_composed() -> None:
    nfd = unicodedata.normalize("NFD", TEXT)
    assert nfd != TEXT
    d = decode_bytes(nfd.encode("utf-8"))
    assert d.text == nfd  # composing is the normaliser's job, through its offset map
    assert d.encoding == "utf-8"
    assert d.warnings == ()


@pytest.mark.parametrize(
    ("bom", "codec", "label"),
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    ],
)
def test_byte_order_marks(bom: bytes, codec: str, label: str) -> None:
    d = decode_bytes(bom + TEXT.encode(codec))
    assert d.text == TEXT  # the BOM is not part of the text
    assert d.encoding == label
    assert d.format == "text"


def test_bom_only_is_empty() -> None:
    with pytest.raises(ReadError, match="empty"):
        decode_bytes(codecs.BOM_UTF8)


def test_broken_utf16_after_bom() -> None:
    with pytest.raises(ReadError, match="UTF-16-LE") as err:
        decode_bytes(codecs.BOM_UTF16_LE + "Hội".encode("utf-16-le") + b"\x00\xd8")  # lone surrogate
    assert "\n" not in str(err.value)


def test_bomless_utf16_is_recognised() -> None:
    for codec in ("utf-16-le", "utf-16-be"):
        d = decode_bytes(TEXT.encode(codec))
        assert d.text == TEXT
        assert d.encoding == codec
        assert any("no byte-order mark" in w for w in d.warnings)


def test_truncated_utf8_keeps_the_text() -> None:
    data = TEXT.encode("utf-8") + "ộ".encode()[:2]
    d = decode_bytes(data)
    assert d.encoding == "utf-8"
    assert d.text == TEXT + "\ufffd"
    assert any("U+FFFD" in w for w in d.warnings)


# -- legacy encodings -------------------------------------------------------------------


def test_cp1258_keeps_combining_tones() -> None:
    data = encode_cp1258(TEXT)
    d = decode_bytes(data)
    assert d.encoding == "windows-1258"
    assert d.warnings == ("encoding guessed: windows-1258",)
    assert d.text == data.decode("cp1258")  # exactly the bytes' characters, not composed
    assert d.text != TEXT
    assert nfc(d.text) == TEXT


def test_cp1258_full_alphabet() -> None:
    assert nfc(encode_cp1258(ALPHABET).decode("cp1258")) == ALPHABET
    d = decode_bytes(encode_cp1258(TEXT + "\n" + ALPHABET))
    assert d.encoding == "windows-1258"
    assert nfc(d.text) == TEXT + "\n" + ALPHABET


def test_tcvn3_known_answers() -> None:
    # Hội, Bảo Thắng, Mường Khương, Việt Nam as they are stored with .VnTime fonts
    assert decode_bytes(b"H\xe9i Li\xaan hi\xd6p Ph\xf4 n\xf7").text == "Hội Liên hiệp Phụ nữ"
    assert tcvn3_to_unicode("B¶o Th¾ng, M\xadêng Kh\xad¬ng, ViÖt Nam") == "Bảo Thắng, Mường Khương, Việt Nam"
    assert tcvn3_to_unicode("§¶ng") == "Đảng"


def test_tcvn3_lower_case_alphabet_round_trips() -> None:
    assert tcvn3_to_unicode(encode_tcvn3(" ".join(LOWER)).decode("cp1252")) == " ".join(LOWER)


def test_tcvn3_capitals() -> None:
    # The base capitals have their own bytes.
    assert tcvn3_to_unicode(encode_tcvn3("Ă Â Ê Ô Ơ Ư Đ").decode("cp1252")) == "Ă Â Ê Ô Ơ Ư Đ"
    # Toned capitals share the lower-case bytes; inside a word written in capitals they
    # are restored...
    words = [f"T{c}NG" for c in UPPER if c not in "AEIOUY"]
    assert tcvn3_to_unicode(encode_tcvn3(" ".join(words)).decode("cp1252")) == " ".join(words)
    assert tcvn3_to_unicode(encode_tcvn3("HỘI NGHỊ TỔNG KẾT").decode("cp1252")) == "HỘI NGHỊ TỔNG KẾT"
    # ...but a toned capital that starts a mixed-case word cannot be told from lower case.
    assert tcvn3_to_unicode(encode_tcvn3("Ủy ban, Ấp Bắc, Ở đâu").decode("cp1252")) == "ủy ban, ấp Bắc, ở đâu"


@pytest.mark.skipif(shutil.which("iconv") is None, reason="no iconv to cross-check against")
def test_tcvn3_table_agrees_with_iconv() -> None:
    """glibc's TCVN5712-1 (VN1) is a superset of VN3: the shared bytes must agree."""
    data = bytes(range(0xA1, 0x100))
    run = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=data, capture_output=True, check=False)
    if run.returncode != 0:
        pytest.skip("this iconv has no TCVN5712-1")
    expected = run.stdout.decode("utf-8")
    got = data.decode("latin-1").translate(reading._legacy().tcvn3)
    assert got == expected


def test_tcvn3_detection() -> None:
    d = decode_bytes(encode_tcvn3(TEXT))
    assert d.encoding == "tcvn3"
    assert d.warnings == ("encoding guessed: tcvn3",)
    # only the toned capitals at the start of "Ủy" are lost
    assert d.text == TEXT.replace("Ủy", "ủy")
    assert d.text == nfc(d.text)


def test_vni_known_answers() -> None:
    assert vni_to_unicode("Xin chaøo caùc baïn") == "Xin chào các bạn"
    assert vni_to_unicode("Hoäi Lieân hieäp Phuï nöõ Vieät Nam") == "Hội Liên hiệp Phụ nữ Việt Nam"
    assert vni_to_unicode("ÑOÀNG CHÍ, ñöôïc, ngöôøi") == "ĐỒNG CHÍ, được, người"


def test_vni_full_alphabet_round_trips() -> None:
    assert vni_to_unicode(encode_vni(ALPHABET).decode("cp1252")) == ALPHABET
    d = decode_bytes(encode_vni(TEXT + "\n" + ALPHABET))
    assert d.encoding == "vni-windows"
    assert d.warnings == ("encoding guessed: vni-windows",)
    assert d.text == TEXT + "\n" + ALPHABET


def test_vni_capital_with_lower_case_mark() -> None:
    assert vni_to_unicode("Aù Oâ") == "Á Ô"


@pytest.mark.parametrize("encoder", [encode_cp1258, encode_tcvn3, encode_vni])
def test_each_sentence_alone_is_detected(encoder) -> None:  # type: ignore[no-untyped-def]
    expected = {encode_cp1258: "windows-1258", encode_tcvn3: "tcvn3", encode_vni: "vni-windows"}[encoder]
    for sentence in SENTENCES:
        assert decode_bytes(encoder(sentence)).encoding == expected, sentence


def test_non_vietnamese_western_text_falls_back() -> None:
    text = "Le café de la gare est fermé à Noël — « déjà vu »."
    d = decode_bytes(text.encode("cp1252"))
    assert d.text == text
    assert d.encoding == "windows-1252"
    assert "does not look Vietnamese" in d.warnings[0]


def test_latin1_is_the_last_resort() -> None:
    data = b"Stra\xdfe \x81\x8d caf\xe9"  # bytes Windows-1252 leaves undefined
    d = decode_bytes(data)
    assert d.encoding == "latin-1"
    assert d.text == data.decode("latin-1")


# -- repairs of valid UTF-8 ---------------------------------------------------------------


def test_mojibake_is_repaired() -> None:
    broken = mojibake(TEXT)
    assert "Há»™i" in broken
    d = decode_bytes(broken.encode("utf-8"))
    assert d.text == TEXT
    assert d.encoding == "utf-8 (repaired from windows-1252 mojibake)"
    assert d.warnings and "mojibake" in d.warnings[0]


def test_mojibake_with_undefined_windows_1252_bytes() -> None:
    # "ờ" is E1 BB 9D; 0x9D is undefined in Windows-1252 and survives as U+009D
    broken = mojibake("Người đứng đầu các cấp Hội")
    assert "\x9d" in broken
    assert decode_bytes(broken.encode("utf-8")).text == "Người đứng đầu các cấp Hội"


def test_double_mojibake_is_repaired() -> None:
    d = decode_bytes(mojibake(mojibake(TEXT)).encode("utf-8"))
    assert d.text == TEXT
    assert "twice" in d.warnings[0]


def test_mojibake_with_utf8_bom() -> None:
    d = decode_bytes(codecs.BOM_UTF8 + mojibake(TEXT).encode("utf-8"))
    assert d.text == TEXT
    assert d.encoding == "utf-8-sig (repaired from windows-1252 mojibake)"


def test_correct_text_with_latin1_symbols_is_left_alone() -> None:
    text = "Giá vàng “SJC” tăng 0,5% — đạt 75,2 triệu đồng/lượng; nhiệt độ 30°C, © báo Nhân Dân.\u00a0"
    assert decode_bytes(text.encode("utf-8")) == Decoded(text, "utf-8", "text")


@pytest.mark.parametrize(("encoder", "name"), [(encode_tcvn3, "tcvn3"), (encode_vni, "vni-windows")])
def test_legacy_text_pasted_into_utf8(encoder, name: str) -> None:  # type: ignore[no-untyped-def]
    pasted = encoder(TEXT).decode("cp1252")  # what a .VnTime document looks like in Unicode
    d = decode_bytes(pasted.encode("utf-8"))
    assert d.encoding == f"utf-8 (converted from {name} characters)"
    assert nfc(d.text).lower() == TEXT.lower()


def test_fast_path_does_not_score_or_load_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*_: object) -> float:
        raise AssertionError("the legacy scoring ran on plain UTF-8")

    reading._legacy.cache_clear()
    monkeypatch.setattr(reading, "_vietnamese_score", boom)
    for text in (TEXT, unicodedata.normalize("NFD", TEXT), "plain ascii"):
        decode_bytes(text.encode("utf-8"))
    assert reading._legacy.cache_info().currsize == 0


def test_fast_path_timing() -> None:
    data = ((TEXT + "\n\n") * 20).encode("utf-8")[:5000]
    data = data.decode("utf-8", "ignore").encode("utf-8")
    per_call = min(timeit.repeat(lambda: decode_bytes(data), number=20, repeat=5)) / 20
    assert per_call < 0.001  # well under a millisecond on any machine; ~0.05 ms typical


# -- binary and empty input ------------------------------------------------------------------


def test_empty() -> None:
    with pytest.raises(ReadError, match=r"^empty file$"):
        decode_bytes(b"")


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"Hello\x00world" * 10, "NUL"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"GIF89a\x01\x00\x01\x00", "GIF"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 20, "97-2003"),
        (bytes(range(1, 32)) * 10 + b"some text", "control characters"),
    ],
)
def test_binary_is_refused(data: bytes, what: str) -> None:
    with pytest.raises(ReadError) as err:
        decode_bytes(data)
    message = str(err.value)
    assert what in message
    assert "\n" not in message


def test_nul_far_into_the_file_is_binary() -> None:
    with pytest.raises(ReadError, match="NUL"):
        decode_bytes(TEXT.encode("utf-8") * 200 + b"\x00" + TEXT.encode("utf-8"))


def test_read_error_is_one_line() -> None:
    assert str(ReadError("first line\nsecond   line")) == "first line second line"


# -- read_path -------------------------------------------------------------------------------


def test_read_path_returns_raw_bytes_and_text(tmp_path: Path) -> None:
    data = TEXT.encode("utf-8")
    path = tmp_path / "bài viết.txt"
    path.write_bytes(data)
    raw, decoded = read_path(path)
    assert raw == data
    assert decoded == Decoded(TEXT, "utf-8", "text")


def test_vietnamese_file_name_with_spaces(tmp_path: Path) -> None:
    path = tmp_path / "Báo cáo Hội nghị tổng kết 2023 (bản cuối).TXT"
    path.write_bytes(encode_vni(TEXT))
    raw, decoded = read_path(path)
    assert raw == encode_vni(TEXT)
    assert decoded.text == TEXT
    assert decoded.encoding == "vni-windows"


@pytest.mark.parametrize(("name", "fmt"), [("a.md", "markdown"), ("a.markdown", "markdown"), ("a.text", "text")])
def test_suffixes(tmp_path: Path, name: str, fmt: str) -> None:
    path = tmp_path / name
    path.write_text("# Hội nghị\n\nNội dung.", encoding="utf-8")
    assert read_path(path)[1].format == fmt


def test_unknown_suffix_is_sniffed(tmp_path: Path) -> None:
    page = tmp_path / "page.php"
    page.write_text("<!DOCTYPE html><html><body><p>Hội nghị</p></body></html>", encoding="utf-8")
    assert read_path(page)[1] == Decoded("Hội nghị", "utf-8", "html")
    other = tmp_path / "notes.log"
    other.write_text("Hội nghị", encoding="utf-8")
    assert read_path(other)[1].format == "text"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match=r"^no such file$"):
        read_path(tmp_path / "không có.txt")


def test_path_through_a_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x")
    with pytest.raises(ReadError, match="not a directory"):
        read_path(tmp_path / "a.txt" / "b.txt")


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match=r"^is a directory, not a file$"):
        read_path(tmp_path)


def test_broken_symlink(tmp_path: Path) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "gone.txt")
    with pytest.raises(ReadError, match="broken symbolic link") as err:
        read_path(link)
    assert "gone.txt" in str(err.value)


def test_symlink_loop(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.symlink_to(b)
    b.symlink_to(a)
    with pytest.raises(ReadError, match=r"^symbolic link loop$"):
        read_path(a)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_fifo_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(ReadError, match="not a regular file"):
        read_path(fifo)  # must not block waiting for a writer


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(ReadError, match=r"^empty file$"):
        read_path(path)


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "scan.txt"
    path.write_bytes(b"%PDF-1.4\n" + bytes(range(256)))
    with pytest.raises(ReadError, match="PDF"):
        read_path(path)


def test_too_large_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 1001)

    def no_open(*_: object, **__: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(reading, "open", no_open, raising=False)
    with pytest.raises(ReadError, match=r"too large \(1,001 bytes; the limit is 1,000\)"):
        read_path(path, max_bytes=1000)
    monkeypatch.undo()
    assert read_path(path, max_bytes=1001)[0] == b"a" * 1001


def test_permission_denied_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The message, whoever runs the tests (root ignores file modes)."""
    path = tmp_path / "secret.txt"
    path.write_text("Hội")

    def denied(*_: object, **__: object) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(reading, "open", denied, raising=False)
    with pytest.raises(ReadError, match=r"^permission denied$"):
        read_path(path)


def test_permission_denied_for_real(tmp_path: Path) -> None:
    """A real EACCES: as an ordinary user via chmod, as root by dropping to 'nobody'."""
    path = tmp_path / "secret.txt"
    path.write_text("Hội")
    path.chmod(0)
    if os.geteuid() != 0:
        with pytest.raises(ReadError, match=r"^permission denied$"):
            read_path(path)
        return
    # root bypasses file modes; a forked child that drops to an unprivileged user does
    # not (tmp_path itself is private to root, so even the stat() is refused).

    def read() -> str:
        try:
            read_path(path)
        except ReadError as e:
            return str(e)
        return "read it"

    answer = as_nobody(read)
    assert answer == "permission denied"


# -- properties ------------------------------------------------------------------------------


_VIET_CHARS = "".join(LOWER + UPPER) + "bcdghklmnpqrstvxBCDGHKLMNPQRSTVX0123456789 .,;:!?()%/-–“”\n"
_viet_text = st.text(alphabet=_VIET_CHARS, min_size=1, max_size=300)


# Any bytes: tests/test_properties.py (`test_decoders_answer_or_refuse_on_file_like_bytes`).


@settings(max_examples=300, deadline=None)
@given(_viet_text)
def test_vietnamese_utf8_comes_back_unchanged(text: str) -> None:
    if not any(c in "ăĂđĐĩĨũŨơƠưƯ" or "\u1ea0" <= c <= "\u1ef9" for c in text):
        return  # without a letter beyond Latin-1 the text may legitimately read as a legacy font
    for form in ("NFC", "NFD"):
        s = unicodedata.normalize(form, text)
        assert decode_bytes(s.encode("utf-8")) == Decoded(s, "utf-8", "text")


@settings(max_examples=200, deadline=None)
@given(_viet_text)
def test_vni_and_cp1258_encoders_round_trip(text: str) -> None:
    assert vni_to_unicode(encode_vni(text).decode("cp1252")) == nfc(text)
    assert nfc(encode_cp1258(text).decode("cp1258")) == nfc(text)
