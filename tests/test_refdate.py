"""The reference date: which source wins, how the text is read, how partial dates follow.

The articles here are short reports written for these tests, each built to exercise one
step of the rule documented in `vnreport/refdate.py`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from vnreport import extract_text
from vnreport.dates import FUTURE, NEAREST, PAST, Point, place, place_interval
from vnreport.refdate import resolve

HEADED = (
    "Hội LHPN huyện tổ chức hội nghị tổng kết công tác năm\n\n"
    "19/01/2024 15:37 Số lượt xem: 19\n\n"
    "Chiều ngày 15/1, Hội LHPN huyện tổ chức hội nghị tổng kết công tác Hội năm 2023. "
    "Tính đến ngày 30/11/2023, tổng dư nợ đạt 12 tỷ đồng.\n"
)


def doc(text: str, ref: str | None = None) -> dict[str, Any]:
    return extract_text(text, reference_date=ref)["document"]


def values(text: str, ref: str | None = None) -> dict[str, str]:
    return {d["text"]: d["value"] for d in extract_text(text, reference_date=ref)["dates"]}


# ---------------------------------------------------------------- the sources, in order


def test_the_option_wins() -> None:
    d = doc(HEADED, "2024-02-01")
    assert (d["reference_date"], d["reference_source"]) == ("2024-02-01", "option")


def test_the_publication_line_comes_next() -> None:
    d = doc(HEADED)
    assert (d["published"], d["reference_date"], d["reference_source"]) == ("2024-01-19", "2024-01-19", "published")
    assert values(HEADED)["Chiều ngày 15/1"] == "2024-01-15"


def test_then_the_latest_full_date_of_the_text() -> None:
    text = "Ngày 4/5/2024, Hội LHPN quận tổ chức hội nghị. Kết luận ngày 18/5/2021 được quán triệt."
    d = doc(text)
    assert (d["reference_date"], d["reference_source"]) == ("2024-05-04", "text")


def test_none_when_nothing_dates_the_article() -> None:
    tree = extract_text("Chiều ngày 15/12, hội tổ chức hội nghị. Năm nay hội kết nạp 30 hội viên.")
    assert (tree["document"]["reference_date"], tree["document"]["reference_source"]) == (None, "none")
    assert [d["value"] for d in tree["dates"]] == ["--12-15"]  # `năm nay` is left out…
    assert any("no reference date" in w for w in tree["warnings"])  # …and said so


def test_an_impossible_publication_day_falls_back_to_the_text() -> None:
    ref, source = resolve(None, "2024-02-31", [])
    assert (ref, source) == (None, "none")


# ---------------------------------------------------------------- reading the text


def test_a_report_at_the_turn_of_the_year() -> None:
    """Sums up 2023, lays out 2024: written at the end of 2023 even though its latest
    full date is 30 November."""
    text = (
        "Hội LHPN xã tổng kết công tác Hội năm 2023, triển khai nhiệm vụ năm 2024. "
        "Tính đến ngày 30/11/2023, dư nợ đạt 10 tỷ đồng."
    )
    assert doc(text)["reference_date"] == "2023-12-31"


def test_the_reported_day_is_the_reference_when_it_is_the_latest() -> None:
    text = (
        "Chiều ngày 15/12, Hội LHPN xã tổ chức hội nghị tổng kết công tác Hội năm 2023, "
        "triển khai phương hướng, nhiệm vụ năm 2024. Tính đến ngày 30/11/2023, dư nợ đạt 10 tỷ đồng."
    )
    d = doc(text)
    assert (d["reference_date"], d["reference_source"]) == ("2023-12-15", "text")
    assert values(text)["Chiều ngày 15/12"] == "2023-12-15"


def test_statistics_cut_off_before_the_meeting_that_reports_them() -> None:
    text = "Chiều ngày 15/12, hội họp. Tính đến ngày 30/11/2023, dư nợ đạt 10 tỷ đồng."
    assert doc(text)["reference_date"] == "2023-12-15"


def test_a_january_meeting_reports_december() -> None:
    text = "Ngày 5/1/2024, hội tổng kết. Trước đó, chiều ngày 28/12, chi hội đã họp."
    assert doc(text)["reference_date"] == "2024-01-05"
    assert values(text)["chiều ngày 28/12"] == "2023-12-28"


def test_half_year_review_and_plan() -> None:
    text = "Hội nghị sơ kết 6 tháng đầu năm 2024, triển khai nhiệm vụ 6 tháng cuối năm 2024."
    assert doc(text)["reference_date"] == "2024-06-30"


def test_the_present_year_when_no_full_date_is_written() -> None:
    text = (
        "Từ đầu năm đến nay, hội giới thiệu 100 mô hình. Sáng ngày 14/7, hội sơ kết 6 tháng đầu năm. "
        "Năm 2023 hội đăng ký đỡ đầu 20 trẻ. Đề án thực hiện đến năm 2030."
    )
    d = doc(text)
    assert (d["reference_date"], d["reference_source"]) == ("2023-07-14", "text")
    v = values(text)
    assert v["Từ đầu năm đến nay"] == "2023-01-01/2023-07-14"
    assert v["6 tháng đầu năm"] == "2023-01-01/2023-06-30"


def test_a_later_present_year_outweighs_a_cited_document() -> None:
    text = (
        "Thực hiện Nghị quyết số 05-NQ/TU ngày 12/7/2021 của Tỉnh ủy, năm 2024 hội vận động 2 tỷ đồng. "
        "Chiều 15/3, hội trao 20 suất quà."
    )
    assert doc(text)["reference_date"] == "2024-03-15"


def test_an_aimed_year_is_not_the_present() -> None:
    text = "Ngày 8/3/2024, hội họp. Năm 2025, hội phấn đấu kết nạp 100 hội viên. Chiều 15/3, hội trao quà."
    assert doc(text)["reference_date"] == "2024-03-15"


def test_a_target_year_is_not_the_present() -> None:
    assert doc("Chương trình phát triển đến năm 2030 được triển khai.")["reference_source"] == "none"


def test_a_compared_year_is_not_the_present() -> None:
    assert doc("Số hội viên tăng 200 người so với 2022.")["reference_source"] == "none"


def test_a_named_day_does_not_date_the_article() -> None:
    text = "Chiều ngày 8/7/2024, hội sơ kết. Nhân ngày Quốc tế Phụ nữ 8/3, hội tặng quà."
    assert doc(text)["reference_date"] == "2024-07-08"
    assert values(text)["ngày Quốc tế Phụ nữ 8/3"] == "2024-03-08"


def test_a_deadline_does_not_date_the_article() -> None:
    text = "Ngày 2/3/2024, hội phát động phong trào, kéo dài đến hết ngày 31/12/2024."
    assert doc(text)["reference_date"] == "2024-03-02"


def test_a_future_day_does_not_date_the_article() -> None:
    text = "Ngày 2/3/2024, hội họp. Ngày 20/11/2024 tới, trường tổ chức mít tinh."
    assert doc(text)["reference_date"] == "2024-03-02"


# ---------------------------------------------------------------- placing a missing year


def test_closest_before_or_at_the_reference() -> None:
    ref = date(2024, 3, 10)
    assert place(Point("day", None, 3, 10), ref) == 2024
    assert place(Point("day", None, 3, 11), ref) == 2023
    assert place(Point("month", None, 3), ref) == 2024
    assert place(Point("month", None, 4), ref) == 2023
    assert place(Point("day", None, 2, 29), date(2025, 3, 1)) == 2024


def test_announced_days_go_forward() -> None:
    assert place(Point("day", None, 3, 11), date(2024, 3, 10), FUTURE) == 2024
    assert place(Point("day", None, 3, 9), date(2024, 3, 10), FUTURE) == 2025


def test_periods_take_the_nearest_year() -> None:
    assert place(Point("quarter", None, quarter=4), date(2024, 1, 15), NEAREST) == 2023
    assert place(Point("quarter", None, quarter=3), date(2024, 6, 20), NEAREST) == 2024
    h2 = (Point("day", None, 7, 1), Point("day", None, 12, 31))
    assert place_interval(*h2, date(2024, 6, 20)) == (2024, 2024)
    assert place_interval(*h2, date(2025, 1, 8)) == (2024, 2024)


def test_a_weekday_picks_the_year_it_fits() -> None:
    # Thursday 15 February is 2024; read before it, the day is still 2024 because of the weekday.
    assert place(Point("day", None, 2, 15), date(2024, 2, 10), PAST, weekday=3) == 2024
    assert place(Point("day", None, 2, 15), date(2024, 2, 10), PAST) == 2023
