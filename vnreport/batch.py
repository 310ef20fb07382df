"""Which files a run reads, where each result goes, and which results are still good.

Users point vnreport at folders of articles and expect the output tree to mirror the
input tree, with nothing ever written outside the output folder whatever the input
names look like (`../x.txt`, absolute paths, symlinks, names that are not UTF-8), no
output replacing an input or another article's output, and one line for each path that
cannot be used.

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
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from pathlib import Path, PurePosixPath

from .reading import os_reason, read_at_most

DEFAULT_GLOB = "*.txt"
#: What `reading.read_path` reads by format; named in the hint for a folder with none matching.
READABLE_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".docx")
#: The folder inside OUT that holds vnreport's own bookkeeping (never an article's output).
STATE_DIR = ".vnreport"
#: Not `.jsonl`: tools that read every JSON Lines file under OUT as articles must not see it.
MANIFEST_NAME = "manifest.ndjson"
#: The suffix of the text `--keep-text` writes beside an article's output.
TEXT_SUFFIX = ".txt"


@dataclass(frozen=True)
class Job:
    path: Path  # where to read the article
    display: str  # the path as the user gave it (folder as given + path inside it)
    relative: PurePosixPath  # where its output goes, relative to the output folder
    #: Keep the input's suffix in the output name (`a.md.yaml`): another input has the same stem.
    keep_suffix: bool = False


@dataclass(frozen=True)
class Problem:
    display: str
    reason: str


def parse_globs(values: str | Iterable[str] | None) -> tuple[str, ...]:
    """The patterns of `--glob`: given several times, or as a comma-separated list, or both.

    Raises ValueError for an empty pattern (`--glob ''`, `'*.txt,'`), which would otherwise
    match nothing and look like an empty folder.
    """
    if values is None:
        return (DEFAULT_GLOB,)
    out: list[str] = []
    for value in [values] if isinstance(values, str) else values:
        for part in value.split(","):
            pattern = part.strip()
            if not pattern:
                raise ValueError(f"empty pattern in {value!r}")
            if pattern not in out:
                out.append(pattern)
    if not out:
        raise ValueError("no pattern given")
    return tuple(out)


def _matches(relative: str, patterns: tuple[str, ...]) -> bool:
    """Case-insensitive glob match from the right (`*.txt` matches `BAI VIET.TXT` in any folder).

    Files saved on Windows often have upper-case suffixes; a folder of `.TXT` articles that
    silently matched nothing would look like an empty folder.
    """
    path = PurePosixPath(relative.lower())
    return any(path.match(p) for p in patterns)


def printable(text: str) -> str:
    """A name made safe for a one-line message: control characters and line breaks escaped.

    File names may hold line breaks or bytes that are not UTF-8; printed as they
    are, one failure would take two lines or could not be printed at all.
    """
    return "".join(_escape(ch) for ch in text)


def _escape(ch: str) -> str:
    category = unicodedata.category(ch)
    if category == "Cs":  # a byte that was not UTF-8, as os.fsdecode hands it over
        return f"\\x{ord(ch) - 0xDC00:02x}" if 0xDC80 <= ord(ch) <= 0xDCFF else f"\\u{ord(ch):04x}"
    if category in ("Cc", "Zl", "Zp"):
        return ch.encode("unicode_escape").decode("ascii")
    return ch


def _utf8_name(name: str) -> str:
    """A path as text that can be written as UTF-8: undecodable bytes become `\\xNN`.

    On POSIX a file name is bytes; Python hands names that are not UTF-8 (an archive made
    on an old Windows system) over with lone surrogates, which no UTF-8 output can hold.
    The file itself is still read through its real name.
    """
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return name


def _walk(folder: Path, patterns: tuple[str, ...], skip_dirs: frozenset[tuple[int, int]],
          on_error: Callable[[OSError], None]) -> Iterator[Path]:
    """Files under `folder` matching `patterns`, sorted, without following symlinked folders.

    Not following folder symlinks is what makes a symlink loop (a folder linked into
    itself) harmless. Hidden files and folders are skipped, and so are the folders in
    `skip_dirs` (the output folder, when it sits inside an input folder: its kept texts
    and outputs are not articles). A subfolder that cannot be listed is reported through
    `on_error` instead of being skipped silently.
    """
    for root, dirs, files in os.walk(folder, onerror=on_error, followlinks=False):
        base = Path(root)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not _is_dir_in(base / d, skip_dirs))
        for name in sorted(files):
            if name.startswith("."):
                continue
            p = base / name
            if _matches(p.relative_to(folder).as_posix(), patterns):
                yield p


def _dir_id(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def _is_dir_in(path: Path, dirs: frozenset[tuple[int, int]]) -> bool:
    return bool(dirs) and _dir_id(path) in dirs


def _safe_relative(rel: PurePosixPath) -> PurePosixPath:
    """A relative output path with no `..`, root or drive: always inside the output folder."""
    parts = [p for p in rel.parts if p not in ("", ".", "..", "/") and not p.endswith(":")]
    return PurePosixPath(*parts) if parts else PurePosixPath("article")


def _name_key(path: PurePosixPath) -> str:
    """Two output names that one file system may take for the same file: NFC, case-folded.

    macOS and Windows file systems ignore case, and macOS also Unicode normalisation, so
    `Hội.yaml` written in NFC and in NFD, or `A.yaml` and `a.yaml`, would overwrite each other.
    """
    return unicodedata.normalize("NFC", path.as_posix()).casefold()


def _assign_output_names(jobs: list[Job]) -> tuple[list[Job], list[Problem]]:
    """Give every job an output name of its own; never let two articles share one.

    `a.txt` and `a.md` in one folder (a glob matching both) would both write `a.yaml`:
    then each keeps its suffix (`a.txt.yaml`, `a.md.yaml`), whichever order they come in,
    so neither name depends on which file was seen first. Inputs that still collide (two
    files named `a.txt` given from different folders, or names that differ only in case)
    cannot be told apart by name: the later ones fail with a reason instead of silently
    replacing the first one's output.
    """
    suffixes: dict[str, set[str]] = {}
    for job in jobs:
        suffixes.setdefault(_name_key(job.relative.with_suffix("")), set()).add(_name_key(job.relative))
    named = [
        replace(job, keep_suffix=True) if len(suffixes[_name_key(job.relative.with_suffix(""))]) > 1 else job
        for job in jobs
    ]
    taken: dict[str, Job] = {}
    kept: list[Job] = []
    problems: list[Problem] = []
    for job in named:
        key = _name_key(output_stem(job))
        first = taken.get(key)
        if first is not None:
            problems.append(Problem(job.display, f"its output would have the same name as that of {first.display} "
                                    "(give the folder that holds both, or rename one)"))
            continue
        taken[key] = job
        kept.append(job)
    return kept, problems


def collect(paths: Sequence[str], pattern: str | Sequence[str] = DEFAULT_GLOB,
            *, skip_dirs: Sequence[Path] = (), outputs: bool = True) -> tuple[list[Job], list[Problem]]:
    """Expand files and folders into jobs; a missing path or an empty folder is a problem.

    `pattern` is one glob, a comma-separated list, or a sequence of them (see
    `parse_globs`). With `outputs` (a run that writes files), every job gets an output
    name no other job has (see `_assign_output_names`); a run that prints to stdout needs
    none. Jobs are small (a path and two names), so even a folder of a hundred thousand
    articles is a few megabytes of jobs; the articles themselves are only read when
    processed.
    """
    patterns = tuple(p.lower() for p in parse_globs(pattern))
    skip = frozenset(i for i in (_dir_id(Path(d)) for d in skip_dirs) if i is not None)
    jobs: list[Job] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for given in paths:
        p = Path(given)
        shown = _utf8_name(given)
        if p.is_dir():
            found = False

            def unreadable(e: OSError, folder: Path = p, shown: str = shown) -> None:
                where = Path(e.filename) if e.filename else folder
                try:
                    inside = where.relative_to(folder).as_posix()
                except ValueError:
                    inside = "."
                name = shown if inside == "." else (PurePosixPath(shown) / _utf8_name(inside)).as_posix()
                problems.append(Problem(name, f"cannot read this folder ({os_reason(e)})"))

            for f in _walk(p, patterns, skip, unreadable):
                found = True
                rel = PurePosixPath(f.relative_to(p).as_posix())
                shown_rel = _utf8_name(rel.as_posix())
                display = (PurePosixPath(shown) / shown_rel).as_posix() if given not in (".", "./") else shown_rel
                if display in seen:
                    continue
                seen.add(display)
                jobs.append(Job(f, display, _safe_relative(rel)))
            if not found and not any(pr.display == shown for pr in problems):
                problems.append(Problem(shown, _nothing_matched(p, patterns)))
        elif p.exists() or p.is_symlink():
            key = os.path.normpath(shown)
            if key not in seen:
                seen.add(key)
                jobs.append(Job(p, shown, _safe_relative(PurePosixPath(p.name))))
        else:
            problems.append(Problem(shown, "no such file or folder"))
    if not outputs:
        return jobs, problems
    jobs, clashes = _assign_output_names(jobs)
    return jobs, problems + clashes


def _nothing_matched(folder: Path, patterns: tuple[str, ...]) -> str:
    """Why a folder gave no job, with the `--glob` that would read the articles it does hold."""
    listed = ", ".join(repr(p) for p in patterns)
    others: set[str] = set()
    for _root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            suffix = PurePosixPath(name.lower()).suffix
            if suffix in READABLE_SUFFIXES and not name.startswith("."):
                others.add(suffix)
        if len(others) == len(READABLE_SUFFIXES):
            break
    if not others:
        return f"no file matching {listed} in this folder"
    wanted = ",".join([*patterns, *(f"*{s}" for s in sorted(others))])
    return (f"no file matching {listed} in this folder (it has {', '.join(sorted(others))} files: "
            f"--glob '{wanted}' reads them)")


def output_stem(job: Job) -> PurePosixPath:
    """The job's output path relative to OUT, without the format's suffix."""
    return job.relative if job.keep_suffix else job.relative.with_suffix("")


def output_path(out_dir: Path, job: Job, suffix: str) -> Path:
    """`OUT/<path inside the folder given>` with the format's suffix."""
    return out_dir / (output_stem(job).as_posix() + suffix)


def output_relative(job: Job, suffix: str, under: str = "") -> str:
    """The manifest's name for a job's output: a POSIX path relative to OUT."""
    rel = output_stem(job).as_posix() + suffix
    return (PurePosixPath(under) / rel).as_posix() if under else rel


def outside_reason(out_dir: Path, target: Path) -> str | None:
    """Why writing `target` would leave `out_dir` (a symbolic link on the way), or None.

    Output names never contain `..` (see `_safe_relative`), but the output folder may
    already hold a symbolic link (`OUT/2024 -> /elsewhere`) from an earlier run or a
    colleague; following it would write outside OUT. The last component is not resolved:
    an existing output that is a link is replaced by the rename, never followed.
    """
    root = os.path.realpath(out_dir)
    parent = os.path.realpath(target.parent)
    if parent == root or parent.startswith(root.rstrip(os.sep) + os.sep):
        return None
    return f"a symbolic link inside the output folder leads outside it ({target.parent} -> {parent})"


class Entries:
    """Where each input file lives, to refuse an output that would replace one.

    Outputs go to OUT, but OUT may be an input folder (`vnreport extract data -o data`),
    and `--keep-text` writes `a.txt` beside `a.yaml`: the article `data/a.txt` itself. A
    directory entry is compared by its folder's real path and its name case-folded, so
    a case-insensitive file system cannot alias the two either.
    """

    def __init__(self, paths: Iterable[Path]) -> None:
        self._dirs: dict[str, str] = {}
        self.keys = {self.key(p) for p in paths}

    def key(self, path: Path) -> tuple[str, str]:
        folder = str(path.parent)
        real = self._dirs.get(folder)
        if real is None:
            real = self._dirs[folder] = os.path.realpath(folder)
        return real, unicodedata.normalize("NFC", path.name).casefold()

    def __contains__(self, path: Path) -> bool:
        return self.key(path) in self.keys


def prepare_out_dir(out_dir: Path) -> str | None:
    """Create the output folder; None when it can be used, else the one-line reason.

    Checked once, up front: otherwise a folder that is a file, or a state folder that
    cannot be made, would fail every article with the same message, or fail in the middle
    of the bookkeeping.
    """
    if out_dir.exists() and not out_dir.is_dir():
        return "exists and is not a folder"
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        return f"cannot create the output folder ({os_reason(e)})"
    state = out_dir / STATE_DIR
    if state.exists() and not state.is_dir():
        return f"{state} is not a folder (vnreport keeps its records there)"
    try:
        state.mkdir(exist_ok=True)
    except OSError as e:
        return f"cannot write in the output folder ({os_reason(e)})"
    return None


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
            data = read_at_most(f, limit, os.fstat(f.fileno()).st_size)
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
        except OSError:
            pass  # none yet, or unreadable: everything is extracted again (and writing says why)
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
        """Append one entry; raises OSError when the manifest cannot be written."""
        os.write(self._open(), _line(entry))
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
        data = b"".join(_line(e) for e in live)
        with contextlib.suppress(OSError):  # compaction is an optimisation, never a failure
            write_atomic(self.path, data)
            self.entries = {e.output: e for e in live}
            self.lines = len(live)


def _line(entry: Entry) -> bytes:
    """One manifest line as UTF-8; names that are not valid UTF-8 are written \\u-escaped.

    An output named after a file whose name is not UTF-8 keeps that name on disk, so the
    manifest must give it back exactly: JSON's escapes round-trip lone surrogates.
    """
    data = asdict(entry)
    try:
        return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(data, separators=(",", ":")) + "\n").encode("ascii")
