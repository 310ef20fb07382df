"""Which files a run reads and where each result goes.

Users point vnreport at folders of articles and expect the output tree to mirror the
input tree, with nothing ever written outside the output folder whatever the input
names look like (`../x.txt`, absolute paths, symlinks).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

DEFAULT_GLOB = "*.txt"


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
    """Expand files and folders into jobs; a missing path or an empty folder is a problem."""
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
