"""People: honorifics, titles before and after a name, lists, and what is not a person."""

from __future__ import annotations

from typing import Any

import vnreport


def people(text: str) -> list[dict[str, Any]]:
    return vnreport.extract_text(text)["people"]


def triples(text: str) -> list[tuple[str, str | None, str | None]]:
    return [(p["name"], p["honorific"], p["title"]) for p in people(text)]


# ------------------------------------------------------------------ honorific, name, title


def test_honorific_name_and_title_after_a_dash() -> None:
    text = "Dự buổi lễ có ông Phan Quốc Việt – Phó Chủ tịch UBND huyện; bà Lý Thị Sen – Chủ tịch Hội LHPN huyện."
    assert triples(text) == [
        ("Phan Quốc Việt", "ông", "Phó Chủ tịch UBND huyện"),
        ("Lý Thị Sen", "bà", "Chủ tịch Hội LHPN huyện"),
    ]


def test_several_roles_after_a_comma() -> None:
    text = "Đồng chí Đinh Văn Khoa, Huyện ủy viên, Bí thư Đảng ủy xã, phát biểu chỉ đạo."
    assert triples(text) == [("Đinh Văn Khoa", "đồng chí", "Huyện ủy viên, Bí thư Đảng ủy xã")]


def test_abbreviated_honorific() -> None:
    assert triples("Đ/c Mạc Thị Thu trao giấy khen cho các chi hội.") == [("Mạc Thị Thu", "đ/c", None)]


def test_young_people_and_children() -> None:
    assert triples("Hội trao học bổng cho em Lò Văn Páo và cháu Vi Thị Mai.") == [
        ("Lò Văn Páo", "em", None),
        ("Vi Thị Mai", "cháu", None),
    ]


def test_title_before_the_name() -> None:
    text = "Phó Chủ tịch Thường trực Hội Nông dân tỉnh Cao Văn Thắng khen ngợi các mô hình."
    assert triples(text) == [("Cao Văn Thắng", None, "Phó Chủ tịch Thường trực Hội Nông dân tỉnh")]


def test_honorific_before_a_title_before_the_name() -> None:
    text = "Đồng chí Bí thư Huyện ủy Hà Minh Đức tặng hoa chúc mừng."
    assert triples(text) == [("Hà Minh Đức", "đồng chí", "Bí thư Huyện ủy")]


def test_list_of_attendees_gives_its_honorific_to_every_item() -> None:
    text = (
        "Tham dự có các đồng chí: Vũ Đức Hạnh, Phó Chủ tịch UBND xã; Ngô Thị Loan, Chủ tịch Hội LHPN xã; "
        "Đào Văn Tiến, Bí thư Đoàn Thanh niên xã."
    )
    assert triples(text) == [
        ("Vũ Đức Hạnh", "đồng chí", "Phó Chủ tịch UBND xã"),
        ("Ngô Thị Loan", "đồng chí", "Chủ tịch Hội LHPN xã"),
        ("Đào Văn Tiến", "đồng chí", "Bí thư Đoàn Thanh niên xã"),
    ]


def test_list_items_without_a_title() -> None:
    text = "Dự buổi gặp mặt có các ông: Kha Văn Tám; Lục Văn Sáng, Trưởng thôn Nà Phặc."
    assert triples(text) == [("Kha Văn Tám", "ông", None), ("Lục Văn Sáng", "ông", "Trưởng thôn Nà Phặc")]


def test_a_middle_name_written_in_lower_case() -> None:
    assert triples("Gia đình ông Trịnh văn Lộc hiến 200 m2 đất.") == [("Trịnh văn Lộc", "ông", None)]


def test_a_given_name_alone_after_an_honorific() -> None:
    assert triples("Hội tặng quà cho gia đình bà Nhung ở thôn Đông.") == [("Nhung", "bà", None)]


# ------------------------------------------------------------------ one person, many mentions


def test_later_mentions_join_the_person_first_named_in_full() -> None:
    text = (
        "Ông Tống Văn Hải, Chủ tịch UBND xã, dự lễ. Phát biểu tại buổi lễ, ông Hải cảm ơn các nhà hảo tâm. "
        "Tống Văn Hải cũng trao quà cho học sinh."
    )
    (p,) = people(text)
    assert (p["name"], p["honorific"], p["title"]) == ("Tống Văn Hải", "ông", "Chủ tịch UBND xã")
    assert [text[m["start"] : m["end"]] for m in p["mentions"]] == ["Tống Văn Hải", "Hải", "Tống Văn Hải"]


def test_the_first_title_is_kept() -> None:
    text = (
        "Tham dự có đồng chí Hứa Thị Yến, Phó Bí thư Thường trực Huyện ủy. "
        "Phó Bí thư Thường trực Huyện ủy huyện Quế Võ Hứa Thị Yến đề nghị Hội phát huy vai trò."
    )
    (p,) = people(text)
    assert p["title"] == "Phó Bí thư Thường trực Huyện ủy" and len(p["mentions"]) == 2


# ------------------------------------------------------------------ not people


def test_ho_chi_minh_as_ideology_or_city_is_not_a_person() -> None:
    assert people("Cán bộ học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.") == []
    assert people("Hội LHPN Thành phố Hồ Chí Minh trao 500 suất quà.") == []
    assert people("Đoàn viên Đoàn Thanh niên Cộng sản Hồ Chí Minh ra quân.") == []


def test_ho_chi_minh_with_a_title_is_a_person() -> None:
    assert triples("Kỷ niệm ngày sinh Chủ tịch Hồ Chí Minh, Hội tổ chức nói chuyện.") == [
        ("Hồ Chí Minh", None, "Chủ tịch")
    ]


def test_namesakes_are_not_people() -> None:
    assert people("Trao học bổng Nguyễn Thị Minh Khai cho học sinh trên đường Lê Lợi.") == []
    assert people("Hội viên tỉnh Bà Rịa - Vũng Tàu và huyện Đông Anh tham gia.") == []


def test_capitalised_phrase_without_family_name_is_not_a_person() -> None:
    assert people("Mô hình Xuân Yêu Thương – Tết Nghĩa Tình được nhân rộng.") == []


def test_byline_is_the_author_not_a_person() -> None:
    tree = vnreport.extract_text("Hội Nông dân xã tổ chức tập huấn cho 50 hội viên.\nTrần Thu Hà")
    assert tree["document"]["author"] == "Trần Thu Hà"
    assert tree["people"] == []


def test_a_name_after_a_place_longer_than_the_place_pattern() -> None:
    text = "Phó Chủ tịch Ủy ban MTTQ huyện Yên Dương Hoàng Minh Tuấn trao quà."
    assert [p["name"] for p in people(text)] == ["Hoàng Minh Tuấn"]


def test_roles_joined_by_dashes() -> None:
    text = "Dự có đồng chí Lò Văn Tiến- Ủy viên BCH Hội CCB tỉnh- Chủ tịch Hội CCB huyện Mai Sơn."
    assert triples(text) == [("Lò Văn Tiến", "đồng chí", "Ủy viên BCH Hội CCB tỉnh- Chủ tịch Hội CCB huyện Mai Sơn")]


def test_a_dash_between_a_role_with_its_body_and_the_name() -> None:
    text = "Phó Chủ tịch UBND huyện Lạc Sơn - Bùi Văn Thắng trao quà cho các hộ nghèo."
    assert triples(text) == [("Bùi Văn Thắng", None, "Phó Chủ tịch UBND huyện Lạc Sơn")]


def test_an_honorific_inside_a_word_or_before_a_role_is_not_a_person() -> None:
    text = "Bà Lò Thị Hoa công bố Quyết định thành lập chi hội; dự có các đồng chí Thường trực Đảng ủy xã."
    assert [p["name"] for p in people(text)] == ["Lò Thị Hoa"]
