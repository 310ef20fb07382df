"""The `vnreport` command: parse options, call the library, print. Nothing else lives here.

Heavy modules (rules, regex, the pipeline) are imported inside the commands, so that
`vnreport --help` answers at once.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from . import __version__

app = typer.Typer(
    name="vnreport",
    help="Turn Vietnamese news reports into structured data: figures, dates, organisations, people, events.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

FORMATS = ("yaml", "json", "jsonl")


def usage_error(message: str) -> NoReturn:
    """Wrong usage: one line on stderr and exit status 2, as for unknown options."""
    sys.stderr.write(f"vnreport: {message}\n")
    raise typer.Exit(2)


def parse_reference_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        usage_error(f"--reference-date: expected a date as YYYY-MM-DD, got {value!r}")


def load_ruleset(rule_dirs: list[Path] | None):  # returns a RuleSet, imported lazily
    from .ruleset import RuleError, default_rules

    try:
        return default_rules(rule_dirs or [])
    except RuleError as e:
        for problem in e.problems:
            sys.stderr.write(f"{problem}\n")
        usage_error(f"the rules above cannot be used ({len(e.problems)} problem(s))")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"vnreport {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Turn Vietnamese news reports into structured data."""


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Article files or folders (searched recursively).")],
    out: Annotated[
        Path | None, typer.Option("-o", "--out", help="Output folder: one file per article, mirroring the input.")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="yaml, json or jsonl (one OUT/articles.jsonl).")] = "yaml",
    reference_date: Annotated[
        str | None, typer.Option("--reference-date", help="YYYY-MM-DD used to complete dates written without a year.")
    ] = None,
    rules: Annotated[
        list[Path] | None, typer.Option("--rules", help="A folder of your own rules, added to the built-in ones.")
    ] = None,
    glob: Annotated[
        list[str] | None,
        typer.Option("--glob", help="Which files to read inside folders, ignoring case; repeat the option or "
                     "separate patterns with commas: '*.txt,*.docx'. [default: *.txt]", show_default=False),
    ] = None,
    keep_text: Annotated[
        bool, typer.Option("--keep-text", help="Also write the text the offsets index (the decoded text, or the "
                           "main text of an HTML or Word file) as OUT/<name>.txt beside each output; needs -o.")
    ] = False,
    max_bytes: Annotated[int, typer.Option("--max-bytes", help="Skip files larger than this.")] = 5_000_000,
    timeout: Annotated[
        float, typer.Option("--timeout", help="Seconds one article may take before it is abandoned as failed "
                            "(0: no limit).")
    ] = 60.0,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", help="Worker processes (default: the number of CPUs).", show_default=False),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Extract every article again, even when its output in -o is current.")
    ] = False,
    progress: Annotated[
        bool | None,
        typer.Option("--progress/--no-progress", help="Progress bar (default: when stderr is a terminal).",
                     show_default=False),
    ] = None,
    summary: Annotated[
        bool | None,
        typer.Option("--summary/--no-summary", help="Closing table of counts (default: when stderr is a terminal).",
                     show_default=False),
    ] = None,
) -> None:
    """Extract figures, dates, organisations, people and events from articles.

    With -o, articles whose output is current (same bytes, rules and vnreport) are
    skipped, so an interrupted run continues where it stopped.
    """
    if fmt not in FORMATS:
        usage_error(f"--format: choose one of {', '.join(FORMATS)}, not {fmt!r}")
    if jobs is not None and jobs < 1:
        usage_error(f"--jobs: expected a number of processes of at least 1, got {jobs}")
    if max_bytes < 1:
        usage_error(f"--max-bytes: expected a size in bytes of at least 1, got {max_bytes}")
    if not timeout >= 0:  # also refuses nan
        usage_error(f"--timeout: expected a number of seconds (0 for no limit), got {timeout}")
    if keep_text and out is None:
        usage_error("--keep-text writes the text beside each output: give an output folder with -o")
    ref = parse_reference_date(reference_date)
    if out is not None and out.exists() and not out.is_dir():
        usage_error(f"-o {out}: exists and is not a folder")
    from .batch import parse_globs
    from .extract_run import Batch, default_jobs

    try:
        patterns = parse_globs(glob)
    except ValueError as e:
        usage_error(f"--glob: {e}")
    batch = Batch(
        load_ruleset(rules), out_dir=out, fmt=fmt, reference_date=ref, max_bytes=max_bytes,
        jobs=jobs or default_jobs(), force=force, keep_text=keep_text, timeout=timeout or None,
        progress=progress, summary=summary,
    )
    status, _ = batch.run(paths, patterns)
    raise typer.Exit(status)


@app.command()
def dataset(
    out_dir: Annotated[Path, typer.Argument(help="A folder of extracted output (vnreport extract -o).")],
    file: Annotated[
        Path, typer.Option("-o", "--output", help="Where the tables go; .csv, .jsonl or .xlsx decides the format.")
    ],
    tables: Annotated[
        str | None,
        typer.Option("--tables", help="Comma-separated: figures, dates, organizations, people, events, articles. "
                     "(default: all)", show_default=False),
    ] = None,
) -> None:
    """Tables for Excel and pandas from extracted articles: one row per figure, date, organisation…

    .csv (UTF-8 with BOM) and .jsonl: FILE holds figures, STEM.dates.csv etc. the others; .xlsx: a sheet each.
    """
    if not out_dir.is_dir():
        usage_error(f"{out_dir}: not a folder")
    from .dataset import DatasetError, build_dataset, parse_tables

    try:
        chosen = parse_tables(tables)
        result = build_dataset(out_dir, file, chosen)
    except DatasetError as e:
        usage_error(str(e))
    except OSError as e:
        sys.stderr.write(f"vnreport: cannot write {file}: {e.strerror or e}\n")
        raise typer.Exit(1) from None
    if sys.stderr.isatty():
        counts = ", ".join(f"{result.rows[t]:,} {t}" for t in chosen)
        sys.stderr.write(f"vnreport: {result.articles:,} articles: {counts}\n")
        for path in result.written:
            sys.stderr.write(f"  {path}\n")
    raise typer.Exit(1 if result.failed else 0)


@app.command()
def show(
    file: Annotated[
        Path,
        typer.Argument(help="An article (extracted first), or an output of `extract` (.yaml, .json, .jsonl) "
                       "whose source.path names its article."),
    ],
    kinds: Annotated[
        str | None,
        typer.Option("--kinds", help="Only these, comma-separated: money, count, percent, ratio, quantity, "
                     "duration, date, organization, person, event (or figures)."),
    ] = None,
    reference_date: Annotated[
        str | None, typer.Option("--reference-date", help="YYYY-MM-DD, when FILE is an article to extract.")
    ] = None,
    root: Annotated[
        Path | None,
        typer.Option("--root", help="Folder that relative source paths of outputs start from "
                     "(without it: the current folder, then the output file's folder)."),
    ] = None,
) -> None:
    """Show an article in the terminal with every extracted span coloured, then tables."""
    ref = parse_reference_date(reference_date)
    from .review import parse_kinds, show_file

    try:
        selected = parse_kinds(kinds)
    except ValueError as e:
        usage_error(str(e))
    raise typer.Exit(show_file(file, kinds=selected, reference_date=ref, root=root))


@app.command()
def report(
    outputs: Annotated[list[Path], typer.Argument(help="Output folders (or files) written by `extract`.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The HTML file to write.")] = Path("report.html"),
    root: Annotated[
        Path | None,
        typer.Option("--root", help="Folder that relative source paths start from "
                     "(without it: the current folder, then each output file's folder)."),
    ] = None,
    title: Annotated[str, typer.Option("--title", help="Heading of the report.")] = "vnreport review",
) -> None:
    """Write one self-contained HTML report: overview, then each article with its highlights and tables."""
    if output.is_dir():
        usage_error(f"-o {output}: is a folder; name the HTML file to write")
    from .report import write_report

    raise typer.Exit(write_report(outputs, output, root=root, title=title))

CHECK_FORMATS = ("text", "json", "junit")


def _rule_folders(given: list[Path] | None, option: list[Path] | None) -> list[Path]:
    """Rule folders from arguments and --rules, in order, each once; a missing one is wrong usage."""
    folders: list[Path] = []
    for folder in [*(given or []), *(option or [])]:
        if not folder.is_dir():
            usage_error(f"{folder}: rules folder not found")
        if folder.resolve() not in [f.resolve() for f in folders]:
            folders.append(folder)
    return folders


@app.command()
def check(
    rule_dirs: Annotated[
        list[Path] | None,
        typer.Argument(help="Folders of your own rules, checked together with the built-in ones.",
                       metavar="RULES_DIR", show_default=False),
    ] = None,
    samples: Annotated[
        Path | None,
        typer.Option("--samples", help="Articles (*.txt), each with its expected output <stem>.yaml beside it "
                     "(default: samples/ when it exists).", show_default=False),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, json or junit (JUnit XML for CI).")] = "text",
    update: Annotated[
        bool, typer.Option("--update", help="Rewrite the expected sample outputs, once you have reviewed the diff.")
    ] = False,
    rules: Annotated[
        list[Path] | None, typer.Option("--rules", help="A folder of your own rules, added to the built-in ones.")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Write the report to this file (for CI); the text report still prints."),
    ] = None,
) -> None:
    """Check the rules: validate every rule file, run every rule's examples and the samples.

    Exit status 0 when everything passes, 1 when anything fails, 2 for wrong usage.
    """
    if fmt not in CHECK_FORMATS:
        usage_error(f"--format: choose one of {', '.join(CHECK_FORMATS)}, not {fmt!r}")
    folders = _rule_folders(rule_dirs, rules)
    if samples is not None and not samples.is_dir():
        usage_error(f"--samples {samples}: folder not found")
    if samples is None and Path("samples").is_dir():
        samples = Path("samples")
    if output is not None and output.is_dir():
        usage_error(f"-o {output}: is a folder")
    from .check import main as run_check

    raise typer.Exit(run_check(folders, samples, fmt=fmt, update=update, output=output,
                               stdout=sys.stdout, stderr=sys.stderr))


@app.command(name="rules")
def list_rules(
    rules: Annotated[
        list[Path] | None, typer.Option("--rules", help="A folder of your own rules, added to the built-in ones.")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """List the rules in force: name, family, examples, and where each comes from."""
    if fmt not in ("text", "json"):
        usage_error(f"--format: choose text or json, not {fmt!r}")
    folders = _rule_folders(None, rules)
    from .check import list_rules as show_rules

    raise typer.Exit(show_rules(folders, fmt=fmt, stdout=sys.stdout, stderr=sys.stderr))


def run() -> None:
    """Console-script entry point: no traceback ever reaches the user."""
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("vnreport: interrupted\n")
        sys.exit(130)


if __name__ == "__main__":
    run()
