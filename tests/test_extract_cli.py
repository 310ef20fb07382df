"""`vnreport extract` on folders: parallel, incremental, resumable, with honest counts.

The article texts are written here; the assertions are about the batch (what is written,
skipped, counted, left behind), not about what the rule families find.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from vnreport.batch import MANIFEST_NAME, STATE_DIR
from vnreport.cli import app
from vnreport.extract_run import Batch, Summary
from vnreport.ruleset import default_rules

ROOT = Path(__file__).resolve().parent.parent

PARAGRAPHS = [
    "Chiều ngày {d}/12/2023, Hội LHPN quận tổ chức hội nghị tổng kết công tác Hội năm 2023.",
    "Cùng dự có bà Nguyễn Thị Huyền – Phó Chủ tịch Hội LHPN thành phố; ông Tạ Tự Bình – Phó Chủ tịch UBND quận.",
    "Các chị đã đóng góp hơn {n} triệu đồng, tỷ lệ hộ nghèo giảm còn {d},5%.",
    "Năm 2024, Quận Hội đề ra {d} nhiệm vụ trọng tâm và 12 chỉ tiêu cụ thể.",
]


def article(i: int) -> str:
    return "\n".join(p.format(d=i % 27 + 1, n=100 + i) for p in PARAGRAPHS) + "\nThanh Lài\n"


def make_corpus(folder: Path, count: int) -> list[Path]:
    paths = []
    for i in range(count):
        path = folder / f"{i // 10:02d}" / f"a{i:03d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(article(i), encoding="utf-8")
        paths.append(path)
    return paths


def batch(out: Path | None, **kw: object) -> Batch:
    kw.setdefault("stdout", io.StringIO())
    kw.setdefault("stderr", io.StringIO())
    return Batch(default_rules(), out_dir=out, **kw)  # type: ignore[arg-type]


def outputs(out: Path, suffix: str = ".yaml") -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in out.rglob(f"*{suffix}") if STATE_DIR not in p.parts)


def leftovers(out: Path) -> list[Path]:
    return [p for p in out.rglob("*") if p.name.endswith(".part") or ".part." in p.name]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    make_corpus(tmp_path / "in", 30)
    return tmp_path / "in"


def test_first_run_writes_everything_and_a_rerun_skips_everything(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    status, first = batch(out, jobs=2).run([str(corpus)])
    assert status == 0
    assert (first.read, first.written, first.skipped, first.failed) == (30, 30, 0, 0)
    assert len(outputs(out)) == 30
    mtimes = {p: p.stat().st_mtime_ns for p in out.rglob("*.yaml")}
    status, again = batch(out, jobs=2).run([str(corpus)])
    assert status == 0
    assert (again.read, again.written, again.skipped, again.failed) == (30, 0, 30, 0)
    assert again.figures == first.figures  # figures of skipped articles still counted
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.yaml")} == mtimes  # nothing rewritten


def test_only_what_changed_is_redone(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    batch(out, jobs=1).run([str(corpus)])
    (corpus / "00" / "a001.txt").write_text(article(99), encoding="utf-8")  # new bytes
    (out / "00" / "a002.yaml").unlink()  # output deleted
    (out / "00" / "a003.yaml").write_text("edited by hand\n", encoding="utf-8")  # output replaced
    _, s = batch(out, jobs=1).run([str(corpus)])
    assert (s.written, s.skipped) == (3, 27)
    tree = yaml.safe_load((out / "00" / "a003.yaml").read_text(encoding="utf-8"))
    assert tree["vnreport"] == "1"


def test_force_and_other_options_redo_everything(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    batch(out).run([str(corpus)])
    _, forced = batch(out, force=True).run([str(corpus)])
    assert (forced.written, forced.skipped) == (30, 0)
    from datetime import date

    _, other = batch(out, reference_date=date(2024, 1, 1)).run([str(corpus)])
    assert (other.written, other.skipped) == (30, 0)  # the reference date changes the output


def test_an_interrupted_run_leaves_whole_files_and_the_next_one_continues(corpus: Path, tmp_path: Path) -> None:
    """Ctrl-C in the parent after 12 articles: a simulated interruption at a chosen point."""
    out = tmp_path / "out"

    def interrupt_after(n: int):
        fired = []

        def hook(summary: Summary) -> None:
            if summary.written >= n and not fired:
                fired.append(True)
                raise KeyboardInterrupt

        return hook

    for jobs in (1, 2):
        status, s = batch(out, jobs=jobs, force=True, on_result=interrupt_after(12)).run([str(corpus)])
        assert status == 130 and s.interrupted
        assert leftovers(out) == []
        recorded = (out / STATE_DIR / MANIFEST_NAME).read_text(encoding="utf-8").splitlines()
        assert all(json.loads(line) for line in recorded)
        # Every output on disk is whole (parses), and the run resumes from what was recorded.
        for p in out.rglob("*.yaml"):
            assert yaml.safe_load(p.read_text(encoding="utf-8"))["vnreport"] == "1"
        status, resumed = batch(out, jobs=jobs).run([str(corpus)])
        assert status == 0
        assert resumed.skipped >= 12 and resumed.written == 30 - resumed.skipped
        assert len(outputs(out)) == 30


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_on_a_real_process_group(tmp_path: Path) -> None:
    """The real thing: SIGINT to the whole process group (parent and workers), as a terminal does."""
    make_corpus(tmp_path / "in", 200)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "vnreport.cli", "extract", str(tmp_path / "in"), "-o", str(out), "--jobs", "2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
                            cwd=ROOT)
    deadline = time.monotonic() + 30
    manifest = out / STATE_DIR / MANIFEST_NAME
    while time.monotonic() < deadline and proc.poll() is None:
        if manifest.exists() and manifest.stat().st_size > 0:
            break
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.skip("the run finished before the interruption arrived")
    assert proc.returncode == 130, err
    assert b"run the same command again" in err and b"Traceback" not in err
    assert leftovers(out) == []
    recorded = {json.loads(line)["output"] for line in manifest.read_text(encoding="utf-8").splitlines()}
    assert set(outputs(out)) == recorded  # every finished article was recorded, nothing else exists
    _, s = batch(out, jobs=2).run([str(tmp_path / "in")])
    assert s.skipped == len(recorded) and s.written == 200 - len(recorded)
    assert len(outputs(out)) == 200


def test_parallel_output_is_identical_to_serial(corpus: Path, tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    batch(one, jobs=1).run([str(corpus)])
    batch(two, jobs=2).run([str(corpus)])
    assert outputs(one) == outputs(two)
    for name in outputs(one):
        assert (one / name).read_bytes() == (two / name).read_bytes()
    streams = []
    for jobs in (1, 2):
        stdout = io.StringIO()
        batch(None, jobs=jobs, fmt="jsonl", stdout=stdout).run([str(corpus)])
        streams.append(stdout.getvalue())
    assert streams[0] == streams[1]
    expected = [f"{corpus}/{p.relative_to(corpus).as_posix()}" for p in sorted(corpus.rglob("*.txt"))]
    assert [json.loads(line)["source"]["path"] for line in streams[0].splitlines()] == expected


def test_workers_started_with_spawn_get_the_rules_too(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    """Where `fork` is not used (macOS, Windows), each worker receives the rules pickled."""
    import multiprocessing

    from vnreport import extract_run

    monkeypatch.setattr(extract_run, "_pool_context", lambda: multiprocessing.get_context("spawn"))
    status, s = batch(tmp_path / "out", jobs=2).run([str(corpus / "00")])
    assert status == 0 and s.written == 10


def test_jsonl_output_is_incremental_too(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _, first = batch(out, fmt="jsonl", jobs=2).run([str(corpus)])
    bundle = out / "articles.jsonl"
    lines = bundle.read_text(encoding="utf-8").splitlines()
    assert first.written == 30 and len(lines) == 30
    stamp = bundle.stat().st_mtime_ns
    _, again = batch(out, fmt="jsonl", jobs=2).run([str(corpus)])
    assert (again.written, again.skipped) == (0, 30)
    assert bundle.stat().st_mtime_ns == stamp  # unchanged parts: the bundle is not rewritten
    (corpus / "01" / "a015.txt").write_text(article(77), encoding="utf-8")
    _, third = batch(out, fmt="jsonl", jobs=2).run([str(corpus)])
    assert (third.written, third.skipped) == (1, 29)
    new_lines = bundle.read_text(encoding="utf-8").splitlines()
    assert len(new_lines) == 30 and sum(a != b for a, b in zip(lines, new_lines, strict=True)) == 1


def test_summary_counts_failures_and_missing_paths(corpus: Path, tmp_path: Path) -> None:
    (corpus / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    stderr = io.StringIO()
    status, s = batch(out, jobs=2, stderr=stderr).run([str(corpus), str(tmp_path / "missing.txt")])
    assert status == 1
    assert (s.read, s.written, s.skipped, s.failed) == (31, 30, 0, 2)
    assert s.read == s.written + s.skipped + (s.failed - 1)  # the missing path was never read
    lines = stderr.getvalue().splitlines()
    assert len(lines) == 2 and all(line.startswith("vnreport: ") for line in lines)
    assert sum(s.figures.values()) >= 0


def run_cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_cli_options_and_exit_statuses(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _, err = run_cli("extract", str(corpus), "-o", str(out), "--jobs", "2")
    assert code == 0 and err == ""  # quiet when stderr is not a terminal
    code, _, err = run_cli("extract", str(corpus), "-o", str(out), "--summary")
    assert code == 0
    assert "skipped" in err and "30" in err
    code, _, err = run_cli("extract", str(corpus), "-o", str(out), "--force", "--jobs", "1", "--no-progress")
    assert code == 0 and err == ""
    code, _, err = run_cli("extract", str(corpus), "--jobs", "0")
    assert code == 2 and "--jobs" in err
    (corpus / "empty.txt").write_bytes(b"")
    code, _, err = run_cli("extract", str(corpus), "-o", str(out))
    assert code == 1 and len(err.splitlines()) == 1 and "empty.txt" in err


def test_progress_and_summary_on_a_terminal(corpus: Path, tmp_path: Path) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stderr = Terminal()
    status, _ = batch(tmp_path / "out", jobs=2, stderr=stderr).run([str(corpus)])
    assert status == 0
    text = stderr.getvalue()
    assert all(word in text for word in ("read", "written", "skipped", "failed", "files/s"))


def test_benchmark_smoke(tmp_path: Path) -> None:
    """The benchmark script end to end on a tiny corpus (its numbers are not checked here)."""
    sources = tmp_path / "sources"
    sources.mkdir()
    for i in range(3):
        (sources / f"s{i}.txt").write_text(
            "\n".join(p.format(d=i + 3, n=200 + i) * 3 for p in PARAGRAPHS) + "\n", encoding="utf-8")
    script = ROOT / "benchmarks" / "run.py"
    proc = subprocess.run(
        [sys.executable, str(script), "--count", "20", "--quick", "--help-runs", "2", "--repeat", "1",
         "--sources", str(sources),
         "--corpus", str(tmp_path / "corpus"), "--work", str(tmp_path / "work"), "--results", str(tmp_path)],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    results = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert results["corpus"]["articles"] == 20
    assert results["corpus"]["bytes_min"] >= 3000 and results["corpus"]["bytes_max"] <= 5000
    assert results["runs"]["jobs1"]["status"] == 0 and results["runs"]["unchanged_rerun"]["status"] == 0
    assert "| `--jobs 1` |" in (tmp_path / "results.md").read_text(encoding="utf-8")


# --- YAML: the direct writer must write what PyYAML writes ----------------------------------

_ALPHABET = st.sampled_from([
    " ", "  ", ":", "#", "-", "'", '"', "?", "!", "&", "*", "|", ">", "%", "@", "`", ",", "[", "]", "{", "}",
    "a", "Z", "0", "9", ".", "ễ", "Đ", "ư", "–", "“", "…", "₫", "\u00a0", "\u200b", "\u0300", "\n", "\t",
    "\u2028", "\x85", "\ufeff", "🙂", "yes", "null", "1.5", "1e5", "0x1f", "12:30", "2024-01-01", "~", "---",
    "x" * 40, " w" * 30,
])
_TEXT = st.lists(_ALPHABET, max_size=12).map("".join)
_SCALAR = st.one_of(_TEXT, st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.just([]))
_KEYS = st.sampled_from(["kind", "value", "text", "start", "flags", "mentions", "a_b", "null", "x"])
_TREE = st.recursive(
    _SCALAR,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_KEYS, inner, max_size=5)),
    max_leaves=12,
)


def _pyyaml(tree: object) -> str:
    from vnreport.output import _Dumper

    return yaml.dump(tree, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(_KEYS, _TREE, min_size=1, max_size=6))
def test_yaml_writer_matches_pyyaml_on_random_trees(tree: dict) -> None:
    from vnreport.output import to_yaml

    assert to_yaml(tree) == _pyyaml(tree)


def test_yaml_writer_matches_pyyaml_on_extracted_articles(corpus: Path) -> None:
    from vnreport.output import _write_yaml
    from vnreport.pipeline import extract_file

    long_line = "Hội LHPN quận 'Ngũ Hành Sơn' đã trao " + "hơn 628 triệu đồng, " * 12 + "# cho hội viên: xong"
    for path in sorted(corpus.rglob("*.txt"))[:10]:
        tree = extract_file(path, rules=default_rules())
        tree["warnings"] = [long_line, "- bắt đầu bằng gạch", "yes", "", "  lề  "]
        assert _write_yaml(tree) == _pyyaml(tree)  # the direct path, not the fallback
