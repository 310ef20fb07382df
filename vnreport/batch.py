"""Which files a run reads, where each result goes, and which results are still good.

Users point vnreport at folders of articles and expect the output tree to mirror the
input tree, with nothing ever written outside the output folder whatever the input
names look like (`../x.txt`, absolute paths, symlinks).

A rerun over a folder of thousands of articles should only redo what changed. The
contract's output has no field for the rules or the program that made it, so that
bookkeeping lives in a manifest inside the output folder (`OUT/.vnreport/manifest.ndjson`,
hidden, so that neither a folder walk nor `vnreport dataset` mistakes it for output).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath

DEFAULT_GLOB = "*.txt"
#: The folder inside OUT that holds vnreport's own bookkeeping (never an article's output).
STATE_DIR = ".vnreport"
#: Not `.jsonl`: tools that read every JSON Lines file under OUT as articles must not see it.
MANIFEST_NAME = "manifest.ndjson"


@dataclass(frozen=True)
class Job:
    path: Path  # where to read the article
    display: str  # the path as the user gave it (folder as given + path inside it)
    relative: PurePosixPath  # where its output goes, relative to the output folder


@dataclass(frozen=True)
class Problem:
    display: str
    reason: str


def _walk(folder: Path, pattern: str) -> Iterator[Path]:
    """Files under `folder` matching `pattern`, sorted, without following symlinked folders.

    Not following folder symlinks is what makes a symlink loop harmless.
    """
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        base = Path(root)
        for name in sorted(files):
            p = base / name
            if name.startswith("."):
                continue
            if p.relative_to(folder).match(pattern) or PurePosixPath(name).match(pattern):
                yield p


def _safe_relative(rel: PurePosixPath) -> PurePosixPath:
    """A relative output path with no `..`, root or drive: always inside the output folder."""
    parts = [p for p in rel.parts if p not in ("", ".", "..", "/") and not p.endswith(":")]
    return PurePosixPath(*parts) if parts else PurePosixPath("article")


def collect(paths: Sequence[str], pattern: str = DEFAULT_GLOB) -> tuple[list[Job], list[Problem]]:
    """Expand files and folders into jobs; a missing path or an empty folder is a problem.

    Jobs are small (a path and two names), so even a folder of a hundred thousand articles
    is a few megabytes of jobs; the articles themselves are only read when processed.
    """
    jobs: list[Job] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for given in paths:
        p = Path(given)
        if p.is_dir():
            found = False
            for f in _walk(p, pattern):
                found = True
                rel = PurePosixPath(f.relative_to(p).as_posix())
                display = (PurePosixPath(given) / rel).as_posix() if given not in (".", "./") else rel.as_posix()
                if display in seen:
                    continue
                seen.add(display)
                jobs.append(Job(f, display, _safe_relative(rel)))
            if not found:
                problems.append(Problem(given, f"no file matching {pattern!r} in this folder"))
        elif p.exists() or p.is_symlink():
            if given not in seen:
                seen.add(given)
                jobs.append(Job(p, given, _safe_relative(PurePosixPath(p.name))))
        else:
            problems.append(Problem(given, "no such file or folder"))
    return jobs, problems


def output_path(out_dir: Path, job: Job, suffix: str) -> Path:
    """`OUT/<path inside the folder given>` with the format's suffix."""
    return out_dir / job.relative.with_suffix(suffix).as_posix()


def output_relative(job: Job, suffix: str, under: str = "") -> str:
    """The manifest's name for a job's output: a POSIX path relative to OUT."""
    rel = job.relative.with_suffix(suffix)
    return (PurePosixPath(under) / rel).as_posix() if under else rel.as_posix()


@lru_cache(maxsize=1)
def program_version() -> str:
    """The version plus a digest of the package's code and data files.

    A release number alone does not change while someone edits a family module in a
    checkout; with the digest, outputs made by other code are never mistaken for current.
    Hashing the package is about a millisecond.
    """
    from . import __version__

    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".yaml", ".yml", ".json", ".txt") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return f"{__version__}+{digest.hexdigest()[:12]}"


@dataclass(frozen=True)
class Recipe:
    """Everything besides the article's bytes that decides what its output looks like."""

    rules: str  # RuleSet.fingerprint
    version: str  # program_version()
    options: str  # the options that change the output (reference date, format)


@dataclass
class Entry:
    """One manifest line: an output, what it was made from, and the file as it was written.

    `size` and `mtime_ns` of the output are checked before an entry is trusted, so an
    output that was deleted, replaced or edited since is made again.
    """

    output: str  # POSIX path relative to OUT
    article: str  # the article's path as given (it is written into the output)
    sha256: str  # of the article's bytes
    rules: str
    version: str
    options: str
    size: int
    mtime_ns: int
    figures: dict[str, int] = field(default_factory=dict)  # figures per kind, for the summary

    def made_by(self, recipe: Recipe) -> bool:
        return (self.rules, self.version, self.options) == (recipe.rules, recipe.version, recipe.options)


def file_sha256(path: Path, limit: int) -> str | None:
    """sha256 of a file's bytes, or None when it cannot be read or is larger than `limit`."""
    try:
        with open(path, "rb") as f:
            data = f.read(limit + 1)
    except OSError:
        return None
    return hashlib.sha256(data).hexdigest() if len(data) <= limit else None


class Manifest:
    """The append-only record of outputs in an output folder.

    Each finished output adds one JSON line, appended with a single `write` after the output
    itself was renamed into place; the last line for an output wins. A line cut short by a
    crash is ignored (and the next append starts on a fresh line), so the worst an
    interruption can do is make one article be extracted again. The file is rewritten
    compactly, atomically, when superseded lines outnumber live ones.
    """

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self.path = out_dir / STATE_DIR / MANIFEST_NAME
        self.entries: dict[str, Entry] = {}
        self.lines = 0
        self._fd: int | None = None

    def load(self) -> Manifest:
        try:
            with open(self.path, encoding="utf-8", errors="replace") as f:
                for line in f:
                    self.lines += 1
                    try:
                        raw = json.loads(line)
                        entry = Entry(**raw)
                    except (ValueError, TypeError):
                        continue  # a torn or foreign line: that output is simply redone
                    self.entries[entry.output] = entry
        except FileNotFoundError:
            pass
        return self

    def fresh(self, output: str, source: str, article: Path, recipe: Recipe, max_bytes: int) -> Entry | None:
        """The entry for `output` when that output is current, else None.

        Current means: the output file is there as it was written, and it was made from
        this article's bytes, under this name, with these rules, program and options.
        The cheap checks come first; the article is hashed only when all of them pass.
        """
        entry = self.entries.get(output)
        if entry is None or entry.article != source or not entry.made_by(recipe):
            return None
        try:
            st = os.stat(self.out_dir / output)
        except OSError:
            return None
        if st.st_size != entry.size or st.st_mtime_ns != entry.mtime_ns:
            return None
        if file_sha256(article, max_bytes) != entry.sha256:
            return None
        return entry

    def _open(self) -> int:
        if self._fd is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            size = os.fstat(self._fd).st_size
            if size:
                with open(self.path, "rb") as f:
                    f.seek(size - 1)
                    if f.read(1) != b"\n":
                        os.write(self._fd, b"\n")  # finish a line torn by a crash
        return self._fd

    def record(self, entry: Entry) -> None:
        line = json.dumps(asdict(entry), ensure_ascii=False, separators=(",", ":")) + "\n"
        os.write(self._open(), line.encode("utf-8"))
        self.entries[entry.output] = entry
        self.lines += 1

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def compact(self) -> None:
        """Rewrite the manifest with one line per live output, when it has grown stale."""
        if self.lines <= 2 * len(self.entries) + 64:
            return
        from .output import write_atomic

        self.close()
        live = [e for e in self.entries.values() if (self.out_dir / e.output).exists()]
        text = "".join(json.dumps(asdict(e), ensure_ascii=False, separators=(",", ":")) + "\n" for e in live)
        with contextlib.suppress(OSError):  # compaction is an optimisation, never a failure
            write_atomic(self.path, text)
            self.entries = {e.output: e for e in live}
            self.lines = len(live)
