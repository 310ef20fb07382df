"""Real-world and hostile input through `vnreport extract`, end to end.

Every input is made here: web pages, Word files (zipped XML), legacy encodings, broken,
binary, huge and unreadable files, symbolic links and loops, names that are not UTF-8,
output folders that are files or hold links out of them, rule files that are not YAML or
try to expand exponentially, and a rule that backtracks catastrophically. What must hold
every time: one line on stderr per failed file (`vnreport: PATH: reason`), the other
files processed and written, exit status 1 when a file failed (2 for unusable options or
rules), nothing written outside the output folder, and never a traceback.
"""

from __future__ import annotations

import errno
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner
from unprivileged import as_nobody

from vnreport.batch import STATE_DIR, collect
from vnreport.cli import app
from vnreport.document import fold
from vnreport.extract_run import Batch
from vnreport.ruleset import default_rules

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = (
    "Chiều ngày 15/12/2023, Hội LHPN quận tổ chức hội nghị tổng kết công tác Hội năm 2023.\n"
    "Các chị đã đóng góp hơn 628 triệu đồng cho 12 hộ nghèo.\n"
)
POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file system features")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def failures(err: str) -> dict[str, str]:
    """stderr as {path: reason}, checking that it is nothing but one line per failure."""
    assert "Traceback" not in err
    out: dict[str, str] = {}
    for line in err.splitlines():
        assert line.startswith("vnreport: "), line
        path, _, reason = line[len("vnreport: ") :].partition(": ")
        assert reason, line
        assert path not in out, f"two lines for {path}"
        out[path] = reason
    return out


def outputs(out: Path, suffix: str = ".yaml") -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in out.rglob(f"*{suffix}") if STATE_DIR not in p.parts)


def load(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    return json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def make_docx(*paragraphs: str) -> bytes:
    return zipped("".join(f'<w:p><w:r><w:t xml:space="preserve">{p}</w:t></w:r></w:p>' for p in paragraphs))


def zipped(body: str) -> bytes:
    """A minimal .docx: only word/document.xml, which is all Word needs to show text."""
    xml = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", xml)
    return buf.getvalue()


def encode_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese software wrote it: base letter, then the tone as a mark."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", ch)
        tone = "".join(c for c in decomposed if c in tones)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
        out += (base + tone).encode("cp1258")
    return bytes(out)


PAGE = """<!DOCTYPE html><html><head><meta charset="{charset}"><title>Tin tức</title>
<script>var total = "999 tỷ đồng";</script></head><body>
<nav><a href="/">Trang chủ</a> | Ngày 01/01/2020</nav>
<article><h1>Hội nghị tổng kết</h1><p>{body}</p></article>
<footer>Liên hệ: 0123 456 789</footer></body></html>"""


# --------------------------------------------------------------------------- formats


@pytest.fixture
def formats(tmp_path: Path) -> Path:
    """One article in every format vnreport reads, and a PDF that no glob asks for."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "b.md").write_text("# Hội nghị tổng kết\n\n" + ARTICLE, encoding="utf-8")
    (folder / "c.html").write_bytes(encode_cp1258(PAGE.format(charset="windows-1258", body=ARTICLE)))
    (folder / "d.htm").write_text(PAGE.format(charset="utf-8", body=ARTICLE), encoding="utf-8")
    (folder / "e.docx").write_bytes(make_docx("Hội nghị tổng kết", *ARTICLE.splitlines()))
    (folder / "F.TXT").write_text(ARTICLE, encoding="utf-8")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    return folder


def test_every_format_through_the_cli_with_the_text_kept(formats: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _, err = run("extract", str(formats), "-o", str(out), "-f", "json", "--keep-text",
                       "--glob", "*.txt,*.md", "--glob", "*.html", "--glob", "*.htm,*.docx")
    assert code == 0, err
    assert outputs(out, ".json") == ["F.json", "a.json", "b.json", "c.json", "d.json", "e.json"]
    encodings = {}
    for name in ("a", "b", "c", "d", "e", "F"):
        tree = load(out / f"{name}.json")
        kept = (out / f"{name}.txt").read_bytes().decode("utf-8")  # UTF-8, no BOM: offsets index it as read
        encodings[name] = tree["source"]["encoding"]
        assert tree["source"]["chars"] == len(kept)
        assert [f["value"] for f in tree["figures"] if f["unit"] == "VND"] == [628000000], name
        for item in tree["figures"] + tree["dates"] + tree["events"]:
            assert fold(kept[item["start"] : item["end"]]) == item["text"], (name, item)
        for entity in tree["organizations"]:
            for m in entity["mentions"]:
                assert fold(kept[m["start"] : m["end"]]).casefold() == entity["name"].casefold(), (name, entity)
        if name in "cde":  # markup and chrome are not part of the text
            assert "Trang chủ" not in kept and "999 tỷ" not in kept and "<" not in kept
            assert "01/01/2020" not in kept and "0123 456" not in kept
    assert encodings == {"a": "utf-8", "b": "utf-8", "c": "windows-1258", "d": "utf-8", "e": "utf-8", "F": "utf-8"}
    assert not (out / "scan.json").exists()


def test_default_glob_reads_text_files_and_says_how_to_read_the_others(formats: Path, tmp_path: Path) -> None:
    code, _, err = run("extract", str(formats), "-o", str(tmp_path / "out"))
    assert code == 0, err
    assert outputs(tmp_path / "out") == ["F.yaml", "a.yaml"]  # `*.txt` matches `.TXT` too
    others = tmp_path / "others"
    others.mkdir()
    for name in ("c.html", "e.docx", "scan.pdf"):
        shutil.copy(formats / name, others / name)
    code, _, err = run("extract", str(others), "-o", str(tmp_path / "out2"))
    assert code == 1
    [(path, reason)] = failures(err).items()
    assert path == str(others)
    assert "no file matching '*.txt'" in reason and "--glob '*.txt,*.docx,*.html'" in reason


def test_keep_text_changes_nothing_in_the_output(formats: Path, tmp_path: Path) -> None:
    """The batch reads the file itself when it keeps the text: the tree must not differ."""
    glob = "*.txt,*.md,*.html,*.htm,*.docx"
    for keep in (True, False):
        args = ["extract", str(formats), "-o", str(tmp_path / f"out{keep}"), "--glob", glob]
        code, _, err = run(*args, *(["--keep-text"] if keep else []))
        assert code == 0, err
    for name in outputs(tmp_path / "outTrue"):
        assert (tmp_path / "outTrue" / name).read_bytes() == (tmp_path / "outFalse" / name).read_bytes()
    assert outputs(tmp_path / "outFalse", ".txt") == []


def test_keep_text_needs_an_output_folder_and_never_replaces_an_input(formats: Path, tmp_path: Path) -> None:
    code, _, err = run("extract", str(formats / "a.txt"), "--keep-text")
    assert code == 2 and "-o" in err and len(err.splitlines()) == 1
    before = (formats / "a.txt").read_bytes()
    code, _, err = run("extract", str(formats), "-o", str(formats), "--keep-text", "--glob", "*.txt,*.html")
    assert code == 1
    problems = failures(err)
    assert set(problems) == {f"{formats}/a.txt", f"{formats}/F.TXT"}  # F.txt would be F.TXT on macOS
    assert all("would replace an input file" in reason for reason in problems.values())
    assert (formats / "a.txt").read_bytes() == before
    assert (formats / "c.yaml").exists() and (formats / "c.txt").exists()  # c.html's text is no input


def test_keep_text_rerun_skips_and_redoes_a_deleted_text(formats: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    rules = default_rules()
    first = Batch(rules, out_dir=out, keep_text=True, stderr=io.StringIO()).run([str(formats)], "*.txt,*.docx")[1]
    assert (first.written, first.skipped) == (3, 0)
    (out / "e.txt").unlink()
    again = Batch(rules, out_dir=out, keep_text=True, stderr=io.StringIO()).run([str(formats)], "*.txt,*.docx")[1]
    assert (again.written, again.skipped) == (1, 2) and (out / "e.txt").exists()


def test_output_folder_inside_the_input_folder_is_not_read_again(formats: Path) -> None:
    out = formats / "out"
    for _ in range(2):
        code, _, err = run("extract", str(formats), "-o", str(out), "--keep-text")
        assert code == 0, err
    assert outputs(out) == ["F.yaml", "a.yaml"] and not (out / "out").exists()


def test_encoding_is_named_and_a_guess_is_a_warning(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "cp1258.txt").write_bytes(encode_cp1258(ARTICLE))
    (folder / "mojibake.txt").write_bytes(ARTICLE.encode("utf-8").decode("cp1252", "replace").encode("utf-8"))
    (folder / "utf16.txt").write_bytes(ARTICLE.encode("utf-16"))
    (folder / "nfd.txt").write_bytes(unicodedata.normalize("NFD", ARTICLE).encode("utf-8"))
    out = tmp_path / "out"
    code, _, err = run("extract", str(folder), "-o", str(out), "--keep-text")
    assert code == 0, err
    trees = {name: load(out / f"{name}.yaml") for name in ("cp1258", "mojibake", "utf16", "nfd")}
    assert trees["cp1258"]["source"]["encoding"] == "windows-1258"
    assert "encoding guessed: windows-1258" in trees["cp1258"]["warnings"]
    assert trees["mojibake"]["source"]["encoding"].startswith("utf-8 (repaired")
    assert any(w.startswith("text repaired") for w in trees["mojibake"]["warnings"])
    assert trees["utf16"]["source"]["encoding"] == "utf-16-le" and trees["utf16"]["warnings"] == []
    assert trees["nfd"]["source"]["encoding"] == "utf-8"
    for name, tree in trees.items():
        kept = (out / f"{name}.txt").read_text(encoding="utf-8")
        assert [f["text"] for f in tree["figures"] if f["unit"] == "VND"] == ["hơn 628 triệu đồng"], name
        for item in tree["figures"] + tree["dates"]:
            assert fold(kept[item["start"] : item["end"]]) == item["text"], (name, item)


# ------------------------------------------------------------------ broken and large input


@POSIX
def test_a_folder_of_broken_files_fails_each_on_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "Tin tức").mkdir(parents=True)
    (folder / "adir.txt").mkdir()  # a folder named like an article is walked, not read
    good = {
        "Hội nghị tổng kết 2023.txt": "Hội nghị tổng kết 2023.yaml",
        "Tin tức/Bài 1.txt": "Tin tức/Bài 1.yaml",
        "adir.txt/trong.txt": "adir.txt/trong.yaml",
    }
    for name in good:
        (folder / name).write_text(ARTICLE, encoding="utf-8")
    bad = {
        "empty.txt": (b"", "empty file"),
        "nul.txt": (ARTICLE.encode() + b"\x00\x01\x02", "binary file (contains NUL bytes)"),
        "scan.txt": (b"%PDF-1.7\n" + bytes(range(256)), "binary file (PDF document"),
        "photo.txt": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "binary file (PNG image)"),
        "bom-only.txt": (b"\xef\xbb\xbf", "empty file"),
    }
    for name, (data, _) in bad.items():
        (folder / name).write_bytes(data)
    with open(folder / "big.txt", "wb") as f:  # sparse: 5 MB + 1 without writing it
        f.truncate(5_000_001)
    (folder / "dangling.txt").symlink_to("nowhere.txt")
    (folder / "self.txt").symlink_to("self.txt")
    (folder / "ping.txt").symlink_to("pong.txt")
    (folder / "pong.txt").symlink_to("ping.txt")
    (folder / "again").symlink_to(".")  # a folder linked into itself
    (folder / "Tin tức" / "up").symlink_to("..")
    os.mkfifo(folder / "pipe.txt")  # would block a reader forever
    out = tmp_path / "out"
    started = time.perf_counter()
    code, _, err = run("extract", str(folder), "-o", str(out), "--jobs", "2")
    assert time.perf_counter() - started < 60
    assert code == 1
    problems = failures(err)
    expected = {name: reason for name, (_, reason) in bad.items()} | {
        "big.txt": "file too large (5,000,001 bytes; the limit is 5,000,000); skipped (--max-bytes",
        "dangling.txt": "broken symbolic link",
        "self.txt": "symbolic link loop",
        "ping.txt": "symbolic link loop",
        "pong.txt": "symbolic link loop",
        "pipe.txt": "not a regular file",
    }
    assert set(problems) == {f"{folder}/{name}" for name in expected}
    for name, reason in expected.items():
        assert problems[f"{folder}/{name}"].startswith(reason), (name, problems[f"{folder}/{name}"])
    assert outputs(out) == sorted(good.values())  # names with Vietnamese letters and spaces kept
    assert load(out / "Tin tức" / "Bài 1.yaml")["source"]["path"] == f"{folder}/Tin tức/Bài 1.txt"


def test_max_bytes_is_an_option(tmp_path: Path) -> None:
    (tmp_path / "small.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "large.txt").write_text(ARTICLE * 20, encoding="utf-8")
    code, out, err = run("extract", str(tmp_path), "--max-bytes", "1000", "-f", "jsonl")
    assert code == 1
    assert list(failures(err)) == [f"{tmp_path}/large.txt"] and "--max-bytes" in err
    assert [json.loads(line)["source"]["path"] for line in out.splitlines()] == [f"{tmp_path}/small.txt"]
    code, _, err = run("extract", str(tmp_path), "--max-bytes", "0")
    assert code == 2 and "--max-bytes" in err
    code, out, err = run("extract", str(tmp_path), "--max-bytes", str(10**22))  # nothing is allocated up front
    assert code == 0 and len(out.splitlines()) > 2, err


def _drop_privileges_and_run(batch_args: dict[str, Any], paths: list[str]) -> tuple[int, str]:
    """Run a batch as `nobody` (root reads any file)."""

    def batch() -> tuple[int, str]:
        stderr = io.StringIO()
        status, _ = Batch(default_rules(), stderr=stderr, **batch_args).run(paths)
        return status, stderr.getvalue()

    status, stderr = as_nobody(batch)
    return status, stderr


@POSIX
def test_unreadable_file_and_folder() -> None:
    """A real EACCES, also as root: the batch then runs in a child that dropped to `nobody`."""
    base = Path(tempfile.mkdtemp(prefix="vnreport-perm-"))  # not pytest's tmp_path: private to root
    try:
        base.chmod(0o755)
        folder, out = base / "in", base / "out"
        (folder / "locked").mkdir(parents=True)
        folder.chmod(0o755)
        out.mkdir()
        (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
        (folder / "secret.txt").write_text(ARTICLE, encoding="utf-8")
        (folder / "locked" / "inner.txt").write_text(ARTICLE, encoding="utf-8")
        (folder / "good.txt").chmod(0o644)
        (folder / "secret.txt").chmod(0)
        (folder / "locked").chmod(0)
        readonly = base / "readonly"
        readonly.mkdir(mode=0o555)

        def batch_run(out_dir: Path) -> tuple[int, str]:
            if os.geteuid() == 0:
                return _drop_privileges_and_run({"out_dir": out_dir}, [str(folder)])
            stderr = io.StringIO()
            status, _ = Batch(default_rules(), out_dir=out_dir, stderr=stderr).run([str(folder)])
            return status, stderr.getvalue()

        if os.geteuid() == 0:
            os.chown(out, 65534, 65534)
            Batch(default_rules(), stderr=io.StringIO()).run([str(folder / "good.txt")])  # load lazily imported code
        status, err = batch_run(out)
        assert status == 1
        assert failures(err) == {
            f"{folder}/locked": "cannot read this folder (permission denied)",
            f"{folder}/secret.txt": "permission denied",
        }
        assert outputs(out) == ["good.yaml"]
        status, err = batch_run(readonly)  # an output folder that cannot be written: before any article
        assert (status, err) == (2, f"vnreport: -o {readonly}: cannot write in the output folder (permission denied)\n")
    finally:
        for p in (base / "in" / "locked", base / "in" / "secret.txt", base / "readonly"):
            if p.exists():
                p.chmod(0o700)
        shutil.rmtree(base, ignore_errors=True)


def test_output_folder_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "in" / "2024").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "in" / "2024" / "b.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "file").write_text("x", encoding="utf-8")
    for target in ("file", "file/sub"):
        code, _, err = run("extract", str(tmp_path / "in"), "-o", str(tmp_path / target))
        assert code == 2 and len(err.splitlines()) == 1 and "Traceback" not in err, err
    out = tmp_path / "out"
    out.mkdir()
    (out / "2024").write_text("in the way", encoding="utf-8")  # where a folder of outputs must go
    code, _, err = run("extract", str(tmp_path / "in"), "-o", str(out))
    assert code == 1
    assert failures(err) == {f"{tmp_path}/in/2024/b.txt": f"cannot write {out}/2024/b.yaml: {out}/2024 is a file, "
                             "not a folder"}
    assert outputs(out) == ["a.yaml"]
    state = tmp_path / "out2"
    state.mkdir()
    (state / STATE_DIR).write_text("x", encoding="utf-8")
    code, _, err = run("extract", str(tmp_path / "in"), "-o", str(state))
    assert code == 2 and "is not a folder" in err and "Traceback" not in err


def test_bookkeeping_that_cannot_be_written_fails_each_file_on_one_line(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    for name in ("a.txt", "b.txt"):
        (tmp_path / "in" / name).write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    (out / STATE_DIR / "manifest.ndjson").mkdir(parents=True)  # the manifest cannot be opened
    code, _, err = run("extract", str(tmp_path / "in"), "-o", str(out))
    assert code == 1
    assert all("could not be recorded" in reason for reason in failures(err).values()) and len(failures(err)) == 2
    jsonl = tmp_path / "out3"
    (jsonl / "articles.jsonl").mkdir(parents=True)
    code, _, err = run("extract", str(tmp_path / "in"), "-o", str(jsonl), "-f", "jsonl")
    assert code == 1 and list(failures(err)) == [f"{jsonl}/articles.jsonl"]


@POSIX
def test_outputs_never_leave_the_output_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work, outside, elsewhere = tmp_path / "work", tmp_path / "outside", tmp_path / "elsewhere"
    for d in (work / "in", outside, elsewhere):
        d.mkdir(parents=True)
    (tmp_path / "up.txt").write_text(ARTICLE, encoding="utf-8")
    (outside / "far.txt").write_text(ARTICLE, encoding="utf-8")
    (work / "in" / "link.txt").symlink_to(outside / "far.txt")  # an article read through a link
    (work / "in" / "trap").mkdir()
    (work / "in" / "trap" / "deep.txt").write_text(ARTICLE, encoding="utf-8")
    out = work / "out"
    out.mkdir()
    (out / "trap").symlink_to(elsewhere)  # a link inside OUT: following it would write outside
    before = sorted(p for p in tmp_path.rglob("*") if out not in p.parents)
    monkeypatch.chdir(work)
    code, _, err = run("extract", "in", "../up.txt", str(outside / "far.txt"), "-o", "out", "--keep-text")
    assert code == 1
    assert failures(err) == {"in/trap/deep.txt": "cannot write out/trap/deep.txt: a symbolic link inside the output "
                             f"folder leads outside it (out/trap -> {elsewhere})"}
    assert sorted(p for p in tmp_path.rglob("*") if out not in p.parents) == before  # nothing new outside OUT
    assert list(elsewhere.iterdir()) == []
    assert outputs(out) == ["far.yaml", "link.yaml", "up.yaml"]
    assert load(out / "up.yaml")["source"]["path"] == "../up.txt"


def test_two_inputs_with_one_output_name_both_keep_their_output(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "x").mkdir(parents=True)
    (folder / "y").mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "a.md").write_text(ARTICLE.replace("628", "729"), encoding="utf-8")
    (folder / "x" / "b.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "y" / "b.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = run("extract", str(folder), "-o", str(out), "--glob", "*.txt,*.md", "--keep-text")
    assert code == 0, err
    assert outputs(out) == ["a.md.yaml", "a.txt.yaml", "x/b.yaml", "y/b.yaml"]
    assert load(out / "a.md.yaml")["source"]["path"].endswith("a.md")
    assert load(out / "a.txt.yaml")["source"]["path"].endswith("a.txt")
    assert "729" in (out / "a.md.txt").read_text(encoding="utf-8")
    code, _, err = run("extract", str(folder), "-o", str(tmp_path / "jl"), "--glob", "*.txt,*.md", "-f", "jsonl")
    assert code == 0, err
    lines = (tmp_path / "jl" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4
    # Two files of one name given from different folders cannot be told apart by name.
    code, _, err = run("extract", str(folder / "x" / "b.txt"), str(folder / "y" / "b.txt"), "-o", str(tmp_path / "o2"))
    assert code == 1
    assert list(failures(err)) == [f"{folder}/y/b.txt"] and f"{folder}/x/b.txt" in err
    assert outputs(tmp_path / "o2") == ["b.yaml"]
    code, printed, _ = run("extract", str(folder / "x" / "b.txt"), str(folder / "y" / "b.txt"))
    assert code == 0 and len(list(yaml.safe_load_all(printed))) == 2  # on stdout there is no clash


def test_names_differing_only_in_case_or_unicode_form_do_not_overwrite(tmp_path: Path) -> None:
    """macOS and Windows (and USB sticks anywhere) take `A.yaml` and `a.yaml` for one file."""
    from vnreport.batch import output_relative

    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    for name in ("Hội.txt", unicodedata.normalize("NFD", "Hội.md"), "HỘI.html"):
        (one / name).write_text(ARTICLE, encoding="utf-8")
    jobs, problems = collect([str(one)], "*.txt,*.md,*.html")
    assert problems == [] and len(jobs) == 3
    assert sorted(output_relative(j, ".yaml") for j in jobs) == sorted(
        [unicodedata.normalize("NFD", "Hội.md.yaml"), "Hội.txt.yaml", "HỘI.html.yaml"])
    (two / "A.txt").write_text(ARTICLE, encoding="utf-8")
    (two / "a.TXT").write_text(ARTICLE, encoding="utf-8")
    if len(os.listdir(two)) == 1:
        pytest.skip("this file system ignores case")
    jobs, problems = collect([str(two)])
    assert [output_relative(j, ".yaml") for j in jobs] == ["A.yaml"]
    assert [p.display for p in problems] == [f"{two}/a.TXT"]


@POSIX
def test_names_that_are_not_utf8_or_hold_line_breaks(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    raw = os.fsencode(folder)
    try:
        for name, data in ((b"bad\xffname.txt", ARTICLE.encode()), (b"empty\xfe.txt", b""),
                           (b"two\nlines.txt", ARTICLE.encode()), (b"empty\nfile.txt", b"")):
            with open(raw + b"/" + name, "wb") as f:
                f.write(data)
    except OSError as e:
        pytest.skip(f"this file system refuses such names: {e}")
    for fmt in ("yaml", "json", "jsonl"):
        for _run in range(2):  # the rerun reads the manifest back
            out = tmp_path / f"out-{fmt}"
            code, _, err = run("extract", str(folder), "-o", str(out), "-f", fmt)
            assert code == 1
            assert failures(err) == {f"{folder}/empty\\n" "file.txt": "empty file",
                                     f"{folder}/empty\\xfe.txt": "empty file"}
            names = sorted(os.listdir(os.fsencode(out)))
            if fmt != "jsonl":
                assert names == [b".vnreport", b"bad\xffname." + fmt.encode(), b"two\nlines." + fmt.encode()]
            else:
                assert len((out / "articles.jsonl").read_text(encoding="utf-8").splitlines()) == 2
    code, printed, err = run("extract", str(folder), "-f", "jsonl")
    paths = sorted(json.loads(line)["source"]["path"] for line in printed.splitlines())
    assert paths == [f"{folder}/bad\\xffname.txt", f"{folder}/two\nlines.txt"]


def test_a_full_disk_on_stdout_is_one_line() -> None:
    class Full(io.StringIO):
        def write(self, s: str) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    stderr = io.StringIO()
    folder = ROOT / "samples"
    status, _ = Batch(default_rules(), stdout=Full(), stderr=stderr).run([str(folder)])
    assert status == 1
    assert stderr.getvalue() == "vnreport: cannot write to standard output (no space left on device)\n"


@POSIX
def test_a_closed_pipe_ends_the_run_quietly(tmp_path: Path) -> None:
    for i in range(80):
        (tmp_path / f"a{i:02d}.txt").write_text(ARTICLE, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "vnreport.cli", "extract", str(tmp_path)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(100)
    proc.stdout.close()  # `| head -c 100`
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 1
    assert "Traceback" not in err and "Exception" not in err


# ----------------------------------------------------------------- formats that explode


def test_pathological_markup_and_zip_bombs_are_quick(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "tags.html").write_text("<p>Hội nghị ngày 15/12/2023.</p>" + "<a " * 40000, encoding="utf-8")
    (folder / "comments.html").write_text("<p>Hội nghị.</p>" + "<!--<p>x" * 20000, encoding="utf-8")
    (folder / "stray.html").write_text("<p>Ngày 15/12/2023, Hội họp.</p><![foo[ x ]]><p>Tiếp.</p>", encoding="utf-8")
    (folder / "bomb.docx").write_bytes(zipped("<w:p/>" * 2_000_000))  # 12 MB of XML in a few KB
    (folder / "deep.docx").write_bytes(zipped("<w:sdt>" * 5000 + "<w:p/>" + "</w:sdt>" * 5000))
    (folder / "broken.docx").write_bytes(make_docx("Hội")[:-30])
    assert (folder / "bomb.docx").stat().st_size < 100_000
    stderr = io.StringIO()
    started = time.perf_counter()
    status, summary = Batch(default_rules(), out_dir=tmp_path / "out", timeout=30, stderr=stderr).run(
        [str(folder)], "*.html,*.docx")
    assert time.perf_counter() - started < 30
    assert status == 1 and summary.written == 3
    problems = failures(stderr.getvalue())
    assert "more than 1,500,000 XML elements" in problems[f"{folder}/bomb.docx"]
    assert "nested too deeply" in problems[f"{folder}/deep.docx"]
    assert problems[f"{folder}/broken.docx"].startswith("not a valid .docx file")
    assert "15/12/2023" in load(tmp_path / "out" / "tags.yaml")["dates"][0]["text"]
    assert load(tmp_path / "out" / "stray.yaml")["source"]["chars"] == len("Ngày 15/12/2023, Hội họp.\n\nTiếp.")


def test_an_article_that_takes_too_long_is_abandoned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`--timeout`: one slow article fails on one line, in this process and in workers."""
    from vnreport import pipeline, reading

    def slow(real: Any) -> Any:
        def read(path: Path, **kw: Any) -> Any:
            if Path(path).name == "slow.txt":
                while True:
                    time.sleep(0.01)
            return real(path, **kw)

        return read

    monkeypatch.setattr(pipeline, "read_path", slow(pipeline.read_path))
    monkeypatch.setattr(reading, "read_path", slow(reading.read_path))
    for name in ("a.txt", "slow.txt", "z.txt"):
        (tmp_path / "in").mkdir(exist_ok=True)
        (tmp_path / "in" / name).write_text(ARTICLE, encoding="utf-8")
    for jobs, keep in ((1, False), (2, False), (1, True)):
        stderr = io.StringIO()
        started = time.perf_counter()
        batch = Batch(default_rules(), out_dir=tmp_path / f"out{jobs}{keep}", jobs=jobs, keep_text=keep,
                      timeout=0.5, stderr=stderr)
        status, summary = batch.run([str(tmp_path / "in")])
        assert time.perf_counter() - started < 20
        assert status == 1 and summary.written == 2
        assert failures(stderr.getvalue()) == {
            f"{tmp_path}/in/slow.txt": "extraction took longer than 0.5 s and was abandoned (--timeout)"}
    code, _, err = run("extract", str(tmp_path / "in" / "a.txt"), "--timeout", "-1")
    assert code == 2 and "--timeout" in err
    monkeypatch.undo()
    for no_limit in ("0", "1e20", "inf"):
        code, _, err = run("extract", str(tmp_path / "in" / "a.txt"), "--timeout", no_limit)
        assert code == 0, err


# ------------------------------------------------------------------------------ rules


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def rule_folder(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "mine.yaml").write_text(text, encoding="utf-8")
    return folder


def assert_rule_problem(code: int, err: str, line: int, words: str) -> None:
    assert code == 2 and "Traceback" not in err
    first, last = err.splitlines()
    assert first.startswith(f"{Path('rules') / 'mine.yaml'}:{line}: ") or f"mine.yaml:{line}: " in first, first
    assert words in first
    assert last.startswith("vnreport: the rules above cannot be used")


def test_rule_file_that_is_not_yaml(tmp_path: Path, article: Path) -> None:
    rules = rule_folder(tmp_path, "family: figures\nrules:\n  - name: x\n    pattern: [unclosed\n")
    code, _, err = run("extract", str(article), "--rules", str(rules))
    assert_rule_problem(code, err, 5, "not valid YAML")


def test_rule_file_with_a_python_tag_is_refused_and_never_run(tmp_path: Path, article: Path) -> None:
    marker = tmp_path / "ran"
    rules = rule_folder(tmp_path, "family: figures\nrules:\n  - name: x\n"
                        f"    pattern: !!python/object/apply:os.system ['touch {marker}']\n")
    code, _, err = run("extract", str(article), "--rules", str(rules))
    assert_rule_problem(code, err, 4, "not valid YAML")
    assert not marker.exists()


def test_rule_file_built_to_explode_through_aliases(tmp_path: Path, article: Path) -> None:
    """A billion-laughs file: nine levels of nine aliases, 9^9 rules if expanded."""
    lines = ['a0: &a0 {name: lol, pattern: lol, family: figures}']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    rules = rule_folder(tmp_path, "\n".join(lines) + "\nrules: *a9\n")
    cmd = [sys.executable, "-m", "vnreport.cli", "extract", str(article), "--rules", str(rules)]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=15)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert re.match(r"\S*mine\.yaml:\d+: ", proc.stderr), proc.stderr


def test_catastrophic_rule_on_a_long_line_costs_a_warning(tmp_path: Path) -> None:
    rules = rule_folder(tmp_path, "family: figures\nrules:\n  - name: nested repetition\n"
                        "    pattern: '(a|aa)+$'\n    kind: count\n")
    path = tmp_path / "long.txt"
    path.write_text(ARTICLE + "a" * 50_000 + "!\n" + ARTICLE, encoding="utf-8")
    cmd = [sys.executable, "-m", "vnreport.cli", "extract", str(path), "--rules", str(rules), "-f", "json",
           "--timeout", "0"]
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert time.perf_counter() - started < 30
    assert proc.returncode == 0, proc.stderr
    tree = json.loads(proc.stdout)
    assert any("nested repetition" in w and "timed out" in w for w in tree["warnings"])
    assert [f["value"] for f in tree["figures"] if f["unit"] == "VND"] == [628000000, 628000000]


@POSIX
def test_rule_folder_with_a_loop_and_a_binary_file(tmp_path: Path, article: Path) -> None:
    rules = rule_folder(tmp_path, "description: nothing\n")
    (rules / "again").symlink_to(".")
    (rules / "bin.yaml").write_bytes(b"\xff\xfe\x00binary")
    code, _, err = run("extract", str(article), "--rules", str(rules))
    assert code == 2 and "Traceback" not in err
    assert "bin.yaml:1: cannot read" in err and len(err.splitlines()) == 2


def test_no_failure_line_is_ever_two_lines() -> None:
    """The message helper escapes what would break a line, whatever a name holds."""
    from vnreport.extract_run import Problem, problem_line

    line = problem_line(Problem("a\nb\r\u2028c\udcff.txt", "empty file"))
    assert line.splitlines() == [line] and line == "vnreport: a\\nb\\r\\u2028c\\xff.txt: empty file"


def test_glob_patterns_must_not_be_empty(article: Path) -> None:
    for bad in ("", "*.txt,", " , "):
        code, _, err = run("extract", str(article.parent), "--glob", bad)
        assert code == 2 and err.startswith("vnreport: --glob: ") and len(err.splitlines()) == 1


@pytest.mark.parametrize("piece", ["1234", "1.234.000", "12 000", "3 trăm", "15/12", "hai mươi"])
def test_a_long_run_of_numbers_costs_linear_time(piece: str) -> None:
    """Thousands of numbers, one per line (a table pasted as text): four times the lines
    may cost about four times the time, not sixteen (a look-ahead that rescanned the rest
    of such a run at every number once made 2,000 lines take six seconds)."""
    import vnreport

    rules = default_rules()
    vnreport.extract_text(piece, rules=rules)

    def cost(n: int) -> float:
        text = "\n".join([piece] * n)
        best = float("inf")
        for _ in range(2):
            started = time.process_time()
            vnreport.extract_text(text, rules=rules)
            best = min(best, time.process_time() - started)
        return best

    small, large = cost(500), cost(2000)
    assert large < 0.5 or large < 9 * small, (small, large)
