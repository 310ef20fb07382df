"""`vnreport extract`: read many articles, write one contract file each (or a stream).

Kept apart from the typer layer so that tests and other programs can run a whole batch
with plain arguments and get an exit status back.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any, TextIO

from .batch import DEFAULT_GLOB, Job, Problem, collect, output_path
from .output import SUFFIX, render, write_atomic
from .pipeline import DEFAULT_MAX_BYTES, extract_file
from .reading import ReadError
from .ruleset import RuleSet


@dataclass
class Summary:
    read: int = 0
    written: int = 0
    skipped: int = 0
    failed: int = 0
    figures: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def count(self, tree: dict[str, Any]) -> None:
        for f in tree.get("figures", []):
            self.figures[f["kind"]] = self.figures.get(f["kind"], 0) + 1


def report_problem(problem: Problem, stream: TextIO) -> None:
    """One line per failed file, naming it and the reason: never a traceback."""
    stream.write(f"vnreport: {problem.display}: {problem.reason}\n")
    stream.flush()


def extract_one(job: Job, rules: RuleSet, reference_date: date | None, max_bytes: int) -> dict[str, Any]:
    """Extract a job, turning every failure into a `ReadError` with a one-line reason."""
    try:
        return extract_file(job.path, reference_date=reference_date, rules=rules, display_path=job.display,
                            max_bytes=max_bytes)
    except ReadError:
        raise
    except RecursionError:
        raise ReadError("internal error: input nested too deeply") from None
    except Exception as e:  # one broken article must not stop a batch of thousands
        raise ReadError(f"internal error: {type(e).__name__}: {e}") from e


class JsonlSink:
    """One JSON Lines file written as articles arrive, renamed into place only when complete."""

    def __init__(self, path: Path | None):
        self.path = path
        self._tmp: Path | None = None
        self._f: IO[str] | None = None

    @property
    def active(self) -> bool:
        return self.path is not None

    def __enter__(self) -> JsonlSink:
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".part")
            self._tmp = Path(tmp)
            self._f = os.fdopen(fd, "w", encoding="utf-8")
        return self

    def write(self, line: str) -> None:
        assert self._f is not None
        self._f.write(line)

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if self._f is None or self._tmp is None or self.path is None:
            return
        self._f.close()
        if exc_type is None:
            os.replace(self._tmp, self.path)
        else:
            self._tmp.unlink(missing_ok=True)


@dataclass
class Batch:
    """The settings of one `extract` run."""

    rules: RuleSet
    out_dir: Path | None = None
    fmt: str = "yaml"
    reference_date: date | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)

    def run(self, paths: Sequence[str], pattern: str = DEFAULT_GLOB) -> tuple[int, Summary]:
        """Run a batch; the exit status is 1 when any file failed, else 0."""
        jobs, problems = collect(paths, pattern)
        summary = Summary()
        for p in problems:
            self._fail(summary, p)
        several = len(jobs) > 1
        jsonl = self.out_dir / "articles.jsonl" if self.out_dir is not None and self.fmt == "jsonl" else None
        with JsonlSink(jsonl) as sink:
            for job in jobs:
                self._one(job, summary, sink, several)
        return (1 if summary.failed else 0), summary

    def _fail(self, summary: Summary, problem: Problem) -> None:
        summary.problems.append(problem)
        summary.failed += 1
        report_problem(problem, self.stderr)

    def _one(self, job: Job, summary: Summary, sink: JsonlSink, several: bool) -> None:
        try:
            tree = extract_one(job, self.rules, self.reference_date, self.max_bytes)
        except ReadError as e:
            self._fail(summary, Problem(job.display, str(e)))
            return
        summary.read += 1
        summary.count(tree)
        if sink.active:
            sink.write(render(tree, "jsonl"))
            summary.written += 1
        elif self.out_dir is not None:
            write_atomic(output_path(self.out_dir, job, SUFFIX[self.fmt]), render(tree, self.fmt))
            summary.written += 1
        elif self.fmt == "yaml":
            self.stdout.write(("---\n" if several else "") + render(tree, "yaml"))
        else:
            self.stdout.write(render(tree, "jsonl" if several or self.fmt == "jsonl" else "json"))
