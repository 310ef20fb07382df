"""Character-level normalisation of an article, always through the offset map.

Web articles mix NFD (Word, macOS) and NFC, two tone-mark conventions (`hoà` / `hòa`),
non-breaking and zero-width spaces. Rules are written once, against one form, so the
working text is made uniform here; `TextBuilder` records every edit so spans found in
the working text still point into the original.
"""

from __future__ import annotations

import re
import unicodedata

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


def unify_tones(text: str) -> str:
    """Rewrite new-style tone placement to the old style, keeping every length.

    >>> unify_tones("hoà thuận, thoả thuận, Uỷ ban, quý, hoàn thành")
    'hòa thuận, thỏa thuận, Ủy ban, quý, hoàn thành'
    """
    return _TONE.sub(_move_tone, text)


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
    edit = _EDIT_NFD if _HAS_MARKS.search(original) else _EDIT
    for m in edit.finditer(original):
        start, end = m.span()
        b.copy(original, pos, start)
        kind = m.lastgroup
        if kind == "nl":
            b.replace(_line_breaks(m.group()), start, end)
        elif kind == "ws":
            b.replace(" ", start, end)
        elif kind in ("edge", "zw"):
            b.replace("", start, end)
        else:
            b.replace(unicodedata.normalize("NFC", m.group()), start, end)
        pos = end
    b.copy(original, pos, len(original))
    text, segments = b.build()
    return Document(original=original, text=unify_tones(text), segments=segments)
