"""Look at what was extracted: the review model and `vnreport show`, the terminal view.

A figure highlighted in its sentence is checked in a second; the same figure in a JSON
file takes a minute. This module turns a contract tree plus its article into highlight
spans (one per figure, date, event and name mention, each with a one-line description),
checks that every span still points at its evidence, and prints the article with the
spans coloured, followed by one table per family. `vnreport.report` builds the HTML
report from the same model.

`show FILE` accepts two kinds of FILE, told apart by the suffix:

* an extracted output (`.yaml`, `.yml`, `.json`, `.jsonl`): its article is read again
  from `source.path` (see `find_article`), with the same reader `extract` uses, so the
  offsets index the same decoded text; a JSON Lines file shows each article in turn;
* anything else is an article: it is extracted first, with the built-in rules.

Nothing here imports rich or the pipeline at module level: `vnreport report` and the
CLI's `--help` must not pay for them.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from .document import fold

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

__all__ = [
    "FIGURE_KINDS",
    "KINDS",
    "Loaded",
    "Review",
    "Span",
    "find_article",
    "format_number",
    "item_spans",
    "items_of",
    "load_outputs",
    "mentions_of",
    "parse_kinds",
    "review_loaded",
    "review_text",
    "show_file",
]

FIGURE_KINDS: tuple[str, ...] = ("money", "count", "percent", "ratio", "quantity", "duration")
#: Every highlight kind, in legend order: the figure kinds, then the other families.
KINDS: tuple[str, ...] = (*FIGURE_KINDS, "date", "organization", "person", "event")

#: Which family a kind belongs to, for kinds that are not figure kinds.
FAMILY_OF = {"date": "dates", "organization": "organizations", "person": "people", "event": "events"}

#: Spelling variants accepted by `--kinds`; `figures` stands for every figure kind.
_KIND_ALIASES: dict[str, tuple[str, ...]] = {
    "figure": FIGURE_KINDS,
    "figures": FIGURE_KINDS,
    "dates": ("date",),
    "organizations": ("organization",),
    "organisation": ("organization",),
    "organisations": ("organization",),
    "org": ("organization",),
    "orgs": ("organization",),
    "people": ("person",),
    "persons": ("person",),
    "events": ("event",),
}

#: Outer spans first when two start together: an event holds figures and names, a name
#: may hold a date. Lower layers are opened first, so they end up outside.
LAYER = {"event": 0, "organization": 1, "person": 1, "date": 2}

OUTPUT_SUFFIXES = (".yaml", ".yml", ".json", ".jsonl")

_QUALIFIER_WORD = {"over": "over ", "under": "under ", "about": "about ", "exact": ""}

# Characters that must not reach a terminal or an HTML file as they are: C0/C1 controls
# (an ESC starts a terminal escape sequence; HTML forbids most controls) and lone
# surrogates (not encodable as UTF-8). Each is replaced by ONE character, so offsets hold.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def safe_chars(s: str) -> str:
    """`s` with control characters and lone surrogates replaced one-for-one by U+FFFD.

    >>> safe_chars("a\\x1b[31mb") == "a\\ufffd[31mb"
    True
    """
    return _UNSAFE.sub("\ufffd", s)


def kind_order(kind: str) -> tuple[int, str]:
    """Legend order: the known kinds as in `KINDS`, unknown (newer) figure kinds after them."""
    return (KINDS.index(kind) if kind in KINDS else len(KINDS), kind)


def parse_kinds(spec: str | None) -> frozenset[str] | None:
    """`money,count,dates` → the kinds to show; None (everything) when no spec is given.

    >>> sorted(parse_kinds("money, dates,people"))
    ['date', 'money', 'person']
    >>> parse_kinds("colour")
    Traceback (most recent call last):
    ...
    ValueError: --kinds: unknown kind 'colour' (choose from money, count, percent, ratio, quantity, duration, \
date, organization, person, event, figures)
    """
    if spec is None:
        return None
    chosen: set[str] = set()
    for word in (w.strip().lower() for w in spec.split(",")):
        if not word:
            continue
        if word in KINDS:
            chosen.add(word)
        elif word in _KIND_ALIASES:
            chosen.update(_KIND_ALIASES[word])
        else:
            raise ValueError(f"--kinds: unknown kind {word!r} (choose from {', '.join(KINDS)}, figures)")
    if not chosen:
        raise ValueError("--kinds: name at least one kind")
    return frozenset(chosen)


# --------------------------------------------------------------------------------------
# Formatting values for people


def format_number(v: Any, sep: str = " ") -> str:
    """A number grouped by thousands with `sep`: neutral between the Vietnamese `3.171`
    and the English `3,171`, which read each other's separators the other way round.

    >>> format_number(628000000), format_number(191.161), format_number(0.03), format_number(None)
    ('628 000 000', '191.161', '0.03', '')
    """
    if v is None:
        return ""
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, Decimal):
        v = int(v) if v == v.to_integral_value() else float(v)
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e16:
        v = int(v)
    if isinstance(v, int):
        return f"{v:,}".replace(",", sep)
    if isinstance(v, float):
        s = format(v, ".15g")
        if "e" in s or "n" in s:  # 1e+20, nan, inf: leave as written
            return s
        whole, _, frac = s.partition(".")
        sign = "-" if whole.startswith("-") else ""
        grouped = f"{int(whole.lstrip('-') or 0):,}".replace(",", sep)
        return f"{sign}{grouped}.{frac}" if frac else f"{sign}{grouped}"
    return str(v)


def as_text(v: Any) -> str:
    """Any contract value as a short string: dates as ISO, lists joined, None empty."""
    if v is None:
        return ""
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, (list, tuple)):
        return ", ".join(as_text(x) for x in v)
    if isinstance(v, (int, float, Decimal)) and not isinstance(v, bool):
        return format_number(v)
    return str(v)


def figure_value(item: dict[str, Any], sep: str = " ") -> str:
    """`628 000 000`, `1 000–2 000` (a range), `53/53` (a ratio)."""
    text = format_number(item.get("value"), sep)
    if item.get("value_max") is not None:
        text += "–" + format_number(item.get("value_max"), sep)
    if item.get("total") is not None:
        text += "/" + format_number(item.get("total"), sep)
    return text


def figure_tip(item: dict[str, Any]) -> str:
    """`money: over 628 000 000 VND · label: đóng góp · flags: money-by-context`."""
    qualifier = _QUALIFIER_WORD.get(str(item.get("qualifier") or "exact"), f"{item.get('qualifier')} ")
    parts = [f"{item.get('kind') or 'figure'}: {qualifier}{figure_value(item)}"]
    if item.get("unit"):
        parts[0] += f" {item['unit']}"
    parts.append(f"label: {item['label']}" if item.get("label") else "no label")
    if item.get("flags"):
        parts.append("flags: " + as_text(item["flags"]))
    return " · ".join(parts)


def date_tip(item: dict[str, Any]) -> str:
    """`date: 2023-12-15 (day, afternoon, inferred)`."""
    notes = [as_text(item.get(k)) for k in ("grain", "part_of_day") if item.get(k)]
    if item.get("inferred"):
        notes.append("inferred")
    return f"date: {as_text(item.get('value'))}" + (f" ({', '.join(notes)})" if notes else "")


def organization_tip(item: dict[str, Any]) -> str:
    """`organisation: Hội LHPN quận = Hội Liên hiệp Phụ nữ quận (association)`."""
    text = f"organisation: {as_text(item.get('name'))}"
    if item.get("expanded") and item.get("expanded") != item.get("name"):
        text += f" = {item['expanded']}"
    return text + (f" ({item['type']})" if item.get("type") else "")


def person_tip(item: dict[str, Any]) -> str:
    """`person: bà Nguyễn Thị Huyền · Phó Chủ tịch Hội LHPN thành phố`."""
    name = " ".join(as_text(item.get(k)) for k in ("honorific", "name") if item.get(k))
    return f"person: {name}" + (f" · {item['title']}" if item.get("title") else "")


def event_tip(item: dict[str, Any]) -> str:
    """`event: hội nghị · 2023-12-15 · organiser: Hội LHPN quận · 2 attendees`."""
    parts = [f"event: {as_text(item.get('type')) or '?'}"]
    if item.get("date"):
        parts.append(as_text(item["date"]))
    if item.get("organizer"):
        parts.append(f"organiser: {item['organizer']}")
    if item.get("attendees"):
        n = len(item["attendees"])
        parts.append(f"{n} attendee{'s' if n != 1 else ''}")
    return " · ".join(parts)


# --------------------------------------------------------------------------------------
# Spans


@dataclass(frozen=True)
class Span:
    """One highlight: a stretch of the original text and what was extracted from it."""

    start: int
    end: int
    kind: str  # a figure kind, or date, organization, person, event
    key: str  # unique in its article: f3 (figure 3), d0, e1, o2.1 (organisation 2, mention 1), p0.0
    tip: str  # one line a reviewer reads on hover
    text: str | None = None  # the contract's `text` of the item; None for name mentions

    @property
    def layer(self) -> int:
        return LAYER.get(self.kind, 3)


def _offsets(obj: Any) -> tuple[int, int] | None:
    start, end = (obj.get("start"), obj.get("end")) if isinstance(obj, dict) else (None, None)
    if isinstance(start, int) and isinstance(end, int) and not isinstance(start, bool):
        return start, end
    return None


def items_of(tree: dict[str, Any], family: str) -> list[dict[str, Any]]:
    """The mappings in `tree[family]`: a hand-edited or truncated output must not crash a review."""
    items = tree.get(family)
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


def mentions_of(entity: dict[str, Any]) -> list[Any]:
    """An organisation's or person's mentions, as a list whatever the file holds."""
    mentions = entity.get("mentions")
    return mentions if isinstance(mentions, list) else []


def item_spans(tree: dict[str, Any], kinds: frozenset[str] | None = None) -> tuple[list[Span], list[str]]:
    """Every highlight of a tree (restricted to `kinds`), and the keys of items without offsets.

    Keys follow the position of the item in its family's list, so a table row and its
    highlight find each other without carrying ids in the data.
    """
    spans: list[Span] = []
    missing: list[str] = []

    def add(key: str, kind: str, obj: Any, tip: str, text: str | None) -> None:
        if kinds is not None and kind not in kinds:
            return
        off = _offsets(obj)
        if off is None:
            missing.append(key)
        else:
            spans.append(Span(off[0], off[1], kind, key, tip, text))

    for i, f in enumerate(items_of(tree, "figures")):
        add(f"f{i}", str(f.get("kind") or "figure"), f, figure_tip(f), f.get("text"))
    for i, d in enumerate(items_of(tree, "dates")):
        add(f"d{i}", "date", d, date_tip(d), d.get("text"))
    for i, e in enumerate(items_of(tree, "events")):
        add(f"e{i}", "event", e, event_tip(e), e.get("text"))
    for family, prefix, kind, tip_of in (
        ("organizations", "o", "organization", organization_tip),
        ("people", "p", "person", person_tip),
    ):
        for i, entity in enumerate(items_of(tree, family)):
            tip = tip_of(entity)
            for j, m in enumerate(mentions_of(entity)):
                add(f"{prefix}{i}.{j}", kind, m, tip, None)
    spans.sort(key=lambda s: (s.start, -s.end, s.layer))
    return spans, missing


# --------------------------------------------------------------------------------------
# Loading outputs and finding their articles


@dataclass(frozen=True)
class Loaded:
    """One contract tree and where it was read from."""

    tree: dict[str, Any]
    output: Path | None  # the output file; None for an article extracted on the spot
    label: str  # how messages name it: `out/a.yaml`, `out/articles.jsonl:12`


def _yaml_loader() -> Any:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ~10× faster on 2,000 files


def _check_tree(tree: Any, label: str) -> str | None:
    if not isinstance(tree, dict) or "vnreport" not in tree:
        return f"{label}: not a vnreport output (no `vnreport` key at the top)"
    if not isinstance(tree.get("source") or {}, dict):
        return f"{label}: `source` is not a mapping"
    return None


def _walk_outputs(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and name.lower().endswith(OUTPUT_SUFFIXES):
                yield Path(root) / name


def load_outputs(paths: Iterable[Path]) -> tuple[list[Loaded], list[str]]:
    """Read output files and folders of them (recursively); one-line problems, never a raise.

    Hidden files are skipped: `extract` writes `.name.part` while a file is incomplete.
    """
    import yaml

    loaded: list[Loaded] = []
    problems: list[str] = []
    for given in paths:
        given = Path(given)
        if given.is_dir():
            files = list(_walk_outputs(given))
            if not files:
                problems.append(f"{given}: no output files (.yaml, .yml, .json, .jsonl) in this folder")
        elif given.exists():
            files = [given]
        else:
            problems.append(f"{given}: no such file or folder")
            continue
        for path in files:
            try:
                raw = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as e:
                problems.append(f"{path}: cannot be read: {' '.join(str(e).split())}")
                continue
            suffix = path.suffix.lower()
            if suffix == ".jsonl":
                for n, line in enumerate(raw.splitlines(), 1):
                    if not line.strip():
                        continue
                    label = f"{path}:{n}"
                    try:
                        tree = json.loads(line)
                    except ValueError as e:
                        problems.append(f"{label}: not valid JSON: {e}")
                        continue
                    if (problem := _check_tree(tree, label)) is not None:
                        problems.append(problem)
                    else:
                        loaded.append(Loaded(tree, path, label))
                continue
            try:
                tree = json.loads(raw) if suffix == ".json" else yaml.load(raw, Loader=_yaml_loader())
            except (ValueError, yaml.YAMLError) as e:
                problems.append(f"{path}: not valid {suffix[1:].upper()}: {' '.join(str(e).split())}")
                continue
            if (problem := _check_tree(tree, str(path))) is not None:
                problems.append(problem)
            else:
                loaded.append(Loaded(tree, path, str(path)))
    return loaded, problems


def find_article(source_path: Any, output: Path | None, root: Path | None = None) -> tuple[Path | None, list[Path]]:
    """Where the article of an output is, and every place that was tried.

    `extract` records `source.path` as it was given on its command line, so a relative
    path is looked up first from the current folder (where `extract` was most likely
    run), then from the output file's folder (a folder shipped together with its
    articles, or a hand-written tree). With `root`, relative paths are looked up there
    only. An absolute path is taken as it is.
    """
    if not isinstance(source_path, str) or not source_path:
        return None, []
    p = Path(source_path)
    if p.is_absolute():
        candidates = [p]
    elif root is not None:
        candidates = [root / p]
    else:
        candidates = [p]
        if output is not None:
            candidates.append(output.parent / p)
    seen: list[Path] = []
    for c in candidates:
        if c not in seen:
            seen.append(c)
    for c in seen:
        if c.is_file():
            return c, seen
    return None, seen


@dataclass
class Review:
    """A contract tree made ready for a reviewer: its text, spans and anything suspicious."""

    tree: dict[str, Any]
    label: str
    text: str | None  # the decoded original text; None when the article was not found
    spans: list[Span]
    article: Path | None = None
    missing: str | None = None  # one line: why there is no text (not found, unreadable, no path)
    problems: list[str] = field(default_factory=list)  # offsets or evidence that do not fit
    bad: set[str] = field(default_factory=set)  # keys of spans not shown in the text

    @property
    def source_path(self) -> str:
        src = self.tree.get("source") or {}
        return str(src.get("path") or "") if isinstance(src, dict) else ""


def _check_spans(review: Review, unplaced: list[str]) -> None:
    """Flag spans outside the text and spans whose evidence is not what the text says."""
    text = review.text
    if unplaced:
        review.problems.append(f"{len(unplaced)} item(s) have no usable start/end: {', '.join(unplaced[:5])}")
    if text is None:
        return
    outside: list[str] = []
    differ: list[str] = []
    for s in review.spans:
        if not 0 <= s.start < s.end <= len(text):
            outside.append(s.key)
            review.bad.add(s.key)
        elif s.text is not None and fold(text[s.start : s.end]) != s.text:
            differ.append(f"{s.key} {fold(text[s.start : s.end])!r} ≠ {s.text!r}")
            review.bad.add(s.key)
    if outside:
        review.problems.append(
            f"{len(outside)} item(s) have offsets outside the article (0–{len(text)}): {', '.join(outside[:5])}"
        )
    if differ:
        review.problems.append(
            f"{len(differ)} item(s) do not match the article at their offsets: " + "; ".join(differ[:3])
        )


def review_text(
    tree: dict[str, Any], text: str | None, label: str, *, kinds: frozenset[str] | None = None
) -> Review:
    """A review of a tree whose article text is already known (or known to be missing)."""
    spans, unplaced = item_spans(tree, kinds)
    review = Review(tree, label, text, spans)
    _check_spans(review, unplaced)
    return review


def review_loaded(loaded: Loaded, *, root: Path | None = None, kinds: frozenset[str] | None = None) -> Review:
    """Read the article behind an output (same reader as `extract`) and review the pair."""
    from .reading import ReadError, read_path

    src = loaded.tree.get("source") or {}
    path, tried = find_article(src.get("path"), loaded.output, root)
    text: str | None = None
    missing: str | None = None
    changed = False
    if path is None:
        if tried:
            places = ", ".join(str(t) for t in tried)
            missing = f"article {src.get('path')} not found (looked for {places})"
        else:
            missing = "the output names no article (`source.path` is empty)"
    else:
        try:
            raw, decoded = read_path(path)
        except ReadError as e:
            missing = f"article {path} cannot be read: {e}"
        else:
            text = decoded.text
            expected = src.get("sha256")
            changed = bool(expected) and hashlib.sha256(raw).hexdigest() != expected
    review = review_text(loaded.tree, text, loaded.label, kinds=kinds)
    review.article, review.missing = path, missing
    if changed:
        review.problems.insert(0, f"article {path} changed since it was extracted (sha256 differs)")
    return review


# --------------------------------------------------------------------------------------
# The terminal view

#: rich styles by kind: black text on a background for the figures and dates, names
#: underlined, events (whole clauses) in italics. Only the 16 basic colours, which stay
#: distinct on every terminal (rich maps finer colours to the nearest of them there).
TERMINAL_STYLE = {
    "money": "black on yellow",
    "count": "black on bright_cyan",
    "percent": "black on bright_green",
    "ratio": "black on bright_red",
    "quantity": "black on bright_blue",
    "duration": "black on cyan",
    "date": "black on bright_magenta",
    "organization": "bold underline blue",
    "person": "bold underline green",
    "event": "italic magenta",
}
_OTHER_STYLE = "black on white"


def _styled_text(review: Review) -> Text:
    from rich.text import Text

    text = safe_chars((review.text or "").replace("\r", " ").replace("\t", " "))
    out = Text(text)
    for s in sorted(review.spans, key=lambda s: (s.layer, s.start)):  # inner layers last: they win
        if s.key not in review.bad:
            out.stylize(TERMINAL_STYLE.get(s.kind, _OTHER_STYLE), s.start, s.end)
    return out


def _cell(v: Any) -> Text:
    from rich.text import Text

    return Text(safe_chars(as_text(v)))


def _tables(review: Review, kinds: frozenset[str] | None) -> Iterator[Any]:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    def want(kind: str) -> bool:
        return kinds is None or kind in kinds

    def table(title: str, columns: Sequence[str]) -> Table:
        t = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        for c in columns:
            t.add_column(c, justify="right" if c in ("value", "at") else "left", overflow="fold")
        return t

    def at(item: dict[str, Any], key: str) -> Text:
        off = _offsets(item)
        mark = " !" if key in review.bad else ""
        return Text(f"{off[0]}–{off[1]}{mark}" if off else "?", style="red" if mark else "dim")

    figures = [(i, f) for i, f in enumerate(items_of(review.tree, "figures")) if want(str(f.get("kind") or "figure"))]
    if figures:
        t = table("Figures", ("kind", "text", "value", "unit", "qualifier", "label", "flags", "at"))
        for i, f in figures:
            kind = str(f.get("kind") or "figure")
            t.add_row(
                Text(kind, style=TERMINAL_STYLE.get(kind, _OTHER_STYLE)),
                _cell(f.get("text")), Text(figure_value(f)), _cell(f.get("unit")), _cell(f.get("qualifier")),
                _cell(f.get("label")), _cell(f.get("flags")), at(f, f"f{i}"),
            )
        yield t
    dates = list(enumerate(items_of(review.tree, "dates"))) if want("date") else []
    if dates:
        t = table("Dates", ("text", "value", "grain", "part of day", "inferred", "at"))
        for i, d in dates:
            t.add_row(
                _cell(d.get("text")), _cell(d.get("value")), _cell(d.get("grain")), _cell(d.get("part_of_day")),
                Text("yes" if d.get("inferred") else ""), at(d, f"d{i}"),
            )
        yield t
    for key, kind, title, fields in (
        ("organizations", "organization", "Organisations", ("name", "expanded", "type")),
        ("people", "person", "People", ("name", "honorific", "title")),
    ):
        entities = items_of(review.tree, key) if want(kind) else []
        if entities:
            t = table(title, (*fields, "mentions"))
            for e in entities:
                t.add_row(*(_cell(e.get(f)) for f in fields), Text(str(len(mentions_of(e)))))
            yield t
    events = list(enumerate(items_of(review.tree, "events"))) if want("event") else []
    if events:
        t = table("Events", ("type", "name", "date", "organiser", "attendees", "at"))
        for i, e in events:
            t.add_row(
                _cell(e.get("type")), _cell(e.get("name")), _cell(e.get("date")), _cell(e.get("organizer")),
                _cell(e.get("attendees")), at(e, f"e{i}"),
            )
        yield t


def print_review(console: Console, review: Review, kinds: frozenset[str] | None = None) -> None:
    """The header, a legend, the article with its highlights, then the tables."""
    from rich.rule import Rule
    from rich.text import Text

    doc = review.tree.get("document") if isinstance(review.tree.get("document"), dict) else {}
    console.print(Rule(Text(safe_chars(review.source_path or review.label), style="bold"), align="left"))
    facts = [
        ("title", doc.get("title")),
        ("published", doc.get("published")),
        ("reference date", f"{as_text(doc.get('reference_date'))} ({as_text(doc.get('reference_source'))})"
         if doc.get("reference_date") else None),
        ("author", doc.get("author")),
    ]
    for name, value in facts:
        if value:
            console.print(Text.assemble((f"{name}: ", "dim"), safe_chars(as_text(value))))
    present = sorted({s.kind for s in review.spans}, key=kind_order)
    if present:
        legend = Text()
        legend.append("highlights: ", style="dim")
        for k in present:
            legend.append(f" {k} ", style=TERMINAL_STYLE.get(k, _OTHER_STYLE))
            legend.append(" ")
        console.print(legend)
    for problem in review.problems:
        console.print(Text(f"! {safe_chars(problem)}", style="bold red"))
    warnings = review.tree.get("warnings") or []
    for w in warnings if isinstance(warnings, list) else []:
        console.print(Text(f"warning: {safe_chars(as_text(w))}", style="yellow"))
    console.print()
    if review.text is not None:
        console.print(_styled_text(review))
        console.print()
    for t in _tables(review, kinds):
        console.print(t)
        console.print()


def _extract_article(path: Path, reference_date: date | None) -> tuple[Loaded, str]:
    from . import extract_file
    from .reading import read_path

    tree = extract_file(path, reference_date=reference_date)
    _, decoded = read_path(path)
    return Loaded(tree, None, str(path)), decoded.text


def show_file(
    path: Path,
    *,
    kinds: frozenset[str] | None = None,
    reference_date: date | None = None,
    root: Path | None = None,
    console: Console | None = None,
    err: TextIO | None = None,
) -> int:
    """`vnreport show`: print one file's review; the exit status (1 when the article is missing).

    A missing or unreadable article is one line on stderr, and the tables are still
    printed: they are what the reviewer has left to check.
    """
    from rich.console import Console

    from .reading import ReadError

    err = err or sys.stderr
    console = console or Console(highlight=False, markup=False, emoji=False)
    status = 0
    if path.suffix.lower() in OUTPUT_SUFFIXES:
        loaded, problems = load_outputs([path])
        for p in problems:
            err.write(f"vnreport: {p}\n")
            status = 1
        reviews = (review_loaded(item, root=root, kinds=kinds) for item in loaded)
    else:
        try:
            item, text = _extract_article(path, reference_date)
        except ReadError as e:
            err.write(f"vnreport: {path}: {e}\n")
            return 1
        except Exception as e:  # a broken rule file or an extractor bug: one line, not a traceback
            err.write(f"vnreport: {path}: cannot extract: {type(e).__name__}: {' '.join(str(e).split())[:300]}\n")
            return 1
        reviews = iter([review_text(item.tree, text, item.label, kinds=kinds)])
    for review in reviews:
        if review.missing:
            err.write(f"vnreport: {review.label}: {review.missing}\n")
            err.flush()
            status = 1
        print_review(console, review, kinds)
    return status
