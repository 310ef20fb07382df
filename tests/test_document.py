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
