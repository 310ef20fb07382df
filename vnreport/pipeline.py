"""One article from text to contract tree: normalise, lay out, extract, arbitrate, resolve.

Every stage is a function of what the stages before it produced; spans stay in working
text until the very end, where `Document.evidence` maps them to the original once.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path
from typing import Any

from . import dates as dates_family
from . import entities, events, figures, refdate
from .candidates import Context, arbitrate
from .document import Document
from .layout import analyse
from .normalize import normalize
from .output import document_tree
from .reading import read_path
from .ruleset import RuleSet, default_rules

#: Files larger than this are skipped: no press release is 5 MB of text.
DEFAULT_MAX_BYTES = 5_000_000


def _with_evidence(doc: Document, start: int, end: int, item: dict[str, Any]) -> dict[str, Any]:
    return {**item, **doc.evidence(start, end)}


def _entity(doc: Document, entity: entities.Entity) -> dict[str, Any]:
    mentions = [dict(zip(("start", "end"), doc.original_span(a, b), strict=True)) for a, b in entity.mentions]
    return {**entity.item, "mentions": mentions}


def as_date(value: date | str | None) -> date | None:
    """Accept a `date` or an ISO `YYYY-MM-DD` string (what the CLI and notebooks pass)."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def extract_text(
    text: str,
    *,
    reference_date: date | str | None = None,
    source: dict[str, Any] | None = None,
    rules: RuleSet | None = None,
    warnings: tuple[str, ...] | list[str] = (),
) -> dict[str, Any]:
    """Extract everything from one article's decoded text and return the contract's tree."""
    rules = rules or default_rules()
    doc = normalize(text)
    doc, layout = analyse(doc, rules)
    ctx = Context(doc=doc, rules=rules, layout=layout, reference_date=as_date(reference_date))
    ctx.warnings.extend(warnings)

    organizations = entities.find_organizations(ctx)
    people = entities.find_people(ctx, organizations)
    names = [span for e in organizations + people for span in e.mentions]
    kept = arbitrate(dates_family.find_dates(ctx) + figures.find_figures(ctx, names))
    date_cands = [c for c in kept if c.family == "dates"]
    figure_cands = [c for c in kept if c.family == "figures"]
    ref, ref_source = refdate.resolve(ctx.reference_date, layout.published, date_cands, text=doc.scan, rules=rules)
    date_cands = dates_family.complete(ctx, date_cands, ref)
    event_cands = events.find_events(ctx, date_cands, organizations, people)
    rules.keep_compiled()  # the patterns the families compiled on first use, for the next run

    source = source or {}
    src = {"path": None, "sha256": None, "encoding": "utf-8", "chars": len(text), **source}
    if "sha256" not in source:  # `extract_file` hashes the bytes as read instead
        src["sha256"] = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return document_tree(
        source=src,
        document={
            "title": layout.title,
            "published": layout.published,
            "reference_date": ref.isoformat() if ref else None,
            "reference_source": ref_source,
            "author": layout.author,
        },
        figures=[_with_evidence(doc, c.start, c.end, c.item) for c in figure_cands],
        dates=[_with_evidence(doc, c.start, c.end, c.item) for c in date_cands],
        organizations=[_entity(doc, e) for e in organizations],
        people=[_entity(doc, e) for e in people],
        events=[_with_evidence(doc, c.start, c.end, c.item) for c in event_cands],
        warnings=ctx.warnings,
    )


def extract_file(
    path: str | Path,
    *,
    reference_date: date | str | None = None,
    rules: RuleSet | None = None,
    display_path: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> dict[str, Any]:
    """Read, decode and extract one file; raises `ReadError` with a one-line reason."""
    raw, decoded = read_path(Path(path), max_bytes=max_bytes)
    source = {
        "path": display_path if display_path is not None else str(path),
        "sha256": hashlib.sha256(raw).hexdigest(),
        "encoding": decoded.encoding,
        "chars": len(decoded.text),
    }
    return extract_text(
        decoded.text, reference_date=reference_date, source=source, rules=rules, warnings=decoded.warnings
    )
