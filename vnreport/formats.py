"""HTML and DOCX → plain text: the article's own words, nothing around them.

Offsets index the text produced here, so it has to be stable and readable: one paragraph
per block, paragraphs separated by a blank line, line breaks kept where the source had
them, inline whitespace folded. Menus, scripts, sidebars and forms are dropped because
their words (dates, numbers, organisation names) would otherwise be extracted as if the
article had said them.

Only the standard library is used: ``html.parser`` copes with the tag soup of Vietnamese
news sites well enough for main-text extraction, and a DOCX is a ZIP of XML parts that
``zipfile`` and ``xml.etree`` read directly.
"""

from __future__ import annotations

import codecs
import io
import lzma
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from xml.etree import ElementTree as ET

from .reading import (
    Decoded,
    ReadError,
    binary_reason,
    decode_ansi,
    decode_bytes,
    repair_unicode_text,
    tcvn3_to_unicode,
    vni_to_unicode,
)

__all__ = ["decode_docx", "decode_html", "docx_to_text", "html_to_text"]

# --------------------------------------------------------------------------------------
# HTML


def _words(*lines: str) -> frozenset[str]:
    """A word set written as lines of space-separated words (easier to read and edit)."""
    return frozenset(word for line in lines for word in line.split())


# Never text of the article: code, chrome, navigation, forms, embedded media.
_SKIP_TAGS = _words(
    "script style noscript template nav aside form svg math iframe object embed canvas select button",
    "textarea dialog map audio video head",
)
# Page chrome unless it sits inside the article (an <article><header> holds the headline).
_CHROME_TAGS = frozenset({"header", "footer"})
_MAIN_TAGS = frozenset({"article", "main"})
_VOID_TAGS = _words(
    "area base br col embed hr img input link meta param source track wbr keygen",
)
_BLOCK_TAGS = _words(
    "address article aside blockquote body caption center dd details dialog dir div dl dt fieldset",
    "figcaption figure footer form frameset h1 h2 h3 h4 h5 h6 header hgroup hr html legend li listing",
    "main menu nav ol p plaintext pre section summary table tbody td tfoot th thead title tr ul xmp",
    "option",
)
# class/id words of boilerplate blocks on news sites (share bars, related links, comments).
_BOILERPLATE_WORDS = _words(
    "sidebar breadcrumb breadcrumbs share sharing social related comment comments advert advertisement",
    "ads banner cookie cookies popup modal navbar navigation menu",
)
_WORD_SPLIT = re.compile(r"[^a-z0-9]+")
_FOLD = re.compile(r"[ \t\n\r\f\v\xa0]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


@dataclass
class _Block:
    text: str
    group: int | None  # index of the outermost <article>/<main> it sits in, if any
    is_h1: bool


@dataclass
class _Skip:
    tag: str
    depth: int = 1


class _Extractor(HTMLParser):
    """Collects text blocks, skipping boilerplate subtrees.

    html.parser does not repair broken nesting, so skipping counts only the skipped tag
    itself (``<nav>`` inside ``<nav>`` nests, anything else is ignored until it closes).
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[_Block] = []
        self.title: list[str] = []
        self._line: list[str] = []
        self._skip: _Skip | None = None
        self._in_title = False
        self._pre = 0
        self._h1 = 0
        self._groups: list[_Skip] = []  # open <article>/<main> elements, with nesting depth
        self._group_id: int | None = None
        self._next_group = 0

    # -- helpers
    def _flush(self) -> None:
        if not self._line:
            return
        raw = "".join(self._line)
        self._line = []
        is_h1 = self._h1 > 0
        # Two or more <br> in a row separate paragraphs, as they do on screen.
        for para in re.split(r"\n[ \t]*\n(?:[ \t]*\n)*", raw):
            lines = [ln.strip(" ") for ln in para.split("\n")] if not self._pre else para.split("\n")
            text = "\n".join(ln for ln in lines if ln.strip()) if not self._pre else para.strip("\n")
            if text.strip():
                self.blocks.append(_Block(text, self._group_id, is_h1))

    def _starts_skip(self, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        if tag in _SKIP_TAGS:
            return True
        if tag in _CHROME_TAGS and not self._groups:
            return True
        values = dict(attrs)
        if "hidden" in values or values.get("aria-hidden") == "true":
            return True
        if _HIDDEN_STYLE.search(values.get("style") or ""):
            return True
        words = set(_WORD_SPLIT.split(f"{values.get('class') or ''} {values.get('id') or ''}".lower()))
        if words & _BOILERPLATE_WORDS:
            return True
        role = (values.get("role") or "").lower()
        return role in {"navigation", "banner", "contentinfo", "complementary", "search"}

    def parse_html_declaration(self, i: int) -> int:
        """``<!…>`` that html.parser cannot name (``<![foo[``) is a bogus comment, as in browsers.

        html.parser raises AssertionError there, which would lose the whole page to one
        stray sequence.
        """
        try:
            return super().parse_html_declaration(i)
        except AssertionError:
            return self.parse_bogus_comment(i)

    # -- parser callbacks
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
            return
        if self._skip is not None:
            if self._skip.tag == "head" and (tag == "body" or tag in _BLOCK_TAGS):
                self._skip = None  # an unclosed <head> ends where the body starts
            else:
                if tag == self._skip.tag and tag not in _VOID_TAGS:
                    self._skip.depth += 1
                return
        if tag not in _VOID_TAGS and self._starts_skip(tag, attrs):
            self._flush()
            self._skip = _Skip(tag)
            return
        if tag == "br":
            self._line.append("\n")
            return
        if tag in _BLOCK_TAGS or tag == "hr":
            self._flush()
        if tag in _MAIN_TAGS or dict(attrs).get("role") == "main":
            if not self._groups:
                self._group_id = self._next_group
                self._next_group += 1
            self._groups.append(_Skip(tag))
            return
        if self._groups and tag == self._groups[-1].tag and tag not in _VOID_TAGS:
            self._groups[-1].depth += 1
        if tag == "pre":
            self._pre += 1
        elif tag == "h1":
            self._h1 += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID_TAGS:
            self.handle_starttag(tag, attrs)
        # a self-closed non-void element (<div/>) opens and closes nothing in HTML

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
            return
        if self._skip is not None:
            if tag == self._skip.tag:
                self._skip.depth -= 1
                if self._skip.depth == 0:
                    self._skip = None
            return
        if tag in _BLOCK_TAGS:
            self._flush()
        if self._groups and tag == self._groups[-1].tag:
            self._groups[-1].depth -= 1
            if self._groups[-1].depth == 0:
                self._groups.pop()
                if not self._groups:
                    self._group_id = None
        elif tag == "pre" and self._pre:
            self._pre -= 1
        elif tag == "h1" and self._h1:
            self._h1 -= 1

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
            return
        if self._skip is not None:
            return
        self._line.append(data if self._pre else _FOLD.sub(" ", data))

    def close(self) -> None:
        super().close()
        self._flush()


def _select_main(blocks: list[_Block]) -> list[_Block]:
    """Keep the largest <article>/<main> when it holds a fair share of the page's text.

    Teasers of other articles are often <article> elements too; the 25 % share keeps a
    page whose real story sits in plain <div>s from being reduced to a teaser.
    """
    total = sum(len(b.text) for b in blocks)
    sizes: dict[int, int] = {}
    for b in blocks:
        if b.group is not None:
            sizes[b.group] = sizes.get(b.group, 0) + len(b.text)
    if not sizes or total == 0:
        return blocks
    group, size = max(sizes.items(), key=lambda kv: kv[1])
    if size < 0.25 * total:
        return blocks
    chosen = [b for b in blocks if b.group == group]
    if not any(b.is_h1 for b in chosen):
        first = next(i for i, b in enumerate(blocks) if b is chosen[0])
        headline = [b for b in blocks[:first] if b.is_h1][-1:]
        chosen = headline + chosen
    return chosen


def _defuse(html: str) -> str:
    """Escape the openings html.parser would otherwise search the rest of the page for.

    An opening (``<a``, ``</``, ``<!--``, ``<![``) without its closing mark anywhere after
    it is incomplete markup. html.parser gives it up only after searching to the end of
    the text, reads it as text up to the next ``>``, and does the same again at the next
    opening, so a file of such openings (``<a <a <a …``) takes quadratic time: minutes
    for 100 KB. Writing those stretches with ``&lt;`` gives the text html.parser would
    have produced, in linear time.
    """
    last = html.rfind(">")
    if "<" in html[last + 1 :]:  # after the last ">", every "<" opens something unclosed
        html = html[: last + 1] + html[last + 1 :].replace("<", "&lt;")
    for opening, closing in (("<!--", "-->"), ("<![", "]>")):
        end = html.rfind(closing)
        i = html.find(opening, end + len(closing) if end >= 0 else 0)
        if i < 0:
            continue
        parts = [html[:i]]
        while i >= 0:
            gt = html.find(">", i + 1)  # there is one: "<" after the last ">" is escaped above
            parts.append(html[i : gt + 1].replace("<", "&lt;"))
            i = html.find(opening, gt + 1)
            parts.append(html[gt + 1 : i if i >= 0 else len(html)])
        html = "".join(parts)
    return html


def _extract(html: str) -> str:
    parser = _Extractor()
    try:
        parser.feed(_defuse(html))
        parser.close()
    except AssertionError as e:  # html.parser's last line of defence on malformed markup
        raise ReadError(f"cannot parse the HTML ({e})") from None
    blocks = _select_main(parser.blocks)
    paragraphs = [b.text for b in blocks]
    if not any(b.is_h1 for b in blocks):
        title = _FOLD.sub(" ", "".join(parser.title)).strip()
        if title and (not paragraphs or paragraphs[0] != title):
            paragraphs.insert(0, title)
    return "\n\n".join(paragraphs)


_META_CHARSET = re.compile(rb"""<meta\s[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""\A(?:\xef\xbb\xbf)?\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.I)
# Declarations that say nothing useful about Vietnamese text: servers and editors write
# them by default, and legacy-font pages (TCVN3, VNI) were always served as one of them.
_WEAK_CHARSETS = frozenset({"ascii", "latin-1", "iso8859-1", "cp1252"})


def _declared_charset(data: bytes) -> str | None:
    head = data[:4096]
    m = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return m.group(1).decode("ascii").lower() if m else None


def _decode_html_bytes(data: bytes) -> Decoded:
    """Decode an HTML file, trusting its charset declaration where that is informative."""
    reason = binary_reason(data)
    if reason is not None and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        decoded = decode_bytes(data)  # raises for real binaries, guesses BOM-less UTF-16
        return Decoded(decoded.text, decoded.encoding, "html", decoded.warnings)
    declared = _declared_charset(data)
    if declared and not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        if "tcvn" in declared or declared == "abc":
            return Decoded(tcvn3_to_unicode(decode_ansi(data)), "tcvn3", "html")
        if declared.startswith("vni"):
            return Decoded(vni_to_unicode(decode_ansi(data)), "vni-windows", "html")
        try:
            codec = codecs.lookup(declared).name
        except LookupError:
            codec = None
        if codec is not None and codec not in _WEAK_CHARSETS and codec != "utf-8":
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                pass
            else:
                label = {"cp1258": "windows-1258"}.get(codec, codec)
                return Decoded(text, label, "html")
        decoded = decode_bytes(data)
        warnings = decoded.warnings
        if codec is None:
            warnings = (f"unknown charset declared: {declared}", *warnings)
        elif codec == "utf-8" and not decoded.encoding.startswith("utf-8"):
            warnings = (f"charset declared as {declared}, but the bytes are not UTF-8", *warnings)
        elif codec not in _WEAK_CHARSETS and codec != "utf-8":
            warnings = (f"charset declared as {declared}, but the bytes do not decode as it", *warnings)
        return Decoded(decoded.text, decoded.encoding, "html", warnings)
    decoded = decode_bytes(data)
    return Decoded(decoded.text, decoded.encoding, "html", decoded.warnings)


def decode_html(data: bytes | str) -> Decoded:
    """HTML → Decoded whose text is the page's main text (see ``html_to_text``).

    Legacy-font text may also hide behind character references (``H&eacute;i``), which
    only appear once the markup is parsed, so the Unicode repairs run again on the result.
    """
    decoded = Decoded(data, "unicode", "html") if isinstance(data, str) else _decode_html_bytes(data)
    text = _extract(decoded.text)
    encoding, warnings = decoded.encoding, decoded.warnings
    if "(" not in encoding and encoding not in {"tcvn3", "vni-windows"}:
        text, how, more = repair_unicode_text(text)
        if how:
            encoding, warnings = f"{encoding} ({how})", warnings + more
    if not text.strip():
        raise ReadError("no text found in the HTML")
    return Decoded(text, encoding, "html", warnings)


def html_to_text(data: bytes | str) -> str:
    """HTML → main text only.

    Drops script, style, nav, header, footer, aside, forms, hidden elements and blocks
    whose class or id marks them as boilerplate; keeps the largest <article>/<main>
    when there is one. Block elements become line breaks, paragraphs are separated by a
    blank line, inline whitespace is folded. ``bytes`` are decoded by the page's own
    charset declaration, or by ``decode_bytes`` when it has none (or a vague one).
    """
    return decode_html(data).text


# --------------------------------------------------------------------------------------
# DOCX

_MAIN_PART_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
)
#: Unpacked size of one XML part: a 500-page document is about 30 MB of XML.
_MAX_XML_BYTES = 64_000_000
#: Elements in one XML part. ElementTree needs about 170 bytes per element, and a few
#: kilobytes of ZIP can unpack to millions of empty paragraphs (a "zip bomb"); a 500-page
#: document has a few hundred thousand.
_MAX_XML_ELEMENTS = 1_500_000
# Subtrees whose text is not part of what the reader sees: deleted or moved-away text of
# tracked changes, field instructions, the fallback copy of drawing content.
_DOCX_SKIP = frozenset({"delText", "instrText", "delInstrText", "moveFrom", "Fallback", "del"})


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attr(el: ET.Element, name: str) -> str | None:
    for key, value in el.attrib.items():
        if _local(key) == name:
            return value
    return None


def _child(el: ET.Element | None, name: str) -> ET.Element | None:
    if el is None:
        return None
    for c in el:
        if _local(c.tag) == name:
            return c
    return None


def _font_of(rpr: ET.Element | None) -> str | None:
    fonts = _child(rpr, "rFonts")
    if fonts is None:
        return None
    return _attr(fonts, "hAnsi") or _attr(fonts, "ascii")


def _legacy_kind(font: str | None) -> str | None:
    """'tcvn3', 'tcvn3-caps', 'vni' or None for a font name.

    The ABC fonts are named ``.VnTime``, ``.VnArial``…, their upper-case cuts end in
    ``H`` (``.VnTimeH``); the VNI fonts are ``VNI-Times``, ``VNI-Helve``….
    """
    if not font:
        return None
    name = font.strip()
    lower = name.lower()
    if lower.startswith(".vn"):
        return "tcvn3-caps" if name.endswith("H") else "tcvn3"
    if lower.startswith(("vni-", "vni ")):
        return "vni"
    return None


@dataclass
class _Styles:
    default_font: str | None = None
    default_paragraph: str | None = None
    fonts: dict[str, str | None] = field(default_factory=dict)
    based_on: dict[str, str] = field(default_factory=dict)

    def font(self, style_id: str | None) -> str | None:
        seen: set[str] = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            if self.fonts.get(style_id):
                return self.fonts[style_id]
            style_id = self.based_on.get(style_id)
        return None


def _parse_xml(xml: bytes, part: str, limit: int = _MAX_XML_ELEMENTS) -> ET.Element:
    """Parse one XML part, refusing it once it holds more than ``limit`` elements.

    The pull parser builds the same tree as ``ET.fromstring`` while counting elements as
    they arrive, so a part made of millions of tiny elements is refused before it fills
    the memory. Raises ET.ParseError for broken XML, ReadError when over the limit.
    """
    parser = ET.XMLPullParser(events=("start",))
    root: ET.Element | None = None
    count = 0
    step = 1 << 20
    chunks = (xml[i : i + step] if i < len(xml) else None for i in range(0, len(xml) + step, step))
    for chunk in chunks:
        if chunk is None:
            parser.close()  # raises ParseError for a truncated or empty part
        else:
            parser.feed(chunk)
        for _, element in parser.read_events():
            root = element if root is None else root
            count += 1
        if count > limit:
            raise ReadError(f"document too large: {part} holds more than {limit:,} XML elements")
    if root is None:
        raise ET.ParseError("no element found")
    return root


def _parse_styles(xml: bytes | None) -> _Styles:
    styles = _Styles()
    if not xml:
        return styles
    try:
        root = _parse_xml(xml, "word/styles.xml")
    except ET.ParseError:
        return styles
    for el in root.iter():
        name = _local(el.tag)
        if name == "rPrDefault":
            styles.default_font = _font_of(_child(el, "rPr"))
        elif name == "style":
            sid = _attr(el, "styleId")
            if not sid:
                continue
            styles.fonts[sid] = _font_of(_child(el, "rPr"))
            based = _child(el, "basedOn")
            if based is not None and _attr(based, "val"):
                styles.based_on[sid] = _attr(based, "val") or ""
            if _attr(el, "type") == "paragraph" and _attr(el, "default") in {"1", "true"}:
                styles.default_paragraph = sid
    return styles


class _DocxText:
    """Walks document.xml and collects paragraphs as (text, legacy font kind) segments."""

    def __init__(self, styles: _Styles) -> None:
        self.styles = styles
        self.paragraphs: list[list[tuple[str, str | None]]] = []
        self.legacy_seen: set[str] = set()

    def walk(self, el: ET.Element) -> None:
        for child in el:
            name = _local(child.tag)
            if name in _DOCX_SKIP:
                continue
            if name == "p":
                self.paragraph(child)
            else:
                self.walk(child)

    def paragraph(self, p: ET.Element) -> None:
        ppr = _child(p, "pPr")
        pstyle = _child(ppr, "pStyle")
        style_id = _attr(pstyle, "val") if pstyle is not None else self.styles.default_paragraph
        para_font = self.styles.font(style_id) or self.styles.default_font
        segments: list[tuple[str, str | None]] = []
        nested: list[ET.Element] = []
        self._runs(p, para_font, segments, nested)
        self.paragraphs.append(segments)
        for inner in nested:  # text boxes anchored in this paragraph come after it
            self.walk(inner)

    def _runs(
        self,
        el: ET.Element,
        para_font: str | None,
        segments: list[tuple[str, str | None]],
        nested: list[ET.Element],
    ) -> None:
        for child in el:
            name = _local(child.tag)
            if name in _DOCX_SKIP or name == "pPr":
                continue
            if name == "r":
                rpr = _child(child, "rPr")
                rstyle = _child(rpr, "rStyle")
                font = (
                    _font_of(rpr)
                    or (self.styles.font(_attr(rstyle, "val")) if rstyle is not None else None)
                    or para_font
                )
                kind = _legacy_kind(font)
                text = "".join(self._run_text(child, nested))
                if text:
                    if kind:
                        self.legacy_seen.add(kind)
                    segments.append((text, kind))
            elif name in {"txbxContent"}:
                nested.append(child)
            else:
                self._runs(child, para_font, segments, nested)

    def _run_text(self, run: ET.Element, nested: list[ET.Element]) -> Iterator[str]:
        for child in run:
            name = _local(child.tag)
            if name == "t":
                yield child.text or ""
            elif name == "tab" or name == "ptab":
                yield "\t"
            elif name in {"br", "cr"}:
                yield "\n"
            elif name == "noBreakHyphen":
                yield "-"
            elif name in _DOCX_SKIP or name == "rPr":
                continue
            elif len(child):  # drawings and alternate content may hold text boxes
                nested.extend(_text_boxes(child))


def _text_boxes(el: ET.Element) -> Iterator[ET.Element]:
    """Text-box contents below ``el``, skipping mc:Fallback (a duplicate of mc:Choice)."""
    for child in el:
        name = _local(child.tag)
        if name == "Fallback":
            continue
        if name == "txbxContent":
            yield child
        else:
            yield from _text_boxes(child)


def _convert_segment(text: str, kind: str | None) -> str:
    if kind == "tcvn3":
        return tcvn3_to_unicode(text)
    if kind == "tcvn3-caps":
        return tcvn3_to_unicode(text).upper()
    if kind == "vni":
        return vni_to_unicode(text)
    return text


def _read_member(zf: zipfile.ZipFile, name: str, limit: int) -> bytes:
    try:
        info = zf.getinfo(name)
    except KeyError:
        raise ReadError(f"not a valid .docx file (it has no {name})") from None
    if info.file_size > limit:
        raise ReadError(f"document too large once unpacked ({info.file_size:,} bytes)")
    with zf.open(info) as f:
        data = f.read(limit + 1)
    if len(data) > limit:
        raise ReadError("document too large once unpacked")
    return data


def _main_part(zf: zipfile.ZipFile) -> str:
    """The main document part named by [Content_Types].xml, usually word/document.xml."""
    names = set(zf.namelist())
    if "[Content_Types].xml" in names:
        try:
            root = _parse_xml(_read_member(zf, "[Content_Types].xml", 1_000_000), "[Content_Types].xml", 10_000)
        except ET.ParseError:
            root = None
        if root is not None:
            for el in root:
                if _local(el.tag) == "Override" and el.get("ContentType") in _MAIN_PART_TYPES:
                    part = (el.get("PartName") or "").lstrip("/")
                    if part in names:
                        return part
    return "word/document.xml"


# What unpacking a damaged or hostile archive raises: a bad deflate or LZMA stream, a
# truncated member, an unsupported compression method or an encrypted member.
_UNPACK_ERRORS = (
    zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError, zlib.error, lzma.LZMAError, ValueError,
)


def decode_docx(data: bytes, *, max_xml_bytes: int = _MAX_XML_BYTES) -> Decoded:
    """DOCX bytes → Decoded with the document body's text.

    Paragraphs (including table cells and text boxes) are separated by a blank line;
    ``w:tab`` becomes a tab, ``w:br``/``w:cr`` a line break; deleted text of tracked
    changes and field codes are left out. Runs set in a legacy Vietnamese font (.VnTime…
    for TCVN3, VNI-Times… for VNI) hold font-encoded Latin-1 characters and are converted,
    which is the only way a document that mixes legacy and Unicode fonts reads correctly.
    """
    if not data.startswith(b"PK"):
        if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
            raise ReadError("not a .docx file: this is a Word 97-2003 .doc; save it as .docx")
        raise ReadError("not a .docx file (not a ZIP archive)")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (*_UNPACK_ERRORS, zipfile.LargeZipFile) as e:  # a directory entry of an unknown zip version too
        raise ReadError(f"not a valid .docx file (damaged ZIP archive: {e})") from None
    with zf:
        try:
            part = _main_part(zf)
            xml = _read_member(zf, part, max_xml_bytes)
            styles_xml = (
                _read_member(zf, "word/styles.xml", max_xml_bytes) if "word/styles.xml" in zf.namelist() else None
            )
        except _UNPACK_ERRORS as e:
            raise ReadError(f"not a valid .docx file (cannot unpack it: {e})") from None
    if b"<!DOCTYPE" in xml[:4096] or b"<!ENTITY" in xml[:65536]:
        raise ReadError("not a valid .docx file (document.xml declares a DTD)")
    try:
        root = _parse_xml(xml, part)
    except ET.ParseError as e:
        raise ReadError(f"not a valid .docx file (broken document.xml: {e})") from None

    walker = _DocxText(_parse_styles(styles_xml))
    body = _child(root, "body")
    try:
        walker.walk(body if body is not None else root)
    except RecursionError:  # the walk recurses per element; real documents nest a few dozen deep
        raise ReadError("not a valid .docx file (its XML is nested too deeply)") from None

    paragraphs: list[str] = []
    for segments in walker.paragraphs:
        merged: list[tuple[str, str | None]] = []
        for text, kind in segments:  # a VNI mark byte may sit in its own run
            if merged and merged[-1][1] == kind:
                merged[-1] = (merged[-1][0] + text, kind)
            else:
                merged.append((text, kind))
        para = "".join(_convert_segment(t, k) for t, k in merged).strip()
        if para:
            paragraphs.append(para)
    text = "\n\n".join(paragraphs)

    m = _XML_ENCODING.match(xml[:200])
    encoding = m.group(1).decode("ascii").lower() if m else "utf-8"
    warnings: tuple[str, ...] = ()
    if walker.legacy_seen:
        names = sorted({"tcvn3" if k.startswith("tcvn3") else "vni-windows" for k in walker.legacy_seen})
        encoding = f"{encoding} (converted from {' and '.join(names)} fonts)"
        warnings = (f"text in legacy Vietnamese fonts converted: {', '.join(names)}",)
    else:
        text, how, warnings = repair_unicode_text(text)
        if how:
            encoding = f"{encoding} ({how})"
    if not text.strip():
        raise ReadError("no text found in the document")
    return Decoded(text, encoding, "docx", warnings)


def docx_to_text(data: bytes) -> str:
    """DOCX → plain text, paragraphs separated by a blank line (see ``decode_docx``)."""
    return decode_docx(data).text
