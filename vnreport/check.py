"""`vnreport check` and `vnreport rules`: rules tested like code, in CI.

A user who adds a rule wants the same guarantee as for a function: a broken rule fails the
build with a message that points at it. `check` runs, in order:

1. validation of every rule file against `rules/schema.yaml` (`ruleset.validate_rules`);
2. a timing probe of every pattern on its own examples and on adversarial strings, so a
   pattern that backtracks catastrophically is named here instead of timing out on articles;
3. every rule's examples through the whole pipeline (`extract_text`), each example a test:
   a positive one passes when some item of the family's output has all the expected
   fields, a negative one (`expect: none`) when that output is empty;
4. every article of a samples folder against its expected output (`<stem>.yaml` beside it),
   with a readable diff per item, rewritable with `--update` after review (snapshot style).

Reports are text for people, JSON for programs and JUnit XML for CI systems. The exit
status is 0 when everything passes and 1 otherwise; wrong usage (2) is the CLI's business.
"""

from __future__ import annotations

import json
import math
import time
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

import regex
import yaml

from .output import (
    DATE_KEYS,
    EVENT_KEYS,
    FIGURE_KEYS,
    ORG_KEYS,
    PERSON_KEYS,
    TOP_KEYS,
    render,
    write_atomic,
)
from .ruleset import Problem, Rule, RuleSet, Schema, probe_rule, validate_rules

REPORT_FORMATS = ("text", "json", "junit")
SUITE_FILES = "rule files"
SUITE_EXAMPLES = "rule examples"
SUITE_SAMPLES = "samples"
#: libyaml's safe loader when available: expected outputs are read on every run.
_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: The fields an item of each output list has (from the contract), to catch a misspelt
#: expected field at once instead of reporting "not found" forever.
FIELDS: dict[str, tuple[str, ...]] = {
    "figures": FIGURE_KEYS,
    "dates": DATE_KEYS,
    "organizations": ORG_KEYS,
    "people": PERSON_KEYS,
    "events": EVENT_KEYS,
}
_SINGULAR = {"figures": "figure", "dates": "date", "organizations": "organization", "people": "person",
             "events": "event"}
#: Fields that place an item rather than describe it; left out of one-line item summaries.
_PLACE = ("text", "start", "end", "mentions", "name")


@dataclass
class Case:
    """One test: a rule file's validity, one rule example, or one sample article."""

    suite: str
    classname: str
    name: str
    file: str
    line: int | None = None
    rule: str | None = None
    failures: list[str] = field(default_factory=list)  # one line each, `FILE:LINE: …`
    details: list[str] = field(default_factory=list)  # indented lines under the failures (diffs)
    seconds: float = 0.0
    updated: bool = False

    @property
    def passed(self) -> bool:
        return not self.failures

    @property
    def status(self) -> str:
        return "failed" if self.failures else "updated" if self.updated else "passed"


@dataclass
class Report:
    """Everything `check` found; `ok` decides the exit status."""

    cases: list[Case] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # worth a look, but not failures
    rules: int = 0
    files: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return all(c.passed for c in self.cases)

    def suite(self, name: str) -> list[Case]:
        return [c for c in self.cases if c.suite == name]

    @property
    def failed(self) -> list[Case]:
        return [c for c in self.cases if not c.passed]


# ---------------------------------------------------------------------------------------
# Comparing values


def _plain(v: Any) -> Any:
    """YAML turns an unquoted 2024-01-18 into a date; the output holds ISO strings."""
    if isinstance(v, (date, datetime)):
        return v.isoformat()
    if isinstance(v, str):
        return unicodedata.normalize("NFC", v)
    return v


def same(expected: Any, actual: Any) -> bool:
    """Does an output value satisfy an expected one? Numbers numerically, lists in any order.

    >>> same(628000000, 628000000.0), same(2.5, 2.50), same(True, 1), same(2024, "2024")
    (True, True, False, True)
    >>> same(["b", "a"], ["a", "b"]), same({"start": 3}, {"start": 3, "end": 9})
    (True, True)
    """
    expected, actual = _plain(expected), _plain(actual)
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected is actual
    if isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        return math.isclose(expected, actual, rel_tol=1e-9, abs_tol=1e-12)
    if isinstance(expected, (int, float)) and isinstance(actual, str):
        return str(expected) == actual  # `value: 2024` written for the date value "2024"
    if isinstance(expected, dict) and isinstance(actual, dict):
        return all(k in actual and same(v, actual[k]) for k, v in expected.items())
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return False
        left = list(actual)
        for e in expected:
            hit = next((i for i, a in enumerate(left) if same(e, a)), None)
            if hit is None:
                return False
            left.pop(hit)
        return True
    return bool(expected == actual)


def show(v: Any) -> str:
    """A value as a reader expects it in a message: JSON spelling, Vietnamese unescaped."""
    v = _plain(v)
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    try:
        return json.dumps(v, ensure_ascii=False)
    except TypeError:
        return repr(v)


def _fields(expect: dict[str, Any]) -> str:
    return ", ".join(f"{k}={show(v)}" for k, v in expect.items())


def _title(item: dict[str, Any], output: str) -> str:
    """What an item is and its evidence: `figure "hơn 628 triệu đồng"`."""
    return f"{_SINGULAR.get(output, 'item')} {show(item.get('text', item.get('name')))}"


def describe(item: dict[str, Any], output: str) -> str:
    """One item in one line: its text (or name) and where, then its meaningful fields."""
    head = _title(item, output)
    if isinstance(item.get("start"), int):
        head += f" [{item['start']}:{item['end']}]"
    elif isinstance(item.get("mentions"), list):
        head += f" ({len(item['mentions'])} mention{'s' if len(item['mentions']) != 1 else ''})"
    rest = [f"{k}={show(v)}" for k, v in item.items() if k not in _PLACE and v not in (None, [], "")]
    return head + (" " + ", ".join(rest) if rest else "")


# ---------------------------------------------------------------------------------------
# Rule examples


def _preview(text: str, width: int = 60) -> str:
    one = " ".join(text.split())
    return show(one if len(one) <= width else one[: width - 1] + "…")


def judge_example(expect: dict[str, Any] | None, items: list[dict[str, Any]], output: str) -> str | None:
    """Why an example fails given its family's output items, or None when it passes."""
    kind = _SINGULAR.get(output, "item")
    if expect is None:
        if not items:
            return None
        shown = "; ".join(describe(i, output) for i in items[:3]) + (" …" if len(items) > 3 else "")
        return f"expected no {kind}, got {len(items)}: {shown}"
    known = FIELDS.get(output)
    if known is not None:
        unknown = [k for k in expect if k not in known]
        if unknown:
            return (f"expects field {', '.join(map(repr, unknown))}, which no {kind} has"
                    f" (fields: {', '.join(known)})")
    if not items:
        article = "an" if kind[0] in "aeiou" else "a"
        return f"expected {article} {kind} with {_fields(expect)}, got no {kind} at all"
    scored = [(sum(same(v, it.get(k)) for k, v in expect.items()), -n, it) for n, it in enumerate(items)]
    score, _, best = max(scored, key=lambda s: (s[0], s[1]))
    if score == len(expect):
        return None
    diffs = [f"{k}: expected {show(v)}, got {show(best.get(k))}" for k, v in expect.items()
             if not same(v, best.get(k))]
    others = f" (and {len(items) - 1} other {kind if len(items) == 2 else output})" if len(items) > 1 else ""
    return f"{'; '.join(diffs)} — closest is {describe(best, output)}{others}"


Scans = dict[str, tuple[str, list[int]]]


def _rule_hits(rule: Rule, text: str, rules: RuleSet, scans: Scans) -> list[str]:
    """What the rule's own pattern matches in an example, through the real matching engine.

    `scans` keeps each example's scanned text and number anchors, built as the pipeline
    builds them, so rules sharing an example sentence lay it out once.
    """
    from .matching import number_anchors, run_rules

    if text not in scans:
        from .layout import analyse
        from .normalize import normalize

        doc, _ = analyse(normalize(text), rules)
        scans[text] = (doc.scan, number_anchors(rules, doc.scan))
    scan, anchors = scans[text]
    return [scan[m.start : m.end] for m in run_rules([rule], scan, anchors, lambda _: None)]


def run_examples(rules: RuleSet, report: Report) -> dict[str, list[str]]:
    """Every example of every rule as one test case, one extraction per distinct text.

    Rules often share an example sentence, and the pipeline's cost is per article, so the
    examples are grouped by (text, reference date) and each group is extracted once.
    Returns, for each rule that timed out on someone else's example, where it did.
    """
    from .pipeline import extract_text

    schema = rules.schema or Schema()
    groups: dict[tuple[str, str | None], list[tuple[Rule, int]]] = {}
    for rule in rules.rules:
        for n, ex in enumerate(rule.examples):
            groups.setdefault((ex.text, ex.reference_date), []).append((rule, n))
    timeouts = {r.timeout_message(): r.name for r in rules.rules}
    elsewhere: dict[str, list[str]] = {}
    scans: Scans = {}

    for (text, ref), members in groups.items():
        started = time.perf_counter()
        tree: dict[str, Any] | None = None
        error = None
        try:
            tree = extract_text(text, reference_date=ref, rules=rules)
        except Exception as e:  # a family's bug on one example must not hide every other result
            error = f"extraction failed: {type(e).__name__}: {' '.join(str(e).split())}"
        slow = {timeouts[w] for w in (tree or {}).get("warnings", []) if w in timeouts}
        share = (time.perf_counter() - started) / len(members)
        for rule, n in members:
            ex = rule.examples[n]
            output = schema.output_of(rule.family)
            case = Case(SUITE_EXAMPLES, rule.file, f"{rule.name}: example {ex.number} (line {ex.line})",
                        rule.file, ex.line, rule.name, seconds=share)
            prefix = f"{rule.file}:{ex.line}: rule {rule.name}: example {ex.number} {_preview(text, 40)}: "
            if error is not None:
                case.failures.append(prefix + error)
            elif rule.name in slow:
                case.failures.append(prefix + "the rule timed out on this text (it backtracks catastrophically)")
            else:
                assert tree is not None
                why = judge_example(ex.expect, list(tree.get(output) or []), output)
                if why is not None and ex.expect is not None:
                    why += _diagnosis(rule, text, rules, scans)
                if why is not None:
                    case.failures.append(prefix + why)
            report.cases.append(case)
        owner, n = members[0]
        for name in slow - {r.name for r, _ in members}:
            elsewhere.setdefault(name, []).append(f"{owner.file}:{owner.examples[n].line}")
    return elsewhere


def _diagnosis(rule: Rule, text: str, rules: RuleSet, scans: Scans) -> str:
    """Tell a rule author whether the pattern or the family code is the place to look.

    An example passes when the family produces the item, whichever rule found it (a rule
    may show, with an example, that a neighbouring rule wins); so this is said only when
    it fails.
    """
    try:
        hits = _rule_hits(rule, text, rules, scans)
    except Exception:  # laying the example out failed: the extraction already reported it
        return ""
    if not hits:
        return " [this rule's pattern does not match the text]"
    return f" [this rule's pattern matches {', '.join(show(h) for h in hits[:3])}]"


# ---------------------------------------------------------------------------------------
# Samples


def _key(item: dict[str, Any]) -> Any:
    """What identifies an item between two runs: its span, or an entity's folded name."""
    if "start" in item:
        return (item.get("start"), item.get("end"))
    return " ".join(str(item.get("name", "")).split()).casefold()


def _spans(item: dict[str, Any]) -> list[tuple[int, int]]:
    if isinstance(item.get("start"), int) and isinstance(item.get("end"), int):
        return [(item["start"], item["end"])]
    return [(m["start"], m["end"]) for m in item.get("mentions") or [] if isinstance(m, dict)
            and isinstance(m.get("start"), int) and isinstance(m.get("end"), int)]


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> int:
    return sum(max(0, min(x[1], y[1]) - max(x[0], y[0])) for x in _spans(a) for y in _spans(b))


def _position(item: dict[str, Any]) -> int:
    spans = _spans(item)
    return spans[0][0] if spans else -1


def _changed_fields(old: dict[str, Any], new: dict[str, Any]) -> str:
    parts: list[str] = []
    if (old.get("start"), old.get("end")) != (new.get("start"), new.get("end")) and "start" in old:
        parts.append(f"span [{old.get('start')}:{old.get('end')}] → [{new.get('start')}:{new.get('end')}]")
    for k in list(old) + [k for k in new if k not in old]:
        if k in ("start", "end"):
            continue
        a, b = old.get(k), new.get(k)
        if a == b:
            continue
        if k == "mentions" and isinstance(a, list) and isinstance(b, list):
            gone = [f"[{m.get('start')}:{m.get('end')}]" for m in a if m not in b]
            came = [f"[{m.get('start')}:{m.get('end')}]" for m in b if m not in a]
            parts.append("mentions " + ", ".join(["-" + g for g in gone] + ["+" + c for c in came]))
        else:
            parts.append(f"{k}: {show(a)} → {show(b)}")
    return "; ".join(parts)


def diff_items(output: str, expected: list[Any], actual: list[Any]) -> list[tuple[int, str]]:
    """Items that appeared, vanished or changed, each with its position for ordering.

    Items are paired first when equal, then by the same span (or name), then by overlapping
    spans, so a figure whose span grew (`628 triệu đồng` → `hơn 628 triệu đồng`) reads as
    one change rather than one item gone and another come.
    """
    exp = [e for e in expected if isinstance(e, dict)]
    act = [a for a in actual if isinstance(a, dict)]
    for e in list(exp):
        if e in act:
            exp.remove(e)
            act.remove(e)
    pairs: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for match in (lambda e, a: _key(e) == _key(a), lambda e, a: _overlap(e, a) > 0):
        for e in list(exp):
            a = next((a for a in act if match(e, a)), None)
            if a is not None:
                pairs.append((e, a))
                exp.remove(e)
                act.remove(a)
    out = [(_position(a), f"appeared  {describe(a, output)}") for a in act]
    out += [(_position(e), f"vanished  {describe(e, output)}") for e in exp]
    out += [(_position(a), f"changed   {_title(e, output)} {_changed_fields(e, a)}") for e, a in pairs]
    return sorted(out, key=lambda t: t[0])


def diff_trees(expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    """A readable diff of two contract trees; `source.path` is ignored (it depends on the cwd)."""
    lines: list[str] = []
    for key in [k for k in TOP_KEYS if k in expected or k in actual] + sorted(
        k for k in set(expected) | set(actual) if k not in TOP_KEYS
    ):
        e, a = expected.get(key), actual.get(key)
        if key in ("source", "document") and isinstance(e, dict) and isinstance(a, dict):
            for k in list(e) + [k for k in a if k not in e]:
                if (key, k) == ("source", "path") or _plain(e.get(k)) == _plain(a.get(k)):
                    continue
                lines.append(f"{key}.{k}: {show(e.get(k))} → {show(a.get(k))}")
        elif key in FIELDS and isinstance(e, list) and isinstance(a, list):
            lines += [line for _, line in diff_items(key, e, a)]
        elif key == "warnings" and isinstance(e, list) and isinstance(a, list):
            lines += [f"appeared  warning {show(w)}" for w in a if w not in e]
            lines += [f"vanished  warning {show(w)}" for w in e if w not in a]
        elif _plain(e) != _plain(a):
            lines.append(f"{key}: {show(e)} → {show(a)}")
    return lines


def _read_expected(path: Path) -> tuple[dict[str, Any] | None, str]:
    """The stored expected output, or None and why it cannot be used."""
    if not path.exists():
        return None, f"no expected output {path.name} beside it"
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        return None, f"cannot read {path.name}: {' '.join(str(e).split())}"
    if not isinstance(data, dict):
        return None, f"{path.name} is not a vnreport output"
    return data, ""


def run_samples(rules: RuleSet, folder: Path, report: Report, *, update: bool, can_update: bool) -> None:
    """Each article of `folder` against the expected output stored beside it (`<stem>.yaml`)."""
    from .pipeline import extract_file
    from .reading import ReadError

    articles = sorted(p for p in folder.rglob("*.txt") if p.is_file())
    if not articles:
        report.notes.append(f"{folder}: no articles (*.txt) to compare")
    for path in articles:
        rel = path.relative_to(folder).as_posix()
        expected_path = path.with_suffix(".yaml")
        case = Case(SUITE_SAMPLES, SUITE_SAMPLES, rel, str(path))
        report.cases.append(case)
        started = time.perf_counter()
        try:
            tree = extract_file(path, rules=rules, display_path=rel)
        except ReadError as e:
            case.failures.append(f"{path}: cannot read: {e}")
            continue
        except Exception as e:  # a family's bug: one line, and on to the next sample
            case.failures.append(f"{path}: extraction failed: {type(e).__name__}: {' '.join(str(e).split())}")
            continue
        text = render(tree, "yaml")
        case.seconds = time.perf_counter() - started
        expected, why = _read_expected(expected_path)
        if expected is not None:
            case.details = diff_trees(expected, yaml.load(text, Loader=_SafeLoader))
            if not case.details:
                continue
            why = f"output differs from {expected_path.name} ({len(case.details)} difference(s))"
        if update and can_update:
            write_atomic(expected_path, text)
            case.updated = True
        elif update:
            case.failures.append(f"{path}: {why}; not updated while the rules have problems")
        else:
            case.failures.append(f"{path}: {why} (when the new output is right: `vnreport check --update`)")
    for orphan in sorted(folder.rglob("*.yaml")):
        if not orphan.with_suffix(".txt").exists():
            report.notes.append(f"{orphan}: expected output without its article {orphan.with_suffix('.txt').name}")


# ---------------------------------------------------------------------------------------
# The whole check


def run_check(
    rule_dirs: Sequence[Path] = (),
    samples: Path | None = None,
    *,
    update: bool = False,
    builtin: bool = True,
) -> Report:
    """Validate, probe, run the examples and the samples; nothing is printed here."""
    started = time.perf_counter()
    report = Report()
    rules, problems = validate_rules(rule_dirs, builtin=builtin)
    slow: set[str] = set()
    for rule in rules.rules:
        found = probe_rule(rule)
        if found is not None:
            problems.append(found)
            slow.add(rule.name)
    if slow:  # a catastrophic rule would cost its time limit on every example and article
        rules = rules.without(slow)

    report.files = len(rules.files)
    report.rules = len(rules.rules)
    examples = Report()
    elsewhere = run_examples(rules, examples)
    for name, where in elsewhere.items():  # found by the pipeline where the probe did not look
        rule = next(r for r in rules.rules if r.name == name)
        problems.append(Problem(rule.file, rule.line, f"timed out on the examples at {', '.join(where)}"
                                " (it backtracks catastrophically)", name))

    by_file: dict[str, list[Problem]] = {f: [] for f in rules.files}
    for p in problems:
        by_file.setdefault(p.file, []).append(p)
    for label, found in by_file.items():
        case = Case(SUITE_FILES, SUITE_FILES, label, label, 1)
        case.failures = [str(p) for p in sorted(found, key=lambda p: p.line)]
        report.cases.append(case)
    report.cases += examples.cases
    report.notes += examples.notes
    if samples is not None:
        run_samples(rules, samples, report, update=update, can_update=not problems)
    report.seconds = time.perf_counter() - started
    return report


# ---------------------------------------------------------------------------------------
# Reports


def summary(report: Report) -> str:
    examples, samples = report.suite(SUITE_EXAMPLES), report.suite(SUITE_SAMPLES)
    counts = (f"{report.files} rule file(s), {report.rules} rule(s), {len(examples)} example(s), "
              f"{len(samples)} sample(s)")
    updated = sum(c.updated for c in report.cases)
    tail = f", {updated} sample(s) updated" if updated else ""
    verdict = f"{len(report.failed)} failed" if report.failed else "all passed"
    return f"vnreport check: {counts}: {verdict}{tail} ({report.seconds:.1f} s)"


def render_text(report: Report) -> str:
    lines: list[str] = []
    for case in report.failed:
        lines += case.failures
        lines += [f"    {d}" for d in case.details]
    for case in report.cases:
        if case.updated:
            lines.append(f"updated {Path(case.file).with_suffix('.yaml')}")
            lines += [f"    {d}" for d in case.details]
    lines += [f"note: {n}" for n in report.notes]
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def render_json(report: Report) -> str:
    data = {
        "ok": report.ok,
        "summary": {
            "rule_files": report.files,
            "rules": report.rules,
            "examples": len(report.suite(SUITE_EXAMPLES)),
            "samples": len(report.suite(SUITE_SAMPLES)),
            "failed": len(report.failed),
            "seconds": round(report.seconds, 3),
        },
        "failures": [f for c in report.failed for f in c.failures],
        "notes": report.notes,
        "cases": [{**asdict(c), "status": c.status} for c in report.cases],
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


_XML_INVALID = regex.compile(r"[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(s: str) -> str:
    """XML 1.0 cannot carry control characters, even escaped; an example text might."""
    return _XML_INVALID.sub("\ufffd", s)


def render_junit(report: Report) -> str:
    """JUnit XML as CI systems read it: one testcase per rule file, example and sample."""
    root = ET.Element("testsuites", name="vnreport check", tests=str(len(report.cases)),
                      failures=str(len(report.failed)), errors="0", time=f"{report.seconds:.3f}")
    for suite_name in (SUITE_FILES, SUITE_EXAMPLES, SUITE_SAMPLES):
        cases = report.suite(suite_name)
        suite = ET.SubElement(root, "testsuite", name=suite_name, tests=str(len(cases)),
                              failures=str(sum(not c.passed for c in cases)), errors="0", skipped="0",
                              time=f"{sum(c.seconds for c in cases):.3f}")
        for c in cases:
            attrs = {"classname": _xml(c.classname), "name": _xml(c.name), "file": _xml(c.file),
                     "time": f"{c.seconds:.3f}"}
            if c.line is not None:
                attrs["line"] = str(c.line)
            tc = ET.SubElement(suite, "testcase", attrs)
            if c.failures:
                failure = ET.SubElement(tc, "failure", message=_xml(c.failures[0]), type="vnreport.check")
                failure.text = _xml("\n".join(c.failures + [f"    {d}" for d in c.details]))
            elif c.updated:
                ET.SubElement(tc, "system-out").text = _xml("\n".join(["updated", *c.details]))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


RENDERERS: dict[str, Callable[[Report], str]] = {"text": render_text, "json": render_json, "junit": render_junit}


def main(
    rule_dirs: Sequence[Path],
    samples: Path | None,
    *,
    fmt: str = "text",
    update: bool = False,
    output: Path | None = None,
    stdout: TextIO,
    stderr: TextIO,
) -> int:
    """Run `vnreport check` with validated arguments; returns the exit status.

    The report goes to stdout in `fmt`, or to `output` in `fmt` with the text report on stdout.
    """
    try:
        report = run_check(rule_dirs, samples, update=update)
        text = RENDERERS[fmt](report)
        if output is not None:
            write_atomic(output, text)
    except OSError as e:  # an unwritable --output or samples folder: one line, as everywhere
        stderr.write(f"vnreport: {' '.join(str(e).split())}\n")
        return 1
    except Exception as e:  # the CLI promises one line, never a traceback, even for a bug here
        stderr.write(f"vnreport: internal error in check: {type(e).__name__}: {' '.join(str(e).split())}\n")
        return 1
    # With -o the file is for the CI system and the log still shows people what failed.
    stdout.write(render_text(report) if output is not None else text)
    return 0 if report.ok else 1


# ---------------------------------------------------------------------------------------
# vnreport rules


def rule_rows(rules: RuleSet) -> list[dict[str, Any]]:
    """The rules in force, one row each, in family then file order."""
    rows = [
        {
            "name": r.name,
            "family": r.family,
            "origin": r.origin,
            "file": r.file,
            "line": r.line,
            "examples": len(r.examples),
            "replaces": r.replaces,
        }
        for r in rules.rules
    ]
    return sorted(rows, key=lambda r: (r["family"], r["origin"] != "built-in", r["file"], r["line"]))


def list_rules(rule_dirs: Sequence[Path], *, fmt: str, stdout: TextIO, stderr: TextIO) -> int:
    """Print the rules in force; problems go to stderr and make the status 1."""
    rules, problems = validate_rules(rule_dirs)
    for p in problems:
        stderr.write(f"{p}\n")
    rows = rule_rows(rules)
    if fmt == "json":
        stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    else:
        table = [("name", "family", "examples", "from")]
        for r in rows:
            where = f"{r['file']}:{r['line']} ({r['origin']}"
            where += f", replaces {r['replaces']})" if r["replaces"] else ")"
            table.append((r["name"], r["family"], str(r["examples"]), where))
        widths = [max(len(row[i]) for row in table) for i in range(3)]
        for row in table:
            stdout.write("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)) + "  " + row[3] + "\n")
        users = sum(r["origin"] == "user" for r in rows)
        stdout.write(f"{len(rows)} rule(s): {len(rows) - users} built-in, {users} user; "
                     f"{sum(r['examples'] for r in rows)} example(s) in {len(rules.files)} file(s)\n")
    return 1 if problems else 0
