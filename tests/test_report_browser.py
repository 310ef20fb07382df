"""The report in a real browser: it renders, its script runs, and nothing from an article does.

Runs where headless Chromium is installed (Debian: `apt-get install -y chromium`) and is
skipped elsewhere. Only Chromium's own command line is used (`--screenshot`,
`--dump-dom`), so no browser-driving library is needed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from review_helpers import chromium, find_chromium, read_report, sample_articles, screenshot, write_articles

import vnreport
from vnreport.output import render
from vnreport.report import SCRIPT, write_report

BROWSER = find_chromium()
pytestmark = pytest.mark.skipif(
    BROWSER is None, reason="Chromium not found: install it (Debian: apt-get install -y chromium) to run this test"
)

# Run after the report's own script, in a copy of the page whose security policy has been
# removed: focus the first highlight and filter by kind, as a keyboard user would, and
# write what happened into the DOM for --dump-dom to show.
PROBE = """<script>
var m=document.querySelector('details.art .text mark[tabindex]');m.closest('details').open=true;m.focus();
var tip=document.getElementById('tip');document.body.dataset.focusTip=tip.hidden?'':tip.textContent;
document.body.dataset.describedBy=m.getAttribute('aria-describedby')||'';
var k=document.getElementById('kind');k.value='money';k.dispatchEvent(new Event('change'));
document.body.dataset.moneyShown=document.getElementById('shown').textContent;
</script>"""


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report for the samples, or for the small articles of the tests when there are none."""
    root = tmp_path_factory.mktemp("browser")
    articles = sample_articles() or write_articles(root / "articles")
    if not any("<script>" in p.read_text(encoding="utf-8", errors="replace") for p in articles):
        articles += [p for p in write_articles(root / "articles") if p.name == "xss.txt"]
    out = root / "out"
    out.mkdir()
    for n, path in enumerate(articles):
        (out / f"{n:03d}.yaml").write_text(render(vnreport.extract_file(path), "yaml"), encoding="utf-8")
    html = root / "report.html"
    assert write_report([out], html) == 0
    return html


def test_screenshot(report: Path, tmp_path: Path) -> None:
    png = tmp_path / "report.png"
    screenshot(BROWSER, report, png)
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1280, 900)
    assert len(data) > 20_000, "a page with text and colours, not a blank one"


def test_script_runs_and_article_text_stays_text(report: Path) -> None:
    result = chromium(BROWSER, report.resolve().as_uri(), "--dump-dom")
    dom = result.stdout
    assert 'data-ready="1"' in dom, result.stderr[-2000:]
    n = len(read_report(report.read_text(encoding="utf-8")).texts)
    assert f"{n} of {n} articles" in dom
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
    assert len(re.findall(r"<script\b", dom)) == 1


def test_tooltip_on_keyboard_focus_and_kind_filter(report: Path) -> None:
    page = report.read_text(encoding="utf-8")
    page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page, count=1)
    probe = report.with_name("probe.html")
    probe.write_text(page.replace("</body>", PROBE + "</body>", 1), encoding="utf-8")
    dom = chromium(BROWSER, probe.resolve().as_uri(), "--dump-dom").stdout
    tip = re.search(r'data-focus-tip="([^"]*)"', dom)
    assert tip and ": " in tip.group(1), "focusing a highlight shows what was read from it"
    assert 'data-described-by="tip"' in dom
    shown = re.search(r'data-money-shown="(\d+) of (\d+) articles"', dom)
    assert shown and int(shown.group(1)) <= int(shown.group(2))


def test_policy_blocks_scripts_that_are_not_the_report_s_own(report: Path) -> None:
    page = report.read_text(encoding="utf-8")
    injected = report.with_name("injected.html")
    marker = "<script>document.body.dataset.injected='ran'</script>"
    injected.write_text(page.replace("</body>", marker + "</body>", 1), encoding="utf-8")
    dom = chromium(BROWSER, injected.resolve().as_uri(), "--dump-dom").stdout
    assert 'data-ready="1"' in dom and "data-injected" not in dom
    assert SCRIPT.strip()[:20] in page
