"""A table of number and figure phrases, each with every figure it must give and no other.

The phrases are written for this table (report prose of the kind the tool reads), one
concern per row, grouped by what they exercise: reading numbers, the six kinds,
qualifiers and ranges, what is not a figure, the traps other parsers fall into, labels
and flags. A row lists all the figures the phrase must produce: an extra figure fails
the row as surely as a missing one, because a spurious figure is the costlier mistake.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import vnreport

M = "money"
C = "count"
P = "percent"
R = "ratio"
Q = "quantity"
D = "duration"


def fig(kind: str, value: float | int, unit: str | None = "", **more: Any) -> dict[str, Any]:
    """An expected figure; `unit=""` leaves the unit unchecked."""
    out: dict[str, Any] = {"kind": kind, "value": value, **more}
    if unit != "":
        out["unit"] = unit
    return out


def vnd(value: int, **more: Any) -> dict[str, Any]:
    return fig(M, value, "VND", **more)


PHRASES: list[tuple[str, list[dict[str, Any]]]] = [
    # --- reading numbers: thousands dots, decimal commas, space groups, leading zeros
    ("Toàn xã có 4.218 hộ dân.", [fig(C, 4218, "hộ dân")]),
    ("Hội có 12.075 hội viên.", [fig(C, 12075, "hội viên")]),
    ("Trao 1.000.000 đồng cho mỗi em.", [vnd(1000000)]),
    ("Tổng dư nợ 87,25 tỷ đồng.", [vnd(87250000000)]),
    ("Quỹ còn 0,5 tỷ đồng.", [vnd(500000000)]),
    ("Nợ xấu chiếm 0,04%.", [fig(P, 0.04, "%")]),
    ("Ủng hộ 25.600 000 đồng.", [vnd(25600000)]),
    ("Mỗi suất 300 000 đ.", [vnd(300000)]),
    ("Đã vận động 3.100 000 đồng.", [vnd(3100000)]),
    ("Thành lập 07 tổ hợp tác.", [fig(C, 7, "tổ hợp tác")]),
    ("Kết nạp 015 hội viên.", [fig(C, 15, "hội viên")]),
    ("Có 1.234,5 tấn lúa.", [fig(Q, 1234.5, "tấn")]),
    ("Tặng 2150 cuốn vở.", [fig(C, 2150, "cuốn vở")]),
    # --- scale words and their compounds
    ("Hội viên góp 45 triệu đồng.", [vnd(45000000)]),
    ("Vốn vay đạt 3 tỷ đồng.", [vnd(3000000000)]),
    ("Vốn vay đạt 3 tỉ đồng.", [vnd(3000000000)]),
    ("Quỹ có 4 trăm triệu đồng.", [vnd(400000000)]),
    ("Thu được 62.500 nghìn đồng.", [vnd(62500000)]),
    ("Thu được 18 ngàn đồng mỗi ngày.", [vnd(18000)]),
    ("Huy động 2 tỷ 300 triệu đồng.", [vnd(2300000000)]),
    ("Hỗ trợ 1,5 triệu đồng mỗi hộ.", [vnd(1500000)]),
    ("Vay 2 tỷ rưỡi đồng.", [vnd(2500000000)]),
    ("Thu hút 15 ngàn lượt khách.", [fig(C, 15000, "lượt khách")]),
    ("Tiếp cận 3 nghìn hộ nghèo.", [fig(C, 3000, "hộ nghèo")]),
    ("Có 5 trăm hội viên tham gia.", [fig(C, 500, "hội viên")]),
    # --- numbers in words
    ("Hội tập trung vào hai khâu đột phá.", [fig(C, 2, "khâu đột phá")]),
    ("Thực hiện ba nhiệm vụ trọng tâm.", [fig(C, 3, "nhiệm vụ trọng tâm")]),
    ("Có mười lăm chi hội tham gia.", [fig(C, 15, "chi hội")]),
    ("Kết nạp hai mươi mốt hội viên.", [fig(C, 21, "hội viên")]),
    ("Tổ có ba mươi tư thành viên.", [fig(C, 34, "thành viên")]),
    ("Hỗ trợ một trăm linh năm hộ.", [fig(C, 105, "hộ")]),
    ("Xã vận động được một tỷ đồng.", [vnd(1000000000)]),
    ("Trao năm triệu đồng cho quỹ.", [vnd(5000000)]),
    ("Gắn bó với hội hai mươi năm.", [fig(D, 20, "year")]),
    ("Đơn vị có bốn phòng chức năng.", [fig(C, 4, "phòng chức năng")]),
    ("Thành lập sáu câu lạc bộ.", [fig(C, 6, "câu lạc bộ")]),
    ("Trao năm nghìn cuốn vở cho học sinh.", [fig(C, 5000, "cuốn vở")]),
    ("Xã vay hai tỷ rưỡi đồng làm đường.", [vnd(2500000000)]),
    ("Quỹ khuyến học có mười lăm triệu đồng.", [vnd(15000000)]),
    ("Tổng vốn góp 2.500\n000 đồng.", [vnd(2500000)]),
    # --- money: currency words and signs
    ("Chi hội góp 8 triệu đồng.", [vnd(8000000)]),
    ("Mỗi phần quà 500.000đ.", [vnd(500000)]),
    ("Tặng 250.000 đ mỗi em.", [vnd(250000)]),
    ("Nhận 15 triệu VNĐ tiền thưởng.", [vnd(15000000)]),
    ("Quỹ nhận 40 triệu VND.", [vnd(40000000)]),
    ("Giá vé 50.000₫.", [vnd(50000)]),
    ("Tài trợ 10.000 USD.", [fig(M, 10000, "USD")]),
    ("Nhận viện trợ 3 triệu đô la Mỹ.", [fig(M, 3000000, "USD")]),
    ("Giải thưởng 2.000 EUR.", [fig(M, 2000, "EUR")]),
    ("Dự án nhận $40.000 tài trợ.", [fig(M, 40000, "USD")]),
    ("Nhận tài trợ 500 euro.", [fig(M, 500, "EUR")]),
    ("Quyên góp 12 triệu đồng giúp đồng bào.", [vnd(12000000)]),
    ("Vay 30 triệu đồngđể chăn nuôi.", [vnd(30000000)]),
    ("Doanh thu đạt 45 trđ mỗi tháng.", [vnd(45000000)]),
    ("Ủng hộ 50.000.000đ (Năm mươi triệu đồng).", [vnd(50000000)]),
    # --- money known only by its context
    ("Dư nợ quá hạn 64 triệu, giảm so với cùng kỳ.", [vnd(64000000, flags=["money-by-context"])]),
    ("Bộ quà trị giá 12.000.000; trao ngay.", [vnd(12000000, flags=["money-by-context"])]),
    ("Hội trao quà với số tiền 3.500.000.", [vnd(3500000, flags=["money-by-context"])]),
    ("Tổng dư nợ 150 tỷ, nợ xấu thấp.", [vnd(150000000000, flags=["money-by-context"])]),
    ("Kinh phí 45 triệu được trích từ quỹ.", [vnd(45000000, flags=["money-by-context"])]),
    ("Mỗi suất quà trị giá 800.", []),
    ("Hội viên đóng góp 640 triệu, 1.250 ngày công làm đường.",
     [vnd(640000000, flags=["money-by-context"], label="đóng góp"), fig(C, 1250, "ngày công", label="đóng góp")]),
    ("Chi hội thu được 8.400.000 và 120 kg gạo.",
     [vnd(8400000, flags=["money-by-context"]), fig(Q, 120, "kg")]),
    # two amounts against each other, the currency written once
    ("Vận động được 46.200.000/40.000.000 đồng.", [vnd(46200000, flags=["currency-shared"]), vnd(40000000)]),
    ("Thu hội phí 9.600.000/12.000.000đ, đạt 80%.",
     [vnd(9600000, flags=["currency-shared"]), vnd(12000000), fig(P, 80, "%")]),
    # --- counts: the noun as written, coordinated nouns, no noun
    ("Nhận đỡ đầu 27 trẻ mồ côi.", [fig(C, 27, "trẻ mồ côi")]),
    ("Trao 356 phần quà.", [fig(C, 356, "phần quà")]),
    ("Có 118 lượt cán bộ tham dự.", [fig(C, 118, "lượt cán bộ")]),
    ("Tuyên dương 44 tập thể và cá nhân.", [fig(C, 44, "tập thể và cá nhân")]),
    ("Thành lập 96 câu lạc bộ, tổ, nhóm sinh hoạt.", [fig(C, 96, "câu lạc bộ, tổ, nhóm")]),
    ("Có 3.500 đoàn viên, thanh niên, học sinh tham gia.", [fig(C, 3500, "đoàn viên, thanh niên, học sinh")]),
    ("Tặng 60 thẻ BHYT.", [fig(C, 60, "thẻ bhyt")]),
    ("Có 12 tổ PN thu gom rác.", [fig(C, 12, "tổ pn")]),
    ("Hội đóng góp 120 ngày công.", [fig(C, 120, "ngày công")]),
    ("Bầu 19 ủy viên ban chấp hành.", [fig(C, 19, "ủy viên ban chấp hành")]),
    ("Giúp 80 hộ thoát nghèo.", [fig(C, 80, "hộ")]),
    ("Hỗ trợ 9 huyện, thành phố.", [fig(C, 9, "huyện, thành phố")]),
    ("Có 3 đồng chí được khen.", [fig(C, 3, "đồng chí")]),
    ("Mỗi tổ 10 người tham gia.", [fig(C, 10, "người")]),
    ("Cả xã 250 hộ đăng ký.", [fig(C, 250, "hộ")]),
    ("Xây 14 căn nhà “Mái ấm tình thương”.", [fig(C, 14, "căn nhà")]),
    ("Hội có 2 tổ chức cơ sở trực thuộc.", [fig(C, 2, "tổ chức cơ sở trực thuộc")]),
    ("Đề ra 15 chỉ tiêu.", [fig(C, 15, "chỉ tiêu")]),
    ("Tỉnh triển khai 5 dự án sinh kế.", [fig(C, 5, "dự án sinh kế")]),
    ("Mỗi xã cử 2 đại diện dự lớp.", [fig(C, 2, "đại diện")]),
    ("Toàn huyện có 18 không gian đọc sách.", [fig(C, 18, "không gian đọc sách")]),
    ("Quản lý 718 địa chỉ tin cậy.", [fig(C, 718, "địa chỉ tin cậy")]),
    ("Tổng số hộ vay là 385 hộ.", [fig(C, 385, "hộ")]),
    ("Số thành viên: 46", [fig(C, 46, "thành viên")]),
    ("Tổng số: 72.", [fig(C, 72, None, flags=["no-unit"])]),
    ("Khen thưởng 5 tập thể, 12 cá nhân.", [fig(C, 5, "tập thể"), fig(C, 12, "cá nhân")]),
    ("Có 40 hộ nghèo và 25 hộ cận nghèo.", [fig(C, 40, "hộ nghèo"), fig(C, 25, "hộ cận nghèo")]),
    ("Trao 20 suất quà, 15 suất học bổng.", [fig(C, 20, "suất quà"), fig(C, 15, "suất học bổng")]),
    # the noun phrase ends before a word that a number dates or names
    ("Chi hội kết nạp 25 hội viên năm 2024.", [fig(C, 25, "hội viên")]),
    ("Trao 40 suất quà dịp 2/9 cho gia đình chính sách.", [fig(C, 40, "suất quà")]),
    ("Tặng 16 xe đạp tháng 8 vừa qua.", [fig(C, 16, "xe đạp")]),
    ("Hội viên tăng thêm 35 người so cùng kỳ.", [fig(C, 35, "người")]),
    # a common noun in sentence case is counted; a name is not
    ("Xã có 8 Câu lạc bộ dưỡng sinh.", [fig(C, 8, "câu lạc bộ dưỡng sinh")]),
    ("Xây dựng 03 Công trình măng non.", [fig(C, 3, "công trình măng non")]),
    ("Có 6 Nguyễn Văn tham gia.", []),
    # `tổng số` before a number is a total, not a document number
    ("Hội nâng tổng số 2.480 hội viên.", [fig(C, 2480, "hội viên")]),
    # --- percent
    ("Tỷ lệ tập hợp hội viên đạt 81,2%.", [fig(P, 81.2, "%")]),
    ("Có 100% chi hội đăng ký.", [fig(P, 100, "%")]),
    ("Giảm 15 phần trăm so với năm trước.", [fig(P, 15, "%")]),
    ("Lãi suất 0,65%/tháng.", [fig(P, 0.65, "%", flags=["per-unit"])]),
    ("Tỷ lệ đạt 96 %.", [fig(P, 96, "%")]),
    ("Tăng 12,5% so với cùng kỳ.", [fig(P, 12.5, "%")]),
    ("Hộ nghèo giảm còn 1,8%.", [fig(P, 1.8, "%")]),
    ("Có 90% cán bộ, 85% hội viên đăng ký.", [fig(P, 90, "%"), fig(P, 85, "%")]),
    # --- ratios
    ("Có 18/20 chi hội đạt vững mạnh.", [fig(R, 18, "chi hội", total=20)]),
    ("Hoàn thành 12/12 chỉ tiêu.", [fig(R, 12, "chỉ tiêu", total=12)]),
    ("Có 7/7 thôn tham gia.", [fig(R, 7, "thôn", total=7)]),
    ("Đã có 45/52 hội viên nộp hội phí.", [fig(R, 45, "hội viên", total=52)]),
    ("Bài thi đạt 38/40.", [fig(R, 38, None, total=40)]),
    ("Hoàn thành 25/25.", [fig(R, 25, None, total=25)]),
    ("Có 10/10 phường hưởng ứng.", [fig(R, 10, "phường", total=10)]),
    ("Có 8 / 9 xã đạt chuẩn.", [fig(R, 8, "xã", total=9)]),
    ("Có 12.450/15.300 hộ đạt chuẩn văn hóa.", [fig(R, 12450, "hộ", total=15300)]),
    # --- quantities
    ("Trồng mới 3.400m đường hoa.", [fig(Q, 3400, "m")]),
    ("Đường bê tông dài 75m.", [fig(Q, 75, "m", text="dài 75m")]),
    ("Đoạn kênh rộng 6 m.", [fig(Q, 6, "m")]),
    ("Làm 1.800l chế phẩm vi sinh.", [fig(Q, 1800, "l")]),
    ("Sản xuất 500 lít nước rửa chén.", [fig(Q, 500, "l")]),
    ("Cải tạo 2,5 km kênh mương.", [fig(Q, 2.5, "km")]),
    ("Tuyến đường dài 4 cây số.", [fig(Q, 4, "km")]),
    ("Trồng rừng trên 30 ha đất trống.", [fig(Q, 30, "ha", qualifier="over")]),
    ("Diện tích 12 héc-ta.", [fig(Q, 12, "ha")]),
    ("Nhà văn hóa rộng 320 m2.", [fig(Q, 320, "m2")]),
    ("Phòng học rộng 54m².", [fig(Q, 54, "m2")]),
    ("Thu gom 2,3 tấn rác thải.", [fig(Q, 2.3, "tấn")]),
    ("Tặng 600 kg gạo.", [fig(Q, 600, "kg")]),
    ("Tổ góp được 260 chỉ vàng.", [fig(Q, 260, "chỉ")]),
    ("Góp vốn bằng vàng (75 chỉ) giúp chị em.", [fig(Q, 75, "chỉ")]),
    ("Ủng hộ 3 lượng vàng.", [fig(Q, 3, "lượng")]),
    ("Đổ 40 m3 bê tông.", [fig(Q, 40, "m3")]),
    ("Trồng 4 sào lúa.", [fig(Q, 4, "sào")]),
    ("Hệ thống điện mặt trời 50 kW.", [fig(Q, 50, "kW")]),
    # --- durations (and counts whose noun begins with a time word)
    ("Nhận đỡ đầu các em trong vòng 4 năm.", [fig(D, 4, "year", text="trong vòng 4 năm")]),
    ("Lễ kỷ niệm 60 năm thành lập xã.", [fig(D, 60, "year", text="kỷ niệm 60 năm")]),
    ("Lớp học kéo dài 3 ngày.", [fig(D, 3, "day")]),
    ("Chương trình diễn ra trong 2 tuần.", [fig(D, 2, "week")]),
    ("Sau 8 tháng triển khai, mô hình hiệu quả.", [fig(D, 8, "month")]),
    ("Buổi tập huấn kéo dài 4 giờ.", [fig(D, 4, "hour")]),
    ("Hội đã gắn bó 2 thập kỷ.", [fig(D, 20, "year")]),
    ("Hoàn thành trong 3 quý.", [fig(D, 9, "month")]),
    ("Góp 45 ngày công sửa đường.", [fig(C, 45, "ngày công")]),
    ("Trong 5 năm qua, hội phát triển mạnh.", [fig(D, 5, "year")]),
    ("Kỷ niệm 135 năm ngày sinh Bác.", [fig(D, 135, "year")]),
    ("Nhân Ngày kỷ niệm 65 năm thành lập Hội, chi hội tổ chức giao lưu.",
     [fig(D, 65, "year", text="kỷ niệm 65 năm")]),
    ("Qua 2 năm thực hiện, mô hình có kết quả.", [fig(D, 2, "year", text="Qua 2 năm")]),
    ("Hội viên ra quân.\n3 năm liền chi hội đạt vững mạnh.", [fig(D, 3, "year")]),
    # --- qualifiers in the evidence
    ("Đóng góp hơn 90 triệu đồng.", [vnd(90000000, qualifier="over", text="hơn 90 triệu đồng")]),
    ("Có trên 3.000 hội viên.", [fig(C, 3000, "hội viên", qualifier="over", text="trên 3.000 hội viên")]),
    ("Doanh thu vượt 2 tỷ đồng.", [vnd(2000000000, qualifier="over")]),
    ("Có ít nhất 20 sản phẩm OCOP.", [fig(C, 20, "sản phẩm ocop", qualifier="over")]),
    ("Các cơ sở đạt từ 80% trở lên.", [fig(P, 80, "%", qualifier="over", text="từ 80% trở lên")]),
    ("Hỗ trợ 200 người trở lên.", [fig(C, 200, "người", qualifier="over", text="200 người trở lên")]),
    ("Nợ xấu dưới 0,5%.", [fig(P, 0.5, "%", qualifier="under")]),
    ("Có từ 70% số hộ nông dân trở lên đăng ký.", [fig(P, 70, "%", qualifier="over")]),
    ("Mỗi chi hội có quỹ 150.000 đồng/hội viên trở lên.",
     [vnd(150000, qualifier="over", flags=["per-unit"], text="150.000 đồng/hội viên trở lên")]),
    ("Mỗi năm kết nạp từ 900 đoàn viên trở lên.",
     [fig(C, 900, "đoàn viên", qualifier="over", text="từ 900 đoàn viên trở lên", label="kết nạp")]),
    ("Có 90% cán bộ Hội trở lên và 85% hội viên.",
     [fig(P, 90, "%", qualifier="over"), fig(P, 85, "%", qualifier="exact")]),
    ("Mỗi hộ vay không quá 100 triệu đồng.", [vnd(100000000, qualifier="under")]),
    ("Chi phí chưa đến 5 triệu đồng.", [vnd(5000000, qualifier="under")]),
    ("Quãng đường không tới 3 km.", [fig(Q, 3, "km", qualifier="under")]),
    ("Thu hút khoảng 500 người.", [fig(C, 500, "người", qualifier="about")]),
    ("Có gần 1.200 hộ tham gia.", [fig(C, 1200, "hộ", qualifier="about")]),
    ("Tỷ lệ xấp xỉ 70%.", [fig(P, 70, "%", qualifier="about")]),
    ("Tầm 40 hội viên có mặt.", [fig(C, 40, "hội viên", qualifier="about")]),
    ("Chừng 30 hộ chưa đăng ký.", [fig(C, 30, "hộ", qualifier="about")]),
    ("Doanh thu ước 6 tỷ đồng.", [vnd(6000000000, qualifier="about")]),
    ("Có trên dưới 100 người dự.", [fig(C, 100, "người", qualifier="about")]),
    ("Đi từ 2 nguồn vốn.", [fig(C, 2, "nguồn vốn", qualifier="exact", text="2 nguồn vốn")]),
    # --- ranges
    ("Mức vay từ 10 đến 50 triệu đồng.", [vnd(10000000, value_max=50000000, flags=["scale-shared"])]),
    ("Phí 20.000-30.000 đồng mỗi người.", [vnd(20000, value_max=30000)]),
    ("Mức hỗ trợ giữa 2 và 5 triệu đồng.", [vnd(2000000, value_max=5000000)]),
    ("Từ 500.000 đến 1 triệu đồng mỗi suất.", [vnd(500000, value_max=1000000)]),
    ("Có từ 30 đến 40 hộ đăng ký.", [fig(C, 30, "hộ", value_max=40)]),
    ("Mỗi lớp 25-30 học viên.", [fig(C, 25, "học viên", value_max=30)]),
    ("Tăng từ 5% đến 8%.", [fig(P, 5, "%", value_max=8)]),
    ("Giảm 3-4%.", [fig(P, 3, "%", value_max=4)]),
    ("Kéo dài 2 đến 3 ngày.", [fig(D, 2, "day", value_max=3)]),
    ("Cách nhau 5 - 7 km.", [fig(Q, 5, "km", value_max=7)]),
    # --- numbers inside names, titles, documents, dates and times: not figures
    ("Hội LHPN Quận 3 tổ chức hội nghị.", []),
    ("Hội viên Phường 7 tham gia.", []),
    ("Tại xóm Đông Hòa 2, chi hội ra mắt mô hình.", []),
    ("Chi hội thôn 4 hoạt động tốt.", []),
    ("Khu phố 6 ra quân dọn vệ sinh.", []),
    ("Tổ dân phố 12 họp bàn.", []),
    ("Học sinh lớp 9 tham gia cuộc thi.", []),
    ("Đường Quốc lộ 1A được mở rộng.", []),
    ("Thực hiện Nghị quyết số 32-NQ/TU của Tỉnh ủy.", []),
    ("Theo Kế hoạch số 58/KH-UBND của huyện.", []),
    ("Quán triệt Chỉ thị số 07 của Tỉnh ủy.", []),
    ("Thực hiện Chỉ thị 18 của Thành ủy.", []),
    ("Theo Quyết định 1234/QĐ-UBND của tỉnh.", []),
    ("Căn cứ Điều 9 của Điều lệ Hội.", []),
    ("Đại hội lần thứ XIII của Đảng.", []),
    ("Hội nghị Ban Chấp hành lần thứ 5.", []),
    ("Ban chấp hành khóa XVIII họp phiên đầu.", []),
    ("Chiều ngày 14/11, hội tổ chức giao lưu.", []),
    ("Sáng 2/9 diễn ra lễ mít tinh.", []),
    ("Năm 2024 là năm bản lề.", []),
    ("Nhiệm kỳ 2021 - 2026 có nhiều đổi mới.", []),
    ("Hội nghị bắt đầu lúc 8 giờ 30.", []),
    ("Cập nhật 10:45 ngày 3/5.", []),
    ("Người bệnh Covid-19 được hỗ trợ.", []),
    ("Giai đoạn 2 của dự án khởi công.", []),
    ("Xếp hạng nhất toàn huyện.", []),
    # --- quoted campaign and model names
    ("Hội phát động cuộc vận động “Gia đình 5 không, 3 sạch” ở các thôn.", []),
    ("Nhân rộng mô hình “3 giúp” trong hội viên.", []),
    ("Mô hình \"2 giảm, 3 tăng\" được áp dụng.", []),
    ("Phong trào “Mỗi chi hội một việc làm tốt” lan tỏa.", []),
    ("Chương trình “Mỗi thôn một sản phẩm” được nhân rộng.", []),
    # --- vague amounts and idioms
    ("Hội đã trao hàng trăm suất quà.", []),
    ("Hàng nghìn lượt người tham gia.", []),
    ("Vài chục hộ đăng ký thêm.", []),
    ("Một số hội viên chưa tham gia.", []),
    ("Một hội viên được khen thưởng.", []),
    ("Các em luôn nhớ công ơn ba mẹ.", []),
    ("Năm nay hội tổ chức nhiều hoạt động.", []),
    ("Mô hình siêu thị 0 đồng giúp người nghèo.", []),
    # --- traps
    ("UBND xã cùng 6 đoàn thể ra quân.", [fig(C, 6, "đoàn thể")]),
    ("Có 4 đ/c được biểu dương.", []),
    ("Đoàn viên ra quân dọn vệ sinh.", []),
    ("Tỷ lệ 12,5% cao hơn năm trước.", [fig(P, 12.5, "%")]),
    ("Tổng vốn 1,2 tỷ đồng.", [vnd(1200000000)]),
    ("Có 3.171 hộ vay vốn.", [fig(C, 3171, "hộ")]),
    ("Hoàn thành 53/53 chỉ tiêu.", [fig(R, 53, "chỉ tiêu", total=53)]),
    ("Tỷ lệ hộ nghèo 5 năm qua giảm.", [fig(D, 5, "year")]),
    ("Vốn 50 tỷ lệ thuận với số hộ.", []),
    ("Ban chấp hành triệu tập 3 cuộc họp.", [fig(C, 3, "cuộc họp")]),
    ("Hạn chót là 12/2024.", []),
    ("Ra quân dịp 30/4.", []),
    ("Chi hội sen 3 làm 4 cụm cờ.", [fig(C, 4, "cụm cờ")]),
    ("Xóm Bắc 2 nhận 5 suất quà.", [fig(C, 5, "suất quà")]),
    ("Mạng 5G phủ sóng toàn xã.", []),
    # --- labels
    ("Chị em trong chi hội đã đóng góp hơn 74 triệu đồng.", [vnd(74000000, label="đóng góp")]),
    ("Quỹ có tổng dư nợ 33,4 tỷ đồng.", [vnd(33400000000, label="tổng dư nợ")]),
    ("Dư nợ xấu 15 triệu, chiếm 0,01%.", [vnd(15000000, label="dư nợ xấu"), fig(P, 0.01, "%")]),
    ("Mô hình tiết kiệm huy động được 8,2 tỷ đồng.", [vnd(8200000000, label="huy động")]),
    ("Hội viên được vay 650 triệu đồng.", [vnd(650000000, label="vay")]),
    ("Hội đã trao 64 suất học bổng với tổng số tiền 96.000.000 đồng.",
     [fig(C, 64, "suất học bổng", label="trao"), vnd(96000000, label="tổng số tiền")]),
    ("Hội đã hỗ trợ 11 em mồ côi với số tiền 55 triệu đồng.",
     [fig(C, 11, "em mồ côi", label="hỗ trợ"), vnd(55000000, label="hỗ trợ")]),
    ("Hội đề ra 6 nhiệm vụ và 10 chỉ tiêu.",
     [fig(C, 6, "nhiệm vụ", label="đề ra"), fig(C, 10, "chỉ tiêu", label="đề ra")]),
    ("Hội vận động xây dựng 12 căn nhà.", [fig(C, 12, "căn nhà", label="vận động xây dựng")]),
    ("Năm nay, chi hội đẩy mạnh thực hiện ba phong trào thi đua.",
     [fig(C, 3, "phong trào thi đua", label="đẩy mạnh thực hiện")]),
    ("Chi hội đã kết nạp thêm 17 hội viên mới.", [fig(C, 17, "hội viên mới", label="kết nạp thêm")]),
    ("Quỹ được trích lập 40 triệu đồng.", [vnd(40000000, label="trích lập")]),
    ("Hội viên thực hiện có hiệu quả 4 phong trào.", [fig(C, 4, "phong trào", label="thực hiện có hiệu quả")]),
    ("Trị giá 7.500.000, bộ quà được trao.", [vnd(7500000, label="trị giá")]),
    ("Đã có trên 600 lượt cán bộ được tập huấn.",
     [fig(C, 600, "lượt cán bộ", qualifier="over", label="được tập huấn")]),
    ("Tổng dư nợ tín dụng đạt 72.300 tỷ đồng.", [vnd(72300000000000, label="tổng dư nợ tín dụng")]),
    ("Doanh số cho vay đạt 840 tỷ đồng.", [vnd(840000000000, label="doanh số cho vay")]),
    ("Tổng số tiền hỗ trợ là 36 triệu đồng.", [vnd(36000000, label="tổng số tiền hỗ trợ")]),
    ("Tỷ lệ tập hợp đoàn viên đạt 85%.", [fig(P, 85, "%", label="tỷ lệ tập hợp đoàn viên")]),
    ("Tỷ lệ hộ nghèo của toàn xã chiếm 2,4%.", [fig(P, 2.4, "%", label="tỷ lệ")]),
    ("Hội giúp đỡ 150 ngày công cho 42 hộ nghèo.",
     [fig(C, 150, "ngày công", label="giúp đỡ"), fig(C, 42, "hộ nghèo", label="giúp đỡ")]),
    ("Hội nhận ủy thác 12 tỷ đồng cho 300 hội viên vay vốn.",
     [vnd(12000000000, label="nhận ủy thác"), fig(C, 300, "hội viên", label="vay vốn")]),
    ("Hội cất mới và sửa chữa 9 căn nhà.", [fig(C, 9, "căn nhà", label="cất mới và sửa chữa")]),
    ("Có 1.200 lượt hộ tại vùng khó khăn được vay vốn.", [fig(C, 1200, "lượt hộ", label="được vay vốn")]),
    ("Các chi hội sinh hoạt ở 24 điểm.", [fig(C, 24, "điểm", label="sinh hoạt")]),
    ("Ra quân dọn vệ sinh với hơn 250 đoàn viên tham gia.",
     [fig(C, 250, "đoàn viên", qualifier="over", label="tham gia")]),
    ("Có 3.100 hội viên ở Tân Phú được công nhận.",
     [fig(C, 3100, "hội viên", label="được công nhận")]),
    ("Làm thẻ cho 90 hội viên chưa được hưởng chế độ.", [fig(C, 90, "hội viên", label="làm thẻ")]),
    ("Duy trì 5 câu lạc bộ tại 5 thôn.",
     [fig(C, 5, "câu lạc bộ", label="duy trì"), fig(C, 5, "thôn", label="duy trì")]),
    ("Trao 10 suất quà trị giá 500.000đ, 8 suất 300.000đ.",
     [fig(C, 10, "suất quà", label="trao"), vnd(500000, label="trị giá"), fig(C, 8, "suất", label=None), vnd(300000)]),
    # --- flags
    ("Tuyên truyền cho 20,000 học sinh.", [fig(C, 20000, "học sinh", flags=["ambiguous-number"])]),
    ("Vay 135.068 triệu đồng.", [vnd(135068000000, flags=["ambiguous-number"])]),
    ("Tổng dư nợ 191,161 tỷ đồng.", [vnd(191161000000, flags=["ambiguous-number"])]),
    ("Làm 2.900m hàng rào.", [fig(Q, 2900, "m", flags=["ambiguous-number"])]),
    ("Mỗi em được 300.000đ/tháng.", [vnd(300000, flags=["per-unit"])]),
    ("Hội viên góp 1.5 triệu đồng.", [vnd(1500000, flags=["ambiguous-number"])]),
]


def _same(expected: Any, actual: Any) -> bool:
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        return isinstance(actual, (int, float)) and Decimal(str(expected)) == Decimal(str(actual))
    return expected == actual


def _matches(fig: dict[str, Any], expect: dict[str, Any]) -> bool:
    for key, value in expect.items():
        if key == "flags":
            if not set(value) <= set(fig.get("flags") or []):
                return False
        elif not _same(value, fig.get(key)):
            return False
    return True


def test_the_table_is_large_enough() -> None:
    assert len(PHRASES) >= 200
    assert len({text for text, _ in PHRASES}) == len(PHRASES), "duplicate phrases"


@pytest.mark.parametrize(("text", "expected"), PHRASES, ids=[t[:48] for t, _ in PHRASES])
def test_phrase(text: str, expected: list[dict[str, Any]]) -> None:
    found = vnreport.extract_text(text)["figures"]
    shown = [{k: f[k] for k in ("kind", "value", "value_max", "total", "unit", "qualifier", "label", "flags", "text")}
             for f in found]
    assert len(found) == len(expected), f"{text!r}: expected {len(expected)} figure(s), got {shown}"
    left = list(found)
    for expect in expected:
        hit = next((f for f in left if _matches(f, expect)), None)
        assert hit is not None, f"{text!r}: nothing matches {expect} in {shown}"
        left.remove(hit)
