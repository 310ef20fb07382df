"""Events: what is one, its date, organiser and attendees, and what is only mentioned."""

from __future__ import annotations

from typing import Any

import pytest

import vnreport


def events(text: str, **kw: Any) -> list[dict[str, Any]]:
    return vnreport.extract_text(text, **kw)["events"]


def summary(text: str, **kw: Any) -> list[tuple[str, str | None, str | None]]:
    return [(e["type"], e["date"], e["organizer"]) for e in events(text, **kw)]


# ------------------------------------------------------------------ one event per occurrence


REPORT = (
    "Sáng ngày 21/6/2024, Hội Nông dân huyện Yên Thành tổ chức hội nghị sơ kết công tác 6 tháng đầu năm 2024. "
    "Dự hội nghị có ông Thái Văn Long – Phó Chủ tịch UBND huyện; bà Cù Thị Lệ – Chủ tịch Hội LHPN huyện. "
    "Trong 6 tháng qua, các cấp hội đã tổ chức 45 hội nghị tuyên truyền pháp luật cho hội viên. "
    "Phát biểu chỉ đạo hội nghị, đồng chí Đậu Xuân Bảo, Bí thư Huyện ủy ghi nhận kết quả đạt được. "
    "Ngày 2/7/2024, Hội tiếp tục tổ chức hội nghị tập huấn kỹ thuật trồng lúa cho 80 hội viên."
)


def test_a_meeting_mentioned_again_is_one_event() -> None:
    found = events(REPORT)
    assert [(e["type"], e["date"]) for e in found] == [("hội nghị", "2024-06-21"), ("hội nghị", "2024-07-02")]
    first = found[0]
    assert first["name"] == "hội nghị sơ kết công tác 6 tháng đầu năm 2024"
    assert first["organizer"] == "Hội Nông dân huyện Yên Thành"
    # Attending: named in the `Dự hội nghị có …` sentence, and where the meeting is mentioned again.
    assert first["attendees"] == ["Thái Văn Long", "Cù Thị Lệ", "Đậu Xuân Bảo"]
    assert REPORT[first["start"] : first["end"]].startswith("Sáng ngày 21/6/2024")


def test_a_headline_is_the_same_event_as_the_body() -> None:
    text = (
        "Hội Cựu chiến binh xã Tân Hòa tổ chức đại hội nhiệm kỳ 2024 – 2029\n"
        "Ngày 5/4/2024, Hội Cựu chiến binh xã Tân Hòa tổ chức Đại hội đại biểu lần thứ VIII, nhiệm kỳ 2024 – 2029.\n"
        "Đại hội đã bầu Ban Chấp hành gồm 9 đồng chí."
    )
    assert summary(text) == [("đại hội", "2024-04-05", "Hội Cựu chiến binh xã Tân Hòa")]


def test_without_a_date_of_its_own_an_event_takes_the_leads_date() -> None:
    text = (
        "Chiều ngày 10/5/2024, Hội LHPN phường Đông Ngạc tổ chức họp mặt hội viên. "
        "Quận hội cũng tổ chức cuộc thi “Gia đình hạnh phúc” thu hút 20 đội."
    )
    assert [(e["type"], e["date"]) for e in events(text)] == [("họp mặt", "2024-05-10"), ("cuộc thi", "2024-05-10")]


def test_a_date_right_after_the_name_is_the_events() -> None:
    text = (
        "Chỉ đạo tại hội nghị tổng kết năm 2023 của Hội, sáng ngày 9/1/2024, bà Kiều Thị Nga "
        "yêu cầu các cấp hội nỗ lực."
    )
    found = events(text)
    assert [(e["type"], e["date"], e["attendees"]) for e in found] == [("hội nghị", "2024-01-09", ["Kiều Thị Nga"])]


def test_a_year_in_the_name_is_not_the_events_date() -> None:
    text = "Hội Khuyến học xã tổ chức lễ tổng kết năm học 2023 – 2024."
    assert [(e["type"], e["date"]) for e in events(text)] == [("lễ", None)]


def test_partial_date_takes_the_reference_year() -> None:
    text = "Sáng 14/7, Hội LHPN tỉnh tổ chức hội nghị sơ kết công tác 6 tháng đầu năm."
    assert [e["date"] for e in events(text, reference_date="2023-08-01")] == ["2023-07-14"]


# ------------------------------------------------------------------ not events


@pytest.mark.parametrize(
    "text",
    [
        "Hội vận động hội viên thực hiện phong trào thi đua “Phụ nữ tích cực học tập, lao động sáng tạo”.",
        "Các cấp hội triển khai Cuộc vận động “Xây dựng gia đình 5 không, 3 sạch”.",
        "Hội viên quán triệt Nghị quyết Đại hội Phụ nữ toàn quốc lần thứ XIII.",
        "Cán bộ nữ tham gia nhân sự đại hội đảng bộ các cấp nhiệm kỳ tới.",
        "Trong năm, các chi hội tổ chức 32 cuộc họp và 12 hội nghị chuyên đề.",
        "Hội thường xuyên thăm hỏi, động viên hội viên ốm đau.",
        "Hội tặng quà cho trẻ em nhân dịp lễ, tết.",
        "Đồng chí đề nghị trong thời gian tới tổ chức nhiều hội thảo chuyên đề.",
    ],
)
def test_campaigns_counts_and_passing_mentions_are_not_events(text: str) -> None:
    assert events(text) == []


def test_an_event_named_in_passing_is_dropped_but_the_reported_one_kept() -> None:
    text = (
        "Ngày 3/3/2024, Hội LHPN xã tổ chức lễ kỷ niệm ngày Quốc tế Phụ nữ. "
        "Hội cần thực hiện tốt nghị quyết đại hội các cấp, trong đó có Đại hội Đảng bộ huyện."
    )
    assert [e["type"] for e in events(text)] == ["lễ"]


def test_a_remembered_leader_is_not_an_attendee() -> None:
    text = (
        "Nhân kỷ niệm ngày sinh Chủ tịch Hồ Chí Minh, Hội Cựu chiến binh phối hợp với Huyện đoàn "
        "nói chuyện truyền thống cho 300 học sinh."
    )
    (ev,) = events(text)
    assert (ev["type"], ev["organizer"], ev["attendees"]) == ("nói chuyện", "Hội Cựu chiến binh", [])


def test_the_organiser_is_the_subject_not_the_venue() -> None:
    text = (
        "Sáng ngày 2/4/2024, tại Hội trường UBND huyện, Hội Người cao tuổi huyện tổ chức "
        "hội nghị điển hình tiên tiến."
    )
    assert summary(text) == [("hội nghị", "2024-04-02", "Hội Người cao tuổi huyện")]


def test_the_organiser_is_not_the_body_of_an_attendees_title() -> None:
    text = "Chiều ngày 6/9/2024, đồng chí Lã Văn Thân, Chủ tịch UBND xã dự hội nghị tổng kết công tác khuyến học."
    (ev,) = events(text)
    assert (ev["organizer"], ev["attendees"]) == (None, ["Lã Văn Thân"])


def test_a_headline_under_the_date_line_is_not_part_of_the_lead() -> None:
    text = (
        "05/04/2024\nHội Nông dân xã Yên Lạc tổ chức Đại hội nhiệm kỳ 2024 - 2029\n"
        "Sáng 4/4, Hội Nông dân xã Yên Lạc tổ chức Đại hội đại biểu lần thứ X, nhiệm kỳ 2024 - 2029.\n"
    )
    found = events(text)
    assert [(e["type"], e["date"]) for e in found] == [("đại hội", "2024-04-04")]
    assert found[0]["name"] == "Đại hội đại biểu lần thứ X, nhiệm kỳ 2024 - 2029"


def test_a_sentence_spoken_from_inside_the_meeting_reports_it() -> None:
    text = "Giao ban quý III\n\nTại hội nghị, các đại biểu bàn kế hoạch chăm lo hội viên khó khăn dịp cuối năm."
    assert summary(text) == [("hội nghị", None, None)]
    assert summary("Quy chế được thông qua tại hội nghị cán bộ công chức năm 2023.") == []


def test_a_date_introduced_after_the_name_and_a_time_limit() -> None:
    text = (
        "Ngày 4/3/2024, Huyện đoàn họp bàn kế hoạch tháng thanh niên; dự kiến đến ngày 15/3 hoàn thành "
        "tổ chức hội trại tòng quân vào ngày 20/3/2024."
    )
    assert [(e["type"], e["date"]) for e in events(text)] == [("hội trại", "2024-03-20")]


def test_the_work_for_a_congress_is_not_the_congress() -> None:
    text = (
        "Ngày 6/5/2024, Hội Nông dân huyện giao ban, chỉ đạo công tác đại hội "
        "và chuẩn bị cho hội thi nhà nông đua tài."
    )
    assert events(text) == []
