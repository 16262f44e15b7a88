"""The `factlex` command line: a thin layer over extract/, lexicon/, store/ and the pipeline.

Heavy modules (spaCy, jieba, pdfplumber, sqlite-utils) are imported inside the commands that need
them, so `factlex --help` starts instantly.
"""
from __future__ import annotations

import json
import sys

import click

from . import __version__
from .options import db_option, format_option, lexicon_option, open_store_or_exit, user_lexicon_files

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_FAILED, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="factlex")
def cli():
    """factlex: figures, organisations, rules and clauses from Chinese and English
    financial text, normalised through a bilingual lexicon and stored in SQLite.

    \b
    Typical use:
      factlex ingest samples/            # files and folders, recursively
      factlex search 科创债               # bilingual full-text and fact search
      factlex extract report.pdf --format table
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
@click.option("--workers", "-w", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes for extraction (the main process writes).")
@lexicon_option
@click.option("--timeout", type=click.FloatRange(min=1), envvar="FACTLEX_TIMEOUT", default=120, show_default=True,
              help="Seconds one file may take to load and extract; a slower file is recorded as a timeout "
                   "error and skipped (env FACTLEX_TIMEOUT). FACTLEX_MEMORY_MB, FACTLEX_MAX_MB and "
                   "FACTLEX_MAX_PAGES limit memory per worker, file size and PDF pages.")
@click.option("--retry-failed", is_flag=True, envvar="FACTLEX_RETRY_FAILED",
              help="Try again files quarantined after failing in 3 runs with the same content "
                   "(env FACTLEX_RETRY_FAILED).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar, no per-file problems; summary only.")
@format_option("text", "json")
def ingest(paths, db_path, workers, lexicon_files, timeout, retry_failed, quiet, output_format):
    """Extract facts from files and folders (recursively) into the database.

    Documents already stored unchanged (same content hash, same extractor and lexicon version) are
    skipped; changed files replace their old facts; each document is written in one transaction, so
    an interrupted run leaves no half document and a re-run resumes. A file that cannot be read or
    parsed is recorded in the `errors` table and the batch goes on.

    \b
    Exit status:
      0  every file was ingested, unchanged or skipped as unsupported
      1  partial: some files failed (see the summary and `factlex errors`)
      2  usage error
      3  every file failed, or the database could not be opened
      130 interrupted (Ctrl-C); what was written is complete and kept
    """
    import dataclasses

    from .pipeline import Limits, discover, ingest as run_ingest
    from .report import IngestProgress, print_summary

    store = open_store_or_exit(db_path)
    files = list(discover(paths))
    progress = IngestProgress(len(files), enabled=not quiet and sys.stderr.isatty())
    try:
        summary = run_ingest(paths, store, workers=workers, lexicon_files=user_lexicon_files(lexicon_files),
                             command="ingest " + " ".join(paths), on_file=progress.update, files=files,
                             limits=dataclasses.replace(Limits.from_env(), timeout=timeout),
                             retry_failed=retry_failed)
    finally:
        progress.close()
        store.close()
    print_summary(summary, db_path, output_format, quiet)
    sys.exit({"ok": EXIT_OK, "partial": EXIT_PARTIAL, "failed": EXIT_FAILED,
              "interrupted": EXIT_INTERRUPTED}[summary.status])


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@format_option("jsonl", "table")
@lexicon_option
def extract(files, output_format, lexicon_files):
    """Extract facts from FILES and print them, without storing anything.

    --format jsonl prints one JSON object per fact: doc (the path as given), type (figure, entity,
    rule, clause), text, start, end (character offsets into the decoded text) and the type's fields.
    Exit status: 0 all files extracted, 1 some failed (reasons on stderr), 3 all failed.
    """
    from .pipeline import Worker, discover
    from .report import print_fact_table

    worker = Worker(user_lexicon_files(lexicon_files))
    failed = done = 0
    for path, problem in discover(files):
        result = {"ok": False, "problem": problem} if problem else worker.process(str(path))
        if not result["ok"]:
            failed += 1
            click.echo(f"factlex: {result['problem'].line()}", err=True)
            continue
        done += 1
        records = result["extracted"].fact_records()
        sentences = result["extracted"].sentences
        if output_format == "jsonl":
            shown = str(path)
            for record in records:
                out = {"doc": shown, **record}
                click.echo(json.dumps(out, ensure_ascii=False))
        else:
            print_fact_table(str(path), result["loaded"].text, records, sentences)
    sys.exit(EXIT_OK if not failed else EXIT_PARTIAL if done else EXIT_FAILED)


@cli.command()
@db_option
@format_option("table", "json")
def stats(db_path, output_format):
    """What the database holds: documents by language and format, facts by type and kind, errors, runs."""
    from .report import gather_stats, print_stats

    store = open_store_or_exit(db_path, create=False)
    try:
        print_stats(gather_stats(store), output_format)
    finally:
        store.close()


@cli.command()
@db_option
@click.option("--run", "run_id", type=int, help="Only errors of this ingest run.")
@format_option("table", "json")
def errors(db_path, run_id, output_format):
    """Files that could not be ingested, with the stage, the cause and what to do."""
    from .report import print_rows

    store = open_store_or_exit(db_path, create=False)
    try:
        where, args = ("WHERE run_id = ?", [run_id]) if run_id else ("", [])
        rows = list(store.db.query(f"SELECT run_id, path, stage, cause, hint, at FROM errors {where} ORDER BY id",
                                   args))
        print_rows(rows, output_format)
    finally:
        store.close()


def _register_subcommands() -> None:
    # These modules import only click at module level, so registering them keeps start-up fast.
    from .lexicon_cli import lexicon
    from .search_cli import export, search, show

    for command in (search, show, export, lexicon):
        cli.add_command(command)


_register_subcommands()


def main() -> None:  # pragma: no cover
    cli()
