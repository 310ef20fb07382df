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


def load_ruleset(rule_dirs: list[Path] | None):  # noqa: ANN201 - RuleSet, imported lazily
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
    glob: Annotated[str, typer.Option("--glob", help="Which files to read inside folders.")] = "*.txt",
    max_bytes: Annotated[int, typer.Option("--max-bytes", help="Skip files larger than this.")] = 5_000_000,
) -> None:
    """Extract figures, dates, organisations, people and events from articles."""
    if fmt not in FORMATS:
        usage_error(f"--format: choose one of {', '.join(FORMATS)}, not {fmt!r}")
    ref = parse_reference_date(reference_date)
    if out is not None and out.exists() and not out.is_dir():
        usage_error(f"-o {out}: exists and is not a folder")
    from .extract_run import Batch

    batch = Batch(load_ruleset(rules), out_dir=out, fmt=fmt, reference_date=ref, max_bytes=max_bytes)
    status, _ = batch.run(paths, glob)
    raise typer.Exit(status)


def run() -> None:
    """Console-script entry point: no traceback ever reaches the user."""
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("vnreport: interrupted\n")
        sys.exit(130)


if __name__ == "__main__":
    run()
