"""Bytes → text: the first stage, and the only one that touches files.

Every offset the extractor reports indexes the text produced here, so this module decides
once, and exactly, what "the original text" is:

* Unicode input (UTF-8 with or without BOM, UTF-16/32 with BOM) is returned as decoded,
  with no normalisation: NFD from Word or macOS, or Windows-1258 combining tone marks, stay
  as they are, and the normaliser composes them later through its offset map.
* Legacy Vietnamese font encodings (TCVN3/ABC, VNI-Windows) and Windows-1252 mojibake carry
  no usable Unicode at all; for them the converted, NFC-composed text *is* the original,
  and the reason is recorded in ``Decoded.encoding`` and ``Decoded.warnings``.

Guessing is unavoidable for 8-bit files, which say nothing about their encoding. The guess
decodes the bytes every plausible way and keeps the reading that looks most like Vietnamese
(valid syllables, frequent words, no stray symbols). Plain UTF-8 never pays for that: it is
recognised by a strict decode plus two regular-expression scans.
"""

from __future__ import annotations

import codecs
import errno
import functools
import os
import re
import stat
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, BinaryIO

__all__ = [
    "Decoded",
    "ReadError",
    "binary_reason",
    "decode_ansi",
    "decode_bytes",
    "os_reason",
    "read_at_most",
    "read_path",
    "repair_unicode_text",
    "tcvn3_to_unicode",
    "vni_to_unicode",
]


class ReadError(Exception):
    """One-line, human-readable reason a file cannot be read (str(e) is shown to the user).

    The message is folded onto one line here so that no caller can print a multi-line
    reason by accident (a wrapped OS message, a path with a newline in it).
    """

    def __init__(self, reason: str) -> None:
        super().__init__(" ".join(str(reason).split()))


@dataclass(frozen=True)
class Decoded:
    """The decoded original text of one file and how it was obtained."""

    text: str  # the decoded original text; offsets index this
    encoding: str  # what the bytes were decoded as: "utf-8", "windows-1258", "tcvn3", …
    format: str  # "text" | "html" | "docx" | "markdown"
    warnings: tuple[str, ...] = ()  # e.g. "encoding guessed: windows-1258"


# --------------------------------------------------------------------------------------
# Byte-level sniffing

# Longest first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
)

# File signatures of things people drop into an input folder by mistake. A ZIP is only an
# error here: read_path() sends .docx files to the DOCX reader before they get this far.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "binary file (PDF document; extract its text first)"),
    (b"\x89PNG\r\n\x1a\n", "binary file (PNG image)"),
    (b"\xff\xd8\xff", "binary file (JPEG image)"),
    (b"GIF87a", "binary file (GIF image)"),
    (b"GIF89a", "binary file (GIF image)"),
    (b"II*\x00", "binary file (TIFF image)"),
    (b"MM\x00*", "binary file (TIFF image)"),
    (b"PK\x03\x04", "binary file (ZIP archive)"),
    (b"PK\x05\x06", "binary file (empty ZIP archive)"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "binary file (Word 97-2003 .doc or other legacy Office file; save it as .docx or plain text)",
    ),
    (b"\x7fELF", "binary file (executable)"),
    (b"\x1f\x8b\x08", "binary file (gzip archive)"),
    (b"7z\xbc\xaf\x27\x1c", "binary file (7-Zip archive)"),
    (b"Rar!\x1a\x07", "binary file (RAR archive)"),
    (b"{\\rtf", "unsupported format (RTF document; save it as .docx or plain text)"),
)

# Control bytes that never occur in text files (tab, line breaks, form feed, vertical tab
# and the DOS end-of-file mark 0x1A are allowed).
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1A), *range(0x1B, 0x20), 0x7F])
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
_SNIFF_SIZE = 65536
_MAX_CONTROL_SHARE = 0.05


def binary_reason(data: bytes) -> str | None:
    """Why ``data`` is not a text file, or None when it may be one.

    Cheap by design (a prefix comparison and one C-level ``translate``), because every
    file goes through it, including the plain UTF-8 fast path.
    """
    for magic, reason in _MAGIC:
        if data.startswith(magic):
            return reason
    if b"\x00" in data:  # memchr over the whole file: a NUL anywhere means binary
        return "binary file (contains NUL bytes)"
    sample = data[:_SNIFF_SIZE]
    controls = len(sample.translate(None, _NOT_CONTROL))
    if controls and controls > _MAX_CONTROL_SHARE * len(sample):
        return f"binary file ({100 * controls // len(sample)}% control characters)"
    return None


def _guess_bomless_utf16(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NUL bytes sit in every other position, else None.

    Vietnamese UTF-16 without a BOM still has a NUL high byte for every ASCII character
    (spaces, digits, most consonants), so the pattern is unmistakable on real text.
    """
    sample = data[:4096]
    half = len(sample) // 2
    if half < 2 or len(data) % 2:
        return None
    even_nul = sample[0::2].count(0)
    odd_nul = sample[1::2].count(0)
    if odd_nul > 0.3 * half and even_nul < 0.02 * half:
        return "utf-16-le"
    if even_nul > 0.3 * half and odd_nul < 0.02 * half:
        return "utf-16-be"
    return None


# --------------------------------------------------------------------------------------
# Windows-1252 as a total byte ↔ character mapping

# Python's cp1252 codec rejects the five bytes Windows leaves undefined; text that went
# through a Windows-1252 round trip (or a legacy font file) carries them as C1 controls.
_CP1252_C1: dict[int, str] = {}
for _b in range(0x80, 0xA0):
    try:
        _CP1252_C1[_b] = bytes([_b]).decode("cp1252")
    except UnicodeDecodeError:
        _CP1252_C1[_b] = chr(_b)
_ANSI_TRANSLATE = {b: c for b, c in _CP1252_C1.items() if c != chr(b)}
# Character → byte for the mojibake repair: the Windows-1252 characters and, for text that
# went through Latin-1 instead, the C1 code points themselves.
_CP1252_REVERSE: dict[str, int] = {c: b for b, c in _CP1252_C1.items()}
_CP1252_REVERSE.update({chr(b): b for b in range(0x80, 0x100)})


def decode_ansi(data: bytes) -> str:
    """Bytes read as Windows-1252, undefined bytes kept as C1 code points (never fails).

    This is how legacy-font files must be read before their table is applied: the font
    tables only cover 0xA0–0xFF, and Windows put its own punctuation in 0x80–0x9F.
    """
    return data.decode("latin-1").translate(_ANSI_TRANSLATE)


def _mojibake_encode_error(err: UnicodeError) -> tuple[bytes, int]:
    """Encode error handler: C1 code points → their byte, anything else → its UTF-8 bytes."""
    if not isinstance(err, UnicodeEncodeError):
        raise err
    chunk = err.object[err.start : err.end]
    out = bytearray()
    for ch in chunk:
        byte = _CP1252_REVERSE.get(ch)
        if byte is not None:
            out.append(byte)
        else:
            out += ch.encode("utf-8", "surrogatepass")
    return bytes(out), err.end


codecs.register_error("vnreport.mojibake", _mojibake_encode_error)
# Bytes that failed to decode come back as lone surrogates; map them to the character
# they were before the repair attempt.
_SURROGATE_BACK = {0xDC00 + b: (_CP1252_C1.get(b) or chr(b)) for b in range(0x80, 0x100)}


# --------------------------------------------------------------------------------------
# Legacy font encodings (tables in data/legacy_encodings.yaml)


@dataclass(frozen=True)
class _LegacyTables:
    tcvn3: dict[int, str]  # str.translate table over Latin-1 code points
    tcvn3_lower: frozenset[str]  # letters TCVN3 can only write in lower case
    tcvn3_caps_word: re.Pattern[str]  # a word with two or more capitals
    vni: dict[str, str]  # VNI byte sequence (as Latin-1 text) → letter
    vni_re: re.Pattern[str]


@functools.lru_cache(maxsize=1)
def _legacy() -> _LegacyTables:
    """Load the conversion tables once, on first use: plain UTF-8 input never needs them."""
    import yaml  # deferred with the tables: the fast path does not pay for importing it

    source = resources.files("vnreport").joinpath("data", "legacy_encodings.yaml")
    data: dict[str, Any] = yaml.safe_load(source.read_text(encoding="utf-8"))

    tcvn3: dict[int, str] = {}
    for section in ("decode", "decode_vn1_capitals"):
        for hexbyte, char in data["tcvn3"][section].items():
            tcvn3[int(str(hexbyte), 16)] = str(char)
    tcvn3_lower = frozenset(
        c for b, c in data["tcvn3"]["decode"].items() if len(c) == 1 and c.islower() and int(str(b), 16) >= 0xA8
    )

    vni: dict[str, str] = {}
    for letter, hexseq in data["vni_windows"]["letters"].items():
        seq = bytes.fromhex(str(hexseq)).decode("latin-1")
        if seq == letter:
            continue
        vni[seq] = letter
        if len(seq) == 2:
            # Tone-mark bytes come in a lower- and an upper-case form; files mix them up
            # (a capital typed with the lower-case mark), the base letter decides the case.
            other = seq[0] + seq[1].swapcase()
            if other != seq and len(other) == 2:
                vni.setdefault(other, letter)
    alternation = "|".join(re.escape(s) for s in sorted(vni, key=len, reverse=True))
    capitals = "A-Z\u00c0-\u00de" + "".join(sorted({c for c in tcvn3.values() if c.isupper() and ord(c) > 0xFF}))
    caps_word = re.compile(rf"(?<![^\W\d_])(?=(?:[^\W\d_]*?[{capitals}]){{2}})[^\W\d_]+")
    return _LegacyTables(tcvn3, tcvn3_lower, caps_word, vni, re.compile(alternation))


_LETTER_RUN = re.compile(r"[^\W\d_]+")


def tcvn3_to_unicode(text: str) -> str:
    """Read Latin-1 characters as TCVN3 (ABC, .VnTime fonts); returns NFC text.

    ``text`` is what a TCVN3 file looks like when read as Windows-1252 (or what a TCVN3
    document looks like after being pasted into a Unicode editor). TCVN3 has no toned
    capitals: they are written with the lower-case byte in an upper-case font, so a word
    such as ``HéI`` comes out as ``HộI``. Words that are otherwise written in capitals
    (two or more capitals, and no lower-case letter except those TCVN3 cannot write in
    upper case) are put back in upper case; a toned capital at the start of a mixed-case
    word (``Ủy``, ``Ấp``) cannot be told from lower case and stays lower case.
    """
    tables = _legacy()
    converted = unicodedata.normalize("NFC", text.translate(tables.tcvn3))
    lower = tables.tcvn3_lower

    def fix_caps(m: re.Match[str]) -> str:
        word = m.group(0)
        if any(c in lower for c in word) and not any(c.islower() and c not in lower for c in word):
            return word.upper()
        return word

    return tables.tcvn3_caps_word.sub(fix_caps, converted)


def vni_to_unicode(text: str) -> str:
    """Read Latin-1 characters as VNI-Windows (VNI-Times fonts); returns NFC text.

    VNI writes a toned vowel as its base letter followed by a mark byte (``Hoäi`` = Hội),
    so the conversion replaces byte pairs, longest match first.
    """
    tables = _legacy()
    table = tables.vni
    converted = tables.vni_re.sub(lambda m: table[m.group(0)], text)
    return unicodedata.normalize("NFC", converted)


# --------------------------------------------------------------------------------------
# How Vietnamese does a text look?


def _words(*lines: str) -> frozenset[str]:
    """A word set written as lines of space-separated words (easier to read and edit)."""
    return frozenset(word for line in lines for word in line.split())


_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_STRIP_TONES = {ord(c): None for c in _TONE_MARKS}
_INITIALS = "ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|q|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
_RHYMES = _words(
    "a ac ach ai am an ang anh ao ap at au ay",
    "ăc ăm ăn ăng ăp ăt",
    "âc âm ân âng âp ât âu ây",
    "e ec em en eng eo ep et",
    "ê êch êm ên ênh êp êt êu",
    "i ia ich im in inh ip it iu",
    "iêc iêm iên iêng iêp iêt iêu",
    "o oc oi om on ong op ot ooc oong",
    "oa oac oach oai oam oan oang oanh oao oap oat oay",
    "oăc oăm oăn oăng oăt",
    "oe oen oeo oet",
    "ô ôc ôi ôm ôn ông ôp ôt",
    "ơ ơi ơm ơn ơp ơt",
    "u uc ui um un ung up ut",
    "ua uân uâng uât uây",
    "uê uêch uênh",
    "uy uya uych uyn uynh uyp uyt uyu",
    "uyên uyêt",
    "uôc uôi uôm uôn uông uôt",
    "uơ",
    "ư ưc ưi ưm ưn ưng ưt ưu",
    "ưa",
    "ươc ươi ươm ươn ương ươp ươt ươu",
    "y yêm yên yêt yêu",
)
_SYLLABLE = re.compile("(?:" + _INITIALS + ")?(?P<rhyme>" + "|".join(sorted(_RHYMES, key=len, reverse=True)) + ")")
_VOWELS = frozenset("aăâeêioôơuưy")

# Frequent words of news and press-release Vietnamese that need diacritics (ASCII words
# read the same in every candidate decoding, so they cannot tell candidates apart).
_COMMON = _words(
    "của và các những được người năm hội đồng trong với là có đã này một tại từ đến về nhân công thành",
    "phố tỉnh huyện xã phụ nữ việt ngày tháng triệu tỷ chủ tịch đại biểu nghị phát triển kinh tế cũng để",
    "đó nhiều trên sự thực hiện động hoạt đạo lãnh cơ quan tổ chức cán bộ đình học xây dựng hỗ trợ đơn vị",
    "đảng ủy tiền số tổng mới hơn dưới gần khoảng đầu cuối lần thứ phương mặt trận quốc chính sách đồng",
    "chí ông bà chị đoàn viên tác phong trào thi đua kỷ niệm tặng quà hộ nghèo khó khăn",
)

# Characters that almost never occur in Vietnamese text but fill a text decoded with the
# wrong table: Latin-1 symbols, C1 controls, replacement characters, combining marks
# still there after NFC (every Vietnamese letter composes, so a leftover mark sits on a
# letter that cannot carry it), and letters of other scripts (IPA, Greek, Cyrillic,
# Arabic…), which is what a mojibake "repair" of text that was not mojibake produces.
_JUNK = re.compile(r"[\x80-\x9f\xa1-\xbf\xd7\xf7\ufffd\u0250-\u1dff]")


@functools.lru_cache(maxsize=16384)
def _is_syllable(word: str) -> bool:
    """True for a lower-case NFC word that is one well-formed Vietnamese syllable.

    Besides the shape (initial + rhyme, at most one tone), the tone must not sit on the
    closing glide of an open rhyme: ``cáu``/``cai`` are possible, ``caù`` is not. That is
    exactly what a VNI file read as Windows-1258 looks like (``caù`` for ``cá``).
    """
    tone_at = -1
    chars = []
    for i, ch in enumerate(word):
        decomposed = unicodedata.normalize("NFD", ch)
        stripped = decomposed.translate(_STRIP_TONES)
        if stripped != decomposed:
            if tone_at >= 0:
                return False
            tone_at = i
        chars.append(unicodedata.normalize("NFC", stripped))
    toneless = "".join(chars)
    if len(toneless) != len(word):
        return False
    m = _SYLLABLE.fullmatch(toneless)
    if m is None:
        return False
    rhyme = m.group("rhyme")
    if tone_at == len(word) - 1 and len(rhyme) >= 2 and rhyme[-1] in "iyuo" and rhyme[-2] in _VOWELS:
        return rhyme == "uy"
    return True


def _junk_count(text: str) -> int:
    return len(_JUNK.findall(unicodedata.normalize("NFC", text)))


def _vietnamese_score(text: str) -> float:
    """How Vietnamese ``text`` looks, roughly in [-2, 2]; real Vietnamese scores above 1.

    Only words with non-ASCII letters count (the rest reads the same in every candidate):
    each valid syllable +1, each invalid word -1, each frequent word +1 more, each stray
    symbol or mark -2; the sum is divided by the number of words and symbols seen.
    """
    text = unicodedata.normalize("NFC", text)
    good = bad = common = 0
    for word in _LETTER_RUN.findall(text):
        if word.isascii():
            continue
        lw = word.lower()
        if _is_syllable(lw):
            good += 1
            if lw in _COMMON:
                common += 1
        else:
            bad += 1
    junk = len(_JUNK.findall(text))
    seen = good + bad + junk
    if not seen:
        return 0.0
    return (good - bad - 2 * junk + common) / seen


# Candidates are scored on 64 KB of text at most: enough to decide, and a 5 MB file is
# then converted once, with the winner, instead of once per candidate.
_SCORE_SAMPLE = 65536
# A guess must look at least this Vietnamese to be taken.
_MIN_SCORE = 0.2
# A repair of valid UTF-8 must improve the score by at least this much.
_MIN_GAIN = 0.3

# --------------------------------------------------------------------------------------
# Repairs of text that decoded as valid Unicode

# A UTF-8 lead byte read as Windows-1252 (Â-ß, à-ï) followed by a continuation byte read
# as Windows-1252 (€…Ÿ, NBSP…¿): the fingerprint of mojibake. Real Vietnamese text almost
# never has, say, "á" directly followed by "»".
_CONT_CHARS = "".join(chr(b) for b in range(0x80, 0xC0)) + "".join(c for c in _CP1252_C1.values() if ord(c) > 0xFF)
_CONT = "".join(re.escape(c) for c in _CONT_CHARS)
_MOJIBAKE_HINT = re.compile(f"[\xc2-\xdf][{_CONT}]|[\xe0-\xef][{_CONT}]{{2}}")


def _utf8_alternation(chars: str) -> bytes:
    """A bytes regex alternation matching the UTF-8 encoding of any of ``chars``."""
    return b"(?:" + b"|".join(re.escape(c.encode("utf-8")) for c in chars) + b")"


# The same fingerprint on the UTF-8 bytes: scanning bytes that start with the literal
# 0xC3 is several times faster than the character class above, and decode_bytes has the
# bytes at hand.
_MOJIBAKE_HINT_BYTES = re.compile(
    b"\xc3[\x82-\x9f]" + _utf8_alternation(_CONT_CHARS) + b"|\xc3[\xa0-\xaf]" + _utf8_alternation(_CONT_CHARS) + b"{2}"
)
# Lead bytes of U+0100–U+027F, U+0300–U+037F and U+1E80–U+1EFF (see _UNICODE_ERA).
_UNICODE_ERA_BYTES = re.compile(rb"[\xc4-\xc9\xcc\xcd]|\xe1[\xba\xbb]")
# Characters only Unicode-era Vietnamese has: letters beyond Latin-1 (ă đ ĩ ũ ơ ư, the
# U+1Exx block) and combining marks (NFD). One of them means the text is not legacy-font
# text pasted into a Unicode file (which holds Latin-1 letters and Windows punctuation).
_UNICODE_ERA = re.compile(r"[\u0100-\u024f\u0300-\u036f\u1ea0-\u1ef9]")
_LATIN1_HIGH = re.compile(r"[\xa1-\xff]")


def _unmojibake(text: str) -> str:
    """Undo one round of UTF-8 → Windows-1252 mojibake, leaving undecodable parts alone."""
    raw = text.encode("cp1252", errors="vnreport.mojibake")
    return raw.decode("utf-8", errors="surrogateescape").translate(_SURROGATE_BACK)


def repair_unicode_text(text: str, raw: bytes | None = None) -> tuple[str, str | None, tuple[str, ...]]:
    """Repair valid Unicode text that still carries an old encoding inside it.

    Returns ``(text, how, warnings)``; ``how`` is None when nothing was changed, else
    a short description for ``Decoded.encoding`` ("repaired from windows-1252 mojibake",
    "converted from tcvn3 characters", "converted from vni-windows characters").

    Two cases are common in Vietnamese material: UTF-8 that was once read as
    Windows-1252 and saved again (``Há»™i``), and TCVN3/VNI text pasted from an old
    document into a Unicode one (``Héi``, ``Hoäi``). Both checks start with a regular
    expression scan, so ordinary text costs microseconds; ``raw``, the UTF-8 bytes
    ``text`` was decoded from, lets the scans run on bytes, which is faster still.
    """
    if raw is not None:
        if raw.isascii():
            return text, None, ()
        maybe_mojibake = _MOJIBAKE_HINT_BYTES.search(raw) is not None
        maybe_legacy = _UNICODE_ERA_BYTES.search(raw) is None
    else:
        maybe_mojibake = _MOJIBAKE_HINT.search(text) is not None
        maybe_legacy = _UNICODE_ERA.search(text) is None
    if maybe_mojibake:
        # Decide on a window that starts at the first suspicious sequence, then repair the
        # whole text the same number of rounds.
        first = _MOJIBAKE_HINT.search(text)
        start = max(0, first.start() - 1000) if first else 0
        window = text[start : start + _SCORE_SAMPLE]
        score, junk, rounds = _vietnamese_score(window), _junk_count(window), 0
        while rounds < 3 and _MOJIBAKE_HINT.search(window):
            candidate = _unmojibake(window)
            cand_score, cand_junk = _vietnamese_score(candidate), _junk_count(candidate)
            if candidate == window or cand_score < score or cand_junk > junk:
                break  # real mojibake repairs into fewer odd characters, never more
            if cand_score == score and (
                cand_score < _MIN_SCORE or len(_MOJIBAKE_HINT.findall(candidate)) >= len(_MOJIBAKE_HINT.findall(window))
            ):
                break  # a tie only counts for Vietnamese-looking text with fewer suspicious pairs
            window, score, junk, rounds = candidate, cand_score, cand_junk, rounds + 1
        current = text
        for _ in range(rounds):
            current = _unmojibake(current)
        if rounds:
            left = len(_MOJIBAKE_HINT.findall(current))
            warnings = [
                "text repaired: UTF-8 that had been read as Windows-1252 (mojibake)" + (" twice" if rounds > 1 else "")
            ]
            if left:
                warnings.append(f"{left} mojibake sequence(s) could not be repaired")
            return current, "repaired from windows-1252 mojibake", tuple(warnings)

    if maybe_legacy and _LATIN1_HIGH.search(text):
        sample = text[:_SCORE_SAMPLE]
        base = _vietnamese_score(sample)
        best: tuple[float, str, Callable[[str], str]] | None = None
        for name, convert in (("tcvn3", tcvn3_to_unicode), ("vni-windows", vni_to_unicode)):
            score = _vietnamese_score(convert(sample))
            if best is None or score > best[0]:
                best = (score, name, convert)
        if best and best[0] >= _MIN_SCORE and best[0] >= base + _MIN_GAIN:
            score, name, convert = best
            return (
                convert(text),
                f"converted from {name} characters",
                (f"text converted: {name.upper()} legacy-font characters stored as Unicode",),
            )
    return text, None, ()


# --------------------------------------------------------------------------------------
# decode_bytes


def _decode_utf8(text: str, encoding: str, warnings: tuple[str, ...] = (), raw: bytes | None = None) -> Decoded:
    repaired, how, more = repair_unicode_text(text, raw)
    if how:
        return Decoded(repaired, f"{encoding} ({how})", "text", warnings + more)
    return Decoded(text, encoding, "text", warnings)


def _decode_cp1258(data: bytes) -> str | None:
    try:
        return data.decode("cp1258")
    except UnicodeDecodeError:
        return None


def _decode_tcvn3(data: bytes) -> str:
    return tcvn3_to_unicode(decode_ansi(data))


def _decode_vni(data: bytes) -> str:
    return vni_to_unicode(decode_ansi(data))


def _guess_legacy(data: bytes, lossy_utf8: Decoded | None = None) -> Decoded:
    """Decode non-UTF-8 bytes as the Vietnamese 8-bit encoding that reads best.

    ``lossy_utf8`` is the UTF-8 reading with invalid bytes replaced, when it is plausible
    (a file with few Vietnamese letters and one broken one); it competes on equal terms.
    Windows-1258 keeps its tones as combining marks: returned as is, scored composed.
    """
    readers: list[tuple[int, str, Callable[[bytes], str | None]]] = [
        (3, "windows-1258", _decode_cp1258),
        (2, "tcvn3", _decode_tcvn3),
        (1, "vni-windows", _decode_vni),
    ]
    if lossy_utf8 is not None:
        readers.append((4, "utf-8", lambda b: b.decode("utf-8", errors="replace")))
    sample = data[:_SCORE_SAMPLE]
    scored: list[tuple[float, int, str, Callable[[bytes], str | None]]] = []
    for priority, name, reader in readers:
        text = reader(sample)
        if text is not None:
            scored.append((_vietnamese_score(text), priority, name, reader))
    for score, _, name, reader in sorted(scored, key=lambda c: (c[0], c[1]), reverse=True):
        if score < _MIN_SCORE:
            break
        if name == "utf-8" and lossy_utf8 is not None:
            return lossy_utf8
        text = reader(data) if len(data) > len(sample) else reader(sample)
        if text is not None:
            return Decoded(text, name, "text", (f"encoding guessed: {name}",))
    try:
        text = data.decode("cp1252")
        name = "windows-1252"
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        name = "latin-1"
    return Decoded(text, name, "text", (f"encoding guessed: {name} (the text does not look Vietnamese)",))


def decode_bytes(data: bytes) -> Decoded:
    """Plain-text bytes → Decoded. Raises ReadError for empty input or binary data.

    Order matters: byte-order marks first (UTF-16 legitimately contains NUL bytes), then
    the binary checks, then strict UTF-8 (the common case, kept fast), then the
    Vietnamese legacy encodings, and Windows-1252/Latin-1 only as a last resort.
    """
    if not data:
        raise ReadError("empty file")
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            try:
                text = body.decode(codec)
            except UnicodeDecodeError as e:
                raise ReadError(
                    f"cannot decode as {label.upper()} although the file starts with its "
                    f"byte-order mark (invalid data at byte {e.start + len(bom)})"
                ) from None
            if not text:
                raise ReadError("empty file (only a byte-order mark)")
            if codec == "utf-8":
                return _decode_utf8(text, label, raw=body)
            return Decoded(text, label, "text")

    reason = binary_reason(data)
    if reason is not None:
        if reason.endswith("(contains NUL bytes)"):
            codec = _guess_bomless_utf16(data)
            if codec is not None:
                try:
                    text = data.decode(codec)
                except UnicodeDecodeError:
                    pass
                else:
                    return Decoded(text, codec, "text", (f"encoding guessed: {codec} (no byte-order mark)",))
        raise ReadError(reason)

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return _decode_utf8(text, "utf-8", raw=data)

    # Almost-UTF-8 (a truncated last character, a stray byte pasted in): keep the text
    # and say how many bytes were lost, rather than reading everything as a legacy code.
    lossy = data.decode("utf-8", errors="replace")
    bad = lossy.count("\ufffd")
    good = sum(1 for c in lossy if c > "\x7f") - bad
    replaced = (f"{bad} invalid UTF-8 byte sequence(s) replaced with U+FFFD",)
    if good >= 10 * bad:
        return _decode_utf8(lossy, "utf-8", replaced)
    return _guess_legacy(data, _decode_utf8(lossy, "utf-8", replaced) if good >= 2 * bad else None)


# --------------------------------------------------------------------------------------
# read_path

_TEXT_SUFFIXES = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown"}
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_DOCX_SUFFIXES = {".docx"}
_HTML_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)


def os_reason(e: OSError) -> str:
    """One line for an OS error, without the path (the caller prints the path)."""
    if isinstance(e, FileNotFoundError):
        return "no such file"
    if isinstance(e, PermissionError):
        return "permission denied"
    if isinstance(e, IsADirectoryError):
        return "is a directory, not a file"
    if isinstance(e, NotADirectoryError):
        return "no such file (a part of the path is a file, not a directory)"
    if e.errno == errno.ELOOP:
        return "symbolic link loop"
    if e.errno == errno.ENAMETOOLONG:
        return "file name too long"
    return (e.strerror or type(e).__name__).lower()


def _kind(path: Path, data: bytes) -> str:
    """'text' | 'markdown' | 'html' | 'docx', by suffix, else by content."""
    suffix = path.suffix.lower()
    if suffix in _TEXT_SUFFIXES:
        return _TEXT_SUFFIXES[suffix]
    if suffix in _HTML_SUFFIXES:
        return "html"
    if suffix in _DOCX_SUFFIXES:
        return "docx"
    if data.startswith(b"PK\x03\x04") and b"word/" in data[:65536]:
        return "docx"
    if _HTML_START.match(data[:4096]):
        return "html"
    return "text"


def read_at_most(f: BinaryIO, limit: int, size_hint: int = 0) -> bytes:
    """The rest of ``f``, but no more than ``limit + 1`` bytes (one more says "too large").

    ``f.read(limit + 1)`` would allocate the whole limit up front, which fails for a
    large ``--max-bytes``; reading what ``stat`` reported, then in chunks while the file
    keeps growing, costs one extra ``read`` call on an ordinary file.
    """
    data = f.read(min(limit, max(size_hint, 0)) + 1)
    while len(data) <= limit:
        more = f.read(min(1 << 20, limit + 1 - len(data)))
        if not more:
            break
        data += more
    return data


def read_path(path: Path, *, max_bytes: int = 5_000_000) -> tuple[bytes, Decoded]:
    """Read a file and decode it; returns the raw bytes (for sha256) and the result.

    The format follows the suffix (.txt/.text → text, .md/.markdown → markdown,
    .html/.htm/.xhtml → html, .docx → docx; anything else is sniffed). Every failure is a
    ReadError with a one-line reason: missing file, permission denied, a directory, a
    broken symbolic link, a link loop, a file larger than ``max_bytes`` (checked before
    reading it all), an empty, binary or undecodable file.
    """
    path = Path(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            try:
                target = os.readlink(path)
            except OSError:
                target = "?"
            raise ReadError(f"broken symbolic link (its target {target!r} does not exist)") from None
        raise ReadError("no such file") from None
    except OSError as e:
        raise ReadError(os_reason(e)) from None
    if stat.S_ISDIR(st.st_mode):
        raise ReadError("is a directory, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise ReadError("not a regular file (a device, pipe or socket)")
    if st.st_size > max_bytes:
        raise ReadError(f"file too large ({st.st_size:,} bytes; the limit is {max_bytes:,})")
    try:
        with open(path, "rb") as f:
            data = read_at_most(f, max_bytes, st.st_size)
    except OSError as e:
        raise ReadError(os_reason(e)) from None
    if len(data) > max_bytes:  # grew after stat(), or a file whose size stat() cannot tell
        raise ReadError(f"file too large (more than {max_bytes:,} bytes)")
    if not data:
        raise ReadError("empty file")

    kind = _kind(path, data)
    if kind == "docx":
        from .formats import decode_docx

        return data, decode_docx(data)
    if kind == "html":
        from .formats import decode_html

        return data, decode_html(data)
    decoded = decode_bytes(data)
    if kind != decoded.format:
        decoded = Decoded(decoded.text, decoded.encoding, kind, decoded.warnings)
    return data, decoded
