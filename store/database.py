"""Open a factlex database and write documents into it, one transaction per document.

The store knows SQLite and nothing about parsing: it takes plain records (dicts) that the pipeline
built from a document's extraction and writes them so that a crash at any point leaves either the
whole document or none of it.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

import sqlite_utils

from .schema import KNOWN_MIGRATIONS, MIGRATION_SET, SCHEMA_VERSION, migrations
from .tokens import index_text

DEFAULT_DB = "factlex.db"
DB_ENV = "FACTLEX_DB"
BUSY_TIMEOUT_SECONDS = 60  # another ingest may hold the write lock for one document at a time
# SQLite returns SQLITE_BUSY at once, without waiting for the busy timeout, in a few cases (WAL recovery,
# a journal-mode change racing another connection): those are retried this many times, a little apart.
BUSY_RETRIES = 20
BUSY_RETRY_PAUSE_SECONDS = 0.05
WAL_CHECKPOINT_PAGES = 10_000

# Columns of `facts` filled straight from a fact's fields of the same name.
PLAIN_FACT_COLUMNS = ("kind", "unit", "cmp", "metric", "subject", "period", "rule_id", "title", "number",
                      "authority", "date", "modality")


FACT_COLUMNS = ("id", "doc_id", "type", "char_start", "char_end", "text", "sentence", "kind", "value", "value_text",
                "low", "high", "unit", "cmp", "metric", "subject", "period", "entity_id", "rule_id", "title",
                "number", "authority", "date", "modality", "threshold_id", "attrs")
# Two facts with the same id (same document, type and span) are one fact: the later one wins.
INSERT_FACT = (f"INSERT OR REPLACE INTO facts ({', '.join(FACT_COLUMNS)}) "
               f"VALUES ({', '.join('?' * len(FACT_COLUMNS))})")
REMEMBER_ENTITY = """INSERT INTO entities (id, kind, name_zh, name_en, candidate, first_doc, first_seen)
    VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT(id) DO UPDATE SET
      kind = coalesce(entities.kind, excluded.kind),
      name_zh = coalesce(entities.name_zh, excluded.name_zh),
      name_en = coalesce(entities.name_en, excluded.name_en)"""


class StoreError(Exception):
    """A database problem the user can act on; the message names the file and what to do."""


class DocumentRejected(StoreError):
    """One document's rows do not fit the schema (a value of the wrong type, say): that document is not
    stored, and the database is fine for the next one."""


# Errors about the data written, not about the database: they cost one document, not the batch.
DATA_ERRORS = (sqlite3.IntegrityError, sqlite3.InterfaceError, sqlite3.ProgrammingError, OverflowError)


def default_db_path() -> str:
    return os.environ.get(DB_ENV) or DEFAULT_DB


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def fact_id(doc_id: str, fact_type: str, start: int, end: int) -> str:
    return hashlib.sha256(f"{doc_id}|{fact_type}|{start}|{end}".encode()).hexdigest()[:20]


@dataclass
class DocumentRecord:
    id: str
    path: str
    title: str | None
    lang: str
    format: str
    encoding: str | None
    size: int
    pages: int
    text: str
    extractor_version: str
    published: str | None = None
    warnings: list[str] | None = None


class Store:
    def __init__(self, db: sqlite_utils.Database, path: str):
        self.db = db
        self.path = path

    # -- reading -------------------------------------------------------------------------------
    def stored_version(self, doc_id: str) -> str | None:
        row = self.db.execute("SELECT extractor_version FROM documents WHERE id = ?", [doc_id]).fetchone()
        return row[0] if row else None

    def counts(self) -> dict[str, int]:
        def count(sql: str) -> int:
            return self.db.execute(sql).fetchone()[0]

        return {
            "documents": count("SELECT count(*) FROM documents"),
            "sentences": count("SELECT count(*) FROM sentences"),
            "facts": count("SELECT count(*) FROM facts"),
            "entities": count("SELECT count(*) FROM entities"),
            "candidates": count("SELECT count(*) FROM entities WHERE candidate = 1"),
            "errors": count("SELECT count(*) FROM errors"),
            "runs": count("SELECT count(*) FROM runs"),
        }

    # -- writing -------------------------------------------------------------------------------
    @contextlib.contextmanager
    def write_transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception (KeyboardInterrupt included).

        Inside an open transaction it nests as a savepoint. SQLite errors come out as a StoreError whose
        message names the database file and says what to do (disk full, read-only, locked).
        """
        if self.db.conn.in_transaction:
            try:
                with self.db.atomic():
                    yield
            except sqlite3.Error as error:
                raise StoreError(explain_sqlite_error(self.path, error)) from error
            return
        self.begin()
        try:
            yield
        except sqlite3.Error as error:
            self.rollback()
            raise StoreError(explain_sqlite_error(self.path, error)) from error
        except BaseException:
            self.rollback()
            raise
        self.commit()

    def begin(self) -> None:
        """Take the write lock now (BEGIN IMMEDIATE): a concurrent writer can then never force SQLITE_BUSY
        on a read-to-write upgrade. Waits up to the busy timeout for another writer."""
        try:
            _retry_busy(lambda: self.db.conn.execute("BEGIN IMMEDIATE"))
        except sqlite3.Error as error:
            raise StoreError(explain_sqlite_error(self.path, error)) from error

    def commit(self) -> None:
        try:
            self.db.conn.execute("COMMIT")
        except sqlite3.Error as error:
            self.rollback()
            raise StoreError(explain_sqlite_error(self.path, error)) from error

    def rollback(self) -> None:
        if self.db.conn.in_transaction:
            self.db.conn.execute("ROLLBACK")

    def write_document(self, doc: DocumentRecord, sentences: list[dict], facts: list[dict],
                       run_id: int | None = None) -> None:
        """Replace everything stored for this document (and for an older version of the same path).

        One transaction (a savepoint when a transaction is already open): a crash keeps all or nothing.
        """
        self.write_rows(document_rows(doc, sentences, facts), run_id)

    def write_rows(self, rows: "DocumentRows", run_id: int | None = None) -> None:
        """write_document for rows built beforehand by document_rows() (in a worker process, say).
        Raises DocumentRejected when the rows do not fit the schema; nothing of the document is kept."""
        try:
            with self.write_transaction():
                self._write_rows(rows, run_id)
        except StoreError as error:
            if isinstance(error.__cause__, DATA_ERRORS):
                raise DocumentRejected(str(error)) from error.__cause__
            raise
        except DATA_ERRORS as error:  # raised before SQLite saw the statement, e.g. an unbindable value
            raise DocumentRejected(f"{self.path}: a value of this document cannot be stored ({error})") from error

    def _write_rows(self, rows: "DocumentRows", run_id: int | None) -> None:
        mentions: Counter[str] = Counter()
        for old_id in self.versions_to_replace(rows.id, rows.document["path"]):
            mentions.subtract(self._delete_document(old_id))
        conn = self.db.conn
        document = {**rows.document, "ingested_at": now(), "run_id": run_id}
        conn.execute(f"INSERT INTO documents ({', '.join(document)}) VALUES ({', '.join('?' * len(document))})",
                     list(document.values()))
        self._insert_sentences(rows)
        conn.executemany(INSERT_FACT, rows.facts)
        seen = now()
        conn.executemany(REMEMBER_ENTITY, [(*entity, rows.id, seen) for entity in rows.entities])
        conn.executemany("INSERT OR IGNORE INTO entity_aliases (entity_id, alias) VALUES (?, ?)", rows.aliases)
        mentions.update(rows.mentions)
        self._count_mentions(mentions)

    def versions_to_replace(self, doc_id: str, path: str) -> list[str]:
        """This document if stored already, and older versions of the same path: what the write replaces.
        A document's rows are only ever written together with its `documents` row, so nothing else can
        be left over (most documents of a batch are new, and cost this one indexed lookup)."""
        rows = self.db.conn.execute("SELECT id FROM documents WHERE id = ? OR path = ?", [doc_id, path])
        return [row[0] for row in rows]

    def _delete_document(self, doc_id: str) -> Counter[str]:
        """Remove a document and everything of it; returns how many mentions of each entity went."""
        conn = self.db.conn
        mentions = Counter(dict(conn.execute(
            "SELECT entity_id, count(*) FROM facts WHERE doc_id = ? AND entity_id IS NOT NULL GROUP BY entity_id",
            [doc_id])))
        conn.execute("DELETE FROM sentences_fts WHERE rowid IN (SELECT rowid FROM sentences WHERE doc_id = ?)",
                     [doc_id])
        for table, key in (("facts", "doc_id"), ("sentences", "doc_id"), ("documents", "id")):
            conn.execute(f"DELETE FROM {table} WHERE {key} = ?", [doc_id])
        return mentions

    def _insert_sentences(self, rows: "DocumentRows") -> None:
        conn = self.db.conn
        conn.executemany(
            "INSERT INTO sentences (doc_id, idx, char_start, char_end, lang, text) VALUES (?, ?, ?, ?, ?, ?)",
            rows.sentences)
        rowids = conn.execute("SELECT idx, rowid FROM sentences WHERE doc_id = ?", [rows.id]).fetchall()
        conn.executemany("INSERT INTO sentences_fts (rowid, tokens, doc_id, idx) VALUES (?, ?, ?, ?)",
                         [(rowid, rows.sentence_tokens[index], rows.id, index) for index, rowid in rowids])

    def _count_mentions(self, mentions: Counter[str]) -> None:
        """Keep `entities.mentions` equal to the entity's facts by adding this write's difference (a
        recount per write would grow with the database)."""
        changes = [(delta, entity_id) for entity_id, delta in mentions.items() if delta]
        self.db.conn.executemany("UPDATE entities SET mentions = mentions + ? WHERE id = ?", changes)

    # -- runs and errors -----------------------------------------------------------------------
    def start_run(self, extractor_version: str, command: str) -> int:
        with self.write_transaction():
            cursor = self.db.execute(
                "INSERT INTO runs (started_at, extractor_version, command, status) VALUES (?, ?, ?, 'running')",
                [now(), extractor_version, command])
        return cursor.lastrowid

    def finish_run(self, run_id: int, status: str, counts: dict[str, int]) -> None:
        columns = ("docs_new", "docs_updated", "docs_unchanged", "docs_failed", "docs_skipped", "facts")
        with self.write_transaction():
            self.db.execute(
                f"UPDATE runs SET ended_at = ?, status = ?, {', '.join(c + ' = ?' for c in columns)} WHERE id = ?",
                [now(), status, *(counts.get(c, 0) for c in columns), run_id])

    def record_error(self, run_id: int | None, path: str, stage: str, cause: str, hint: str | None = None,
                     doc_id: str | None = None) -> None:
        with self.write_transaction():
            self.db.execute(
                "INSERT INTO errors (run_id, path, doc_id, stage, cause, hint, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [run_id, path, doc_id, stage, cause, hint, now()])

    def close(self) -> None:
        self.db.close()


@dataclass
class DocumentRows:
    """One document as the plain tuples its tables take: built by document_rows(), written by
    Store.write_rows(). Building them is pure work, so worker processes do it and the single writer
    only executes the inserts."""

    id: str
    document: dict[str, Any]  # `documents` columns except ingested_at and run_id
    sentences: list[tuple]  # (doc_id, idx, char_start, char_end, lang, text)
    sentence_tokens: list[str]  # the FTS column of each sentence, by idx
    facts: list[tuple]  # FACT_COLUMNS, one tuple per distinct fact id
    entities: list[tuple]  # (id, kind, name_zh, name_en, candidate)
    aliases: list[tuple]  # (entity_id, alias)
    mentions: Counter  # entity id -> facts of this document naming it

    def fact_types(self) -> Counter:
        column = FACT_COLUMNS.index("type")
        return Counter(fact[column] for fact in self.facts)


def document_rows(doc: DocumentRecord, sentences: list[dict], facts: list[dict]) -> DocumentRows:
    document = {
        "id": doc.id, "path": doc.path, "title": doc.title, "lang": doc.lang, "format": doc.format,
        "encoding": doc.encoding, "size": doc.size, "pages": doc.pages, "chars": len(doc.text),
        "published": doc.published, "extractor_version": doc.extractor_version,
        "warnings": json.dumps(doc.warnings or [], ensure_ascii=False), "text": doc.text,
    }
    # Two facts with one id (same type and span) are one fact: the later wins, as INSERT OR REPLACE would.
    rows = {row["id"]: row for row in (fact_row(doc.id, fact) for fact in facts)}
    entities = [fact for fact in facts if fact["type"] == "entity" and fact.get("id")]
    return DocumentRows(
        id=doc.id, document=document,
        sentences=[(doc.id, index, s["start"], s["end"], s.get("lang"), s["text"]) for index, s in enumerate(sentences)],
        sentence_tokens=[index_text(s["text"]) for s in sentences],
        facts=[tuple(row.get(column) for column in FACT_COLUMNS) for row in rows.values()],
        entities=[(f["id"], f.get("kind"), f.get("name_zh"), f.get("name_en"), 1 if f.get("candidate") else 0)
                  for f in entities],
        aliases=[(f["id"], f["text"]) for f in entities],
        mentions=Counter(row["entity_id"] for row in rows.values() if row.get("entity_id")),
    )


def fact_row(doc_id: str, fact: dict[str, Any]) -> dict[str, Any]:
    """The `facts` row of one fact record (the JSON form of extract.model.Fact)."""
    row = {
        "id": fact_id(doc_id, fact["type"], fact["start"], fact["end"]),
        "doc_id": doc_id, "type": fact["type"], "char_start": fact["start"], "char_end": fact["end"],
        "text": fact["text"], "sentence": fact.get("sentence"),
        "attrs": json.dumps({k: v for k, v in fact.items() if k not in ("start", "end", "text", "type", "doc")},
                            ensure_ascii=False),
    }
    for column in PLAIN_FACT_COLUMNS:
        value = fact.get(column)
        row[column] = value if value is None or isinstance(value, (str, int, float)) else json.dumps(value)
    value = fact.get("value")
    if isinstance(value, str):  # dates carry their ISO string as value
        row["value_text"] = value
        row["value"] = None
    elif value is not None:
        row["value"] = float(value)
        row["value_text"] = str(value)
    for bound in ("low", "high"):
        row[bound] = None if fact.get(bound) is None else float(fact[bound])
    if fact["type"] == "entity":
        row["entity_id"] = fact.get("id")
    threshold = fact.get("threshold")
    if isinstance(threshold, dict) and "start" in threshold:
        row["threshold_id"] = fact_id(doc_id, "figure", threshold["start"], threshold["end"])
    if fact["type"] == "clause":
        row["rule_id"] = fact.get("rule")
    return row


def open_store(path: str | Path | None = None, *, create: bool = True) -> Store:
    """Open (and create or migrate) the database at `path`, with WAL and a generous busy timeout.

    A database file the user may not write is opened read-only: reading commands work, and the first
    write raises a StoreError saying the database is read-only.
    """
    path = str(path or default_db_path())
    _check_path(path, create)
    read_only = Path(path).exists() and not os.access(path, os.W_OK)
    try:
        if read_only:
            conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True,
                                   timeout=BUSY_TIMEOUT_SECONDS)
        else:
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS)
        db = sqlite_utils.Database(conn, strict=True)
        store = Store(db, path)
        _check_schema(db, path)
        if not read_only:
            _prepare_for_writing(store)
    except sqlite3.DatabaseError as error:
        raise StoreError(explain_sqlite_error(path, error)) from error
    return store


def _prepare_for_writing(store: Store) -> None:
    db = store.db
    if db.conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        _retry_busy(lambda: db.execute("PRAGMA journal_mode=wal"))
    db.execute("PRAGMA synchronous=NORMAL")
    # A checkpoint copies the WAL back into the database; every 1000 pages (the default) it cost a batch
    # half its commit time. Every 10000 pages (40 MB of WAL) pages rewritten by many commits are copied once.
    db.execute(f"PRAGMA wal_autocheckpoint={WAL_CHECKPOINT_PAGES}")
    db.execute("PRAGMA foreign_keys=OFF")
    if migrations.pending(db):
        # Two ingests starting on a new database at once: the write lock makes one of them create the
        # schema and the other find it done.
        with store.write_transaction():
            _check_schema(db, store.path)
            migrations.apply(db)


def _retry_busy(statement):
    for attempt in range(BUSY_RETRIES):
        try:
            return statement()
        except sqlite3.OperationalError as error:
            if not _is_busy(error) or attempt == BUSY_RETRIES - 1:
                raise
            time.sleep(BUSY_RETRY_PAUSE_SECONDS * (attempt + 1))


def _is_busy(error: BaseException) -> bool:
    message = str(error)
    return "locked" in message or "busy" in message


def _check_path(path: str, create: bool) -> None:
    target = Path(path)
    if target.is_dir():
        raise StoreError(f"{path}: is a folder, not a database file. Give a file name, e.g. --db {path}/factlex.db")
    if not target.exists():
        if not create:
            raise StoreError(f"{path}: no such database. Run `factlex ingest PATH --db {path}` first.")
        parent = target.parent if str(target.parent) else Path(".")
        if not parent.exists():
            raise StoreError(f"{path}: folder {parent} does not exist. Create it or choose another --db path.")
        if not os.access(parent, os.W_OK):
            raise StoreError(f"{path}: cannot create the database, folder {parent} is not writable. "
                             "Choose another --db path or fix the permissions.")
    elif not os.access(path, os.R_OK):
        raise StoreError(f"{path}: database is not readable. Fix the permissions or choose another --db path.")


def _check_schema(db: sqlite_utils.Database, path: str) -> None:
    if "_sqlite_migrations" not in db.table_names():
        if db.table_names() and "documents" not in db.table_names():
            raise StoreError(f"{path}: this SQLite file is not a factlex database (it has tables "
                             f"{', '.join(db.table_names()[:5])}). Choose another --db path.")
        return
    applied = [m.name for m in migrations.applied(db)]
    unknown = [name for name in applied if name not in KNOWN_MIGRATIONS]
    if unknown:
        raise StoreError(f"{path}: the database was written by a newer factlex (schema version {len(applied)}, "
                         f"this factlex knows {SCHEMA_VERSION}). Upgrade factlex or use another --db path.")


def explain_sqlite_error(path: str, error: BaseException) -> str:
    """The message a user sees for a SQLite error on the database at `path`: the cause and what to do."""
    message = str(error)
    if _is_busy(error):
        return (f"{path}: database is locked by another process for more than {BUSY_TIMEOUT_SECONDS} s. "
                "Wait for the other factlex command to finish and run again.")
    if "readonly" in message or "read-only" in message:
        return f"{path}: database is read-only. Fix the permissions or choose another --db path."
    if "disk is full" in message or "database or disk is full" in message:
        return (f"{path}: the disk is full. Free some space and run again; every document written so far is "
                "complete and nothing half-written was kept.")
    if "not a database" in message or "malformed" in message:
        return f"{path}: not a SQLite database or damaged ({message}). Choose another --db path."
    return f"{path}: database error: {message}"


def schema_info(store: Store) -> dict[str, Any]:
    return {"schema_version": len(migrations.applied(store.db)), "migration_set": MIGRATION_SET}
