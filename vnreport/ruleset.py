"""Load, validate and compile rule files.

Rules are data so that a user can add one without touching Python: each file in a rules
folder may define named `pieces` (regex fragments), word `lists`, lookup `tables` and
`rules`. Pieces, lists and tables share one namespace across all files, so `{number}` is
defined once and used everywhere; a user folder given with `--rules` is loaded after the
built-in one and replaces anything of the same name.

Problems are collected, not raised one at a time, and always read
`FILE:LINE: rule NAME: what is wrong`, like a compiler error. Every key a file, a rule or
an example may use is declared in `rules/schema.yaml`; anything else is reported, because a
misspelt key would otherwise make a rule silently do something else. `vnreport check`
uses `validate_rules` (every problem, plus the rules that can still run) and `probe_rule`
(a pattern that backtracks catastrophically, found before an article finds it).
"""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import io
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import regex
import yaml

#: Seconds any one pattern may spend on one text before it is abandoned with a warning.
MATCH_TIMEOUT = 0.5

#: Seconds a pattern may take on one example or probe string in `vnreport check`: a sound
#: pattern needs microseconds there, so anything near this is exponential backtracking.
PROBE_TIMEOUT = 0.25

#: Keys the loader itself reads (each declared, with its meaning, in `rules/schema.yaml`).
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
#: The file in a rules folder that declares the keys rule files may use (not a rule file).
SCHEMA_FILE = "schema.yaml"
#: A `{piece}` reference; not the braces of `\p{L}`, `\P{Lu}`, `\N{…}`, `\x{…}` or an escaped `\{`.
_REF = regex.compile(r"(?<!\\)(?<!\\[pPNx])\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a rule file, kept structured so reports can group it by file and rule."""

    file: str
    line: int
    message: str
    rule: str | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: " + (f"rule {self.rule}: " if self.rule else "") + self.message


class RuleError(Exception):
    """Rule files that cannot be used; `problems` lists each as `FILE:LINE: …`."""

    def __init__(self, problems: Sequence[Problem | str]):
        self.problems = [str(p) for p in problems]
        self.details = [p for p in problems if isinstance(p, Problem)]
        super().__init__("\n".join(self.problems))


@dataclass
class Example:
    text: str
    expect: dict[str, Any] | None  # None: the text must not produce anything of the family
    line: int
    reference_date: str | None = None
    description: str | None = None
    number: int = 1  # its place among the rule's examples as written, counting from 1


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
    origin: str = "built-in"  # or "user": from a folder given with --rules
    replaces: str | None = None  # FILE:LINE of the rule of the same name this one replaces
    #: Seconds one call of one of its patterns may take (see `matching`); None for trusted
    #: rules, the built-in ones outside `vnreport check` (see `load_rules`).
    timeout: float | None = MATCH_TIMEOUT

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"

    @property
    def priority(self) -> int:
        return int(self.data.get("priority", 50))

    @property
    def anchor(self) -> str:
        return str(self.data.get("anchor", "scan"))

    def finditer(self, text: str, warn: Any = None) -> Iterator[regex.Match[str]]:
        """Matches in `text`, abandoned after the rule's time limit with a warning instead of a hang."""
        if self.compiled is None:
            return
        try:
            yield from self.compiled.finditer(text, timeout=self.timeout)
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
    schema: Schema | None = field(default=None, repr=False)
    patterns: PatternCache | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        for r in self.rules:
            self._by_family.setdefault(r.family, []).append(r)

    def family(self, name: str) -> list[Rule]:
        return self._by_family.get(name, [])

    def words(self, name: str) -> list[str]:
        return self.lists.get(name, [])

    def table(self, name: str) -> dict[str, Any]:
        return self.tables.get(name, {})

    def whole_words(self, name: str) -> regex.Pattern[str] | None:
        """The words of list `name` as one case-insensitive pattern, each only as a whole
        word, the longest first; None when the list is empty or missing."""
        words = self.words(name)
        if not words:
            return None
        alternation = "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))
        return self.compile(rf"(?<![\p{{L}}\p{{M}}])(?:{alternation})(?![\p{{L}}\p{{M}}])", regex.IGNORECASE)

    def expand(self, pattern: str) -> str:
        """Expand `{piece}` references in a pattern written outside a rule file."""
        problems: list[str] = []
        out = _expand(pattern, self.pieces, self.lists, problems, ())
        if problems:
            raise RuleError(problems)
        return out

    def without(self, names: set[str]) -> RuleSet:
        """The same rule set minus some rules (those `vnreport check` found unusable)."""
        kept = [r for r in self.rules if r.name not in names]
        digest = hashlib.sha256((self.fingerprint + "\0" + "\0".join(sorted(names))).encode()).hexdigest()
        return RuleSet(kept, self.pieces, self.lists, self.tables, self.files, digest, schema=self.schema,
                       patterns=self.patterns)

    def compile(self, source: str, flags: int = 0) -> regex.Pattern[str]:
        """`regex.compile` for patterns built from the rule set's lists and pieces (by the
        families, on first use), through its pattern cache (see `PatternCache`)."""
        if self.patterns is None:
            return regex.compile(source, flags)
        return self.patterns.compile(source, flags)

    def keep_compiled(self) -> None:
        """Save the patterns compiled since the rules were loaded, if any (see `PatternCache`)."""
        if self.patterns is not None and self.patterns.missed:
            self.patterns.save()


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


# ---------------------------------------------------------------------------------------
# Reading YAML with line numbers


#: libyaml's safe loader when PyYAML was built with it: ten times faster than the pure-Python
#: one, which matters because every `vnreport` run and every `check` reads all rule files.
_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path: Path, label: str, problems: list[Problem]) -> tuple[Any, yaml.Node | None]:
    """Parse once with the safe loader, keeping the node tree so every problem has a line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        problems.append(Problem(label, 1, f"cannot read: {e}"))
        return None, None
    loader = _SafeLoader(text)
    node: yaml.Node | None = None
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problems.append(Problem(label, line, f"not valid YAML: {getattr(e, 'problem', None) or e}"))
        return None, None
    except ValueError as e:  # a scalar YAML resolves as a date but is not one: `2024-13-01`
        problems.append(Problem(label, _bad_scalar_line(node), f"not valid YAML: {e}"))
        return None, None
    finally:
        loader.dispose()
    if node is not None:
        for key, line in _duplicate_keys(node):
            problems.append(Problem(label, line, f"duplicate key {key!r} (YAML keeps only the last one)"))
    return data, node


def _bad_scalar_line(node: yaml.Node | None) -> int:
    """The line of the first scalar the safe loader cannot build (an impossible date)."""
    stack = [node] if node is not None else []
    visited: set[int] = set()  # aliases share nodes: visit each once, or a YAML bomb explodes
    while stack:
        n = stack.pop(0)
        if id(n) in visited:
            continue
        visited.add(id(n))
        if isinstance(n, yaml.ScalarNode):
            try:
                yaml.SafeLoader("").construct_object(n)
            except ValueError:
                return n.start_mark.line + 1
        elif isinstance(n, yaml.MappingNode):
            stack[:0] = [x for pair in n.value for x in pair]
        elif isinstance(n, yaml.SequenceNode):
            stack[:0] = list(n.value)
    return 1


def _duplicate_keys(node: yaml.Node, visited: set[int] | None = None) -> Iterator[tuple[str, int]]:
    """Keys written twice in one mapping: YAML silently keeps the last, which hides a mistake.

    Each node is visited once: aliases share nodes, and following them again would make a
    small file built of nested aliases (a YAML bomb) take forever.
    """
    visited = set() if visited is None else visited
    if id(node) in visited:
        return
    visited.add(id(node))
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            k = str(getattr(key, "value", ""))
            if k in seen:
                yield k, key.start_mark.line + 1
            seen.add(k)
            yield from _duplicate_keys(value, visited)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _duplicate_keys(item, visited)


def _child(node: yaml.Node | None, key: str | int) -> yaml.Node | None:
    """The value node under a mapping key or at a sequence index (None when absent)."""
    if isinstance(node, yaml.MappingNode) and isinstance(key, str):
        for k, v in node.value:
            if getattr(k, "value", None) == key:
                return v
    elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
        return node.value[key]
    return None


def _line(node: yaml.Node | None, default: int = 1) -> int:
    return node.start_mark.line + 1 if node is not None else default


def _key_lines(node: yaml.Node | None) -> dict[str, int]:
    """The line of each key of a mapping node."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): k.start_mark.line + 1 for k, _ in node.value if isinstance(k, yaml.ScalarNode)}


def _one_line(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip()) and "\n" not in value.strip()


# ---------------------------------------------------------------------------------------
# The schema


@dataclass
class FamilySchema:
    """A family: the output list its items go to and the rule keys it reads."""

    output: str
    description: str
    keys: dict[str, str]


@dataclass
class Schema:
    """Every key a rule file may use, with its one-line meaning (from `rules/schema.yaml`)."""

    file_keys: dict[str, str] = field(default_factory=dict)
    rule_keys: dict[str, str] = field(default_factory=dict)
    example_keys: dict[str, str] = field(default_factory=dict)
    families: dict[str, FamilySchema] = field(default_factory=dict)

    def output_of(self, family: str) -> str:
        """The contract list (`figures`, `dates`, …) a family's items go to."""
        fam = self.families.get(family)
        return fam.output if fam is not None else family

    def unknown_rule_key(self, family: str, key: str) -> str | None:
        """Why `key` may not stand on a rule of `family`, or None when it may."""
        fam = self.families.get(family)
        if key in self.rule_keys or (fam is not None and key in fam.keys):
            return None
        elsewhere = sorted(name for name, f in self.families.items() if key in f.keys)
        if elsewhere:
            return (f"key {key!r} is not read by the {family} family (it belongs to {', '.join(elsewhere)}; "
                    f"declare it in {SCHEMA_LABEL} or fix the spelling)")
        known = sorted(set(self.rule_keys) | set(fam.keys if fam is not None else ()))
        return f"unknown key {key!r}{_did_you_mean(key, known)} (declare it in {SCHEMA_LABEL} or fix the spelling)"


#: How the built-in schema is named in messages, wherever the package is installed.
SCHEMA_LABEL = f"rules/{SCHEMA_FILE}"
_SCHEMA_SECTIONS = {"description": None, "file": "file_keys", "rule": "rule_keys", "example": "example_keys",
                    "families": None}


def _did_you_mean(word: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _read_schema(path: Path, label: str, schema: Schema, problems: list[Problem]) -> None:
    """Add one `schema.yaml` to `schema`, reporting anything that is not a one-line description."""
    data, node = _read_yaml(path, label, problems)
    if data is None:
        return
    if not isinstance(data, dict):
        problems.append(Problem(label, 1, f"a schema must be a mapping with keys {', '.join(_SCHEMA_SECTIONS)}"))
        return
    for section, value in data.items():
        line = _key_lines(node).get(str(section), 1)
        if section not in _SCHEMA_SECTIONS:
            problems.append(Problem(label, line, f"unknown schema section {section!r}"
                                    f" (sections: {', '.join(_SCHEMA_SECTIONS)})"))
            continue
        if section == "description":
            continue
        if not isinstance(value, dict):
            problems.append(Problem(label, line, f"{section} must be a mapping"))
            continue
        if section == "families":
            for name, fam in value.items():
                fnode = _child(_child(node, "families"), str(name))
                where = _line(fnode, line)
                if not isinstance(fam, dict) or not isinstance(fam.get("output", name), str):
                    problems.append(Problem(label, where, f"family {name}: must be a mapping with output and keys"))
                    continue
                for k in fam:
                    if k not in ("description", "output", "keys"):
                        problems.append(Problem(label, where, f"family {name}: unknown key {k!r}"
                                                " (allowed: description, output, keys)"))
                keys = fam.get("keys") or {}
                known = schema.families.get(str(name))
                target = known or FamilySchema(str(fam.get("output", name)), str(fam.get("description", "")), {})
                target.keys.update(_descriptions(keys, label, _child(fnode, "keys"), f"family {name}", problems))
                schema.families[str(name)] = target
            continue
        attr = _SCHEMA_SECTIONS[section]
        assert attr is not None
        getattr(schema, attr).update(_descriptions(value, label, _child(node, section), section, problems))


def _descriptions(value: Any, label: str, node: yaml.Node | None, what: str,
                  problems: list[Problem]) -> dict[str, str]:
    if not isinstance(value, dict):
        problems.append(Problem(label, _line(node), f"{what}: keys must be a mapping of key: description"))
        return {}
    lines = _key_lines(node)
    out: dict[str, str] = {}
    for key, text in value.items():
        if not _one_line(text):
            problems.append(Problem(label, lines.get(str(key), _line(node)),
                                    f"{what}: key {key!r} needs a one-line description"))
        out[str(key)] = str(text or "")
    return out


def load_schema(extra_dirs: Sequence[Path] = ()) -> tuple[Schema, list[Problem]]:
    """The built-in schema plus each folder's own `schema.yaml`, and any problem in them."""
    problems: list[Problem] = []
    schema = Schema()
    builtin = builtin_rules_dir() / SCHEMA_FILE
    if builtin.is_file():
        _read_schema(builtin, SCHEMA_LABEL, schema, problems)
    else:
        problems.append(Problem(SCHEMA_LABEL, 1, "the schema of rule files is missing"))
    for folder in extra_dirs:
        path = Path(folder) / SCHEMA_FILE
        if path.is_file():
            _read_schema(path, str(path), schema, problems)
    return schema, problems


# ---------------------------------------------------------------------------------------
# Rule files


def _rule_files(folder: Path) -> list[Path]:
    """Every YAML file of a rules folder except its `schema.yaml`, which describes the others."""
    return sorted(
        p for p in folder.rglob("*.y*ml")
        if p.is_file() and p.suffix in (".yaml", ".yml") and p != folder / SCHEMA_FILE
    )


def _label(path: Path, folder: Path, builtin: bool) -> str:
    rel = path.relative_to(folder).as_posix()
    return f"rules/{rel}" if builtin else str(folder / rel)


@dataclass
class _Raw:
    """A rule as read, before its patterns are expanded (pieces may come from later files)."""

    file: str
    line: int
    data: dict[str, Any]
    family: str | None  # the file's default family
    node: yaml.Node | None
    origin: str
    replaces: str | None = None


_SECTIONS = ("pieces", "lists", "tables")


def _shared_section(section: str, value: Any, label: str, node: yaml.Node | None,
                    problems: list[Problem]) -> dict[str, Any]:
    """The well-formed entries of a file's pieces, lists or tables."""
    if not isinstance(value, dict):
        problems.append(Problem(label, _line(node), f"{section} must be a mapping of names"))
        return {}
    lines = _key_lines(node)
    singular = section[:-1]
    out: dict[str, Any] = {}
    for name, item in value.items():
        line = lines.get(str(name), _line(node))
        if section == "pieces" and not isinstance(item, str):
            problems.append(Problem(label, line, f"piece {name}: must be a string"))
        elif section == "lists" and not (isinstance(item, list) and all(isinstance(w, str) for w in item)):
            problems.append(Problem(label, line, f"list {name}: must be a list of strings"))
        elif section == "tables" and not isinstance(item, dict):
            problems.append(Problem(label, line, f"table {name}: must be a mapping"))
        elif not _REF.fullmatch("{" + str(name) + "}"):
            problems.append(Problem(label, line, f"{singular} {name}: a name is letters, digits and _"))
        else:
            out[str(name)] = item
    return out


def validate_rules(
    extra_dirs: Sequence[Path] = (), *, builtin: bool = True, trust_builtin: bool = False
) -> tuple[RuleSet, list[Problem]]:
    """Every problem in the rule files, and the rule set of the rules that can still run.

    A rule whose pattern cannot be used (invalid, undefined piece, no family) is left out;
    one with a lesser problem (an unknown key, a malformed example) is kept, so one mistake
    does not hide what the other rules do. Every pattern runs with `MATCH_TIMEOUT` unless
    `trust_builtin` lifts it from the built-in rules (see `load_rules`).
    """
    problems: list[Problem] = []
    extra = [Path(d) for d in extra_dirs]
    if builtin:  # `vnreport check rules` in a checkout names the built-in folder again
        own = builtin_rules_dir().resolve()
        extra = [d for d in extra if d.resolve() != own]
    schema, schema_problems = load_schema(extra)
    problems += schema_problems
    shared: dict[str, dict[str, Any]] = {s: {} for s in _SECTIONS}
    raws: dict[str, _Raw] = {}
    files: list[str] = []
    digest = hashlib.sha256()

    folders = ([(builtin_rules_dir(), "built-in")] if builtin else []) + [(d, "user") for d in extra]
    for folder, origin in folders:
        if not folder.is_dir():
            problems.append(Problem(str(folder), 1, "rules folder not found"))
            continue
        seen_rules: dict[str, str] = {}
        seen_shared: dict[tuple[str, str], str] = {}
        for path in _rule_files(folder):
            label = _label(path, folder, origin == "built-in")
            files.append(label)
            with contextlib.suppress(OSError):  # reported by _read_yaml
                digest.update(label.encode() + b"\0" + path.read_bytes() + b"\0")
            data, node = _read_yaml(path, label, problems)
            if data is None:
                continue
            if not isinstance(data, dict):
                problems.append(Problem(label, 1, f"a rule file must be a mapping with keys "
                                        f"{', '.join(sorted(schema.file_keys or FILE_KEYS))}"))
                continue
            top_lines = _key_lines(node)
            for key in data:
                if key not in (schema.file_keys or FILE_KEYS):
                    problems.append(Problem(label, top_lines.get(str(key), 1), f"unknown key {key!r}"
                                            f"{_did_you_mean(str(key), list(schema.file_keys))}"
                                            f" (declare it in {SCHEMA_LABEL} or fix the spelling)"))
            for section in _SECTIONS:
                if data.get(section) is None:
                    continue
                snode = _child(node, section)
                entries = _shared_section(section, data[section], label, snode, problems)
                lines = _key_lines(snode)
                for name, item in entries.items():
                    here = f"{label}:{lines.get(name, 1)}"
                    first = seen_shared.get((section, name))
                    if first is not None:
                        problems.append(Problem(label, lines.get(name, 1), f"{section[:-1]} {name}: defined twice"
                                                f" (first in {first}); the files of a folder share these names"))
                    seen_shared[(section, name)] = here
                    shared[section][name] = item
            file_family = data.get("family")
            if file_family is not None and not isinstance(file_family, str):
                problems.append(Problem(label, top_lines.get("family", 1), "family must be a name"))
                file_family = None
            rules = data.get("rules")
            if rules is None:
                continue
            rules_node = _child(node, "rules")
            if not isinstance(rules, list):
                problems.append(Problem(label, _line(rules_node), "rules must be a list"))
                continue
            for i, item in enumerate(rules):
                rnode = _child(rules_node, i)
                line = _line(rnode)
                if not isinstance(item, dict):
                    problems.append(Problem(label, line, "a rule must be a mapping"))
                    continue
                name = item.get("name")
                if not isinstance(name, str) or not name.strip():
                    problems.append(Problem(label, line, "rule without a name"))
                    continue
                if name in seen_rules:
                    problems.append(Problem(label, line, f"duplicate name (first in {seen_rules[name]})", name))
                    continue
                seen_rules[name] = f"{label}:{line}"
                previous = raws.get(name)
                replaces = f"{previous.file}:{previous.line}" if previous is not None else None
                raws[name] = _Raw(label, line, item, file_family, rnode, origin, replaces)

    rules_out: list[Rule] = []
    cache = PatternCache.for_rules(digest.hexdigest())
    for name, raw in raws.items():
        rule, rule_problems = _compile_rule(name, raw, shared["pieces"], shared["lists"], schema, cache.compile)
        problems += rule_problems
        if rule is not None:
            if trust_builtin and rule.origin == "built-in":
                rule.timeout = None
            rules_out.append(rule)
    if cache.missed:
        cache.save()
    else:
        cache.touch()
    ruleset = RuleSet(rules_out, shared["pieces"], shared["lists"], shared["tables"], files, digest.hexdigest(),
                      schema=schema, patterns=cache)
    return ruleset, problems


_BOOL_KEYS = ("verbose", "before_required", "after_required")


def _compile_rule(name: str, raw: _Raw, pieces: dict[str, str], lists: dict[str, list[str]],
                  schema: Schema, compile: Callable[[str, int], regex.Pattern[str]] = regex.compile,
                  ) -> tuple[Rule | None, list[Problem]]:
    """Check one rule against the schema and compile its patterns.

    Returns no rule when it cannot run (the problems say why); lesser problems come with
    the rule, so `vnreport check` still runs its examples.
    """
    item = raw.data
    problems: list[Problem] = []
    fatal = False

    def problem(message: str, line: int | None = None) -> None:
        # A rule's problems carry the rule's own line, as a compiler names the function;
        # an example's carry the example's line.
        problems.append(Problem(raw.file, line or raw.line, message, name))

    family = item.get("family", raw.family)
    if not isinstance(family, str) or not family:
        problem("no family (set `family:` on the rule or the file)")
        return None, problems
    if schema.families and family not in schema.families:
        problem(f"unknown family {family!r}{_did_you_mean(family, list(schema.families))}"
                f" (families: {', '.join(schema.families)})")
        fatal = True
    for key in item:
        why = schema.unknown_rule_key(family, str(key)) if schema.rule_keys else None
        if why is not None:
            problem(why)
    for key in _BOOL_KEYS:
        if key in item and not isinstance(item[key], bool):
            problem(f"{key} must be true or false")
            fatal = True
    priority = item.get("priority", 50)
    if isinstance(priority, bool) or not isinstance(priority, int):
        problem("priority must be a whole number")
        fatal = True
    if item.get("anchor", "scan") not in ANCHORS:
        problem(f"anchor must be one of {', '.join(ANCHORS)}")
        fatal = True
    for key in ("before", "after"):
        if item.get(f"{key}_required") and item.get(key) is None:
            problem(f"{key}_required is set but there is no `{key}` pattern")
    if "description" in item and not isinstance(item["description"], str):
        problem("description must be text")

    flags = regex.IGNORECASE | (regex.VERBOSE if item.get("verbose") is True else 0)
    pattern = item.get("pattern")
    compiled = None
    expanded = ""
    if pattern is None:
        problem("no pattern")
        fatal = True
    elif not isinstance(pattern, str) or not pattern.strip():
        problem("pattern must be a non-empty string")
        fatal = True
    else:
        local: list[str] = []
        expanded = _expand(pattern, pieces, lists, local, ())
        for p in local:
            problem(f"pattern: {p}")
        try:
            compiled = compile(expanded, flags)
        except regex.error as e:
            problem(f"invalid regular expression: {e}")
        if local or compiled is None:
            fatal = True

    context: dict[str, regex.Pattern[str]] = {}
    for key in CONTEXT_KEYS:
        value = item.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            problem(f"{key} must be a string")
            fatal = True
            continue
        local = []
        src = _expand(value, pieces, lists, local, ())
        for p in local:
            problem(f"{key}: {p}")
        # Context before the match is searched backwards from it, after it forwards.
        if key in ("before", "context_before", "not_before"):
            src, kflags = f"(?:{src})\\s*$", flags | regex.REVERSE
        else:
            src, kflags = f"\\s*(?:{src})", flags
        try:
            context[key] = compile(src, kflags)
        except regex.error as e:
            problem(f"{key}: invalid regular expression: {e}")
            fatal = True
        if local:
            fatal = True

    examples = _examples(item.get("examples"), raw, name, schema, problem)
    if fatal:
        return None, problems
    data = {k: v for k, v in item.items() if k not in ("name", "family", "pattern", "examples")}
    rule = Rule(name, family, expanded, compiled, data, context, examples, raw.file, raw.line,
                origin=raw.origin, replaces=raw.replaces)
    return rule, problems


def _examples(value: Any, raw: _Raw, name: str, schema: Schema, problem: Callable[..., None]) -> list[Example]:
    """The well-formed examples of a rule; each malformed one is reported at its own line."""
    if value is None:
        return []
    enode = _child(raw.node, "examples")
    if not isinstance(value, list):
        problem("examples must be a list")
        return []
    allowed = schema.example_keys or dict.fromkeys(EXAMPLE_KEYS, "")
    out: list[Example] = []
    for j, ex in enumerate(value):
        xnode = _child(enode, j)
        line = _line(xnode, raw.line)
        if not isinstance(ex, dict) or not isinstance(ex.get("text"), str) or not ex["text"].strip():
            problem(f"example {j + 1}: needs `text`", line=line)
            continue
        bad = [k for k in ex if k not in allowed]
        for k in bad:
            problem(f"example {j + 1}: unknown key {k!r}{_did_you_mean(str(k), list(allowed))}"
                    f" (allowed: {', '.join(allowed)})", line=line)
        if "expect" not in ex:
            problem(f"example {j + 1}: needs `expect` (the fields to find, or `none`)", line=line)
            continue
        expect = ex["expect"]
        if expect in ("none", "nothing", None):
            expect = None
        elif not isinstance(expect, dict) or not expect:
            problem(f"example {j + 1}: `expect` must be a mapping of fields or `none`",
                    line=line)
            continue
        ref = ex.get("reference_date")
        if ref is not None:
            try:
                ref = ref.isoformat() if isinstance(ref, date) else date.fromisoformat(str(ref)).isoformat()
            except ValueError:
                problem(f"example {j + 1}: reference_date must be a date as YYYY-MM-DD, not {ref!r}",
                        line=line)
                continue
        desc = ex.get("description")
        out.append(Example(ex["text"], expect, line, ref, desc if isinstance(desc, str) else None, j + 1))
    return out


def load_rules(extra_dirs: Sequence[Path] = (), *, builtin: bool = True) -> RuleSet:
    """Load the built-in rules and then each of `extra_dirs`, later names replacing earlier ones.

    Raises RuleError listing every problem found, so a user fixes them all in one go.

    The built-in rules run without a time limit: a limit costs about 3 µs per call, more
    than most matches, and the test suite probes every built-in pattern for catastrophic
    backtracking (`probe_rule`) and runs them over the samples. Rules from `extra_dirs`
    have had no such review and keep `MATCH_TIMEOUT` on every call; `vnreport check`,
    whose job is to find slow patterns, loads through `validate_rules` with the limit on
    every rule.
    """
    ruleset, problems = validate_rules(extra_dirs, builtin=builtin, trust_builtin=True)
    if problems:
        raise RuleError(problems)
    return ruleset


# ---------------------------------------------------------------------------------------
# Compiled patterns kept between runs

#: Where compiled patterns are kept between runs; set it empty to keep none.
CACHE_ENV = "VNREPORT_CACHE_DIR"
#: Pattern files kept in the cache folder (one per rule set, the most recently used).
CACHE_FILES = 16


def cache_dir() -> Path | None:
    """`$VNREPORT_CACHE_DIR`, else `vnreport` in the user's cache folder; None when disabled."""
    value = os.environ.get(CACHE_ENV)
    if value is not None:
        return Path(value) if value.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "vnreport"


class _PatternUnpickler(pickle.Unpickler):
    """Unpickles compiled patterns and plain data only: nothing else in a cache file runs."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("regex._regex", "compile"):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a pattern cache")


class PatternCache:
    """Compiled patterns of one rule set, kept on disk between runs.

    `regex` parses a pattern in Python: the built-in rules take about 0.4 s of CPU to
    compile, paid by every `vnreport` process, `vnreport check` and test run. A compiled
    pattern pickles as the engine's own code (not its source), and loading that takes a
    few milliseconds. The file is named after the rule files' fingerprint, the `regex`
    version and the Python version, but a pattern is only ever taken for the exact
    source and flags it was compiled from, so a stale or foreign file can cost time, never
    a wrong match. The file holds nothing but patterns (see `_PatternUnpickler`) and lives
    in the user's own cache folder, like Python's bytecode caches; any problem reading or
    writing it is ignored, and the patterns are compiled as usual.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.known: dict[tuple[str, int], regex.Pattern[str]] = {}
        self.missed = False
        if path is not None:
            try:
                data = _PatternUnpickler(io.BytesIO(path.read_bytes())).load()
            except Exception:  # missing, unreadable, truncated, from another version: compile instead
                data = None
            if isinstance(data, dict):
                self.known = data

    @classmethod
    def for_rules(cls, fingerprint: str) -> PatternCache:
        folder = cache_dir()
        if folder is None:
            return cls(None)
        key = hashlib.sha256(
            f"{fingerprint}\0{regex.__version__}\0{sys.implementation.cache_tag}\0{sys.version}".encode()
        ).hexdigest()[:32]
        return cls(folder / f"patterns-{key}.pickle")

    def compile(self, source: str, flags: int) -> regex.Pattern[str]:
        """`regex.compile(source, flags)`, from the cache when it holds exactly that."""
        key = (source, int(flags))
        pattern = self.known.get(key)
        if pattern is None or pattern.pattern != source or pattern.flags & key[1] != key[1]:
            pattern = regex.compile(source, flags)
            self.known[key] = pattern
            self.missed = True
        return pattern

    def __reduce__(self) -> tuple[Any, ...]:
        # A rule set sent to a worker process takes the path, not the patterns (they are
        # in the rules already).
        return PatternCache, (self.path,)

    def touch(self) -> None:
        """Mark the file as recently used: the oldest files are the ones removed."""
        if self.path is not None:
            with contextlib.suppress(OSError):
                os.utime(self.path)

    def save(self) -> None:
        """Write every pattern known and compiled; keep the newest `CACHE_FILES` files."""
        self.missed = False
        if self.path is None:
            return
        with contextlib.suppress(Exception):  # a cache that cannot be written is no cache
            folder = self.path.parent
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, tmp = tempfile.mkstemp(prefix=".patterns-", suffix=".part", dir=folder)
            try:
                with os.fdopen(fd, "wb") as f:
                    pickle.dump(self.known, f, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, self.path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
            files = sorted(folder.glob("patterns-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
            for old in files[CACHE_FILES:]:
                old.unlink()


# ---------------------------------------------------------------------------------------
# Catastrophic backtracking

#: Repeated units that make a badly nested pattern try exponentially many ways to split
#: them (`(a|aa)+$`, `(\d+\.?)+x`); each is pumped to PROBE_LENGTH and ends in a mismatch.
#: Patterns searched backwards (`before`, `context_before`, `not_before`) meet the mismatch
#: last, so they get the mirror image.
_PUMPS = ("a", "1", " ", ".", ",", "/", "-", "đ", "1.", "1,", "1 ", "a ", "ab", "1/", "a1", "a.")
PROBE_LENGTH = 40
PROBE_STRINGS = tuple(p * (PROBE_LENGTH // len(p)) + "!" for p in _PUMPS)
PROBE_STRINGS_REVERSE = tuple("!" + p * (PROBE_LENGTH // len(p)) for p in _PUMPS)


def probe_rule(rule: Rule, timeout: float = PROBE_TIMEOUT) -> Problem | None:
    """Run each of the rule's patterns over its examples and over adversarial strings.

    The `regex` timeout turns a catastrophic pattern into a named problem here, before it
    costs `MATCH_TIMEOUT` on every article; returns the first timeout, or None.
    """
    patterns: list[tuple[str, regex.Pattern[str]]] = []
    if rule.compiled is not None:
        patterns.append(("pattern", rule.compiled))
    patterns += list(rule.context.items())
    examples = [(f"its example at line {ex.line}", ex.text) for ex in rule.examples]
    for key, compiled in patterns:
        probes = PROBE_STRINGS_REVERSE if compiled.flags & regex.REVERSE else PROBE_STRINGS
        for what, text in examples + [(f"the probe string {s[:12]!r}…", s) for s in probes]:
            try:
                for _ in compiled.finditer(text, timeout=timeout):
                    pass
            except TimeoutError:
                return Problem(rule.file, rule.line,
                               f"{key} timed out after {timeout:g} s on {what}: it backtracks catastrophically"
                               " (look for nested or overlapping repetition such as (a|aa)+ or (\\w+\\s?)+)",
                               rule.name)
    return None


@lru_cache(maxsize=8)
def _cached(extra: tuple[str, ...]) -> RuleSet:
    return load_rules([Path(d) for d in extra])


def default_rules(extra_dirs: Sequence[Path | str] = ()) -> RuleSet:
    """The rule set for a run, loaded once per process and folder list."""
    return _cached(tuple(str(Path(d).resolve()) for d in extra_dirs))
