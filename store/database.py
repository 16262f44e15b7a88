"""Open a factlex database and write documents into it, one transaction per document.

The store knows SQLite and nothing about parsing: it takes plain records (dicts) that the pipeline
built from a document's extraction and writes them so that a crash at any point leaves either the
whole document or none of it.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import json.encoder
import operator
import os
import socket
import sqlite3
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterator, Protocol, Sequence

import sqlite_utils

from extract.model import json_value

from .schema import (DELETE_SENTENCE_TOKENS, INSERT_SENTENCE_TOKENS, KNOWN_MIGRATIONS, MIGRATION_SET,
                     SCHEMA_VERSION, migrations)
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
PLAIN_FACT_COLUMN_SET = frozenset(PLAIN_FACT_COLUMNS)
DOCUMENT_COLUMNS = ("id", "path", "title", "lang", "format", "encoding", "size", "pages", "chars", "published",
                    "extractor_version", "warnings", "text", "ingested_at", "run_id")
INSERT_DOCUMENT = (f"INSERT INTO documents ({', '.join(DOCUMENT_COLUMNS)}) "
                   f"VALUES ({', '.join('?' * len(DOCUMENT_COLUMNS))})")
INSERT_SENTENCE = ("INSERT INTO sentences (rowid, doc_id, idx, char_start, char_end, lang, text) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?)")
REMEMBER_ENTITY = """INSERT INTO entities (id, kind, name_zh, name_en, candidate, first_doc, first_seen)
    VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT(id) DO UPDATE SET
      kind = coalesce(entities.kind, excluded.kind),
      name_zh = coalesce(entities.name_zh, excluded.name_zh),
      name_en = coalesce(entities.name_en, excluded.name_en)"""
# A batch writer's page cache (KiB, negative in the PRAGMA). Each document lands on a random page of each
# index keyed by its id; with the default 2 MB most of those are read back from the file. Measured over
# 600,000 facts: 32 MB writes 13% faster than 8 MB, for 24 MB more memory.
WRITER_CACHE_KIB = 32 * 1024


@functools.lru_cache(maxsize=None)
def insert_facts_sql(columns: tuple[str, ...]) -> str:
    """INSERT for facts that fill `columns` (and leave the rest NULL). Two facts with the same id (same
    document, type and span) are one fact: the later one wins."""
    return f"INSERT OR REPLACE INTO facts ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


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
    """20 hex digits: the document id's first 8, then 12 of a hash of the document, type and span. The
    shared prefix puts a document's facts next to each other in the primary-key index, so writing one
    touches a page or two of it instead of one random page per fact (which, in a large database, made
    every commit rewrite most of the index)."""
    span = hashlib.sha256(f"{doc_id}|{fact_type}|{start}|{end}".encode()).hexdigest()
    return doc_id[:8] + span[:12]


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
        # Full-text entries (rowid, tokens) of the sentences written in the open transaction, by document,
        # added at its commit. FTS5 writes its pending entries out as a new segment whenever a savepoint
        # ends, so entries added inside each document's savepoint cost a segment (and later merges) per
        # document; added at the commit, they cost one per group.
        self._unindexed: dict[str, list[tuple[int, str]]] = {}

    # -- reading -------------------------------------------------------------------------------
    def stored_version(self, doc_id: str) -> str | None:
        row = self.db.execute("SELECT extractor_version FROM documents WHERE id = ?", [doc_id]).fetchone()
        return row[0] if row else None

    def failed_runs(self, doc_id: str) -> tuple[int, str | None]:
        """In how many runs this content failed (a quarantine is not a failure), and the last cause."""
        runs, last = self.db.execute(
            """SELECT count(DISTINCT run_id),
                      (SELECT stage || ': ' || cause FROM errors WHERE doc_id = :doc AND stage != 'quarantined'
                       ORDER BY id DESC LIMIT 1)
               FROM errors WHERE doc_id = :doc AND stage != 'quarantined'""", {"doc": doc_id}).fetchone()
        return runs, last

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
                with self._savepoint():
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

    @contextlib.contextmanager
    def _savepoint(self) -> Iterator[None]:
        """A nested transaction. Always the same name (savepoints nest by name, innermost first), so its
        three statements are compiled once per connection, not once per document."""
        conn = self.db.conn
        conn.execute("SAVEPOINT factlex_write")
        try:
            yield
        except BaseException:
            if conn.in_transaction:  # an error such as a full disk may have ended the transaction already
                conn.execute("ROLLBACK TO factlex_write")
                conn.execute("RELEASE factlex_write")
            raise
        conn.execute("RELEASE factlex_write")

    def begin(self) -> None:
        """Take the write lock now (BEGIN IMMEDIATE): a concurrent writer can then never force SQLITE_BUSY
        on a read-to-write upgrade. Waits up to the busy timeout for another writer."""
        try:
            _retry_busy(lambda: self.db.conn.execute("BEGIN IMMEDIATE"))
        except sqlite3.Error as error:
            raise StoreError(explain_sqlite_error(self.path, error)) from error

    def commit(self) -> None:
        try:
            self._index_sentences()
            self.db.conn.execute("COMMIT")
        except sqlite3.Error as error:
            self.rollback()
            raise StoreError(explain_sqlite_error(self.path, error)) from error

    def rollback(self) -> None:
        self._unindexed.clear()
        if self.db.conn.in_transaction:
            self.db.conn.execute("ROLLBACK")

    def _index_sentences(self) -> None:
        entries = [entry for document in self._unindexed.values() for entry in document]
        self._unindexed.clear()
        self.db.conn.executemany(INSERT_SENTENCE_TOKENS, entries)

    def write_document(self, doc: DocumentRecord, sentences: list[dict], facts: list[dict],
                       run_id: int | None = None) -> list[str]:
        """Replace everything stored for this document (and for an older version of the same path).

        One transaction (a savepoint when a transaction is already open): a crash keeps all or nothing.
        Returns the ids of the stored documents it replaced.
        """
        return self.write_rows(document_rows(doc, sentences, facts), run_id)

    def write_rows(self, rows: "DocumentRows", run_id: int | None = None) -> list[str]:
        """write_document for rows built beforehand by document_rows() (in a worker process, say); returns
        the ids of the documents it replaced. Raises DocumentRejected when the rows do not fit the schema;
        nothing of the document is kept."""
        try:
            with self.write_transaction():
                return self._write_rows(rows, run_id)
        except StoreError as error:
            if isinstance(error.__cause__, DATA_ERRORS):
                raise DocumentRejected(str(error)) from error.__cause__
            raise
        except DATA_ERRORS as error:  # raised before SQLite saw the statement, e.g. an unbindable value
            raise DocumentRejected(f"{self.path}: a value of this document cannot be stored ({error})") from error

    def _write_rows(self, rows: "DocumentRows", run_id: int | None) -> list[str]:
        """The batch writer's hot path: nothing here but prepared statements over prepared tuples."""
        mentions: Counter[str] = Counter()
        replaced = self.versions_to_replace(rows.id, rows.path)
        # Entries of replaced documents written earlier in this transaction are dropped before they reach
        # the index, and put back if this document fails (its savepoint then restores those documents).
        taken = {old_id: self._unindexed.pop(old_id) for old_id in replaced if old_id in self._unindexed}
        try:
            for old_id in replaced:
                mentions.subtract(self._delete_document(old_id, indexed=old_id not in taken))
            conn = self.db.conn
            seen = now()
            conn.execute(INSERT_DOCUMENT, (*rows.document, seen, run_id))
            entries = self._insert_sentences(rows)
            for columns, values in rows.facts:
                conn.executemany(insert_facts_sql(columns), values)
            conn.executemany(REMEMBER_ENTITY, [(*entity, rows.id, seen) for entity in rows.entities])
            conn.executemany("INSERT OR IGNORE INTO entity_aliases (entity_id, alias) VALUES (?, ?)", rows.aliases)
            mentions.update(rows.mentions)
            self._count_mentions(mentions)
        except BaseException:
            self._unindexed.update(taken)
            raise
        self._unindexed[rows.id] = entries
        return replaced

    def versions_to_replace(self, doc_id: str, path: str) -> list[str]:
        """This document if stored already, and older versions of the same path: what the write replaces.
        A document's rows are only ever written together with its `documents` row, so nothing else can
        be left over (most documents of a batch are new, and cost this one indexed lookup)."""
        rows = self.db.conn.execute("SELECT id FROM documents WHERE id = ? OR path = ?", [doc_id, path])
        return [row[0] for row in rows]

    def _delete_document(self, doc_id: str, indexed: bool = True) -> Counter[str]:
        """Remove a document and everything of it (its full-text entries too, when they are `indexed`
        already); returns how many mentions of each entity went."""
        conn = self.db.conn
        mentions = Counter(dict(conn.execute(
            "SELECT entity_id, count(*) FROM facts WHERE doc_id = ? AND entity_id IS NOT NULL GROUP BY entity_id",
            [doc_id])))
        if indexed:
            # The full-text index keeps no copy of what it indexed, so an entry is removed by giving its
            # tokens again: the same function of the same sentence text gives the same tokens.
            sentences = conn.execute("SELECT rowid, text FROM sentences WHERE doc_id = ?", [doc_id]).fetchall()
            conn.executemany(DELETE_SENTENCE_TOKENS, [(rowid, index_text(text)) for rowid, text in sentences])
        for table, key in (("facts", "doc_id"), ("sentences", "doc_id"), ("documents", "id")):
            conn.execute(f"DELETE FROM {table} WHERE {key} = ?", [doc_id])
        return mentions

    def _insert_sentences(self, rows: "DocumentRows") -> list[tuple[int, str]]:
        """Sentences get the rowids after the largest in use; returns their full-text entries, which
        take the same rowids (added at the commit)."""
        conn = self.db.conn
        first = conn.execute("SELECT coalesce(max(rowid), 0) + 1 FROM sentences").fetchone()[0]
        conn.executemany(INSERT_SENTENCE, [(first + index, *sentence) for index, sentence in enumerate(rows.sentences)])
        return [(first + index, tokens) for index, tokens in enumerate(rows.sentence_tokens)]

    def _count_mentions(self, mentions: Counter[str]) -> None:
        """Keep `entities.mentions` equal to the entity's facts by adding this write's difference (a
        recount per write would grow with the database)."""
        changes = [(delta, entity_id) for entity_id, delta in mentions.items() if delta]
        self.db.conn.executemany("UPDATE entities SET mentions = mentions + ? WHERE id = ?", changes)

    # -- runs and errors -----------------------------------------------------------------------
    def start_run(self, extractor_version: str, command: str) -> int:
        pid = os.getpid()
        with self.write_transaction():
            cursor = self.db.execute(
                "INSERT INTO runs (started_at, extractor_version, command, status, pid, host, process_started) "
                "VALUES (?, ?, ?, 'running', ?, ?, ?)",
                [now(), extractor_version, command, pid, socket.gethostname(), process_started(pid)])
        return cursor.lastrowid

    def close_dead_runs(self) -> list[int]:
        """Mark `interrupted` every run still `running` whose process is gone (killed with kill -9, or
        the machine went down): only runs of this host, and only when the process is surely not theirs
        any more. Their counts are recounted from what they wrote. Returns the run ids marked."""
        host = socket.gethostname()
        running = self.db.execute(
            "SELECT id, pid, process_started FROM runs WHERE status = 'running' AND host = ? AND pid IS NOT NULL",
            [host]).fetchall()
        dead = [run_id for run_id, pid, started in running if process_is_gone(pid, started)]
        if dead:
            with self.write_transaction():
                self.db.conn.executemany(RECOUNT_DEAD_RUN, [{"run": run_id} for run_id in dead])
        return dead

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


# A run found dead: what it wrote is in the tables (new and updated cannot be told apart any more).
RECOUNT_DEAD_RUN = """UPDATE runs SET status = 'interrupted',
      docs_new = (SELECT count(*) FROM documents WHERE run_id = :run),
      docs_updated = 0,
      docs_failed = (SELECT count(*) FROM errors WHERE run_id = :run),
      facts = (SELECT count(*) FROM documents d JOIN facts f ON f.doc_id = d.id WHERE d.run_id = :run)
    WHERE id = :run AND status = 'running'"""


def process_started(pid: int) -> str | None:
    """When process `pid` started, as the system counts it (Linux: the boot and the start time in clock
    ticks, from /proc), or None where that is not known. Two processes with the same pid, one after the
    other, never have the same value."""
    fields = _stat_fields(pid)
    if len(fields) <= STARTTIME:
        return None
    try:
        boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return None
    return f"{boot}/{fields[STARTTIME]}"


# Linux's /proc/PID/stat, read from after the command name (in parentheses, and it may hold anything):
# the process state is the first of these fields, its start time in clock ticks the twentieth.
STATE, STARTTIME = 0, 19


def _stat_fields(pid: int) -> list[str]:
    """The fields of /proc/PID/stat after the command name; none where there is no such file."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return []


def process_is_gone(pid: int, started: str | None) -> bool:
    """Whether the process that ran with `pid` (and start time `started`) has ended. A pid in use by a
    process started at another time was reused: the old process is gone. Without a start time to compare
    (not Linux), a live pid counts as the run's own."""
    if pid <= 0:  # not a process id (0 and below name process groups): nothing to tell
        return False
    try:
        os.kill(pid, 0)  # signal 0: asks whether the pid exists, sends nothing
    except ProcessLookupError:
        return True
    except PermissionError:  # it exists, under another user
        pass
    except OSError:
        return False
    if _is_zombie(pid):  # killed, and its parent has not collected it yet
        return True
    if started is None:
        return False
    current = process_started(pid)
    return current is not None and current != started


def _is_zombie(pid: int) -> bool:
    fields = _stat_fields(pid)
    return bool(fields) and fields[STATE] == "Z"


@dataclass
class DocumentRows:
    """One document as the tuples its tables take, ready for executemany: built by document_rows() in a
    worker process, written by Store.write_rows() in the single writer, which only executes the inserts.
    Kept small, since it is pickled from worker to writer: each sentence's text is sent once, facts
    carry only the columns they fill, and an entity named ten times is one entity row."""

    id: str
    path: str
    size: int
    pages: int
    chars: int
    document: tuple  # DOCUMENT_COLUMNS but ingested_at and run_id, which the writer adds
    sentences: list[tuple]  # (doc_id, idx, char_start, char_end, lang, text)
    sentence_tokens: list[str]  # the full-text column of each sentence, by idx
    facts: list[tuple[tuple[str, ...], list[tuple]]]  # (the columns they fill, one tuple per fact)
    entities: list[tuple]  # (id, kind, name_zh, name_en, candidate), one per entity
    aliases: list[tuple]  # (entity_id, alias), distinct
    mentions: Counter  # entity id -> facts of this document naming it

    def fact_types(self) -> Counter:
        types: Counter = Counter()
        for columns, values in self.facts:
            types[values[0][columns.index("type")]] += len(values)
        return types


class StoredFact(Protocol):
    """What the store reads of a fact. extract.model.Fact has this shape; a fact given as its JSON record
    (the form `factlex extract` prints) is read through FactRecord."""

    type: str
    start: int
    end: int
    text: str
    fields: dict[str, Any]  # values may be Decimals: stored as their JSON form (extract.model.json_value)
    sentence: int | None


@dataclass(slots=True)
class FactRecord:
    """A fact's JSON record ({"type", "text", "start", "end", "sentence", ...its fields}) as a StoredFact."""

    type: str
    start: int
    end: int
    text: str
    fields: dict[str, Any]
    sentence: int | None

    @classmethod
    def of(cls, record: dict[str, Any]) -> FactRecord:
        fields = {name: value for name, value in record.items() if name not in RECORD_KEYS}
        return cls(record["type"], record["start"], record["end"], record["text"], fields, record.get("sentence"))


# The keys of a fact's JSON record that are not its fields.
RECORD_KEYS = frozenset(("type", "text", "start", "end", "sentence"))


def document_rows(doc: DocumentRecord, sentences: list[dict], facts: Sequence[StoredFact | dict]) -> DocumentRows:
    """Every row of one document. `facts` are Fact objects (the worker's hot path: no JSON records are built
    for them) or their JSON records (tests, small callers); both give the same rows."""
    document = (doc.id, doc.path, doc.title, doc.lang, doc.format, doc.encoding, doc.size, doc.pages, len(doc.text),
                doc.published, doc.extractor_version, json.dumps(doc.warnings or [], ensure_ascii=False), doc.text)
    facts = [FactRecord.of(fact) if isinstance(fact, dict) else fact for fact in facts]
    # Two facts with one id (same type and span) are one fact: the later wins, as INSERT OR REPLACE would.
    rows = {row[0]: (fact, columns, row) for fact, columns, row in (fact_row(doc.id, fact) for fact in facts)}
    named = [fact for fact in facts if fact.type == "entity" and fact.fields.get("id")]
    entities = {fact.fields["id"]: fact.fields for fact in named}
    return DocumentRows(
        id=doc.id, path=doc.path, size=doc.size, pages=doc.pages, chars=len(doc.text), document=document,
        sentences=[(doc.id, index, s["start"], s["end"], s.get("lang"), s["text"]) for index, s in enumerate(sentences)],
        sentence_tokens=[index_text(s["text"]) for s in sentences],
        facts=_grouped_by_columns(rows.values()),
        entities=[(entity_id, fields.get("kind"), fields.get("name_zh"), fields.get("name_en"),
                   1 if fields.get("candidate") else 0) for entity_id, fields in entities.items()],
        aliases=sorted({(fact.fields["id"], fact.text) for fact in named}),
        mentions=Counter(fact.fields["id"] for fact, _, _ in rows.values()
                         if fact.type == "entity" and fact.fields.get("id")),
    )


def _grouped_by_columns(rows) -> list[tuple[tuple[str, ...], list[tuple]]]:
    """Fact rows grouped by type and the columns they fill: a figure binds its dozen columns, not the 26 of
    every type (binding values is most of what an insert costs the writer)."""
    groups: dict[tuple[str, tuple[str, ...]], list[tuple]] = {}
    for fact, columns, row in rows:
        groups.setdefault((fact.type, columns), []).append(row)
    return [(columns, values) for (_, columns), values in groups.items()]


@dataclass(frozen=True)
class FactShape:
    """Which `facts` columns the facts of one type with one list of field names fill, worked out once per
    shape (a corpus has a dozen or two) instead of once per fact. Columns whose field is None are bound as
    NULL, which is what leaving them out gives."""

    columns: tuple[str, ...]
    plain_values: Callable[[dict], tuple]  # the fields stored as they are, in PLAIN_FACT_COLUMNS of their name
    value: bool  # a `value` field: columns value and value_text
    bounds: tuple[str, ...]  # low and high, as REAL
    entity_id: bool  # an entity's `id`
    threshold_id: bool  # a clause's threshold figure
    rule_id: bool  # a clause's `rule` (where it has none, its `rule_id` field if any)


@functools.lru_cache(maxsize=None)
def fact_shape(fact_type: str, names: tuple[str, ...]) -> FactShape:
    rule_id = fact_type == "clause" and "rule" in names
    plain = tuple(name for name in names if name in PLAIN_FACT_COLUMN_SET and not (rule_id and name == "rule_id"))
    value = "value" in names
    bounds = tuple(name for name in ("low", "high") if name in names)
    entity_id = fact_type == "entity" and "id" in names
    threshold_id = "threshold" in names
    columns = ("id", "doc_id", "type", "char_start", "char_end", "text", "sentence", *plain,
               *(("value", "value_text") if value else ()), *bounds, *(("entity_id",) if entity_id else ()),
               *(("threshold_id",) if threshold_id else ()), *(("rule_id",) if rule_id else ()), "attrs")
    return FactShape(columns, _values_of(plain), value, bounds, entity_id, threshold_id, rule_id)


def _values_of(names: tuple[str, ...]) -> Callable[[dict], tuple]:
    """The values of `names` in a dict, as a tuple, in one call (itemgetter returns a bare value for one name)."""
    if len(names) > 1:
        return operator.itemgetter(*names)
    return lambda fields: tuple(fields[name] for name in names)


# Types a plain column stores as they are; anything else is stored as its JSON (see _column_value).
STORED_AS_IS = frozenset((str, int, float, bool, type(None)))


def fact_row(doc_id: str, fact: StoredFact) -> tuple[StoredFact, tuple[str, ...], tuple]:
    """The `facts` row of one fact: (the fact, the columns, their values)."""
    fields = fact.fields
    shape = fact_shape(fact.type, tuple(fields))
    plain = shape.plain_values(fields)
    if not STORED_AS_IS.issuperset(map(type, plain)):  # checked in one C call: nearly all are strings
        plain = tuple(map(_column_value, plain))
    row = [fact_id(doc_id, fact.type, fact.start, fact.end), doc_id, fact.type, fact.start, fact.end, fact.text,
           fact.sentence, *plain]
    number = None
    if shape.value:
        number = fields["value"] if isinstance(fields["value"], str) else json_value(fields["value"])
        row += (None, number) if number is None or isinstance(number, str) else (float(number), str(number))
    for bound in shape.bounds:
        row.append(None if fields[bound] is None else float(json_value(fields[bound])))
    if shape.entity_id:
        row.append(fields["id"])
    if shape.threshold_id:
        row.append(_threshold_id(doc_id, fields["threshold"]))
    if shape.rule_id:
        row.append(fields["rule"] if fields["rule"] is not None else _column_value(fields.get("rule_id")))
    row.append(attrs_json(fact, number))
    return fact, shape.columns, tuple(row)


def _column_value(value: Any) -> Any:
    """What a plain column holds: the field's JSON value, as JSON text when it is a list or an object."""
    value = json_value(value)
    return value if value is None or isinstance(value, (str, int, float)) else json.dumps(value)


def _threshold_id(doc_id: str, threshold: Any) -> str | None:
    if isinstance(threshold, dict) and "start" in threshold:
        return fact_id(doc_id, "figure", threshold["start"], threshold["end"])
    return None


def _exact_number(value: Any) -> Any:
    """JSONEncoder's fallback for values it cannot encode: Decimals become their JSON number."""
    if isinstance(value, Decimal):
        return json_value(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _compact_json_encoder() -> Callable[[Any], str]:
    """json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_exact_number), made once.

    JSONEncoder.encode builds a fresh C encoder (and a float formatter) on every call, which cost as much
    as the encoding itself; this builds the same C encoder once. It is made without the circular-reference
    check (attrs are trees built fresh per fact), since that check keeps state left over by a failed call.
    Where the C encoder is missing (other Pythons), JSONEncoder.encode does the same work."""
    make_encoder = json.encoder.c_make_encoder
    if make_encoder is None:
        return json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_exact_number).encode
    # Arguments as JSONEncoder.iterencode passes them: markers (None: no circular check), default, string
    # encoder (not ASCII-only), indent, key and item separators, sort_keys, skipkeys, allow_nan.
    encode = make_encoder(None, _exact_number, json.encoder.encode_basestring, None, ":", ",", False, False, True)
    return lambda value: "".join(encode(value, 0))


# Every attrs column is written by this one encoder. Decimals reach it unconverted (see _exact_number).
COMPACT_JSON = _compact_json_encoder()
# Fields never kept in attrs: the columns that say where the fact is and what it is (`sentence` is added last).
NOT_IN_ATTRS = frozenset(("start", "end", "text", "type", "doc", "sentence"))


def attrs_json(fact: StoredFact, number: Any = None) -> str:
    """Every field of the fact and its sentence, as compact JSON. A field that is null or false is left
    out (readers get it back as a missing key), which keeps a third of the column away. `number` is the
    JSON form of the fact's value when the caller has it already (the encoder then need not convert it)."""
    attrs = {name: _without_empty(value) if isinstance(value, dict) else value
             for name, value in fact.fields.items()
             if value is not None and value is not False and name not in NOT_IN_ATTRS}
    if number is not None and "value" in attrs:
        attrs["value"] = number
    if fact.sentence is not None:
        attrs["sentence"] = fact.sentence
    return COMPACT_JSON(attrs)


def _without_empty(fields: dict[str, Any]) -> dict[str, Any]:
    return {key: _without_empty(value) if isinstance(value, dict) else value
            for key, value in fields.items() if value is not None and value is not False}


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
    db.execute(f"PRAGMA cache_size=-{WRITER_CACHE_KIB}")
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
