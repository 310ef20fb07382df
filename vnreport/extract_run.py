"""`vnreport extract`: many articles in, one contract file each (or a stream) out, in parallel.

Kept apart from the typer layer so that tests and other programs can run a whole batch
with plain arguments and get an exit status back.

How a batch runs, and why:

- The parent walks the inputs and decides, article by article, what needs doing: with an
  output folder, an article whose output is current (see `batch.Manifest`) is skipped
  without extraction, so a rerun over an unchanged folder costs a hash per file.
- The rest goes to `--jobs` worker processes in small chunks, at most a few chunks per
  worker in flight, so memory stays flat however many articles there are. Workers get the
  compiled rules once, when they start (inherited through `fork` where there is one).
- Workers extract, render and write each output atomically (temporary file + rename) and
  send back only a few numbers; for a stream (stdout, `articles.jsonl`) they send the
  rendered text and the parent writes it in input order, so the output is the same for
  any `--jobs`.
- The parent alone appends to the manifest, after the output is in place, so an
  interruption at any moment costs at most the articles in flight.
- Whatever an input holds, it costs at most one failed article: every error becomes a
  one-line reason, and an article that takes longer than `--timeout` is abandoned (a
  SIGALRM in the process extracting it), so no file can stall the batch.
- No output leaves OUT or replaces an input (`-o` may be an input folder, and
  `--keep-text` writes `OUT/<name>.txt`): both are checked before anything is written.
- Ctrl-C: workers ignore SIGINT and finish the article they hold; in the parent the first
  Ctrl-C only raises a flag, acted on between two steps of bookkeeping (an exception in
  the middle of handing a chunk to the pool would lose track of it): it stops handing out
  work, records what finished, and exits with 130. Nothing is left half-written and the
  next run picks up where this one stopped. A second Ctrl-C stops at once.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from .batch import (
    DEFAULT_GLOB,
    STATE_DIR,
    TEXT_SUFFIX,
    Entries,
    Entry,
    Job,
    Manifest,
    Problem,
    Recipe,
    collect,
    output_relative,
    outside_reason,
    prepare_out_dir,
    printable,
    program_version,
)
from .reading import os_reason

if TYPE_CHECKING:
    from rich.progress import Progress

    from .ruleset import RuleSet

#: Same limit as `pipeline.DEFAULT_MAX_BYTES`, repeated so that a rerun with nothing to do
#: never imports the pipeline.
DEFAULT_MAX_BYTES = 5_000_000
#: Seconds one article may take before it is abandoned as failed. A 5 MB article takes
#: about two seconds; the limit is for inputs that make some stage slow beyond reason
#: (pathological markup, pages of numbers), so that one file cannot stall a whole batch.
DEFAULT_TIMEOUT = 60.0
SUFFIX = {"yaml": ".yaml", "json": ".json", "jsonl": ".jsonl"}
#: Where `-f jsonl -o OUT` keeps one line per article between runs (inside OUT, hidden).
JSONL_PARTS = f"{STATE_DIR}/jsonl"
JSONL_NAME = "articles.jsonl"


def default_jobs() -> int:
    """The CPUs this process may run on (a container's limit, not the host's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


@dataclass
class Summary:
    """What a run did, for the closing table and for programs calling `Batch.run`.

    `read` counts the input files the run took up (each was extracted, or hashed and
    found unchanged), so `read == written + skipped + failed files`; a path that does not
    exist is `failed` without being `read`. `figures` counts figures per kind over every
    article that has current output at the end of the run, skipped ones included.
    """

    read: int = 0
    written: int = 0
    skipped: int = 0
    failed: int = 0
    figures: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    interrupted: bool = False
    seconds: float = 0.0

    def add_figures(self, kinds: dict[str, int]) -> None:
        for kind, n in kinds.items():
            self.figures[kind] = self.figures.get(kind, 0) + n

    def count(self, tree: dict[str, Any]) -> None:
        self.add_figures(figure_kinds(tree))


def figure_kinds(tree: dict[str, Any]) -> dict[str, int]:
    out: dict[str, int] = {}
    for f in tree.get("figures", []):
        kind = str(f.get("kind"))
        out[kind] = out.get(kind, 0) + 1
    return out


def problem_line(problem: Problem) -> str:
    """`vnreport: PATH: reason` on one line, whatever characters the path holds."""
    return printable(f"vnreport: {problem.display}: {problem.reason}")


def report_problem(problem: Problem, stream: TextIO) -> None:
    """One line per failed file, naming it and the reason: never a traceback."""
    stream.write(problem_line(problem) + "\n")
    stream.flush()


#: Limits from here on (a year, `inf`) mean none: the timer cannot take them.
_NO_LIMIT = 365 * 24 * 3600.0


class ArticleTimeout(Exception):
    """Raised inside an extraction that has run out of time (see `time_limit`)."""


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise `ArticleTimeout` in the block once `seconds` have passed (main thread, POSIX).

    Every pattern already runs with its own time limit, but a stage can still be slow in
    total (a quadratic walk over a page of numbers, markup that makes the HTML parser
    backtrack), and a batch must not wait for it for hours. SIGALRM interrupts Python code
    between two instructions, so no stage has to check a clock. Elsewhere (a thread,
    Windows) the block runs without a limit.
    """
    usable = (
        seconds is not None and 0 < seconds < _NO_LIMIT and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def expired(signum: int, frame: object) -> None:
        raise ArticleTimeout

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def extract_one(
    job: Job, rules: RuleSet, reference_date: date | None, max_bytes: int,
    *, keep_text: bool = False, timeout: float | None = None,
) -> tuple[dict[str, Any], str | None]:
    """Extract a job: the contract tree and, with `keep_text`, the decoded text it indexes.

    Every failure becomes a `ReadError` with a one-line reason. With `keep_text` the file
    is read and decoded here, once, so that the text written beside the output is exactly
    the one the offsets were computed on; the tree is the same as `extract_file`'s.
    """
    import hashlib

    from .pipeline import extract_file, extract_text
    from .reading import ReadError, read_path

    try:
        with time_limit(timeout):
            if not keep_text:
                return extract_file(job.path, reference_date=reference_date, rules=rules,
                                    display_path=job.display, max_bytes=max_bytes), None
            raw, decoded = read_path(job.path, max_bytes=max_bytes)
            source = {"path": job.display, "sha256": hashlib.sha256(raw).hexdigest(),
                      "encoding": decoded.encoding, "chars": len(decoded.text)}
            tree = extract_text(decoded.text, reference_date=reference_date, source=source, rules=rules,
                                warnings=decoded.warnings)
            return tree, decoded.text
    except ArticleTimeout:
        raise ReadError(f"extraction took longer than {timeout:g} s and was abandoned (--timeout)") from None
    except ReadError as e:
        if str(e).startswith("file too large"):
            raise ReadError(f"{e}; skipped (--max-bytes sets the limit)") from None
        raise
    except RecursionError:
        raise ReadError("internal error: input nested too deeply") from None
    except MemoryError:
        raise ReadError("not enough memory to extract this file") from None
    except Exception as e:  # one broken article must not stop a batch of thousands
        raise ReadError(f"internal error: {type(e).__name__}: {e}") from e


# --- the work one article needs, the same in a worker and in the parent -----------------


@dataclass(frozen=True)
class Task:
    """One article to extract: where from, how to render it, and where it goes (if a file)."""

    job: Job
    index: int  # the job's place in the input order
    fmt: str  # yaml | json | jsonl
    output: str | None  # relative to the output folder; None: the text comes back to the parent
    prefix: str = ""  # written before the text in a stream (`---` between YAML documents)
    text_output: str | None = None  # `--keep-text`: where the decoded text goes, relative to OUT


@dataclass
class Result:
    """What a worker sends back: small, since the output itself is already on disk."""

    task: Task
    error: str | None = None
    text: str | None = None
    sha256: str = ""
    size: int = 0
    mtime_ns: int = 0
    figures: dict[str, int] = field(default_factory=dict)


@dataclass
class Worker:
    """Everything a worker process needs; built once per process."""

    rules: RuleSet
    out_dir: Path | None
    reference_date: date | None
    max_bytes: int
    timeout: float | None = None

    def run(self, task: Task) -> Result:
        from .output import render, write_atomic
        from .reading import ReadError

        try:
            tree, decoded = extract_one(task.job, self.rules, self.reference_date, self.max_bytes,
                                        keep_text=task.text_output is not None, timeout=self.timeout)
            text = render(tree, task.fmt)
        except ReadError as e:
            return Result(task, error=str(e))
        except Exception as e:  # a renderer bug is one failed article, not a dead batch
            return Result(task, error=f"internal error: {type(e).__name__}: {e}")
        kinds = figure_kinds(tree)
        sha = str(tree.get("source", {}).get("sha256", ""))
        if task.output is None or self.out_dir is None:
            return Result(task, text=task.prefix + text, sha256=sha, figures=kinds)
        target = self.out_dir / task.output
        writes = [(target, text)]
        if task.text_output is not None and decoded is not None:
            writes.insert(0, (self.out_dir / task.text_output, decoded))  # the text first: the output marks it done
        path = target
        try:
            for path, data in writes:
                outside = outside_reason(self.out_dir, path)
                if outside is not None:
                    return Result(task, error=f"cannot write {path}: {outside}")
                write_atomic(path, data)
            st = os.stat(target)
        except OSError as e:
            return Result(task, error=f"cannot write {path}: {_write_reason(self.out_dir, path, e)}")
        except ValueError as e:  # text that cannot be encoded: one failed article
            return Result(task, error=f"cannot write {path}: {e}")
        return Result(task, sha256=sha, size=st.st_size, mtime_ns=st.st_mtime_ns, figures=kinds)


def _write_reason(out_dir: Path, path: Path, e: OSError) -> str:
    """Why an output could not be written; names the file standing where a folder must go.

    `OUT/2024` being a file makes `mkdir` fail with "file exists" for `OUT/2024/a.yaml`,
    which tells the user nothing about what to move.
    """
    if isinstance(e, (FileExistsError, NotADirectoryError)):
        for parent in reversed(path.relative_to(out_dir).parents):
            folder = out_dir / parent
            if folder.exists() and not folder.is_dir():
                return f"{folder} is a file, not a folder"
    return os_reason(e)


_WORKER: Worker | None = None


def _terminate(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # unwinds through write_atomic, which removes its temp file


def _init_worker(worker: Worker) -> None:
    """Worker start-up: keep the rules, leave Ctrl-C to the parent, die cleanly on SIGTERM."""
    global _WORKER
    _WORKER = worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _terminate)


def _run_chunk(tasks: list[Task]) -> list[Result]:
    assert _WORKER is not None, "worker not initialised"
    return [_WORKER.run(t) for t in tasks]


def _pool_context() -> Any:
    """`fork` where it is safe (Linux): workers start in milliseconds with the rules in memory."""
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _chunks(tasks: Iterable[Task], size: int) -> Iterator[list[Task]]:
    chunk: list[Task] = []
    for t in tasks:
        chunk.append(t)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# --- the parent ---------------------------------------------------------------------------


class _StreamError(Exception):
    """The output stream refused more text (a full disk): the run cannot go on."""


class _StopRequest:
    """Ctrl-C as a request: the first one is noted and acted on at the next safe point.

    Installed only in the main thread and only over Python's own SIGINT handler (a batch
    started with SIGINT ignored, as background jobs of a script are, keeps ignoring it).
    """

    def __init__(self) -> None:
        self.requested = False
        self._previous: Any = None

    def __enter__(self) -> _StopRequest:
        if threading.current_thread() is threading.main_thread() and (
            signal.getsignal(signal.SIGINT) is signal.default_int_handler
        ):
            self._previous = signal.signal(signal.SIGINT, self._handler)
        return self

    def _handler(self, signum: int, frame: object) -> None:
        if self.requested:
            raise KeyboardInterrupt  # the second Ctrl-C: stop waiting
        self.requested = True

    def check(self) -> None:
        """Raise KeyboardInterrupt here, at a point where no bookkeeping is half done."""
        if self.requested:
            raise KeyboardInterrupt

    def __exit__(self, *exc: object) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)


class _Display:
    """The progress bar (only on a terminal) and the lines printed above it."""

    def __init__(self, stream: TextIO, total: int, enabled: bool):
        self.stream = stream
        self.progress: Progress | None = None
        self._last = 0.0
        if not enabled or total == 0:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        console = Console(file=stream, stderr=stream is sys.stderr)
        # No refresh thread (auto_refresh=False): worker processes are forked after this
        # starts, and forking while another thread runs is unsafe.
        self.progress = Progress(
            TextColumn("[bold]extract"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[rate]} files/s"), TextColumn("ETA"), TimeRemainingColumn(),
            console=console, auto_refresh=False, transient=True, redirect_stdout=False, redirect_stderr=False,
        )
        self.task = self.progress.add_task("extract", total=total, rate="–")
        self.progress.start()

    def advance(self, n: int = 1) -> None:
        if self.progress is None:
            return
        self.progress.advance(self.task, n)
        now = time.monotonic()
        if now - self._last >= 0.1:
            self._last = now
            speed = self.progress.tasks[0].speed
            self.progress.update(self.task, rate=f"{speed:,.0f}" if speed else "–")
            self.progress.refresh()

    def line(self, text: str) -> None:
        if self.progress is not None:
            self.progress.console.print(text, markup=False, highlight=False, soft_wrap=True)
        else:
            self.stream.write(text + "\n")
            self.stream.flush()

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None


@dataclass
class Batch:
    """The settings of one `extract` run.

    `jobs`: worker processes (1 runs in this process). `force`: extract everything even
    when its output is current. `keep_text`: write the decoded text each article's offsets
    index beside its output (`OUT/<name>.txt`; needs `out_dir`). `timeout`: seconds one
    article may take (None: no limit). `progress` / `summary`: None means "when stderr is
    a terminal". `on_result` is called in the parent after each article is handled (tests
    use it to interrupt a run at a chosen point).
    """

    rules: RuleSet
    out_dir: Path | None = None
    fmt: str = "yaml"
    reference_date: date | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    jobs: int = 1
    force: bool = False
    keep_text: bool = False
    timeout: float | None = DEFAULT_TIMEOUT
    progress: bool | None = None
    summary: bool | None = None
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    on_result: Callable[[Summary], None] | None = None
    _stop: _StopRequest = field(default_factory=lambda: _StopRequest(), init=False, repr=False)

    # -- the plan ----------------------------------------------------------------------

    @property
    def recipe(self) -> Recipe:
        ref = self.reference_date.isoformat() if self.reference_date else ""
        # keep_text is named only when set, so outputs made without it stay current as before;
        # turning it on redoes each article once, which also rewrites every kept text.
        keep = ";keep_text=1" if self.keep_text else ""
        return Recipe(self.rules.fingerprint, program_version(), f"format={self.fmt};reference_date={ref}{keep}")

    def _tty(self, setting: bool | None) -> bool:
        if setting is not None:
            return setting
        isatty = getattr(self.stderr, "isatty", None)
        return bool(isatty and isatty())

    def run(self, paths: Sequence[str], pattern: str | Sequence[str] = DEFAULT_GLOB) -> tuple[int, Summary]:
        """Run a batch; the exit status is 1 when any file failed, 130 when interrupted, else 0.

        `pattern`: the glob(s) for files inside folders (see `batch.parse_globs`). An output
        folder that cannot be used (a file, not writable) is reported on one line and the
        status is 2, before any article is read.
        """
        if self.keep_text and self.out_dir is None:
            raise ValueError("keep_text needs an output folder (out_dir)")
        started = time.perf_counter()
        summary = Summary()
        if self.out_dir is not None:
            reason = prepare_out_dir(self.out_dir)
            if reason is not None:
                self.stderr.write(printable(f"vnreport: -o {self.out_dir}: {reason}") + "\n")
                return 2, summary
        jobs, problems = collect(paths, pattern, skip_dirs=[self.out_dir] if self.out_dir is not None else [],
                                 outputs=self.out_dir is not None)
        # Articles printed to the same terminal would tear the bar apart: no bar then.
        stdout_tty = self.out_dir is None and bool(getattr(self.stdout, "isatty", lambda: False)())
        display = _Display(self.stderr, len(jobs), self._tty(self.progress) and not stdout_tty)
        manifest = Manifest(self.out_dir).load() if self.out_dir is not None else None
        self._stop = _StopRequest()
        stream_error: str | None = None
        try:
            with self._stop:
                for p in problems:
                    self._fail(summary, display, p)
                parts = self._run_jobs(jobs, summary, display, manifest)
                self._stop.check()
                if parts is not None and self.out_dir is not None:
                    self._bundle(parts, summary, display, Entries(job.path for job in jobs))
        except KeyboardInterrupt:
            summary.interrupted = True
        except _StreamError as e:
            stream_error = str(e)
        finally:
            display.close()
            if manifest is not None:
                manifest.close()
                if not summary.interrupted:
                    manifest.compact()
        summary.seconds = time.perf_counter() - started
        if summary.interrupted:
            done = summary.written + summary.skipped
            tail = "; run the same command again to continue" if self.out_dir is not None else ""
            self.stderr.write(f"vnreport: interrupted after {done} of {len(jobs)} files{tail}\n")
        if stream_error is not None:
            self.stderr.write(f"vnreport: {stream_error}\n")
            return 1, summary
        if self._tty(self.summary):
            self._print_summary(summary)
        if summary.interrupted:
            return 130, summary
        return (1 if summary.failed else 0), summary

    def _fail(self, summary: Summary, display: _Display, problem: Problem) -> None:
        summary.problems.append(problem)
        summary.failed += 1
        display.line(problem_line(problem))

    def _write(self, text: str) -> None:
        """Write to the output stream; a stream that cannot take more ends the run.

        A closed pipe (`| head`) is passed on as BrokenPipeError, which the command line
        turns into a quiet exit; any other error (a full disk) is one line and status 1.
        """
        try:
            self.stdout.write(text)
        except BrokenPipeError:
            raise
        except OSError as e:
            raise _StreamError(f"cannot write to standard output ({os_reason(e)})") from None

    def _tasks(
        self, jobs: list[Job], summary: Summary, display: _Display, manifest: Manifest | None,
        parts: dict[int, str] | None,
    ) -> Iterator[Task]:
        """The tasks to run, deciding lazily (as workers ask for more) what can be skipped."""
        several = len(jobs) > 1
        stream_fmt = "yaml" if self.fmt == "yaml" else ("jsonl" if several or self.fmt == "jsonl" else "json")
        recipe = self.recipe if manifest is not None else None
        inputs = Entries(job.path for job in jobs) if self.out_dir is not None else None
        for index, job in enumerate(jobs):
            if self.out_dir is None:
                yield Task(job, index, stream_fmt, None, "---\n" if self.fmt == "yaml" and several else "")
                continue
            if self.fmt == "jsonl":
                output = output_relative(job, ".ndjson", JSONL_PARTS)
            else:
                output = output_relative(job, SUFFIX[self.fmt])
            text_output = output_relative(job, TEXT_SUFFIX) if self.keep_text else None
            clobbered = [name for name in (output, text_output)
                         if name is not None and inputs is not None and self.out_dir / name in inputs]
            if clobbered:
                self._fail(summary, display, Problem(job.display, (
                    f"its output {self.out_dir / clobbered[0]} would replace an input file "
                    "(choose an output folder that holds no articles)")))
                display.advance()
                continue
            if manifest is not None and recipe is not None and not self.force:
                entry = manifest.fresh(output, job.display, job.path, recipe, self.max_bytes)
                if entry is not None and text_output is not None and not (self.out_dir / text_output).is_file():
                    entry = None  # the kept text was deleted since: make it again
                if entry is not None:
                    summary.read += 1
                    summary.skipped += 1
                    summary.add_figures(entry.figures)
                    if parts is not None:
                        parts[index] = output
                    display.advance()
                    if self.on_result is not None:
                        self.on_result(summary)
                    self._stop.check()
                    continue
            yield Task(job, index, self.fmt, output, text_output=text_output)

    def _run_jobs(
        self, jobs: list[Job], summary: Summary, display: _Display, manifest: Manifest | None
    ) -> list[str] | None:
        """Run every job; returns, for `-f jsonl -o OUT`, the parts of the bundle in input order."""
        parts: dict[int, str] | None = {} if self.out_dir is not None and self.fmt == "jsonl" else None
        tasks = self._tasks(jobs, summary, display, manifest, parts)
        recipe = self.recipe if manifest is not None else None

        def handle(result: Result) -> None:
            task = result.task
            summary.read += 1
            if result.error is not None:
                self._fail(summary, display, Problem(task.job.display, result.error))
            elif result.text is not None:
                self._write(result.text)
                summary.written += 1
                summary.add_figures(result.figures)
            else:
                unrecorded = None
                if manifest is not None and recipe is not None and task.output is not None:
                    try:
                        manifest.record(Entry(
                            task.output, task.job.display, result.sha256, recipe.rules, recipe.version,
                            recipe.options, result.size, result.mtime_ns, result.figures,
                        ))
                    except OSError as e:
                        unrecorded = (f"written, but it could not be recorded in {manifest.path} ({os_reason(e)}), "
                                      "so the next run extracts it again")
                if unrecorded is not None:
                    self._fail(summary, display, Problem(task.job.display, unrecorded))
                else:
                    summary.written += 1
                    summary.add_figures(result.figures)
                    if parts is not None and task.output is not None:
                        parts[task.index] = task.output
            display.advance()
            if self.on_result is not None:
                self.on_result(summary)

        worker = Worker(self.rules, self.out_dir, self.reference_date, self.max_bytes, self.timeout)
        if self.jobs <= 1 or len(jobs) <= 1:
            for task in tasks:
                handle(worker.run(task))
                self._stop.check()
        else:
            self._parallel(worker, tasks, len(jobs), handle)
        if self.out_dir is None:
            try:
                self.stdout.flush()
            except BrokenPipeError:
                raise
            except OSError as e:
                raise _StreamError(f"cannot write to standard output ({os_reason(e)})") from None
        return None if parts is None else [parts[i] for i in sorted(parts)]

    def _parallel(self, worker: Worker, tasks: Iterator[Task], total: int, handle: Callable[[Result], None]) -> None:
        """Feed chunks to a process pool, a bounded number in flight, results in input order."""
        # Chunks amortise the cost of a round trip (~0.1 ms) over several articles, but stay
        # small enough for a lively progress bar and a short wait on Ctrl-C.
        workers = max(1, min(self.jobs, total))
        size = max(1, min(16, total // (workers * 8)))
        limit = workers * 3
        chunks = _chunks(tasks, size)
        first = next(chunks, None)
        if first is None:
            return  # everything was current: no process is started
        pending: deque[Future[list[Result]]] = deque()
        ready: deque[Result] = deque()  # results received and not yet handled

        def consume() -> None:
            # Taken off `pending` only once its results are in `ready`, so an interruption
            # at any point loses no finished article (see `_drain`).
            ready.extend(pending[0].result())
            pending.popleft()
            while ready:
                handle(ready.popleft())

        executor = ProcessPoolExecutor(
            max_workers=workers, mp_context=_pool_context(), initializer=_init_worker, initargs=(worker,)
        )
        try:
            pending.append(executor.submit(_run_chunk, first))
            for chunk in chunks:
                pending.append(executor.submit(_run_chunk, chunk))
                self._stop.check()
                while len(pending) >= limit:
                    consume()
                    self._stop.check()
            while pending:
                consume()
                self._stop.check()
        except KeyboardInterrupt:
            self._drain(executor, pending, ready, handle)
            raise
        finally:
            executor.shutdown(wait=True, cancel_futures=True)

    @staticmethod
    def _drain(
        executor: ProcessPoolExecutor, pending: deque[Future[list[Result]]], ready: deque[Result],
        handle: Callable[[Result], None],
    ) -> None:
        """After Ctrl-C: drop queued chunks, record the finished ones and those being worked on.

        A second Ctrl-C stops waiting: workers get SIGTERM, which unwinds them through
        `write_atomic`'s cleanup, so even then no temporary file is left behind.
        """
        for f in pending:
            f.cancel()
        try:
            while ready:
                handle(ready.popleft())
            for f in pending:
                if not f.cancelled():
                    for r in f.result():
                        handle(r)
        except KeyboardInterrupt:
            for p in list(getattr(executor, "_processes", {}).values()):
                p.terminate()
        except Exception:
            pass  # a worker that died: its articles are simply not recorded

    def _bundle(self, parts: list[str], summary: Summary, display: _Display, inputs: Entries) -> None:
        """`OUT/articles.jsonl`: the parts in input order, rebuilt only when they changed.

        A bundle that cannot be written (or that would replace an input file) is one
        failure line naming it; the parts stay, so the next run only has to bundle.
        """
        assert self.out_dir is not None
        target = self.out_dir / JSONL_NAME
        if target in inputs:
            self._fail(summary, display, Problem(str(target), "not written: it is one of the input files"))
            return
        try:
            self._write_bundle(parts, target)
        except OSError as e:
            self._fail(summary, display, Problem(str(target), f"cannot write ({os_reason(e)})"))

    def _write_bundle(self, parts: list[str], target: Path) -> None:
        import hashlib
        import json

        from .output import create_temp, write_atomic

        assert self.out_dir is not None
        state = self.out_dir / STATE_DIR / "bundle.state"  # not .json: only articles look like data
        digest = hashlib.sha256()
        for name in parts:
            st = os.stat(self.out_dir / name)
            digest.update(f"{name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
        try:
            old = json.loads(state.read_text(encoding="utf-8"))
            st = os.stat(target)
            if old == {"digest": digest.hexdigest(), "size": st.st_size, "mtime_ns": st.st_mtime_ns}:
                return
        except (OSError, ValueError):
            pass
        fd, tmp = create_temp(target)
        try:
            with os.fdopen(fd, "wb") as out:
                for name in parts:
                    with open(self.out_dir / name, "rb") as f:
                        out.write(f.read())
            os.replace(tmp, target)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        st = os.stat(target)
        write_atomic(state, json.dumps({"digest": digest.hexdigest(), "size": st.st_size, "mtime_ns": st.st_mtime_ns}))

    def _print_summary(self, summary: Summary) -> None:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=None, show_header=True, box=None, pad_edge=False)
        table.add_column("files", style="bold")
        table.add_column("", justify="right")
        rate = summary.written / summary.seconds if summary.seconds else 0.0
        for name, value in (("read", summary.read), ("written", summary.written),
                            ("skipped (unchanged)", summary.skipped), ("failed", summary.failed)):
            style = "red" if name == "failed" and value else None
            table.add_row(name, f"{value:,}", style=style)
        if summary.figures:
            table.add_row("", "")
            table.add_row("[bold]figures", f"{sum(summary.figures.values()):,}")
            for kind, n in sorted(summary.figures.items(), key=lambda kv: (-kv[1], kv[0])):
                table.add_row(f"  {kind}", f"{n:,}")
        table.add_row("", "")
        table.add_row("time", f"{summary.seconds:.1f} s" + (f" ({rate:,.0f} files/s)" if summary.written else ""))
        Console(file=self.stderr, stderr=self.stderr is sys.stderr).print(table)
