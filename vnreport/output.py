"""The contract tree and its writers: YAML a person can read, JSON, JSON Lines.

Key order follows the contract so that a diff of two outputs reads like the contract;
every file is written to a temporary name and renamed, so an interrupted run never
leaves half a file behind.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
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

#: The characters the direct writer below handles: printable text without line breaks
#: (U+2028/9 included), controls, BOM, NEL or characters beyond the Basic Multilingual
#: Plane, whose escaping and folding rules it does not reproduce.
_PLAIN_TEXT = re.compile("[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*\\Z")
#: What keeps a string from being written plain in block context (PyYAML's `analyze_scalar`
#: restricted to the characters above): a leading indicator, `: ` or a final `:`, ` #`,
#: a leading or trailing space, a document marker.
_NOT_PLAIN = re.compile(r"^(?:---|\.\.\.)|^[#,\[\]{}&*!|>'\"%@`]|^[?\-](?: |$)|:(?: |$)| #|^ | $")
_KEY = re.compile(r"[a-z_][a-z0-9_]*\Z")
_SPACES = re.compile(r"( +)")
_WIDTH = 100  # yaml.dump(width=100): a line is broken at a space once it is longer than this
_RESOLVER = yaml.resolver.Resolver()
_RESOLVED: dict[str, str] = {}
_TAG = "tag:yaml.org,2002:"
_STR = _TAG + "str"
_GOOD_KEYS: set[str] = set()  # mapping keys already known to be written plain


class _Unsupported(Exception):
    """Something the direct writer leaves to PyYAML."""


#: First characters for which PyYAML's resolver has implicit types to try (`1`, `-`, `y`,
#: `~`…): any other first character reads back as a string, with no pattern to run.
_RESOLVED_FIRST = frozenset(k for k in _RESOLVER.yaml_implicit_resolvers if k)
_ANY_FIRST = bool(_RESOLVER.yaml_implicit_resolvers.get(None)) or bool(_RESOLVER.yaml_path_resolvers)


def _plain_tag(text: str) -> str:
    """The tag a plain scalar would be read back as (`123` → int, `yes` → bool, `~` → null)."""
    if text and text[0] not in _RESOLVED_FIRST and not _ANY_FIRST:
        return _STR
    tag = _RESOLVED.get(text)
    if tag is None:
        tag = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))
        if len(text) <= 64 and len(_RESOLVED) < 4096:  # keys and short values repeat in every article
            _RESOLVED[text] = tag
    return tag


def _float_text(value: float) -> str:
    """PyYAML's SafeRepresenter.represent_float."""
    if value != value:
        return ".nan"
    if value == float("inf"):
        return ".inf"
    if value == -float("inf"):
        return "-.inf"
    text = repr(value).lower()
    return text.replace("e", ".0e", 1) if "." not in text and "e" in text else text


def _fold(text: str, column: int, indent: int, quoted: bool) -> str:
    """PyYAML's `write_plain` / `write_single_quoted` for a text starting at `column`.

    A run of exactly one space where the line is already longer than the width becomes a
    line break indented to `indent` (in quotes, never the first or last character).
    """
    out: list[str] = []
    pieces = _SPACES.split(text)
    last = len(pieces) - 2
    for i, piece in enumerate(pieces):
        if i % 2:  # a run of spaces
            edge = quoted and ((i == 1 and not pieces[0]) or (i == last and not pieces[-1]))
            if piece == " " and column > _WIDTH and not edge:
                out.append("\n" + " " * indent)
                column = indent
                continue
        elif quoted:
            piece = piece.replace("'", "''")
        out.append(piece)
        column += len(piece)
    return "".join(out)


def _scalar(value: Any, column: int, indent: int) -> str:
    """` value` as written after `key:` or `-` ending at `column`; folded lines continue at `indent`."""
    t = type(value)
    if t is str:
        if not _PLAIN_TEXT.match(value):
            raise _Unsupported
        if value and not _NOT_PLAIN.search(value) and _plain_tag(value) == _STR:
            if column + 1 + len(value) <= _WIDTH:
                return " " + value
            return " " + _fold(value, column + 1, indent, quoted=False)
        quoted = value.replace("'", "''")
        if column + 2 + len(quoted) <= _WIDTH:
            return " '" + quoted + "'"
        return " '" + _fold(value, column + 2, indent, quoted=True) + "'"
    if value is None:
        return " null"
    if t is int:
        return " " + str(value)
    if t is bool:
        return " true" if value else " false"
    if t is float:
        text = _float_text(value)
        if _plain_tag(text) != _TAG + "float":
            raise _Unsupported
        return " " + text
    if t is list and not value:
        return " []"
    if t is dict and not value:
        return " {}"
    raise _Unsupported


#: Strings already written unfolded, as `_scalar` wrote them (` value` or ` 'value'`): the
#: same units, kinds, labels and names come back in every article, and a dictionary
#: lookup is cheaper than deciding their style again. Only short strings (long ones are
#: sentences, seen once) and a few thousand of them, filled within the first hundred
#: articles, so a batch's memory stays the same for 200 articles as for 2,000.
_STRINGS: dict[str, str] = {}
_STRINGS_MAX = 4_000
_STRING_LEN_MAX = 40


def _string(value: str, column: int, indent: int) -> str:
    """`_scalar` for a string, from `_STRINGS` when it fits on the line at `column`.

    Whether a string is written plain or quoted does not depend on where it stands; only
    folding does, and a written form fits unfolded exactly when `column + len(form)`
    is within the width (for a quoted one, one less than it may be).
    """
    text = _STRINGS.get(value)
    if text is None or column + len(text) > _WIDTH:
        text = _scalar(value, column, indent)
        if len(value) <= _STRING_LEN_MAX and len(_STRINGS) < _STRINGS_MAX and "\n" not in text:
            _STRINGS[value] = text
    return text


def _mapping(parts: list[str], data: dict[Any, Any], indent: int, inline: bool) -> None:
    """A block mapping; `inline`: its first key goes on the current line (after `- `)."""
    pad = "\n" + " " * indent
    for key, value in data.items():
        if key not in _GOOD_KEYS:
            if type(key) is not str or not _KEY.match(key) or _plain_tag(key) != _STR:
                raise _Unsupported
            _GOOD_KEYS.add(key)
        head = key + ":" if inline else pad + key + ":"
        inline = False
        t = type(value)
        if t is str:
            parts.append(head + _string(value, indent + len(key) + 1, indent + 2))
        elif value is None:
            parts.append(head + " null")
        elif t is int:
            parts.append(head + " " + str(value))
        elif t is dict and value:
            parts.append(head + pad + "  ")
            _mapping(parts, value, indent + 2, inline=True)
        elif t is list and value:
            parts.append(head)
            _sequence(parts, value, indent)
        else:
            parts.append(head + _scalar(value, indent + len(key) + 1, indent + 2))


def _sequence(parts: list[str], data: list[Any], indent: int) -> None:
    """A block sequence; under a mapping key it is not indented (`key:` then `- item`)."""
    dash = "\n" + " " * indent + "-"
    for item in data:
        t = type(item)
        if t is dict and item:
            parts.append(dash + " ")
            _mapping(parts, item, indent + 2, inline=True)
        elif t is list and item:
            raise _Unsupported
        elif t is str:
            parts.append(dash + _string(item, indent + 1, indent + 2))
        else:
            parts.append(dash + _scalar(item, indent + 1, indent + 2))


def to_yaml(tree: dict[str, Any]) -> str:
    """The article as YAML: contract key order, no aliases, `|` blocks for multi-line text.

    Written directly (see `_write_yaml`) when the tree has the contract's shapes and
    plain text, else by PyYAML; the text is the same either way.
    """
    try:
        return _write_yaml(tree)
    except _Unsupported:
        return yaml.dump(tree, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def _write_yaml(tree: dict[str, Any]) -> str:
    """PyYAML's block-style text (`yaml.dump(..., sort_keys=False, allow_unicode=True,
    width=100)`) for the shapes of the contract tree, written directly.

    PyYAML's representer, serializer and emitter handle any object and cost about 17 ms
    per article in pure Python (3 ms with libyaml, whose text differs around escapes);
    the contract tree is only mappings with identifier keys, lists and scalars, for which
    the rules are few: plain style unless the text would read back as another type, or
    starts with or holds an indicator, else single quotes; a line is broken at a single
    space once it is past the width; a block sequence under a key is not indented.
    Anything else raises `_Unsupported`. Tests compare the text with `yaml.dump`'s on
    random trees and strings.
    """
    if type(tree) is not dict or not tree:
        raise _Unsupported
    parts: list[str] = []
    _mapping(parts, tree, 0, inline=True)
    parts.append("\n")
    return "".join(parts)


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


def create_temp(path: Path, suffix: str = ".part") -> tuple[int, Path]:
    """Create a new hidden file beside `path` (`.NAME.RANDOM.part`) and return its descriptor.

    Unlike `tempfile.mkstemp`, whose files are private (0600), the file gets the mode an
    ordinary `open` would (0666 less the umask): outputs must be as readable as any file
    the user writes, e.g. by colleagues on a shared server.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    return _open_temp(path, suffix)


def _open_temp(path: Path, suffix: str) -> tuple[int, Path]:
    while True:
        # Only the start of the name: a legal 255-byte name plus a random part would be too long.
        tmp = path.with_name(f".{path.name[:40]}.{secrets.token_hex(4)}{suffix}")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666), tmp
        except FileExistsError:
            continue


#: Folders this process has already made sure of: a batch writes thousands of files into
#: a few folders, and asking again costs two system calls per file.
_FOLDERS: set[Path] = set()


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write a whole file or nothing: a temporary file in the same folder, then a rename.

    No fsync: the promise is about interrupted runs (Ctrl-C, a killed worker), which a
    rename covers; syncing every small file would cost more than the extraction. The
    bytes go out with `os.write` (a file object would add three system calls per file),
    and a folder already seen is not made again unless it has disappeared since.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    folder = path.parent
    if folder not in _FOLDERS:
        folder.mkdir(parents=True, exist_ok=True)
        _FOLDERS.add(folder)
    try:
        fd, tmp = _open_temp(path, ".part")
    except FileNotFoundError:  # removed since it was seen
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = _open_temp(path, ".part")
    try:
        try:
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
