"""Build a corpus of realistic 3–5 KB Vietnamese press reports from a few real ones.

Timing the same five files 400 times measures a warm cache, not a batch: every article
here is a new combination of paragraphs taken from the source articles, with its
numbers, dates, people and place names changed, laid out in the page shapes found on
real sites (menu above the headline, publication line, hard-wrapped lines, "related
news" trailer, byline). The result is deterministic for a given seed and source set.

    python benchmarks/corpus.py OUT_DIR --count 2000 [--sources DIR] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Where source articles are looked for when `--sources` is not given, in order.
DEFAULT_SOURCES = (ROOT / "samples", ROOT.parent / "shared" / "eval" / "dev" / "articles")

MIN_BYTES, MAX_BYTES = 3000, 5000

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
          "Dương", "Lý", "Lâm", "Tạ", "Đinh", "Trịnh"]
MIDDLE = ["Thị", "Văn", "Thị Thu", "Thị Ngọc", "Văn Minh", "Kim", "Phương", "Thanh", "Đức", "Hữu", "Thị Kim"]
GIVEN = ["Huyền", "Bình", "Mai", "Sơn", "Hoa", "Nga", "Lan", "Hương", "Tuấn", "Dũng", "Hạnh", "Oanh", "Thảo",
         "Trang", "Linh", "Hùng", "Phúc", "Yến", "Vân", "Đức", "Thủy", "Hà", "Nam", "Loan"]
PLACES = ["Kim Liên", "Từ Sơn", "Ngũ Hành Sơn", "Phù Chẩn", "Tân Phú", "Hòa Bình", "An Khánh", "Đông Hưng",
          "Thạch Thất", "Cẩm Lệ", "Long Biên", "Bình Thạnh", "Vĩnh Yên", "Quỳnh Lưu", "Nghĩa Đàn", "Yên Thành"]
PLACE_WORDS = ("xã", "phường", "huyện", "quận", "thị xã", "thành phố", "tỉnh")
MENUS = ["TIN TỨC & SỰ KIỆN\n\n|\n\nTin tức - Sự kiện", "Trang chủ\n»\nHoạt động Hội", "TIN HOẠT ĐỘNG\n\nTin cơ sở"]
EVENTS = ["hội nghị tổng kết công tác Hội năm {y}", "hội nghị sơ kết 6 tháng đầu năm {y}",
          "Đại hội đại biểu Phụ nữ nhiệm kỳ {y}–{y5}", "lễ kỷ niệm ngày thành lập Hội",
          "hội thảo nâng cao năng lực cán bộ Hội năm {y}", "cuộc thi “Phụ nữ khởi nghiệp” năm {y}"]
ORGS = ["Hội LHPN {pw} {p}", "Hội CCB {pw} {p}", "UBND {pw} {p}", "Hội Liên hiệp Phụ nữ {pw} {p}",
        "Đoàn Thanh niên {pw} {p}"]
BYLINES = ["Thanh Lài", "Nguyễn Oanh - VH", "Mộng Thường", "Tin, ảnh: Hồng Nhung", "T.X", "Bài, ảnh: Minh Châu"]

_NAME = re.compile(rf"\b(?!Hồ Chí Minh)(?:{'|'.join(FAMILY)})(?:\s+[A-ZĐÀ-Ỹ][^\s,.;:()–-]+){{1,3}}")
_PLACE = re.compile(rf"\b({'|'.join(PLACE_WORDS)})\s+(?:[A-ZĐÀ-Ỹ][^\s,.;:()–-]*)(?:\s+[A-ZĐÀ-Ỹ][^\s,.;:()–-]*)?")
_DATE_FULL = re.compile(r"\b(\d{1,2})([/.-])(\d{1,2})\2((?:19|20)\d\d)\b")
_DATE_SHORT = re.compile(r"\b(\d{1,2})/(\d{1,2})\b(?![/\d])")
_YEAR = re.compile(r"\b(20[0-3]\d)\b")
_NUMBER = re.compile(r"(?<![\d/.,])\d+(?:[.,]\d+)*(?![\d/])")


@dataclass
class Pool:
    """Paragraphs and headlines cut from the source articles."""

    paragraphs: list[str]
    titles: list[str]


def _is_body(line: str) -> bool:
    """A paragraph worth reusing: long enough, ends like a sentence, not a menu or list item."""
    s = line.strip()
    return (len(s.split()) >= 12 and s[:1].isupper() and s[-1:] in ".;:…”\")"
            and not re.search(r"\(\d{1,2}:\d{2}\s*-", s))


def read_pool(sources: Sequence[Path]) -> Pool:
    """Cut the source articles into reusable paragraphs (wrapped lines joined first)."""
    paragraphs: list[str] = []
    titles: list[str] = []
    for path in sources:
        text = path.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n")
        # Join hard-wrapped lines (a long line that does not end a sentence) into paragraphs.
        joined = None
        while joined != text:
            joined, text = text, re.sub(r"(?m)^(.{40,}[^.!?…:;”\"])\n(?=\S)", r"\1 ", text)
        for line in text.split("\n"):
            s = " ".join(line.split())
            if _is_body(s):
                paragraphs.append(s)
            elif (6 <= len(s.split()) <= 30 and s[:1].isupper() and s[-1:] not in ".:;"
                  and not re.search(r"\d{1,2}:\d{2}|đã đưa", s)):
                titles.append(s)
    if not paragraphs:
        raise SystemExit("corpus: no usable paragraph in the source articles")
    return Pool(paragraphs, titles)


class Varier:
    """Change numbers, dates, names and places so no two articles repeat a sentence."""

    def __init__(self, rng: random.Random, year: int):
        self.rng = rng
        self.year = year

    def person(self) -> str:
        r = self.rng
        return f"{r.choice(FAMILY)} {r.choice(MIDDLE)} {r.choice(GIVEN)}"

    def place(self) -> str:
        return self.rng.choice(PLACES)

    def _number(self, m: re.Match[str]) -> str:
        s = m.group()
        if _YEAR.fullmatch(s):
            return str(self.year + self.rng.choice((-1, 0, 0, 1)))
        out = []
        for i, ch in enumerate(s):
            if ch.isdigit():
                lead = i == 0 or not s[i - 1].isdigit()
                after_zero = i > 0 and s[i - 1] == "0" and (i == 1 or not s[i - 2].isdigit())
                if lead and ch == "0":
                    out.append(ch)  # `03 nhiệm vụ` keeps its decorative zero
                else:
                    out.append(str(self.rng.randint(1 if lead or after_zero else 0, 9)))
            else:
                out.append(ch)
        return "".join(out)

    def _full_date(self, m: re.Match[str]) -> str:
        d, sep, mo = self.rng.randint(1, 28), m.group(2), self.rng.randint(1, 12)
        y = self.year + self.rng.choice((-1, 0, 0))
        return f"{d:02d}{sep}{mo:02d}{sep}{y}" if len(m.group(1)) == 2 else f"{d}{sep}{mo}{sep}{y}"

    def _short_date(self, m: re.Match[str]) -> str:
        return f"{self.rng.randint(1, 28)}/{self.rng.randint(1, 12)}"

    def __call__(self, text: str) -> str:
        text = _NAME.sub(lambda m: self.person(), text)
        text = _PLACE.sub(lambda m: f"{m.group(1)} {self.place()}", text)
        # Dates first, then the other numbers outside them (placeholders protect the dates).
        dates: list[str] = []

        def hold(s: str) -> str:
            dates.append(s)
            return chr(0xE000 + len(dates) - 1)  # a private-use character: no digit to vary

        text = _DATE_FULL.sub(lambda m: hold(self._full_date(m)), text)
        text = _DATE_SHORT.sub(lambda m: hold(self._short_date(m)), text)
        text = _NUMBER.sub(self._number, text)
        return re.sub("[\ue000-\uf8ff]", lambda m: dates[ord(m.group()) - 0xE000], text)


def _wrap(paragraph: str, rng: random.Random) -> str:
    """Hard-wrap a paragraph at 70–90 columns, as text copied from some PDF or mail does."""
    width = rng.randint(70, 90)
    lines, line = [], ""
    for word in paragraph.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines)


def _size(parts: list[str]) -> int:
    return len("\n\n".join(parts).encode("utf-8"))


def _trim(paragraph: str, budget: int) -> str | None:
    """The paragraph cut at a sentence end so that it fits in `budget` bytes, if any."""
    sentences = re.split(r"(?<=[.!?…])\s+(?=[A-ZĐÀ-Ỹ“\"])", paragraph)
    out = ""
    for s in sentences:
        nxt = f"{out} {s}".strip()
        if len(nxt.encode("utf-8")) > budget:
            break
        out = nxt
    return out if len(out.split()) >= 8 else None


def make_article(pool: Pool, rng: random.Random) -> str:
    """One article of MIN_BYTES..MAX_BYTES in one of the page shapes real sites use."""
    year = rng.randint(2019, 2025)
    vary = Varier(rng, year)
    target = rng.randint(MIN_BYTES + 200, MAX_BYTES - 300)
    shape = rng.choice(("plain", "headline", "menu", "wrapped"))
    org = rng.choice(ORGS).format(pw=rng.choice(PLACE_WORDS), p=vary.place())
    event = rng.choice(EVENTS).format(y=year, y5=year + 5)
    d, m = rng.randint(1, 28), rng.randint(1, 12)
    part = rng.choice(("Sáng", "Chiều", "Tối", "", ""))
    lead_date = f"{part} ngày {d}/{m}/{year}".strip() if rng.random() < 0.6 else f"{part} ngày {d}/{m}".strip()
    lead = (f"{lead_date[0].upper()}{lead_date[1:]}, {org} tổ chức {event}. Tham dự có bà {vary.person()} – "
            f"Phó Chủ tịch {rng.choice(ORGS).format(pw='tỉnh', p=vary.place())}; ông {vary.person()} – "
            f"Phó Chủ tịch UBND {rng.choice(PLACE_WORDS)} {vary.place()}.")
    head: list[str] = []
    if shape == "menu":
        head.append(rng.choice(MENUS))
    if shape in ("menu", "headline"):
        title = vary(rng.choice(pool.titles)) if pool.titles and rng.random() < 0.5 else f"{org} tổ chức {event}"
        head.append(title)
        head.append(f"{d:02d}/{m:02d}/{year} {rng.randint(7, 20):02d}:{rng.randint(0, 59):02d} "
                    f"Số lượt xem: {rng.randint(3, 900)}")
    body = [lead]
    tail: list[str] = [rng.choice(BYLINES)] if rng.random() < 0.7 else []
    trailer: list[str] = []
    if shape == "menu" and rng.random() < 0.7:
        items = [f"   {vary(rng.choice(pool.titles or pool.paragraphs))[:90]} "
                 f"({rng.randint(7, 20)}:{rng.randint(10, 59)} - {rng.randint(10, 28)}/0{rng.randint(1, 9)}/{year})"
                 for _ in range(3)]
        trailer = ["Tin liên quan\n" + "\n".join(items)]
    fixed = _size(head + tail + trailer)
    tries = 0
    while tries < 50:
        tries += 1
        para = vary(rng.choice(pool.paragraphs))
        room = target - fixed - _size(body) - 2
        if len(para.encode("utf-8")) > room:
            cut = _trim(para, room)
            if cut is not None:
                body.append(cut)
            if _size(head + body + tail + trailer) >= MIN_BYTES:
                break
            continue
        body.append(para)
    if shape == "wrapped":
        body = [_wrap(p, rng) for p in body]
    sep = "\n" if shape in ("plain", "wrapped") else "\n\n"
    text = "\n\n".join([*head, sep.join(body), *tail, *trailer]) + "\n"
    data = text.encode("utf-8")
    if len(data) > MAX_BYTES:  # keep the promise of the size range whatever the pool holds
        text = data[:MAX_BYTES].decode("utf-8", "ignore").rsplit("\n", 1)[0] + "\n"
    while len(text.encode("utf-8")) < MIN_BYTES:
        text += vary(rng.choice(pool.paragraphs))[: MAX_BYTES - len(text.encode("utf-8")) - 10] + "\n"
    return text


def find_sources(given: Path | None) -> list[Path]:
    """The source articles: `given`, else the repository's samples, else the dev articles."""
    folders = [given] if given is not None else list(DEFAULT_SOURCES)
    for folder in folders:
        files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
        if files:
            return files
    raise SystemExit(f"corpus: no *.txt source article in {', '.join(str(f) for f in folders)}")


def build(out_dir: Path, count: int, sources: Sequence[Path], seed: int = 7) -> list[Path]:
    """Write `count` articles into `out_dir` (in 100-file subfolders, as archives are kept)."""
    pool = read_pool(sources)
    rng = random.Random(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for i in range(count):
        sub = out_dir / f"{i // 100:03d}"
        sub.mkdir(exist_ok=True)
        path = sub / f"article-{i:05d}.txt"
        path.write_text(make_article(pool, rng), encoding="utf-8")
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--sources", type=Path, default=None, help="folder of *.txt articles to recombine")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    files = build(args.out, args.count, find_sources(args.sources), args.seed)
    sizes = [f.stat().st_size for f in files]
    print(f"{len(files)} articles, {min(sizes)}–{max(sizes)} bytes, {sum(sizes) / 1e6:.2f} MB in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
