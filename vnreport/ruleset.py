"""Load, validate and compile rule files.

Rules are data so that a user can add one without touching Python: each file in a rules
folder may define named `pieces` (regex fragments), word `lists`, lookup `tables` and
`rules`. Pieces, lists and tables share one namespace across all files, so `{number}` is
defined once and used everywhere; a user folder given with `--rules` is loaded after the
built-in one and replaces anything of the same name.

Problems are collected, not raised one at a time, and always read
`FILE:LINE: rule NAME: what is wrong`, like a compiler error.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import regex
import yaml

#: Seconds any one pattern may spend on one text before it is abandoned with a warning.
MATCH_TIMEOUT = 0.5

FILE_KEYS = {"description", "family", "pieces", "lists", "tables", "rules"}
#: Keys every rule may have, whatever its family; families add their own (kind, unit, …).
RULE_KEYS = {
    "name", "family", "description", "pattern", "verbose", "priority", "anchor", "examples",
    "before", "after", "before_required", "after_required",
    "context_before", "context_after", "not_before", "not_after",
}
#: Patterns around the main one, matched right before or right after it (see `matching`).
CONTEXT_KEYS = ("before", "after", "context_before", "context_after", "not_before", "not_after")
ANCHORS = ("scan", "number")
EXAMPLE_KEYS = {"text", "expect", "reference_date", "description"}
_REF = regex.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


class RuleError(Exception):
    """Rule files that cannot be used; `problems` lists each as `FILE:LINE: …`."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Example:
    text: str
    expect: dict[str, Any] | None  # None: the text must not produce anything of the family
    line: int
    reference_date: str | None = None


@dataclass
class Rule:
    name: str
    family: str
    pattern: str  # with every piece expanded
    compiled: regex.Pattern[str] | None
    data: dict[str, Any]  # every other key of the rule (kind, unit, priority, …)
    context: dict[str, regex.Pattern[str]]  # compiled before/after/context_*/not_* patterns
    examples: list[Example]
    file: str
    line: int

    @property
    def priority(self) -> int:
        return int(self.data.get("priority", 50))

    @property
    def anchor(self) -> str:
        return str(self.data.get("anchor", "scan"))

    def finditer(self, text: str, warn: Any = None) -> Iterator[regex.Match[str]]:
        """Matches in `text`, abandoned after `MATCH_TIMEOUT` with a warning instead of a hang."""
        if self.compiled is None:
            return
        try:
            yield from self.compiled.finditer(text, timeout=MATCH_TIMEOUT)
        except TimeoutError:
            if warn is not None:
                warn(self.timeout_message())

    def timeout_message(self) -> str:
        return f"rule {self.name} ({self.file}:{self.line}) timed out and was skipped"


@dataclass(eq=False)  # identity-hashed, so per-rule-set caches can key on it
class RuleSet:
    rules: list[Rule]
    pieces: dict[str, str]
    lists: dict[str, list[str]]
    tables: dict[str, dict[str, Any]]
    files: list[str]
    fingerprint: str
    _by_family: dict[str, list[Rule]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for r in self.rules:
            self._by_family.setdefault(r.family, []).append(r)

    def family(self, name: str) -> list[Rule]:
        return self._by_family.get(name, [])

    def words(self, name: str) -> list[str]:
        return self.lists.get(name, [])

    def table(self, name: str) -> dict[str, Any]:
        return self.tables.get(name, {})

    def expand(self, pattern: str) -> str:
        """Expand `{piece}` references in a pattern written outside a rule file."""
        problems: list[str] = []
        out = _expand(pattern, self.pieces, self.lists, problems, ())
        if problems:
            raise RuleError(problems)
        return out


def builtin_rules_dir() -> Path:
    """The rules shipped with vnreport: installed beside the package, or the checkout's `rules/`."""
    installed = Path(__file__).parent / "builtin_rules"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent / "rules"


def _alternation(words: list[str]) -> str:
    ordered = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    return "(?:" + "|".join(regex.escape(w) for w in ordered) + ")"


def _expand(
    pattern: str,
    pieces: dict[str, str],
    lists: dict[str, list[str]],
    problems: list[str],
    stack: tuple[str, ...],
) -> str:
    def sub(m: regex.Match[str]) -> str:
        name = m.group(1)
        if name in stack:
            problems.append(f"piece {name} refers to itself through {' -> '.join(stack)}")
            return "(?:)"
        if name in pieces:
            return "(?:" + _expand(pieces[name], pieces, lists, problems, (*stack, name)) + ")"
        if name in lists:
            return _alternation(lists[name])
        problems.append(f"undefined piece {{{name}}}")
        return "(?:)"

    return _REF.sub(sub, pattern)


@dataclass
class _Raw:
    file: str
    line: int
    data: dict[str, Any]
    family: str | None


def _rule_lines(node: yaml.Node) -> list[int]:
    """1-based line of each item of the top-level `rules` sequence, from the YAML node tree."""
    if not isinstance(node, yaml.MappingNode):
        return []
    for key, value in node.value:
        if getattr(key, "value", None) == "rules" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def _example_lines(rule_node: yaml.Node) -> list[int]:
    if not isinstance(rule_node, yaml.MappingNode):
        return []
    for key, value in rule_node.value:
        if getattr(key, "value", None) == "examples" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def _read_file(path: Path, label: str, problems: list[str]) -> tuple[dict[str, Any], list[int], list[list[int]]]:
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError) as e:
        problems.append(f"{label}:1: cannot read: {e}")
        return {}, [], []
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problems.append(f"{label}:{line}: not valid YAML: {getattr(e, 'problem', None) or e}")
        return {}, [], []
    if data is None:
        return {}, [], []
    if not isinstance(data, dict):
        problems.append(f"{label}:1: a rule file must be a mapping with keys {sorted(FILE_KEYS)}")
        return {}, [], []
    rule_lines = _rule_lines(node) if node is not None else []
    example_lines: list[list[int]] = []
    if node is not None and isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if getattr(key, "value", None) == "rules" and isinstance(value, yaml.SequenceNode):
                example_lines = [_example_lines(item) for item in value.value]
    return data, rule_lines, example_lines


def _rule_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.y*ml") if p.is_file() and p.suffix in (".yaml", ".yml"))


def _label(path: Path, folder: Path, builtin: bool) -> str:
    rel = path.relative_to(folder).as_posix()
    return f"rules/{rel}" if builtin else str(folder / rel)


def load_rules(extra_dirs: Sequence[Path] = (), *, builtin: bool = True) -> RuleSet:
    """Load the built-in rules and then each of `extra_dirs`, later names replacing earlier ones.

    Raises RuleError listing every problem found, so a user fixes them all in one go.
    """
    problems: list[str] = []
    pieces: dict[str, str] = {}
    lists: dict[str, list[str]] = {}
    tables: dict[str, dict[str, Any]] = {}
    raws: dict[str, _Raw] = {}
    example_lines: dict[str, list[int]] = {}
    files: list[str] = []
    digest = hashlib.sha256()

    folders = ([(builtin_rules_dir(), True)] if builtin else []) + [(Path(d), False) for d in extra_dirs]
    for folder, is_builtin in folders:
        if not folder.is_dir():
            problems.append(f"{folder}:1: rules folder not found")
            continue
        seen_here: dict[str, str] = {}
        for path in _rule_files(folder):
            label = _label(path, folder, is_builtin)
            files.append(label)
            digest.update(label.encode() + b"\0" + path.read_bytes() + b"\0")
            data, lines, ex_lines = _read_file(path, label, problems)
            for key in data:
                if key not in FILE_KEYS:
                    problems.append(f"{label}:1: unknown key {key!r} (allowed: {', '.join(sorted(FILE_KEYS))})")
            for section, target in (("pieces", pieces), ("lists", lists), ("tables", tables)):
                value = data.get(section) or {}
                if not isinstance(value, dict):
                    problems.append(f"{label}:1: {section} must be a mapping of names")
                    continue
                for name, item in value.items():
                    if section == "pieces" and not isinstance(item, str):
                        problems.append(f"{label}:1: piece {name}: must be a string")
                        continue
                    if section == "lists" and not (isinstance(item, list) and all(isinstance(w, str) for w in item)):
                        problems.append(f"{label}:1: list {name}: must be a list of strings")
                        continue
                    if section == "tables" and not isinstance(item, dict):
                        problems.append(f"{label}:1: table {name}: must be a mapping")
                        continue
                    target[name] = item  # type: ignore[index]
            file_family = data.get("family")
            rules = data.get("rules") or []
            if not isinstance(rules, list):
                problems.append(f"{label}:1: rules must be a list")
                continue
            for i, item in enumerate(rules):
                line = lines[i] if i < len(lines) else 1
                if not isinstance(item, dict):
                    problems.append(f"{label}:{line}: a rule must be a mapping")
                    continue
                name = item.get("name")
                if not isinstance(name, str) or not name.strip():
                    problems.append(f"{label}:{line}: rule without a name")
                    continue
                if name in seen_here:
                    problems.append(f"{label}:{line}: rule {name}: duplicate name (first in {seen_here[name]})")
                    continue
                seen_here[name] = f"{label}:{line}"
                raws[name] = _Raw(label, line, item, file_family)
                example_lines[name] = ex_lines[i] if i < len(ex_lines) else []

    rules_out: list[Rule] = []
    for name, raw in raws.items():
        where = f"{raw.file}:{raw.line}: rule {name}"
        item = raw.data
        family = item.get("family", raw.family)
        if not isinstance(family, str):
            problems.append(f"{where}: no family (set `family:` on the rule or the file)")
            continue
        pattern = item.get("pattern")
        compiled = None
        expanded = ""
        if pattern is not None:
            if not isinstance(pattern, str):
                problems.append(f"{where}: pattern must be a string")
                continue
            local: list[str] = []
            expanded = _expand(pattern, pieces, lists, local, ())
            problems += [f"{where}: {p}" for p in local]
            try:
                compiled = regex.compile(expanded, regex.IGNORECASE | (regex.VERBOSE if item.get("verbose") else 0))
            except regex.error as e:
                problems.append(f"{where}: invalid regular expression: {e}")
        flags = regex.IGNORECASE | (regex.VERBOSE if item.get("verbose") else 0)
        context: dict[str, regex.Pattern[str]] = {}
        for key in CONTEXT_KEYS:
            value = item.get(key)
            if value is None:
                continue
            if not isinstance(value, str):
                problems.append(f"{where}: {key} must be a string")
                continue
            local = []
            src = _expand(value, pieces, lists, local, ())
            problems += [f"{where}: {key}: {p}" for p in local]
            # Context before the match is searched backwards from it, after it forwards.
            if key in ("before", "context_before", "not_before"):
                src, kflags = f"(?:{src})\\s*$", flags | regex.REVERSE
            else:
                src, kflags = f"\\s*(?:{src})", flags
            try:
                context[key] = regex.compile(src, kflags)
            except regex.error as e:
                problems.append(f"{where}: {key}: invalid regular expression: {e}")
        anchor = item.get("anchor", "scan")
        if anchor not in ANCHORS:
            problems.append(f"{where}: anchor must be one of {', '.join(ANCHORS)}")
        examples: list[Example] = []
        lines = example_lines.get(name, [])
        for j, ex in enumerate(item.get("examples") or []):
            ex_line = lines[j] if j < len(lines) else raw.line
            if not isinstance(ex, dict) or not isinstance(ex.get("text"), str):
                problems.append(f"{raw.file}:{ex_line}: rule {name}: an example needs `text`")
                continue
            expect = ex.get("expect")
            if expect in ("none", "nothing", None) and "expect" in ex:
                expect = None
            elif not isinstance(expect, dict):
                problems.append(f"{raw.file}:{ex_line}: rule {name}: `expect` must be a mapping or `none`")
                continue
            ref = ex.get("reference_date")
            examples.append(Example(ex["text"], expect, ex_line, str(ref) if ref is not None else None))
        data = {k: v for k, v in item.items() if k not in ("name", "family", "pattern", "examples")}
        rules_out.append(Rule(name, family, expanded, compiled, data, context, examples, raw.file, raw.line))

    if problems:
        raise RuleError(problems)
    return RuleSet(rules_out, pieces, lists, tables, files, digest.hexdigest())


@lru_cache(maxsize=8)
def _cached(extra: tuple[str, ...]) -> RuleSet:
    return load_rules([Path(d) for d in extra])


def default_rules(extra_dirs: Sequence[Path | str] = ()) -> RuleSet:
    """The rule set for a run, loaded once per process and folder list."""
    return _cached(tuple(str(Path(d).resolve()) for d in extra_dirs))
