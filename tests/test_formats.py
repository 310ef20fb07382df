"""Tests for vnreport.formats: HTML and DOCX → main text.

Pages and documents are built here; a DOCX is assembled with zipfile from XML strings.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from pathlib import Path

import pytest

from vnreport.formats import decode_docx, decode_html, docx_to_text, html_to_text
from vnreport.reading import Decoded, ReadError, read_path

# -- HTML -----------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>Hội nghị tổng kết - Báo Phụ nữ</title>
<style>body {{ color: red }} .x:before {{ content: "Đừng chọn" }}</style>
<script>var total = "1.000 tỷ đồng"; if (a < b) {{ go(); }}</script></head>
<body>
<header class="site-header"><a href="/">Trang chủ</a> | Thứ Ba, 12/12/2023</header>
<nav><ul><li>Thời sự</li><li>Kinh tế</li></ul></nav>
<div class="main">
<article>
  <header><h1>Hội nghị   tổng kết
  công tác Hội năm 2023</h1></header>
  <p>Chiều ngày 15/12, Hội LHPN quận tổ chức <b>hội nghị</b> tổng kết.</p>
  <p>Các cấp Hội đã vận động&nbsp;đóng góp hơn 628 triệu đồng.<br>Dòng thứ hai.<br><br>Đoạn mới.</p>
  <div class="share-buttons">Chia sẻ Facebook</div>
  <p hidden>Đoạn ẩn</p><p style="display: none">Đoạn ẩn hai</p>
  <form><input value="x"><button>Gửi</button> Bình luận của bạn</form>
  <footer>Tác giả: Thanh Lài</footer>
</article>
<aside><h3>Tin liên quan</h3><p>Một tin khác năm 2022</p></aside>
</div>
<footer>© 2023 Báo điện tử. Địa chỉ: 123 đường Lê Lợi</footer>
</body></html>"""

EXPECTED = (
    "Hội nghị tổng kết công tác Hội năm 2023\n\n"
    "Chiều ngày 15/12, Hội LHPN quận tổ chức hội nghị tổng kết.\n\n"
    "Các cấp Hội đã vận động đóng góp hơn 628 triệu đồng.\nDòng thứ hai.\n\n"
    "Đoạn mới.\n\n"
    "Tác giả: Thanh Lài"
)
BOILERPLATE = [
    "Đừng chọn",
    "1.000 tỷ",
    "Trang chủ",
    "12/12/2023",
    "Thời sự",
    "Chia sẻ",
    "Đoạn ẩn",
    "Gửi",
    "Bình luận",
    "Tin liên quan",
    "2022",
    "Lê Lợi",
    "Báo Phụ nữ",
]


def encode_cp1258(text: str) -> bytes:
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", ch)
            tone = "".join(c for c in d if c in "\u0300\u0301\u0303\u0309\u0323")
            out += (unicodedata.normalize("NFC", "".join(c for c in d if c not in tone)) + tone).encode("cp1258")
    return bytes(out)


def test_main_text_only() -> None:
    text = html_to_text(PAGE.format(charset="utf-8"))
    assert text == EXPECTED
    for word in BOILERPLATE:
        assert word not in text


def test_charset_meta_windows_1258() -> None:
    data = encode_cp1258(PAGE.format(charset="windows-1258"))
    d = decode_html(data)
    assert d.encoding == "windows-1258"
    assert d.format == "html"
    assert d.warnings == ()
    assert unicodedata.normalize("NFC", d.text) == EXPECTED


def test_charset_meta_short_form() -> None:
    page = '<html><head><meta charset="UTF-8"></head><body><p>Hội  nghị\n tổng kết</p></body></html>'
    assert decode_html(page.encode("utf-8")) == Decoded("Hội nghị tổng kết", "utf-8", "html")


def test_no_charset_falls_back_to_decode_bytes() -> None:
    page = "<html><body><p>Hội Liên hiệp Phụ nữ Việt Nam tổ chức hội nghị</p></body></html>"
    d = decode_html(encode_cp1258(page))
    assert d.encoding == "windows-1258"
    assert d.warnings == ("encoding guessed: windows-1258",)


def test_tcvn3_page_declared_as_latin1() -> None:
    # legacy-font pages were served as ISO-8859-1 with <font face=".VnTime">
    body = "<p><font face='.VnTime'>H\xe9i Li\xaan hi\xd6p Ph\xf4 n\xf7 ViÖt Nam tæ chøc héi nghÞ</font></p>"
    page = "<html><head><meta charset='iso-8859-1'></head><body>" + body + "</body></html>"
    d = decode_html(page.encode("latin-1"))
    assert d.encoding == "tcvn3"
    assert d.text == "Hội Liên hiệp Phụ nữ Việt Nam tổ chức hội nghị"


def test_wrong_declaration_is_reported() -> None:
    page = "<html><head><meta charset='utf-8'></head><body><p>Hoäi Lieân hieäp Phuï nöõ Vieät Nam</p></body></html>"
    d = decode_html(page.encode("cp1252"))
    assert d.encoding == "vni-windows"
    assert d.text == "Hội Liên hiệp Phụ nữ Việt Nam"
    assert any("not UTF-8" in w for w in d.warnings)


def test_declared_legacy_charsets() -> None:
    tcvn = b"<html><head><meta charset='TCVN3'></head><body><p>H\xe9i \x93Ph\xf4 n\xf7\x94</p></body></html>"
    assert decode_html(tcvn) == Decoded("Hội \u201cPhụ nữ\u201d", "tcvn3", "html")
    # old VNI pages often declared a made-up charset
    vni = "<meta charset='x-user-defined'><p>Hoäi Lieân hieäp Phuï nöõ Vieät Nam</p>".encode("cp1252")
    d = decode_html(vni)
    assert d.text == "Hội Liên hiệp Phụ nữ Việt Nam"
    assert d.encoding == "vni-windows"
    assert d.warnings[0] == "unknown charset declared: x-user-defined"


def test_legacy_text_behind_character_references() -> None:
    page = "<p>H&eacute;i Li&ordf;n hi&Ouml;p Ph&ocirc; n&divide; Vi&Ouml;t Nam</p>"
    d = decode_html(page.encode("ascii"))
    assert d.text == "Hội Liên hiệp Phụ nữ Việt Nam"
    assert d.encoding == "utf-8 (converted from tcvn3 characters)"


def test_title_is_used_when_there_is_no_h1() -> None:
    page = b"<html><head><title>T\xc3\xaan b\xc3\xa0i</title><body><p>N\xe1\xbb\x99i dung.</p>"
    assert html_to_text(page) == "Tên bài\n\nNội dung."


def test_unclosed_head_does_not_swallow_the_body() -> None:
    assert html_to_text("<html><head><meta charset=utf-8><body><p>Nội dung chính.</p>") == "Nội dung chính."


def test_whitespace_breaks_and_pre() -> None:
    page = "<div>Một\n   hai\tba <i>bốn</i>năm</div><div>Dòng 1<br/>Dòng 2</div><pre>  giữ\n    nguyên</pre>"
    assert html_to_text(page) == "Một hai ba bốnnăm\n\nDòng 1\nDòng 2\n\n  giữ\n    nguyên"


def test_table_cells_are_separate_paragraphs() -> None:
    page = "<table><tr><td>Chi hội</td><td>15</td></tr><tr><td>Tổng</td><td>000</td></tr></table>"
    # never "15 000": a space or line break between cells would read as one number
    assert html_to_text(page) == "Chi hội\n\n15\n\nTổng\n\n000"


def test_largest_article_wins_over_teasers() -> None:
    story = "<p>" + "Nội dung bài chính rất dài. " * 20 + "</p>"
    page = (
        "<body><h1>Tiêu đề bài</h1>"
        "<article><p>Tin ngắn một</p></article>"
        f"<div role='main'><div><p>Mở đầu</p></div>{story}</div>"
        "<article><p>Tin ngắn hai</p></article>"
        "<p>Ngoài bài</p></body>"
    )
    text = html_to_text(page)
    assert text.startswith("Tiêu đề bài\n\nMở đầu\n\nNội dung bài chính")
    assert "Tin ngắn" not in text
    assert "Ngoài bài" not in text


def test_page_without_main_element_keeps_everything_but_chrome() -> None:
    page = "<body><nav>Menu</nav><div><p>Đoạn một.</p><p>Đoạn hai.</p></div><footer>Bản quyền</footer></body>"
    assert html_to_text(page) == "Đoạn một.\n\nĐoạn hai."


def test_empty_page_is_an_error() -> None:
    with pytest.raises(ReadError, match="no text"):
        decode_html(b"<html><head><script>x()</script></head><body><nav>Menu</nav></body></html>")


def test_binary_named_html() -> None:
    with pytest.raises(ReadError, match="PNG"):
        decode_html(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


def test_read_path_html(tmp_path: Path) -> None:
    data = encode_cp1258(PAGE.format(charset="windows-1258"))
    for name in ("Hội nghị.html", "trang.HTM"):
        path = tmp_path / name
        path.write_bytes(data)
        raw, decoded = read_path(path)
        assert raw == data
        assert decoded.format == "html"
        assert decoded.encoding == "windows-1258"
        assert unicodedata.normalize("NFC", decoded.text) == EXPECTED


# -- DOCX -----------------------------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)


def document_xml(body: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W}" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml">'
        f"<w:body>{body}<w:sectPr/></w:body></w:document>"
    )


def make_docx(body: str, styles: str | None = None, *, document: str | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("word/document.xml", document if document is not None else document_xml(body))
        if styles is not None:
            z.writestr(
                "word/styles.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="{W}">{styles}</w:styles>'
            )
    return buf.getvalue()


def para(*runs: str, style: str | None = None) -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{ppr}{''.join(runs)}</w:p>"


def run(text: str, font: str | None = None) -> str:
    rpr = f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}"/></w:rPr>' if font else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'


def test_docx_paragraphs_tabs_breaks() -> None:
    body = (
        para(run("Hội nghị tổng kết"))
        + para(
            run("Chiều ngày 15/12, "),
            "<w:r><w:rPr><w:b/></w:rPr><w:t>Hội LHPN</w:t></w:r>",
            "<w:r><w:tab/><w:t>quận</w:t><w:br/><w:t>dòng hai</w:t></w:r>",
        )
        + "<w:p/>"
        + para(run("  "))
        + para(run("Kết thúc."))
    )
    data = make_docx(body)
    assert docx_to_text(data) == "Hội nghị tổng kết\n\nChiều ngày 15/12, Hội LHPN\tquận\ndòng hai\n\nKết thúc."
    assert decode_docx(data) == Decoded(docx_to_text(data), "utf-8", "docx")


def test_docx_tables_tracked_changes_fields_and_text_boxes() -> None:
    body = (
        "<w:tbl><w:tr><w:tc>"
        + para(run("Chi hội"))
        + "</w:tc><w:tc>"
        + para(run("15"))
        + "</w:tc></w:tr></w:tbl>"
        + para(
            run("Đã"),
            "<w:del><w:r><w:delText> bỏ</w:delText></w:r></w:del>",
            "<w:ins><w:r><w:t> thêm</w:t></w:r></w:ins>",
        )
        + para(
            "<w:r><w:fldChar w:fldCharType='begin'/></w:r><w:r><w:instrText>PAGE 99</w:instrText></w:r>",
            "<w:r><w:fldChar w:fldCharType='separate'/></w:r>",
            run("3"),
            "<w:r><w:fldChar w:fldCharType='end'/></w:r>",
        )
        + para(
            run("Neo"),
            "<w:r><mc:AlternateContent><mc:Choice Requires='wps'><w:drawing><wps:txbx><w:txbxContent>"
            + para(run("Trong hộp"))
            + "</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox>"
            "<w:txbxContent>"
            + para(run("Trong hộp"))
            + "</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>",
        )
    )
    assert docx_to_text(make_docx(body)) == "Chi hội\n\n15\n\nĐã thêm\n\n3\n\nNeo\n\nTrong hộp"


def test_docx_legacy_fonts_are_converted() -> None:
    styles = (
        '<w:style w:type="paragraph" w:styleId="Base"><w:rPr><w:rFonts w:ascii="VNI-Times" w:hAnsi="VNI-Times"/>'
        '</w:rPr></w:style><w:style w:type="paragraph" w:styleId="Vni"><w:basedOn w:val="Base"/></w:style>'
    )
    body = (
        para(run("H\u00e9i Li\u00aan hi\u00d6p", ".VnTime"), run(" và chữ Unicode"))
        + para(run("h\u00e9i ngh\u00de", ".VnTimeH"))  # the upper-case cut of the ABC font
        + para(run("Ho"), run("\u00e4i ngh\u00f2", None), style="Vni")  # a mark byte in its own run
    )
    d = decode_docx(make_docx(body, styles))
    assert d.text == "Hội Liên hiệp và chữ Unicode\n\nHỘI NGHỊ\n\nHội nghị"
    assert d.encoding == "utf-8 (converted from tcvn3 and vni-windows fonts)"
    assert d.warnings


def test_docx_legacy_text_without_font_information() -> None:
    d = decode_docx(make_docx(para(run("H\u00e9i Li\u00aan hi\u00d6p Ph\u00f4 n\u00f7 ViÖt Nam"))))
    assert d.text == "Hội Liên hiệp Phụ nữ Việt Nam"
    assert d.encoding == "utf-8 (converted from tcvn3 characters)"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"not a zip at all", "not a ZIP"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "97-2003"),
        (make_docx(para(run("x")))[:60], "damaged"),
        (make_docx("", document="<w:document><w:body><w:p>"), "broken document.xml"),
        (make_docx("", document='<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'), "DTD"),
        (make_docx(para(run("   "))), "no text"),
        # A central directory entry claiming a zip version Python cannot read (found by hypothesis).
        (b"PKPK\x01\x02\x00\x00@" + b"\x00" * 56 + b"PK\x05\x06" + b"\x00" * 8 + b"?" + b"\x00" * 9, "damaged"),
    ],
)
def test_docx_errors(data: bytes, reason: str) -> None:
    with pytest.raises(ReadError, match=reason) as err:
        decode_docx(data)
    assert "\n" not in str(err.value)


def test_docx_without_document_part() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(ReadError, match=r"no word/document\.xml"):
        decode_docx(buf.getvalue())


def test_read_path_docx(tmp_path: Path) -> None:
    data = make_docx(para(run("Báo cáo")) + para(run("tổng kết năm 2023")))
    path = tmp_path / "Báo cáo tổng kết.DOCX"
    path.write_bytes(data)
    raw, decoded = read_path(path)
    assert raw == data
    assert decoded == Decoded("Báo cáo\n\ntổng kết năm 2023", "utf-8", "docx")
    # the same bytes under a text suffix are a ZIP archive, not text
    other = tmp_path / "report.txt"
    other.write_bytes(data)
    with pytest.raises(ReadError, match="ZIP"):
        read_path(other)
