"""Character-level normalisation of an article, always through the offset map.

Web articles mix NFD (Word, macOS) and NFC, two tone-mark conventions (`hoà` / `hòa`),
non-breaking and zero-width spaces. Rules are written once, against one form, so the
working text is made uniform here; `TextBuilder` records every edit so spans found in
the working text still point into the original.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

import regex

from .document import Document, TextBuilder

_BREAK_CHARS = "\n\r\u2028\u2029\x0b\x0c\x85"
_B = "\\n\\r\u2028\u2029\x0b\x0c\x85"
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"

# One pass over the original: each alternative is an edit; everything between is copied.
# The leading lookahead lets the scanner skip ordinary letters quickly.
_EDITS = (
    rf"(?P<edge>\A\s+|\s+\Z)"  # leading and trailing whitespace
    rf"|(?P<nl>[^\S{_B}]*[{_B}]\s*)"  # line break(s) with the spaces around them
    rf"|(?P<ws>[^\S{_B}]{{2,}}|[^\S\x20{_B}])"  # runs of spaces, tabs, no-break spaces
    rf"|(?P<zw>[{_INVISIBLE}]+)"  # zero-width characters and soft hyphens
)
_EDIT = re.compile(rf"(?=[\s{_INVISIBLE}])(?:{_EDITS})")
# Only text with combining marks (NFD, Windows-1258) pays for the composing alternative.
_EDIT_NFD = re.compile(rf"(?=[\s{_INVISIBLE}]|.[{_MARKS}])(?:{_EDITS}|(?P<comb>.[{_MARKS}]+))", re.S)
_HAS_MARKS = re.compile(rf"[{_MARKS}]")
#: What `\s` matches in a `re` pattern (`str.isspace`), less the plain space: checked over
#: every code point by tests/test_engine_speed.py.
WHITESPACE_NOT_SPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# A single character class is what `re` scans for without trying the whole pattern at every
# character (the lookahead of `_EDIT` is tried at all of them): see `_edits`.
_EDIT_CHAR = re.compile(f"[{WHITESPACE_NOT_SPACE}{_INVISIBLE}]")


def _edits(original: str) -> Iterator[re.Match[str]]:
    """`_EDIT.finditer(original)`, trying the pattern only where an edit can start.

    An edit starts at whitespace or an invisible character; a plain space only starts one
    at either end of the text or when whitespace or an invisible character follows it
    (a single space between words is kept). Those places are found with `_EDIT_CHAR` and
    `str.find`, which skip ordinary text many times faster than the pattern's scanner, and
    the pattern is matched there as `finditer` would, from the end of the previous edit.
    """
    places = [m.start() for m in _EDIT_CHAR.finditer(original)]
    extra = [q - 1 for q in places if q and original[q - 1] == " "]
    at = original.find("  ")
    while at >= 0:
        extra.append(at)
        at = original.find("  ", at + 1)
    if original[:1] == " ":
        extra.append(0)
    if original[-1:] == " ":
        extra.append(len(original) - 1)
    if extra:
        places = sorted(set(places).union(extra))
    pos = 0
    match = _EDIT.match
    for p in places:
        if p >= pos and (m := match(original, p)) is not None:
            yield m
            pos = m.end()

# New-style tone placement (`hoà`, `thoả`, `uỷ`) moved to the old style (`hòa`, `thỏa`, `ủy`)
# on open syllables; the length never changes, so the map stays valid.
_TONE = regex.compile(r"(?<![qQ])([oOuU])([àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ])(?!\p{L})")
_PAIRS = {"o": "ae", "u": "y"}


def _move_tone(m: regex.Match[str]) -> str:
    first, second = m.group(1), m.group(2)
    base, *marks = unicodedata.normalize("NFD", second)
    if base.lower() not in _PAIRS[first.lower()]:
        return m.group(0)
    return unicodedata.normalize("NFC", first + "".join(marks)) + base


#: The two letters every `_TONE` match starts with, as a pattern `re` scans for quickly.
_TONE_PAIR = re.compile(r"[oOuU][àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ]")


def unify_tones(text: str) -> str:
    """Rewrite new-style tone placement to the old style, keeping every length.

    The same as `_TONE.sub(_move_tone, text)`, with `_TONE` tried only where its two
    letters stand (`_TONE_PAIR`), not at every character.

    >>> unify_tones("hoà thuận, thoả thuận, Uỷ ban, quý, hoàn thành")
    'hòa thuận, thỏa thuận, Ủy ban, quý, hoàn thành'
    """
    parts: list[str] = []
    pos = 0
    match = _TONE.match
    for pair in _TONE_PAIR.finditer(text):
        m = match(text, pair.start())
        if m is not None:
            parts += (text[pos : m.start()], _move_tone(m))
            pos = m.end()
    if not parts:
        return text
    parts.append(text[pos:])
    return "".join(parts)


def _line_breaks(run: str) -> str:
    n = sum(run.count(c) for c in _BREAK_CHARS) - run.count("\r\n")
    return "\n\n" if n >= 2 else "\n"


def normalize(original: str) -> Document:
    """Make the working text: NFC, folded spaces, at most one blank line, one tone style.

    >>> d = normalize("  Hội\\u00a0LHPN  quận\\r\\n\\r\\n\\r\\nthoả thuận ")
    >>> d.text
    'Hội LHPN quận\\n\\nthỏa thuận'
    >>> d.evidence(9, 13)
    {'text': 'quận', 'start': 12, 'end': 16}
    """
    b = TextBuilder()
    pos = 0
    edits = _EDIT_NFD.finditer(original) if _HAS_MARKS.search(original) else _edits(original)
    for m in edits:
        start, end = m.span()
        kind = m.lastgroup
        if kind == "nl":
            breaks = _line_breaks(m.group())
            if breaks == "\n" == m.group():
                # A line break standing alone (most of them) is no edit: it stays in the
                # verbatim stretch around it, which maps it exactly as an edit of one
                # character would, and an article keeps a dozen segments, not dozens.
                continue
            b.copy(original, pos, start)
            b.replace(breaks, start, end)
            pos = end
            continue
        b.copy(original, pos, start)
        if kind == "ws":
            b.replace(" ", start, end)
        elif kind in ("edge", "zw"):
            b.replace("", start, end)
        else:
            b.replace(unicodedata.normalize("NFC", m.group()), start, end)
        pos = end
    b.copy(original, pos, len(original))
    text, segments = b.build()
    return Document(original=original, text=unify_tones(text), segments=segments)
