"""`vnreport dataset`: the extracted articles of a folder as tables for Excel and pandas.

A user's real question is about all the articles at once ("how much money did the
associations raise, by province, by year"), so this turns a folder of contract files
(YAML, JSON or JSON Lines, as `vnreport extract -o` writes them) into one row per figure,
date, organisation, person and event, plus one row per article.

Decisions worth knowing:

- Values stay numbers (ints and floats), never strings, so a spreadsheet can sum them.
  Dates stay ISO 8601 text (`2024-01-19`, `2024-Q1`, `2021/2026`): not all of them are
  days, and ISO text sorts correctly everywhere.
- `.csv` is UTF-8 with a byte-order mark, which is what makes Excel show Vietnamese
  correctly. One file per table: FILE holds the first table (figures by default), the
  others go beside it as `STEM.dates.csv`, `STEM.organizations.csv`, … (`.jsonl` alike).
  `.xlsx` is one workbook with one sheet per table.
- Lists (a figure's flags, an event's attendees) are joined with "; " in CSV and Excel
  and stay lists in JSON Lines.
- The output files carry no sentence boundaries, so "the figure's sentence" is
  approximated with offsets: a figure's `organization` (the expanded name when there is
  one) is the organisation mentioned closest before it within `NEARBY_BEFORE` characters
  (`organization_source: nearby`), else the article's most-mentioned organisation
  (`article`); a figure's `date` is the closest
  date or period ending at most `NEARBY_BEFORE` characters before it, else one starting
  at most `NEARBY_AFTER` characters after it (`đạt 41,5 tỷ đồng trong năm 2023`).
- Files are read one at a time and rows are written as they come, so memory holds one
  article (plus a path and hash per article, to count an article found twice once).
  Every file is written to a temporary name and renamed when complete.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, Protocol, TextIO

from .output import _NOT_PLAIN, _plain_tag
from .output import _STR as _STR_TAG

#: Characters before a figure searched for the organisation and the date that go with it.
NEARBY_BEFORE = 300
#: Characters after a figure searched for a date when there is none before it.
NEARBY_AFTER = 100

ARTICLE_COLUMNS = ("article", "title", "published")
COLUMNS: dict[str, tuple[str, ...]] = {
    "figures": (*ARTICLE_COLUMNS, "organization", "organization_source", "kind", "value", "value_max", "total",
                "unit", "qualifier", "label", "flags", "date", "text", "start", "end"),
    "dates": (*ARTICLE_COLUMNS, "value", "grain", "part_of_day", "inferred", "text", "start", "end"),
    "organizations": (*ARTICLE_COLUMNS, "name", "expanded", "type", "mentions", "start", "end"),
    "people": (*ARTICLE_COLUMNS, "name", "honorific", "role", "mentions", "start", "end"),
    "events": (*ARTICLE_COLUMNS, "type", "name", "date", "organizer", "attendees", "text", "start", "end"),
    "articles": (*ARTICLE_COLUMNS, "reference_date", "reference_source", "author", "sha256", "encoding", "chars",
                 "figures", "dates", "organizations", "people", "events", "warnings"),
}
TABLES = tuple(COLUMNS)
FORMATS = (".csv", ".jsonl", ".xlsx")
#: Output suffixes read from the folder.
INPUT_SUFFIXES = (".yaml", ".yml", ".json", ".jsonl")
#: Excel's limits: rows per sheet (header included) and characters per cell.
XLSX_MAX_ROWS = 1_048_576
XLSX_MAX_CHARS = 32_767

Row = dict[str, Any]


class DatasetError(Exception):
    """A problem with the request itself (unknown suffix or table): a usage error."""


@dataclass
class DatasetSummary:
    articles: int = 0
    files: int = 0
    failed: int = 0
    duplicates: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    written: list[Path] = field(default_factory=list)


# --- reading the extracted output ----------------------------------------------------------


def _iso(v: Any) -> Any:
    """Dates that YAML read as `date` objects back to the ISO text the contract writes."""
    return v.isoformat() if isinstance(v, (date, datetime)) else v


def _yaml_load_all(text: str) -> list[Any]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ~10× faster on big folders
    return [d for d in yaml.load_all(text, Loader=loader) if d is not None]


class _NotSimple(Exception):
    """YAML outside the subset `read_simple_yaml` reads: left to PyYAML."""


_KEY_LINE = re.compile(r"([a-z_][a-z0-9_]*):(?: (.*))?\Z")
_SINGLE_QUOTED = re.compile(r"'((?:[^']|'')*)'\Z")
_INT = re.compile(r"-?(?:0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"-?[0-9]+\.[0-9]*(?:e[-+][0-9]+)?\Z")
_CONSTANTS = {"true": True, "false": False, "null": None}
_OTHER_CHARACTERS = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]")


class _SimpleYaml:
    """A reader for the YAML `output.to_yaml` writes: block mappings with identifier keys,
    block sequences (not indented under a key), plain and single-quoted scalars folded at
    single spaces, `[]` and `{}`.

    PyYAML builds a 7 KB article in about 5 ms even with libyaml, which made `dataset` take
    ten times longer than the extraction's own YAML writing; this reads the same text in a
    fraction of that. Anything outside the subset (a comment, a block scalar, a tag, an
    escape, a number written another way, several documents) raises `_NotSimple` and the
    file is read by PyYAML, so the result is always what `yaml.safe_load` returns (tests
    compare the two).
    """

    def __init__(self, text: str):
        if _OTHER_CHARACTERS.search(text) or not text.endswith("\n"):
            raise _NotSimple  # other line breaks (NEL, U+2028…), tabs, controls, escapes
        self.lines: list[tuple[int, str]] = []
        for line in text[:-1].split("\n"):
            body = line.lstrip(" ")
            if not body or body.startswith(("#", "---", "...", "%")):
                raise _NotSimple
            self.lines.append((len(line) - len(body), body))
        self.pos = 0

    def document(self) -> dict[str, Any]:
        if not self.lines or self.lines[0][0] != 0:
            raise _NotSimple
        tree = self.mapping(0)
        if self.pos != len(self.lines):
            raise _NotSimple
        return tree

    def mapping(self, indent: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        lines = self.lines
        while self.pos < len(lines) and lines[self.pos][0] == indent and not lines[self.pos][1].startswith("- "):
            m = _KEY_LINE.match(lines[self.pos][1])
            if m is None or m.group(1) in out or _plain_tag(m.group(1)) != _STR_TAG:
                raise _NotSimple
            self.pos += 1
            rest = m.group(2)
            if rest is not None:
                out[m.group(1)] = self.scalar(rest, indent + 2)
            elif self.pos < len(lines) and lines[self.pos][1].startswith("- ") and lines[self.pos][0] == indent:
                out[m.group(1)] = self.sequence(indent)
            elif self.pos < len(lines) and lines[self.pos][0] == indent + 2:
                out[m.group(1)] = self.mapping(indent + 2)
            else:
                raise _NotSimple  # `key:` alone is null in YAML; the writer never writes it
        if self.pos < len(lines) and lines[self.pos][0] > indent:
            raise _NotSimple
        return out

    def sequence(self, indent: int) -> list[Any]:
        out: list[Any] = []
        lines = self.lines
        while self.pos < len(lines) and lines[self.pos][0] == indent and lines[self.pos][1].startswith("- "):
            rest = lines[self.pos][1][2:]
            if _KEY_LINE.match(rest):
                self.lines[self.pos] = (indent + 2, rest)  # `- key: v`: a mapping whose first key is inline
                out.append(self.mapping(indent + 2))
            else:
                self.pos += 1
                out.append(self.scalar(rest, indent + 2))
        return out

    def scalar(self, first: str, indent: int) -> Any:
        """A scalar starting with `first`; lines indented to `indent` continue it (folded)."""
        parts = [first]
        lines = self.lines
        while self.pos < len(lines) and lines[self.pos][0] >= indent:
            if lines[self.pos][0] != indent:
                raise _NotSimple
            parts.append(lines[self.pos][1])
            self.pos += 1
        if len(parts) > 1 and any(part.endswith(" ") for part in parts[:-1]):
            raise _NotSimple  # YAML drops spaces before a fold; the writer never leaves any
        text = " ".join(parts)
        if text.startswith("'"):
            m = _SINGLE_QUOTED.match(text)
            if m is None:
                raise _NotSimple
            return m.group(1).replace("''", "'")
        if len(parts) == 1 and text in ("[]", "{}"):
            return [] if text == "[]" else {}
        if _NOT_PLAIN.search(text):
            raise _NotSimple  # not something the writer leaves plain: an indicator, `: `, ` #`…
        tag = _plain_tag(text)
        if tag == _STR_TAG:
            return text
        if tag.endswith(":int") and _INT.match(text):
            return int(text)
        if tag.endswith(":float") and _FLOAT.match(text):
            return float(text)
        if text in _CONSTANTS and tag.endswith((":bool", ":null")):
            return _CONSTANTS[text]
        raise _NotSimple


def read_simple_yaml(text: str) -> dict[str, Any]:
    """Read one article written by `output.to_yaml`, fast; raises `_NotSimple` otherwise."""
    return _SimpleYaml(text).document()


def read_trees(path: Path) -> Iterator[dict[str, Any]]:
    """The contract trees in one output file (several in a JSON Lines or multi-document YAML file)."""
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix == ".jsonl":
        docs: list[Any] = [json.loads(line) for line in text.splitlines() if line.strip()]
    elif path.suffix == ".json":
        docs = [json.loads(text)]
    else:
        try:
            docs = [read_simple_yaml(text)]
        except _NotSimple:
            docs = _yaml_load_all(text)
    for doc in docs:
        if not isinstance(doc, dict) or "vnreport" not in doc or not isinstance(doc.get("source"), dict):
            raise ValueError("not vnreport output (no `vnreport` and `source` keys)")
        yield doc


def output_files(folder: Path) -> Iterator[Path]:
    """Output files under `folder`, sorted, hidden files and folders (vnreport's own state) left out."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in INPUT_SUFFIXES:
                yield Path(root) / name


# --- rows ----------------------------------------------------------------------------------


def _nearest_before(spans: Sequence[tuple[int, int, Any]], start: int, window: int) -> Any:
    best = None
    for s, e, value in spans:
        if e <= start and start - e <= window and (best is None or s > best[0]):
            best = (s, value)
    return best[1] if best else None


def _nearest_after(spans: Sequence[tuple[int, int, Any]], end: int, window: int) -> Any:
    best = None
    for s, _e, value in spans:
        if s >= end and s - end <= window and (best is None or s < best[0]):
            best = (s, value)
    return best[1] if best else None


def _org_name(org: dict[str, Any]) -> Any:
    return org.get("expanded") or org.get("name")


def rows_of(tree: dict[str, Any]) -> dict[str, list[Row]]:
    """Every table's rows for one article, in the order the article gives its items."""
    source = tree.get("source") or {}
    doc = tree.get("document") or {}
    base: Row = {"article": source.get("path"), "title": doc.get("title"), "published": _iso(doc.get("published"))}
    figures = tree.get("figures") or []
    dates = tree.get("dates") or []
    orgs = tree.get("organizations") or []
    people = tree.get("people") or []
    events = tree.get("events") or []

    org_spans = [(m["start"], m["end"], _org_name(o)) for o in orgs for m in (o.get("mentions") or [])
                 if isinstance(m, dict) and "start" in m and "end" in m]
    main_org = None
    if orgs:
        first = {id(o): min((m.get("start", 0) for m in o.get("mentions") or [{}]), default=0) for o in orgs}
        main_org = _org_name(max(orgs, key=lambda o: (len(o.get("mentions") or []), -first[id(o)])))
    date_spans = [(d["start"], d["end"], _iso(d.get("value"))) for d in dates if "start" in d and "end" in d]

    out: dict[str, list[Row]] = {t: [] for t in TABLES}
    for f in figures:
        start, end = f.get("start", 0), f.get("end", 0)
        org = _nearest_before(org_spans, start, NEARBY_BEFORE)
        org_source = "nearby" if org is not None else ("article" if main_org is not None else None)
        when = _nearest_before(date_spans, start, NEARBY_BEFORE)
        if when is None:
            when = _nearest_after(date_spans, end, NEARBY_AFTER)
        out["figures"].append({
            **base, "organization": org if org is not None else main_org, "organization_source": org_source,
            "kind": f.get("kind"), "value": f.get("value"), "value_max": f.get("value_max"), "total": f.get("total"),
            "unit": f.get("unit"), "qualifier": f.get("qualifier"), "label": f.get("label"),
            "flags": list(f.get("flags") or []), "date": when, "text": f.get("text"), "start": start, "end": end,
        })
    for d in dates:
        out["dates"].append({**base, **{k: _iso(d.get(k)) for k in COLUMNS["dates"][3:]}})
    for kind, items in (("organizations", orgs), ("people", people)):
        for item in items:
            mentions = [m for m in item.get("mentions") or [] if isinstance(m, dict)]
            row: Row = {**base, "name": item.get("name")}
            if kind == "organizations":
                row.update(expanded=item.get("expanded"), type=item.get("type"))
            else:  # a person's `title` is a role; `title` in every table is the article's
                row.update(honorific=item.get("honorific"), role=item.get("title"))
            row.update(mentions=len(mentions), start=mentions[0].get("start") if mentions else None,
                       end=mentions[0].get("end") if mentions else None)
            out[kind].append(row)
    for e in events:
        out["events"].append({
            **base, "type": e.get("type"), "name": e.get("name"), "date": _iso(e.get("date")),
            "organizer": e.get("organizer"), "attendees": list(e.get("attendees") or []),
            "text": e.get("text"), "start": e.get("start"), "end": e.get("end"),
        })
    out["articles"].append({
        **base, "reference_date": _iso(doc.get("reference_date")), "reference_source": doc.get("reference_source"),
        "author": doc.get("author"), "sha256": source.get("sha256"), "encoding": source.get("encoding"),
        "chars": source.get("chars"), "figures": len(figures), "dates": len(dates), "organizations": len(orgs),
        "people": len(people), "events": len(events), "warnings": list(tree.get("warnings") or []),
    })
    return out


# --- writers -------------------------------------------------------------------------------


class TableWriter(Protocol):
    def write(self, table: str, row: Row) -> None: ...
    def commit(self) -> list[Path]: ...
    def abort(self) -> None: ...


def _flat(value: Any) -> Any:
    """A cell for CSV and Excel: lists joined, numbers and text as they are, None empty."""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"  # as in JSON; pandas and Excel read both
    return value


def table_paths(target: Path, tables: Sequence[str]) -> dict[str, Path]:
    """FILE for the first table, `STEM.TABLE.SUFFIX` beside it for the others."""
    return {t: target if i == 0 else target.with_name(f"{target.stem}.{t}{target.suffix}")
            for i, t in enumerate(tables)}


class _TempFiles:
    """Files written under temporary names and renamed together at the end."""

    def __init__(self) -> None:
        self.pending: list[tuple[Path, Path]] = []  # (temporary, final)

    def open(self, final: Path, encoding: str) -> TextIO:
        from .output import create_temp

        fd, tmp = create_temp(final)
        self.pending.append((tmp, final))
        return os.fdopen(fd, "w", encoding=encoding, newline="")

    def commit(self) -> list[Path]:
        for tmp, final in self.pending:
            os.replace(tmp, final)
        return [final for _, final in self.pending]

    def abort(self) -> None:
        for tmp, _ in self.pending:
            tmp.unlink(missing_ok=True)


class CsvWriter:
    """One CSV per table, UTF-8 with BOM (Excel's cue for UTF-8), numbers unquoted."""

    def __init__(self, target: Path, tables: Sequence[str]):
        self.files = _TempFiles()
        self.handles: dict[str, IO[str]] = {}
        self.writers: dict[str, Any] = {}
        for table, path in table_paths(target, tables).items():
            f = self.files.open(path, "utf-8-sig")
            self.handles[table] = f
            self.writers[table] = csv.writer(f, lineterminator="\r\n")
            self.writers[table].writerow(COLUMNS[table])

    def write(self, table: str, row: Row) -> None:
        self.writers[table].writerow([_flat(row.get(c)) for c in COLUMNS[table]])

    def _close(self) -> None:
        for f in self.handles.values():
            f.close()

    def commit(self) -> list[Path]:
        self._close()
        return self.files.commit()

    def abort(self) -> None:
        self._close()
        self.files.abort()


class JsonlWriter:
    """One JSON Lines file per table; lists stay lists."""

    def __init__(self, target: Path, tables: Sequence[str]):
        self.files = _TempFiles()
        self.handles = {t: self.files.open(p, "utf-8") for t, p in table_paths(target, tables).items()}

    def write(self, table: str, row: Row) -> None:
        self.handles[table].write(json.dumps({c: row.get(c) for c in COLUMNS[table]}, ensure_ascii=False) + "\n")

    def commit(self) -> list[Path]:
        for f in self.handles.values():
            f.close()
        return self.files.commit()

    def abort(self) -> None:
        for f in self.handles.values():
            f.close()
        self.files.abort()


class XlsxWriter:
    """One workbook, one sheet per table, streamed row by row (XlsxWriter's constant memory mode).

    Strings are always written as strings (never read as formulas, numbers or links); a
    table longer than an Excel sheet continues on `TABLE (2)`, `TABLE (3)`, ….
    """

    def __init__(self, target: Path, tables: Sequence[str]):
        try:
            import xlsxwriter
        except ImportError:  # pragma: no cover - a declared dependency, but say so plainly
            raise DatasetError("writing .xlsx needs the XlsxWriter package: pip install xlsxwriter") from None
        from .output import create_temp

        self.target = target
        fd, self.tmp = create_temp(target, ".part.xlsx")
        os.close(fd)
        self.book = xlsxwriter.Workbook(str(self.tmp), {
            "constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
            "strings_to_urls": False, "nan_inf_to_errors": True,
        })
        self.bold = self.book.add_format({"bold": True})
        self.sheets: dict[str, Any] = {}
        self.rows: dict[str, int] = {}
        self.parts: dict[str, int] = {}
        for table in tables:
            self._new_sheet(table)

    def _new_sheet(self, table: str) -> None:
        self.parts[table] = self.parts.get(table, 0) + 1
        name = table if self.parts[table] == 1 else f"{table} ({self.parts[table]})"
        sheet = self.book.add_worksheet(name)
        sheet.write_row(0, 0, COLUMNS[table], self.bold)
        sheet.freeze_panes(1, 0)
        self.sheets[table] = sheet
        self.rows[table] = 1

    def write(self, table: str, row: Row) -> None:
        if self.rows[table] >= XLSX_MAX_ROWS:
            self._new_sheet(table)
        sheet, r = self.sheets[table], self.rows[table]
        for c, column in enumerate(COLUMNS[table]):
            value = row.get(column)
            if value is None:
                continue
            if isinstance(value, bool):
                sheet.write_boolean(r, c, value)
            elif isinstance(value, (int, float)):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, str(_flat(value))[:XLSX_MAX_CHARS])
        self.rows[table] = r + 1

    def commit(self) -> list[Path]:
        self.book.close()
        os.replace(self.tmp, self.target)
        return [self.target]

    def abort(self) -> None:
        with contextlib.suppress(Exception):
            self.book.close()
        self.tmp.unlink(missing_ok=True)


WRITERS: dict[str, type] = {".csv": CsvWriter, ".jsonl": JsonlWriter, ".xlsx": XlsxWriter}


def parse_tables(spec: str | None) -> list[str]:
    """`figures,dates` → ["figures", "dates"]; None or empty → every table."""
    if not spec:
        return list(TABLES)
    chosen = [t.strip() for t in spec.split(",") if t.strip()]
    unknown = [t for t in chosen if t not in COLUMNS]
    if unknown:
        raise DatasetError(f"unknown table(s) {', '.join(unknown)} (choose from {', '.join(TABLES)})")
    return list(dict.fromkeys(chosen))


def build_dataset(
    folder: Path, target: Path, tables: Sequence[str] = TABLES, *, stderr: TextIO | None = None
) -> DatasetSummary:
    """Read every output file under `folder` and write the tables to `target` (format by suffix).

    A file that cannot be read or is not vnreport output is reported on one line and
    counted in `failed`; the tables are still written from the rest. An article found
    twice (the same path and bytes, say as YAML and as JSON) is counted once.
    """
    stderr = stderr or sys.stderr
    suffix = target.suffix.lower()
    if suffix not in WRITERS:
        raise DatasetError(f"-o {target}: the suffix decides the format: {', '.join(FORMATS)}")
    target = target.resolve()
    ours = set(table_paths(target, tables).values())
    summary = DatasetSummary(rows={t: 0 for t in tables})
    seen: set[tuple[Any, Any]] = set()
    writer: TableWriter = WRITERS[suffix](target, tables)
    try:
        for path in output_files(folder):
            if path.suffix == suffix and path.resolve() in ours:
                continue  # a dataset written into the folder it is built from
            summary.files += 1
            try:
                trees = list(read_trees(path))
            except (OSError, UnicodeDecodeError, ValueError) as e:
                summary.failed += 1
                reason = str(e).splitlines()[0] if str(e) else type(e).__name__
                stderr.write(f"vnreport: {path}: {reason}\n")
                continue
            except Exception as e:  # YAML errors and the like: one line, never a traceback
                summary.failed += 1
                stderr.write(f"vnreport: {path}: cannot read: {str(e).splitlines()[0] if str(e) else e!r}\n")
                continue
            for tree in trees:
                key = (tree["source"].get("path"), tree["source"].get("sha256"))
                if key in seen:
                    summary.duplicates += 1
                    continue
                seen.add(key)
                summary.articles += 1
                rows = rows_of(tree)
                for table in tables:
                    for row in rows[table]:
                        writer.write(table, row)
                    summary.rows[table] += len(rows[table])
        summary.written = writer.commit()
    except BaseException:
        writer.abort()
        raise
    return summary
