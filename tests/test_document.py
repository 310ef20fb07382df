"""The offset map: whatever normalisation does, spans point into the original text."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

import vnreport
from vnreport.document import fold
from vnreport.layout import analyse
from vnreport.normalize import normalize, unify_tones
from vnreport.ruleset import default_rules

RULES = default_rules()


def evidence_of(original: str, needle: str) -> dict[str, object]:
    """Find `needle` in the working text and map it back."""
    doc = normalize(original)
    k = doc.text.index(needle)
    return doc.evidence(k, k + len(needle))


def test_nfd_input_maps_to_whole_letters() -> None:
    original = unicodedata.normalize("NFD", "Hội Liên hiệp Phụ nữ quận")
    ev = evidence_of(original, "Phụ nữ")
    assert ev["text"] == "Phụ nữ"
    assert original[ev["start"] : ev["end"]] == unicodedata.normalize("NFD", "Phụ nữ")


def test_windows_1258_style_combining_tones_compose() -> None:
    # Windows-1258 keeps some tones as combining marks after a precomposed vowel.
    original = "Ho\u0300a Bi\u0300nh va\u0300 ca\u0301c chi\u0323 em"
    doc = normalize(original)
    assert doc.text == "Hòa Bình và các chị em"
    ev = evidence_of(original, "các chị")
    assert ev["text"] == "các chị"
    assert fold(original[ev["start"] : ev["end"]]) == "các chị"


def test_whitespace_runs_fold_and_map_back() -> None:
    original = "Tổng\u00a0dư   nợ\t191,161 tỷ đồng"
    doc = normalize(original)
    assert doc.text == "Tổng dư nợ 191,161 tỷ đồng"
    ev = evidence_of(original, "dư nợ 191,161")
    assert original[ev["start"] : ev["end"]] == "dư   nợ\t191,161"
    assert ev["text"] == "dư nợ 191,161"


def test_invisible_characters_are_dropped_but_kept_in_the_span() -> None:
    original = "hỗ\u200b trợ 19 em"
    doc = normalize(original)
    assert doc.text == "hỗ trợ 19 em"
    ev = evidence_of(original, "hỗ trợ")
    assert ev["start"] == 0 and original[ev["end"] - 3 : ev["end"]] == "trợ"


def test_tone_styles_are_unified_without_moving_offsets() -> None:
    assert unify_tones("Uỷ ban hoà giải, thoả thuận, thuý") == "Ủy ban hòa giải, thỏa thuận, thúy"
    original = "Uỷ ban nhân dân"
    doc = normalize(original)
    assert doc.text == "Ủy ban nhân dân"
    ev = doc.evidence(0, 6)
    assert ev["text"] == "Uỷ ban"  # evidence is the original as written


def test_line_break_inside_a_number_is_joined_and_spans_cross_it() -> None:
    original = "Hội duy trì đỡ đầu cho em Vương mỗi tháng 200\n000 đ, số quỹ dư là 2.700 000 đ."
    doc, _ = analyse(normalize(original), RULES)
    assert "200 000 đ" in doc.text
    k = doc.text.index("200 000 đ")
    ev = doc.evidence(k, k + len("200 000 đ"))
    assert original[ev["start"] : ev["end"]] == "200\n000 đ"
    assert ev["text"] == "200 000 đ"


def test_wrapped_lines_join_but_paragraphs_do_not() -> None:
    original = (
        "Chiều ngày\n8/7/2024, Hội CCB xã tổ chức hội nghị sơ kết công\ntác Hội.\n"
        "Trong 6 tháng đầu năm, Hội đã kết nạp 20 hội viên.\n\nẢnh minh họa"
    )
    doc, _ = analyse(normalize(original), RULES)
    assert "Chiều ngày 8/7/2024" in doc.text
    assert "sơ kết công tác Hội." in doc.text
    assert "tác Hội.\nTrong" in doc.text  # a line ending a sentence keeps its break
    sentences = [doc.text[a:b] for a, b in doc.sentences]
    assert sentences[0].startswith("Chiều ngày 8/7/2024") and sentences[0].endswith("tác Hội.")


def test_boilerplate_is_blanked_in_the_scanned_text() -> None:
    original = (
        "TIN TỨC & SỰ KIỆN\n\n|\n\nHội Nông dân xã tổ chức hội nghị tổng kết năm 2023\n\n"
        "Sáng ngày 5/1/2024, Hội Nông dân xã tổ chức hội nghị tổng kết công tác năm 2023 với 120 hội viên.\n\n"
        "Minh Anh\n\nTin liên quan\nHội thi nấu ăn ngày 20/10 (10:15 - 21/10/2023)\n"
    )
    doc, layout = analyse(normalize(original), RULES)
    assert layout.title == "Hội Nông dân xã tổ chức hội nghị tổng kết năm 2023"
    assert layout.author == "Minh Anh"
    assert "TIN TỨC" not in doc.scan and "Hội thi nấu ăn" not in doc.scan and "Minh Anh" not in doc.scan
    assert "120 hội viên" in doc.scan
    assert len(doc.scan) == len(doc.text)


def test_publication_line_under_the_headline() -> None:
    original = (
        "Hội LHPN huyện triển khai nhiệm vụ năm 2024\n\nThứ sáu, 19/01/2024 - 15:37 (GMT+7) | Lượt xem: 120\n\n"
        "Sáng 18/1, Hội LHPN huyện tổ chức hội nghị triển khai nhiệm vụ năm 2024.\n"
    )
    _, layout = analyse(normalize(original), RULES)
    assert layout.published == "2024-01-19"
    assert layout.title == "Hội LHPN huyện triển khai nhiệm vụ năm 2024"


def test_a_body_first_line_is_not_a_title() -> None:
    original = "Chiều ngày 15/12, Hội LHPN quận tổ chức hội nghị tổng kết công tác năm 2023.\nThanh Lài"
    _, layout = analyse(normalize(original), RULES)
    assert layout.title is None
    assert layout.author == "Thanh Lài"


def test_last_long_line_is_not_a_byline() -> None:
    original = (
        "Hội nghị tổng kết năm\n\nSáng nay hội nghị diễn ra.\n\n"
        "Các đại biểu đã thảo luận sôi nổi về phương hướng năm tới"
    )
    _, layout = analyse(normalize(original), RULES)
    assert layout.author is None


VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
ALPHABET = VIETNAMESE + VIETNAMESE.upper() + "0123456789 .,;:/%-–()“”\"\n\t\u00a0\u200b\u0300\u0301\u0303\u0309\u0323"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=300))
def test_every_working_span_maps_to_a_valid_original_span(original: str) -> None:
    doc, _ = analyse(normalize(original), RULES)
    assert len(doc.scan) == len(doc.text)
    n = len(doc.text)
    for start in range(0, n, 7):
        for end in (start + 1, min(n, start + 5), n):
            if end <= start:
                continue
            ev = doc.evidence(start, end)
            assert 0 <= ev["start"] <= ev["end"] <= len(original)
            assert ev["text"] == fold(original[ev["start"] : ev["end"]])


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=400))
def test_every_extracted_item_points_at_its_text(original: str) -> None:
    tree = vnreport.extract_text(original)
    for key in ("figures", "dates", "events"):
        for item in tree[key]:
            assert 0 <= item["start"] < item["end"] <= len(original)
            assert fold(original[item["start"] : item["end"]]) == item["text"]
    for key in ("organizations", "people"):
        for item in tree[key]:
            for m in item["mentions"]:
                assert 0 <= m["start"] < m["end"] <= len(original)


# ------------------------------------------------------------------ page headers and bylines


def layout_of(original: str) -> tuple[object, object]:
    return analyse(normalize(original), RULES)


def test_author_named_on_the_publication_line() -> None:
    original = (
        "Trao quà cho hộ nghèo xã Tân Lập\n\nMinh Hà 12/03/2024 08:15\n\n"
        "Ngày 11/3, Hội LHPN xã Tân Lập trao 20 suất quà cho hộ nghèo.\n"
    )
    _, layout = layout_of(original)
    assert layout.title == "Trao quà cho hộ nghèo xã Tân Lập"
    assert (layout.published, layout.author) == ("2024-03-12", "Minh Hà")
    _, layout = layout_of(original.replace("Minh Hà 12/03/2024 08:15", "Lê Hằng - 08:15 12/03/2024 GMT+7"))
    assert (layout.published, layout.author) == ("2024-03-12", "Lê Hằng")


def test_a_weekday_opening_the_publication_line_is_not_an_author() -> None:
    original = (
        "Hội CCB huyện gặp mặt hội viên mới\n\nThứ Ba, 12/03/2024 08:15\n\n"
        "Sáng 11/3, Hội CCB huyện tổ chức gặp mặt.\n"
    )
    _, layout = layout_of(original)
    assert (layout.published, layout.author) == ("2024-03-12", None)


def test_publication_date_written_in_words() -> None:
    original = (
        "Hội Nông dân xã ra mắt tổ hợp tác trồng chè\n\nChủ nhật, ngày 5 tháng 5 năm 2024 - 09:10\n\n"
        "Ngày 4/5, Hội Nông dân xã ra mắt tổ hợp tác trồng chè với 15 thành viên.\n"
    )
    _, layout = layout_of(original)
    assert layout.published == "2024-05-05"
    assert layout.title == "Hội Nông dân xã ra mắt tổ hợp tác trồng chè"


def test_a_banner_above_the_headline_is_the_sites() -> None:
    original = (
        "Công ty Cổ phần Xi măng Tân Phú\n\n“Phụ nữ Tân Phú đoàn kết, sáng tạo, phát triển...”\n\n"
        "Hà Linh - 10:00 12/05/2024\n\nSáng 11/5, Hội LHPN huyện Tân Phú tổ chức đại hội đại biểu.\n"
    )
    doc, layout = layout_of(original)
    assert layout.title == "“Phụ nữ Tân Phú đoàn kết, sáng tạo, phát triển...”"
    assert (layout.published, layout.author) == ("2024-05-12", "Hà Linh")
    assert "Xi măng" not in doc.scan
    assert vnreport.extract_text(original)["organizations"][0]["name"] == "Hội LHPN huyện Tân Phú"


def test_publication_line_above_the_headline() -> None:
    original = (
        "05/04/2024\nHội Nông dân xã Yên Lạc tổ chức Đại hội nhiệm kỳ 2024 - 2029\n"
        "Sáng 4/4, Hội Nông dân xã Yên Lạc tổ chức Đại hội đại biểu lần thứ X, nhiệm kỳ 2024 - 2029.\n"
    )
    _, layout = layout_of(original)
    assert layout.published == "2024-04-05"
    assert layout.title == "Hội Nông dân xã Yên Lạc tổ chức Đại hội nhiệm kỳ 2024 - 2029"


def test_a_share_toolbar_between_headline_and_date_is_skipped() -> None:
    original = (
        "ỦY BAN MTTQ HUYỆN TÂN PHÚ: TRAO NHÀ ĐẠI ĐOÀN KẾT CHO HỘ NGHÈO XÃ TÂN LẬP\n\nRSS In Gửi email\n"
        "12/05/2024 04:30:00 PM\n\nSáng 11/5, Ủy ban MTTQ huyện Tân Phú trao nhà Đại đoàn kết cho hộ nghèo.\n"
    )
    doc, layout = layout_of(original)
    assert layout.title is not None and layout.title.startswith("ỦY BAN MTTQ HUYỆN TÂN PHÚ")
    assert layout.published == "2024-05-12"
    assert "RSS" not in doc.scan


def test_a_byline_with_the_authors_unit_and_a_full_stop() -> None:
    original = (
        "Hội nghị tổng kết năm\n\nSáng 5/1, Hội LHPN huyện Yên Lập tổ chức hội nghị tổng kết công tác năm.\n"
        "Lan Anh – Hội LHPN huyện Yên Lập.\n"
    )
    _, layout = layout_of(original)
    assert layout.author == "Lan Anh – Hội LHPN huyện Yên Lập"


def test_a_byline_in_capitals_closing_the_last_paragraph() -> None:
    original = (
        "Hội thi nấu ăn\n\nNgày 9/3, Đoàn phường Tân Lập tổ chức hội thi nấu ăn.\n"
        "Ban tổ chức trao 3 giải nhất và 4 giải ba. THU HÀ - MINH TÚ\n"
    )
    doc, layout = layout_of(original)
    assert layout.author == "THU HÀ - MINH TÚ"
    assert "THU HÀ" not in doc.scan and "4 giải ba." in doc.scan
    assert [f["value"] for f in vnreport.extract_text(original)["figures"]][-2:] == [3, 4]


def test_a_comment_counter_ends_the_article() -> None:
    original = (
        "Hội thi nấu ăn\n\nNgày 9/3, Hội LHPN xã tổ chức hội thi nấu ăn cho 12 đội.\n"
        "Ngọc Lan\n\n(0) Bình luận\nTin mới nhất\n"
    )
    _, layout = layout_of(original)
    assert layout.author == "Ngọc Lan"


def test_author_and_weekday_on_the_publication_line_and_a_zone_with_minutes() -> None:
    original = (
        "Hội Nông dân tỉnh tổng kết năm 2023 với nhiều kết quả nổi bật\n\n"
        "Trần Mai Thứ hai, ngày 04/12/2023 07:45 AM (GMT+7)\nSáng 3/12, Hội Nông dân tỉnh tổng kết công tác năm.\n"
    )
    _, layout = layout_of(original)
    assert (layout.published, layout.author) == ("2023-12-04", "Trần Mai")
    _, layout = layout_of("Cập nhật lúc 15:42 - 24/01/2021 (GMT +07:00)\nNgày 21/01, Hội tổ chức hội nghị tổng kết.\n")
    assert (layout.title, layout.published) == (None, "2021-01-24")


def test_a_caption_closing_the_article_is_not_a_byline() -> None:
    body = "Hội nghị tổng kết\n\nSáng 5/1, Hội LHPN xã Tân Lập tổ chức hội nghị tổng kết công tác năm.\n"
    _, layout = layout_of(body + "Bà Lò Thị Hoa - Chủ tịch Hội LHPN xã phát biểu\n")
    assert layout.author is None
    _, layout = layout_of(body + "Anh Thư - Hội LHPN huyện\n")
    assert layout.author == "Anh Thư - Hội LHPN huyện"


def test_the_authors_own_line_between_headline_and_date() -> None:
    original = (
        "Hội LHPN phường Tân Lập tổ chức chương trình “Áo dài – di sản văn hóa”\nMinh An- Thu Hà\n"
        "10:20 05/03/2024\nSáng 4/3, Hội LHPN phường Tân Lập tổ chức chương trình cho 200 hội viên.\n"
    )
    doc, layout = layout_of(original)
    assert layout.title == "Hội LHPN phường Tân Lập tổ chức chương trình “Áo dài – di sản văn hóa”"
    assert (layout.published, layout.author) == ("2024-03-05", "Minh An- Thu Hà")
    assert "Minh An" not in doc.scan


def test_a_headline_in_capitals_over_the_first_paragraph() -> None:
    original = (
        "TIN TỨC\n\nHỘI NÔNG DÂN XÃ TỔ CHỨC TẬP HUẤN KỸ THUẬT TRỒNG CHÈ\n"
        "Ngày 5/4, Hội Nông dân xã Tân Lập tổ chức lớp tập huấn kỹ thuật trồng chè cho 60 hội viên nông dân trong xã.\n"
    )
    _, layout = layout_of(original)
    assert layout.title == "HỘI NÔNG DÂN XÃ TỔ CHỨC TẬP HUẤN KỸ THUẬT TRỒNG CHÈ"


def test_unusual_separators_on_the_publication_line() -> None:
    original = "Hội Nông dân xã tổ chức tập huấn\n\n  09:33 !! 19/09/2019\n\nSáng 18/9, Hội tổ chức tập huấn.\n"
    _, layout = layout_of(original)
    assert (layout.title, layout.published) == ("Hội Nông dân xã tổ chức tập huấn", "2019-09-19")


def test_a_comment_counter_under_the_lead_does_not_end_the_article() -> None:
    original = (
        "Hội Nông dân tỉnh tổng kết năm\n\nSáng 3/12, Hội Nông dân tỉnh tổng kết công tác năm với 200 đại biểu dự.\n"
        "Bình luận 0\n\nHội đã kết nạp 1.500 hội viên mới trong năm qua.\n"
    )
    doc, _ = layout_of(original)
    assert "Bình luận" not in doc.scan and "1.500 hội viên" in doc.scan


def test_counters_and_links_around_the_byline_are_page_furniture() -> None:
    original = (
        "1250 lượt xem\nHội CCB phường họp mặt kỷ niệm ngày truyền thống\n"
        "Sáng 20/12, Hội CCB phường Tân Lập tổ chức họp mặt với 60 hội viên.\n"
        "Đăng bởi: Minh Châu\n\n[Trở về]\n\nNổi bật\nCác tin khác\n"
    )
    doc, layout = layout_of(original)
    assert layout.title == "Hội CCB phường họp mặt kỷ niệm ngày truyền thống"
    assert layout.author == "Minh Châu"
    assert "lượt xem" not in doc.scan
