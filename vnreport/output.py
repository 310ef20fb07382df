"""The contract tree and its writers: YAML a person can read, JSON, JSON Lines.

Key order follows the contract so that a diff of two outputs reads like the contract;
every file is written to a temporary name and renamed, so an interrupted run never
leaves half a file behind.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

CONTRACT_VERSION = "1"
TOP_KEYS = ("vnreport", "source", "document", "figures", "dates", "organizations", "people", "events", "warnings")
FORMATS = ("yaml", "json", "jsonl")
SUFFIX = {"yaml": ".yaml", "json": ".json", "jsonl": ".jsonl"}

FIGURE_KEYS = ("kind", "value", "value_max", "total", "unit", "qualifier", "label", "flags", "text", "start", "end")
DATE_KEYS = ("value", "grain", "part_of_day", "inferred", "text", "start", "end")
ORG_KEYS = ("name", "expanded", "type", "mentions")
PERSON_KEYS = ("name", "honorific", "title", "mentions")
EVENT_KEYS = ("type", "name", "date", "organizer", "attendees", "text", "start", "end")


def plain_number(v: Any) -> Any:
    """Decimals become ints when whole and floats otherwise, so YAML/JSON hold numbers.

    >>> plain_number(Decimal("628000000")), plain_number(Decimal("191.161")), plain_number(None)
    (628000000, 191.161, None)
    """
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def ordered(item: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    """The contract's keys in the contract's order (missing ones as null), then any extras."""
    out = {k: item.get(k) for k in keys}
    for k in ("value", "value_max", "total"):
        if k in out:
            out[k] = plain_number(out[k])
    if "flags" in out and out["flags"] is None:
        out["flags"] = []
    if "attendees" in out and out["attendees"] is None:
        out["attendees"] = []
    if "mentions" in out and out["mentions"] is None:
        out["mentions"] = []
    return out


def document_tree(
    *,
    source: dict[str, Any],
    document: dict[str, Any],
    figures: Iterable[dict[str, Any]] = (),
    dates: Iterable[dict[str, Any]] = (),
    organizations: Iterable[dict[str, Any]] = (),
    people: Iterable[dict[str, Any]] = (),
    events: Iterable[dict[str, Any]] = (),
    warnings: Iterable[str] = (),
) -> dict[str, Any]:
    return {
        "vnreport": CONTRACT_VERSION,
        "source": {k: source.get(k) for k in ("path", "sha256", "encoding", "chars")},
        "document": {
            k: document.get(k) for k in ("title", "published", "reference_date", "reference_source", "author")
        },
        "figures": [ordered(f, FIGURE_KEYS) for f in figures],
        "dates": [ordered(d, DATE_KEYS) for d in dates],
        "organizations": [ordered(o, ORG_KEYS) for o in organizations],
        "people": [ordered(p, PERSON_KEYS) for p in people],
        "events": [ordered(e, EVENT_KEYS) for e in events],
        "warnings": list(warnings),
    }


class _Dumper(yaml.SafeDumper):
    """Safe YAML without aliases: every repeated value is written out in full."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _str_representer(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _str_representer)


def to_yaml(tree: dict[str, Any]) -> str:
    return yaml.dump(tree, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def to_json(tree: dict[str, Any], *, indent: int | None = 1) -> str:
    return json.dumps(tree, ensure_ascii=False, indent=indent)


def render(tree: dict[str, Any], fmt: str) -> str:
    """One article in a format; `jsonl` is one line, ending with a newline."""
    if fmt == "yaml":
        return to_yaml(tree)
    if fmt == "json":
        return to_json(tree) + "\n"
    if fmt == "jsonl":
        return to_json(tree, indent=None) + "\n"
    raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write a whole file or nothing: a temporary file in the same folder, then a rename.

    No fsync: the promise is about interrupted runs (Ctrl-C, a killed worker), which a
    rename covers; syncing every small file would cost more than the extraction.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
