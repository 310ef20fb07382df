"""Organisations: every rule example, then the behaviour the family code adds to the rules.

The examples in `rules/organizations.yaml`, `rules/people.yaml` and `rules/events.yaml`
are the rules' own specification; each runs here through the whole pipeline, so a rule
that stops matching, or family code that stops reading its match, fails a test that
names the rule and the example's line.
"""

from __future__ import annotations

from typing import Any

import vnreport
from vnreport.entities import expand_abbreviations
from vnreport.ruleset import default_rules

RULES = default_rules()


def test_every_organization_rule_has_positive_and_negative_examples() -> None:
    rules = RULES.family("organizations")
    assert rules, "the organisation rules did not load"
    for rule in rules:
        assert any(ex.expect is not None for ex in rule.examples), f"{rule.name}: no positive example"


def orgs(text: str) -> list[dict[str, Any]]:
    return vnreport.extract_text(text)["organizations"]


def names(text: str) -> list[str]:
    return [o["name"] for o in orgs(text)]


# ------------------------------------------------------------------ names and places


def test_a_numbered_district_alone_is_a_place() -> None:
    assert names("Hội viên ở Quận 1 và Quận 3 tham gia đông đủ.") == []


def test_a_numbered_district_after_a_head_is_part_of_the_name() -> None:
    tree = vnreport.extract_text("Năm nay Hội LHPN Quận 3 trao 40 suất học bổng.")
    assert [o["name"] for o in tree["organizations"]] == ["Hội LHPN Quận 3"]
    # The `3` of the name is not a count; the 40 scholarships are.
    assert [f["value"] for f in tree["figures"]] == [40]


def test_level_without_place_ends_the_name() -> None:
    assert names("Hội Nông dân huyện đã hỗ trợ vốn cho hội viên.") == ["Hội Nông dân huyện"]


def test_level_and_place() -> None:
    assert names("Ông Lê Minh Tâm dự họp cùng UBND thị trấn Phú Xuyên.") == ["UBND thị trấn Phú Xuyên"]


def test_the_place_stops_before_a_persons_name() -> None:
    text = "Chủ tịch Hội Nông dân tỉnh Bắc Giang Trần Văn Khải phát biểu."
    assert names(text) == ["Hội Nông dân tỉnh Bắc Giang"]
    text = "Phó Chủ tịch Hội LHPN TP. Đà Nẵng Lê Thị Hoa trao quà."
    assert names(text) == ["Hội LHPN TP. Đà Nẵng"]


def test_a_place_that_looks_like_a_name_is_kept() -> None:
    assert names("Hội viên Thành ủy Từ Sơn cùng tham gia.") == ["Thành ủy Từ Sơn"]
    assert names("Đoàn công tác của Hội LHPN TP. Hồ Chí Minh đến thăm.") == ["Hội LHPN TP. Hồ Chí Minh"]


def test_a_place_never_runs_over_a_line_break() -> None:
    assert names("Dự có lãnh đạo UBND quận.\nTrong năm, các phường đều hoàn thành.") == ["UBND quận"]


def test_plural_levels_are_not_one_body() -> None:
    assert names("Quận hội và Hội LHPN các phường tổ chức tập huấn.") == ["Quận hội"]


def test_names_inside_quotes_are_titles_of_campaigns() -> None:
    assert names("Hội triển khai mô hình “Chi hội phụ nữ 5 không, 3 sạch” ở khu dân cư.") == []


def test_a_document_number_is_not_a_body() -> None:
    assert names("Thực hiện Quyết định số 12/QĐ-UBND và Nghị quyết 05-NQ/BCH.") == []


# ------------------------------------------------------------------ committees and abbreviations


def test_committee_joins_the_body_written_after_it() -> None:
    assert names("Ủy viên BTV Huyện ủy Gia Lâm dự buổi lễ.") == ["BTV Huyện ủy Gia Lâm"]
    assert names("Ban Thường vụ Hội Nông dân xã họp thường kỳ.") == ["Ban Thường vụ Hội Nông dân xã"]


def test_committee_alone_is_kept() -> None:
    found = orgs("Ngay từ đầu năm BTV đã xác định nhiệm vụ trọng tâm.")
    assert [(o["name"], o["expanded"]) for o in found] == [("BTV", "Ban Thường vụ")]


def test_central_committee_of_an_association() -> None:
    assert names("Đoàn công tác Trung ương Hội làm việc với tỉnh.") == ["Trung ương Hội"]
    assert names("Trung ương và tỉnh cùng chỉ đạo.") == []


def test_expanded_spells_out_every_abbreviation() -> None:
    expanded = "Ban Thường vụ Hội Liên hiệp Phụ nữ Thành phố Hồ Chí Minh"
    assert expand_abbreviations("BTV Hội LHPN TPHCM", RULES) == expanded
    assert expand_abbreviations("BCH quân sự xã", RULES) == "Ban Chỉ huy quân sự xã"
    assert expand_abbreviations("UBND xã Kim Liên", RULES) == "Ủy ban nhân dân xã Kim Liên"
    assert expand_abbreviations("Hội Chữ thập đỏ", RULES) == "Hội Chữ thập đỏ"


def test_types() -> None:
    text = (
        "Hội Nông dân xã, UBND xã, Đảng ủy xã, Ngân hàng CSXH huyện, VNPT và Trường THCS Lê Lợi "
        "cùng ký kết chương trình phối hợp."
    )
    assert {o["name"]: o["type"] for o in orgs(text)} == {
        "Hội Nông dân xã": "association",
        "UBND xã": "government",
        "Đảng ủy xã": "party",
        "Ngân hàng CSXH huyện": "bank",
        "VNPT": "business",
        "Trường THCS Lê Lợi": "school",
    }


# ------------------------------------------------------------------ one entry per name


def test_every_mention_of_a_name_is_one_entry() -> None:
    text = "Quận hội phát động. Quận Hội đã trao quà. Cuối năm, Quận hội tổng kết."
    found = orgs(text)
    assert len(found) == 1
    assert found[0]["name"] == "Quận hội"
    assert [text[m["start"] : m["end"]] for m in found[0]["mentions"]] == ["Quận hội", "Quận Hội", "Quận hội"]


def test_mentions_point_into_the_original_text() -> None:
    text = "Sáng nay,  Hội\u00a0LHPN   xã Kim Liên tổ chức gặp mặt."
    (org,) = orgs(text)
    assert org["name"] == "Hội LHPN xã Kim Liên"
    m = org["mentions"][0]
    assert " ".join(text[m["start"] : m["end"]].split()) == org["name"]


def test_a_lower_case_name_counts_once_written_as_a_name() -> None:
    assert names("Hội phối hợp với đoàn thanh niên tổ chức trồng cây.") == []
    found = orgs("Đoàn Thanh niên xã ra quân. Hội phối hợp với đoàn thanh niên xã trồng cây.")
    assert len(found) == 1 and len(found[0]["mentions"]) == 2


def test_banks_written_many_ways() -> None:
    assert names("Kinh phí do NH Nông nghiệp và Phát triển nông thôn huyện hỗ trợ.") == [
        "NH Nông nghiệp và Phát triển nông thôn huyện"
    ]
    assert names("Hội phối hợp với NHCSXH huyện giải ngân.") == ["NHCSXH huyện"]


# ------------------------------------------------------------------ where a name ends


def test_a_place_ending_like_a_two_syllable_name_is_kept() -> None:
    assert names("Hội CCB xã Hòa Lâm Hải tổ chức đại hội lần thứ VIII.") == ["Hội CCB xã Hòa Lâm Hải"]


def test_a_long_place_and_a_name_after_it() -> None:
    tree = vnreport.extract_text("Chủ tịch UBND huyện Yên Dương Hoàng Minh Tuấn trao quà cho hộ nghèo.")
    assert [o["name"] for o in tree["organizations"]] == ["UBND huyện Yên Dương"]
    assert [p["name"] for p in tree["people"]] == ["Hoàng Minh Tuấn"]


def test_the_head_of_another_body_ends_a_place() -> None:
    text = "Sáng 5/3, tại hội trường UBND xã Tân Lập Hội CCB xã tổ chức đại hội."
    assert names(text) == ["UBND xã Tân Lập", "Hội CCB xã"]


def test_bodies_listed_with_dashes() -> None:
    assert names("Lãnh đạo Đảng ủy-HĐND-UBND-UBMTTQ xã dự lễ.") == ["Đảng ủy", "HĐND", "UBND", "UBMTTQ xã"]
    assert names("Có các đồng chí trong TT.HĐND xã dự.") == ["HĐND xã"]
    assert names("Thực hiện Quyết định số 12/QĐ-UBND và Kế hoạch số 3-KH/HĐND.") == []


def test_every_body_of_a_kind_is_not_one_body() -> None:
    text = "Quán triệt nghị quyết của Hội Nông dân các cấp, Đoàn các cấp và Ủy ban MTTQ các cấp."
    assert names(text) == []


def test_standing_and_representative_boards_join_their_body() -> None:
    text = "Ban Thường trực Ủy ban MTTQ huyện Tam Nông trao quà."
    assert names(text) == ["Ban Thường trực Ủy ban MTTQ huyện Tam Nông"]
    tree = orgs("Ban đại diện HĐQT NHCSXH huyện Tân Sơn họp phiên thường kỳ.")
    assert [(o["name"], o["type"]) for o in tree] == [("Ban đại diện HĐQT NHCSXH huyện Tân Sơn", "bank")]
    assert names("Dự có các đồng chí trong BCH Đảng bộ- HĐND xã.") == ["BCH Đảng bộ", "HĐND xã"]


def test_youth_unions_of_places_and_branches() -> None:
    text = "Giải nhất về Đoàn xã Yên Lạc, giải nhì về Xã đoàn Hòa Bình, giải ba về chi đoàn thôn Tân An."
    assert names(text) == ["Đoàn xã Yên Lạc", "Xã đoàn Hòa Bình", "chi đoàn thôn Tân An"]
    assert names("Theo kế hoạch, đoàn đã đến thăm xã Yên Lạc.") == []


def test_central_committee_of_an_association_is_not_the_partys() -> None:
    text = "Bà Lò Thị Hà, Phó Chủ tịch Ban Chấp hành Trung ương Hội NDVN dự đại hội."
    assert [(o["name"], o["type"]) for o in orgs(text)] == [("Ban Chấp hành Trung ương Hội NDVN", "association")]


def test_members_abbreviation_after_a_role_names_their_association() -> None:
    text = "Đồng chí Lò Văn Sáu, UVBCH CCB tỉnh, chủ tịch CCB huyện Mường Tè dự. Các hội viên CCB xã tham gia."
    assert names(text) == ["CCB tỉnh", "CCB huyện Mường Tè"]


def test_an_abbreviation_in_brackets_is_part_of_the_name() -> None:
    tree = orgs("Ngày 5/4, Hội Người cao tuổi (NCT) xã Tân Lập thăm 12 cụ cao tuổi.")
    assert [(o["name"], o["expanded"]) for o in tree] == [
        ("Hội Người cao tuổi (NCT) xã Tân Lập", "Hội Người cao tuổi xã Tân Lập")
    ]


def test_company_names_with_lower_case_words() -> None:
    text = "Quà do Công ty TNHH Thương mại và Dịch vụ Hòa Phong tặng, cùng Công ty CP Minh An hỗ trợ."
    assert names(text) == ["Công ty TNHH Thương mại và Dịch vụ Hòa Phong", "Công ty CP Minh An"]


def test_schools_in_general_are_not_a_school() -> None:
    assert names("Học bổng trao cho học sinh các trường tiểu học trong huyện.") == []
    assert names("Học bổng trao cho học sinh Trường Tiểu học Kim Đồng.") == ["Trường Tiểu học Kim Đồng"]


def test_boards_of_an_association_and_of_a_fund() -> None:
    text = "Ban đại diện Hội Người cao tuổi huyện và Ban Điều hành Quỹ hỗ trợ nông dân huyện cùng dự."
    assert names(text) == ["Ban đại diện Hội Người cao tuổi huyện", "Ban Điều hành Quỹ hỗ trợ nông dân huyện"]


def test_labour_federations_national_and_plural() -> None:
    text = "Chủ tịch Liên đoàn Lao động các huyện dự; hai đơn vị được Tổng LĐLĐ Việt Nam tặng Bằng khen."
    assert names(text) == ["Tổng LĐLĐ Việt Nam"]


def test_branches_of_streets_blocks_and_numbered_hamlets() -> None:
    text = "Chi hội phụ nữ phố Hàng Bạc, Chi hội Phụ nữ chung cư Sông Đà và Chi hội Phụ nữ thôn 4 nhận giấy khen."
    assert names(text) == ["Chi hội phụ nữ phố Hàng Bạc", "Chi hội Phụ nữ chung cư Sông Đà", "Chi hội Phụ nữ thôn 4"]
    tree = vnreport.extract_text("Ông Lò Văn Tú, Bí thư Chi bộ Kp3, trao 12 suất quà.")
    assert [o["name"] for o in tree["organizations"]] == ["Chi bộ Kp3"]
    assert [f["value"] for f in tree["figures"]] == [12]


def test_a_board_in_lower_case_after_a_role() -> None:
    assert names("Ông Lò Văn Hải, Trưởng ban Dân vận Huyện ủy, dự lễ.") == ["ban Dân vận Huyện ủy"]


def test_the_army_a_university_and_a_misspelt_country() -> None:
    text = (
        "Nhân kỷ niệm ngày thành lập Quân đội nhân dân Việt Nam, sinh viên Đại học Hùng Vương "
        "cùng Hội Liên hiệp Phụ nữ Việt nam tổ chức giao lưu."
    )
    assert names(text) == ["Quân đội nhân dân Việt Nam", "Đại học Hùng Vương", "Hội Liên hiệp Phụ nữ Việt nam"]
