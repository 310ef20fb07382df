"""The dates family, phrase by phrase, through the public `extract_text`.

Every phrase below was written for this table. Each row is one sentence, the reference
date it is read against (None: the article gives none) and what its date must be — or
None when the sentence holds no date at all, which is how the ratio/date, document-number
and figure pairs are pinned down. A failing row names the reading that broke.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vnreport import extract_text
from vnreport.dates import ISO_VALUE, is_iso

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

Expect = dict[str, Any] | None
Case = tuple[str, str | None, Expect]


def D(value: str, grain: str = "day", **fields: Any) -> dict[str, Any]:
    return {"value": value, "grain": grain, **fields}


CASES: list[Case] = [
    # --- full numeric dates: every separator, leading zeros, spaces
    ("Ngày 12/3/2024, chi hội tổ chức ra quân làm sạch đường làng.", None,
     D("2024-03-12", inferred=False, text="Ngày 12/3/2024")),
    ("Hội nghị được tổ chức vào ngày 05/01/2023 tại hội trường.", None, D("2023-01-05", inferred=False)),
    ("Văn bản ký ban hành 28-02-2022 và có hiệu lực ngay.", None, D("2022-02-28", inferred=False)),
    ("Lễ khánh thành nhà tình thương diễn ra ngày 1.6.2021.", None, D("2021-06-01")),
    ("Ngày 29/2/2024 hội tổ chức giao lưu năm nhuận.", None, D("2024-02-29")),
    ("Tính đến 31/12/2023, dư nợ đạt 5 tỷ đồng.", None, D("2023-12-31")),
    ("Quyết định ký ngày 15 / 12 / 2023 tại thị xã.", None, D("2023-12-15")),
    ("Thời gian: 08/10/2024.", None, D("2024-10-08", inferred=False)),
    ("Thời hạn nộp báo cáo là 30/6/2025.", None, D("2025-06-30")),
    ("Ngày 7 tháng 11 năm 2023, đoàn khảo sát làm việc tại xã.", None, D("2023-11-07", inferred=False)),
    ("Ngày 20 tháng 10 năm 1930, Hội Liên hiệp Phụ nữ Việt Nam ra đời.", None, D("1930-10-20")),
    ("Ngày 15 tháng 12/2023, hội tổng kết phong trào.", None, D("2023-12-15")),
    ("Ngày 2 tháng 9, cả nước mừng Quốc khánh.", "2024-10-01", D("2024-09-02", inferred=True)),
    ("19/01/2024 15:37 Số lượt xem: 19", None, D("2024-01-19", inferred=False)),
    # days that do not exist are no dates
    ("Ngày 29/2/2023 không có trên lịch.", None, None),
    ("Ngày 31/4/2024 không có trên lịch.", None, None),
    # --- part of the day, clock times before the day
    ("Sáng 14/7, đoàn công tác làm việc tại huyện.", "2023-07-20",
     D("2023-07-14", part_of_day="morning", inferred=True, text="Sáng 14/7")),
    ("Trưa ngày 3/2/2024, đoàn về đến xã.", None, D("2024-02-03", part_of_day="noon")),
    ("Chiều 18/01/2024, Ban Thường vụ họp phiên thường kỳ.", None, D("2024-01-18", part_of_day="afternoon")),
    ("Tối 30/4/2024, đêm văn nghệ mừng ngày thống nhất.", None, D("2024-04-30", part_of_day="evening")),
    ("Đêm 24/12/2023, giáo xứ tổ chức lễ.", None, D("2023-12-24", part_of_day="evening")),
    ("Sáng sớm 1/1/2024, đoàn viên ra quân trồng cây.", None, D("2024-01-01", part_of_day="morning")),
    ("Vào lúc 8 giờ sáng ngày 5/6/2024, lễ mít tinh bắt đầu.", None, D("2024-06-05", part_of_day="morning")),
    ("Lúc 14h30 ngày 9/9/2024, hội đồng thi họp.", None, D("2024-09-09", part_of_day=None)),
    ("Chiều ngày 15/12, hội tổng kết công tác năm.", "2024-01-10", D("2023-12-15", part_of_day="afternoon")),
    ("Chiều ngày 15/12, hội tổng kết công tác năm.", "2023-12-20", D("2023-12-15", inferred=True)),
    ("Chiều ngày 15/12, hội tổng kết công tác năm.", None,
     D("--12-15", part_of_day="afternoon", inferred=False, text="Chiều ngày 15/12")),
    # --- weekdays, and a weekday that moves a yearless day to the year it fits
    ("Thứ bảy 19/10/2024, chi hội ra quân dọn vệ sinh.", None, D("2024-10-19", text="Thứ bảy 19/10/2024")),
    ("Chủ nhật, ngày 20/10/2024, hội thi nấu ăn diễn ra sôi nổi.", None, D("2024-10-20")),
    ("Sáng thứ Hai (21/10), đoàn về thăm trường.", "2024-10-25", D("2024-10-21", part_of_day="morning")),
    ("Thứ 7, 15/6/2024 các chi hội đồng loạt ra quân.", None, D("2024-06-15")),
    ("Thứ năm 15/2, hội tổ chức gặp mặt đầu xuân.", "2024-02-10", D("2024-02-15", inferred=True)),
    ("Chủ nhật 29/12, câu lạc bộ họp mặt cuối năm.", "2025-01-05", D("2024-12-29", inferred=True)),
    # --- named days
    ("Nhân ngày Quốc tế Phụ nữ 8/3, chi hội tặng quà hội viên.", "2024-03-20",
     D("2024-03-08", inferred=True, text="ngày Quốc tế Phụ nữ 8/3")),
    ("Chào mừng ngày Phụ nữ Việt Nam 20/10, xã tổ chức hội thi.", "2024-10-25", D("2024-10-20")),
    ("Nhân ngày Gia đình Việt Nam (28/6), hội tuyên dương 10 gia đình.", "2024-07-02", D("2024-06-28")),
    ("Kỷ niệm ngày Quốc khánh 2/9, đoàn viên treo cờ.", "2024-09-05", D("2024-09-02")),
    ("Nhân ngày Thương binh - Liệt sĩ 27/7, hội thăm gia đình chính sách.", "2024-08-01", D("2024-07-27")),
    ("Chào mừng ngày Nhà giáo Việt Nam 20/11, trường tổ chức văn nghệ.", None, D("--11-20", inferred=False)),
    ("Hội thi mừng ngày QTPN 8/3 thu hút 200 chị tham gia.", None, D("--03-08")),
    ("Ngày Quốc tế Thiếu nhi 1/6/2024, hội trao 50 suất quà.", None, D("2024-06-01", inferred=False)),
    # --- a bare d/m needs a word that makes it a date
    ("Nhân dịp 8/3, hội tặng hoa các chị.", "2024-03-10", D("2024-03-08", inferred=True)),
    ("Vào 15/8 vừa qua, hội tổ chức vui tết trung thu.", "2024-09-01", D("2024-08-15")),
    ("Từ 1/7, mức lương cơ sở được điều chỉnh.", "2024-07-15", D("2024-07-01")),
    ("Ngày 20/11 tới, trường tổ chức mít tinh.", "2024-11-05", D("2024-11-20", inferred=True)),
    ("Ngày 20/11 tới, trường tổ chức mít tinh.", "2024-11-25", D("2025-11-20", inferred=True)),
    ("Hội thi ngày 8/3 năm nay có 12 đội tham gia.", "2024-05-01", D("2024-03-08", inferred=True)),
    ("Hội thi ngày 8/3 năm ngoái có 12 đội tham gia.", "2024-05-01", D("2023-03-08", inferred=True)),
    ("Sáng 3/1, đoàn đến thăm các gia đình.", "2024-01-03", D("2024-01-03")),
    ("Ngày 29/2, hội tổ chức giao lưu.", "2025-03-01", D("2024-02-29")),
    # --- intervals of days
    ("Hội chợ mở cửa từ ngày 10/5 đến ngày 15/5/2024.", None, D("2024-05-10/2024-05-15", "interval", inferred=False)),
    ("Trong hai ngày 21-22/9/2024, lớp tập huấn được tổ chức.", None, D("2024-09-21/2024-09-22", "interval")),
    ("Đợt cao điểm ngày 28/12/2023 – 2/1/2024 huy động 300 người.", None,
     D("2023-12-28/2024-01-02", "interval")),
    ("Chương trình kéo dài từ ngày 28/12 đến ngày 2/1/2024.", None,
     D("2023-12-28/2024-01-02", "interval", inferred=False)),
    ("Kỷ niệm 79 năm Cách mạng Tháng Tám và Quốc khánh (2/9/1945 – 2/9/2024).", None,
     D("1945-09-02/2024-09-02", "interval")),
    ("Từ 1/6 đến 30/6/2024, hội phát động tháng hành động.", None, D("2024-06-01/2024-06-30", "interval")),
    ("Giải đấu diễn ra ngày 15 – 16/3 tại nhà văn hóa.", "2024-04-01",
     D("2024-03-15/2024-03-16", "interval", inferred=True)),
    ("Từ ngày 1/7/2024 đến nay, hội kết nạp 30 hội viên.", "2024-09-01",
     D("2024-07-01/2024-09-01", "interval", inferred=True)),
    ("Hội chợ mở cửa từ ngày 10/5 đến ngày 15/5.", None, D("--05-10/--05-15", "interval", inferred=False)),
    ("Hội thao diễn ra các ngày 3 và 4/12/2024.", None, D("2024-12-03/2024-12-04", "interval")),
    ("Trong 2 ngày (15-16/3/2024), 40 học viên được tập huấn.", None, D("2024-03-15/2024-03-16", "interval")),
    ("Nghỉ lễ 30/4 – 1/5, hội tổ chức du lịch.", "2024-05-10", D("2024-04-30/2024-05-01", "interval")),
    ("Có 3/5 - 4/5 số xã đạt chuẩn.", None, None),
    # --- months
    ("Trong tháng 12/2023, hội mở 5 lớp tập huấn.", None, D("2023-12", "month", inferred=False)),
    ("Tháng 7 năm 2024, hội ra mắt mô hình mới.", None, D("2024-07", "month")),
    ("Tháng 8, năm 2024, hội ra mắt mô hình mới.", None, D("2024-08", "month")),
    ("Tháng 10-2023 xã về đích nông thôn mới.", None, D("2023-10", "month")),
    ("Cuối tháng 9/2024, hội tổ chức sơ kết.", None, D("2024-09", "month")),
    ("Trong tháng 5, hội kết nạp 12 hội viên.", "2024-06-10", D("2024-05", "month", inferred=True)),
    ("Trong tháng 11, hội kết nạp 12 hội viên.", "2024-06-10", D("2023-11", "month", inferred=True)),
    ("Tháng 11 tới, hội sẽ tổ chức đại hội.", "2024-06-10", D("2024-11", "month", inferred=True)),
    ("Tháng 3 năm ngoái, hội nhận bằng khen.", "2024-06-10", D("2023-03", "month", inferred=True)),
    ("Tháng 3-5/2024, hội tổ chức chuỗi hoạt động.", None, D("2024-03/2024-05", "interval")),
    ("Trong tháng 12, hội kết nạp 12 hội viên.", None, D("--12", "month", inferred=False)),
    ("Chi hội sinh hoạt mỗi tháng 2 lần.", None, None),
    ("Chi hội họp 1 tháng 1 lần vào cuối tuần.", None, None),
    # a month or day without a year that its clause announces lies ahead of the reference
    ("Theo kế hoạch, các chi hội sẽ hoàn thành đại hội trong tháng 4.", "2024-01-20",
     D("2024-04", "month", inferred=True)),
    ("Hội dự kiến phấn đấu đến tháng 10 hoàn thành chỉ tiêu.", "2024-03-31", D("2024-10", "month")),
    ("Chi hội đã hoàn thành đại hội trong tháng 4.", "2024-01-20", D("2023-04", "month")),
    ("Hội chuẩn bị tổ chức hội thi vào ngày 26/3.", "2024-02-15", D("2024-03-26", inferred=True)),
    # a day and month opening a paragraph, then a comma: a dateline
    ("21-11, Hội Nông dân xã tổ chức hội thi nhà nông đua tài.", "2023-11-25",
     D("2023-11-21", inferred=True, text="21-11")),
    ("(TTX) - 5/9, các trường đồng loạt khai giảng năm học mới.", "2024-09-06", D("2024-09-05")),
    ("Đội nhà thắng 21-11, giành quyền vào chung kết.", None, None),
    # --- quarters
    ("Kết quả quý I/2024 vượt kế hoạch.", None, D("2024-Q1", "quarter", inferred=False)),
    ("Quý 2 năm 2023 hội kết nạp 40 hội viên.", None, D("2023-Q2", "quarter")),
    ("Chỉ tiêu quý III-2024 đã hoàn thành.", None, D("2024-Q3", "quarter")),
    ("Hội nghị đánh giá kết quả quý IV.", "2024-01-15", D("2023-Q4", "quarter", inferred=True)),
    ("Triển khai nhiệm vụ quý II.", "2024-05-01", D("2024-Q2", "quarter", inferred=True)),
    ("Hội nghị đánh giá kết quả quý IV.", None, None),
    ("Kính thưa quý vị đại biểu.", None, None),
    # --- years
    ("Năm 2024, hội phấn đấu kết nạp 100 hội viên.", None, D("2024", "year", inferred=False, text="Năm 2024")),
    ("Trong năm 2022, hội vận động 2 tỷ đồng.", None, D("2022", "year")),
    ("Cuối năm 2023, xã đạt chuẩn nông thôn mới.", None, D("2023", "year")),
    ("Dư nợ tăng 6 tỷ đồng so với 2022.", None, D("2022", "year", text="so với 2022")),
    ("Số hộ nghèo giảm 20 hộ so với cùng kỳ 2023.", None, D("2023", "year")),
    ("Đề án hỗ trợ phụ nữ khởi nghiệp đến năm 2030.", None, D("2030", "year")),
    ("Quy hoạch tỉnh tầm nhìn 2045 đã được phê duyệt.", None, D("2045", "year")),
    ("Chương trình Xuân Giáp Thìn 2024 trao 300 suất quà.", None, D("2024", "year")),
    ("Hội thăm hỏi các gia đình dịp Tết Nguyên đán 2025.", None, D("2025", "year")),
    ("Xã được giải phóng năm 1975.", None, D("1975", "year")),
    ("Chiến dịch Mùa hè xanh 2024 thu hút 300 sinh viên.", None, D("2024", "year")),
    ("Hội đã tặng 1860 thùng đựng rác.", None, None),
    ("Đến nay đã có 2000 hộ tham gia.", None, None),
    ("Kỷ niệm 50 năm giải phóng miền Nam.", None, None),
    ("Quận hội nhận đỡ đầu 42 trẻ mồ côi trong vòng 5 năm.", None, None),
    # --- year ranges
    ("Đại hội đại biểu phụ nữ xã nhiệm kỳ 2021 – 2026.", None,
     D("2021/2026", "interval", inferred=False, text="nhiệm kỳ 2021 – 2026")),
    ("Ban Chấp hành nhiệm kỳ 2022-2027 gồm 15 đồng chí.", None, D("2022/2027", "interval")),
    ("Khen thưởng giai đoạn 2021 -2025 cho 7 tập thể.", None, D("2021/2025", "interval")),
    ("Khai giảng năm học 2023 - 2024 tại trường tiểu học.", None, D("2023/2024", "interval")),
    ("Từ năm 2020 đến năm 2023, hội xây 20 căn nhà.", None, D("2020/2023", "interval")),
    ("Từ 2019 đến 2022, xã giảm một nửa số hộ nghèo.", None, D("2019/2022", "interval")),
    ("Lớp học niên khóa 2022–2023 có 40 học viên.", None, D("2022/2023", "interval")),
    ("Kế hoạch 5 năm 2021-2025 được triển khai.", None, D("2021/2025", "interval")),
    ("Từ đầu năm 2024 đến nay, hội giải ngân 3 tỷ đồng.", "2024-06-15",
     D("2024-01-01/2024-06-15", "interval", inferred=True)),
    # --- parts of a year
    ("Sơ kết 6 tháng đầu năm 2024.", None, D("2024-01-01/2024-06-30", "interval", inferred=False)),
    ("Nhiệm vụ 6 tháng cuối năm 2023 được thông qua.", None, D("2023-07-01/2023-12-31", "interval")),
    ("Kết quả 9 tháng đầu năm 2024 khả quan.", None, D("2024-01-01/2024-09-30", "interval")),
    ("Báo cáo 9 tháng năm 2023 đã gửi về huyện.", None, D("2023-01-01/2023-09-30", "interval")),
    ("Trong 3 tháng đầu năm, hội kết nạp 15 hội viên.", "2024-04-05",
     D("2024-01-01/2024-03-31", "interval", inferred=True)),
    ("Sáu tháng đầu năm 2024, hội vận động 1 tỷ đồng.", None, D("2024-01-01/2024-06-30", "interval")),
    ("Nửa đầu năm 2024, hội kết nạp 30 hội viên.", None, D("2024-01-01/2024-06-30", "interval")),
    ("Triển khai nhiệm vụ 6 tháng cuối năm.", "2024-06-20", D("2024-07-01/2024-12-31", "interval")),
    ("Tổng kết nhiệm vụ 6 tháng cuối năm.", "2025-01-08", D("2024-07-01/2024-12-31", "interval")),
    ("Hội nghị sơ kết 6 tháng, triển khai nhiệm vụ mới.", "2024-07-10", D("2024-01-01/2024-06-30", "interval")),
    ("Kết quả 6 tháng đầu năm nay rất khả quan.", "2024-07-01", D("2024-01-01/2024-06-30", "interval")),
    ("Sơ kết 6 tháng đầu năm.", None, D("--01-01/--06-30", "interval", inferred=False)),
    ("Trong 6 tháng đã ủng hộ 3 gia đình hội viên.", None, None),
    # --- relative to the reference date
    ("Năm nay hội đặt mục tiêu kết nạp 100 hội viên.", "2024-03-01", D("2024", "year", inferred=True)),
    ("Số hộ nghèo giảm so với năm ngoái.", "2024-03-01", D("2023", "year", inferred=True)),
    ("Năm tới hội sẽ mở rộng mô hình.", "2024-03-01", D("2025", "year", inferred=True)),
    ("Trong năm qua, hội viên tích cực tham gia phong trào.", "2023-12-15",
     D("2023", "year", inferred=True, text="Trong năm qua")),
    ("Trong năm qua, hội viên tích cực tham gia phong trào.", "2024-01-19", D("2023", "year")),
    ("Đầu năm nay, hội ra mắt câu lạc bộ.", "2024-05-01", D("2024", "year", inferred=True)),
    ("Cuối năm ngoái, hội nhận cờ thi đua.", "2024-05-01", D("2023", "year", inferred=True)),
    ("Ngay từ đầu năm, hội đã xây dựng kế hoạch.", "2024-07-08", D("2024", "year", inferred=True)),
    ("Từ đầu năm đến nay, hội kết nạp 50 hội viên.", "2024-05-04",
     D("2024-01-01/2024-05-04", "interval", inferred=True, text="Từ đầu năm đến nay")),
    ("Từ đầu năm tới nay, hội kết nạp 50 hội viên.", "2024-05-04", D("2024-01-01/2024-05-04", "interval")),
    ("Hôm nay, hội tổ chức lễ ra quân.", "2024-05-04", D("2024-05-04", inferred=True)),
    ("Hôm qua, đoàn đến thăm 5 gia đình.", "2024-05-04", D("2024-05-03", inferred=True)),
    ("Sáng hôm nay, hội tổ chức lễ ra quân.", "2024-05-04", D("2024-05-04", part_of_day="morning")),
    ("Hiện nay, hội có 5.000 hội viên.", "2024-05-04", D("2024-05-04", inferred=True)),
    ("Chiều nay, đoàn công tác về thăm xã.", "2024-05-04", D("2024-05-04", part_of_day="afternoon")),
    ("Đến nay, hội có 5.000 hội viên.", "2024-05-04", None),
    ("Tháng trước, hội đã tổ chức 3 buổi tuyên truyền.", "2024-01-19", D("2023-12", "month", inferred=True)),
    ("Trong tháng này, hội sẽ kết nạp 10 hội viên.", "2024-05-04", D("2024-05", "month", inferred=True)),
    ("Tháng tới, hội tổ chức đại hội chi hội.", "2024-05-04", D("2024-06", "month", inferred=True)),
    ("Trong 5 năm qua, hội xây 40 căn nhà.", "2024-03-01", None),
    ("Kết quả cao hơn các năm trước.", "2024-03-01", None),
    ("Hội tổ chức hội thi hàng năm.", "2024-03-01", None),
    ("Năm nay hội đặt mục tiêu kết nạp 100 hội viên.", None, None),
    ("Hiện nay, hội có 5.000 hội viên.", None, None),
    # --- ratio / date pairs and other numbers that are not dates
    ("12/12 chi hội hưởng ứng phát động.", None, None),
    ("Hội tổ chức giao lưu ngày 12/12.", "2024-12-20", D("2024-12-12", inferred=True)),
    ("Hoàn thành vượt mức 53/53 chỉ tiêu.", None, None),
    ("Trong ngày Hội đạt 12/12 chỉ tiêu thi đua.", None, None),
    ("Phát động 10/10 phường đăng ký tuyến đường.", None, None),
    ("Xã đạt 8/10 tiêu chí.", None, None),
    ("Chi hội ra quân ngày 8/10.", "2024-10-20", D("2024-10-08")),
    ("Cuộc vận động “Xây dựng gia đình 5 không, 3 sạch”.", None, None),
    ("Bài viết đăng lúc 15:37.", None, None),
    ("Thực hiện Kết luận số 01- KL/TW của Bộ Chính trị.", None, None),
    ("Thực hiện Kế hoạch số 41/KH-UBND của UBND huyện.", None, None),
    ("Theo Nghị định số 15/2020/NĐ-CP của Chính phủ.", None, None),
    ("Theo Thông tư 12/2023/TT-BTC của Bộ Tài chính.", None, None),
    ("Thực hiện Quyết định số 1234/QĐ-UBND ngày 15/11/2023.", None, D("2023-11-15")),
    ("Tỷ lệ hộ nghèo giảm còn 12,5%.", None, None),
    ("Tổng vốn vay 1,2 tỷ đồng.", None, None),
    ("Trồng mới 2.900m đường hoa.", None, None),
    ("Liên hệ số điện thoại 0912.345.678.", None, None),
    ("Đội bóng thắng với tỷ số 3-1.", None, None),
    ("Tham gia 68 ngày công làm đường.", None, None),
    ("Hội nghị lần thứ XII, khóa XVIII.", None, None),
    ("Hội LHPN Quận 1 có 2 khâu đột phá.", None, None),
    ("Ủng hộ 15.500 000 đồng.", None, None),
    ("Cho vay 135.068 triệu đồng.", None, None),
    ("Có 3/5 số xã đạt chuẩn.", None, None),
]


def _dates(text: str, ref: str | None) -> list[dict[str, Any]]:
    return extract_text(text, reference_date=ref)["dates"]


def _has(found: list[dict[str, Any]], expect: dict[str, Any]) -> bool:
    return any(all(d.get(k) == v for k, v in expect.items()) for d in found)


@pytest.mark.parametrize(("text", "ref", "expect"), CASES, ids=[f"{i:03d}" for i in range(len(CASES))])
def test_phrase(text: str, ref: str | None, expect: Expect) -> None:
    found = _dates(text, ref)
    if expect is None:
        assert found == [], f"{text!r} → {found}"
    else:
        assert _has(found, expect), f"{text!r} (reference {ref}) → {found}"
    for d in found:
        assert is_iso(d["value"]), d


def test_table_is_large_enough() -> None:
    assert len(CASES) >= 120
    assert len({text for text, _, _ in CASES}) >= 120


def test_evidence_points_into_the_original() -> None:
    text = "Chiều  ngày\n15/12/2023, hội tổng kết;   nhiệm kỳ 2021 –\u00a02026."
    for d in _dates(text, None):
        assert " ".join(text[d["start"] : d["end"]].split()) == d["text"]


def test_inferred_is_true_exactly_when_a_part_comes_from_the_reference() -> None:
    written = _dates("Ngày 15/12/2023 và 6 tháng đầu năm 2024, nhiệm kỳ 2021 – 2026.", "2024-07-01")
    assert written and not any(d["inferred"] for d in written)
    open_ = _dates("Chiều ngày 15/12 và 6 tháng đầu năm, năm qua, hiện nay.", "2024-07-01")
    assert len(open_) == 4 and all(d["inferred"] for d in open_)
    # Without a reference the year stays out of the value, so nothing in it is inferred.
    truncated = _dates("Chiều ngày 15/12, hội họp; ngày 14/10 hằng năm là ngày truyền thống.", None)
    assert [d["value"] for d in truncated] == ["--12-15", "--10-14"]
    assert not any(d["inferred"] for d in truncated)


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.txt")), ids=lambda p: p.stem)
def test_every_value_of_the_samples_is_iso_8601(path: Path) -> None:
    tree = extract_text(path.read_text(encoding="utf-8"))
    values = [d["value"] for d in tree["dates"]] + [e["date"] for e in tree["events"] if e.get("date")]
    assert values
    assert all(is_iso(v) for v in values), values
    ref = tree["document"]["reference_date"]
    assert ref is None or is_iso(ref)


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)), st.sampled_from(["/", "-", "."]))
def test_any_written_day_reads_back(day: date, sep: str) -> None:
    text = f"Ngày {day.day}{sep}{day.month}{sep}{day.year}, hội họp."
    assert _has(_dates(text, None), {"value": day.isoformat(), "grain": "day", "inferred": False})
    words = f"Ngày {day.day} tháng {day.month} năm {day.year}, hội họp."
    assert _has(_dates(words, None), {"value": day.isoformat(), "inferred": False})


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=0, max_value=99),
    st.sampled_from(["/", "-", ".", ",", ":"]),
    st.integers(min_value=0, max_value=9999),
    st.sampled_from(["", " chi hội", " tỷ đồng", "%", "/KH-UBND"]),
)
def test_numbers_never_give_an_invalid_value(a: int, sep: str, b: int, tail: str) -> None:
    for d in _dates(f"Hội đạt {a}{sep}{b}{tail} trong đợt này.", "2024-05-04"):
        assert ISO_VALUE.match(d["value"]) and is_iso(d["value"]), d
