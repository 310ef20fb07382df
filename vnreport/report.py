"""`vnreport report`: every extracted article in one self-contained HTML file.

The file must open anywhere, offline, years later, and it must never run anything that
came from an article: so it carries its own CSS and script inline (no fonts, images or
network), every piece of article or extracted text is HTML-escaped, and a
Content-Security-Policy allows only the report's own style and script, by hash, as a
second line of defence.

It has to stay usable for a few thousand articles, so each article is a collapsed
`<details>` (browsers skip laying out closed ones; find-in-page still opens them), the
CSS, script and legend exist once, and a filter box narrows the list by text and by kind.

Where the article text comes from: `source.path` of each output, read with the reader
`extract` uses, looked up as described in `vnreport.review.find_article` (the current
folder, then the output file's folder; only `--root` when given). A missing article
costs a one-line warning; its section still lists the tables.

Highlights may nest and overlap (an event's sentence holds figures and names), while
HTML elements must nest properly: a span that crosses another is cut into fragments
that share its `data-i`; only the first fragment is focusable and carries the
description, so keyboard users meet each item once.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from . import __version__
from .output import write_atomic
from .review import (
    KINDS,
    Review,
    Span,
    as_text,
    figure_value,
    format_number,
    items_of,
    kind_order,
    load_outputs,
    mentions_of,
    review_loaded,
    safe_chars,
)

__all__ = ["build_html", "mark_text", "money_totals", "write_report"]

#: A narrow no-break space groups thousands in the report: `628 000 000` never wraps.
NNBSP = "\u202f"

#: Light backgrounds with dark text (contrast above 10:1 with #1b1b1b) and a darker
#: border of the same hue, which also draws the bars (above 3:1 against white).
COLOURS: dict[str, tuple[str, str]] = {
    "money": ("#ffe28a", "#946f00"),
    "count": ("#bfe3ff", "#1f6aa5"),
    "percent": ("#c6efc1", "#2a7a2a"),
    "ratio": ("#ffd3e4", "#b03a6e"),
    "quantity": ("#e3d8ff", "#6548bd"),
    "duration": ("#c9f1ec", "#177a70"),
    "date": ("#ffd5b3", "#b35300"),
    "organization": ("#e4edf8", "#36557a"),
    "person": ("#e6f4dc", "#46702a"),
    "event": ("#f6effa", "#7d3c98"),
}
KIND_LABEL = {"organization": "organisation", "person": "person"}
TOP = 10  # bars per chart; the rest are summed in one line


def esc(s: str) -> str:
    """Text content: escaped, controls made harmless, CR kept as a reference (offsets hold)."""
    return html.escape(safe_chars(s), quote=False).replace("\r", "&#13;")


def attr(s: Any) -> str:
    """An attribute value, quoted-safe."""
    return html.escape(safe_chars(as_text(s)), quote=True)


def kind_class(kind: str) -> str:
    return "k-" + re.sub(r"[^a-z0-9]+", "-", kind.lower()).strip("-")


# --------------------------------------------------------------------------------------
# The article text with its highlights


def _open_tag(span: Span, first: bool, flagged: bool, prefix: str) -> str:
    cls = kind_class(span.kind) + (" fl" if flagged else "")
    if first:
        ident = f' id="{prefix}-{span.key}"' if prefix else ""
        return f'<mark{ident} class="{cls}" data-i="{span.key}" tabindex="0" title="{attr(span.tip)}">'
    return f'<mark class="{cls}" data-i="{span.key}">'


def mark_text(
    text: str, spans: Sequence[Span], *, skip: Iterable[str] = (), flagged: Iterable[str] = (), prefix: str = ""
) -> str:
    """The escaped text with one `<mark>` per span, properly nested whatever the overlaps.

    With `prefix`, each item's first fragment gets the id `PREFIX-KEY`, which the
    article's tables link to.

    >>> from vnreport.review import Span
    >>> mark_text("ab<c>d", [Span(0, 4, "event", "e0", "t"), Span(2, 6, "money", "f0", "m")])
    ... # doctest: +NORMALIZE_WHITESPACE
    '<mark class="k-event" data-i="e0" tabindex="0" title="t">ab<mark class="k-money" data-i="f0" tabindex="0"
    title="m">&lt;c</mark></mark><mark class="k-money" data-i="f0">&gt;d</mark>'
    """
    skip, flagged = set(skip), set(flagged)
    usable = [s for s in spans if s.key not in skip and 0 <= s.start < s.end <= len(text)]
    starts: dict[int, list[Span]] = defaultdict(list)
    for s in usable:
        starts[s.start].append(s)
    bounds = sorted({s.start for s in usable} | {s.end for s in usable} | {len(text)})
    out: list[str] = []
    stack: list[Span] = []
    pos = 0
    for b in bounds:
        if b > pos:
            out.append(esc(text[pos:b]))
            pos = b
        if any(s.end == b for s in stack):
            reopen: list[Span] = []
            while any(s.end == b for s in stack):
                top = stack.pop()
                out.append("</mark>")
                if top.end != b:
                    reopen.append(top)
            for s in reversed(reopen):  # outermost first, as they were
                out.append(_open_tag(s, False, s.key in flagged, prefix))
                stack.append(s)
        for s in sorted(starts.get(b, ()), key=lambda s: (-s.end, s.layer)):
            out.append(_open_tag(s, True, s.key in flagged, prefix))
            stack.append(s)
    return "".join(out)


# --------------------------------------------------------------------------------------
# Money totals


@dataclass
class Totals:
    """Money totals of one currency, by label and by organisation."""

    unit: str
    figures: int
    by_label: dict[str, float]
    by_org: dict[str, float]


def _key(s: str) -> str:
    return " ".join(unicodedata.normalize("NFC", s).casefold().split())


_SENTENCE_END = re.compile(r"[.!?…](?:\s|$)|\n")


def _organisation_of(review: Review, figure: dict[str, Any]) -> str | None:
    """The organisation a money figure is credited to, or None.

    The contract does not link figures to organisations, so this guesses, in order: the
    organisation mentioned last before the figure in the same sentence (`Hội LHPN quận
    đã hỗ trợ 117 triệu đồng`), the organiser of an event whose evidence holds the
    figure, then the organisation the article mentions most.
    """
    start = figure.get("start")
    orgs = [o for o in items_of(review.tree, "organizations") if o.get("name")]
    if not isinstance(start, int):
        return None
    best: tuple[int, str] | None = None
    if review.text is not None:
        for o in orgs:
            for m in mentions_of(o):
                end = m.get("end") if isinstance(m, dict) else None
                if isinstance(end, int) and end <= start and (best is None or end > best[0]):
                    best = (end, str(o.get("expanded") or o["name"]))
        if best is not None and _SENTENCE_END.search(review.text, best[0], start):
            best = None
    if best is not None:
        return best[1]
    for e in items_of(review.tree, "events"):
        if (e.get("organizer") and isinstance(e.get("start"), int)
                and isinstance(e.get("end"), int) and e["start"] <= start < e["end"]):
            return str(e["organizer"])
    if orgs:
        most = max(orgs, key=lambda o: len(mentions_of(o)))
        return str(most.get("expanded") or most["name"])
    return None


def money_totals(reviews: Sequence[Review]) -> list[Totals]:
    """Money summed by label and by organisation, one `Totals` per currency (most used first).

    Values are added as written: the lower end of a range, qualifiers ignored, and an
    amount reported twice in an article counted twice. Labels and names that differ only
    in case or spacing are one line, shown as first written.
    """
    shown: dict[str, str] = {}
    per_unit: dict[str, Totals] = {}
    for r in reviews:
        for f in items_of(r.tree, "figures"):
            if f.get("kind") != "money":
                continue
            value = f.get("value")
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                continue
            unit = str(f.get("unit") or "?")
            t = per_unit.setdefault(unit, Totals(unit, 0, defaultdict(float), defaultdict(float)))
            t.figures += 1
            label = str(f.get("label") or "(no label)")
            org = _organisation_of(r, f) or "(no organisation)"
            for name, table in ((label, t.by_label), (org, t.by_org)):
                key = _key(name)
                shown.setdefault(key, name)
                table[shown[key]] += value
    return sorted(per_unit.values(), key=lambda t: -t.figures)


# --------------------------------------------------------------------------------------
# Pieces of the page


def _bars(rows: list[tuple[str, float]], *, kind_of_row: bool = False, fill: str = "money") -> str:
    """A bar chart as a table: a button (filters on the row), an inline SVG bar, the number."""
    if not rows:
        return '<p class="empty">none</p>'
    rows = sorted(rows, key=lambda r: -r[1])
    top, rest = rows[:TOP], rows[TOP:]
    peak = max(v for _, v in top) or 1
    out = ['<table class="bars"><tbody>']
    for name, value in top:
        width = max(0.5, 100 * value / peak)
        kind = name if kind_of_row else fill
        data = f'data-kind="{attr(name)}"' if kind_of_row else f'data-q="{attr(name)}"'
        shown = KIND_LABEL.get(name, name) if kind_of_row else name
        out.append(
            f'<tr><th scope="row"><button type="button" class="q" {data} title="{attr(shown)}">{esc(shown)}'
            f'</button></th><td class="bar"><svg viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">'
            f'<rect class="{kind_class(kind)}" width="{width:.1f}" height="10"/></svg></td>'
            f'<td class="n">{esc(format_number(value, NNBSP))}</td></tr>'
        )
    if rest:
        out.append(f'<tr class="rest"><th scope="row">{len(rest)} more</th><td></td>'
                   f'<td class="n">{esc(format_number(sum(v for _, v in rest), NNBSP))}</td></tr>')
    out.append("</tbody></table>")
    return "".join(out)


def _overview(reviews: Sequence[Review]) -> str:
    kinds: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    for r in reviews:
        for family in ("figures", "dates", "organizations", "people", "events"):
            counts[family] += len(items_of(r.tree, family))
        for f in items_of(r.tree, "figures"):
            kinds[str(f.get("kind") or "figure")] += 1
    flagged = sum(1 for r in reviews for f in items_of(r.tree, "figures") if f.get("flags"))
    missing = sum(1 for r in reviews if r.text is None)
    troubled = sum(1 for r in reviews if r.problems or r.tree.get("warnings") or r.text is None)
    cards = [
        (len(reviews), "articles"),
        (missing, "without text"),
        (counts["figures"], "figures"),
        (flagged, "flagged figures"),
        (counts["dates"], "dates"),
        (counts["organizations"], "organisations"),
        (counts["people"], "people"),
        (counts["events"], "events"),
        (troubled, "with warnings"),
    ]
    out = ['<section class="overview" aria-labelledby="ov"><h2 id="ov">Overview</h2><ul class="cards">']
    out += [f"<li><b>{format_number(n, NNBSP)}</b> {label}</li>" for n, label in cards]
    out.append('</ul><div class="charts"><figure><figcaption>Figures per kind</figcaption>')
    out.append(_bars(sorted(kinds.items(), key=lambda kv: kind_order(kv[0])), kind_of_row=True))
    out.append("</figure>")
    totals = money_totals(reviews)
    if not totals:
        out.append('<figure><figcaption>Money</figcaption><p class="empty">no money figures</p></figure>')
    for t in totals:
        unit = esc(t.unit)
        out.append(f"<figure><figcaption>Money by label ({unit})</figcaption>{_bars(list(t.by_label.items()))}"
                   f"</figure><figure><figcaption>Money by organisation ({unit})</figcaption>"
                   f"{_bars(list(t.by_org.items()))}</figure>")
    out.append(
        '</div><p class="note">Money totals add each figure’s value as written (the lower end of a range; '
        "qualifiers such as <i>hơn</i> ignored), so an amount reported twice counts twice. A figure is credited "
        "to the organisation named last before it in its sentence, else to the organiser of the event it belongs "
        "to, else to the organisation its article mentions most. Click a bar’s name to filter the articles.</p>"
        "</section>"
    )
    return "".join(out)


def _controls() -> str:
    options = "".join(f'<option value="{k}">{KIND_LABEL.get(k, k)}</option>' for k in KINDS)
    legend = "".join(
        f'<label><input type="checkbox" data-kind="{k}" checked> <span class="chip {kind_class(k)}">'
        f"{KIND_LABEL.get(k, k)}</span></label>"
        for k in KINDS
    )
    return (
        '<div class="controls" role="search"><label for="q">Filter</label> '
        '<input id="q" type="search" placeholder="text, name, label… (accents optional)" autocomplete="off"> '
        '<label for="kind">with</label> <select id="kind"><option value="">any kind</option>'
        f'{options}<option value="flag">flagged figures</option><option value="warn">warnings</option></select> '
        '<button type="button" id="open">expand shown</button> <button type="button" id="close">collapse all</button> '
        '<output id="shown" aria-live="polite"></output>'
        f'<fieldset class="legend"><legend>Highlight</legend>{legend}</fieldset></div>'
    )


def _go(key: str, label: str, live: bool, prefix: str) -> str:
    """A table cell's evidence: a link to its highlight, when the text is shown.

    A link rather than a button: it works without the script (browsers open a closed
    `<details>` to reach a fragment), and a hundred thousand buttons make a page with
    thousands of articles seconds slower to open; the script only adds focus and tooltip.
    """
    if not live:
        return esc(label)
    return f'<a href="#{prefix}-{key}">{esc(label)}</a>'


def _table(caption: str, head: Sequence[str], rows: list[str]) -> str:
    if not rows:
        return ""
    th = "".join(f"<th>{h}</th>" for h in head)
    return (f'<table class="t"><caption>{caption}</caption><thead><tr>{th}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def _row(cells: Sequence[str | tuple[str, str]], bad: bool = False) -> str:
    """One table row; a cell is its HTML, or (class, HTML).

    Closing tags are left out (optional in HTML) and classes go on the cells rather than
    on wrapping elements: with thousands of articles, the number of elements is what
    makes a page slow to open.
    """
    mark = ' class="bad" title="offsets do not fit the article: not highlighted"' if bad else ""
    return f"<tr{mark}>" + "".join(f'<td class="{c[0]}">{c[1]}' if isinstance(c, tuple) else f"<td>{c}"
                                   for c in cells)


def _tables(r: Review, prefix: str) -> str:
    live = r.text is not None
    items = {family: items_of(r.tree, family) for family in ("figures", "dates", "organizations", "people", "events")}
    out = []
    rows = []
    for i, f in enumerate(items["figures"]):
        kind = str(f.get("kind") or "figure")
        key = f"f{i}"
        rows.append(_row([
            (f"kc {kind_class(kind)}", esc(kind)),
            _go(key, as_text(f.get("text")), live and key not in r.bad, prefix),
            ("n", esc(figure_value(f, NNBSP))),
            esc(as_text(f.get("unit"))), esc(as_text(f.get("qualifier"))), esc(as_text(f.get("label"))),
            esc(as_text(f.get("flags"))),
        ], key in r.bad))
    out.append(_table("Figures", ("kind", "text", "value", "unit", "qualifier", "label", "flags"), rows))
    rows = []
    for i, d in enumerate(items["dates"]):
        key = f"d{i}"
        rows.append(_row([
            _go(key, as_text(d.get("text")), live and key not in r.bad, prefix), esc(as_text(d.get("value"))),
            esc(as_text(d.get("grain"))), esc(as_text(d.get("part_of_day"))), "yes" if d.get("inferred") else "",
        ], key in r.bad))
    out.append(_table("Dates", ("text", "value", "grain", "part of day", "inferred"), rows))
    for family, letter, caption, head, fields in (
        ("organizations", "o", "Organisations", ("name", "expanded", "type", "mentions"), ("expanded", "type")),
        ("people", "p", "People", ("name", "honorific", "title", "mentions"), ("honorific", "title")),
    ):
        rows = []
        for i, e in enumerate(items[family]):
            mentions = mentions_of(e)
            key = f"{letter}{i}.0"
            rows.append(_row([
                _go(key, as_text(e.get("name")), live and bool(mentions) and key not in r.bad, prefix),
                *(esc(as_text(e.get(k))) for k in fields), str(len(mentions)),
            ]))
        out.append(_table(caption, head, rows))
    rows = []
    for i, e in enumerate(items["events"]):
        key = f"e{i}"
        rows.append(_row([
            _go(key, as_text(e.get("type")) or "?", live and key not in r.bad, prefix), esc(as_text(e.get("name"))),
            esc(as_text(e.get("date"))), esc(as_text(e.get("organizer"))), esc(as_text(e.get("attendees"))),
        ], key in r.bad))
    out.append(_table("Events", ("type", "name", "date", "organiser", "attendees"), rows))
    empty = [name for name, family in (("figures", "figures"), ("dates", "dates"), ("organisations", "organizations"),
                                       ("people", "people"), ("events", "events")) if not items[family]]
    if empty:
        out.append(f'<p class="empty">No {", ".join(empty)}.</p>')
    return "".join(out)


def _article(n: int, r: Review) -> str:
    tree = r.tree
    doc = tree.get("document") if isinstance(tree.get("document"), dict) else {}
    src = tree.get("source") if isinstance(tree.get("source"), dict) else {}
    kinds = {s.kind for s in r.spans}
    figures = items_of(tree, "figures")
    flagged = {f"f{i}" for i, f in enumerate(figures) if f.get("flags")}
    warnings = [w for w in tree.get("warnings") or []] if isinstance(tree.get("warnings"), list) else []
    problems = ([r.missing] if r.missing else []) + r.problems
    tags = sorted(kinds, key=kind_order) + (["flag"] if flagged else []) + (["warn"] if problems or warnings else [])
    head = doc.get("title") or (r.text or "").strip().split("\n", 1)[0]
    if len(head) > 110:
        head = head[:108].rstrip() + "…"
    counts: Counter[str] = Counter(str(f.get("kind") or "figure") for f in figures)
    for family, kind in (("dates", "date"), ("organizations", "organization"), ("people", "person"),
                         ("events", "event")):
        counts[kind] = len(items_of(tree, family))
    chips = "".join(
        f'<span class="chip {kind_class(k)}">{c}<span class="vh"> {esc(KIND_LABEL.get(k, k))}</span></span>'
        for k, c in sorted(counts.items(), key=lambda kv: kind_order(kv[0])) if c
    )
    alert = len(problems) + len(warnings)
    out = [
        f'<details class="art" id="a{n}" data-kinds="{attr(" ".join(tags))}"><summary>'
        f'<span class="name">{esc(r.source_path or r.label)}</span> <span class="head">{esc(as_text(head))}</span> '
        f'<span class="chips">{chips}</span>'
        + (f' <span class="alert">⚠ {alert}<span class="vh"> warnings</span></span>' if alert else "")
        + '</summary><div class="body"><dl class="meta">'
    ]
    facts = [
        ("output", r.label if r.label != r.source_path else None),
        ("title", doc.get("title")),
        ("published", doc.get("published")),
        ("reference date", f"{as_text(doc.get('reference_date'))} ({as_text(doc.get('reference_source'))})"
         if doc.get("reference_date") else None),
        ("author", doc.get("author")),
        ("encoding", src.get("encoding")),
    ]
    out += [f"<dt>{k}</dt><dd>{esc(as_text(v))}</dd>" for k, v in facts if v]
    out.append("</dl>")
    if problems or warnings:
        out.append('<ul class="problems">')
        out += [f'<li class="review">{esc(p)}</li>' for p in problems]
        out += [f"<li>{esc(as_text(w))}</li>" for w in warnings]
        out.append("</ul>")
    if r.text is not None:
        marked = mark_text(r.text, r.spans, skip=r.bad, flagged=flagged, prefix=f"a{n}")
        out.append(f'<div class="text" lang="vi">{marked}</div>')
    else:
        out.append('<p class="missing">The article text is not available; the tables below are what was '
                   "extracted.</p>")
    out.append(f'<div class="tables" lang="vi">{_tables(r, f"a{n}")}</div></div></details>')
    return "".join(out)


# --------------------------------------------------------------------------------------
# CSS and script: written once per file


def _css() -> str:
    per_kind = []
    for k, (bg, fg) in COLOURS.items():
        c = kind_class(k)
        per_kind.append(f".{c}{{--bg:{bg};--fg:{fg}}}")
        per_kind.append(f".off-{k} mark.{c}{{background:none;border-color:transparent;text-decoration:none}}")
    return BASE_CSS + "\n".join(per_kind)


BASE_CSS = """
:root{color-scheme:light;--ink:#1b1b1b;--muted:#4f4f4f;--line:#d0d0d0}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",sans-serif;
color:var(--ink);background:#fff}
header,main{max-width:1200px;margin:0 auto;padding:0 16px}
h1{font-size:1.35rem;margin:.6rem 0 .2rem}
h2{font-size:1.1rem;margin:.4rem 0}
.sub{color:var(--muted);margin:0}
.cards{display:flex;flex-wrap:wrap;gap:6px;list-style:none;padding:0;margin:.3rem 0 .6rem}
.cards li{border:1px solid var(--line);border-radius:6px;padding:2px 10px;background:#fafafa}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:10px 22px}
figure{margin:0}
figcaption{font-weight:600;margin-bottom:2px}
.bars{width:100%;border-collapse:collapse;font-size:.85rem}
.bars th{font-weight:normal;text-align:left;max-width:11rem;width:40%;padding:0 6px 0 0}
.bars td{padding:1px 0}
.bars .bar{width:45%}
.bars svg{display:block;width:100%;height:.8rem}
.bars rect{fill:var(--fg,#555)}
.bars .n{text-align:right;white-space:nowrap;padding-left:6px;font-variant-numeric:tabular-nums}
.bars .rest th{color:var(--muted)}
button.q{all:unset;cursor:pointer;display:block;max-width:11rem;overflow:hidden;text-overflow:ellipsis;
white-space:nowrap;color:#0b4f9c;text-decoration:underline dotted}
.note,.empty{color:var(--muted);font-size:.85rem;margin:.3rem 0}
.controls{position:sticky;top:0;z-index:2;background:#fff;border-bottom:1px solid var(--line);
padding:6px 0;margin:.5rem 0}
.controls input[type=search]{width:22rem;max-width:60vw;font:inherit;padding:2px 6px}
.controls select,.controls button{font:inherit}
#shown{color:var(--muted);margin-left:.4rem}
.legend{border:0;padding:0;margin:4px 0 0;display:flex;flex-wrap:wrap;gap:2px 10px;font-size:.85rem}
.legend legend{float:left;margin-right:6px;color:var(--muted)}
.chip{display:inline-block;background:var(--bg,#eee);border:1px solid var(--fg,#777);border-radius:9px;
padding:0 6px;font-size:.8rem;line-height:1.35}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
details.art,mark[data-i]{scroll-margin-top:6rem}
details.art{border:1px solid var(--line);border-radius:6px;margin:6px 0;background:#fff}
details.art>summary{cursor:pointer;padding:5px 10px;display:flex;flex-wrap:wrap;gap:4px 10px;align-items:baseline}
details.art>summary{list-style:none}
details.art>summary::-webkit-details-marker{display:none}
details.art>summary::before{content:"\\25B8";color:var(--muted);width:1ch}
details.art[open]>summary::before{content:"\\25BE"}
details.art[open]>summary{border-bottom:1px solid var(--line);background:#f7f7f7}
details.art>summary:focus-visible{outline:3px solid #1a4fd6}
.name{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.8rem;color:var(--muted)}
.head{font-weight:600;flex:1 1 20rem}
.chips{display:inline-flex;gap:3px;flex-wrap:wrap}
.alert{color:#8a1c00;font-weight:600}
.body{padding:6px 14px 10px}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:0 12px;margin:0 0 6px;font-size:.85rem}
.meta dt{color:var(--muted)}
.meta dd{margin:0}
.problems{margin:4px 0;padding-left:1.2rem;color:#7a2e00;font-size:.9rem}
.problems .review{font-weight:600}
.missing{color:#8a1c00;font-weight:600}
.text{white-space:pre-wrap;overflow-wrap:anywhere;max-width:80ch;font-size:1rem;line-height:1.75;margin:6px 0 10px}
mark[data-i]{color:inherit;background:var(--bg,#eee);border:1px solid var(--fg,#777);border-radius:3px;padding:0 1px;
-webkit-box-decoration-break:clone;box-decoration-break:clone}
mark.k-event{background:var(--bg);border:0;border-bottom:2px dotted var(--fg);border-radius:0;padding:0}
mark.k-organization,mark.k-person{border-width:0 0 2px;border-radius:0}
mark.fl{border-style:dashed;border-width:1px 1px 2px}
mark[data-i]:focus{outline:3px solid #1a4fd6;outline-offset:1px}
mark[data-i]:hover{box-shadow:0 0 0 1px var(--fg,#777)}
#tip{position:absolute;z-index:5;max-width:28rem;background:#1e1e1e;color:#fff;padding:4px 8px;border-radius:4px;
font-size:.85rem;line-height:1.4;pointer-events:none;box-shadow:0 2px 6px rgba(0,0,0,.3)}
.t{border-collapse:collapse;margin:8px 0;font-size:.85rem;min-width:50%}
.t caption{text-align:left;font-weight:600;padding:2px 0}
.t th,.t td{border-bottom:1px solid #e4e4e4;padding:2px 8px 2px 0;text-align:left;vertical-align:top}
.t th{color:var(--muted);font-weight:600}
.t .kc::before{content:"";display:inline-block;width:.7em;height:.7em;margin-right:4px;border-radius:50%;
background:var(--bg);border:1px solid var(--fg)}
.t .n{font-variant-numeric:tabular-nums;white-space:nowrap}
.t tr.bad td{background:#fff0eb}

button.q:focus-visible{outline:2px solid #1a4fd6}\n.t a{color:#0b4f9c}
footer{max-width:1200px;margin:1rem auto;padding:0 16px;color:var(--muted);font-size:.8rem}
"""

SCRIPT = """
(function(){'use strict';
var arts=[].slice.call(document.querySelectorAll('details.art'));
var q=document.getElementById('q'),kind=document.getElementById('kind'),shown=document.getElementById('shown');
var tip=document.getElementById('tip'),hay=new Map(),timer=0,current=null;
function norm(s){return s.normalize('NFD').replace(/[\\u0300-\\u036f]/g,'').replace(/[\\u0111\\u0110]/g,'d')
.toLowerCase();}
function text(a){var h=hay.get(a);if(h===undefined){h=norm(a.textContent);hay.set(a,h);}return h;}
function apply(){var words=norm(q.value).split(/\\s+/).filter(Boolean),k=kind.value,n=0;
arts.forEach(function(a){var ok=(!k||(' '+a.dataset.kinds+' ').indexOf(' '+k+' ')>=0)&&
words.every(function(w){return text(a).indexOf(w)>=0;});a.hidden=!ok;if(ok)n++;});
shown.textContent=n+' of '+arts.length+' articles';}
q.addEventListener('input',function(){clearTimeout(timer);timer=setTimeout(apply,150);});
kind.addEventListener('change',apply);
document.getElementById('open').addEventListener('click',function(){arts.forEach(function(a){
if(!a.hidden)a.open=true;});});
document.getElementById('close').addEventListener('click',function(){arts.forEach(function(a){a.open=false;});});
[].forEach.call(document.querySelectorAll('.legend input'),function(box){box.addEventListener('change',
function(){document.body.classList.toggle('off-'+box.dataset.kind,!box.checked);});});
[].forEach.call(document.querySelectorAll('button.q'),function(b){b.addEventListener('click',function(){
if(b.dataset.kind!==undefined){kind.value=b.dataset.kind;q.value='';}else{q.value=b.dataset.q;kind.value='';}
apply();q.scrollIntoView({block:'nearest'});});});
function first(m){if(m.hasAttribute('tabindex'))return m;var t=m.closest('.text');
return t?t.querySelector('mark[tabindex][data-i="'+m.dataset.i+'"]')||m:m;}
function show(m){var f=first(m);if(f.title){f.dataset.t=f.title;f.removeAttribute('title');}
f.setAttribute('aria-describedby','tip');tip.textContent=f.dataset.t||'';tip.hidden=false;current=m;
var r=m.getBoundingClientRect(),w=tip.offsetWidth;
tip.style.left=Math.max(4,Math.min(r.left,document.documentElement.clientWidth-w-4))+window.scrollX+'px';
tip.style.top=r.bottom+window.scrollY+4+'px';}
function hide(){tip.hidden=true;current=null;}
document.addEventListener('mouseover',function(e){var m=e.target.closest&&e.target.closest('mark[data-i]');
if(m){if(m!==current)show(m);}else if(current&&current!==document.activeElement)hide();});
document.addEventListener('focusin',function(e){var m=e.target.closest&&e.target.closest('mark[data-i]');
if(m)show(m);else hide();});
document.addEventListener('keydown',function(e){if(e.key==='Escape')hide();});
document.addEventListener('click',function(e){var l=e.target.closest&&e.target.closest('.t a[href^="#"]');
if(!l)return;var m=document.getElementById(l.getAttribute('href').slice(1));if(!m)return;e.preventDefault();
m.focus();m.scrollIntoView({block:'center'});show(m);});
function openHash(){var a=location.hash&&document.getElementById(location.hash.slice(1));
if(a&&a.tagName==='DETAILS'){a.open=true;a.scrollIntoView();}}
window.addEventListener('hashchange',openHash);openHash();apply();
document.documentElement.dataset.ready='1';
})();
"""


def _sha(s: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode("ascii")


# --------------------------------------------------------------------------------------
# The page


def build_html(reviews: Sequence[Review], *, title: str = "vnreport review") -> str:
    """The whole report as one string (deterministic: the same input gives the same bytes)."""
    css = _css()
    csp = (f"default-src 'none'; style-src '{_sha(css)}'; script-src '{_sha(SCRIPT)}'; img-src data:; "
           "base-uri 'none'; form-action 'none'")
    missing = sum(1 for r in reviews if r.text is None)
    sub = f"{len(reviews)} article{'s' if len(reviews) != 1 else ''}" + (
        f", {missing} without text" if missing else "")
    parts = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{css}</style></head><body>"
        f'<header><h1>{esc(title)}</h1><p class="sub">{sub}. Hover over or tab to a highlight to see what was '
        "read from it.</p></header><main>",
        _overview(reviews),
        _controls(),
        '<section class="articles" aria-label="Articles">',
    ]
    parts += [_article(n, r) for n, r in enumerate(reviews)]
    parts.append(
        f'</section></main><div id="tip" role="tooltip" hidden></div><footer>vnreport {esc(__version__)}</footer>'
        f"<script>{SCRIPT}</script></body></html>\n"
    )
    return "".join(parts)


def write_report(
    paths: Sequence[Path],
    output: Path,
    *,
    root: Path | None = None,
    title: str = "vnreport review",
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """`vnreport report`: read outputs, write the HTML; the exit status.

    A missing article is a warning (the report is still complete: its section lists the
    tables). An unreadable or invalid output file is an error: reported, skipped, and
    the exit status is 1. Without any output, nothing is written.
    """
    out, err = out or sys.stdout, err or sys.stderr
    loaded, problems = load_outputs(paths)
    for p in problems:
        err.write(f"vnreport: {p}\n")
    if not loaded:
        err.write("vnreport: no outputs to report on; nothing written\n")
        return 1
    reviews = [review_loaded(item, root=root) for item in loaded]
    for r in reviews:
        if r.missing:
            err.write(f"vnreport: warning: {r.label}: {r.missing}; its tables are still listed\n")
    page = build_html(reviews, title=title)
    write_atomic(output, page)
    size = len(page.encode("utf-8"))
    missing = sum(1 for r in reviews if r.text is None)
    out.write(f"vnreport: wrote {output}: {len(reviews)} article(s)"
              + (f", {missing} without text" if missing else "") + f", {size / 1024:.0f} KB\n")
    return 1 if problems else 0
