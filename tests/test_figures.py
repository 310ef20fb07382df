"""The figure family: the behaviour around the rules.

The rules' own examples run in tests/test_rule_examples.py; the tests here pin what no
single rule owns: offsets, names and quotations, arbitration with dates, labels, flags
and the word lists.
"""

from __future__ import annotations

from typing import Any

import pytest

import vnreport
from vnreport import figures, labels
from vnreport.document import fold
from vnreport.ruleset import default_rules

RULES = default_rules()
FIGURE_RULES = RULES.family("figures")


def figures_of(text: str) -> list[dict[str, Any]]:
    return vnreport.extract_text(text)["figures"]


# ------------------------------------------------------------------ evidence and offsets


def test_evidence_points_into_the_original_text() -> None:
    text = "Hội  đã  trao\u00a0hơn 1.298 phần quà,\r\nvới tổng số tiền 478.250.000 đồng."
    for fig in figures_of(text):
        assert fold(text[fig["start"] : fig["end"]]) == fig["text"]


def test_number_split_over_a_line_break_keeps_its_offsets() -> None:
    text = "hỗ trợ cháu Minh mỗi tháng 300\n000 đ, quỹ còn lại 4.500 000 đ"
    found = figures_of(text)
    assert [(f["value"], f["text"]) for f in found] == [(300000, "300 000 đ"), (4500000, "4.500 000 đ")]
    assert text[found[0]["start"] : found[0]["end"]] == "300\n000 đ"


def test_output_values_are_plain_numbers() -> None:
    fig = figures_of("Tổng dư nợ 12,5 tỷ đồng.")[0]
    assert fig["value"] == 12500000000 and isinstance(fig["value"], int)
    pct = figures_of("Đạt 12,5%.")[0]
    assert pct["value"] == 12.5 and isinstance(pct["value"], float)


# ------------------------------------------------------------------ names, quotations, dates


def test_numbers_inside_organisation_names_are_not_figures() -> None:
    blocked_text = "Hội LHPN Phường 12 trao 30 suất quà."
    assert [f["value"] for f in figures_of(blocked_text)] == [30]


def test_blocked_spans_drop_figures_whose_number_is_inside_a_name() -> None:
    from vnreport.candidates import Context
    from vnreport.layout import analyse
    from vnreport.normalize import normalize

    text = "Đội 5 Hội Cựu chiến binh 3 xã tham gia 40 buổi."
    doc, layout = analyse(normalize(text), RULES)
    ctx = Context(doc=doc, rules=RULES, layout=layout)
    name = text.index("Hội Cựu chiến binh 3 xã")
    blocked = [(name, name + len("Hội Cựu chiến binh 3 xã"))]
    values = [c.item["value"] for c in figures.find_figures(ctx, blocked)]
    assert values == [40]


def test_short_quotations_are_names() -> None:
    text = "Phong trào “Mỗi hội viên trồng 10 cây xanh” thu hút 200 hội viên."
    assert [(f["value"], f["unit"]) for f in figures_of(text)] == [(200, "hội viên")]


def test_long_quotations_keep_their_figures() -> None:
    text = (
        "Chi hội đăng ký hai nội dung: “Tham gia dự án “Mỗi nhà một vườn rau” (VAC), có ít nhất "
        "12 vườn mẫu do hội viên làm chủ, giới thiệu cho bà con trong thôn trong năm nay”."
    )
    found = figures_of(text)
    assert any(f["value"] == 12 and f["qualifier"] == "over" for f in found)
    assert not any(f["value"] == 1 for f in found)


def test_reported_speech_keeps_its_figures() -> None:
    text = "Bà Lan cho biết: “Năm nay chi hội đã trao 35 suất quà.”"
    assert [f["value"] for f in figures_of(text)] == [35]


def test_ratio_beats_a_bare_day_month_and_a_day_word_beats_the_ratio() -> None:
    tree = vnreport.extract_text("Có 11/12 chi hội đạt loại khá. Hội nghị ngày 11/12 tổng kết.")
    assert [(f["kind"], f["value"], f["total"]) for f in tree["figures"]] == [("ratio", 11, 12)]


def test_year_is_a_date_not_a_count() -> None:
    found = figures_of("Năm 2023 Hội vận động 120 hội viên.")
    assert [f["value"] for f in found] == [120]


def test_period_of_months_is_left_to_dates() -> None:
    found = figures_of("Trong 6 tháng đầu năm, hội kết nạp 45 hội viên.")
    assert [(f["kind"], f["value"]) for f in found] == [("count", 45)]


# ------------------------------------------------------------------ labels


@pytest.mark.parametrize(
    ("text", "value", "label"),
    [
        ("Hội viên đã đóng góp hơn 350 triệu đồng xây nhà.", 350000000, "đóng góp"),
        ("Quỹ tín dụng có tổng dư nợ 64,2 tỷ đồng.", 64200000000, "tổng dư nợ"),
        ("Dư nợ quá hạn 42 triệu, chiếm 0,02%.", 42000000, "dư nợ quá hạn"),
        ("Hội trao 215 suất học bổng với tổng số tiền 320.500.000 đồng.", 320500000, "tổng số tiền"),
        ("Mô hình tiết kiệm huy động được 12,8 tỷ đồng.", 12800000000, "huy động"),
        ("Bộ quà trị giá 23.000.000, trao ngay.", 23000000, "trị giá"),
        ("Hội đã hỗ trợ 14 em mồ côi với số tiền 96 triệu đồng.", 96000000, "hỗ trợ"),
        ("Quận hội đề ra 9 nhiệm vụ trọng tâm và 14 chỉ tiêu cụ thể.", 14, "đề ra"),
        ("Nhiều nhà hảo tâm nhận đỡ đầu 31 học sinh mồ côi.", 31, "nhận đỡ đầu"),
        ("Trong quý có 4 hộ khó khăn được vay vốn.", 4, "được vay vốn"),
    ],
)
def test_label(text: str, value: int, label: str) -> None:
    fig = next(f for f in figures_of(text) if f["value"] == value)
    assert fig["label"] == label


def test_durations_have_no_label() -> None:
    fig = figures_of("Hội đỡ đầu các em trong vòng 3 năm.")[0]
    assert fig["kind"] == "duration" and fig["label"] is None


def test_label_words_load() -> None:
    words = labels.label_words(RULES)
    assert ("đã",) in words.breaks.all and ("là",) in words.trailing.all and ("đóng", "góp") in words.verbs.all


# ------------------------------------------------------------------ the word lists


def test_every_currency_word_has_a_code() -> None:
    codes = RULES.table("currencies")
    lowered = {k.lower() for k in codes}
    for word in RULES.words("currency_words"):
        assert word.lower() in lowered, word
    assert set(codes.values()) <= {"VND", "USD", "EUR", "JPY", "CNY", "GBP", "KRW"}


def test_every_time_word_has_a_unit() -> None:
    table = RULES.table("fig_time_units")
    assert set(RULES.words("fig_time_unit_words")) == set(table)
    units = {spec[0] for spec in table.values()}
    assert {"year", "month", "week", "day", "hour"} <= units


def test_measure_canonical_forms_are_measure_words() -> None:
    words = {w.lower() for w in RULES.words("fig_measure_units")}
    for word in RULES.table("fig_measure_canonical"):
        assert word.lower() in words, word


def test_qualifier_meanings_do_not_overlap() -> None:
    seen: dict[str, str] = {}
    for meaning in ("over", "under", "about"):
        for name in (f"qualifier_{meaning}", f"qualifier_after_{meaning}"):
            for word in RULES.words(name):
                assert seen.setdefault(word, meaning) == meaning, word


def test_every_flag_is_documented() -> None:
    """A flag a reviewer filters on must be explained: in code and in the rule file."""
    for rule in FIGURE_RULES:
        for flag in rule.data.get("flags") or []:
            assert flag in figures.FLAGS, flag
    for flag in ("ambiguous-number", "money-by-context", "no-unit", "per-unit", "scale-shared"):
        assert flag in figures.FLAGS


def test_vocabulary_is_built_once_per_rule_set() -> None:
    assert figures.vocabulary(RULES) is figures.vocabulary(RULES)
