"""Facts out to analytics databases: CSV, JSON Lines or Parquet, one file per fact type or one wide file.

Every row carries the fact, its normalised value and unit, canonical entity ids and the metadata of the
document it came from (path, title, language, published date, run, extractor version), so a downstream
table needs no join back to SQLite.

Incremental loads: `since` selects the documents written after an ingest run (a run id: runs with a
larger id) or at or after a timestamp (ISO 8601, UTC when no offset is given). Every fact of each
selected document is exported, so a loader that replaces a document's facts by `doc_id` (and an older
version's by `doc_path`) stays exact; `fact_id` is stable for the same document content and offsets.
"""
from __future__ import annotations

import csv
import json
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

FORMATS = ("csv", "jsonl", "parquet")
FACT_TYPES = ("figure", "entity", "rule", "clause")
FILE_NAMES = {"figure": "figures", "entity": "entities", "rule": "rules", "clause": "clauses"}
BATCH_ROWS = 10_000

# (column, SQL expression, type) -- the type is what a Parquet or database loader should use.
COMMON_COLUMNS = (
    ("fact_id", "f.id", "string"),
    ("type", "f.type", "string"),
    ("doc_id", "f.doc_id", "string"),
    ("doc_path", "d.path", "string"),
    ("doc_title", "d.title", "string"),
    ("doc_lang", "d.lang", "string"),
    ("doc_published", "d.published", "string"),
    ("run_id", "d.run_id", "int"),
    ("ingested_at", "d.ingested_at", "string"),
    ("extractor_version", "d.extractor_version", "string"),
    ("char_start", "f.char_start", "int"),
    ("char_end", "f.char_end", "int"),
    ("text", "f.text", "string"),
    ("sentence_idx", "f.sentence", "int"),
    ("sentence", "s.text", "string"),
)
TYPE_COLUMNS = {
    "figure": (("kind", "f.kind", "string"), ("value", "f.value", "float"), ("value_text", "f.value_text", "string"),
               ("low", "f.low", "float"), ("high", "f.high", "float"), ("unit", "f.unit", "string"),
               ("cmp", "f.cmp", "string"), ("metric", "f.metric", "string"), ("subject", "f.subject", "string"),
               ("period", "f.period", "string")),
    "entity": (("kind", "f.kind", "string"), ("entity_id", "f.entity_id", "string"),
               ("name_zh", "e.name_zh", "string"), ("name_en", "e.name_en", "string"),
               ("candidate", "e.candidate", "int")),
    "rule": (("rule_id", "f.rule_id", "string"), ("title", "f.title", "string"), ("number", "f.number", "string"),
             ("authority", "f.authority", "string"), ("date", "f.date", "string")),
    "clause": (("modality", "f.modality", "string"), ("subject", "f.subject", "string"),
               ("rule_id", "f.rule_id", "string"), ("authority", "f.authority", "string"),
               ("threshold_id", "f.threshold_id", "string"), ("threshold_text", "t.text", "string"),
               ("threshold_value", "t.value", "float"), ("threshold_unit", "t.unit", "string"),
               ("threshold_cmp", "t.cmp", "string")),
}
JOINS = """FROM facts f JOIN documents d ON d.id = f.doc_id
           LEFT JOIN sentences s ON s.doc_id = f.doc_id AND s.idx = f.sentence
           LEFT JOIN entities e ON e.id = f.entity_id
           LEFT JOIN facts t ON t.id = f.threshold_id"""
# An incremental export (--since) starts from the few documents selected (by an index on run_id or
# ingested_at) and takes their facts; left to itself the planner reads every fact and drops most.
# CROSS JOIN is SQLite's way of fixing the order of two tables.
JOINS_FROM_DOCUMENTS = """FROM documents d CROSS JOIN facts f ON f.doc_id = d.id
           LEFT JOIN sentences s ON s.doc_id = f.doc_id AND s.idx = f.sentence
           LEFT JOIN entities e ON e.id = f.entity_id
           LEFT JOIN facts t ON t.id = f.threshold_id"""


class ExportError(Exception):
    """An export the user has to change: the message says what to do."""


@dataclass
class ExportSummary:
    files: dict[str, int] = field(default_factory=dict)   # path -> rows written
    last_run: int | None = None                              # give this to --since next time
    exported_at: str = ""

    @property
    def rows(self) -> int:
        return sum(self.files.values())


def columns_for(fact_type: str | None) -> list[tuple[str, str, str]]:
    """The export columns of one fact type, or (None) of the wide file: all types' columns plus attrs."""
    if fact_type is not None:
        return [*COMMON_COLUMNS, *TYPE_COLUMNS[fact_type]]
    columns = list(COMMON_COLUMNS)
    seen = {name for name, _, _ in columns}
    for fact_type in FACT_TYPES:
        for column in TYPE_COLUMNS[fact_type]:
            if column[0] not in seen:
                columns.append(column)
                seen.add(column[0])
    columns.append(("attrs", "f.attrs", "string"))
    return columns


def since_condition(store, since: str | int | None) -> tuple[str, list[Any]]:
    """The SQL condition on `documents d` for --since: a run id (digits) or an ISO timestamp."""
    if since is None or str(since).strip() == "":
        return "1", []
    text = str(since).strip()
    if text.isdigit():
        return "d.run_id > ?", [int(text)]
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ExportError(f"--since {text!r}: give a run id (e.g. 12, see `factlex stats`) or an ISO timestamp "
                          "(e.g. 2025-05-10 or 2025-05-10T08:00:00+08:00).") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return "d.ingested_at >= ?", [moment.astimezone(timezone.utc).isoformat(timespec="seconds")]


def iter_rows(store, fact_type: str | None, since: str | int | None = None,
              types: tuple[str, ...] = ()) -> Iterator[dict[str, Any]]:
    """Export rows of one fact type (or all, for the wide file), oldest document first."""
    columns = columns_for(fact_type)
    condition, args = since_condition(store, since)
    wanted = (fact_type,) if fact_type else (types or FACT_TYPES)
    joins = JOINS if condition == "1" else JOINS_FROM_DOCUMENTS
    sql = f"""SELECT {', '.join(f'{expr} AS {name}' for name, expr, _ in columns)} {joins}
              WHERE f.type IN ({', '.join('?' for _ in wanted)}) AND {condition}
              ORDER BY d.ingested_at, f.doc_id, f.char_start, f.type"""
    cursor = store.db.execute(sql, [*wanted, *args])
    names = [name for name, _, _ in columns]
    for row in cursor:
        yield dict(zip(names, row))


def export_facts(store, output: str | Path | None = None, *, fmt: str = "csv", types: tuple[str, ...] = (),
                 since: str | int | None = None, wide: bool = False) -> ExportSummary:
    """Write facts to `output`: a folder with one file per type (figures.csv, entities.csv, rules.csv,
    clauses.csv), or with `wide` one file (`-` is stdout for csv and jsonl). Returns what was written."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}.")
    unknown = [t for t in types if t not in FACT_TYPES]
    if unknown:
        raise ExportError(f"unknown fact type {unknown[0]!r}: use one of {', '.join(FACT_TYPES)}.")
    if wide and str(output) == "-" and fmt == "parquet":
        raise ExportError("Parquet cannot go to stdout: give --output FILE.parquet.")
    writer = WRITERS[fmt]
    if fmt == "parquet":
        _require_pyarrow()
    summary = ExportSummary(exported_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                            last_run=store.db.execute("SELECT max(id) FROM runs").fetchone()[0])
    if wide:
        target = str(output) if output else f"facts.{fmt}"
        _check_parent(target)
        summary.files[target] = writer(target, columns_for(None), iter_rows(store, None, since, types))
        return summary
    folder = Path(output or "factlex-export")
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder}: is a file; one file per fact type needs a folder. Give --output FOLDER, "
                          "or --wide for one file.")
    folder.mkdir(parents=True, exist_ok=True)
    for fact_type in types or FACT_TYPES:
        target = str(folder / f"{FILE_NAMES[fact_type]}.{fmt}")
        summary.files[target] = writer(target, columns_for(fact_type), iter_rows(store, fact_type, since))
    return summary


def _check_parent(target: str) -> None:
    if target != "-" and not Path(target).resolve().parent.is_dir():
        raise ExportError(f"{target}: folder {Path(target).parent} does not exist. Create it first.")


# -- writers: each returns the number of rows written -------------------------------------------
def write_csv(target: str, columns, rows) -> int:
    with _open(target) as stream:
        writer = csv.writer(stream)
        writer.writerow([name for name, _, _ in columns])
        count = 0
        for row in rows:
            writer.writerow(["" if value is None else _plain(value) for value in row.values()])
            count += 1
    return count


def write_jsonl(target: str, columns, rows) -> int:
    count = 0
    with _open(target) as stream:
        for row in rows:
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count


def write_parquet(target: str, columns, rows) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"string": pa.string(), "int": pa.int64(), "float": pa.float64()}
    schema = pa.schema([(name, types[kind]) for name, _, kind in columns])
    count = 0
    with pq.ParquetWriter(target, schema) as writer:
        batch: list[dict] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH_ROWS:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
                batch = []
        writer.write_table(pa.Table.from_pylist(batch, schema=schema))
        count += len(batch)
    return count


WRITERS = {"csv": write_csv, "jsonl": write_jsonl, "parquet": write_parquet}


def _plain(value: Any) -> Any:
    """Whole floats print as integers (2145000000 rather than 2145000000.0); others unchanged."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e18:
        return int(value)
    return value


class _open:
    """A UTF-8 text file, or stdout for '-' (left open)."""

    def __init__(self, target: str):
        self.target = target
        self.stream = None

    def __enter__(self):
        if self.target == "-":
            return sys.stdout
        self.stream = open(self.target, "w", encoding="utf-8", newline="")
        return self.stream

    def __exit__(self, *exc):
        if self.stream is not None:
            self.stream.close()


def _require_pyarrow() -> None:
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise ExportError("Parquet export needs pyarrow, an optional extra: pip install 'factlex[parquet]' "
                          "(or export --format csv / jsonl).") from None

