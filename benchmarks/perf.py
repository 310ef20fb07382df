"""Where the time of `vnreport extract` goes, measured so that two versions can be compared.

    python benchmarks/perf.py                      # CPU ms per article in each stage
    python benchmarks/perf.py --cprofile 30        # the 30 functions with most own time
    python benchmarks/perf.py --instructions       # instructions per article (valgrind)
    python benchmarks/perf.py --startup            # loading the rules: compile, cache

The machine this runs on is usually shared, so wall time says little. The stage table
counts CPU time (`time.process_time`) of each pipeline stage in one warm process, the same
way `run.py` does for `results.md`; `--repeat` runs it several times and keeps each
stage's minimum, the run least disturbed by other processes. `--instructions` counts
instructions under valgrind (callgrind) for two corpus sizes and divides the difference by
the number of articles, which cancels the start-up and is repeatable to a fraction of a
percent: the measure to trust for a change of a few per cent. To compare two versions, run
the same command with `PYTHONPATH` pointing at each copy of the package and alternate.

The corpus is built by `corpus.py` when it is missing.
"""

from __future__ import annotations

import argparse
import cProfile
import itertools
import os
import pstats
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus as corpus_mod  # noqa: E402  (a sibling script, not a package)
import run as run_mod  # noqa: E402


def corpus_files(root: Path, count: int) -> list[Path]:
    """The first `count` articles of the benchmark corpus (built when missing)."""
    if not any(root.rglob("*.txt")):
        corpus_mod.build(root, 2000, corpus_mod.find_sources(None))
    return sorted(root.rglob("*.txt"))[:count]


def stages(files: Sequence[Path], repeat: int) -> dict[str, Any]:
    """The per-stage table of `run.py`, each stage's minimum over `repeat` runs."""
    best: dict[str, Any] | None = None
    for _ in range(repeat):
        r = run_mod.stage_profile(files)
        if best is None:
            best = r
            continue
        best["ms_per_article"] = min(best["ms_per_article"], r["ms_per_article"])
        for k, v in r["stages_ms"].items():
            best["stages_ms"][k] = min(best["stages_ms"].get(k, v), v)
    assert best is not None
    return best


def process(files: Sequence[Path], out: Path) -> None:
    """Extract, render and write each file, as one `--jobs 1` worker does."""
    from vnreport.output import render, write_atomic
    from vnreport.pipeline import extract_file
    from vnreport.ruleset import default_rules

    rules = default_rules()
    for i, f in enumerate(files):
        write_atomic(out / f"{i}.yaml", render(extract_file(f, rules=rules), "yaml"))


def profile(files: Sequence[Path], top: int) -> None:
    """cProfile over the files after a warm-up: the functions with most own time."""
    out = Path(tempfile.mkdtemp(prefix="vnreport-profile-"))
    try:
        process(files[:20], out)
        prof = cProfile.Profile()
        prof.enable()
        process(files, out)
        prof.disable()
    finally:
        shutil.rmtree(out, ignore_errors=True)
    stats = pstats.Stats(prof)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)


#: What `--instructions` can count on its own: a stage of `run.STAGES`, or these.
_EXTRA_STAGES = ("YAML dump", "write (temp + rename)")


def _counted(fn: Callable[..., Any]) -> Callable[..., Any]:
    """`fn`, run inside `itertools.starmap`: valgrind counts only inside `starmap_next`."""
    def inner(*args: Any, **kwargs: Any) -> Any:
        return next(itertools.starmap(lambda: fn(*args, **kwargs), [()]))
    return inner


def _worker(files: Sequence[Path], stage: str) -> None:
    """Run under valgrind: warm up on 20 articles, then process `files`, counting `stage`.

    Valgrind counts only inside `starmap_next` (`--toggle-collect`), and only the stage
    (or, for `all`, each whole article) runs inside `itertools.starmap`: start-up and
    warm-up are not counted, and neither is anything else.
    """
    import importlib

    from vnreport import output
    from vnreport.pipeline import extract_file
    from vnreport.ruleset import default_rules

    rules = default_rules()
    out = Path(tempfile.mkdtemp(prefix="vnreport-profile-"))
    try:
        warm = sorted(HERE.joinpath("corpus").rglob("*.txt"))[-20:]
        for i, f in enumerate(warm):
            output.write_atomic(out / f"w{i}.yaml", output.render(extract_file(f, rules=rules), "yaml"))
        render, write = output.render, output.write_atomic
        for label, module, attr in run_mod.STAGES:
            if label == stage:
                mod = importlib.import_module(module)
                setattr(mod, attr, _counted(getattr(mod, attr)))
        if ":" in stage:  # any function, looked up where its callers find it: `vnreport.figures:build`
            module, attr = stage.split(":", 1)
            mod = importlib.import_module(module)
            setattr(mod, attr, _counted(getattr(mod, attr)))
        if stage == "YAML dump":
            render = _counted(render)
        elif stage == "write (temp + rename)":
            write = _counted(write)

        def one(i: int, f: Path) -> None:
            write(out / f"{i}.yaml", render(extract_file(f, rules=rules), "yaml"))

        if stage == "all":
            list(itertools.starmap(one, enumerate(files)))
        else:
            for i, f in enumerate(files):
                one(i, f)
    finally:
        shutil.rmtree(out, ignore_errors=True)


_TOTAL = re.compile(r"Collected\s*:\s*([\d,]+)")


def instructions(root: Path, count: int, stage: str = "all") -> float:
    """Instructions (valgrind's `Ir`) per article in `stage` (`all`: everything)."""
    with tempfile.TemporaryDirectory() as tmp:
        cmd = ["valgrind", "--tool=callgrind", "--toggle-collect=starmap_next",
               f"--callgrind-out-file={tmp}/cg.out", sys.executable, __file__,
               "--worker", str(count), "--stage", stage, "--corpus", str(root)]
        res = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=tmp)
        m = _TOTAL.search(res.stderr)
        if m is None:
            raise RuntimeError(f"no instruction count in valgrind's output:\n{res.stderr[-2000:]}")
        return int(m.group(1).replace(",", "")) / count


def startup(repeat: int) -> dict[str, float]:
    """CPU seconds to import the pipeline, load the built-in rules and extract a first
    article in a fresh process (minimum of `repeat`): without the pattern cache, with an
    empty one (the first run after a change of the rules) and with a warm one."""
    code = (
        "import time, sys; from pathlib import Path; t = time.process_time(); "
        "from vnreport.pipeline import extract_file; from vnreport.ruleset import default_rules; "
        "a = time.process_time(); rules = default_rules(); b = time.process_time(); "
        "extract_file(Path(sys.argv[1]), rules=rules); c = time.process_time(); "
        "print(a - t, b - a, c - b)"
    )
    article = str(corpus_files(HERE / "corpus", 1)[0])
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for label, cache in (("no cache", ""), ("cold cache", None), ("warm cache", os.path.join(tmp, "c"))):
            runs = []
            for _ in range(repeat):
                env = os.environ.copy()
                env["VNREPORT_CACHE_DIR"] = cache if cache is not None else os.path.join(tmp, f"c{len(runs)}")
                res = subprocess.run([sys.executable, "-c", code, article], capture_output=True, text=True,
                                     check=True, env=env, cwd=tmp)
                runs.append([float(x) for x in res.stdout.split()])
            imp, rules, first = (min(col) for col in zip(*runs, strict=True))
            out[f"{label}: import"] = round(imp, 3)
            out[f"{label}: load rules"] = round(rules, 3)
            out[f"{label}: first article"] = round(first, 3)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=HERE / "corpus")
    ap.add_argument("--count", type=int, default=500, help="articles to profile")
    ap.add_argument("--repeat", type=int, default=1, help="stage table: runs, each stage's minimum kept")
    ap.add_argument("--cprofile", type=int, metavar="TOP", help="print the TOP functions by own and total time")
    ap.add_argument("--instructions", action="store_true", help="instructions per article under valgrind")
    ap.add_argument("--stages", action="store_true", help="with --instructions: one count per stage (slow)")
    ap.add_argument("--stage", default="all",
                    help="with --instructions: count only this stage, or MODULE:FUNCTION (e.g. vnreport.figures:build)")
    ap.add_argument("--startup", action="store_true", help="time loading the rules in a fresh process")
    ap.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.worker is not None:
        _worker(corpus_files(args.corpus, args.worker), args.stage)
        return 0
    if args.instructions:
        count = min(args.count, 100)
        corpus_files(args.corpus, count)
        labels = [label for label, _, _ in run_mod.STAGES] + list(_EXTRA_STAGES) if args.stages else []
        print(f"instructions per article (valgrind, {count} articles):\n\n| stage | M instructions |\n|---|---|")
        for label in [*labels, args.stage]:
            print(f"| {label} | {instructions(args.corpus, count, label) / 1e6:.2f} |", flush=True)
        return 0
    if args.startup:
        print("| CPU seconds | value |\n|---|---|")
        for k, v in startup(max(args.repeat, 3)).items():
            print(f"| {k} | {v} |")
        return 0
    files = corpus_files(args.corpus, args.count)
    if args.cprofile:
        profile(files, args.cprofile)
        return 0
    t = time.process_time()
    r = stages(files, max(args.repeat, 1))
    print(f"{r['articles']} articles, {r['ms_per_article']} CPU-ms per article "
          f"(profile took {time.process_time() - t:.1f} s)\n")
    print("| stage | ms per article |\n|---|---|")
    for k, v in r["stages_ms"].items():
        print(f"| {k} | {v} |")
    print(f"| **total** | {sum(r['stages_ms'].values()):.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
