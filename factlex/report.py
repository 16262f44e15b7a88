"""What the command line shows people: progress, summaries, fact tables, statistics."""
from __future__ import annotations

import csv
import json
import sys
from typing import Any, Iterable

import click


class IngestProgress:
    """A progress bar on stderr when it is a terminal; silent otherwise (cron, pipes, CI)."""

    def __init__(self, total: int, enabled: bool):
        self.bar = click.progressbar(length=total, label="ingesting", file=sys.stderr, show_pos=True,
                                     show_eta=True, width=30) if enabled and total else None
        if self.bar is not None:
            self.bar.__enter__()

    def update(self, path: str, outcome: str) -> None:
        if self.bar is not None:
            self.bar.label = f"{outcome:>9} {shorten(path, 40)}"
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def shorten(text: str, width: int) -> str:
    return text if len(text) <= width else "…" + text[-(width - 1):]


def print_summary(summary, db_path: str, output_format: str, quiet: bool) -> None:
    facts = dict(sorted(summary.facts.items()))
    if output_format == "json":
        click.echo(json.dumps({
            "status": summary.status, "new": summary.new, "updated": summary.updated,
            "unchanged": summary.unchanged, "failed": summary.failed, "skipped": summary.skipped,
            "facts": facts, "seconds": round(summary.seconds, 3),
            "start_up_seconds": round(summary.start_up_seconds, 3), "bytes": summary.bytes, "pages": summary.pages,
            "problems": [{"path": p.path, "stage": p.stage, "cause": p.cause, "hint": p.hint}
                         for p in summary.problems],
            "fatal": summary.fatal, "db": db_path}, ensure_ascii=False))
        return
    if not quiet:
        for problem in summary.skipped_files:
            click.echo(f"skipped {problem.path}: {problem.cause.removeprefix('skipped: ')}", err=True)
        for problem in summary.problems:
            click.echo(f"failed  {problem.line()}", err=True)
    fact_text = ", ".join(f"{n} {PLURALS.get(kind, kind + 's')}" for kind, n in facts.items()) or "no facts"
    line = (f"{summary.new} new, {summary.updated} updated, {summary.unchanged} unchanged, "
            f"{summary.failed} failed, {summary.skipped} skipped documents; {fact_text}; "
            f"{summary.seconds:.2f} s{_pace(summary)} -> {db_path}")
    if summary.fatal:
        click.echo(f"factlex: batch stopped: {summary.fatal}", err=True)
    if summary.interrupted:
        line = "interrupted: " + line + " (completed documents are kept; run again to resume)"
    click.echo(line)


PLURALS = {"entity": "entities"}


def _pace(summary) -> str:
    """MB/s, when the batch ran long enough for it to mean something: in a short one most of the time is
    start-up (workers, lexicon, jieba), and MB/s would only measure that."""
    if not (summary.seconds and summary.bytes):
        return ""
    if summary.start_up_seconds > summary.seconds / 4:
        return f" ({summary.start_up_seconds:.2f} s of it starting up)"
    return f", {summary.bytes / 1e6 / summary.seconds:.2f} MB/s"


def describe_fact(record: dict[str, Any]) -> str:
    """The normalised meaning of a fact, in one short line."""
    kind = record["type"]
    if kind == "figure":
        if record.get("value") is None and record.get("low") is not None:
            value = f"{record.get('low')}–{record.get('high')}"
        else:
            value = str(record.get("value"))
        parts = [record.get("kind", ""), value, record.get("unit") or ""]
        if record.get("cmp") not in (None, "eq"):
            parts.insert(1, record["cmp"])
        for extra in ("metric", "subject", "period"):
            if record.get(extra):
                parts.append(f"{extra}={record[extra]}")
        return " ".join(str(p) for p in parts if p != "")
    if kind == "entity":
        name = record.get("name_en") or record.get("name_zh") or ""
        flag = " (new)" if record.get("candidate") else ""
        return f"{record.get('kind', '')} {record.get('id', '')}{flag} {name}".strip()
    if kind == "rule":
        return " ".join(f"{k}={record[k]}" for k in ("rule_id", "authority", "date") if record.get(k))
    if kind == "clause":
        threshold = record.get("threshold") or {}
        extra = f" threshold={threshold.get('text')}" if threshold else ""
        return f"{record.get('modality', '')}{extra}"
    return ""


def print_fact_table(path: str, text: str, records: list[dict], sentences) -> None:
    click.secho(f"== {path}: {len(records)} facts", bold=True)
    rows = [{"type": r["type"], "offsets": f"{r['start']}-{r['end']}", "text": shorten(r["text"], 40),
             "meaning": describe_fact(r)} for r in records]
    print_rows(rows, "table")


def print_rows(rows: list[dict], output_format: str, stream=None) -> None:
    if output_format == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1, default=str))
        return
    if output_format == "csv":
        if rows:
            writer = csv.DictWriter(stream or sys.stdout, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        return
    if not rows:
        click.echo("(nothing)")
        return
    columns = list(rows[0])
    widths = {c: min(60, max(display_width(c), *(display_width(cell(r[c])) for r in rows))) for c in columns}
    click.echo("  ".join(pad(c, widths[c]) for c in columns))
    click.echo("  ".join("-" * widths[c] for c in columns))
    for row in rows:
        click.echo("  ".join(pad(cell(row[c]), widths[c]) for c in columns).rstrip())


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\n", " ")


def display_width(text: str) -> int:
    """Terminal columns: East Asian wide characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    while display_width(text) > width:
        text = text[:-2] + "…"
    return text + " " * (width - display_width(text))


def gather_stats(store) -> dict[str, Any]:
    from store.database import StoreError, schema_info

    db = store.db
    try:
        store.close_dead_runs()  # a run killed with kill -9 shows as interrupted, not running forever
    except StoreError:  # a read-only database: shown as it is
        pass

    def grouped(sql: str) -> dict[str, int]:
        return {str(key): count for key, count in db.execute(sql).fetchall()}

    return {
        "database": store.path,
        **schema_info(store),
        **store.counts(),
        "documents_by_lang": grouped("SELECT coalesce(lang, '?'), count(*) FROM documents GROUP BY 1 ORDER BY 1"),
        "documents_by_format": grouped("SELECT format, count(*) FROM documents GROUP BY 1 ORDER BY 1"),
        "facts_by_type": grouped("SELECT type, count(*) FROM facts GROUP BY 1 ORDER BY 1"),
        "figures_by_kind": grouped("SELECT kind, count(*) FROM facts WHERE type = 'figure' GROUP BY 1 ORDER BY 2 DESC"),
        "entities_by_kind": grouped("SELECT kind, count(*) FROM entities GROUP BY 1 ORDER BY 2 DESC"),
        "errors_by_stage": grouped("SELECT stage, count(*) FROM errors GROUP BY 1 ORDER BY 2 DESC"),
        "extractor_versions": grouped("SELECT extractor_version, count(*) FROM documents GROUP BY 1"),
        "last_run": next(iter(db.query("SELECT * FROM runs ORDER BY id DESC LIMIT 1")), None),
    }


def print_stats(stats: dict[str, Any], output_format: str) -> None:
    if output_format == "json":
        click.echo(json.dumps(stats, ensure_ascii=False, indent=1))
        return
    for key, value in stats.items():
        if isinstance(value, dict) and key != "last_run":
            value = ", ".join(f"{k} {v}" for k, v in value.items()) or "-"
        elif key == "last_run" and value:
            value = (f"#{value['id']} {value['status']} at {value['started_at']}: {value['docs_new']} new, "
                     f"{value['docs_updated']} updated, {value['docs_unchanged']} unchanged, "
                     f"{value['docs_failed']} failed")
        click.echo(f"{key.replace('_', ' '):22} {value}")

