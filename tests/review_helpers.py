"""Shared by the review and report tests: small articles, hand-built trees, an HTML reader.

The articles are written here, not taken from an evaluation set, so the tests hold
whatever the extraction families find in them today or tomorrow: the checks are about
the review showing every extracted item where its offsets say, never about how many
items there are.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx")

ARTICLES: dict[str, str] = {
    "hoi-nghi.txt": (
        "Hội LHPN quận tổng kết năm 2023\n\n"
        "Chiều ngày 15/12/2023, Hội LHPN quận tổ chức hội nghị tổng kết công tác Hội năm 2023. "
        "Cùng dự có bà Nguyễn Thị Huyền – Phó Chủ tịch Hội LHPN thành phố; ông Tạ Tự Bình – "
        "Phó Chủ tịch UBND quận.\n"
        "Trong năm qua, các chị đã đóng góp hơn 628 triệu đồng, hỗ trợ 19 em mồ côi với tổng số tiền "
        "117 triệu đồng. Tổng dư nợ 191,161 tỷ đồng, nợ quá hạn chiếm 0,03%. Hội đạt 53/53 chỉ tiêu.\n"
        "Thanh Lài\n"
    ),
    "dai-hoi.txt": (
        "Ngày 4/5/2024, Hội LHPN Quận 1 tổ chức Đại hội đại biểu nhiệm kỳ 2021 – 2026. "
        "Các cấp hội đã trao 1.298 phần quà với tổng số tiền 478.250.000 đồng và tặng 05 căn nhà "
        "tình thương trị giá 300 triệu đồng; 100% cơ sở hội đạt chỉ tiêu, tỉ lệ tập hợp phụ nữ đạt 78,85%.\r\n"
        "Trong vòng 5 năm, hội viên đã trồng 2 ha rừng.\r\n"
    ),
    "xss.txt": (
        "Bài viết có <script>alert(1)</script> và <img src=x onerror=alert(2)> & ký tự đặc biệt.\n"
        "Ngày 12/3/2024, Hội Phụ nữ xã hỗ trợ 10 triệu đồng cho 3 hộ nghèo.\n"
    ),
}


def write_articles(folder: Path) -> list[Path]:
    """The small articles above, as UTF-8 files (CR LF kept where written)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in ARTICLES.items():
        p = folder / name
        p.write_bytes(text.encode("utf-8"))
        paths.append(p)
    return paths


def sample_articles() -> list[Path]:
    """The repository's sample articles, when there are any."""
    if not SAMPLES.is_dir():
        return []
    return sorted(p for p in SAMPLES.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)


def hand_tree(text: str, path: str | None, **families: list[dict[str, Any]]) -> dict[str, Any]:
    """A contract tree written by hand: exactly the items a test wants, nothing guessed."""
    return {
        "vnreport": "1",
        "source": {
            "path": path,
            "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "encoding": "utf-8",
            "chars": len(text),
        },
        "document": {"title": None, "published": None, "reference_date": None, "reference_source": "none",
                     "author": None},
        "figures": families.get("figures", []),
        "dates": families.get("dates", []),
        "organizations": families.get("organizations", []),
        "people": families.get("people", []),
        "events": families.get("events", []),
        "warnings": families.get("warnings", []),
    }


def span_of(text: str, needle: str, nth: int = 0) -> dict[str, int]:
    """`{"start", "end"}` of the nth occurrence of `needle` in `text`."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return {"start": start, "end": start + len(needle)}


def expected_ranges(tree: dict[str, Any]) -> dict[str, tuple[int, int]]:
    """Every item's highlight key and offsets, keyed as the report keys them."""
    out: dict[str, tuple[int, int]] = {}
    for prefix, family in (("f", "figures"), ("d", "dates"), ("e", "events")):
        for i, item in enumerate(tree.get(family) or []):
            out[f"{prefix}{i}"] = (item["start"], item["end"])
    for prefix, family in (("o", "organizations"), ("p", "people")):
        for i, entity in enumerate(tree.get(family) or []):
            for j, m in enumerate(entity.get("mentions") or []):
                out[f"{prefix}{i}.{j}"] = (m["start"], m["end"])
    return out


class ReportReader(HTMLParser):
    """Reads a report back: each article's plain text and the ranges each highlight covers.

    Inside `<div class="text">`, text is accumulated as the browser would show it (the
    parser turns character references back into characters), and every `<mark data-i>`
    records the stretch of that text it encloses. A highlight cut into fragments shows
    up as several ranges under one key.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.article: str | None = None
        self.texts: dict[str, str] = {}
        self.ranges: dict[str, dict[str, list[tuple[int, int]]]] = {}
        self.focusable: dict[str, dict[str, int]] = {}
        self.titles: dict[str, dict[str, str]] = {}
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: dict[str, str] = {}  # element id → the highlight key it starts
        self.links: dict[str, list[str]] = {}  # article → the fragment links of its tables
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self._in_text = 0  # div depth inside the article text, 0 when outside
        self._parts: list[str] = []
        self._pos = 0
        self._marks: list[tuple[str, int]] = []
        self._raw: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag in ("script", "style"):
            self._raw = []
        if tag == "details" and "art" in (a.get("class") or "").split():
            self.article = a["id"]
        if tag == "div":
            if self._in_text:
                self._in_text += 1
            elif "text" in (a.get("class") or "").split():
                self._in_text, self._parts, self._pos = 1, [], 0
                self.ranges[self.article] = {}
                self.focusable[self.article] = {}
                self.titles[self.article] = {}
        if tag == "a" and (a.get("href") or "").startswith("#") and self.article:
            self.links.setdefault(self.article, []).append(a["href"][1:])
        if tag == "mark" and self._in_text:
            key = a["data-i"]
            self._marks.append((key, self._pos))
            if "tabindex" in a:
                self.focusable[self.article][key] = self.focusable[self.article].get(key, 0) + 1
                if a.get("id"):
                    self.ids[a["id"]] = key
                self.titles[self.article][key] = a.get("title") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._raw is not None:
            (self.scripts if tag == "script" else self.styles).append("".join(self._raw))
            self._raw = None
        if tag == "mark" and self._in_text:
            key, start = self._marks.pop()
            self.ranges[self.article].setdefault(key, []).append((start, self._pos))
        if tag == "div" and self._in_text:
            self._in_text -= 1
            if not self._in_text:
                self.texts[self.article] = "".join(self._parts)

    def handle_data(self, data: str) -> None:
        if self._raw is not None:
            self._raw.append(data)
        if self._in_text:
            self._parts.append(data)
            self._pos += len(data)


def read_report(page: str) -> ReportReader:
    reader = ReportReader()
    reader.feed(page)
    reader.close()
    return reader


def merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Adjacent fragments joined: what one highlight covers."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(ranges):
        if out and out[-1][1] == a:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


# --------------------------------------------------------------------------------------
# Headless Chromium


def find_chromium() -> str | None:
    """Chromium's executable, when installed (Debian's package is `chromium`)."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None


def chromium(browser: str, url: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium once with a fresh profile and no network chatter.

    `--no-sandbox` is needed where tests run as root (containers, CI).
    """
    with tempfile.TemporaryDirectory(prefix="vnreport-chromium-") as profile:
        return subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--hide-scrollbars", f"--user-data-dir={profile}", *args, url],
            capture_output=True, text=True, timeout=timeout, check=False,
        )


def screenshot(browser: str, html_file: Path, png: Path, size: tuple[int, int] = (1280, 900)) -> None:
    """Render `html_file` to `png` at a viewport of `size`, with its first article opened.

    A headless screenshot cannot click, so the first `<details>` is opened in a copy of
    the page, as a reader's first click would.
    """
    page = html_file.read_text(encoding="utf-8").replace('<details class="art" id="a0"',
                                                         '<details class="art" id="a0" open', 1)
    opened = html_file.with_name(f".{html_file.stem}-open.html")
    opened.write_text(page, encoding="utf-8")
    try:
        chromium(browser, opened.resolve().as_uri(), f"--screenshot={png}", f"--window-size={size[0]},{size[1]}")
    finally:
        opened.unlink(missing_ok=True)
